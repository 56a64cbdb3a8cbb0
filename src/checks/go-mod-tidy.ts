// `go mod tidy -diff` (Go ≥ 1.23): go.mod and go.sum are what tidy would
// write. It writes nothing, and runs offline unless the user opts in. "Not
// tidy" is told apart from "could not run": modules missing from the module
// cache (named, with the one command that fills it), a workspace module that
// cannot be tidied on its own, and a go.mod with no Go code (not a Go build).

import path from 'node:path';
import { defineCheck } from '../check.js';
import type { Context } from '../context.js';
import { commandsFor, goArgv } from '../fixes.js';
import { compareGoVersions } from '../gomod/goversion.js';
import { downloadFile, extractedDir } from '../gomod/modcache.js';
import { parseModFile } from '../gomod/modfile.js';
import {
  goWalkSkips,
  ignoredByGo,
  keyedGoFile,
  moduleTree,
  TIDY_SETTINGS,
  tidyKey,
  type KeyedGoFile,
  type ProbedDir,
  uncoveredImports,
  isGoSourceName,
  type KeyedModule,
  type TidyKey,
} from '../gomod/tidykey.js';
import { timeoutDraft } from '../messages.js';
import { relJoin, type FileHead, type FileSource, type GoDir } from '../source.js';
import type { ExecResult } from '../tools/exec.js';
import type { GoEnv } from '../tools/go.js';
import type { Draft, GoModule } from '../types.js';
import { perModule } from './shared/modules.js';
import { firstLines, shortList } from './shared/text.js';

const ID = 'go-mod-tidy';

/** How many missing modules a message names before "and N more". */
const NAMED = 5;

export interface FileDiff {
  file: 'go.mod' | 'go.sum';
  lines: string[];
  added: number;
  removed: number;
}

/** Splits tidy -diff output ("diff current/go.mod tidy/go.mod" sections) per file. */
export function parseTidyDiff(stdout: string): FileDiff[] {
  const out: FileDiff[] = [];
  let cur: FileDiff | undefined;
  for (const line of stdout.split('\n')) {
    const head = /^diff current\/(go\.mod|go\.sum) tidy\//.exec(line) ?? /^--- current\/(go\.mod|go\.sum)$/.exec(line);
    if (head && (!cur || cur.file !== head[1] || line.startsWith('diff '))) {
      cur = { file: head[1] as FileDiff['file'], lines: [], added: 0, removed: 0 };
      out.push(cur);
      if (line.startsWith('diff ')) continue;
    }
    if (!cur || /^(--- current\/|\+\+\+ tidy\/)/.test(line)) continue;
    if (line.startsWith('+')) cur.added++;
    else if (line.startsWith('-')) cur.removed++;
    cur.lines.push(line);
  }
  return out.filter((d) => d.added + d.removed > 0);
}

/** The first `max` changed lines; the rest counted, with the command that shows them without changing anything. */
function shorten(d: FileDiff, max: number, showAll: string): string {
  const changed = d.lines.filter((l) => l.startsWith('+') || l.startsWith('-') || l.startsWith('@@'));
  const shown = changed.slice(0, max);
  const rest = changed.length - shown.length;
  return (
    shown.map((l) => `    ${l}`).join('\n') +
    (rest > 0 ? `\n    … ${rest} more lines (\`${showAll}\` shows them all, changing nothing)` : '')
  );
}

const withoutProgress = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => !/^go: (downloading|finding|extracting|found) /.test(l))
    .join('\n');

export interface ModuleVersion {
  path: string;
  version: string;
}

export interface TidyFailure {
  /**
   * Modules go needed and did not have, in the order it asked: `go: downloading M V`
   * (printed before each zip it fetches, modfetch/fetch.go) and `M@V: module lookup
   * disabled by GOPROXY=off` (a go.mod it could not get while loading the graph).
   */
  missing: ModuleVersion[];
  /** Imports no module of the build list provides: `P: cannot find module providing package P: …`. */
  unresolved: { pkg: string; importedBy?: string; reason: string }[];
  /** go could not reach the network (only meaningful when it was allowed to). */
  networkError?: string;
}

