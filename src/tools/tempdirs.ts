// Every temporary directory gohooks makes (gohooks-env-*, gohooks-src-*,
// gohooks-gofmt-*, gohooks-git-*) comes from here, so each is removed on every
// exit path: by its user when done, and otherwise at process exit — after a
// thrown error, after SIGINT/SIGTERM (src/tools/signals.ts), after process.exit().

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asOsError } from '../errors.js';
import { tempDirHint } from '../messages.js';

const live = new Set<string>();
let hooked = false;

/** A new empty directory under os.tmpdir() named `<prefix>XXXXXX`; an OsError (one line, exit 2) when the machine refuses. */
export function makeTempDir(prefix: string): string {
  if (!hooked) {
    hooked = true;
    process.on('exit', removeAllTempDirs);
  }
  const base = tmpdir();
  let dir: string;
  try {
    dir = mkdtempSync(path.join(base, prefix));
  } catch (e) {
    throw asOsError(e, 'create a temporary directory in', base, tempDirHint((e as NodeJS.ErrnoException).code ?? ''));
  }
  live.add(dir);
  return dir;
}

/** Removes a directory made by makeTempDir (never fails: what cannot be removed now is retried at exit). */
export function removeTempDir(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
    live.delete(dir);
  } catch {
    // still in `live`: the exit hook tries again
  }
}

/** Removes every temporary directory still there (synchronous: safe in an 'exit' listener). */
export function removeAllTempDirs(): void {
  for (const dir of [...live]) removeTempDir(dir);
}

/** The temporary directories not removed yet (tests and the debug log). */
export function liveTempDirs(): string[] {
  return [...live];
}

/** Writes into a temporary directory, turning a full disk into an OsError that names the directory. */
export function tempWriteError(e: unknown, dir: string): unknown {
  return asOsError(e, 'write a temporary file in', dir, tempDirHint((e as NodeJS.ErrnoException).code ?? ''));
}
