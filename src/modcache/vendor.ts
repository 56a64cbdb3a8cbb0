// vendor/ against the verified module cache: every vendored file must be
// byte-identical to the same file of the module version in the cache, and the
// set of files must be what `go mod vendor` copies (nothing verifies vendor/
// today: golang/go#27348).
//
// The rule, from cmd/go/internal/modcmd/vendor.go (vendorPkg, copyDir,
// copyMetadata, matchPotentialSourceFile, matchMetadata) and
// cmd/go/internal/load.resolveEmbed, for every package vendor/modules.txt lists:
//  1. every regular file directly in the package directory (not below it),
//     except *_test.go, except go.mod and go.sum when the main module's go
//     version is 1.17 or later, and except .go files whose build constraints
//     exclude them under every tag set (only "ignore", a malformed //go:build or
//     two //go:build lines do);
//  2. the files its //go:embed patterns select (patterns of non-test files; of
//     test files too before go 1.22), which may lie in subdirectories;
//  3. in every directory from the package's parent up to the module root,
//     regular files whose names start with AUTHORS, CONTRIBUTORS, COPYLEFT,
//     COPYING, COPYRIGHT, LEGAL, LICENSE, NOTICE or PATENTS;
// and vendor/modules.txt itself. Nothing else.

import { closeSync, existsSync, lstatSync, openSync, readdirSync, readFileSync, readSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { compareGoVersions } from '../gomod/goversion.js';
import { extractedDir } from '../gomod/modcache.js';
import { isDirectoryPath } from '../gomod/modpath.js';
import { parseModulesTxtBlocks } from '../gomod/vendor.js';
import { walkFiles } from '../tools/fswalk.js';
import { EmbedError, resolveEmbed } from './embed.js';
import { goFileFacts, vendorKeepsGoFile } from './gofile.js';
import type { VersionResult } from './types.js';

/** Files the go command compiles or links from a package directory (go/build's source kinds, .syso); embedded data is not. */
const BUILD_SOURCE = /\.(go|c|cc|cpp|cxx|h|hh|hpp|hxx|m|s|S|sx|f|F|for|f90|swig|swigcxx|syso)$/;

const META_PREFIXES = ['AUTHORS', 'CONTRIBUTORS', 'COPYLEFT', 'COPYING', 'COPYRIGHT', 'LEGAL', 'LICENSE', 'NOTICE', 'PATENTS'];

export interface VendorOptions {
  /** The directory holding vendor/ (the main module, or the workspace with "## workspace"). */
  moduleDir: string;
  gomodcache: string;
  /** The main module's go version (the go.work's for a workspace vendor directory). */
  goVersion: string;
  /** The engine's result for a module version (the replacement's when replaced), to know the cache copy is verified. */
  verified: (modPath: string, version: string) => VersionResult | undefined;
}

export interface VendorModuleRef {
  path: string;
  version: string;
  /** What the cache must hold: the replacement when there is one. */
  source: { path: string; version?: string };
}

export interface VendorReport {
  /** Modules compared file by file. */
  checked: VendorModuleRef[];
  /** Modules that could not be compared, and how to make them comparable. */
  notChecked: (VendorModuleRef & {
    reason: 'not-downloaded' | 'not-verified' | 'local-missing' | 'not-in-build-list';
    command?: string[];
  })[];
  /** Vendor-relative paths (forward slashes) whose content differs from the cache copy. */
  modified: string[];
  /** Files go mod vendor would not have copied. */
  added: string[];
  /** Files go mod vendor would have copied that vendor/ lacks. */
  missing: string[];
  /** modules.txt absent or a package it lists not found in its module. */
  problems: string[];
}

function regularFiles(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).filter((d) => d.isFile());
  } catch {
    return [];
  }
}

function sameBytes(a: string, b: string): boolean {
  let sa, sb;
  try {
    sa = lstatSync(a);
    sb = statSync(b);
  } catch {
    return false;
  }
  if (!sa.isFile() || sa.size !== sb.size) return false;
  if (sa.size <= 1 << 20) return readFileSync(a).equals(readFileSync(b));
  const fa = openSync(a, 'r');
  const fb = openSync(b, 'r');
  try {
    const ba = Buffer.allocUnsafe(1 << 20);
    const bb = Buffer.allocUnsafe(1 << 20);
    for (let pos = 0; ;) {
      const na = readSync(fa, ba, 0, ba.length, pos);
      const nb = readSync(fb, bb, 0, bb.length, pos);
      if (na !== nb) return false;
      if (na === 0) return true;
      if (!ba.subarray(0, na).equals(bb.subarray(0, nb))) return false;
      pos += na;
    }
  } finally {
    closeSync(fa);
    closeSync(fb);
  }
}

