// Figures of a repository through the real CLI (`node dist/cli.js …`, what users
// run) against `go mod verify` in the same rounds: warm and cold verify, the
// installed pre-push after a .go-only change, peak RSS. Works on a copy (a
// clone of HEAD with a bare local remote), so the repository itself is never
// touched; go runs offline (GOPROXY=off, GOFLAGS=-mod=readonly) with a scratch
// GOCACHE, so a shared module cache is only read.

import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BuildListUnit } from '../../src/modcache/index.js';
import { CLI, makeSandbox, type Sandbox } from '../testkit/sandbox.js';
import { goModVerify } from './engine.js';
import { ratioRow, roundRobin, rssRow, RUNS, timed, type Contender, type Row, type Timed } from './measure.js';

export interface RepoCopy {
  label: string;
  /** The clone the figures run in, hooks installed, branch pushed to `remote`. */
  work: string;
  remote: string;
  gomodcache: string;
  /** The developer's environment the CLI and go run with; XDG_CACHE_HOME holds the warm snapshot. */
  env: NodeJS.ProcessEnv;
  sb: Sandbox;
  cleanup(): void;
}

/** Clones HEAD of `repo` (a git work tree) next to a bare remote, installs the hooks and commits gohooks.json. */
export function copyRepository(label: string, repo: string, gomodcache: string): RepoCopy {
  const sb = makeSandbox('gohooks-bench-repo-');
  try {
    const env: NodeJS.ProcessEnv = {
      ...sb.env,
      GOMODCACHE: gomodcache,
      GOPROXY: 'off',
      GOFLAGS: '-mod=readonly',
      XDG_CACHE_HOME: path.join(sb.dir, 'cache-warm'),
    };
    const top = sb.exec('git', ['rev-parse', '--show-toplevel'], { cwd: repo, env });
    if (top.status !== 0) throw new Error(`${repo}: not a git work tree (the bench clones its HEAD): ${top.stderr.trim()}`);
    const dirty = sb.exec('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repo, env }).stdout.trim();
    if (dirty)
      process.stderr.write(`${label}: ${dirty.split('\n').length} uncommitted changes in ${repo} are not in the bench's copy (HEAD)\n`);
    const remote = path.join(sb.dir, 'remote.git');
    const work = path.join(sb.dir, 'work');
    // --no-hardlinks: cleanup makes the sandbox writable, which must not reach the repository's own objects.
    sb.run('git', ['clone', '-q', '--bare', '--no-hardlinks', repo, remote], { env });
    sb.run('git', ['clone', '-q', remote, work], { env });
    sb.run(process.execPath, [CLI, 'install'], { cwd: work, env });
    sb.run('git', ['add', '-A'], { cwd: work, env });
    sb.run('git', ['commit', '-q', '--no-verify', '--allow-empty', '-m', 'gohooks install'], { cwd: work, env });
    sb.run('git', ['push', '-q', '--no-verify', 'origin', 'HEAD'], { cwd: work, env });
    return { label, work, remote, gomodcache, env, sb, cleanup: () => sb.cleanup() };
  } catch (e) {
    sb.cleanup();
    throw e;
  }
}

/** A tracked .go file of the root module (else of any module), not vendored, not test data, to edit before each push. */
function goFileToEdit(copy: RepoCopy, units: BuildListUnit[]): string {
  const files = copy.sb
    .run('git', ['ls-files', '*.go'], { cwd: copy.work, env: copy.env })
    .split('\n')
    .filter((f) => f && !f.split('/').some((part) => part === 'vendor' || part === 'testdata' || /^[._]/.test(part)));
  const moduleDirs = units.map((u) => path.relative(copy.work, u.dir)).sort((a, b) => b.length - a.length);
  const moduleOf = (f: string) => moduleDirs.find((d) => d === '' || f.startsWith(`${d}/`));
  const pick = files.find((f) => moduleOf(f) === '') ?? files[0];
  if (!pick) throw new Error(`${copy.label}: no .go file to change for the pre-push figure`);
  return pick;
}

export interface VerifyFigure {
  name: string;
  /** warm: the snapshot of the previous runs; cold: a fresh, empty user cache dir for every run. */
  snapshot: 'warm' | 'cold';
  args: string[];
  maxRatio?: number;
  /** Report this run's peak RSS under this label. */
  rssLabel?: string;
}

export interface RepoFigures {
  copy: RepoCopy;
  /** The go mod verify runs the figures are divided by, and how the row names them. */
  baseline: { name: string; units: BuildListUnit[] };
  verify: VerifyFigure[];
  /** The installed pre-push after a commit that changes one .go file (no import change), warm snapshot. */
  prePush?: { maxRatio: number };
  rss?: { name: string; maxMB: number };
}

/** The figures of one repository, each against the baseline measured in the same rounds. */
export function benchRepositoryCli(f: RepoFigures): Row[] {
  const { copy } = f;
  const cli = (args: string[], env: NodeJS.ProcessEnv): Timed =>
    timed(process.execPath, [CLI, ...args], { cwd: copy.work, env, okCodes: [0, 1], rss: true });
  let failedUnits = 0;
  const baseline: Contender = {
    run: () => {
      const r = goModVerify(f.baseline.units, copy.env);
      failedUnits = Math.max(failedUnits, r.failed);
      return r.ms;
    },
  };
  const coldDir = path.join(copy.sb.dir, 'cache-cold');
  const contenders: Contender[] = f.verify.map((v) =>
    v.snapshot === 'warm'
      ? { run: () => cli(v.args, copy.env) }
      : {
          prepare: () => {
            rmSync(coldDir, { recursive: true, force: true });
            mkdirSync(coldDir);
          },
          run: () => cli(v.args, { ...copy.env, XDG_CACHE_HOME: coldDir }),
        },
  );
  let pushes = 0;
  const goFile = f.prePush ? goFileToEdit(copy, f.baseline.units) : '';
  const commitGoChange = () => {
    appendFileSync(path.join(copy.work, goFile), `// gohooks bench ${++pushes}\n`);
    copy.sb.run('git', ['commit', '-q', '--no-verify', '-am', `bench: change ${goFile}`], { cwd: copy.work, env: copy.env });
  };
  if (f.prePush) {
    contenders.push({
      prepare: commitGoChange,
      run: () => timed('git', ['push', '-q', 'origin', 'HEAD'], { cwd: copy.work, env: copy.env, rss: true }),
    });
  }
  process.stderr.write(`${copy.label}: ${1 + contenders.length} commands alternated, ${RUNS} rounds …\n`);
  const [base, ...results] = roundRobin([baseline, ...contenders]);

  const rows: Row[] = [
    {
      name: `${copy.label}: ${f.baseline.name} (baseline)`,
      value: `${base.ms.toFixed(0)} ms${failedUnits ? `; ${failedUnits} of ${f.baseline.units.length} go mod verify runs FAILED` : ''}`,
    },
  ];
  f.verify.forEach((v, i) => rows.push(ratioRow(`${copy.label}: ${v.name} ÷ baseline`, results[i].ms, base.ms, v.maxRatio)));
  if (f.prePush) {
    rows.push(
      ratioRow(
        `${copy.label}: pre-push (git push) after a .go-only change ÷ baseline`,
        results[f.verify.length].ms,
        base.ms,
        f.prePush.maxRatio,
      ),
    );
  }
  if (f.rss) {
    const measured = f.verify.flatMap((v, i) => (v.rssLabel ? [{ label: v.rssLabel, rssMB: results[i].rssMB }] : []));
    rows.push(rssRow(`${copy.label}: ${f.rss.name}`, measured, f.rss.maxMB));
  }
  rows.push({ name: `${copy.label}: what verify (all checks) reported`, value: verifySummary(copy) });
  if (process.env.BENCH_DEBUG_DIR) saveDebugLogs(f, goFile ? commitGoChange : undefined);
  return rows;
}

interface JsonReport {
  findings: { check: string; severity: string; message: string; notChecked?: boolean }[];
  summary: { errors: number; warnings: number; notChecked: number; checks: { id: string; status: string }[] };
}

/** One warm `verify --format json`: which checks ran and what they found, so that no figure hides a skipped check. */
function verifySummary(copy: RepoCopy): string {
  const r = copy.sb.exec(process.execPath, [CLI, 'verify', '--format', 'json'], { cwd: copy.work, env: copy.env });
  let report: JsonReport;
  try {
    report = JSON.parse(r.stdout) as JsonReport;
  } catch {
    return `exit ${r.status}, no JSON: ${r.stderr.trim().split('\n')[0]}`;
  }
  const byStatus = new Map<string, string[]>();
  for (const c of report.summary.checks) byStatus.set(c.status, [...(byStatus.get(c.status) ?? []), c.id]);
  const statuses = [...byStatus].map(([s, ids]) => (s === 'pass' ? `${ids.length} pass` : `${s}: ${ids.join(', ')}`)).join('; ');
  const findings = report.findings
    .filter((x) => x.severity !== 'info' || x.notChecked)
    .map((x) => `${x.check} ${x.notChecked ? 'not checked' : x.severity}: ${x.message.replace(/^not checked: /, '').slice(0, 90)}…`);
  return `exit ${r.status}; ${statuses}${findings.length ? `; ${findings.join(' | ')}` : ''}`;
}

/** BENCH_DEBUG_DIR: one more run of each command with GOHOOKS_DEBUG=1, its timestamps saved (where the time goes). */
function saveDebugLogs(f: RepoFigures, commitGoChange?: () => void): void {
  const { copy } = f;
  const dir = path.resolve(process.env.BENCH_DEBUG_DIR!);
  mkdirSync(dir, { recursive: true });
  const slug = (s: string) => s.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');
  const save = (name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv) => {
    const r = copy.sb.exec(cmd, args, { cwd: copy.work, env: { ...env, GOHOOKS_DEBUG: '1' } });
    const file = path.join(dir, `${slug(copy.label)}-${slug(name)}.log`);
    writeFileSync(file, `$ ${cmd} ${args.join(' ')}  → exit ${r.status}\n${r.stderr}`);
    process.stderr.write(`debug log: ${file}\n`);
  };
  const coldDir = path.join(copy.sb.dir, 'cache-cold-debug');
  for (const v of f.verify) {
    rmSync(coldDir, { recursive: true, force: true });
    save(v.name, process.execPath, [CLI, ...v.args], v.snapshot === 'warm' ? copy.env : { ...copy.env, XDG_CACHE_HOME: coldDir });
  }
  if (commitGoChange) {
    commitGoChange();
    save('pre-push', 'git', ['push', '-q', 'origin', 'HEAD'], copy.env);
  }
}

/** Rows 1–3 and 7 of issue 11 on a real repository and its filled module cache. */
export function benchRealRepository(label: string, repo: string, gomodcache: string, units: (work: string) => BuildListUnit[]): Row[] {
  process.stderr.write(`${label}: copying ${repo} …\n`);
  const copy = copyRepository(label, repo, gomodcache);
  try {
    const u = units(copy.work);
    return benchRepositoryCli({
      copy,
      baseline: { name: `go mod verify ×${u.length} (once per module or workspace, as 0.1)`, units: u },
      verify: [
        { name: 'warm verify --check mod-verify', snapshot: 'warm', args: ['verify', '--check', 'mod-verify'], maxRatio: 0.1 },
        { name: 'warm verify (all checks)', snapshot: 'warm', args: ['verify'], maxRatio: 0.1, rssLabel: 'warm' },
        {
          name: 'cold verify --full --check mod-verify',
          snapshot: 'cold',
          args: ['verify', '--full', '--check', 'mod-verify'],
          maxRatio: 1,
        },
        { name: 'cold verify --full (all checks)', snapshot: 'cold', args: ['verify', '--full'], maxRatio: 1, rssLabel: 'cold --full' },
      ],
      prePush: { maxRatio: 0.15 },
      rss: { name: 'peak RSS of verify (largest process of the tree)', maxMB: 150 },
    });
  } finally {
    copy.cleanup();
  }
}
