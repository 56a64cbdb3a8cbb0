// `gohooks verify [DIR…]`: every check for the modules under DIR (default:
// the git root, else the current directory), on the work tree.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import pc from 'picocolors';
import type { Check, RunMode } from '../check.js';
import { ALL_CHECKS } from '../checks/index.js';
import type { Context } from '../context.js';
import { buildContext, openRepo } from '../gather.js';
import { detectShell, fixFlavour } from '../platform.js';
import { renderGithub } from '../report/github.js';
import { renderHuman } from '../report/human.js';
import { renderJson } from '../report/json.js';
import type { ReportInput } from '../report/model.js';
import { exitCodeFor, runChecks, selectChecks, UsageError, type RunResult } from '../runner.js';

export type Format = 'human' | 'json' | 'github';

export interface VerifyOptions {
  dirs: string[];
  only: string[];
  skip: string[];
  format: Format;
  online: boolean;
  env: NodeJS.ProcessEnv;
  cwd?: string;
  write?: (s: string) => void;
}

export function render(format: Format, input: ReportInput): string {
  return format === 'json' ? renderJson(input) : format === 'github' ? renderGithub(input) : renderHuman(input);
}

export function reportInput(ctx: Context, result: RunResult, mode: RunMode, ms: number): ReportInput {
  return {
    result,
    modules: ctx.modules.map((m) => ({ rel: m.rel, path: m.path })),
    mode,
    shell: fixFlavour(detectShell(ctx.env, process.platform)),
    color: pc.isColorSupported,
    ms,
    root: ctx.root,
  };
}

/** Exit 2 when a check the user asked for by name needs go and go is missing. */
function requireGo(ctx: Context, checks: Check[], only: string[]): void {
  const needing = checks.filter((c) => c.needsGo && only.includes(c.id));
  if (needing.length > 0 && !ctx.go.available) {
    throw new UsageError(`${needing.map((c) => c.id).join(', ')} needs the go command: ${ctx.go.problem}`);
  }
}

export async function verify(opts: VerifyOptions): Promise<number> {
  const started = performance.now();
  const cwd = opts.cwd ?? process.cwd();
  const write = opts.write ?? ((s: string) => process.stdout.write(s));
  const dirs = opts.dirs.map((d) => path.resolve(cwd, d));
  for (const d of dirs) {
    if (!existsSync(d) || !statSync(d).isDirectory()) throw new UsageError(`${d} is not a directory`);
  }
  const { repo, gitModFiles } = await openRepo(dirs[0] ?? cwd, opts.env, opts.online);
  const ctx = await buildContext(repo, { mode: 'verify', dirs, gitModFiles });
  try {
    const checks = selectChecks(ALL_CHECKS, 'verify', ctx.config, { only: opts.only, skip: opts.skip }, opts.env);
    requireGo(ctx, checks, opts.only);
    const result = await runChecks(ctx, checks);
    write(render(opts.format, reportInput(ctx, result, 'verify', performance.now() - started)));
    return exitCodeFor(result);
  } finally {
    ctx.source.dispose();
  }
}