const NETWORK_ERROR =
  /dial tcp|i\/o timeout|no such host|connection refused|network is unreachable|TLS handshake timeout|context deadline exceeded/;

/** What go's stderr says about a failed `go mod tidy -diff`: pure, for unit tests on captured output. */
export function parseTidyFailure(stderr: string): TidyFailure {
  const missing: ModuleVersion[] = [];
  const seen = new Set<string>();
  const add = (p: string, version: string) => {
    const key = `${p}@${version}`;
    if (seen.has(key)) return;
    seen.add(key);
    missing.push({ path: p, version });
  };
  const lines = stderr.split('\n');
  const unresolved: TidyFailure['unresolved'] = [];
  lines.forEach((line, i) => {
    // Not `go: downloading go1.25.0 (linux/amd64)`: that is a toolchain.
    const dl = /^go: downloading (\S+) (v\S+)$/.exec(line);
    if (dl) return add(dl[1], dl[2]);
    const lookup = /(?:^|\s)([^\s@]+)@(v[^\s:]+): module lookup disabled by GOPROXY=off/.exec(line);
    if (lookup) return add(lookup[1], lookup[2]);
    const cannot = /^(?:go: |\s*)(\S+): cannot find module providing package (\S+?): (.*)$/.exec(line);
    if (cannot) {
      const importer = /^(?:go: |\s*)(\S+) imports$/.exec(lines[i - 1] ?? '');
      unresolved.push({ pkg: cannot[2], importedBy: importer?.[1], reason: cannot[3] });
    }
  });
  const net = lines.find((l) => NETWORK_ERROR.test(l));
  return { missing, unresolved, networkError: net?.replace(/^go: /, '').trim() };
}

/** `v0.0.0-00010101000000-000000000000`: the placeholder version that only a replace or go.work can satisfy. */
const ZERO_PSEUDO = /^v0\.0\.0-00010101000000-000000000000$/;

const NOT_GO_DIR = (name: string) => name.startsWith('.') || name.startsWith('_') || name === 'testdata' || name === 'vendor';

/**
 * Whether a module holds Go packages, as the go command walks it for "all"
 * (modload/search.go): .go files not named _* or .*, outside nested modules
 * and directories named testdata, vendor, .* or _*, and outside `ignore`d
 * directories. `files` are repo-relative, below the module (the walk already
 * left out the skipped directory names). A `tool` line makes it a Go build too.
 */
export function hasGoPackages(files: string[], moduleRel: string, mod: Pick<GoModule['mod'], 'tool' | 'ignore'>): boolean {
  if (mod.tool.length > 0) return true;
  const prefix = moduleRel === '.' || moduleRel === '' ? '' : `${moduleRel}/`;
  const below = files.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length));
  const nested = below.filter((f) => f.endsWith('/go.mod')).map((f) => f.slice(0, -'/go.mod'.length));
  const patterns = mod.ignore.map((i) => i.path);
  return below.some((f) => {
    const name = path.posix.basename(f);
    if (!name.endsWith('.go') || name.startsWith('_') || name.startsWith('.')) return false;
    const dir = path.posix.dirname(f) === '.' ? '' : path.posix.dirname(f);
    if (nested.some((n) => dir === n || dir.startsWith(`${n}/`))) return false;
    return !ignoredByGo(dir, patterns);
  });
}

async function holdsGoCode(ctx: Context, m: GoModule): Promise<boolean> {
  if (m.mod.tool.length > 0) return true;
  return hasGoPackages(await ctx.source.listFiles(m.rel, NOT_GO_DIR), m.rel, m.mod);
}

export interface Sibling {
  /** Module path. */
  path: string;
  /** Its directory relative to the module checked (for a replace directive). */
  relFromModule: string;
}

