// Where checks read go.mod / go.sum / go.work from: the work tree for
// `gohooks verify`, the index for pre-commit, a commit for pre-push. Checks
// are functions of file contents, never of how they were obtained; go
// commands run in a directory that holds exactly the content being checked.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GoModule } from './types.js';
import type { ModFile } from './gomod/modfile.js';
import { walkFiles } from './tools/fswalk.js';
import { splitNul, type GitTool } from './tools/git.js';
import { extractTar } from './tools/tar.js';

export interface GoDir {
  /** Where to run go for this module. */
  dir: string;
  /** The module's own work-tree directory holds exactly the content being checked. */
  sameAsWorkTree: boolean;
  /** Extra environment (GOWORK=off for a copy, which has no go.work). */
  env: Record<string, string>;
}

export interface FileSource {
  readonly kind: 'worktree' | 'index' | 'commit';
  /** What is being checked, for messages: "work tree", "staged changes", "commit abc1234". */
  readonly description: string;
  /** Text of a repo-relative file (forward slashes), or undefined when absent. */
  read(rel: string): Promise<string | undefined>;
  /** Whether a repo-relative directory exists in what is being checked. */
  isDir(rel: string): Promise<boolean>;
  /**
   * Repo-relative paths of the files below a directory ("." for the whole
   * source), not entering directories whose name skipDir takes.
   */
  listFiles(dir: string, skipDir?: (name: string) => boolean): Promise<string[]>;
  /** A directory where go sees this module as it is in the source. */
  goDir(mod: GoModule): Promise<GoDir>;
  /** The work-tree text of rel when it differs from the source (index only: unstaged changes). */
  unstagedText?(rel: string): Promise<string | undefined>;
  /** Removes temporary directories. */
  dispose(): void;
}

/** Joins repo-relative posix paths; "." is the root. */
export function relJoin(dir: string, name: string): string {
  return dir === '.' || dir === '' ? name : `${dir}/${name}`;
}

function memo<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let p = cache.get(key);
  if (!p) {
    p = make();
    cache.set(key, p);
  }
  return p;
}

export class WorkTreeSource implements FileSource {
  readonly kind = 'worktree';
  readonly description = 'work tree';
  private readonly cache = new Map<string, Promise<string | undefined>>();

  constructor(readonly root: string) {}

  read(rel: string): Promise<string | undefined> {
    return memo(this.cache, rel, () => readFile(path.join(this.root, rel), 'utf8').catch(() => undefined));
  }

  async isDir(rel: string): Promise<boolean> {
    try {
      return (await stat(path.join(this.root, rel))).isDirectory();
    } catch {
      return false;
    }
  }

  async goDir(mod: GoModule): Promise<GoDir> {
    return { dir: mod.dir, sameAsWorkTree: true, env: {} };
  }

  /** A walk, as the go command sees the tree: untracked and ignored files too. */
  async listFiles(dir: string, skipDir?: (name: string) => boolean): Promise<string[]> {
    const out: string[] = [];
    walkFiles(path.join(this.root, dir), { skipDir, onFile: (_abs, rel) => void out.push(relJoin(dir, rel)) });
    return out;
  }

  dispose(): void {}
}

/** Paths from git below dir, without those inside a directory skipDir takes. */
function filesBelow(listing: string | undefined, dir: string, skipDir?: (name: string) => boolean): string[] {
  const prefix = dir === '.' || dir === '' ? '' : `${dir}/`;
  return splitNul(listing).filter((f) => {
    if (!f.startsWith(prefix)) return false;
    return !skipDir || !f.slice(prefix.length).split('/').slice(0, -1).some(skipDir);
  });
}

/**
 * Rewrites directory replacements to absolute paths, so a copy of go.mod
 * placed elsewhere still finds them.
 */
export function absolutizeLocalReplaces(text: string, mod: ModFile, moduleDir: string): string {
  const lines = text.split('\n');
  for (const r of mod.replace.filter((x) => x.local)) {
    const i = r.line - 1;
    const arrow = lines[i].indexOf('=>');
    if (arrow < 0) continue;
    const abs = path.resolve(moduleDir, r.new.path.replace(/\\/g, '/'));
    const after = lines[i].slice(arrow + 2);
    const quoted = JSON.stringify(r.new.path);
    const at = after.includes(quoted) ? after.indexOf(quoted) : after.indexOf(r.new.path);
    const len = after.includes(quoted) ? quoted.length : r.new.path.length;
    if (at < 0) continue;
    lines[i] = lines[i].slice(0, arrow + 2) + after.slice(0, at) + JSON.stringify(abs) + after.slice(at + len);
  }
  return lines.join('\n');
}

abstract class GitSource implements FileSource {
  abstract readonly kind: 'index' | 'commit';
  abstract readonly description: string;
  private readonly cache = new Map<string, Promise<string | undefined>>();
  private readonly dirs = new Map<string, Promise<GoDir>>();
  protected readonly temps: string[] = [];

