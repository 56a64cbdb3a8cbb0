import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { MODFILE_GRAMMAR_GO, parseModFile } from '../src/gomod/modfile.js';

const errors = (text: string, kind: 'go.mod' | 'go.work' = 'go.mod') =>
  parseModFile(text, kind).diagnostics.filter((d) => d.severity === 'error');

test('parses every directive, blocks and single lines, with line numbers', () => {
  const f = parseModFile(`// Deprecated: use example.com/new
module example.com/app

go 1.23.1

toolchain go1.24.0

godebug default=go1.21
godebug (
	panicnil=1
)

require example.com/a v1.0.0
require (
	example.com/b v1.2.3 // indirect
	"example.com/quoted" v0.1.0 // indirect; needed for tests
	example.com/c v2.0.0+incompatible // not indirect
)

exclude example.com/a v0.9.0
replace example.com/b => ../b
replace example.com/c v2.0.0+incompatible => example.com/fork v1.0.0
replace (
	example.com/d => example.com/d2 v1.1.0
)
retract v1.0.1
retract [v1.1.0, v1.2.0]
tool example.com/a/cmd/gen
ignore ./node_modules
`);
  assert.deepEqual(f.diagnostics, []);
  assert.deepEqual(f.module, { path: 'example.com/app', line: 2, deprecated: 'use example.com/new' });
  assert.deepEqual(f.go, { version: '1.23.1', line: 4 });
  assert.deepEqual(f.toolchain, { name: 'go1.24.0', line: 6 });
  assert.deepEqual(
    f.godebug.map((g) => [g.key, g.value, g.line]),
    [
      ['default', 'go1.21', 8],
      ['panicnil', '1', 10],
    ],
  );
  assert.deepEqual(
    f.require.map((r) => [r.path, r.version, r.indirect, r.line]),
    [
      ['example.com/a', 'v1.0.0', false, 13],
      ['example.com/b', 'v1.2.3', true, 15],
      ['example.com/quoted', 'v0.1.0', true, 16],
      ['example.com/c', 'v2.0.0+incompatible', false, 17],
    ],
  );
  assert.deepEqual(f.exclude, [{ path: 'example.com/a', version: 'v0.9.0', line: 20 }]);
  assert.equal(f.replace.length, 3);
  assert.deepEqual(f.replace[0], {
    old: { path: 'example.com/b', version: undefined },
    new: { path: '../b', version: undefined },
    local: true,
    line: 21,
  });
  assert.deepEqual(f.replace[1].new, { path: 'example.com/fork', version: 'v1.0.0' });
  assert.equal(f.replace[2].line, 24);
  assert.deepEqual(
    f.retract.map((r) => [r.low, r.high]),
    [
      ['v1.0.1', 'v1.0.1'],
      ['v1.1.0', 'v1.2.0'],
    ],
  );
  assert.deepEqual(f.tool, [{ path: 'example.com/a/cmd/gen', line: 28 }]);
  assert.deepEqual(f.ignore, [{ path: './node_modules', line: 29 }]);
});

test('CRLF go.mod parses like LF', () => {
  const f = parseModFile('module example.com/x\r\n\r\ngo 1.22\r\n\r\nrequire example.com/a v1.0.0 // indirect\r\n');
  assert.deepEqual(f.diagnostics, []);
  assert.equal(f.go?.version, '1.22');
  assert.equal(f.require[0].indirect, true);
});

test('syntax errors come back as diagnostics with line numbers, never exceptions', () => {
  // go stops at an unterminated block at the end of the file and names where the block started.
  assert.deepEqual(
    errors('module x\nrequire (\n\texample.com/a v1.0.0\n').map((d) => [d.line, d.message]),
    [[4, 'syntax error (unterminated block started at go.mod:2:1)']],
  );
  assert.match(errors('module x\nrequire example.com/a\n')[0].message, /usage: require/);
  assert.equal(errors('module x\nrequire example.com/a master\n')[0].line, 2);
  assert.equal(
    errors('module x\nrequire example.com/a master\n')[0].message,
    'require example.com/a: version "master" invalid: must be of the form v1.2.3',
  );
  assert.match(errors('module x\ngo 1.21.x\n')[0].message, /invalid go version/);
  assert.match(errors('module x\ntoolchain 1.21\n')[0].message, /invalid toolchain/);
  assert.match(errors('module x\nreplace a => b\n')[0].message, /directory path/);
  assert.match(errors('module x\nreplace a => ../b v1.0.0\n')[0].message, /cannot have version/);
  assert.match(errors('module x\nmodule y\n')[0].message, /repeated module/);
  assert.match(errors('module "x\n')[0].message, /newline in string/);
  assert.match(errors('module x /* c */\n')[0].message, /\/\/ comments/);
  assert.deepEqual(
    errors('module x\n<<<<<<< HEAD\nrequire a v1.0.0\n=======\n>>>>>>> b\n').map((d) => [d.line, d.message.slice(0, 21)]),
    [
      [2, 'merge conflict marker'],
      [4, 'merge conflict marker'],
      [5, 'merge conflict marker'],
    ],
  );
  // A newer go line turns unknown directives into warnings, never conflict markers: no Go version reads them.
  assert.deepEqual(
    errors('module x\ngo 1.99\n<<<<<<< HEAD\nrequire a v1.0.0\n=======\n>>>>>>> b\n').map((d) => [d.line, d.message.slice(0, 21)]),
    [
      [3, 'merge conflict marker'],
      [5, 'merge conflict marker'],
      [6, 'merge conflict marker'],
    ],
  );
});

