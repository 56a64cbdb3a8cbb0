// Finds the Go modules and workspaces to check: go.mod files (from git, or a
// walk outside git), the directories asked for, and the go.work that applies
// to each module as the go command would find it ($GOWORK, else the nearest
// go.work above) — in the work tree, or inside the index or commit checked.
// A module whose go.mod, go.sum, go.work or go.work.sum the source refuses to
// read (src/source.ts: a link out of the repository, a directory, …) is left
// out: every go command there would read that file. The source keeps the
// refusals; go-mod-syntax reports them.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseModFile } from './gomod/modfile.js';
import { relJoin, type FileSource } from './source.js';
import { walkFiles } from './tools/fswalk.js';
import type { GoModule, Workspace } from './types.js';

const SKIP_DIRS = new Set(['vendor', 'testdata', 'node_modules']);

export function isSkippedPath(rel: string): boolean {
  return rel.split('/').some((seg) => SKIP_DIRS.has(seg) || (seg.startsWith('.') && seg !== '.' && seg !== '..'));
}

/** go.mod files below `start` (absolute), as repo-relative paths, without git. */
export function walkForGoMod(root: string, start: string): string[] {
  const out: string[] = [];
  walkFiles(start, {
    skipDir: (name) => SKIP_DIRS.has(name) || name.startsWith('.'),
    // Not only regular files: a go.mod that is a symbolic link or a FIFO is found, then refused by the source with a reason.
    onFile: (abs, _rel, e) => {
      if (e.name === 'go.mod') out.push(toRel(root, abs));
    },
  });
  return out;
}

export function toRel(root: string, abs: string): string {
  const r = path.relative(root, abs).split(path.sep).join('/');
  return r === '' ? '.' : r;
}

function isInside(parent: string, child: string): boolean {
  const r = path.relative(parent, child);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}

/** The go.work the go command would use in `dir`: $GOWORK, else the nearest one above. */
export function findGoWork(dir: string, gowork: string | undefined): string | undefined {
  if (gowork === 'off') return undefined;
  if (gowork) return gowork;
  for (let d = dir; ; d = path.dirname(d)) {
    const candidate = path.join(d, 'go.work');
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    if (path.dirname(d) === d) return undefined;
  }
}

/** The go.work inside what is being checked (the work tree, the index, a commit), up to the repository root. */
async function findGoWorkIn(source: FileSource, root: string, rel: string, gowork: string | undefined): Promise<string | undefined> {
  if (gowork === 'off') return undefined;
  if (gowork) return gowork;
  for (let d = rel; ; d = path.posix.dirname(d)) {
    const candidate = relJoin(d, 'go.work');
    if ((await source.read(candidate)) !== undefined || (await source.refusal(candidate))) return path.join(root, candidate);
    if (d === '.' || d === '') return undefined;
  }
}

export interface DiscoverInput {
  root: string;
  /** Absolute directories to look in (default: the root). */
  dirs: string[];
  /** dirs are exactly the module directories wanted (none when empty). */
  exactDirs?: boolean;
  /** Repo-relative go.mod paths from git; without them the tree is walked. */
  gitModFiles?: string[];
  source: FileSource;
  /** $GOWORK as the go command sees it ("off", a file, or unset); asked for only once modules are listed. */
  gowork: () => Promise<string | undefined>;
}

export async function discoverModules(input: DiscoverInput): Promise<{ modules: GoModule[]; workspaces: Workspace[] }> {
  const { root, source } = input;
  const dirs = input.dirs.length > 0 || input.exactDirs ? input.dirs : [root];
  const modFiles = (input.gitModFiles ?? walkForGoMod(root, root)).filter(
    (f) => (f === 'go.mod' || f.endsWith('/go.mod')) && !isSkippedPath(f),
  );
  const all = modFiles.map((f) => path.posix.dirname(f));
  const wanted = new Set<string>();
  if (input.exactDirs) {
    for (const d of dirs) if (all.includes(toRel(root, d))) wanted.add(toRel(root, d));
  } else
    for (const d of dirs) {
      const inside = all.filter((m) => isInside(d, path.join(root, m)));
      if (inside.length > 0) inside.forEach((m) => wanted.add(m));
      else {
        // A directory inside a module: check the module that contains it.
        const enclosing = all.filter((m) => isInside(path.join(root, m), d)).sort((a, b) => b.length - a.length)[0];
        if (enclosing !== undefined) wanted.add(enclosing);
      }
    }

  const modules: GoModule[] = [];
  for (const rel of [...wanted].sort()) {
    const modFile = relJoin(rel, 'go.mod');
    if ((await source.refusal(modFile)) || (await source.refusal(relJoin(rel, 'go.sum')))) continue;
    const modText = (await source.read(modFile)) ?? '';
    const mod = parseModFile(modText, 'go.mod');
    modules.push({
      rel,
      dir: path.join(root, rel),
      modFile,
      sumFile: relJoin(rel, 'go.sum'),
      modText,
      mod,
      path: mod.module?.path ?? '',
    });
  }

  const workspaces = new Map<string, Workspace>();
  const gowork = modules.length > 0 ? await input.gowork() : undefined;
  const refusedWork = new Set<GoModule>();
  for (const m of modules) {
    // Above the repository root only the work tree has a go.work to find.
    const file =
      (await findGoWorkIn(source, root, m.rel, gowork)) ??
      (source.kind === 'worktree' && gowork === undefined ? findGoWork(path.dirname(root), undefined) : undefined);
    if (!file) continue;
    if (isInside(root, file)) {
      const relFile = toRel(root, file);
      if ((await source.refusal(relFile)) || (await source.refusal(relJoin(path.posix.dirname(relFile), 'go.work.sum')))) {
        refusedWork.add(m);
        continue;
      }
    }
    let ws = workspaces.get(file);
    if (!ws) {
      const relFile = isInside(root, file) ? toRel(root, file) : file;
      const text = isInside(root, file) ? await source.read(relFile) : undefined;
      ws = { dir: path.dirname(file), file: relFile, work: parseModFile(text ?? '', 'go.work'), members: [] };
      workspaces.set(file, ws);
    }
    const used = ws.work.use.some((u) => path.resolve(ws!.dir, u.path) === m.dir);
    if (used) {
      m.workspace = ws;
      ws.members.push(m);
    } else {
      m.outsideWorkspace = true;
    }
  }
  return { modules: modules.filter((m) => !refusedWork.has(m)), workspaces: [...workspaces.values()] };
}
