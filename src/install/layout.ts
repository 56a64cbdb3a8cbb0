// Where a repository's hooks live for this work tree: the git directories and
// the hooks directory git uses now (core.hooksPath, with the scope it is set in).
// Read by install, uninstall and status.

import { realpathSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import { GitConfig, type ConfigScope } from '../tools/gitconfig.js';

export interface Layout {
  root: string;
  gitDir: string;
  commonDir: string;
  /** A linked worktree (git worktree add): its git dir is not the common dir. */
  linked: boolean;
  /** Where git looks for hooks now (core.hooksPath or the common dir's hooks/). */
  hooksDir: string;
  hooksPath?: { value: string; scope: ConfigScope };
  config: GitConfig;
}

export async function readLayout(cwd: string, env: NodeJS.ProcessEnv): Promise<Layout> {
  const config = new GitConfig(cwd, env);
  let parts: string[];
  try {
    parts = await config.revParse('--show-toplevel', '--absolute-git-dir', '--git-common-dir', '--git-path', 'hooks');
  } catch {
    throw new UsageError('not inside a git work tree (run git init first, or cd into the repository)');
  }
  if (parts.length < 4) throw new UsageError('not inside a git work tree (a bare repository has no hooks to install here)');
  const [top, gitDir, common, hooks] = parts;
  // --git-common-dir and --git-path answer relative to the cwd.
  const root = path.resolve(top);
  const commonDir = path.resolve(cwd, common);
  return {
    root,
    gitDir: path.resolve(gitDir),
    commonDir,
    linked: realpath(path.resolve(gitDir)) !== realpath(commonDir),
    hooksDir: path.resolve(cwd, hooks),
    hooksPath: await config.get('core.hooksPath'),
    config,
  };
}

function realpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
