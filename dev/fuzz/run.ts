// npm run fuzz: the long differential fuzz run against the go command's parser.
//   FUZZ_CASES (default 100000), FUZZ_SEED (default: random, printed),
//   FUZZ_HANG_MS (default 5000), FUZZ_BATCH (default 2000),
//   FUZZ_SAVE=0 to not write regression files for what it finds.
// Exit 1 when gohooks disagrees with go, hangs or throws; each such case is
// shrunk and kept under test/testdata/fuzz-regressions/ (replayed by npm test).

import { fuzz, saveRegression, shrink, type Finding } from './fuzz.js';
import { buildOracle } from './oracle.js';

function envInt(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n)) {
    console.error(`${name} must be an integer, not ${JSON.stringify(v)}`);
    process.exit(2);
  }
  return n;
}

const cases = envInt('FUZZ_CASES', 100_000);
const seed = envInt('FUZZ_SEED', Math.floor(Math.random() * 2 ** 31));
const hangMs = envInt('FUZZ_HANG_MS', 5000);
const batch = envInt('FUZZ_BATCH', 2000);
const save = process.env.FUZZ_SAVE !== '0';

const oracle = buildOracle();
if (typeof oracle === 'string') {
  console.error(`fuzz: cannot build the oracle: ${oracle}`);
  process.exit(2);
}
console.log(`fuzz: ${cases} cases, seed ${seed}, oracle ${oracle.goVersion} (${oracle.bin})`);
const started = Date.now();
const report = await fuzz(oracle, {
  cases,
  seed,
  hangMs,
  batch,
  onBatch: (done, r) => {
    const rate = Math.round(done / ((Date.now() - started) / 1000));
    process.stdout.write(
      `  ${done} cases, ${r.disagreements.length} disagreements, ${r.hangs.length} hangs, ${r.threw.length} exceptions (${rate}/s)\n`,
    );
  },
});

const show = (f: Finding) => {
  const text = JSON.stringify(Buffer.from(f.data).toString('utf8'));
  return `  [${f.kind}] ${f.origin}\n    ${f.what.join('\n    ')}\n    input (${f.data.length} bytes): ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`;
};
for (const [title, list] of [
  ['disagreements', report.disagreements],
  ['hangs', report.hangs],
  ['exceptions', report.threw],
] as const) {
  if (list.length === 0) continue;
  console.log(`\n${title}:`);
  for (const f of list.slice(0, 20)) console.log(show(f));
  if (list.length > 20) console.log(`  … and ${list.length - 20} more`);
}

if (save) {
  const saved = new Set<string>();
  for (const f of report.disagreements.slice(0, 50)) {
    const small = shrink(oracle, f.kind, f.data, f.what);
    saved.add(saveRegression(oracle, f.kind, small, `fuzz seed ${seed}: ${f.origin}; ${f.what[0]}`.slice(0, 300)));
  }
  for (const f of [...report.hangs, ...report.threw].slice(0, 50)) {
    saved.add(saveRegression(oracle, f.kind, f.data, `fuzz seed ${seed}: ${f.origin}; ${f.what[0].split('\n')[0]}`.slice(0, 300)));
  }
  if (saved.size > 0) console.log(`\nkept ${saved.size} regression case(s) in test/testdata/fuzz-regressions/: ${[...saved].join(', ')}`);
}

const s = report.slowest;
console.log(`
cases run:      ${report.cases}
disagreements:  ${report.disagreements.length}
hangs:          ${report.hangs.length} (a case still running after ${hangMs} ms)
exceptions:     ${report.threw.length}
slowest case:   ${s.ms.toFixed(1)} ms (${s.kind}, ${s.bytes} bytes, ${s.origin})
over 250 ms:    ${report.slow}
time:           ${((Date.now() - started) / 1000).toFixed(1)} s (gohooks ${(report.oursMs / 1000).toFixed(1)} s, oracle ${(report.oracleMs / 1000).toFixed(1)} s)
seed:           ${seed} (FUZZ_SEED=${seed} FUZZ_CASES=${cases} npm run fuzz replays this run)`);
process.exit(report.disagreements.length + report.hangs.length + report.threw.length > 0 ? 1 : 0);
