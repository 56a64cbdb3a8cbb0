// The stat snapshot, like git's index (Documentation/technical/racy-git.txt):
// per verified module version, its cache hashes and the lstat of every file
// it consists of, taken before hashing. One small file per module version
// ("shard") under the user cache dir, keyed by GOMODCACHE: a run reads only
// the versions it verifies, writes only those it hashed, and two runs at once
// never write the same file halfway (temp file + rename).
//
// Racy git: an entry whose mtime or ctime is not older than the clock of the
// run that recorded it may have changed after its lstat without changing its
// stat data, so it is "racily clean". Such records are written smudged (never
// trusted), and a record whose newest timestamp is not older than its clock is
// rehashed as well. The clock is read from the module cache's own file system
// (the mtime of a file created on it) before the first lstat of the run.

import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { userCacheDir, type Platform } from '../platform.js';
import type { CacheHashes } from './types.js';
import { lstatBig } from './tree.js';

export { newestTime, statKey } from './tree.js';

/** Bumped whenever the record layout or its meaning changes: other formats are ignored, never misread. */
export const SNAPSHOT_FORMAT = 1;

/** Where the snapshot of one GOMODCACHE lives: a pure function of (platform, env, GOMODCACHE). */
export function defaultSnapshotDir(platform: Platform, env: NodeJS.ProcessEnv, gomodcache: string): string | undefined {
  const base = userCacheDir(platform, env);
  if (!base) return undefined;
  const p = platform === 'win32' ? path.win32 : path.posix;
  const key = createHash('sha256').update(p.resolve(gomodcache)).digest('hex').slice(0, 16);
  return p.join(base, 'gohooks', `modcache-v${SNAPSHOT_FORMAT}`, key);
}

export function shardFile(snapshotDir: string, modPath: string, version: string, kind: RecordKind): string {
  const name = createHash('sha256').update(`${kind} ${modPath}@${version}`).digest('hex').slice(0, 32);
  return path.join(snapshotDir, name.slice(0, 2), `${name}.json`);
}

export type RecordKind = 'full' | 'mod';

export interface VersionRecord {
  format: number;
  gomodcache: string;
  module: string;
  kind: RecordKind;
  /** The recording run's clock (ns, from the cache's file system), taken before its first lstat. */
  clockNs: string;
  /** The newest mtime/ctime among the entries. */
  newestNs: string;
  /** Some entry was racily clean when recorded: never trusted, always rehashed. */
  smudged: boolean;
  hashes: CacheHashes;
  /** Cache files by role (zip, ziphash, mod, partial, dir) → stat key, "-" when absent. */
  files: Record<string, string>;
  /**
   * The extracted tree: one "relative path TAB stat key" line per entry ("" is the root). Stored after
   * the JSON header line as plain text, so a tree of 100,000 files is one string, not 200,000.
   */
  tree: string;
}

/**
 * A record file: one line of JSON (everything but the tree), then the tree
 * lines. undefined when absent, unreadable, corrupt, of another format or for
 * another cache or version: the version is then hashed again.
 */
export function readRecord(file: string, expect: { gomodcache: string; module: string; kind: RecordKind }): VersionRecord | undefined {
  let rec: VersionRecord;
  try {
    const text = readFileSync(file, 'utf8');
    const nl = text.indexOf('\n');
    if (nl < 0) return undefined;
    rec = { ...(JSON.parse(text.slice(0, nl)) as VersionRecord), tree: text.slice(nl + 1) };
  } catch {
    return undefined;
  }
  if (
    typeof rec !== 'object' ||
    rec === null ||
    rec.format !== SNAPSHOT_FORMAT ||
    rec.gomodcache !== expect.gomodcache ||
    rec.module !== expect.module ||
    rec.kind !== expect.kind ||
    typeof rec.clockNs !== 'string' ||
    typeof rec.newestNs !== 'string' ||
    typeof rec.smudged !== 'boolean' ||
    typeof rec.files !== 'object' ||
    rec.files === null ||
    typeof rec.hashes !== 'object' ||
    rec.hashes === null ||
    !/^\d+$/.test(rec.clockNs) ||
    !/^\d+$/.test(rec.newestNs) ||
    (rec.tree !== '' && !rec.tree.endsWith('\n'))
  ) {
    return undefined;
  }
  return rec;
}

/** Each tree line is "rel TAB key": a name holding either character cannot be recorded (the version is rehashed each run). */
export function recordableName(rel: string): boolean {
  return !rel.includes('\t') && !rel.includes('\n');
}

/**
 * Temp file + rename in the same directory: readers see the old record or the new one, never half of
 * one. The tree is written in batches, never built as one string.
 */
export function writeRecord(file: string, rec: Omit<VersionRecord, 'tree'>, tree: Iterable<{ rel: string; key: string }>): boolean {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  let fd: number | undefined;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    fd = openSync(tmp, 'w');
    writeSync(fd, `${JSON.stringify(rec)}\n`);
    let batch: string[] = [];
    for (const e of tree) {
      batch.push(`${e.rel}\t${e.key}\n`);
      if (batch.length === 4096) {
        writeSync(fd, batch.join(''));
        batch = [];
      }
    }
    if (batch.length > 0) writeSync(fd, batch.join(''));
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
    return true;
  } catch {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    return false; // a read-only or full cache dir only costs a rehash next time
  }
}

export function removeRecord(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // absent already
  }
}

/**
 * The current time on the file system that holds `dir`: the mtime of a file
 * created there (then removed). File systems stamp files from a coarse kernel
 * clock, so this, not Date.now(), is what racy entries are compared with.
 */
export function fsClock(dir: string): bigint | undefined {
  const file = path.join(dir, `.gohooks-clock-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const fd = openSync(file, 'wx');
    try {
      writeSync(fd, 'clock\n');
    } finally {
      closeSync(fd);
    }
    const st = lstatBig(file);
    return st ? (st.mtimeNs > st.ctimeNs ? st.mtimeNs : st.ctimeNs) : undefined;
  } catch {
    return undefined;
  } finally {
    try {
      unlinkSync(file);
    } catch {
      // never created
    }
  }
}

/** When the cache's file system cannot be written: another clock, moved back by this margin to stay conservative. */
export const FALLBACK_CLOCK_MARGIN_NS = 5_000_000_000n;

/**
 * The run's clock, from the module cache's file system: written in the
 * snapshot directory when it is on the same device as GOMODCACHE (so go's
 * directories are left alone), else in <GOMODCACHE>/cache or GOMODCACHE. When
 * neither can be written: the snapshot's file system or the wall clock, moved
 * back by a margin (another file system's clock may run behind).
 */
export function runClock(gomodcache: string, snapshotDir: string | undefined): bigint {
  const cacheDev = lstatBig(gomodcache)?.dev;
  let snapshotReady = false;
  if (snapshotDir) {
    try {
      mkdirSync(snapshotDir, { recursive: true });
      snapshotReady = true;
    } catch {
      // unwritable: the fallbacks below
    }
  }
  const candidates = [path.join(gomodcache, 'cache'), gomodcache];
  if (snapshotReady && cacheDev !== undefined && lstatBig(snapshotDir!)?.dev === cacheDev) candidates.unshift(snapshotDir!);
  for (const d of candidates) {
    const t = fsClock(d);
    if (t !== undefined) return t;
  }
  const wall = BigInt(Date.now()) * 1_000_000n;
  const t = snapshotReady ? fsClock(snapshotDir!) : undefined;
  return (t !== undefined && t < wall ? t : wall) - FALLBACK_CLOCK_MARGIN_NS;
}
