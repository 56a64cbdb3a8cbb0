// Everything checks see, gathered once per run (src/gather.ts builds it): the
// repository, its modules and workspaces, the files being checked, the
// configuration, and the tools. What several checks share and costs work — the
// go env, go.sum files, the private-module lookup — are lazy entries computed
// at most once per run.

import type { Config } from './config.js';
import type { Debug } from './debug.js';
import type { GoSum } from './gomod/gosum.js';
import type { PrivateModule } from './gomod/private.js';
import type { ShellTarget } from './platform.js';
import type { FileSource } from './source.js';
import type { Processes } from './tools/exec.js';
import type { GitTool } from './tools/git.js';
import type { GoEnv, GoTool } from './tools/go.js';
import type { Host } from './tools/host.js';
import type { ModCache } from './modcache/tool.js';
import type { Progress } from './tools/progress.js';
import type { SshTool } from './tools/ssh.js';
import type { TidyCache } from './tools/tidycache.js';
import type { GoModule, RunMode, Workspace } from './types.js';

export interface Context {
  root: string;
  isGitRepo: boolean;
  mode: RunMode;
  /** --online: go commands may use the network. */
  online: boolean;
  modules: GoModule[];
  workspaces: Workspace[];
  /** Where go.mod / go.sum / go.work are read from: the work tree, the index or a commit. */
  source: FileSource;
  config: Readonly<Config>;
  /** The user's environment, as gohooks was started with it. */
  env: Readonly<NodeJS.ProcessEnv>;
  /** The time limit for each check and each process, in ms. */
  timeoutMs: number;
  /** The user's shell and OS, for fix commands that change the environment. */
  shellTarget: ShellTarget;
  /** Staged .go files (repo-relative), set by the pre-commit hook for gofmt. */
  goFiles?: string[];
  /** --full: nothing from a previous run is trusted (the module cache snapshot, cached results). */
  full: boolean;

  // Tools: the only way checks start processes or read outside the repository.
  go: GoTool;
  git: GitTool;
  processes: Processes;
  host: Host;
  ssh: SshTool;
  /** The module cache verification engine (src/modcache). */
  modcache: ModCache;
  /** The progress line (a no-op unless the command shows one). */
  progress: Progress;
  /** Modules a `go mod tidy -diff` run found tidy, by the key of what tidy reads (src/gomod/tidykey.ts). */
  tidyCache: TidyCache;
  debug: Debug;

  // Lazy entries, computed at most once per run.
  /** `go env -json` with the user's environment; undefined when go is missing or fails (go.problem says why). */
  goEnv(): Promise<GoEnv | undefined>;
  /** The local go's version ("1.26.8"): its GOROOT/VERSION when that can be read, else `go env`'s; undefined without go. */
  goVersion(): Promise<string | undefined>;
  /** A module's go.sum from the source, parsed; undefined when there is none. */
  goSum(mod: GoModule): Promise<{ text: string; sum: GoSum } | undefined>;
  /** The private modules the repository depends on (gohooks.json "private", GOPRIVATE / GONOPROXY / GONOSUMDB, and guesses). */
  privateModules(): Promise<PrivateModule[]>;
}
