// Builds the Context once per run: repository root, config, modules, tools,
// and the lazy entries checks share. `go env -json` starts as soon as the time
// limit is known (the config is loaded first), while module discovery runs;
// from then on no process runs longer than the configured timeout.

import os from 'node:os';
import path from 'node:path';
import type { Config } from './config.js';
import type { Context } from './context.js';
import { createDebug, type Debug } from './debug.js';
import { discoverModules } from './discover.js';
import { urlHost } from './gomod/gitauth.js';
import { fromToolchain } from './gomod/goversion.js';
import { parseGoSum, type GoSum } from './gomod/gosum.js';
import { classifyPrivate, dependencyRefs, type PrivateModule } from './gomod/private.js';
import { detectShell, type UserShell } from './platform.js';
import { WorkTreeSource, type FileSource } from './source.js';
import { ProcessRunner, type Processes } from './tools/exec.js';
import { GitTool } from './tools/git.js';
import { GoTool, gorootOfBinary, quickGoSetting, type GoEnv } from './tools/go.js';
import { NodeHost, type Host } from './tools/host.js';
import { SshTool } from './tools/ssh.js';
import { silentProgress, type Progress } from './tools/progress.js';
import { engineModCache } from './modcache/tool.js';
import { FileTidyCache } from './tools/tidycache.js';
import { which } from './tools/which.js';
import type { GoModule, RunMode, Workspace } from './types.js';

/** ssh is asked only about settings and keys: a short limit whatever the config says. */
const SSH_TIMEOUT_MS = 15_000;

export interface Repo {
  root: string;
  /** undefined outside a git work tree. */
  git: GitTool | undefined;
  processes: Processes;
  debug: Debug;
  env: NodeJS.ProcessEnv;
  online: boolean;
}

function tools(env: NodeJS.ProcessEnv): { debug: Debug; processes: ProcessRunner } {
  const debug = createDebug(env);
  return { debug, processes: new ProcessRunner(debug) };
}

/** The repository around `start` (git top level, else start itself) and its go.mod files. */
export async function openRepo(start: string, env: NodeJS.ProcessEnv, online: boolean): Promise<{ repo: Repo; gitModFiles?: string[] }> {
  const { debug, processes } = tools(env);
  const probe = new GitTool(start, env, processes);
  const [top, gitModFiles] = await Promise.all([probe.topLevel(), probe.listRepoFiles('**/go.mod')]);
  const root = top ? path.resolve(top) : start;
  const git = top ? (start === root ? probe : new GitTool(root, env, processes)) : undefined;
  return { repo: { root, git, processes, debug, env, online }, gitModFiles: top ? gitModFiles : undefined };
}

/** For hooks: git already runs the hook at the top of the work tree. */
export async function openHookRepo(cwd: string, env: NodeJS.ProcessEnv): Promise<Repo | undefined> {
  const { debug, processes } = tools(env);
  const probe = new GitTool(cwd, env, processes);
  // hooks/gohooks.sh has just asked git (git runs hooks at the top of the work tree); anyone else is asked again.
  const told = env.GOHOOKS_TOPLEVEL;
  const top = told && path.resolve(told) === path.resolve(cwd) ? cwd : await probe.topLevel();
  if (!top) return undefined;
  const root = path.resolve(top);
  return { root, git: root === cwd ? probe : new GitTool(root, env, processes), processes, debug, env, online: false };
}

export interface ContextOptions {
  mode: RunMode;
  config: Config;
  /** Absolute directories to check (default: the whole repository). */
  dirs: string[];
  /** dirs are exactly the module directories to check; none when empty. */
  exactDirs?: boolean;
  /** Repo-relative go.mod paths; without them the tree is walked. */
  gitModFiles?: string[];
  source?: FileSource;
  goFiles?: string[];
  /** Overrides the shell detected from the environment (gohooks doctor --shell). */
  shell?: UserShell;
  /** Start `go env -json` now: a selected check will need it. */
  prefetchGoEnv?: boolean;
  /** --full: trust nothing from a previous run. */
  full?: boolean;
  progress?: Progress;
}

/** One GoTool per repository and time limit: pre-push builds a Context per pushed ref, and `go env` runs once. */
const goTools = new WeakMap<Repo, GoTool>();

function goTool(repo: Repo, timeoutMs: number): GoTool {
  let go = goTools.get(repo);
  if (!go || go.timeoutMs !== timeoutMs) {
    go = new GoTool(repo.env, repo.processes, repo.online, timeoutMs, which('go', repo.env));
    goTools.set(repo, go);
  }
  return go;
}