/** Files of one package that go mod vendor copies: vendor-relative path → source file. */
function packageFiles(
  pkg: string,
  modPath: string,
  root: string,
  goVersion: string,
  expected: Map<string, string>,
  uncertain: Set<string>,
  built: Set<string>,
): string | undefined {
  const sub = pkg === modPath ? '' : pkg.slice(modPath.length + 1);
  const src = sub ? path.join(root, ...sub.split('/')) : root;
  let st;
  try {
    st = statSync(src);
  } catch {
    return `package ${pkg} is listed in vendor/modules.txt but not found in ${modPath}`;
  }
  if (!st.isDirectory()) return `package ${pkg} is listed in vendor/modules.txt but not found in ${modPath}`;
  // A main module without a go line counts as go 1.16.
  goVersion ||= '1.16';
  const stripGoMod = compareGoVersions(goVersion, '1.17') >= 0;
  const embedTests = compareGoVersions(goVersion, '1.22') < 0;
  const patterns = new Set<string>();
  for (const d of regularFiles(src)) {
    const name = d.name;
    const abs = path.join(src, name);
    const isGo = name.endsWith('.go');
    const isTest = name.endsWith('_test.go');
    const text = isGo && (!isTest || embedTests) ? readFileSync(abs, 'utf8') : undefined;
    // Most files have neither constraints nor embeds: only those are tokenized.
    const facts = text !== undefined && (text.includes('go:embed') || text.includes('build')) ? goFileFacts(text) : undefined;
    if (facts && !name.startsWith('_') && !name.startsWith('.')) {
      // go/build (UseAllFiles) collects embed patterns from every Go file, whatever its constraints.
      if (facts.packageName !== 'documentation') for (const p of facts.embeds) patterns.add(p);
    }
    if (isTest) continue;
    if (stripGoMod && (name === 'go.mod' || name === 'go.sum')) continue;
    if (facts && text !== undefined && !vendorKeepsGoFile(text, facts)) continue;
    expected.set(`${pkg}/${name}`, abs);
    if (BUILD_SOURCE.test(name)) built.add(`${pkg}/${name}`);
  }
  if (patterns.size > 0) {
    try {
      for (const rel of resolveEmbed(src, [...patterns].sort())) {
        expected.set(`${pkg}/${rel}`, path.join(src, ...rel.split('/')));
      }
    } catch (e) {
      if (!(e instanceof EmbedError)) throw e;
      // go mod vendor fails on this package's embeds; do not guess which files belong: accept identical copies below it.
      uncertain.add(pkg);
    }
  }
  // Metadata from the parents of the package directory, up to the module root.
  let dir = pkg;
  while (dir !== modPath && dir.length > modPath.length) {
    dir = path.posix.dirname(dir);
    const s = dir === modPath ? root : path.join(root, ...dir.slice(modPath.length + 1).split('/'));
    for (const d of regularFiles(s))
      if (META_PREFIXES.some((p) => d.name.startsWith(p))) expected.set(`${dir}/${d.name}`, path.join(s, d.name));
  }
  return undefined;
}

/** Every file below dir (forward-slash relative paths), symlinks and other non-directories included. */
function listTree(dir: string): string[] {
  const out: string[] = [];
  walkFiles(dir, { onFile: (_abs, rel) => void out.push(rel) });
  return out;
}

function owner(file: string, modulePaths: string[]): string | undefined {
  let best: string | undefined;
  for (const m of modulePaths) if (file.startsWith(`${m}/`) && (!best || m.length > best.length)) best = m;
  return best;
}

