import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { snippets } from '../src/commands/install.js';
import { binOf, preCommitHooks, yamlSection } from '../src/install/inspect.js';
import { preCommitInstallCommand } from '../src/install/snippets.js';
import { HOOK_NAMES } from '../src/types.js';
import { changeSet, isGoRelevant, moduleOfPath, parsePrePushInput } from '../src/hooks/staged.js';
import { hasBlock, huskyBlock, insertBlock, isShim, removeBlock, runnerScript, shim, shQuote } from '../src/install/scripts.js';
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

test('snippets for lefthook and the pre-commit framework: legacy stage names, pre-merge-commit, the README agrees', () => {
  const s = snippets(['pre-commit', 'pre-push']);
  assert.match(s.lefthook, /pre-push:\n {2}commands:\n {4}gohooks:\n {6}use_stdin: true\n {6}run: \|\n/);
  assert.match(s.lefthook, /exec gohooks run pre-push \{1\}\n/);
  assert.match(s.lefthook, /Go checks skipped" >&2\n {8}! grep -Eqs '"missingTool"/, 'a missing gohooks warns unless missingTool is fail');
  assert.doesNotMatch(s.lefthook, /pre-merge-commit/, 'only the hooks asked for');
  assert.match(s.preCommit, /stages: \[commit\]/);
  assert.match(s.preCommit, /id: gohooks-pre-push[^]*stages: \[push\]/);
  assert.match(snippets([...HOOK_NAMES]).preCommit, /stages: \[commit, merge-commit\]/);
  assert.doesNotMatch(snippets(['pre-push']).preCommit, /id: gohooks\n/);
  for (const text of [
    snippets([...HOOK_NAMES]).preCommit,
    readFileSync(path.join(import.meta.dirname, '../.pre-commit-hooks.yaml'), 'utf8'),
  ]) {
    // pre-commit 3.0.x (Debian 12) rejects the new stage names.
    for (const stages of text.matchAll(/stages: \[([^\]]*)\]/g)) {
      for (const stage of stages[1].split(', ')) assert.ok(['commit', 'merge-commit', 'push'].includes(stage), stage);
    }
  }
  assert.equal(
    preCommitInstallCommand(HOOK_NAMES),
    'pre-commit install --hook-type pre-commit --hook-type pre-merge-commit --hook-type pre-push',
  );

  const manifest = readFileSync(path.join(import.meta.dirname, '../.pre-commit-hooks.yaml'), 'utf8');
  assert.match(manifest, /- id: gohooks\n/);
  assert.match(manifest, /entry: gohooks run pre-commit/);
  assert.match(manifest, /stages: \[commit, merge-commit\]/);

  // The README shows exactly what install prints.
  const readme = readFileSync(path.join(import.meta.dirname, '../README.md'), 'utf8');
  const all = snippets([...HOOK_NAMES]);
  assert.ok(readme.includes(`\`\`\`yaml\n${all.lefthook}\n\`\`\``), "README lefthook snippet = install's");
  assert.ok(readme.includes(`\`\`\`yaml\nrepos:\n${all.preCommit}\n\`\`\``), "README repo: local snippet = install's");
  assert.ok(readme.includes(preCommitInstallCommand(HOOK_NAMES)));
});

test('reading hook configs: husky blocks, lefthook sections, pre-commit hooks', () => {
  assert.equal(
    binOf(huskyBlock({ hook: 'pre-push', bin: "web app/it's/node_modules/.bin/gohooks" })),
    "web app/it's/node_modules/.bin/gohooks",
  );
  assert.equal(binOf(shim({ hook: 'pre-commit', bin: 'web/node_modules/.bin/gohooks' })), 'web/node_modules/.bin/gohooks');
  assert.equal(binOf(shim({ hook: 'pre-commit' })), undefined);
  assert.ok(isShim(shim({ hook: 'pre-commit' })));
  assert.ok(!isShim(insertBlock('#!/bin/sh\necho mine\n', huskyBlock({ hook: 'pre-commit' }))));

  const yml =
    'pre-commit:\n  commands:\n    lint:\n      run: eslint\n\n    # note\npre-push:\n  commands:\n    gohooks:\n      run: gohooks run pre-push\n';
  assert.equal(yamlSection(yml, 'pre-commit'), 'pre-commit:\n  commands:\n    lint:\n      run: eslint\n\n    # note');
  assert.match(yamlSection(yml, 'pre-push')!, /gohooks run pre-push/);
  assert.equal(yamlSection(yml, 'pre-merge-commit'), undefined);

  const config = [
    'default_stages: [commit, push]',
    'repos:',
    '  - repo: https://example.com/gohooks',
    '    rev: v0.1.0',
    '    hooks:',
    '      - id: gohooks',
    '      - id: gohooks-pre-push # the push side',
    '  - repo: local',
    '    hooks:',
    '      - id: lint',
    '        entry: eslint',
    '      - id: go-local',
    '        name: x',
    "        entry: 'npx gohooks run pre-commit'",
    '        stages: [pre-commit, "merge-commit"]',
  ].join('\n');
  assert.deepEqual(preCommitHooks(config), {
    defaultStages: ['commit', 'push'],
    hooks: [
      { repo: 'https://example.com/gohooks', id: 'gohooks' },
      { repo: 'https://example.com/gohooks', id: 'gohooks-pre-push' },
      { repo: 'local', id: 'lint', entry: 'eslint' },
      { repo: 'local', id: 'go-local', entry: 'npx gohooks run pre-commit', stages: ['pre-commit', 'merge-commit'] },
    ],
  });
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
    const blobs = parseCatFileBatch(batch, [sha, 'ffffffffffffffffffffffffffffffffffffffff']);
    assert.equal(blobs.get(sha)?.toString('utf8'), 'package a\r\n');
    assert.equal(blobs.size, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
