// readImportHeader against the go command's own import reader: this Go's
// cmd/go/internal/imports/read.go (what `go mod tidy` reads .go files with),
// copied from GOROOT at test time into a small program, run over real Go
// files (a sample of GOROOT's, cgo and testdata included), hand-written
// hostile files, mutations of the real ones and random bytes. Both must agree
// on the imports, on where reading stopped and on failure; and what the key
// keeps of a file must not depend on how much of it was read first.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { makeSandbox, type Sandbox } from '../dev/testkit/sandbox.js';
import { fastReadImports, portedReadImports, readImportHeader } from '../src/gomod/goimports.js';
import { keyedGoFile } from '../src/gomod/tidykey.js';

let sb: Sandbox;
let goroot: string;
let oracle: string | undefined;

/** Few imports: a cold build cache compiles only what they need. */
const DRIVER = `package main

import (
	"bufio"
	"os"
	"strconv"
)

// For each file named on stdin, one line: what imports.ReadImports(f, false, &list) gives,
// as "<len(data)> <error or -> <import as hex>...".
func main() {
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	const digits = "0123456789abcdef"
	for in.Scan() {
		f, err := os.Open(in.Text())
		if err != nil {
			panic(err)
		}
		var list []string
		data, err := ReadImports(f, false, &list)
		f.Close()
		out.WriteString(strconv.Itoa(len(data)))
		if err != nil {
			out.WriteString(" " + strconv.Quote(err.Error()))
		} else {
			out.WriteString(" -")
		}
		for _, l := range list {
			out.WriteByte(' ')
			for i := 0; i < len(l); i++ {
				out.WriteByte(digits[l[i]>>4])
				out.WriteByte(digits[l[i]&15])
			}
		}
		out.WriteByte('\\n')
	}
}
`;

before(() => {
  sb = makeSandbox();
  goroot = sb.run('go', ['env', 'GOROOT']).trim();
  const reader = path.join(goroot, 'src/cmd/go/internal/imports/read.go');
  if (!existsSync(reader)) return;
  sb.write('oracle/go.mod', 'module oracle\n\ngo 1.22\n');
  sb.write('oracle/read.go', readFileSync(reader, 'utf8').replace(/^package imports$/m, 'package main'));
  sb.write('oracle/main.go', DRIVER);
  sb.run('go', ['build', '-o', 'oracle', '.'], { cwd: path.join(sb.dir, 'oracle'), env: { ...sb.env, CGO_ENABLED: '0' } });
  oracle = path.join(sb.dir, 'oracle', 'oracle');
});
after(() => sb.cleanup());

/** Every .go file below dir, in a stable order. */
function goFiles(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.isFile() && e.name.endsWith('.go')) out.push(p);
    }
  };
  visit(dir);
  return out;
}

const HOSTILE: string[] = [
  '',
  'package',
  'package p',
  'package p\n',
  'package p; import "a"; import "b"; func f() {}',
  'package p\r\n\r\nimport (\r\n\t"a"\r\n\t"b"\r\n)\r\n\r\nfunc f() {}\r\n',
  '\ufeffpackage p\nimport "a"\n',
  '\ufeff\ufeffpackage p\nimport "a"\n',
  'package p\nimport "a\nimport "b"\n',
  'package p\nimport "a\\"\nfunc f() {}\n',
  'package p\nimport `a\nb`\nfunc f() {}\n',
  'package p\nimport `never closed',
  'package p\nimport ("a" "b"',
  'package p\nimport ("a"; "b";)\nvar x int\n',
  'package p\nimport (\n\t"a" // "fake"\n\t/* "also fake" */ "b"\n)\nconst c = 1\n',
  'package p /* unterminated',
  'package p // comment at EOF',
  'package p\n/* a */ /* b */ import /* c */ x /* d */ "e" /* f */\ntype T int\n',
  'package p\n\n/*\n#include <stdio.h>\n#cgo LDFLAGS: -lm\nstatic void f() { printf("import \\"x\\"\\n"); }\n*/\nimport "C"\n\nimport "unsafe"\n\nfunc g() { C.f() }\n',
  'package p\n\n// #include <stdlib.h>\n// char* s = "*/";\nimport "C"\nimport "fmt"\n',
  '//go:build ignore\n\npackage main\n\nimport "example.com/gen"\n',
  '// +build windows,!cgo\n\npackage p\n\nimport "golang.org/x/sys/windows"\n',
  'package p\nimport "a\u0000"\n',
  'package p\u0000\nimport "a"\n',
  'package p\nimport "a"\nfunc f() {}\n\u0000',
  'package p\nimport ?\nfunc f() {}\n\u0000',
  'package p\nimportx "a"\n',
  'package p\nimport\n',
  'package p\nimport .\n',
  'package p\nimport . "dot"\nimport _ "blank"\nimport π "pi"\n',
  'package π\nimport "ö/ü"\nvar é = 1\n',
  'package p\nimport "a"\ninterface\n',
  'package p\nimport "a"\nif\n',
  'package p\nimport "a"\n/x\n',
  'package p\nimport "a"\n/',
  'package p\nimport "a"\n*/',
  'package p\nimport "\\x00\\377\\u00e9"\n',
  'package p\n;;;;import;"a";;func f(){}',
  `package p\nimport (\n${Array.from({ length: 1500 }, (_, i) => `\t"example.com/very/long/import/path/number/${i}"\n`).join('')})\nfunc f() {}\n`,
  `${'// a long licence header\n'.repeat(2000)}package p\nimport "a"\nfunc f() {}\n`,
];

