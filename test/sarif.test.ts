// --format sarif: the renderer against a golden file and the official SARIF 2.1.0
// schema, what GitHub code scanning needs (a location and startLine on every result,
// stable fingerprints, relative URIs, error/warning/note), "not checked" as tool
// notifications; then end to end with real go and git: verify --format sarif,
// --sarif FILE beside the github format, and GOHOOKS_SARIF from a hook.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { withSarifFacts, githubRepository } from '../src/commands/sarif.js';
import { gitCommitAll, gitInit, makeGoModule } from '../dev/testkit/project.js';
import { libModule } from '../dev/testkit/proxy.js';
import { makeSandbox, type Sandbox } from '../dev/testkit/sandbox.js';
import type { ReportInput } from '../src/report/model.js';
import { fingerprintKey, renderSarif } from '../src/report/sarif.js';
import type { Finding } from '../src/types.js';
import { fixture, gohooks } from './helpers.js';
import { sarifSchemaErrors } from './sarif-validate.js';

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } };
  message?: { text: string };
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: {
      driver: { name: string; version: string; rules: { id: string; shortDescription: { text: string }; help: { markdown: string } }[] };
    };
    invocations: {
      executionSuccessful: boolean;
      exitCode: number;
      toolExecutionNotifications: { level: string; message: { text: string }; associatedRule: { id: string; index: number } }[];
    }[];
    originalUriBaseIds: Record<string, { uri: string }>;
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: SarifLocation[];
      partialFingerprints: { primaryLocationLineHash: string };
    }[];
  }[];
}

const GO_SUM_MISSING: Finding = {
  check: 'go-sum',
  severity: 'error',
  message: 'go.sum has no module (zip) entry for example.com/lib v1.2.0 (required in go.mod:7)',
  why: 'The build fails with "missing go.sum entry" on every machine that builds from a clean module cache.',
  file: 'go.mod',
  line: 7,
  module: 'example.com/lib@v1.2.0',
  fix: { summary: 'let the go command rewrite go.sum, then stage it', commands: { posix: 'go mod tidy && git add go.sum' } },
};

const FINDINGS: Finding[] = [
  GO_SUM_MISSING,
  { check: 'go-sum', severity: 'error', message: 'merge conflict marker "<<<<<<< HEAD"', file: 'go.sum', line: 2 },
  { check: 'go-sum', severity: 'error', message: 'merge conflict marker "<<<<<<< HEAD"', file: 'go.sum', line: 9 },
  {
    check: 'go-mod-tidy',
    severity: 'error',
    message: 'not tidy: go mod tidy would add 1 and remove 1 lines\n    -example.com/old v1.0.0 h1:a=',
    file: 'api/go.sum',
  },
  { check: 'go-mod-hygiene', severity: 'warning', message: 'replace points outside the repository', file: 'tools/my dir/go.mod', line: 5 },
  {
    check: 'goprivate',
    severity: 'warning',
    message: 'GOSUMDB=off: downloads are not checked against a checksum database',
    why: 'A tampered module is accepted silently on a clean machine.',
  },
  {
    check: 'mod-verify',
    severity: 'warning',
    notChecked: true,
    message: 'example.com/new@v1.0.0 is not in the module cache (go mod verify runs offline)',
    file: 'api/go.mod',
    fix: { summary: 'download the modules, then verify again', commands: { posix: 'go -C api mod download' } },
  },
  { check: 'toolchain', severity: 'info', message: 'the next go command here downloads go1.27.0', file: 'api/go.mod', line: 3 },
  { check: 'git-auth', severity: 'error', message: 'git-auth could not run: boom' },
];

