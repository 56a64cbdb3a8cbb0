// Staged .go files are gofmt-clean. gofmt reads the staged blobs (copied to a
// temporary directory under neutral names), never the work tree, and never
// rewrites anything.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineCheck, type Draft } from '../check.js';
import type { Context } from '../context.js';
import { commandsFor } from '../fixes.js';
import { which } from '../tools/which.js';
import { firstLines } from './shared.js';

async function gofmtBinary(ctx: Context): Promise<string | undefined> {
  const goroot = (await ctx.go.env())?.vars.GOROOT;
  const besideGo = goroot ? which('gofmt', { PATH: path.join(goroot, 'bin') }) : undefined;
  return besideGo ?? which('gofmt', ctx.env);
}

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
    const files = ctx.goFiles ?? [];
    const gofmt = await gofmtBinary(ctx);
    if (!gofmt) return [{ severity: 'warning', message: 'gofmt was not found next to go or on PATH: staged Go files were not checked' }];
    const blobs = await ctx.git.indexBlobs(files);
    const tmp = mkdtempSync(path.join(tmpdir(), 'gohooks-gofmt-'));
    try {
      // Neutral names: a staged name with spaces, quotes or newlines never reaches gofmt's output.
      const byTemp = new Map<string, string>();
      [...blobs].forEach(([rel, data], i) => {
        const name = `f${i}.go`;
        writeFileSync(path.join(tmp, name), data);
        byTemp.set(name, rel);
      });
      if (byTemp.size === 0) return [];
      const r = await ctx.runner.run(gofmt, ['-l', '.'], { cwd: tmp, env: ctx.env, timeoutMs: ctx.timeoutMs });
      const drafts: Draft[] = [];
      const unformatted = r.stdout
        .split('\n')
        .map((l) => path.basename(l.trim()))
        .filter((n) => byTemp.has(n));
      for (const name of unformatted) {
        const rel = byTemp.get(name)!;
        drafts.push({
          severity: 'error',
          message: 'not gofmt-formatted (staged version)',
          why: 'Unformatted Go code makes every later diff noisy; most Go CI rejects it.',
          file: rel,
          fix: { summary: 'format the file, then stage it', commands: commandsFor(['gofmt', '-w', rel], ['git', 'add', rel]) },
        });
      }
      for (const m of r.stderr.matchAll(/^(?:\.\/)?(f\d+\.go):(\d+):(?:\d+:)? (.*)$/gm)) {
        const rel = byTemp.get(m[1]);
        if (!rel) continue;
        drafts.push({
          severity: 'error',
          message: `does not parse: ${m[3]}`,
          why: 'The staged file is not valid Go: the package will not build.',
          file: rel,
          line: Number(m[2]),
          fix: { summary: `fix the syntax error, then stage ${rel}` },
        });
      }
      if (r.exitCode !== 0 && drafts.length === 0) {
        drafts.push({ severity: 'error', message: `gofmt failed: ${firstLines(r.stderr || `exit ${r.exitCode}`)}` });
      }
      return drafts;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  },
});
