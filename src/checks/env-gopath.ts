// env-gopath: GOPATH exists or can be created, is writable, is not GOROOT or inside it.

import path from 'node:path';
import { defineCheck } from '../check.js';
import type { Draft } from '../types.js';
import { awkwardWindowsPath } from '../doctor/facts.js';
import { firstListEntry } from '../platform.js';
import { goEnvFix } from '../shellfix.js';

export default defineCheck({
  id: 'env-gopath',
  title: 'GOPATH',
  hooks: ['doctor'],
  goEnv: 'required',
  docs: 'The first GOPATH entry (where go install and the module cache go by default) must exist or be creatable, be writable, and not be GOROOT or inside it. On Windows, spaces or non-ASCII characters in it are a warning.',
  run: async (ctx, { goEnv: env }) => {
    const platform = ctx.shellTarget.platform;
    const gopath = firstListEntry(env.vars.GOPATH ?? '', platform);
    const goroot = env.vars.GOROOT ?? '';
    const home = ctx.shellTarget.home ?? ctx.root;
    const fix = goEnvFix(
      'GOPATH',
      (platform === 'win32' ? path.win32 : path.posix).join(home, 'go'),
      env.source('GOPATH'),
      ctx.shellTarget,
    );
    const drafts: Draft[] = [];
    if (!gopath)
      drafts.push({ severity: 'error', message: 'GOPATH is empty', why: 'go install and the module cache have nowhere to go.', fix });
    else if (
      goroot &&
      (path.resolve(gopath) === path.resolve(goroot) || path.resolve(gopath).startsWith(path.resolve(goroot) + path.sep))
    ) {
      drafts.push({
        severity: 'error',
        message: `GOPATH ${gopath} is GOROOT or inside it (${goroot})`,
        why: 'The go command warns about it on every run, go install writes into the Go installation, and upgrading Go wipes your modules.',
        fix,
      });
    } else if (!ctx.host.writable(gopath)) {
      drafts.push({
        severity: 'error',
        message: `GOPATH ${gopath} is not writable (${ctx.host.exists(gopath) ? 'it exists' : `${ctx.host.existingAncestor(gopath)} cannot be written`})`,
        why: 'go install and go mod download fail with "permission denied".',
        fix,
      });
    }
    if (gopath && platform === 'win32' && awkwardWindowsPath(gopath)) {
      drafts.push({
        severity: 'warning',
        message: `GOPATH ${gopath} contains spaces or non-ASCII characters`,
        why: 'cgo and some tools break on such paths on Windows.',
        fix: goEnvFix('GOPATH', 'C:\\gopath', env.source('GOPATH'), ctx.shellTarget),
      });
    }
    if (drafts.length === 0)
      drafts.push({ severity: 'info', message: `GOPATH ${gopath}${ctx.host.exists(gopath) ? '' : ' (created on first use)'}` });
    return drafts;
  },
});