function input(findings: Finding[] = FINDINGS, crashed = true): ReportInput {
  return {
    result: {
      findings,
      checks: [
        { id: 'go-sum', status: 'fail', ms: 3 },
        { id: 'go-mod-hygiene', status: 'pass', ms: 1 },
        { id: 'toolchain', status: 'pass', ms: 1 },
        { id: 'mod-verify', status: 'not-checked', ms: 80 },
        { id: 'go-mod-tidy', status: 'fail', ms: 410 },
        { id: 'goprivate', status: 'pass', ms: 12 },
        { id: 'git-auth', status: crashed ? 'error' : 'pass', ms: 2 },
      ],
    },
    modules: [
      { rel: 'api', path: 'example.com/app/api' },
      { rel: '.', path: 'example.com/app' },
      { rel: 'tools/my dir', path: 'example.com/app/tools' },
    ],
    mode: 'verify',
    shell: 'posix',
    color: false,
    ms: 1234,
    root: '/home/dev/my repo',
    titles: {},
    toolVersion: '0.1.0',
    rules: {
      'go-sum': {
        title: 'go.sum matches go.mod',
        docs: 'Every requirement has both go.sum lines.',
        pagePath: 'docs/checks/go-sum.md',
        page: '# go-sum\n\nThe page.',
      },
    },
  };
}

const parse = (text: string) => JSON.parse(text) as SarifLog;

test('sarif: golden file, valid against the SARIF 2.1.0 schema', () => {
  const text = renderSarif(input());
  const file = fixture('golden/verify.sarif');
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
  assert.equal(text, readFileSync(file, 'utf8'), 'verify.sarif differs from its golden file (UPDATE_GOLDEN=1 rewrites it)');
  assert.deepEqual(sarifSchemaErrors(JSON.parse(text)), []);
});

test('the schema check catches what GitHub would reject: an "info" level, a result without a message', () => {
  const doc = parse(renderSarif(input()));
  doc.runs[0].results[0].level = 'info';
  assert.match(sarifSchemaErrors(doc).join('\n'), /\/runs\/0\/results\/0\/level must be equal to one of the allowed values/);
  const noMessage = parse(renderSarif(input())) as unknown as { runs: { results: Record<string, unknown>[] }[] };
  delete noMessage.runs[0].results[0].message;
  assert.notDeepEqual(sarifSchemaErrors(noMessage), []);
});

test('sarif: one rule per check, a location and startLine on every result, relative URIs, error/warning/note', () => {
  const run = parse(renderSarif(input())).runs[0];
  assert.deepEqual(
    run.tool.driver.rules.map((r) => r.id),
    ['go-sum', 'go-mod-hygiene', 'toolchain', 'mod-verify', 'go-mod-tidy', 'goprivate', 'git-auth'],
  );
  assert.equal(run.tool.driver.rules[0].shortDescription.text, 'go.sum matches go.mod');
  assert.match(run.tool.driver.rules[0].help.markdown, /^# go-sum\n\nThe page\.\n\n---\nThe whole story: docs\/checks\/go-sum\.md/);
  for (const r of run.results) {
    assert.equal(r.locations.length, 1);
    const loc = r.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.ok(loc.region.startLine >= 1);
    assert.ok(['error', 'warning', 'note'].includes(r.level));
    assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
  }
  const where = run.results.map((r) => [
    r.ruleId,
    r.level,
    r.locations[0].physicalLocation.artifactLocation.uri,
    r.locations[0].physicalLocation.region.startLine,
  ]);
  assert.deepEqual(where, [
    ['go-sum', 'error', 'go.mod', 7],
    ['go-sum', 'error', 'go.sum', 2],
    ['go-sum', 'error', 'go.sum', 9],
    ['go-mod-tidy', 'error', 'api/go.sum', 1],
    ['go-mod-hygiene', 'warning', 'tools/my%20dir/go.mod', 5],
    ['goprivate', 'warning', 'go.mod', 1], // no file: the root module's go.mod, and the location says why
    ['toolchain', 'note', 'api/go.mod', 3],
  ]);
  assert.match(run.results[5].locations[0].message!.text, /Go environment/);
  assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, 'file:///home/dev/my%20repo/');
  assert.match(
    run.results[0].message.text,
    /^go\.sum has no module.*\nThe build fails.*\nfix: let the go command rewrite go\.sum, then stage it\n {2}go mod tidy && git add go\.sum$/,
  );
});

