// What verify, doctor and the hooks do after a run: turn the Context and the
// result into the plain ReportInput every renderer takes.

import pc from 'picocolors';
import { ALL_CHECKS } from '../checks/index.js';
import type { Context } from '../context.js';
import { fixFlavour } from '../platform.js';
import { reportModules, type ReportInput } from '../report/model.js';
import type { GoModule, RunMode, RunResult } from '../types.js';

export const CHECK_TITLES: Record<string, string> = Object.fromEntries(ALL_CHECKS.map((c) => [c.id, c.title]));

export function reportInput(
  ctx: Context,
  result: RunResult,
  mode: RunMode,
  ms: number,
  extra: Partial<Pick<ReportInput, 'color' | 'context' | 'generatedAt'>> & { modules?: GoModule[] } = {},
): ReportInput {
  return {
    result,
    modules: reportModules(extra.modules ?? ctx.modules),
    mode,
    shell: fixFlavour(ctx.shellTarget.shell),
    color: extra.color ?? pc.isColorSupported,
    ms,
    root: ctx.root,
    titles: CHECK_TITLES,
    context: extra.context,
    generatedAt: extra.generatedAt,
  };
}
