// Turns what went wrong into one line for the user. Expected problems (bad
// usage, bad config) are plain messages; anything else is a gohooks bug and
// says so — with the stack only under GOHOOKS_DEBUG.

import { ConfigError } from './config.js';
import { UsageError } from './runner.js';

export function describeError(e: unknown): { message: string; usage: boolean } {
  const err = e instanceof Error ? e : new Error(String(e));
  if (err.name === 'CliError' || err instanceof UsageError) return { message: err.message, usage: true };
  if (err instanceof ConfigError) return { message: err.message, usage: false };
  const debug = process.env.GOHOOKS_DEBUG && process.env.GOHOOKS_DEBUG !== '0';
  return {
    message: `internal error: ${err.message}${debug ? `\n${err.stack}` : ' (GOHOOKS_DEBUG=1 shows more; please report it)'}`,
    usage: false,
  };
}
