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

test('fields split like strings.Fields (unicode.IsSpace): U+00A0, U+0085, \\v separate fields; U+FEFF and NUL do not', () => {
  const kinds = (text: string) => parseGoSum(text).problems.map((p) => [p.line, p.kind, p.fatal, p.message]);
  // Each verdict matches `go list -m all` reading the file in a sandbox (see dev/fuzz/validate.ts).
  assert.deepEqual(kinds(`example.com/a\u00a0v1.0.0 ${H('A')}\n`), []);
  assert.deepEqual(kinds(`example.com/a v1.0.0\u0085${H('A')}\u3000\n`), []);
  assert.deepEqual(kinds(`example.com/a\vv1.0.0\f${H('A')}\r\n`), []);
  assert.deepEqual(kinds(`\ufeffexample.com/a v1.0.0 ${H('A')}\n`), []);
  assert.equal(findSum(parseGoSum(`\ufeffexample.com/a v1.0.0 ${H('A')}\n`), '\ufeffexample.com/a', 'v1.0.0', false)?.line, 1);
  assert.deepEqual(kinds(`example.com/a v1.0.0\u00a0x ${H('A')}\n`), [
    [1, 'malformed', true, 'wrong number of fields 4 (want: module version hash)'],
  ]);
  assert.deepEqual(kinds(`example.com/a v1.0.0\u200b${H('A')}\n`), [
    [1, 'malformed', true, 'wrong number of fields 2 (want: module version hash)'],
  ]);
  assert.deepEqual(kinds(`a b c\x00 d\n`), [[1, 'malformed', true, 'wrong number of fields 4 (want: module version hash)']]);
  // A conflict-marker line with three fields does not stop go reading the file; it is still reported.
  assert.deepEqual(kinds('<<<<<<< a b\n'), [[1, 'conflict-marker', false, 'merge conflict marker "<<<<<<< a b"']]);
  assert.deepEqual(kinds('=======\n'), [[1, 'conflict-marker', true, 'merge conflict marker "======="']]);
  // Control characters from the file never reach a message raw.
  assert.deepEqual(kinds('>>>>>>> \x1b[2Jx\n'), [[1, 'conflict-marker', true, 'merge conflict marker ">>>>>>> \\u001b[2Jx"']]);
});

test('a malformed h1 hash is kept (go keeps it: "checksum mismatch" when that module is needed) and is not fatal', () => {
  const s = parseGoSum('example.com/a v1.0.0 h1:short\n');
  assert.deepEqual(
    s.problems.map((p) => [p.kind, p.fatal]),
    [['bad-hash', false]],
  );
  assert.equal(findSum(s, 'example.com/a', 'v1.0.0', false)?.hash, 'h1:short');
});

test('real-world go.sum and go.work.sum files parse with no problem', () => {
  for (const f of ['etcd/go.sum', 'etcd/go.work.sum', 'tailscale/go.sum', 'golangci-lint/go.sum', 'prometheus/go.sum', 'grpc-go/go.sum']) {
    const s = parseGoSum(readFileSync(fixture(`realworld/${f}`), 'utf8'));
    assert.deepEqual(s.problems, [], f);
    assert.ok(s.entries.size > 5, f);
  }
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
