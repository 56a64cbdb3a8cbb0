// Fuzz inputs: real-world go.mod / go.work / go.sum files (test/testdata/realworld)
// and small hand-written seeds, cut to a window of lines and mutated byte-wise
// with what breaks parsers: Unicode spaces, BOM, NUL, CR, control characters,
// quotes and escapes, comments, parentheses and deep nesting, very long lines,
// invalid UTF-8, directive keywords, odd versions and paths. Generated with
// fast-check, so a seed reproduces a run.

import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileKind } from './oracle.js';

export interface Case {
  kind: FileKind;
  data: Uint8Array;
  /** Where it came from, for reports. */
  origin: string;
}

export interface Seed {
  kind: FileKind;
  name: string;
  data: Buffer;
}

const TESTDATA = fileURLToPath(new URL('../../test/testdata/', import.meta.url));

function kindOf(file: string): FileKind | undefined {
  const base = path.basename(file);
  if (base === 'go.mod') return 'go.mod';
  if (base === 'go.work') return 'go.work';
  if (base === 'go.sum' || base === 'go.work.sum') return 'go.sum';
  return undefined;
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
}

// Small files that reach the directives and forms real files rarely use.
const HAND_SEEDS: { kind: FileKind; name: string; text: string }[] = [
  {
    kind: 'go.mod',
    name: 'all-directives',
    text: `// Deprecated: use example.com/new instead.
module example.com/app/v2

go 1.24.0

toolchain go1.24.2

godebug default=go1.21
godebug (
	panicnil=1
	asynctimerchan=0
)

require example.com/a v1.0.0
require (
	example.com/b v1.2.3 // indirect
	"example.com/quoted" v0.1.0 // indirect; needed for tests
	example.com/c v2.0.0+incompatible
	gopkg.in/yaml.v3 v3.0.1
	example.com/pseudo v0.0.0-20191202100458-e7afc7fbc510
)

exclude example.com/a v0.9.0
exclude (
	example.com/b v1.0.0
)
replace example.com/b => ../b
replace example.com/c v2.0.0+incompatible => example.com/fork v1.0.0
replace (
	example.com/d => example.com/d2 v1.1.0
	example.com/e v1.0.0 => ./e
)

// Published by mistake.
retract v2.0.1
retract [v2.1.0, v2.2.0] // broken builds
retract (
	// Security problem.
	v2.3.0

	v2.4.0 // bad tag
)

tool example.com/a/cmd/gen
tool (
	golang.org/x/tools/cmd/stringer
)
ignore ./node_modules
ignore (
	./third_party
	"dir with space"
)
`,
  },
  {
    kind: 'go.mod',
    name: 'module-block',
    text: 'module (\n\t// Deprecated: gone\n\t"example.com/x"\n)\n\ngo 1.21\nrequire example.com/m/v3 v3.1.0\nrequire example.com/y v1.0.0 ()\nrequire ()\n',
  },
  {
    kind: 'go.work',
    name: 'workspace',
    text: 'go 1.23.0\n\ntoolchain go1.23.4\n\ngodebug http2client=0\n\nuse (\n\t.\n\t./api\n\t"./with space"\n\t../outside // comment\n)\nuse ./tools\n\nreplace example.com/x v1.0.0 => ./x\nreplace example.com/y => example.com/z v1.2.3\n',
  },
  {
    kind: 'go.sum',
    name: 'sum',
    text:
      'example.com/a v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n' +
      'example.com/a v1.0.0/go.mod h1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=\n' +
      'example.com/x v1.0.0/go.mod h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=\n',
  },
];

/** The seed corpus: every real-world data file, the hand seeds and the regression cases. */
export function loadSeeds(): Seed[] {
  const files: string[] = [];
  walk(path.join(TESTDATA, 'realworld'), files);
  const seeds: Seed[] = [];
  for (const f of files.sort()) {
    const kind = kindOf(f);
    if (kind) seeds.push({ kind, name: path.relative(TESTDATA, f), data: readFileSync(f) });
  }
  for (const h of HAND_SEEDS) seeds.push({ kind: h.kind, name: `hand:${h.name}`, data: Buffer.from(h.text) });
  return seeds;
}

