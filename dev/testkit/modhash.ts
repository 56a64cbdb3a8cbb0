// Hashes what the module cache holds for one module version, as `go mod
// verify` does (dirhash.HashZip of the zip, dirhash.HashDir of the extracted
// tree), for tests of the hashing against the go command. Synchronous
// wrappers over the engine's streaming readers (src/modcache/).

import { hash1Digests } from '../../src/gomod/dirhash.js';
import { scanTree, treeHash1 } from '../../src/modcache/tree.js';
import { ZipError, zipDigestsSync } from '../../src/modcache/zip.js';

/** A zip this reader cannot (or go would not) read: callers fall back to `go mod verify`. */
export { ZipError as UnsupportedZip };

/** dirhash.HashZip: one entry in memory at a time; CRC-32 and sizes checked as archive/zip does. */
export function hashZip(file: string): string {
  return hash1Digests(zipDigestsSync(file));
}

/** dirhash.HashDir(dir, prefix): every file below dir (not directories), named prefix/relpath; an unreadable entry throws, as in go. */
export function hashDir(dir: string, prefix: string): string {
  return treeHash1(dir, scanTree(dir).entries, prefix).h1;
}
