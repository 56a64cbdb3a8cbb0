// Builds the Context once per run: repository root, config, go env, modules.
// git ls-files and `go env -json` run concurrently.

import path from 'node:path';
import type { RunMode } from './check.js';
import { ALL_CHECKS } from './checks/index.js';
import { loadConfig, type Config } from './config.js';
import { discoverModules, makeGoSumReader, type Context } from './context.js';
import { createDebug } from './debug.js';
import { WorkTreeSource, type FileSource } from './source.js';
import { ProcessRunner } from './tools/exec.js';
import { GitTool } from './tools/git.js';
import { GoTool } from './tools/go.js';

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
  const start = opts.dirs[0] ?? opts.cwd;
  const probe = new GitTool(start, opts.env, debug);
  const top = await probe.topLevel();
  const root = top ? path.resolve(top) : start;
  const git = top ? (start === root ? probe : new GitTool(root, opts.env, debug)) : undefined;
  const config: Config = loadConfig(root, ALL_CHECKS);
  const timeoutMs = config.timeoutSec * 1000;
  const runner = new ProcessRunner(debug);
  const go = new GoTool(opts.env, runner, opts.online, timeoutMs);
  const source = opts.source ? opts.source(root, git) : new WorkTreeSource(root);

  const goEnv = go.env(); // started now, awaited below: it runs while git lists files
  const discovered = discoverModules({
    root,
    dirs: opts.dirs,
    git,
    source,
    gowork: async () => (await goEnv)?.vars.GOWORK || opts.env.GOWORK || undefined,
  });
  const { modules, workspaces } = await discovered;
  await goEnv;

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
