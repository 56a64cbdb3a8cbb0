// `npm run realworld [MIRROR[@SHA]…]`: gohooks on real repositories, as a new user meets it.
//
// For each repository (a bare git directory as the `fetch` tool mirrors it, pinned to a commit):
// extract the commit into a temporary git repository, fill a module cache of its own the way
// the README tells a user (`go mod download` in each module), run the built gohooks of this
// checkout (`verify --format json`, every check) on the untouched commit, run each "not checked"
// fix exactly as printed (with the network) and verify again; then install the hooks and make
// realistic changes — a dependency bump with and without `go mod tidy` (and `go mod vendor` where
// vendored), a workspace member bump with go.work unchanged, a gofmt-clean and an unformatted
// .go edit — each committed with `git commit` and pushed with `git push` to a local bare remote,
// so the installed hooks run. An oracle — the go command itself, with the network — says what
// each change broke; each hook run is judged against it. Prints a table, writes results.json.
//
// Needs the Go module proxy, so it is not part of `npm test`. See README "Development".

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseModFile } from '../../src/gomod/modfile.js';
import { packageRoot } from '../../src/package-root.js';
import { Runner, type Proc } from './proc.js';
import { defaultRepos, knownRepo, type BumpSpec, type KnownRepo } from './repos.js';
import {
  classifyTidy,
  countByCheck,
  judge,
  moduleDirs,
  nextVersion,
  parseRepoArg,
  parseSarif,
  parseVerifyJson,
  renderTable,
  repoNameFromMirror,
  type ParsedRun,
  type Problem,
  type SeenFinding,
  type TableRun,
  type TidyTruth,
  type Verdict,
  isPackageFile,
} from './summary.js';

const USAGE = `npm run realworld -- [options] [MIRROR[@SHA] …]

MIRROR is a bare git directory (the fetch tool's /work/.mirror/<owner>+<name>/repo);
@SHA pins the commit (default: the built-in pin for a known repository, else the mirror's HEAD).
Without MIRROR: the built-in list of mirrors that exist on this machine.

  --cache-dir DIR   persistent module caches, one per repository and commit, and the results
                    (default: $XDG_CACHE_HOME/gohooks-realworld, else ~/.cache/gohooks-realworld)
  --work-dir DIR    where the temporary repositories go (default: the system temp dir)
  --changes LIST    only these changes: head,bump,bump-tidy,late-tidy,workspace-bump,edit-fmt,
                    edit-unfmt,testdata-edit (default: all)
  --fresh-cache     empty the repository's module cache first (what a new user starts from)
  --online          the first verify of the untouched commit runs with --online (what the
                    README's CI example would do with the action's online input)
  --keep            keep the temporary repositories (their paths are printed)
  --no-build        use dist/ as it is (default: npm run build first)
`;

const ALL_CHANGES = ['head', 'bump', 'bump-tidy', 'late-tidy', 'workspace-bump', 'edit-fmt', 'edit-unfmt', 'testdata-edit'];

interface Options {
  repos: { mirror: string; sha?: string }[];
  cacheRoot: string;
  workRoot: string;
  changes: Set<string>;
  freshCache: boolean;
  online: boolean;
  keep: boolean;
  build: boolean;
}

function options(argv: string[]): Options {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'cache-dir': { type: 'string' },
      'work-dir': { type: 'string' },
      changes: { type: 'string' },
      'fresh-cache': { type: 'boolean', default: false },
      online: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const changes = new Set((values.changes ?? ALL_CHANGES.join(',')).split(',').filter(Boolean));
  for (const c of changes) if (!ALL_CHANGES.includes(c)) throw new Error(`unknown change "${c}" (${ALL_CHANGES.join(', ')})`);
  const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const repos = positionals.length > 0 ? positionals.map(parseRepoArg) : defaultRepos();
  if (repos.length === 0) throw new Error('no mirror given and none of the built-in ones exists here (see --help)');
  return {
    repos,
    cacheRoot: path.resolve(values['cache-dir'] ?? path.join(xdg, 'gohooks-realworld')),
    workRoot: path.resolve(values['work-dir'] ?? os.tmpdir()),
    changes,
    freshCache: values['fresh-cache'] as boolean,
    online: values.online as boolean,
    keep: values.keep as boolean,
    build: !values['no-build'],
  };
}

// ---------------------------------------------------------------------------------------------
// What a run records (results.json)

interface FixProof {
  /** The run whose "not checked" findings named the fix. */
  after: string;
  check: string;
  file?: string;
  headline: string;
  fix?: string;
  exitCode?: number;
  ms?: number;
  /** Tracked files the fix changed (it should change none: the harness resets them). */
  changedFiles?: string[];
  /** Was the same check on the same file still "not checked" when the run was repeated? */
  resolved?: boolean;
}

interface RunRecord extends TableRun {
  findings: SeenFinding[];
  output: string;
  problems?: Problem[];
  judged?: Verdict;
}

