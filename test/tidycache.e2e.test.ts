// go-mod-tidy's result cache end to end, with real go and git against a
// file:// proxy: a second run with nothing tidy reads changed does not run go
// (seen in the GOHOOKS_DEBUG log: no `go mod tidy -diff` process, a "cached
// result" line); every kind of change runs it again and go's verdict is
// reported; an untidy result is never recorded; a corrupt record is ignored;
// --full runs go; a pushed commit uses what a verify of the same tree recorded.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gitCommitAll, makeCommittedRepo } from '../dev/testkit/project.js';
import { libModule } from '../dev/testkit/proxy.js';
import { makeSandbox, type Sandbox } from '../dev/testkit/sandbox.js';
import { assertContract, type JsonReport } from './contract.js';
import { gohooks } from './helpers.js';

let sb: Sandbox;

before(() => {
  sb = makeSandbox();
  sb.addModules([
    libModule('example.com/lib', 'v1.0.0'),
    libModule('example.com/extra', 'v1.0.0'),
    // A module under the path of the repositories' modules, served by the proxy (as tailscale.com/client/tailscale/v2 is).
    libModule('example.org/app/client/v2', 'v2.0.0'),
  ]);
  // Every module in the module cache: a check that finds something untidy is go's verdict, never a missing module.
  sb.write(
    'warm/go.mod',
    'module example.com/warm\n\ngo 1.22\n\nrequire (\n\texample.com/lib v1.0.0\n\texample.com/extra v1.0.0\n\texample.org/app/client/v2 v2.0.0\n)\n',
  );
  sb.run('go', ['mod', 'download', 'all'], { cwd: path.join(sb.dir, 'warm'), env: sb.buildEnv });
});
after(() => sb.cleanup());

const MAIN = 'package main\n\nimport "example.com/lib"\n\nfunc main() { _ = lib.Version() }\n';

function makeRepo(files: Record<string, string>, tidyIn: string[] = ['.']): string {
  return makeCommittedRepo(sb, files, tidyIn);
}

interface Run {
  doc: JsonReport;
  /** `go mod tidy -diff` processes started. */
  goRuns: number;
  /** Modules answered from the cache. */
  cached: number;
  debug: string;
}