export function verifyVendor(opts: VendorOptions): VendorReport {
  const report: VendorReport = { checked: [], notChecked: [], modified: [], added: [], missing: [], problems: [] };
  const vendorDir = path.join(opts.moduleDir, 'vendor');
  let text: string;
  try {
    text = readFileSync(path.join(vendorDir, 'modules.txt'), 'utf8');
  } catch {
    report.problems.push('vendor/modules.txt is missing: go builds with -mod=vendor will fail');
    return report;
  }
  const modules = parseModulesTxtBlocks(text).filter((m) => m.path !== '');
  const expected = new Map<string, string>();
  const uncertain = new Set<string>();
  const unchecked = new Set<string>();
  const built = new Set<string>();
  for (const m of modules) {
    if (m.packages.length === 0) continue;
    const ref: VendorModuleRef = { path: m.path, version: m.version, source: m.replacement ?? { path: m.path, version: m.version } };
    let root: string;
    if (m.replacement && isDirectoryPath(m.replacement.path)) {
      root = path.resolve(opts.moduleDir, m.replacement.path);
      try {
        if (!statSync(root).isDirectory()) throw new Error('not a directory');
      } catch {
        report.notChecked.push({ ...ref, reason: 'local-missing' });
        unchecked.add(m.path);
        continue;
      }
    } else {
      const src = m.replacement?.version
        ? { path: m.replacement.path, version: m.replacement.version }
        : { path: m.path, version: m.version };
      const r = opts.verified(src.path, src.version);
      if (!r) {
        // vendor/ lists a version the build list does not have: stale vendoring, go-mod-hygiene's finding.
        report.notChecked.push({ ...ref, reason: 'not-in-build-list' });
        unchecked.add(m.path);
        continue;
      }
      if (
        r.status === 'mod-verified' ||
        (r.status === 'not-downloaded' && existsSync(extractedDir(opts.gomodcache, src.path, src.version)))
      ) {
        // The graph holds it only as a go.mod (no build selects it): stale vendoring, go-mod-hygiene's finding.
        report.notChecked.push({ ...ref, reason: 'not-in-build-list' });
        unchecked.add(m.path);
        continue;
      }
      if (r.status === 'not-downloaded' || r.status === 'partial' || r.hashes.dir === undefined) {
        report.notChecked.push({ ...ref, reason: 'not-downloaded', command: ['go', 'mod', 'download', `${src.path}@${src.version}`] });
        unchecked.add(m.path);
        continue;
      }
      if (r.status !== 'verified') {
        report.notChecked.push({ ...ref, reason: 'not-verified' });
        unchecked.add(m.path);
        continue;
      }
      root = extractedDir(opts.gomodcache, src.path, src.version);
    }
    report.checked.push(ref);
    for (const pkg of m.packages) {
      if (pkg !== m.path && !pkg.startsWith(`${m.path}/`)) {
        report.problems.push(`package ${pkg} is listed under module ${m.path} in vendor/modules.txt`);
        continue;
      }
      const problem = packageFiles(pkg, m.path, root, opts.goVersion, expected, uncertain, built);
      if (problem) report.problems.push(problem);
    }
  }

  const modulePaths = modules.map((m) => m.path);
  const present = new Set<string>();
  for (const rel of listTree(vendorDir)) {
    if (rel === 'modules.txt') continue;
    present.add(rel);
    const src = expected.get(rel);
    if (src !== undefined) {
      if (!sameBytes(path.join(vendorDir, ...rel.split('/')), src)) report.modified.push(rel);
      continue;
    }
    const own = owner(rel, modulePaths);
    if (own && unchecked.has(own)) continue;
    const pkgUnder = [...uncertain].find((p) => rel.startsWith(`${p}/`));
    if (pkgUnder) {
      // Embeds we could not resolve: an identical copy of the module's own file is accepted.
      const mod = modules.find((m) => m.path === owner(pkgUnder + '/x', modulePaths));
      if (mod) {
        const r = report.checked.find((c) => c.path === mod.path);
        const src2 =
          r && r.source.version
            ? extractedDir(opts.gomodcache, r.source.path, r.source.version)
            : r && path.resolve(opts.moduleDir, r.source.path);
        const cand = src2 && path.join(src2, ...rel.slice(mod.path.length + 1).split('/'));
        if (cand && sameBytes(path.join(vendorDir, ...rel.split('/')), cand)) continue;
      }
    }
    report.added.push(rel);
  }
  // Only what the compiler reads: a repository may git-ignore READMEs, configs, even embedded data (k6) that go mod
  // vendor copies; a missing file injects no code. Changed and added files are always reported.
  for (const rel of expected.keys()) if (!present.has(rel) && built.has(rel)) report.missing.push(rel);
  report.modified.sort();
  report.added.sort();
  report.missing.sort();
  return report;
}
