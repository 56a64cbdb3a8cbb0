// git adapter for repository queries on the hot path (root, file lists, the
// index): plain `git` plumbing with NUL-separated output, started through the
// shared ProcessRunner. simple-git is kept for configuration work (install,
// credentials), where its API helps and its start-up cost does not matter:
// measured here, importing it costs ~15-25 ms per run, and every hook pays that.

import type { ProcessRunner } from './exec.js';

export class GitTool {
  constructor(
    readonly cwd: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly runner: ProcessRunner,
    private readonly timeoutMs = 30_000,
  ) {}

  /** `git <args>` → stdout; undefined when git fails (not a repository, unknown revision …) or is missing. */
  async raw(args: string[], input?: string): Promise<string | undefined> {
    const r = await this.runner.run('git', args, { cwd: this.cwd, env: this.env, timeoutMs: this.timeoutMs, input });
    return r.exitCode === 0 ? r.stdout : undefined;
  }

  /** The top of the work tree, or undefined outside a git work tree. */
  async topLevel(): Promise<string | undefined> {
    const out = await this.raw(['rev-parse', '--show-toplevel']);
    return out?.trim() || undefined;
  }

  /**
   * Tracked and untracked-but-not-ignored files of the whole work tree matching
   * a glob, relative to the top level whatever the cwd; undefined outside a repository.
   */
  async listRepoFiles(glob: string): Promise<string[] | undefined> {
    const out = await this.raw(['ls-files', '-z', '--full-name', '--cached', '--others', '--exclude-standard', '--', `:(top,glob)${glob}`]);
    return out === undefined ? undefined : splitNul(out);
  }
}

export function splitNul(out: string | undefined): string[] {
  if (!out) return [];
  return [...new Set(out.split('\0').filter((s) => s !== ''))];
}
