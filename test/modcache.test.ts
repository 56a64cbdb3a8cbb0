// The verification engine against the real go command: each kind of tamper
// in a hermetic module cache, `go mod verify` as the oracle wherever go can
// tell, and the committed go.sum for what go mod verify does not look at.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  type BigIntStats,
} from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { makeGoModule } from '../dev/testkit/project.js';
import { libModule, type ModuleSpec } from '../dev/testkit/proxy.js';
import { goRunner, makeSandbox, makeWritable, type Sandbox } from '../dev/testkit/sandbox.js';
import { makeZip } from '../dev/testkit/zip.js';
import { hash1, hash1Digests } from '../src/gomod/dirhash.js';
import { downloadFile, extractedDir } from '../src/gomod/modcache.js';
import { collectVersions, defaultSnapshotDir, verifyVersions } from '../src/modcache/index.js';
import { readRecord, shardFile, statKey } from '../src/modcache/snapshot.js';
import { lstatBig } from '../src/modcache/tree.js';
import { zipDigestsSync, zipHash1 } from '../src/modcache/zip.js';
import type { Problem, VersionInput, VersionResult } from '../src/modcache/types.js';

const sandboxes: Sandbox[] = [];
after(() => sandboxes.forEach((s) => s.cleanup()));

/** A deterministic blob that does not compress: large enough to take the streaming zip path (> 4 MiB). */
function blob(bytes: number, seed: string): Buffer {
  const out = Buffer.alloc(bytes);
  let h = createHash('sha256').update(seed).digest();
  for (let off = 0; off < bytes; off += h.length) {
    h.copy(out, off);
    h = createHash('sha256').update(h).digest();
  }
  return out;
}

const DEPS = [
  { path: 'example.com/alpha', version: 'v1.0.0' },
  { path: 'example.com/Beta', version: 'v1.2.0' },
  { path: 'example.com/gamma', version: 'v0.3.0' },
];

function specs(): ModuleSpec[] {
  return [
    libModule('example.com/alpha', 'v1.0.0', { 'sub/x.txt': 'x\n', LICENSE: 'MIT\n' }),
    // Upper case in the path (cache escaping), deflated, one entry large enough to stream.
    { ...libModule('example.com/Beta', 'v1.2.0', { 'big/blob.bin': blob(5 << 20, 'beta') }), deflate: true },
    {
      ...libModule('example.com/gamma', 'v0.3.0', {
        'a/b/c/deep.txt': 'deep\n',
        'gamma_extra.go': 'package gamma\n\nimport _ "example.com/delta"\n',
        'go.mod': 'module example.com/gamma\n\ngo 1.21\n\nrequire example.com/delta v1.0.0\n',
      }),
      deflate: true,
    },
    libModule('example.com/delta', 'v1.0.0'),
  ];
}

interface Fixture {
  sb: Sandbox;
  dir: string;
  snap: string;
  versions: VersionInput[];
}

const GO_VERSION = (() => {
  const r = makeSandbox('gohooks-test-goversion-');
  sandboxes.push(r);
  return r.run('go', ['env', 'GOVERSION']).trim();
})();

async function fixture(): Promise<Fixture> {
  const sb = makeSandbox();
  sandboxes.push(sb);
  sb.addModules(specs());
  const dir = makeGoModule(sb, { rel: 'm', modulePath: 'example.com/m', deps: DEPS });
  const set = await collectVersions({ units: [{ dir }], runGo: goRunner(sb.env), env: sb.env, timeoutMs: 60_000, goVersion: GO_VERSION });
  assert.deepEqual(set.failures, []);
  return { sb, dir, snap: path.join(sb.dir, 'snapshot'), versions: set.versions };
}

function verify(f: Fixture, extra: { full?: boolean; workers?: number; workersOnly?: boolean; timestampGranularityNs?: bigint } = {}) {
  return verifyVersions({ gomodcache: f.sb.modcache, versions: f.versions, snapshotDir: f.snap, ...extra });
}

function byModule(results: VersionResult[], mod: string): VersionResult {
  const r = results.find((x) => `${x.path}@${x.version}` === mod);
  assert.ok(r, `no result for ${mod}`);
  return r;
}

