// The pure parts of `npm run realworld` (dev/realworld/summary.ts): they read what gohooks'
// own renderers write, so these tests feed them the real JSON and SARIF renderers' output.
// The harness itself needs the Go module proxy and is not part of npm test.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  classifyTidy,
  countByCheck,
  fixFromMessage,
  isPackageFile,
  judge,
  moduleDirs,
  nextVersion,
  owningModule,
  parseRepoArg,
  parseSarif,
  parseVerifyJson,
  renderTable,
  repoNameFromMirror,
  type SeenFinding,
} from '../dev/realworld/summary.js';
import { renderJson } from '../src/report/json.js';
import type { ReportInput } from '../src/report/model.js';
import { renderSarif } from '../src/report/sarif.js';
import type { Finding } from '../src/types.js';

const FINDINGS: Finding[] = [
  {
    check: 'go-mod-tidy',
    severity: 'error',
    message: 'not tidy: go mod tidy would add 0 and remove 2 lines\n    @@ -1,2 +1,0 @@',
    why: 'CI that checks tidiness fails.',
    file: 'api/go.sum',
    fix: { summary: 'tidy, then stage', commands: { posix: 'go -C api mod tidy && git add api/go.mod api/go.sum' } },
  },
  {
    check: 'go-mod-tidy',
    severity: 'warning',
    notChecked: true,
    message: 'go mod tidy needs 3 modules not in the module cache: a@v1, b@v2, c@v3',
    why: 'Tidiness cannot be known offline.',
    file: 'server/go.mod',
    fix: { summary: 'once, with the network', commands: { posix: 'go -C server mod tidy -diff' } },
  },
  { check: 'goprivate', severity: 'info', message: 'GOPRIVATE is not set' },
  { check: 'gofmt', severity: 'error', message: 'not gofmt-ed', file: 'server/main.go', line: 3 },
];

function input(mode: ReportInput['mode']): ReportInput {
  return {
    result: {
      findings: FINDINGS,
      checks: [
        { id: 'go-mod-tidy', status: 'fail', ms: 40 },
        { id: 'goprivate', status: 'pass', ms: 2 },
        { id: 'gofmt', status: 'fail', ms: 5 },
        { id: 'go-sum', status: 'pass', ms: 1 },
      ],
    },
    modules: [
      { rel: '.', path: 'example.com/app' },
      { rel: 'api', path: 'example.com/app/api' },
      { rel: 'server', path: 'example.com/app/server' },
    ],
    mode,
    shell: 'posix',
    color: false,
    ms: 50,
    root: '/repo',
    titles: {},
  };
}

test('verify JSON: every finding with its file, not-checked flag, first line and posix fix; every check', () => {
  const run = parseVerifyJson(renderJson(input('verify')));
  assert.deepEqual(
    run.findings.map((f) => [f.check, f.severity, f.notChecked, f.file, f.fix]),
    [
      ['go-mod-tidy', 'error', false, 'api/go.sum', 'go -C api mod tidy && git add api/go.mod api/go.sum'],
      ['go-mod-tidy', 'warning', true, 'server/go.mod', 'go -C server mod tidy -diff'],
      ['goprivate', 'info', false, undefined, undefined],
      ['gofmt', 'error', false, 'server/main.go', undefined],
    ],
  );
  assert.equal(run.findings[0].headline, 'not tidy: go mod tidy would add 0 and remove 2 lines');
  assert.deepEqual(
    run.checks.map((c) => c.id),
    ['go-mod-tidy', 'goprivate', 'gofmt', 'go-sum'],
  );
});

