// gohooks install / uninstall and the hooks, with real `git commit` and
// `git push` in sandboxes: every setup blocks a bad commit, lets a good one
// through, keeps the hooks that were there, and uninstalls byte for byte.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gitCommitAll, gitInit, makeGoModule } from '../dev/testkit/project.js';
import { libModule } from '../dev/testkit/proxy.js';
import { makeSandbox, makeWritable, type Sandbox } from '../dev/testkit/sandbox.js';
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

/** A committed, clean Go repository in a directory whose name has a space. */
function repo(name = `repo ${n++}`): string {
  const dir = path.join(sb.dir, name);
  cpSync(template, dir, { recursive: true });
  gitInit(sb, name);
  gitCommitAll(sb, dir, 'initial');
  return dir;
}

const { sh, ok } = shellIn(() => sb);

/** Every file of the work tree and .git (objects and logs aside) with its bytes and mode. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p);
      // git's own bookkeeping, which commits and resets in the tests change
      if (
        /^\.git\/(objects|logs|refs)(\/|$)/.test(rel) ||
        ['.git/index', '.git/ORIG_HEAD', '.git/COMMIT_EDITMSG', '.git/packed-refs'].includes(rel)
      )
        continue;
      if (e.isDirectory()) {
        out.set(`${rel}/`, 'dir');
        walk(p);
      } else {
        out.set(rel, `${(statSync(p).mode & 0o777).toString(8)} ${createHash('sha1').update(readFileSync(p)).digest('hex')}`);
      }
    }
  };
  walk(dir);
  return out;
}

function assertSameTree(before: Map<string, string>, after: Map<string, string>) {
  assert.deepEqual([...after].sort(), [...before].sort());
}

/** Stage a go.mod that requires beta without the matching go.sum lines. */
function stageBrokenRequirement(dir: string) {
  sb.run('go', ['get', 'example.com/beta@v1.2.0'], { cwd: dir, env: sb.buildEnv });
  ok(dir, 'git add go.mod');
}

function installLegacyHook(hooksDir: string, hook: string, body: string) {
  mkdirSync(hooksDir, { recursive: true });
  writeFileSync(path.join(hooksDir, hook), `#!/bin/sh\n${body}\n`);
  chmodSync(path.join(hooksDir, hook), 0o755);
}

/** Undoes the two commits exerciseHooks makes, without touching untracked files (git reset --hard would). */
function rewind(dir: string) {
  ok(
    dir,
    'git reset -q --soft HEAD~2 && git restore --source=HEAD --staged --worktree -- go.mod go.sum && git rm -q --cached NOTES.md && rm NOTES.md',
  );
}

/** The flows every setup must pass. */
function exerciseHooks(dir: string, legacyMarker?: string) {
  // Nothing Go-relevant staged: the shell fast path, no node.
  writeFileSync(path.join(dir, 'NOTES.md'), 'notes\n');
  const fast = ok(dir, 'git add NOTES.md && git commit -qm notes');
  if (legacyMarker) assert.match(fast, new RegExp(legacyMarker), 'the pre-existing hook still runs');
  assert.doesNotMatch(fast, /gohooks/);

  stageBrokenRequirement(dir);
  const blocked = sh(dir, 'git commit -qm "require beta"');
  assert.equal(blocked.status, 1, blocked.out);
  assert.match(
    blocked.out,
    /go-sum .*go.sum has no entry for example.com\/beta v1.2.0 \(required in go.mod:\d+\) — the work-tree go.sum has it, but is not staged/,
  );
  assert.match(blocked.out, /fix: {2}git add go.sum/);
  assert.match(blocked.out, /bypass once: git commit --no-verify/);

  assert.equal(sh(dir, 'git commit -qm skip', { GOHOOKS: '0' }).status, 0, 'GOHOOKS=0 lets it through');
  ok(dir, 'git reset -q --soft HEAD~1');
  assert.equal(sh(dir, 'git commit -qm skip --no-verify').status, 0, '--no-verify lets it through');
  ok(dir, 'git reset -q --soft HEAD~1');

  const good = ok(dir, 'git add go.sum && git commit -qm "require beta"');
  assert.match(good, /gohooks pre-commit: staged changes ok/);
  assert.equal(
    good
      .trim()
      .split('\n')
      .filter((l) => /gohooks/.test(l)).length,
    1,
    'a passing hook prints one line',
  );
}

