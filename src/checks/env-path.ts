// env-path: the directory go install writes to is on PATH, and its tools are not shadowed.

import path from 'node:path';
import { defineCheck } from '../check.js';
import type { Draft } from '../types.js';
import { firstListEntry, pathDirs } from '../platform.js';
import { envFix, persistsIn } from '../shellfix.js';

export default defineCheck({
  id: 'env-path',
  title: 'PATH for go install',
  hooks: ['doctor'],
  goEnv: 'required',
  docs: 'The directory go install writes to (GOBIN, else the first GOPATH entry\'s bin) must be on PATH, or installed tools "are not found". A tool there shadowed by another copy earlier on PATH is a warning.',
  run: async (ctx, { goEnv: env }) => {
    const { platform } = ctx.shellTarget;
    const bin = env.vars.GOBIN || path.join(firstListEntry(env.vars.GOPATH ?? '', platform), 'bin');
    const norm = (p: string) => (platform === 'win32' ? p.toLowerCase() : p).replace(/[\\/]+$/, '');
    const dirs = pathDirs(ctx.env, platform).map(norm);
    const drafts: Draft[] = [];
    if (!dirs.includes(norm(bin))) {
      drafts.push({
        severity: 'warning',
        message: `${bin}, where go install puts tools, is not on PATH`,
        why: 'Tools you install (gopls, golangci-lint, …) are "not found" in your shell and editor.',
        fix: {
          summary: `add it to PATH (persisted in ${persistsIn(ctx.shellTarget.shell, platform)})`,
          commands: envFix({ kind: 'prepend-path', dir: bin }, ctx.shellTarget),
        },
      });
    }
    const tools = ctx.host.listDir(bin).map((f) => (platform === 'win32' ? f.replace(/\.exe$/i, '') : f));
    const shadowed = tools
      .map((t) => ({ t, first: ctx.host.which(t) }))
      .filter((x) => x.first && norm(path.dirname(x.first)) !== norm(bin));
    for (const s of shadowed.slice(0, 5)) {
      drafts.push({
        severity: 'warning',
        message: `${s.t} from ${bin} is shadowed by ${s.first}, earlier on PATH`,
        why: 'You run an older or different build than the one go install updated.',
        fix: { summary: `remove the other copy, or move ${bin} before ${path.dirname(s.first!)} on PATH` },
      });
    }
    if (drafts.length === 0)
      drafts.push({ severity: 'info', message: `${bin} is on PATH (${tools.length} tool${tools.length === 1 ? '' : 's'} installed)` });
    return drafts;
  },
});
