// Where checks read go.mod / go.sum / go.work from: the work tree for
// `gohooks verify`, the index for pre-commit, a commit for pre-push. Checks
// are functions of file contents, never of how they were obtained; go
// commands run in a directory that holds exactly the content being checked.
//
// Only regular files inside the repository are read. A file that is a
// directory, a FIFO, unreadable, a symbolic link that loops or leads outside
// the repository (in the work tree), or a symbolic link or submodule recorded
// in git (mode 120000 / 160000: the "content" is a link target) is refused:
// read() answers undefined and refusal() says why, so that no link to
// ~/.netrc or a token file is ever parsed or echoed.

import { closeSync, constants as fsConstants, fstatSync, openSync, readSync, realpathSync, writeFileSync } from 'node:fs';
import { lstat, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { asOsError } from './errors.js';
import { isMachineProblem } from './messages.js';
import type { GoModule } from './types.js';
import type { ModFile } from './gomod/modfile.js';
import { walkFiles } from './tools/fswalk.js';
import { parseCatFileBatch, splitNul, type GitTool } from './tools/git.js';
import { extractTar } from './tools/tar.js';
import { makeTempDir, removeTempDir, tempWriteError } from './tools/tempdirs.js';

/** Why a file that is there was not read. */
export type RefusalKind =
  | 'outside' // a symbolic link (here or in a parent directory) that resolves outside the repository
  | 'link-loop' // a symbolic link that loops
  | 'link-missing' // a symbolic link to nothing
  | 'directory'
  | 'special' // a FIFO, socket or device: reading it could block forever
  | 'unreadable' // permission denied
  | 'git-symlink' // recorded in git as a symbolic link (mode 120000): its blob is the link target
  | 'git-submodule'; // recorded in git as a submodule (mode 160000)

export interface RefusedFile {
  /** Repo-relative, forward slashes. */
  file: string;
  kind: RefusalKind;
}

type Loaded = { text: string } | { refused: RefusalKind } | { absent: true };

/** The first bytes of a file; all of them when complete. */
export interface FileHead {
  bytes: Uint8Array;
  complete: boolean;
}

/** A directory-skipping rule for listFiles: the directory's name, and its path below the listed directory. */
export type SkipDir = (name: string, rel: string) => boolean;

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
  /** Text of a repo-relative file (forward slashes), or undefined when absent or refused. */
  read(rel: string): Promise<string | undefined>;
  /** Why read(rel) gave undefined for a file that is there; undefined when it was read or is absent. */
  refusal(rel: string): Promise<RefusedFile | undefined>;
  /** Every refusal so far, in the order met (discovery asks about every module file first). */
  refused(): RefusedFile[];
  /** Whether a repo-relative directory exists in what is being checked. */
  isDir(rel: string): Promise<boolean>;
  /**
   * Repo-relative paths of the files below a directory ("." for the whole
   * source), not entering directories skipDir takes.
   */
  listFiles(dir: string, skipDir?: SkipDir): Promise<string[]>;
  /**
   * The first maxBytes bytes (Infinity: all) of each of many repo-relative
   * files, read with read()'s rules (only regular files inside the
   * repository) and not kept; undefined for a file read() would not give.
   * Refusals are not recorded. The index and a commit read them with one
   * `git cat-file --batch` (read() starts a git process per file).
   */
  readHeads(rels: string[], maxBytes: number): Promise<Map<string, FileHead | undefined>>;
  /** A directory where go sees this module as it is in the source. */
  goDir(mod: GoModule): Promise<GoDir>;
  /**
   * The files a go command run in goDir(mod) reads besides go.mod and go.sum: this source, or for
   * the index the work tree, where go runs when go.mod and go.sum are staged as they are there.
   */
  goReads(mod: GoModule): Promise<FileSource>;
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

/** Reads and refusals, memoized per path: what every source shares. */
abstract class Loader {
  private readonly loads = new Map<string, Promise<Loaded>>();
  private readonly refusals: RefusedFile[] = [];

  protected abstract load(rel: string): Promise<Loaded>;

  private loaded(rel: string): Promise<Loaded> {
    return memo(this.loads, rel, async () => {
      const l = await this.load(rel);
      if ('refused' in l) this.refusals.push({ file: rel, kind: l.refused });
      return l;
    });
  }

  async read(rel: string): Promise<string | undefined> {
    const l = await this.loaded(rel);
    return 'text' in l ? l.text : undefined;
  }

  async refusal(rel: string): Promise<RefusedFile | undefined> {
    const l = await this.loaded(rel);
    return 'refused' in l ? { file: rel, kind: l.refused } : undefined;
  }

  refused(): RefusedFile[] {
    return [...this.refusals];
  }
}

function isInside(parent: string, child: string): boolean {
  const r = path.relative(parent, child);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}

/**
 * A work-tree file as the go command would read it, but only when it is a
 * regular file inside the repository once every symbolic link is resolved.
 * Problems of the file are refusals; problems of the machine (EMFILE, EIO …)
 * are OsErrors.
 */
export async function loadWorkTreeFile(root: string, rel: string, realRoot: Promise<string>): Promise<Loaded> {
  const abs = path.join(root, rel);
  const fail = (e: unknown): Loaded => {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENOENT' || code === 'ENOTDIR') return { absent: true };
    if (code === 'ELOOP') return { refused: 'link-loop' };
    if (code === 'EISDIR') return { refused: 'directory' };
    if (code === 'EACCES' || code === 'EPERM') return { refused: 'unreadable' };
    if (isMachineProblem(code)) throw asOsError(e, 'read', abs);
    throw e;
  };
  let real: string;
  try {
    real = await realpath(abs);
  } catch (e) {
    // A dangling link: lstat sees the link, realpath finds nothing behind it.
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && (await lstat(abs).catch(() => undefined))?.isSymbolicLink()) return { refused: 'link-missing' };
    return fail(e);
  }
  if (!isInside(await realRoot, real)) return { refused: 'outside' };
  try {
    const st = await stat(real);
    if (st.isDirectory()) return { refused: 'directory' };
    if (!st.isFile()) return { refused: 'special' };
    return { text: await readFile(real, 'utf8') };
  } catch (e) {
    return fail(e);
  }
}

