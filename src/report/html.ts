// --format html (gohooks doctor): one self-contained page for a support
// ticket — the health score, a row per area, and what to fix with the command
// for the user's shell. No scripts, no external resources.

import { fixCommand, fullMessage, type ReportInput } from './model.js';
import { areas, healthScore, SCORE_FORMULA } from './score.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderHtml(input: ReportInput): string {
  const { findings, checks } = input.result;
  const list = areas(checks, findings, input.titles);
  const score = healthScore(findings);
  const icon = { ok: '✓', skipped: '–', 'not-checked': '–', error: '✖', warning: '!', info: 'i' } as const;
  const rows = list
    .map(
      (a) =>
        `<tr class="${a.status}"><td class="st">${icon[a.status]}</td><td>${esc(a.title)}<div class="id">${esc(a.id)}</div></td><td>${esc(a.line)}</td></tr>`,
    )
    .join('\n');
  const fixes = findings
    .filter((f) => f.severity !== 'info')
    .map((f) => {
      const [what, ...rest] = fullMessage(f).split('\n');
      const cmd = fixCommand(f, input.shell);
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
  td.st { width: 1.5rem; font-weight: 700; text-align: center; } tr.ok td.st { color: #1a7f37; } tr.warning td.st { color: #9a6700; } tr.error td.st { color: #cf222e; } tr.skipped td, tr.not-checked td { color: #8c959f; }
  .id { color: #8c959f; font-size: .8rem; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
  .finding { border-left: 4px solid #d0d7de; padding: .25rem 1rem; margin: 1rem 0; } .finding.error { border-color: #cf222e; } .finding.warning { border-color: #d4a72c; }
  .finding h3 { font-size: 1rem; margin: .4rem 0; }
  pre { background: #f6f8fa; padding: .6rem .8rem; border-radius: .4rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
  @media print { body { margin: 0; } pre { border: 1px solid #d0d7de; } }
</style>
</head>
<body>
<h1>gohooks doctor</h1>
<p class="ctx">${esc(input.context ?? '')} · ${esc(input.generatedAt ?? '')}</p>
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
