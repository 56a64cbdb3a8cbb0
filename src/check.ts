// The check contract (DESIGN.md §3): plain data in, Finding[] out.

import type { Context } from './context.js';

export type Severity = 'error' | 'warning' | 'info';
export type HookName = 'pre-commit' | 'pre-merge-commit' | 'pre-push';
/** Where a check runs: a git hook or `gohooks verify`. */
export type RunMode = HookName | 'verify' | 'doctor';

export interface FixCommands {
  posix?: string;
  fish?: string;
  powershell?: string;
  cmd?: string;
}

export interface Finding {
  check: string;
  severity: Severity;
  message: string;
  /** Repo-relative, forward slashes. */
  file?: string;
  line?: number;
  /** path@version where relevant. */
  module?: string;
  fix?: { summary: string; commands?: FixCommands };
  docs?: string;
}

/** A finding before the runner stamps the check id on it. */
export type Draft = Omit<Finding, 'check'> & { check?: string; why?: string };

export interface OptionSpec {
  type: 'number' | 'string' | 'boolean' | 'string[]';
  description: string;
}

export interface Check {
  id: string;
  title: string;
  hooks: RunMode[];
  docs: string;
  /** The go command is needed; without it the check is reported as skipped. */
  needsGo?: boolean;
  options?: Record<string, OptionSpec>;
  appliesTo?: (ctx: Context) => boolean;
  run: (ctx: Context) => Promise<Draft[]>;
}

export function defineCheck(check: Check): Check {
  return check;
}

export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
