// Staged .go files are gofmt-clean. gofmt reads the staged blobs, never the
// work tree, and never rewrites anything.

import { defineCheck } from '../check.js';
import { commandsFor } from '../fixes.js';
import type { Draft } from '../types.js';
import { firstLines } from './shared/text.js';

export default defineCheck({
  id: 'gofmt',
  title: 'staged Go files are gofmt-formatted',
  hooks: ['pre-commit', 'pre-merge-commit'],
  needsGo: true,
  docs:
    'In pre-commit, runs gofmt -l on the staged version of every staged .go file (not the work tree, so a ' +
    'half-staged file is judged by what is committed, and CRLF work-tree copies on Windows do not matter). A file ' +
    'gofmt would change, or that does not parse, is reported with the gofmt -w command; gohooks never rewrites it.',
  appliesTo: (ctx) => (ctx.goFiles?.length ?? 0) > 0,
  run: async (ctx) => {
    const blobs = await ctx.git.indexBlobs(ctx.goFiles ?? []);
    const r = await ctx.go.gofmt(blobs);
    if (!r) return [{ severity: 'warning', notChecked: true, message: 'staged Go files: gofmt was not found next to go or on PATH' }];
    const drafts: Draft[] = r.unformatted.map((rel) => ({
      severity: 'error',
      message: 'not gofmt-formatted (staged version)',
      why: 'Unformatted Go code makes every later diff noisy; most Go CI rejects it.',
      file: rel,
      fix: { summary: 'format the file, then stage it', commands: commandsFor(['gofmt', '-w', rel], ['git', 'add', rel]) },
    }));
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
