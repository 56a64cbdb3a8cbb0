// Selects the checks for a run and runs them concurrently (processes are
// bounded by the shared Limiter): hands each check the go env when it declares
// it and its options resolved against their defaults, applies the time limit
// and the severity overrides, and returns plain data for the renderers.

import type { AnyCheck, OptionValues } from './check.js';
import type { Config } from './config.js';
import type { Context } from './context.js';
import { CheckTimeout, OsError, UsageError } from './errors.js';
import {
  GO_ENV_BROKEN_FIX,
  GO_ENV_BROKEN_WHY,
  GO_ENV_TIMEOUT_FIX,
  GO_ENV_TIMEOUT_WHY,
  GO_INSTALL_HINT,
  timeoutDraft,
  unknownCheck,
} from './messages.js';
import {
  SEVERITY_RANK,
  type CheckStatus,
  type OptionSpecs,
  type CheckSummary,
  type Draft,
  type Finding,
  type Fix,
  type RunMode,
  type RunResult,
} from './types.js';

/** The check that reports go.mod / go.work syntax errors: kept by --check, since nothing else is meaningful without it. */
export const SYNTAX_CHECK = 'go-mod-syntax';

export interface Selection {
  only: string[];
  skip: string[];
}

export function selectChecks(all: readonly AnyCheck[], mode: RunMode, config: Config, sel: Selection, env: NodeJS.ProcessEnv): AnyCheck[] {
  const byId = new Map(all.map((c) => [c.id, c]));
  const envSkip = (env.GOHOOKS_SKIP ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of [...sel.only, ...sel.skip, ...envSkip]) {
    if (!byId.has(id)) throw new UsageError(unknownCheck(id));
  }
  let ids: string[];
  if (sel.only.length > 0) ids = [...new Set([SYNTAX_CHECK, ...sel.only])];
  else ids = config.hooks[mode] ?? all.filter((c) => c.hooks.includes(mode)).map((c) => c.id);
  const skip = new Set([...config.skip, ...sel.skip, ...envSkip]);
  for (const [id, cc] of Object.entries(config.checks)) if (cc.severity === 'off') skip.add(id);
  return ids.filter((id) => !skip.has(id)).map((id) => byId.get(id)!);
}

/** Whether any of the checks will ask for `go env` (so it can start early). */
export function wantsGoEnv(checks: readonly AnyCheck[]): boolean {
  return checks.some((c) => c.goEnv !== undefined);
}

/** A check's options: its declared defaults, overridden by the configuration. */
export function resolveOptions(check: AnyCheck, config: Config): OptionValues<OptionSpecs> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries((check.options ?? {}) as OptionSpecs)) if (spec.default !== undefined) out[name] = spec.default;
  // The configured values were checked against the same specs when the config was loaded.
  return { ...out, ...config.checks[check.id]?.options } as OptionValues<OptionSpecs>;
}

/** pre-push checks commits: a fix that ends by staging files must also say to commit them, or the next push fails the same way. */
export function forPush(fix: Fix): Fix {
  if (!/(^|&& |; )git add /.test(fix.commands?.posix ?? '')) return fix;
  return { ...fix, summary: `${fix.summary}; then commit (git commit, or git commit --amend): a push checks commits, not staged files` };
}

function finalize(check: AnyCheck, drafts: Draft[], config: Config, mode: RunMode): Finding[] {
  const override = config.checks[check.id]?.severity;
  return drafts.map((d) => {
    const f: Finding = { check: check.id, ...d };
    if (mode === 'pre-push' && f.fix) f.fix = forPush(f.fix);
    if (override && override !== 'off' && f.severity !== 'info') f.severity = override;
    if (config.strict && f.notChecked && f.severity === 'warning') f.severity = 'error';
    return f;
  });
}

function statusOf(findings: Finding[]): CheckStatus {
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  if (findings.some((f) => f.notChecked && f.severity !== 'info')) return 'not-checked';
  return findings.some((f) => f.severity === 'warning') ? 'warn' : 'pass';
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new CheckTimeout()), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

type Outcome = { status: CheckStatus; findings: Finding[]; notRunBecause?: 'go-missing' | 'go-env-failed' };