test('what loading rejects is a "load" error: no module line, a malformed module path, versions go must look up', () => {
  const load = (text: string) => parseModFile(text).diagnostics.map((d) => [d.line, d.stage, d.code, d.message]);
  assert.deepEqual(load('go 1.22\n'), [
    [1, 'load', 'missing-module', 'missing module declaration; to add one: go mod edit -module=example.com/mod'],
  ]);
  assert.deepEqual(load('module "a b"\n'), [[1, 'load', 'malformed-module-path', 'malformed module path "a b": invalid char \' \'']]);
  assert.deepEqual(load('module go\n'), [[1, 'load', 'malformed-module-path', 'invalid module path "go": the path is reserved']]);
  // go mod edit reads v1.2 as v1.2.0; loading the module looks "v1.2" up, which fails offline.
  const f = parseModFile('module m\nrequire example.com/a v1.2\n');
  assert.equal(f.require[0].version, 'v1.2.0');
  assert.deepEqual(
    f.diagnostics.map((d) => [d.line, d.stage, d.code]),
    [[2, 'load', 'noncanonical-version']],
  );
  assert.deepEqual(load('module m\ntool "a b"\n'), [[2, 'load', 'malformed-tool-path', 'malformed tool path "a b": invalid char \' \'']]);
  assert.deepEqual(load('module m\nreplace example.com/a v1.0.0 => example.com/b v2.0.0\n'), [
    [2, 'load', 'invalid-version', 'replace example.com/b: version "v2.0.0" invalid: should be v0 or v1, not v2'],
  ]);
  assert.deepEqual(load('module example.com/m\nretract v2.0.0\n'), [
    [2, 'load', 'invalid-version', 'retract example.com/m: version "v2.0.0" invalid: should be v0 or v1, not v2'],
  ]);
  assert.deepEqual(load('module m\ngodebug default=foo\n'), [
    [2, 'load', 'invalid-godebug', 'godebug: value for default= must be goVERSION'],
  ]);
  assert.deepEqual(
    load('module m\nrequire example.com/a v1.0.0\nrequire example.com/a v1.1.0\n').map((d) => d.slice(0, 3)),
    [[3, 'load', 'duplicate-require']],
  );
  assert.deepEqual(
    load('module m\ngodebug (\n=======\n)\n').map((d) => d.slice(0, 3)),
    [[3, 'load', 'conflict-marker']],
  );
});

test('unknown directives are errors, as for go 1.26; warnings when the go line asks for a newer Go', () => {
  const f = parseModFile('module x\n\nfrobnicate foo\nwidget (\n\ta\n\tb\n)\n');
  assert.deepEqual(
    f.diagnostics.map((d) => [d.line, d.severity, d.stage, d.message]),
    [
      [3, 'error', 'syntax', 'unknown directive: frobnicate'],
      [4, 'error', 'syntax', 'unknown block type: widget'],
    ],
  );
  assert.deepEqual(
    f.unknown.map((u) => u.verb),
    ['frobnicate', 'widget'],
  );
  const newer = parseModFile('module x\n\ngo 1.99\n\nfrobnicate foo\n');
  assert.deepEqual(
    newer.diagnostics.map((d) => [d.line, d.severity, d.stage, d.code]),
    [[5, 'warning', 'syntax', 'unknown-directive']],
  );
  assert.equal(MODFILE_GRAMMAR_GO, '1.26');
});

