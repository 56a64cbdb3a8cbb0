// Builds the Context once per run: repository root, config, go env, modules.
// `go env -json` starts first and runs while git lists files and checks work.

import path from 'node:path';
import type { RunMode } from './check.js';
import { ALL_CHECKS } from './checks/index.js';
import { DEFAULT_TIMEOUT_SEC, loadConfig } from './config.js';
import { discoverModules, makeGoSumReader, type Context } from './context.js';
import { createDebug, type Debug } from './debug.js';
import { detectShell, type UserShell } from './platform.js';
import { WorkTreeSource, type FileSource } from './source.js';
import { ProcessRunner } from './tools/exec.js';
import { GitTool } from './tools/git.js';
import { GoTool, quickGoSetting } from './tools/go.js';

export interface Repo {
  root: string;
  /** undefined outside a git work tree. */
  git: GitTool | undefined;
  runner: ProcessRunner;
  debug: Debug;
  go: GoTool;
  env: NodeJS.ProcessEnv;
  online: boolean;
}

function tools(env: NodeJS.ProcessEnv, online: boolean) {
  const debug = createDebug(env);
  const runner = new ProcessRunner(debug);
  const go = new GoTool(env, runner, online, DEFAULT_TIMEOUT_SEC * 1000);
  void go.env(); // nothing waits for it until a check needs it
  return { debug, runner, go };
}

/** The repository around `start` (git top level, else start itself) and its go.mod files. */
export async function openRepo(start: string, env: NodeJS.ProcessEnv, online: boolean): Promise<{ repo: Repo; gitModFiles?: string[] }> {
  const { debug, runner, go } = tools(env, online);
  const probe = new GitTool(start, env, runner);
  const [top, gitModFiles] = await Promise.all([probe.topLevel(), probe.listRepoFiles('**/go.mod')]);
  const root = top ? path.resolve(top) : start;
  const git = top ? (start === root ? probe : new GitTool(root, env, runner)) : undefined;
  return { repo: { root, git, runner, debug, go, env, online }, gitModFiles: top ? gitModFiles : undefined };
}

/** For hooks: git already ran the hook at the top of the work tree. */
export async function openHookRepo(cwd: string, env: NodeJS.ProcessEnv): Promise<Repo | undefined> {
  const { debug, runner, go } = tools(env, false);
  const probe = new GitTool(cwd, env, runner);
  const top = await probe.topLevel();
  if (!top) return undefined;
  const root = path.resolve(top);
  return { root, git: root === cwd ? probe : new GitTool(root, env, runner), runner, debug, go, env, online: false };
}

export interface ContextOptions {
  mode: RunMode;
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
}

export async function buildContext(repo: Repo, opts: ContextOptions): Promise<Context> {
  const config = loadConfig(repo.root, ALL_CHECKS);
  const timeoutMs = config.timeoutSec * 1000;
  repo.go.defaultTimeoutMs = timeoutMs;
  const source = opts.source ?? new WorkTreeSource(repo.root);
  const { modules, workspaces } = await discoverModules({
    root: repo.root,
    dirs: opts.dirs,
    exactDirs: opts.exactDirs,
    gitModFiles: opts.gitModFiles,
    source,
    gowork: async () => quickGoSetting(repo.env, 'GOWORK'),
  });
  return {
    root: repo.root,
    isGitRepo: repo.git !== undefined,
    mode: opts.mode,
    online: repo.online,
    modules,
    workspaces,
    source,
    config,
    env: repo.env,
    go: repo.go,
    git: repo.git ?? new GitTool(repo.root, repo.env, repo.runner),
    runner: repo.runner,
    debug: repo.debug,
    timeoutMs,
    shellTarget: { shell: opts.shell ?? detectShell(repo.env, process.platform), platform: process.platform, home: repo.env.HOME },
    goFiles: opts.goFiles,
    goSum: makeGoSumReader(source),
    options: (id) => config.checks[id]?.options ?? {},
  };
}
