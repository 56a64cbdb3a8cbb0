// User-facing texts that belong to no single check: the usage, the runner's
// own findings, and the lines every report ends with. A check's texts live
// beside its logic, in src/checks/<id>.ts.

import type { Draft, RunMode } from './types.js';

export const USAGE = `usage:
  gohooks install   [--hooks pre-commit,pre-push] [--no-husky] [--prepare] [--dry-run]
  gohooks uninstall
  gohooks status   [--format human|json]
  gohooks run <hook> [-- git hook args]
  gohooks verify   [DIR…] [--check ID…] [--skip ID…] [--format human|json|github|sarif] [--sarif FILE] [--online]
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
