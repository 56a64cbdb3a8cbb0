// `npm run realworld [MIRROR[@SHA]…]`: gohooks on real repositories, as a new user meets it.
//
// For each repository (a bare git directory as the `fetch` tool mirrors it, pinned to a commit):
// extract the commit into a temporary git repository, fill a module cache of its own the way
// the README tells a user (`go mod download` in each module), run this checkout's gohooks
// (`verify`, every check) on the untouched commit — cold, after running each "not checked" fix
// exactly as printed, and warm; then `npm install -g` the packed tarball, `gohooks install`, and
// make realistic changes — a dependency bump without and with `go mod tidy` (and `go mod vendor`
// where vendored), tidied only after the commit, go.mod staged without go.sum, a go.work member
// bump with go.work unchanged, a gofmt-clean and an unformatted .go edit — each committed with
// `git commit` and pushed with `git push` to a local bare remote, so the installed hooks run.
// The go command itself (with the network) is the oracle; each run gets a verdict against it.
// Prints the tables and writes table.md and results.json (the pure parts: summary.ts).
//
// Needs the Go module proxy, so it is not part of `npm test`. See README "Development".

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { extractedDir } from '../../src/gomod/modcache.js';
import { parseModFile } from '../../src/gomod/modfile.js';
import { packageRoot } from '../../src/package-root.js';
import { moduleOfPath } from '../../src/hooks/staged.js';
import { Runner, type Proc } from './proc.js';
import { defaultRepos, knownRepo, type BumpSpec, type KnownRepo } from './repos.js';
import {
  classifyTidy,
  countByCheck,
  isPackageFile,
  judge,
  moduleDirs,
  nextVersion,
  oracleText,
  parseRepoArg,
  parseSarif,
  parseVerifyJson,
  proxyRefusal,
  renderMarkdown,
  renderRepoSummary,
  renderTable,
  repoNameFromMirror,
  runVerdict,
  type ParsedRun,
  type Problem,
  type SeenFinding,
  type TableRun,
  type TidyTruth,
  type Verdict,
  vendoredSource,
} from './summary.js';

const USAGE = `npm run realworld -- [options] [MIRROR[@SHA] …]

MIRROR is a bare git directory (the fetch tool's /work/.mirror/<owner>+<name>/repo);
@SHA pins the commit (default: the built-in pin for a known repository, else the mirror's HEAD).
Without MIRROR: the built-in list of mirrors that exist on this machine.

  --cache-dir DIR   persistent module caches, DIR/<owner>+<name>@<sha12>/{mod,gopath,build}
                    (GOMODCACHE, GOPATH, GOCACHE; a link to an existing cache there is reused),
                    and the results under DIR/runs/<time>/ (table.md, results.json, outputs, log)
                    (default: $XDG_CACHE_HOME/gohooks-realworld, else ~/.cache/gohooks-realworld)
  --work-dir DIR    where the temporary repositories go (default: the system temp dir)
  --changes LIST    only these changes: head,bump,bump-tidy,late-tidy,partial-stage,
                    workspace-bump,edit-fmt,edit-unfmt,testdata-edit (default: all)
  --fresh-cache     empty the repository's module cache first (what a new user starts from)
  --online          the first verify of the untouched commit runs with --online (what the
                    README's CI example would do with the action's online input)
  --keep            keep the temporary repositories (their paths are printed)
  --no-build        use dist/ as it is (default: npm run build first)
  --render          print the markdown tables of the results.json files given instead of MIRRORs
                    (several runs make one table)
`;

const ALL_CHANGES = [
  'head',
  'bump',
  'bump-tidy',
  'late-tidy',
  'partial-stage',
  'workspace-bump',
  'edit-fmt',
  'edit-unfmt',
  'testdata-edit',
];

interface Options {
  repos: { mirror: string; sha?: string }[];
  cacheRoot: string;
  workRoot: string;
  changes: Set<string>;
  freshCache: boolean;
  online: boolean;
  keep: boolean;
  build: boolean;
  /** `npm pack` of this checkout: what each repository installs globally. */
  tarball: string;
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
      render: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  if (values.render) {
    render(positionals);
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
    tarball: '',
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
  /** The fix could not work here: the module proxy refuses a version (go's line). */
  environment?: string;
  severity?: string;
}

interface RunRecord extends TableRun {
  findings: SeenFinding[];
  output: string;
  problems?: Problem[];
  judged?: Verdict;
}

/** The repository cannot be tried here: the module proxy refuses a version its main module needs. */
class Skip extends Error {}

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
  fillMs: number;
  fillChangedFiles: string[];
  /** Modules the module proxy here cannot serve completely: go's refusal line. */
  environment: Record<string, string>;
  skipped?: string;
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
  rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 500 });
}

