// What a change to go.mod / go.sum adds: the module versions whose sums a
// commit introduces, and recorded hashes it rewrites. Pure.

import { findSum, type GoSum } from './gosum.js';
import type { ModFile, Require } from './modfile.js';

export interface ModuleVersion {
  path: string;
  version: string;
}

/** The module version whose sums a requirement needs, after replace; undefined for a directory replacement. */
export function sumTarget(mod: ModFile, r: Require): ModuleVersion | undefined {
  const rep =
    mod.replace.find((x) => x.old.path === r.path && x.old.version === r.version) ??
    mod.replace.find((x) => x.old.path === r.path && x.old.version === undefined);
  if (!rep) return { path: r.path, version: r.version };
  if (rep.local) return undefined;
  return { path: rep.new.path, version: rep.new.version! };
}

export function requiredVersions(mod: ModFile): ModuleVersion[] {
  return mod.require.map((r) => sumTarget(mod, r)).filter((t): t is ModuleVersion => t !== undefined);
}

/** Requirements of `now` that `before` did not have (a bump, a new dependency, a new replacement). */
export function addedVersions(before: ModFile, now: ModFile): ModuleVersion[] {
  const had = new Set(requiredVersions(before).map((t) => `${t.path}@${t.version}`));
  return requiredVersions(now).filter((t) => !had.has(`${t.path}@${t.version}`));
}

export interface RewrittenHash {
  module: string;
  goMod: boolean;
  was: string;
  now: string;
  line: number;
}

/** Lines whose module version both sides record, with a different hash: never a legitimate edit. */
export function rewrittenHashes(before: GoSum, now: GoSum): RewrittenHash[] {
  const out: RewrittenHash[] = [];
  for (const [path, versions] of now.entries) {
    for (const [version, sums] of versions) {
      for (const goMod of [false, true]) {
        const cur = goMod ? sums.mod : sums.zip;
        const old = findSum(before, path, version, goMod);
        if (cur && old && cur.hash !== old.hash)
          out.push({ module: `${path}@${version}`, goMod, was: old.hash, now: cur.hash, line: cur.line });
      }
    }
  }
  return out;
}
