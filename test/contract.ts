// The --format json contract (README, "JSON"), checked strictly: required
// fields, types, and no keys beyond the contract.

import assert from 'node:assert/strict';

const FINDING_KEYS = new Set(['check', 'severity', 'message', 'file', 'line', 'module', 'fix', 'docs', 'notChecked']);
const SHELLS = new Set(['posix', 'fish', 'powershell', 'cmd']);

export interface JsonReport {
  version: 1;
  findings: {
    check: string;
    severity: string;
    message: string;
    file?: string;
    line?: number;
    module?: string;
    fix?: { summary: string; commands?: Record<string, string> };
    notChecked?: true;
  }[];
  summary: { errors: number; warnings: number; notChecked: number; health?: number; checks: { id: string; status: string; ms: number }[] };
}

export function assertContract(text: string): JsonReport {
  const doc = JSON.parse(text) as Record<string, unknown>;
  assert.deepEqual(Object.keys(doc).sort(), ['findings', 'summary', 'version']);
  assert.equal(doc.version, 1);
  assert.ok(Array.isArray(doc.findings));
  for (const f of doc.findings as Record<string, unknown>[]) {
    for (const k of Object.keys(f)) assert.ok(FINDING_KEYS.has(k), `unexpected finding key ${k}`);
    assert.equal(typeof f.check, 'string');
    assert.ok(['error', 'warning', 'info'].includes(f.severity as string));
    assert.equal(typeof f.message, 'string');
    if (f.file !== undefined) {
      assert.equal(typeof f.file, 'string');
      assert.ok(!(f.file as string).includes('\\'), 'file uses forward slashes');
      assert.ok(!(f.file as string).startsWith('/') || (f.file as string).endsWith('go.work'), `file is repo-relative: ${f.file}`);
    }
    if (f.line !== undefined) assert.ok(Number.isInteger(f.line) && (f.line as number) > 0);
    if (f.module !== undefined) assert.match(f.module as string, /^\S+@\S+$/);
    if (f.fix !== undefined) {
      const fix = f.fix as Record<string, unknown>;
      assert.deepEqual(
        Object.keys(fix).filter((k) => k !== 'summary' && k !== 'commands'),
        [],
      );
      assert.equal(typeof fix.summary, 'string');
      if (fix.commands !== undefined) {
        for (const [shell, cmd] of Object.entries(fix.commands as Record<string, unknown>)) {
          assert.ok(SHELLS.has(shell), `unexpected shell ${shell}`);
          assert.equal(typeof cmd, 'string');
        }
      }
    }
  }
  const summary = doc.summary as Record<string, unknown>;
  assert.deepEqual(
    Object.keys(summary)
      .filter((k) => k !== 'health')
      .sort(),
    ['checks', 'errors', 'notChecked', 'warnings'],
  );
  if (summary.health !== undefined)
    assert.ok(Number.isInteger(summary.health) && (summary.health as number) >= 0 && (summary.health as number) <= 100);
  const findings = doc.findings as { severity: string }[];
  assert.equal(summary.errors, findings.filter((f) => f.severity === 'error').length);
  assert.equal(summary.warnings, findings.filter((f) => f.severity === 'warning').length);
  assert.equal(summary.notChecked, (doc.findings as { notChecked?: boolean }[]).filter((f) => f.notChecked === true).length);
  for (const f of doc.findings as Record<string, unknown>[]) if (f.notChecked !== undefined) assert.equal(f.notChecked, true);
  for (const c of summary.checks as Record<string, unknown>[]) {
    assert.deepEqual(Object.keys(c).sort(), ['id', 'ms', 'status']);
    assert.ok(['pass', 'warn', 'fail', 'not-checked', 'skipped', 'error'].includes(c.status as string));
    assert.ok(Number.isInteger(c.ms));
  }
  return doc as unknown as JsonReport;
}
