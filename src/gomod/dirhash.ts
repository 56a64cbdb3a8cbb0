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
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  if (!NON_BMP_LOW.test(a) && !NON_BMP_LOW.test(b)) return a < b ? -1 : 1;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

const NON_BMP_LOW = /[^\u0000-\ud7ff]/;

/** Hash1's summary built one line at a time, for callers that feed names already sorted (compareNames). */
export class Hash1Builder {
  private readonly summary = createHash('sha256');

  add(name: string, sha256: string): void {
    if (name.includes('\n')) throw new Error(`dirhash: filename with newline: ${JSON.stringify(name)}`);
    this.summary.update(`${sha256}  ${name}\n`);
  }

  digest(): string {
    return `h1:${this.summary.digest('base64')}`;
  }
}

/** dirhash.Hash1 over per-file digests: the summary only, sorted by name as go sorts. */
export function hash1Digests(entries: DigestEntry[]): string {
  const b = new Hash1Builder();
  for (const e of [...entries].sort((x, y) => compareNames(x.name, y.name))) b.add(e.name, e.sha256);
  return b.digest();
}

/** The hash of a go.mod file as go.sum records it on the "<v>/go.mod" line. */
export function goModHash(content: Buffer): string {
  return hash1([{ name: 'go.mod', content }]);
}