/** The other modules of the module's go.work (all its `use` entries, not only those being checked). */
async function workspaceSiblings(ctx: Context, m: GoModule): Promise<Sibling[]> {
  const ws = m.workspace;
  if (!ws) return [];
  const out: Sibling[] = [];
  for (const u of ws.work.use) {
    const abs = path.resolve(ws.dir, u.path);
    if (abs === m.dir) continue;
    const rel = path.relative(ctx.root, abs).split(path.sep).join('/');
    const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    const text = inside ? await ctx.source.read(relJoin(rel, 'go.mod')) : ctx.host.readText(path.join(abs, 'go.mod'));
    const modPath = text === undefined ? undefined : parseModFile(text, 'go.mod').module?.path;
    if (!modPath) continue;
    const fromModule = path.relative(m.dir, abs).split(path.sep).join('/');
    out.push({ path: modPath, relFromModule: fromModule.startsWith('.') ? fromModule : `./${fromModule}` });
  }
  return out;
}

/** "a@v1" before "a/b@v1" and "a2@v1": by path, then version, in code points (as go sorts module paths). */
function byPathThenVersion(x: string, y: string): number {
  const [px, vx] = x.split('@');
  const [py, vy] = y.split('@');
  return px < py ? -1 : px > py ? 1 : vx < vy ? -1 : vx > vy ? 1 : 0;
}

/** Module paths this go.mod replaces with a directory: found without any proxy. */
const replacedByDirectory = (m: GoModule) => new Set(m.mod.replace.filter((r) => r.local).map((r) => r.old.path));

/**
 * The workspace modules a standalone tidy cannot get: imported but required by
 * nothing, or required at the placeholder version — and not replaced by a
 * directory in this go.mod (a relative replace makes the module standalone).
 */
export function neededFromWorkspace(m: GoModule, failure: TidyFailure, siblings: Sibling[]): Sibling[] {
  const replaced = replacedByDirectory(m);
  const provides = (s: Sibling, pkg: string) => pkg === s.path || pkg.startsWith(`${s.path}/`);
  return siblings.filter(
    (s) =>
      !replaced.has(s.path) &&
      (failure.unresolved.some((u) => provides(s, u.pkg)) || failure.missing.some((x) => x.path === s.path && ZERO_PSEUDO.test(x.version))),
  );
}

export interface TidyInput {
  mod: GoModule;
  result: ExecResult;
  maxLines: number;
  timeoutMs: number;
  /** go ran with the user's GOPROXY and GOSUMDB (--online or the network option). */
  network: boolean;
  /** The other modules of its go.work. */
  siblings: Sibling[];
  /** The user's GOPROXY, when go env could be read (for the fix). */
  userGoProxy?: string;
}

