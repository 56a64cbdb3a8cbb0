// One module version, checked as `go mod verify` checks it
// (cmd/go/internal/modcmd/verify.go, modfetch.DownloadDir): the zip and the
// extracted tree against .ziphash, skipping what go skips. Runs in a worker
// thread or in-process; plain data in and out.

import { readFileSync } from 'node:fs';
import { goModHash, type DigestEntry } from '../gomod/dirhash.js';
import { downloadFile, extractedDir } from '../gomod/modcache.js';
import {
  readRecord,
  recordableName,
  removeRecord,
  shardFile,
  writeRecord,
  SNAPSHOT_FORMAT,
  type RecordKind,
  type VersionRecord,
} from './snapshot.js';
import { lstatBig, newestTime, scanTree, statKey, treeDigests, treeHash1, TreeError, type TreeScan } from './tree.js';
import type { CacheHashes, Problem, VersionResult } from './types.js';
import { ZipError, zipDigests, zipHash1 } from './zip.js';
import type { BigIntStats } from 'node:fs';

export interface VersionJob {
  path: string;
  version: string;
  modOnly: boolean;
  gomodcache: string;
  /** Snapshot directory; undefined: no snapshot. */
  snapshotDir?: string;
  /** The run's clock (ns, decimal), read from the cache's file system before any lstat. */
  clockNs: string;
  /** Rehash even when the snapshot says nothing changed. */
  full: boolean;
  /** Tests: truncate timestamps to this many ns, as a file system with coarse timestamps would. */
  granularityNs?: string;
}

/** The cache-side answer for one version (go.sum is compared by the caller, against every sum it was given). */
export type VersionOutcome = Omit<VersionResult, 'problems'> & { problems: Problem[]; recorded?: boolean };

interface Paths {
  zip: string;
  ziphash: string;
  mod: string;
  partial: string;
  dir: string;
}

function pathsOf(job: VersionJob): Paths {
  const c = job.gomodcache;
  return {
    zip: downloadFile(c, job.path, job.version, 'zip'),
    ziphash: downloadFile(c, job.path, job.version, 'ziphash'),
    mod: downloadFile(c, job.path, job.version, 'mod'),
    partial: downloadFile(c, job.path, job.version, 'partial'),
    dir: extractedDir(c, job.path, job.version),
  };
}

const ROLES = ['zip', 'ziphash', 'mod', 'partial', 'dir'] as const;
type Role = (typeof ROLES)[number];

function errText(e: unknown): string {
  if (e instanceof ZipError || e instanceof TreeError) return e.message;
  const err = e as NodeJS.ErrnoException;
  return err.code && err.path ? `open ${err.path}: ${err.code}` : String(err?.message ?? e);
}

/**
 * Whether the record still describes the cache: no entry racily clean, every
 * entry's stat data as recorded. "racy": rehash because of the timestamps.
 */
function compareRecord(rec: VersionRecord, p: Paths, g: bigint): 'clean' | 'racy' | 'changed' {
  if (rec.smudged || BigInt(rec.newestNs) >= BigInt(rec.clockNs)) return 'racy';
  for (const role of rec.kind === 'mod' ? (['mod'] as const) : ROLES) {
    if (statKey(lstatBig(p[role]), g) !== (rec.files[role] ?? '-')) return 'changed';
  }
  const t = rec.tree;
  // Relative paths use "/", which every platform's file APIs accept: plain concatenation, no path.join per file.
  const base = `${p.dir}/`;
  for (let pos = 0; pos < t.length;) {
    const tab = t.indexOf('\t', pos);
    const nl = t.indexOf('\n', pos);
    if (tab < 0 || nl < tab) return 'changed';
    const rel = t.slice(pos, tab);
    if (statKey(lstatBig(rel === '' ? p.dir : base + rel), g) !== t.slice(tab + 1, nl)) return 'changed';
    pos = nl + 1;
  }
  return 'clean';
}

function outcome(job: VersionJob, fields: Partial<VersionOutcome> & Pick<VersionOutcome, 'status'>): VersionOutcome {
  return { path: job.path, version: job.version, problems: [], hashes: {}, fromSnapshot: false, ...fields };
}

