// Which staged paths matter to gohooks, and which modules they belong to.

import path from 'node:path';
import type { GoModule, Workspace } from '../types.js';

const MODULE_FILES = new Set(['go.mod', 'go.sum']);
const WORKSPACE_FILES = new Set(['go.work', 'go.work.sum']);

/** go.mod, go.sum, go.work or go.work.sum: a change to the module graph (not only to Go source). */
export function isModuleFile(rel: string): boolean {
  const base = rel.split('/').pop() ?? '';
  return MODULE_FILES.has(base) || WORKSPACE_FILES.has(base);
}

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

/**
 * The changed modules plus every module that builds with them: through a relative `replace` pointing at
 * one, or as a member of the same go.work that requires one — transitively, since a module's graph
 * includes its dependencies' requirements. A change there can make those modules untidy or unbuildable.
 */
export function withDependents(changed: string[], modules: GoModule[], workspaces: Workspace[]): string[] {
  const byRel = new Map(modules.map((m) => [m.rel, m]));
  const users = new Map<string, Set<string>>(); // module rel → modules that build with it
  const edge = (from: string, to: string) => {
    if (from === to || !byRel.has(to)) return;
    if (!users.has(to)) users.set(to, new Set());
    users.get(to)!.add(from);
  };
  for (const m of modules) {
    for (const r of m.mod.replace) {
      if (r.local) edge(m.rel, relOf(path.posix.join(m.rel, r.new.path.replace(/\\/g, '/'))));
    }
  }
  for (const ws of workspaces) {
    const members = ws.members;
    for (const m of members) {
      for (const req of m.mod.require) {
        const sibling = members.find((o) => o.path === req.path);
        if (sibling) edge(m.rel, sibling.rel);
      }
    }
  }
  const out = new Set(changed);
  const queue = [...changed];
  while (queue.length > 0) {
    for (const u of users.get(queue.shift()!) ?? []) {
      if (!out.has(u)) {
        out.add(u);
        queue.push(u);
      }
    }
  }
  return [...out].sort();
}

function relOf(p: string): string {
  const n = path.posix.normalize(p);
  return n === '' || n === './' ? '.' : n.replace(/\/$/, '');
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
