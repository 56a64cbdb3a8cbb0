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
  oracleText,
  parseRepoArg,
  parseSarif,
  parseVerifyJson,
  proxyRefusal,
  renderMarkdown,
  renderRepoSummary,
  renderTable,
  repoNameFromMirror,
  runVerdict,
  saidText,
  cell,
  type SeenFinding,
  type Verdict,
  vendoredSource,
} from '../dev/realworld/summary.js';
import { renderJson } from '../src/report/json.js';
import { moduleOfPath } from '../src/hooks/staged.js';
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
  assert.equal(moduleOfPath('api/v2/go.sum', dirs), 'api/v2');
  assert.equal(moduleOfPath('api/x.go', dirs), 'api');
  assert.equal(moduleOfPath('apiary/x.go', dirs), '.');
  assert.equal(moduleOfPath('go.sum', dirs), '.');
  assert.equal(moduleOfPath('x/go.sum', ['api']), undefined);
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
  // "Not checked" is its own list; a warning no problem explains is noise.
  assert.deepEqual(
    v.warnings.map((x) => x.check),
    ['goprivate'],
  );
  assert.deepEqual(
    v.notChecked.map((x) => x.file),
    ['server/go.mod'],
  );
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

test('judge: a warning of a related check on a broken module is explained; a "not checked" information line is not counted', () => {
  const findings: SeenFinding[] = [
    { check: 'go-mod-hygiene', severity: 'warning', notChecked: false, file: 'go.mod', headline: 'vendor' },
    { check: 'mod-verify', severity: 'info', notChecked: true, file: 'go.mod', headline: 'not in the cache: nothing to verify' },
  ];
  const v = judge([{ module: '.', kind: 'vendor', detail: 'inconsistent vendoring' }], findings, ['.']);
  assert.equal(v.problems[0].outcome, 'missed'); // a warning does not block
  assert.deepEqual(v.warnings, []);
  assert.deepEqual(v.notChecked, []);
});

const empty: Verdict = { problems: [], unexplainedErrors: [], warnings: [], notChecked: [] };
const nc = (check: string, file: string): SeenFinding => ({ check, severity: 'warning', notChecked: true, file, headline: 'not checked' });

test('runVerdict: the worst part wins — miss, false alarm, not checked (fix fails, environment, honest), correct', () => {
  assert.deepEqual(runVerdict(empty, []), { label: 'correct', reasons: [] });
  const caught = runVerdict({ ...empty, problems: [{ module: 'api', kind: 'untidy', detail: '', outcome: 'caught' }] }, []);
  assert.deepEqual(caught, { label: 'correct', reasons: ['blocked untidy api'] });
  const miss = runVerdict(
    {
      ...empty,
      problems: [{ module: 'api', kind: 'untidy', detail: '', outcome: 'missed' }],
      unexplainedErrors: [{ check: 'git-auth', severity: 'error', notChecked: false, headline: 'x' }],
    },
    [],
  );
  assert.equal(miss.label, 'miss');
  assert.deepEqual(miss.reasons, ['MISSED untidy api', 'unexplained error git-auth']);
  const many = runVerdict(
    {
      ...empty,
      problems: ['.', 'a', 'b', 'c', 'd'].map((module) => ({ module, kind: 'untidy' as const, detail: '', outcome: 'caught' as const })),
    },
    [],
  );
  assert.deepEqual(many.reasons, ['blocked untidy ., a, b and 2 more']);
  const alarm = runVerdict({ ...empty, warnings: [{ check: 'goprivate', severity: 'warning', notChecked: false, headline: 'x' }] }, []);
  assert.equal(alarm.label, 'false alarm');
  const withNc = { ...empty, notChecked: [nc('go-mod-tidy', 'go.mod'), nc('go-mod-tidy', 'api/go.mod')] };
  assert.equal(
    runVerdict(withNc, [
      { check: 'go-mod-tidy', file: 'go.mod', fix: 'go mod tidy -diff', resolved: true },
      { check: 'go-mod-tidy', file: 'api/go.mod', fix: 'go -C api mod tidy -diff', resolved: true },
    ]).label,
    'not checked (honest)',
  );
  const env = runVerdict(withNc, [
    { check: 'go-mod-tidy', file: 'go.mod', fix: 'go mod tidy -diff', resolved: true },
    { check: 'go-mod-tidy', file: 'api/go.mod', fix: 'go -C api mod tidy -diff', resolved: false, environment: 'proxy says 403' },
  ]);
  assert.equal(env.label, 'not checked (environment)');
  assert.deepEqual(env.reasons, ['not checked go-mod-tidy .: its fix worked', 'not checked go-mod-tidy api: proxy says 403']);
  const fails = runVerdict(withNc, [{ check: 'go-mod-tidy', file: 'go.mod', fix: 'go mod download', resolved: false }]);
  assert.equal(fails.label, 'not checked (fix fails)');
  assert.deepEqual(fails.reasons, ['not checked go-mod-tidy .: its fix did not help', 'not checked go-mod-tidy api: fix not tried']);
  // Grouped by check and fate: ten modules whose fix did not help are one reason.
  const ten = Array.from({ length: 10 }, (_, i) => nc('mod-verify', `m${i}/go.mod`));
  const grouped = runVerdict(
    { ...empty, notChecked: ten },
    ten.map((f) => ({ check: f.check, file: f.file, fix: 'go mod download', resolved: false })),
  );
  assert.deepEqual(grouped.reasons, ['not checked mod-verify m0, m1, m2 and 7 more: its fix did not help']);
});