test('sarif: "not checked" and a crashed check are notifications with their rule, not alerts', () => {
  const run = parse(renderSarif(input())).runs[0];
  const inv = run.invocations[0];
  assert.equal(inv.executionSuccessful, false, 'git-auth crashed');
  assert.equal(inv.exitCode, 1);
  assert.deepEqual(
    inv.toolExecutionNotifications.map((n) => [n.level, n.associatedRule.id, run.tool.driver.rules[n.associatedRule.index].id]),
    [
      ['warning', 'mod-verify', 'mod-verify'],
      ['error', 'git-auth', 'git-auth'],
    ],
  );
  assert.match(inv.toolExecutionNotifications[0].message.text, /^not checked: example\.com\/new@v1\.0\.0 is not in the module cache/);
  assert.ok(!run.results.some((r) => r.ruleId === 'mod-verify' || r.ruleId === 'git-auth'));

  const healthy = parse(renderSarif(input(FINDINGS.slice(0, 1), false))).runs[0];
  assert.equal(healthy.invocations[0].executionSuccessful, true);
  assert.deepEqual(healthy.invocations[0].toolExecutionNotifications, []);
  const clean = parse(renderSarif(input([], false)));
  assert.deepEqual(clean.runs[0].results, []);
  assert.equal(clean.runs[0].invocations[0].exitCode, 0);
  assert.deepEqual(sarifSchemaErrors(clean), []);
});

test('sarif: fingerprints survive unrelated lines moving, and tell findings apart', () => {
  const fp = (findings: Finding[]) =>
    parse(renderSarif(input(findings, false))).runs[0].results.map((r) => r.partialFingerprints.primaryLocationLineHash);
  const moved: Finding = { ...GO_SUM_MISSING, line: 12, message: GO_SUM_MISSING.message.replace('go.mod:7', 'go.mod:12') };
  const other: Finding = { ...GO_SUM_MISSING, module: 'example.com/other@v1.0.0', message: GO_SUM_MISSING.message.replace('lib', 'other') };
  const [before] = fp([GO_SUM_MISSING]);
  const after = fp([other, moved]);
  assert.match(before, /^[0-9a-f]{16}:1$/);
  assert.equal(after[1], before, 'the same finding, moved by five lines, keeps its fingerprint');
  assert.notEqual(after[0], before, 'another module is another finding');
  // Two identical findings in one file are told apart by occurrence, as GitHub's own line hash does.
  const [a, b] = fp(FINDINGS.slice(1, 3));
  assert.equal(a.split(':')[0], b.split(':')[0]);
  assert.deepEqual([a.split(':')[1], b.split(':')[1]], ['1', '2']);
  assert.equal(fingerprintKey(moved, 'go.mod'), fingerprintKey(GO_SUM_MISSING, 'go.mod'));
});

