// The TypeScript dirhash against the go command's own hashes: the .ziphash
// files and go.sum lines go wrote for modules it downloaded.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { goModHash, hash1 } from '../src/gomod/dirhash.js';
import { parseGoSum } from '../src/gomod/gosum.js';
import { downloadFile, extractedDir } from '../src/gomod/modcache.js';
import { addedVersions, rewrittenHashes } from '../src/gomod/graphdiff.js';
import { parseModFile } from '../src/gomod/modfile.js';
import { makeGoModule } from '../dev/testkit/project.js';
import { libModule } from '../dev/testkit/proxy.js';
import { makeSandbox, type Sandbox } from '../dev/testkit/sandbox.js';
import { hashDir, hashZip } from '../dev/testkit/modhash.js';
import { zipContentsSync } from '../src/modcache/zip.js';

let sb: Sandbox;
let dir: string;

before(() => {
  sb = makeSandbox();
  sb.addModules([libModule('example.com/Stored', 'v1.0.0', { 'sub/x.txt': 'x\n' })]);
  // Deflated entries, as real proxies serve.
  sb.addModules([{ ...libModule('example.com/deflated', 'v1.0.0', { 'big.txt': 'x'.repeat(5000) }), deflate: true }]);
  dir = makeGoModule(sb, {
    rel: 'm',
    modulePath: 'example.com/m',
    deps: [
      { path: 'example.com/Stored', version: 'v1.0.0' },
      { path: 'example.com/deflated', version: 'v1.0.0' },
    ],
  });
});
after(() => sb.cleanup());

test('hash1 of the zip and the extracted tree equals the .ziphash go wrote; go.mod hashes equal go.sum', () => {
  const sum = parseGoSum(readFileSync(path.join(dir, 'go.sum'), 'utf8'));
  for (const m of ['example.com/Stored', 'example.com/deflated']) {
    const ziphash = readFileSync(downloadFile(sb.modcache, m, 'v1.0.0', 'ziphash'), 'utf8').trim();
    assert.equal(hashZip(downloadFile(sb.modcache, m, 'v1.0.0', 'zip')), ziphash, m);
    assert.equal(hashDir(extractedDir(sb.modcache, m, 'v1.0.0'), `${m}@v1.0.0`), ziphash, m);
    assert.equal(sum.entries.get(m)?.get('v1.0.0')?.zip?.hash, ziphash);
    assert.equal(goModHash(readFileSync(downloadFile(sb.modcache, m, 'v1.0.0', 'mod'))), sum.entries.get(m)?.get('v1.0.0')?.mod?.hash);
  }
  const deflatedZip = downloadFile(sb.modcache, 'example.com/deflated', 'v1.0.0', 'zip');
  assert.equal(readFileSync(deflatedZip).readUInt16LE(8), 8, 'the test zip really is deflated');
  assert.ok(zipContentsSync(deflatedZip).some((e) => e.name.endsWith('big.txt') && e.content.length === 5000));
});

test('hash1 sorts by name and rejects names with newlines', () => {
  const a = { name: 'm@v1/a', content: Buffer.from('a') };
  const b = { name: 'm@v1/b', content: Buffer.from('b') };
  assert.equal(hash1([a, b]), hash1([b, a]));
  assert.throws(() => hash1([{ name: 'x\ny', content: Buffer.alloc(0) }]));
});

test('what a go.mod / go.sum change adds', () => {
  const before = parseModFile('module x\n\ngo 1.22\n\nrequire (\n\ta v1.0.0\n\tb v1.0.0\n\tc v1.0.0\n)\nreplace c => ../c\n');
  const now = parseModFile(
    'module x\n\ngo 1.22\n\nrequire (\n\ta v1.0.0\n\tb v1.1.0\n\tc v1.0.0\n\td v0.1.0\n)\nreplace c => ../c\nreplace a => a2 v2.0.0\n',
  );
  assert.deepEqual(addedVersions(before, now), [
    { path: 'a2', version: 'v2.0.0' },
    { path: 'b', version: 'v1.1.0' },
    { path: 'd', version: 'v0.1.0' },
  ]);
  const h = (c: string) => `h1:${c.repeat(43)}=`;
  const s1 = parseGoSum(`a v1.0.0 ${h('A')}\na v1.0.0/go.mod ${h('B')}\n`);
  const s2 = parseGoSum(`a v1.0.0 ${h('A')}\na v1.0.0/go.mod ${h('C')}\nb v1.0.0 ${h('D')}\n`);
  assert.deepEqual(rewrittenHashes(s1, s2), [{ module: 'a@v1.0.0', goMod: true, was: h('B'), now: h('C'), line: 2 }]);
});
