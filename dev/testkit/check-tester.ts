// The check tester (ESLint's RuleTester, for gohooks checks): runs one check
// through the real runner against an in-memory repository, an in-memory
// machine (files outside the repository, programs on PATH) and scripted
// processes. Fast unit tests of each check's logic; the e2e tests keep real go
// and real git.

import path from 'node:path';
import type { AnyCheck } from '../../src/check.js';
import { validateConfig } from '../../src/config.js';
import type { Context } from '../../src/context.js';
import { createDebug } from '../../src/debug.js';
import { discoverModules } from '../../src/discover.js';
import { sharedEntries } from '../../src/gather.js';
import { runChecks } from '../../src/runner.js';
import type { FileHead, FileSource, GoDir, RefusalKind, RefusedFile, SkipDir } from '../../src/source.js';
import type { BufferResult, ExecOptions, ExecResult, Processes } from '../../src/tools/exec.js';
import { GitTool } from '../../src/tools/git.js';
import { GoTool, type EnvSource, type GoEnv } from '../../src/tools/go.js';
import type { FindOptions, Host } from '../../src/tools/host.js';
import type { ModCache } from '../../src/modcache/tool.js';
import { silentProgress } from '../../src/tools/progress.js';
import { SshTool } from '../../src/tools/ssh.js';
import type { TidyCache } from '../../src/tools/tidycache.js';
import type { CheckStatus, Finding, GoModule, RunMode } from '../../src/types.js';

export const ROOT = '/repo';
const GO = '/usr/local/go/bin/go';

/** A scripted process: return what it prints, or undefined for "not found". */
export type Script = (file: string, args: string[], opts: ExecOptions) => Partial<ExecResult> | undefined;

export interface CheckCase {
  /** Repository files (repo-relative) as the source holds them. */
  files?: Record<string, string>;
  /** How the source reads: the work tree (verify), the index (pre-commit), a commit (pre-push). */
  sourceKind?: FileSource['kind'];
  /** Files that are there but the source refuses to read (a link out of the repository, a directory …): path → why. */
  refused?: Record<string, RefusalKind>;
  /** Work-tree texts that differ from the index (the index source only). */
  unstaged?: Record<string, string>;
  mode?: RunMode;
  /** `go env` variables; null: go env failed. Defaults: a Go 1.26 on Linux with the default proxy. */
  goEnv?: Record<string, string> | null;
  /** Which of goEnv's variables come from the OS environment; the others it names come from the go env file (go env -w), the rest are defaults. */
  fromEnv?: string[];
  /** The go binary; null: go is not installed. */
  goBinary?: string | null;
  /** gohooks.json, as its JSON value. */
  config?: unknown;
  /** The user's environment. */
  env?: NodeJS.ProcessEnv;
  /** Files outside the repository (absolute paths); a trailing / makes a directory. */
  hostFiles?: Record<string, string>;
  /** Directories the user cannot write (besides everything below /readonly). */
  readOnly?: string[];
  /** Programs on PATH: name → its absolute paths, in PATH order. */
  programs?: Record<string, string[]>;
  processes?: Script;
  goFiles?: string[];
  timeoutMs?: number;
  /** The module cache engine's answers (default: it knows no version). */
  modcache?: Partial<ModCache>;
  full?: boolean;
  /** go-mod-tidy's result cache; share one between runs to see the second run use it (default: an empty one per run). */
  tidyCache?: MemoryTidyCache;
}

export interface CheckRun {
  findings: Finding[];
  status: CheckStatus;
  /** Every process the check started, as "file arg …". */
  calls: string[];
}

const DEFAULT_GO_ENV: Record<string, string> = {
  GOVERSION: 'go1.26.8',
  GOROOT: '/usr/local/go',
  GOPATH: '/home/dev/go',
  GOMODCACHE: '/home/dev/go/pkg/mod',
  GOCACHE: '/home/dev/.cache/go-build',
  GOPROXY: 'https://proxy.golang.org,direct',
  GOSUMDB: 'sum.golang.org',
  GOHOSTOS: 'linux',
  GOHOSTARCH: 'amd64',
  GOENV: 'off',
  GOFLAGS: '',
  GOPRIVATE: '',
  GONOPROXY: '',
  GONOSUMDB: '',
  CGO_ENABLED: '1',
  CC: 'gcc',
};

