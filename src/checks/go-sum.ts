// go.sum holds what the build needs, once, and parses. Offline, no go process.

import { defineCheck, EVERY_GIT_HOOK_AND_VERIFY } from '../check.js';
import type { Draft } from '../types.js';
import type { GoModule } from '../types.js';
import { commandsFor, goArgv, perShell } from '../fixes.js';
import { findSum, parseGoSum, type GoSum } from '../gomod/gosum.js';
import { sumTarget } from '../gomod/graphdiff.js';
import { perModule } from './shared/modules.js';

const MISSING_WHY = 'The build fails with "missing go.sum entry" on every machine that builds from a clean module cache.';

function tidyFix(m: GoModule) {
  return {
    summary: 'let the go command rewrite go.sum, then stage it',
    commands: commandsFor(goArgv(m.rel, 'mod', 'tidy'), ['git', 'add', m.sumFile]),
  };
}

/** Keep both sides of a go.sum conflict (drop only the marker lines); tidy then removes what is unused. */
function conflictFix(m: GoModule) {
  const markers = '^(<<<<<<<|=======|>>>>>>>|[|]{7})';
  return {
    summary: 'keep the lines of both sides (delete only the marker lines), let go mod tidy drop what is not needed, then stage the result',
    commands: perShell((q, shell) => {
      const f = q(m.sumFile);
      const tmp = q(`${m.sumFile}.tmp`);
      const tidy = goArgv(m.rel, 'mod', 'tidy').map(q).join(' ');
      // tidy may touch go.mod too: stage both, so the commit holds what was checked.
      const stage = ['git', 'add', m.modFile, m.sumFile].map(q).join(' ');
      switch (shell) {
        case 'powershell':
          return `(Get-Content ${f}) -notmatch '${markers}' | Set-Content ${f}; ${tidy}; ${stage}`;
        case 'cmd':
          return `findstr /V /R /C:"^<<<<<<<" /C:"^=======" /C:"^>>>>>>>" /C:"^|||||||" ${f} > ${tmp} && move /Y ${tmp} ${f} && ${tidy} && ${stage}`;
        default:
          return `grep -Ev '${markers}' ${f} > ${tmp} && mv ${tmp} ${f} && ${tidy} && ${stage}`;
      }
    }),
  };
}

function crlfFix() {
  return {
    summary: 'tell git to keep go.mod and go.sum as LF everywhere, then renormalise',
    commands: perShell((_q, shell) => {
      switch (shell) {
        case 'powershell':
          return "Add-Content .gitattributes 'go.mod text eol=lf','go.sum text eol=lf'; git add --renormalize .";
        case 'cmd':
          return '(echo go.mod text eol=lf& echo go.sum text eol=lf)>> .gitattributes && git add --renormalize .';
        default:
          return "printf '%s\\n' 'go.mod text eol=lf' 'go.sum text eol=lf' >> .gitattributes && git add --renormalize .";
      }
    }),
  };
}

export function checkGoSum(m: GoModule, sum: GoSum | undefined): Draft[] {
  const drafts: Draft[] = [];
  const needs = m.mod.require.map((r) => ({ r, target: sumTarget(m.mod, r) })).filter((x) => x.target !== undefined);
  if (!sum) {
    if (needs.length > 0) {
      drafts.push({
        severity: 'error',
        message: `${m.sumFile} is missing, but go.mod requires ${needs.length} module${needs.length === 1 ? '' : 's'}`,
        why: MISSING_WHY,
        file: m.modFile,
        line: needs[0].r.line,
        fix: tidyFix(m),
      });
    }
    return drafts;
  }

  for (const p of sum.problems) {
    if (p.kind === 'conflicting-hash') {
      drafts.push({
        severity: 'error',
        message: p.message,
        why: 'The go command stops with "checksum mismatch … SECURITY ERROR"; this is usually a bad merge of go.sum.',
        file: m.sumFile,
        line: p.line,
        fix: {
          summary:
            'delete both lines for that module version, then let go fetch the hash again and check it against the checksum database (never keep a hash you cannot explain)',
          commands: commandsFor(goArgv(m.rel, 'mod', 'tidy')),
        },
      });
    } else {
      const conflict = p.kind === 'conflict-marker';
      drafts.push({
        severity: 'error',
        message: p.message,
        why: conflict
          ? 'A merge left go.sum half-resolved; every go command fails with "malformed go.sum".'
          : 'Every go command in this module fails with "malformed go.sum".',
        file: m.sumFile,
        line: p.line,
        fix: conflict
          ? conflictFix(m)
          : { summary: `remove line ${p.line} of ${m.sumFile}, then run go mod tidy`, commands: commandsFor(goArgv(m.rel, 'mod', 'tidy')) },
      });
    }
  }

  for (const { r, target } of needs) {
    const t = target!;
    const hasZip = findSum(sum, t.path, t.version, false) !== undefined;
    const hasMod = findSum(sum, t.path, t.version, true) !== undefined;
    if (hasZip && hasMod) continue;
    const what = !hasZip && !hasMod ? 'no entry' : !hasMod ? 'no /go.mod entry' : 'no module (zip) entry';
    const replaced = t.path !== r.path || t.version !== r.version ? `, replaced by ${t.path} ${t.version}` : '';
    drafts.push({
      severity: 'error',
      message: `${m.sumFile} has ${what} for ${t.path} ${t.version} (required in ${m.modFile}:${r.line}${replaced})`,
      why: MISSING_WHY,
      file: m.modFile,
      line: r.line,
      module: `${t.path}@${t.version}`,
      fix: tidyFix(m),
    });
  }

  if (sum.crlf) {
    drafts.push({
      severity: 'warning',
      message: `${m.sumFile} has CRLF line endings`,
      why: 'The go command rewrites go.sum with LF, so every go command that touches it turns the whole file into a diff.',
      file: m.sumFile,
      line: 1,
      fix: crlfFix(),
    });
  }
  return drafts;
}

export default defineCheck({
  id: 'go-sum',
  title: 'go.sum matches go.mod',
  hooks: EVERY_GIT_HOOK_AND_VERIFY,
  docs:
    'Reads go.mod and go.sum (the staged versions in pre-commit) without running go: every requirement, direct and ' +
    "// indirect, needs its module line and its /go.mod line (for a replaced version, the replacement's); no module " +
    'version may have two different hashes (a bad merge); no conflict markers or malformed lines; CRLF endings are a ' +
    'warning. Extra lines for versions go.mod does not list are normal in a tidy go.sum and are not reported: finding ' +
    "stale lines is go-mod-tidy's job.",
  appliesTo: (ctx) => ctx.modules.length > 0,
  run: (ctx) =>
    perModule(ctx, async (m) => {
      const drafts = checkGoSum(m, (await ctx.goSum(m))?.sum);
      if (!drafts.some((d) => d.severity === 'error')) return drafts;
      // In pre-commit, the usual cause: go.sum was updated in the work tree but not staged.
      const work = await ctx.source.unstagedText?.(m.sumFile);
      if (work !== undefined && !checkGoSum(m, parseGoSum(work)).some((d) => d.severity === 'error')) {
        for (const d of drafts.filter((x) => x.severity === 'error')) {
          d.message += ` — the work-tree ${m.sumFile} has it, but is not staged`;
          d.fix = { summary: `stage go.sum together with go.mod`, commands: commandsFor(['git', 'add', m.sumFile]) };
        }
      }
      return drafts;
    }),
});
