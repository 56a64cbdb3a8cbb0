// What `gohooks install` changed, kept per clone in the git directory, so that
// `gohooks uninstall` can put every file, mode and config value back exactly.

import { existsSync, mkdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type Action =
  /** A file written: its bytes and mode before (null when it did not exist) and what gohooks wrote. */
  | { kind: 'file'; path: string; before: { data: string; mode: number } | null; after: string }
  /** A hook moved aside so the shim could take its place (it still runs first). */
  | { kind: 'rename'; from: string; to: string }
  /** A directory gohooks (or husky, on its behalf) created. */
  | { kind: 'dir'; path: string; recursive: boolean }
  /** A local git config value: before (null when unset) and after. */
  | { kind: 'config'; key: string; before: string | null; after: string };

export interface InstallState {
  version: 1;
  manager: string;
  actions: Action[];
}

export function statePath(gitDir: string): string {
  return path.join(gitDir, 'gohooks', 'install-state.json');
}

export function loadState(gitDir: string): InstallState | undefined {
  const file = statePath(gitDir);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as InstallState;
  } catch {
    return undefined;
  }
}

export function saveState(gitDir: string, state: InstallState): void {
  const file = statePath(gitDir);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
}

export function removeState(gitDir: string): void {
  const file = statePath(gitDir);
  rmSync(file, { force: true });
  try {
    rmdirSync(path.dirname(file));
  } catch {
    // not empty or already gone
  }
}
