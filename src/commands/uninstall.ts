// `gohooks uninstall`: undoes exactly what install recorded, newest first.
// A file gohooks wrote comes back byte for byte (mode included). A hook file
// the user edited since keeps the edits: a husky hook file loses only the
// gohooks block; an edited shim is kept whole in <hook>.gohooks-shim-edited,
// and the hook it replaced goes back where git runs it. Nothing is written
// through a symbolic link out of the repository.

import { chmodSync, existsSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InstallRefusal, WriteGuard } from '../install/changes.js';
import { readLayout } from '../install/layout.js';
import { EDITED_SHIM_SUFFIX, hasBlock, isShim, removeBlock, RUNNER_NAME } from '../install/scripts.js';
import { loadState, removeState, statePath, type Action } from '../install/state.js';

export interface UninstallOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  write: (s: string) => void;
}

/** A free name beside file for the user's edited copy. */
function editedName(file: string): string {
  let candidate = `${file}${EDITED_SHIM_SUFFIX}`;
  for (let i = 1; existsSync(candidate); i++) candidate = `${file}${EDITED_SHIM_SUFFIX}.${i}`;
  return candidate;
}

/** Install states recorded by other work trees of this repository (uninstall undoes only this one's). */
function otherStates(commonDir: string, gitDir: string): string[] {
  const dirs = [commonDir];
  try {
    for (const name of readdirSync(path.join(commonDir, 'worktrees'))) dirs.push(path.join(commonDir, 'worktrees', name));
  } catch {
    // no linked worktrees
  }
  return dirs.filter((d) => path.resolve(d) !== path.resolve(gitDir) && existsSync(statePath(d)));
}

export async function uninstall(opts: UninstallOptions): Promise<number> {
  const out = (s: string) => opts.write(`${s}\n`);
  const layout = await readLayout(opts.cwd, opts.env);
  const abs = (p: string) => path.resolve(layout.root, p);
  const state = loadState(layout.gitDir);
  if (!state) {
    const others = otherStates(layout.commonDir, layout.gitDir);
    if (others.length > 0) {
      out(
        `gohooks: nothing recorded for this work tree; install ran in another work tree of this repository (its record: ${others
          .map(statePath)
          .join(', ')}). Run gohooks uninstall there.`,
      );
      return 0;
    }
    out(
      'gohooks: nothing recorded for this clone (was it installed here?). Look for "# >>> gohooks >>>" blocks in .husky/ or your hooks directory to remove by hand.',
    );
    return 0;
  }
  const guard = new WriteGuard(layout.root, [layout.gitDir, layout.commonDir], layout.hooksDir);
  /** The reason not to write to a path (a link out of the repository), or undefined. */
  const blocked = (file: string, shownAs: string): string | undefined => {
    try {
      guard.check(file, shownAs);
      return undefined;
    } catch (e) {
      if (e instanceof InstallRefusal)
        return `left ${shownAs}: it is now a symbolic link out of the repository; remove the gohooks lines by hand`;
      throw e;
    }
  };
  // A shim that replaced a hook: `from` (the shim's path) → `to` (where the hook waits).
  const movedAside = new Map(state.actions.flatMap((a) => (a.kind === 'rename' ? [[a.from, a.to] as const] : [])));

  const undo = async (a: Action): Promise<string | undefined> => {
    switch (a.kind) {
      case 'file': {
        const file = abs(a.path);
        if (!existsSync(file)) return `${a.path} is already gone`;
        const refused = blocked(file, a.path);
        if (refused) return refused;
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
        if (isShim(a.after) && (movedAside.has(a.path) || hasBlock(current))) {
          // The user's hook goes back where git runs it; their edits to the shim are kept beside it.
          const kept = editedName(file);
          renameSync(file, kept);
          const keptRel = path.relative(path.dirname(file), kept);
          return `kept your edited ${a.path} as ${keptRel} (git does not run it; copy what you need into ${path.basename(file)})`;
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
        if (existsSync(from)) return `left ${a.to}: ${a.from} exists again; move one of them yourself`;
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
