// lefthook with the snippet `gohooks install` prints, run by the real lefthook
// binary (npm's `lefthook` package; .ci/run installs it with --ignore-scripts,
// because its postinstall runs `lefthook install` in whatever repository npm
// runs in). A missing gohooks warns and lets the commit through unless
// "missingTool": "fail"; with gohooks there, a bad go.sum is blocked, and so is
// an untidy push. Skipped, saying so, where lefthook is not installed.

import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gitCommitAll, gitInit, makeGoModule } from '../dev/testkit/project.js';
import { libModule } from '../dev/testkit/proxy.js';
import { makeSandbox, type Sandbox } from '../dev/testkit/sandbox.js';
import { shellIn } from '../dev/testkit/shell.js';
import { which } from '../src/tools/which.js';

const lefthook = which('lefthook', process.env);
const skip = lefthook ? false : 'lefthook is not installed: npm install -g --ignore-scripts lefthook (as .ci/run does)';

let sb: Sandbox;
let template: string;

before(() => {
  if (skip) return;
  sb = makeSandbox();
  sb.addModules([libModule('example.com/alpha', 'v1.0.0'), libModule('example.com/beta', 'v1.2.0')]);
  template = makeGoModule(sb, { rel: 'template', modulePath: 'example.org/app', deps: [{ path: 'example.com/alpha', version: 'v1.0.0' }] });
});
after(() => sb?.cleanup());

// CI=true would turn the hooks off; lefthook itself would add colours.
const { sh, ok } = shellIn(() => sb, { CI: '', NO_COLOR: '1' });

describe('lefthook', { skip }, () => {
  test('the printed snippet: pre-commit, pre-merge-commit and pre-push run gohooks; a missing gohooks warns unless "missingTool": "fail"', () => {
    const dir = path.join(sb.dir, 'app with lefthook');
    cpSync(template, dir, { recursive: true });
    gitInit(sb, 'app with lefthook');
    writeFileSync(path.join(dir, 'lefthook.yml'), '# lefthook\n');
    gitCommitAll(sb, dir, 'initial');

    const printed = ok(dir, 'gohooks install');
    const snippet = /Add this to lefthook\.yml, then run `lefthook install`:\n\n([\s\S]*)\n$/.exec(printed)?.[1];
    assert.ok(snippet, printed);
    assert.match(snippet, /^pre-merge-commit:$/m);
    writeFileSync(path.join(dir, 'lefthook.yml'), `${snippet}\n`);
    ok(dir, 'lefthook install');
    ok(dir, 'git add lefthook.yml && git commit -qm lefthook --no-verify');
    const status = sh(dir, 'gohooks status');
    assert.equal(status.status, 0, status.out);
    for (const hook of ['pre-commit', 'pre-merge-commit', 'pre-push']) {
      assert.match(status.out, new RegExp(`^${hook} +yes +lefthook +\\.git/hooks/${hook} → lefthook\\.yml$`, 'm'));
    }

    // gohooks missing: no global one, no node_modules, nothing npx could find offline.
    const noGohooks = sb.withoutGohooks();
    sb.run('go', ['get', 'example.com/beta@v1.2.0'], { cwd: dir, env: sb.buildEnv });
    ok(dir, 'git add go.mod');
    const warned = sh(dir, 'git commit -qm "require beta"', noGohooks);
    assert.equal(warned.status, 0, warned.out);
    assert.match(
      warned.out,
      /gohooks: not found \(npm i -D gohooks, or npm i -g gohooks; PATH fixes go in .*gohooks\/init.sh\); Go checks skipped/,
    );
    ok(dir, 'git reset -q --soft HEAD~1');

    writeFileSync(path.join(dir, 'gohooks.json'), '{ "missingTool": "fail" }\n');
    ok(dir, 'git add gohooks.json');
    const failed = sh(dir, 'git commit -qm "require beta"', noGohooks);
    assert.equal(failed.status, 1, failed.out);
    assert.match(failed.out, /gohooks: not found/);
    ok(dir, 'git rm -q --cached gohooks.json && rm gohooks.json');

    // gohooks there: the go.sum without beta's lines is blocked, the complete one passes.
    const blocked = sh(dir, 'git commit -qm "require beta"');
    assert.equal(blocked.status, 1, blocked.out);
    assert.match(blocked.out, /go-sum .*go.sum has no entry for example.com\/beta v1.2.0/);
    const good = sh(dir, 'git add go.sum && git commit -qm "require beta"');
    assert.equal(good.status, 0, good.out);
    assert.match(good.out, /gohooks pre-commit: staged changes ok/);

    // pre-push reads git's refs from stdin (use_stdin): beta is required but unused, so untidy.
    const bare = path.join(sb.dir, 'remote.git');
    sb.run('git', ['init', '-q', '--bare', bare]);
    ok(dir, `git remote add origin "${bare}"`);
    const push = sh(dir, 'git push -q origin main');
    assert.equal(push.status, 1, push.out);
    assert.match(push.out, /go-mod-tidy .*not tidy/);

    // pre-merge-commit: both sides "fix" the same go.sum line differently, and git merges them cleanly.
    ok(dir, 'git checkout -q -b other');
    const sumFile = path.join(dir, 'go.sum');
    const lines = readFileSync(sumFile, 'utf8').split('\n');
    const alpha = lines.findIndex((l) => l.startsWith('example.com/alpha v1.0.0 h1:'));
    writeFileSync(
      sumFile,
      [...lines.slice(0, alpha + 1), lines[alpha].replace(/h1:.{4}/, 'h1:AAAA'), ...lines.slice(alpha + 1)].join('\n'),
    );
    ok(dir, 'git commit -qam "other side" --no-verify');
    ok(dir, 'git checkout -q main');
    writeFileSync(path.join(dir, 'main.txt'), 'main side\n');
    ok(dir, 'git add main.txt && git commit -qm "main side" --no-verify');
    const merge = sh(dir, 'git merge -q --no-edit other');
    assert.notEqual(merge.status, 0, merge.out);
    assert.match(merge.out, /example.com\/alpha v1.0.0 has two different hashes/);
  });
});
