// Benchmark of the verification engine (issue 11), as functions for
// dev/bench/run.ts and as a script:
//
//   npx tsx dev/bench/engine.ts fixture                 # generated Kubernetes-size graph
//   npx tsx dev/bench/engine.ts repo DIR GOMODCACHE     # a real repository and its filled cache
//   npx tsx dev/bench/engine.ts check DIR GOMODCACHE    # one engine run (and vendor/): the findings, as JSON
//
// Each figure is a ratio against `go mod verify` (once per module or
// workspace, as gohooks 0.1 ran it) measured in the same run, medians of
// BENCH_RUNS runs. The engine runs as its own process from an esbuild bundle,
// like dist/, so worker threads load compiled JavaScript.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { parseModFile } from '../../src/gomod/modfile.js';
import type { BuildListUnit } from '../../src/modcache/index.js';
import { packageRoot } from '../../src/package-root.js';
import { bigGraph } from '../testkit/bigproxy.js';
import { gitCommitAll, gitInit, makeGoModule } from '../testkit/project.js';
import { makeSandbox, type Sandbox } from '../testkit/sandbox.js';
import type { DriverInput, DriverOutput } from './engine-driver.js';
import { median, printRows, type Row } from './measure.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** The engine and its worker bundled as dist/ is (code splitting, worker beside the chunks). */
export async function bundleEngine(): Promise<string> {
  const out = mkdtempSync(path.join(tmpdir(), 'gohooks-bench-engine-'));
  const root = packageRoot();
  await build({
    entryPoints: { driver: path.join(root, 'dev/bench/engine-driver.ts'), 'modcache-worker': path.join(root, 'src/modcache/worker.ts') },
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.17',
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
    logLevel: 'warning',
  });
  return path.join(out, 'driver.js');
}

export function runDriver(driver: string, input: DriverInput, env: NodeJS.ProcessEnv): DriverOutput & { wallMs: number } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [driver, JSON.stringify(input)], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallMs = performance.now() - t;
  if (r.status !== 0) throw new Error(`engine driver failed (exit ${r.status}): ${r.stderr}`);
  return { ...(JSON.parse(r.stdout) as DriverOutput), wallMs };
}

/** Module directories of a repository (not vendor/, testdata/, hidden or _ directories); a root go.work is one unit. */
export function discoverUnits(repo: string): BuildListUnit[] {
  const mods: string[] = [];
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.name === 'go.mod' && e.isFile())) mods.push(d);
    for (const e of entries) {
      if (!e.isDirectory() || e.name === 'vendor' || e.name === 'testdata' || e.name.startsWith('.') || e.name.startsWith('_')) continue;
      walk(path.join(d, e.name));
    }
  };
  walk(repo);
  const work = path.join(repo, 'go.work');
  if (!existsSync(work)) return mods.map((dir) => ({ dir, env: { GOWORK: 'off' } }));
  const used = new Set(parseModFile(readFileSync(work, 'utf8'), 'go.work').use.map((u) => path.resolve(repo, u.path)));
  return [{ dir: repo }, ...mods.filter((m) => !used.has(m)).map((dir) => ({ dir, env: { GOWORK: 'off' } }))];
}

/**
 * gohooks 0.1's cost: one `go mod verify` per unit, offline. GOFLAGS is empty as 0.1 ran it; `go mod verify`
 * takes no -mod flag (it ignores one in GOFLAGS) and never writes go.mod, go.sum or the module cache.
 */
