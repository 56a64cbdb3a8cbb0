// The key of a `go mod tidy -diff` result: a hash of everything tidy reads
// to decide, and nothing else, so that a run that found a module tidy can be
// trusted for as long as the key stays the same (go-mod-tidy's result cache).
//
// What tidy reads (cmd/go/internal/modload, imports.ScanDir): go.mod and
// go.sum; the go command itself and the settings that change loading; and,
// for every package of the module, tests included, the import lists of its
// .go files under every build tag (imports.AnyTags: only files constrained
// by "ignore" drop out, so each file's constraint lines are part of the key);
// for each local `replace`, the target's go.mod and go.sum and the import
// lists of its packages (they are loaded as well). Everything a package's
// dependencies in the module cache hold is fixed by their versions, which
// go.mod and go.sum name. A function body is not read, so editing one keeps
// the key. Pure: text in, key out.

import { createHash } from 'node:crypto';
import { unquoteImport, type GoImportFacts } from './goimports.js';

/** Bumped whenever what the key covers, or how tidy is run, changes: older records then never match. */
export const TIDY_KEY_FORMAT = 1;

/** `go env` settings that choose the go command or change how it loads the module graph and packages. */
export const TIDY_SETTINGS = [
  'GOVERSION',
  'GOROOT',
  'GOFLAGS',
  'GOEXPERIMENT',
  'GODEBUG',
  'GOWORK',
  'GO111MODULE',
  'GOMODCACHE',
  'GOOS',
  'GOARCH',
  'CGO_ENABLED',
] as const;

/**
 * Directories the go command never looks into for packages (modload.matchPackages):
 * names starting with . or _, testdata, and vendor (in module mode a path with a
 * vendor element is no package of the module).
 */
export const skippedGoDir = (name: string): boolean =>
  name.startsWith('.') || name.startsWith('_') || name === 'testdata' || name === 'vendor';

/** A file imports.ScanDir reads: *.go, not named _* or .*. */
export const isGoSourceName = (name: string): boolean => name.endsWith('.go') && !name.startsWith('_') && !name.startsWith('.');

export interface ModuleTree {
  /** Module-relative paths of the .go files of the module's packages, sorted. */
  goFiles: string[];
  /** Module-relative directories holding a go.mod of their own (nested modules), sorted. */
  nested: string[];
}

const dirOf = (rel: string) => (rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '');
const within = (rel: string, dir: string) => dir === '' || rel === dir || rel.startsWith(`${dir}/`);

/**
 * The module's own .go files from a listing of the files below it (repo-relative,
 * skippedGoDir directories already left out): not in a nested module.
 */
export function moduleTree(listing: string[], moduleRel: string): ModuleTree {
  const prefix = moduleRel === '.' || moduleRel === '' ? '' : `${moduleRel}/`;
  const below = listing.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length));
  const nested = below.filter((f) => f.endsWith('/go.mod')).map((f) => f.slice(0, -'/go.mod'.length));
  const goFiles = below.filter((f) => {
    const name = f.slice(f.lastIndexOf('/') + 1);
    if (!isGoSourceName(name)) return false;
    const dir = dirOf(f);
    return !nested.some((n) => within(dir, n));
  });
  return { goFiles: goFiles.sort(), nested: nested.sort() };
}

export interface KeyedModule {
  /** Repo-relative directory. */
  rel: string;
  /** The module paths its packages are imported under (its module line; for a replacement, the paths replaced by it). */
  paths: string[];
  goMod: string;
  goSum: string | undefined;
  tree: ModuleTree;
  /** Module-relative .go path → what go's import reader reads of it (readGoImports); absent when it could not be read. */
  facts: Map<string, GoImportFacts>;
  /** go.mod's `tool` lines: packages loaded besides the imports. */
  tools: string[];
}

export interface TidyKeyInput {
  /** TIDY_SETTINGS as go env reports them. */
  settings: Record<string, string | undefined>;
  module: KeyedModule;
  /** The targets of go.mod's directory replacements. */
  replacements: KeyedModule[];
}

export type TidyKey = { key: string } | { uncacheable: string };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** GOFLAGS that make tidy read another go.mod than the one in the key. */
const OTHER_MODFILE = /(^|\s)--?modfile(=|\s|$)/;

/**
 * The key, or why there is none: a file that could not be read, an import into
 * a directory the key does not cover (testdata, vendor, _x, .x, a symbolic link
 * …: go would read it, the key would not), or -modfile in GOFLAGS.
 */
export function tidyKey(input: TidyKeyInput): TidyKey {
  if (OTHER_MODFILE.test(input.settings.GOFLAGS ?? '')) return { uncacheable: 'GOFLAGS sets -modfile' };
  const modules = [input.module, ...input.replacements];
  const hash = createHash('sha256');
  const put = (record: unknown) => hash.update(`${JSON.stringify(record)}\n`);
  put(['gohooks go mod tidy -diff', TIDY_KEY_FORMAT, 'GOWORK=off']);
  put(TIDY_SETTINGS.map((k) => [k, input.settings[k] ?? null]));
  const imported: string[] = [...input.module.tools];
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
      const facts = m.facts.get(f);
      if (facts === undefined) return { uncacheable: `${m.rel}/${f} could not be read` };
      put([f, facts.constraints, facts.imports, facts.nul, facts.syntaxError]);
      for (const lit of facts.imports) {
        const p = unquoteImport(lit);
        if (p !== undefined) imported.push(p);
      }
    }
  }
  const outside = uncoveredImport(imported, modules);
  if (outside) return { uncacheable: `${outside} is in a directory the key does not cover` };
  return { key: hash.digest('hex') };
}

/** The first import of a keyed module's own package that no file in the key belongs to. */
function uncoveredImport(imports: string[], modules: KeyedModule[]): string | undefined {
  const owners = modules.flatMap((m) => m.paths.map((p) => ({ path: p, m, dirs: new Set(m.tree.goFiles.map(dirOf)) })));
  owners.sort((a, b) => b.path.length - a.path.length);
  for (const imp of new Set(imports)) {
    const owner = owners.find((o) => imp === o.path || imp.startsWith(`${o.path}/`));
    if (!owner) continue;
    const dir = imp === owner.path ? '' : imp.slice(owner.path.length + 1);
    if (owner.m.tree.nested.some((n) => within(dir, n))) continue; // another module's package: go.mod and go.sum decide
    if (!owner.dirs.has(dir)) return imp;
  }
  return undefined;
}
