// Which module paths a repository depends on are private: declared (gohooks
// config, then GOPRIVATE / GONOPROXY / GONOSUMDB) or guessed (heuristics, which
// only ever lead to warnings). Pure.

import { PUBLIC_CODE_HOSTS, type GoEnvLike } from './goproxy.js';
import type { ModFile } from './modfile.js';
import { matchingPattern } from './patterns.js';

export interface DependencyRef {
  path: string;
  file: string;
  line: number;
}

export interface PrivateModule extends DependencyRef {
  /** config / GOPRIVATE / GONOPROXY / GONOSUMDB, or heuristic */
  declaredBy: 'config' | 'GOPRIVATE' | 'GONOPROXY' | 'GONOSUMDB' | 'heuristic';
  pattern?: string;
  /** For a heuristic: why the path looks private. */
  why?: string;
}

export function hostOfPath(modulePath: string): string {
  return modulePath.split('/')[0].toLowerCase();
}

/** Every module path a go.mod or go.work names: requirements and both sides of replacements. */
export function dependencyRefs(files: { file: string; mod: ModFile }[]): DependencyRef[] {
  const out: DependencyRef[] = [];
  for (const { file, mod } of files) {
    for (const r of mod.require) out.push({ path: r.path, file, line: r.line });
    for (const r of mod.replace) {
      out.push({ path: r.old.path, file, line: r.line });
      if (!r.local) out.push({ path: r.new.path, file, line: r.line });
    }
  }
  return out;
}

export interface ClassifyInput {
  refs: DependencyRef[];
  configPatterns: string[];
  env: GoEnvLike;
  /** The repository's own module paths: never dependencies to check. */
  ownModules: string[];
  /** The host of the `origin` remote, if any. */
  originHost?: string;
}

/** The private dependencies, first reference of each path only. */
export function classifyPrivate(input: ClassifyInput): PrivateModule[] {
  const own = new Set(input.ownModules);
  // A repository hosted on a public code host is most likely public, vanity import path or not:
  // then only the origin host counts (and it is public, so nothing is guessed).
  const origin = input.originHost?.toLowerCase();
  const hostedPublicly = origin !== undefined && PUBLIC_CODE_HOSTS.includes(origin);
  const nonPublicHosts = new Set(
    [...(hostedPublicly ? [] : input.ownModules.map(hostOfPath)), origin].filter(
      (h): h is string => !!h && !PUBLIC_CODE_HOSTS.includes(h) && h.includes('.'),
    ),
  );
  const seen = new Set<string>();
  const out: PrivateModule[] = [];
  for (const ref of input.refs) {
    if (seen.has(ref.path) || own.has(ref.path)) continue;
    seen.add(ref.path);
    const declared: [PrivateModule['declaredBy'], string][] = [
      ['config', input.configPatterns.join(',')],
      ['GOPRIVATE', input.env.GOPRIVATE ?? ''],
      ['GONOPROXY', input.env.GONOPROXY ?? ''],
      ['GONOSUMDB', input.env.GONOSUMDB ?? ''],
    ];
    const hit = declared.map(([by, list]) => [by, matchingPattern(list, ref.path)] as const).find(([, p]) => p !== undefined);
    if (hit) {
      out.push({ ...ref, declaredBy: hit[0], pattern: hit[1] });
      continue;
    }
    const host = hostOfPath(ref.path);
    if (nonPublicHosts.has(host)) {
      out.push({ ...ref, declaredBy: 'heuristic', why: `it is on ${host}, the same non-public host as this repository` });
    } else if (/\.(git|hg)(\/|$)/.test(ref.path) && !PUBLIC_CODE_HOSTS.includes(host)) {
      out.push({ ...ref, declaredBy: 'heuristic', why: 'its path names a repository with a .git/.hg qualifier on a non-public host' });
    }
  }
  return out;
}

/** The pattern to add for a path: the whole host when it is not a public code host, else host/owner. */
export function suggestedPattern(modulePath: string): string {
  const parts = modulePath.split('/');
  return PUBLIC_CODE_HOSTS.includes(parts[0].toLowerCase()) && parts.length >= 2 ? `${parts[0]}/${parts[1]}` : parts[0];
}
