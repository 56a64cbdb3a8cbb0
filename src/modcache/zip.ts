// Module zips read from disk one entry at a time, as dirhash.HashZip reads
// them through archive/zip: the central directory names the entries, each is
// inflated and checked against its CRC-32 and size. Memory stays bounded by
// one chunk (streamed entries) or one small entry, never the whole zip.

import { createHash, hash as oneShotHash } from 'node:crypto';
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { createInflateRaw, crc32, inflateRawSync } from 'node:zlib';
import { Hash1Builder, type DigestEntry } from '../gomod/dirhash.js';

/** A zip the go command would refuse to read too; the message is archive/zip's. */
export class ZipError extends Error {}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** Streamed entries move through buffers this size (below malloc's mmap threshold, so they are reused, not mapped). */
const CHUNK = 64 * 1024;
/**
 * Entries up to this size (compressed and inflated) are read and inflated in one call; larger ones
 * stream. Above it, one-shot buffers of ever different sizes push malloc's mmap threshold up and then
 * fragment its arena: measured over the cli/cli cache, 256 KiB keeps two hashing threads about 30 MB
 * smaller than 1 MiB does, for some 15% more time.
 */
const SMALL = 256 << 10;

/** One growing scratch buffer per thread for entry data and headers: no allocation per entry. */
let scratch = Buffer.allocUnsafe(64 * 1024);

function readAt(fd: number, length: number, position: number, reuse = false): Buffer {
  let buf: Buffer;
  if (reuse) {
    if (scratch.length < length) scratch = Buffer.allocUnsafe(Math.max(length, scratch.length * 2));
    buf = scratch.subarray(0, length);
  } else buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) throw new ZipError('zip: not a valid zip file');
    done += n;
  }
  return buf;
}

function u64(buf: Buffer, off: number): number {
  const v = buf.readBigUInt64LE(off);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('zip: not a valid zip file');
  return Number(v);
}

/** A central directory kept as read: one buffer and where each entry's record starts in it (entries decode on demand). */
interface CentralDirectory {
  cd: Buffer;
  starts: Uint32Array;
}

/** The central directory of an open zip, with every record's bounds checked (zip64 end records included). */
function loadCentralDirectory(fd: number): CentralDirectory {
  const size = fstatSync(fd).size;
  if (size < 22) throw new ZipError('zip: not a valid zip file');
  const tailLen = Math.min(size, 22 + 65535);
  const tail = readAt(fd, tailLen, size - tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('zip: not a valid zip file');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // zip64: the locator sits just before the end record and points at the zip64 end record.
    const locPos = size - tailLen + eocd - 20;
    if (locPos < 0) throw new ZipError('zip: not a valid zip file');
    const loc = readAt(fd, 20, locPos);
    if (loc.readUInt32LE(0) !== 0x07064b50) throw new ZipError('zip: not a valid zip file');
    const rec = readAt(fd, 56, u64(loc, 8));
    if (rec.readUInt32LE(0) !== 0x06064b50) throw new ZipError('zip: not a valid zip file');
    count = u64(rec, 32);
    cdSize = u64(rec, 40);
    cdOffset = u64(rec, 48);
  }
  if (cdOffset + cdSize > size || count > cdSize / 46) throw new ZipError('zip: not a valid zip file');
  const cd = readAt(fd, cdSize, cdOffset);
  const starts = new Uint32Array(count);
  let off = 0;
  let n = 0;
  while (off + 46 <= cd.length && cd.readUInt32LE(off) === 0x02014b50) {
    if (n >= count) throw new ZipError('zip: not a valid zip file');
    const next = off + 46 + cd.readUInt16LE(off + 28) + cd.readUInt16LE(off + 30) + cd.readUInt16LE(off + 32);
    if (next > cd.length) throw new ZipError('zip: not a valid zip file');
    starts[n++] = off;
    off = next;
  }
  if (n !== count) throw new ZipError('zip: not a valid zip file');
  return { cd, starts };
}

function nameBounds(cd: Buffer, off: number): [number, number] {
  return [off + 46, off + 46 + cd.readUInt16LE(off + 28)];
}

