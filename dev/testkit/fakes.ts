// Misbehaving programs for process-hygiene tests: a `go` first on PATH that
// hangs, ignores SIGTERM, or leaves a child holding its output — each records
// the pids it starts, so a test can prove nothing outlived gohooks.

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Sandbox } from './sandbox.js';

/** The real go binary (first on the test's own PATH), for fakes that hang only some commands. */
export function realGo(): string {
  const r = spawnSync('sh', ['-c', 'command -v go'], { encoding: 'utf8' });
  const go = r.stdout.trim();
  if (!go) throw new Error('go is not on PATH');
  return go;
}

export interface FakeGo {
  /** Put it first on PATH. */
  binDir: string;
  /** Each started process appends "<role> <pid>" here (role: go, child, grandchild). */
  pidFile: string;
  /** The env additions that make gohooks find it and let it record pids. */
  env: NodeJS.ProcessEnv;
}

/** Shell snippets for a fake go's body ($PIDS is the pid file). */
export const HANG = {
  /** Never exits, nor does its child: `sh -c 'sleep 1000 & wait'`. */
  withChild: `sh -c 'echo "child $$" >> "$PIDS"; sleep 1000 & echo "grandchild $!" >> "$PIDS"; wait'`,
  /** Same, but every process ignores SIGTERM: only SIGKILL ends them. */
  ignoringTerm: `trap '' TERM; sh -c 'trap "" TERM; echo "child $$" >> "$PIDS"; sleep 1000 & echo "grandchild $!" >> "$PIDS"; wait'`,
};

/**
 * A `go` script: records its pid, then runs `body` (POSIX sh; "$@" are go's
 * arguments). `real` is the path of the real go for bodies that delegate.
 */
export function makeFakeGo(sb: Sandbox, name: string, body: string): FakeGo {
  const binDir = path.join(sb.dir, `fake-${name}`);
  mkdirSync(binDir, { recursive: true });
  const pidFile = path.join(binDir, 'pids');
  writeFileSync(pidFile, '');
  const script = `#!/bin/sh\nPIDS='${pidFile}'\nexport PIDS\necho "go $$" >> "$PIDS"\nREAL='${realGo()}'\n${body}\n`;
  writeFileSync(path.join(binDir, 'go'), script);
  chmodSync(path.join(binDir, 'go'), 0o755);
  return { binDir, pidFile, env: { PATH: `${binDir}${path.delimiter}${sb.env.PATH}` } };
}

/** Pids a fake recorded, by role. */
export function recordedPids(fake: FakeGo): { role: string; pid: number }[] {
  if (!existsSync(fake.pidFile)) return [];
  return readFileSync(fake.pidFile, 'utf8')
    .split('\n')
    .map((l) => l.trim().split(' '))
    .filter(([role, pid]) => role && /^\d+$/.test(pid ?? ''))
    .map(([role, pid]) => ({ role, pid: Number(pid) }));
}

/**
 * Processes still running (zombies aside: a container's init may not reap
 * them, and they hold nothing) that the fake started, or that are in a process
 * group one of its `go` processes led. `ps` lists them all in one call.
 */
export function survivors(fake: FakeGo): string[] {
  const pids = recordedPids(fake);
  const ours = new Set(pids.map((p) => p.pid));
  const leaders = new Set(pids.filter((p) => p.role === 'go').map((p) => p.pid));
  const ps = spawnSync('ps', ['-A', '-o', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => {
      const [pid, pgid, stat] = l.split(/\s+/);
      if (!pid || stat?.startsWith('Z')) return false;
      return ours.has(Number(pid)) || leaders.has(Number(pgid));
    });
}

/**
 * survivors(), after giving processes already sent SIGKILL a moment to be gone
 * (a signal is delivered asynchronously; `ps` may still list them as running).
 */
export async function settledSurvivors(fake: FakeGo, ms = 2000): Promise<string[]> {
  const until = performance.now() + ms;
  let left = survivors(fake);
  while (left.length > 0 && performance.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    left = survivors(fake);
  }
  return left;
}

/** gohooks-* entries left in a temporary directory. */
export function gohooksTemps(tmp: string): string[] {
  return readdirSync(tmp).filter((n) => n.startsWith('gohooks-'));
}

/** Waits (polling) until the fake recorded a process with this role; false after `ms`. */
export async function waitForRole(fake: FakeGo, role: string, ms = 15_000): Promise<boolean> {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    if (recordedPids(fake).some((p) => p.role === role)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
