// GOPROXY, GOSUMDB and GONOSUMCHECK as the go command reads them: broken
// values (errors, always) and downgrades (warnings, when asked). Shared by
// goprivate (verify and the hooks) and env-proxy (doctor); not a check.

import type { Context } from '../../context.js';
import { DEFAULT_GOPROXY, DEFAULT_GOSUMDB, parseGoproxy, parseGosumdb } from '../../gomod/goproxy.js';
import { goEnvFix } from '../../shellfix.js';
import type { GoEnv } from '../../tools/go.js';
import type { Draft } from '../../types.js';

export function proxyDrafts(ctx: Context, env: GoEnv, downgrades: boolean): Draft[] {
  const v = env.vars;
  const drafts: Draft[] = [];
  const fix = (key: string, value: string) => goEnvFix(key, value, env.source(key), ctx.shellTarget);
  const proxy = parseGoproxy(v.GOPROXY || DEFAULT_GOPROXY);
  for (const p of proxy.problems)
    drafts.push({
      severity: 'error',
      message: `GOPROXY: ${p}`,
      why: 'Every go command that downloads fails.',
      fix: fix('GOPROXY', DEFAULT_GOPROXY),
    });
  const sumdb = parseGosumdb(v.GOSUMDB || DEFAULT_GOSUMDB);
  if (sumdb.problem)
    drafts.push({
      severity: 'error',
      message: `GOSUMDB: ${sumdb.problem}`,
      why: 'Every download that needs the checksum database fails.',
      fix: fix('GOSUMDB', DEFAULT_GOSUMDB),
    });
  if (!downgrades) return drafts;
  if (sumdb.off)
    drafts.push({
      severity: 'warning',
      message: 'GOSUMDB=off: downloads are not checked against a checksum database',
      why: 'A tampered module is accepted silently on a clean machine.',
      fix: fix('GOSUMDB', DEFAULT_GOSUMDB),
    });
  if (proxy.entries.length === 1 && proxy.entries[0].url === 'direct') {
    drafts.push({
      severity: 'warning',
      message: 'GOPROXY=direct: every module is fetched from its origin',
      why: 'No proxy cache: slower builds, and modules whose origin disappears stop building.',
      fix: fix('GOPROXY', DEFAULT_GOPROXY),
    });
  }
  if (ctx.env.GONOSUMCHECK !== undefined || 'GONOSUMCHECK' in env.goenvFile) {
    drafts.push({
      severity: 'warning',
      message: 'GONOSUMCHECK is set, but the go command never reads it',
      why: 'Whatever it was meant to exclude is still checked (or leaking): the variable is GONOSUMDB.',
      fix: { summary: 'remove GONOSUMCHECK; use GONOSUMDB (or GOPRIVATE)' },
    });
  }
  return drafts;
}
