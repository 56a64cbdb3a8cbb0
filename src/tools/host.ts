// The machine outside the repository, as checks see it: files (the module
// cache, ~/.netrc, GOROOT, /etc/os-release), directories and programs on PATH.
// Checks reach the file system only through this interface (the check tester
// gives them an in-memory one); none of these calls starts a process.

import { accessSync, constants, existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Platform } from '../platform.js';
import { walkFiles } from './fswalk.js';
import { which, whichAll } from './which.js';

export interface FindOptions {
  /** Directory names not to enter. */
  skipDir?: (name: string) => boolean;
  /** File names to return. */
  accept: (name: string) => boolean;
}

export interface Host {
  readonly platform: Platform;
  exists(p: string): boolean;
  isDir(p: string): boolean;
  /** The text of a file, or undefined when it is missing or unreadable. */
  readText(p: string): string | undefined;
  /** The bytes of a file, or undefined when it is missing or unreadable. */
  readBytes(p: string): Buffer | undefined;
  /** Permission bits of a file, or undefined when it is missing. */
  mode(p: string): number | undefined;
  /** Whether p, or its nearest existing ancestor (where it would be created), is writable. */
  writable(p: string): boolean;
  /** The nearest existing ancestor of p (p itself when it exists). */
  existingAncestor(p: string): string;
  /** Names in a directory ([] when it cannot be read). */
  listDir(p: string): string[];
  /** The path with symlinks resolved (p itself when it cannot be resolved). */
  realpath(p: string): string;
  /** Files below the directories whose names `accept` takes, depth first. */
  findFiles(dirs: string[], opts: FindOptions): string[];
  /** Total bytes of the files below dir. */
  dirSize(dir: string): number;
  /** The first `name` on PATH (or on the PATH of `env` when given). */
  which(name: string, env?: NodeJS.ProcessEnv): string | undefined;
  /** Every `name` on PATH, in order. */
  whichAll(name: string): string[];
}

export class NodeHost implements Host {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    readonly platform: Platform = process.platform,
  ) {}

  exists(p: string): boolean {
    return existsSync(p);
  }

  isDir(p: string): boolean {
    try {
      return statSync(p).isDirectory();
    } catch {
      return false;
    }
  }

  readText(p: string): string | undefined {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  }

  readBytes(p: string): Buffer | undefined {
    try {
      return readFileSync(p);
    } catch {
      return undefined;
    }
  }

  mode(p: string): number | undefined {
    try {
      return statSync(p).mode;
    } catch {
      return undefined;
    }
  }

  existingAncestor(p: string): string {
    let d = path.resolve(p);
    while (!existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
    return d;
  }

  writable(p: string): boolean {
    try {
      accessSync(this.existingAncestor(p), constants.W_OK);
      return true;
    } catch {
      return false;
    }
  }

  listDir(p: string): string[] {
    try {
      return readdirSync(p);
    } catch {
      return [];
    }
  }

  realpath(p: string): string {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  }

  findFiles(dirs: string[], opts: FindOptions): string[] {
    const out: string[] = [];
    for (const dir of dirs) {
      walkFiles(dir, {
        skipDir: opts.skipDir,
        onFile: (abs, _rel, e) => {
          if (opts.accept(e.name)) out.push(abs);
        },
      });
    }
    return out;
  }

  dirSize(dir: string): number {
    let n = 0;
    walkFiles(dir, {
      onFile: (abs) => {
        try {
          const st = lstatSync(abs);
          if (st.isFile()) n += st.size;
        } catch {
          // gone meanwhile
        }
      },
    });
    return n;
  }

  which(name: string, env: NodeJS.ProcessEnv = this.env): string | undefined {
    return which(name, env, this.platform);
  }

  whichAll(name: string): string[] {
    return whichAll(name, this.env, this.platform);
  }
}