describe('gohooks install', () => {
  test('a plain repository: shims in the common git dir by default, .git/hooks chained, uninstall restores byte for byte', () => {
    const dir = repo();
    installLegacyHook(path.join(dir, '.git/hooks'), 'pre-commit', 'echo LEGACY-PRE-COMMIT >&2');
    const pristine = snapshot(dir);
    const dry = ok(dir, 'gohooks install --dry-run');
    assert.match(dry, /would move \.git\/hooks\/pre-commit to \.git\/hooks\/pre-commit\.pre-gohooks \(it still runs first\)/);
    assert.match(dry, /would create \.git\/hooks\/pre-push/);
    assertSameTree(pristine, snapshot(dir));

    const out = ok(dir, 'gohooks install');
    assert.match(out, /created \.git\/hooks\/pre-commit/);
    assert.match(out, /created gohooks.json/);
    assert.ok(!existsSync(path.join(dir, '.husky')), 'no husky, no files in the work tree but gohooks.json');
    assert.equal(sh(dir, 'git config core.hooksPath').status, 1, 'core.hooksPath stays unset: git uses the common dir in every work tree');
    assert.match(ok(dir, 'gohooks install'), /already installed/, 'idempotent');
    const installed = snapshot(dir);
    ok(dir, 'gohooks install');
    assertSameTree(installed, snapshot(dir));
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'gohooks.json'), 'utf8')).install, {
      manager: 'git-hooks',
      hooks: ['pre-commit', 'pre-merge-commit', 'pre-push'],
    });

    // The legacy hook's failure still blocks, before gohooks.
    writeFileSync(path.join(dir, 'x.txt'), 'x');
    installLegacyHook(path.join(dir, '.git/hooks'), 'pre-commit.pre-gohooks', 'echo LEGACY-PRE-COMMIT >&2; exit 3');
    const legacyFails = sh(dir, 'git add x.txt && git commit -qm x');
    assert.notEqual(legacyFails.status, 0);
    assert.match(legacyFails.out, /LEGACY-PRE-COMMIT/);
    ok(dir, 'git reset -q x.txt && rm x.txt');
    installLegacyHook(path.join(dir, '.git/hooks'), 'pre-commit.pre-gohooks', 'echo LEGACY-PRE-COMMIT >&2');

    const preUninstall = snapshot(dir);
    ok(dir, 'gohooks uninstall');
    assertSameTree(pristine, snapshot(dir));
    assert.notDeepEqual(preUninstall, pristine);
  });

  test("gohooks.json recording the husky layout (0.1's default): a teammate's install sets husky up, .git/hooks chained", () => {
    const dir = repo();
    writeFileSync(
      path.join(dir, 'gohooks.json'),
      '{ "install": { "manager": "husky", "hooks": ["pre-commit", "pre-merge-commit", "pre-push"] } }\n',
    );
    ok(dir, 'git add gohooks.json && git commit -qm config');
    installLegacyHook(path.join(dir, '.git/hooks'), 'pre-commit', 'echo LEGACY-PRE-COMMIT >&2');
    const pristine = snapshot(dir);
    const dry = ok(dir, 'gohooks install --dry-run');
    assert.match(dry, /would set git config core.hooksPath=.husky\/_/);
    assertSameTree(pristine, snapshot(dir));
    const out = ok(dir, 'gohooks install');
    assert.match(out, /created \.husky\/pre-commit/);
    assert.equal(ok(dir, 'git config core.hooksPath').trim(), '.husky/_');
    assert.match(
      readFileSync(path.join(dir, '.husky/pre-commit'), 'utf8'),
      /--chain "\$\(git rev-parse --git-common-dir\)\/hooks\/pre-commit"/,
    );
    exerciseHooks(dir, 'LEGACY-PRE-COMMIT');
    rewind(dir);
    ok(dir, 'gohooks uninstall');
    assertSameTree(pristine, snapshot(dir));
  });

  test('a plain repository: the hooks block bad commits and pass good ones', () => {
    const dir = repo();
    installLegacyHook(path.join(dir, '.git/hooks'), 'pre-commit', 'echo LEGACY-PRE-COMMIT >&2');
    ok(dir, 'gohooks install');
    exerciseHooks(dir, 'LEGACY-PRE-COMMIT');
  });

  test('husky already set up: a block appended to its hook files (before an exit), theirs untouched', () => {
    const dir = repo();
    mkdirSync(path.join(dir, '.husky'));
    writeFileSync(path.join(dir, '.husky/pre-commit'), 'echo HUSKY-OWN-HOOK >&2\nexit 0\n');
    ok(dir, 'git add .husky && git commit -qm husky --no-verify');
    const huskyEntry = path.resolve(import.meta.dirname, '../node_modules/husky/index.js');
    sb.run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { default: husky } = await import(${JSON.stringify(huskyEntry)}); const r = husky('.husky'); if (r) throw new Error(r);`,
      ],
      { cwd: dir },
    );
    const pristine = snapshot(dir);
    ok(dir, 'gohooks install');
    const text = readFileSync(path.join(dir, '.husky/pre-commit'), 'utf8');
    assert.match(
      text,
      /^echo HUSKY-OWN-HOOK >&2\n# >>> gohooks >>>.*\nsh "\$\{0%\/\*\}\/gohooks.sh" pre-commit "\$@"\n# <<< gohooks <<<\nexit 0\n$/,
    );
    assert.doesNotMatch(text, /--chain/, 'husky already bypassed .git/hooks: nothing to chain');
    exerciseHooks(dir, 'HUSKY-OWN-HOOK');
    rewind(dir);
    ok(dir, 'gohooks uninstall');
    assertSameTree(pristine, snapshot(dir));
  });

  test('--no-husky: shims in .git/hooks chain the hook that was there; uninstall puts it back', () => {
    const dir = repo();
    installLegacyHook(path.join(dir, '.git/hooks'), 'pre-commit', 'echo LEGACY-PRE-COMMIT >&2');
    installLegacyHook(path.join(dir, '.git/hooks'), 'pre-push', 'read line; echo "LEGACY-PRE-PUSH $line" >&2');
    const pristine = snapshot(dir);
    const out = ok(dir, 'gohooks install --no-husky');
    assert.match(out, /moved \.git\/hooks\/pre-commit to \.git\/hooks\/pre-commit\.pre-gohooks \(it still runs first\)/);
    assert.ok(!existsSync(path.join(dir, '.husky')));
    assert.equal(sh(dir, 'git config core.hooksPath').status, 1, 'core.hooksPath untouched');
    exerciseHooks(dir, 'LEGACY-PRE-COMMIT');

    // pre-push: both the legacy hook and gohooks read the same stdin. Beta is
    // required but unused after exerciseHooks: untidy, so the push is blocked …
    const bare = path.join(sb.dir, `bare ${n++}.git`);
    sb.run('git', ['init', '-q', '--bare', bare]);
    ok(dir, `git remote add origin "${bare}"`);
    const untidy = sh(dir, 'git push -q origin main');
    assert.equal(untidy.status, 1, untidy.out);
    assert.match(untidy.out, /LEGACY-PRE-PUSH refs\/heads\/main [0-9a-f]{40} refs\/heads\/main 0{40}/);
    assert.match(untidy.out, /go-mod-tidy/);
    // … until it is tidied.
    sb.run('go', ['mod', 'tidy'], { cwd: dir, env: sb.buildEnv });
    ok(dir, 'git commit -qam tidy');
    const pushed = sh(dir, 'git push -q origin main');
    assert.equal(pushed.status, 0, pushed.out);
    assert.match(pushed.out, /gohooks pre-push: main \([0-9a-f]{12}\) ok/);

    ok(dir, 'git reset -q --hard HEAD~3 && git remote remove origin');
    ok(dir, 'gohooks uninstall');
    assertSameTree(pristine, snapshot(dir));
  });

  test('core.hooksPath set for this repository: shims go there, chaining; set globally: refused with the way forward', () => {
    const dir = repo();
    installLegacyHook(path.join(dir, 'githooks'), 'pre-commit', 'echo TEAM-HOOK >&2');
    ok(dir, 'git add githooks && git commit -qm githooks --no-verify && git config core.hooksPath githooks');
    const pristine = snapshot(dir);
    const out = ok(dir, 'gohooks install');
    assert.match(out, /moved githooks\/pre-commit to githooks\/pre-commit\.pre-gohooks/);
    assert.equal(ok(dir, 'git config core.hooksPath').trim(), 'githooks', 'never overwritten');
    exerciseHooks(dir, 'TEAM-HOOK');
    rewind(dir);
    ok(dir, 'gohooks uninstall');
    assertSameTree(pristine, snapshot(dir));

    const other = repo();
    const globalHooks = path.join(sb.dir, `global hooks ${n++}`);
    mkdirSync(globalHooks);
    const gitconfig = path.join(sb.dir, `gitconfig-${n++}`);
    writeFileSync(gitconfig, `[user]\n\tname = T\n\temail = t@example.com\n[core]\n\thooksPath = ${globalHooks}\n`);
    const before = snapshot(other);
    const refused = sh(other, 'gohooks install', { GIT_CONFIG_GLOBAL: gitconfig });
    assert.equal(refused.status, 2);
    assert.match(
      refused.out,
      /core.hooksPath is set in your global git config to .*global hooks.*so installing there would change every repository/,
    );
    assert.match(refused.out, /npx --no-install gohooks run pre-commit/);
    assertSameTree(before, snapshot(other));
    assert.deepEqual(readdirSync(globalHooks), []);
  });

  test('lefthook or pre-commit configs: print the snippet, change nothing', () => {
    for (const [file, re] of [
      [
        'lefthook.yml',
        /Add this to lefthook.yml[\s\S]*pre-commit:\n {2}commands:\n {4}gohooks:[\s\S]*exec npx --offline --no-install gohooks run pre-commit/,
      ],
      [
        '.pre-commit-config.yaml',
        /Add this under "repos:" in .pre-commit-config.yaml[\s\S]*entry: npx --offline --no-install gohooks run pre-commit/,
      ],
    ] as const) {
      const dir = repo();
      writeFileSync(path.join(dir, file), 'repos: []\n');
      const before = snapshot(dir);
      for (const args of ['install', 'install --dry-run']) {
        const r = sh(dir, `gohooks ${args}`);
        assert.equal(r.status, 0);
        assert.match(r.out, re);
      }
      assertSameTree(before, snapshot(dir));
    }
  });

  test('a linked worktree and a submodule install into the right hooks and work', () => {
    const main = repo();
    const wt = path.join(sb.dir, `worktree ${n++}`);
    ok(main, `git worktree add -q "${wt}" -b feature`);
    const out = ok(wt, 'gohooks install --no-husky');
    assert.match(out, /\.git\/hooks\/pre-commit|hooks\/pre-commit/);
    assert.ok(existsSync(path.join(main, '.git/hooks/pre-commit')), 'hooks live in the common dir');
    stageBrokenRequirement(wt);
    assert.equal(sh(wt, 'git commit -qm x').status, 1);
    ok(wt, 'git reset -q --hard');
    ok(wt, 'gohooks uninstall');
    assert.ok(!existsSync(path.join(main, '.git/hooks/pre-commit')));

    const parent = repo();
    const sub = repo();
    ok(parent, `git -c protocol.file.allow=always submodule add -q "${sub}" "mod sub" && git commit -qm sub --no-verify`);
    const subDir = path.join(parent, 'mod sub');
    assert.ok(statSync(path.join(subDir, '.git')).isFile(), '.git is a file in a submodule');
    const moduleGitDir = path.join(parent, '.git/modules/mod sub');
    const pristine = snapshot(subDir);
    const pristineGitDir = snapshot(moduleGitDir);
    ok(subDir, 'gohooks install');
    assert.ok(existsSync(path.join(moduleGitDir, 'hooks/pre-commit')), "the submodule's hooks live in its git dir");
    stageBrokenRequirement(subDir);
    const blocked = sh(subDir, 'git commit -qm x');
    assert.equal(blocked.status, 1, blocked.out);
    ok(subDir, 'git reset -q --hard');
    ok(subDir, 'gohooks uninstall');
    assertSameTree(pristine, snapshot(subDir));
    const gitBookkeeping = (m: Map<string, string>) =>
      new Map([...m].filter(([k]) => !/^(objects|logs|refs)(\/|$)|^(index|ORIG_HEAD|COMMIT_EDITMSG|packed-refs)$/.test(k)));
    assertSameTree(gitBookkeeping(pristineGitDir), gitBookkeeping(snapshot(moduleGitDir)));
  });

  test('package.json below the root: the hook runs that node_modules/.bin/gohooks; --prepare adds the prepare script', () => {
    const dir = repo();
    // gohooks installed as a dependency of web/ (no global gohooks on PATH).
    const pkgDir = path.join(dir, 'web/node_modules/gohooks');
    const self = path.resolve(import.meta.dirname, '..');
    for (const p of ['package.json', 'dist', 'hooks', 'templates']) cpSync(path.join(self, p), path.join(pkgDir, p), { recursive: true });
    cpSync(path.join(self, 'node_modules/husky'), path.join(dir, 'web/node_modules/husky'), { recursive: true });
    mkdirSync(path.join(dir, 'web/node_modules/.bin'), { recursive: true });
    writeFileSync(path.join(dir, 'web/node_modules/.bin/gohooks'), `#!/bin/sh\nexec "${process.execPath}" "${pkgDir}/dist/cli.js" "$@"\n`, {
      mode: 0o755,
    });
    writeFileSync(path.join(dir, 'web/package.json'), '{ "name": "web" }\n');
    writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
    ok(dir, 'git add .gitignore web/package.json && git commit -qm web --no-verify');
    const noGlobal = sb.withoutGohooks();
    assert.notEqual(sh(dir, 'command -v gohooks', noGlobal).status, 0);
    ok(dir, `"${process.execPath}" web/node_modules/gohooks/dist/cli.js install`, noGlobal);
    assert.match(readFileSync(path.join(dir, '.git/hooks/pre-commit'), 'utf8'), /--bin web\/node_modules\/.bin\/gohooks/);
    stageBrokenRequirement(dir);
    const blocked = sh(dir, 'git commit -qm x', noGlobal);
    assert.equal(blocked.status, 1, blocked.out);
    assert.match(blocked.out, /go-sum/);

    const rootPkg = repo();
    writeFileSync(path.join(rootPkg, 'package.json'), '{\n    "name": "x",\n    "scripts": { "prepare": "husky" }\n}\n');
    ok(rootPkg, 'git add package.json && git commit -qm pkg --no-verify');
    const before = snapshot(rootPkg);
    ok(rootPkg, 'gohooks install');
    assert.equal(
      readFileSync(path.join(rootPkg, 'package.json'), 'utf8'),
      '{\n    "name": "x",\n    "scripts": { "prepare": "husky" }\n}\n',
      'package.json untouched without --prepare',
    );
    ok(rootPkg, 'gohooks install --prepare');
    assert.equal(JSON.parse(readFileSync(path.join(rootPkg, 'package.json'), 'utf8')).scripts.prepare, 'husky && gohooks install');
    ok(rootPkg, 'gohooks uninstall');
    assertSameTree(before, snapshot(rootPkg));
  });

  test('without gohooks: warn and let the commit through, unless "missingTool": "fail"', () => {
    const dir = repo();
    ok(dir, 'gohooks install');
    ok(dir, 'git add -A && git commit -qm hooks --no-verify');
    const noGohooks = sb.withoutGohooks();
    stageBrokenRequirement(dir);
    const warned = sh(dir, 'git commit -qm x', noGohooks);
    assert.equal(warned.status, 0, warned.out);
    assert.match(
      warned.out,
      /gohooks: not found \(npm i -D gohooks, or npm i -g gohooks; PATH fixes go in .*gohooks\/init.sh\); Go checks skipped/,
    );
    const cfg = JSON.parse(readFileSync(path.join(dir, 'gohooks.json'), 'utf8'));
    writeFileSync(path.join(dir, 'gohooks.json'), JSON.stringify({ ...cfg, missingTool: 'fail' }));
    sb.run('go', ['get', 'example.com/beta@v1.2.0'], { cwd: dir, env: sb.buildEnv });
    writeFileSync(path.join(dir, 'y.go'), 'package main\n');
    ok(dir, 'git add y.go');
    assert.equal(sh(dir, 'git commit -qm y', noGohooks).status, 1);
    // ~/.config/gohooks/init.sh is where a GUI client's PATH gets fixed.
    mkdirSync(path.join(sb.home, '.config/gohooks'), { recursive: true });
    writeFileSync(path.join(sb.home, '.config/gohooks/init.sh'), `PATH="${sb.binDir}:$PATH"\n`);
    try {
      const r = sh(dir, 'git commit -qm y', noGohooks);
      assert.equal(r.status, 0, r.out);
      assert.match(r.out, /gohooks pre-commit: staged changes ok/);
    } finally {
      writeFileSync(path.join(sb.home, '.config/gohooks/init.sh'), '');
    }
  });
});

