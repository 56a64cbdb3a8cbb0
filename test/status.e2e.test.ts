// `gohooks status`: which hooks run gohooks in this work tree, through which
// layout, which gohooks they start; exit 1 when a hook gohooks.json expects
// does not run here, 2 outside a git repository. Real git in a sandbox.

import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { makeSandbox, type Sandbox } from '../dev/testkit/sandbox.js';

let sb: Sandbox;
let n = 0;

before(() => {
  sb = makeSandbox();
});
after(() => sb.cleanup());

function repo(): string {
  const dir = path.join(sb.dir, `repo ${n++}`);
  sb.run('git', ['init', '-q', dir]);
  writeFileSync(path.join(dir, 'go.mod'), 'module example.org/x\n\ngo 1.22\n');
  sb.run('git', ['add', '-A'], { cwd: dir });
  sb.run('git', ['commit', '-qm', 'initial'], { cwd: dir });
  return dir;
}

function status(dir: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const r = sb.exec('gohooks', ['status', ...args], { cwd: dir, env: { ...sb.env, ...env } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

interface StatusJson {
  root: string;
  linkedWorktree: boolean;
  expected: string[];
  ok: boolean;
  hooks: { hook: string; active: boolean; expected: boolean; layout?: string; file: string; problem?: string; fix?: string }[];
  gohooks: { how: string; path: string } | null;
  notes: string[];
}

const withoutGlobalGohooks = () => sb.withoutGohooks();

test('outside a git repository: exit 2', () => {
  const dir = path.join(sb.dir, `plain ${n++}`);
  mkdirSync(dir);
  const r = status(dir);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /not inside a git work tree/);
});

test('nothing installed and nothing expected: exit 0, every hook "no"; expected by gohooks.json: exit 1', () => {
  const dir = repo();
  const r = status(dir);
  assert.equal(r.status, 0, r.stdout);
  assert.match(r.stdout, /^hook +runs gohooks +through +git runs$/m);
  assert.match(r.stdout, /^pre-commit +no +- +\.git\/hooks\/pre-commit$/m);
  assert.match(r.stdout, /gohooks.json lists no hooks/);

  writeFileSync(path.join(dir, 'gohooks.json'), '{ "install": { "manager": "git-hooks", "hooks": ["pre-commit", "pre-push"] } }\n');
  const missing = status(dir);
  assert.equal(missing.status, 1, missing.stdout);
  assert.match(missing.stdout, /^pre-commit +NO \(expected\)/m);
  assert.match(missing.stdout, /^pre-merge-commit +no /m, 'not expected: no alarm');
  assert.match(missing.stdout, /pre-commit: there is no \.git\/hooks\/pre-commit\n {2}fix: npx gohooks install/);
  assert.match(missing.stdout, /gohooks: pre-commit, pre-push are expected by gohooks.json but do not run in this work tree/);

  const json = JSON.parse(status(dir, ['--format', 'json']).stdout) as StatusJson;
  assert.equal(json.ok, false);
  assert.deepEqual(json.expected, ['pre-commit', 'pre-push']);
  assert.deepEqual(
    json.hooks.map((h) => [h.hook, h.active, h.expected]),
    [
      ['pre-commit', false, true],
      ['pre-merge-commit', false, false],
      ['pre-push', false, true],
    ],
  );
  assert.equal(status(dir, ['--format', 'sarif']).status, 2, 'unknown format');
});

test('installed: every hook active, the gohooks it starts (PATH, node_modules/.bin, none), notes for GOHOOKS=0', () => {
  const dir = repo();
  sb.run('gohooks', ['install'], { cwd: dir });
  const r = status(dir);
  assert.equal(r.status, 0, r.stdout);
  for (const hook of ['pre-commit', 'pre-merge-commit', 'pre-push']) {
    assert.match(r.stdout, new RegExp(`^${hook} +yes +git-hooks +\\.git/hooks/${hook}$`, 'm'));
  }
  assert.match(r.stdout, new RegExp(`gohooks they start: ${sb.binDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/gohooks`));
  assert.match(r.stdout, /every hook gohooks.json expects runs in this work tree \(pre-commit, pre-merge-commit, pre-push\)/);

  let json = JSON.parse(status(dir, ['--format', 'json']).stdout) as StatusJson;
  assert.equal(json.ok, true);
  assert.deepEqual(json.gohooks, { how: 'PATH', path: path.join(sb.binDir, 'gohooks') });
  assert.equal(json.linkedWorktree, false);

  // The repository's own node_modules/.bin comes first, as in hooks/gohooks.sh.
  mkdirSync(path.join(dir, 'node_modules/.bin'), { recursive: true });
  writeFileSync(path.join(dir, 'node_modules/.bin/gohooks'), '#!/bin/sh\n', { mode: 0o755 });
  json = JSON.parse(status(dir, ['--format', 'json']).stdout) as StatusJson;
  assert.deepEqual(json.gohooks, { how: 'node_modules', path: path.join(dir, 'node_modules/.bin/gohooks') });
  chmodSync(path.join(dir, 'node_modules/.bin/gohooks'), 0o644);

  // Nothing the hooks could start: they would warn and let commits through.
  const node = process.execPath;
  const noGohooks = sb.exec(node, [path.join(import.meta.dirname, '../dist/cli.js'), 'status'], {
    cwd: dir,
    env: { ...sb.env, ...withoutGlobalGohooks() },
  });
  assert.equal(noGohooks.status, 0, noGohooks.stdout);
  assert.match(noGohooks.stdout, /gohooks they start: none found/);
  assert.match(noGohooks.stdout, /note: the hooks find no gohooks: they warn and let commits through unchecked/);

  assert.match(status(dir, [], { GOHOOKS: '0' }).stdout, /note: GOHOOKS=0 is set in this environment: the hooks skip gohooks/);
});

test('a hook that is there but does not reach gohooks, or is not executable, is not active', () => {
  const dir = repo();
  writeFileSync(path.join(dir, 'gohooks.json'), '{ "install": { "manager": "git-hooks", "hooks": ["pre-commit"] } }\n');
  writeFileSync(path.join(dir, '.git/hooks/pre-commit'), '#!/bin/sh\necho mine\n', { mode: 0o755 });
  let r = status(dir);
  assert.equal(r.status, 1);
  assert.match(
    r.stdout,
    /pre-commit: \.git\/hooks\/pre-commit does not run gohooks\n {2}fix: npx gohooks install \(it keeps this hook and runs it first\)/,
  );

  sb.run('gohooks', ['install'], { cwd: dir });
  assert.equal(status(dir).status, 0);
  chmodSync(path.join(dir, '.git/hooks/pre-commit'), 0o644);
  r = status(dir);
  assert.equal(r.status, 1);
  assert.match(
    r.stdout,
    /pre-commit: \.git\/hooks\/pre-commit is not executable, so git ignores it\n {2}fix: chmod \+x \.git\/hooks\/pre-commit/,
  );
  chmodSync(path.join(dir, '.git/hooks/pre-commit'), 0o755);

  // A hooks path set for this repository elsewhere hides .git/hooks: status follows git.
  sb.run('git', ['config', 'core.hooksPath', 'githooks'], { cwd: dir });
  r = status(dir);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /pre-commit: there is no githooks\/pre-commit/);
  sb.run('git', ['config', '--unset', 'core.hooksPath'], { cwd: dir });
  assert.equal(status(dir).status, 0);
});

test('install checks its own result: a hook that would still not run here is an error, not "installed"', () => {
  const dir = repo();
  mkdirSync(path.join(dir, '.husky'));
  sb.run('gohooks', ['install'], { cwd: dir });
  // HUSKY=0 makes husky's stubs run nothing.
  const r = sb.exec('gohooks', ['install'], { cwd: dir, env: { ...sb.env, HUSKY: '0' } });
  assert.equal(r.status, 1, r.stdout);
  assert.match(
    r.stdout,
    /gohooks: pre-commit will not run here: HUSKY=0 is set in your environment: husky runs no hook \(fix: unset HUSKY\)/,
  );
});
