// Unit tests under the hostile-input e2e suites: escaping control characters
// for display, go-mod-syntax's findings for refused module files (check
// tester), the work-tree reader's refusals (real files in a temporary
// directory), and the process runner's time limit on a whole process group.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import goModSyntax from '../src/checks/go-mod-syntax.js';
import { createDebug } from '../src/debug.js';
import { RENDERERS } from '../src/report/index.js';
import { escapeControls, type ReportInput } from '../src/report/model.js';
import { loadWorkTreeFile, WorkTreeSource } from '../src/source.js';
import { ProcessRunner } from '../src/tools/exec.js';
import { runCheck } from '../dev/testkit/check-tester.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'gohooks-test-units-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('escapeControls', () => {
  const table: [string, string][] = [
    ['\u001b[31mred\u001b[0m', '\\x1b[31mred\\x1b[0m'],
    ['a\rb', 'a\\x0db'],
    ['nul\u0000', 'nul\\x00'],
    ['bell\u0007', 'bell\\x07'],
    ['del\u007f', 'del\\x7f'],
    ['csi\u009b2J', 'csi\\x9b2J'],
    ['abc\u202edef', 'abc\\u202edef'],
    ['iso\u2066late\u2069', 'iso\\u2066late\\u2069'],
    ['zero\u200bwidth', 'zero\\u200bwidth'],
    ['\ufeffmodule m', '\\ufeffmodule m'],
    ['line\u2028sep', 'line\\u2028sep'],
    ['tab\tand\nnewline stay', 'tab\tand\nnewline stay'],
    ['café 日本 example.com/m v1.0.0', 'café 日本 example.com/m v1.0.0'],
  ];
  for (const [raw, shown] of table) test(JSON.stringify(raw), () => assert.equal(escapeControls(raw), shown));
});

