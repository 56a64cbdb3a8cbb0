// An extracted module tree: every entry's lstat first, then every file's
// SHA-256, as dirhash.HashDir reads them (os.Open follows symlinks).

import { createHash, hash as oneShotHash } from 'node:crypto';
import { closeSync, lstatSync, openSync, readdirSync, readSync, statSync, type BigIntStats } from 'node:fs';
import { compareNames, Hash1Builder, type DigestEntry } from '../gomod/dirhash.js';

export interface TreeEntry {
  /** Relative path with forward slashes; "" is the root. */
  rel: string;
  /** The snapshot's stat key (see statKey), computed at once: a BigIntStats per file would cost kilobytes of heap each. */
  key: string;
  kind: 'dir' | 'file' | 'symlink' | 'other';
}

export interface TreeScan {
  entries: TreeEntry[];
  /** The newest mtime or ctime among the entries (ns, at the given granularity). */
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
  // join, not a template: a template builds a rope of ten string pieces (about 500 bytes per file in a
  // 100,000-file tree), join one flat string.
  return [s.mode, s.size, (s.mtimeNs / g) * g, (s.ctimeNs / g) * g, s.ino, s.dev].join(':');
}

/** The newest of mtime and ctime, at the given granularity. */
export function newestTime(s: BigIntStats | undefined, granularityNs = 1n): bigint {
  if (!s) return 0n;
  const t = s.mtimeNs > s.ctimeNs ? s.mtimeNs : s.ctimeNs;
  return (t / granularityNs) * granularityNs;
}

/** Every entry below root (directories included), each lstat'ed before anything is read. */
export function scanTree(root: string, granularityNs = 1n): TreeScan {
  let newest = 0n;
  const entry = (rel: string, st: BigIntStats): TreeEntry => {
    const t = newestTime(st, granularityNs);
    if (t > newest) newest = t;
    const kind = st.isDirectory() ? 'dir' : st.isFile() ? 'file' : st.isSymbolicLink() ? 'symlink' : 'other';
    return { rel, key: statKey(st, granularityNs), kind };
  };
  const rootStat = lstatBig(root);
  if (!rootStat) throw new TreeError(`lstat ${root}: no such file or directory`);
  if (!rootStat.isDirectory()) throw new TreeError(`${root} is not a directory`);
  const out: TreeEntry[] = [entry('', rootStat)];
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
      const e = entry(r, st);
      out.push(e);
      if (e.kind === 'dir') visit(abs, r);
    }
  };
  visit(root, '');
  return { entries: out, newest };
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

/** A file's digest, as os.Open reads it: a symlink is followed, a FIFO or device refused (it would block or mislead). */
function digestOf(abs: string, e: TreeEntry): string {
  if (e.kind !== 'file') {
    const target = e.kind === 'symlink' ? statSync(abs, { throwIfNoEntry: false }) : undefined;
    if (!target) throw new TreeError(`open ${abs}: ${e.kind === 'symlink' ? 'no such file or directory' : 'not a regular file'}`);
    if (!target.isFile()) throw new TreeError(`read ${abs}: not a regular file`);
  }
  try {
    return fileDigest(abs);
  } catch (err) {
    throw new TreeError(`open ${abs}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/**
 * dirhash.HashDir(root, prefix), streamed: files hashed in go's name order straight into the summary,
 * so a tree of 100,000 files holds no list of digests. irregular: a symlink or other non-regular file
 * (hashed as go does, but never to be trusted from stat data alone).
 */
export function treeHash1(root: string, entries: TreeEntry[], prefix: string): { h1: string; irregular: boolean } {
  const files = entries.filter((e) => e.kind !== 'dir').sort((a, b) => compareNames(a.rel, b.rel));
  const b = new Hash1Builder();
  let irregular = false;
  for (const e of files) {
    if (e.kind !== 'file') irregular = true;
    b.add(`${prefix}/${e.rel}`, digestOf(`${root}/${e.rel}`, e));
  }
  return { h1: b.digest(), irregular };
}

/** dirhash.HashDir's per-file digests, named prefix/rel: to tell which files differ. */
export function treeDigests(root: string, entries: TreeEntry[], prefix: string): DigestEntry[] {
  return entries.filter((e) => e.kind !== 'dir').map((e) => ({ name: `${prefix}/${e.rel}`, sha256: digestOf(`${root}/${e.rel}`, e) }));
}