export class WorkTreeSource extends Loader implements FileSource {
  readonly kind = 'worktree';
  readonly description = 'work tree';
  private readonly realRoot: Promise<string>;

  constructor(readonly root: string) {
    super();
    this.realRoot = realpath(root).catch(() => path.resolve(root));
  }

  protected load(rel: string): Promise<Loaded> {
    return loadWorkTreeFile(this.root, rel, this.realRoot);
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

  async goReads(): Promise<FileSource> {
    return this;
  }

  /**
   * A regular file in a directory whose real path is inside the repository is opened without
   * following a link (O_NOFOLLOW; O_NONBLOCK: a FIFO never blocks) and checked with fstat; anything
   * else (a link, an error) takes loadWorkTreeFile's rules, then is read by its real path.
   */
  async readHeads(rels: string[], maxBytes: number): Promise<Map<string, FileHead | undefined>> {
    const realRoot = await this.realRoot;
    const dirInside = new Map<string, boolean>();
    const out = new Map<string, FileHead | undefined>();
    // Bounded heads share one buffer: one allocation per call, not one per file.
    const arena = maxBytes <= HEAD_ARENA_MAX ? Buffer.allocUnsafe(rels.length * maxBytes) : undefined;
    let used = 0;
    for (const rel of rels) {
      const abs = path.join(this.root, rel);
      const dir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '.';
      let inside = dirInside.get(dir);
      if (inside === undefined) {
        try {
          const real = realpathSync.native(path.join(this.root, dir));
          inside = real === realRoot || real.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep);
        } catch {
          inside = false;
        }
        dirInside.set(dir, inside);
      }
      let head = inside ? readRegularHead(abs, maxBytes, NO_FOLLOW, arena?.subarray(used, used + maxBytes)) : undefined;
      if (head === undefined) {
        try {
          const l = await loadWorkTreeFile(this.root, rel, this.realRoot);
          if ('text' in l) head = readRegularHead(realpathSync.native(abs), maxBytes, 0);
        } catch {
          // a machine problem: this file is not read
        }
      }
      if (head && arena && head.bytes.buffer === arena.buffer) used += head.bytes.length;
      out.set(rel, head);
    }
    return out;
  }

