// The module versions a repository's builds use: the union of the build lists
// of its modules and workspaces, from the go command itself
// (`go list -m -e -json all`, offline, read-only), plus every go.sum /go.mod line
// (the go.mod files of the module graph, which go checks when loading it).
// A build list only changes when go.mod, go.sum, go.work, a local
// replacement's go.mod, the go version or the flags change, so each answer is
// cached under a hash of exactly those.

import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseGoSum, type GoSum } from '../gomod/gosum.js';
import { parseModFile } from '../gomod/modfile.js';
import type { ExecResult } from '../tools/exec.js';
import { quickGoSetting } from '../tools/go.js';
import type { Platform } from '../platform.js';
import { userCacheDir } from '../platform.js';
import type { ModuleSums, VersionInput } from './types.js';

export interface BuildListUnit {
  /** Where go runs: a module directory, or the directory of a go.work. */
  dir: string;
  /** Extra environment for this unit (GOWORK=off for a module outside its go.work). */
  env?: Record<string, string>;
}

export interface VersionSetOptions {
  units: BuildListUnit[];
  /**
   * Runs go (through GoTool: offline, GOSUMDB=off, GOTOOLCHAIN=local, no prompts, the time limit);
   * `env` is what this call adds on top.
   */
  runGo: (args: string[], opts: { cwd: string; env: Record<string, string> }) => Promise<ExecResult>;
  /** The user's environment; go runs with GOPROXY=off, GOSUMDB=off, GOTOOLCHAIN=local, GOFLAGS=-mod=readonly on top. */
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** The go version (`go env GOVERSION`): part of the cache key. */
  goVersion: string;
  /** Where answers are cached (see defaultBuildListCacheDir); undefined: no cache. */
  cacheDir?: string;
}

export interface UnitFailure {
  dir: string;
  /** go's stderr (first lines) or why go did not run. */
  message: string;
  timedOut: boolean;
}

export interface VersionSet {
  /** Build-list versions (full checks) and graph-only go.mod versions (modOnly), each with its go.sum hashes. */
  versions: VersionInput[];
  failures: UnitFailure[];
  /**
   * path@version whose go.mod the module graph needs but the cache lacks (go
   * mod graph names them offline): the build list may miss what they require.
   */
  incomplete: string[];
  /** Units answered from the cache, without starting go. */
  cached: number;
}

export const BUILD_LIST_CACHE_FORMAT = 1;

export function defaultBuildListCacheDir(platform: Platform, env: NodeJS.ProcessEnv): string | undefined {
  const base = userCacheDir(platform, env);
  const p = platform === 'win32' ? path.win32 : path.posix;
  return base ? p.join(base, 'gohooks', `buildlist-v${BUILD_LIST_CACHE_FORMAT}`) : undefined;
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The go.work that applies in dir (GOWORK, else the nearest go.work above), undefined when none or GOWORK=off. */
export function goWorkFor(dir: string, env: NodeJS.ProcessEnv): string | undefined {
  const setting = quickGoSetting(env, 'GOWORK');
  if (setting === 'off') return undefined;
  if (setting) return path.resolve(dir, setting);
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const f = path.join(d, 'go.work');
    if (existsSync(f)) return f;
    if (path.dirname(d) === d) return undefined;
  }
}

interface UnitFiles {
  /** File name → content: everything the build list depends on. */
  inputs: [string, string][];
  /** The go.sum files (and go.work.sum) whose hashes the versions are checked against. */
  sums: GoSum[];
}

