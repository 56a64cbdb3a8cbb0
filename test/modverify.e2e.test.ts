// mod-verify on the engine, end to end: what go mod verify cannot see (a cache
// rewritten consistently, a vendored file edited), each version once however
// many go.mod files use it, the snapshot (a warm run reads nothing; --full
// rehashes), and go mod verify kept as a cross-check. Real go, real git.

import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { hashDir, hashZip } from '../dev/testkit/modhash.js';
import { makeGoModule } from '../dev/testkit/project.js';
import { libModule, moduleZip } from '../dev/testkit/proxy.js';
import { makeSandbox, makeWritable, type Sandbox } from '../dev/testkit/sandbox.js';
import { assertContract } from './contract.js';
import { gohooks } from './helpers.js';

const DEPS = [
  { path: 'example.com/alpha', version: 'v1.0.0' },
  { path: 'example.com/beta', version: 'v1.2.0' },
];

let sb: Sandbox;
before(() => {
  sb = makeSandbox();
  sb.addModules([libModule('example.com/alpha', 'v1.0.0'), libModule('example.com/beta', 'v1.2.0')]);
});
after(() => sb.cleanup());

function verifyJson(dir: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const r = gohooks(['verify', '--format', 'json', '--check', 'mod-verify', ...args], { cwd: dir, env: { ...sb.env, ...env } });
  return { ...r, doc: assertContract(r.stdout) };
}

