// The installed gohooks package's own directory (dist/ is bundled, src/ runs
// under tsx in tests): found by walking up to its package.json.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  for (let d = path.dirname(fileURLToPath(import.meta.url)); ; d = path.dirname(d)) {
    const pkg = path.join(d, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'gohooks') return (cached = d);
    if (path.dirname(d) === d) throw new Error('cannot find the gohooks package directory');
  }
}
