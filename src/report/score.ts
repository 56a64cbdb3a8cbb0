// gohooks doctor's health score and its areas (one per check), as plain data
// for the human and HTML renderers.

import { SEVERITY_RANK, type CheckSummary, type Finding, type Severity } from '../types.js';
import { counts } from './model.js';

/** 100 − 20 per error − 7 per warning, never below 0. Information does not count. */
export function healthScore(findings: Finding[]): number {
  const c = counts(findings);
  return Math.max(0, 100 - 20 * c.errors - 7 * c.warnings);
}
export const SCORE_FORMULA = '100 − 20 per error − 7 per warning (minimum 0)';

export interface Area {
  id: string;
  title: string;
  status: Severity | 'ok' | 'skipped' | 'not-checked';
  line: string;
}

export function areas(checks: CheckSummary[], findings: Finding[], titles: Record<string, string>): Area[] {
  return checks.map((c) => {
    const own = findings.filter((f) => f.check === c.id).sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
    const worst = own[0];
    if (c.status === 'skipped' || (c.status === 'not-checked' && !worst)) {
      // A doctor check that did not run: go is missing, or go env failed (reported once, by the runner).
      return { id: c.id, title: titles[c.id] ?? c.id, status: 'not-checked', line: 'not checked (go env is not available)' };
    }
    const status = !worst || worst.severity === 'info' ? 'ok' : worst.severity;
    const line = worst ? `${worst.notChecked ? 'not checked: ' : ''}${worst.message.split('\n')[0]}` : 'ok';
    return { id: c.id, title: titles[c.id] ?? c.id, status, line };
  });
}
