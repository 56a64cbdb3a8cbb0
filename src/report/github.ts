// --format github: GitHub Actions workflow commands, so findings annotate the
// pull request (https://docs.github.com/actions/reference/workflow-commands-for-github-actions).

import type { Finding, FixShell } from '../types.js';
import { counts, fixCommand, fullMessage, plural, type ReportInput } from './model.js';

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

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

export function renderGithub(input: ReportInput): string {
  const { findings } = input.result;
  const c = counts(findings);
  const lines = findings.map((f) => annotation(f, input.shell));
  lines.push(`gohooks: ${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}`);
  return `${lines.join('\n')}\n`;
}
