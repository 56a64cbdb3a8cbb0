// `gohooks uninstall`: undoes exactly what install recorded, newest first.
// A file gohooks wrote comes back byte for byte (mode included) unless it was
// edited since; then only the gohooks block is taken out and the edit kept.

import { chmodSync, existsSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hasBlock, removeBlock, RUNNER_NAME } from '../install/scripts.js';
import { loadState, removeState, type Action } from '../install/state.js';
import { readLayout } from '../install/layout.js';

export interface UninstallOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  write: (s: string) => void;
}

export async function uninstall(opts: UninstallOptions): Promise<number> {
  const out = (s: string) => opts.write(`${s}\n`);
  const layout = await readLayout(opts.cwd, opts.env);
  const abs = (p: string) => path.resolve(layout.root, p);
  const state = loadState(layout.gitDir);
  if (!state) {
    out(
      'gohooks: nothing recorded for this clone (was it installed here?). Look for "# >>> gohooks >>>" blocks in .husky/ or your hooks directory to remove by hand.',
    );
    return 0;
  }
  const undo = async (a: Action): Promise<string | undefined> => {
    switch (a.kind) {
      case 'file': {
        const file = abs(a.path);
        if (!existsSync(file)) return `${a.path} is already gone`;
        const current = readFileSync(file, 'utf8');
        if (current === a.after) {
          if (a.before === null) {
            rmSync(file);
            return `removed ${a.path}`;
          }
          writeFileSync(file, Buffer.from(a.before.data, 'base64'));
          chmodSync(file, a.before.mode);
          return `restored ${a.path}`;
        }
        if (hasBlock(current)) {
          writeFileSync(file, removeBlock(current));
          return `removed the gohooks block from ${a.path} (kept your later edits)`;
        }
        if (path.basename(file) === RUNNER_NAME) {
          rmSync(file);
          return `removed ${a.path}`;
        }
        return `left ${a.path} alone: it changed since install`;
      }
      case 'rename': {
        const from = abs(a.from);
        const to = abs(a.to);
        if (!existsSync(to)) return `${a.to} is gone; nothing to put back`;
        if (existsSync(from) && !hasBlock(readFileSync(from, 'utf8'))) return `left ${a.to}: ${a.from} is no longer the gohooks shim`;
        renameSync(to, from);
        return `moved ${a.to} back to ${a.from}`;
      }
      case 'dir': {
        const dir = abs(a.path);
        if (!existsSync(dir)) return undefined;
        if (a.recursive) {
          rmSync(dir, { recursive: true, force: true });
          return `removed ${a.path}/`;
        }
        if (readdirSync(dir).length > 0) return `kept ${a.path}/ (not empty)`;
        rmdirSync(dir);
        return `removed ${a.path}/`;
      }
      case 'config': {
        const current = await layout.config.getLocal(a.key);
        if (current !== a.after) return `left git config ${a.key}: it changed since install`;
        if (a.before === null) await layout.config.unsetLocal(a.key);
        else await layout.config.setLocal(a.key, a.before);
        return a.before === null ? `unset git config ${a.key}` : `restored git config ${a.key}=${a.before}`;
      }
    }
  };
  for (const a of [...state.actions].reverse()) {
    const line = await undo(a);
    if (line) out(`  ${line}`);
  }
  removeState(layout.gitDir);
  out('gohooks: uninstalled');
  return 0;
}