/** A small deterministic PRNG: the same cases on every run. */
function prng(seed: number) {
  return (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return seed % n;
  };
}

test("readImportHeader reads as go's import reader does: real files, hostile ones, mutations, random bytes", (t) => {
  if (!oracle) return t.skip(`${goroot}/src/cmd/go/internal/imports/read.go is not there: this Go has no sources`);
  const rnd = prng(11);
  const cases: Buffer[] = HOSTILE.map((s) => Buffer.from(s, 'utf8'));
  cases.push(
    Buffer.from([0xef, 0xbb]),
    Buffer.from('package p\nimport "\xff\xfe"\n', 'latin1'),
    Buffer.from('package \x80\x81\nimport "a"\n', 'latin1'),
  );
  const real = goFiles(path.join(goroot, 'src')).filter((f, i) => i % 12 === 0 || /cgo|testdata|imports/.test(f));
  for (const f of real) {
    const b = readFileSync(f);
    cases.push(b);
    const head = readImportHeader(b);
    const around = Math.min(b.length, (head.stop === 'declaration' ? head.end : 200) + 40);
    for (let k = 0; k < 2; k++) {
      const m = Buffer.from(b.subarray(0, around + 40));
      m[rnd(Math.max(1, around))] = [0x00, 0x22, 0x60, 0x2f, 0x2a, 0x0a, 0x3b, 0x28, 0x29, 0x5c, 0x69, 0xff, 0x20, 0x2e, 0x0d][rnd(15)];
      cases.push(m.subarray(0, rnd(m.length + 1)));
    }
  }
  for (let k = 0; k < 300; k++) {
    const random = Buffer.from(Array.from({ length: rnd(200) }, () => rnd(256)));
    cases.push(k % 2 ? Buffer.concat([Buffer.from('package p\nimport ('), random]) : random);
  }

  const names = cases.map((c, i) => sb.write(`cases/${i}.go`, c));
  const r = sb.exec(oracle!, [], { input: `${names.join('\n')}\n` });
  assert.equal(r.status, 0, r.stderr);
  // "<bytes returned> <error, quoted, or -> <each import as hex>…" per case.
  const theirs = r.stdout
    .trim()
    .split('\n')
    .map((l) => {
      const m = /^(\d+) (-|".*") ?(.*)$/.exec(l)!;
      return { n: Number(m[1]), err: m[2] === '-' ? '' : (JSON.parse(m[2]) as string), imports: m[3] ? m[3].split(' ') : [] };
    });
  let compared = 0;
  let fast = 0;
  const view = (c: Buffer, h: ReturnType<typeof readImportHeader>) => {
    const bom = c.length >= 3 && c[0] === 0xef && c[1] === 0xbb && c[2] === 0xbf ? 3 : 0;
    return {
      // go returns what it read but the byte that ended the imports, without a leading BOM; on a NUL, an error.
      n: h.stop === 'nul' ? -1 : h.stop === 'declaration' ? h.end - bom : c.length - bom,
      err: h.stop === 'nul' ? 'unexpected NUL in input' : '',
      imports: h.imports.map((s) => Buffer.from(s, 'latin1').toString('hex')),
    };
  };
  for (const [i, c] of cases.entries()) {
    const go = { n: theirs[i].err ? -1 : theirs[i].n, err: theirs[i].err, imports: theirs[i].imports };
    const what = `case ${i} (${names[i]}): ${JSON.stringify(c.subarray(0, 200).toString('latin1'))}`;
    // The port, byte for byte; the regular expression where it answers; and both together.
    assert.deepEqual(view(c, portedReadImports(c)), go, `port, ${what}`);
    const f = fastReadImports(c);
    if (f) {
      assert.deepEqual(view(c, f), go, `fast path, ${what}`);
      fast++;
    }
    assert.deepEqual(view(c, readImportHeader(c)), go, what);
    compared++;
  }
  assert.ok(fast > real.length / 2, `the fast path answered ${fast} of ${cases.length}`);
  assert.ok(compared > 1000 && real.length > 300, `${compared} cases, ${real.length} real files`);
});

test('what the key keeps of a file does not depend on how much of it was read first', () => {
  const rnd = prng(5);
  const samples = goFiles(path.join(goroot, 'src')).filter((_, i) => i % 40 === 0);
  samples.push(...HOSTILE.map((s, i) => sb.write(`hostile/${i}.go`, s)));
  for (const f of samples) {
    const b = readFileSync(f);
    const whole = keyedGoFile(b, true);
    for (const size of [0, 1, rnd(64), rnd(4096), 16 * 1024]) {
      const head = b.subarray(0, size);
      let k = keyedGoFile(head, head.length === b.length);
      if (k === 'more') k = keyedGoFile(b, true);
      assert.deepEqual(k, whole, `${f} read from ${size} bytes`);
    }
  }
  assert.ok(samples.length > 100, `${samples.length} files`);
});