test('go.work: go, toolchain, use, replace; go.mod-only directives are unknown there', () => {
  const w = parseModFile(
    'go 1.22\n\nuse (\n\t./a\n\t"./b c"\n)\nuse ../outside\nreplace example.com/x => ./x\nrequire example.com/a v1.0.0\n',
    'go.work',
  );
  assert.deepEqual(
    w.use.map((u) => [u.path, u.line]),
    [
      ['./a', 4],
      ['./b c', 5],
      ['../outside', 7],
    ],
  );
  assert.equal(w.replace.length, 1);
  assert.deepEqual(
    w.diagnostics.map((d) => [d.line, d.severity, d.message]),
    [[9, 'error', 'unknown directive: require']],
  );
  assert.equal(errors('use a b\n', 'go.work')[0].message, 'usage: use local/dir');
  // go work edit accepts a directory listed twice; loading the workspace does not.
  assert.deepEqual(
    parseModFile('go 1.22\nuse ./a\nuse a/\nuse ./b/../a\nuse ../a\n', 'go.work').diagnostics.map((d) => [d.line, d.stage, d.code]),
    [
      [3, 'load', 'duplicate-use'],
      [4, 'load', 'duplicate-use'],
    ],
  );
  assert.equal(errors('module (\n)\n', 'go.work')[0].message, 'unknown block type: module');
});

// Each expectation below is what `go mod edit -json` (go 1.26) printed for the same bytes.
test('the lexer accepts, rejects and advances like the go command: spaces, BOM, controls, quotes', () => {
  const first = (text: string, kind: 'go.mod' | 'go.work' = 'go.mod') => {
    const d = parseModFile(text, kind).diagnostics.find((x) => x.stage === 'syntax');
    return d && [d.line, d.column, d.message];
  };
  // The hang: U+00A0 and U+FEFF are not spaces to the go.mod lexer.
  assert.deepEqual(first('module m\n\ngo 1.21\n\nrequire\u00a0(\n)\n'), [5, 8, "unexpected input character '\\u00a0'"]);
  assert.deepEqual(first('\ufeffmodule m\n'), [1, 1, "unexpected input character '\\ufeff'"]);
  assert.deepEqual(first('module m // \ufeff and \u00a0 in a comment are fine\n'), undefined);
  assert.deepEqual(first('module m\n\x1b[31m\n'), [2, 1, "unexpected input character '\\x1b'"]);
  assert.deepEqual(first('module m\x00\n'), [1, 9, "unexpected input character '\\x00'"]);
  assert.deepEqual(first('module\vm\n'), [1, 7, "unexpected input character '\\v'"]);
  assert.deepEqual(first('module\tm\r\n'), undefined);
  assert.deepEqual(first('module m\nrequire (\n) x\n'), [3, 4, 'syntax error (expected newline after closing paren)']);
  // ")" after other tokens is just a token: the block goes on to the end of the file.
  assert.deepEqual(first('module m\nrequire (\n a v1.0.0 )\n'), [4, 1, 'syntax error (unterminated block started at go.mod:2:1)']);
  assert.deepEqual(first('module m\nfoo )\n'), [2, 1, 'unknown directive: foo']);
  // A control character inside a quoted string reaches the message escaped, never raw.
  assert.deepEqual(first('module m\n"\x1b[2J" x\n'), [2, 1, 'unknown directive: "\\u001b[2J"']);
  // A backslash-newline continues a string onto the next line; unquoting then fails.
  assert.deepEqual(first('module m\nrequire "a\\\n" v1.0.0\nrequire b\n'), [2, 1, 'invalid quoted string: invalid syntax']);
  assert.deepEqual(first('module m\nrequire `a` v1.0.0\n'), [2, 1, 'invalid quoted string: unquoted string cannot contain quote']);
  assert.deepEqual(first('module m\nrequire a"b v1.0.0\n'), [2, 1, 'invalid quoted string: unquoted string cannot contain quote']);
  assert.deepEqual(first('module m\n' + '('.repeat(5000) + '\n'), [3, 1, 'syntax error (unterminated block started at go.mod:2:1)']);
  assert.deepEqual(first('module m\nreplace a => b\\c\n', 'go.mod'), [
    2,
    1,
    'replacement module without version must be directory path (rooted or starting with . or ..)',
  ]);
  assert.deepEqual(
    parseModFile('module m\nreplace a => .\\c\n', 'go.mod', { windows: false }).diagnostics[0].message,
    'replacement directory appears to be Windows path (on a non-windows system)',
  );
  assert.deepEqual(parseModFile('module m\nreplace a => .\\c\n', 'go.mod', { windows: true }).diagnostics, []);
  assert.deepEqual(first('module "\\x41\\u00e9\\101"\n'), undefined);
  assert.equal(parseModFile('module "\\x41\\u00e9\\101"\n').module?.path, 'AéA');
  assert.deepEqual(first('module "\\\'"\n'), [1, 1, 'invalid quoted string: invalid syntax']);
  // "\xff" unquotes to a byte of invalid UTF-8: go quotes it back as \xff; the data holds U+FFFD, as go's JSON does.
  assert.deepEqual(first('module m\nrequire example.com/a "\\xff"\n'), [
    2,
    1,
    'require example.com/a: version "\\xff" invalid: must be of the form v1.2.3',
  ]);
  const bad = parseModFile('module "a\\xffb"\n');
  assert.equal(bad.module?.path, 'a\ufffdb');
  assert.deepEqual(
    bad.diagnostics.map((d) => [d.stage, d.message]),
    [['load', 'malformed module path "a\\xffb": invalid UTF-8']],
  );
});

