// What every reporter gets: plain data, no processes, no I/O.

import type { FixCommands, Finding, RunMode } from '../check.js';
import type { RunResult } from '../runner.js';

export interface ReportModule {
  rel: string;
  path: string;
}

export interface ReportInput {
  result: RunResult;
  modules: ReportModule[];
  mode: RunMode;
  /** Which rendering of fix commands to show. */
  shell: keyof FixCommands;
  color: boolean;
  ms: number;
  /** Where gohooks looked, for "nothing found" messages. */
  root: string;
}

export function counts(findings: Finding[]): { errors: number; warnings: number; infos: number } {
  return {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    infos: findings.filter((f) => f.severity === 'info').length,
  };
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The module a finding's file belongs to: the longest module directory that contains it. */
export function moduleOf(file: string | undefined, modules: ReportModule[]): ReportModule | undefined {
  if (!file) return undefined;
  let best: ReportModule | undefined;
  for (const m of modules) {
    const inside = m.rel === '.' || file === m.rel || file.startsWith(`${m.rel}/`);
    if (inside && (!best || m.rel.length > best.rel.length || best.rel === '.')) best = m;
  }
  return best;
}

export function bypassLine(mode: RunMode): string | undefined {
  switch (mode) {
    case 'pre-commit':
    case 'pre-merge-commit':
      return 'bypass once: git commit --no-verify';
    case 'pre-push':
      return 'bypass once: git push --no-verify';
    default:
      return undefined;
  }
}
