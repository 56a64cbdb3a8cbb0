// gohooks doctor's renderers: a flutter-doctor-like summary (one line per
// area), the details of what is wrong with the fix for the user's shell, a
// health score, and a self-contained HTML report. No processes, no I/O.

import pc from 'picocolors';
import type { Finding, Severity } from '../check.js';
import type { CheckSummary } from '../runner.js';
import { MARK, paint, renderFinding } from './human.js';
import { counts, type ReportInput } from './model.js';

/** 100 − 20 per error − 7 per warning, never below 0. Information does not count. */
export function healthScore(findings: Finding[]): number {
  const c = counts(findings);
  return Math.max(0, 100 - 20 * c.errors - 7 * c.warnings);
}
export const SCORE_FORMULA = '100 − 20 per error − 7 per warning (minimum 0)';

export interface DoctorInput extends ReportInput {
  titles: Record<string, string>;
  context: string;
}

interface Area {
  id: string;
  title: string;
  status: Severity | 'ok' | 'skipped';
  line: string;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function areas(checks: CheckSummary[], findings: Finding[], titles: Record<string, string>): Area[] {
  return checks.map((c) => {
    const own = findings.filter((f) => f.check === c.id).sort((a, b) => RANK[a.severity] - RANK[b.severity]);
    const worst = own[0];
    const status = c.status === 'skipped' ? 'skipped' : !worst || worst.severity === 'info' ? 'ok' : worst.severity;
    const line = c.status === 'skipped' ? 'not checked (go env is not available)' : (worst?.message.split('\n')[0] ?? 'ok');
    return { id: c.id, title: titles[c.id] ?? c.id, status, line };
  });
}

export function renderDoctor(input: DoctorInput): string {
  const c = pc.createColors(input.color);
  const { findings, checks } = input.result;
  const list = areas(checks, findings, input.titles);
  const width = Math.max(...list.map((a) => a.title.length));
  const mark = (s: Area['status']) =>
    s === 'ok' ? c.green('✓') : s === 'skipped' ? c.dim('-') : paint(c, s, MARK[s] === 'i' ? 'i' : MARK[s]);
  const lines = [`gohooks doctor — ${input.context}`, ''];
  for (const a of list) lines.push(`[${mark(a.status)}] ${a.title.padEnd(width)}  ${a.status === 'ok' ? c.dim(a.line) : a.line}`);
  const score = healthScore(findings);
  const n = counts(findings);
  lines.push(
    '',
    `Health: ${score >= 80 ? c.green(String(score)) : score >= 50 ? c.yellow(String(score)) : c.red(String(score))}/100  (${n.errors} error${n.errors === 1 ? '' : 's'}, ${n.warnings} warning${n.warnings === 1 ? '' : 's'}; ${SCORE_FORMULA})`,
  );
  const problems = findings.filter((f) => f.severity !== 'info');
  if (problems.length > 0) {
    lines.push('', c.bold('What to fix'));
    for (const f of problems) lines.push(...renderFinding(f, input, c));
  }
  return `${lines.join('\n')}\n`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderDoctorHtml(input: DoctorInput, generatedAt: string): string {
  const { findings, checks } = input.result;
  const list = areas(checks, findings, input.titles);
  const score = healthScore(findings);
  const icon = { ok: '✓', skipped: '–', error: '✖', warning: '!', info: 'i' } as const;
  const rows = list
    .map(
      (a) =>
        `<tr class="${a.status}"><td class="st">${icon[a.status]}</td><td>${esc(a.title)}<div class="id">${esc(a.id)}</div></td><td>${esc(a.line)}</td></tr>`,
    )
    .join('\n');
  const fixes = findings
    .filter((f) => f.severity !== 'info')
    .map((f) => {
      const [what, ...rest] = f.message.split('\n');
      const cmd = f.fix?.commands?.[input.shell] ?? f.fix?.commands?.posix;
      return `<section class="finding ${f.severity}"><h3>${icon[f.severity]} ${esc(what)}</h3>${rest.length ? `<p>${esc(rest.join(' '))}</p>` : ''}${
        f.fix ? `<p class="fix"><b>Fix:</b> ${esc(f.fix.summary)}</p>${cmd ? `<pre>${esc(cmd)}</pre>` : ''}` : ''
      }<p class="id">${esc(f.check)}</p></section>`;
    })
    .join('\n');
  const band = score >= 80 ? 'good' : score >= 50 ? 'fair' : 'poor';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>gohooks doctor — health ${score}/100</title>
<style>
  body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 2rem auto; max-width: 62rem; padding: 0 1rem; }
  h1 { font-size: 1.5rem; margin: 0 0 .25rem; } .ctx { color: #57606a; margin: 0 0 1.5rem; }
  .score { display: inline-block; font-size: 2.5rem; font-weight: 700; padding: .25rem 1rem; border-radius: .5rem; }
  .score.good { background: #dafbe1; color: #116329; } .score.fair { background: #fff8c5; color: #7d4e00; } .score.poor { background: #ffebe9; color: #a40e26; }
  .formula { color: #57606a; font-size: .85rem; }
  table { border-collapse: collapse; width: 100%; margin: 1.5rem 0; } td { border-top: 1px solid #d0d7de; padding: .45rem .6rem; vertical-align: top; }
  td.st { width: 1.5rem; font-weight: 700; text-align: center; } tr.ok td.st { color: #1a7f37; } tr.warning td.st { color: #9a6700; } tr.error td.st { color: #cf222e; } tr.skipped td { color: #8c959f; }
  .id { color: #8c959f; font-size: .8rem; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
  .finding { border-left: 4px solid #d0d7de; padding: .25rem 1rem; margin: 1rem 0; } .finding.error { border-color: #cf222e; } .finding.warning { border-color: #d4a72c; }
  .finding h3 { font-size: 1rem; margin: .4rem 0; }
  pre { background: #f6f8fa; padding: .6rem .8rem; border-radius: .4rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
  @media print { body { margin: 0; } pre { border: 1px solid #d0d7de; } }
</style>
</head>
<body>
<h1>gohooks doctor</h1>
<p class="ctx">${esc(input.context)} · ${esc(generatedAt)}</p>
<div class="score ${band}" id="score">${score}/100</div>
<div class="formula">Health score: ${esc(SCORE_FORMULA)}.</div>
<table id="checks">
${rows}
</table>
${fixes ? `<h2>What to fix</h2>\n${fixes}` : '<p>Nothing to fix.</p>'}
</body>
</html>
`;
}