function verify(cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Run {
  const r = gohooks(['verify', '--check', 'go-mod-tidy', '--format', 'json', ...args], {
    cwd,
    env: { ...sb.env, GOHOOKS_DEBUG: '1', ...env },
  });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return {
    doc: assertContract(r.stdout),
    goRuns: (r.stderr.match(/\$ \S*go mod tidy -diff/g) ?? []).length,
    cached: (r.stderr.match(/go-mod-tidy: \S+: tidy \(cached result/g) ?? []).length,
    debug: r.stderr,
  };
}

const status = (r: Run) => r.doc.summary.checks.find((c) => c.id === 'go-mod-tidy')?.status;
const messages = (r: Run) => r.doc.findings.filter((f) => f.check === 'go-mod-tidy').map((f) => f.message);

/** The record files of the sandbox's user cache dir (XDG: ~/.cache). */
function records(): string[] {
  const base = path.join(sb.home, '.cache', 'gohooks', 'tidy-v1');
  if (!existsSync(base)) return [];
  return readdirSync(base).flatMap((d) =>
    readdirSync(path.join(base, d))
      .filter((f) => f.endsWith('.json'))
      .map((f) => path.join(base, d, f)),
  );
}

/** Writes a file of the repository, runs fn, and puts the file back as it was (or removes it). */
function withFile(repo: string, rel: string, text: string, fn: () => void): void {
  const file = path.join(repo, rel);
  let before: string | undefined;
  try {
    before = readFileSync(file, 'utf8');
  } catch {
    before = undefined;
  }
  writeFileSync(file, text);
  try {
    fn();
  } finally {
    if (before === undefined) rmSync(file);
    else writeFileSync(file, before);
  }
}

describe('go-mod-tidy result cache', () => {
  test('a tidy module is not tidied again while nothing tidy reads changes; a function body edit changes nothing', () => {
    const repo = makeRepo({ 'go.mod': 'module example.org/app\n\ngo 1.22\n', 'main.go': MAIN });
    const first = verify(repo);
    assert.equal(status(first), 'pass');
    assert.equal(first.goRuns, 1);
    assert.match(first.debug, /go-mod-tidy: example\.org\/app: tidy, recorded/);
    const second = verify(repo);
    assert.equal(status(second), 'pass');
    assert.deepEqual([second.goRuns, second.cached], [0, 1]);
    withFile(repo, 'main.go', MAIN.replace('_ = lib.Version()', 'println(lib.Version())'), () => {
      assert.deepEqual([verify(repo).goRuns, verify(repo).cached], [0, 1]);
    });
  });

  test("each kind of change runs go again, and go's verdict is what is reported; undone, the record serves again", () => {
    const repo = makeRepo({ 'go.mod': 'module example.org/app\n\ngo 1.22\n', 'main.go': MAIN, 'util.go': 'package main\n' });
    verify(repo);
    const unrequired = /not tidy: no module that go\.mod requires provides example\.com\/extra/;
    const changes: { what: string; file: string; text: (old: string) => string; expect: RegExp | 'pass' }[] = [
      { what: 'an import', file: 'util.go', text: () => 'package main\n\nimport _ "example.com/extra"\n', expect: unrequired },
      { what: 'a test import', file: 'util_test.go', text: () => 'package main\n\nimport _ "example.com/extra"\n', expect: unrequired },
      {
        what: 'a file only windows builds',
        file: 'util_windows.go',
        text: () => '//go:build windows && arm64\n\npackage main\n\nimport _ "example.com/extra"\n',
        expect: unrequired,
      },
      {
        what: 'a build constraint that drops a file with an import',
        file: 'util.go',
        text: () => '//go:build ignore\n\npackage main\n\nimport _ "example.com/extra"\n',
        expect: 'pass',
      },
      {
        what: 'go.sum',
        file: 'go.sum',
        text: (old) => old.split('\n').slice(1).join('\n'),
        expect: /not tidy: go mod tidy would add 1 and remove 0 lines/,
      },
      {
        what: 'go.mod',
        file: 'go.mod',
        text: (old) => `${old}\nrequire example.com/extra v1.0.0\n`,
        expect: /not tidy: go mod tidy would add \d+ and remove \d+ lines/,
      },
    ];
    for (const c of changes) {
      const file = path.join(repo, c.file);
      withFile(repo, c.file, c.text(existsSync(file) ? readFileSync(file, 'utf8') : ''), () => {
        const r = verify(repo);
        assert.equal(r.goRuns, 1, c.what);
        if (c.expect === 'pass') assert.equal(status(r), 'pass', `${c.what}: ${messages(r).join('\n')}`);
        else
          assert.ok(
            messages(r).some((m) => (c.expect as RegExp).test(m)),
            `${c.what}: ${messages(r).join('\n')}`,
          );
      });
      const back = verify(repo);
      assert.deepEqual([back.goRuns, back.cached], [0, 1], `${c.what} undone`);
    }
    // GOFLAGS is part of the key (the same files, another setting: go runs).
    assert.equal(verify(repo, [], { GOFLAGS: '-mod=mod' }).goRuns, 1);
    assert.equal(verify(repo, [], { GOFLAGS: '-mod=mod' }).goRuns, 0);
  });

  test("a change in a directory replacement's imports runs go again for the module that uses it", () => {
    const repo = makeRepo(
      {
        'go.mod': 'module example.org/app\n\ngo 1.22\n\nrequire example.org/local v0.0.0\n\nreplace example.org/local => ./local\n',
        'main.go': 'package main\n\nimport "example.org/local"\n\nfunc main() { local.F() }\n',
        'local/go.mod': 'module example.org/local\n\ngo 1.22\n',
        'local/local.go': 'package local\n\nfunc F() {}\n',
      },
      ['local', '.'],
    );
    assert.equal(verify(repo).goRuns, 2);
    assert.equal(verify(repo).cached, 2);
    withFile(repo, 'local/extra.go', 'package local\n\nimport _ "example.com/extra"\n', () => {
      const r = verify(repo);
      assert.equal(r.goRuns, 2);
      const app = r.doc.findings.filter((f) => f.check === 'go-mod-tidy' && f.file === 'go.mod');
      assert.equal(app.length, 1, messages(r).join('\n'));
      assert.equal(app[0].severity, 'error');
    });
  });

  test('an import of a module under its own path (in the module cache) is cached; a .go file of any name in that directory changes the key', () => {
    const repo = makeRepo({
      'go.mod': 'module example.org/app\n\ngo 1.22\n',
      'main.go': 'package main\n\nimport "example.org/app/client/v2"\n\nfunc main() { _ = client.Version() }\n',
      'client/doc.txt': 'the client lives in its own module\n',
    });
    assert.equal(verify(repo).goRuns, 1);
    assert.deepEqual([verify(repo).goRuns, verify(repo).cached], [0, 1]);
    // A .go file of any name there (even one go never compiles) makes it a package of this module too, for go
    // (fsys.IsGoDir): another key, and go's verdict, never recorded.
    sb.write(path.join(path.relative(sb.dir, repo), 'client/v2/_x.go'), 'package client\n');
    const r = verify(repo);
    assert.equal(r.goRuns, 1);
    assert.match(messages(r).join('\n'), /ambiguous import: found package example\.org\/app\/client\/v2 in multiple modules/);
    assert.equal(verify(repo).goRuns, 1);
  });

  test("an import of the module's own package in testdata (terraform does this) joins the key", () => {
    const repo = makeRepo({
      'go.mod': 'module example.org/app\n\ngo 1.22\n',
      'main.go': 'package main\n\nimport _ "example.org/app/testdata/helper"\n\nfunc main() {}\n',
      'testdata/helper/helper.go': 'package helper\n',
    });
    assert.equal(verify(repo).goRuns, 1);
    assert.deepEqual([verify(repo).goRuns, verify(repo).cached], [0, 1]);
    withFile(repo, 'testdata/helper/helper.go', 'package helper\n\nimport _ "example.com/extra"\n', () => {
      const r = verify(repo);
      assert.equal(r.goRuns, 1);
      assert.match(messages(r).join('\n'), /example\.com\/extra/);
    });
    assert.deepEqual([verify(repo).goRuns, verify(repo).cached], [0, 1]);
  });

  test('an untidy result is never recorded; a corrupt record is ignored and rewritten; --full runs go', () => {
    const untidy = makeRepo({ 'go.mod': 'module example.org/untidy\n\ngo 1.22\n', 'main.go': MAIN, 'go.sum': '' }, []);
    const known = new Set(records());
    for (let i = 0; i < 2; i++) {
      const r = verify(untidy);
      assert.equal(r.goRuns, 1);
      assert.equal(status(r), 'fail');
    }
    assert.deepEqual(
      records().filter((f) => !known.has(f)),
      [],
    );

    const repo = makeRepo({ 'go.mod': 'module example.org/corrupt\n\ngo 1.22\n', 'main.go': MAIN, 'extra.go': 'package main\n' });
    verify(repo);
    const mine = records().filter((f) => !known.has(f));
    assert.equal(mine.length, 1);
    for (const garbage of ['', '{"format":1,', '\u0000\u0001', JSON.stringify({ format: 99, key: 'x' })]) {
      writeFileSync(mine[0], garbage);
      const r = verify(repo);
      assert.deepEqual([r.goRuns, status(r)], [1, 'pass'], JSON.stringify(garbage));
      assert.equal(JSON.parse(readFileSync(mine[0], 'utf8')).format, 1);
    }
    assert.equal(verify(repo).goRuns, 0);
    const full = verify(repo, ['--full']);
    assert.deepEqual([full.goRuns, status(full)], [1, 'pass']);
  });

  test('two runs at once both check, and leave one whole record', async () => {
    const repo = makeRepo({ 'go.mod': 'module example.org/twice\n\ngo 1.22\n', 'main.go': MAIN, 'twice.go': 'package main\n' });
    const known = new Set(records());
    const { spawn } = await import('node:child_process');
    const { CLI } = await import('./helpers.js');
    const once = () =>
      new Promise<string>((resolve) => {
        let out = '';
        const p = spawn(process.execPath, [CLI, 'verify', '--check', 'go-mod-tidy', '--format', 'json'], { cwd: repo, env: sb.env });
        p.stdout.on('data', (d) => (out += d));
        p.on('exit', () => resolve(out));
      });
    const docs = (await Promise.all([once(), once()])).map((o) => assertContract(o));
    for (const d of docs) assert.equal(d.summary.checks.find((c) => c.id === 'go-mod-tidy')?.status, 'pass');
    const mine = records().filter((f) => !known.has(f));
    assert.equal(mine.length, 1);
    assert.equal(JSON.parse(readFileSync(mine[0], 'utf8')).module, 'example.org/twice');
    assert.equal(verify(repo).goRuns, 0);
  });

  test('pre-push of a commit (not the checked-out HEAD) uses what a verify of the same imports recorded; a new import runs go', () => {
    const repo = makeRepo({
      'go.mod': 'module example.org/pushed\n\ngo 1.22\n',
      'main.go': MAIN,
      'body.go': 'package main\n\nfunc g() {}\n',
    });
    const base = sb.run('git', ['rev-parse', 'HEAD'], { cwd: repo }).trim();
    assert.equal(verify(repo).goRuns, 1);
    const push = (sha: string) => {
      const r = gohooks(['run', 'pre-push', 'origin', 'x'], {
        cwd: repo,
        env: { ...sb.env, GOHOOKS_DEBUG: '1', GOHOOKS_SKIP: 'mod-verify,go-sum,gofmt' },
        input: `refs/heads/main ${sha} refs/heads/main ${base}\n`,
      });
      return {
        ...r,
        goRuns: (r.stderr.match(/\$ \S*go mod tidy -diff/g) ?? []).length,
        archives: (r.stderr.match(/\$ git archive/g) ?? []).length,
      };
    };
    // A function body edit, committed; the work tree goes back to the base commit.
    writeFileSync(path.join(repo, 'body.go'), 'package main\n\nfunc g() { println() }\n');
    gitCommitAll(sb, repo, 'body');
    const body = sb.run('git', ['rev-parse', 'HEAD'], { cwd: repo }).trim();
    sb.run('git', ['checkout', '-q', base], { cwd: repo });
    const cached = push(body);
    assert.equal(cached.status, 0, cached.stdout + cached.stderr);
    assert.deepEqual([cached.goRuns, cached.archives], [0, 0], cached.stderr);
    // A new import of a module go.mod does not require: go runs in the extracted commit, and blocks the push.
    sb.run('git', ['checkout', '-q', body], { cwd: repo });
    writeFileSync(path.join(repo, 'body.go'), 'package main\n\nimport _ "example.com/extra"\n\nfunc g() {}\n');
    gitCommitAll(sb, repo, 'import');
    const imported = sb.run('git', ['rev-parse', 'HEAD'], { cwd: repo }).trim();
    sb.run('git', ['checkout', '-q', base], { cwd: repo });
    const blocked = push(imported);
    assert.equal(blocked.goRuns, 1);
    assert.equal(blocked.status, 1, blocked.stdout + blocked.stderr);
    assert.match(blocked.stdout + blocked.stderr, /example\.com\/extra/);
  });
});