/** `go mod verify`'s verdicts: "<path> <version>: <kind>" per failing module, [] when all verified. */
function goVerify(f: Fixture): { ok: boolean; findings: string[]; stderr: string } {
  const r = f.sb.exec('go', ['mod', 'verify'], { cwd: f.dir, env: { ...f.sb.env, GOPROXY: 'off', GOFLAGS: '-mod=mod' } });
  const findings: string[] = [];
  for (const line of r.stderr.split('\n')) {
    const m = /^(\S+) (\S+): (zip has been modified|dir has been modified|missing ziphash|zip: [a-z ]+)/.exec(line);
    if (m)
      findings.push(`${m[1]} ${m[2]}: ${m[3].startsWith('zip:') ? 'zip unreadable' : m[3].replace(/ has been modified/, ' modified')}`);
  }
  return { ok: r.status === 0 && r.stdout.includes('all modules verified'), findings: findings.sort(), stderr: r.stderr };
}

/** Our verdicts in go mod verify's terms (go.sum comparisons left out: go mod verify does not make them). */
function asGoWould(results: VersionResult[]): string[] {
  const kind = (p: Problem): string | undefined =>
    p.kind === 'zip-modified'
      ? 'zip modified'
      : p.kind === 'dir-modified'
        ? 'dir modified'
        : p.kind === 'missing-ziphash'
          ? 'missing ziphash'
          : p.kind === 'unreadable' && p.what === 'zip'
            ? 'zip unreadable'
            : undefined;
  return results.flatMap((r) => r.problems.map((p) => kind(p)).flatMap((k) => (k ? [`${r.path} ${r.version}: ${k}`] : []))).sort();
}

function assertSameAsGo(f: Fixture, results: VersionResult[]): void {
  const go = goVerify(f);
  assert.deepEqual(asGoWould(results), go.findings, `go mod verify said:\n${go.stderr}`);
  assert.equal(go.ok, go.findings.length === 0, go.stderr);
}

/** Sets atime and mtime back to the nanosecond (touch -d), as an attacker would; ctime cannot be set back. */
function restoreTimes(file: string, st: BigIntStats): void {
  const ts = (ns: bigint) => `@${ns / 1_000_000_000n}.${String(ns % 1_000_000_000n).padStart(9, '0')}`;
  execFileSync('touch', ['-a', '-d', ts(st.atimeNs), file]);
  execFileSync('touch', ['-m', '-d', ts(st.mtimeNs), file]);
}

function writable(p: string): void {
  makeWritable(p);
  chmodSync(path.dirname(p), 0o755);
}

const ALPHA = 'example.com/alpha@v1.0.0';
const alphaDir = (f: Fixture) => extractedDir(f.sb.modcache, 'example.com/alpha', 'v1.0.0');

test('a clean cache verifies, as go mod verify says; the second run reads nothing but stat data', async () => {
  const f = await fixture();
  const cold = await verify(f);
  for (const d of [...DEPS, { path: 'example.com/delta', version: 'v1.0.0' }]) {
    assert.equal(byModule(cold.results, `${d.path}@${d.version}`).status, 'verified', `${d.path}: ${JSON.stringify(cold.results)}`);
  }
  assert.ok(cold.results.every((r) => r.problems.length === 0));
  assert.equal(cold.stats.fromSnapshot, 0);
  assertSameAsGo(f, cold.results);
  const warm = await verify(f);
  assert.equal(warm.stats.hashed, 0, JSON.stringify(warm.results.filter((r) => !r.fromSnapshot)));
  assert.deepEqual(
    warm.results.map((r) => [r.path, r.version, r.status, r.hashes]),
    cold.results.map((r) => [r.path, r.version, r.status, r.hashes]),
  );
  // The streamed 5 MiB deflated entry and the escaped path hash as go hashed them.
  const beta = byModule(warm.results, 'example.com/Beta@v1.2.0');
  assert.equal(beta.hashes.zip, beta.hashes.ziphash);
  assert.equal(beta.hashes.dir, beta.hashes.ziphash);
  // --full rehashes everything and agrees.
  const full = await verify(f, { full: true });
  assert.equal(full.stats.fromSnapshot, 0);
  assert.deepEqual(
    full.results.map((r) => r.status),
    cold.results.map((r) => r.status),
  );
});

