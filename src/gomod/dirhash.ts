// golang.org/x/mod/sumdb/dirhash.Hash1, the "h1:" hash of go.sum and .ziphash:
// for each file, sorted by name, "hex(sha256(content))  name\n"; then
// "h1:" + base64(sha256(of all those lines)). Pure: names and contents in.

import { createHash } from 'node:crypto';

export interface HashEntry {
  /** "module@version/relative/path" for a module tree, "go.mod" for a go.mod hash. */
  name: string;
  content: Buffer;
}

export function hash1(entries: HashEntry[]): string {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const summary = createHash('sha256');
  for (const e of sorted) {
    if (e.name.includes('\n')) throw new Error(`dirhash: filename with newline: ${JSON.stringify(e.name)}`);
    summary.update(`${createHash('sha256').update(e.content).digest('hex')}  ${e.name}\n`);
  }
  return `h1:${summary.digest('base64')}`;
}

/** The hash of a go.mod file as go.sum records it on the "<v>/go.mod" line. */
export function goModHash(content: Buffer): string {
  return hash1([{ name: 'go.mod', content }]);
}
