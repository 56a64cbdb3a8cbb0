// The key of a `go mod tidy -diff` result: a hash of everything that can
// change what tidy decides, so that a run that found a module tidy can be
// trusted for as long as the key stays the same (go-mod-tidy's result cache).
// Pure: bytes and text in, key out.
//
// What tidy reads (cmd/go/internal/modload, cmd/go/internal/imports):
//   - go.mod and go.sum (GOWORK=off: never go.work or go.work.sum);
//   - the go command and the settings that change how it loads (TIDY_SETTINGS);
//   - for every package of the module ("all" is rooted at every package the
//     walk in modload/search.go finds, tests included), what the import reader
//     reads of each .go file: the bytes up to the first one after the imports
//     (imports.ReadImports). Those bytes hold the build constraints too, and
//     tidy loads under every tag (imports.AnyTags: MatchFile takes every file
//     name, matchTag every tag but "ignore"), so the key holds them whatever
//     they say; a function body is not read, so editing one keeps the key;
//   - for each directory `replace`, the target's go.mod and the import headers
//     of its packages (its go.sum too, which tidy does not read: more in the key
//     costs a re-run at worst, less would cost a miss).
// Everything a dependency in the module cache holds is fixed by its version
// and its go.sum hashes, which go.mod and go.sum name.
//
// An import of one of the keyed modules' own packages in a directory the walk
// leaves out (testdata, _x, .x, a vendor subdirectory, an ignored directory)
// is looked up as go looks it up (modload.dirInModule): a go.mod on the way
// makes it another module's package; a directory without any .go file
// (fsys.IsGoDir) is no package of the module, so go looks elsewhere
// (tailscale.com imports tailscale.com/client/tailscale/v2, a module of its
// own in the module cache); otherwise go loads it, and its files join the key
// (terraform imports a package in internal/command/testdata). The check probes
// those directories on every run (ProbedDir) and the key holds what it found.

import { createHash } from 'node:crypto';
import { importPath, readImportHeader } from './goimports.js';

/** Bumped whenever what the key covers, or how tidy is run, changes: older records then never match. */
export const TIDY_KEY_FORMAT = 1;

/**
 * `go env` settings in the key: the go command itself (GOVERSION, GOROOT) and
 * what changes how it loads modules and packages. Left out on purpose:
 * GOOS, GOARCH and CGO_ENABLED (tidy loads under every build tag and file
 * name: imports.AnyTags, and CgoEnabled only matters for the std walk, which
 * tidy does not do); GOWORK and GOTOOLCHAIN (gohooks runs tidy with
 * GOWORK=off and GOTOOLCHAIN=local); GOPROXY, GOSUMDB, GONOSUMDB, GOPRIVATE,
 * GONOPROXY, GOINSECURE, GOAUTH and GOVCS (they decide where a missing module
 * would come from, so whether tidy can run, never what a run that found every
 * module decides: their content is pinned by go.sum).
 */
export const TIDY_SETTINGS = [
  'GOVERSION',
  'GOROOT',
  'GOFLAGS',
  'GOEXPERIMENT',
  'GODEBUG',
  'GOFIPS140',
  'GO111MODULE',
  'GOMODCACHE',
] as const;

/** A file imports.ScanDir reads: *.go, not named _* or .*. */
export const isGoSourceName = (name: string): boolean => name.endsWith('.go') && !name.startsWith('_') && !name.startsWith('.');

/** search.IgnorePatterns.ShouldIgnore: `ignore ./x` matches x at the module root, `ignore x` any directory named x (module-relative dir). */
export function ignoredByGo(dir: string, patterns: string[]): boolean {
  if (dir === '') return false;
  const normalize = (p: string) => {
    const q = p.startsWith('/') ? p : `/${p}`;
    return q.endsWith('/') ? q : `${q}/`;
  };
  const d = normalize(dir);
  return patterns.some((p) => (p.startsWith('./') ? d.startsWith(normalize(p.slice(2))) : d.includes(normalize(p))));
}

/**
 * The directories modload's walk for "all" does not enter (search.go, walkPkgs):
 * names starting with . or _, testdata, `ignore`d directories, and everything
 * below a directory named vendor (whose own files are a package). name is the
 * directory's name, rel its path below the module root. Nested modules are
 * left out afterwards (moduleTree): only the listing shows their go.mod.
 */
