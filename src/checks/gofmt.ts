// Staged .go files are gofmt-clean. gofmt reads the staged blobs, never the
// work tree, and never rewrites anything. Like the go command, it leaves
// vendor/, testdata/ and directories starting with . or _ alone: that code is
// not the repository's own, or is not Go source to build.

import { defineCheck } from '../check.js';
import { commandsFor } from '../fixes.js';
import type { Draft } from '../types.js';
import { globToRegExp } from './shared/globs.js';
import { firstLines, shortList } from './shared/text.js';

/** A path the go command ignores or that is not the repository's own code: vendor/, testdata/, names starting with . or _. */
export function outsideOwnSources(rel: string): boolean {
  return rel.split('/').some((seg) => seg === 'vendor' || seg === 'testdata' || /^[._]/.test(seg));
}

export default defineCheck({
  id: 'gofmt',
  title: 'staged Go files are gofmt-formatted',
  hooks: ['pre-commit', 'pre-merge-commit'],
  needsGo: true,
  options: {
    exclude: {
      type: 'string[]',
      default: [],
      description: 'repo-relative globs of .go files not to check (** crosses directories), e.g. "gen/**"',
    },
  },
  docs:
    'In pre-commit, runs gofmt -l on the staged version of every staged .go file (not the work tree), except vendor/, ' +
    'testdata/ and directories starting with . or _, as the go command does, and paths the exclude option lists. A file ' +
    'gofmt would change, or that does not parse, is reported with the gofmt -w command; gohooks never rewrites it.',
  appliesTo: (ctx) => (ctx.goFiles?.length ?? 0) > 0,
  run: async (ctx, { options }) => {
    const excluded = options.exclude.map(globToRegExp);
    const files = (ctx.goFiles ?? []).filter((f) => !outsideOwnSources(f) && !excluded.some((re) => re.test(f)));
    if (files.length === 0) return [];
    const r = await ctx.go.gofmt(await ctx.git.indexBlobs(files));
    if (!r) return [{ severity: 'warning', notChecked: true, message: 'staged Go files: gofmt was not found next to go or on PATH' }];
    const drafts: Draft[] = [];
    const unformatted = r.unformatted;
    if (unformatted.length > 0) {
      // One finding (and one command) for all of them: fifty identical fix blocks help nobody.
      drafts.push({
        severity: 'error',
        message:
          unformatted.length === 1
            ? 'not gofmt-formatted (staged version)'
            : `${unformatted.length} staged files are not gofmt-formatted: ${shortList(unformatted)}`,
        why: 'Unformatted Go code makes every later diff noisy; most Go CI rejects it.',
        file: unformatted[0],
        fix: {
          summary: unformatted.length === 1 ? 'format the file, then stage it' : 'format the files, then stage them',
          commands: commandsFor(['gofmt', '-w', ...unformatted], ['git', 'add', '--', ...unformatted]),
        },
      });
    }
    for (const e of r.syntaxErrors) {
      drafts.push({
        severity: 'error',
        message: `does not parse: ${e.message}`,
        why: 'The staged file is not valid Go: the package will not build.',
        file: e.file,
        line: e.line,
        fix: { summary: `fix the syntax error, then stage ${e.file}` },
      });
    }
    if (r.exitCode !== 0 && drafts.length === 0) {
      drafts.push({ severity: 'error', message: `gofmt failed: ${firstLines(r.stderr || `exit ${r.exitCode}`)}` });
    }
    return drafts;
  },
});
