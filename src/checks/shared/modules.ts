// How checks walk the modules: those whose go.mod parses, and the units a go
// command runs on (a workspace, or a module alone). Shared by checks; not a check.

import type { Context } from '../../context.js';
import type { Draft, GoModule, Workspace } from '../../types.js';

export function parses(mod: GoModule): boolean {
  return !mod.mod.diagnostics.some((d) => d.severity === 'error');
}

/** Runs fn for every module whose go.mod parses, concurrently. */
export async function perModule(ctx: Context, fn: (mod: GoModule) => Promise<Draft[]> | Draft[]): Promise<Draft[]> {
  const results = await Promise.all(ctx.modules.filter(parses).map(async (m) => fn(m)));
  return results.flat();
}

/**
 * What one go command run covers: a workspace (all its member modules at
 * once) or a standalone module. A workspace whose go.work does not parse is
 * left to go-mod-syntax.
 */
export interface GoUnit {
  dir: string;
  /** Repo-relative directory for fix commands. */
  rel: string;
  modules: GoModule[];
  workspace?: Workspace;
  /** Extra env for the go process (GOWORK=off for a module outside its go.work). */
  env: Record<string, string>;
}

/**
 * Where each go command runs. On the work tree a workspace is one unit; when
 * the index or a commit is checked and it differs from the work tree, each
 * module runs alone in a directory holding exactly that content.
 */
export async function goUnits(ctx: Context, include: (m: GoModule) => boolean = () => true): Promise<GoUnit[]> {
  const units = workTreeUnits(ctx, include);
  if (ctx.source.kind === 'worktree') return units;
  const out: GoUnit[] = [];
  for (const u of units) {
    const dirs = await Promise.all(u.modules.map((m) => ctx.source.goDir(m)));
    if (dirs.every((d) => d.sameAsWorkTree)) out.push(u);
    else u.modules.forEach((m, i) => out.push({ dir: dirs[i].dir, rel: m.rel, modules: [m], env: dirs[i].env }));
  }
  return out;
}

/** Modules grouped as the go command sees them in the work tree (a workspace is one unit). */
export function workTreeUnits(ctx: Context, include: (m: GoModule) => boolean = () => true): GoUnit[] {
  const units: GoUnit[] = [];
  const seen = new Set<Workspace>();
  for (const m of ctx.modules.filter((x) => parses(x) && include(x))) {
    const ws = m.workspace;
    if (ws) {
      if (seen.has(ws)) continue;
      seen.add(ws);
      if (ws.work.diagnostics.some((d) => d.severity === 'error')) continue;
      const members = ws.members.filter(parses);
      units.push({ dir: ws.dir, rel: members[0]?.rel ?? m.rel, modules: members, workspace: ws, env: {} });
    } else {
      units.push({ dir: m.dir, rel: m.rel, modules: [m], env: m.outsideWorkspace ? { GOWORK: 'off' } : {} });
    }
  }
  return units;
}