  /** A walk, as the go command sees the tree: untracked and ignored files too. */
  async listFiles(dir: string, skipDir?: SkipDir): Promise<string[]> {
    const out: string[] = [];
    walkFiles(path.join(this.root, dir), { skipDir, onFile: (_abs, rel) => void out.push(relJoin(dir, rel)) });
    return out;
  }

  dispose(): void {}
}

/** Paths from git below dir, without those inside a directory skipDir takes. */
function filesBelow(listing: string | undefined, dir: string, skipDir?: SkipDir): string[] {
  const prefix = dir === '.' || dir === '' ? '' : `${dir}/`;
  const skipped = new Map<string, boolean>();
  const skips = (rel: string): boolean => {
    let s = skipped.get(rel);
    if (s === undefined) {
      const slash = rel.lastIndexOf('/');
      s = (slash >= 0 && skips(rel.slice(0, slash))) || skipDir!(rel.slice(slash + 1), rel);
      skipped.set(rel, s);
    }
    return s;
  };
  return splitNul(listing).filter((f) => {
    if (!f.startsWith(prefix)) return false;
    const rel = f.slice(prefix.length);
    return !skipDir || !rel.includes('/') || !skips(rel.slice(0, rel.lastIndexOf('/')));
  });
}

const NO_FOLLOW = (fsConstants.O_NOFOLLOW ?? 0) | (fsConstants.O_NONBLOCK ?? 0);
/** Heads up to this size are read into one shared buffer per readHeads call. */
const HEAD_ARENA_MAX = 64 * 1024;

/**
 * The first maxBytes bytes of a regular file (opened with extra flags), into `into` when given (maxBytes
 * long); undefined for anything else or on any error.
 */
function readRegularHead(abs: string, maxBytes: number, flags: number, into?: Buffer): FileHead | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(abs, fsConstants.O_RDONLY | flags);
    const st = fstatSync(fd);
    if (!st.isFile()) return undefined;
    const want = Math.min(st.size, maxBytes);
    const buf = into ?? Buffer.allocUnsafe(want);
    let got = 0;
    for (let r = -1; got < want && r !== 0; got += r) r = readSync(fd, buf, got, want - got, null);
    // Fewer bytes than fstat said: the file shrank while read, and this is all of it.
    return { bytes: buf.subarray(0, got), complete: got < want || want === st.size };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Blobs asked of one `git cat-file --batch`: bounded memory for a large tree. */
const CAT_FILE_BATCH = 512;

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

/** What a git entry's mode says about reading it as a file (100644/100755 blob, 120000 link, 160000 submodule, 040000 tree). */
function refusalForMode(mode: string): RefusalKind | undefined {
  if (mode === '120000') return 'git-symlink';
  if (mode === '160000') return 'git-submodule';
  if (mode === '040000') return 'directory';
  return undefined;
}

/** The module files every run reads: listed from the index in one git call. */
const MODULE_FILE_NAMES = ['go.mod', 'go.sum', 'go.work', 'go.work.sum'];

abstract class GitSource extends Loader implements FileSource {
  abstract readonly kind: 'index' | 'commit';
  abstract readonly description: string;
  private readonly dirs = new Map<string, Promise<GoDir>>();
  protected readonly temps: string[] = [];
  protected readonly realRoot: Promise<string>;

  constructor(
    protected readonly git: GitTool,
    readonly root: string,
  ) {
    super();
    this.realRoot = realpath(root).catch(() => path.resolve(root));
  }

  /** The git entry at rel: its mode and object id; 'directory' when only paths below it are there; undefined when absent. */
  protected abstract entry(rel: string): Promise<{ mode: string; sha: string } | 'directory' | undefined>;
  /** Every file entry (path → mode and object id), listed once. */
  protected abstract allEntries(): Promise<Map<string, { mode: string; sha: string }>>;
  protected abstract makeGoDir(mod: GoModule): Promise<GoDir>;

  protected async load(rel: string): Promise<Loaded> {
    const e = await this.entry(rel);
    if (e === undefined) return { absent: true };
    if (e === 'directory') return { refused: 'directory' };
    const refused = refusalForMode(e.mode);
    if (refused) return { refused };
    const text = await this.git.raw(['cat-file', 'blob', e.sha]);
    return text === undefined ? { absent: true } : { text };
  }