test('content changed with its mtime restored: ctime differs, the version is rehashed and fails like go mod verify', async () => {
  const f = await fixture();
  await verify(f);
  const file = path.join(alphaDir(f), 'sub', 'x.txt');
  const before = statSync(file, { bigint: true });
  writable(file);
  writeFileSync(file, 'y\n'); // same size
  restoreTimes(file, before);
  const after = statSync(file, { bigint: true });
  assert.equal(after.mtimeNs, before.mtimeNs);
  assert.equal(after.size, before.size);
  assert.notEqual(after.ctimeNs, before.ctimeNs);
  const r = await verify(f);
  const alpha = byModule(r.results, ALPHA);
  assert.equal(alpha.status, 'failed');
  assert.equal(alpha.fromSnapshot, false);
  const dirProblem = alpha.problems.find((p) => p.kind === 'dir-modified');
  assert.ok(dirProblem && dirProblem.kind === 'dir-modified');
  assert.deepEqual(dirProblem.changed, ['sub/x.txt']);
  assertSameAsGo(f, r.results);
});

test('a file added to and a file removed from an extracted tree', async () => {
  const f = await fixture();
  await verify(f);
  const d = alphaDir(f);
  writable(path.join(d, 'sub', 'x.txt'));
  writeFileSync(path.join(d, 'sub', 'new.go'), 'package sub\n');
  let r = await verify(f);
  let p = byModule(r.results, ALPHA).problems.find((x) => x.kind === 'dir-modified');
  assert.ok(p && p.kind === 'dir-modified');
  assert.deepEqual(p.added, ['sub/new.go']);
  assertSameAsGo(f, r.results);

  rmSync(path.join(d, 'sub', 'new.go'));
  rmSync(path.join(d, 'LICENSE'), { force: true });
  writable(path.join(d, 'alpha.go'));
  r = await verify(f);
  p = byModule(r.results, ALPHA).problems.find((x) => x.kind === 'dir-modified');
  assert.ok(p && p.kind === 'dir-modified');
  assert.deepEqual(p.removed, ['LICENSE']);
  assertSameAsGo(f, r.results);
});

test('a chmod is noticed (rehash) but is no modification, as for go mod verify', async () => {
  const f = await fixture();
  await verify(f);
  const file = path.join(alphaDir(f), 'alpha.go');
  chmodSync(file, 0o755);
  // Past the file system's timestamp tick, or the new record is (rightly) racily clean.
  await new Promise((r) => setTimeout(r, 50));
  const r = await verify(f);
  const alpha = byModule(r.results, ALPHA);
  assert.equal(alpha.fromSnapshot, false);
  assert.equal(alpha.status, 'verified');
  assertSameAsGo(f, r.results);
  // Recorded again: the next run trusts the new stat data.
  assert.equal(byModule((await verify(f)).results, ALPHA).fromSnapshot, true);
});

test('the zip edited: a rewritten zip is "zip modified", a damaged one unreadable, as go says', async () => {
  const f = await fixture();
  await verify(f);
  const zip = downloadFile(f.sb.modcache, 'example.com/alpha', 'v1.0.0', 'zip');
  writable(zip);
  const prefix = 'example.com/alpha@v1.0.0/';
  const entries = [
    { name: `${prefix}LICENSE`, data: Buffer.from('MIT\n') },
    { name: `${prefix}alpha.go`, data: Buffer.from('package alpha\n\nfunc Version() string { return "evil" }\n') },
    { name: `${prefix}go.mod`, data: Buffer.from('module example.com/alpha\n\ngo 1.21\n') },
    { name: `${prefix}sub/x.txt`, data: Buffer.from('x\n') },
  ];
  writeFileSync(zip, makeZip(entries));
  let r = await verify(f);
  assert.ok(byModule(r.results, ALPHA).problems.some((p) => p.kind === 'zip-modified'));
  assertSameAsGo(f, r.results);

  // One byte of stored data flipped: the CRC-32 no longer matches (archive/zip: checksum error).
  const bytes = readFileSync(zip);
  const at = bytes.indexOf('evil');
  bytes[at] = 'E'.charCodeAt(0);
  writeFileSync(zip, bytes);
  r = await verify(f);
  const alpha = byModule(r.results, ALPHA);
  assert.ok(
    alpha.problems.some((p) => p.kind === 'unreadable' && p.what === 'zip' && /checksum/.test(p.detail)),
    JSON.stringify(alpha),
  );
  assertSameAsGo(f, r.results);
});

