// git adapter: repository queries through simple-git (loaded lazily), NUL
// separated plumbing output wherever file names are involved.

import type { SimpleGit } from 'simple-git';
import type { Debug } from '../debug.js';

const TRUST_USER_ENVIRONMENT = {
  allowUnsafeAlias: true,
  allowUnsafeAskPass: true,
  allowUnsafeConfigPaths: true,
  allowUnsafeConfigEnvCount: true,
  allowUnsafeCredentialHelper: true,
  allowUnsafeEditor: true,
  allowUnsafeMergeDriver: true,
  allowUnsafePager: true,
  allowUnsafeSshCommand: true,
  allowUnsafeGitProxy: true,
  allowUnsafeHooksPath: true,
  allowUnsafeDiffExternal: true,
  allowUnsafeDiffTextConv: true,
  allowUnsafeFilter: true,
  allowUnsafeFsMonitor: true,
  allowUnsafeGpgProgram: true,
  allowUnsafeTemplateDir: true,
};

export class GitTool {
  private clientPromise: Promise<SimpleGit> | undefined;

  constructor(
    readonly cwd: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly debug: Debug,
  ) {}

  private client(): Promise<SimpleGit> {
    this.clientPromise ??= import('simple-git').then(({ simpleGit }) =>
      // git must see the user's own environment (GIT_INDEX_FILE, GIT_CONFIG_GLOBAL, GIT_SSH_COMMAND …).
      // simple-git refuses many of those variables unless told they are trusted: they are
      // the user's, and gohooks passes only fixed arguments, never outside data.
      simpleGit({ baseDir: this.cwd, trimmed: false, unsafe: TRUST_USER_ENVIRONMENT }).env({ ...this.env }),
    );
    return this.clientPromise;
  }

  /** `git <args>`; undefined when git fails (not a repository, unknown revision …). */
  async raw(args: string[]): Promise<string | undefined> {
    const started = performance.now();
    let out: string | undefined;
    try {
      out = await (await this.client()).raw(args);
    } catch (e) {
      this.debug.log(`git ${args[0]} failed: ${(e as Error).message.trim().split('\n')[0]}`);
      out = undefined;
    }
    this.debug.command(
      { command: `git ${args.join(' ')}`, exitCode: out === undefined ? 1 : 0, ms: Math.round(performance.now() - started), timedOut: false },
      this.cwd,
    );
    return out;
  }

  /** The top of the work tree, or undefined outside a git work tree. */
  async topLevel(): Promise<string | undefined> {
    const out = await this.raw(['rev-parse', '--show-toplevel']);
    return out?.trim() || undefined;
  }

  /** Tracked and untracked-but-not-ignored files matching git pathspecs, repo-relative. */
  async listFiles(pathspecs: string[]): Promise<string[]> {
    const out = await this.raw(['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...pathspecs]);
    return splitNul(out);
  }
}

export function splitNul(out: string | undefined): string[] {
  if (!out) return [];
  return [...new Set(out.split('\0').filter((s) => s !== ''))];
}
