// Differential fuzzing of the go.mod / go.work / go.sum parsers against the go
// command's own parser (dev/fuzz; `npm run fuzz` is the long run). The oracle
// is built from the golang.org/x/mod copy inside GOROOT; when it cannot be
// built these tests are skipped and say why. The regression cases replay
// without go.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decode, differences, isValidUtf8, parseOurs } from '../dev/fuzz/compare.js';
import { fuzz, loadRegressions } from '../dev/fuzz/fuzz.js';
import { generateCases, loadSeeds } from '../dev/fuzz/generate.js';
import { buildOracle } from '../dev/fuzz/oracle.js';
import { validateEdit, validateSum } from '../dev/fuzz/validate.js';

const CASES = Number(process.env.FUZZ_TEST_CASES ?? 3000);
const SEED = Number(process.env.FUZZ_TEST_SEED ?? 20261124);

const oracle = buildOracle();
const skip = typeof oracle === 'string' ? `the go parser oracle cannot be built: ${oracle}` : false;

test('every disagreement ever found replays: gohooks parses it as the go command did', () => {
  const regs = loadRegressions();
  assert.ok(regs.length > 0, 'test/testdata/fuzz-regressions/ holds the cases');
  for (const { name, reg } of regs) {
    const data = Buffer.from(reg.base64, 'base64');
    const ours = parseOurs(reg.kind, decode(data));
    assert.deepEqual(differences(reg.kind, ours, reg.expected, isValidUtf8(data)), [], `${name} (${reg.origin})`);
  }
});

const enc = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const HOSTILE_MODS = [
  'module m\n\ngo 1.21\n\nrequire\u00a0(\n)\n',
  '\ufeffmodule m\n',
  'module m\x00\n',
  'module m\n\x1b[31m\n',
  'module m\n"\x1b[31m" x\n',
  'module m\nrequire "a\\\n" v1.0.0\n',
  'module m\nrequire (\n a v1.0.0 )\n',
  'module m\nrequire (\n) x\n',
  'module m\ngodebug (\n=======\n)\n',
  'module m\n<<<<<<< HEAD\nrequire a v1.0.0\n=======\n>>>>>>> b\n',
  'module m\nrequire a v1.2\nexclude a v1.2.3+meta\nretract master\n',
  '// Deprecated: x\n\nmodule m\n',
  'module m\nrequire (\n\t// c\n\n\ta v1.0.0 // indirect;x\n)\n',
  'module m\nreplace a => .\\c\n',
];
const HOSTILE_WORKS = ['go 1.22\nuse (\n\t.\n)\nuse\u00a0./x\n', 'go 1.22\nrequire a v1.0.0\n', 'use "./a b"\nreplace a v1.0.0 => ./x\n'];
const HOSTILE_SUMS = [
  'a\u00a0b c\n',
  'a b\u0085c\r\n',
  '\ufeffa b c\n',
  '<<<<<<< HEAD\n',
  'a b c\n=======\n',
  'x y h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=\n\n\n',
];

test(
  'the oracle answers like the real go command: go mod edit -json, go work edit -json, go.sum read by go list -m all',
  { skip },
  async (t) => {
    if (typeof oracle === 'string') return;
    const generated = generateCases(loadSeeds(), 300, SEED + 1);
    const mods = [...HOSTILE_MODS.map(enc), ...generated.filter((c) => c.kind === 'go.mod').map((c) => c.data)].slice(0, 60);
    const works = [...HOSTILE_WORKS.map(enc), ...generated.filter((c) => c.kind === 'go.work').map((c) => c.data)].slice(0, 20);
    const sums = [...HOSTILE_SUMS.map(enc), ...generated.filter((c) => c.kind === 'go.sum').map((c) => c.data)].slice(0, 40);
    const edit = await validateEdit(oracle, [
      ...mods.map((data) => ({ kind: 'go.mod' as const, data })),
      ...works.map((data) => ({ kind: 'go.work' as const, data })),
    ]);
    assert.deepEqual(edit.mismatches, []);
    assert.ok(edit.rejected > 10 && edit.rejected < edit.checked, `${edit.rejected} of ${edit.checked} rejected by go`);
    const sum = await validateSum(oracle, sums);
    assert.deepEqual(sum.mismatches, []);
    assert.ok(sum.rejected > 3 && sum.rejected < sum.checked, `${sum.rejected} of ${sum.checked} malformed for go`);
    t.diagnostic(
      `oracle = go ${oracle.goVersion} on ${edit.checked} go.mod/go.work (${edit.rejected} rejected) and ${sum.checked} go.sum (${sum.rejected} malformed)`,
    );
  },
);

test(`bounded differential fuzz: ${CASES} cases agree with the go command, none hangs or throws`, { skip }, async (t) => {
  if (typeof oracle === 'string') return;
  const report = await fuzz(oracle, { cases: CASES, seed: SEED, hangMs: 10_000 });
  const show = (f: { kind: string; origin: string; data: Uint8Array; what: string[] }) =>
    `[${f.kind}] ${f.origin}: ${f.what.join('; ')}\n  input: ${JSON.stringify(Buffer.from(f.data).toString('utf8')).slice(0, 400)}`;
  assert.deepEqual(report.hangs.map(show), []);
  assert.deepEqual(report.threw.map(show), []);
  assert.deepEqual(report.disagreements.map(show), []);
  assert.equal(report.cases, CASES);
  const s = report.slowest;
  t.diagnostic(
    `${report.cases} cases (seed ${SEED}): 0 disagreements, 0 hangs; slowest ${s.ms.toFixed(1)} ms (${s.kind}, ${s.bytes} bytes)`,
  );
});
