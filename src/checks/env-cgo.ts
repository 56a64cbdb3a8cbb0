// env-cgo: since Go 1.20 cgo turns itself off when CGO_ENABLED and CC are
// unset and no C compiler is found. The real problems: the repository has cgo
// files but cgo is effectively off, and CGO_ENABLED=1 set while CC is missing.

import path from 'node:path';
import { defineCheck } from '../check.js';
import type { Draft } from '../types.js';
import type { Context } from '../context.js';
import { cCompilerInstall } from '../doctor/facts.js';
import { sameInEveryShell } from '../fixes.js';
import { goEnvFix } from '../shellfix.js';
import type { Host } from '../tools/host.js';

const SKIP = new Set(['vendor', 'testdata', 'node_modules']);
const IMPORT_C = /^\s*import\s+(\(\s*(\/\/[^\n]*\n\s*)*)?"C"/m;

/** .go files (outside vendor/testdata) that import "C", up to `limit`. */
export function cgoFiles(host: Host, dirs: string[], limit = 20): string[] {
  const out: string[] = [];
  const goFiles = host.findFiles(dirs, {
    skipDir: (name) => SKIP.has(name) || name.startsWith('.') || name.startsWith('_'),
    accept: (name) => name.endsWith('.go'),
  });
  for (const file of goFiles) {
    if (IMPORT_C.test(host.readText(file) ?? '')) out.push(file);
    if (out.length >= limit) break;
  }
  return out;
}

function osRelease(ctx: Context): string {
  return ctx.shellTarget.platform === 'linux' ? (ctx.host.readText('/etc/os-release') ?? '') : '';
}

export default defineCheck({
  id: 'env-cgo',
  title: 'cgo and the C compiler',
  hooks: ['doctor'],
  goEnv: 'required',
  docs:
    'Since Go 1.20 cgo switches itself off when CGO_ENABLED and CC are unset and no C compiler is found. So the errors ' +
    'are: this repository has cgo files (import "C") but cgo is effectively off — those packages will not build — and ' +
    'CGO_ENABLED=1 set explicitly while go env CC cannot be found. Each with the install command for your OS, or ' +
    'CGO_ENABLED=0 where the repository does not need cgo.',
  run: async (ctx, { goEnv: env }) => {
    const platform = ctx.shellTarget.platform;
    const enabled = env.vars.CGO_ENABLED === '1';
    const cc = (env.vars.CC || 'gcc').trim().split(/\s+/)[0];
    const ccPath = path.isAbsolute(cc) ? (ctx.host.exists(cc) ? cc : undefined) : ctx.host.which(cc);
    const files = cgoFiles(
      ctx.host,
      ctx.modules.map((m) => m.dir),
    );
    const install = cCompilerInstall(platform, osRelease(ctx));
    const installFix = {
      summary: install.summary,
      commands: install.command ? sameInEveryShell(install.command) : undefined,
    };
    const drafts: Draft[] = [];
    const rel = (f: string) => path.relative(ctx.root, f).split(path.sep).join('/');
    if (files.length > 0 && !enabled) {
      drafts.push({
        severity: 'error',
        message: `this repository has cgo files (${files.slice(0, 3).map(rel).join(', ')}${files.length > 3 ? ', …' : ''}), but cgo is off here (CGO_ENABLED=0${ccPath ? '' : `; no C compiler: ${cc} not found`})`,
        why: 'Packages that import "C" do not build: "build constraints exclude all Go files" or undefined C symbols.',
        file: rel(files[0]),
        fix: ccPath ? { ...goEnvFix('CGO_ENABLED', '1', env.source('CGO_ENABLED'), ctx.shellTarget), summary: 'turn cgo on' } : installFix,
      });
    } else if (enabled && !ccPath) {
      // go turns cgo off by itself when it finds no C compiler, so it is on here because CGO_ENABLED or CC says so.
      drafts.push({
        severity: 'error',
        message: `cgo is on (CGO_ENABLED=1${env.source('CGO_ENABLED') === 'default' ? '' : `, set ${env.source('CGO_ENABLED') === 'env' ? 'in your environment' : 'with go env -w'}`}), but the C compiler ${cc} (go env CC) is not found`,
        why: 'Every build that needs cgo — including the standard library\'s net and os/user on some systems — fails with "cgo: C compiler not found".',
        fix:
          files.length > 0
            ? installFix
            : {
                summary: `${install.summary}, or, as this repository has no cgo files, set CGO_ENABLED=0`,
                commands: goEnvFix('CGO_ENABLED', '0', env.source('CGO_ENABLED'), ctx.shellTarget).commands,
              },
      });
    }
    if (drafts.length === 0)
      drafts.push({
        severity: 'info',
        message: `cgo ${enabled ? `on (CC ${ccPath ?? cc})` : 'off'}${files.length ? `; ${files.length} cgo file${files.length === 1 ? '' : 's'} here` : ''}`,
      });
    return drafts;
  },
});