async function runOne(ctx: Context, check: AnyCheck): Promise<Outcome> {
  if (check.appliesTo && !check.appliesTo(ctx)) return { status: 'skipped', findings: [] };
  if ((check.needsGo || check.goEnv === 'required') && !ctx.go.available) {
    return { status: 'not-checked', findings: [], notRunBecause: 'go-missing' };
  }
  const goEnv = check.goEnv ? await ctx.goEnv() : undefined;
  if (check.goEnv === 'required' && !goEnv) return { status: 'not-checked', findings: [], notRunBecause: 'go-env-failed' };
  // `go env -json` ran out of time: go hangs here, so no other go command is started (the run stays within one time limit).
  if (check.needsGo && ctx.go.envTimedOut) return { status: 'not-checked', findings: [], notRunBecause: 'go-env-failed' };
  let drafts: Draft[];
  try {
    // Processes carry their own time limit; this one catches a check stuck elsewhere.
    drafts = await withTimeout(check.run(ctx, { options: resolveOptions(check, ctx.config), goEnv }), ctx.timeoutMs + 5000);
  } catch (e) {
    if (e instanceof OsError) throw e; // a full disk or a missing TMPDIR: gohooks cannot run (exit 2), not a check's failure
    if (!(e instanceof CheckTimeout)) {
      const finding: Finding = {
        check: check.id,
        severity: 'error',
        message: `${check.id} could not run: ${(e as Error).message}`,
        fix: {
          summary: 'this is a gohooks bug: run again with GOHOOKS_DEBUG=1 and report it',
          commands: { posix: `GOHOOKS_SKIP=${check.id} gohooks verify` },
        },
      };
      return { status: 'error', findings: [finding] };
    }
    drafts = [timeoutDraft(check.id, ctx.timeoutMs)];
  }
  const findings = finalize(check, drafts, ctx.config, ctx.mode);
  return { status: statusOf(findings), findings };
}

export async function runChecks(ctx: Context, checks: AnyCheck[]): Promise<RunResult> {
  const summaries: CheckSummary[] = [];
  const findings: Finding[] = [];
  const goMissing: string[] = [];
  const goEnvFailed: string[] = [];

  const running = new Set(checks.map((c) => c.id));
  const showRunning = () =>
    ctx.progress.set(
      'checks',
      running.size > 0 ? `${running.size} of ${checks.length} checks running: ${[...running].join(', ')}` : undefined,
    );
  showRunning();
  await Promise.all(
    checks.map(async (check) => {
      const started = performance.now();
      const outcome = await runOne(ctx, check);
      running.delete(check.id);
      showRunning();
      const ms = Math.round(performance.now() - started);
      ctx.debug.log(`check ${check.id}: ${outcome.status} in ${ms} ms`);
      summaries.push({ id: check.id, status: outcome.status, ms });
      findings.push(...outcome.findings);
      if (outcome.notRunBecause === 'go-missing') goMissing.push(check.id);
      if (outcome.notRunBecause === 'go-env-failed') goEnvFailed.push(check.id);
    }),
  );

  const inOrder = (ids: string[]) => checks.map((c) => c.id).filter((id) => ids.includes(id));
  if (goMissing.length > 0) {
    findings.push({
      check: inOrder(goMissing)[0],
      severity: ctx.config.strict ? 'error' : 'warning',
      notChecked: true,
      message: `${inOrder(goMissing).join(', ')}: ${ctx.go.problem ?? 'go is not available'}`,
      fix: { summary: GO_INSTALL_HINT },
    });
  }
  if (goEnvFailed.length > 0 && ctx.go.envTimedOut) {
    // go hangs (or is very slow): what needs it was not checked — a warning, an error with "strict": true.
    const timeout = timeoutDraft(`go env -json (needed by ${inOrder(goEnvFailed).join(', ')})`, ctx.timeoutMs);
    findings.push({
      check: inOrder(goEnvFailed)[0],
      ...timeout,
      severity: ctx.config.strict ? 'error' : timeout.severity,
      why: GO_ENV_TIMEOUT_WHY,
      fix: { summary: GO_ENV_TIMEOUT_FIX },
    });
  } else if (goEnvFailed.length > 0) {
    // go is there but broken: an error, not a warning — every go command fails the same way.
    findings.push({
      check: inOrder(goEnvFailed)[0],
      severity: 'error',
      message: `${ctx.go.problem ?? 'go env is not available'}: ${inOrder(goEnvFailed).join(', ')} could not run`,
      why: GO_ENV_BROKEN_WHY,
      fix: { summary: GO_ENV_BROKEN_FIX },
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
