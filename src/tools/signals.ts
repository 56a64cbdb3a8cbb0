// SIGINT (Ctrl-C), SIGTERM and SIGHUP to gohooks: stop every child's process
// group (they are detached, so the terminal's Ctrl-C does not reach them;
// src/tools/proctree.ts), remove the temporary directories, and exit with
// 128 + the signal number (130, 143, 129), as a shell reports a process a
// signal ended. A second signal exits at once; the 'exit' listeners still
// SIGKILL the groups and remove the directories.
//
// On Windows, Ctrl-C reaches the children through the console by itself;
// node emulates SIGINT (and SIGHUP when the console closes; SIGTERM is never
// delivered there), and the trees are ended with taskkill /T /F.

import { KILL_GRACE_MS, stopAll } from './proctree.js';
import { removeAllTempDirs } from './tempdirs.js';

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
type Handled = keyof typeof EXIT_CODES;

let installed = false;
let stopping = false;

export function handleTerminationSignals(write: (s: string) => void = (s) => process.stderr.write(s)): void {
  if (installed) return;
  installed = true;
  for (const signal of Object.keys(EXIT_CODES) as Handled[]) {
    process.on(signal, () => void stop(signal, write));
  }
}

async function stop(signal: Handled, write: (s: string) => void): Promise<void> {
  const code = EXIT_CODES[signal];
  if (stopping) process.exit(code);
  stopping = true;
  try {
    await stopAll(KILL_GRACE_MS);
    removeAllTempDirs();
    write(`gohooks: stopped by ${signal}\n`);
  } finally {
    process.exit(code);
  }
}
