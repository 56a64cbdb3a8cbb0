// golang.org/x/mod/sumdb/dirhash.Hash1, the "h1:" hash of go.sum and .ziphash:
// for each file, sorted by name, "hex(sha256(content))  name\n"; then
// "h1:" + base64(sha256(of all those lines)). Pure: names and contents in.

import { createHash } from 'node:crypto';

export interface HashEntry {
  /** "module@version/relative/path" for a module tree, "go.mod" for a go.mod hash. */
  name: string;
  content: Buffer;
}

/** A file already reduced to its SHA-256, so large trees are hashed without holding their contents. */
export interface DigestEntry {
  name: string;
  /** hex(sha256(content)) */
  sha256: string;
}

export function hash1(entries: HashEntry[]): string {
  return hash1Digests(entries.map((e) => ({ name: e.name, sha256: createHash('sha256').update(e.content).digest('hex') })));
}

/** Go sorts names as byte strings (UTF-8); JavaScript's < compares UTF-16 units, which differs above U+D7FF only. */
function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** dirhash.Hash1 over per-file digests: the summary only, sorted by name as go sorts. */
export function hash1Digests(entries: DigestEntry[]): string {
  const sorted = [...entries];
  const ascii = (s: string) => !/[^\u0000-\ud7ff]/.test(s);
  if (sorted.every((e) => ascii(e.name))) sorted.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  else sorted.sort((a, b) => byUtf8(a.name, b.name));
  const summary = createHash('sha256');
  for (const e of sorted) {
    if (e.name.includes('\n')) throw new Error(`dirhash: filename with newline: ${JSON.stringify(e.name)}`);
    summary.update(`${e.sha256}  ${e.name}\n`);
  }
  return `h1:${summary.digest('base64')}`;
}

/** The hash of a go.mod file as go.sum records it on the "<v>/go.mod" line. */
export function goModHash(content: Buffer): string {
  return hash1([{ name: 'go.mod', content }]);
}
