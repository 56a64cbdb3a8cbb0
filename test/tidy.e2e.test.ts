// go-mod-tidy end to end, with real go and git against a file:// proxy: what
// an offline `go mod tidy -diff` needs beyond `go mod download`, the printed
// fix run exactly as printed (GOPROXY=file://… is "the network" here), the
// workspace cases, a go.mod without Go code, and the opt-in to the network.

import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeCommittedRepo } from '../dev/testkit/project.js';
import { libModule, type ModuleSpec } from '../dev/testkit/proxy.js';
import { makeSandbox, makeWritable, type Sandbox } from '../dev/testkit/sandbox.js';
import { GitTool } from '../src/tools/git.js';
import { ProcessRunner } from '../src/tools/exec.js';
import { createDebug } from '../src/debug.js';
import { CommitSource, IndexSource, WorkTreeSource } from '../src/source.js';
import { assertContract, type JsonReport } from './contract.js';
import { gohooks } from './helpers.js';

/** A library whose test imports `testDep`, a module that its go.mod requires and go mod download never fetches. */
function testedLib(modPath: string, goLine: string, testDep: string): ModuleSpec {
  const name = modPath.split('/').pop()!;
  const dep = testDep.split('/').pop()!;
  return {
    path: modPath,
    version: 'v1.0.0',
    files: {
      'go.mod': `module ${modPath}\n\ngo ${goLine}\n\nrequire ${testDep} v1.0.0\n`,
      [`${name}.go`]: `package ${name}\n\nfunc Version() string { return "v1.0.0" }\n`,
      [`${name}_test.go`]: `package ${name}\n\nimport (\n\t"testing"\n\n\t"${testDep}"\n)\n\nfunc TestV(t *testing.T) { _ = ${dep}.Version() }\n`,
    },
  };
}

const MODULES: ModuleSpec[] = [
  libModule('example.com/testdep', 'v1.0.0'),
  libModule('example.com/testdep2', 'v1.0.0'),
  // A pruned (go ≥ 1.17) and an unpruned (go 1.16) dependency: tidy loads their tests at any go version.
  testedLib('example.com/lib', '1.21', 'example.com/testdep'),
  testedLib('example.com/oldlib', '1.16', 'example.com/testdep2'),
  libModule('example.com/shared', 'v1.0.0'),
  libModule('example.com/shared', 'v1.1.0'),
  libModule('example.com/pin', 'v1.0.0'),
  libModule('example.com/pin', 'v1.1.0'),
  libModule('example.com/theme', 'v1.0.0'),
];

let sb: Sandbox;

before(() => {
  sb = makeSandbox();
  sb.addModules(MODULES);
});
after(() => sb.cleanup());

const goFile = (pkg: string, imports: string[], body = '') =>
  `package ${pkg}\n\n${imports.length ? `import (\n${imports.map((i) => `\t"${i}"`).join('\n')}\n)\n\n` : ''}func F() {\n${body}}\n`;

function makeRepo(files: Record<string, string>, tidyIn: string[] = []): string {
  return makeCommittedRepo(sb, files, tidyIn);
}

/** The README's cache-filling step on an empty module cache: `go mod download` where go.mod (or go.work) is. */
function freshCacheAfterDownload(dirs: string[]): void {
  makeWritable(sb.modcache);
  rmSync(sb.modcache, { recursive: true, force: true });
  for (const d of dirs) sb.run('go', ['mod', 'download'], { cwd: d });
}

function verifyJson(cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): JsonReport {
  const r = gohooks(['verify', '--check', 'go-mod-tidy', '--format', 'json', ...args], { cwd, env: { ...sb.env, ...env } });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return assertContract(r.stdout);
}

const tidyFindings = (doc: JsonReport) => doc.findings.filter((f) => f.check === 'go-mod-tidy');
const tidyStatus = (doc: JsonReport) => doc.summary.checks.find((c) => c.id === 'go-mod-tidy')?.status;

/** Runs a fix exactly as printed for POSIX shells, with the sandbox's network (the file:// proxy). */
function runFix(cwd: string, posix: string | undefined, env: NodeJS.ProcessEnv = {}) {
  assert.ok(posix, 'the finding has a fix command');
  return sb.exec('sh', ['-c', posix], { cwd, env: { ...sb.env, ...env } });
}

