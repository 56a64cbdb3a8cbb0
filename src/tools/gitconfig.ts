// git configuration through simple-git (install / uninstall only: not on the
// hooks' hot path). Values are read with their scope, because a value set
// globally must never be overwritten for one repository.

import type { SimpleGit } from 'simple-git';

export type ConfigScope = 'local' | 'global' | 'system' | 'worktree' | 'command';

// simple-git refuses some environment variables (GIT_CONFIG_GLOBAL …) unless
// told they are trusted; they are the user's own, and gohooks passes fixed arguments.
const TRUST_USER_ENVIRONMENT = {
  allowUnsafeConfigPaths: true,
  allowUnsafeConfigEnvCount: true,
  allowUnsafeAskPass: true,
  allowUnsafeCredentialHelper: true,
  allowUnsafeEditor: true,
  allowUnsafePager: true,
  allowUnsafeSshCommand: true,
  allowUnsafeGitProxy: true,
  allowUnsafeHooksPath: true,
  allowUnsafeFsMonitor: true,
  allowUnsafeTemplateDir: true,
  allowUnsafeGpgProgram: true,
  allowUnsafeDiffExternal: true,
  allowUnsafeDiffTextConv: true,
  allowUnsafeFilter: true,
  allowUnsafeMergeDriver: true,
  allowUnsafeAlias: true,
};

export class GitConfig {
  private clientPromise: Promise<SimpleGit> | undefined;

  constructor(
    private readonly cwd: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  private client(): Promise<SimpleGit> {
    this.clientPromise ??= import('simple-git').then(({ simpleGit }) =>
      simpleGit({ baseDir: this.cwd, unsafe: TRUST_USER_ENVIRONMENT }).env({ ...this.env }),
    );
    return this.clientPromise;
  }

  /** The effective value of key and the scope it comes from. */
  async get(key: string): Promise<{ value: string; scope: ConfigScope } | undefined> {
    const git = await this.client();
    try {
      const out = await git.raw(['config', '--show-scope', '--get', key]);
      const line = out.replace(/\n$/, '');
      const tab = line.indexOf('\t');
      if (tab < 0) return undefined;
      return { scope: line.slice(0, tab) as ConfigScope, value: line.slice(tab + 1) };
    } catch {
      return undefined; // exit 1: not set
    }
  }

  /** The value in the repository's own config file only. */
  async getLocal(key: string): Promise<string | null> {
    try {
      const out = await (await this.client()).raw(['config', '--local', '--get', key]);
      return out === '' ? null : out.replace(/\n$/, '');
    } catch {
      return null;
    }
  }

  async setLocal(key: string, value: string): Promise<void> {
    await (await this.client()).raw(['config', '--local', key, value]);
  }

  async unsetLocal(key: string): Promise<void> {
    await (await this.client()).raw(['config', '--local', '--unset-all', key]);
  }

  /** `git config -z --get-regexp`: "key\nvalue\0" records, '' when nothing matches. */
  async getRegexp(regexp: string): Promise<string> {
    try {
      return await (await this.client()).raw(['config', '-z', '--get-regexp', regexp]);
    } catch {
      return '';
    }
  }

  /** `git rev-parse` with the given options, one trimmed line per option. */
  async revParse(...args: string[]): Promise<string[]> {
    const out = await (await this.client()).raw(['rev-parse', ...args]);
    return out.split('\n').filter((l) => l !== '');
  }
}
