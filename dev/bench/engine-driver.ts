// One engine run as its own process, for the benchmark (bundled by
// dev/bench/engine.ts the way dist/ is, so workers load compiled JS): the
// build lists, then verifyVersions (and vendor/ when asked). Prints one JSON line.

import { readFileSync } from 'node:fs';
import { collectVersions, verifyVendor, verifyVersions, type BuildListUnit } from '../../src/modcache/index.js';
import { goRunner } from '../testkit/sandbox.js';

export interface DriverInput {
  units: BuildListUnit[];
  gomodcache: string;
  snapshotDir?: string;
  buildListCacheDir?: string;
  full: boolean;
  workers?: number;
  goVersion: string;
  vendor?: { moduleDir: string; goVersion: string };
}

export interface DriverOutput {
  ms: { total: number; list: number; verify: number; vendor: number };
  maxRssMB: number;
  versions: number;
  cachedUnits: number;
  stats: Awaited<ReturnType<typeof verifyVersions>>['stats'];
  statuses: Record<string, number>;
  problems: string[];
  failures: string[];
  incomplete: string[];
  vendor?: { checked: number; notChecked: number; modified: string[]; added: string[]; missing: string[]; problems: string[] };
}

/**
 * This process's peak resident memory, worker threads included. Linux: VmHWM of /proc/self/status, because
 * getrusage's maxrss survives exec and would report the parent's (the benchmark's own) size.
 */
function peakRssMB(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Math.round(Number(m[1]) / 1024);
  } catch {
    // not Linux
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2]) as DriverInput;
  const t0 = performance.now();
  const set = await collectVersions({
    units: input.units,
    runGo: goRunner(process.env),
    env: process.env,
    timeoutMs: 300_000,
    goVersion: input.goVersion,
    cacheDir: input.buildListCacheDir,
  });
  const t1 = performance.now();
  const report = await verifyVersions({
    gomodcache: input.gomodcache,
    versions: set.versions,
    snapshotDir: input.snapshotDir,
    full: input.full,
    workers: input.workers,
  });
  const t2 = performance.now();
  const statuses: Record<string, number> = {};
  for (const r of report.results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const out: DriverOutput = {
    ms: { total: 0, list: Math.round(t1 - t0), verify: Math.round(t2 - t1), vendor: 0 },
    maxRssMB: 0,
    versions: report.results.length,
    cachedUnits: set.cached,
    stats: report.stats,
    statuses,
    problems: report.results.flatMap((r) => r.problems.map((p) => `${r.path}@${r.version}: ${p.kind}`)),
    failures: set.failures.map((f) => `${f.dir}: ${f.message.split('\n')[0]}`),
    incomplete: set.incomplete,
  };
  if (input.vendor) {
    const byKey = new Map(report.results.map((r) => [`${r.path}@${r.version}`, r]));
    const v = verifyVendor({ ...input.vendor, gomodcache: input.gomodcache, verified: (p, ver) => byKey.get(`${p}@${ver}`) });
    out.vendor = {
      checked: v.checked.length,
      notChecked: v.notChecked.length,
      modified: v.modified,
      added: v.added,
      missing: v.missing,
      problems: v.problems,
    };
  }
  const t3 = performance.now();
  out.ms.vendor = Math.round(t3 - t2);
  out.ms.total = Math.round(t3 - t0);
  out.maxRssMB = peakRssMB();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(2);
});