export function goModVerify(units: BuildListUnit[], env: NodeJS.ProcessEnv): { ms: number; failed: number } {
  let ms = 0;
  let failed = 0;
  for (const u of units) {
    const t = performance.now();
    const r = spawnSync('go', ['mod', 'verify'], {
      cwd: u.dir,
      env: { ...env, ...u.env, GOPROXY: 'off', GOSUMDB: 'off', GOTOOLCHAIN: 'local', GOFLAGS: '' },
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    ms += performance.now() - t;
    if (r.status !== 0) failed++;
  }
  return { ms, failed };
}

function dirStats(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        files++;
        bytes += statSync(p).size;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}

export interface EngineBenchOptions {
  label: string;
  units: BuildListUnit[];
  gomodcache: string;
  /** The environment go runs with (GOMODCACHE etc.); GOCACHE should point at a scratch directory. */
  env: NodeJS.ProcessEnv;
  vendor?: DriverInput['vendor'];
  driver?: string;
}

/** Cold (--full, empty snapshot) and warm (nothing changed) engine runs against go mod verify, alternating. */
export async function benchEngine(o: EngineBenchOptions): Promise<Row[]> {
  const driver = o.driver ?? (await bundleEngine());
  const scratch = mkdtempSync(path.join(tmpdir(), 'gohooks-bench-snap-'));
  const ownBundle = o.driver === undefined;
  const goVersion = spawnSync('go', ['env', 'GOVERSION'], { env: o.env, encoding: 'utf8' }).stdout.trim();
  const input = (full: boolean, snap: string): DriverInput => ({
    units: o.units,
    gomodcache: o.gomodcache,
    snapshotDir: snap,
    buildListCacheDir: path.join(scratch, 'buildlists'),
    full,
    goVersion,
    vendor: o.vendor,
    // BENCH_WORKERS: another worker count than the engine's default, to weigh speed against memory.
    workers: process.env.BENCH_WORKERS ? Number(process.env.BENCH_WORKERS) : undefined,
  });
  const warmSnap = path.join(scratch, 'warm');
  try {
    // Warm-ups: the page cache for everyone, the snapshot and build-list cache for the warm runs.
    goModVerify(o.units, o.env);
    const first = runDriver(driver, input(false, warmSnap), o.env);
    const cold: (DriverOutput & { wallMs: number })[] = [];
    const warm: (DriverOutput & { wallMs: number })[] = [];
    const go: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const coldSnap = path.join(scratch, `cold${i}`);
      cold.push(runDriver(driver, input(true, coldSnap), o.env));
      rmSync(coldSnap, { recursive: true, force: true });
      go.push(goModVerify(o.units, o.env).ms);
      warm.push(runDriver(driver, input(false, warmSnap), o.env));
    }
    const g = median(go);
    const c = median(cold.map((x) => x.wallMs));
    const w = median(warm.map((x) => x.wallMs));
    const last = warm[warm.length - 1];
    const rows: Row[] = [
      {
        name: `${o.label}: go mod verify ×${o.units.length} (baseline)`,
        value: `${g.toFixed(0)} ms; ${first.versions} versions (${Object.entries(first.statuses)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ')})`,
      },
      {
        name: `${o.label}: engine cold --full ÷ go mod verify`,
        value: `${(c / g).toFixed(3)}× (${c.toFixed(0)} ms; list ${median(cold.map((x) => x.ms.list))} ms, hash ${median(cold.map((x) => x.ms.verify))} ms, ${cold[0].stats.workers} workers)`,
        target: '≤ 1.0×',
      },
      {
        name: `${o.label}: engine warm (nothing changed) ÷ go mod verify`,
        value: `${(w / g).toFixed(3)}× (${w.toFixed(0)} ms; list ${median(warm.map((x) => x.ms.list))} ms, stat ${median(warm.map((x) => x.ms.verify))} ms, ${last.stats.fromSnapshot}/${last.stats.versions} from snapshot)`,
        target: '≤ 0.10×',
      },
      {
        name: `${o.label}: engine peak RSS (cold / warm)`,
        value: `${Math.max(...cold.map((x) => x.maxRssMB))} MB / ${Math.max(...warm.map((x) => x.maxRssMB))} MB`,
        target: '≤ 150 MB',
      },
    ];
    if (last.problems.length || last.failures.length)
      rows.push({ name: `${o.label}: engine findings`, value: [...last.failures, ...last.problems].slice(0, 5).join('; ') });
    if (last.vendor) {
      rows.push({
        name: `${o.label}: vendor/ check`,
        value: `${last.vendor.checked} modules compared, ${last.vendor.notChecked} not checked, ${last.vendor.modified.length} modified, ${last.vendor.added.length} added, ${last.vendor.missing.length} missing (${last.ms.vendor} ms)`,
      });
    }
    return rows;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    if (ownBundle) rmSync(path.dirname(driver), { recursive: true, force: true });
  }
}

export interface KubernetesFixture {
  /** A git work tree: one module requiring every module version of the graph, tidied, its cache filled. */
  dir: string;
  /** "320 module versions, 60,000 files …": what the rows are about. */
  description: string;
}

/** The generated Kubernetes-size graph in the sandbox's file:// proxy: ≥ 300 module versions, ≥ 50,000 files, a few large ones. */
export function buildKubernetesFixture(sb: Sandbox): KubernetesFixture {
  const graph = bigGraph();
  process.stderr.write(`building ${graph.specs.length} modules, ${graph.files} files, ${(graph.bytes / 1048576).toFixed(0)} MB …\n`);
  sb.addModules(graph.specs);
  const dir = makeGoModule(sb, { rel: 'k8s', modulePath: 'example.org/bench/k8s', deps: graph.deps });
  gitInit(sb, 'k8s');
  gitCommitAll(sb, dir);
  const cache = dirStats(sb.modcache);
  return {
    dir,
    description: `${graph.specs.length} module versions, ${graph.files} files in the modules, module cache ${cache.files} files, ${(cache.bytes / 1048576).toFixed(0)} MB`,
  };
}

/** The engine alone (no CLI) on the Kubernetes-size fixture: list and hash times apart. */
export async function benchKubernetesFixture(): Promise<Row[]> {
  const sb = makeSandbox('gohooks-bench-k8s-');
  try {
    const { dir, description } = buildKubernetesFixture(sb);
    const env = { ...sb.env, GOFLAGS: '' };
    const rows = await benchEngine({ label: 'k8s-size fixture', units: [{ dir }], gomodcache: sb.modcache, env });
    rows.unshift({ name: 'k8s-size fixture', value: description });
    return rows;
  } finally {
    sb.cleanup();
  }
}

/** A real repository and its filled module cache (left untouched: go runs with a scratch GOCACHE). */
export async function benchRepository(label: string, repo: string, gomodcache: string): Promise<Row[]> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'gohooks-bench-gocache-'));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, GOMODCACHE: gomodcache, GOCACHE: scratch, GOTOOLCHAIN: 'local', GOFLAGS: '' };
    delete env.GOWORK;
    const units = discoverUnits(repo);
    const vendorDir = path.join(repo, 'vendor');
    const vendor = existsSync(path.join(vendorDir, 'modules.txt'))
      ? { moduleDir: repo, goVersion: parseModFile(readFileSync(path.join(repo, 'go.mod'), 'utf8')).go?.version ?? '' }
      : undefined;
    return await benchEngine({ label, units, gomodcache, env, vendor });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function print(rows: Row[]): void {
  printRows(`gohooks engine bench (medians of ${RUNS} runs, node ${process.version})`, rows);
}