export function goWalkSkips(ignorePatterns: string[]): (name: string, rel: string) => boolean {
  return (name, rel) => {
    if (name.startsWith('.') || name.startsWith('_') || name === 'testdata') return true;
    const parent = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
    if (parent.split('/').pop() === 'vendor') return true;
    return ignoredByGo(rel, ignorePatterns);
  };
}

export interface ModuleTree {
  /** Module-relative paths of the .go files of the module's packages, sorted. */
  goFiles: string[];
  /** Module-relative directories holding a go.mod of their own (nested modules), sorted. */
  nested: string[];
}

const dirOf = (rel: string) => (rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '');
const within = (rel: string, dir: string) => dir === '' || rel === dir || rel.startsWith(`${dir}/`);

/**
 * The module's own .go files from a listing of the files below it
 * (repo-relative, goWalkSkips already applied): those outside nested modules.
 */
export function moduleTree(listing: string[], moduleRel: string): ModuleTree {
  const prefix = moduleRel === '.' || moduleRel === '' ? '' : `${moduleRel}/`;
  const below = listing.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length));
  const nested = below.filter((f) => f.endsWith('/go.mod')).map((f) => f.slice(0, -'/go.mod'.length));
  const goFiles = below.filter((f) => {
    if (!isGoSourceName(f.slice(f.lastIndexOf('/') + 1))) return false;
    const dir = dirOf(f);
    return !nested.some((n) => within(dir, n));
  });
  return { goFiles: goFiles.sort(), nested: nested.sort() };
}

/** What the key keeps of one .go file. */
export interface KeyedGoFile {
  /** The bytes go's import reader decides on (the whole file after a syntax error or a NUL), copied. */
  covered: Uint8Array;
  /** Its import paths, unquoted (those go would skip left out). */
  imports: string[];
}

/**
 * A .go file for the key, from its first bytes: 'more' when go's reader needs
 * bytes after them (complete: the bytes are the whole file).
 */
export function keyedGoFile(bytes: Uint8Array, complete: boolean): KeyedGoFile | 'more' {
  const h = readImportHeader(bytes);
  if (h.stop !== 'declaration' && !complete) return 'more';
  return {
    covered: Uint8Array.prototype.slice.call(bytes, 0, h.stop === 'declaration' ? h.end + 1 : bytes.length),
    imports: h.imports.map(importPath).filter((p): p is string => p !== undefined),
  };
}

export interface KeyedModule {
  /** Repo-relative directory. */
  rel: string;
  /** The module paths its packages are imported under (its module line; for a replacement, the paths replaced by it). */
  paths: string[];
  /** go.mod's bytes. */
  goMod: Uint8Array;
  /** go.sum's bytes; undefined when there is none. */
  goSum: Uint8Array | undefined;
  tree: ModuleTree;
  /** Module-relative .go path → keyedGoFile; absent when it could not be read. */
  files: Map<string, KeyedGoFile>;
  /** go.mod's `tool` packages: loaded besides the imports. */
  tools: string[];
}

/** What a directory an import leads to, outside the walk, was found to be (probed on every run). */
export type ProbedDir =
  /** It holds no .go file: go looks for the package in other modules. */
  | { dir: string; kind: 'no-package' }
  /** A go.mod at `at`, between the module root and it: another module's package. */
  | { dir: string; kind: 'other-module'; at: string }
  /** A package of the module: go loads its files (by name). */
  | { dir: string; kind: 'package'; files: Map<string, KeyedGoFile> };

export interface TidyKeyInput {
  /** TIDY_SETTINGS as go env reports them. */
  settings: Record<string, string | undefined>;
  module: KeyedModule;
  /** The targets of go.mod's directory replacements that hold a go.mod. */
  replacements: KeyedModule[];
  /** Repo-relative targets of directory replacements without a go.mod (go fails only if it needs one: then it runs). */
  absentReplacements?: string[];
  /** The directories uncoveredImports named, as probed. */
  probed: ProbedDir[];
}

export type TidyKey = { key: string } | { uncacheable: string };

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** GOFLAGS that make tidy read another go.mod than the one in the key. */
const OTHER_MODFILE = /(^|\s)--?modfile(=|\s|$)/;