/** The files a unit's build list depends on: go.work and its modules, or go.mod; go.sum; local replacements' go.mod. */
function unitFiles(dir: string, env: NodeJS.ProcessEnv): UnitFiles {
  const inputs: [string, string][] = [];
  const sums: GoSum[] = [];
  const add = (file: string) => {
    const text = read(file);
    inputs.push([file, text ?? '\u0000absent']);
    return text;
  };
  const addSum = (file: string) => {
    const text = add(file);
    if (text !== undefined) sums.push(parseGoSum(text));
  };
  const addModule = (modDir: string, replacementsApply: boolean) => {
    const text = add(path.join(modDir, 'go.mod'));
    addSum(path.join(modDir, 'go.sum'));
    if (!text || !replacementsApply) return;
    for (const r of parseModFile(text).replace) if (r.local) add(path.join(path.resolve(modDir, r.new.path), 'go.mod'));
  };
  const work = goWorkFor(dir, env);
  if (work) {
    const text = add(work);
    addSum(`${work}.sum`);
    const wf = parseModFile(text ?? '', 'go.work');
    const wdir = path.dirname(work);
    for (const u of wf.use) addModule(path.resolve(wdir, u.path), true);
    for (const r of wf.replace) if (r.local) add(path.join(path.resolve(wdir, r.new.path), 'go.mod'));
  } else {
    addModule(dir, true);
  }
  return { inputs, sums };
}

const GO_ENV_KEYS = ['GOFLAGS', 'GOWORK', 'GOEXPERIMENT', 'GONOSUMDB', 'GOPRIVATE', 'GONOSUMCHECK', 'GOINSECURE'];

function cacheKey(files: UnitFiles, unit: BuildListUnit, env: NodeJS.ProcessEnv, goVersion: string): string {
  const h = createHash('sha256');
  // Names relative to the unit: the same contents give the same build list wherever they are, so the
  // temporary copy a hook checks (a new directory each run) finds what the last run recorded.
  const dir = path.resolve(unit.dir);
  h.update(`format ${BUILD_LIST_CACHE_FORMAT}\ngo ${goVersion}\n`);
  for (const k of GO_ENV_KEYS) h.update(`${k}=${unit.env?.[k] ?? env[k] ?? ''}\n`);
  for (const [name, text] of files.inputs) h.update(`${path.relative(dir, name)}\n${text.length}\n${text}\n`);
  return h.digest('hex');
}

interface ListedModule {
  Path: string;
  Version?: string;
  Main?: boolean;
  /** The go.mod go loaded; absent when it could not (not in the cache, offline). */
  GoMod?: string;
  Replace?: { Path: string; Version?: string; GoMod?: string };
}

/** `go list -m -json` prints one JSON object after another; split them where the nesting returns to zero. */
export function parseJsonStream(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && --depth === 0) {
      out.push(JSON.parse(text.slice(start, i + 1)));
    }
  }
  return out;
}

export interface ListedVersion {
  path: string;
  version: string;
  /** go could not load this version's go.mod. */
  noGoMod?: boolean;
}

/** The module versions whose code a build list uses: replacements resolved, main modules and directories left out. */
export function buildListVersions(listed: ListedModule[]): ListedVersion[] {
  const out: ListedVersion[] = [];
  for (const m of listed) {
    if (m.Main || typeof m.Path !== 'string') continue;
    const r = m.Replace;
    if (r && !r.Version) continue; // a directory: not in the module cache
    const target: ListedVersion = r ? { path: r.Path, version: r.Version! } : { path: m.Path, version: m.Version ?? '' };
    if (!target.version) continue;
    if (!(r ? r.GoMod : m.GoMod)) target.noGoMod = true;
    out.push(target);
  }
  return out;
}

function readCache(file: string, key: string): ListedVersion[] | undefined {
  try {
    const c = JSON.parse(readFileSync(file, 'utf8')) as { format: number; key: string; versions: ListedVersion[] };
    if (c.format !== BUILD_LIST_CACHE_FORMAT || c.key !== key || !Array.isArray(c.versions)) return undefined;
    if (!c.versions.every((v) => typeof v?.path === 'string' && typeof v?.version === 'string')) return undefined;
    return c.versions;
  } catch {
    return undefined;
  }
}

