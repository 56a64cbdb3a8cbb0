// The GitHub side: --format github within GitHub's annotation limits, and the
// composite action (action.yml) executed step by step by dev/action/run.ts in
// sandbox repositories, with real go and git: annotations, outputs, the step
// summary and the SARIF file.

import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readAction, runAction, parseOutputFile } from '../dev/action/run.js';
import { gitCommitAll, gitInit, makeGoModule } from '../dev/testkit/project.js';
import { libModule } from '../dev/testkit/proxy.js';
import { makeSandbox, type Sandbox } from '../dev/testkit/sandbox.js';
import { packageRoot } from '../src/package-root.js';
import { ANNOTATIONS_PER_TYPE, renderGithub } from '../src/report/github.js';
import type { ReportInput } from '../src/report/model.js';
import type { Finding, Severity } from '../src/types.js';
import { sarifSchemaErrors } from './sarif-validate.js';

const ROOT = packageRoot();

function report(findings: Finding[]): ReportInput {
  return {
    result: { findings, checks: [] },
    modules: [{ rel: '.', path: 'example.com/app' }],
    mode: 'verify',
    shell: 'posix',
    color: false,
    ms: 10,
    root: '/repo',
    titles: {},
  };
}

function many(n: number, severity: Severity, extra: Partial<Finding> = {}): Finding[] {
  return Array.from({ length: n }, (_, i) => ({
    check: 'go-sum',
    severity,
    message: `${severity} number ${i + 1}`,
    file: 'go.sum',
    line: i + 1,
    ...extra,
  }));
}

/** Workflow commands by type, as GitHub reads them (a line that starts with "::" once leading space is trimmed). */
function commands(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = { error: [], warning: [], notice: [] };
  for (const line of text.split('\n')) {
    const m = line.trimStart().match(/^::(\w+)[ :]/);
    if (m) (out[m[1]] ??= []).push(line);
  }
  return out;
}