export function tidyDrafts(input: TidyInput): Draft[] {
  const { mod: m, result: r } = input;
  const file = m.modFile;
  const tidy = commandsFor(goArgv(m.rel, 'mod', 'tidy'), ['git', 'add', m.modFile, m.sumFile]);
  if (r.timedOut) return [{ ...timeoutDraft('go mod tidy -diff', input.timeoutMs), file }];
  if (r.exitCode === 0) return [];
  const diffs = parseTidyDiff(r.stdout);
  if (diffs.length > 0) {
    return diffs.map((d) => ({
      severity: 'error',
      message: `not tidy: go mod tidy would add ${d.added} and remove ${d.removed} lines\n${shorten(d, input.maxLines, commandsFor(goArgv(m.rel, 'mod', 'tidy', '-diff')).posix ?? 'go mod tidy -diff')}`,
      why: "Someone else's go build or go mod tidy will change it, and CI that checks tidiness fails.",
      file: d.file === 'go.mod' ? m.modFile : m.sumFile,
      fix: { summary: 'let the go command tidy the module, then stage both files', commands: tidy },
    }));
  }
  if (/errors parsing go\.(mod|work)|malformed go\.sum/.test(r.stderr)) return []; // go-mod-syntax / go-sum report these
  if (/requires go >= /.test(r.stderr)) {
    return [
      { severity: 'info', notChecked: true, message: `${firstLines(r.stderr, 1).replace(/^go: /, '')} (see the toolchain check)`, file },
    ];
  }

  const failure = parseTidyFailure(r.stderr);
  const needed = neededFromWorkspace(m, failure, input.siblings);
  if (needed.length > 0) {
    const names = needed.map((s) => s.path);
    const replaces = needed.map((s) => `-replace=${s.path}=${s.relFromModule}`);
    return [
      {
        severity: 'warning',
        notChecked: true,
        message: `cannot tidy ${m.rel} standalone: it needs ${shortList(names, NAMED)} from the workspace, and go mod tidy ignores go.work`,
        why: 'go.mod neither requires a published version of these workspace modules nor replaces them with their directories, so tidy cannot find them (golang/go#50750).',
        file,
        fix: {
          summary: 'replace the workspace modules with their directories in go.mod (then tidy), or skip go-mod-tidy',
          commands: commandsFor(goArgv(m.rel, 'mod', 'edit', ...replaces), goArgv(m.rel, 'mod', 'tidy')),
        },
      },
    ];
  }

  const replaced = replacedByDirectory(m);
  const placeholders = failure.missing.filter((x) => ZERO_PSEUDO.test(x.version) && !replaced.has(x.path));
  if (placeholders.length > 0) {
    // No proxy serves that version: it stands for a module found elsewhere (a go.work this source does not hold, say).
    const names = [...new Set(placeholders.map((x) => x.path))];
    return [
      {
        severity: 'warning',
        notChecked: true,
        message: `cannot tidy ${m.rel} standalone: it requires ${shortList(names, NAMED)} at v0.0.0-00010101000000-000000000000, a version only a replace directive or a go.work provides`,
        why: 'No module proxy serves that placeholder version, so tidy cannot load the module on its own.',
        file,
        fix: { summary: 'replace them with their directories in go.mod (go mod edit -replace=<module>=<dir>), or skip go-mod-tidy' },
      },
    ];
  }

  const offline = /module lookup disabled by GOPROXY=off/.test(r.stderr);
  if (input.network && failure.networkError) {
    return [
      {
        severity: 'warning',
        notChecked: true,
        message: `tidiness: go could not reach the network: ${failure.networkError}`,
        why: 'go mod tidy -diff ran with your GOPROXY (the network option or --online) and could not download what it needs.',
        file,
        fix: { summary: 'run it by hand to see the whole error', commands: commandsFor(goArgv(m.rel, 'mod', 'tidy', '-diff')) },
      },
    ];
  }

  const absent = failure.unresolved.filter((u) => /module lookup disabled by GOPROXY=off/.test(u.reason) || input.network);
  if (absent.length > 0) {
    // Nothing in the build list provides them: tidy would add requirements (a tidy go.mod already has them).
    const named = absent.map((u) => (u.importedBy ? `${u.pkg} (imported by ${u.importedBy.replace(/\.test$/, ' tests')})` : u.pkg));
    return [
      {
        severity: 'error',
        message: `not tidy: no module that go.mod requires provides ${shortList([...new Set(named)], NAMED)}`,
        why: 'go build fails with "no required module provides package" on every clean checkout, and go mod tidy would add the requirement.',
        file,
        fix: {
          summary: 'let the go command add the requirements (it needs the network for new modules), then stage both files',
          commands: tidy,
        },
      },
    ];
  }

  if (offline && failure.missing.length > 0) {
    const n = failure.missing.length;
    // go loads packages in parallel: sorted, for a stable message.
    const names = failure.missing.map((x) => `${x.path}@${x.version}`).sort(byPathThenVersion);
    const proxyOff = input.userGoProxy === 'off' ? ' Your GOPROXY is off: set one that serves these modules first.' : '';
    return [
      {
        severity: 'warning',
        notChecked: true,
        message: `go mod tidy needs ${n === 1 ? 'a module' : `${n} modules`} not in the module cache: ${shortList(names, NAMED)}`,
        why:
          'Offline, tidy needs every module it loads, including those only the tests of dependencies import; ' +
          '`go mod download` fetches only what go.mod requires.',
        file,
        fix: {
          summary:
            'with the network, run tidy once: it downloads what it loads into the module cache and writes no file ' +
            `(it exits 1 if the module is untidy); then check again.${proxyOff}`,
          commands: commandsFor(goArgv(m.rel, 'mod', 'tidy', '-diff')),
        },
      },
    ];
  }

  if (offline) {
    return [
      {
        severity: 'warning',
        notChecked: true,
        message: `go mod tidy could not run offline: ${firstLines(withoutProgress(r.stderr), 2).replace(/^go: /, '')}`,
        why: 'Offline, tidy needs every module it loads in the module cache.',
        file,
        fix: {
          summary: 'with the network, run tidy once: it fills the module cache and writes no file (it exits 1 if the module is untidy)',
          commands: commandsFor(goArgv(m.rel, 'mod', 'tidy', '-diff')),
        },
      },
    ];
  }

  return [
    {
      severity: 'error',
      message: `go mod tidy -diff failed: ${firstLines(withoutProgress(r.stderr) || `exit ${r.exitCode}`).replace(/^go: /, '')}`,
      file,
      fix: { summary: 'run it by hand to see the whole error', commands: commandsFor(goArgv(m.rel, 'mod', 'tidy', '-diff')) },
    },
  ];
}

