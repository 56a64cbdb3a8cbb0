// A child and everything it starts, stopped together. A `go` that hangs, or
// whose own child hangs (`sh -c 'sleep 1000 & wait'`), keeps gohooks's pipes
// open: killing only the child is not enough, since node waits for the pipes to
// close. So:
//
// - POSIX: every child is spawned detached, i.e. it leads a new process group
//   (setsid), and is stopped with process.kill(-pid): SIGTERM to the whole
//   group, SIGKILL after KILL_GRACE_MS. When the child exits on its own, any
//   process it left behind in its group is stopped the same way. Being in its
//   own group also means a terminal's Ctrl-C no longer reaches the child
//   directly: gohooks forwards it (src/tools/signals.ts).
// - Windows has no process groups, and a detached child gets a console of its
//   own and no longer receives the console's Ctrl-C. So children are NOT
//   detached there (Ctrl-C reaches them as before) and are stopped with
//   `taskkill /pid <pid> /T /F`, which ends the process tree at once (Windows
//   has no SIGTERM for console programs). A grandchild whose parent has already
//   exited is no longer in the tree taskkill walks: it is not found. .cmd and
//   .bat files are run through cmd.exe with their arguments escaped (node
//   refuses to spawn them directly since CVE-2024-27980).
//
// Groups still alive when gohooks exits — whatever the path: normal end,
// thrown error, process.exit() after a signal — get SIGKILL from an 'exit'
// listener, which runs before the temporary directories are removed.

import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import path from 'node:path';

/** After SIGTERM, how long a process group has to end before SIGKILL. */
export const KILL_GRACE_MS = 1000;

const WINDOWS = process.platform === 'win32';

/** Children whose group (POSIX) or tree (Windows) may still hold processes, by pid. */
const live = new Map<number, { exited: boolean; killing: boolean; exit: Promise<void> }>();
let hooked = false;

/** Spawns a child that leads its own process group (POSIX) and is tracked until it and its group are gone. */
export function spawnTree(file: string, args: string[], options: SpawnOptions): ChildProcess {
  if (!hooked) {
    hooked = true;
    // prepend: before the temporary directories are removed (src/tools/tempdirs.ts), nothing may still write in them.
    process.prependListener('exit', killAllNow);
  }
  const [command, argv, extra] = WINDOWS ? windowsCommand(file, args) : [file, args, {}];
  const child = spawn(command, argv, { ...options, ...extra, detached: !WINDOWS, windowsHide: true });
  const pid = child.pid;
  if (pid !== undefined) {
    let exited: () => void = () => {};
    const entry = { exited: false, killing: false, exit: new Promise<void>((resolve) => (exited = resolve)) };
    live.set(pid, entry);
    child.once('exit', () => {
      entry.exited = true;
      exited();
      if (WINDOWS || !groupAlive(pid)) live.delete(pid);
      else if (!entry.killing) killTree(pid); // left behind by a child that is done
    });
  }
  return child;
}

/** Sends a signal to a whole process group; false when the group is gone. */
function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: nothing left in the group (EPERM: not ours to signal)
  }
}

/** Whether any process (zombies included) is still in the group led by pid. */
function groupAlive(pid: number): boolean {
  return signalGroup(pid, 0);
}

/** Stops a child and everything it started: SIGTERM to its group, SIGKILL after the grace (Windows: taskkill /T /F). */
export function killTree(pid: number, graceMs = KILL_GRACE_MS): void {
  const entry = live.get(pid);
  if (entry) entry.killing = true;
  if (WINDOWS) {
    if (entry?.exited) return;
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true })
      .on('error', () => {})
      .unref();
    return;
  }
  if (!signalGroup(pid, 'SIGTERM')) {
    live.delete(pid);
    return;
  }
  // unref: gohooks does not stay alive for this timer; if it exits first, killAllNow sends the SIGKILL.
  setTimeout(() => {
    signalGroup(pid, 'SIGKILL');
    live.delete(pid);
  }, graceMs).unref();
}

/**
 * Stops every group still running (SIGINT/SIGTERM to gohooks): SIGTERM, then
 * SIGKILL to what is left after the grace; resolves once all are signalled.
 */
export async function stopAll(graceMs = KILL_GRACE_MS): Promise<void> {
  const entries = [...live];
  const pids = entries.map(([pid]) => pid);
  for (const pid of pids) killTree(pid, graceMs);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  if (!WINDOWS) {
    const deadline = performance.now() + graceMs;
    while (pids.some(groupAlive) && performance.now() < deadline) await sleep(25);
    for (const pid of pids) signalGroup(pid, 'SIGKILL');
    for (const pid of pids) live.delete(pid);
  }
  // A signal is delivered, not waited for: give the children a moment to be gone before gohooks exits.
  await Promise.race([Promise.all(entries.map(([, e]) => e.exit)), sleep(500)]);
}

/** The 'exit' listener: synchronous, so SIGKILL (POSIX) or taskkill /F, now. */
function killAllNow(): void {
  for (const [pid, entry] of live) {
    if (!WINDOWS) signalGroup(pid, 'SIGKILL');
    else if (!entry.exited) spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true, timeout: 5000 });
  }
  live.clear();
}

/** How many children are tracked (tests). */
export function liveTrees(): number {
  return live.size;
}

// cmd.exe metacharacters (from cross-spawn, MIT: https://github.com/moxystudio/node-cross-spawn, lib/util/escape.js).
const CMD_META = /([()\][%!^"`<>&|;, *?])/g;

function cmdArgument(arg: string): string {
  // https://qntm.org/cmd: double the backslashes before a quote and at the end, quote, then escape metacharacters.
  const quoted = `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\*)$/, '$1$1')}"`;
  return quoted.replace(CMD_META, '^$1');
}

/** On Windows, .cmd and .bat files run through cmd.exe with escaped arguments; programs run as they are. */
function windowsCommand(file: string, args: string[]): [string, string[], SpawnOptions] {
  if (!/\.(cmd|bat)$/i.test(file)) return [file, args, {}];
  const line = [path.win32.normalize(file).replace(CMD_META, '^$1'), ...args.map(cmdArgument)].join(' ');
  return [process.env.comspec || 'cmd.exe', ['/d', '/s', '/c', `"${line}"`], { windowsVerbatimArguments: true }];
}