export async function buildContext(repo: Repo, opts: ContextOptions): Promise<Context> {
  const timeoutMs = opts.config.timeoutSec * 1000;
  // gohooks.json "timeout" bounds every process from here on, whatever limit its caller asks for.
  if (repo.processes instanceof ProcessRunner) repo.processes.limitTimeouts(timeoutMs);
  const go = goTool(repo, timeoutMs);
  // Runs while modules are discovered; a failure (an OsError) reaches the check that awaits it, not an unhandled rejection.
  if (opts.prefetchGoEnv) go.env().catch(() => {});
  const source = opts.source ?? new WorkTreeSource(repo.root);
  const { modules, workspaces } = await discoverModules({
    root: repo.root,
    dirs: opts.dirs,
    exactDirs: opts.exactDirs,
    gitModFiles: opts.gitModFiles,
    source,
    gowork: async () => quickGoSetting(repo.env, 'GOWORK'),
  });
  const git = repo.git ?? new GitTool(repo.root, repo.env, repo.processes);
  const isGitRepo = repo.git !== undefined;
  const host = new NodeHost(repo.env);
  return {
    root: repo.root,
    isGitRepo,
    mode: opts.mode,
    online: repo.online,
    modules,
    workspaces,
    source,
    config: opts.config,
    env: repo.env,
    timeoutMs,
    shellTarget: {
      shell: opts.shell ?? detectShell(repo.env, process.platform),
      platform: process.platform,
      home: repo.env.HOME || repo.env.USERPROFILE || os.homedir(),
    },
    goFiles: opts.goFiles,
    go,
    git,
    processes: repo.processes,
    host,
    ssh: new SshTool(repo.processes, repo.env, Math.min(timeoutMs, SSH_TIMEOUT_MS)),
    full: opts.full ?? false,
    modcache: engineModCache({
      go,
      env: repo.env,
      platform: process.platform,
      timeoutMs,
      goVersion: async () => (await go.env())?.version ?? 'unknown',
    }),
    progress: opts.progress ?? silentProgress,
    tidyCache: new FileTidyCache({ platform: process.platform, env: repo.env, debug: repo.debug }),
    debug: repo.debug,
    ...sharedEntries({
      source,
      modules,
      workspaces,
      config: opts.config,
      git: isGitRepo ? git : undefined,
      goEnv: () => go.env(),
      host,
      goBinary: go.binary,
    }),
  };
}

export interface SharedEntryInput {
  source: FileSource;
  modules: GoModule[];
  workspaces: Workspace[];
  config: Config;
  /** undefined outside a git repository. */
  git: Pick<GitTool, 'raw'> | undefined;
  goEnv: () => Promise<GoEnv | undefined>;
  host: Host;
  /** The go on PATH; undefined when there is none. */
  goBinary: string | undefined;
}

/** The lazy entries of a Context (also used by the check tester). */
export function sharedEntries(input: SharedEntryInput): Pick<Context, 'goEnv' | 'goVersion' | 'goSum' | 'privateModules'> {
  const sums = new Map<string, Promise<{ text: string; sum: GoSum } | undefined>>();
  let privates: Promise<PrivateModule[]> | undefined;
  let version: Promise<string | undefined> | undefined;
  return {
    goEnv: input.goEnv,
    goVersion: () => (version ??= localGoVersion(input)),
    goSum: (mod) => {
      let p = sums.get(mod.sumFile);
      if (!p) {
        p = input.source.read(mod.sumFile).then((text) => (text === undefined ? undefined : { text, sum: parseGoSum(text) }));
        sums.set(mod.sumFile, p);
      }
      return p;
    },
    privateModules: () => (privates ??= findPrivateModules(input)),
  };
}

/**
 * Without starting go where possible: every Go install has GOROOT/VERSION ("go1.26.8" on its first
 * line) beside GOROOT/bin/go. A wrapper (asdf, goenv) or a source build without it: `go env`.
 */
async function localGoVersion(input: SharedEntryInput): Promise<string | undefined> {
  if (!input.goBinary) return undefined;
  const goroot = gorootOfBinary(input.host.realpath(input.goBinary));
  const fromFile = goroot ? fromToolchain(input.host.readText(path.join(goroot, 'VERSION'))?.split('\n')[0].trim() ?? '') : '';
  return fromFile || (await input.goEnv())?.version;
}

async function findPrivateModules(input: SharedEntryInput): Promise<PrivateModule[]> {
  const env = await input.goEnv();
  if (!env) return [];
  const parses = (m: GoModule) => !m.mod.diagnostics.some((d) => d.severity === 'error');
  const files = [
    ...input.modules.filter(parses).map((m) => ({ file: m.modFile, mod: m.mod })),
    ...input.workspaces.map((w) => ({ file: w.file, mod: w.work })),
  ];
  const origin = await input.git?.raw(['config', '--get', 'remote.origin.url']);
  return classifyPrivate({
    refs: dependencyRefs(files),
    configPatterns: input.config.private,
    env: env.vars,
    ownModules: input.modules.map((m) => m.path).filter(Boolean),
    originHost: origin ? urlHost(origin.trim()) : undefined,
  });
}