test('never hangs or throws: random bytes, long lines, deep nesting', () => {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  for (let n = 0; n < 200; n++) {
    const bytes = Buffer.from(Array.from({ length: 2000 }, () => rand() & 0xff));
    for (const kind of ['go.mod', 'go.work'] as const) {
      const f = parseModFile(bytes.toString('utf8'), kind);
      assert.ok(f.diagnostics.length >= 1, 'random bytes never parse');
    }
  }
  assert.equal(
    parseModFile('module m\nrequire ' + 'a '.repeat(200_000) + '\n').diagnostics[0].message,
    'usage: require module/path v1.2.3',
  );
  assert.equal(parseModFile('x\n'.repeat(20_000)).diagnostics.length, 20_000);
});

test('comments: Deprecated paragraphs, retract rationales and // indirect as go reads them', () => {
  const f = parseModFile(`// Some text.
//
// Deprecated: use example.com/b
// instead.
module example.com/a

require (
\texample.com/x v1.0.0 //indirect
\texample.com/y v1.0.0 // indirect; for tests
\texample.com/z v1.0.0 // indirectly
\texample.com/w v1.0.0 // \u00a0indirect\u00a0
)

// Broken.
retract (
\t// Bad tag.

\t// Really bad.
\tv1.0.1
\tv1.0.2
)
retract v1.0.3 // Oops.
`);
  assert.deepEqual(f.diagnostics, []);
  assert.equal(f.module?.deprecated, 'use example.com/b\ninstead.');
  assert.deepEqual(
    f.require.map((r) => r.indirect),
    [true, true, false, true],
  );
  assert.deepEqual(
    f.retract.map((r) => [r.low, r.rationale]),
    [
      ['v1.0.1', 'Bad tag.\nReally bad.'],
      ['v1.0.2', 'Broken.'],
      ['v1.0.3', 'Oops.'],
    ],
  );
});

test('the real-world cli/cli go.mod parses cleanly', () => {
  const text = readFileSync(new URL('./testdata/realworld/cli-cli/go.mod', import.meta.url), 'utf8');
  const f = parseModFile(text);
  assert.deepEqual(f.diagnostics, []);
  assert.equal(f.module?.path, 'github.com/cli/cli/v2');
  assert.ok(f.require.length > 100, `${f.require.length} requires`);
  assert.ok(f.require.some((r) => r.indirect) && f.require.some((r) => !r.indirect));
});

test('every real-world go.mod and go.work parses with no diagnostic at all', () => {
  const files = [
    'cli-cli/go.mod',
    'etcd/go.mod',
    'etcd/go.work',
    'etcd/api/go.mod',
    'etcd/server/go.mod',
    'etcd/tools/mod/go.mod',
    'golangci-lint/go.mod',
    'golang-tools/go.mod',
    'golang-tools/gopls/go.mod',
    'grpc-go/go.mod',
    'prometheus/go.mod',
    'prometheus/go.work',
    'prometheus/internal/tools/go.mod',
    'tailscale/go.mod',
  ];
  for (const rel of files) {
    const text = readFileSync(new URL(`./testdata/realworld/${rel}`, import.meta.url), 'utf8');
    const f = parseModFile(text, rel.endsWith('go.work') ? 'go.work' : 'go.mod');
    assert.deepEqual(f.diagnostics, [], rel);
    assert.ok(rel.endsWith('go.work') ? f.use.length > 3 : f.require.length > 5, rel);
  }
});
