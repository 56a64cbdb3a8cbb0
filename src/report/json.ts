// --format json: the JSON contract (README "JSON"), one document on stdout.

import type { Finding } from '../types.js';
import { counts, fullMessage, type ReportInput } from './model.js';
import { healthScore } from './score.js';

export function renderJson(input: ReportInput): string {
  const { findings, checks } = input.result;
  const c = counts(findings);
  const doc = {
    version: 1,
    findings: findings.map((f) => {
      // The contract has one text field: what is wrong, then why it matters on the next line.
      const out: Omit<Finding, 'why'> = { check: f.check, severity: f.severity, message: fullMessage(f) };
      if (f.notChecked) out.notChecked = true;
      if (f.file !== undefined) out.file = f.file;
      if (f.line !== undefined) out.line = f.line;
      if (f.module !== undefined) out.module = f.module;
      if (f.fix !== undefined) out.fix = f.fix;
      if (f.docs !== undefined) out.docs = f.docs;
      return out;
    }),
    summary: {
      errors: c.errors,
      warnings: c.warnings,
      notChecked: c.notChecked,
      // gohooks doctor's health score, the same as the human and HTML reports show.
      ...(input.mode === 'doctor' ? { health: healthScore(findings) } : {}),
      checks: checks.map(({ id, status, ms }) => ({ id, status, ms })),
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
