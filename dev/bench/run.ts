// `npm run bench`: each figure as a ratio against a baseline measured in the
// same run (medians of several runs), never as an absolute timed assertion.

import { randomBytes } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkGoSum } from '../../src/checks/go-sum.js';
import { parseGoSum } from '../../src/gomod/gosum.js';
import { parseModFile } from '../../src/gomod/modfile.js';
import { packageRoot } from '../../src/package-root.js';
import { bigGraph } from '../testkit/bigproxy.js';
import { gitCommitAll, gitInit, makeGoModule } from '../testkit/project.js';
import { libModule } from '../testkit/proxy.js';
import { CLI, makeSandbox, type Sandbox } from '../testkit/sandbox.js';
import { buildKubernetesFixture, discoverUnits } from './engine.js';
import { compare, machine, median, printRows, ratioRow, RUNS, timeCommand, type Row } from './measure.js';
import { benchRealRepository, benchRepositoryCli, copyRepository } from './repo.js';

function dirSize(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n += e.isDirectory() ? dirSize(p) : statSync(p).size;
  }
  return n;
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
    met: gohooks / raw <= 1.1,
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
    met: ms <= 50,
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
    met: h / n1 <= 0.2,
  });
  rows.push({
    name: 'pre-commit, README staged: gohooks, shim (the default) ÷ node -e 0',
    value: `${(s / n2).toFixed(2)}× (${s.toFixed(1)} ms)`,
    target: '≤ 0.20×',
    met: s / n2 <= 0.2,
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
    met: doctor <= 1000,
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

/** Issue 11: pre-commit with 5 staged .go files (gofmt on the staged blobs, no go.mod change) ÷ node -e 0. */
function benchPreCommitGoFiles(sb: Sandbox, rows: Row[]): void {
  const deps = ['a', 'b', 'c'].map((n) => ({ path: `example.com/bench/pc${n}`, version: 'v1.0.0' }));
  sb.addModules(deps.map((d) => libModule(d.path, d.version)));
  const dir = makeGoModule(sb, { rel: 'precommit', modulePath: 'example.org/bench/precommit', deps });
  gitInit(sb, 'precommit');
  gitCommitAll(sb, dir);
  sb.run(process.execPath, [CLI, 'install'], { cwd: dir });
  gitCommitAll(sb, dir, 'gohooks install');
  for (let i = 1; i <= 5; i++)
    sb.write(`precommit/pkg/util/f${i}.go`, `package util\n\n// F${i} is file ${i} of the commit.\nfunc F${i}() int { return ${i} }\n`);
  sb.run('git', ['add', 'pkg'], { cwd: dir });
  const [hook, node] = compare(
    () => timeCommand('git', ['hook', 'run', 'pre-commit'], dir, sb.env),
    () => timeCommand(process.execPath, ['-e', '0'], dir, sb.env),
  );
  rows.push(ratioRow('pre-commit (git hook run), 5 .go files staged ÷ node -e 0', hook, node, 2.0));
}

/** Issue 11: `gohooks verify --check go-sum` on one module (cli/cli's real go.mod and go.sum) ÷ node -e 0. */
function benchGoSumCli(sb: Sandbox, rows: Row[]): void {
  const dir = path.join(sb.dir, 'gosum');
  mkdirSync(dir);
  const real = path.join(packageRoot(), 'test/testdata/realworld/cli-cli');
  for (const f of ['go.mod', 'go.sum']) copyFileSync(path.join(real, f), path.join(dir, f));
  gitInit(sb, 'gosum');
  gitCommitAll(sb, dir);
  const lines = parseGoSum(readFileSync(path.join(dir, 'go.sum'), 'utf8')).lineCount;
  const [gohooks, node] = compare(
    () => timeCommand(process.execPath, [CLI, 'verify', '--check', 'go-sum'], dir, sb.env),
    () => timeCommand(process.execPath, ['-e', '0'], dir, sb.env),
  );
  rows.push(ratioRow(`verify --check go-sum, one module (cli/cli's, ${lines} go.sum lines) ÷ node -e 0`, gohooks, node, 1.5));
}

/**
 * Issue 11: 10 modules without go.work requiring mostly the same dependencies. gohooks 0.1 ran go mod verify
 * in each; the engine verifies every version once. Baseline: one go mod verify of the largest module.
 */
function benchTenModules(rows: Row[]): void {
  const sb = makeSandbox('gohooks-bench-multi-');
  try {
    const graph = bigGraph({ modules: 60, files: 9000, largeFiles: 1, largeBytes: 8 << 20, seed: 'gohooks-bench-multi' });
    process.stderr.write(`10 modules: building ${graph.specs.length} shared dependencies, ${graph.files} files …\n`);
    sb.addModules(graph.specs);
    // m0 requires every dependency (the largest); m1…m9 each all but a tenth of them.
    for (let m = 0; m < 10; m++) {
      const deps = graph.deps.filter((_, j) => m === 0 || j % 10 !== m);
      makeGoModule(sb, { rel: `multi/m${m}`, modulePath: `example.org/bench/multi/m${m}`, deps });
    }
    const root = gitInit(sb, 'multi');
    gitCommitAll(sb, root);
    const copy = copyRepository('10 modules, no go.work', root, sb.modcache);
    try {
      rows.push({
        name: `${copy.label}`,
        value: `${graph.specs.length} shared dependency versions, ${graph.files} files; m0 requires all, m1…m9 9/10 of them`,
      });
      rows.push(
        ...benchRepositoryCli({
          copy,
          baseline: {
            name: 'go mod verify of the largest module (m0)',
            units: [{ dir: path.join(copy.work, 'm0'), env: { GOWORK: 'off' } }],
          },
          verify: [
            { name: 'warm verify (all checks)', snapshot: 'warm', args: ['verify'], maxRatio: 1.2 },
            { name: 'cold verify --full (all checks)', snapshot: 'cold', args: ['verify', '--full'], maxRatio: 1.2 },
            { name: 'cold verify --full --check mod-verify', snapshot: 'cold', args: ['verify', '--full', '--check', 'mod-verify'] },
          ],
        }),
      );
    } finally {
      copy.cleanup();
    }
  } finally {
    sb.cleanup();
  }
}

/** Issue 11: the generated Kubernetes-size graph (≥ 300 module versions, ≥ 50,000 files), cold and warm, through the CLI. */
function benchKubernetesCli(rows: Row[]): void {
  const sb = makeSandbox('gohooks-bench-k8s-');
  try {
    const fixture = buildKubernetesFixture(sb);
    rows.push({ name: 'k8s-size fixture', value: fixture.description });
    const copy = copyRepository('k8s-size fixture', fixture.dir, sb.modcache);
    try {
      rows.push(
        ...benchRepositoryCli({
          copy,
          baseline: { name: 'go mod verify', units: [{ dir: copy.work }] },
          verify: [
            {
              name: 'warm verify --check mod-verify',
              snapshot: 'warm',
              args: ['verify', '--check', 'mod-verify'],
              maxRatio: 0.1,
              rssLabel: 'warm',
            },
            {
              name: 'cold verify --full --check mod-verify',
              snapshot: 'cold',
              args: ['verify', '--full', '--check', 'mod-verify'],
              maxRatio: 1,
              rssLabel: 'cold --full',
            },
          ],
          rss: { name: 'peak RSS of verify --check mod-verify', maxMB: 150 },
        }),
      );
    } finally {
      copy.cleanup();
    }
  } finally {
    sb.cleanup();
  }
}

const SECTIONS = ['gosum', 'fixed', 'hooks', 'doctor', 'go-sum-cli', 'multi', 'big', 'k8s', 'repos'] as const;
type Section = (typeof SECTIONS)[number];
/** What BENCH_QUICK=1 skips: the sections that build hundreds of MB or run for minutes. */
const SLOW: Section[] = ['multi', 'big', 'k8s'];

const USAGE = `usage: npm run bench -- [--repo DIR --gomodcache DIR]… [--only ${SECTIONS.join(',')}]
  --repo DIR --gomodcache DIR   a git work tree of a real Go repository and its filled module cache (pairs, repeatable);
                                both are only read (the bench clones HEAD; go runs with GOPROXY=off, -mod=readonly)
  --only LIST                   run only these sections (default: all; BENCH_QUICK=1 skips ${SLOW.join(', ')})
environment: BENCH_RUNS=N (rounds, default 7) · BENCH_QUICK=1 · BENCH_DEBUG_DIR=DIR (GOHOOKS_DEBUG logs of each repository command)
`;

function options(): { repos: { dir: string; gomodcache: string }[]; sections: Set<Section> } {
  let values;
  try {
    ({ values } = parseArgs({
      options: { repo: { type: 'string', multiple: true }, gomodcache: { type: 'string', multiple: true }, only: { type: 'string' } },
    }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const repos = values.repo ?? [];
  const caches = values.gomodcache ?? [];
  if (repos.length !== caches.length) {
    process.stderr.write(`each --repo needs its --gomodcache (got ${repos.length} and ${caches.length})\n${USAGE}`);
    process.exit(2);
  }
  const only = values.only?.split(',').map((s) => s.trim()) ?? [];
  const unknown = only.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length) {
    process.stderr.write(`unknown section ${unknown.join(', ')}\n${USAGE}`);
    process.exit(2);
  }
  const missing = [...repos, ...caches].filter((d) => !existsSync(d));
  if (missing.length) {
    process.stderr.write(`not found: ${missing.join(', ')}\n${USAGE}`);
    process.exit(2);
  }
  const quick = process.env.BENCH_QUICK === '1';
  const sections = new Set<Section>(only.length ? (only as Section[]) : SECTIONS.filter((s) => !(quick && SLOW.includes(s))));
  return { repos: repos.map((dir, i) => ({ dir: path.resolve(dir), gomodcache: path.resolve(caches[i]) })), sections };
}

function main(): void {
  const { repos, sections } = options();
  const started = machine();
  const sb = makeSandbox('gohooks-bench-');
  const rows: Row[] = [];
  try {
    if (sections.has('gosum')) benchGoSum(rows);
    if (sections.has('fixed')) benchFixedCost(sb, rows);
    if (sections.has('hooks')) {
      benchHookFastPath(sb, rows);
      benchPreCommitGoFiles(sb, rows);
    }
    if (sections.has('doctor')) benchDoctor(sb, rows);
    if (sections.has('go-sum-cli')) benchGoSumCli(sb, rows);
    if (sections.has('big')) {
      const { dir, deps } = bigModule(sb);
      benchModVerify(sb, dir, deps.length, rows);
      benchHookBump(sb, dir, deps, rows);
    }
  } finally {
    sb.cleanup();
  }
  if (sections.has('multi')) benchTenModules(rows);
  if (sections.has('k8s')) benchKubernetesCli(rows);
  if (sections.has('repos')) {
    for (const r of repos) rows.push(...benchRealRepository(path.basename(r.dir), r.dir, r.gomodcache, discoverUnits));
  }
  printRows(`gohooks bench (medians of ${RUNS} runs, node ${process.version}; at start: ${started}; at end: ${machine()})`, rows);
}

try {
  main();
} catch (e) {
  // A repository that is not a git work tree, a fixture go refuses: the reason, not a stack of tsx frames.
  process.stderr.write(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
