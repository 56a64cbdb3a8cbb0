// env-cache: GOCACHE and GOMODCACHE exist (or can be created) and are writable.

import { defineCheck } from '../check.js';
import { goEnvFix } from '../shellfix.js';
import type { Draft } from '../types.js';

export default defineCheck({
  id: 'env-cache',
  title: 'build and module caches',
  hooks: ['doctor'],
  goEnv: 'required',
  options: {
    sizes: {
      type: 'boolean',
      default: false,
      description: 'also report the cache sizes (walks every file: slow on big caches); gohooks doctor --sizes',
    },
  },
  docs: 'GOCACHE and GOMODCACHE must exist or be creatable, and be writable; GOCACHE=off is an error (the go command requires a build cache). Sizes need a walk of hundreds of thousands of files, so only with --sizes.',
  run: async (ctx, { goEnv: env, options }) => {
    const drafts: Draft[] = [];
    const facts: string[] = [];
    for (const key of ['GOCACHE', 'GOMODCACHE'] as const) {
      const dir = env.vars[key] ?? '';
      const reset = goEnvFix(key, '', env.source(key), ctx.shellTarget);
      if (key === 'GOCACHE' && dir === 'off') {
        drafts.push({
          severity: 'error',
          message: 'GOCACHE=off',
          why: 'The go command requires a build cache: "build cache is disabled by GOCACHE=off".',
          fix: reset,
        });
        continue;
      }
      if (!dir) {
        drafts.push({ severity: 'error', message: `${key} is empty`, why: 'The go command has nowhere to cache.', fix: reset });
        continue;
      }
      if (!ctx.host.writable(dir)) {
        drafts.push({
          severity: 'error',
          message: `${key} ${dir} is not writable`,
          why: 'Builds and downloads fail with "permission denied".',
          fix: reset,
        });
        continue;
      }
      const bytes = options.sizes && ctx.host.exists(dir) ? ctx.host.dirSize(dir) : undefined;
      facts.push(`${key} ${dir}${bytes !== undefined ? ` (${(bytes / 1048576).toFixed(0)} MB)` : ''}`);
    }
    if (drafts.length === 0) drafts.push({ severity: 'info', message: facts.join('; ') });
    return drafts;
  },
});
