// Trust on real layouts: the hooks check the modules a change can break (not
// only the ones it touches), and never block for code that is not the
// repository's own. Real go, real git, a file:// proxy, no network.

import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gitCommitAll, gitInit } from '../dev/testkit/project.js';
import { libModule } from '../dev/testkit/proxy.js';
import { makeSandbox, type Sandbox } from '../dev/testkit/sandbox.js';
import { gohooks } from './helpers.js';

let sb: Sandbox;

before(() => {
  sb = makeSandbox();
  sb.addModules([
    libModule('example.com/alpha', 'v1.0.0'),
    libModule('example.com/beta', 'v1.2.0'),
    libModule('example.com/beta', 'v1.3.0'),
  ]);
});
after(() => sb.cleanup());

/** etcd's shape: a go.work with api and server; server uses api through a relative replace. */
function workspace(name: string): string {
  const root = path.join(sb.dir, name);
  sb.write(`${name}/api/go.mod`, 'module example.org/ws/api\n\ngo 1.22\n\nrequire example.com/beta v1.2.0\n');
  sb.write(`${name}/api/api.go`, 'package api\n\nimport "example.com/beta"\n\nfunc V() string { return beta.Version() }\n');
  sb.write(
    `${name}/server/go.mod`,
    'module example.org/ws/server\n\ngo 1.22\n\nrequire example.org/ws/api v0.0.0\n\nreplace example.org/ws/api => ../api\n',
  );
  sb.write(`${name}/server/main.go`, 'package main\n\nimport "example.org/ws/api"\n\nfunc main() { _ = api.V() }\n');
  sb.write(`${name}/go.work`, 'go 1.22\n\nuse (\n\t./api\n\t./server\n)\n');
  for (const m of ['api', 'server']) sb.run('go', ['mod', 'tidy'], { cwd: path.join(root, m), env: { ...sb.buildEnv, GOWORK: 'off' } });
  gitInit(sb, name);
  gitCommitAll(sb, root, 'workspace');
  return root;
}

function prePush(dir: string, base: string) {
  const head = sb.run('git', ['rev-parse', 'HEAD'], { cwd: dir }).trim();
  return gohooks(['run', 'pre-push', 'origin', 'https://example.invalid/repo.git'], {
    cwd: dir,
    env: sb.env,
    input: `refs/heads/main ${head} refs/heads/main ${base}\n`,
  });
}

describe('which modules a hook checks', () => {
  test('a push that bumps a dependency in one workspace module also checks the modules that build with it', () => {
    const root = workspace('ws-push');
    const base = sb.run('git', ['rev-parse', 'HEAD'], { cwd: root }).trim();
    // Only api changes; server, which uses api through go.work and replace ../api, now needs beta v1.3.0 too.
    sb.run('go', ['get', 'example.com/beta@v1.3.0'], { cwd: path.join(root, 'api'), env: { ...sb.buildEnv, GOWORK: 'off' } });
    sb.run('go', ['mod', 'tidy'], { cwd: path.join(root, 'api'), env: { ...sb.buildEnv, GOWORK: 'off' } });
    gitCommitAll(sb, root, 'api: bump beta');
    const r = prePush(root, base);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /go-mod-tidy {2}server\/go\.mod: not tidy/);
    assert.match(r.stderr, /in 2 modules/, 'api and server were both checked');
    assert.doesNotMatch(r.stderr, / api\/go\./, 'api itself is tidy');
    assert.match(
      r.stderr,
      /then commit \(git commit, or git commit --amend\): a push checks commits/,
      'staging alone would not help a push',
    );
  });

  test('pre-commit with a staged go.work change checks every module of the workspace', () => {
    const root = workspace('ws-commit');
    // A go line in go.work below the modules' is an error for every member.
    writeFileSync(path.join(root, 'go.work'), readFileSync(path.join(root, 'go.work'), 'utf8').replace('go 1.22', 'go 1.21'));
    sb.run('git', ['add', 'go.work'], { cwd: root });
    const r = gohooks(['run', 'pre-commit'], { cwd: root, env: sb.env });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /requires go >= 1\.22, but go\.work lists go 1\.21/);
  });
});

describe('files the go command rejects never pass', () => {
  test('a staged go.work.sum with merge conflict markers blocks the commit', () => {
    const root = workspace('ws-worksum');
    writeFileSync(path.join(root, 'go.work.sum'), '<<<<<<< HEAD\nexample.com/x v1.0.0/go.mod h1:abc=\n=======\n>>>>>>> theirs\n');
    sb.run('git', ['add', 'go.work.sum'], { cwd: root });
    const r = gohooks(['run', 'pre-commit'], { cwd: root, env: sb.env });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /go-sum {2}go\.work\.sum:1: merge conflict marker/);
  });
});

