// env-modules: module mode is on, and GOFLAGS does not work against it.

import path from 'node:path';
import { defineCheck } from '../check.js';
import type { Draft } from '../types.js';
import { goEnvFix } from '../shellfix.js';
import { goflags, goflagsFix, isInsecureFlag, shownGoflags } from './shared/goflags.js';

export default defineCheck({
  id: 'env-modules',
  title: 'Go modules',
  hooks: ['doctor'],
  goEnv: 'required',
  docs: 'GO111MODULE=off is an error (modules are the only supported mode), auto a warning. GOFLAGS is parsed: -mod=vendor without a vendor directory, -mod=mod (builds rewrite go.mod silently) and -insecure (rejected by go get) are flagged.',
  run: async (ctx, { goEnv: env }) => {
    const drafts: Draft[] = [];
    const mode = env.vars.GO111MODULE ?? '';
    const unset = goEnvFix('GO111MODULE', '', env.source('GO111MODULE'), ctx.shellTarget);
    if (mode === 'off')
      drafts.push({
        severity: 'error',
        message: 'GO111MODULE=off: the go command ignores go.mod',
        why: 'GOPATH mode is unsupported: modules, go.sum checks and toolchain selection are all off.',
        fix: unset,
      });
    else if (mode === 'auto')
      drafts.push({
        severity: 'warning',
        message: 'GO111MODULE=auto: module mode depends on where you run go',
        why: 'Outside a module, go falls back to GOPATH mode; the default (unset, = on) is what everyone else runs.',
        fix: unset,
      });
    const flags = goflags(env);
    const without = (bad: (f: string) => boolean, what: string) => goflagsFix(env, ctx.shellTarget, bad, what);
    if (flags.includes('-mod=vendor') && ctx.modules.length > 0 && !ctx.modules.some((m) => ctx.host.isDir(path.join(m.dir, 'vendor')))) {
      drafts.push({
        severity: 'warning',
        message: 'GOFLAGS has -mod=vendor, but this repository has no vendor directory',
        why: 'Builds fail with "inconsistent vendoring" or missing packages.',
        fix: without((f) => f === '-mod=vendor', '-mod=vendor'),
      });
    }
    if (flags.includes('-mod=mod'))
      drafts.push({
        severity: 'warning',
        message: 'GOFLAGS has -mod=mod: builds may rewrite go.mod and go.sum',
        why: 'Unreviewed dependency changes end up in commits.',
        fix: without((f) => f === '-mod=mod', '-mod=mod'),
      });
    if (flags.some(isInsecureFlag))
      drafts.push({
        severity: 'error',
        message: 'GOFLAGS has -insecure, which go get rejects ("use GOINSECURE instead")',
        why: 'Every go get fails.',
        fix: without(isInsecureFlag, '-insecure'),
      });
    if (drafts.length === 0)
      drafts.push({
        severity: 'info',
        message: `module mode${mode ? ` (GO111MODULE=${mode})` : ''}${flags.length ? `, GOFLAGS=${shownGoflags(flags)}` : ''}`,
      });
    return drafts;
  },
});
