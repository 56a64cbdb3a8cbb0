// env-cache: GOCACHE and GOMODCACHE exist (or can be created) and are writable.

import { defineCheck } from '../check.js';
import { quoteArg } from '../fixes.js';
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
  docs: 'GOCACHE and GOMODCACHE must exist or be creatable, and be writable (GOCACHE=off makes go env itself fail, which doctor reports as one error). A cache not created yet is normal: go creates it when first needed. Sizes need a walk of hundreds of thousands of files, so only with --sizes.',
  run: async (ctx, { goEnv: env, options }) => {
    const drafts: Draft[] = [];
    const facts: string[] = [];
    for (const key of ['GOCACHE', 'GOMODCACHE'] as const) {
      const dir = env.vars[key] ?? '';
      // GOCACHE=off never gets here: go env itself fails with it, which the runner reports once.
      const reset = goEnvFix(key, '', env.source(key), ctx.shellTarget);
      if (!dir) {
        drafts.push({ severity: 'error', message: `${key} is empty`, why: 'The go command has nowhere to cache.', fix: reset });
        continue;
      }
      const exists = ctx.host.exists(dir);
      if (!exists && !ctx.host.writable(dir)) {
        // Not created yet is normal (go creates it when first needed), unless go cannot create it either.
        const parent = ctx.host.existingAncestor(dir);
        drafts.push({
          severity: 'error',
          message: `${key} ${dir} does not exist, and go cannot create it: ${parent} is not writable`,
          // The go command's own words (Go 1.26), for a parent it cannot write.
          why:
            key === 'GOCACHE'
              ? `Every build stops with "failed to initialize build cache at ${dir}: mkdir …: permission denied".`
              : 'Every download stops with "go: could not create module cache: mkdir …: permission denied".',
          // No command: chmod on a directory that does not exist fails, and whether you may change the parent is not known here.
          fix:
            env.source(key) === 'default'
              ? {
                  summary: `point ${key} at a directory you can write (go env -w ${key}=<dir>, or set ${key} in your environment), or create ${dir} with write access for you`,
                }
              : reset,
        });
        continue;
      }
      if (!ctx.host.writable(dir)) {
        drafts.push({
          severity: 'error',
          message: `${key} ${dir} is not writable`,
          why: 'Builds and downloads fail with "permission denied".',
          // Your own setting: go back to the default. The default itself: make it writable.
          fix:
            env.source(key) === 'default'
              ? {
                  summary: `make ${dir} writable for you, or point ${key} at a directory that is (go env -w ${key}=<dir>)`,
                  commands: { posix: `chmod u+w ${quoteArg(dir, 'posix')}`, fish: `chmod u+w ${quoteArg(dir, 'fish')}` },
                }
              : reset,
        });
        continue;
      }
      const bytes = options.sizes && exists ? ctx.host.dirSize(dir) : undefined;
      const note = !exists
        ? ' (not created yet: go creates it when first needed)'
        : bytes !== undefined
          ? ` (${(bytes / 1048576).toFixed(0)} MB)`
          : '';
      facts.push(`${key} ${dir}${note}`);
    }
    if (drafts.length === 0) drafts.push({ severity: 'info', message: facts.join('; ') });
    return drafts;
  },
});