function dirSize(dir: string): number {
  const r = spawnSync('du', ['-sb', dir], { encoding: 'utf8' });
  return Number(r.stdout.split('\t')[0]) || 0;
}

interface BumpPick {
  module: string;
  dep: string;
  from: string;
  to: string;
}

/** What a change did: whether go.mod/go.sum changed, the .go files it touched, and what to stage (default: everything). */
interface Applied {
  modFilesChanged: boolean;
  goFiles: string[];
  stage?: string[];
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
  private readonly bumpPicks = new Map<string, BumpPick | undefined>();
  /** Blobs of the pinned tree the mirror does not hold (the fetch tool leaves the largest out). */
  private missingBlobs: { id: string; file: string }[] = [];
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
    // The layout of /work/rw/setup.sh's caches, so one can be linked in as <cache-dir>/<slug>.
    const gopath = path.join(cacheDir, 'gopath');
    const modcache = path.join(cacheDir, 'mod');
    const gocache = path.join(cacheDir, 'build');
    const cold = !existsSync(path.join(modcache, 'cache', 'download'));
    for (const d of [gopath, modcache, gocache]) mkdirSync(d, { recursive: true });
    mkdirSync(opts.workRoot, { recursive: true });
    const work = mkdtempSync(path.join(opts.workRoot, `gohooks-rw-${name.replace('/', '+')}-`));
    this.repo = path.join(work, 'repo');
    this.remote = path.join(work, 'remote.git');
    const home = path.join(work, 'home');
    // gohooks as the README has a user get it: `npm install -g` of the packed tarball (into a prefix of
    // this run), so the hooks find it on PATH and `npx --no-install gohooks` finds it too.
    const npmPrefix = path.join(work, 'npm-global');
    const bin = path.join(npmPrefix, 'bin');
    for (const d of [this.repo, home, bin]) mkdirSync(d, { recursive: true });
    const gitconfig = path.join(work, 'gitconfig');
    // No automatic gc: a detached `git gc --auto` would still write .git while the work dir is removed.
    writeFileSync(
      gitconfig,
      '[user]\n\tname = realworld\n\temail = realworld@example.invalid\n[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n[commit]\n\tgpgsign = false\n[gc]\n\tauto = 0\n',
    );
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
      GOCACHE: gocache,
      GOTOOLCHAIN: 'local',
      GOFLAGS: '',
      NO_COLOR: '1',
      SHELL: '/bin/bash',
      npm_config_prefix: npmPrefix,
      // The user's npm cache: gohooks' one dependency (husky) comes from there, else from the registry.
      npm_config_cache: process.env.npm_config_cache || path.join(os.homedir(), '.npm'),
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
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
      fillMs: 0,
      fillChangedFiles: [],
      environment: {},
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

