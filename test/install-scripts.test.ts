import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { snippets } from '../src/commands/install.js';
import { changeSet, isGoRelevant, moduleOfPath, parsePrePushInput } from '../src/hooks/staged.js';
import { hasBlock, huskyBlock, insertBlock, removeBlock, runnerScript, shim, shQuote } from '../src/install/scripts.js';
import { parseCatFileBatch } from '../src/tools/git.js';
import { extractTar } from '../src/tools/tar.js';

test('the husky block goes before a top-level exit, else at the end, and comes out cleanly', () => {
  const block = huskyBlock({ hook: 'pre-commit' });
  for (const original of ['', 'npx lint-staged\n', 'npx lint-staged', 'echo hi\nexit 0\n', 'if x; then\n  exit 1\nfi\n']) {
    const withBlock = insertBlock(original, block);
    assert.ok(hasBlock(withBlock));
    const expected = original === 'npx lint-staged' ? 'npx lint-staged\n' : original;
    assert.equal(removeBlock(withBlock), expected, JSON.stringify(original));
  }
  assert.match(insertBlock('echo hi\nexit 0\n', block), /^echo hi\n# >>> gohooks >>>[^]*# <<< gohooks <<<\nexit 0\n$/);
  assert.match(insertBlock('if x; then\n  exit 1\nfi\n', block), /fi\n# >>> gohooks >>>/, 'an indented exit is not top level');
});

test('runner calls: --bin and --chain are quoted for sh', () => {
  assert.match(
    huskyBlock({ hook: 'pre-push', bin: 'web app/node_modules/.bin/gohooks' }),
    /--bin 'web app\/node_modules\/.bin\/gohooks' pre-push "\$@"/,
  );
  assert.match(
    shim({ hook: 'pre-commit' }),
    /^#!\/bin\/sh\n[^]*exec sh "\$\{0%\/\*\}\/gohooks.sh" --chain "\$\{0%\/\*\}\/pre-commit.pre-gohooks" pre-commit "\$@"/,
  );
  assert.match(huskyBlock({ hook: 'pre-commit', chainGitHooks: true }), /gohooks.sh" --chain-git-hooks pre-commit "\$@"/);
  assert.equal(shQuote("it's"), `'it'\\''s'`);
  assert.equal(shQuote('plain/path-1.0'), 'plain/path-1.0');
});

test('the runner script is valid POSIX sh', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gohooks-sh-'));
  try {
    const r = spawnSync('sh', ['-n', '-c', runnerScript()], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const dash = spawnSync('sh', ['-n', path.join(import.meta.dirname, '../hooks/gohooks.sh')], { encoding: 'utf8' });
    assert.equal(dash.status, 0, dash.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('snippets for lefthook and the pre-commit framework', () => {
  const s = snippets(['pre-commit', 'pre-push']);
  assert.match(
    s.lefthook,
    /pre-push:\n {2}commands:\n {4}gohooks:\n {6}use_stdin: true\n {6}run: npx --no-install gohooks run pre-push \{1\} \{2\}/,
  );
  assert.match(s.preCommit, /stages: \[pre-commit\]/);
  assert.match(s.preCommit, /id: gohooks-pre-push/);
  const manifest = readFileSync(path.join(import.meta.dirname, '../.pre-commit-hooks.yaml'), 'utf8');
  assert.match(manifest, /- id: gohooks\n/);
  assert.match(manifest, /entry: gohooks run pre-commit/);
});

test('which staged paths matter, and which modules they touch', () => {
  for (const p of ['go.mod', 'a/go.sum', 'go.work', 'x/go.work.sum', 'main.go', 'a/b c.go']) assert.ok(isGoRelevant(p), p);
  for (const p of ['README.md', 'go.mod.bak', 'notgo.mod', 'a.gox']) assert.ok(!isGoRelevant(p), p);
  const mods = ['go.mod', 'svc/go.mod', 'svc/inner/go.mod', 'tools/go.mod'];
  assert.equal(moduleOfPath('svc/inner/x.go', ['.', 'svc', 'svc/inner']), 'svc/inner');
  assert.equal(moduleOfPath('svcx/y.go', ['.', 'svc']), '.');
  assert.deepEqual(changeSet(['svc/go.sum', 'a.go', 'svc/inner/z.go'], mods, true), {
    modules: ['svc'],
    goFiles: ['a.go', 'svc/inner/z.go'],
  });
  assert.deepEqual(changeSet(['svc/inner/z.go', 'tools/go.mod'], mods, false).modules, ['svc/inner', 'tools']);
  assert.deepEqual(changeSet(['svc/go.work'], mods, true).modules, ['svc', 'svc/inner']);
  assert.deepEqual(changeSet(['go.work'], mods, true).modules, ['.', 'svc', 'svc/inner', 'tools']);
});

test('pre-push input', () => {
  const sha = 'a'.repeat(40);
  assert.deepEqual(parsePrePushInput(`refs/heads/main ${sha} refs/heads/main ${'0'.repeat(40)}\n\n`), [
    { localRef: 'refs/heads/main', localSha: sha, remoteRef: 'refs/heads/main', remoteSha: '0'.repeat(40) },
  ]);
  assert.deepEqual(parsePrePushInput(''), []);
});

test('git archive and cat-file --batch output are read byte-exactly', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gohooks-tar-'));
  try {
    const git = (...args: string[]) =>
      spawnSync('git', args, {
        cwd: dir,
        encoding: 'buffer',
        env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
      });
    git('init', '-q');
    const long = `${'d'.repeat(120)}/${'n'.repeat(110)}.go`; // longer than ustar's 100 bytes: a pax header
    const files: Record<string, string> = { 'go.mod': 'module x\n', 'sub dir/a.go': 'package a\r\n', [long]: 'package n\n' };
    for (const [f, c] of Object.entries(files)) {
      spawnSync('mkdir', ['-p', path.dirname(path.join(dir, f))]);
      spawnSync('sh', ['-c', 'cat > "$1"', 'sh', path.join(dir, f)], { input: c });
    }
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'x');
    const tar = git('archive', '--format=tar', 'HEAD').stdout;
    const out = path.join(dir, 'out');
    assert.equal(extractTar(tar, out), 3);
    for (const [f, c] of Object.entries(files)) assert.equal(readFileSync(path.join(out, f), 'utf8'), c);

    const sha = git('rev-parse', 'HEAD:sub dir/a.go').stdout.toString().trim();
    const batch = spawnSync('git', ['cat-file', '--batch'], {
      cwd: dir,
      input: `${sha}\nffffffffffffffffffffffffffffffffffffffff\n`,
    }).stdout;
    const blobs = parseCatFileBatch(batch);
    assert.equal(blobs.get(sha)?.toString('utf8'), 'package a\r\n');
    assert.equal(blobs.size, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
