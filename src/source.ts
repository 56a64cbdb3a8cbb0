// Where checks read go.mod / go.sum / go.work from: the work tree for
// `gohooks verify`, the index for pre-commit, a commit for pre-push. Checks
// are functions of file contents, never of how they were obtained.

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export interface FileSource {
  /** What is being checked, for messages: "work tree", "index", "commit abc1234". */
  readonly description: string;
  /** Text of a repo-relative file (forward slashes), or undefined when absent. */
  read(rel: string): Promise<string | undefined>;
  /** Whether a repo-relative directory exists in what is being checked. */
  isDir(rel: string): Promise<boolean>;
}

export class WorkTreeSource implements FileSource {
  readonly description = 'work tree';
  private readonly cache = new Map<string, Promise<string | undefined>>();

  constructor(readonly root: string) {}

  read(rel: string): Promise<string | undefined> {
    let p = this.cache.get(rel);
    if (!p) {
      p = readFile(path.join(this.root, rel), 'utf8').catch(() => undefined);
      this.cache.set(rel, p);
    }
    return p;
  }

  async isDir(rel: string): Promise<boolean> {
    try {
      return (await stat(path.join(this.root, rel))).isDirectory();
    } catch {
      return false;
    }
  }
}

/** Joins repo-relative posix paths; "." is the root. */
export function relJoin(dir: string, name: string): string {
  return dir === '.' || dir === '' ? name : `${dir}/${name}`;
}
