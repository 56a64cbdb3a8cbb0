// What every renderer gets: plain data, no processes, no I/O.

import type { Finding, FixShell, GoModule, RunMode, RunResult } from '../types.js';

export interface ReportModule {
  rel: string;
  path: string;
}

export interface ReportInput {
  result: RunResult;
  modules: ReportModule[];
  mode: RunMode;
  /** Which rendering of fix commands to show. */
  shell: FixShell;
  color: boolean;
  ms: number;
  /** Where gohooks looked, for "nothing found" messages. */
  root: string;
  /** Check id → title (doctor's summary lists areas by title). */
  titles: Record<string, string>;
  /** A line saying where the report was made (doctor: OS and shell). */
  context?: string;
  /** When the report was made, ISO 8601 (the HTML report shows it). */
  generatedAt?: string;
  /** Check id → what SARIF says about the check (the command reads the docs pages; renderers do no I/O). */
  rules?: Record<string, RuleDoc>;
  /** gohooks' own version, for SARIF's tool.driver. */
  toolVersion?: string;
}

/** A check as SARIF describes it: one rule per check id. */
export interface RuleDoc {
  title: string;
  /** The check's one or two sentences (its meta's docs). */
  docs: string;
  /** Where its page lives in the package and the repository: docs/checks/<id>.md. */
  pagePath: string;
  /** The page itself (markdown), when it could be read. */
  page?: string;
  /** An absolute URL of the page, when the package says where its repository is. */
  helpUri?: string;
}

export function reportModules(modules: GoModule[]): ReportModule[] {
  return modules.map((m) => ({ rel: m.rel, path: m.path }));
}

export function counts(findings: Finding[]): { errors: number; warnings: number; infos: number; notChecked: number } {
  return {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    infos: findings.filter((f) => f.severity === 'info').length,
    notChecked: findings.filter((f) => f.notChecked).length,
  };
}

/** The first line of a finding as shown to a reader: "not checked: " marks what could not be checked. */
export function headline(f: Finding): string {
  const first = f.message.split('\n')[0];
  return f.notChecked ? `not checked: ${first}` : first;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A finding's message (headline first) with its why on the next line: the formats that have one text field. */
export function fullMessage(f: Finding): string {
  const text = [headline(f), ...f.message.split('\n').slice(1)].join('\n');
  return f.why ? `${text}\n${f.why}` : text;
}

/** The fix command for the shell the report is for. */
export function fixCommand(f: Finding, shell: FixShell): string | undefined {
  return f.fix?.commands?.[shell] ?? f.fix?.commands?.posix;
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

// C0 controls but tab and newline (ESC starts terminal sequences, CR overwrites the line), DEL, C1 controls,
// zero-width characters and marks, bidirectional embeddings, overrides and isolates (U+202E turns text around),
// line and paragraph separators, and the byte order mark.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/**
 * Text from files (module paths, directives, file names, go's own output) as
 * it is safe to show on a terminal or in an annotation: control and invisible
 * formatting characters become visible escapes (ESC → \x1b, U+202E → \u202e).
 * Newlines and tabs stay. Pure: the renderers call it on every field they print.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
