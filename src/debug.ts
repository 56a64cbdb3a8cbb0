// GOHOOKS_DEBUG=1: each check's time and each command gohooks ran, on stderr.

import { redacted } from './redact.js';

export interface Debug {
  readonly enabled: boolean;
  log(message: string): void;
  command(r: { command: string; exitCode: number; ms: number; timedOut: boolean }, cwd: string): void;
}

export function createDebug(env: NodeJS.ProcessEnv, write: (s: string) => void = (s) => process.stderr.write(s)): Debug {
  const enabled = env.GOHOOKS_DEBUG !== undefined && env.GOHOOKS_DEBUG !== '' && env.GOHOOKS_DEBUG !== '0';
  const log = (message: string) => {
    // Commands may hold URLs with credentials, tokens in arguments: they never reach the output.
    if (enabled) write(`[gohooks +${Math.round(performance.now())}ms] ${redacted(message)}\n`);
  };
  return {
    enabled,
    log,
    command: (r, cwd) => log(`$ ${r.command}  (in ${cwd}) → ${r.timedOut ? 'timed out' : `exit ${r.exitCode}`} in ${r.ms} ms`),
  };
}