test('dir, zip and .ziphash rewritten consistently: go mod verify passes, go.sum catches it (and go build would stop)', async () => {
  const f = await fixture();
  await verify(f);
  const d = alphaDir(f);
  const evil = 'package alpha\n\n// Version reports the module version.\nfunc Version() string { return "pwned" }\n';
  writable(path.join(d, 'alpha.go'));
  writeFileSync(path.join(d, 'alpha.go'), evil);
  const prefix = 'example.com/alpha@v1.0.0';
  const files: { name: string; data: Buffer }[] = [];
  const walk = (dir: string, rel: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(dir, e.name), r);
      else files.push({ name: `${prefix}/${r}`, data: readFileSync(path.join(dir, e.name)) });
    }
  };
  walk(d, '');
  files.sort((a, b) => (a.name < b.name ? -1 : 1));
  const zip = downloadFile(f.sb.modcache, 'example.com/alpha', 'v1.0.0', 'zip');
  const ziphash = downloadFile(f.sb.modcache, 'example.com/alpha', 'v1.0.0', 'ziphash');
  writable(zip);
  writable(ziphash);
  writeFileSync(zip, makeZip(files));
  const forged = hash1(files.map((x) => ({ name: x.name, content: x.data })));
  writeFileSync(ziphash, `${forged}\n`);

  const go = goVerify(f);
  assert.ok(go.ok, `go mod verify passes a consistent rewrite: ${go.stderr}`);
  const r = await verify(f);
  const alpha = byModule(r.results, ALPHA);
  assert.equal(alpha.status, 'failed');
  const mismatch = alpha.problems.find((p) => p.kind === 'sum-mismatch' && !p.goMod);
  assert.ok(mismatch && mismatch.kind === 'sum-mismatch');
  assert.equal(mismatch.cached, forged);
  assert.deepEqual(mismatch.which, ['ziphash', 'zip', 'dir']);
  assert.deepEqual(asGoWould(r.results), go.findings);
  const build = f.sb.exec('go', ['build', './...'], { cwd: f.dir, env: { ...f.sb.env, GOPROXY: 'off', GOFLAGS: '-mod=mod' } });
  assert.notEqual(build.status, 0);
  assert.match(build.stderr, /SECURITY ERROR|checksum mismatch/);
});

test('a go.sum edit alone, with the cache unchanged, is caught from the snapshot', async () => {
  const f = await fixture();
  await verify(f);
  const tampered = f.versions.map((v) =>
    v.path === 'example.com/gamma' && !v.modOnly ? { ...v, sum: { ...v.sum, zip: `h1:${'A'.repeat(43)}=` } } : v,
  );
  const r = await verifyVersions({ gomodcache: f.sb.modcache, versions: tampered, snapshotDir: f.snap });
  const gamma = byModule(r.results, 'example.com/gamma@v0.3.0');
  assert.equal(gamma.fromSnapshot, true);
  assert.equal(gamma.status, 'failed');
  assert.ok(gamma.problems.some((p) => p.kind === 'sum-mismatch' && p.recorded === `h1:${'A'.repeat(43)}=`));
});

test('a cached .mod edited: go fails to load the graph, the engine names the go.sum mismatch', async () => {
  const f = await fixture();
  await verify(f);
  const mod = downloadFile(f.sb.modcache, 'example.com/delta', 'v1.0.0', 'mod');
  writable(mod);
  appendFileSync(mod, '\nrequire example.com/evil v1.0.0\n');
  const r = await verify(f);
  const delta = byModule(r.results, 'example.com/delta@v1.0.0');
  assert.ok(delta.problems.some((p) => p.kind === 'sum-mismatch' && p.goMod));
  const go = goVerify(f);
  assert.equal(go.ok, false);
  assert.match(
    go.stderr,
    /example\.com\/delta@v1\.0\.0: verifying go\.mod: checksum mismatch|verifying example\.com\/delta@v1\.0\.0\/go\.mod: checksum mismatch/,
  );
});