/** .go files read at a time for the key: memory stays bounded whatever the module's size. */
const KEY_BATCH = 512;
/** Bytes first read of each .go file: a licence header and the imports fit (tailscale: 99% within 2.2 KB); longer imports are read whole. */
const HEAD_BYTES = 4 * 1024;
/** Imported directories outside the walk probed per key: beyond, the module is not cached. */
const MAX_PROBED_DIRS = 64;

/**
 * Reads for keys, shared by the modules of a run (each of terraform's ten submodules replaces
 * the root module, the whole repository). A read is reused only when it started at or after
 * the time asked: after a module's go run, its key is taken again from reads that began later.
 */
class KeyReads {
  private readonly entries = new Map<string, { started: number; value: Promise<unknown> }>();
  get<T>(key: string, notBefore: number, make: () => Promise<T>): Promise<T> {
    const e = this.entries.get(key);
    if (e && e.started >= notBefore) return e.value as Promise<T>;
    const started = performance.now();
    const value = make();
    this.entries.set(key, { started, value });
    return value;
  }
}
const keyReadsOf = new WeakMap<FileSource, KeyReads>();

/** What the key keeps of .go files (repo-relative); undefined for one that could not be read. */
async function readGoFiles(view: FileSource, rels: string[]): Promise<Map<string, KeyedGoFile | undefined>> {
  const out = new Map<string, KeyedGoFile | undefined>();
  for (let i = 0; i < rels.length; i += KEY_BATCH) {
    const batch = rels.slice(i, i + KEY_BATCH);
    const heads = await view.readHeads(batch, HEAD_BYTES);
    const longer: string[] = [];
    for (const f of batch) {
      const head = heads.get(f);
      const keyed = head && keyedGoFile(head.bytes, head.complete);
      if (keyed === 'more') longer.push(f);
      else out.set(f, keyed);
    }
    const whole = longer.length > 0 ? await view.readHeads(longer, Infinity) : new Map<string, FileHead | undefined>();
    for (const f of longer) {
      const head = whole.get(f);
      const keyed = head && keyedGoFile(head.bytes, true);
      out.set(f, keyed === 'more' ? undefined : keyed);
    }
  }
  return out;
}

type ModuleFiles = Omit<KeyedModule, 'paths' | 'tools'> | { absent: true } | { uncacheable: string };

/**
 * What tidy reads of one module (or a replacement's directory) as go will see it (view): its
 * module files, the import headers of its .go files, and whether each nested go.mod is one.
 */
