// Every error class gohooks throws on purpose, and how each reaches the user:
// one line, exit 2, never a stack trace for a problem the user caused. Anything
// else is a gohooks bug and says so — with the stack only under GOHOOKS_DEBUG.

import { INTERNAL_ERROR_HINT } from './messages.js';

/** Bad command-line usage: the message, then the usage text. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An unreadable or invalid configuration file: every problem, each with file:line and key. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A check that did not finish within its time limit (the runner's own limit, beyond each process's). */
export class CheckTimeout extends Error {
  override name = 'CheckTimeout';
}

export function describeError(e: unknown, env: NodeJS.ProcessEnv = process.env): { message: string; usage: boolean } {
  const err = e instanceof Error ? e : new Error(String(e));
  if (err instanceof UsageError) return { message: err.message, usage: true };
  if (err instanceof ConfigError) return { message: err.message, usage: false };
  const debug = env.GOHOOKS_DEBUG && env.GOHOOKS_DEBUG !== '0';
  return { message: `internal error: ${err.message}${debug ? `\n${err.stack}` : ` ${INTERNAL_ERROR_HINT}`}`, usage: false };
}
