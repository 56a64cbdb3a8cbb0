// The machine refusing — a missing, read-only or full TMPDIR, too many open
// files — is one line on stderr naming what gohooks tried, the path, the
// system's code and what to do; exit 2; never a stack trace. Built CLI, real
// git and go. Root ignores file permissions, so there the read-only case runs
// under setpriv without CAP_DAC_OVERRIDE; the full disk needs a tmpfs mounted
// in a private mount namespace (unshare): skipped, with the reason, without it.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gitCommitAll, gitInit } from '../dev/testkit/project.js';
import { makeSandbox, type Sandbox } from '../dev/testkit/sandbox.js';
import { describeError, OsError } from '../src/errors.js';

let sb: Sandbox;
let repoDir: string;

before(() => {
  sb = makeSandbox();
  repoDir = gitInit(sb, 'repo');
  writeFileSync(path.join(repoDir, 'go.mod'), 'module example.org/app\n\ngo 1.22\n');
  writeFileSync(path.join(repoDir, 'main.go'), 'package main\n\nfunc main() {}\n');
  gitCommitAll(sb, repoDir, 'initial');
  // A staged change, so that pre-commit has something to check.
  writeFileSync(path.join(repoDir, 'go.mod'), 'module example.org/app\n\ngo 1.22\n\n// staged\n');
  sb.run('git', ['add', 'go.mod'], { cwd: repoDir });
});
after(() => sb.cleanup());

const isRoot = process.getuid?.() === 0;
const hasSetpriv = spawnSync('setpriv', ['--version']).status === 0;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** gohooks under `sh -c` (for ulimit, setpriv, unshare): the sandbox's PATH has a `gohooks` that runs this checkout's dist/cli.js. */
function shell(script: string, env: NodeJS.ProcessEnv): Run {
  const r = spawnSync('sh', ['-c', script], {
    cwd: repoDir,
    env: { ...sb.env, ...env },
    encoding: 'utf8',
    timeout: 90_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** One line on stderr, exit 2, no stack frame; returns the line. */
function assertOneLine(r: Run, what: string): string {
  assert.equal(r.status, 2, `${what}: ${r.stdout}${r.stderr}`);
  assert.doesNotMatch(r.stderr, /^\s+at /m, `${what}: a stack trace\n${r.stderr}`);
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `${what}: ${r.stderr}`);
  return lines[0];
}

const COMMANDS: [string, string][] = [
  ['verify', 'gohooks verify'],
  ['doctor', 'gohooks doctor'],
  ['pre-commit', 'gohooks run pre-commit'],
];

describe('OS errors are one clear line, exit 2', () => {
  test('TMPDIR that does not exist: names it and says to set TMPDIR (verify, doctor, pre-commit)', () => {
    for (const [what, cmd] of COMMANDS) {
      const line = assertOneLine(shell(cmd, { TMPDIR: path.join(sb.dir, 'no-such-dir') }), what);
      assert.match(
        line,
        /^gohooks: cannot create a temporary directory in \S+no-such-dir: no such file or directory \(ENOENT\); set TMPDIR to an existing, writable directory/,
        what,
      );
    }
  });

  test('a read-only TMPDIR: permission denied, with the path', (t) => {
    if (isRoot && !hasSetpriv) return t.skip('running as root without setpriv: permissions do not apply to root');
    const ro = path.join(sb.dir, 'read-only-tmp');
    mkdirSync(ro, { recursive: true });
    chmodSync(ro, 0o555);
    // As root, drop the capabilities that bypass permissions (setpriv keeps everything else).
    const wrap = isRoot ? 'setpriv --bounding-set=-dac_override,-dac_read_search ' : '';
    for (const [what, cmd] of COMMANDS) {
      const line = assertOneLine(shell(`${wrap}${cmd}`, { TMPDIR: ro }), what);
      assert.match(
        line,
        /^gohooks: cannot create a temporary directory in \S+read-only-tmp: permission denied \(EACCES\); set TMPDIR/,
        what,
      );
    }
  });

  test('a full TMPDIR (ENOSPC): free some space or set TMPDIR', (t) => {
    // A 64 KB tmpfs with its 2 inodes used up, in a mount namespace of its own: nothing to clean up, nothing visible outside.
    const probe = spawnSync('unshare', ['--mount', '--map-root-user', 'true']);
    if (probe.status !== 0)
      return t.skip(`cannot mount a tmpfs here (unshare: ${probe.stderr?.toString().trim() || probe.error?.message})`);
    const full = path.join(sb.dir, 'full-tmp');
    mkdirSync(full, { recursive: true });
    const script = (cmd: string) =>
      `unshare --mount --map-root-user sh -c 'mount -t tmpfs -o size=64k,nr_inodes=2 tmpfs "$TMPDIR" && touch "$TMPDIR/filler" && exec ${cmd}'`;
    for (const [what, cmd] of COMMANDS) {
      const r = shell(script(cmd), { TMPDIR: full });
      if (/mount: .*(permission denied|not permitted)/i.test(r.stderr)) return t.skip(`cannot mount a tmpfs here: ${r.stderr.trim()}`);
      const line = assertOneLine(r, what);
      assert.match(
        line,
        /^gohooks: cannot create a temporary directory in \S+full-tmp: no space left on the device \(ENOSPC\); free some disk space, or set TMPDIR/,
        what,
      );
    }
  });

  test('too many open files (EMFILE): one line saying to raise the limit', (t) => {
    // Low enough that opening a file or starting a process fails, high enough for node itself to start: where exactly
    // depends on node's version and the bundle, so every limit in a range is tried; each must fail cleanly or pass.
    const seen: string[] = [];
    for (let limit = 20; limit <= 36; limit++) {
      const r = shell(`ulimit -n ${limit} && exec gohooks verify`, {});
      if (!/EMFILE/.test(r.stderr)) continue;
      // node's own module loader failing before gohooks runs is node's stack, not ours: only judge gohooks's lines.
      if (/node:internal\/modules|loadSource/.test(r.stderr)) continue;
      const line = assertOneLine(r, `ulimit -n ${limit}`);
      assert.match(line, /^gohooks: cannot \S+ .*too many open files \(EMFILE\); raise the limit \(`ulimit -n`\)/);
      seen.push(line);
    }
    t.diagnostic(`${seen.length} limits made gohooks hit EMFILE, e.g. ${seen[0]}`);
    assert.ok(seen.length > 0, 'no open-file limit made gohooks itself hit EMFILE');
  });
});

describe('describeError', () => {
  test('an OsError is its one line; a bare system error from node becomes one too; other errors stay internal', () => {
    const os = new OsError('create a temporary directory in', 'ENOSPC', '/tmp', { hint: 'free some disk space' });
    assert.deepEqual(describeError(os, {}), {
      message: 'cannot create a temporary directory in /tmp: no space left on the device (ENOSPC); free some disk space',
      usage: false,
    });
    const bare = Object.assign(new Error("EROFS: read-only file system, open '/r/report.html'"), {
      code: 'EROFS',
      syscall: 'open',
      path: '/r/report.html',
    });
    assert.equal(
      describeError(bare, {}).message,
      'cannot open /r/report.html: the file system is read-only (EROFS); use a writable location',
    );
    assert.match(describeError(new Error('boom'), {}).message, /^internal error: boom \(GOHOOKS_DEBUG=1/);
    assert.match(describeError(bare, { GOHOOKS_DEBUG: '1' }).message, /\n.*at /, 'the stack only under GOHOOKS_DEBUG');
  });
});