async function moduleFiles(view: FileSource, rel: string, ignore: string[]): Promise<ModuleFiles> {
  const [goMod, goSum] = ['go.mod', 'go.sum'].map((f) => relJoin(rel, f));
  const modFiles = await view.readHeads([goMod, goSum], Infinity);
  const modBytes = modFiles.get(goMod)?.bytes;
  if (modBytes === undefined) return (await view.refusal(goMod)) ? { uncacheable: `${goMod} could not be read` } : { absent: true };
  const tree = moduleTree(await view.listFiles(rel, goWalkSkips(ignore)), rel);
  // go stops at a directory whose go.mod stats as a file: only regular files inside the repository are sure to.
  const nestedMods = await view.readHeads(
    tree.nested.map((n) => relJoin(rel, `${n}/go.mod`)),
    0,
  );
  for (const [f, head] of nestedMods) if (head === undefined) return { uncacheable: `${f} could not be read` };
  const read = await readGoFiles(
    view,
    tree.goFiles.map((f) => relJoin(rel, f)),
  );
  const files = new Map<string, KeyedGoFile>();
  for (const f of tree.goFiles) {
    const keyed = read.get(relJoin(rel, f));
    if (keyed) files.set(f, keyed);
  }
  return { rel, goMod: modBytes, goSum: modFiles.get(goSum)?.bytes, tree, files };
}

/**
 * A directory an import of a keyed module's own package leads to, outside the walk, looked up
 * as modload.dirInModule does: a go.mod on the way (below the module root) makes it another
 * module's; no .go file in it (of any name or kind: more than fsys.IsGoDir counts) makes it no
 * package; otherwise go loads its files. In a git tree a symbolic link on the way could lead
 * anywhere once extracted: no key.
 */
async function probeDir(view: FileSource, u: { dir: string; moduleRel: string }): Promise<ProbedDir | { uncacheable: string }> {
  const below = u.moduleRel === '.' ? u.dir : u.dir.slice(u.moduleRel.length + 1);
  const parts = below === '' || below === '.' ? [] : below.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const at = relJoin(u.moduleRel, parts.slice(0, i).join('/'));
    if (view.kind !== 'worktree' && (await view.refusal(at))?.kind === 'git-symlink') return { uncacheable: `${at} is a symbolic link` };
    const goMod = relJoin(at, 'go.mod');
    if ((await view.readHeads([goMod], 0)).get(goMod)) return { dir: u.dir, kind: 'other-module', at };
    if (await view.refusal(goMod)) return { uncacheable: `${goMod} could not be read` };
  }
  const names = (await view.listFiles(u.dir, () => true)).filter((f) => f.endsWith('.go'));
  if (names.length === 0) return { dir: u.dir, kind: 'no-package' };
  const sources = names.filter((f) => isGoSourceName(f.slice(f.lastIndexOf('/') + 1)));
  const read = await readGoFiles(view, sources);
  const files = new Map<string, KeyedGoFile>();
  for (const f of sources) {
    const keyed = read.get(f);
    if (!keyed) return { uncacheable: `${f} could not be read` };
    files.set(f.slice(f.lastIndexOf('/') + 1), keyed);
  }
  return { dir: u.dir, kind: 'package', files };
}

/**
 * The result-cache key of a module as go will see it (view: the files go reads), or why there is
 * none, from reads started at or after notBefore. Directory replacements must lead into the
 * repository: only there does every source hold them (a commit's go directory is extracted from it).
 */
