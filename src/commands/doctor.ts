// `gohooks doctor`: the developer's Go environment, with a fix for their shell.

import { writeFileSync } from 'node:fs';
import { ALL_CHECKS } from '../checks/index.js';
import { loadConfig, withOption } from '../config.js';
import { buildContext, openRepo } from '../gather.js';
import type { UserShell } from '../platform.js';
import type { Format } from '../report/formats.js';
import { render } from '../report/index.js';
import { exitCodeFor, runChecks, selectChecks, wantsGoEnv } from '../runner.js';
import { redacted } from '../redact.js';
import { persistsIn } from '../shellfix.js';
import { reportInput } from './report.js';

export interface DoctorOptions {
  format: Extract<Format, 'human' | 'json' | 'html'>;
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
  const loaded = loadConfig(repo.root, ALL_CHECKS);
  const config = opts.sizes ? withOption(loaded, 'env-cache', 'sizes', true) : loaded;
  const checks = selectChecks(ALL_CHECKS, 'doctor', config, { only: [], skip: [] }, opts.env);
  // Modules matter for env-cgo (import "C") and env-modules (-mod=vendor) only when in a repository.
  const ctx = await buildContext(repo, {
    mode: 'doctor',
    config,
    dirs: repo.git ? [] : [opts.cwd],
    gitModFiles,
    shell: opts.shell,
    prefetchGoEnv: wantsGoEnv(checks),
  });
  try {
    const result = await runChecks(ctx, checks);
    const { shell, platform } = ctx.shellTarget;
    const text = render(
      opts.format,
      reportInput(ctx, result, 'doctor', performance.now() - started, {
        color: opts.output ? false : undefined,
        context: `${platform}, shell ${shell} (environment fixes persist in ${persistsIn(shell, platform)})`,
        generatedAt: new Date().toISOString(),
      }),
    );
    if (opts.output) {
      writeFileSync(opts.output, redacted(text));
      opts.write(`gohooks doctor: report written to ${opts.output}\n`);
    } else opts.write(text);
    return exitCodeFor(result);
  } finally {
    ctx.source.dispose();
  }
}
