// env-go: go on PATH and runnable; every go on PATH in order; the version and
// whether it is still supported upstream (an offline table, dated).

import { defineCheck } from '../check.js';
import type { Draft } from '../types.js';
import { goInstall, goSupport, RELEASES_AS_OF } from '../doctor/facts.js';
import { sameInEveryShell } from '../fixes.js';
import { parseGoVersionOutput } from '../gomod/goversion.js';

export default defineCheck({
  id: 'env-go',
  title: 'Go',
  hooks: ['doctor'],
  docs:
    'Finds every go on PATH, in order, and runs each: a go that does not run is an error, a different version shadowed by ' +
    'an earlier one is a warning naming both paths. Reports the version and whether it is still supported upstream, from ' +
    'a release table shipped with gohooks (dated; the check is offline).',
  run: async (ctx) => {
    const platform = ctx.shellTarget.platform;
    const found = ctx.host.whichAll('go');
    if (found.length === 0) {
      const i = goInstall(platform);
      return [
        {
          severity: 'error',
          message: 'go was not found on PATH',
          why: 'Nothing Go builds here.',
          fix: {
            summary: i.summary,
            commands: i.command ? sameInEveryShell(i.command) : undefined,
          },
        },
      ];
    }
    const versions = await Promise.all(
      found.map(async (bin) => {
        const r = await ctx.processes.run(bin, ['version'], {
          cwd: ctx.root,
          env: { ...ctx.env, GOTOOLCHAIN: 'local' },
          timeoutMs: 10_000,
        });
        return { bin, version: r.exitCode === 0 ? parseGoVersionOutput(r.stdout) : undefined, error: r.stderr.trim().split('\n')[0] };
      }),
    );
    const drafts: Draft[] = [];
    const [first, ...rest] = versions;
    if (!first.version) {
      return [
        {
          severity: 'error',
          message: `${first.bin} does not run: ${first.error || 'no version printed'}`,
          why: 'Every go command fails.',
          fix: { summary: `reinstall Go (${goInstall(platform).summary})` },
        },
      ];
    }
    for (const other of rest) {
      if (other.version && other.version !== first.version) {
        drafts.push({
          severity: 'warning',
          message: `${other.bin} (go ${other.version}) is shadowed by ${first.bin} (go ${first.version}), earlier on PATH`,
          why: 'Tools and shells that order PATH differently (IDEs, GUI git clients, CI) run a different Go.',
          fix: { summary: `remove the Go you do not use, or put the one you want first on PATH` },
        });
      }
    }
    const s = goSupport(first.version);
    const asOf = `as of ${RELEASES_AS_OF}`;
    if (s.kind === 'unsupported') {
      drafts.push({
        severity: 'warning',
        message: `go ${first.version} at ${first.bin} is no longer supported upstream (supported: ${s.supported.join(', ')}, ${asOf})`,
        why: 'It gets no security fixes any more.',
        fix: { summary: `install Go ${s.supported[0]} (${goInstall(platform).summary})` },
      });
    } else {
      const note =
        s.kind === 'current'
          ? 'supported, latest patch'
          : s.kind === 'patch-behind'
            ? `supported; ${s.latest} has newer fixes`
            : 'newer than gohooks knows';
      drafts.push({ severity: 'info', message: `go ${first.version} at ${first.bin} (${note}, ${asOf})` });
    }
    return drafts;
  },
});
