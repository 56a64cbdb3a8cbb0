// Every error class gohooks throws on purpose, and how each reaches the user:
// one line, exit 2, never a stack trace for a problem the user caused. Anything
// else is a gohooks bug and says so — with the stack only under GOHOOKS_DEBUG.

import { INTERNAL_ERROR_HINT, isMachineProblem, osProblem } from './messages.js';

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

/**
 * The machine refused: a full disk, a read-only or missing TMPDIR, no
 * permission, too many open files or processes. One line naming what gohooks
 * tried, the path, the system's code, and what to do; exit 2.
 */
export class OsError extends Error {
  override name = 'OsError';
  constructor(
    /** What gohooks tried, as a verb phrase: "create a temporary directory in /tmp". */
    readonly action: string,
    /** The system's error code: ENOSPC, EACCES, EMFILE … */
    readonly code: string,
    /** Where: the directory or file (undefined when there is none, e.g. starting a process). */
    readonly where?: string,
    options?: { cause?: unknown; hint?: string },
  ) {
    super(osProblem(action, code, where, options?.hint), { cause: options?.cause });
  }
}

/** A system error from node (it has a string `code` such as ENOSPC and a `syscall`). */
export function isSystemError(e: unknown): e is NodeJS.ErrnoException & { code: string } {
  return (
    e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && /^E[A-Z0-9]+$/.test((e as NodeJS.ErrnoException).code!)
  );
}

/** A node system error as an OsError saying what gohooks was doing; anything else unchanged. */
export function asOsError(e: unknown, action: string, where?: string, hint?: string): unknown {
  if (e instanceof OsError || !isSystemError(e)) return e;
  return new OsError(action, e.code, where ?? e.path, { cause: e, hint });
}

export function describeError(e: unknown, env: NodeJS.ProcessEnv = process.env): { message: string; usage: boolean } {
  const err = e instanceof Error ? e : new Error(String(e));
  if (err instanceof UsageError) return { message: err.message, usage: true };
  if (err instanceof ConfigError) return { message: err.message, usage: false };
  const debug = env.GOHOOKS_DEBUG && env.GOHOOKS_DEBUG !== '0';
  // A system error no tool wrapped is still the machine's, not a gohooks bug: one line, no stack.
  const os =
    err instanceof OsError ? err : isSystemError(err) && isMachineProblem(err.code) ? asOsError(err, systemAction(err)) : undefined;
  if (os instanceof OsError) return { message: `${os.message}${debug && err.stack ? `\n${err.stack}` : ''}`, usage: false };
  return { message: `internal error: ${err.message}${debug ? `\n${err.stack}` : ` ${INTERNAL_ERROR_HINT}`}`, usage: false };
}

const SYSCALL_ACTIONS: Record<string, string> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the directory',
  mkdtemp: 'create a temporary directory',
  rmdir: 'remove',
  unlink: 'remove',
  scandir: 'list',
  stat: 'look at',
  lstat: 'look at',
  realpath: 'resolve',
  copyfile: 'copy',
  rename: 'rename',
};

/** What node was doing when a system error came unwrapped: "open", "start git". */
function systemAction(e: NodeJS.ErrnoException): string {
  const call = e.syscall ?? '';
  if (call.startsWith('spawn')) return `start ${call.slice('spawn'.length).trim() || 'a program'}`;
  return SYSCALL_ACTIONS[call] ?? (call || 'do its work');
}