const byDir = (a: { dir: string }, b: { dir: string }) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0);

/** The key, or why there is none. */
export function tidyKey(input: TidyKeyInput): TidyKey {
  if (OTHER_MODFILE.test(input.settings.GOFLAGS ?? '')) return { uncacheable: 'GOFLAGS sets -modfile' };
  const modules = [input.module, ...input.replacements];
  const hash = createHash('sha256');
  const put = (record: unknown) => hash.update(`${JSON.stringify(record)}\n`);
  const putFile = (name: string, f: KeyedGoFile) => {
    put([name, f.covered.length]);
    hash.update(f.covered);
  };
  put(['gohooks go mod tidy -diff', TIDY_KEY_FORMAT, 'GOWORK=off']);
  put(TIDY_SETTINGS.map((k) => [k, input.settings[k] ?? null]));
  for (const [i, m] of modules.entries()) {
    put([
      i === 0 ? 'module' : 'replacement',
      m.rel,
      m.paths,
      sha256(m.goMod),
      m.goSum === undefined ? null : sha256(m.goSum),
      m.tree.nested,
    ]);
    for (const f of m.tree.goFiles) {
      const keyed = m.files.get(f);
      if (keyed === undefined) return { uncacheable: `${relJoin(m.rel, f)} could not be read` };
      putFile(f, keyed);
    }
  }
  put(['replacements without go.mod', [...(input.absentReplacements ?? [])].sort()]);
  const missing = uncoveredImports(input.module, input.replacements, input.probed)[0];
  if (missing) return { uncacheable: `it imports ${missing.importPath}, in a directory the key does not cover` };
  for (const p of [...input.probed].sort(byDir)) {
    if (p.kind !== 'package') {
      put([p.kind, p.dir, p.kind === 'other-module' ? p.at : null]);
      continue;
    }
    put([p.kind, p.dir, p.files.size]);
    for (const name of [...p.files.keys()].sort()) putFile(name, p.files.get(name)!);
  }
  return { key: hash.digest('hex') };
}

const relJoin = (dir: string, name: string) => (dir === '.' || dir === '' ? name : `${dir}/${name}`);

/**
 * Imports (and tools) of the keyed modules' own packages whose directory holds no
 * file of the key and was not probed yet, with that directory (repo-relative),
 * sorted: the directories to probe next (the imports of a probed package count).
 */
export function uncoveredImports(
  module: KeyedModule,
  replacements: KeyedModule[],
  probed: ProbedDir[] = [],
): { importPath: string; dir: string; moduleRel: string }[] {
  const modules = [module, ...replacements];
  const known = new Set(probed.map((p) => p.dir));
  const imports = new Set(module.tools);
  const add = (files: Iterable<KeyedGoFile>) => {
    for (const f of files) for (const i of f.imports) imports.add(i);
  };
  for (const m of modules) add(m.files.values());
  for (const p of probed) if (p.kind === 'package') add(p.files.values());
  const owners = modules.flatMap((m) => m.paths.map((p) => ({ path: p, m })));
  owners.sort((a, b) => b.path.length - a.path.length);
  const out = new Map<string, { importPath: string; dir: string; moduleRel: string }>();
  for (const imp of imports) {
    const owner = owners.find((o) => imp === o.path || imp.startsWith(`${o.path}/`));
    if (!owner) continue;
    const dir = imp === owner.path ? '' : imp.slice(owner.path.length + 1);
    if (owner.m.tree.nested.some((n) => within(dir, n))) continue; // another module's package: go.mod and go.sum decide
    if (packageDirs(owner.m.tree).has(dir)) continue;
    const rel = dir === '' ? owner.m.rel : relJoin(owner.m.rel, dir);
    if (!known.has(rel) && !out.has(rel)) out.set(rel, { importPath: imp, dir: rel, moduleRel: owner.m.rel });
  }
  return [...out.values()].sort(byDir);
}

const dirsOf = new WeakMap<ModuleTree, Set<string>>();
/** The directories (module-relative) that hold a .go file of the tree. */
function packageDirs(tree: ModuleTree): Set<string> {
  let dirs = dirsOf.get(tree);
  if (!dirs) dirsOf.set(tree, (dirs = new Set(tree.goFiles.map(dirOf))));
  return dirs;
}