/** One central directory record, decoded (zip64 extended information applied). */
function entryAt(cd: Buffer, off: number): ZipEntry {
  const flags = cd.readUInt16LE(off + 8);
  const method = cd.readUInt16LE(off + 10);
  const crc = cd.readUInt32LE(off + 16);
  let compressedSize = cd.readUInt32LE(off + 20);
  let uncompressed = cd.readUInt32LE(off + 24);
  const extraLen = cd.readUInt16LE(off + 30);
  let localOffset = cd.readUInt32LE(off + 42);
  const [nameStart, nameEnd] = nameBounds(cd, off);
  const name = cd.toString('utf8', nameStart, nameEnd);
  // zip64 extended information: 64-bit values for the fields stored as 0xffffffff, in this order.
  for (let x = nameEnd; x + 4 <= nameEnd + extraLen;) {
    const id = cd.readUInt16LE(x);
    const len = cd.readUInt16LE(x + 2);
    if (id === 0x0001) {
      let p = x + 4;
      const end = p + len;
      if (uncompressed === 0xffffffff && p + 8 <= end) {
        uncompressed = u64(cd, p);
        p += 8;
      }
      if (compressedSize === 0xffffffff && p + 8 <= end) {
        compressedSize = u64(cd, p);
        p += 8;
      }
      if (localOffset === 0xffffffff && p + 8 <= end) localOffset = u64(cd, p);
    }
    x += 4 + len;
  }
  return { name, method, flags, crc, compressedSize, size: uncompressed, localOffset };
}

/** The central directory of an open zip: names, sizes and where each entry's data starts (zip64 included). */
export function readCentralDirectory(fd: number): ZipEntry[] {
  const { cd, starts } = loadCentralDirectory(fd);
  return Array.from(starts, (off) => entryAt(cd, off));
}

const header = Buffer.allocUnsafe(30);

function dataStart(fd: number, e: ZipEntry): number {
  let done = 0;
  while (done < 30) {
    const n = readSync(fd, header, done, 30 - done, e.localOffset + done);
    if (n === 0) throw new ZipError('zip: not a valid zip file');
    done += n;
  }
  const h = header;
  if (h.readUInt32LE(0) !== 0x04034b50) throw new ZipError('zip: not a valid zip file');
  return e.localOffset + 30 + h.readUInt16LE(26) + h.readUInt16LE(28);
}

function checkEntry(e: ZipEntry, crc: number, size: number): void {
  if (size !== e.size) throw new ZipError('zip: not a valid zip file');
  if (e.crc !== 0 && crc !== e.crc) throw new ZipError('zip: checksum error');
}

function checkMethod(e: ZipEntry): void {
  if (e.method !== 0 && e.method !== 8) throw new ZipError('zip: unsupported compression algorithm');
}

/**
 * Reads an entry whole. `borrow`: the content may live in the scratch buffer (valid until the next read),
 * for callers that only hash it.
 */
function entryContentSync(fd: number, e: ZipEntry, start: number, borrow = false): Buffer {
  checkMethod(e);
  const raw = readAt(fd, e.compressedSize, start, borrow || e.method !== 0);
  let content: Buffer;
  try {
    // One output chunk of the announced size: inflating into 16 KiB chunks and concatenating them
    // fragments the allocator (tens of MB of resident memory per thread over a module cache).
    content = e.method === 0 ? raw : inflateRawSync(raw, { maxOutputLength: Math.max(e.size, 1), chunkSize: Math.max(e.size + 1, 64) });
  } catch {
    throw new ZipError('zip: not a valid zip file');
  }
  checkEntry(e, crc32(content) >>> 0, content.length);
  return content;
}

