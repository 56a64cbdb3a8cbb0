// `sh -c` in a sandbox directory, as a user types a command: exit status, and
// stdout and stderr together as a terminal shows them.

import assert from 'node:assert/strict';
import type { Sandbox } from './sandbox.js';

export interface ShellRun {
  status: number;
  out: string;
}

/**
 * `sh` runs a command; `ok` also fails the test unless it exits 0. `sandbox` is asked at each call
 * (test files create theirs in before()); `defaults` go over its env, each call's env over both.
 */
export function shellIn(sandbox: () => Sandbox, defaults: NodeJS.ProcessEnv = {}) {
  const sh = (dir: string, cmd: string, env: NodeJS.ProcessEnv = {}, input?: string): ShellRun => {
    const sb = sandbox();
    const r = sb.exec('sh', ['-c', cmd], { cwd: dir, env: { ...sb.env, ...defaults, ...env }, input });
    return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
  };
  const ok = (dir: string, cmd: string, env: NodeJS.ProcessEnv = {}): string => {
    const r = sh(dir, cmd, env);
    assert.equal(r.status, 0, `${cmd}:\n${r.out}`);
    return r.out;
  };
  return { sh, ok };
}