test('a hook SARIF file: results and not-checked notifications, the fix read back from the message', () => {
  const run = parseSarif(renderSarif(input('pre-push')));
  const byCheck = (c: string) => run.findings.filter((f) => f.check === c);
  const nc = byCheck('go-mod-tidy').find((f) => f.notChecked)!;
  assert.equal(nc.severity, 'warning');
  assert.equal(nc.file, 'server/go.mod');
  assert.equal(nc.fix, 'go -C server mod tidy -diff');
  const tidy = byCheck('go-mod-tidy').find((f) => !f.notChecked)!;
  assert.equal(tidy.file, 'api/go.sum');
  assert.equal(tidy.fix, 'go -C api mod tidy && git add api/go.mod api/go.sum');
  // A finding about the environment is placed on the root go.mod in SARIF: the harness keeps that file.
  assert.equal(byCheck('goprivate')[0].severity, 'info');
  assert.deepEqual(
    run.checks.map((c) => c.id),
    ['go-mod-tidy', 'goprivate', 'gofmt', 'go-sum'],
  );
  const rows = countByCheck(run);
  assert.deepEqual(
    rows.map((r) => [r.check, r.errors, r.warnings, r.infos, r.notChecked]),
    [
      ['go-mod-tidy', 1, 1, 0, 1],
      ['goprivate', 0, 0, 1, 0],
      ['gofmt', 1, 0, 0, 0],
      ['go-sum', 0, 0, 0, 0],
    ],
  );
});

test('fixFromMessage: the indented lines after "fix:", none without them', () => {
  assert.equal(fixFromMessage('what\nwhy\nfix: do it\n  go mod tidy\n  git add go.sum\nmore'), 'go mod tidy\ngit add go.sum');
  assert.equal(fixFromMessage('what\nfix: raise the timeout in gohooks.json'), undefined);
  assert.equal(fixFromMessage('what'), undefined);
});

test('repository arguments: mirror paths, pins, names', () => {
  assert.deepEqual(parseRepoArg('/work/.mirror/etcd-io+etcd/repo@C34DC7EE'), {
    mirror: '/work/.mirror/etcd-io+etcd/repo',
    sha: 'c34dc7ee',
  });
  assert.deepEqual(parseRepoArg('/m/cli+cli/repo'), { mirror: '/m/cli+cli/repo' });
  assert.deepEqual(parseRepoArg('/m/x@y/repo'), { mirror: '/m/x@y/repo' });
  assert.equal(repoNameFromMirror('/work/.mirror/etcd-io+etcd/repo'), 'etcd-io/etcd');
  assert.equal(repoNameFromMirror('/work/.mirror/etcd-io+etcd/repo/'), 'etcd-io/etcd');
  assert.equal(repoNameFromMirror('/srv/git/tools.git'), 'tools');
});

test('module directories as go sees them, and which module owns a file', () => {
  const dirs = moduleDirs([
    'go.mod',
    'api/go.mod',
    'api/v2/go.mod',
    'docs/go.mod',
    'test/testdata/mod/go.mod',
    'vendor/x/go.mod',
    '_tools/go.mod',
    '.github/go.mod',
    'api/go.sum',
  ]);
  assert.deepEqual(dirs, ['.', 'api', 'api/v2', 'docs']);
  assert.equal(owningModule('api/v2/go.sum', dirs), 'api/v2');
  assert.equal(owningModule('api/x.go', dirs), 'api');
  assert.equal(owningModule('apiary/x.go', dirs), '.');
  assert.equal(owningModule('go.sum', dirs), '.');
  assert.equal(owningModule('x/go.sum', ['api']), undefined);
  assert.equal(isPackageFile('cmd/main.go'), true);
  assert.equal(isPackageFile('pkg/testdata/bad.go'), false);
  assert.equal(isPackageFile('vendor/a/b.go'), false);
  assert.equal(isPackageFile('pkg/_x.go'), false);
  assert.equal(isPackageFile('README.md'), false);
});

test('nextVersion: the next release in go order, else the update, never a pre-release when releases exist', () => {
  const versions = ['v0.40.0', 'v0.41.0', 'v0.42.0-rc.1', 'v0.42.0', 'v0.43.0'];
  assert.equal(nextVersion(versions, 'v0.41.0'), 'v0.42.0');
  assert.equal(nextVersion(versions, 'v0.43.0'), undefined);
  assert.equal(nextVersion(versions, 'v0.0.0-20240101000000-abcdefabcdef', 'v0.43.0'), 'v0.43.0');
  assert.equal(nextVersion([], 'v1.0.0', 'v1.0.0'), undefined);
});