const APP_FILES = {
  'svc/go.mod': 'module example.org/svc\n\ngo 1.22\n\nrequire (\n\texample.com/lib v1.0.0\n\texample.com/oldlib v1.0.0\n)\n',
  'svc/main.go': goFile('main', ['example.com/lib', 'example.com/oldlib'], '\t_ = lib.Version()\n\t_ = oldlib.Version()\n').replace(
    'func F() {',
    'func main() {',
  ),
  'README.md': 'app\n',
};

describe('go-mod-tidy: modules go mod download does not fetch', () => {
  test('a not-checked warning names the missing modules; the printed fix, run once with the network, makes the check run and pass', () => {
    const repo = makeRepo(APP_FILES, ['svc']);
    const modBefore = readFileSync(path.join(repo, 'svc/go.mod'), 'utf8');
    const sumBefore = readFileSync(path.join(repo, 'svc/go.sum'), 'utf8');
    assert.doesNotMatch(modBefore, /testdep/, 'tidy does not list the test-only modules in go.mod');
    freshCacheAfterDownload([path.join(repo, 'svc')]);

    const doc = verifyJson(repo);
    const [f, ...rest] = tidyFindings(doc);
    assert.deepEqual(rest, []);
    assert.equal(f.severity, 'warning');
    assert.equal(f.notChecked, true);
    assert.equal(f.file, 'svc/go.mod');
    // JSON: the headline ("not checked: …"), then why.
    assert.match(
      f.message,
      /^not checked: go mod tidy needs 2 modules not in the module cache: example\.com\/testdep@v1\.0\.0, example\.com\/testdep2@v1\.0\.0\n/,
    );
    assert.doesNotMatch(f.message, /example\.com\/lib|oldlib/, 'only what is missing, not what go mod download fetched');
    assert.equal(f.fix?.commands?.posix, 'go -C svc mod tidy -diff');
    assert.equal(f.fix?.commands?.powershell, 'go -C svc mod tidy -diff');
    assert.equal(tidyStatus(doc), 'not-checked', 'never "pass" for a module that was not checked');
    assert.equal(doc.summary.notChecked, 1);

    const human = gohooks(['verify', '--check', 'go-mod-tidy'], { cwd: repo, env: sb.env });
    assert.equal(human.status, 0);
    assert.match(human.stdout, /! go-mod-tidy {2}svc\/go\.mod: not checked: go mod tidy needs 2 modules not in the module cache/);
    assert.match(human.stdout, /fix: {2}go -C svc mod tidy -diff/);

    // `go mod download` again changes nothing (the 0.1 fix), and `go mod download all` would dirty go.sum.
    sb.run('go', ['mod', 'download'], { cwd: path.join(repo, 'svc') });
    assert.equal(tidyStatus(verifyJson(repo)), 'not-checked');

    const fix = runFix(repo, f.fix?.commands?.posix);
    assert.equal(fix.status, 0, fix.stderr);
    assert.equal(readFileSync(path.join(repo, 'svc/go.mod'), 'utf8'), modBefore, 'the fix writes no file');
    assert.equal(readFileSync(path.join(repo, 'svc/go.sum'), 'utf8'), sumBefore, 'the fix writes no file');

    const again = verifyJson(repo);
    assert.deepEqual(tidyFindings(again), []);
    assert.equal(tidyStatus(again), 'pass');
  });

  test('with GOPRIVATE covering them, missing modules are still looked up nowhere (no direct git/https fetch offline)', () => {
    const repo = makeRepo(APP_FILES, ['svc']);
    freshCacheAfterDownload([path.join(repo, 'svc')]);
    const doc = verifyJson(repo, [], { GOPRIVATE: 'example.com' });
    const [f] = tidyFindings(doc);
    assert.match(f.message, /example\.com\/testdep@v1\.0\.0/);
    assert.doesNotMatch(f.message, /unrecognized import path|https fetch/);
    assert.equal(tidyStatus(doc), 'not-checked');
  });

  test('--online, or the network option in gohooks.json, lets tidy download what it needs (and still write nothing)', () => {
    const repo = makeRepo(APP_FILES, ['svc']);
    const sumBefore = readFileSync(path.join(repo, 'svc/go.sum'), 'utf8');
    freshCacheAfterDownload([path.join(repo, 'svc')]);
    // The sandbox's modules are in no checksum database: GOSUMDB=off as the fixtures use it.
    const online = verifyJson(repo, ['--online'], { GOSUMDB: 'off' });
    assert.deepEqual(tidyFindings(online), []);
    assert.equal(tidyStatus(online), 'pass');

    freshCacheAfterDownload([path.join(repo, 'svc')]);
    writeFileSync(path.join(repo, 'gohooks.json'), JSON.stringify({ checks: { 'go-mod-tidy': { options: { network: true } } } }));
    const opted = verifyJson(repo, [], { GOSUMDB: 'off' });
    assert.deepEqual(tidyFindings(opted), []);
    assert.equal(readFileSync(path.join(repo, 'svc/go.sum'), 'utf8'), sumBefore);
    assert.equal(sb.exec('git', ['status', '--porcelain', 'svc'], { cwd: repo }).stdout, '');
  });

  test('pre-push of an untidy go.sum that cannot be checked offline says "not checked" (an error with "strict": true)', () => {
    const repo = makeRepo(APP_FILES, ['svc']);
    const base = sb.run('git', ['rev-parse', 'HEAD'], { cwd: repo }).trim();
    // A stale line that tidy would remove.
    const sum = path.join(repo, 'svc/go.sum');
    writeFileSync(sum, `${readFileSync(sum, 'utf8')}example.com/shared v1.0.0/go.mod h1:stalestalestalestalestalestalestalestale1234=\n`);
    sb.run('git', ['commit', '-qam', 'stale go.sum line'], { cwd: repo });
    const head = sb.run('git', ['rev-parse', 'HEAD'], { cwd: repo }).trim();
    freshCacheAfterDownload([path.join(repo, 'svc')]);
    const push = (env: NodeJS.ProcessEnv = {}) =>
      gohooks(['run', 'pre-push', 'origin', 'x'], {
        cwd: repo,
        env: { ...sb.env, GOHOOKS_SKIP: 'mod-verify,go-sum', ...env },
        input: `refs/heads/main ${head} refs/heads/main ${base}\n`,
      });
    const r = push();
    const out = r.stdout + r.stderr;
    assert.equal(r.status, 0, out);
    assert.match(out, /go-mod-tidy {2}svc\/go\.mod: not checked: go mod tidy needs 2 modules not in the module cache/);
    assert.match(out, /1 not checked/);
    writeFileSync(path.join(repo, 'gohooks.json'), JSON.stringify({ strict: true }));
    assert.equal(push().status, 1, 'strict: what could not be checked is an error');
    rmSync(path.join(repo, 'gohooks.json'));

    // The printed fix fills the cache (and, the module being untidy, exits 1 with the diff); the next push is blocked.
    const fix = runFix(repo, 'go -C svc mod tidy -diff');
    assert.equal(fix.status, 1);
    assert.match(fix.stdout, /-example\.com\/shared v1\.0\.0\/go\.mod h1:stale/);
    const blocked = push();
    assert.equal(blocked.status, 1, blocked.stdout + blocked.stderr);
    assert.match(blocked.stdout + blocked.stderr, /go-mod-tidy {2}svc\/go\.sum: not tidy: go mod tidy would add 0 and remove 1 lines/);
  });
});

