// Differential fuzzing of gohooks's go.mod / go.work / go.sum parsers against
// the go command's (dev/fuzz/oracle): generate cases, parse them both ways,
// list disagreements, hangs, exceptions and the slowest case; shrink each
// disagreement to a small input and keep it as a regression case.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { decode, differences, isValidUtf8, parseOracle, parseOurs, type OurRun, type Parsed } from './compare.js';
import { generateCases, loadSeeds, type Case } from './generate.js';
import { askOracle, type FileKind, type Oracle } from './oracle.js';
import type { WorkerJob } from './worker.js';

export const REGRESSIONS = fileURLToPath(new URL('../../test/testdata/fuzz-regressions/', import.meta.url));

export interface Finding {
  kind: FileKind;
  origin: string;
  data: Uint8Array;
  what: string[];
}

export interface FuzzReport {
  cases: number;
  seed: number;
  disagreements: Finding[];
  hangs: Finding[];
  threw: Finding[];
  slowest: { ms: number; kind: FileKind; bytes: number; origin: string };
  /** Cases over slowMs. */
  slow: number;
  oursMs: number;
  oracleMs: number;
}

export interface FuzzOptions {
  cases: number;
  seed: number;
  batch?: number;
  /** A case still running after this long is a hang (the worker is terminated). */
  hangMs?: number;
  slowMs?: number;
  onBatch?: (done: number, report: FuzzReport) => void;
}

type Slot = OurRun | 'hang';

/** Runs gohooks's parsers in a worker thread with a watchdog. */
export class ParserRunner {
  private worker: Worker | undefined;

  constructor(private readonly hangMs: number) {}

  private spawn(): Worker {
    this.worker ??= new Worker(new URL('./worker.mjs', import.meta.url));
    return this.worker;
  }

  async run(cases: { kind: FileKind; data: Uint8Array }[]): Promise<Slot[]> {
    const slots: (Slot | undefined)[] = new Array(cases.length);
    let offset = 0;
    while (offset < cases.length) {
      const pending = cases.slice(offset).map((c, i) => (slots[offset + i] === 'hang' ? { kind: c.kind, data: new Uint8Array() } : c));
      const result = await this.runOnce(pending);
      if (Array.isArray(result)) {
        result.forEach((r, i) => {
          if (slots[offset + i] !== 'hang') slots[offset + i] = r;
        });
        break;
      }
      slots[offset + result.hungAt] = 'hang';
      // Run everything from the same offset again, skipping the hung case (its slot is kept).
    }
    return slots as Slot[];
  }

