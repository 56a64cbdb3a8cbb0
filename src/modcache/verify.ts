// verifyVersions: every module version once, in worker threads, with the stat
// snapshot; then each against the go.sum hashes it was given (on every run:
// a go.sum edit touches no cache file).

import { availableParallelism } from 'node:os';
import path from 'node:path';
import { isCanonicalVersion } from '../gomod/modpath.js';
import { runJobs } from './pool.js';
import { runClock } from './snapshot.js';
import type { ModuleSums, Problem, VerifyReport, VersionInput, VersionResult } from './types.js';
import type { VersionJob, VersionOutcome } from './version.js';

export interface VerifyOptions {
  gomodcache: string;
  versions: VersionInput[];
  /** The snapshot directory (see defaultSnapshotDir); undefined: hash everything, record nothing. */
  snapshotDir?: string;
  /** Rehash every version whatever the snapshot says (and record the result). */
  full?: boolean;
  /**
   * Worker threads, which hash (the main thread only compares stat data while they run); 0: all in-process.
   * Default: DEFAULT_WORKERS, none below 12 versions.
   */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
  /** Tests only: leave every job to the worker threads, so that they are exercised even on a tiny graph. */
  workersOnly?: boolean;
  /** Tests only: truncate file timestamps to this many ns, as a file system with coarse timestamps does. */
  timestampGranularityNs?: bigint;
}

/**
 * Hashing threads by default: one per core, at most 4 (the main thread only
 * compares stat data meanwhile). Each costs some 30–40 MB of resident memory
 * (its heap, inflate buffers, its malloc arena): on a 2-core machine a cold run
 * of the cli/cli graph peaks near 140 MB with 2, near 115 MB with 1 (and takes
 * a third longer).
 */
export const DEFAULT_WORKERS = (): number => Math.max(1, Math.min(4, availableParallelism()));

/** Fewer versions than this are checked in-process: starting workers would cost more than it saves. */
const MIN_VERSIONS_FOR_WORKERS = 12;

interface Merged {
  path: string;
  version: string;
  modOnly: boolean;
  sums: ModuleSums[];
}

/** One entry per module version: full beats modOnly, every distinct go.sum hash is kept. */
function mergeInputs(versions: VersionInput[]): Merged[] {
  const byKey = new Map<string, Merged>();
  for (const v of versions) {
    const key = `${v.path}@${v.version}`;
    let m = byKey.get(key);
    if (!m) byKey.set(key, (m = { path: v.path, version: v.version, modOnly: true, sums: [] }));
    if (!v.modOnly) m.modOnly = false;
    if (v.sum && (v.sum.zip || v.sum.mod) && !m.sums.some((s) => s.zip === v.sum!.zip && s.mod === v.sum!.mod)) m.sums.push(v.sum);
  }
  return [...byKey.values()];
}

/** go.sum against the cache: the .mod hash, and every cache copy of the tree (.ziphash, zip, dir). */
export function sumProblems(o: Pick<VersionResult, 'hashes' | 'status'>, sums: ModuleSums[], modOnly: boolean): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  for (const sum of sums) {
    if (sum.mod && o.hashes.mod && sum.mod.startsWith('h1:') && sum.mod !== o.hashes.mod && !seen.has(`m${sum.mod}`)) {
      seen.add(`m${sum.mod}`);
      out.push({ kind: 'sum-mismatch', goMod: true, recorded: sum.mod, cached: o.hashes.mod, which: ['mod'] });
    }
    if (modOnly || !sum.zip || !sum.zip.startsWith('h1:') || seen.has(`z${sum.zip}`)) continue;
    // A .ziphash that agrees with go.sum leaves any zip or tree difference to "modified".
    if (o.hashes.ziphash === sum.zip) continue;
    const which = (['ziphash', 'zip', 'dir'] as const).filter((k) => o.hashes[k] !== undefined && o.hashes[k] !== sum.zip);
    if (which.length > 0) {
      seen.add(`z${sum.zip}`);
      out.push({ kind: 'sum-mismatch', goMod: false, recorded: sum.zip, cached: o.hashes[which[0]]!, which: [...which] });
    }
  }
  return out;
}

/** A path and version that can name a cache entry: no "..", no empty element, no backslash (go.sum is input, not trusted). */
export function safeVersion(p: string, v: string): boolean {
  if (!isCanonicalVersion(v) || p === '' || /[\\\u0000:]/.test(p)) return false;
  return p.split('/').every((e) => e !== '' && e !== '.' && e !== '..');
}

function finish(o: VersionOutcome, m: Merged): VersionResult {
  const extra = sumProblems(o, m.sums, m.modOnly);
  const problems = [...o.problems, ...extra];
  const r: VersionResult = {
    path: o.path,
    version: o.version,
    status: problems.length > 0 ? 'failed' : o.status,
    problems,
    hashes: o.hashes,
    fromSnapshot: o.fromSnapshot,
  };
  if (o.incomplete) r.incomplete = o.incomplete;
  if (o.racy) r.racy = true;
  return r;
}

export async function verifyVersions(opts: VerifyOptions): Promise<VerifyReport> {
  const started = performance.now();
  const gomodcache = path.resolve(opts.gomodcache);
  const merged = mergeInputs(opts.versions);
  const snapshotDir = opts.snapshotDir;
  // Read before the first lstat, from the cache's own file system (racy-git rule).
  const clockNs = runClock(gomodcache, snapshotDir).toString();
  const workers = opts.workers ?? (merged.length >= MIN_VERSIONS_FOR_WORKERS ? DEFAULT_WORKERS() : 0);
  const jobs: VersionJob[] = merged.map((m) => {
    const job: VersionJob = {
      path: m.path,
      version: m.version,
      modOnly: m.modOnly,
      gomodcache,
      snapshotDir,
      clockNs,
      full: opts.full === true,
    };
    if (opts.timestampGranularityNs) job.granularityNs = opts.timestampGranularityNs.toString();
    return job;
  });
  // Names that cannot be cache entries (go.sum is input) are never looked up.
  const unsafe = (m: Merged): VersionOutcome => ({
    path: m.path,
    version: m.version,
    status: 'not-downloaded',
    problems: [],
    hashes: {},
    fromSnapshot: false,
  });
  const results: VersionResult[] = new Array(merged.length);
  const safe: number[] = [];
  merged.forEach((m, i) => {
    if (safeVersion(m.path, m.version)) safe.push(i);
    else results[i] = finish(unsafe(m), m);
  });
  let done = merged.length - safe.length;
  opts.onProgress?.(done, merged.length);
  const ran = await runJobs(
    safe.map((i) => jobs[i]),
    workers,
    (k, o) => {
      const i = safe[k];
      results[i] = finish(o, merged[i]);
      opts.onProgress?.(++done, merged.length);
    },
    opts.workersOnly !== true,
  );
  return {
    results,
    stats: {
      versions: results.length,
      hashed: results.filter((r) => !r.fromSnapshot).length,
      fromSnapshot: results.filter((r) => r.fromSnapshot).length,
      racy: results.filter((r) => r.racy).length,
      workers: ran.workers,
      ms: Math.round(performance.now() - started),
    },
  };
}