test('missing .ziphash, a .partial marker, not downloaded: as go mod verify treats them', async () => {
  const f = await fixture();
  await verify(f);
  // A .partial marker: go ignores the tree (here also modified) and checks the zip.
  const partial = downloadFile(f.sb.modcache, 'example.com/gamma', 'v0.3.0', 'partial');
  writable(partial);
  writeFileSync(partial, '');
  const gammaFile = path.join(extractedDir(f.sb.modcache, 'example.com/gamma', 'v0.3.0'), 'a', 'b', 'c', 'deep.txt');
  writable(gammaFile);
  writeFileSync(gammaFile, 'changed\n');
  // No .ziphash beside alpha's zip.
  const ziphash = downloadFile(f.sb.modcache, 'example.com/alpha', 'v1.0.0', 'ziphash');
  writable(ziphash);
  rmSync(ziphash);
  // delta: nothing but its .mod left.
  const deltaDir = extractedDir(f.sb.modcache, 'example.com/delta', 'v1.0.0');
  makeWritable(deltaDir);
  rmSync(deltaDir, { recursive: true });
  rmSync(downloadFile(f.sb.modcache, 'example.com/delta', 'v1.0.0', 'zip'));
  const r = await verify(f);
  const gamma = byModule(r.results, 'example.com/gamma@v0.3.0');
  assert.equal(gamma.status, 'partial');
  assert.equal(gamma.incomplete, 'partial-marker');
  assert.equal(gamma.hashes.dir, undefined);
  assert.equal(gamma.hashes.zip, gamma.hashes.ziphash);
  const alpha = byModule(r.results, ALPHA);
  assert.ok(alpha.problems.some((p) => p.kind === 'missing-ziphash'));
  assert.equal(byModule(r.results, 'example.com/delta@v1.0.0').status, 'not-downloaded');
  assertSameAsGo(f, r.results);
});

test('racy git: an edit within the same second as the snapshot, on a file system with 1-second timestamps', async () => {
  const f = await fixture();
  const SECOND = 1_000_000_000n;
  const file = path.join(alphaDir(f), 'sub', 'x.txt');
  writable(file);
  const shard = shardFile(f.snap, 'example.com/alpha', 'v1.0.0', 'full');
  let caught = false;
  for (let attempt = 0; attempt < 5 && !caught; attempt++) {
    writeFileSync(file, 'x\n');
    const before = statSync(file, { bigint: true });
    // Start right after a second boundary so that verify and the edit share that second.
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
    writeFileSync(file, 'x\n');
    restoreTimes(file, before);
    await verify(f, { timestampGranularityNs: SECOND, workers: 0 });
    const rec = readRecord(shard, { gomodcache: f.sb.modcache, module: ALPHA, kind: 'full' });
    const recordedKey = /^sub\/x\.txt\t(.*)$/m.exec(rec?.tree ?? '')?.[1];
    writeFileSync(file, 'y\n'); // same size, same second
    restoreTimes(file, before);
    const nowKey = statKey(lstatBig(file), SECOND);
    if (!rec || recordedKey !== nowKey) continue; // the second ticked over: try again
    // The stat data cannot tell the edit apart: only the racy-git rule can.
    assert.equal(rec.smudged, true, 'the record was written smudged');
    const r = await verify(f, { timestampGranularityNs: SECOND, workers: 0 });
    const alpha = byModule(r.results, ALPHA);
    assert.equal(alpha.fromSnapshot, false);
    assert.equal(alpha.racy, true);
    assert.ok(alpha.problems.some((p) => p.kind === 'dir-modified'));
    assertSameAsGo(f, r.results);
    caught = true;
  }
  assert.ok(caught, 'could not stay within one second in five attempts');
});

test('a corrupt snapshot and one from another format version are ignored, then rewritten', async () => {
  const f = await fixture();
  const cold = await verify(f);
  const shards: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else shards.push(p);
    }
  };
  walk(f.snap);
  assert.ok(shards.length >= 4);
  shards.forEach((s, i) => {
    if (i % 2 === 0) writeFileSync(s, '{"format":1,"tree":[');
    else {
      const text = readFileSync(s, 'utf8');
      const nl = text.indexOf('\n');
      writeFileSync(s, `${JSON.stringify({ ...JSON.parse(text.slice(0, nl)), format: 999 })}${text.slice(nl)}`);
    }
  });
  const r = await verify(f);
  assert.equal(r.stats.fromSnapshot, 0);
  assert.deepEqual(
    r.results.map((x) => [x.path, x.version, x.status, x.hashes]),
    cold.results.map((x) => [x.path, x.version, x.status, x.hashes]),
  );
  assert.equal((await verify(f)).stats.hashed, 0);
});

