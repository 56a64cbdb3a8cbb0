// `npm run bench`: each figure as a ratio against a baseline measured in the
// same run (medians of several runs), never as an absolute timed assertion.

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkGoSum } from '../../src/checks/go-sum.js';
import { parseGoSum } from '../../src/gomod/gosum.js';
import { parseModFile } from '../../src/gomod/modfile.js';
import { gitCommitAll, gitInit, makeGoModule } from '../testkit/project.js';
import { libModule } from '../testkit/proxy.js';
import { CLI, makeSandbox, type Sandbox } from '../testkit/sandbox.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function timeCommand(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, okCodes = [0]): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  const ms = performance.now() - t;
  if (!okCodes.includes(r.status ?? -1)) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** Runs the two commands alternately RUNS times (after one warm-up each) and returns both medians. */
function compare(a: () => number, b: () => number): [number, number] {
  a();
  b();
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    as.push(a());
    bs.push(b());
  }
  return [median(as), median(bs)];
}

function dirSize(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n += e.isDirectory() ? dirSize(p) : statSync(p).size;
  }
  return n;
}

interface Row {
  name: string;
  value: string;
  target?: string;
}

/** A module with 100 dependencies of ~2 MB each: what real module caches look like. */
function bigModule(sb: Sandbox): { dir: string; deps: { path: string; version: string }[] } {
  const DEPS = 100;
  const PER_DEP = 2 * 1024 * 1024 + 64 * 1024;
  const deps = Array.from({ length: DEPS }, (_, i) => ({ path: `example.com/bench/dep${String(i).padStart(3, '0')}`, version: 'v1.0.0' }));
  process.stderr.write(`building ${DEPS} dependencies of ${(PER_DEP / 1048576).toFixed(1)} MB each …\n`);
  sb.addModules(deps.map((d) => libModule(d.path, d.version, { 'testdata/blob.bin': randomBytes(PER_DEP) })));
  const dir = makeGoModule(sb, { rel: 'big', modulePath: 'example.org/bench/big', deps });
  return { dir, deps };
}

function benchModVerify(sb: Sandbox, dir: string, depCount: number, rows: Row[]): void {
  const cacheMB = dirSize(path.join(sb.modcache, 'example.com')) / 1048576;
  const env = { ...sb.env, GOPROXY: 'off' };
  const [gohooks, raw] = compare(
    () => timeCommand(process.execPath, [CLI, 'verify', '--check', 'mod-verify'], dir, sb.env),
    () => timeCommand('go', ['mod', 'verify'], dir, env),
  );
  rows.push({ name: `go mod verify, ${depCount} deps, ${cacheMB.toFixed(0)} MB extracted (raw)`, value: `${raw.toFixed(0)} ms` });
  rows.push({
    name: 'gohooks verify --check mod-verify ÷ raw go mod verify',
    value: `${(gohooks / raw).toFixed(3)}× (${gohooks.toFixed(0)} ms)`,
    target: '≤ 1.10×',
  });
  // What gohooks itself adds, beyond starting node (node -e 0, measured right after).
  const node = median(Array.from({ length: RUNS }, () => timeCommand(process.execPath, ['-e', '0'], dir, sb.env)));
  rows.push({
    name: "  the same without node's own start-up: (gohooks − node -e 0) ÷ raw",
    value: `${((gohooks - node) / raw).toFixed(3)}× (node -e 0 = ${node.toFixed(0)} ms)`,
  });
}

function benchGoSum(rows: Row[]): void {
  const N = 5000;
  const h = (i: number, k: string) => `h1:${Buffer.from(`${k}${i}`.padEnd(32, 'x')).toString('base64').slice(0, 43)}=`;
  const requires = Array.from({ length: N }, (_, i) => `\texample.com/mod${i} v1.${i % 50}.0${i % 7 === 0 ? ' // indirect' : ''}`);
  const modText = `module example.com/big\n\ngo 1.22\n\nrequire (\n${requires.join('\n')}\n)\n`;
  const sumText = Array.from(
    { length: N },
    (_, i) => `example.com/mod${i} v1.${i % 50}.0 ${h(i, 'z')}\nexample.com/mod${i} v1.${i % 50}.0/go.mod ${h(i, 'm')}\n`,
  ).join('');
  const once = () => {
    const t = performance.now();
    const mod = parseModFile(modText);
    const sum = parseGoSum(sumText);
    const drafts = checkGoSum({ rel: '.', dir: '/', modFile: 'go.mod', sumFile: 'go.sum', modText, mod, path: 'example.com/big' }, sum);
    if (drafts.length !== 0 || sum.lineCount !== 2 * N) throw new Error('go.sum benchmark input is not clean');
    return performance.now() - t;
  };
  for (let i = 0; i < 3; i++) once();
  const ms = median(Array.from({ length: Math.max(RUNS, 15) }, once));
  rows.push({
    name: `go.sum parse + go-sum check, ${2 * N} lines (+ go.mod with ${N} requires)`,
    value: `${ms.toFixed(1)} ms`,
    target: '≤ 50 ms',
  });
}

function hookRun(dir: string, env: NodeJS.ProcessEnv, hook = 'pre-commit'): number {
  return timeCommand('git', ['hook', 'run', hook], dir, env, [0, 1]);
}