describe('go-mod-tidy in a workspace', () => {
  const WS = {
    'go.work': 'go 1.22\n\nuse (\n\t./a\n\t./b\n\t./r\n\t./c\n\t./d\n)\n',
    // a needs shared v1.0.0 standalone; the workspace picks b's v1.1.0.
    'a/go.mod': 'module example.org/a\n\ngo 1.22\n\nrequire (\n\texample.com/pin v1.1.0\n\texample.com/shared v1.0.0\n)\n',
    'a/a.go': goFile('a', ['example.com/pin', 'example.com/shared'], '\t_ = pin.Version()\n\t_ = shared.Version()\n'),
    'b/go.mod': 'module example.org/b\n\ngo 1.22\n\nrequire example.com/shared v1.1.0\n',
    'b/b.go': goFile('b', ['example.com/shared'], '\t_ = shared.Version()\n'),
    // r uses b through a relative replace (as etcd does), and pin v1.0.0, where the workspace picks a's v1.1.0.
    'r/go.mod':
      'module example.org/r\n\ngo 1.22\n\nrequire (\n\texample.com/pin v1.0.0\n\texample.org/b v0.0.0-00010101000000-000000000000\n)\n\nreplace example.org/b => ../b\n',
    'r/r.go': goFile('r', ['example.com/pin', 'example.org/b'], '\t_ = pin.Version()\n\tb.F()\n'),
    // c requires b at the placeholder version with no replace; d does not require it at all: only go.work provides it.
    'c/go.mod': 'module example.org/c\n\ngo 1.22\n\nrequire example.org/b v0.0.0-00010101000000-000000000000\n',
    'c/c.go': goFile('c', ['example.org/b'], '\tb.F()\n'),
    'd/go.mod': 'module example.org/d\n\ngo 1.22\n',
    'd/d.go': goFile('d', ['example.org/b'], '\tb.F()\n'),
  };

  test('a version the workspace did not pick, a module reached through a relative replace, and real "needs the workspace" cases', () => {
    const repo = makeRepo(WS, ['a', 'b', 'r']);
    freshCacheAfterDownload([repo]); // go.work at the root: go mod download fetches the workspace's build list
    const doc = verifyJson(repo);
    const byFile = new Map(tidyFindings(doc).map((f) => [f.file, f]));
    assert.deepEqual([...byFile.keys()].sort(), ['a/go.mod', 'c/go.mod', 'd/go.mod', 'r/go.mod']);

    const a = byFile.get('a/go.mod')!;
    assert.match(a.message, /^not checked: go mod tidy needs a module not in the module cache: example\.com\/shared@v1\.0\.0\n/);
    assert.equal(a.fix?.commands?.posix, 'go -C a mod tidy -diff');

    const r = byFile.get('r/go.mod')!;
    assert.match(r.message, /^not checked: go mod tidy needs a module not in the module cache: example\.com\/pin@v1\.0\.0\n/);
    assert.doesNotMatch(r.message, /workspace/, 'a relative replace makes r standalone');

    for (const m of ['c', 'd']) {
      const f = byFile.get(`${m}/go.mod`)!;
      assert.equal(f.severity, 'warning');
      assert.equal(f.notChecked, true);
      assert.equal(
        f.message.split('\n')[0],
        `not checked: cannot tidy ${m} standalone: it needs example.org/b from the workspace, and go mod tidy ignores go.work`,
      );
      assert.equal(f.fix?.commands?.posix, `go -C ${m} mod edit -replace=example.org/b=../b && go -C ${m} mod tidy`);
    }
    assert.equal(tidyStatus(doc), 'not-checked');

    // Every printed fix, as printed; then everything is checked and tidy. (c and d's fixes add go.sum lines,
    // which go verifies in the checksum database: the sandbox's modules are in none.)
    for (const f of byFile.values()) {
      const fix = runFix(repo, f.fix?.commands?.posix, { GOSUMDB: 'off' });
      assert.equal(fix.status, 0, `${f.fix?.commands?.posix}: ${fix.stderr}`);
    }
    const after = verifyJson(repo);
    assert.deepEqual(tidyFindings(after), []);
    assert.equal(tidyStatus(after), 'pass');
  });
});