const u = (s: string) => Buffer.from(s, 'utf8');
const b = (...bytes: number[]) => Buffer.from(bytes);

// Byte strings to splice in.
const DICTIONARY: Buffer[] = [
  // Unicode spaces (unicode.IsSpace) and look-alikes that are not spaces to Go
  ...['\u00a0', '\u0085', '\u1680', '\u2000', '\u2009', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000'].map(u),
  ...['\ufeff', '\u200b', '\u180e', '\u2060', '\u202e', '\u2066', '\u00ad'].map(u),
  // controls
  b(0),
  b(1),
  b(7),
  b(8),
  b(9),
  b(10),
  b(11),
  b(12),
  b(13),
  b(13, 10),
  b(27),
  u('\x1b[31m'),
  b(0x7f),
  u('\u0080'),
  u('\u009b'),
  // invalid UTF-8: stray continuation, truncated sequences, surrogate, overlong, 0xff
  b(0x80),
  b(0xc3),
  b(0xe2, 0x82),
  b(0xf0, 0x9f, 0x98),
  b(0xed, 0xa0, 0x80),
  b(0xc0, 0xaf),
  b(0xff),
  b(0xfe),
  // valid non-ASCII: letters, marks, symbols, emoji, private use, unassigned in Unicode 15
  u('é'),
  u('e\u0301'),
  u('ℵ'),
  u('€'),
  u('😀'),
  u('\ue000'),
  u('\u{2ebf0}'),
  u('\u{1fae9}'),
  // punctuation and quoting
  ...[
    '"',
    '`',
    "'",
    '\\',
    '(',
    ')',
    '[',
    ']',
    '{',
    '}',
    ',',
    ' ',
    '\t',
    '//',
    '/*',
    '*/',
    '=>',
    '=',
    '@',
    '/',
    '.',
    '..',
    '-',
    '+',
    '~',
  ].map(u),
  ...['"\\x41"', '"\\u00e9"', '"\\U0001F600"', '"\\101"', '"\\377"', '"\\xff"', '"\\q"', '"\\\'"', '"\\ud800"', '"a\\\n"', '``', '""'].map(
    u,
  ),
  // directive words and arguments
  ...['module', 'go', 'toolchain', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore', 'use'].map((w) => u(`${w} `)),
  ...['// indirect', '// indirect; x', '// Deprecated: old', '//', '\n\n'].map(u),
  ...['v1.2.3', 'v1.2', 'v1', 'v0.0.0-20191202100458-e7afc7fbc510', 'v2.0.0+incompatible', 'v1.2.3+meta', 'v1.2.3-rc.1', 'v01.2.3'].map(u),
  ...['master', 'latest', '1.21', '1.21.0', '1.21rc1', '1.21.x', 'go1.21', 'go1.21.0', 'default', 'go2', 'local'].map(u),
  ...['example.com/m/v2', 'example.com/m/v1', 'example.com/m/v2.1', 'gopkg.in/yaml.v3', 'gopkg.in/yaml.v03', 'x', 'a@v1.0.0', '-x'].map(u),
  ...['./dir', '../dir', '/abs', 'C:\\x', '.\\x', '\\x', '.', '..', 'com1/x', 'a~1/b', '.hidden/x'].map(u),
  ...['key=value', 'default=go1.21', '=x', 'k='].map(u),
  ...['<<<<<<< HEAD\n', '=======\n', '>>>>>>> branch\n', '||||||| base\n', '<<<<<<< a b\n'].map(u),
  u('h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY='),
  u('h1:short'),
  u(' /go.mod'),
];

// Well-formed and nearly well-formed directive lines, so that many cases still parse
// and the data (requires, replaces, retract rationales…) gets compared, not only errors.
const PATHS = [
  'example.com/a',
  'example.com/m/v2',
  'example.com/m/v3',
  'gopkg.in/yaml.v3',
  '"example.com/q"',
  'golang.org/x/tools',
  'a',
  'Ex.com/Up',
];
const VERSIONS = [
  'v1.0.0',
  'v1.2',
  'v2.0.0+incompatible',
  'v0.0.0-20191202100458-e7afc7fbc510',
  'v1.0.0-rc.1',
  '"v1.0.0"',
  'v3.1.0',
  'v2.0.0',
];
const DIRS = ['./x', '../y', '/abs', '"./a b"', '.'];
const SUFFIXES = ['', '', ' // indirect', ' // indirect; why', ' // a comment', ' // Deprecated: no'];
const pick = <T>(xs: T[]) => fc.constantFrom(...xs);
const directiveLine: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(pick(['require', 'exclude']), pick(PATHS), pick(VERSIONS), pick(SUFFIXES)).map(([v, p, x, c]) => `${v} ${p} ${x}${c}`),
  fc
    .tuple(
      pick(PATHS),
      fc.option(pick(VERSIONS)),
      fc.oneof(
        pick(DIRS),
        fc.tuple(pick(PATHS), pick(VERSIONS)).map(([p, v]) => `${p} ${v}`),
      ),
    )
    .map(([p, v, t]) => `replace ${p}${v ? ` ${v}` : ''} => ${t}`),
  fc.tuple(pick(VERSIONS), pick(VERSIONS), pick(SUFFIXES)).map(([a, b, c]) => `retract [${a}, ${b}]${c}`),
  fc
    .tuple(
      pick(['retract', 'tool', 'ignore', 'use', 'module', 'go', 'toolchain', 'godebug']),
      pick([...PATHS, ...VERSIONS, ...DIRS, '1.22', '1.23.1', 'go1.24.0', 'default', 'k=v', 'default=go1.21']),
    )
    .map(([v, a]) => `${v} ${a}`),
  fc
    .tuple(
      pick(['require', 'exclude', 'replace', 'retract', 'tool', 'ignore', 'use', 'godebug', 'module']),
      fc.array(pick(['// group', '', `example.com/a v1.0.0`, 'v1.0.0', './x', 'k=v', 'example.com/b => ./b']), { maxLength: 4 }),
    )
    .map(([v, lines]) => `${v} (\n${lines.map((l) => `\t${l}\n`).join('')})`),
  fc
    .array(pick(['require', 'example.com/a', 'v1.0.0', '=>', '(', ')', '[', ']', ',', '// c', '"x"', './d']), {
      minLength: 1,
      maxLength: 5,
    })
    .map((t) => t.join(' ')),
);

type Mutation =
  | { op: 'line'; at: number; text: string }
  | { op: 'insert'; at: number; bytes: Buffer }
  | { op: 'delete'; at: number; len: number }
  | { op: 'replace'; at: number; byte: number }
  | { op: 'random'; at: number; bytes: Uint8Array }
  | { op: 'dupLine'; at: number }
  | { op: 'swapLines'; at: number; other: number }
  | { op: 'nest'; at: number; depth: number; newline: boolean }
  | { op: 'long'; at: number; unit: Buffer; times: number }
  | { op: 'truncate'; at: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('line' as const), at: fc.nat(), text: directiveLine }) },
  { weight: 8, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.constantFrom(...DICTIONARY) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('random' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 24 }) }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('dupLine' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('swapLines' as const), at: fc.nat(), other: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('nest' as const),
      at: fc.nat(),
      depth: fc.integer({ min: 2, max: 2000 }),
      newline: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('long' as const),
      at: fc.nat(),
      unit: fc.constantFrom(u('a'), u('a '), u('/'), u('"'), u('\\'), u('('), u('// '), u('\u00a0'), u('v1.0.0 '), u('x\n')),
      times: fc.integer({ min: 100, max: 100_000 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }) },
);

