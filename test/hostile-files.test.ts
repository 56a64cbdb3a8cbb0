// Module files that are not what they seem, end to end with real git and go:
// go.mod / go.sum / go.work / go.work.sum as symbolic links to a private file
// outside the repository (in the work tree, staged with git mode 120000,
// committed and pushed), as a submodule entry, a directory, a link loop, a
// dangling link, a FIFO, an unreadable file. None is read: an error finding
// names the file and says why and what to do, the module is not checked, and
// the private file's text appears in no output (human, json, github, hooks).
// Control characters from files reach no output raw.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gitCommitAll, gitInit } from '../dev/testkit/project.js';
import { makeSandbox, type Sandbox } from '../dev/testkit/sandbox.js';
import { CLI } from './helpers.js';

const LOGIN = 'ghp_FAKEsecretLOGIN0123456789abcdefABCDEF';
const PASSWORD = 'hunter2-FAKE-password-9f8e7d';
const SECRET_TEXT = `machine git.example.com login ${LOGIN} password ${PASSWORD}\n`;
const GO_MOD = 'module example.org/app\n\ngo 1.22\n';

let sb: Sandbox;
/** A ~/.netrc-like file outside every repository. */
let netrc: string;
let n = 0;

before(() => {
  sb = makeSandbox();
  netrc = path.join(sb.home, '.netrc');
  writeFileSync(netrc, SECRET_TEXT, { mode: 0o600 });
});
after(() => sb.cleanup());

function repo(): string {
  const dir = gitInit(sb, `repo${n++}`);
  writeFileSync(path.join(dir, 'go.mod'), GO_MOD);
  writeFileSync(path.join(dir, 'main.go'), 'package main\n\nfunc main() {}\n');
  gitCommitAll(sb, dir, 'initial');
  return dir;
}

interface Run {
  status: number | null;
  stdout: string;
  /** stdout and stderr. */
  out: string;
}