describe('pre-push of a commit that is not the checked-out work tree', () => {
  test("a module replacing the repository root (terraform's backends: => ../..) is checked with the whole commit", () => {
    const name = 'root-replace';
    const root = path.join(sb.dir, name);
    sb.write(`${name}/go.mod`, 'module example.org/tf\n\ngo 1.22\n\nrequire example.com/beta v1.2.0\n');
    sb.write(`${name}/tf.go`, 'package tf\n\nimport "example.com/beta"\n\nfunc V() string { return beta.Version() }\n');
    sb.write(
      `${name}/backend/s3/go.mod`,
      'module example.org/tf/backend/s3\n\ngo 1.22\n\nrequire example.org/tf v0.0.0\n\nreplace example.org/tf => ../..\n',
    );
    sb.write(`${name}/backend/s3/s3.go`, 'package s3\n\nimport "example.org/tf"\n\nfunc V() string { return tf.V() }\n');
    for (const dir of [root, path.join(root, 'backend/s3')]) sb.run('go', ['mod', 'tidy'], { cwd: dir, env: sb.buildEnv });
    gitInit(sb, name);
    gitCommitAll(sb, root, 'initial');
    const base = sb.run('git', ['rev-parse', 'HEAD'], { cwd: root }).trim();
    appendFileSync(path.join(root, 'backend/s3/s3.go'), '\nfunc W() string { return V() }\n');
    gitCommitAll(sb, root, 's3: W');
    // The work tree moves on after the commit: the push is checked as committed, in a temporary copy.
    appendFileSync(path.join(root, 'backend/s3/go.mod'), '\n// local note\n');
    const r = prePush(root, base);
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /not checked|no such file/, r.stderr);
  });
});

describe('gofmt and code that is not the repository’s own', () => {
  test('vendored and testdata files are never gofmt-checked; the repository’s own are', () => {
    const root = path.join(sb.dir, 'vendored');
    sb.write('vendored/go.mod', 'module example.org/vendored\n\ngo 1.22\n');
    sb.write('vendored/main.go', 'package main\n\nfunc main() {}\n');
    gitInit(sb, 'vendored');
    gitCommitAll(sb, root, 'init');
    mkdirSync(path.join(root, 'vendor/example.com/x'), { recursive: true });
    sb.write('vendored/vendor/example.com/x/x.go', 'package x\nfunc   Ugly( ) {}\n');
    sb.write('vendored/testdata/bad.go', 'package testdata\nfunc   Ugly( ) {}\n');
    sb.run('git', ['add', '-f', 'vendor/example.com/x/x.go', 'testdata/bad.go'], { cwd: root });
    const clean = gohooks(['run', 'pre-commit'], { cwd: root, env: sb.env });
    assert.equal(clean.status, 0, clean.stderr);
    appendFileSync(path.join(root, 'main.go'), 'func   ugly( ) {}\n');
    sb.run('git', ['add', 'main.go'], { cwd: root });
    const own = gohooks(['run', 'pre-commit'], { cwd: root, env: sb.env });
    assert.equal(own.status, 1);
    assert.match(own.stderr, /gofmt {2}main\.go: not gofmt-formatted/);
    assert.doesNotMatch(own.stderr, /vendor|testdata/);
  });
});

describe('fixes that work when pasted', () => {
  test('go.sum with merge conflict markers: the printed fix resolves it and stages go.mod and go.sum', () => {
    const root = path.join(sb.dir, 'conflicted');
    sb.write('conflicted/go.mod', 'module example.org/conflicted\n\ngo 1.22\n\nrequire example.com/alpha v1.0.0\n');
    sb.write('conflicted/main.go', 'package main\n\nimport "example.com/alpha"\n\nfunc main() { _ = alpha.Version() }\n');
    sb.run('go', ['mod', 'tidy'], { cwd: root, env: sb.buildEnv });
    gitInit(sb, 'conflicted');
    gitCommitAll(sb, root, 'init');
    const lines = readFileSync(path.join(root, 'go.sum'), 'utf8').trimEnd().split('\n');
    writeFileSync(path.join(root, 'go.sum'), ['<<<<<<< HEAD', lines[0], '=======', lines[1], '>>>>>>> theirs', ''].join('\n'));
    const before = gohooks(['verify', '--format', 'json', '--check', 'go-sum'], { cwd: root, env: sb.env });
    const doc = JSON.parse(before.stdout) as { findings: { message: string; fix?: { commands?: { posix?: string } } }[] };
    const fix = doc.findings.find((f) => /conflict marker/.test(f.message))?.fix?.commands?.posix;
    assert.ok(fix, before.stdout);
    sb.run('sh', ['-c', fix], { cwd: root, env: sb.buildEnv });
    const after = gohooks(['verify', '--check', 'go-sum'], { cwd: root, env: sb.env });
    assert.equal(after.status, 0, after.stdout);
    assert.equal(sb.run('git', ['diff', '--name-only'], { cwd: root }), '', 'nothing left unstaged');
  });
});