/** The status a set of cache facts gives, as go mod verify decides it (plus the .mod checks). */
function statusOf(
  job: VersionJob,
  problems: Problem[],
  hashes: CacheHashes,
  present: { zip: boolean; dir: boolean },
  incomplete?: VersionResult['incomplete'],
): VersionOutcome {
  if (problems.length > 0) return outcome(job, { status: 'failed', problems, hashes, incomplete });
  if (job.modOnly) return outcome(job, { status: 'mod-verified', hashes });
  if (incomplete) return outcome(job, { status: 'partial', hashes, incomplete });
  if (!present.zip && !present.dir) return outcome(job, { status: 'not-downloaded', hashes });
  return outcome(job, { status: 'verified', hashes });
}

function diffTrees(zip: DigestEntry[], dir: DigestEntry[], prefix: string): { changed: string[]; added: string[]; removed: string[] } {
  const z = new Map(zip.map((e) => [e.name, e.sha256]));
  const d = new Map(dir.map((e) => [e.name, e.sha256]));
  const rel = (n: string) => (n.startsWith(`${prefix}/`) ? n.slice(prefix.length + 1) : n);
  const changed: string[] = [];
  const added: string[] = [];
  const removed: string[] = [];
  for (const [n, h] of d) {
    const zh = z.get(n);
    if (zh === undefined) added.push(rel(n));
    else if (zh !== h) changed.push(rel(n));
  }
  for (const n of z.keys()) if (!d.has(n)) removed.push(rel(n));
  return { changed: changed.sort(), added: added.sort(), removed: removed.sort() };
}

function failedOutcome(job: VersionJob, e: unknown): VersionOutcome {
  // An lstat refused (EACCES), a directory vanishing mid-run: the version is not verified, and says why.
  const dir = extractedDir(job.gomodcache, job.path, job.version);
  return outcome(job, { status: 'failed', problems: [{ kind: 'unreadable', what: 'dir', file: dir, detail: errText(e) }] });
}

/** The snapshot's answer when every stat still matches; otherwise whether the record was only racily clean. */
export function fromSnapshot(job: VersionJob): { outcome?: VersionOutcome; racy: boolean } {
  try {
    if (!job.snapshotDir || job.full) return { racy: false };
    const kind: RecordKind = job.modOnly ? 'mod' : 'full';
    const module = `${job.path}@${job.version}`;
    const rec = readRecord(shardFile(job.snapshotDir, job.path, job.version, kind), { gomodcache: job.gomodcache, module, kind });
    if (!rec) return { racy: false };
    const state = compareRecord(rec, pathsOf(job), BigInt(job.granularityNs ?? '1'));
    if (state !== 'clean') return { racy: state === 'racy' };
    const present = { zip: rec.files.zip !== '-', dir: rec.files.dir !== '-' };
    return { outcome: { ...statusOf(job, [], rec.hashes, present), fromSnapshot: true }, racy: false };
  } catch (e) {
    return { outcome: failedOutcome(job, e), racy: false };
  }
}

/** Hashes one version (the snapshot did not vouch for it) and records it when it verifies. */
export async function hashVersion(job: VersionJob, racy: boolean): Promise<VersionOutcome> {
  try {
    return await hash(job, racy);
  } catch (e) {
    return failedOutcome(job, e);
  }
}

/** Checks one version: from the snapshot when its stat data still hold, else by hashing (and then records it). */
export async function checkVersion(job: VersionJob): Promise<VersionOutcome> {
  const snap = fromSnapshot(job);
  return snap.outcome ?? hashVersion(job, snap.racy);
}