export async function tidyCacheKey(ctx: Context, m: GoModule, view: FileSource, goEnv: GoEnv, notBefore = 0): Promise<TidyKey> {
  let reads = keyReadsOf.get(view);
  if (!reads) keyReadsOf.set(view, (reads = new KeyReads()));
  const targets = new Map<string, string[]>();
  for (const r of m.mod.replace.filter((x) => x.local)) {
    const rel = path.relative(ctx.root, path.resolve(m.dir, r.new.path)).split(path.sep).join('/') || '.';
    if (rel === '..' || rel.startsWith('../') || path.isAbsolute(rel)) {
      return { uncacheable: `replace ${r.old.path} => ${r.new.path} leads out of the repository` };
    }
    targets.set(rel, [...(targets.get(rel) ?? []), r.old.path]);
  }
  const ignore = m.mod.ignore.map((i) => i.path);
  const own = await reads.get(`module ${m.rel} ${JSON.stringify(ignore)}`, notBefore, () => moduleFiles(view, m.rel, ignore));
  if ('uncacheable' in own) return own;
  if ('absent' in own) return { uncacheable: `${m.modFile} could not be read` };
  const module: KeyedModule = { ...own, paths: [m.path], tools: m.mod.tool.map((t) => t.path) };
  const replacements: KeyedModule[] = [];
  const absentReplacements: string[] = [];
  for (const [rel, paths] of targets) {
    // A replacement's packages are loaded only when imported: a directory its walk leaves out is probed as any other.
    const target = await reads.get(`module ${rel} []`, notBefore, () => moduleFiles(view, rel, []));
    if ('uncacheable' in target) return target;
    if ('absent' in target) absentReplacements.push(rel);
    else replacements.push({ ...target, paths, tools: [] });
  }
  const probed: ProbedDir[] = [];
  for (let next = uncoveredImports(module, replacements); next.length > 0; next = uncoveredImports(module, replacements, probed)) {
    for (const u of next) {
      if (probed.length >= MAX_PROBED_DIRS) return { uncacheable: `it imports more than ${MAX_PROBED_DIRS} directories outside the walk` };
      const p = await reads.get(`probe ${u.moduleRel} ${u.dir}`, notBefore, () => probeDir(view, u));
      if ('uncacheable' in p) return p;
      probed.push(p);
    }
  }
  const settings = Object.fromEntries(TIDY_SETTINGS.map((k) => [k, goEnv.vars[k]]));
  return tidyKey({ settings, module, replacements, absentReplacements, probed });
}

/**
 * The module cache still holds what a tidy go.sum names (each /go.mod line's .mod file, each
 * module's tree or zip): a cache emptied since the recorded run makes go run again, and say
 * what it now misses, as it would without the record.
 */
async function cacheStillHolds(ctx: Context, m: GoModule, gomodcache: string): Promise<boolean> {
  const sum = (await ctx.goSum(m))?.sum;
  if (!sum) return true;
  for (const [modPath, versions] of sum.entries) {
    for (const [version, lines] of versions) {
      if (lines.mod && !ctx.host.exists(downloadFile(gomodcache, modPath, version, 'mod'))) return false;
      if (
        lines.zip &&
        !ctx.host.exists(extractedDir(gomodcache, modPath, version)) &&
        !ctx.host.exists(downloadFile(gomodcache, modPath, version, 'zip'))
      )
        return false;
    }
  }
  return true;
}