test('sarif: each check gets its title, docs and page from the package; helpUri only from a GitHub repository field', () => {
  const withFacts = withSarifFacts({ ...input([], false), rules: undefined, toolVersion: undefined });
  const doc = parse(renderSarif(withFacts));
  const driver = doc.runs[0].tool.driver;
  assert.equal(driver.version, JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
  const goSum = driver.rules.find((r) => r.id === 'go-sum')!;
  assert.equal(
    goSum.help.markdown.split('\n')[0],
    readFileSync(new URL('../docs/checks/go-sum.md', import.meta.url), 'utf8').split('\n')[0],
  );
  assert.deepEqual(sarifSchemaErrors(doc), []);
  assert.equal(githubRepository({ url: 'git+https://github.com/acme/gohooks.git' }), 'https://github.com/acme/gohooks');
  assert.equal(githubRepository('github:acme/gohooks'), 'https://github.com/acme/gohooks');
  assert.equal(githubRepository('https://gitlab.com/acme/gohooks'), undefined);
  assert.equal(githubRepository(undefined), undefined);
});

describe('SARIF end to end (real go and git)', () => {
  let sb: Sandbox;
  let template: string;
  let n = 0;
  const DEPS = [
    { path: 'example.com/alpha', version: 'v1.0.0' },
    { path: 'example.com/beta', version: 'v1.2.0' },
  ];

  function brokenRepo(): string {
    const dir = path.join(sb.dir, `repo${n++}`);
    cpSync(template, dir, { recursive: true });
    gitInit(sb, path.basename(dir));
    gitCommitAll(sb, dir, 'initial');
    const sum = path.join(dir, 'go.sum');
    writeFileSync(sum, readFileSync(sum, 'utf8').split('\n').slice(1).join('\n')); // drop alpha's zip line
    return dir;
  }

  before(() => {
    sb = makeSandbox();
    sb.addModules([libModule('example.com/alpha', 'v1.0.0'), libModule('example.com/beta', 'v1.2.0')]);
    template = makeGoModule(sb, { rel: 'template', modulePath: 'example.org/app', deps: DEPS });
  });
  after(() => sb.cleanup());

  test('gohooks verify --format sarif: stdout is one valid SARIF log with the go.sum error located in go.mod', () => {
    const repo = brokenRepo();
    const r = gohooks(['verify', '--format', 'sarif'], { cwd: repo, env: sb.env });
    assert.equal(r.status, 1, r.stderr);
    const doc = parse(r.stdout);
    assert.deepEqual(sarifSchemaErrors(doc), []);
    const run = doc.runs[0];
    const goSum = run.results.filter((x) => x.ruleId === 'go-sum');
    assert.deepEqual(
      goSum.map((x) => [x.level, x.locations[0].physicalLocation.artifactLocation.uri, x.locations[0].physicalLocation.region.startLine]),
      [['error', 'go.mod', 6]],
    );
    assert.match(goSum[0].message.text, /example\.com\/alpha v1\.0\.0/);
    assert.equal(run.invocations[0].executionSuccessful, true);
    assert.equal(run.invocations[0].exitCode, 1);
    assert.ok(run.tool.driver.rules.some((x) => x.id === 'go-mod-tidy'));
    // The same repository twice: the same fingerprints.
    const again = parse(gohooks(['verify', '--format', 'sarif'], { cwd: repo, env: sb.env }).stdout);
    assert.deepEqual(
      again.runs[0].results.map((x) => x.partialFingerprints),
      run.results.map((x) => x.partialFingerprints),
    );
  });

  test('gohooks verify --format github --sarif FILE: annotations on stdout, SARIF in the file', () => {
    const repo = brokenRepo();
    const r = gohooks(['verify', '--format', 'github', '--sarif', 'out/gohooks.sarif'], { cwd: repo, env: sb.env });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^::error file=go\.mod,line=6,title=gohooks go-sum::go\.sum has no module/m);
    const doc = parse(readFileSync(path.join(repo, 'out/gohooks.sarif'), 'utf8'));
    assert.deepEqual(sarifSchemaErrors(doc), []);
    assert.ok(doc.runs[0].results.some((x) => x.ruleId === 'go-sum'));
    // A file that cannot be written: exit 2, said in one line, before any report.
    mkdirSync(path.join(repo, 'taken.sarif'));
    const bad = gohooks(['verify', '--sarif', 'taken.sarif'], { cwd: repo, env: sb.env });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^gohooks: cannot write SARIF to .*taken\.sarif: EISDIR/);
    assert.equal(bad.stdout, '');
  });

  test('a hook with GOHOOKS_SARIF writes SARIF beside its human output; an unwritable file never decides the commit', () => {
    const repo = brokenRepo();
    sb.run('git', ['add', 'go.sum'], { cwd: repo });
    const env = { ...sb.env, GOHOOKS_SARIF: 'reports/hook.sarif' };
    const r = gohooks(['run', 'pre-commit'], { cwd: repo, env });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /✖ go-sum/);
    const doc = parse(readFileSync(path.join(repo, 'reports/hook.sarif'), 'utf8'));
    assert.deepEqual(sarifSchemaErrors(doc), []);
    assert.deepEqual(
      doc.runs[0].results.filter((x) => x.ruleId === 'go-sum').map((x) => x.locations[0].physicalLocation.artifactLocation.uri),
      ['go.mod'],
    );
    assert.equal((doc.runs[0].invocations[0] as unknown as { properties: { mode: string } }).properties.mode, 'pre-commit');

    mkdirSync(path.join(repo, 'dir.sarif'));
    const bad = gohooks(['run', 'pre-commit'], { cwd: repo, env: { ...sb.env, GOHOOKS_SARIF: 'dir.sarif' } });
    assert.equal(bad.status, 1, 'the findings decide, not the SARIF file');
    assert.match(bad.stderr, /gohooks: cannot write SARIF to .*dir\.sarif: EISDIR/);
  });
});
