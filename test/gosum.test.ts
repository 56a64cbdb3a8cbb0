import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { checkGoSum } from '../src/checks/go-sum.js';
import { findSum, parseGoSum } from '../src/gomod/gosum.js';
import { fixture, moduleFrom } from './helpers.js';

const H = (c: string) => `h1:${c.repeat(43)}=`;

test('parses module and /go.mod lines, skipping blank lines', () => {
  const s = parseGoSum(`example.com/a v1.0.0 ${H('A')}\nexample.com/a v1.0.0/go.mod ${H('B')}\n\n`);
  assert.deepEqual(s.problems, []);
  assert.equal(findSum(s, 'example.com/a', 'v1.0.0', false)?.hash, H('A'));
  assert.equal(findSum(s, 'example.com/a', 'v1.0.0', true)?.line, 2);
  assert.equal(findSum(s, 'example.com/a', 'v1.0.1', true), undefined);
  assert.equal(s.crlf, false);
});

test('malformed lines, conflict markers, two hashes for one version, CRLF', () => {
  const s = parseGoSum(
    [
      `example.com/a v1.0.0 ${H('A')}`,
      '<<<<<<< HEAD',
      `example.com/b v1.0.0 ${H('B')}`,
      '=======',
      `example.com/b v1.0.0 ${H('C')}`,
      '>>>>>>> feature',
      'example.com/c v1.0.0',
      `example.com/d v1.0.0 h1:short`,
      `example.com/e v1.0.0 ${H('E')}\r`,
    ].join('\n'),
  );
  assert.deepEqual(
    s.problems.map((p) => [p.line, p.kind]),
    [
      [2, 'conflict-marker'],
      [4, 'conflict-marker'],
      [5, 'conflicting-hash'],
      [6, 'conflict-marker'],
      [7, 'malformed'],
      [8, 'bad-hash'],
    ],
  );
  assert.match(s.problems[2].message, /line 3 and line 5/);
  assert.equal(s.crlf, true);
});

test("the go command's empty-go.mod hash bug line is dropped silently", () => {
  const s = parseGoSum('example.com/x v1.0.0/go.mod h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=\n');
  assert.equal(s.entries.size, 0);
  assert.deepEqual(s.problems, []);
});

const GOMOD = `module example.com/app

go 1.22

require (
	example.com/a v1.0.0
	example.com/b v1.1.0 // indirect
	example.com/local v0.0.0
	example.com/old v1.0.0
)

replace example.com/local => ../local
replace example.com/old v1.0.0 => example.com/new v2.0.0+incompatible
`;

test("go-sum: every requirement needs both lines, for replaced versions the replacement's", () => {
  const m = moduleFrom(GOMOD);
  const sum = parseGoSum(
    [
      `example.com/a v1.0.0 ${H('A')}`,
      `example.com/a v1.0.0/go.mod ${H('B')}`,
      `example.com/b v1.1.0/go.mod ${H('C')}`,
      `example.com/new v2.0.0+incompatible ${H('D')}`,
      `example.com/new v2.0.0+incompatible/go.mod ${H('E')}`,
      `example.com/unlisted v9.9.9/go.mod ${H('F')}`,
    ].join('\n'),
  );
  const drafts = checkGoSum(m, sum);
  assert.equal(drafts.length, 1, JSON.stringify(drafts, null, 2));
  assert.equal(drafts[0].severity, 'error');
  assert.equal(drafts[0].file, 'go.mod');
  assert.equal(drafts[0].line, 7);
  assert.equal(drafts[0].module, 'example.com/b@v1.1.0');
  assert.match(drafts[0].message, /no module \(zip\) entry for example.com\/b v1.1.0 \(required in go.mod:7\)/);
  assert.equal(drafts[0].fix?.commands?.posix, 'go mod tidy && git add go.sum');
});

test('go-sum: a missing go.sum is an error only when go.mod requires something', () => {
  assert.equal(checkGoSum(moduleFrom('module example.com/x\n\ngo 1.22\n'), undefined).length, 0);
  const d = checkGoSum(moduleFrom(GOMOD, 'sub dir'), undefined);
  assert.equal(d.length, 1);
  assert.match(d[0].message, /sub dir\/go.sum is missing, but go.mod requires 3 modules/);
  assert.equal(d[0].fix?.commands?.posix, "go -C 'sub dir' mod tidy && git add 'sub dir/go.sum'");
  assert.equal(d[0].fix?.commands?.powershell, "go -C 'sub dir' mod tidy; git add 'sub dir/go.sum'");
  assert.equal(d[0].fix?.commands?.cmd, 'go -C "sub dir" mod tidy && git add "sub dir/go.sum"');
});

test('go-sum: CRLF is a warning with a .gitattributes fix', () => {
  const m = moduleFrom('module example.com/x\n\ngo 1.22\n\nrequire example.com/a v1.0.0\n');
  const d = checkGoSum(m, parseGoSum(`example.com/a v1.0.0 ${H('A')}\r\nexample.com/a v1.0.0/go.mod ${H('B')}\r\n`));
  assert.deepEqual(
    d.map((x) => x.severity),
    ['warning'],
  );
  assert.match(d[0].fix?.commands?.posix ?? '', /go.sum text eol=lf.*>> .gitattributes/);
});

test('go-sum: the tidy upstream cli/cli go.sum gives no error', () => {
  const m = moduleFrom(readFileSync(fixture('realworld/cli-cli/go.mod'), 'utf8'));
  const sum = parseGoSum(readFileSync(fixture('realworld/cli-cli/go.sum'), 'utf8'));
  assert.equal(sum.lineCount, 569);
  assert.deepEqual(sum.problems, []);
  assert.deepEqual(checkGoSum(m, sum), []);
});