describe('install and uninstall never lose a hook', () => {
  test('an edited shim: uninstall puts the original hook back where git runs it and keeps the edits beside it', () => {
    const dir = repo();
    installLegacyHook(path.join(dir, '.git/hooks'), 'pre-commit', 'echo LEGACY-PRE-COMMIT >&2');
    const pristine = snapshot(dir);
    ok(dir, 'gohooks install --no-husky');
    const shimFile = path.join(dir, '.git/hooks/pre-commit');
    const edited = readFileSync(shimFile, 'utf8').replace('#!/bin/sh\n', '#!/bin/sh\necho MY-OWN-LINE >&2\n');
    writeFileSync(shimFile, edited);
    writeFileSync(path.join(dir, 'x.txt'), 'x');
    assert.match(ok(dir, 'git add x.txt && git commit -qm x'), /MY-OWN-LINE[\s\S]*LEGACY-PRE-COMMIT/, 'the edited shim runs');
    ok(dir, 'git reset -q --soft HEAD~1 && git reset -q x.txt && rm x.txt');

    const out = ok(dir, 'gohooks uninstall');
    assert.match(out, /kept your edited \.git\/hooks\/pre-commit as pre-commit\.gohooks-shim-edited \(git does not run it/);
    assert.match(out, /moved \.git\/hooks\/pre-commit\.pre-gohooks back to \.git\/hooks\/pre-commit/);
    assert.equal(readFileSync(path.join(dir, '.git/hooks/pre-commit.gohooks-shim-edited'), 'utf8'), edited, 'the edits, whole');
    // Everything else is exactly as before install; the original runs again.
    const after = snapshot(dir);
    after.delete('.git/hooks/pre-commit.gohooks-shim-edited');
    assertSameTree(pristine, after);
    writeFileSync(path.join(dir, 'y.txt'), 'y');
    assert.match(ok(dir, 'git add y.txt && git commit -qm y'), /LEGACY-PRE-COMMIT/);

    // No hook before install, shim edited: the hook goes away, the edits stay in the named file.
    const fresh = repo();
    ok(fresh, 'gohooks install --hooks pre-push');
    const pushShim = path.join(fresh, '.git/hooks/pre-push');
    writeFileSync(pushShim, `${readFileSync(pushShim, 'utf8')}# mine\n`);
    assert.match(ok(fresh, 'gohooks uninstall'), /kept your edited \.git\/hooks\/pre-push as pre-push\.gohooks-shim-edited/);
    assert.ok(!existsSync(pushShim));
    assert.match(readFileSync(`${pushShim}.gohooks-shim-edited`, 'utf8'), /# mine\n$/);
  });

  test('a hook file that is a symbolic link out of the repository: install refuses (exit 2) and changes nothing', () => {
    const dir = repo();
    mkdirSync(path.join(dir, '.husky'));
    const shared = path.join(sb.dir, `shared hooks ${n++}`);
    mkdirSync(shared);
    writeFileSync(path.join(shared, 'pre-commit'), 'echo SHARED >&2\n');
    symlinkSync(path.join(shared, 'pre-commit'), path.join(dir, '.husky/pre-commit'));
    const before = snapshot(dir);
    const refused = sh(dir, 'gohooks install');
    assert.equal(refused.status, 2, refused.out);
    assert.match(
      refused.out,
      /\.husky\/pre-commit is a symbolic link to .*shared hooks \d+\/pre-commit, outside this repository; gohooks does not write through it/,
    );
    assert.match(refused.out, /cp --remove-destination/);
    assert.match(refused.out, /nothing changed/);
    assert.equal(readFileSync(path.join(shared, 'pre-commit'), 'utf8'), 'echo SHARED >&2\n', 'the shared file is untouched');
    assertSameTree(before, snapshot(dir));
    assert.equal(sh(dir, 'git config core.hooksPath').status, 1);
    assert.equal(sh(dir, 'gohooks install --dry-run').status, 2, 'the dry run says so too');

    // .git/hooks linked to a shared directory: the same refusal for the shims.
    const other = repo();
    const sharedDir = path.join(sb.dir, `dotfiles hooks ${n++}`);
    mkdirSync(sharedDir);
    rmSync(path.join(other, '.git/hooks'), { recursive: true, force: true });
    symlinkSync(sharedDir, path.join(other, '.git/hooks'));
    const r = sh(other, 'gohooks install');
    assert.equal(r.status, 2, r.out);
    assert.match(r.out, /\.git\/hooks.* is a symbolic link to .*dotfiles hooks \d+/);
    assert.deepEqual(readdirSync(sharedDir), []);

    // A link that stays inside the repository is followed, and uninstall restores its target byte for byte.
    const inner = repo();
    mkdirSync(path.join(inner, '.husky'));
    mkdirSync(path.join(inner, 'scripts'));
    writeFileSync(path.join(inner, 'scripts/pre-commit'), 'echo TEAM >&2\n');
    symlinkSync('../scripts/pre-commit', path.join(inner, '.husky/pre-commit'));
    const innerBefore = snapshot(inner);
    ok(inner, 'gohooks install');
    assert.match(readFileSync(path.join(inner, 'scripts/pre-commit'), 'utf8'), /# >>> gohooks >>>/);
    ok(inner, 'gohooks uninstall');
    assertSameTree(innerBefore, snapshot(inner));
  });
});

describe('the hooks', () => {
  test('git commit -a and git commit <path> (temporary index) are checked as committed', () => {
    const dir = repo();
    ok(dir, 'gohooks install --no-husky');
    sb.run('go', ['get', 'example.com/beta@v1.2.0'], { cwd: dir, env: sb.buildEnv });
    // Nothing staged; -a commits go.mod and go.sum together: fine.
    const all = sh(dir, 'git commit -qam "require beta"');
    assert.equal(all.status, 0, all.out);
    ok(dir, 'git reset -q --soft HEAD~1 && git reset -q');
    // `git commit go.mod` commits go.mod alone: the temporary index lacks the go.sum lines.
    const only = sh(dir, 'git commit -qm "require beta" go.mod');
    assert.equal(only.status, 1, only.out);
    assert.match(only.out, /go.sum has no entry for example.com\/beta v1.2.0/);
  });

  test('staged file names with spaces, quotes and a newline; gofmt reads the staged blob, never rewrites', () => {
    const dir = repo();
    ok(dir, 'gohooks install');
    const odd = "we\"ird 'name'\nx.go";
    writeFileSync(path.join(dir, odd), 'package main\n\nfunc  Odd() {}\n');
    writeFileSync(path.join(dir, 'ok file.go'), 'package main\n\nfunc OK() {}\n');
    sb.run('git', ['add', '--', odd, 'ok file.go'], { cwd: dir });
    // Fix the work tree copy only: the staged blob is what counts.
    writeFileSync(path.join(dir, odd), 'package main\n\nfunc Odd() {}\n');
    const r = sh(dir, 'git commit -qm odd');
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, /gofmt {2}we"ird 'name'\nx.go: not gofmt-formatted \(staged version\)/);
    assert.doesNotMatch(r.out, /ok file.go/);
    assert.equal(readFileSync(path.join(dir, odd), 'utf8'), 'package main\n\nfunc Odd() {}\n', 'never rewrites');
    sb.run('git', ['add', '--', odd], { cwd: dir });
    ok(dir, 'git commit -qm odd');
    writeFileSync(path.join(dir, 'broken.go'), 'package main\n\nfunc {\n');
    ok(dir, 'git add broken.go');
    const broken = sh(dir, 'git commit -qm broken');
    assert.match(broken.out, /gofmt {2}broken.go:3: does not parse: /);
  });

  test('a commit of .go files only starts git and gofmt: no go env, no go.mod listing, no second rev-parse', () => {
    const dir = repo();
    ok(dir, 'gohooks install');
    // go reached through a link, with no gofmt on PATH: gofmt is found beside the real go binary.
    const bin = path.join(dir, '..', `linked-go-${n++}`);
    mkdirSync(bin);
    const realGo = sb.run('sh', ['-c', 'command -v go']).trim();
    symlinkSync(realGo, path.join(bin, 'go'));
    const PATH = [bin, ...sb.env.PATH!.split(path.delimiter).filter((d) => !existsSync(path.join(d, 'go')))].join(path.delimiter);
    writeFileSync(path.join(dir, 'a.go'), 'package main\n\nfunc  A() {}\n');
    ok(dir, 'git add a.go');
    const r = sh(dir, 'git commit -qm a', { GOHOOKS_DEBUG: '1', PATH });
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, /a\.go: not gofmt-formatted/);
    const started = [...r.out.matchAll(/^\[gohooks [^\]]*\] \$ (\S+) (.*?) {2}\(in /gm)].map((m) => `${path.basename(m[1])} ${m[2]}`);
    assert.ok(
      started.some((s) => s.startsWith('gofmt -l')),
      started.join('\n'),
    );
    assert.deepEqual(
      started.filter((s) => /^go |rev-parse|ls-files .*go\.mod/.test(s)),
      [],
      'go env, the go.mod listing and rev-parse are not needed here',
    );

    // A multiplexer (mise, snap) links go to itself: the gofmt beside it belongs to nobody's Go, go env says.
    const mux = path.join(dir, '..', `mux-${n++}`);
    mkdirSync(path.join(mux, 'bin'), { recursive: true });
    mkdirSync(path.join(mux, 'shims'));
    writeFileSync(path.join(mux, 'bin', 'mise'), `#!/bin/sh\nexec ${JSON.stringify(realGo)} "$@"\n`, { mode: 0o755 });
    writeFileSync(path.join(mux, 'bin', 'gofmt'), '#!/bin/sh\necho decoy gofmt >&2; exit 3\n', { mode: 0o755 });
    symlinkSync('../bin/mise', path.join(mux, 'shims', 'go'));
    const muxPath = [path.join(mux, 'shims'), ...PATH.split(path.delimiter).slice(1)].join(path.delimiter);
    const viaMux = sh(dir, 'git commit -qm a', { GOHOOKS_DEBUG: '1', PATH: muxPath });
    assert.equal(viaMux.status, 1, viaMux.out);
    assert.match(viaMux.out, /a\.go: not gofmt-formatted/);
    assert.doesNotMatch(viaMux.out, /decoy/);
  });

  test('pre-merge-commit catches a bad go.sum merge', () => {
    const dir = repo();
    ok(dir, 'gohooks install');
    ok(dir, 'git add -A && git commit -qm hooks --no-verify');
    ok(dir, 'git checkout -q -b other');
    const sumFile = path.join(dir, 'go.sum');
    const lines = readFileSync(sumFile, 'utf8').split('\n');
    // Both sides "fix" the same go.sum line differently, in ways git merges cleanly.
    writeFileSync(sumFile, [...lines.slice(0, 1), lines[0].replace(/h1:.{4}/, 'h1:AAAA'), ...lines.slice(1)].join('\n'));
    ok(dir, 'git commit -qam "other side" --no-verify');
    ok(dir, 'git checkout -q main');
    writeFileSync(path.join(dir, 'main.txt'), 'main side\n');
    ok(dir, 'git add main.txt && git commit -qm "main side" --no-verify');
    const merge = sh(dir, 'git merge -q --no-edit other');
    assert.notEqual(merge.status, 0, merge.out);
    assert.match(merge.out, /example.com\/alpha v1.0.0 has two different hashes/);
    assert.match(merge.out, /bypass once: git commit --no-verify/);
  });

  test('pre-commit verifies just the module versions a commit adds, against the cache and the staged go.sum', () => {
    const own = makeSandbox();
    try {
      own.addModules([libModule('example.com/alpha', 'v1.0.0'), libModule('example.com/beta', 'v1.2.0')]);
      const dir = makeGoModule(own, { rel: 'r', modulePath: 'example.org/app', deps: [{ path: 'example.com/alpha', version: 'v1.0.0' }] });
      gitInit(own, 'r');
      gitCommitAll(own, dir);
      own.run('gohooks', ['install', '--no-husky'], { cwd: dir });
      own.run('go', ['get', 'example.com/beta@v1.2.0'], { cwd: dir, env: own.buildEnv });
      own.run('git', ['add', 'go.mod', 'go.sum'], { cwd: dir });
      const commit = (env: NodeJS.ProcessEnv = {}) => own.exec('git', ['commit', '-qm', 'beta'], { cwd: dir, env: { ...own.env, ...env } });

      const good = commit({ GOHOOKS_DEBUG: '1' });
      assert.equal(good.status, 0, good.stderr);
      assert.match(good.stderr, /mod-verify: \.: verifying the 1 module version\(s\) the staged go.mod adds/);
      assert.doesNotMatch(good.stderr, /go mod verify/, 'no full go mod verify for a one-module bump');
      own.run('git', ['reset', '-q', '--soft', 'HEAD~1'], { cwd: dir });

      // The new dependency's extracted tree edited in the cache.
      const betaDir = path.join(own.modcache, 'example.com/beta@v1.2.0');
      makeWritable(betaDir);
      const betaGo = path.join(betaDir, 'beta.go');
      const original = readFileSync(betaGo);
      writeFileSync(betaGo, `${original}// injected\n`);
      const tampered = commit();
      assert.equal(tampered.status, 1);
      assert.match(tampered.stderr, /example.com\/beta v1.2.0: dir in the module cache has been modified/);
      writeFileSync(betaGo, original);

      // go.sum edited by hand: a new line that disagrees with the cache, and an old line rewritten.
      const sumFile = path.join(dir, 'go.sum');
      const sum = readFileSync(sumFile, 'utf8');
      const forged = sum
        .replace(/^(example.com\/beta v1.2.0 h1:)..../m, '$1AAAA')
        .replace(/^(example.com\/alpha v1.0.0 h1:)..../m, '$1BBBB');
      writeFileSync(sumFile, forged);
      own.run('git', ['add', 'go.sum'], { cwd: dir });
      const forgedCommit = commit();
      assert.equal(forgedCommit.status, 1);
      assert.match(forgedCommit.stderr, /go.sum records h1:AAAA\S* for example.com\/beta@v1.2.0, but the module cache holds h1:/);
      assert.match(forgedCommit.stderr, /this commit rewrites the recorded hash of example.com\/alpha@v1.0.0 \(was h1:/);
    } finally {
      own.cleanup();
    }
  });

  test('pre-push checks the pushed commit, not the work tree; CI=true turns the hooks off', () => {
    const dir = repo();
    ok(dir, 'gohooks install');
    ok(dir, 'git add -A && git commit -qm hooks --no-verify');
    const bare = path.join(sb.dir, `remote ${n++}.git`);
    sb.run('git', ['init', '-q', '--bare', bare]);
    ok(dir, `git remote add origin "${bare}" && git push -q origin main`);
    // An untidy commit (beta required, not imported) pushed while the work tree is different.
    sb.run('go', ['get', 'example.com/beta@v1.2.0'], { cwd: dir, env: sb.buildEnv });
    ok(dir, 'git add go.mod go.sum && git commit -qm "unused beta"');
    writeFileSync(path.join(dir, 'NOTES.md'), 'dirty\n');
    ok(dir, 'git checkout -q -b topic HEAD~1 2>&1 && git checkout -q main');
    ok(dir, 'git checkout -q topic');
    const r = sh(dir, 'git push -q origin main');
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, /go-mod-tidy .*not tidy/);
    assert.match(r.out, /bypass once: git push --no-verify/);
    assert.equal(sh(dir, 'git push -q origin main', { CI: 'true' }).status, 0, 'hooks do nothing in CI');
    // A new branch: only commits the remote does not have are considered.
    ok(dir, 'git checkout -q main && git reset -q --hard HEAD~1 && git checkout -q -b fresh');
    writeFileSync(path.join(dir, 'doc.txt'), 'doc\n');
    ok(dir, 'git add doc.txt && git commit -qm doc');
    const fresh = sh(dir, 'git push -q origin fresh');
    assert.equal(fresh.status, 0, fresh.out);
  });
});
