// env-proxy: GOPROXY, GOSUMDB and GONOSUMCHECK, judged by the same code as goprivate.

import { defineCheck } from '../check.js';
import { DEFAULT_GOPROXY, DEFAULT_GOSUMDB, parseGoproxy, parseGosumdb } from '../gomod/goproxy.js';
import { proxyDrafts } from './shared/proxy-settings.js';

export default defineCheck({
  id: 'env-proxy',
  title: 'module proxy and checksum database',
  hooks: ['doctor'],
  goEnv: 'required',
  docs: 'GOPROXY and GOSUMDB must parse the way the go command reads them (a bare word in GOPROXY, GOSUMDB with too many fields are errors); GOSUMDB=off, GOPROXY=direct and GONOSUMCHECK (which go never reads) are warnings. The same rules as the goprivate check.',
  run: async (ctx, { goEnv: env }) => {
    const drafts = proxyDrafts(ctx, env, true);
    if (drafts.length === 0) {
      const proxies = parseGoproxy(env.vars.GOPROXY || DEFAULT_GOPROXY)
        .entries.map((e) => e.url)
        .join(', ');
      const sumdb = parseGosumdb(env.vars.GOSUMDB || DEFAULT_GOSUMDB);
      drafts.push({ severity: 'info', message: `GOPROXY ${proxies}; GOSUMDB ${sumdb.off ? 'off' : sumdb.name}` });
    }
    return drafts;
  },
});
