// Extracts the tar stream of `git archive` (ustar + pax headers) into a
// directory: a commit's module tree for go commands, without touching the
// repository, its index or its work tree.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function field(buf: Buffer, start: number, len: number): string {
  const raw = buf.subarray(start, start + len);
  const nul = raw.indexOf(0);
  return raw.subarray(0, nul < 0 ? len : nul).toString('utf8');
}

function paxPath(data: Buffer): string | undefined {
  // records: "<len> key=value\n"
  let i = 0;
  let found: string | undefined;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    if (sp < 0) break;
    const len = Number(data.subarray(i, sp).toString());
    if (!(len > 0)) break;
    const rec = data.subarray(sp + 1, i + len - 1).toString('utf8');
    const eq = rec.indexOf('=');
    if (rec.slice(0, eq) === 'path') found = rec.slice(eq + 1);
    i += len;
  }
  return found;
}

/** Writes regular files (and directories) of a tar archive under dest; returns the file count. */
export function extractTar(tar: Buffer, dest: string): number {
  let off = 0;
  let files = 0;
  let nextPath: string | undefined;
  while (off + 512 <= tar.length) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 0x30);
    const name = field(header, 0, 100);
    const prefix = field(header, 345, 155);
    const dataStart = off + 512;
    const data = tar.subarray(dataStart, dataStart + size);
    off = dataStart + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      nextPath = paxPath(data);
      continue;
    }
    if (type === 'g') continue; // git archive's global header (the commit id)
    const rel = nextPath ?? (prefix ? `${prefix}/${name}` : name);
    nextPath = undefined;
    const target = path.resolve(dest, rel);
    if (!target.startsWith(path.resolve(dest) + path.sep)) continue; // never outside dest
    if (type === '5') mkdirSync(target, { recursive: true });
    else if (type === '0' || type === '\0') {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, data);
      files++;
    }
    // symlinks and others are skipped: go commands need the sources only
  }
  return files;
}
