// How the benchmark measures: medians of BENCH_RUNS runs, the commands of a
// figure alternated with their baseline in the same rounds, wall time of whole
// processes (what a user waits for), peak RSS through /usr/bin/time.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';

export const RUNS = Number(process.env.BENCH_RUNS ?? 7);

export interface Row {
  name: string;
  value: string;
  target?: string;
  /** Whether the value meets the target (only where there is one). */
  met?: boolean;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export interface Timed {
  ms: number;
  /** Peak resident set of the largest process of the tree (wait4's ru_maxrss, as /usr/bin/time -f %M), MB. */
  rssMB?: number;
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Exit codes that count as a run (default 0 only); another one throws with the command's output. */
  okCodes?: number[];
  /** Also measure the peak RSS (needs /usr/bin/time; without it rssMB stays undefined). */
  rss?: boolean;
}

const GNU_TIME = '/usr/bin/time';

/** Runs one command to its end and returns its wall time (and peak RSS when asked). */
export function timed(cmd: string, args: string[], o: RunOptions): Timed {
  const rssFile = o.rss && existsSync(GNU_TIME) ? path.join(mkdtempSync(path.join(tmpdir(), 'gohooks-bench-rss-')), 'rss') : undefined;
  const [file, argv] = rssFile ? [GNU_TIME, ['-f', '%M', '-o', rssFile, cmd, ...args]] : [cmd, args];
  const t = performance.now();
  const r = spawnSync(file, argv, { cwd: o.cwd, env: o.env, encoding: 'utf8', maxBuffer: 256 << 20 });
  const ms = performance.now() - t;
  let rssMB: number | undefined;
  if (rssFile) {
    // time writes "Command exited with non-zero status N" before the figure when the command fails.
    const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
    rmSync(path.dirname(rssFile), { recursive: true, force: true });
    if (Number.isFinite(kb)) rssMB = kb / 1024;
  }
  if (!(o.okCodes ?? [0]).includes(r.status ?? -1)) {
    throw new Error(
      `${cmd} ${args.join(' ')} (in ${o.cwd}) exited ${r.status ?? r.signal}:\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-4000)}`,
    );
  }
  return { ms, rssMB };
}

export function timeCommand(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, okCodes = [0]): number {
  return timed(cmd, args, { cwd, env, okCodes }).ms;
}

/** Runs the two commands alternately RUNS times (after one warm-up each) and returns both medians. */
export function compare(a: () => number, b: () => number): [number, number] {
  const [x, y] = roundRobin([{ run: a }, { run: b }]);
  return [x.ms, y.ms];
}

export interface Contender {
  /** Untimed, before every run (a fresh cache directory, a new commit to push). */
  prepare?: () => void;
  run: () => Timed | number;
}

export interface Result {
  /** Median wall time. */
  ms: number;
  /** Highest peak RSS over the runs, when measured. */
  rssMB?: number;
}

/**
 * One warm-up run of each contender, then RUNS rounds in which each runs once, in order: a figure and its
 * baseline see the same machine load, page cache and CPU frequency.
 */
export function roundRobin(contenders: Contender[]): Result[] {
  const once = (c: Contender): Timed => {
    c.prepare?.();
    const r = c.run();
    return typeof r === 'number' ? { ms: r } : r;
  };
  for (const c of contenders) once(c);
  const runs: Timed[][] = contenders.map(() => []);
  for (let i = 0; i < RUNS; i++) contenders.forEach((c, k) => runs[k].push(once(c)));
  return runs.map((rs) => {
    const rss = rs.map((r) => r.rssMB).filter((x): x is number => x !== undefined);
    return { ms: median(rs.map((r) => r.ms)), rssMB: rss.length ? Math.max(...rss) : undefined };
  });
}

/** A figure as a ratio against its baseline: "0.081× (812 ms)", checked against the highest ratio allowed. */
export function ratioRow(name: string, ms: number, baselineMs: number, maxRatio?: number): Row {
  const ratio = ms / baselineMs;
  return {
    name,
    value: `${ratio.toFixed(3)}× (${ms.toFixed(0)} ms)`,
    ...(maxRatio === undefined ? {} : { target: `≤ ${maxRatio.toFixed(2)}×`, met: ratio <= maxRatio }),
  };
}

export function rssRow(name: string, results: { label: string; rssMB?: number }[], maxMB: number): Row {
  const known = results.filter((r) => r.rssMB !== undefined);
  if (!known.length) return { name, value: `not measured (no ${GNU_TIME})`, target: `≤ ${maxMB} MB` };
  const peak = Math.max(...known.map((r) => r.rssMB!));
  return {
    name,
    value: known.map((r) => `${r.rssMB!.toFixed(0)} MB ${r.label}`).join(' / '),
    target: `≤ ${maxMB} MB`,
    met: peak <= maxMB,
  };
}

export function machine(): string {
  return `${cpus().length} CPUs, load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`;
}

export function printRows(title: string, rows: Row[]): void {
  const w = Math.max(...rows.map((r) => r.name.length));
  process.stdout.write(`${title}\n`);
  for (const r of rows) {
    const target = r.target ? `   target ${r.target}${r.met === undefined ? '' : r.met ? '  ok' : '  MISSED'}` : '';
    process.stdout.write(`  ${r.name.padEnd(w)}  ${r.value}${target}\n`);
  }
}
