// Applies install changes one by one — or only describes them (--dry-run) —
// recording each with what it replaced, and prints what it did, file by file.
// It never writes through a symbolic link that leads out of the repository.

import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { GitConfig } from '../tools/gitconfig.js';
import type { Action } from './state.js';

/** Install stops before changing anything: the message says why and what to do (exit 2). */
export class InstallRefusal extends Error {
  override name = 'InstallRefusal';
}

function inside(parent: string, child: string): boolean {
  const r = path.relative(parent, child);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}

function realpathOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/**
 * Where install may write: the work tree and the git directories, and a hooks
 * directory configured outside them. `check` refuses a path that reaches
 * outside through a symbolic link (a .husky/pre-commit linked to a shared
 * file, a .git/hooks linked to a dotfiles directory): writing there would
 * change the file for everything else that uses it.
 */
export class WriteGuard {
  private readonly bases: string[];
  private readonly allowed: string[];

  constructor(root: string, gitDirs: string[], hooksDir: string) {
    this.bases = [root, ...gitDirs].map((p) => path.resolve(p)).sort((a, b) => b.length - a.length);
    this.allowed = this.bases.map(realpathOr);
    if (!this.bases.some((b) => inside(b, hooksDir))) this.allowed.push(realpathOr(hooksDir));
  }

  /** Throws InstallRefusal when a path (or, unless it is only moved, its last component) is a link out of the repository. */
  check(abs: string, shownAs: string, opts: { leafIsMoved?: boolean } = {}): void {
    const base = this.bases.find((b) => inside(b, abs));
    const parts = base ? path.relative(base, abs).split(path.sep).filter(Boolean) : [path.basename(abs)];
    let current = base ?? path.dirname(abs);
    for (const [i, part] of parts.entries()) {
      current = path.join(current, part);
      if (opts.leafIsMoved && i === parts.length - 1) break;
      let st;
      try {
        st = lstatSync(current);
      } catch {
        return; // nothing there yet: what install creates is a plain file or directory
      }
      if (!st.isSymbolicLink()) continue;
      let target: string;
      try {
        target = realpathSync(current);
      } catch {
        target = path.resolve(path.dirname(current), readlinkSync(current));
      }
      if (this.allowed.some((a) => inside(a, target))) continue;
      const link = current === abs ? shownAs : `${shownAs} (through ${current})`;
      throw new InstallRefusal(
        `${link} is a symbolic link to ${target}, outside this repository; gohooks does not write through it ` +
          '(that would change the file for everything else that uses it).\n' +
          `  Either replace the link with a copy of its target (cp --remove-destination "${target}" "${current}"), ` +
          `or add the gohooks lines to ${target} yourself; then run gohooks install again.`,
      );
    }
  }
}

export class Changes {
  readonly actions: Action[] = [];
  readonly lines: string[] = [];
  /** Paths a dry run would have moved away: later steps see them gone. */
  private readonly movedAway = new Set<string>();

  constructor(
    readonly root: string,
    readonly dryRun: boolean,
    readonly guard?: WriteGuard,
  ) {}

  /** How a path is shown and stored: repo-relative inside the repository, absolute outside. */
  rel(abs: string): string {
    const r = path.relative(this.root, abs);
    return r.startsWith('..') || path.isAbsolute(r) ? abs : r.split(path.sep).join('/');
  }

  private say(done: string, planned: string): void {
    this.lines.push(this.dryRun ? `would ${planned}` : done);
  }

  note(line: string): void {
    this.lines.push(line);
  }

  private exists(abs: string): boolean {
    return !this.movedAway.has(abs) && existsSync(abs);
  }

  mkdir(abs: string, recursive = false): void {
    this.guard?.check(abs, this.rel(abs));
    if (existsSync(abs)) return;
    this.say(`created ${this.rel(abs)}/`, `create ${this.rel(abs)}/`);
    if (this.dryRun) return;
    mkdirSync(abs, { recursive: true });
    this.actions.push({ kind: 'dir', path: this.rel(abs), recursive });
  }

  /** Writes content unless the file already holds it; `change` says what it does to an existing file: [done, planned]. */
  writeFile(abs: string, content: string, change: [string, string], mode = 0o644): void {
    this.guard?.check(abs, this.rel(abs), { leafIsMoved: this.movedAway.has(abs) });
    const exists = this.exists(abs);
    const before = exists ? readFileSync(abs) : null;
    if (before && before.toString('utf8') === content) {
      this.lines.push(`unchanged ${this.rel(abs)}`);
      return;
    }
    const [done, planned] = exists ? change : ['created', 'create'];
    this.say(`${done} ${this.rel(abs)}`, `${planned} ${this.rel(abs)}`);
    if (this.dryRun) return;
    const oldMode = exists ? statSync(abs).mode & 0o777 : mode;
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
    chmodSync(abs, exists ? oldMode : mode);
    this.actions.push({
      kind: 'file',
      path: this.rel(abs),
      before: before ? { data: before.toString('base64'), mode: oldMode } : null,
      after: content,
    });
  }

  rename(from: string, to: string, why: string): void {
    this.guard?.check(from, this.rel(from), { leafIsMoved: true });
    this.guard?.check(to, this.rel(to));
    this.say(`moved ${this.rel(from)} to ${this.rel(to)} (${why})`, `move ${this.rel(from)} to ${this.rel(to)} (${why})`);
    if (this.dryRun) {
      this.movedAway.add(from);
      return;
    }
    renameSync(from, to);
    this.actions.push({ kind: 'rename', from: this.rel(from), to: this.rel(to) });
  }

  async setConfig(config: GitConfig, key: string, value: string, apply: () => Promise<void>): Promise<void> {
    const before = await config.getLocal(key);
    if (before === value) {
      this.lines.push(`unchanged git config ${key}=${value}`);
      return;
    }
    this.say(`set git config ${key}=${value} (this clone only)`, `set git config ${key}=${value} (this clone only)`);
    if (this.dryRun) return;
    await apply();
    this.actions.push({ kind: 'config', key, before, after: value });
  }
}