describe('mod-verify on the engine', () => {
  test('dir, zip and .ziphash rewritten consistently: go mod verify passes, gohooks does not', () => {
    const own = makeSandbox();
    try {
      own.addModules([libModule('example.com/alpha', 'v1.0.0'), libModule('example.com/beta', 'v1.2.0')]);
      const dir = makeGoModule(own, { rel: 'm', modulePath: 'example.org/consistent', deps: DEPS });
      // An attacker with write access to the cache replaces beta everywhere the cache holds it.
      const evil = libModule('example.com/beta', 'v1.2.0', { 'evil.go': 'package beta\n\nfunc init() {}\n' });
      const extracted = path.join(own.modcache, 'example.com/beta@v1.2.0');
      const dl = path.join(own.modcache, 'cache/download/example.com/beta/@v');
      makeWritable(extracted);
      makeWritable(dl);
      writeFileSync(path.join(extracted, 'evil.go'), evil.files['evil.go']);
      const zip = path.join(dl, 'v1.2.0.zip');
      writeFileSync(zip, moduleZip(evil));
      writeFileSync(path.join(dl, 'v1.2.0.ziphash'), `${hashZip(zip)}\n`);
      assert.equal(hashDir(extracted, 'example.com/beta@v1.2.0'), hashZip(zip), 'the rewrite is consistent');
      const go = own.exec('go', ['mod', 'verify'], { cwd: dir, env: { ...own.env, GOPROXY: 'off' } });
      assert.equal(go.status, 0, `go mod verify passes: ${go.stderr}`);

      const r = gohooks(['verify', '--format', 'json', '--check', 'mod-verify'], { cwd: dir, env: own.env });
      const doc = assertContract(r.stdout);
      assert.equal(r.status, 1);
      const f = doc.findings.find((x) => x.module === 'example.com/beta@v1.2.0');
      assert.ok(f, r.stdout);
      assert.match(
        f.message,
        /^go.sum records h1:\S+ for example.com\/beta@v1.2.0, but the module cache holds h1:\S+ \(checksum mismatch\)/,
      );
      assert.match(f.message, /go mod verify passes/);
      assert.equal(f.file, 'go.sum');
      assert.equal(
        f.line,
        readFileSync(path.join(dir, 'go.sum'), 'utf8')
          .split('\n')
          .findIndex((l) => l.startsWith('example.com/beta v1.2.0 ')) + 1,
      );
    } finally {
      own.cleanup();
    }
  });

  test('a vendored file edited is an error; vendor/ from go mod vendor passes', () => {
    const dir = makeGoModule(sb, { rel: 'vendored', modulePath: 'example.org/vendored', deps: DEPS });
    sb.run('go', ['mod', 'vendor'], { cwd: dir, env: sb.buildEnv });
    const clean = verifyJson(dir);
    assert.equal(clean.status, 0, clean.stdout);
    assert.deepEqual(
      clean.doc.findings.filter((f) => f.severity !== 'info'),
      [],
    );
    appendFileSync(path.join(dir, 'vendor/example.com/alpha/alpha.go'), '\n// a local patch nobody reviewed\n');
    writeFileSync(path.join(dir, 'vendor/example.com/alpha/extra.go'), 'package alpha\n');
    const edited = verifyJson(dir);
    assert.equal(edited.status, 1);
    const f = edited.doc.findings.find((x) => x.file === 'vendor/modules.txt');
    assert.ok(f, edited.stdout);
    assert.match(f.message, /vendor\/ is not what go mod vendor copies from the verified module cache:/);
    assert.match(f.message, /changed: example.com\/alpha\/alpha.go/);
    assert.match(f.message, /not from any module: example.com\/alpha\/extra.go/);
    assert.equal(f.fix?.commands?.posix, 'go mod vendor && git add -A vendor');
  });

  test('a version whose go.mod is cached but whose source never was (graph pruning): nothing to check, no finding', () => {
    const own = makeSandbox();
    try {
      own.addModules([libModule('example.com/alpha', 'v1.0.0'), libModule('example.com/beta', 'v1.2.0')]);
      const dir = makeGoModule(own, { rel: 'm', modulePath: 'example.org/pruned', deps: DEPS });
      makeWritable(own.modcache);
      rmSync(path.join(own.modcache, 'example.com/beta@v1.2.0'), { recursive: true });
      for (const ext of ['zip', 'ziphash']) rmSync(path.join(own.modcache, `cache/download/example.com/beta/@v/v1.2.0.${ext}`));
      const r = gohooks(['verify', '--format', 'json', '--check', 'mod-verify'], { cwd: dir, env: { ...own.env, GOHOOKS_DEBUG: '1' } });
      const doc = assertContract(r.stdout);
      assert.equal(r.status, 0, r.stdout);
      assert.deepEqual(doc.findings, []);
      assert.match(r.stderr, /mod-verify: \.: 1 versions of the build list not downloaded/);
    } finally {
      own.cleanup();
    }
  });

  test("a workspace's vendor/ (go work vendor) is compared too: an edit is an error with go work vendor as the fix", () => {
    const root = path.join(sb.dir, 'wsvendor');
    for (const name of ['a', 'b']) makeGoModule(sb, { rel: `wsvendor/${name}`, modulePath: `example.org/wsvendor/${name}`, deps: DEPS });
    writeFileSync(path.join(root, 'go.work'), 'go 1.22\n\nuse (\n\t./a\n\t./b\n)\n');
    sb.run('go', ['work', 'vendor'], { cwd: root, env: sb.buildEnv });
    const clean = verifyJson(root);
    assert.equal(clean.status, 0, clean.stdout);
    appendFileSync(path.join(root, 'vendor/example.com/alpha/alpha.go'), '\n// patched in place\n');
    const edited = verifyJson(root);
    assert.equal(edited.status, 1, edited.stdout);
    const f = edited.doc.findings.find((x) => x.file === 'vendor/modules.txt');
    assert.ok(f, edited.stdout);
    assert.match(
      f.message,
      /vendor\/ is not what go work vendor copies from the verified module cache:\n {2}changed: example.com\/alpha\/alpha.go/,
    );
    assert.equal(f.fix?.commands?.posix, 'go work vendor && git add -A vendor');
  });

  test('11 go.mod files without go.work sharing dependencies: each module version verified once', () => {
    const root = path.join(sb.dir, 'multi');
    const names = 'abcdefghijk'.split('');
    for (const name of names) makeGoModule(sb, { rel: `multi/${name}`, modulePath: `example.org/multi/${name}`, deps: DEPS });
    const r = gohooks(['verify', '--check', 'mod-verify'], { cwd: root, env: { ...sb.env, GOHOOKS_DEBUG: '1' } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal((r.stderr.match(/go list -m -e -json all/g) ?? []).length, names.length, 'one build list per module');
    assert.match(r.stderr, /mod-verify: 2 versions, /, 'alpha and beta once, for all eleven modules');
    assert.doesNotMatch(r.stderr, /go mod verify/, 'no go mod verify per module');
  });

  test('warm: nothing is read again; a change with its mtime restored is still found (ctime); --full rehashes everything', () => {
    const dir = makeGoModule(sb, { rel: 'warm', modulePath: 'example.org/warm', deps: DEPS });
    const debug = (args: string[] = []) =>
      gohooks(['verify', '--check', 'mod-verify', ...args], { cwd: dir, env: { ...sb.env, GOHOOKS_DEBUG: '1' } });
    debug(); // may record the snapshot (entries too fresh are left for the next run: git's racy rule)
    const warm = debug();
    assert.match(warm.stderr, /mod-verify: 2 versions, 0 hashed, 2 from the snapshot/);
    const full = debug(['--full']);
    assert.match(full.stderr, /mod-verify: 2 versions, 2 hashed, 0 from the snapshot/);

    const file = path.join(sb.modcache, 'example.com/alpha@v1.0.0/alpha.go');
    makeWritable(path.dirname(file));
    const before = readFileSync(file);
    const { atime, mtime } = statSync(file);
    writeFileSync(file, Buffer.from(before.toString().replace('func Version', 'func VersioN')));
    utimesSync(file, atime, mtime);
    const tampered = gohooks(['verify', '--check', 'mod-verify'], { cwd: dir, env: sb.env });
    assert.equal(tampered.status, 1, tampered.stdout);
    assert.match(tampered.stdout, /example.com\/alpha v1.0.0: dir in the module cache has been modified/);
    assert.match(tampered.stdout, /changed: alpha.go/);
    writeFileSync(file, before);
  });

  test('go mod verify as a cross-check (--with-go-verify): it runs, and agrees on a clean cache', () => {
    const dir = makeGoModule(sb, { rel: 'cross', modulePath: 'example.org/cross', deps: DEPS });
    const r = gohooks(['verify', '--check', 'mod-verify', '--with-go-verify'], { cwd: dir, env: { ...sb.env, GOHOOKS_DEBUG: '1' } });
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stderr, /\$ \S*go mod verify {2}\(in .*\) → exit 0/);
  });
});