test('classifyTidy: what go mod tidy -diff said', () => {
  assert.equal(classifyTidy(0, '', ''), 'tidy');
  assert.equal(classifyTidy(1, '--- go.sum\n+++ go.sum\n@@ -1 +1 @@\n-a\n+b\n', ''), 'untidy');
  assert.equal(classifyTidy(0, '--- a\n+++ b\n', 'go: warning: "all" matched no packages\n'), 'no-packages');
  assert.equal(classifyTidy(1, '', 'go: example.com/x@v1.0.0: reading …: 403 Forbidden'), 'failed');
});

test('judge: caught by an error of a related check on the module, said "not checked", or missed; other errors stand out', () => {
  const dirs = ['.', 'api', 'server', 'tests'];
  const f = (check: string, severity: SeenFinding['severity'], file?: string, notChecked = false): SeenFinding => ({
    check,
    severity,
    notChecked,
    file,
    headline: `${check} ${file ?? ''}`,
  });
  const findings = [
    f('go-mod-tidy', 'error', 'api/go.sum'),
    f('go-mod-tidy', 'warning', 'server/go.mod', true),
    f('git-auth', 'error'),
    f('goprivate', 'warning'),
  ];
  const v = judge(
    [
      { module: 'api', kind: 'untidy', detail: '' },
      { module: 'server', kind: 'untidy', detail: '' },
      { module: 'tests', kind: 'untidy', detail: '' },
    ],
    findings,
    dirs,
  );
  assert.deepEqual(
    v.problems.map((p) => [p.module, p.outcome]),
    [
      ['api', 'caught'],
      ['server', 'not-checked'],
      ['tests', 'missed'],
    ],
  );
  assert.deepEqual(
    v.unexplainedErrors.map((x) => x.check),
    ['git-auth'],
  );
  assert.equal(v.warnings.length, 2);
  // A gofmt error does not catch an untidy module, and an error on another module does not either.
  const w = judge(
    [{ module: 'api', kind: 'untidy', detail: '' }],
    [f('gofmt', 'error', 'api/x.go'), f('go-mod-tidy', 'error', 'go.sum')],
    dirs,
  );
  assert.equal(w.problems[0].outcome, 'missed');
  assert.equal(w.unexplainedErrors.length, 2);
});

test('the table: a line per run with totals and verdict, a line per check that said something', () => {
  const text = renderTable([
    {
      repo: 'etcd-io/etcd',
      change: 'HEAD',
      run: 'verify',
      exitCode: 0,
      wallMs: 12_345,
      checks: [
        { check: 'go-mod-tidy', errors: 0, warnings: 2, infos: 0, notChecked: 2, ms: 10_000 },
        { check: 'go-sum', errors: 0, warnings: 0, infos: 0, notChecked: 0, ms: 3 },
      ],
      verdict: 'ok',
    },
    { repo: 'etcd-io/etcd', change: 'bump', run: 'pre-push', exitCode: 1, wallMs: 900, checks: [], verdict: 'caught 1/1' },
  ]);
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.length, 5);
  assert.match(lines[0], /^repository\s+change\s+run\s+check\s+E\s+W\s+I\s+not-checked\s+exit\s+wall\s+verdict$/);
  assert.match(lines[2], /^etcd-io\/etcd\s+HEAD\s+verify\s+\(2 checks\)\s+0\s+2\s+0\s+2\s+0\s+12\.3 s\s+ok$/);
  assert.match(lines[3], /^\s+go-mod-tidy\s+0\s+2\s+0\s+2\s+10\.0 s$/);
  assert.match(lines[4], /^\s+bump\s+pre-push\s+\(0 checks\)\s+0\s+0\s+0\s+0\s+1\s+0\.9 s\s+caught 1\/1$/);
});
