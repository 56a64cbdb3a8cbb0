// env-goroot: GOROOT holds a Go installation, and an explicit GOROOT matches the go binary.

import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { defineCheck } from '../check.js';
import { envFix } from '../shellfix.js';
import { which } from '../tools/which.js';
import { requireGoEnv } from './shared.js';

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

export default defineCheck({
  id: 'env-goroot',
  title: 'GOROOT',
  hooks: ['doctor'],
  needsGo: true,
  docs:
    'go env GOROOT must exist and hold src/runtime. An explicit GOROOT in the environment that points at another ' +
    'installation than the go binary on PATH (the classic cause of "cannot find GOROOT" and mixed standard libraries) ' +
    'is an error; GOROOT set when it need not be is worth knowing.',
  run: async (ctx) => {
    const env = await requireGoEnv(ctx);
    const goroot = env.vars.GOROOT ?? '';
    const unset = {
      summary: 'unset GOROOT: the go command finds its own installation',
      commands: envFix({ kind: 'unset', key: 'GOROOT' }, ctx.shellTarget),
    };
    if (!goroot || !existsSync(path.join(goroot, 'src', 'runtime'))) {
      return [
        {
          severity: 'error',
          message: `GOROOT ${goroot || '(empty)'} does not hold a Go installation (no src/runtime)`,
          why: 'The go command fails with "cannot find GOROOT" or builds with a broken standard library.',
          fix: unset,
        },
      ];
    }
    const explicit = ctx.env.GOROOT;
    const bin = which('go', ctx.env, ctx.shellTarget.platform);
    const binRoot = bin ? path.dirname(path.dirname(real(bin))) : undefined;
    if (explicit && binRoot && real(explicit) !== binRoot) {
      return [
        {
          severity: 'error',
          message: `GOROOT=${explicit} is set in your environment, but the go on PATH (${bin}) belongs to ${binRoot}`,
          why: 'That go compiles against another installation\'s standard library: "compile: version mismatch" and worse.',
          fix: unset,
        },
      ];
    }
    if (explicit)
      return [
        {
          severity: 'info',
          message: `GOROOT=${explicit} is set explicitly; it need not be (go finds ${binRoot ?? goroot} itself)`,
          fix: unset,
        },
      ];
    return [{ severity: 'info', message: `GOROOT ${goroot}` }];
  },
});
