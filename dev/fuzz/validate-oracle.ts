// Validates the fuzz oracle against the real go command on generated samples:
//   npx tsx dev/fuzz/validate-oracle.ts   (VALIDATE_CASES per kind, default 400; VALIDATE_SEED)
// Exit 1 on any difference.

import { generateCases, loadSeeds } from './generate.js';
import { buildOracle } from './oracle.js';
import { validateEdit, validateSum } from './validate.js';

const n = Number(process.env.VALIDATE_CASES ?? 400);
const seed = Number(process.env.VALIDATE_SEED ?? 42);
const oracle = buildOracle();
if (typeof oracle === 'string') {
  console.error(`cannot build the oracle: ${oracle}`);
  process.exit(2);
}
const seeds = loadSeeds();
const take = (kind: string, count: number) => {
  const out = [];
  for (let round = 0; out.length < count && round < 50; round++) {
    for (const c of generateCases(seeds, count * 3, seed + round)) if (c.kind === kind && out.length < count) out.push(c);
  }
  return out;
};
const mods = take('go.mod', n) as { kind: 'go.mod'; data: Uint8Array }[];
const works = take('go.work', n) as { kind: 'go.work'; data: Uint8Array }[];
const sums = take('go.sum', n).map((c) => c.data);
let failed = false;
const t0 = Date.now();
const edit = await validateEdit(oracle, [...mods, ...works]);
console.log(
  `go mod edit -json / go work edit -json: ${edit.checked} files (${edit.rejected} rejected by go), ${edit.mismatches.length} differences from the oracle`,
);
const sum = await validateSum(oracle, sums);
console.log(
  `go.sum read by go list -m all: ${sum.checked} files (${sum.rejected} malformed for go), ${sum.mismatches.length} differences from the oracle`,
);
for (const m of [...edit.mismatches, ...sum.mismatches].slice(0, 10)) console.log(JSON.stringify(m, null, 1).slice(0, 2000));
failed = edit.mismatches.length + sum.mismatches.length > 0;
console.log(`${((Date.now() - t0) / 1000).toFixed(0)} s, go ${oracle.goVersion}`);
process.exit(failed ? 1 : 0);