describe('go-mod-tidy: a go.mod without Go code', () => {
  const DOCS = {
    'go.mod': 'module example.org/site\n\ngo 1.22\n',
    'main.go': goFile('main', []).replace('func F() {', 'func main() {'),
    'docs/go.mod': 'module example.org/docs\n\ngo 1.22\n\nrequire example.com/theme v1.0.0 // indirect\n',
    'docs/hugo.yaml': 'module:\n  imports:\n    - path: example.com/theme\n',
    'docs/content/_index.md': '# Docs\n',
    // None of these makes a Go package for the go command.
    'docs/testdata/x.go': 'package x\n',
    'docs/_drafts/x.go': 'package x\n',
    'docs/.hidden/x.go': 'package x\n',
    'docs/_x.go': 'package x\n',
    'docs/tools/go.mod': 'module example.org/docs/tools\n\ngo 1.22\n',
    'docs/tools/t.go': 'package tools\n',
  };

  test('is skipped with an info line (no error, no warning) in verify, and in pre-push from a commit', () => {
    const repo = makeRepo(DOCS);
    sb.run('go', ['mod', 'download', 'example.com/theme@v1.0.0'], { cwd: path.join(repo, 'docs'), env: sb.buildEnv });
    sb.run('git', ['add', '-A'], { cwd: repo });
    sb.run('git', ['commit', '-qm', 'sum'], { cwd: repo });
    // Offline tidy would remove the requirement: the go command's own view.
    const raw = sb.exec('go', ['mod', 'tidy', '-diff'], {
      cwd: path.join(repo, 'docs'),
      env: { ...sb.env, GOPROXY: 'off', GOWORK: 'off' },
    });
    assert.equal(raw.status, 1);
    assert.match(raw.stdout, /-require example\.com\/theme v1\.0\.0 \/\/ indirect/);

    const doc = verifyJson(repo);
    const fs = tidyFindings(doc);
    assert.deepEqual(
      fs.map((f) => [f.file, f.severity, f.notChecked ?? false]),
      [['docs/go.mod', 'info', false]],
    );
    assert.match(fs[0].message, /no Go packages here, so this go\.mod is not a Go build/);
    assert.equal(doc.summary.errors + doc.summary.warnings, 0);
    assert.equal(tidyStatus(doc), 'pass');

    // pre-push of a commit that is not the checked-out HEAD: the file list comes from the commit.
    const base = sb.run('git', ['rev-parse', 'HEAD~1'], { cwd: repo }).trim();
    const head = sb.run('git', ['rev-parse', 'HEAD'], { cwd: repo }).trim();
    writeFileSync(path.join(repo, 'docs/content/_index.md'), '# Docs, edited\n');
    const push = gohooks(['run', 'pre-push', 'origin', 'x'], {
      cwd: repo,
      env: { ...sb.env, GOHOOKS_DEBUG: '1' },
      input: `refs/heads/main ${head} refs/heads/main ${base}\n`,
    });
    assert.equal(push.status, 0, push.stdout + push.stderr);
    assert.doesNotMatch(push.stdout, /go-mod-tidy/);
    assert.match(push.stderr, /ls-tree -r -z --name-only --full-tree/, 'the commit was listed, not the work tree');
  });

  test('a real Go file makes it a Go build again: the removable requirement is an error', () => {
    const repo = makeRepo({ ...DOCS, 'docs/gen.go': 'package docs\n' });
    sb.run('go', ['mod', 'download', 'example.com/theme@v1.0.0'], { cwd: path.join(repo, 'docs'), env: sb.buildEnv });
    const doc = verifyJson(repo);
    assert.ok(tidyFindings(doc).some((f) => f.severity === 'error' && /^not tidy/.test(f.message) && f.file === 'docs/go.mod'));
  });
});

