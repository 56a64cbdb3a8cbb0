// env-goroot: GOROOT holds a Go installation, and an explicit GOROOT matches the go binary.

import path from 'node:path';
import { defineCheck } from '../check.js';
import { envFix } from '../shellfix.js';

export default defineCheck({
  id: 'env-goroot',
  title: 'GOROOT',
  hooks: ['doctor'],
  goEnv: 'required',
  docs:
    'go env GOROOT must exist and hold src/runtime. An explicit GOROOT in the environment that points at another ' +
    'installation than the go binary on PATH (the classic cause of "cannot find GOROOT" and mixed standard libraries) ' +
    'is an error; GOROOT set when it need not be is worth knowing.',
  run: async (ctx, { goEnv: env }) => {
    const goroot = env.vars.GOROOT ?? '';
    const unset = {
      summary: 'unset GOROOT: the go command finds its own installation',
      commands: envFix({ kind: 'unset', key: 'GOROOT' }, ctx.shellTarget),
    };
    if (!goroot || !ctx.host.exists(path.join(goroot, 'src', 'runtime'))) {
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
    const bin = ctx.host.which('go');
    const binRoot = bin ? path.dirname(path.dirname(ctx.host.realpath(bin))) : undefined;
    if (explicit && binRoot && ctx.host.realpath(explicit) !== binRoot) {
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
