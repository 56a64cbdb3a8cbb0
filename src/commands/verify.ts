// `gohooks verify [DIR…]`: every check for the modules under DIR (default:
// the git root, else the current directory), on the work tree.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AnyCheck } from '../check.js';
import { ALL_CHECKS } from '../checks/index.js';
import { loadConfig, withOption } from '../config.js';
import { progressWanted, terminalProgress } from '../tools/progress.js';
import type { Context } from '../context.js';
import { UsageError } from '../errors.js';
import { buildContext, openRepo } from '../gather.js';
import type { VerifyFormat } from '../report/formats.js';
import { render } from '../report/index.js';
import { redacted } from '../redact.js';
import { exitCodeFor, runChecks, selectChecks, wantsGoEnv } from '../runner.js';
import { reportInput } from './report.js';
import { sarifFor, writeSarif } from './sarif.js';

export interface VerifyOptions {
  dirs: string[];
  only: string[];
  skip: string[];
  format: VerifyFormat;
  /** Also write SARIF to this file (relative to cwd), whatever the format; default $GOHOOKS_SARIF. */
  sarif?: string;
  online: boolean;
  /** Trust nothing from a previous run (the module cache snapshot, cached results). */
  full?: boolean;
  /** Also run go mod verify, as a cross-check of the engine. */
  withGoVerify?: boolean;
  env: NodeJS.ProcessEnv;
  cwd?: string;
  write?: (s: string) => void;
}

/** Exit 2 when a check the user asked for by name needs go and go is missing. */
function requireGo(ctx: Context, checks: AnyCheck[], only: string[]): void {
  const needing = checks.filter((c) => (c.needsGo || c.goEnv === 'required') && only.includes(c.id));
  if (needing.length > 0 && !ctx.go.available) {
    throw new UsageError(`${needing.map((c) => c.id).join(', ')} needs the go command: ${ctx.go.problem}`);
  }
}

export async function verify(opts: VerifyOptions): Promise<number> {
  const started = performance.now();
  const cwd = opts.cwd ?? process.cwd();
  const write = opts.write ?? ((s: string) => process.stdout.write(redacted(s)));
  const dirs = opts.dirs.map((d) => path.resolve(cwd, d));
  for (const d of dirs) {
    if (!existsSync(d) || !statSync(d).isDirectory()) throw new UsageError(`${d} is not a directory`);
  }
  const { repo, gitModFiles } = await openRepo(dirs[0] ?? cwd, opts.env, opts.online);
  const loaded = loadConfig(repo.root, ALL_CHECKS);
  const config = opts.withGoVerify ? withOption(loaded, 'mod-verify', 'withGoVerify', true) : loaded;
  const checks = selectChecks(ALL_CHECKS, 'verify', config, { only: opts.only, skip: opts.skip }, opts.env);
  const progress = progressWanted(process.stderr, opts.env, opts.format === 'human')
    ? terminalProgress((s) => process.stderr.write(s), process.stderr.columns ?? 80)
    : undefined;
  const ctx = await buildContext(repo, {
    mode: 'verify',
    config,
    dirs,
    gitModFiles,
    prefetchGoEnv: wantsGoEnv(checks),
    full: opts.full,
    progress,
  });
  try {
    requireGo(ctx, checks, opts.only);
    const result = await runChecks(ctx, checks);
    progress?.clear();
    const input = reportInput(ctx, result, 'verify', performance.now() - started);
    const sarifFile = opts.sarif ?? (opts.env.GOHOOKS_SARIF || undefined);
    // Written before the report, so a file that cannot be written stops with exit 2 and no half-report.
    if (sarifFile) writeSarif(sarifFile, cwd, input);
    write(opts.format === 'sarif' ? sarifFor(input) : render(opts.format, input));
    return exitCodeFor(result);
  } finally {
    progress?.clear();
    ctx.source.dispose();
  }
}