function gohooks(args: string[], cwd: string, opts: { env?: NodeJS.ProcessEnv; input?: string; wrap?: string[] } = {}): Run {
  const [cmd, ...pre] = opts.wrap ?? [process.execPath];
  const argv = opts.wrap ? [...pre, process.execPath, CLI, ...args] : [CLI, ...args];
  const r = spawnSync(cmd, argv, { cwd, env: { ...sb.env, ...opts.env }, input: opts.input, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, out: `${r.stdout}${r.stderr}` };
}

/** verify in every format: each exits 1, none holds the secret; returns the outputs by format. */
function verifyAllFormats(dir: string): Record<string, string> {
  const outs: Record<string, string> = {};
  for (const format of ['human', 'json', 'github']) {
    const r = gohooks(['verify', '--format', format], dir);
    assert.equal(r.status, 1, `${format}: ${r.out}`);
    assertNoSecret(r.out, `verify --format ${format}`);
    outs[format] = format === 'json' ? r.stdout : r.out;
  }
  return outs;
}

function assertNoSecret(out: string, what: string): void {
  for (const s of [LOGIN, PASSWORD, 'git.example.com', 'machine ']) assert.ok(!out.includes(s), `${what} shows "${s}":\n${out}`);
}

function stage(dir: string, ...files: string[]): void {
  sb.run('git', ['add', '--', ...files], { cwd: dir });
}

describe('module files that are symbolic links to a file outside the repository', () => {
  for (const file of ['go.mod', 'go.sum', 'go.work', 'go.work.sum']) {
    test(`${file} in the work tree: not read, an error that says why, the secret in no format`, () => {
      const dir = repo();
      if (file === 'go.work.sum') writeFileSync(path.join(dir, 'go.work'), 'go 1.22\n\nuse .\n');
      rmSync(path.join(dir, file), { force: true });
      symlinkSync(netrc, path.join(dir, file));
      const outs = verifyAllFormats(dir);
      assert.match(
        outs.human,
        new RegExp(
          `✖ go-mod-syntax {2}${file.replace('.', '\\.')}: gohooks did not read this file: it is a symbolic link to a file outside the repository`,
        ),
      );
      assert.match(outs.human, /fix: {2}make it a regular file inside the repository/);
      const doc = JSON.parse(outs.json) as { findings: { check: string; file?: string; severity: string; message: string }[] };
      const f = doc.findings.find((x) => x.file === file);
      assert.equal(f?.check, 'go-mod-syntax');
      assert.equal(f?.severity, 'error');
      assert.match(
        outs.github,
        new RegExp(`::error file=${file.replace('.', '\\.')},title=gohooks go-mod-syntax::gohooks did not read this file`),
      );
      assert.doesNotMatch(outs.human, /no module declaration/);
    });
  }

  test('go.mod staged as a symbolic link (mode 120000): the link target is never parsed as go.mod; pre-commit blocks with why', () => {
    const dir = repo();
    rmSync(path.join(dir, 'go.mod'));
    symlinkSync(netrc, path.join(dir, 'go.mod'));
    stage(dir, 'go.mod');
    assert.match(sb.run('git', ['ls-files', '-s', 'go.mod'], { cwd: dir }), /^120000 /);
    const r = gohooks(['run', 'pre-commit'], dir);
    assert.equal(r.status, 1, r.out);
    assertNoSecret(r.out, 'pre-commit');
    assert.ok(!r.out.includes(netrc), 'the link target is not shown either');
    assert.match(r.out, /go\.mod: gohooks did not read this file: it is recorded in git as a symbolic link \(mode 120000\)/);
    assert.match(r.out, /fix: {2}record a regular file instead: git rm --cached go\.mod/);
    assert.match(r.out, /bypass once: git commit --no-verify/);
    // The same link, with a regular go.mod back in the work tree: the index still decides.
    rmSync(path.join(dir, 'go.mod'));
    writeFileSync(path.join(dir, 'go.mod'), GO_MOD);
    const again = gohooks(['run', 'pre-commit'], dir);
    assert.equal(again.status, 1, again.out);
    assert.match(again.out, /recorded in git as a symbolic link/);
  });

  test('go.mod and go.sum as unstaged links in the work tree: pre-commit checks the index and never reads them', () => {
    const dir = repo();
    writeFileSync(path.join(dir, 'go.mod'), `${GO_MOD}\n// staged\n`);
    stage(dir, 'go.mod');
    rmSync(path.join(dir, 'go.mod'));
    symlinkSync(netrc, path.join(dir, 'go.mod'));
    symlinkSync(netrc, path.join(dir, 'go.sum'));
    const r = gohooks(['run', 'pre-commit'], dir);
    assertNoSecret(r.out, 'pre-commit with unstaged links');
    assert.equal(r.status, 0, r.out);
  });

  test('pre-push of a commit whose go.mod is a link: an error, the secret in no output', () => {
    const dir = repo();
    rmSync(path.join(dir, 'go.mod'));
    symlinkSync(netrc, path.join(dir, 'go.mod'));
    gitCommitAll(sb, dir, 'link go.mod');
    const sha = sb.run('git', ['rev-parse', 'HEAD'], { cwd: dir }).trim();
    // Back to a regular file in the work tree (uncommitted): the pushed commit is what counts.
    rmSync(path.join(dir, 'go.mod'));
    writeFileSync(path.join(dir, 'go.mod'), GO_MOD);
    const r = gohooks(['run', 'pre-push', 'origin', 'file:///nowhere'], dir, {
      input: `refs/heads/main ${sha} refs/heads/main ${'0'.repeat(40)}\n`,
    });
    assert.equal(r.status, 1, r.out);
    assertNoSecret(r.out, 'pre-push');
    assert.match(r.out, /go\.mod: gohooks did not read this file: it is recorded in git as a symbolic link \(mode 120000\)/);
    assert.match(r.out, /bypass once: git push --no-verify/);
  });

  test('go.mod recorded as a submodule (mode 160000): not read, said so', () => {
    const dir = repo();
    const head = sb.run('git', ['rev-parse', 'HEAD'], { cwd: dir }).trim();
    sb.run('git', ['rm', '-q', '--cached', 'go.mod'], { cwd: dir });
    sb.run('git', ['update-index', '--add', '--cacheinfo', `160000,${head},go.mod`], { cwd: dir });
    const r = gohooks(['run', 'pre-commit'], dir);
    assert.equal(r.status, 1, r.out);
    assert.match(r.out, /go\.mod: gohooks did not read this file: it is recorded as a submodule \(git mode 160000\)/);
  });

  test('a link inside the repository is followed as before', () => {
    const dir = repo();
    mkdirSync(path.join(dir, 'shared'));
    writeFileSync(path.join(dir, 'shared', 'go.mod'), GO_MOD);
    rmSync(path.join(dir, 'go.mod'));
    symlinkSync(path.join('shared', 'go.mod'), path.join(dir, 'go.mod'));
    const r = gohooks(['verify', '--check', 'go-mod-syntax'], dir);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /✓ 2 modules: no problems/);
  });
});

