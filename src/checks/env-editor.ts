// env-editor: gopls, the Go language server editors use (information only).

import { defineCheck } from '../check.js';
import { commandsFor } from '../fixes.js';

export default defineCheck({
  id: 'env-editor',
  title: 'editor support (gopls)',
  hooks: ['doctor'],
  docs: 'gopls on PATH and its version. Information only: editors can install their own.',
  run: async (ctx) => {
    const bin = ctx.host.which('gopls');
    if (!bin) {
      return [
        {
          severity: 'info',
          message: 'gopls is not on PATH (editors may bring their own)',
          fix: { summary: 'install it', commands: commandsFor(['go', 'install', 'golang.org/x/tools/gopls@latest']) },
        },
      ];
    }
    const r = await ctx.processes.run(bin, ['version'], { cwd: ctx.root, env: ctx.env, timeoutMs: 10_000 });
    const v = /gopls (v\S+)/.exec(r.stdout)?.[1] ?? /(v\d+\.\d+\.\d+\S*)/.exec(r.stdout)?.[1] ?? 'version unknown';
    return [{ severity: 'info', message: `gopls ${v} at ${bin}` }];
  },
});
