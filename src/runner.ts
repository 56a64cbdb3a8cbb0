// Selects the checks for a run, runs them concurrently (processes are bounded
// by the shared Limiter), applies per-check time limits and severity
// overrides, and returns plain data for the reporters.

import { SEVERITY_RANK, type Check, type Draft, type Finding, type RunMode } from './check.js';
import type { Config } from './config.js';
import { GoEnvUnavailable } from './checks/shared.js';
import type { Context } from './context.js';

export type CheckStatus = 'pass' | 'fail' | 'skipped' | 'error';

export interface CheckSummary {
  id: string;
  status: CheckStatus;
  ms: number;
}

export interface RunResult {
  findings: Finding[];
  checks: CheckSummary[];
}

export class UsageError extends Error {}

/** The check that reports go.mod / go.work syntax errors: kept by --check, since nothing else is meaningful without it. */
export const SYNTAX_CHECK = 'go-mod-syntax';

export interface Selection {
  only: string[];
  skip: string[];
}

export function selectChecks(all: readonly Check[], mode: RunMode, config: Config, sel: Selection, env: NodeJS.ProcessEnv): Check[] {
  const byId = new Map(all.map((c) => [c.id, c]));
  const envSkip = (env.GOHOOKS_SKIP ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of [...sel.only, ...sel.skip, ...envSkip]) {
    if (!byId.has(id)) throw new UsageError(`unknown check "${id}"; \`gohooks list\` shows the checks`);
  }
  let ids: string[];
  if (sel.only.length > 0) ids = [...new Set([SYNTAX_CHECK, ...sel.only])];
  else ids = config.hooks[mode] ?? all.filter((c) => c.hooks.includes(mode)).map((c) => c.id);
  const skip = new Set([...config.skip, ...sel.skip, ...envSkip]);
  for (const [id, cc] of Object.entries(config.checks)) if (cc.severity === 'off') skip.add(id);
  return ids.filter((id) => !skip.has(id)).map((id) => byId.get(id)!);
}

function finalize(check: Check, drafts: Draft[], config: Config): Finding[] {
  const override = config.checks[check.id]?.severity;
  return drafts.map(({ why, check: _ignored, ...d }) => {
    const f: Finding = { ...d, check: check.id, message: why ? `${d.message}\n${why}` : d.message };
    if (override && override !== 'off' && f.severity !== 'info') f.severity = override;
    return f;
  });
}

class TimeoutError extends Error {}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError()), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const GO_INSTALL = 'Install Go from https://go.dev/dl/ (or your package manager) and make sure `go` is on PATH';

export async function runChecks(ctx: Context, checks: Check[]): Promise<RunResult> {
  const summaries: CheckSummary[] = [];
  const findings: Finding[] = [];
  const goMissing: string[] = [];
  const goEnvFailed: string[] = [];
  let goEnvProblem = '';

  await Promise.all(
    checks.map(async (check) => {
      const started = performance.now();
      let status: CheckStatus;
      let out: Finding[] = [];
      if (check.appliesTo && !check.appliesTo(ctx)) {
        status = 'skipped';
      } else if (check.needsGo && !ctx.go.available) {
        status = 'skipped';
        goMissing.push(check.id);
      } else {
        try {
          // Processes carry their own time limit; this one catches a check stuck elsewhere.
          const drafts = await withTimeout(check.run(ctx), ctx.timeoutMs + 5000);
          out = finalize(check, drafts, ctx.config);
          status = out.some((f) => f.severity === 'error') ? 'fail' : 'pass';
        } catch (e) {
          if (e instanceof GoEnvUnavailable) {
            status = 'skipped';
            goEnvFailed.push(check.id);
            goEnvProblem = e.message;
          } else {
            status = 'error';
            const message =
              e instanceof TimeoutError
                ? `${check.id} did not finish within ${Math.round(ctx.timeoutMs / 1000)} s`
                : `${check.id} could not run: ${(e as Error).message}`;
            out = [
              {
                check: check.id,
                severity: 'error',
                message,
                fix: {
                  summary:
                    e instanceof TimeoutError
                      ? 'raise "timeout" in gohooks.json, or skip this check for now'
                      : 'this is a gohooks bug: run again with GOHOOKS_DEBUG=1 and report it',
                  commands: { posix: `GOHOOKS_SKIP=${check.id} gohooks verify` },
                },
              },
            ];
          }
        }
      }
      const ms = Math.round(performance.now() - started);
      ctx.debug.log(`check ${check.id}: ${status} in ${ms} ms`);
      summaries.push({ id: check.id, status, ms });
      findings.push(...out);
    }),
  );

  if (goMissing.length > 0) {
    findings.push({
      check: goMissing[0],
      severity: 'warning',
      message: `${ctx.go.problem ?? 'go is not available'}: ${goMissing.join(', ')} did not run`,
      fix: { summary: GO_INSTALL },
    });
  }
  if (goEnvFailed.length > 0) {
    // go is there but broken: an error, not a warning — every go command fails the same way.
    findings.push({
      check: goEnvFailed[0],
      severity: 'error',
      message: `${goEnvProblem}: ${goEnvFailed.join(', ')} could not run\nEvery go command on this machine fails the same way.`,
      fix: {
        summary:
          'run `go env` to see the whole error; a setting in your environment or in the go env file (go env GOENV) is usually the cause',
      },
    });
  }
  const order = new Map(checks.map((c, i) => [c.id, i]));
  summaries.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return { findings: sortFindings(findings), checks: summaries };
}

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      a.check.localeCompare(b.check),
  );
}

export function exitCodeFor(result: RunResult): number {
  return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
}
