// `go mod tidy -diff` (Go ≥ 1.23), offline: go.mod and go.sum are what tidy
// would write. It writes nothing. "Not tidy" is told apart from "could not run
// offline" and from "cannot tidy standalone" in a workspace.

import { defineCheck } from '../check.js';
import type { Draft } from '../types.js';
import type { Context } from '../context.js';
import type { GoModule } from '../types.js';
import { commandsFor, goArgv } from '../fixes.js';
import { compareGoVersions } from '../gomod/goversion.js';
import type { ExecResult } from '../tools/exec.js';
import { perModule } from './shared/modules.js';
import { firstLines } from './shared/text.js';
import { timeoutDraft } from '../messages.js';

const ID = 'go-mod-tidy';

export interface FileDiff {
  file: 'go.mod' | 'go.sum';
  lines: string[];
  added: number;
  removed: number;
}

/** Splits tidy -diff output ("diff current/go.mod tidy/go.mod" sections) per file. */
export function parseTidyDiff(stdout: string): FileDiff[] {
  const out: FileDiff[] = [];
  let cur: FileDiff | undefined;
  for (const line of stdout.split('\n')) {
    const head = /^diff current\/(go\.mod|go\.sum) tidy\//.exec(line) ?? /^--- current\/(go\.mod|go\.sum)$/.exec(line);
    if (head && (!cur || cur.file !== head[1] || line.startsWith('diff '))) {
      cur = { file: head[1] as FileDiff['file'], lines: [], added: 0, removed: 0 };
      out.push(cur);
      if (line.startsWith('diff ')) continue;
    }
    if (!cur || /^(--- current\/|\+\+\+ tidy\/)/.test(line)) continue;
    if (line.startsWith('+')) cur.added++;
    else if (line.startsWith('-')) cur.removed++;
    cur.lines.push(line);
  }
  return out.filter((d) => d.added + d.removed > 0);
}

function shorten(d: FileDiff, max: number): string {
  const changed = d.lines.filter((l) => l.startsWith('+') || l.startsWith('-') || l.startsWith('@@'));
  const shown = changed.slice(0, max);
  const rest = changed.length - shown.length;
  return shown.map((l) => `    ${l}`).join('\n') + (rest > 0 ? `\n    … ${rest} more lines (run the fix command to see them all)` : '');
}

const withoutProgress = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => !/^go: (downloading|finding|extracting) /.test(l))
    .join('\n');

const OFFLINE =
  /module lookup disabled by GOPROXY=off|cannot find module providing package|missing go\.sum entry|no required module provides package/;

export function tidyDrafts(ctx: Context, m: GoModule, r: ExecResult, maxLines: number): Draft[] {
  const file = m.modFile;
  const tidy = commandsFor(goArgv(m.rel, 'mod', 'tidy'), ['git', 'add', m.modFile, m.sumFile]);
  if (r.timedOut) return [{ ...timeoutDraft('go mod tidy -diff', ctx.timeoutMs), file }];
  if (r.exitCode === 0) return [];
  const diffs = parseTidyDiff(r.stdout);
  if (diffs.length > 0) {
    return diffs.map((d) => ({
      severity: 'error',
      message: `not tidy: go mod tidy would add ${d.added} and remove ${d.removed} lines\n${shorten(d, maxLines)}`,
      why: "Someone else's go build or go mod tidy will change it, and CI that checks tidiness fails.",
      file: d.file === 'go.mod' ? m.modFile : m.sumFile,
      fix: { summary: 'let the go command tidy the module, then stage both files', commands: tidy },
    }));
  }
  if (/errors parsing go\.(mod|work)|malformed go\.sum/.test(r.stderr)) return []; // go-mod-syntax / go-sum report these
  if (/requires go >= /.test(r.stderr)) {
    return [
      { severity: 'info', notChecked: true, message: `${firstLines(r.stderr, 1).replace(/^go: /, '')} (see the toolchain check)`, file },
    ];
  }
  if (OFFLINE.test(r.stderr)) {
    const siblings = ctx.modules.filter((x) => x !== m && x.path !== '' && r.stderr.includes(x.path));
    if (m.workspace && siblings.length > 0) {
      return [
        {
          severity: 'warning',
          message: `cannot tidy ${m.rel} standalone: it needs ${siblings.map((s) => s.path).join(', ')} from the workspace, and go mod tidy ignores go.work`,
          why: 'go mod tidy resolves every requirement from the module proxy, where these workspace modules are not published (golang/go#50750).',
          file,
          fix: { summary: 'add replace directives for the workspace modules to go.mod, or skip this check for the module' },
        },
      ];
    }
    const missing = [...new Set([...r.stderr.matchAll(/(\S+?):? module lookup disabled by GOPROXY=off/g)].map((x) => x[1]))];
    const detail =
      missing.length > 0 ? `${missing.join(', ')} not in the module cache` : firstLines(withoutProgress(r.stderr), 2).replace(/^go: /, '');
    return [
      {
        severity: 'warning',
        notChecked: true,
        message: `tidiness offline: ${detail}`,
        why: 'go mod tidy -diff runs with GOPROXY=off and needs every module of the graph in the module cache.',
        file,
        fix: { summary: 'download the modules, then check again', commands: commandsFor(goArgv(m.rel, 'mod', 'download')) },
      },
    ];
  }
  return [
    {
      severity: 'error',
      message: `go mod tidy -diff failed: ${firstLines(withoutProgress(r.stderr) || `exit ${r.exitCode}`)}`,
      file,
      fix: { summary: 'run it by hand to see the whole error', commands: commandsFor(goArgv(m.rel, 'mod', 'tidy', '-diff')) },
    },
  ];
}

export default defineCheck({
  id: ID,
  title: 'go.mod and go.sum are tidy',
  hooks: ['pre-push', 'verify'],
  needsGo: true,
  goEnv: 'optional',
  options: { maxDiffLines: { type: 'number', default: 20, description: 'diff lines shown per file' } },
  docs:
    'Runs `go mod tidy -diff` (Go 1.23 or newer; it writes nothing) offline in each module and reports the diff for ' +
    'go.mod and go.sum. A module graph missing from the module cache is a warning that says to run go mod download, ' +
    'not an error; a workspace module that needs its siblings (tidy ignores go.work) is reported as "cannot tidy ' +
    'standalone". With an older Go the check is skipped with an info line.',
  appliesTo: (ctx) => ctx.modules.length > 0,
  run: async (ctx, { goEnv, options }) => {
    if (goEnv && compareGoVersions(goEnv.version, '1.23') < 0) {
      return [{ severity: 'info', notChecked: true, message: `go mod tidy -diff needs Go 1.23 or newer (this is go ${goEnv.version})` }];
    }
    const maxLines = options.maxDiffLines;
    return perModule(ctx, async (m) => {
      const where = await ctx.source.goDir(m);
      if (!where.sameAsWorkTree && ctx.source.kind === 'index') {
        // A copy of the staged go.mod/go.sum has no sources to tidy against.
        return [
          {
            severity: 'info',
            notChecked: true,
            message: `the staged go.mod/go.sum differ from the work tree, and tidiness needs the sources`,
            file: m.modFile,
          },
        ];
      }
      // tidy ignores go.work anyway; GOWORK=off makes that explicit and stable across Go versions.
      const r = await ctx.go.run(['mod', 'tidy', '-diff'], { cwd: where.dir, env: { ...where.env, GOWORK: 'off' } });
      return tidyDrafts(ctx, m, r, maxLines);
    });
  },
});