test('proxyRefusal: the go line that says the module proxy refused a version, nothing for other failures', () => {
  const stderr =
    'go: downloading a.example/x v1.0.0\ngo: tags.cncf.io/container-device-interface@v1.1.1-0.20260821104259-05ae4b5bb730: reading https://proxy.golang.org/…: 403 Forbidden\n\tserver response: not available\n';
  assert.match(proxyRefusal(stderr) ?? '', /^go: tags\.cncf\.io.*403 Forbidden$/);
  assert.equal(proxyRefusal('go: updates to go.mod needed; to update it:\n\tgo mod tidy\n'), undefined);
  assert.equal(proxyRefusal(''), undefined);
});

test('oracleText: the problems by kind, else what go found clean', () => {
  assert.equal(
    oracleText([], {
      tidy: { '.': { truth: 'tidy' }, docs: { truth: 'no-packages' }, x: { truth: 'failed', detail: 'go: m@v: 403 Forbidden' } },
      vendored: 1,
    }),
    'tidy 1/3; docs: no Go packages; x: tidy fails (go: m@v: 403 Forbidden); vendor/ consistent',
  );
  assert.equal(
    oracleText(
      [
        { module: 'api', kind: 'untidy', detail: '4 changed lines' },
        { module: 'api', kind: 'gosum', detail: 'missing go.sum entry for go.mod file' },
        { module: '.', kind: 'unformatted', detail: 'cmd/main.go' },
      ],
      { tidy: { '.': { truth: 'tidy' }, api: { truth: 'untidy' } }, gofmtFiles: 1 },
    ),
    'missing go.sum entry: api; untidy: api (4 changed lines); gofmt -l lists: cmd/main.go',
  );
  assert.equal(oracleText([], { gofmtFiles: 2 }), 'gofmt clean (2 files)');
  assert.equal(
    oracleText([], { ignoredFiles: 1 }),
    "the edited file is outside go's packages (testdata/, vendor/, _x, .x): nothing to format",
  );
});

