// --format json: exactly the contract of DESIGN.md §3, one document.

import type { Finding } from '../check.js';
import { counts, type ReportInput } from './model.js';

export function renderJson(input: ReportInput): string {
  const { findings, checks } = input.result;
  const c = counts(findings);
  const doc = {
    version: 1,
    findings: findings.map((f) => {
      const out: Finding = { check: f.check, severity: f.severity, message: f.message };
      if (f.file !== undefined) out.file = f.file;
      if (f.line !== undefined) out.line = f.line;
      if (f.module !== undefined) out.module = f.module;
      if (f.fix !== undefined) out.fix = f.fix;
      if (f.docs !== undefined) out.docs = f.docs;
      return out;
    }),
    summary: { errors: c.errors, warnings: c.warnings, checks: checks.map(({ id, status, ms }) => ({ id, status, ms })) },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