export default defineCheck({
  id: ID,
  title: 'go.mod and go.sum are tidy',
  hooks: ['pre-push', 'verify'],
  needsGo: true,
  goEnv: 'optional',
  options: {
    maxDiffLines: { type: 'number', default: 20, description: 'diff lines shown per file' },
    cache: {
      type: 'boolean',
      default: true,
      description:
        'skip go mod tidy -diff for a module when nothing tidy reads changed since a run found it tidy (go.mod, go.sum, ' +
        'the import lists of its .go files, its local replace targets, the go version and settings); --full bypasses it',
    },
    network: {
      type: 'boolean',
      default: false,
      description:
        'let go mod tidy -diff use your GOPROXY and GOSUMDB in the hooks too (it downloads into the module cache, never writes go.mod or go.sum); ' +
        'verify does this with --online',
    },
  },
  docs:
    'Runs `go mod tidy -diff` (Go 1.23 or newer; it writes nothing) offline in each module and reports the diff for ' +
    'go.mod and go.sum. Modules missing from the module cache make it "not checked" (a warning naming them, with the ' +
    'one command that fills the cache), never a pass; a go.mod with no Go code is skipped with an info line. With an ' +
    'older Go the check is skipped with an info line. A tidy result is remembered in the user cache dir until go.mod, ' +
    'go.sum, an import, the go version or GOFLAGS changes (--full runs go anyway).',
  appliesTo: (ctx) => ctx.modules.length > 0,
  run: async (ctx, { goEnv, options }) => {
    if (goEnv && compareGoVersions(goEnv.version, '1.23') < 0) {
      return [{ severity: 'info', notChecked: true, message: `go mod tidy -diff needs Go 1.23 or newer (this is go ${goEnv.version})` }];
    }
    const network = ctx.online || options.network;
    return perModule(ctx, async (m) => {
      // The index's goDir costs nothing; a commit's extracts the module, which a cached result spares.
      let where: GoDir | undefined = ctx.source.kind === 'index' ? await ctx.source.goDir(m) : undefined;
      if (where && !where.sameAsWorkTree) {
        // A copy of the staged go.mod/go.sum has no sources to tidy against.
        return [
          {
            severity: 'info',
            notChecked: true,
            message: `the staged go.mod/go.sum differ from the work tree, and tidiness needs the sources`,
            file: m.modFile,
          },
        ];
      }
      // The result cache (docs/checks/go-mod-tidy.md): a module found tidy is not tidied again while the key stays.
      const name = m.path || m.rel;
      const gomodcache = goEnv?.vars.GOMODCACHE;
      const view = await ctx.source.goReads(m);
      let key: string | undefined;
      if (options.cache && goEnv && gomodcache) {
        const started = performance.now();
        const k = await tidyCacheKey(ctx, m, view, goEnv);
        const took = `key in ${Math.round(performance.now() - started)} ms`;
        if ('uncacheable' in k) ctx.debug.log(`go-mod-tidy: ${name}: no result cache (${took}): ${k.uncacheable}`);
        else if (ctx.full) key = k.key;
        else if (!ctx.tidyCache.isTidy(gomodcache, k.key)) key = k.key;
        else if (!(await cacheStillHolds(ctx, m, gomodcache))) {
          ctx.debug.log(`go-mod-tidy: ${name}: tidy when last checked, but the module cache lost modules since: go runs`);
          key = k.key;
        } else {
          ctx.debug.log(`go-mod-tidy: ${name}: tidy (cached result, ${took}, key ${k.key.slice(0, 12)}): go mod tidy -diff not run`);
          return [];
        }
      }
      where ??= await ctx.source.goDir(m);
      // tidy ignores go.work anyway; GOWORK=off makes that explicit and stable across Go versions.
      const result = await ctx.go.run(['mod', 'tidy', '-diff'], { cwd: where.dir, env: { ...where.env, GOWORK: 'off' }, network });
      // Only "tidy" is remembered: anything else runs go again next time. The work tree may have
      // changed while go ran: the key must still be the one go saw.
      if (key && gomodcache && goEnv && result.exitCode === 0 && !result.timedOut) {
        const again = view.kind === 'worktree' ? await tidyCacheKey(ctx, m, view, goEnv, performance.now()) : { key };
        if ('key' in again && again.key === key) {
          ctx.tidyCache.rememberTidy(gomodcache, key, name);
          ctx.debug.log(`go-mod-tidy: ${name}: tidy, recorded (key ${key.slice(0, 12)})`);
        } else ctx.debug.log(`go-mod-tidy: ${name}: tidy, not recorded: files changed while go ran`);
      }
      if (result.exitCode !== 0 && !result.timedOut && !(await holdsGoCode(ctx, m))) {
        return [
          {
            severity: 'info',
            message:
              'no Go packages here, so this go.mod is not a Go build: go mod tidy does not apply (it would remove every requirement)',
            file: m.modFile,
          },
        ];
      }
      return tidyDrafts({
        mod: m,
        result,
        maxLines: options.maxDiffLines,
        timeoutMs: ctx.timeoutMs,
        network,
        siblings: result.exitCode !== 0 && m.workspace ? await workspaceSiblings(ctx, m) : [],
        userGoProxy: goEnv?.vars.GOPROXY,
      });
    });
  },
});