describe('FileSource.listFiles', () => {
  test('the work tree, the index and a commit list the files below a directory, pruning skipped names', async () => {
    const repo = makeRepo({ 'm/a.go': 'package a\n', 'm/_skip/b.go': 'package b\n', 'm/sub/c.go': 'package c\n', 'top.txt': 't\n' });
    const env = { ...sb.env };
    const git = new GitTool(repo, env, new ProcessRunner(createDebug({})));
    const sha = sb.run('git', ['rev-parse', 'HEAD'], { cwd: repo }).trim();
    sb.write(path.join(path.basename(repo), 'm/untracked.go'), 'package a\n');
    sb.write(path.join(path.basename(repo), 'm/staged.go'), 'package a\n');
    sb.run('git', ['add', 'm/staged.go'], { cwd: repo });
    const skip = (name: string) => name.startsWith('_');
    const sorted = async (p: Promise<string[]>) => (await p).sort();
    const commit = new CommitSource(git, repo, sha);
    try {
      assert.deepEqual(await sorted(new WorkTreeSource(repo).listFiles('m', skip)), [
        'm/a.go',
        'm/staged.go',
        'm/sub/c.go',
        'm/untracked.go',
      ]);
      assert.deepEqual(await sorted(new IndexSource(git, repo).listFiles('m', skip)), ['m/a.go', 'm/staged.go', 'm/sub/c.go']);
      assert.deepEqual(await sorted(commit.listFiles('m', skip)), ['m/a.go', 'm/sub/c.go']);
      assert.deepEqual(await sorted(commit.listFiles('.')), ['m/_skip/b.go', 'm/a.go', 'm/sub/c.go', 'top.txt']);
      assert.deepEqual(await commit.listFiles('nothing'), []);
    } finally {
      commit.dispose();
    }
  });
});