async function hash(job: VersionJob, racy: boolean): Promise<VersionOutcome> {
  const p = pathsOf(job);
  const g = BigInt(job.granularityNs ?? '1');
  const kind: RecordKind = job.modOnly ? 'mod' : 'full';
  const module = `${job.path}@${job.version}`;
  const shard = job.snapshotDir ? shardFile(job.snapshotDir, job.path, job.version, kind) : undefined;

  // Every lstat before any read: what the record keeps is what was true before hashing.
  const st = {} as Record<Role, BigIntStats | undefined>;
  for (const role of ROLES) st[role] = lstatBig(p[role]);
  const problems: Problem[] = [];
  const hashes: CacheHashes = {};
  const result = (o: VersionOutcome): VersionOutcome => {
    if (racy) o.racy = true;
    return o;
  };

  if (st.mod) {
    try {
      hashes.mod = goModHash(readFileSync(p.mod));
    } catch (e) {
      problems.push({ kind: 'unreadable', what: 'mod', file: p.mod, detail: errText(e) });
    }
  } else if (job.modOnly) {
    // Only the graph needs it, and go.sum has its line: absent means never downloaded.
    if (shard) removeRecord(shard);
    return result(outcome(job, { status: 'not-downloaded' }));
  }

  let tree: TreeScan | undefined;
  let incomplete: VersionResult['incomplete'];
  let irregular = false;
  const present = { zip: false, dir: false };
  if (!job.modOnly) {
    // modfetch.DownloadDir: a tree counts only as a directory, without a .partial marker, with a .ziphash beside it.
    if (st.dir) {
      if (!st.dir.isDirectory()) incomplete = 'not-a-directory';
      else if (st.partial) incomplete = 'partial-marker';
      else if (!st.ziphash && job.path !== 'golang.org/fips140') incomplete = 'no-ziphash';
    }
    present.zip = st.zip !== undefined;
    present.dir = st.dir !== undefined && incomplete === undefined;
    // No .mod beside a zip is normal: go fetches a go.mod only when the graph needs it (hashes.mod stays undefined).

    let ziphash: string | undefined;
    try {
      ziphash = readFileSync(p.ziphash, 'utf8').trim();
      hashes.ziphash = ziphash;
    } catch (e) {
      if (present.zip || present.dir) {
        problems.push({
          kind: 'missing-ziphash',
          file: p.ziphash,
          detail: `open ${p.ziphash}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : errText(e)}`,
        });
      }
    }
    if (ziphash !== undefined) {
      let zipFailed = false;
      if (present.zip) {
        try {
          hashes.zip = await zipHash1(p.zip);
          if (hashes.zip !== ziphash) problems.push({ kind: 'zip-modified', file: p.zip, hash: hashes.zip, ziphash });
        } catch (e) {
          // go mod verify stops at an unreadable zip without looking at the tree.
          problems.push({ kind: 'unreadable', what: 'zip', file: p.zip, detail: errText(e) });
          zipFailed = true;
        }
      }
      if (present.dir && !zipFailed) {
        try {
          tree = scanTree(p.dir, g);
          const th = treeHash1(p.dir, tree.entries, module);
          irregular = th.irregular;
          hashes.dir = th.h1;
          if (hashes.dir !== ziphash) {
            // The failing case only: hash both again file by file to name what differs from the (intact) zip.
            const diff = hashes.zip === ziphash ? diffTrees(await zipDigests(p.zip), treeDigests(p.dir, tree.entries, module), module) : {};
            problems.push({ kind: 'dir-modified', dir: p.dir, hash: hashes.dir, ziphash, ...diff });
          }
        } catch (e) {
          problems.push({ kind: 'unreadable', what: 'dir', file: p.dir, detail: errText(e) });
          tree = undefined;
        }
      }
    }
  }

  const out = result(statusOf(job, problems, hashes, present, incomplete));
  if (!shard) return out;
  const recordable =
    problems.length === 0 &&
    !irregular &&
    (job.modOnly
      ? out.status === 'mod-verified'
      : out.status === 'not-downloaded' || (out.status === 'verified' && (!present.dir || tree)));
  if (!recordable) {
    removeRecord(shard);
    return out;
  }
  // A file system with coarse timestamps stamps the clock file coarsely too.
  const clock = (BigInt(job.clockNs) / g) * g;
  const files: Record<string, string> = {};
  let newest = 0n;
  const note = (s: BigIntStats | undefined) => {
    const t = newestTime(s, g);
    if (t > newest) newest = t;
  };
  for (const role of ROLES) {
    // A modOnly record watches the .mod alone.
    if (job.modOnly && role !== 'mod') continue;
    files[role] = statKey(st[role], g);
    note(st[role]);
  }
  if (tree) {
    if (tree.newest > newest) newest = tree.newest;
    if (!tree.entries.every((e) => recordableName(e.rel))) {
      removeRecord(shard);
      return out;
    }
  }
  const rec: Omit<VersionRecord, 'tree'> = {
    format: SNAPSHOT_FORMAT,
    gomodcache: job.gomodcache,
    module,
    kind,
    clockNs: clock.toString(),
    newestNs: newest.toString(),
    // git's second measure: racily clean entries are written so that they never match.
    smudged: newest >= clock,
    hashes,
    files,
  };
  out.recorded = writeRecord(shard, rec, tree?.entries ?? []);
  return out;
}
