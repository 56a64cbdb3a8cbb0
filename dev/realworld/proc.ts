// Processes for `npm run realworld`: synchronous, timed, and every command with its output
// appended to the repository's log, so a surprising row in the table can be traced.

import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';

export interface Proc {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOpts {
  cwd: string;
  env: NodeJS.ProcessEnv;
  input?: string;
  /** Default 30 minutes: a hang is a result to report, not a reason to wait forever. */
  timeoutMs?: number;
}

const LOG_TAIL = 6000;

function tail(s: string): string {
  return s.length <= LOG_TAIL ? s : `… ${s.length - LOG_TAIL} characters …\n${s.slice(-LOG_TAIL)}`;
}

export class Runner {
  constructor(private readonly logFile: string) {}

  log(text: string): void {
    appendFileSync(this.logFile, text.endsWith('\n') ? text : `${text}\n`);
  }

  run(cmd: string, args: string[], o: RunOpts): Proc {
    const started = performance.now();
    const r = spawnSync(cmd, args, {
      cwd: o.cwd,
      env: o.env,
      input: o.input,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      timeout: o.timeoutMs ?? 30 * 60_000,
      killSignal: 'SIGKILL',
    });
    const ms = performance.now() - started;
    const code = r.status ?? (r.signal ? 128 : 1);
    const stdout = r.stdout ?? '';
    const stderr =
      (r.stderr ?? '') + (r.error ? `\n[harness] ${r.error.message}` : '') + (r.signal ? `\n[harness] killed by ${r.signal}` : '');
    this.log(
      `$ (cd ${o.cwd} && ${[cmd, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ')})` +
        `  → exit ${code}, ${(ms / 1000).toFixed(1)} s` +
        (stdout.trim() ? `\n--- stdout\n${tail(stdout.trimEnd())}` : '') +
        (stderr.trim() ? `\n--- stderr\n${tail(stderr.trimEnd())}` : ''),
    );
    return { code, stdout, stderr, ms };
  }

  /** Runs and throws (with the output) unless it exits 0. */
  must(cmd: string, args: string[], o: RunOpts): Proc {
    const r = this.run(cmd, args, o);
    if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code} in ${o.cwd}:\n${r.stderr.slice(-2000)}`);
    return r;
  }
}