  constructor(
    protected readonly git: GitTool,
    readonly root: string,
  ) {}

  /** git's name for a file in this source: ":path" (index) or "sha:path". */
  protected abstract object(rel: string): string;
  protected abstract makeGoDir(mod: GoModule): Promise<GoDir>;

  read(rel: string): Promise<string | undefined> {
    return memo(this.cache, rel, () => this.git.raw(['cat-file', 'blob', this.object(rel)]));
  }

  goDir(mod: GoModule): Promise<GoDir> {
    return memo(this.dirs, mod.rel, () => this.makeGoDir(mod));
  }

  protected tempDir(): string {
    const d = mkdtempSync(path.join(tmpdir(), 'gohooks-src-'));
    this.temps.push(d);
    return d;
  }

  abstract isDir(rel: string): Promise<boolean>;
  abstract listFiles(dir: string, skipDir?: (name: string) => boolean): Promise<string[]>;

  dispose(): void {
    for (const d of this.temps.splice(0)) rmSync(d, { recursive: true, force: true });
  }
}

/** The index: what `git commit` is about to record (honours GIT_INDEX_FILE through git). */
export class IndexSource extends GitSource {
  readonly kind = 'index';
  readonly description = 'staged changes';

  protected object(rel: string): string {
    return `:${rel}`;
  }

  async isDir(rel: string): Promise<boolean> {
    const out = await this.git.raw(['--literal-pathspecs', 'ls-files', '-z', '--cached', '--', `${rel}/`]);
    return !!out && out.length > 0;
  }

  async listFiles(dir: string, skipDir?: (name: string) => boolean): Promise<string[]> {
    const below = dir === '.' || dir === '' ? [] : ['--', `${dir}/`];
    return filesBelow(await this.git.raw(['--literal-pathspecs', 'ls-files', '-z', '--cached', ...below]), dir, skipDir);
  }

  private worktreeText(rel: string): string | undefined {
    try {
      return readFileSync(path.join(this.root, rel), 'utf8');
    } catch {
      return undefined;
    }
  }

  async unstagedText(rel: string): Promise<string | undefined> {
    const work = this.worktreeText(rel);
    return work !== undefined && work !== (await this.read(rel)) ? work : undefined;
  }

  protected async makeGoDir(mod: GoModule): Promise<GoDir> {
    const sum = await this.read(mod.sumFile);
    if (this.worktreeText(mod.modFile) === mod.modText && this.worktreeText(mod.sumFile) === sum) {
      return { dir: mod.dir, sameAsWorkTree: true, env: {} };
    }
    // go mod verify needs only go.mod and go.sum: a copy of the staged pair.
    const dir = this.tempDir();
    writeFileSync(path.join(dir, 'go.mod'), absolutizeLocalReplaces(mod.modText, mod.mod, mod.dir));
    if (sum !== undefined) writeFileSync(path.join(dir, 'go.sum'), sum);
    return { dir, sameAsWorkTree: false, env: { GOWORK: 'off' } };
  }
}

/** A commit (pre-push of something other than the clean, checked-out HEAD). */
export class CommitSource extends GitSource {
  readonly kind = 'commit';
  readonly description: string;

  constructor(
    git: GitTool,
    root: string,
    readonly sha: string,
  ) {
    super(git, root);
    this.description = `commit ${sha.slice(0, 12)}`;
  }

  protected object(rel: string): string {
    return `${this.sha}:${rel}`;
  }

  async isDir(rel: string): Promise<boolean> {
    const out = await this.git.raw(['--literal-pathspecs', 'ls-tree', '-z', this.sha, '--', rel]);
    return !!out && /^\d+ tree /.test(out);
  }

  async listFiles(dir: string, skipDir?: (name: string) => boolean): Promise<string[]> {
    const below = dir === '.' || dir === '' ? [] : ['--', `${dir}/`];
    return filesBelow(
      await this.git.raw(['--literal-pathspecs', 'ls-tree', '-r', '-z', '--name-only', '--full-tree', this.sha, ...below]),
      dir,
      skipDir,
    );
  }

  protected async makeGoDir(mod: GoModule): Promise<GoDir> {
    // The module's tree at that commit (sources included: tidy needs them),
    // plus the in-repository directories its replace directives point at.
    const extra = mod.mod.replace
      .filter((r) => r.local)
      .map((r) => path.relative(this.root, path.resolve(mod.dir, r.new.path)).split(path.sep).join('/'))
      .filter((rel) => rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel));
    const paths = mod.rel === '.' ? ['.'] : [mod.rel, ...extra];
    const dir = this.tempDir();
    const tar = await this.git.rawBuffer(['archive', '--format=tar', this.sha, '--', ...paths]);
    if (tar) extractTar(tar, dir);
    return { dir: path.join(dir, mod.rel), sameAsWorkTree: false, env: { GOWORK: 'off' } };
  }
}
