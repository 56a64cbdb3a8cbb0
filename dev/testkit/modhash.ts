// Hashes what the module cache holds for one module version, as `go mod
// verify` does (dirhash.HashZip of the zip, dirhash.HashDir of the extracted
// tree), for tests of the hashing against the go command. Synchronous
// wrappers over the engine's streaming readers (src/modcache/).

import { inflateRawSync } from 'node:zlib';
import { hash1Digests, type HashEntry } from '../../src/gomod/dirhash.js';
import { scanTree, treeHash1 } from '../../src/modcache/tree.js';
import { ZipError, zipDigestsSync } from '../../src/modcache/zip.js';

/** A zip this reader cannot (or go would not) read: callers fall back to `go mod verify`. */
export { ZipError as UnsupportedZip };

/** Entries of an in-memory zip, in order, as dirhash.HashZip hashes them (stored or deflated: what module zips use). */
export function readZipEntries(zip: Buffer): HashEntry[] {
  // End of central directory: the last "PK\5\6" within the final 64 KiB.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('zip: not a valid zip file');
  const count = zip.readUInt16LE(eocd + 10);
  let off = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || off === 0xffffffff) throw new ZipError('zip64 archive');
  const entries: HashEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(off) !== 0x02014b50) throw new ZipError('zip: not a valid zip file');
    const method = zip.readUInt16LE(off + 10);
    const compressed = zip.readUInt32LE(off + 20);
    const nameLen = zip.readUInt16LE(off + 28);
    const extraLen = zip.readUInt16LE(off + 30);
    const commentLen = zip.readUInt16LE(off + 32);
    const local = zip.readUInt32LE(off + 42);
    const name = zip.subarray(off + 46, off + 46 + nameLen).toString('utf8');
    off += 46 + nameLen + extraLen + commentLen;
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(dataStart, dataStart + compressed);
    let content: Buffer;
    if (method === 0) content = Buffer.from(raw);
    else if (method === 8) content = inflateRawSync(raw);
    else throw new ZipError('zip: unsupported compression algorithm');
    entries.push({ name, content });
  }
  return entries;
}

/** dirhash.HashZip: one entry in memory at a time; CRC-32 and sizes checked as archive/zip does. */
export function hashZip(file: string): string {
  return hash1Digests(zipDigestsSync(file));
}

/** dirhash.HashDir(dir, prefix): every file below dir (not directories), named prefix/relpath; an unreadable entry throws, as in go. */
export function hashDir(dir: string, prefix: string): string {
  return treeHash1(dir, scanTree(dir).entries, prefix).h1;
}