describe('renderers show control characters escaped', () => {
  const input: ReportInput = {
    result: {
      findings: [
        {
          check: 'go-mod-syntax',
          severity: 'warning',
          message: 'unknown directive: \u001b]0;title\u0007x\nsecond \u001b[2J line',
          why: 'why \u202e',
          file: 'sub\u001b[31m/go.mod',
          line: 3,
          fix: { summary: 'edit sub\u001b[31m/go.mod', commands: { posix: "go -C 'sub\u001b[31m' mod edit -fmt" } },
        },
      ],
      checks: [{ id: 'go-mod-syntax', status: 'pass', ms: 1 }],
    },
    modules: [{ rel: 'sub\u001b[31m', path: 'example.org/\u001b[1mm' }],
    mode: 'verify',
    shell: 'posix',
    color: false,
    ms: 5,
    root: '/repo',
    titles: {},
  };
  for (const format of ['human', 'github'] as const) {
    test(format, () => {
      const out = RENDERERS[format](input);
      assert.doesNotMatch(out, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
      assert.ok(out.includes('unknown directive: \\x1b]0;title\\x07x'), out);
      assert.ok(out.includes('sub\\x1b[31m/go.mod'), out);
    });
  }
  test('human, with colours: the only ESC bytes are the renderer’s own colour codes', () => {
    const out = RENDERERS.human({ ...input, color: true });
    const stripped = out.replace(/\u001b\[\d+m/g, '');
    assert.doesNotMatch(stripped, /\u001b/);
  });
});

describe('go-mod-syntax reports module files the source refused', () => {
  test('a go.mod link out of the repository: an error with file, why and fix; the module is not checked', async () => {
    const r = await runCheck(goModSyntax, {
      files: { 'api/go.mod': 'module example.org/api\n\ngo 1.22\n' },
      refused: { 'go.mod': 'outside' },
    });
    assert.equal(r.status, 'fail');
    assert.deepEqual(
      r.findings.map((f) => [f.severity, f.file, f.message]),
      [['error', 'go.mod', 'gohooks did not read this file: it is a symbolic link to a file outside the repository']],
    );
    assert.match(r.findings[0].why ?? '', /may be private \(a token, ~\/\.netrc\)/);
    assert.match(r.findings[0].fix?.summary ?? '', /make it a regular file inside the repository/);
  });

  test('go.sum staged as a link: its module is left out, the finding names go.sum', async () => {
    const r = await runCheck(goModSyntax, {
      sourceKind: 'index',
      files: { 'go.mod': 'module example.org/app\n\ngo 1.22\n' },
      refused: { 'go.sum': 'git-symlink' },
    });
    assert.deepEqual(
      r.findings.map((f) => [f.file, f.message]),
      [['go.sum', 'gohooks did not read this file: it is recorded in git as a symbolic link (mode 120000)']],
    );
    assert.match(r.findings[0].fix?.summary ?? '', /git rm --cached go\.sum/);
  });
});

describe('the work-tree reader', () => {
  const root = path.join(scratch, 'repo');
  mkdirSync(path.join(root, 'sub'), { recursive: true });
  writeFileSync(path.join(scratch, 'secret'), 'token\n');
  writeFileSync(path.join(root, 'go.mod'), 'module m\n');
  symlinkSync(path.join(scratch, 'secret'), path.join(root, 'out.mod'));
  symlinkSync('go.mod', path.join(root, 'in.mod'));
  symlinkSync(scratch, path.join(root, 'parent-link'));
  symlinkSync('loop.mod', path.join(root, 'loop.mod'));
  symlinkSync('missing', path.join(root, 'dangling.mod'));
  const fifo = spawnSync('mkfifo', [path.join(root, 'fifo.mod')]).status === 0;

  const load = (rel: string) => loadWorkTreeFile(root, rel, Promise.resolve(root));
  test('reads regular files and links that stay inside', async () => {
    assert.deepEqual(await load('go.mod'), { text: 'module m\n' });
    assert.deepEqual(await load('in.mod'), { text: 'module m\n' });
    assert.deepEqual(await load('nope.mod'), { absent: true });
  });
  test('refuses links out of the repository, also through a linked directory', async () => {
    assert.deepEqual(await load('out.mod'), { refused: 'outside' });
    assert.deepEqual(await load('parent-link/secret'), { refused: 'outside' });
  });
  test('refuses loops, dangling links, directories and FIFOs (without blocking)', async (t) => {
    assert.deepEqual(await load('loop.mod'), { refused: 'link-loop' });
    assert.deepEqual(await load('dangling.mod'), { refused: 'link-missing' });
    assert.deepEqual(await load('sub'), { refused: 'directory' });
    if (!fifo) return t.skip('mkfifo is not available');
    assert.deepEqual(await load('fifo.mod'), { refused: 'special' });
  });
  test('a source remembers what it refused, in order', async () => {
    const source = new WorkTreeSource(root);
    assert.equal(await source.read('out.mod'), undefined);
    assert.equal(await source.read('go.mod'), 'module m\n');
    assert.equal(await source.read('sub'), undefined);
    assert.deepEqual(await source.refusal('out.mod'), { file: 'out.mod', kind: 'outside' });
    assert.deepEqual(source.refused(), [
      { file: 'out.mod', kind: 'outside' },
      { file: 'sub', kind: 'directory' },
    ]);
  });
});

describe('the process runner', () => {
  test('a child whose own child never exits: timed out at the limit, the whole group stopped', async (t) => {
    const runner = new ProcessRunner(createDebug({}));
    const pidFile = path.join(scratch, 'pids');
    const started = performance.now();
    const r = await runner.run('sh', ['-c', `sh -c 'sleep 1000 & echo $! > "${pidFile}"; wait'`], {
      cwd: scratch,
      env: { PATH: process.env.PATH },
      timeoutMs: 300,
    });
    t.diagnostic(`returned after ${Math.round(performance.now() - started)} ms`);
    assert.equal(r.timedOut, true);
    assert.equal(r.exitCode, -1);
    const pid = Number(spawnSync('cat', [pidFile], { encoding: 'utf8' }).stdout.trim());
    assert.ok(pid > 0);
    await new Promise((res) => setTimeout(res, 200));
    const stat = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim();
    assert.ok(stat === '' || stat.startsWith('Z'), `the grandchild is still running (${stat})`);
  });

  test('limitTimeouts caps a longer limit asked for by a caller', async () => {
    const runner = new ProcessRunner(createDebug({}));
    runner.limitTimeouts(200);
    const r = await runner.run('sleep', ['30'], { cwd: scratch, env: { PATH: process.env.PATH }, timeoutMs: 60_000 });
    assert.equal(r.timedOut, true);
    assert.ok(r.ms < 10_000, `${r.ms} ms`);
  });

  test('output, exit codes, input and a missing program, as before', async () => {
    const runner = new ProcessRunner(createDebug({}));
    const env = { PATH: process.env.PATH };
    const ok = await runner.run('sh', ['-c', 'cat; echo err >&2; exit 3'], { cwd: scratch, env, timeoutMs: 10_000, input: 'in\n' });
    assert.deepEqual([ok.exitCode, ok.stdout, ok.stderr, ok.timedOut, ok.notFound], [3, 'in\n', 'err\n', false, false]);
    const bytes = await runner.runBuffer('printf', ['\\000\\377'], { cwd: scratch, env, timeoutMs: 10_000 });
    assert.deepEqual([...bytes.stdout], [0, 255]);
    const missing = await runner.run('no-such-program-gohooks', [], { cwd: scratch, env, timeoutMs: 10_000 });
    assert.deepEqual([missing.notFound, missing.exitCode], [true, -1]);
  });
});
