import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseModFile } from '../src/gomod/modfile.js';

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
  assert.deepEqual(
    errors('module x\nrequire (\n\texample.com/a v1.0.0\n').map((d) => d.line),
    [2],
  );
  assert.match(errors('module x\nrequire example.com/a\n')[0].message, /usage: require/);
  assert.equal(errors('module x\nrequire example.com/a master\n')[0].line, 2);
  assert.match(errors('module x\nrequire example.com/a master\n')[0].message, /not a canonical semantic version/);
  assert.match(errors('module x\ngo 1.21.x\n')[0].message, /invalid go version/);
  assert.match(errors('module x\ntoolchain 1.21\n')[0].message, /invalid toolchain/);
  assert.match(errors('module x\nreplace a => b\n')[0].message, /directory path/);
  assert.match(errors('module x\nreplace a => ../b v1.0.0\n')[0].message, /cannot have version/);
  assert.match(errors('module x\nmodule y\n')[0].message, /repeated module/);
  assert.match(errors('go 1.22\n')[0].message, /no module declaration/);
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
});

test('unknown directives are warnings, not errors', () => {
  const f = parseModFile('module x\n\nfrobnicate foo\nwidget (\n\ta\n\tb\n)\n');
  assert.deepEqual(
    f.diagnostics.map((d) => [d.line, d.severity]),
    [
      [3, 'warning'],
      [4, 'warning'],
    ],
  );
  assert.match(f.diagnostics[0].message, /unknown directive: frobnicate/);
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
    w.diagnostics.map((d) => [d.line, d.severity]),
    [[9, 'warning']],
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