  goDir(mod: GoModule): Promise<GoDir> {
    return memo(this.dirs, mod.rel, () => this.makeGoDir(mod));
  }

  async goReads(_mod: GoModule): Promise<FileSource> {
    return this;
  }

  async readHeads(rels: string[], maxBytes: number): Promise<Map<string, FileHead | undefined>> {
    const entries = await this.allEntries();
    const out = new Map<string, FileHead | undefined>();
    const relsOf = new Map<string, string[]>(); // object id → paths holding it
    for (const rel of rels) {
      const e = entries.get(rel);
      out.set(rel, undefined);
      if (e && !refusalForMode(e.mode)) relsOf.set(e.sha, [...(relsOf.get(e.sha) ?? []), rel]);
    }
    const shas = [...relsOf.keys()];
    for (let i = 0; i < shas.length; i += CAT_FILE_BATCH) {
      const batch = shas.slice(i, i + CAT_FILE_BATCH);
      const blobs = parseCatFileBatch(await this.git.rawBuffer(['cat-file', '--batch'], `${batch.join('\n')}\n`), batch);
      for (const [sha, blob] of blobs) {
        const head = { bytes: blob.subarray(0, Math.min(blob.length, maxBytes)), complete: blob.length <= maxBytes };
        for (const rel of relsOf.get(sha)!) out.set(rel, head);
      }
    }
    return out;
  }

  protected tempDir(): string {
    const d = makeTempDir('gohooks-src-');
    this.temps.push(d);
    return d;
  }

  abstract isDir(rel: string): Promise<boolean>;
  abstract listFiles(dir: string, skipDir?: SkipDir): Promise<string[]>;

  dispose(): void {
    for (const d of this.temps.splice(0)) removeTempDir(d);
  }
}

/** "mode sha stage\tpath" records of `git ls-files -s -z`, stage 0 only (a conflicted path has no stage 0: absent, as for `:path`). */
function parseStaged(out: string | undefined): Map<string, { mode: string; sha: string }> {
  const entries = new Map<string, { mode: string; sha: string }>();
  for (const rec of (out ?? '').split('\0')) {
    const m = /^(\d+) ([0-9a-f]+) 0\t([\s\S]*)$/.exec(rec);
    if (m) entries.set(m[3], { mode: m[1], sha: m[2] });
  }
  return entries;
}

/** The index: what `git commit` is about to record (honours GIT_INDEX_FILE through git). */
export class IndexSource extends GitSource {
  readonly kind = 'index';
  readonly description = 'staged changes';
  private moduleFiles: Promise<Map<string, { mode: string; sha: string }>> | undefined;
  private staged: Promise<Map<string, { mode: string; sha: string }>> | undefined;
  private workTree: WorkTreeSource | undefined;

  protected allEntries(): Promise<Map<string, { mode: string; sha: string }>> {
    this.staged ??= this.git.raw(['ls-files', '-s', '-z']).then(parseStaged);
    return this.staged;
  }

  override async goReads(mod: GoModule): Promise<FileSource> {
    if (!(await this.goDir(mod)).sameAsWorkTree) return this;
    this.workTree ??= new WorkTreeSource(this.root);
    return this.workTree;
  }

  protected async entry(rel: string): Promise<{ mode: string; sha: string } | 'directory' | undefined> {
    let entries: Map<string, { mode: string; sha: string }>;
    if (MODULE_FILE_NAMES.includes(path.posix.basename(rel))) {
      // One listing for every go.mod / go.sum / go.work / go.work.sum, and whatever is below a directory of that name.
      this.moduleFiles ??= this.git
        .raw(['ls-files', '-s', '-z', '--', ...MODULE_FILE_NAMES.flatMap((n) => [`:(top,glob)**/${n}`, `:(top,glob)**/${n}/**`])])
        .then(parseStaged);
      entries = await this.moduleFiles;
    } else {
      entries = parseStaged(await this.git.raw(['--literal-pathspecs', 'ls-files', '-s', '-z', '--', rel]));
    }
    const e = entries.get(rel);
    if (e) return e;
    for (const p of entries.keys()) if (p.startsWith(`${rel}/`)) return 'directory';
    return undefined;
  }