test('two verifies at once give the same findings and leave a valid snapshot', async () => {
  const f = await fixture();
  const file = path.join(alphaDir(f), 'sub', 'x.txt');
  writable(file);
  writeFileSync(file, 'tampered\n');
  // Worker threads only (two runs, two workers each): real parallelism on the same snapshot files.
  const [a, b] = await Promise.all([verify(f, { workers: 2, workersOnly: true }), verify(f, { workers: 2, workersOnly: true })]);
  assert.ok(a.stats.workers >= 1 && b.stats.workers >= 1, 'the versions were checked in worker threads');
  const view = (x: typeof a) => x.results.map((r) => [r.path, r.version, r.status, r.problems.map((p) => p.kind)]);
  assert.deepEqual(view(a), view(b));
  assert.equal(byModule(a.results, ALPHA).status, 'failed');
  for (const v of f.versions) {
    const kind = v.modOnly ? 'mod' : 'full';
    const s = shardFile(f.snap, v.path, v.version, kind);
    const rec = readRecord(s, { gomodcache: f.sb.modcache, module: `${v.path}@${v.version}`, kind });
    if (`${v.path}@${v.version}` === ALPHA && kind === 'full') assert.equal(rec, undefined, 'a failing version is never recorded');
  }
  const c = await verify(f);
  assert.deepEqual(view(c), view(a));
  assertSameAsGo(f, c.results);
});

test('build lists: the union over modules, cached by the contents go.mod, go.sum and go.work', async () => {
  const sb = makeSandbox();
  sandboxes.push(sb);
  sb.addModules(specs());
  const one = makeGoModule(sb, { rel: 'r/one', modulePath: 'example.com/one', deps: [DEPS[0]] });
  const two = makeGoModule(sb, { rel: 'r/two', modulePath: 'example.com/two', deps: [DEPS[2]] });
  const cacheDir = path.join(sb.dir, 'buildlists');
  const opts = { runGo: goRunner(sb.env), env: sb.env, timeoutMs: 60_000, goVersion: GO_VERSION, cacheDir };
  const first = await collectVersions({ ...opts, units: [{ dir: one }, { dir: two }] });
  assert.equal(first.cached, 0);
  const full = (s: typeof first) => [...new Set(s.versions.filter((v) => !v.modOnly).map((v) => `${v.path}@${v.version}`))].sort();
  const goList = (d: string) =>
    sb
      .run('go', ['list', '-m', '-e', '-f', '{{if not .Main}}{{.Path}}@{{.Version}}{{end}}', 'all'], {
        cwd: d,
        env: { ...sb.env, GOPROXY: 'off' },
      })
      .split('\n')
      .filter(Boolean);
  assert.deepEqual(full(first), [...new Set([...goList(one), ...goList(two)])].sort());
  assert.ok(first.versions.some((v) => v.path === 'example.com/delta' && v.modOnly && v.sum?.mod));
  const again = await collectVersions({ ...opts, units: [{ dir: one }, { dir: two }] });
  assert.equal(again.cached, 2);
  assert.deepEqual(full(again), full(first));
  // The same go.mod and go.sum in another directory (a hook's temporary copy): the same entry.
  const copy = path.join(sb.dir, 'elsewhere', 'copy-of-one');
  mkdirSync(copy, { recursive: true });
  for (const f of ['go.mod', 'go.sum']) copyFileSync(path.join(one, f), path.join(copy, f));
  const moved = await collectVersions({ ...opts, units: [{ dir: copy }] });
  assert.equal(moved.cached, 1);
  // A go.work joining both: one unit, a new cache entry.
  sb.write('r/go.work', 'go 1.22\n\nuse (\n\t./one\n\t./two\n)\n');
  const ws = await collectVersions({ ...opts, units: [{ dir: path.join(sb.dir, 'r') }] });
  assert.equal(ws.cached, 0);
  assert.deepEqual(full(ws), goList(path.join(sb.dir, 'r')).sort());
  // Offline and not downloaded: named as incomplete, not cached, never an empty pass.
  sb.write('r/three/go.mod', 'module example.com/three\n\ngo 1.22\n\nrequire example.com/nowhere v1.0.0\n');
  const unit3 = { dir: path.join(sb.dir, 'r', 'three'), env: { GOWORK: 'off' } };
  const three = await collectVersions({ ...opts, units: [unit3] });
  assert.deepEqual(three.incomplete, ['example.com/nowhere@v1.0.0']);
  assert.equal((await collectVersions({ ...opts, units: [unit3] })).cached, 0);
  // A go.mod go cannot parse: a failure with go's words.
  sb.write('r/four/go.mod', 'module example.com/four\n\ngo 1.22\n\nrequire (\n');
  const four = await collectVersions({ ...opts, units: [{ dir: path.join(sb.dir, 'r', 'four'), env: { GOWORK: 'off' } }] });
  assert.equal(four.failures.length, 1);
  assert.match(four.failures[0].message, /go\.mod/);
});