/** One engine run on a repository (vendor/ included): what a real repository says, false alarms first of all. */
export async function checkRepository(repo: string, gomodcache: string): Promise<DriverOutput> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'gohooks-bench-check-'));
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GOMODCACHE: gomodcache,
      GOCACHE: path.join(scratch, 'gocache'),
      GOTOOLCHAIN: 'local',
      GOFLAGS: '',
    };
    delete env.GOWORK;
    const vendor = existsSync(path.join(repo, 'vendor', 'modules.txt'))
      ? { moduleDir: repo, goVersion: parseModFile(readFileSync(path.join(repo, 'go.mod'), 'utf8')).go?.version ?? '' }
      : undefined;
    const input: DriverInput = {
      units: discoverUnits(repo),
      gomodcache,
      snapshotDir: path.join(scratch, 'snap'),
      full: false,
      goVersion: 'check',
      vendor,
      workers: process.env.BENCH_WORKERS ? Number(process.env.BENCH_WORKERS) : undefined,
    };
    const driver = await bundleEngine();
    try {
      return runDriver(driver, input, env);
    } finally {
      rmSync(path.dirname(driver), { recursive: true, force: true });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const [what, ...args] = process.argv.slice(2);
  if (what === 'fixture') print(await benchKubernetesFixture());
  else if (what === 'repo' && args.length >= 2)
    print(await benchRepository(path.basename(args[0]), path.resolve(args[0]), path.resolve(args[1])));
  else if (what === 'check' && args.length >= 2)
    process.stdout.write(`${JSON.stringify(await checkRepository(path.resolve(args[0]), path.resolve(args[1])), null, 1)}\n`);
  else {
    process.stderr.write('usage: npx tsx dev/bench/engine.ts fixture | repo DIR GOMODCACHE | check DIR GOMODCACHE\n');
    process.exit(2);
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('dev/bench/engine.ts')) {
  mkdirSync(tmpdir(), { recursive: true });
  await main();
}