  async isDir(rel: string): Promise<boolean> {
    const out = await this.git.raw(['--literal-pathspecs', 'ls-files', '-z', '--cached', '--', `${rel}/`]);
    return !!out && out.length > 0;
  }

  async listFiles(dir: string, skipDir?: SkipDir): Promise<string[]> {
    const below = dir === '.' || dir === '' ? [] : ['--', `${dir}/`];
    return filesBelow(await this.git.raw(['--literal-pathspecs', 'ls-files', '-z', '--cached', ...below]), dir, skipDir);
  }

  /** The work-tree text, read with the same rules as the work-tree source (never through a link out of the repository). */
  private async worktreeText(rel: string): Promise<string | undefined> {
    const l = await loadWorkTreeFile(this.root, rel, this.realRoot);
    return 'text' in l ? l.text : undefined;
  }

  async unstagedText(rel: string): Promise<string | undefined> {
    const work = await this.worktreeText(rel);
    return work !== undefined && work !== (await this.read(rel)) ? work : undefined;
  }

  protected async makeGoDir(mod: GoModule): Promise<GoDir> {
    const sum = await this.read(mod.sumFile);
    if ((await this.worktreeText(mod.modFile)) === mod.modText && (await this.worktreeText(mod.sumFile)) === sum) {
      return { dir: mod.dir, sameAsWorkTree: true, env: {} };
    }
    // go mod verify needs only go.mod and go.sum: a copy of the staged pair.
    const dir = this.tempDir();
    try {
      writeFileSync(path.join(dir, 'go.mod'), absolutizeLocalReplaces(mod.modText, mod.mod, mod.dir));
      if (sum !== undefined) writeFileSync(path.join(dir, 'go.sum'), sum);
    } catch (e) {
      throw tempWriteError(e, dir);
    }
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

  private tree: Promise<Map<string, { mode: string; sha: string }>> | undefined;

  protected allEntries(): Promise<Map<string, { mode: string; sha: string }>> {
    this.tree ??= this.git.raw(['ls-tree', '-r', '-z', '--full-tree', this.sha]).then((out) => {
      const entries = new Map<string, { mode: string; sha: string }>();
      for (const rec of (out ?? '').split('\0')) {
        const m = /^(\d+) (\w+) ([0-9a-f]+)\t([\s\S]*)$/.exec(rec);
        if (m && m[2] === 'blob') entries.set(m[4], { mode: m[1], sha: m[3] });
      }
      return entries;
    });
    return this.tree;
  }

  protected async entry(rel: string): Promise<{ mode: string; sha: string } | 'directory' | undefined> {
    // "mode type sha\tpath"; a tree at rel is a directory.
    const out = await this.git.raw(['--literal-pathspecs', 'ls-tree', '-z', this.sha, '--', rel]);
    for (const rec of (out ?? '').split('\0')) {
      const m = /^(\d+) (\w+) ([0-9a-f]+)\t([\s\S]*)$/.exec(rec);
      if (m && m[4] === rel) return m[2] === 'tree' ? 'directory' : { mode: m[1], sha: m[3] };
    }
    return undefined;
  }

  async isDir(rel: string): Promise<boolean> {
    const out = await this.git.raw(['--literal-pathspecs', 'ls-tree', '-z', this.sha, '--', rel]);
    return !!out && /^\d+ tree /.test(out);
  }

  async listFiles(dir: string, skipDir?: SkipDir): Promise<string[]> {
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
      .filter((rel) => !rel.startsWith('..') && !path.isAbsolute(rel));
    // A replace pointing at the repository root (terraform's backends: `=> ../../../..`) needs the whole commit.
    const paths = mod.rel === '.' || extra.includes('') ? ['.'] : [mod.rel, ...extra];
    const dir = this.tempDir();
    const tar = await this.git.rawBuffer(['archive', '--format=tar', this.sha, '--', ...paths]);
    try {
      if (tar) extractTar(tar, dir);
    } catch (e) {
      throw tempWriteError(e, dir);
    }
    return { dir: path.join(dir, mod.rel), sameAsWorkTree: false, env: { GOWORK: 'off' } };
  }
}