  /** Each changed or untracked file with its content hash: what a command changed, also in a file already modified. */
  workTreeState(): Map<string, string> {
    const files = this.changedFiles().filter((f) => existsSync(path.join(this.repo, f)));
    const hashes =
      files.length > 0
        ? this.gitMust(['hash-object', '--', ...files])
            .trim()
            .split('\n')
        : [];
    const state = new Map(files.map((f, i) => [f, hashes[i]]));
    for (const f of this.changedFiles()) if (!state.has(f)) state.set(f, 'deleted');
    return state;
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
    // The fetch tool may leave a mirror's largest blobs out: list them, extract everything else.
    const blobs = this.proc
      .must('git', ['--git-dir', mirror, 'ls-tree', '-r', '-z', sha], { cwd: this.repo, env: this.env })
      .stdout.split('\0')
      .filter(Boolean)
      .map((l) => {
        const [meta, file] = l.split('\t');
        const [mode, type, id] = meta.split(' ');
        return { mode, type, id, file };
      })
      .filter((e) => e.type === 'blob');
    const check = this.proc.run('git', ['--git-dir', mirror, 'cat-file', '--batch-check'], {
      cwd: this.repo,
      env: this.env,
      input: blobs.map((b) => b.id).join('\n') + '\n',
    });
    const absent = new Set(check.stdout.split('\n').flatMap((l) => (l.endsWith(' missing') ? [l.split(' ')[0]] : [])));
    this.missingBlobs = blobs.filter((b) => absent.has(b.id)).map(({ id, file }) => ({ id, file }));
    const excludes = this.missingBlobs.map((b) => `:(exclude,literal)${b.file}`);
    this.proc.must(
      'bash',
      [
        '-c',
        'set -o pipefail; git --git-dir="$1" archive "$2" -- . "${@:4}" | tar -x -C "$3"',
        'extract',
        mirror,
        sha,
        this.repo,
        ...excludes,
      ],
      { cwd: this.repo, env: this.env },
    );
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
    this.result.fillMs = this.result.fill.reduce((t, f) => t + f.ms, 0);
    for (const f of this.result.fill) {
      if (f.exitCode === 0) continue;
      const refused = proxyRefusal(f.stderrTail ?? '');
      if (refused && f.dir === '.') throw new Skip(`the module proxy here refuses a version the main module needs: ${refused}`);
      if (refused)
        for (const d of f.dir === '.' ? [...members] : [f.dir]) this.result.environment[d] ??= `the module proxy refuses: ${refused}`;
      this.note(`fill: "${f.command}" in ${f.dir} exited ${f.exitCode}: ${f.stderrTail?.trim().split('\n').pop()}`);
    }
    this.restoreMissing();
    const changed = this.changedFiles();
    this.result.fillChangedFiles = changed;
    if (changed.length > 0) {
      this.note(`filling the module cache changed tracked files: ${changed.join(', ')} (reset before checking)`);
      this.resetTo('HEAD');
    }
  }