interface RepoResult {
  name: string;
  mirror: string;
  sha: string;
  note?: string;
  cacheDir: string;
  cacheWasCold: boolean;
  workDir?: string;
  modules: string[];
  workspace: boolean;
  vendored: string[];
  fill: { dir: string; command: string; exitCode: number; ms: number; stderrTail?: string }[];
  fillChangedFiles: string[];
  oracleHead?: Record<string, { truth: TidyTruth; ms: number; detail?: string }>;
  runs: RunRecord[];
  fixes: FixProof[];
  notes: string[];
  error?: string;
  wallMs: number;
}

// ---------------------------------------------------------------------------------------------

const NODE = process.execPath;
const CLI = path.join(packageRoot(), 'dist', 'cli.js');
const PASSTHROUGH = [
  'PATH',
  'LANG',
  'LC_ALL',
  'TERM',
  'TMPDIR',
  'GOPROXY',
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'NO_PROXY',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
];

function makeWritable(dir: string): void {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isSymbolicLink()) continue;
    if (e.isDirectory()) {
      chmodSync(p, 0o755);
      makeWritable(p);
    }
  }
  chmodSync(dir, 0o755);
}

/** Removes a tree that may hold the module cache's read-only directories. */
function removeTree(dir: string): void {
  if (!existsSync(dir)) return;
  makeWritable(dir);
  rmSync(dir, { recursive: true, force: true });
}

function dirSize(dir: string): number {
  const r = spawnSync('du', ['-sb', dir], { encoding: 'utf8' });
  return Number(r.stdout.split('\t')[0]) || 0;
}

class RepoRun {
  readonly result: RepoResult;
  readonly repo: string;
  readonly env: NodeJS.ProcessEnv;
  readonly proc: Runner;
  readonly slug: string;
  private readonly remote: string;
  private readonly known?: KnownRepo;
  private base = '';
  private headProblems: Problem[] = [];
  private stamp = 0;

  constructor(
    readonly opts: Options,
    readonly runDir: string,
    mirror: string,
    sha: string,
  ) {
    const name = repoNameFromMirror(mirror);
    this.known = knownRepo(name);
    this.slug = `${name.replace('/', '+')}@${sha.slice(0, 12)}`;
    const cacheDir = path.join(opts.cacheRoot, this.slug);
    if (opts.freshCache) removeTree(cacheDir);
    const gopath = path.join(cacheDir, 'gopath');
    const modcache = path.join(gopath, 'pkg', 'mod');
    const cold = !existsSync(path.join(modcache, 'cache', 'download'));
    mkdirSync(path.join(cacheDir, 'gocache'), { recursive: true });
    mkdirSync(opts.workRoot, { recursive: true });
    const work = mkdtempSync(path.join(opts.workRoot, `gohooks-rw-${name.replace('/', '+')}-`));
    this.repo = path.join(work, 'repo');
    this.remote = path.join(work, 'remote.git');
    const home = path.join(work, 'home');
    const bin = path.join(work, 'bin');
    for (const d of [this.repo, home, bin]) mkdirSync(d, { recursive: true });
    const gitconfig = path.join(work, 'gitconfig');
    writeFileSync(
      gitconfig,
      '[user]\n\tname = realworld\n\temail = realworld@example.invalid\n[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n[commit]\n\tgpgsign = false\n',
    );
    // The hooks find gohooks on PATH: this checkout's build.
    writeFileSync(path.join(bin, 'gohooks'), `#!/bin/sh\nexec "${NODE}" "${CLI}" "$@"\n`, { mode: 0o755 });
    const env: NodeJS.ProcessEnv = {};
    for (const k of PASSTHROUGH) if (process.env[k] !== undefined) env[k] = process.env[k];
    Object.assign(env, {
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
      GIT_CONFIG_GLOBAL: gitconfig,
      GIT_CONFIG_NOSYSTEM: '1',
      GOENV: path.join(work, 'goenv'),
      GOPATH: gopath,
      GOMODCACHE: modcache,
      GOCACHE: path.join(cacheDir, 'gocache'),
      GOTOOLCHAIN: 'local',
      GOFLAGS: '',
      NO_COLOR: '1',
      SHELL: '/bin/bash',
    });
    this.env = env;
    this.proc = new Runner(path.join(runDir, `${this.slug}.log`));
    this.result = {
      name,
      mirror,
      sha,
      note: this.known?.note,
      cacheDir,
      cacheWasCold: cold,
      workDir: work,
      modules: [],
      workspace: false,
      vendored: [],
      fill: [],
      fillChangedFiles: [],
      runs: [],
      fixes: [],
      notes: [],
      wallMs: 0,
    };
  }

  // --- helpers -------------------------------------------------------------------------------

  git(args: string[], env: NodeJS.ProcessEnv = this.env, input?: string): Proc {
    return this.proc.run('git', args, { cwd: this.repo, env, input });
  }

  gitMust(args: string[]): string {
    return this.proc.must('git', args, { cwd: this.repo, env: this.env }).stdout;
  }

