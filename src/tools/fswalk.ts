// One directory walk for everything that lists files without git: go.mod
// discovery, cgo files, cache sizes, module trees to hash.

import { readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';

export interface WalkOptions {
  /** Directories not to enter: by name, or by path relative to the root. */
  skipDir?: (name: string, rel: string) => boolean;
  /** Called for every entry that is not a directory; return false to stop the walk. */
  onFile: (abs: string, rel: string, entry: Dirent) => boolean | void;
}

/** Depth-first, in directory order; unreadable directories are passed over. */
export function walkFiles(root: string, opts: WalkOptions): void {
  let stopped = false;
  const visit = (dir: string, rel: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (stopped) return;
      const abs = path.join(dir, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!opts.skipDir?.(e.name, r)) visit(abs, r);
      } else if (opts.onFile(abs, r, e) === false) stopped = true;
    }
  };
  visit(root, '');
}
