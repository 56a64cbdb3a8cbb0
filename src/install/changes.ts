// Applies install changes one by one — or only describes them (--dry-run) —
// recording each with what it replaced, and prints what it did, file by file.

import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { GitConfig } from '../tools/gitconfig.js';
import type { Action } from './state.js';

export class Changes {
  readonly actions: Action[] = [];
  readonly lines: string[] = [];

  constructor(
    readonly root: string,
    readonly dryRun: boolean,
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

  mkdir(abs: string, recursive = false): void {
    if (existsSync(abs)) return;
    this.say(`created ${this.rel(abs)}/`, `create ${this.rel(abs)}/`);
    if (this.dryRun) return;
    mkdirSync(abs, { recursive: true });
    this.actions.push({ kind: 'dir', path: this.rel(abs), recursive });
  }

  /** Writes content unless the file already holds it; `change` says what it does to an existing file: [done, planned]. */
  writeFile(abs: string, content: string, change: [string, string], mode = 0o644): void {
    const exists = existsSync(abs);
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
    this.say(`moved ${this.rel(from)} to ${this.rel(to)} (${why})`, `move ${this.rel(from)} to ${this.rel(to)} (${why})`);
    if (this.dryRun) return;
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
