// The plain data every part of gohooks shares. Types only (and the constants
// that enumerate them): this module imports nothing but the parsers' types,
// so it can never be part of an import cycle.

import type { ModFile } from './gomod/modfile.js';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export type HookName = 'pre-commit' | 'pre-merge-commit' | 'pre-push';
export const HOOK_NAMES: readonly HookName[] = ['pre-commit', 'pre-merge-commit', 'pre-push'];

/** Where checks run: a git hook, `gohooks verify` or `gohooks doctor`. */
export type RunMode = HookName | 'verify' | 'doctor';
export const RUN_MODES: readonly RunMode[] = [...HOOK_NAMES, 'verify', 'doctor'];

/** A fix command, written for each kind of shell. */
export interface FixCommands {
  posix?: string;
  fish?: string;
  powershell?: string;
  cmd?: string;
}
export type FixShell = keyof FixCommands;

export interface Fix {
  summary: string;
  commands?: FixCommands;
}

/** What a check reports. */
export interface Finding {
  check: string;
  severity: Severity;
  /** What is wrong, in one line (a few more for a diff or a list). */
  message: string;
  /** Why it matters, in one line. */
  why?: string;
  /** Repo-relative, forward slashes. */
  file?: string;
  line?: number;
  /** path@version where relevant. */
  module?: string;
  fix?: Fix;
  docs?: string;
  /** The check could not look at something (message: what and why): never a pass, never silent. */
  notChecked?: boolean;
}

/** A finding as a check returns it: the runner stamps the check id. */
export type Draft = Omit<Finding, 'check'>;

/**
 * pass: checked, nothing to report. warn: warnings, no error. fail: an error. not-checked: something
 * could not be checked (go missing, modules not in the cache, out of time). skipped: nothing to check
 * here. error: the check crashed.
 */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'not-checked' | 'skipped' | 'error';

export interface CheckSummary {
  id: string;
  status: CheckStatus;
  ms: number;
}

export interface RunResult {
  findings: Finding[];
  checks: CheckSummary[];
}

/** A check option as declared in a check's meta; its value's type follows `type`. */
export interface OptionSpec {
  type: 'number' | 'string' | 'boolean' | 'string[]';
  description: string;
  default?: number | string | boolean | string[];
}
export type OptionSpecs = Record<string, OptionSpec>;

/** What a check declares about itself: plain data, read by the runner, config validation, the schema, list and explain. */
export interface CheckMeta {
  id: string;
  title: string;
  /** Where it runs by default. */
  hooks: readonly RunMode[];
  /** One or two sentences; the whole story is docs/checks/<id>.md. */
  docs: string;
  /** The go command must be on PATH; without it the check is reported as skipped. */
  needsGo?: boolean;
  /** `go env`: required (not checked without it) or optional (the check copes). The runner hands it over. */
  goEnv?: 'required' | 'optional';
  options?: OptionSpecs;
}

export interface GoModule {
  /** Repo-relative directory, "." for the root. */
  rel: string;
  dir: string;
  modFile: string;
  sumFile: string;
  modText: string;
  mod: ModFile;
  /** The module path, "" when go.mod has none. */
  path: string;
  /** The go.work that applies, when this module is one of its `use` entries. */
  workspace?: Workspace;
  /** A go.work applies to this directory but does not list the module: go must run with GOWORK=off. */
  outsideWorkspace?: boolean;
}

export interface Workspace {
  dir: string;
  /** Repo-relative go.work path (or absolute when outside the repository). */
  file: string;
  work: ModFile;
  members: GoModule[];
}
