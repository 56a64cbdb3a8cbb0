// env-git: git is there, and its settings do not churn go.mod / go.sum.

import { defineCheck } from '../check.js';
import type { Draft } from '../types.js';
import { commandsFor } from '../fixes.js';

export default defineCheck({
  id: 'env-git',
  title: 'git',
  hooks: ['doctor'],
  docs: 'git on PATH and its version. core.autocrlf=true while go.mod / go.sum are tracked, with no .gitattributes rule keeping them LF, is a warning (CRLF churn: go rewrites them with LF). On Windows, core.longpaths off is a warning (module paths run long).',
  run: async (ctx) => {
    const platform = ctx.shellTarget.platform;
    const bin = ctx.host.which('git');
    if (!bin)
      return [
        {
          severity: 'error',
          message: 'git was not found on PATH',
          why: 'go get and go mod download of any git-hosted module fail, and the gohooks hooks cannot run.',
          fix: { summary: 'install git (https://git-scm.com/downloads)' },
        },
      ];
    const version = (await ctx.git.raw(['--version']))?.trim() ?? 'git (version unknown)';
    const drafts: Draft[] = [];
    if (ctx.isGitRepo) {
      const autocrlf = (await ctx.git.raw(['config', '--get', 'core.autocrlf']))?.trim();
      const tracked = ((await ctx.git.raw(['ls-files', '-z', '--', ':(glob)**/go.mod', ':(glob)**/go.sum'])) ?? '')
        .split('\0')
        .filter(Boolean);
      if (autocrlf === 'true' && tracked.length > 0) {
        // -z: "path\0eol\0value\0" per file; every tracked go.mod and go.sum must be kept LF.
        const out = ((await ctx.git.raw(['check-attr', '-z', 'eol', '--', ...tracked])) ?? '').split('\0');
        const notLf = tracked.filter((_, i) => out[i * 3 + 2] !== 'lf');
        if (notLf.length > 0) {
          drafts.push({
            severity: 'warning',
            message: 'core.autocrlf=true, and go.mod / go.sum are not kept as LF by .gitattributes',
            why: 'They check out with CRLF; the go command rewrites them with LF, so every go command turns them into a diff.',
            fix: {
              summary: 'keep them LF in every checkout (commit .gitattributes)',
              commands: {
                posix: "printf '%s\\n' 'go.mod text eol=lf' 'go.sum text eol=lf' >> .gitattributes && git add --renormalize .",
                fish: "printf '%s\\n' 'go.mod text eol=lf' 'go.sum text eol=lf' >> .gitattributes; and git add --renormalize .",
                powershell: "Add-Content .gitattributes 'go.mod text eol=lf','go.sum text eol=lf'; git add --renormalize .",
                cmd: '(echo go.mod text eol=lf& echo go.sum text eol=lf)>> .gitattributes && git add --renormalize .',
              },
            },
          });
        }
      }
    }
    if (platform === 'win32') {
      const longpaths = (await ctx.git.raw(['config', '--get', 'core.longpaths']))?.trim();
      if (longpaths !== 'true') {
        drafts.push({
          severity: 'warning',
          message: 'core.longpaths is off',
          why: 'Module cache paths often exceed 260 characters on Windows: "Filename too long".',
          fix: { summary: 'let git use long paths', commands: commandsFor(['git', 'config', '--global', 'core.longpaths', 'true']) },
        });
      }
    }
    if (drafts.length === 0) drafts.push({ severity: 'info', message: `${version} at ${bin}` });
    return drafts;
  },
});