function lineStarts(data: Buffer): number[] {
  const starts = [0];
  for (let i = 0; i < data.length; i++) if (data[i] === 10) starts.push(i + 1);
  return starts;
}

/** Start offsets of the statements of a go.mod/go.work (a "(" block counts as one), or of the lines of a go.sum. */
function statementStarts(data: Buffer, kind: FileKind): number[] {
  const starts = lineStarts(data);
  if (kind === 'go.sum') return starts;
  const out: number[] = [];
  let inBlock = false;
  for (let i = 0; i < starts.length; i++) {
    const line = data.subarray(starts[i], i + 1 < starts.length ? starts[i + 1] : data.length).toString('latin1');
    const code = line.replace(/\/\/.*/, '').trim();
    if (!inBlock) out.push(starts[i]);
    if (!inBlock && code.endsWith('(')) inBlock = true;
    else if (inBlock && code === ')') inBlock = false;
  }
  return out;
}

function apply(data: Buffer, m: Mutation): Buffer {
  const at = m.at % (data.length + 1);
  switch (m.op) {
    case 'line': {
      const starts = lineStarts(data);
      const s = starts[m.at % starts.length];
      return Buffer.concat([data.subarray(0, s), u(`${m.text}\n`), data.subarray(s)]);
    }
    case 'insert':
      return Buffer.concat([data.subarray(0, at), m.bytes, data.subarray(at)]);
    case 'random':
      return Buffer.concat([data.subarray(0, at), m.bytes, data.subarray(at)]);
    case 'delete':
      return Buffer.concat([data.subarray(0, at), data.subarray(Math.min(data.length, at + m.len))]);
    case 'replace': {
      if (data.length === 0) return b(m.byte);
      const out = Buffer.from(data);
      out[m.at % data.length] = m.byte;
      return out;
    }
    case 'truncate':
      return data.subarray(0, at);
    case 'nest': {
      const unit = m.newline ? '(\n' : '(';
      return Buffer.concat([data.subarray(0, at), u(unit.repeat(m.depth)), data.subarray(at)]);
    }
    case 'long':
      return Buffer.concat([data.subarray(0, at), Buffer.alloc(m.unit.length * m.times, m.unit), data.subarray(at)]);
    case 'dupLine':
    case 'swapLines': {
      const starts = lineStarts(data);
      const lines = starts.map((s, i) => data.subarray(s, i + 1 < starts.length ? starts[i + 1] : data.length));
      const i = m.at % lines.length;
      if (m.op === 'dupLine') lines.splice(i, 0, lines[i]);
      else {
        const j = m.other % lines.length;
        [lines[i], lines[j]] = [lines[j], lines[i]];
      }
      return Buffer.concat(lines);
    }
  }
}