/** The hook budget: nothing Go-relevant staged must not start node. */
function benchHookFastPath(sb: Sandbox, rows: Row[]): void {
  // A .husky/ directory makes install use husky's layout; without one it installs shims.
  const repoWith = (rel: string, install: string[], withHusky = false) => {
    const dir = makeGoModule(sb, { rel, modulePath: `example.org/bench/${rel}` });
    gitInit(sb, rel);
    gitCommitAll(sb, dir);
    if (withHusky) mkdirSync(path.join(dir, '.husky'));
    if (install.length) sb.run(process.execPath, [CLI, ...install], { cwd: dir });
    writeFileSync(path.join(dir, 'README.md'), 'readme\n');
    sb.run('git', ['add', 'README.md'], { cwd: dir });
    return dir;
  };
  const husky = repoWith('hooked', ['install'], true);
  const shim = repoWith('shimmed', ['install']);
  // Baseline: husky's own stub running an empty .husky/pre-commit.
  const noop = repoWith('noop', ['install'], true);
  writeFileSync(path.join(noop, '.husky/pre-commit'), ':\n');
  const node = () => timeCommand(process.execPath, ['-e', '0'], husky, sb.env);
  const [h, n1] = compare(() => hookRun(husky, sb.env), node);
  const [s, n2] = compare(() => hookRun(shim, sb.env), node);
  const [b, n3] = compare(() => hookRun(noop, sb.env), node);
  rows.push({
    name: 'pre-commit, README staged: husky stub running a no-op ÷ node -e 0 (baseline)',
    value: `${(b / n3).toFixed(2)}× (${b.toFixed(1)} ms)`,
  });
  rows.push({
    name: 'pre-commit, README staged: gohooks, husky layout ÷ node -e 0',
    value: `${(h / n1).toFixed(2)}× (${h.toFixed(1)} ms)`,
    target: '≤ 0.20×',
  });
  rows.push({
    name: 'pre-commit, README staged: gohooks, shim (the default) ÷ node -e 0',
    value: `${(s / n2).toFixed(2)}× (${s.toFixed(1)} ms)`,
    target: '≤ 0.20×',
  });

  appendFileSync(path.join(husky, 'go.mod'), '\n');
  sb.run('git', ['add', 'go.mod'], { cwd: husky });
  const [withGo, n4] = compare(() => hookRun(husky, sb.env), node);
  rows.push({
    name: 'pre-commit, go.mod staged (node starts, checks run)',
    value: `${withGo.toFixed(0)} ms = ${(withGo / n4).toFixed(2)}× node -e 0`,
  });
}

/** Bumping one dependency of the 100-dependency module: the hook checks the staged pair only. */
function benchHookBump(sb: Sandbox, dir: string, deps: { path: string; version: string }[], rows: Row[]): void {
  gitInit(sb, 'big');
  gitCommitAll(sb, dir);
  sb.run(process.execPath, [CLI, 'install'], { cwd: dir });
  sb.addModules([libModule(deps[0].path, 'v1.0.1')]);
  sb.run('go', ['get', `${deps[0].path}@v1.0.1`], { cwd: dir, env: sb.buildEnv });
  sb.run('git', ['add', 'go.mod', 'go.sum'], { cwd: dir });
  const [hook, verify] = compare(
    () => hookRun(dir, sb.env),
    () => timeCommand(process.execPath, [CLI, 'verify'], dir, sb.env, [0, 1]),
  );
  rows.push({
    name: 'pre-commit after bumping 1 of 100 deps ÷ full gohooks verify',
    value: `${(hook / verify).toFixed(2)}× (${hook.toFixed(0)} ms vs ${verify.toFixed(0)} ms)`,
  });
}

/** gohooks doctor must answer within a second (no network, one go env -json). */
function benchDoctor(sb: Sandbox, rows: Row[]): void {
  const dir = makeGoModule(sb, { rel: 'doctor', modulePath: 'example.org/bench/doctor' });
  const [doctor, node] = compare(
    () => timeCommand(process.execPath, [CLI, 'doctor'], dir, sb.env, [0, 1]),
    () => timeCommand(process.execPath, ['-e', '0'], dir, sb.env),
  );
  rows.push({
    name: 'gohooks doctor (all env- checks)',
    value: `${doctor.toFixed(0)} ms = ${(doctor / node).toFixed(2)}× node -e 0`,
    target: '≤ 1000 ms',
  });
}

function benchFixedCost(sb: Sandbox, rows: Row[]): void {
  const dir = makeGoModule(sb, { rel: 'empty', modulePath: 'example.org/bench/empty' });
  const [gohooks, node] = compare(
    () => timeCommand(process.execPath, [CLI, 'verify'], dir, sb.env),
    () => timeCommand(process.execPath, ['-e', '0'], dir, sb.env),
  );
  rows.push({ name: 'node -e 0 (baseline)', value: `${node.toFixed(0)} ms` });
  rows.push({
    name: 'gohooks verify on an empty module (all checks)',
    value: `${gohooks.toFixed(0)} ms = ${(gohooks / node).toFixed(2)}× node -e 0`,
  });
}

function main(): void {
  const sb = makeSandbox('gohooks-bench-');
  const rows: Row[] = [];
  try {
    benchGoSum(rows);
    benchFixedCost(sb, rows);
    benchHookFastPath(sb, rows);
    benchDoctor(sb, rows);
    if (process.env.BENCH_QUICK !== '1') {
      const { dir, deps } = bigModule(sb);
      benchModVerify(sb, dir, deps.length, rows);
      benchHookBump(sb, dir, deps, rows);
    }
  } finally {
    sb.cleanup();
  }
  const w = Math.max(...rows.map((r) => r.name.length));
  process.stdout.write(`gohooks bench (medians of ${RUNS} runs, node ${process.version})\n`);
  for (const r of rows) process.stdout.write(`  ${r.name.padEnd(w)}  ${r.value}${r.target ? `   target ${r.target}` : ''}\n`);
}

main();
