// Bundles the CLI into dist/ with esbuild: one file per entry plus shared
// chunks, so Node resolves a handful of files at start-up instead of hundreds,
// and lazy import() calls stay lazy (split chunks), which keeps hooks fast.
// Only src/ is bundled: dev/ (test kit, demo, bench) runs under tsx and never
// ships. husky stays external: it copies its own files at install time.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  // The verification engine hashes in worker threads: its worker is an entry of its own, dist/modcache-worker.js.
  entryPoints: { cli: 'src/cli.ts', 'modcache-worker': 'src/modcache/worker.ts' },
  outdir: 'dist',
  outbase: 'src',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.17',
  external: ['husky'],
  // Bundled CommonJS code calls require() for Node built-ins.
  banner: { js: "import { createRequire as __gohooksRequire } from 'node:module'; const require = __gohooksRequire(import.meta.url);" },
  define: { __GOHOOKS_VERSION__: JSON.stringify(version) },
  legalComments: 'eof',
  logLevel: 'warning',
});