  /** `gohooks verify --format json`, every check. */
  /**
   * Puts back a vendored file the mirror lacks from the module cache, when the copy hashes to the
   * very blob the commit records (so the tree is upstream's, byte for byte), and amends the one
   * upstream commit. Anything else stays out, with a note.
   */
  restoreMissing(): void {
    if (this.missingBlobs.length === 0) return;
    let restored = 0;
    for (const { id, file } of this.missingBlobs) {
      const at = file.lastIndexOf('vendor/');
      const txt = at < 0 ? undefined : path.join(this.repo, file.slice(0, at), 'vendor', 'modules.txt');
      const source = txt && existsSync(txt) ? vendoredSource(readFileSync(txt, 'utf8'), file.slice(at + 'vendor/'.length)) : undefined;
      const candidate = source && path.join(extractedDir(this.env.GOMODCACHE!, source.path, source.version), source.file);
      const hash = candidate && existsSync(candidate) ? this.git(['hash-object', candidate]).stdout.trim() : undefined;
      if (candidate && hash === id) {
        mkdirSync(path.dirname(path.join(this.repo, file)), { recursive: true });
        writeFileSync(path.join(this.repo, file), readFileSync(candidate));
        this.gitMust(['add', '-f', '--', file]);
        restored++;
        this.note(`${file} is not in the mirror: restored from the module cache (same blob ${id.slice(0, 12)})`);
      } else this.note(`${file} is not in the mirror and could not be restored: left out of the tree`);
    }
    if (restored > 0) this.gitMust(['-c', 'core.hooksPath=/dev/null', 'commit', '-q', '--amend', '--no-edit']);
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

  /** `gohooks verify` as a user reads it (human output, kept for review), the findings from `--sarif`. */
  verifyHuman(change: string, label: string): RunRecord {
    const sarif = this.outFile(`${change}-${label}`, 'sarif');
    const textOut = sarif.replace(/\.sarif$/, '.txt');
    const p = this.proc.run(NODE, [CLI, 'verify', '--sarif', sarif], { cwd: this.repo, env: this.env });
    writeFileSync(textOut, `$ gohooks verify\n${p.stdout}${p.stderr}`);
    let parsed: ParsedRun | undefined;
    try {
      parsed = parseSarif(readFileSync(sarif, 'utf8'));
    } catch (e) {
      this.note(`${change}/${label}: no SARIF (exit ${p.code}): ${(e as Error).message}`);
    }
    return this.record(change, label, p, parsed, textOut);
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
  proveFixes(rec: RunRecord, again: () => RunRecord, withInfo = false): void {
    const open = rec.findings.filter((f) => f.notChecked && (withInfo || f.severity !== 'info'));
    if (open.length === 0) return;
    const before = this.gitMust(['rev-parse', 'HEAD']).trim();
    const statusBefore = this.statusLines();
    const proofs: FixProof[] = open.map((f) => ({
      after: `${rec.change}/${rec.run}`,
      check: f.check,
      file: f.file,
      headline: f.headline,
      fix: f.fix,
      severity: f.severity,
    }));
    const ran = new Map<string, Proc & { changed: string[] }>();
    for (const fix of new Set(open.map((f) => f.fix).filter((x): x is string => x !== undefined))) {
      const snapshot = this.workTreeState();
      const p = this.proc.run('bash', ['-c', fix], { cwd: this.repo, env: this.env });
      const after = this.workTreeState();
      const changed = [...after].filter(([f, h]) => snapshot.get(f) !== h).map(([f]) => f);
      // A committed state is restored; staged changes (pre-commit) are kept as they are.
      if (changed.length > 0 && statusBefore.length === 0) this.resetTo(before);
      ran.set(fix, { ...p, changed });
    }
    for (const proof of proofs) {
      const p = proof.fix === undefined ? undefined : ran.get(proof.fix);
      if (p) Object.assign(proof, { exitCode: p.code, ms: p.ms, changedFiles: p.changed });
      const refused = p && p.code !== 0 ? proxyRefusal(p.stderr) : undefined;
      const module = proof.file === undefined ? undefined : moduleOfPath(proof.file, this.result.modules);
      const known = module === undefined ? undefined : this.result.environment[module];
      if (refused) proof.environment = `the module proxy refuses: ${refused}`;
      else if (known) proof.environment = known;
    }
    const restoreConfig = this.raiseTimeout(proofs);
    const rerun = again();
    restoreConfig?.();
    for (const proof of proofs) {
      proof.resolved = !rerun.findings.some((f) => f.notChecked && f.check === proof.check && f.file === proof.file);
      if (proof.resolved) delete proof.environment;
      else if (!proof.environment)
        this.note(
          `fix did not work: ${proof.severity} ${proof.check} ${proof.file ?? ''}: "${proof.fix ?? '(none printed)'}" → still "${proof.headline}"`,
        );
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

  /**
   * Modules whose go.sum lacks a line go needs to load the module graph, in the go command's words
   * (`go list -m all`, read-only, GOWORK=off, with the network): what the go-sum check promises.
   */
  goSumOracle(): Problem[] {
    const problems: Problem[] = [];
    for (const d of this.result.modules) {
      if (this.result.environment[d]) continue;
      const p = this.go(d, ['list', '-m', 'all'], { GOWORK: 'off', GOFLAGS: '-mod=readonly' });
      const line = p.stderr.split('\n').find((l) => /missing go\.sum entry/.test(l));
      if (p.code !== 0 && line) problems.push({ module: d, kind: 'gosum', detail: line.trim().slice(0, 160) });
    }
    return problems;
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

  /**
   * Errors of checks whose oracle is costly run it only when gohooks reports one: `go mod verify`
   * (network allowed, go.work as it applies) for mod-verify, `go list -m` with the local toolchain
   * for toolchain. What go says becomes a problem; an error go does not back stays unexplained.
   */
  onDemandOracles(findings: SeenFinding[], known: Problem[]): Problem[] {
    const problems: Problem[] = [];
    const moduleOf = (f: SeenFinding) => (f.file === undefined ? '.' : (moduleOfPath(f.file, this.result.modules) ?? '.'));
    const errorsOf = (check: string) =>
      new Set(findings.filter((f) => f.check === check && f.severity === 'error' && !f.notChecked).map(moduleOf));
    for (const module of errorsOf('mod-verify')) {
      if (known.some((p) => p.kind === 'verify' && p.module === module)) continue;
      const p = this.go(module, ['mod', 'verify']);
      const text = `${p.stdout}\n${p.stderr}`;
      if (p.code !== 0 && /has been modified|checksum mismatch|missing ziphash|SECURITY ERROR/.test(text))
        problems.push({ module, kind: 'verify', detail: text.trim().split('\n')[0] });
      else this.note(`oracle: go mod verify in ${module} exited ${p.code}: ${text.trim().split('\n').slice(-1)[0]}`);
    }
    for (const module of errorsOf('toolchain')) {
      if (known.some((p) => p.kind === 'toolchain' && p.module === module)) continue;
      const p = this.go(module, ['list', '-m'], { GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '-mod=readonly' });
      if (p.code !== 0 && /requires go >=|go\.work|toolchain/.test(p.stderr))
        problems.push({ module, kind: 'toolchain', detail: p.stderr.trim().split('\n')[0] });
      else this.note(`oracle: go list -m in ${module} (GOTOOLCHAIN=local) exited ${p.code}: ${p.stderr.trim().split('\n')[0] ?? ''}`);
    }
    return problems;
  }

  /**
   * Judges a run: `responsible` are the problems this run must block (a pre-commit does not run
   * tidy, a pre-push does not run gofmt); any real problem of a module explains an error there.
   */
  verdictFor(rec: RunRecord, responsible: Problem[], all: Problem[], oracle: string): void {
    const extra = this.onDemandOracles(rec.findings, all);
    const mine = [...responsible, ...extra];
    const v: Verdict = judge(mine, rec.findings, this.result.modules);
    const other = judge([...all, ...extra], rec.findings, this.result.modules);
    v.unexplainedErrors = v.unexplainedErrors.filter((f) => other.unexplainedErrors.includes(f));
    v.warnings = v.warnings.filter((f) => other.warnings.includes(f));
    rec.problems = mine;
    rec.judged = v;
    // A repeated run is judged by the fixes proved on the run before it (its own first).
    const fixes = [
      ...this.result.fixes.filter((x) => x.after === `${rec.change}/${rec.run}`),
      ...this.result.fixes.filter((x) => x.after.startsWith(`${rec.change}/`)),
    ];
    const { label, reasons } = runVerdict(v, fixes);
    rec.verdict = label;
    rec.reasons = reasons;
    rec.oracle = extra.length > 0 ? [oracle, oracleText(extra, {})].filter(Boolean).join('; ') : oracle;
  }

  // --- the untouched commit ------------------------------------------------------------------

  head(): void {
    // Cold: a fresh HOME, so no stat snapshot of the module cache yet (the OS may still cache files).
    const first = this.opts.online
      ? this.verify('HEAD', 'verify --online, cold (README fill)', ['--online'])
      : this.verify('HEAD', 'verify, cold (README fill)');
    this.proveFixes(first, () => this.verify('HEAD', 'verify (after the printed fixes)'), true);
    this.verifyHuman('HEAD', 'verify, warm');
    const oracle = this.tidyOracle();
    this.result.oracleHead = oracle;
    for (const [d, v] of Object.entries(oracle)) {
      if (v.truth !== 'tidy') this.note(`oracle on HEAD: ${d} is ${v.truth}${v.detail ? ` (${v.detail})` : ''}`);
      const refused = v.truth === 'failed' ? proxyRefusal(v.detail ?? '') : undefined;
      if (refused) this.result.environment[d] ??= `the module proxy refuses: ${refused}`;
    }
    this.headProblems = [...this.problemsFromTidy(oracle), ...this.goSumOracle(), ...this.vendorOracle()];
    const text = oracleText(this.headProblems, { tidy: oracle, vendored: this.result.vendored.length });
    for (const rec of this.result.runs.filter((r) => r.change === 'HEAD')) this.verdictFor(rec, this.headProblems, this.headProblems, text);
  }

  // --- hooks and changes ---------------------------------------------------------------------

  installHooks(): void {
    this.proc.must('npm', ['install', '-g', '--prefer-offline', this.opts.tarball], { cwd: this.repo, env: this.env });
    this.gitMust(['init', '-q', '--bare', this.remote]);
    // origin looks like the real one to gohooks (fetch URL); pushes go to the local bare repository.
    this.gitMust(['remote', 'add', 'origin', `https://github.com/${this.result.name}.git`]);
    this.gitMust(['remote', 'set-url', '--push', 'origin', this.remote]);
    this.gitMust(['push', '-q', '--no-verify', 'origin', 'main']);
    const install = this.proc.run('gohooks', ['install', '--no-husky'], { cwd: this.repo, env: this.env });
    if (install.code !== 0) this.note(`gohooks install --no-husky exited ${install.code}: ${install.stdout}${install.stderr}`);
    if (/uses \.pre-commit-config\.yaml/.test(install.stdout)) this.installPreCommitSnippet(install.stdout);
    const status = this.proc.run('gohooks', ['status'], { cwd: this.repo, env: this.env });
    if (status.code !== 0) this.note(`gohooks status exited ${status.code}: ${status.stdout}${status.stderr}`);
    const untracked = this.changedFiles();
    if (untracked.some((f) => f !== 'gohooks.json')) this.note(`gohooks install left in the work tree: ${untracked.join(', ')}`);
    if (untracked.length > 0) {
      this.gitMust(['add', '-A']);
      const commit = this.git(['commit', '-q', '-m', 'gohooks install']);
      if (commit.code !== 0) this.note(`committing gohooks.json failed: ${commit.stderr}`);
      const push = this.git(['push', '-q', 'origin', 'main']);
      if (push.code !== 0) this.note(`pushing the gohooks.json commit failed: ${push.stderr}`);
    }
    this.base = this.gitMust(['rev-parse', 'HEAD']).trim();
  }

  /**
   * A repository on the pre-commit framework: install leaves its hooks alone and prints a `repo:
   * local` snippet. Used as printed, in a config of its own (the repository's other hooks would
   * need GitHub to install), installed the way the message says.
   */
  installPreCommitSnippet(stdout: string): void {
    const lines = stdout.split('\n');
    const at = lines.findIndex((l) => /^\s*- repo: local/.test(l));
    const hookTypes = [...(/pre-commit install ((?:--hook-type [\w-]+ ?)+)/.exec(stdout)?.[1] ?? '').matchAll(/--hook-type ([\w-]+)/g)].map(
      (m) => m[1],
    );
    if (at < 0 || hookTypes.length === 0) {
      this.note(`gohooks install printed no pre-commit snippet to use: ${stdout.trim().split('\n')[0]}`);
      return;
    }
    const snippet = lines.slice(at).filter((l, i, all) => l.trim() !== '' || all.slice(i).some((x) => x.trim() !== ''));
    const config = path.join(path.dirname(this.repo), 'gohooks-pre-commit.yaml');
    writeFileSync(config, `repos:\n${snippet.join('\n')}\n`);
    const args = ['install', '-c', config, ...hookTypes.flatMap((t) => ['--hook-type', t])];
    const p = this.proc.run('pre-commit', args, { cwd: this.repo, env: this.env });
    if (p.code !== 0) this.note(`pre-commit ${args.join(' ')} exited ${p.code}: ${p.stdout}${p.stderr}`);
    else this.note(`the repository uses the pre-commit framework: gohooks' snippet installed with pre-commit ${args.join(' ')}`);
  }

  /**
   * The module and version of a bump: the spec's, else an unreplaced requirement with a newer
   * release — direct before indirect, golang.org/x first — in the root module, else in the next
   * modules. Picked once per spec: every bump change makes the same step.
   */
  pickBump(spec: BumpSpec | undefined): BumpPick | undefined {
    const key = JSON.stringify(spec ?? {});
    if (!this.bumpPicks.has(key)) this.bumpPicks.set(key, this.findBump(spec));
    return this.bumpPicks.get(key);
  }

  findBump(spec: BumpSpec | undefined): BumpPick | undefined {
    const root = this.result.modules.includes('.') ? '.' : this.result.modules[0];
    const modules = spec?.module ? [spec.module] : [root, ...this.result.modules.filter((m) => m !== root)].slice(0, 6);
    const preferred = (p: string) => (p.startsWith('golang.org/x/') ? 0 : 1);
    const q = { GOFLAGS: '-mod=readonly' };
    for (const module of modules) {
      const mf = parseModFile(readFileSync(path.join(this.repo, module, 'go.mod'), 'utf8'));
      const replaced = new Set(mf.replace.map((r) => r.old.path));
      const candidates = mf.require
        .filter((r) => !replaced.has(r.path) && (spec?.dep ? r.path === spec.dep : true))
        .sort((a, b) => Number(a.indirect) - Number(b.indirect) || preferred(a.path) - preferred(b.path));
      if (candidates.length === 0) continue;
      if (spec?.version) return { module, dep: candidates[0].path, from: candidates[0].version, to: spec.version };
      // One query for every candidate's update (-e: a module the proxy refuses does not stop the rest).
      const updates = new Map<string, string>();
      const listed = this.go(
        module,
        ['list', '-m', '-e', '-u', '-f', '{{.Path}} {{with .Update}}{{.Version}}{{end}}', ...candidates.slice(0, 300).map((c) => c.path)],
        q,
      );
      for (const line of listed.stdout.split('\n')) {
        const [p, update] = line.trim().split(' ');
        if (p && update) updates.set(p, update);
      }
      for (const c of candidates) {
        const update = updates.get(c.path);
        if (!update) continue;
        const versions = this.go(module, ['list', '-m', '-versions', c.path], q).stdout.trim().split(/\s+/).slice(1);
        const to = nextVersion(versions, c.version, update);
        if (to) return { module, dep: c.path, from: c.version, to };
      }
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
  change(id: string, label: string, apply: () => Applied | undefined, push: boolean, afterCommit?: () => void): void {
    process.stdout.write(`- ${this.result.name}: ${label}\n`);
    this.resetTo(this.base);
    const remoteMain = this.git(['ls-remote', this.remote, 'refs/heads/main']).stdout.split('\t')[0];
    if (remoteMain !== this.base) this.gitMust(['push', '-q', '-f', '--no-verify', 'origin', `${this.base}:refs/heads/main`]);
    const applied = apply();
    if (!applied) return;
    this.gitMust(['add', ...(applied.stage ? ['--', ...applied.stage] : ['-A'])]);
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

  judgeChange(commitRuns: RunRecord[], pushRuns: RunRecord[], applied: Applied): void {
    const problems: Problem[] = [...this.gofmtOracle(applied.goFiles)];
    const tidy = applied.modFilesChanged ? this.tidyOracle() : undefined;
    if (tidy) problems.push(...this.problemsFromTidy(tidy), ...this.goSumOracle(), ...this.vendorOracle());
    // What the change broke: problems HEAD did not have already.
    const isNew = (p: Problem) => !this.headProblems.some((h) => h.module === p.module && h.kind === p.kind);
    const fresh = problems.filter(isNew);
    const all = [...problems, ...this.headProblems];
    const oracle = oracleText(problems, {
      tidy,
      gofmtFiles: applied.goFiles.filter(isPackageFile).length,
      ignoredFiles: applied.goFiles.filter((f) => !isPackageFile(f)).length,
      vendored: tidy ? this.result.vendored.length : 0,
    });
    for (const r of commitRuns)
      this.verdictFor(
        r,
        fresh.filter((p) => p.kind !== 'untidy'),
        all,
        oracle,
      );
    for (const r of pushRuns)
      this.verdictFor(
        r,
        fresh.filter((p) => p.kind !== 'unformatted'),
        all,
        oracle,
      );
    for (const r of [...commitRuns, ...pushRuns]) process.stdout.write(`    ${r.run}: ${r.verdict}: ${r.reasons?.join('; ')}\n`);
  }

  /**
   * get: `go get` only (untidy, or vendor/ out of step); tidy: `go get && go mod tidy` (and `go mod
   * vendor`), the clean workflow; workspace: the same with GOWORK=off in a go.work member, go.work
   * unchanged; late-tidy: `go get` committed, then `go mod tidy` in the work tree only — the push
   * must judge the commit, not the work tree.
   */
  bump(id: string, spec: BumpSpec | undefined, mode: 'get' | 'tidy' | 'workspace' | 'late-tidy' | 'partial-stage'): void {
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
    const tidies = mode === 'tidy' || mode === 'workspace' || mode === 'partial-stage';
    if (tidies) steps.push(`${gowork}go mod tidy`);
    if (tidies && vendored) steps.push('go mod vendor');
    const label =
      `${where}${steps.join(' && ')}` +
      (mode === 'get' && vendored ? ' (no go mod vendor)' : '') +
      (mode === 'late-tidy' ? '; commit; go mod tidy (not committed); push' : '') +
      (mode === 'partial-stage' ? `; git add ${where ? `${module}/` : ''}go.mod only (go.sum left unstaged)` : '');
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
        const goMod = module === '.' ? 'go.mod' : `${module}/go.mod`;
        return {
          modFilesChanged: true,
          goFiles: mode === 'partial-stage' ? [] : this.changedFiles().filter((f) => f.endsWith('.go')),
          ...(mode === 'partial-stage' ? { stage: [goMod] } : {}),
        };
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
    if (c.has('partial-stage') && !this.result.vendored.includes(bumpModule?.module ?? '.'))
      this.bump('partial-stage', bumpModule, 'partial-stage');
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
    try {
      removeTree(this.result.workDir!);
      this.result.workDir = undefined;
    } catch (e) {
      this.note(`could not remove ${this.result.workDir}: ${(e as Error).message}`);
    }
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
  const pack = spawnSync('npm', ['pack', '--silent', '--pack-destination', runDir], { cwd: root, encoding: 'utf8' });
  if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  opts.tarball = path.join(runDir, pack.stdout.trim().split('\n').pop()!);
  const gohooksCommit = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src'], { cwd: root, encoding: 'utf8' }).stdout.trim() !== '';
  const goVersion = spawnSync('go', ['version'], { encoding: 'utf8' }).stdout.trim();
  const results: Results = {
    startedAt: new Date().toISOString(),
    gohooks: `${gohooksCommit}${dirty ? ' (src/ modified)' : ''}`,
    go: goVersion,
    repos: [],
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
      process.stdout.write(
        `  filled the module cache in ${(r.result.fillMs / 1000).toFixed(1)} s (${(dirSize(path.join(r.result.cacheDir, 'mod')) / 2 ** 30).toFixed(2)} GiB)\n`,
      );
      if (opts.changes.has('head')) r.head();
      else r.result.notes.push('HEAD not verified (--changes)');
      save();
      r.changes();
    } catch (e) {
      if (e instanceof Skip) {
        r.result.skipped = e.message;
        process.stdout.write(`  skipped: ${e.message}\n`);
      } else {
        r.result.error = (e as Error).stack ?? String(e);
        process.stdout.write(`  harness error: ${(e as Error).message}\n`);
      }
    } finally {
      r.result.wallMs = performance.now() - started;
      r.cleanup();
      save();
    }
  }

  const { text, markdown } = renderResults([results]);
  writeFileSync(path.join(runDir, 'table.md'), markdown);
  process.stdout.write(`\n${text}\n${markdown}\nresults: ${resultsFile}\ntable: ${path.join(runDir, 'table.md')}\n`);
}

interface Results {
  startedAt: string;
  gohooks: string;
  go: string;
  repos: RepoResult[];
}

/** A repository that could not be tried gets a line of its own in the tables. */
function tableRuns(r: RepoResult): TableRun[] {
  if (!r.skipped && !r.error) return r.runs;
  const why = (r.skipped ?? r.error ?? '').split('\n')[0];
  const run = r.skipped ? 'skipped' : 'harness error';
  return [
    ...r.runs,
    { repo: r.name, change: '(the repository)', run, exitCode: 0, wallMs: r.wallMs, checks: [], verdict: run, reasons: [why] },
  ];
}

/** The console table with the notes, and the markdown (table.md) of one or more runs' results. */
function renderResults(all: Results[]): { text: string; markdown: string } {
  const repos = all.flatMap((r) => r.repos);
  const notes: string[] = [];
  for (const r of repos) {
    const lines = [
      ...r.notes.map((n) => `note: ${n}`),
      ...r.fixes
        .filter((f) => f.severity === 'info' && !f.resolved)
        .map((f) => `${f.after}: the fix of an information line did not change it: ${f.check} ${f.file ?? ''}: "${f.fix ?? ''}"`),
      ...(r.error ? [`harness error: ${r.error.split('\n')[0]}`] : []),
    ];
    if (lines.length) notes.push(`\n${r.name}:\n${[...new Set(lines)].map((l) => `  ${l}`).join('\n')}\n`);
  }
  const heading = [...new Set(all.map((r) => `gohooks ${r.gohooks}, ${r.go}, started ${r.startedAt}`))].join('\n');
  const markdown = [
    heading,
    '',
    renderRepoSummary(
      repos.map((r) => ({
        repo: r.name,
        sha: r.sha,
        modules: r.modules.length,
        workspace: r.workspace,
        vendored: r.vendored.length,
        fillMs: r.fillMs,
        cacheWasCold: r.cacheWasCold,
        runs: r.runs,
        wallMs: r.wallMs,
        ...(r.skipped ? { skipped: r.skipped } : {}),
      })),
    ),
    renderMarkdown(repos.flatMap(tableRuns)),
  ].join('\n');
  return { text: renderTable(repos.flatMap(tableRuns)) + notes.join(''), markdown };
}

/** `--render FILE…`: the tables again from results.json files (several runs make one table). */
function render(files: string[]): void {
  const { markdown } = renderResults(files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as Results));
  process.stdout.write(markdown);
}

main().catch((e: unknown) => {
  process.stderr.write(`realworld: ${(e as Error).message}\n`);
  process.exit(2);
});