describe('--format github within GitHub annotation limits', () => {
  test('at most 10 annotations of each type: 9 findings, then one saying how many more; the rest as plain log lines', () => {
    const findings = [
      ...many(3, 'error', { file: undefined, line: undefined, message: 'about the environment' }),
      ...many(25, 'error'),
      ...many(8, 'warning', { notChecked: true }),
      ...many(6, 'warning'),
      ...many(2, 'info'),
    ];
    const text = renderGithub(report(findings));
    const c = commands(text);
    assert.equal(c.error.length, ANNOTATIONS_PER_TYPE);
    assert.equal(c.warning.length, ANNOTATIONS_PER_TYPE);
    assert.equal(c.notice.length, 2);
    // Errors with a file first (they land on the diff); the 10th says how many more and where they are.
    assert.ok(c.error.slice(0, 9).every((l) => l.startsWith('::error file=go.sum,line=')));
    assert.match(c.error[9], /^::error title=gohooks%3A and 19 more errors::and 19 more errors \(GitHub shows at most 10 annotations/);
    assert.match(c.error[9], /run gohooks verify locally/);
    // Real warnings before "not checked" ones.
    assert.equal(c.warning.filter((l) => l.includes('(not checked)')).length, 3);
    assert.match(c.warning[9], /and 5 more warnings/);
    const logLines = text.split('\n').filter((l) => l.startsWith('gohooks: error ') || l.startsWith('gohooks: warning '));
    assert.equal(logLines.length, 19 + 5);
    assert.ok(logLines.includes('gohooks: error go-sum  about the environment'));
    assert.ok(text.endsWith('gohooks: 28 errors, 14 warnings\n'));
  });

  test('exactly 10 of a type: all annotated, no summary of the rest', () => {
    const text = renderGithub(report(many(10, 'error')));
    assert.equal(commands(text).error.length, 10);
    assert.doesNotMatch(text, /more errors/);
  });

  test('a message cannot smuggle a workflow command, annotated or not', () => {
    const evil = { message: '::error file=x::injected\n  ::add-mask::secret\r::stop-commands::x' };
    const text = renderGithub(report([...many(12, 'error', evil)]));
    const c = commands(text);
    assert.equal(c.error.length, 10);
    assert.deepEqual(Object.keys(c).sort(), ['error', 'notice', 'warning']);
    for (const line of text.split('\n')) {
      if (line.trimStart().startsWith('::')) assert.match(line, /^::error (file=go\.sum,line=\d+,)?title=[^:]*::[^\n\r]*$/);
    }
  });
});

describe('the GitHub Action (action.yml)', () => {
  let sb: Sandbox;
  let template: string;
  let n = 0;

  function workspace(broken: boolean, rel = '.'): string {
    const dir = path.join(sb.dir, `ws${n++}`);
    cpSync(template, path.join(dir, rel), { recursive: true });
    gitInit(sb, path.basename(dir));
    gitCommitAll(sb, dir, 'initial');
    if (broken) {
      const sum = path.join(dir, rel, 'go.sum');
      writeFileSync(sum, readFileSync(sum, 'utf8').split('\n').slice(1).join('\n')); // drop alpha's zip line
    }
    return dir;
  }

  before(() => {
    sb = makeSandbox();
    sb.addModules([libModule('example.com/alpha', 'v1.0.0'), libModule('example.com/beta', 'v1.2.0')]);
    template = makeGoModule(sb, {
      rel: 'template',
      modulePath: 'example.org/app',
      deps: [
        { path: 'example.com/alpha', version: 'v1.0.0' },
        { path: 'example.com/beta', version: 'v1.2.0' },
      ],
    });
  });
  after(() => sb.cleanup());

  test('action.yml: composite, every input described, no input pasted into a script', () => {
    const action = readAction(ROOT);
    assert.equal(action.runs.using, 'composite');
    assert.deepEqual(Object.keys(action.inputs).sort(), ['args', 'online', 'sarif-file', 'working-directory']);
    for (const [name, spec] of Object.entries(action.inputs)) assert.ok(spec.description.length > 20, `input ${name} needs a description`);
    for (const step of action.runs.steps) {
      assert.equal(step.shell, 'bash');
      assert.doesNotMatch(step.run ?? '', /\$\{\{/, `${step.name}: expressions go through env:, never into the script`);
    }
  });

  test('a broken module: annotations, exit-code 1, a step summary and a valid SARIF file', () => {
    const ws = workspace(true);
    const run = runAction({ actionDir: ROOT, workspace: ws, inputs: { 'sarif-file': 'results/gohooks.sarif' }, env: sb.env });
    assert.equal(run.status, 1, run.steps.map((s) => s.stdout + s.stderr).join('\n'));
    assert.deepEqual(
      run.steps.map((s) => [s.id, s.status]),
      [
        ['setup', 0],
        ['verify', 1],
      ],
    );
    assert.match(run.steps[0].stdout, /the prebuilt dist\/ of this action\ngohooks \d+\.\d+\.\d+/);
    const verify = run.steps[1];
    assert.match(
      verify.stdout,
      /^::error file=go\.mod,line=6,title=gohooks go-sum::go\.sum has no module \(zip\) entry for example\.com\/alpha v1\.0\.0/m,
    );
    assert.match(verify.stdout, /^::error file=go\.sum,title=gohooks go-mod-tidy::not tidy/m);
    assert.match(verify.stdout, /^gohooks: 2 errors, 0 warnings$/m);
    assert.equal(run.outputs['exit-code'], '1');
    assert.equal(run.outputs['sarif-file'], path.join(ws, 'results/gohooks.sarif'));
    assert.match(run.summary, /### gohooks verify\n\ngohooks: 2 errors, 0 warnings: see the annotations/);
    assert.match(run.summary, /SARIF: `.*results\/gohooks\.sarif`/);
    const sarif = JSON.parse(readFileSync(run.outputs['sarif-file'], 'utf8')) as {
      runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    assert.deepEqual(sarifSchemaErrors(sarif), []);
    assert.deepEqual(
      sarif.runs[0].results.map((r) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri]),
      [
        ['go-sum', 'go.mod'],
        ['go-mod-tidy', 'go.sum'],
      ],
    );
  });

  test('a clean module in a subdirectory: working-directory and args, exit-code 0, no SARIF asked, none written', () => {
    const ws = workspace(false, 'svc');
    const run = runAction({
      actionDir: ROOT,
      workspace: ws,
      inputs: { 'working-directory': 'svc', args: '--skip git-auth  --check go-sum' },
      env: sb.env,
    });
    assert.equal(run.status, 0, run.steps.map((s) => s.stdout + s.stderr).join('\n'));
    assert.deepEqual(commands(run.steps[1].stdout).error, []);
    assert.match(run.steps[1].stdout, /^gohooks: 0 errors, 0 warnings$/m);
    assert.equal(run.outputs['exit-code'], '0');
    assert.equal(run.outputs['sarif-file'], '');
    assert.match(run.summary, /no error findings/);
  });

  test('inputs are data: args are never evaluated by a shell, and a bad online value stops with exit 2', () => {
    const ws = workspace(false);
    const run = runAction({ actionDir: ROOT, workspace: ws, inputs: { args: '$(touch pwned) `touch pwned2`' }, env: sb.env });
    assert.equal(run.status, 2);
    assert.ok(!existsSync(path.join(ws, 'pwned')) && !existsSync(path.join(ws, 'pwned2')));
    assert.match(run.steps[1].stderr, /\$\(touch is not a directory/);
    assert.equal(run.outputs['exit-code'], '2');
    assert.match(run.summary, /gohooks could not run \(exit 2\)/);

    const online = runAction({ actionDir: ROOT, workspace: ws, inputs: { online: 'yes' }, env: sb.env });
    assert.equal(online.status, 2);
    assert.match(online.steps[1].stdout, /::error title=gohooks::the online input is "true" or "false", not "yes"/);
  });

  test('without a prebuilt dist/, the action builds gohooks in its own directory', () => {
    // A copy of the action's source with this checkout's node_modules (npm ci needs the registry: CI covers that part).
    const copy = mkdtempSync(path.join(tmpdir(), 'gohooks-action-src-'));
    try {
      for (const f of ['action.yml', 'package.json', 'package-lock.json', 'src', 'dev', 'hooks', 'templates', 'docs']) {
        cpSync(path.join(ROOT, f), path.join(copy, f), { recursive: true });
      }
      symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'));
      assert.ok(!existsSync(path.join(copy, 'dist')));
      const run = runAction({ actionDir: copy, workspace: workspace(true), env: sb.env });
      assert.equal(run.status, 1, run.steps.map((s) => s.stdout + s.stderr).join('\n'));
      assert.match(run.steps[0].stdout, /::group::gohooks: building from this action's source/);
      assert.ok(existsSync(path.join(copy, 'dist', 'cli.js')));
      assert.match(run.steps[1].stdout, /^::error file=go\.mod,line=6,title=gohooks go-sum::/m);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  test('the local runner reads GITHUB_OUTPUT as the runner does (key=value and heredocs)', () => {
    assert.deepEqual(parseOutputFile('a=1\nb<<EOF\nx\ny=z\nEOF\nc=\n'), { a: '1', b: 'x\ny=z', c: '' });
  });
});
