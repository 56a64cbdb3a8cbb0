// --format github: GitHub Actions workflow commands, so findings annotate the
// pull request (https://docs.github.com/actions/reference/workflow-commands-for-github-actions).
//
// GitHub shows at most 10 annotations of each type (error, warning, notice) per
// step and 50 per job, and drops the rest without a word. So each type gets at
// most 9 annotations — real problems with a file first — and a 10th saying how
// many more there are; those are listed as plain log lines (never starting with
// "::", so none can be read as a command), then the summary line.

import type { Finding, FixShell, Severity } from '../types.js';
import { counts, escapeControls, fixCommand, fullMessage, headline, plural, type ReportInput } from './model.js';

/** GitHub's limit per annotation type and step. */
export const ANNOTATIONS_PER_TYPE = 10;

// Control characters from files are shown as escapes first (a raw ESC would reach the log viewer).
const escapeData = (s: string) => escapeControls(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;
const WORD: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

function annotation(f: Finding, shell: FixShell): string {
  const props = [
    f.file ? `file=${escapeProperty(f.file)}` : '',
    f.file && f.line ? `line=${f.line}` : '',
    `title=${escapeProperty(`gohooks ${f.check}${f.notChecked ? ' (not checked)' : ''}`)}`,
  ].filter(Boolean);
  const cmd = fixCommand(f, shell);
  const body = [fullMessage(f), f.fix ? `fix: ${f.fix.summary}${cmd ? `\n  ${cmd}` : ''}` : ''].filter(Boolean).join('\n');
  return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(body)}`;
}

/** One plain log line for a finding that gets no annotation. */
function logLine(f: Finding): string {
  const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}: ` : '';
  // Control characters from files shown escaped; the line breaks and tabs left become spaces (one line per finding).
  return escapeControls(`gohooks: ${f.severity} ${f.check}  ${where}${headline(f)}`).replace(/[\n\t]/g, ' ');
}

/** Which findings of one type become annotations: real problems before "not checked", those with a file first. */
function pick(ofType: Finding[]): { shown: Set<Finding>; rest: Finding[] } {
  if (ofType.length <= ANNOTATIONS_PER_TYPE) return { shown: new Set(ofType), rest: [] };
  const rank = (f: Finding) => (f.notChecked ? 2 : 0) + (f.file ? 0 : 1);
  const ranked = [...ofType].sort((a, b) => rank(a) - rank(b)); // stable: report order within a rank
  const shown = new Set(ranked.slice(0, ANNOTATIONS_PER_TYPE - 1));
  return { shown, rest: ofType.filter((f) => !shown.has(f)) };
}

export function renderGithub(input: ReportInput): string {
  const { findings } = input.result;
  const c = counts(findings);
  const lines: string[] = [];
  const rest: Finding[] = [];
  for (const severity of ['error', 'warning', 'info'] as const) {
    const ofType = findings.filter((f) => f.severity === severity);
    const picked = pick(ofType);
    lines.push(...ofType.filter((f) => picked.shown.has(f)).map((f) => annotation(f, input.shell)));
    if (picked.rest.length > 0) {
      const more = `and ${picked.rest.length} more ${WORD[severity]}${picked.rest.length === 1 ? '' : 's'}`;
      lines.push(
        `::${COMMAND[severity]} title=${escapeProperty(`gohooks: ${more}`)}::${escapeData(
          `${more} (GitHub shows at most ${ANNOTATIONS_PER_TYPE} annotations of a type per step): they are listed in this step's log; run gohooks verify locally to see each with its fix`,
        )}`,
      );
      rest.push(...picked.rest);
    }
  }
  if (rest.length > 0) {
    lines.push(`gohooks: ${plural(rest.length, 'finding')} without an annotation:`);
    lines.push(...rest.map(logLine));
  }
  lines.push(`gohooks: ${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}`);
  return `${lines.join('\n')}\n`;
}