class MemorySource implements FileSource {
  readonly description = 'test files';
  private readonly met: RefusedFile[] = [];
  constructor(
    readonly kind: FileSource['kind'],
    private readonly files: Record<string, string>,
    private readonly unstaged: Record<string, string>,
    private readonly refusedFiles: Record<string, RefusalKind> = {},
  ) {}
  async read(rel: string) {
    await this.refusal(rel);
    return rel in this.refusedFiles ? undefined : this.files[rel];
  }
  /** Like the real sources: a refusal is remembered once it is met. */
  async refusal(rel: string) {
    const kind = this.refusedFiles[rel];
    if (kind === undefined) return undefined;
    if (!this.met.some((r) => r.file === rel)) this.met.push({ file: rel, kind });
    return { file: rel, kind };
  }
  refused() {
    return [...this.met];
  }
  async isDir(rel: string) {
    return Object.keys(this.files).some((f) => f.startsWith(`${rel}/`));
  }
  async listFiles(dir: string, skipDir?: SkipDir) {
    const prefix = dir === '.' || dir === '' ? '' : `${dir}/`;
    const skips = (f: string) => {
      const dirs = f.slice(prefix.length).split('/').slice(0, -1);
      return dirs.some((name, i) => skipDir!(name, dirs.slice(0, i + 1).join('/')));
    };
    return Object.keys(this.files).filter((f) => f.startsWith(prefix) && !(skipDir && skips(f)));
  }
  async readHeads(rels: string[], maxBytes: number) {
    const out = new Map<string, FileHead | undefined>();
    for (const rel of rels) {
      const text = rel in this.refusedFiles ? undefined : this.files[rel];
      const bytes = text === undefined ? undefined : Buffer.from(text);
      out.set(rel, bytes && { bytes: bytes.subarray(0, maxBytes), complete: bytes.length <= maxBytes });
    }
    return out;
  }
  async goDir(mod: GoModule): Promise<GoDir> {
    return { dir: mod.dir, sameAsWorkTree: true, env: {} };
  }
  /** The index's go commands run in the work tree: its files with the unstaged texts. */
  async goReads(): Promise<FileSource> {
    return this.kind === 'index' ? new MemorySource('worktree', { ...this.files, ...this.unstaged }, {}, this.refusedFiles) : this;
  }
  async unstagedText(rel: string) {
    return this.kind === 'index' ? this.unstaged[rel] : undefined;
  }
  dispose() {}
}

export class MemoryHost implements Host {
  readonly platform = 'linux';
  constructor(
    private readonly files: Record<string, string>,
    private readonly programs: Record<string, string[]>,
    private readonly readOnly: string[] = [],
  ) {}
  private isDirPath(p: string) {
    return Object.keys(this.files).some((f) => f === `${p}/` || f.startsWith(`${p}/`));
  }
  exists(p: string) {
    return p in this.files || this.isDirPath(p);
  }
  isDir(p: string) {
    return this.isDirPath(p);
  }
  readText(p: string) {
    return p.endsWith('/') ? undefined : this.files[p];
  }
  readBytes(p: string) {
    const t = this.readText(p);
    return t === undefined ? undefined : Buffer.from(t);
  }
  mode(p: string) {
    return this.exists(p) ? 0o600 : undefined;
  }
  existingAncestor(p: string) {
    let d = p;
    while (!this.exists(d) && path.dirname(d) !== d) d = path.dirname(d);
    return d;
  }
  /** Everything below /readonly, and below the case's readOnly directories, is read-only. */
  writable(p: string) {
    return !['/readonly', ...this.readOnly].some((d) => p === d || p.startsWith(`${d}/`));
  }
  listDir(p: string) {
    const names = Object.keys(this.files)
      .filter((f) => f.startsWith(`${p}/`))
      .map((f) => f.slice(p.length + 1).split('/')[0])
      .filter(Boolean);
    return [...new Set(names)];
  }
  realpath(p: string) {
    return p;
  }
  findFiles(dirs: string[], opts: FindOptions) {
    return Object.keys(this.files).filter((f) => {
      if (f.endsWith('/') || !dirs.some((d) => f.startsWith(`${d}/`))) return false;
      const parts = f.split('/');
      return opts.accept(parts.at(-1)!) && !parts.slice(0, -1).some((x) => opts.skipDir?.(x));
    });
  }
  dirSize(dir: string) {
    return Object.entries(this.files)
      .filter(([f]) => f.startsWith(`${dir}/`))
      .reduce((n, [, t]) => n + t.length, 0);
  }
  which(name: string, env?: NodeJS.ProcessEnv) {
    const found = this.programs[name] ?? [];
    if (env?.PATH) return found.find((p) => env.PATH!.split(':').includes(path.dirname(p)));
    return found[0];
  }
  whichAll(name: string) {
    return this.programs[name] ?? [];
  }
}

/** go-mod-tidy's result cache in memory: what was recorded ("GOMODCACHE key" → module), and how often it was asked. */
export class MemoryTidyCache implements TidyCache {
  readonly records = new Map<string, string>();
  lookups = 0;
  isTidy(gomodcache: string, key: string) {
    this.lookups++;
    return this.records.has(`${gomodcache} ${key}`);
  }
  rememberTidy(gomodcache: string, key: string, module: string) {
    this.records.set(`${gomodcache} ${key}`, module);
  }
}

