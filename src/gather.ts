// Builds the Context once per run: repository root, config, go env, modules.
// git ls-files and `go env -json` run concurrently.

import path from 'node:path';
import type { RunMode } from './check.js';
import { ALL_CHECKS } from './checks/index.js';
import { DEFAULT_TIMEOUT_SEC, loadConfig, type Config } from './config.js';
import { discoverModules, makeGoSumReader, type Context } from './context.js';
import { createDebug } from './debug.js';
import { WorkTreeSource, type FileSource } from './source.js';
import { ProcessRunner } from './tools/exec.js';
import { GitTool } from './tools/git.js';
import { GoTool, quickGoSetting } from './tools/go.js';

export interface GatherOptions {
  cwd: string;
  /** Directories named on the command line (absolute). */
  dirs: string[];
  mode: RunMode;
  online: boolean;
  env: NodeJS.ProcessEnv;
  /** Defaults to the work tree. */
  source?: (root: string, git: GitTool | undefined) => FileSource;
}

export async function gatherContext(opts: GatherOptions): Promise<Context> {
  const debug = createDebug(opts.env);
  const runner = new ProcessRunner(debug);
  // `go env -json` is started first: it runs while git and the checks work, and
  // nothing waits for it until a check needs it.
  const go = new GoTool(opts.env, runner, opts.online, DEFAULT_TIMEOUT_SEC * 1000);
  void go.env();
  const start = opts.dirs[0] ?? opts.cwd;
  const probe = new GitTool(start, opts.env, runner);
  const [top, gitModFiles] = await Promise.all([probe.topLevel(), probe.listRepoFiles('**/go.mod')]);
  const root = top ? path.resolve(top) : start;
  const git = top ? (start === root ? probe : new GitTool(root, opts.env, runner)) : undefined;
  const config: Config = loadConfig(root, ALL_CHECKS);
  const timeoutMs = config.timeoutSec * 1000;
  go.defaultTimeoutMs = timeoutMs;
  const source = opts.source ? opts.source(root, git) : new WorkTreeSource(root);
  const { modules, workspaces } = await discoverModules({
    root,
    dirs: opts.dirs,
    gitModFiles: top ? gitModFiles : undefined,
    source,
    gowork: async () => quickGoSetting(opts.env, 'GOWORK'),
  });

  return {
    root,
    isGitRepo: top !== undefined,
    mode: opts.mode,
    online: opts.online,
    modules,
    workspaces,
    source,
    config,
    env: opts.env,
    go,
    git: git ?? probe,
    runner,
    debug,
    timeoutMs,
    goSum: makeGoSumReader(source),
    options: (id) => config.checks[id]?.options ?? {},
  };
}
