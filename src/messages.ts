// User-facing texts that belong to no single check: the usage, the runner's
// own findings, and the lines every report ends with. A check's texts live
// beside its logic, in src/checks/<id>.ts.

import type { Draft, RunMode } from './types.js';

export const USAGE = `usage:
  gohooks install   [--hooks pre-commit,pre-push] [--no-husky] [--prepare] [--dry-run]
  gohooks uninstall
  gohooks status   [--format human|json]
  gohooks run <hook> [-- git hook args]
  gohooks verify   [DIR…] [--check ID…] [--skip ID…] [--format human|json|github|sarif] [--sarif FILE] [--online] [--full] [--with-go-verify]
  gohooks doctor   [--format human|json|html] [--output FILE] [--shell bash|zsh|fish|powershell|cmd] [--sizes] [--online]
  gohooks explain  <check-id>
  gohooks list

exit codes: 0 no error findings · 1 at least one error · 2 gohooks could not run
environment: GOHOOKS=0 skips everything · GOHOOKS_SKIP=id,id · GOHOOKS_SARIF=FILE also writes SARIF ·
             GOHOOKS_DEBUG=1 prints timings and commands`;

export const INTERNAL_ERROR_HINT = '(GOHOOKS_DEBUG=1 shows more; please report it)';

export const GO_INSTALL_HINT = 'Install Go from https://go.dev/dl/ (or your package manager) and make sure `go` is on PATH';

export const GO_ENV_BROKEN_WHY = 'Every go command on this machine fails the same way.';
export const GO_ENV_BROKEN_FIX =
  'run `go env` to see the whole error; a setting in your environment or in the go env file (go env GOENV) is usually the cause';

export const GO_ENV_TIMEOUT_WHY =
  '`go env -json` is the quickest go command: when it does not answer within the time limit, go hangs on this machine (or the machine is very busy), so no other go command was started and what needs go was not checked.';
export const GO_ENV_TIMEOUT_FIX =
  'run `go env` to see whether it hangs (a go wrapper, a network file system, GOFLAGS); or raise "timeout" in gohooks.json (seconds)';

export const unknownCheck = (id: string) => `unknown check "${id}"; \`gohooks list\` shows the checks`;

export function bypassLine(mode: RunMode): string | undefined {
  switch (mode) {
    case 'pre-commit':
    case 'pre-merge-commit':
      return 'bypass once: git commit --no-verify';
    case 'pre-push':
      return 'bypass once: git push --no-verify';
    default:
      return undefined;
  }
}

/** A check or one of its processes out of time: what it covers was not checked (an error only in strict mode). */
export function timeoutDraft(what: string, timeoutMs: number): Draft {
  return {
    severity: 'warning',
    notChecked: true,
    message: `${what} did not finish within ${Math.round(timeoutMs / 1000)} s`,
    why: 'A large module cache, a slow disk or a busy machine; what it covers was not checked.',
    fix: { summary: 'raise "timeout" in gohooks.json (seconds), or run the check again when the machine is less busy' },
  };
}

/** System error codes that mean the machine refused (not a gohooks bug): what each means, and what to do. */
const OS_CODES: Record<string, { means: string; todo: string }> = {
  ENOSPC: { means: 'no space left on the device', todo: 'free some disk space' },
  EDQUOT: { means: 'disk quota exceeded', todo: 'free some space within your quota' },
  EROFS: { means: 'the file system is read-only', todo: 'use a writable location' },
  EACCES: { means: 'permission denied', todo: 'check the permissions of that path' },
  EPERM: { means: 'operation not permitted', todo: 'check the permissions of that path' },
  ENOENT: { means: 'no such file or directory', todo: 'check that the path exists' },
  ENOTDIR: { means: 'a part of the path is not a directory', todo: 'check the path' },
  ELOOP: { means: 'too many levels of symbolic links', todo: 'check the symbolic links on the path' },
  ENAMETOOLONG: { means: 'the path is too long', todo: 'use a shorter path' },
  EMFILE: { means: 'too many open files', todo: 'raise the limit (`ulimit -n`) or close other programs, then try again' },
  ENFILE: { means: 'too many open files on this system', todo: 'close other programs, then try again' },
  EAGAIN: { means: 'the system is out of processes or memory', todo: 'close other programs, then try again' },
  ENOMEM: { means: 'not enough memory', todo: 'close other programs, then try again' },
  E2BIG: { means: 'the argument list is too long', todo: 'check fewer files at once' },
  EIO: { means: 'input/output error', todo: 'check the disk' },
  EBUSY: { means: 'the resource is busy', todo: 'try again' },
  ETXTBSY: { means: 'the program file is busy', todo: 'try again' },
};

/** Whether a system error code is the machine refusing (full disk, permissions, limits) rather than a gohooks bug. */
export function isMachineProblem(code: string): boolean {
  return code in OS_CODES && code !== 'ENOENT';
}

/** One line: what gohooks tried, where, what the system said, and what to do. */
export function osProblem(action: string, code: string, where?: string, hint?: string): string {
  const known = OS_CODES[code];
  const said = known ? `${known.means} (${code})` : code;
  return `cannot ${action}${where ? ` ${where}` : ''}: ${said}; ${hint ?? known?.todo ?? 'check the machine, then try again'}`;
}

/** What to do when gohooks cannot create its temporary directories (the variable os.tmpdir() reads). */
export function tempDirHint(code: string, platform: NodeJS.Platform = process.platform): string {
  if (code === 'EMFILE' || code === 'ENFILE') return OS_CODES[code].todo;
  const variable = platform === 'win32' ? 'TEMP' : 'TMPDIR';
  const space = code === 'ENOSPC' || code === 'EDQUOT' ? 'free some disk space, or ' : '';
  return `${space}set ${variable} to an existing, writable directory with free space`;
}