test('the markdown report: what gohooks said per check, the oracle, the verdict with its reasons; one summary row per repository', () => {
  const checks = [
    { check: 'go-mod-tidy', errors: 1, warnings: 1, infos: 0, notChecked: 1 },
    { check: 'mod-verify', errors: 0, warnings: 0, infos: 2, notChecked: 2 },
    { check: 'gofmt', errors: 0, warnings: 0, infos: 0, notChecked: 0 },
  ];
  assert.equal(saidText(checks), 'go-mod-tidy 1 E, 1 W (1 not checked); mod-verify 2 I (2 not checked)');
  assert.equal(saidText([]), 'nothing');
  const runs = [
    { repo: 'a/b', change: 'HEAD', run: 'verify, cold', exitCode: 0, wallMs: 2000, checks: [], oracle: 'tidy 1/1', verdict: 'correct' },
    { repo: 'a/b', change: 'HEAD', run: 'verify, warm', exitCode: 0, wallMs: 500, checks: [], oracle: 'tidy 1/1', verdict: 'correct' },
    {
      repo: 'a/b',
      change: 'bump | x',
      run: 'pre-push (git push)',
      exitCode: 1,
      wallMs: 1500,
      checks,
      oracle: 'untidy: .',
      verdict: 'correct',
      reasons: ['blocked untidy .'],
    },
    { repo: 'a/b', change: 'bump | x', run: 'pre-commit (git commit)', exitCode: 0, wallMs: 300, checks: [], verdict: 'correct' },
  ];
  const md = renderMarkdown(runs).trimEnd().split('\n');
  assert.equal(md.length, 6);
  assert.equal(md[0], '| repository | change | run | gohooks said | go says (oracle) | verdict | exit | wall |');
  assert.equal(md[2], '| a/b | HEAD | verify, cold | nothing | tidy 1/1 | **correct** | 0 | 2.0 s |');
  assert.equal(md[3], '|  |  | verify, warm | nothing | tidy 1/1 | **correct** | 0 | 0.5 s |');
  assert.match(md[4], /^\|  \| bump \\\| x \| pre-push \(git push\) \| go-mod-tidy 1 E, 1 W \(1 not checked\); mod-verify 2 I/);
  assert.match(md[4], /\| \*\*correct\*\*: blocked untidy \. \| 1 \| 1\.5 s \|$/);
  assert.match(md[5], /^\|  \|  \| pre-commit/);
  const summary = renderRepoSummary([
    {
      repo: 'a/b',
      sha: 'c34dc7ee0048fd2b',
      modules: 2,
      workspace: true,
      vendored: 1,
      fillMs: 30_000,
      cacheWasCold: true,
      runs,
      wallMs: 90_000,
    },
    {
      repo: 'c/d',
      sha: '301026e58c619e63',
      modules: 1,
      workspace: false,
      vendored: 0,
      fillMs: 0,
      cacheWasCold: false,
      runs: [],
      wallMs: 3000,
      skipped: 'the module proxy refuses x@v',
    },
  ])
    .trimEnd()
    .split('\n');
  assert.equal(
    summary[2],
    '| a/b | c34dc7ee0048 | 2, go.work, 1 vendored | 30.0 s (empty cache) | 2.0 s | 0.5 s | 0.3 s | 1.5 s | 4 correct | 90.0 s |',
  );
  assert.equal(summary[3], '| c/d | 301026e58c61 | 1 | | | | | | skipped: the module proxy refuses x@v | 3.0 s |');
});

test('vendoredSource: the module (or its replacement) a vendored file comes from, by the longest module path', () => {
  const txt = [
    '# golang.org/x/text v0.41.0',
    '## explicit; go 1.24',
    'golang.org/x/text/collate',
    '# golang.org/x/text/collate/extra v0.2.0 => example.com/fork/extra v0.2.1',
    'golang.org/x/text/collate/extra',
    '# example.com/local v1.0.0 => ../local',
    'example.com/local/pkg',
    '',
  ].join('\n');
  assert.deepEqual(vendoredSource(txt, 'golang.org/x/text/collate/tables.go'), {
    path: 'golang.org/x/text',
    version: 'v0.41.0',
    file: 'collate/tables.go',
  });
  assert.deepEqual(vendoredSource(txt, 'golang.org/x/text/collate/extra/x.go'), {
    path: 'example.com/fork/extra',
    version: 'v0.2.1',
    file: 'x.go',
  });
  assert.equal(vendoredSource(txt, 'example.com/local/pkg/a.go'), undefined);
  assert.equal(vendoredSource(txt, 'golang.org/x/textual/a.go'), undefined);
});

test("a markdown cell: one line, pipes escaped, the proxy URL of go's error left out", () => {
  assert.equal(
    cell('go: m@v1.0.0: reading https://proxy.golang.org/m/@v/v1.0.0.mod: 403 Forbidden\n\tserver response: not available | x'),
    'go: m@v1.0.0: 403 Forbidden server response: not available \\| x',
  );
  assert.equal(cell('x: go: m@v1: reading https://proxy.golang.org/m/@v/v1…'), 'x: go: m@v1: …');
});
