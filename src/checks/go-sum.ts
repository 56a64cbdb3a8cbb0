// go.sum holds what the build needs, once, and parses. Offline, no go process.

import path from 'node:path';
import { defineCheck, EVERY_GIT_HOOK_AND_VERIFY } from '../check.js';
import type { Draft } from '../types.js';
import type { GoModule } from '../types.js';
import type { Context } from '../context.js';
import { commandsFor, goArgv, perShell, quoteArg } from '../fixes.js';
import { findSum, parseGoSum, type GoSum, type SumProblem } from '../gomod/gosum.js';
import { sumTarget } from '../gomod/graphdiff.js';
import { perModule } from './shared/modules.js';

const MISSING_WHY = 'go build fails with "missing go.sum entry" in every clean checkout, whatever the module cache holds.';

function tidyFix(m: GoModule) {
  return {
    summary: 'let the go command rewrite go.sum, then stage it',
    commands: commandsFor(goArgv(m.rel, 'mod', 'tidy'), ['git', 'add', m.sumFile]),
  };
}

/** Keep both sides of a go.sum conflict (drop only the marker lines); tidy then removes what is unused. */
function conflictFix(file: string, repair: Repair) {
  const markers = '^(<<<<<<<|=======|>>>>>>>|[|]{7})';
  return {
    summary: `keep the lines of both sides (delete only the marker lines)${repair.tidy ? ', let go mod tidy drop what is not needed' : ''}, then stage the result`,
    commands: perShell((q, shell) => {
      const f = q(file);
      const tmp = q(`${file}.tmp`);
      // tidy may touch go.mod too: stage both, so the commit holds what was checked.
      const after = [repair.tidy?.map(q).join(' '), ['git', 'add', ...repair.stage].map(q).join(' ')].filter(Boolean);
      switch (shell) {
        case 'powershell':
          return [`@(Get-Content ${f}) -notmatch '${markers}' | Set-Content ${f}`, ...after].join('; ');
        case 'cmd':
          return [
            `findstr /V /R /C:"^<<<<<<<" /C:"^=======" /C:"^>>>>>>>" /C:"^|||||||" ${f} > ${tmp}`,
            `move /Y ${tmp} ${f}`,
            ...after,
          ].join(' && ');
        default:
          return [`grep -Ev '${markers}' ${f} > ${tmp}`, `mv ${tmp} ${f}`, ...after].join(' && ');
      }
    }),
  };
}

/**
 * Delete every line go cannot read (not blank, not three fields), then let tidy write back what is needed.
 * go mod tidy alone is no fix: it skips such a line, and when nothing else changes it leaves go.sum as it was.
 * awk's fields (runs of blanks) are strings.Fields' for ASCII; PowerShell's \s is Unicode white space, like go's.
 */
function malformedFix(file: string, repair: Repair) {
  return {
    summary: `delete the lines that do not have three fields${repair.tidy ? ', let go mod tidy write back what is needed' : ''}, then stage the result`,
    commands: perShell((q, shell) => {
      const f = q(file);
      const after = [repair.tidy?.map(q).join(' '), ['git', 'add', ...repair.stage].map(q).join(' ')].filter(Boolean);
      const ps = `@(Get-Content ${quoteArg(file, 'powershell')}) -match '^\\s*(\\S+\\s+\\S+\\s+\\S+)?\\s*$' | Set-Content ${quoteArg(file, 'powershell')}`;
      switch (shell) {
        case 'powershell':
          return [ps, ...after].join('; ');
        case 'cmd':
          return [`powershell -NoProfile -Command "${ps}"`, ...after].join(' && ');
        default:
          return [`awk 'NF == 0 || NF == 3' ${f} > ${q(`${file}.tmp`)}`, `mv ${q(`${file}.tmp`)} ${f}`, ...after].join(' && ');
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

interface Repair {
  /** The command that rewrites the file after the bad lines are gone (go mod tidy; none for go.work.sum). */
  tidy?: string[];
  /** What to stage afterwards. */
  stage: string[];
}

/** What the go command does with each kind of bad line, in go.sum or go.work.sum. */
function problemDrafts(file: string, problems: SumProblem[], repair: Repair): Draft[] {
  return problems.map((p) => {
    const where = { file, line: p.line };
    if (p.kind === 'conflicting-hash') {
      return {
        severity: 'error',
        message: p.message,
        why: 'The go command stops with "checksum mismatch … SECURITY ERROR"; this is usually a bad merge.',
        ...where,
        fix: {
          summary:
            'delete both lines for that module version, then let go fetch the hash again and check it against the checksum database (never keep a hash you cannot explain)',
          commands: repair.tidy ? commandsFor(repair.tidy) : undefined,
        },
      };
    }
    if (p.kind === 'conflict-marker') {
      return {
        severity: 'error',
        message: p.message,
        why: p.fatal
          ? `A merge left ${file} half-resolved; every go command fails with "malformed go.sum".`
          : `A merge left ${file} half-resolved; go reads the marker as a line for a module of that name.`,
        ...where,
        fix: conflictFix(file, repair),
      };
    }
    if (p.kind === 'bad-hash') {
      return {
        severity: 'error',
        message: p.message,
        why: 'go keeps the line, so every build that needs this module stops with "checksum mismatch".',
        ...where,
        fix: {
          summary: `remove line ${p.line} of ${file}${repair.tidy ? ', then run go mod tidy' : ''}`,
          commands: repair.tidy ? commandsFor(repair.tidy) : undefined,
        },
      };
    }
    // What is left is a line without three fields: go refuses the whole file for it (modfetch readGoSum), always.
    return {
      severity: 'error',
      message: p.message,
      why: `Every go command that reads ${file} fails with "malformed go.sum".`,
      ...where,
      fix: malformedFix(file, repair),
    };
  });
}

/** go.work.sum of each workspace (the go command reads it in workspace mode), like go.sum without tidy. */
export async function workSumDrafts(ctx: Context): Promise<Draft[]> {
  const drafts: Draft[] = [];
  for (const ws of ctx.workspaces) {
    if (path.isAbsolute(ws.file)) continue; // a go.work outside the repository
    const file = `${ws.file}.sum`;
    const text = await ctx.source.read(file);
    if (text === undefined) continue;
    drafts.push(...problemDrafts(file, parseGoSum(text).problems, { stage: [file] }));
  }
  return drafts;
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

  drafts.push(...problemDrafts(m.sumFile, sum.problems, { tidy: goArgv(m.rel, 'mod', 'tidy'), stage: [m.modFile, m.sumFile] }));

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
  run: async (ctx) => [
    ...(await workSumDrafts(ctx)),
    ...(await perModule(ctx, async (m) => {
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
    })),
  ],
});