describe('go.mod that cannot be read as a file', () => {
  const cases: { what: string; make: (file: string) => void; expect: RegExp; fix: RegExp; wrap?: () => string[] | undefined }[] = [
    {
      what: 'a directory',
      make: (f) => mkdirSync(f),
      expect: /it is a directory, not a file/,
      fix: /move the directory away and restore the file/,
    },
    {
      what: 'a symbolic link loop',
      make: (f) => symlinkSync('go.mod', f),
      expect: /it is a symbolic link that loops/,
      fix: /replace the link with the regular file/,
    },
    {
      what: 'a dangling symbolic link',
      make: (f) => symlinkSync('nowhere.mod', f),
      expect: /it is a symbolic link to a file that does not exist/,
      fix: /replace the link/,
    },
    {
      what: 'a FIFO (reading it would block forever)',
      make: (f) => assert.equal(spawnSync('mkfifo', [f]).status, 0),
      expect: /it is not a regular file \(a FIFO, socket or device\)/,
      fix: /replace it with the regular file/,
    },
    {
      what: 'unreadable',
      make: (f) => {
        writeFileSync(f, GO_MOD);
        chmodSync(f, 0o000);
      },
      expect: /it cannot be read \(permission denied\)/,
      fix: /chmod u\+r go\.mod/,
      // Root reads anything: drop the capabilities that bypass permissions.
      wrap: () => (process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search'] : undefined),
    },
  ];
  for (const c of cases) {
    test(`${c.what}: an error with the file and a fix, never "no module declaration"`, (t) => {
      const wrap = c.wrap?.();
      if (wrap && spawnSync(wrap[0], ['--version']).status !== 0)
        return t.skip(`${wrap[0]} is not available to drop root's permission bypass`);
      const dir = repo();
      rmSync(path.join(dir, 'go.mod'));
      c.make(path.join(dir, 'go.mod'));
      const r = gohooks(['verify'], dir, { wrap });
      assert.equal(r.status, 1, r.out);
      assert.match(r.out, /✖ go-mod-syntax {2}go\.mod: gohooks did not read this file: /);
      assert.match(r.out, c.expect);
      assert.match(r.out, c.fix);
      assert.doesNotMatch(r.out, /no module declaration/);
    });
  }

  test('outside git, a go.mod that is a link out of the tree is found and refused too', () => {
    const dir = path.join(sb.dir, `plain${n++}`);
    mkdirSync(dir);
    symlinkSync(netrc, path.join(dir, 'go.mod'));
    const r = gohooks(['verify'], dir);
    assert.equal(r.status, 1, r.out);
    assertNoSecret(r.out, 'verify outside git');
    assert.match(r.out, /go\.mod: gohooks did not read this file: it is a symbolic link to a file outside the repository/);
  });
});

describe('control characters from files are shown escaped', () => {
  // C0 and C1 controls, DEL, bidi overrides and isolates, zero-width, separators, BOM — never tab or newline.
  const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

  test('an ESC sequence and U+202E in the module path, a require line and a directory name: no raw byte in human or github output', () => {
    const dir = repo();
    const sub = `sub\u001b[31m\u202e`;
    mkdirSync(path.join(dir, sub));
    writeFileSync(path.join(dir, sub, 'go.mod'), 'module example.org/sub\n\ngo 1.22\n\nunknowndirective x\n');
    writeFileSync(
      path.join(dir, 'go.mod'),
      'module example.org/app\u001b]0;pwned\u0007\n\ngo 1.22\n\nrequire example.com/dep\u001b[2J v1.0.0\n\u001b[31mfoo bar\n',
    );
    for (const format of ['human', 'github']) {
      const r = gohooks(['verify', '--format', format], dir);
      assert.equal(r.status, 1, r.out); // go rejects these go.mod files: never a pass
      const bad = RAW.exec(r.out);
      assert.equal(
        bad,
        null,
        `${format} output holds U+${bad?.[0].charCodeAt(0).toString(16).padStart(4, '0')}:\n${JSON.stringify(r.out)}`,
      );
      // The directory name is shown, escaped.
      assert.ok(r.out.includes('sub\\x1b[31m\\u202e/go.mod'), `${format}: ${r.out}`);
    }
    const json = gohooks(['verify', '--format', 'json'], dir);
    assert.doesNotThrow(() => JSON.parse(json.stdout));
    // JSON.stringify escapes C0 controls (ESC included); it leaves C1 and bidi characters as they are (valid JSON).
    assert.equal(/[\u0000-\u001f]/.exec(json.stdout.replace(/\n/g, '')), null, 'JSON escapes C0 control characters itself');
  });
});