/** Streams a large entry through sha256 and CRC-32, one chunk at a time. */
async function entryDigestStreaming(file: string, e: ZipEntry, start: number): Promise<string> {
  checkMethod(e);
  const sha = createHash('sha256');
  let crc = 0;
  let size = 0;
  const onData = (chunk: Buffer) => {
    sha.update(chunk);
    crc = crc32(chunk, crc);
    size += chunk.length;
    if (size > e.size) throw new ZipError('zip: not a valid zip file');
  };
  const source = e.compressedSize === 0 ? [] : createReadStream(file, { start, end: start + e.compressedSize - 1, highWaterMark: CHUNK });
  try {
    if (e.method === 0) {
      for await (const chunk of source) onData(chunk as Buffer);
    } else {
      const inflate = createInflateRaw({ chunkSize: CHUNK });
      const feed = (async () => {
        for await (const chunk of source) if (!inflate.write(chunk)) await new Promise((r) => inflate.once('drain', r));
        inflate.end();
      })();
      feed.catch(() => inflate.destroy());
      for await (const chunk of inflate) onData(chunk as Buffer);
      await feed;
    }
  } catch (err) {
    if (err instanceof ZipError) throw err;
    throw new ZipError('zip: not a valid zip file');
  }
  checkEntry(e, crc >>> 0, size);
  return sha.digest('hex');
}

function digestSmall(fd: number, e: ZipEntry): string {
  return oneShotHash('sha256', entryContentSync(fd, e, dataStart(fd, e), true), 'hex');
}

/**
 * dirhash.HashZip, streamed: entries read in go's name order straight into the summary (no list of
 * digests for a zip of 100,000 entries). A name listed twice is hashed with its last entry, twice,
 * as archive/zip's name map makes go do.
 */
export async function zipHash1(file: string): Promise<string> {
  const fd = openSync(file, 'r');
  try {
    const { cd, starts } = loadCentralDirectory(fd);
    // Sorted by the name bytes in place: go's order, without a string per entry.
    const order = Array.from(starts.keys()).sort((a, b) => {
      const [as, ae] = nameBounds(cd, starts[a]);
      const [bs, be] = nameBounds(cd, starts[b]);
      // buf.compare(target, tStart, tEnd, sStart, sEnd) orders the source (a's name) against the target (b's).
      return cd.compare(cd, bs, be, as, ae) || a - b;
    });
    const b = new Hash1Builder();
    for (let i = 0; i < order.length;) {
      // A run of equal names: each line carries the content of the last such entry in the directory.
      let j = i + 1;
      const [ns, ne] = nameBounds(cd, starts[order[i]]);
      while (j < order.length) {
        const [ms, me] = nameBounds(cd, starts[order[j]]);
        if (cd.compare(cd, ms, me, ns, ne) !== 0) break;
        j++;
      }
      const e = entryAt(cd, starts[order[j - 1]]);
      const small = e.compressedSize <= SMALL && e.size <= SMALL;
      const digest = small ? digestSmall(fd, e) : await entryDigestStreaming(file, e, dataStart(fd, e));
      for (; i < j; i++) b.add(e.name, digest);
    }
    return b.digest();
  } finally {
    closeSync(fd);
  }
}

/**
 * Per-entry SHA-256 of a zip, as dirhash.HashZip sees it: a name listed twice
 * is hashed with the content of its last entry (archive/zip's map), twice.
 */
export async function zipDigests(file: string): Promise<DigestEntry[]> {
  const fd = openSync(file, 'r');
  try {
    const entries = readCentralDirectory(fd);
    const last = new Map<string, string>();
    for (const e of entries) {
      const small = e.compressedSize <= SMALL && e.size <= SMALL;
      last.set(e.name, small ? digestSmall(fd, e) : await entryDigestStreaming(file, e, dataStart(fd, e)));
    }
    return entries.map((e) => ({ name: e.name, sha256: last.get(e.name)! }));
  } finally {
    closeSync(fd);
  }
}

/** The same, synchronously: large entries are inflated whole (bounded by the largest entry, not the zip). */
export function zipDigestsSync(file: string): DigestEntry[] {
  const fd = openSync(file, 'r');
  try {
    const entries = readCentralDirectory(fd);
    const last = new Map<string, string>();
    for (const e of entries) last.set(e.name, digestSmall(fd, e));
    return entries.map((e) => ({ name: e.name, sha256: last.get(e.name)! }));
  } finally {
    closeSync(fd);
  }
}

/** Every entry's content (small zips: tests, the incremental pre-commit path). */
export function zipContentsSync(file: string): { name: string; content: Buffer }[] {
  const fd = openSync(file, 'r');
  try {
    return readCentralDirectory(fd).map((e) => ({ name: e.name, content: entryContentSync(fd, e, dataStart(fd, e)) }));
  } finally {
    closeSync(fd);
  }
}