function writeCache(file: string, key: string, versions: ListedVersion[]): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, JSON.stringify({ format: BUILD_LIST_CACHE_FORMAT, key, versions }));
    renameSync(tmp, file);
  } catch {
    rmSync(tmp, { force: true });
  }
}

function sumsFor(sums: GoSum[], p: string, v: string): ModuleSums | undefined {
  let zip: string | undefined;
  let mod: string | undefined;
  for (const s of sums) {
    const e = s.entries.get(p)?.get(v);
    zip ??= e?.zip?.hash;
    mod ??= e?.mod?.hash;
  }
  return zip || mod ? { zip, mod } : undefined;
}

/**
 * The versions to verify for a repository: each unit's build list (from the
 * cache when its inputs are unchanged, else from go), de-duplicated across
 * units, with the go.sum hashes each unit records; and every go.sum /go.mod
 * line as a go.mod-only check.
 */
export async function collectVersions(opts: VersionSetOptions): Promise<VersionSet> {
  const failures: UnitFailure[] = [];
  const incomplete = new Set<string>();
  let cached = 0;
  const versions: VersionInput[] = [];
  await Promise.all(
    opts.units.map(async (unit) => {
      const env = { ...opts.env, ...unit.env };
      const files = unitFiles(unit.dir, env);
      const key = cacheKey(files, unit, opts.env, opts.goVersion);
      const cacheFile = opts.cacheDir ? path.join(opts.cacheDir, key.slice(0, 2), `${key}.json`) : undefined;
      let list = cacheFile ? readCache(cacheFile, key) : undefined;
      if (list) cached++;
      else {
        // -e: without it, one version with no .info in the cache (go mod tidy and go build never fetch them) fails the whole list.
        // -mod=readonly: never write go.mod or go.sum, and it reads vendored and workspace modules alike.
        const goEnv = { ...unit.env, GOFLAGS: '-mod=readonly' };
        const r = await opts.runGo(['list', '-m', '-e', '-json', 'all'], { cwd: unit.dir, env: goEnv });
        if (r.exitCode !== 0 || r.timedOut) {
          const message = r.notFound ? 'the go command could not be started' : r.stderr.trim() || `exit ${r.exitCode}`;
          failures.push({ dir: unit.dir, message, timedOut: r.timedOut });
          return;
        }
        try {
          list = buildListVersions(parseJsonStream(r.stdout) as ListedModule[]);
        } catch {
          failures.push({ dir: unit.dir, message: 'unreadable output from go list -m -e -json all', timedOut: false });
          return;
        }
        // A go.mod absent from the cache is normal when the pruned graph never needs it; when it does, go list -e
        // carries on regardless and go mod graph fails, naming it. Only complete lists are cached.
        let complete = !list.some((v) => v.noGoMod);
        if (!complete) {
          const g = await opts.runGo(['mod', 'graph'], { cwd: unit.dir, env: goEnv });
          complete = g.exitCode === 0 && !g.timedOut;
          if (!complete) {
            const named = [...g.stderr.matchAll(/(\S+@v\S+?):? module lookup disabled/g)].map((m) => m[1]);
            for (const mv of named.length > 0
              ? named
              : [`(${path.basename(unit.dir)}: ${g.stderr.trim().split('\n')[0] || 'go mod graph failed'})`])
              incomplete.add(mv);
          }
        }
        if (cacheFile && complete) writeCache(cacheFile, key, list);
      }
      for (const v of list) versions.push({ path: v.path, version: v.version, sum: sumsFor(files.sums, v.path, v.version) });
      for (const s of files.sums) {
        for (const [p, byVersion] of s.entries) {
          for (const [v, e] of byVersion) if (e.mod) versions.push({ path: p, version: v, sum: { mod: e.mod.hash }, modOnly: true });
        }
      }
    }),
  );
  return { versions, failures, incomplete: [...incomplete].sort(), cached };
}