  go(dir: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Proc {
    return this.proc.run('go', args, { cwd: path.join(this.repo, dir), env: { ...this.env, ...extraEnv } });
  }

  note(text: string): void {
    this.result.notes.push(text);
    this.proc.log(`[note] ${text}`);
    process.stdout.write(`  note: ${text}\n`);
  }

  /** `git status --porcelain` lines: the status letters and the file. */
  statusLines(): string[] {
    return this.gitMust(['status', '--porcelain', '--untracked-files=all']).split('\n').filter(Boolean);
  }

  changedFiles(): string[] {
    return this.statusLines().map((l) => l.slice(3));
  }

  resetTo(sha: string): void {
    this.gitMust(['reset', '-q', '--hard', sha]);
    this.gitMust(['clean', '-fdq']);
  }

  outFile(label: string, ext: string): string {
    this.stamp++;
    return path.join(this.runDir, `${this.slug}.${String(this.stamp).padStart(2, '0')}-${label.replace(/[^\w.-]+/g, '_')}.${ext}`);
  }

  record(change: string, run: string, p: Proc, parsed: ParsedRun | undefined, output: string): RunRecord {
    const rec: RunRecord = {
      repo: this.result.name,
      change,
      run,
      exitCode: p.code,
      wallMs: p.ms,
      checks: parsed ? countByCheck(parsed) : [],
      findings: parsed?.findings ?? [],
      output,
    };
    this.result.runs.push(rec);
    const t = rec.checks.reduce((a, c) => [a[0] + c.errors, a[1] + c.warnings, a[2] + c.infos, a[3] + c.notChecked], [0, 0, 0, 0]);
    process.stdout.write(
      `  ${change} / ${run}: exit ${p.code}, ${(p.ms / 1000).toFixed(1)} s, ${t[0]} E ${t[1]} W ${t[2]} I, ${t[3]} not checked\n`,
    );
    return rec;
  }

  // --- steps ---------------------------------------------------------------------------------

  extract(): void {
    const { mirror, sha } = this.result;
    this.proc.must('bash', ['-c', 'set -o pipefail; git --git-dir="$1" archive "$2" | tar -x -C "$3"', 'extract', mirror, sha, this.repo], {
      cwd: this.repo,
      env: this.env,
    });
    this.gitMust(['init', '-q', '-b', 'main']);
    // -f: some repositories track files their own .gitignore matches.
    this.gitMust(['add', '-A', '-f']);
    this.gitMust(['-c', 'core.hooksPath=/dev/null', 'commit', '-q', '-m', `upstream ${sha}`]);
    const files = this.gitMust(['ls-files', '-z']).split('\0').filter(Boolean);
    this.result.modules = moduleDirs(files);
    this.result.workspace = files.includes('go.work');
    this.result.vendored = this.result.modules.filter((d) => files.includes(d === '.' ? 'vendor/modules.txt' : `${d}/vendor/modules.txt`));
  }

  /** `go mod download` in each module, as the README tells a user; once at the root for a go.work workspace. */
  fill(): void {
    const members = new Set<string>();
    if (this.result.workspace) {
      const work = parseModFile(readFileSync(path.join(this.repo, 'go.work'), 'utf8'), 'go.work');
      for (const u of work.use) members.add(path.posix.normalize(u.path.replace(/^\.\//, '')) || '.');
      const p = this.go('.', ['mod', 'download']);
      this.result.fill.push({
        dir: '.',
        command: 'go mod download (go.work)',
        exitCode: p.code,
        ms: p.ms,
        stderrTail: p.stderr.slice(-1500) || undefined,
      });
    }
    for (const d of this.result.modules) {
      if (members.has(d)) continue;
      const p = this.go(d, ['mod', 'download']);
      this.result.fill.push({
        dir: d,
        command: 'go mod download',
        exitCode: p.code,
        ms: p.ms,
        stderrTail: p.stderr.slice(-1500) || undefined,
      });
    }
    for (const f of this.result.fill)
      if (f.exitCode !== 0) this.note(`fill: "${f.command}" in ${f.dir} exited ${f.exitCode}: ${f.stderrTail?.trim().split('\n').pop()}`);
    const changed = this.changedFiles();
    this.result.fillChangedFiles = changed;
    if (changed.length > 0) {
      this.note(`filling the module cache changed tracked files: ${changed.join(', ')} (reset before checking)`);
      this.resetTo('HEAD');
    }
  }

  verify(change: string, label: string, extra: string[] = []): RunRecord {
    const p = this.proc.run(NODE, [CLI, 'verify', '--format', 'json', ...extra], { cwd: this.repo, env: this.env });
    const out = this.outFile(`${change}-${label}`, 'json');
    writeFileSync(out, p.stdout);
    let parsed: ParsedRun | undefined;
    try {
      parsed = parseVerifyJson(p.stdout);
    } catch {
      this.note(`${change}/${label}: verify printed no JSON (exit ${p.code}): ${p.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    }
    return this.record(change, label, p, parsed, out);
  }

  /**
   * A hook run through git (`git commit` / `git push`, so the installed shims run), or directly
   * (`gohooks run pre-push` with git's stdin). GOHOOKS_SARIF gives the findings as data; no file
   * means the hook ran no check (its fast path, or nothing Go-related changed).
   */
  hook(change: string, run: string, cmd: string, args: string[], input?: string): RunRecord {
    const sarif = this.outFile(`${change}-${run}`, 'sarif');
    const textOut = sarif.replace(/\.sarif$/, '.txt');
    const env = { ...this.env, GOHOOKS_SARIF: sarif };
    const p = this.proc.run(cmd, args, { cwd: this.repo, env, input });
    writeFileSync(textOut, `$ ${cmd === NODE ? 'gohooks' : cmd} ${args.slice(cmd === NODE ? 1 : 0).join(' ')}\n${p.stdout}${p.stderr}`);
    let parsed: ParsedRun | undefined;
    if (existsSync(sarif)) {
      try {
        parsed = parseSarif(readFileSync(sarif, 'utf8'));
      } catch (e) {
        this.note(`${change}/${run}: unreadable SARIF: ${(e as Error).message}`);
      }
    }
    return this.record(change, run, p, parsed ?? { findings: [], checks: [] }, textOut);
  }

  /**
   * Runs each distinct fix the "not checked" findings of `rec` print, exactly as printed (posix,
   * from the repository root, with the network), then repeats the run: a fix works when the
   * same check on the same file is no longer "not checked".
   */
  proveFixes(rec: RunRecord, again: () => RunRecord): void {
    const open = rec.findings.filter((f) => f.notChecked);
    if (open.length === 0) return;
    const before = this.gitMust(['rev-parse', 'HEAD']).trim();
    const statusBefore = this.statusLines();
    const proofs: FixProof[] = open.map((f) => ({
      after: `${rec.change}/${rec.run}`,
      check: f.check,
      file: f.file,
      headline: f.headline,
      fix: f.fix,
    }));
    const ran = new Map<string, Proc & { changed: string[] }>();
    for (const fix of new Set(open.map((f) => f.fix).filter((x): x is string => x !== undefined))) {
      const p = this.proc.run('bash', ['-c', fix], { cwd: this.repo, env: this.env });
      const changed = this.statusLines()
        .filter((l) => !statusBefore.includes(l))
        .map((l) => l.slice(3));
      // A committed state is restored; staged changes (pre-commit) are kept as they are.
      if (changed.length > 0 && statusBefore.length === 0) this.resetTo(before);
      ran.set(fix, { ...p, changed });
    }
    for (const proof of proofs) {
      const p = proof.fix === undefined ? undefined : ran.get(proof.fix);
      if (p) Object.assign(proof, { exitCode: p.code, ms: p.ms, changedFiles: p.changed });
    }
    const restoreConfig = this.raiseTimeout(proofs);
    const rerun = again();
    restoreConfig?.();
    for (const proof of proofs) {
      proof.resolved = !rerun.findings.some((f) => f.notChecked && f.check === proof.check && f.file === proof.file);
      if (!proof.resolved)
        this.note(`fix did not work: ${proof.check} ${proof.file ?? ''}: "${proof.fix ?? '(none printed)'}" → still "${proof.headline}"`);
      if (proof.changedFiles && proof.changedFiles.length > 0) this.note(`fix "${proof.fix}" changed ${proof.changedFiles.join(', ')}`);
    }
    this.result.fixes.push(...proofs);
  }

  /**
   * A time limit's fix is words, not a command: 'raise "timeout" in gohooks.json'. Done here as
   * a user would (four times the limit, at least 600 s) for the repeated run; returns the undo.
   */
  raiseTimeout(proofs: FixProof[]): (() => void) | undefined {
    const limits = proofs
      .filter((p) => p.fix === undefined)
      .map((p) => /did not finish within (\d+) s/.exec(p.headline))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]));
    if (limits.length === 0) return undefined;
    const file = path.join(this.repo, 'gohooks.json');
    const had = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    const config = (had ? JSON.parse(had) : {}) as Record<string, unknown>;
    config.timeout = Math.max(600, 4 * Math.max(...limits));
    writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
    for (const p of proofs)
      if (p.fix === undefined && /did not finish within/.test(p.headline)) p.fix = `"timeout": ${config.timeout} in gohooks.json`;
    return () => (had === undefined ? rmSync(file) : writeFileSync(file, had));
  }

  /** The go command's own verdict on tidiness, with the network, module by module (GOWORK=off, as CI tidy checks do). */
  tidyOracle(): Record<string, { truth: TidyTruth; ms: number; detail?: string }> {
    const out: Record<string, { truth: TidyTruth; ms: number; detail?: string }> = {};
    for (const d of this.result.modules) {
      const p = this.go(d, ['mod', 'tidy', '-diff'], { GOWORK: 'off' });
      const truth = classifyTidy(p.code, p.stdout, p.stderr);
      const detail =
        truth === 'untidy'
          ? `${p.stdout.split('\n').filter((l) => /^[+-][^+-]/.test(l)).length} changed lines`
          : truth === 'failed'
            ? p.stderr
                .split('\n')
                .filter((l) => l && !l.startsWith('go: downloading'))
                .slice(-2)
                .join(' | ')
            : undefined;
      out[d] = { truth, ms: p.ms, ...(detail ? { detail } : {}) };
    }
    return out;
  }

  /** Modules whose vendor/modules.txt disagrees with go.mod, in the go command's words. */
  vendorOracle(): Problem[] {
    const problems: Problem[] = [];
    for (const d of this.result.modules) {
      if (!existsSync(path.join(this.repo, d, 'vendor', 'modules.txt'))) continue;
      const p = this.go(d, ['list', '-m'], { GOWORK: 'off' });
      if (p.code !== 0 && /inconsistent vendoring/.test(p.stderr))
        problems.push({ module: d, kind: 'vendor', detail: 'inconsistent vendoring' });
    }
    return problems;
  }

  gofmtOracle(files: string[]): Problem[] {
    const problems: Problem[] = [];
    for (const f of files) {
      if (!isPackageFile(f)) continue; // the go command ignores testdata/, vendor/, _x, .x
      const p = this.proc.run('gofmt', ['-l', f], { cwd: this.repo, env: this.env });
      const owner = this.result.modules.filter((d) => d === '.' || f.startsWith(`${d}/`)).sort((a, b) => b.length - a.length)[0] ?? '.';
      if (p.stdout.trim() !== '' || p.code !== 0) problems.push({ module: owner, kind: 'unformatted', detail: f });
    }
    return problems;
  }

  problemsFromTidy(oracle: Record<string, { truth: TidyTruth; detail?: string }>): Problem[] {
    return Object.entries(oracle)
      .filter(([, v]) => v.truth === 'untidy')
      .map(([module, v]) => ({ module, kind: 'untidy' as const, detail: v.detail ?? '' }));
  }

  verdictFor(rec: RunRecord, responsible: Problem[], all: Problem[]): void {
    const v = judge(responsible, rec.findings, this.result.modules);
    // An error is explained by any real problem of its module, also one this hook is not responsible for.
    const other = judge(all, rec.findings, this.result.modules);
    v.unexplainedErrors = v.unexplainedErrors.filter((f) => other.unexplainedErrors.includes(f));
    rec.problems = responsible;
    rec.judged = v;
    const parts: string[] = [];
    if (responsible.length > 0) {
      const caught = v.problems.filter((p) => p.outcome === 'caught');
      parts.push(`caught ${caught.length}/${responsible.length}`);
      const missed = v.problems.filter((p) => p.outcome === 'missed');
      const nc = v.problems.filter((p) => p.outcome === 'not-checked');
      if (missed.length) parts.push(`MISSED ${missed.map((p) => `${p.kind} ${p.module}`).join(', ')}`);
      if (nc.length) parts.push(`not checked ${nc.map((p) => `${p.kind} ${p.module}`).join(', ')}`);
    }
    if (v.unexplainedErrors.length) parts.push(`${v.unexplainedErrors.length} unexplained error(s)`);
    if (parts.length === 0) parts.push(rec.exitCode === 0 ? 'ok' : `exit ${rec.exitCode}`);
    rec.verdict = parts.join('; ');
  }

  // --- the untouched commit ------------------------------------------------------------------

  head(): void {
    const first = this.opts.online
      ? this.verify('HEAD', 'verify --online (README fill)', ['--online'])
      : this.verify('HEAD', 'verify (README fill)');
    this.proveFixes(first, () => this.verify('HEAD', 'verify (after fixes)'));
    const oracle = this.tidyOracle();
    this.result.oracleHead = oracle;
    for (const [d, v] of Object.entries(oracle))
      if (v.truth !== 'tidy') this.note(`oracle on HEAD: ${d} is ${v.truth}${v.detail ? ` (${v.detail})` : ''}`);
    this.headProblems = [...this.problemsFromTidy(oracle), ...this.vendorOracle()];
    const last = this.result.runs[this.result.runs.length - 1];
    for (const rec of this.result.runs.filter((r) => r.change === 'HEAD')) this.verdictFor(rec, this.headProblems, this.headProblems);
    if (last.judged && last.judged.warnings.length > 0) this.note(`HEAD: ${last.judged.warnings.length} warning(s) after the fixes`);
  }

  // --- hooks and changes ---------------------------------------------------------------------

  installHooks(): void {
    this.gitMust(['init', '-q', '--bare', this.remote]);
    // origin looks like the real one to gohooks (fetch URL); pushes go to the local bare repository.
    this.gitMust(['remote', 'add', 'origin', `https://github.com/${this.result.name}.git`]);
    this.gitMust(['remote', 'set-url', '--push', 'origin', this.remote]);
    this.gitMust(['push', '-q', '--no-verify', 'origin', 'main']);
    const install = this.proc.run('gohooks', ['install', '--no-husky'], { cwd: this.repo, env: this.env });
    if (install.code !== 0) this.note(`gohooks install --no-husky exited ${install.code}: ${install.stdout}${install.stderr}`);
    const status = this.proc.run('gohooks', ['status'], { cwd: this.repo, env: this.env });
    if (status.code !== 0) this.note(`gohooks status exited ${status.code}: ${status.stdout}${status.stderr}`);
    const untracked = this.changedFiles();
    if (untracked.some((f) => f !== 'gohooks.json')) this.note(`gohooks install left in the work tree: ${untracked.join(', ')}`);
    this.gitMust(['add', '-A']);
    const commit = this.git(['commit', '-q', '-m', 'gohooks install']);
    if (commit.code !== 0) this.note(`committing gohooks.json failed: ${commit.stderr}`);
    const push = this.git(['push', '-q', 'origin', 'main']);
    if (push.code !== 0) this.note(`pushing the gohooks.json commit failed: ${push.stderr}`);
    this.base = this.gitMust(['rev-parse', 'HEAD']).trim();
  }

  /** The module and version of a bump: the spec's, else a direct, unreplaced requirement with a newer release. */
  pickBump(spec: BumpSpec | undefined): { module: string; dep: string; from: string; to: string } | undefined {
    const module = spec?.module ?? (this.result.modules.includes('.') ? '.' : this.result.modules[0]);
    const mf = parseModFile(readFileSync(path.join(this.repo, module, 'go.mod'), 'utf8'));
    const replaced = new Set(mf.replace.map((r) => r.old.path));
    const preferred = ['golang.org/x/text', 'golang.org/x/sync', 'golang.org/x/term', 'golang.org/x/sys'];
    const candidates = mf.require
      .filter((r) => (spec?.dep ? r.path === spec.dep : !r.indirect && !replaced.has(r.path)))
      .sort((a, b) => (preferred.includes(b.path) ? 1 : 0) - (preferred.includes(a.path) ? 1 : 0));
    const q = { GOFLAGS: '-mod=readonly' };
    for (const c of candidates.slice(0, 8)) {
      if (spec?.version) return { module, dep: c.path, from: c.version, to: spec.version };
      const versions = this.go(module, ['list', '-m', '-versions', c.path], q).stdout.trim().split(/\s+/).slice(1);
      const update = this.go(module, ['list', '-m', '-u', '-f', '{{with .Update}}{{.Version}}{{end}}', c.path], q).stdout.trim();
      const to = nextVersion(versions, c.version, update || undefined);
      if (to) return { module, dep: c.path, from: c.version, to };
    }
    return undefined;
  }

  /** A Go file to edit in `module`: not a test, not generated, in a package the go command builds. */
  pickGoFile(module: string): string | undefined {
    const files = this.gitMust(['ls-files', '-z', '--', module === '.' ? '*.go' : `${module}/*.go`])
      .split('\0')
      .filter((f) => f && isPackageFile(f) && !f.endsWith('_test.go'))
      .filter(
        (f) => this.result.modules.filter((d) => d === '.' || f.startsWith(`${d}/`)).sort((a, b) => b.length - a.length)[0] === module,
      )
      .sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
    for (const f of files.slice(0, 50)) {
      const text = readFileSync(path.join(this.repo, f), 'utf8');
      if (!/^\/\/ Code generated .* DO NOT EDIT\.$/m.test(text) && text.endsWith('\n')) return f;
    }
    return undefined;
  }

  /**
   * One change: reset to the base, apply, `git add -A`, `git commit` (pre-commit runs), then —
   * unless the change is only about formatting — `git push` (pre-push runs; a blocked commit is
   * made with --no-verify first, as a user in a hurry would). The oracle then says what broke.
   */
  change(
    id: string,
    label: string,
    apply: () => { modFilesChanged: boolean; goFiles: string[] } | undefined,
    push: boolean,
    afterCommit?: () => void,
  ): void {
    process.stdout.write(`- ${this.result.name}: ${label}\n`);
    this.resetTo(this.base);
    const remoteMain = this.git(['ls-remote', this.remote, 'refs/heads/main']).stdout.split('\t')[0];
    if (remoteMain !== this.base) this.gitMust(['push', '-q', '-f', '--no-verify', 'origin', `${this.base}:refs/heads/main`]);
    const applied = apply();
    if (!applied) return;
    this.gitMust(['add', '-A']);
    if (this.git(['diff', '--cached', '--quiet']).code === 0) {
      this.note(`${label}: the change left nothing to commit`);
      return;
    }
    const change = `${id}: ${label}`;
    const commit = this.hook(change, 'pre-commit (git commit)', 'git', ['commit', '-q', '-m', label]);
    const commitRuns = [commit];
    if (commit.findings.some((f) => f.notChecked)) {
      // Prove the printed fixes on the staged change: un-commit, fix, run the hook again.
      if (commit.exitCode === 0) this.gitMust(['reset', '-q', '--soft', 'HEAD~1']);
      const before = this.result.runs.length;
      this.proveFixes(commit, () => this.hook(change, 'pre-commit (after fixes)', NODE, [CLI, 'run', 'pre-commit']));
      if (this.result.runs.length > before) commitRuns.push(this.result.runs[this.result.runs.length - 1]);
      if (commit.exitCode === 0) this.gitMust(['commit', '-q', '--no-verify', '-m', label]);
    }
    if (commit.exitCode !== 0) {
      if (!push) {
        this.judgeChange(commitRuns, [], applied);
        return;
      }
      this.gitMust(['commit', '-q', '--no-verify', '-m', label]);
    }
    afterCommit?.();
    const pushRuns: RunRecord[] = [];
    if (push) {
      const head = this.gitMust(['rev-parse', 'HEAD']).trim();
      const pushed = this.hook(change, 'pre-push (git push)', 'git', ['push', '-q', 'origin', 'main']);
      pushRuns.push(pushed);
      // Direct run with git's stdin, against the base (the remote may already have the commit).
      const direct = () =>
        this.hook(
          change,
          'pre-push (after fixes)',
          NODE,
          [CLI, 'run', 'pre-push', 'origin', this.remote],
          `refs/heads/main ${head} refs/heads/main ${this.base}\n`,
        );
      const before = this.result.runs.length;
      this.proveFixes(pushed, direct);
      if (this.result.runs.length > before) pushRuns.push(this.result.runs[this.result.runs.length - 1]);
      this.resetTo('HEAD'); // the oracle judges what was pushed, not what the work tree has since
    }
    this.judgeChange(commitRuns, pushRuns, applied);
  }

  judgeChange(commitRuns: RunRecord[], pushRuns: RunRecord[], applied: { modFilesChanged: boolean; goFiles: string[] }): void {
    const problems: Problem[] = [...this.gofmtOracle(applied.goFiles)];
    if (applied.modFilesChanged) problems.push(...this.problemsFromTidy(this.tidyOracle()), ...this.vendorOracle());
    // What the change broke: problems HEAD did not have already.
    const isNew = (p: Problem) => !this.headProblems.some((h) => h.module === p.module && h.kind === p.kind);
    const fresh = problems.filter(isNew);
    const all = [...problems, ...this.headProblems];
    for (const r of commitRuns)
      this.verdictFor(
        r,
        fresh.filter((p) => p.kind !== 'untidy'),
        all,
      );
    for (const r of pushRuns)
      this.verdictFor(
        r,
        fresh.filter((p) => p.kind !== 'unformatted'),
        all,
      );
    for (const r of [...commitRuns, ...pushRuns]) process.stdout.write(`    ${r.run}: ${r.verdict}\n`);
  }

  /**
   * get: `go get` only (untidy, or vendor/ out of step); tidy: `go get && go mod tidy` (and `go mod
   * vendor`), the clean workflow; workspace: the same with GOWORK=off in a go.work member, go.work
   * unchanged; late-tidy: `go get` committed, then `go mod tidy` in the work tree only — the push
   * must judge the commit, not the work tree.
   */
  bump(id: string, spec: BumpSpec | undefined, mode: 'get' | 'tidy' | 'workspace' | 'late-tidy'): void {
    this.resetTo(this.base); // the version to bump from is the base's, not the last change's
    const pick = this.pickBump(spec);
    if (!pick) {
      this.note(`${id}: no dependency with a newer version found${spec?.dep ? ` (${spec.dep})` : ''}`);
      return;
    }
    const { module, dep, to } = pick;
    const vendored = this.result.vendored.includes(module);
    const where = module === '.' ? '' : `cd ${module} && `;
    const gowork = mode === 'workspace' ? 'GOWORK=off ' : '';
    const steps = [`${gowork}go get ${dep}@${to}`];
    const tidies = mode === 'tidy' || mode === 'workspace';
    if (tidies) steps.push(`${gowork}go mod tidy`);
    if (tidies && vendored) steps.push('go mod vendor');
    const label =
      `${where}${steps.join(' && ')}` +
      (mode === 'get' && vendored ? ' (no go mod vendor)' : '') +
      (mode === 'late-tidy' ? '; commit; go mod tidy (not committed); push' : '');
    this.change(
      id,
      label,
      () => {
        const env = mode === 'workspace' ? { GOWORK: 'off' } : {};
        const get = this.go(module, ['get', `${dep}@${to}`], env);
        if (get.code !== 0) {
          this.note(`${label}: go get failed: ${get.stderr.trim().split('\n').slice(-2).join(' | ')}`);
          return undefined;
        }
        if (tidies) {
          const tidy = this.go(module, ['mod', 'tidy'], env);
          if (tidy.code !== 0) this.note(`${label}: go mod tidy failed: ${tidy.stderr.trim().split('\n').slice(-2).join(' | ')}`);
          if (vendored) {
            const v = this.go(module, ['mod', 'vendor']);
            if (v.code !== 0) this.note(`${label}: go mod vendor failed: ${v.stderr.trim().split('\n').slice(-2).join(' | ')}`);
          }
        }
        return { modFilesChanged: true, goFiles: this.changedFiles().filter((f) => f.endsWith('.go')) };
      },
      true,
      mode === 'late-tidy'
        ? () => {
            const tidy = this.go(module, ['mod', 'tidy']);
            if (tidy.code !== 0) this.note(`${label}: go mod tidy failed: ${tidy.stderr.trim().split('\n').slice(-2).join(' | ')}`);
          }
        : undefined,
    );
  }

  edit(id: string, file: string | undefined, formatted: boolean, push: boolean): void {
    if (!file) {
      this.note(`${id}: no .go file to edit`);
      return;
    }
    const text = formatted ? '\n// gohooks realworld: a gofmt-clean edit.\n' : '\nfunc  gohooksRealworldEdit( ) {  }\n';
    const label = `${formatted ? 'append a comment to' : 'append an unformatted func to'} ${file}`;
    this.change(
      id,
      label,
      () => {
        writeFileSync(path.join(this.repo, file), readFileSync(path.join(this.repo, file), 'utf8') + text);
        return { modFilesChanged: false, goFiles: [file] };
      },
      push,
    );
  }

  changes(): void {
    const c = this.opts.changes;
    const bumpModule = this.known?.bump;
    this.installHooks();
    if (c.has('bump')) this.bump('bump', bumpModule, 'get');
    if (c.has('bump-tidy')) this.bump('bump-tidy', bumpModule, 'tidy');
    if (c.has('late-tidy') && !this.result.vendored.includes(bumpModule?.module ?? '.')) this.bump('late-tidy', bumpModule, 'late-tidy');
    if (c.has('workspace-bump') && this.result.workspace && this.known?.workspaceBump)
      this.bump('workspace-bump', this.known.workspaceBump, 'workspace');
    const module = bumpModule?.module ?? (this.result.modules.includes('.') ? '.' : this.result.modules[0]);
    const goFile = this.pickGoFile(module);
    if (c.has('edit-fmt')) this.edit('edit-fmt', goFile, true, true);
    if (c.has('edit-unfmt')) this.edit('edit-unfmt', goFile, false, false);
    if (c.has('testdata-edit') && this.known?.testdataEdit) this.edit('testdata-edit', this.known.testdataEdit, true, false);
  }

  cleanup(): void {
    if (this.opts.keep) {
      process.stdout.write(`  kept: ${this.result.workDir}\n`);
      return;
    }
    removeTree(this.result.workDir!);
    this.result.workDir = undefined;
  }
}

function resolveSha(mirror: string, sha: string | undefined): string {
  const name = repoNameFromMirror(mirror);
  const want = sha ?? knownRepo(name)?.sha ?? 'HEAD';
  const r = spawnSync('git', ['--git-dir', mirror, 'rev-parse', '--verify', `${want}^{commit}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${mirror}: no commit ${want}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const root = packageRoot();
  if (opts.build) {
    const b = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('npm run build failed');
  }
  const runDir = path.join(opts.cacheRoot, 'runs', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(runDir, { recursive: true });
  const gohooksCommit = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src'], { cwd: root, encoding: 'utf8' }).stdout.trim() !== '';
  const goVersion = spawnSync('go', ['version'], { encoding: 'utf8' }).stdout.trim();
  const results = {
    startedAt: new Date().toISOString(),
    gohooks: `${gohooksCommit}${dirty ? ' (src/ modified)' : ''}`,
    go: goVersion,
    repos: [] as RepoResult[],
  };
  const resultsFile = path.join(runDir, 'results.json');
  const save = () => writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`gohooks ${results.gohooks}, ${goVersion}\nresults: ${runDir}\n`);

  for (const arg of opts.repos) {
    const started = performance.now();
    const sha = resolveSha(arg.mirror, arg.sha);
    const r = new RepoRun(opts, runDir, arg.mirror, sha);
    results.repos.push(r.result);
    process.stdout.write(`\n== ${r.result.name} @ ${sha} (cache ${r.result.cacheDir}${r.result.cacheWasCold ? ', cold' : ', warm'})\n`);
    try {
      r.extract();
      process.stdout.write(
        `  modules: ${r.result.modules.join(' ')}${r.result.workspace ? ' (go.work)' : ''}${r.result.vendored.length ? `; vendored: ${r.result.vendored.join(' ')}` : ''}\n`,
      );
      r.fill();
      process.stdout.write(`  filled the module cache (${(dirSize(path.join(r.result.cacheDir, 'gopath')) / 2 ** 30).toFixed(2)} GiB)\n`);
      if (opts.changes.has('head')) r.head();
      else r.result.notes.push('HEAD not verified (--changes)');
      save();
      r.changes();
    } catch (e) {
      r.result.error = (e as Error).stack ?? String(e);
      process.stdout.write(`  harness error: ${(e as Error).message}\n`);
    } finally {
      r.result.wallMs = performance.now() - started;
      r.cleanup();
      save();
    }
  }

  process.stdout.write('\n');
  process.stdout.write(renderTable(results.repos.flatMap((r) => r.runs)));
  for (const r of results.repos) {
    const lines = [
      ...r.notes.map((n) => `note: ${n}`),
      ...r.runs.flatMap((run) =>
        (run.judged?.unexplainedErrors ?? []).map(
          (f) => `${run.change} / ${run.run}: unexplained error ${f.check} ${f.file ?? ''}: ${f.headline}`,
        ),
      ),
      ...r.runs
        .filter((run) => run.change === 'HEAD')
        .flatMap((run) => (run.judged?.warnings ?? []).map((f) => `${run.run}: warning ${f.check} ${f.file ?? ''}: ${f.headline}`)),
      ...(r.error ? [`harness error: ${r.error.split('\n')[0]}`] : []),
    ];
    if (lines.length) process.stdout.write(`\n${r.name}:\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
  }
  process.stdout.write(`\nresults: ${resultsFile}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`realworld: ${(e as Error).message}\n`);
  process.exit(2);
});
