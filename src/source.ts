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

import { closeSync, constants as fsConstants, fstatSync, lstatSync, openSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { lstat, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { asOsError } from './errors.js';
import { isMachineProblem } from './messages.js';
import type { GoModule } from './types.js';
import type { ModFile } from './gomod/modfile.js';
import { walkFiles } from './tools/fswalk.js';
import { splitNul, type GitTool } from './tools/git.js';
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
   * source), not entering directories whose name skipDir takes.
   */
  listFiles(dir: string, skipDir?: (name: string) => boolean): Promise<string[]>;
  /**
   * Texts of many repo-relative files, as read() gives them, without keeping them: the index and a
   * commit read them through one `git cat-file --batch` (read() starts a git process per file).
   * Refusals are recorded as read() records them.
   */
  readMany(rels: string[]): Promise<Map<string, string | undefined>>;
  /** A directory where go sees this module as it is in the source. */
  goDir(mod: GoModule): Promise<GoDir>;
  /**
   * The source of the files a go command run in goDir(mod) reads besides go.mod and go.sum:
   * this source, or the work tree for the index when go runs there (go.mod and go.sum staged as
   * they are in the work tree: goDir's sameAsWorkTree).
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

/** fn over items, at most `limit` at a time, results in order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Files read at once by readMany on the work tree (each is a realpath, a stat and a read). */
const READ_CONCURRENCY = 32;

/** Reads and refusals, memoized per path: what every source shares. */
abstract class Loader {
  private readonly loads = new Map<string, Promise<Loaded>>();
  private readonly refusals: RefusedFile[] = [];
  private readonly refusedPaths = new Set<string>();

  protected abstract load(rel: string): Promise<Loaded>;

  /** Many files at once; by default one load each, a few at a time. */
  protected async loadMany(rels: string[]): Promise<Map<string, Loaded>> {
    const loaded = await mapLimit(rels, READ_CONCURRENCY, (rel) => this.load(rel));
    return new Map(rels.map((rel, i) => [rel, loaded[i]]));
  }

  private noteRefusal(rel: string, l: Loaded): void {
    if (!('refused' in l) || this.refusedPaths.has(rel)) return;
    this.refusedPaths.add(rel);
    this.refusals.push({ file: rel, kind: l.refused });
  }

  private loaded(rel: string): Promise<Loaded> {
    return memo(this.loads, rel, async () => {
      const l = await this.load(rel);
      this.noteRefusal(rel, l);
      return l;
    });
  }

  async readMany(rels: string[]): Promise<Map<string, string | undefined>> {
    const unique = [...new Set(rels)];
    const fresh = unique.filter((rel) => !this.loads.has(rel));
    const batch = fresh.length > 0 ? await this.loadMany(fresh) : new Map<string, Loaded>();
    const out = new Map<string, string | undefined>();
    for (const rel of unique) {
      const l = batch.get(rel) ?? (await this.loaded(rel));
      this.noteRefusal(rel, l);
      out.set(rel, 'text' in l ? l.text : undefined);
    }
    return out;
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

const NO_FOLLOW = (fsConstants.O_NOFOLLOW ?? 0) | (fsConstants.O_NONBLOCK ?? 0);

/** A regular file's text, never through a link (in the last component) and never blocking on a FIFO; undefined for anything else or on any error. */
function readRegularFile(abs: string): string | undefined {
  let fd: number | undefined;
  try {
    if (!lstatSync(abs).isFile()) return undefined;
    fd = openSync(abs, fsConstants.O_RDONLY | NO_FOLLOW);
    if (!fstatSync(fd).isFile()) return undefined;
    return readFileSync(fd, 'utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
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
   * Regular files in a directory whose real path is inside the repository are read at once, without
   * following a link (O_NOFOLLOW, and fstat on what was opened); anything else — a link, a FIFO, an
   * error — takes loadWorkTreeFile's path, which says why.
   */
  protected override async loadMany(rels: string[]): Promise<Map<string, Loaded>> {
    const realRoot = await this.realRoot;
    const realDirs = new Map<string, string | undefined>();
    const out = new Map<string, Loaded>();
    const slow: string[] = [];
    for (const rel of rels) {
      const abs = path.join(this.root, rel);
      const dir = path.dirname(abs);
      if (!realDirs.has(dir)) {
        let real: string | undefined;
        try {
          real = realpathSync.native(dir);
        } catch {
          real = undefined;
        }
        realDirs.set(dir, real !== undefined && isInside(realRoot, real) ? real : undefined);
      }
      const text = realDirs.get(dir) === undefined ? undefined : readRegularFile(abs);
      if (text === undefined) slow.push(rel);
      else out.set(rel, { text });
    }
    for (const [rel, l] of await super.loadMany(slow)) out.set(rel, l);
    return out;
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

/** What a git entry's mode says about reading it as a file (100644/100755 blob, 120000 link, 160000 submodule, 040000 tree). */
function refusalForMode(mode: string): RefusalKind | undefined {
  if (mode === '120000') return 'git-symlink';
  if (mode === '160000') return 'git-submodule';
  if (mode === '040000') return 'directory';
  return undefined;
}

/**
 * Splits `git cat-file --batch` output that was decoded as UTF-8 ("<sha> blob <size>\n<bytes>\n" per
 * object, "<sha> missing\n" for none) into texts, in the order asked. Sizes count bytes: a text is
 * taken only while its bytes are known exactly; from the first object holding U+FFFD (which may
 * stand for bytes that were not UTF-8) or anything unexpected on, nothing is taken.
 */
export function splitCatFileText(out: string | undefined, shas: string[]): Map<string, string> {
  const texts = new Map<string, string>();
  if (out === undefined) return texts;
  let pos = 0;
  for (const sha of shas) {
    const nl = out.indexOf('\n', pos);
    if (nl < 0) break;
    const header = out.slice(pos, nl);
    if (header === `${sha} missing`) {
      pos = nl + 1;
      continue;
    }
    const m = /^([0-9a-f]+) blob (\d+)$/.exec(header);
    if (!m || m[1] !== sha) break;
    const size = Number(m[2]);
    const start = nl + 1;
    let end = start + size;
    const ascii = out.slice(start, end);
    if (Buffer.byteLength(ascii) !== ascii.length) {
      // Not all ASCII: walk the code points, counting their UTF-8 bytes.
      let bytes = 0;
      end = start;
      while (bytes < size && end < out.length) {
        const c = out.charCodeAt(end);
        if (c === 0xfffd) break;
        const pair = c >= 0xd800 && c <= 0xdbff;
        bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
        end += pair ? 2 : 1;
      }
      if (bytes !== size) break;
    }
    if (out[end] !== '\n') break;
    texts.set(sha, out.slice(start, end));
    pos = end + 1;
  }
  return texts;
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

  /** One listing and one `git cat-file --batch`; a file the batch cannot give exactly is read alone. */
  protected override async loadMany(rels: string[]): Promise<Map<string, Loaded>> {
    const entries = await this.allEntries();
    const out = new Map<string, Loaded>();
    const blobs: { rel: string; sha: string }[] = [];
    const alone: string[] = [];
    for (const rel of rels) {
      const e = entries.get(rel);
      const refused = e && refusalForMode(e.mode);
      if (refused) out.set(rel, { refused });
      else if (e) blobs.push({ rel, sha: e.sha });
      else alone.push(rel); // absent, or a directory
    }
    const shas = [...new Set(blobs.map((b) => b.sha))];
    const texts = shas.length > 0 ? splitCatFileText(await this.git.raw(['cat-file', '--batch'], `${shas.join('\n')}\n`), shas) : new Map();
    for (const b of blobs) {
      const text = texts.get(b.sha);
      if (text !== undefined) out.set(b.rel, { text });
      else alone.push(b.rel);
    }
    const single = await mapLimit(alone, 4, (rel) => this.load(rel));
    alone.forEach((rel, i) => out.set(rel, single[i]));
    return out;
  }

  goDir(mod: GoModule): Promise<GoDir> {
    return memo(this.dirs, mod.rel, () => this.makeGoDir(mod));
  }

  async goReads(_mod: GoModule): Promise<FileSource> {
    return this;
  }

  protected tempDir(): string {
    const d = makeTempDir('gohooks-src-');
    this.temps.push(d);
    return d;
  }

  abstract isDir(rel: string): Promise<boolean>;
  abstract listFiles(dir: string, skipDir?: (name: string) => boolean): Promise<string[]>;

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
  private workTreeSource: WorkTreeSource | undefined;

  protected allEntries(): Promise<Map<string, { mode: string; sha: string }>> {
    this.staged ??= this.git.raw(['ls-files', '-s', '-z']).then(parseStaged);
    return this.staged;
  }

  /** go runs in the work tree when go.mod and go.sum are staged as they are there: it reads the work tree's files. */
  override async goReads(mod: GoModule): Promise<FileSource> {
    if (!(await this.goDir(mod)).sameAsWorkTree) return this;
    this.workTreeSource ??= new WorkTreeSource(this.root);
    return this.workTreeSource;
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

  async listFiles(dir: string, skipDir?: (name: string) => boolean): Promise<string[]> {
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
        if (m && m[2] !== 'tree') entries.set(m[4], { mode: m[1], sha: m[3] });
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
