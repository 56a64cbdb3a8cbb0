// Which staged paths matter to gohooks, and which modules they belong to.

import path from 'node:path';

const MODULE_FILES = new Set(['go.mod', 'go.sum']);
const WORKSPACE_FILES = new Set(['go.work', 'go.work.sum']);

export function isGoRelevant(rel: string): boolean {
  const base = rel.split('/').pop() ?? '';
  return MODULE_FILES.has(base) || WORKSPACE_FILES.has(base) || base.endsWith('.go');
}

/** The module directory (repo-relative, "." for the root) that contains rel: the deepest one. */
export function moduleOfPath(rel: string, moduleDirs: string[]): string | undefined {
  let best: string | undefined;
  for (const d of moduleDirs) {
    const inside = d === '.' || rel === d || rel.startsWith(`${d}/`);
    if (inside && (best === undefined || best === '.' || d.length > best.length)) best = d;
  }
  return best;
}

export interface ChangeSet {
  /** Module directories whose go.mod, go.sum or go.work changed. */
  modules: string[];
  /** Changed .go files. */
  goFiles: string[];
}

/** Modules touched by changed files: go.mod/go.sum directly, go.work for every module below it. */
export function changeSet(changed: string[], modFiles: string[], withGoFiles: boolean): ChangeSet {
  const moduleDirs = modFiles.map((f) => path.posix.dirname(f));
  const modules = new Set<string>();
  const goFiles: string[] = [];
  for (const rel of changed) {
    const base = rel.split('/').pop() ?? '';
    const dir = path.posix.dirname(rel);
    if (MODULE_FILES.has(base)) {
      if (moduleDirs.includes(dir)) modules.add(dir);
    } else if (WORKSPACE_FILES.has(base)) {
      for (const d of moduleDirs) if (dir === '.' || d === dir || d.startsWith(`${dir}/`)) modules.add(d);
    } else if (base.endsWith('.go')) {
      if (withGoFiles) goFiles.push(rel);
      else {
        const m = moduleOfPath(rel, moduleDirs);
        if (m !== undefined) modules.add(m);
      }
    }
  }
  return { modules: [...modules].sort(), goFiles };
}

export const ZERO_SHA = /^0+$/;

export interface RefUpdate {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

/** git's pre-push stdin: "<local ref> <local sha> <remote ref> <remote sha>" per line. */
export function parsePrePushInput(text: string): RefUpdate[] {
  return text
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length === 4)
    .map(([localRef, localSha, remoteRef, remoteSha]) => ({ localRef, localSha, remoteRef, remoteSha }));
}
