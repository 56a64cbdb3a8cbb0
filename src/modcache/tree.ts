// An extracted module tree: every entry's lstat first, then every file's
// SHA-256, as dirhash.HashDir reads them (os.Open follows symlinks).

import { createHash, hash as oneShotHash } from 'node:crypto';
import { closeSync, lstatSync, openSync, readdirSync, readSync, statSync, type BigIntStats } from 'node:fs';
import type { DigestEntry } from '../gomod/dirhash.js';

export interface TreeEntry {
  /** Relative path with forward slashes; "" is the root. */
  rel: string;
  /** The snapshot's stat key (see statKey), computed at once: a BigIntStats per file would cost kilobytes of heap each. */
  key: string;
  kind: 'dir' | 'file' | 'symlink' | 'other';
  /** The newer of mtime and ctime (ns), at the given granularity. */
  newest: bigint;
}

export class TreeError extends Error {}

/** lstat with bigint times (ns) and inode numbers above 2^53; undefined when absent. */
export function lstatBig(p: string): BigIntStats | undefined {
  return lstatSync(p, { bigint: true, throwIfNoEntry: false });
}

/** What the snapshot compares: file type and permissions, size, mtime and ctime (ns), inode and device. */
export function statKey(s: BigIntStats | undefined, granularityNs = 1n): string {
  if (!s) return '-';
  const g = granularityNs;
  return `${s.mode}:${s.size}:${(s.mtimeNs / g) * g}:${(s.ctimeNs / g) * g}:${s.ino}:${s.dev}`;
}

/** The newest of mtime and ctime, at the given granularity. */
export function newestTime(s: BigIntStats | undefined, granularityNs = 1n): bigint {
  if (!s) return 0n;
  const t = s.mtimeNs > s.ctimeNs ? s.mtimeNs : s.ctimeNs;
  return (t / granularityNs) * granularityNs;
}

function entry(rel: string, st: BigIntStats, g: bigint): TreeEntry {
  const kind = st.isDirectory() ? 'dir' : st.isFile() ? 'file' : st.isSymbolicLink() ? 'symlink' : 'other';
  return { rel, key: statKey(st, g), kind, newest: newestTime(st, g) };
}

/** Every entry below root (directories included), each lstat'ed before anything is read. */
export function scanTree(root: string, granularityNs = 1n): TreeEntry[] {
  const rootStat = lstatBig(root);
  if (!rootStat) throw new TreeError(`lstat ${root}: no such file or directory`);
  if (!rootStat.isDirectory()) throw new TreeError(`${root} is not a directory`);
  const out: TreeEntry[] = [entry('', rootStat, granularityNs)];
  const visit = (dir: string, rel: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (e) {
      throw new TreeError(`open ${dir}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    }
    for (const name of names) {
      const abs = `${dir}/${name}`;
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatBig(abs);
      if (!st) throw new TreeError(`lstat ${abs}: no such file or directory`);
      const e = entry(r, st, granularityNs);
      out.push(e);
      if (e.kind === 'dir') visit(abs, r);
    }
  };
  visit(root, '');
  return out;
}

const CHUNK = 1 << 20;
let chunkBuffer: Buffer | undefined;

/**
 * SHA-256 of a file, read in 1 MiB chunks into one reused buffer. A regular
 * file's read returns less than asked only at its end, so a small file takes
 * one read.
 */
export function fileDigest(file: string): string {
  const fd = openSync(file, 'r');
  try {
    chunkBuffer ??= Buffer.allocUnsafe(CHUNK);
    let n = readSync(fd, chunkBuffer, 0, CHUNK, null);
    if (n < CHUNK) return oneShotHash('sha256', chunkBuffer.subarray(0, n), 'hex');
    const sha = createHash('sha256');
    do sha.update(chunkBuffer.subarray(0, n));
    while ((n = readSync(fd, chunkBuffer, 0, CHUNK, null)) > 0);
    return sha.digest('hex');
  } finally {
    closeSync(fd);
  }
}

export interface TreeDigest {
  digests: DigestEntry[];
  /** A symlink or other non-regular file: hashed as go does, but never trusted from stat data alone. */
  irregular: boolean;
}

/** dirhash.HashDir's per-file digests, named prefix/rel. */
export function treeDigests(root: string, entries: TreeEntry[], prefix: string): TreeDigest {
  const digests: DigestEntry[] = [];
  let irregular = false;
  for (const e of entries) {
    if (e.kind === 'dir') continue;
    const abs = `${root}/${e.rel}`;
    if (e.kind !== 'file') {
      irregular = true;
      // os.Open follows a symlink; a FIFO or device would block or mislead, so it is refused.
      const target = e.kind === 'symlink' ? statSync(abs, { throwIfNoEntry: false }) : undefined;
      if (!target) throw new TreeError(`open ${abs}: ${e.kind === 'symlink' ? 'no such file or directory' : 'not a regular file'}`);
      if (!target.isFile()) throw new TreeError(`read ${abs}: not a regular file`);
    }
    try {
      digests.push({ name: `${prefix}/${e.rel}`, sha256: fileDigest(abs) });
    } catch (err) {
      throw new TreeError(`open ${abs}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }
  return { digests, irregular };
}
