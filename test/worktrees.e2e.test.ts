// Hooks in every work tree: after one `gohooks install` in the main work tree,
// a worktree made later with `git worktree add` runs the hooks with no further
// step; a husky repository's worktree (husky's stubs are per work tree) is told
// apart by `gohooks status` and fixed by `gohooks install` there; a moved
// repository keeps working. Real git, real go, in a sandbox.

import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gitCommitAll, gitInit, makeGoModule } from '../dev/testkit/project.js';
import { libModule } from '../dev/testkit/proxy.js';
import { makeSandbox, type Sandbox } from '../dev/testkit/sandbox.js';
import { shellIn } from '../dev/testkit/shell.js';

let sb: Sandbox;
let template: string;
let n = 0;

before(() => {
  sb = makeSandbox();
  sb.addModules([libModule('example.com/alpha', 'v1.0.0'), libModule('example.com/beta', 'v1.2.0')]);
  template = makeGoModule(sb, { rel: 'template', modulePath: 'example.org/app', deps: [{ path: 'example.com/alpha', version: 'v1.0.0' }] });
});
after(() => sb.cleanup());

function repo(name = `repo ${n++}`): string {
  const dir = path.join(sb.dir, name);
  cpSync(template, dir, { recursive: true });
  gitInit(sb, name);
  gitCommitAll(sb, dir, 'initial');
  return dir;
}

const { sh, ok } = shellIn(() => sb);

function addWorktree(main: string): string {
  const wt = path.join(sb.dir, `worktree ${n++}`);
  ok(main, `git worktree add -q "${wt}" -b "branch-${n++}"`);
  return wt;
}

/** A go.mod that requires beta, staged without its go.sum lines: every pre-commit hook must block it. */
function assertBlocksThenPasses(dir: string): void {
  sb.run('go', ['get', 'example.com/beta@v1.2.0'], { cwd: dir, env: sb.buildEnv });
  ok(dir, 'git add go.mod');
  const blocked = sh(dir, 'git commit -qm "require beta"');
  assert.equal(blocked.status, 1, blocked.out);
  assert.match(blocked.out, /go-sum .*go.sum has no entry for example.com\/beta v1.2.0/);
  const good = sh(dir, 'git add go.sum && git commit -qm "require beta"');
  assert.equal(good.status, 0, good.out);
  assert.match(good.out, /gohooks pre-commit: staged changes ok/);
}

describe('hooks in every work tree', () => {
  for (const flags of ['', ' --no-husky']) {
    test(`install${flags} in the main work tree: a worktree added later runs the hooks, status says so`, () => {
      const main = repo();
      const out = ok(main, `gohooks install${flags}`);
      assert.match(out, /installed \(git-hooks: \.git\/hooks\)/);
      ok(main, 'git add gohooks.json && git commit -qm gohooks');

      const wt = addWorktree(main);
      const status = sh(wt, 'gohooks status');
      assert.equal(status.status, 0, status.out);
      assert.match(status.out, /\(a linked worktree\)/);
      assert.match(status.out, /pre-commit +yes +git-hooks +.*\.git\/hooks\/pre-commit/);
      assert.match(status.out, /every hook gohooks.json expects runs in this work tree/);
      assertBlocksThenPasses(wt);
      // Install there has nothing to do, and says so truthfully: the hooks do run.
      const again = sh(wt, `gohooks install${flags}`);
      assert.equal(again.status, 0, again.out);
      assert.match(again.out, /already installed \(git-hooks: .*\.git\/hooks\); nothing changed/);
      assertBlocksThenPasses(main);
    });
  }

  test('install run in a linked worktree puts the hooks in the common dir; uninstall in the main tree points to it', () => {
    const main = repo();
    const wt = addWorktree(main);
    ok(wt, 'gohooks install');
    assert.ok(existsSync(path.join(main, '.git/hooks/pre-commit')), 'shared by every work tree');
    assertBlocksThenPasses(main);
    const elsewhere = ok(main, 'gohooks uninstall');
    assert.match(elsewhere, /nothing recorded for this work tree; install ran in another work tree of this repository .*worktrees/);
    assert.ok(existsSync(path.join(main, '.git/hooks/pre-commit')));
    ok(wt, 'gohooks uninstall');
    assert.ok(!existsSync(path.join(main, '.git/hooks/pre-commit')));
  });

  test('a husky repository: a new worktree has no husky stubs; status exits 1, install there runs husky and the hooks work', () => {
    const main = repo();
    mkdirSync(path.join(main, '.husky'));
    writeFileSync(path.join(main, '.husky/pre-commit'), 'echo TEAM-HOOK >&2\n');
    ok(main, 'git add .husky && git commit -qm husky --no-verify');
    ok(main, 'gohooks install');
    assert.equal(ok(main, 'git config core.hooksPath').trim(), '.husky/_');
    ok(main, 'git add -A && git commit -qm gohooks --no-verify');

    const wt = addWorktree(main);
    const status = sh(wt, 'gohooks status');
    assert.equal(status.status, 1, status.out);
    assert.match(status.out, /pre-commit +NO \(expected\) +husky/);
    assert.match(status.out, /\.husky\/_\/ does not exist in this work tree \(husky generates it per work tree, and it is git-ignored\)/);
    assert.match(status.out, /fix: npx gohooks install/);
    const json = JSON.parse(sh(wt, 'gohooks status --format json').out) as { ok: boolean; hooks: { hook: string; active: boolean }[] };
    assert.equal(json.ok, false);
    assert.deepEqual(
      json.hooks.map((h) => [h.hook, h.active]),
      [
        ['pre-commit', false],
        ['pre-merge-commit', false],
        ['pre-push', false],
      ],
    );

    const installed = ok(wt, 'gohooks install');
    assert.match(installed, /ran husky: \.husky\/_\/ was missing in this work tree/);
    assert.doesNotMatch(installed, /already installed/);
    assert.equal(sh(wt, 'gohooks status').status, 0);
    const team = sh(wt, 'echo x > x.txt && git add x.txt && git commit -qm x');
    assert.match(team.out, /TEAM-HOOK/, "the team's own husky hook runs too");
    assertBlocksThenPasses(wt);
    // Uninstall in the worktree takes back only what install did there.
    ok(wt, 'gohooks uninstall');
    assert.ok(!existsSync(path.join(wt, '.husky/_')));
    assert.equal(ok(main, 'git config core.hooksPath').trim(), '.husky/_', "the main work tree's install is untouched");
    assert.equal(sh(main, 'gohooks status').status, 0);
  });

  test('a moved repository keeps running its hooks (no absolute path is written)', () => {
    const main = repo();
    ok(main, 'gohooks install');
    const moved = path.join(sb.dir, `moved ${n++}`);
    renameSync(main, moved);
    assert.equal(sh(moved, 'gohooks status').status, 0);
    assertBlocksThenPasses(moved);
  });
});
