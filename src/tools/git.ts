// git adapter for repository queries on the hot path (root, file lists, the
// index): plain `git` plumbing with NUL-separated output, started through the
// shared ProcessRunner. simple-git is kept for configuration work (install,
// credentials), where its API helps and its start-up cost does not matter:
// measured here, importing it costs ~15-25 ms per run, and every hook pays that.

import type { Processes } from './exec.js';
import { makeTempDir, removeTempDir } from './tempdirs.js';

export class GitTool {
  constructor(
    readonly cwd: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly runner: Processes,
    private readonly timeoutMs = 30_000,
  ) {}

  /** `git <args>` → stdout; undefined when git fails (not a repository, unknown revision …) or is missing. */
  async raw(args: string[], input?: string): Promise<string | undefined> {
    const r = await this.runner.run('git', args, { cwd: this.cwd, env: this.env, timeoutMs: this.timeoutMs, input });
    return r.exitCode === 0 ? r.stdout : undefined;
  }

  /** `git <args>` → stdout bytes (archives, blobs); undefined when git fails. */
  async rawBuffer(args: string[], input?: string): Promise<Buffer | undefined> {
    const r = await this.runner.runBuffer('git', args, { cwd: this.cwd, env: this.env, timeoutMs: this.timeoutMs, input });
    return r.exitCode === 0 ? r.stdout : undefined;
  }

  /** Staged contents of regular files among paths (from the index, as committed: no eol or filter conversion). */
  async indexBlobs(paths: string[]): Promise<Map<string, Buffer>> {
    const out = new Map<string, Buffer>();
    if (paths.length === 0) return out;
    const listing = await this.raw(['--literal-pathspecs', 'ls-files', '-s', '-z', '--', ...paths]);
    const shaOf = new Map<string, string>();
    for (const rec of splitNul(listing)) {
      // Regular files only (100644, 100755): a link's blob (120000) is its target path, a submodule (160000) has none.
      const m = /^100\d{3} ([0-9a-f]+) 0\t([\s\S]*)$/.exec(rec);
      if (m) shaOf.set(m[2], m[1]);
    }
    if (shaOf.size === 0) return out;
    const shas = [...new Set(shaOf.values())];
    const r = await this.runner.runBuffer('git', ['cat-file', '--batch'], {
      cwd: this.cwd,
      env: this.env,
      timeoutMs: this.timeoutMs,
      input: shas.join('\n') + '\n',
    });
    const blobs = parseCatFileBatch(r.stdout, shas);
    for (const [p, sha] of shaOf) {
      const b = blobs.get(sha);
      if (b) out.set(p, b);
    }
    return out;
  }

  /**
   * `git config -z --get-regexp` as git sees it outside any repository (global
   * and system config only): how the go command's git fetches are configured,
   * since go runs git in the module cache. "key\nvalue\0" records, '' when none.
   */
  async configOutsideRepo(regexp: string): Promise<string> {
    const neutral = makeTempDir('gohooks-git-');
    try {
      const r = await this.runner.run('git', ['config', '-z', '--get-regexp', regexp], {
        cwd: neutral,
        env: this.env,
        timeoutMs: this.timeoutMs,
      });
      return r.exitCode === 0 ? r.stdout : '';
    } finally {
      removeTempDir(neutral);
    }
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

/**
 * Splits `git cat-file --batch` output ("<sha> blob <size>\n<bytes>\n" per object, "<sha> missing\n"
 * for none) into blobs, in the order asked; stops at anything unexpected.
 */
export function parseCatFileBatch(out: Buffer | undefined, shas: string[]): Map<string, Buffer> {
  const blobs = new Map<string, Buffer>();
  if (out === undefined) return blobs;
  let pos = 0;
  for (const sha of shas) {
    const nl: number = out.indexOf(0x0a, pos);
    if (nl < 0) break;
    const header = out.toString('latin1', pos, nl);
    if (header === `${sha} missing`) {
      pos = nl + 1;
      continue;
    }
    const m = /^([0-9a-f]+) blob (\d+)$/.exec(header);
    const end = nl + 1 + Number(m?.[2]);
    if (!m || m[1] !== sha || end >= out.length || out[end] !== 0x0a) break;
    blobs.set(sha, out.subarray(nl + 1, end));
    pos = end + 1;
  }
  return blobs;
}

export function splitNul(out: string | undefined): string[] {
  if (!out) return [];
  return [...new Set(out.split('\0').filter((s) => s !== ''))];
}
