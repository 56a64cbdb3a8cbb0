// Every renderer on its own: plain data in, exact text out, compared with a
// golden file under test/testdata/golden/ (UPDATE_GOLDEN=1 rewrites them; read
// the diff before committing).

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { RENDERERS } from '../src/report/index.js';
import type { ReportInput } from '../src/report/model.js';
import type { RunMode } from '../src/types.js';
import { fixture } from './helpers.js';

const RESULT: ReportInput['result'] = {
  findings: [
    {
      check: 'go-sum',
      severity: 'error',
      message: 'go.sum has no entry for example.com/lib v1.2.0 (required in go.mod:7)',
      why: 'The build fails with "missing go.sum entry" on every machine that builds from a clean module cache.',
      file: 'go.mod',
      line: 7,
      module: 'example.com/lib@v1.2.0',
      fix: {
        summary: 'let the go command rewrite go.sum, then stage it',
        commands: {
          posix: 'go mod tidy && git add go.sum',
          fish: 'go mod tidy && git add go.sum',
          powershell: 'go mod tidy; git add go.sum',
          cmd: 'go mod tidy && git add go.sum',
        },
      },
    },
    {
      check: 'go-mod-tidy',
      severity: 'error',
      message:
        'not tidy: go mod tidy would add 1 and remove 1 lines\n    @@ -1,2 +1,2 @@\n    -example.com/old v1.0.0 h1:a=\n    +example.com/new v1.0.0 h1:b=',
      why: "Someone else's go build or go mod tidy will change it, and CI that checks tidiness fails.",
      file: 'api/go.sum',
      fix: {
        summary: 'let the go command tidy the module, then stage both files',
        commands: { posix: 'go -C api mod tidy && git add api/go.mod api/go.sum' },
      },
    },
    {
      check: 'goprivate',
      severity: 'warning',
      message: 'GOSUMDB=off: downloads are not checked against a checksum database',
      why: 'A tampered module is accepted silently on a clean machine.',
      fix: { summary: 'set GOSUMDB with go env -w', commands: { posix: 'go env -w GOSUMDB=sum.golang.org' } },
    },
    {
      check: 'mod-verify',
      severity: 'warning',
      notChecked: true,
      message: 'example.com/new@v1.0.0 is not in the module cache (go mod verify runs offline)',
      why: 'The module cache cannot be checked until the modules are downloaded; this is not tampering.',
      file: 'api/go.mod',
      fix: { summary: 'download the modules, then verify again', commands: { posix: 'go -C api mod download' } },
    },
    { check: 'toolchain', severity: 'info', message: 'the next go command here downloads go1.27.0', file: 'api/go.mod', line: 3 },
    { check: 'env-cache', severity: 'info', message: 'GOCACHE /home/dev/.cache/go-build; GOMODCACHE /home/dev/go/pkg/mod' },
  ],
  checks: [
    { id: 'go-sum', status: 'fail', ms: 3 },
    { id: 'go-mod-tidy', status: 'fail', ms: 410 },
    { id: 'goprivate', status: 'warn', ms: 12 },
    { id: 'mod-verify', status: 'not-checked', ms: 80 },
    { id: 'toolchain', status: 'pass', ms: 1 },
    { id: 'env-cache', status: 'pass', ms: 2 },
    { id: 'env-arch', status: 'skipped', ms: 0 },
  ],
};

function input(mode: RunMode, shell: ReportInput['shell'] = 'posix'): ReportInput {
  return {
    result: RESULT,
    modules: [
      { rel: '.', path: 'example.com/app' },
      { rel: 'api', path: 'example.com/app/api' },
    ],
    mode,
    shell,
    color: false,
    ms: 1234,
    root: '/repo',
    titles: {
      'go-sum': 'go.sum matches go.mod',
      'env-cache': 'build and module caches',
      'env-arch': 'architecture',
      goprivate: 'private modules stay private',
    },
    context: 'linux, shell bash (environment fixes persist in ~/.bashrc)',
    generatedAt: '2026-11-24T12:00:00.000Z',
  };
}

function golden(name: string, text: string): void {
  const file = fixture(`golden/${name}`);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(fixture('golden'), { recursive: true });
    writeFileSync(file, text);
  }
  assert.equal(text, readFileSync(file, 'utf8'), `${name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it)`);
}

test('human, gohooks verify: grouped by module, environment first, summary line', () =>
  golden('verify.human.txt', RENDERERS.human(input('verify'))));
test('human, a hook: no info lines, the bypass line', () => golden('pre-commit.human.txt', RENDERERS.human(input('pre-commit'))));
test('human, fixes for PowerShell', () => golden('verify.powershell.human.txt', RENDERERS.human(input('verify', 'powershell'))));
test('human, gohooks doctor: areas, health score, what to fix', () => golden('doctor.human.txt', RENDERERS.human(input('doctor'))));
test('json: the contract, why joined into message', () => golden('verify.json', RENDERERS.json(input('verify'))));
test('github: workflow commands and a summary line', () => golden('verify.github.txt', RENDERERS.github(input('verify'))));
test('html: the doctor report', () => golden('doctor.html', RENDERERS.html(input('doctor'))));
test('json for doctor adds the health score', () => {
  const doc = JSON.parse(RENDERERS.json(input('doctor'))) as { summary: { health?: number } };
  assert.equal(doc.summary.health, 100 - 2 * 20 - 2 * 7);
  assert.equal((JSON.parse(RENDERERS.json(input('verify'))) as { summary: { health?: number } }).summary.health, undefined);
});

test('human, nothing found: one line in verify, nothing in a hook', () => {
  const empty: ReportInput = { ...input('verify'), result: { findings: [], checks: [] }, modules: [] };
  assert.equal(RENDERERS.human(empty), 'i no go.mod found under /repo: nothing to check\n');
  assert.equal(RENDERERS.human({ ...empty, mode: 'pre-push' }), '');
});

test('human: findings in a row with the same why and fix print them once, after the last', () => {
  const missing = RESULT.findings[0];
  const line = (n: number, lib: string) => ({
    ...missing,
    line: n,
    message: `go.sum has no entry for ${lib} v1.2.0 (required in go.mod:${n})`,
  });
  const findings = [line(7, 'example.com/a'), line(8, 'example.com/b'), line(9, 'example.com/c'), RESULT.findings[1]];
  const out = RENDERERS.human({ ...input('verify'), result: { findings, checks: RESULT.checks } });
  assert.equal((out.match(/fix: {2}go mod tidy && git add go\.sum/g) ?? []).length, 1);
  assert.match(
    out,
    /go\.mod:7: go\.sum has no entry for example\.com\/a v1\.2\.0 \(required in go\.mod:7\)\n {2}✖ go-sum {2}go\.mod:8: [^\n]*\n {2}✖ go-sum {2}go\.mod:9: [^\n]*\n {6}\(all 3 above\) The build fails/,
  );
  // A different fix below keeps its own.
  assert.match(out, /fix: {2}go -C api mod tidy && git add api\/go\.mod api\/go\.sum/);
});
