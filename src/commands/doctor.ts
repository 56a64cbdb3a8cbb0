// `gohooks doctor`: the developer's Go environment, with a fix for their shell.

import { writeFileSync } from 'node:fs';
import pc from 'picocolors';
import { ALL_CHECKS } from '../checks/index.js';
import { buildContext, openRepo } from '../gather.js';
import { fixFlavour, type UserShell } from '../platform.js';
import { renderDoctor, renderDoctorHtml } from '../report/doctor.js';
import { renderJson } from '../report/json.js';
import { exitCodeFor, runChecks, selectChecks } from '../runner.js';
import { persistsIn } from '../shellfix.js';

export interface DoctorOptions {
  format: 'human' | 'json' | 'html';
  output?: string;
  shell?: UserShell;
  online: boolean;
  sizes: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  write: (s: string) => void;
}

export async function doctor(opts: DoctorOptions): Promise<number> {
  const started = performance.now();
  const { repo, gitModFiles } = await openRepo(opts.cwd, opts.env, opts.online);
  // Modules matter for env-cgo (import "C") and env-modules (-mod=vendor) only when in a repository.
  const ctx = await buildContext(repo, { mode: 'doctor', dirs: repo.git ? [] : [opts.cwd], gitModFiles, shell: opts.shell });
  if (opts.sizes) ctx.config.checks['env-cache'] = { ...ctx.config.checks['env-cache'], options: { sizes: true } };
  const checks = selectChecks(ALL_CHECKS, 'doctor', ctx.config, { only: [], skip: [] }, opts.env);
  const result = await runChecks(ctx, checks);
  const { shell, platform } = ctx.shellTarget;
  const input = {
    result,
    modules: ctx.modules.map((m) => ({ rel: m.rel, path: m.path })),
    mode: 'doctor' as const,
    shell: fixFlavour(shell),
    color: opts.output ? false : pc.isColorSupported,
    ms: performance.now() - started,
    root: ctx.root,
    titles: Object.fromEntries(ALL_CHECKS.map((c) => [c.id, c.title])),
    context: `${platform}, shell ${shell} (environment fixes persist in ${persistsIn(shell, platform)})`,
  };
  const text =
    opts.format === 'json'
      ? renderJson(input)
      : opts.format === 'html'
        ? renderDoctorHtml(input, new Date().toISOString())
        : renderDoctor(input);
  if (opts.output) {
    writeFileSync(opts.output, text);
    opts.write(`gohooks doctor: report written to ${opts.output}\n`);
  } else opts.write(text);
  ctx.source.dispose();
  return exitCodeFor(result);
}