class ScriptedProcesses implements Processes {
  readonly calls: string[] = [];
  constructor(private readonly script: Script) {}
  async run(file: string, args: string[], opts: ExecOptions): Promise<ExecResult> {
    const command = [file, ...args].join(' ');
    this.calls.push(command);
    const r = this.script(file, args, opts);
    if (!r) return { command, exitCode: -1, stdout: '', stderr: `spawn ${file} ENOENT`, timedOut: false, notFound: true, ms: 0 };
    return { command, exitCode: 0, stdout: '', stderr: '', timedOut: false, notFound: false, ms: 0, ...r };
  }
  async runBuffer(file: string, args: string[], opts: ExecOptions): Promise<BufferResult> {
    const r = await this.run(file, args, opts);
    return { ...r, stdout: Buffer.from(r.stdout) };
  }
}

/** A GoEnv as GoTool.env() would build it: `userSet` keys come from the go env file, `fromEnv` from the OS environment. */
export function fakeGoEnv(vars: Record<string, string>, fromEnv: string[] = [], userSet: string[] = Object.keys(vars)): GoEnv {
  const inFile = userSet.filter((k) => !fromEnv.includes(k));
  return {
    vars: { ...vars },
    goenvFile: Object.fromEntries(inFile.map((k) => [k, vars[k]])),
    source: (key): EnvSource => (fromEnv.includes(key) ? 'env' : inFile.includes(key) ? 'goenv' : 'default'),
    version: (vars.GOVERSION ?? 'go1.26.8').replace(/^go/, ''),
  };
}

/** An engine that knows no module version: cases that test mod-verify give their own. */
const emptyModCache: ModCache = {
  versions: async () => ({ versions: [], failures: [], incomplete: [], cached: 0 }),
  verify: async () => ({ results: [], stats: { versions: 0, hashed: 0, fromSnapshot: 0, racy: 0, workers: 0, ms: 0 } }),
  vendor: async () => ({ checked: [], notChecked: [], modified: [], added: [], missing: [], problems: [] }),
};

/** Runs one check the way `gohooks verify` or a hook would, against the case's in-memory world. */
export async function runCheck(check: AnyCheck, c: CheckCase = {}): Promise<CheckRun> {
  const files = c.files ?? {};
  const env: NodeJS.ProcessEnv = { HOME: '/home/dev', PATH: '/usr/local/go/bin:/usr/bin', ...c.env };
  const vars = c.goEnv === null ? undefined : { ...DEFAULT_GO_ENV, ...c.goEnv };
  const goEnv = vars ? fakeGoEnv(vars, c.fromEnv, Object.keys(c.goEnv ?? {})) : undefined;
  const processes = new ScriptedProcesses((file, args, opts) => {
    if (file === GO && args[0] === 'env') return vars ? { stdout: JSON.stringify(vars) } : { exitCode: 1, stderr: 'go: broken' };
    return c.processes?.(file, args, opts) ?? (file === 'git' ? { exitCode: 1 } : undefined);
  });
  const config = validateConfig({ file: 'gohooks.json', value: c.config ?? {}, keyLines: new Map() }, [check]);
  const source = new MemorySource(c.sourceKind ?? 'worktree', files, c.unstaged ?? {}, c.refused);
  const { modules, workspaces } = await discoverModules({
    root: ROOT,
    dirs: [],
    gitModFiles: [...Object.keys(files), ...Object.keys(c.refused ?? {})].filter((f) => f === 'go.mod' || f.endsWith('/go.mod')),
    source,
    gowork: async () => env.GOWORK,
  });
  const timeoutMs = c.timeoutMs ?? 10_000;
  const go = new GoTool(env, processes, false, timeoutMs, c.goBinary === null ? undefined : (c.goBinary ?? GO));
  const host = new MemoryHost(c.hostFiles ?? {}, { go: c.goBinary === null ? [] : [GO], ...c.programs }, c.readOnly);
  const git = new GitTool(ROOT, env, processes);
  const ctx: Context = {
    root: ROOT,
    isGitRepo: true,
    mode: c.mode ?? 'verify',
    online: false,
    modules,
    workspaces,
    source,
    config,
    env,
    timeoutMs,
    shellTarget: { shell: 'bash', platform: 'linux', home: env.HOME },
    goFiles: c.goFiles,
    go,
    git,
    processes,
    host,
    ssh: new SshTool(processes, env, timeoutMs),
    full: c.full ?? false,
    modcache: { ...emptyModCache, ...c.modcache },
    progress: silentProgress,
    tidyCache: c.tidyCache ?? new MemoryTidyCache(),
    debug: createDebug({}),
    ...sharedEntries({
      source,
      modules,
      workspaces,
      config,
      git,
      goEnv: async () => (go.available ? goEnv : undefined),
      host,
      goBinary: go.binary,
    }),
  };
  const result = await runChecks(ctx, [check]);
  return { findings: result.findings, status: result.checks[0].status, calls: processes.calls };
}