/** A fast-check arbitrary of fuzz cases over the given seeds. */
export function caseArbitrary(seeds: Seed[]): fc.Arbitrary<Case> {
  return fc
    .record({
      seed: fc.nat({ max: seeds.length - 1 }),
      // Mostly a window of a few lines (fast, and each mutation matters), one case in five the whole file.
      wholeChance: fc.integer({ min: 0, max: 9 }),
      from: fc.nat(),
      lines: fc.integer({ min: 1, max: 25 }),
      mutations: fc.oneof(
        { weight: 3, arbitrary: fc.constant([] as Mutation[]) },
        { weight: 4, arbitrary: fc.array(mutationArb, { minLength: 1, maxLength: 1 }) },
        { weight: 2, arbitrary: fc.array(mutationArb, { minLength: 2, maxLength: 2 }) },
        { weight: 2, arbitrary: fc.array(mutationArb, { minLength: 3, maxLength: 6 }) },
      ),
    })
    .map(({ seed, wholeChance, from, lines, mutations }) => {
      const s = seeds[seed];
      let data = s.data;
      let origin = s.name;
      if (wholeChance >= 2) {
        const starts = statementStarts(data, s.kind);
        const first = from % starts.length;
        const last = Math.min(starts.length, first + lines);
        data = data.subarray(starts[first], last < starts.length ? starts[last] : data.length);
        origin += `:${first + 1}-${last}`;
      }
      for (const m of mutations) data = apply(data, m);
      if (mutations.length > 0) origin += ` +${mutations.map((m) => m.op).join(',')}`;
      return { kind: s.kind, data: new Uint8Array(data), origin };
    });
}

/** n cases, reproducible from seed. */
export function generateCases(seeds: Seed[], n: number, seed: number): Case[] {
  return fc.sample(caseArbitrary(seeds), { numRuns: n, seed });
}