  private runOnce(cases: { kind: FileKind; data: Uint8Array }[]): Promise<OurRun[] | { hungAt: number }> {
    const worker = this.spawn();
    const progress = new SharedArrayBuffer(4);
    const view = new Int32Array(progress);
    return new Promise((resolve, reject) => {
      let last = 0;
      let since = Date.now();
      const timer = setInterval(() => {
        const now = Atomics.load(view, 0);
        if (now !== last) {
          last = now;
          since = Date.now();
        } else if (now > 0 && Date.now() - since > this.hangMs) {
          cleanup();
          void worker.terminate();
          this.worker = undefined;
          resolve({ hungAt: now - 1 });
        }
      }, 20);
      const onMessage = (runs: OurRun[]) => {
        cleanup();
        resolve(runs);
      };
      const onError = (e: Error) => {
        cleanup();
        this.worker = undefined;
        reject(e);
      };
      const cleanup = () => {
        clearInterval(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage({ cases, progress, offset: 0 } satisfies WorkerJob);
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}

function compareOne(kind: FileKind, data: Uint8Array, ours: Parsed, go: Parsed): string[] {
  return differences(kind, ours, go, isValidUtf8(data));
}

/** Shrinks a disagreeing input by deleting chunks (then single bytes) while the same kind of difference remains. */
export function shrink(oracle: Oracle, kind: FileKind, data: Uint8Array, what: string[], maxRounds = 200): Uint8Array {
  const category = (w: string[]) => w[0]?.split(':')[0];
  const want = category(what);
  let cur: Buffer = Buffer.from(data);
  let chunk = Math.max(1, cur.length >> 1);
  for (let round = 0; round < maxRounds && cur.length > 0; round++) {
    const candidates: Buffer[] = [];
    for (let i = 0; i < cur.length; i += chunk) candidates.push(Buffer.concat([cur.subarray(0, i), cur.subarray(i + chunk)]));
    const answers = askOracle(
      oracle,
      candidates.map((c) => ({ kind, data: c })),
    );
    const hit = candidates.findIndex((c, i) => {
      try {
        return category(compareOne(kind, c, parseOurs(kind, decode(c)), parseOracle(kind, answers[i]))) === want;
      } catch {
        return false;
      }
    });
    if (hit >= 0) cur = candidates[hit];
    else if (chunk === 1) break;
    else chunk = Math.max(1, chunk >> 1);
  }
  return new Uint8Array(cur);
}

export interface Regression {
  kind: FileKind;
  /** How the case was found. */
  origin: string;
  /** The input, base64 (the source of truth), and as text when it is valid UTF-8. */
  base64: string;
  text?: string;
  /** The go command's parse (dev/fuzz/oracle), which gohooks must match. */
  expected: Parsed;
  goVersion: string;
}

/** Keeps a case as test/testdata/fuzz-regressions/<kind>-<hash>.json with the oracle's answer. Returns the file name. */
export function saveRegression(oracle: Oracle, kind: FileKind, data: Uint8Array, origin: string): string {
  const [answer] = askOracle(oracle, [{ kind, data }]);
  const buf = Buffer.from(data);
  const reg: Regression = {
    kind,
    origin,
    base64: buf.toString('base64'),
    text: isValidUtf8(data) ? buf.toString('utf8') : undefined,
    expected: parseOracle(kind, answer),
    goVersion: oracle.goVersion,
  };
  const name = `${kind.replace('.', '')}-${createHash('sha256').update(buf).digest('hex').slice(0, 12)}.json`;
  mkdirSync(REGRESSIONS, { recursive: true });
  const file = path.join(REGRESSIONS, name);
  if (!existsSync(file)) writeFileSync(file, `${JSON.stringify(reg, null, 2)}\n`);
  return name;
}

export function loadRegressions(): { name: string; reg: Regression }[] {
  if (!existsSync(REGRESSIONS)) return [];
  return readdirSync(REGRESSIONS)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((name) => ({ name, reg: JSON.parse(readFileSync(path.join(REGRESSIONS, name), 'utf8')) as Regression }));
}

/** The regression inputs, as extra fuzz seeds. */
function regressionSeeds() {
  return loadRegressions().map(({ name, reg }) => ({
    kind: reg.kind,
    name: `regression:${name}`,
    data: Buffer.from(reg.base64, 'base64'),
  }));
}

export async function fuzz(oracle: Oracle, opts: FuzzOptions): Promise<FuzzReport> {
  const batch = opts.batch ?? 2000;
  const slowMs = opts.slowMs ?? 250;
  const seeds = [...loadSeeds(), ...regressionSeeds()];
  const runner = new ParserRunner(opts.hangMs ?? 5000);
  const report: FuzzReport = {
    cases: 0,
    seed: opts.seed,
    disagreements: [],
    hangs: [],
    threw: [],
    slowest: { ms: 0, kind: 'go.mod', bytes: 0, origin: '' },
    slow: 0,
    oursMs: 0,
    oracleMs: 0,
  };
  try {
    for (let done = 0, b = 0; done < opts.cases; b++) {
      const n = Math.min(batch, opts.cases - done);
      // One fast-check seed per batch, derived from the run's seed: any batch can be replayed.
      const cases: Case[] = generateCases(seeds, n, (opts.seed + b * 7919) | 0);
      let t0 = Date.now();
      const ours = await runner.run(cases);
      report.oursMs += Date.now() - t0;
      t0 = Date.now();
      const answers = askOracle(oracle, cases);
      report.oracleMs += Date.now() - t0;
      cases.forEach((c, i) => {
        const r = ours[i];
        if (r === 'hang') {
          report.hangs.push({ kind: c.kind, origin: c.origin, data: c.data, what: ['hang'] });
          return;
        }
        if (r.ms > report.slowest.ms) report.slowest = { ms: r.ms, kind: c.kind, bytes: c.data.length, origin: c.origin };
        if (r.ms > slowMs) report.slow++;
        if (r.threw !== undefined || !r.parsed) {
          report.threw.push({ kind: c.kind, origin: c.origin, data: c.data, what: [r.threw ?? 'no result'] });
          return;
        }
        const what = compareOne(c.kind, c.data, r.parsed, parseOracle(c.kind, answers[i]));
        if (what.length > 0) report.disagreements.push({ kind: c.kind, origin: c.origin, data: c.data, what });
      });
      done += n;
      report.cases = done;
      opts.onBatch?.(done, report);
    }
  } finally {
    await runner.close();
  }
  return report;
}
