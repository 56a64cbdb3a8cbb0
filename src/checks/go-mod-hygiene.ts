// go.mod / go.work that only build on one machine, or not at all: replace and
// use directives leaving the repository, and vendor/modules.txt out of step
// with go.mod. (A major-version suffix that disagrees with the version is a
// syntax error the go command reports: go-mod-syntax's.)

import path from 'node:path';
import { defineCheck, EVERY_GIT_HOOK_AND_VERIFY } from '../check.js';
import type { Context } from '../context.js';
import { commandsFor, goArgv } from '../fixes.js';
import { compareGoVersions } from '../gomod/goversion.js';
import { parseModulesTxt, vendorInconsistencies } from '../gomod/vendor.js';
import { relJoin } from '../source.js';
import type { GoEnv } from '../tools/go.js';
import type { Draft, GoModule } from '../types.js';
import { parses, perModule } from './shared/modules.js';

const ID = 'go-mod-hygiene';

/** Where a directory path written in go.mod / go.work points, or why it is machine-specific. */
export function outsideRepo(root: string, fileDir: string, target: string): string | undefined {
  const t = target.replace(/\\/g, '/');
  if (t.startsWith('/') || /^[A-Za-z]:/.test(t)) return 'is an absolute path';
  const abs = path.resolve(fileDir, t);
  const rel = path.relative(root, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return 'points outside the repository';
  return undefined;
}

function localPathDrafts(
  root: string,
  allowPaths: string[],
  file: string,
  fileDir: string,
  entries: { target: string; line: number; what: string }[],
): Draft[] {
  const drafts: Draft[] = [];
  for (const e of entries) {
    const problem = outsideRepo(root, fileDir, e.target);
    if (!problem || allowPaths.includes(e.target)) continue;
    drafts.push({
      severity: 'warning',
      message: `${e.what} "${e.target}" ${problem}`,
      why: 'The build works on this machine only: a clean clone or CI fails with "no such file or directory" or builds different code.',
      file,
      line: e.line,
      fix: {
        summary: `require a published version instead (or list "${e.target}" in checks.${ID}.options.allowPaths when every checkout has it)`,
      },
    });
  }
  return drafts;
}

async function vendorDrafts(ctx: Context, goEnv: GoEnv | undefined, m: GoModule): Promise<Draft[]> {
  const vendorDir = relJoin(m.rel, 'vendor');
  if (!(await ctx.source.isDir(vendorDir))) return [];
  // Before go 1.14 the go command does not use vendor/ unless asked to.
  const goLine = m.mod.go?.version ?? '1.16';
  const goflags = goEnv?.vars.GOFLAGS ?? ctx.env.GOFLAGS ?? '';
  const vendorMode = compareGoVersions(goLine, '1.14') >= 0 || /-mod=vendor/.test(goflags);
  if (!vendorMode) return [];
  const txtFile = relJoin(vendorDir, 'modules.txt');
  const txt = await ctx.source.read(txtFile);
  const problems = vendorInconsistencies(m.mod, parseModulesTxt(txt ?? ''));
  if (problems.length === 0) return [];
  const shown = problems.slice(0, 5);
  const more = problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '';
  return [
    {
      severity: 'error',
      message: `inconsistent vendoring in ${m.rel === '.' ? 'the module root' : m.rel}${txt === undefined ? ` (${txtFile} is missing)` : ''}:\n  ${shown.join('\n  ')}${more}`,
      why: 'Every go build in this module fails with "inconsistent vendoring" until vendor/ matches go.mod.',
      file: txt === undefined ? m.modFile : txtFile,
      line: 1,
      fix: {
        summary: 'sync the vendor directory with go.mod, then stage it',
        commands: commandsFor(goArgv(m.rel, 'mod', 'vendor'), ['git', 'add', '-A', vendorDir]),
      },
    },
  ];
}

export default defineCheck({
  id: ID,
  title: 'go.mod builds everywhere',
  hooks: EVERY_GIT_HOOK_AND_VERIFY,
  docs:
    'Offline. Warns about replace directives (and go.work use / replace) that point outside the repository or use an ' +
    'absolute path: the build then works on one machine only. ' +
    "When vendor/ exists, vendor/modules.txt must agree with go.mod, as the go command's " +
    '"inconsistent vendoring" check demands. Option allowPaths: replacement paths accepted although outside the repo.',
  goEnv: 'optional',
  options: { allowPaths: { type: 'string[]', default: [], description: 'directory replacements (as written) that every checkout has' } },
  appliesTo: (ctx) => ctx.modules.length > 0,
  run: async (ctx, { goEnv, options }) => {
    const drafts = await perModule(ctx, async (m) => [
      ...localPathDrafts(
        ctx.root,
        options.allowPaths,
        m.modFile,
        m.dir,
        m.mod.replace.filter((r) => r.local).map((r) => ({ target: r.new.path, line: r.line, what: `replace ${r.old.path} =>` })),
      ),
      ...(await vendorDrafts(ctx, goEnv, m)),
    ]);
    for (const ws of ctx.workspaces) {
      if (!ws.members.some(parses)) continue;
      drafts.push(
        ...localPathDrafts(ctx.root, options.allowPaths, ws.file, ws.dir, [
          ...ws.work.use.map((u) => ({ target: u.path, line: u.line, what: 'use' })),
          ...ws.work.replace.filter((r) => r.local).map((r) => ({ target: r.new.path, line: r.line, what: `replace ${r.old.path} =>` })),
        ]),
      );
    }
    return drafts;
  },
});