test('the snapshot lives in the user cache dir, per platform, keyed by GOMODCACHE', () => {
  const linux = defaultSnapshotDir('linux', { HOME: '/home/u' }, '/home/u/go/pkg/mod');
  assert.match(linux!, /^\/home\/u\/\.cache\/gohooks\/modcache-v1\/[0-9a-f]{16}$/);
  assert.match(defaultSnapshotDir('linux', { HOME: '/home/u', XDG_CACHE_HOME: '/x' }, '/m')!, /^\/x\/gohooks\//);
  // A relative XDG_CACHE_HOME is ignored, as the XDG spec and Go's os.UserCacheDir say.
  assert.match(defaultSnapshotDir('linux', { HOME: '/home/u', XDG_CACHE_HOME: 'rel' }, '/m')!, /^\/home\/u\/\.cache\//);
  assert.match(defaultSnapshotDir('darwin', { HOME: '/Users/u' }, '/m')!, /^\/Users\/u\/Library\/Caches\/gohooks\//);
  assert.match(
    defaultSnapshotDir('win32', { LocalAppData: 'C:\\Users\\u\\AppData\\Local' }, 'C:\\go\\pkg\\mod')!,
    /^C:\\Users\\u\\AppData\\Local\\gohooks\\/,
  );
  assert.notEqual(defaultSnapshotDir('linux', { HOME: '/h' }, '/a'), defaultSnapshotDir('linux', { HOME: '/h' }, '/b'));
  assert.equal(defaultSnapshotDir('linux', {}, '/a'), undefined);
});

test('go.sum names that cannot be cache entries are never looked up', async () => {
  const sb = makeSandbox();
  sandboxes.push(sb);
  const r = await verifyVersions({
    gomodcache: sb.modcache,
    versions: [
      { path: '../../etc', version: 'v1.0.0', sum: { zip: `h1:${'A'.repeat(43)}=` } },
      { path: 'example.com/x', version: '../../v1.0.0' },
      { path: 'example.com//y', version: 'v1.0.0', modOnly: true },
    ],
  });
  assert.deepEqual(
    r.results.map((x) => x.status),
    ['not-downloaded', 'not-downloaded', 'not-downloaded'],
  );
  assert.ok(r.results.every((x) => x.problems.length === 0 && Object.keys(x.hashes).length === 0));
});

test('a zip naming one file twice is hashed as archive/zip reads it: the last entry, twice', async () => {
  const sb = makeSandbox();
  sandboxes.push(sb);
  const zip = sb.write(
    'dup.zip',
    makeZip(
      [
        { name: 'm@v1.0.0/b.go', data: Buffer.from('first\n') },
        { name: 'm@v1.0.0/a.go', data: Buffer.from('a\n') },
        { name: 'm@v1.0.0/b.go', data: Buffer.from('second\n') },
      ],
      true,
    ),
  );
  const expected = hash1([
    { name: 'm@v1.0.0/a.go', content: Buffer.from('a\n') },
    { name: 'm@v1.0.0/b.go', content: Buffer.from('second\n') },
    { name: 'm@v1.0.0/b.go', content: Buffer.from('second\n') },
  ]);
  assert.equal(await zipHash1(zip), expected);
  assert.equal(hash1Digests(zipDigestsSync(zip)), expected);
});
