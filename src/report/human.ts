// The human format: findings grouped by module, most severe first; each says
// what is wrong, why it matters, the fix for the user's shell, and (in a hook)
// how to bypass once. A hook prints only what needs attention. gohooks doctor
// gets a summary instead: one line per area, a health score, then what to fix.

import pc from 'picocolors';
import { bypassLine } from '../messages.js';
import type { Finding, FixShell, Severity } from '../types.js';
import { counts, escapeControls as safe, fixCommand, headline, moduleOf, plural, type ReportInput, type ReportModule } from './model.js';
import { areas, healthScore, SCORE_FORMULA, type Area } from './score.js';

type Colors = ReturnType<typeof pc.createColors>;

const MARK: Record<Severity, string> = { error: '✖', warning: '!', info: 'i' };

function paint(c: Colors, s: Severity, text: string): string {
  return s === 'error' ? c.red(text) : s === 'warning' ? c.yellow(text) : c.blue(text);
}

// Every field that can hold text from a file or a program goes through safe(): escapes, never raw control bytes.
/**
 * `tail`: how many findings (this one and those just above it) share its why and fix, which are then
 * printed once, after the last of them; 0 for a finding whose why and fix come with the next one.
 */
function renderFinding(f: Finding, shell: FixShell, c: Colors, tail: number): string[] {
  const rest = f.message.split('\n').slice(1);
  const where = f.file ? `${safe(f.file)}${f.line ? `:${f.line}` : ''}: ` : '';
  const out = [`  ${paint(c, f.severity, MARK[f.severity])} ${c.bold(f.check)}  ${c.dim(where)}${safe(headline(f))}`];
  for (const line of rest) out.push(`      ${safe(line)}`);
  if (tail === 0) return out;
  if (f.why) out.push(`      ${tail > 1 ? `(all ${tail} above) ` : ''}${safe(f.why)}`);
  if (f.fix) {
    const cmd = fixCommand(f, shell);
    if (cmd) {
      out.push(`      fix:  ${c.cyan(safe(cmd))}`);
      out.push(`            ${c.dim(safe(f.fix.summary))}`);
    } else {
      out.push(`      fix:  ${safe(f.fix.summary)}`);
    }
  }
  return out;
}

/** Whether b repeats a's why and fix (go-sum's missing lines: one `git add go.sum` for all of them). */
function sameAdvice(a: Finding, b: Finding, shell: FixShell): boolean {
  return (
    a.check === b.check &&
    a.why === b.why &&
    (a.fix === undefined) === (b.fix === undefined) &&
    a.fix?.summary === b.fix?.summary &&
    fixCommand(a, shell) === fixCommand(b, shell) &&
    (a.why !== undefined || a.fix !== undefined)
  );
}

function groupLabel(m: ReportModule | undefined, f?: Finding): string {
  if (!m) return f?.file ? 'repository' : 'environment';
  return safe(`${m.rel === '.' ? '.' : m.rel}${m.path ? ` (${m.path})` : ''}`);
}

export function renderHuman(input: ReportInput): string {
  return input.mode === 'doctor' ? renderDoctorSummary(input) : renderChecks(input);
}

function renderChecks(input: ReportInput): string {
  const c = pc.createColors(input.color);
  const hook = input.mode !== 'verify';
  const findings = hook ? input.result.findings.filter((f) => f.severity !== 'info') : input.result.findings;
  const n = counts(findings);
  const lines: string[] = [];

  if (input.modules.length === 0 && findings.length === 0) {
    if (!hook) lines.push(`${c.blue('i')} no go.mod found under ${safe(input.root)}: nothing to check`);
    return lines.length ? `${lines.join('\n')}\n` : '';
  }

  // Groups in module order, "environment" (findings without a file) first; inside, most severe first.
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = groupLabel(moduleOf(f.file, input.modules), f);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const order = ['environment', ...input.modules.map((m) => groupLabel(m)), 'repository'];
  for (const key of [...groups.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b))) {
    const group = groups.get(key)!;
    if (!hook || groups.size > 1) lines.push(c.bold(key));
    let run = 0;
    group.forEach((f, i) => {
      run++;
      const sharedWithNext = i + 1 < group.length && sameAdvice(f, group[i + 1], input.shell);
      lines.push(...renderFinding(f, input.shell, c, sharedWithNext ? 0 : run));
      if (!sharedWithNext) run = 0;
    });
    lines.push('');
  }

  const secs = (input.ms / 1000).toFixed(1);
  const nChecks = input.result.checks.filter((x) => x.status !== 'skipped').length;
  const notChecked = n.notChecked > 0 ? `, ${n.notChecked} not checked` : '';
  if (n.errors + n.warnings === 0) {
    if (!hook)
      lines.push(
        `${c.green('✓')} ${plural(input.modules.length, 'module')}: no problems (${plural(nChecks, 'check')}, ${secs} s${notChecked})`,
      );
  } else {
    const mark = n.errors > 0 ? c.red('✖') : c.yellow('!');
    const scope = input.modules.length > 0 ? ` in ${plural(input.modules.length, 'module')}` : '';
    lines.push(
      `${mark} gohooks: ${plural(n.errors, 'error')}, ${plural(n.warnings, 'warning')}${scope} (${plural(nChecks, 'check')}, ${secs} s${notChecked})`,
    );
    const bypass = bypassLine(input.mode);
    if (bypass && n.errors > 0) lines.push(c.dim(bypass));
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** gohooks doctor, flutter-doctor style: a line per area, the health score, then the details of what to fix. */
function renderDoctorSummary(input: ReportInput): string {
  const c = pc.createColors(input.color);
  const { findings, checks } = input.result;
  const list = areas(checks, findings, input.titles);
  const width = Math.max(...list.map((a) => a.title.length));
  const mark = (s: Area['status']) =>
    s === 'ok' ? c.green('✓') : s === 'skipped' || s === 'not-checked' ? c.dim('-') : paint(c, s, MARK[s]);
  const lines = [`gohooks doctor — ${safe(input.context ?? '')}`, ''];
  for (const a of list)
    lines.push(`[${mark(a.status)}] ${a.title.padEnd(width)}  ${a.status === 'ok' ? c.dim(safe(a.line)) : safe(a.line)}`);
  const score = healthScore(findings);
  const n = counts(findings);
  lines.push(
    '',
    `Health: ${score >= 80 ? c.green(String(score)) : score >= 50 ? c.yellow(String(score)) : c.red(String(score))}/100  (${plural(n.errors, 'error')}, ${plural(n.warnings, 'warning')}; ${SCORE_FORMULA})`,
  );
  const problems = findings.filter((f) => f.severity !== 'info');
  if (problems.length > 0) {
    lines.push('', c.bold('What to fix'));
    for (const f of problems) lines.push(...renderFinding(f, input.shell, c, 1));
  }
  return `${lines.join('\n')}\n`;
}
