// A Kubernetes-size module graph in a file:// proxy, for the benchmark: a few
// hundred module versions, tens of thousands of mostly small Go-like files,
// a handful of large ones. Deterministic (seeded), so runs compare.

import { createHash } from 'node:crypto';
import type { ModuleSpec } from './proxy.js';
import { packageName } from './project.js';

export interface BigGraphOptions {
  /** Module versions (default 320). */
  modules?: number;
  /** Files in all modules together, roughly (default 60,000). */
  files?: number;
  /** Large files (default 6), spread over the first modules. */
  largeFiles?: number;
  /** Size of each large file (default 12 MiB). */
  largeBytes?: number;
  seed?: string;
}

/** Pseudo-random bytes from a seed: sha256 in counter mode. */
function bytesFrom(seed: string, n: number): Buffer {
  const out = Buffer.alloc(n);
  for (let off = 0, i = 0; off < n; off += 32, i++) createHash('sha256').update(`${seed}:${i}`).digest().copy(out, off);
  return out;
}

/** Go-looking text (compresses about as well as source code): identifiers and comments from hex. */
function goText(pkg: string, seed: string, bytes: number): string {
  const hex = bytesFrom(seed, Math.ceil(bytes / 4)).toString('hex');
  const lines = [`package ${pkg}`, ''];
  let size = lines.join('\n').length;
  for (let i = 0; size < bytes; i++) {
    const w = hex.slice((i * 12) % (hex.length - 12), ((i * 12) % (hex.length - 12)) + 12);
    const line = i % 3 === 0 ? `// ${w} describes what f${w} does.` : `func f${w}${i}() int { return 0x${w.slice(0, 6)} }`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

/** How many files each module holds: a long tail of small modules and a few big ones, as in real graphs. */
function fileCounts(modules: number, total: number, seed: string): number[] {
  const weights = Array.from({ length: modules }, (_, i) => {
    const r = bytesFrom(`${seed}:w:${i}`, 4).readUInt32LE(0) / 0xffffffff;
    return i % 40 === 0 ? 20 + r * 20 : 0.3 + r * r * 3; // every 40th module is a big one (client-go, api)
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => Math.max(3, Math.round((w / sum) * total)));
}

export interface BigGraph {
  specs: ModuleSpec[];
  deps: { path: string; version: string }[];
  files: number;
  bytes: number;
}

export function bigGraph(opts: BigGraphOptions = {}): BigGraph {
  const modules = opts.modules ?? 320;
  const seed = opts.seed ?? 'gohooks-bench';
  const largeFiles = opts.largeFiles ?? 6;
  const largeBytes = opts.largeBytes ?? 12 << 20;
  const counts = fileCounts(modules, opts.files ?? 60_000, seed);
  const specs: ModuleSpec[] = [];
  const deps: { path: string; version: string }[] = [];
  let files = 0;
  let bytes = 0;
  for (let m = 0; m < modules; m++) {
    const modPath = `example.com/k8s/m${String(m).padStart(3, '0')}`;
    const version = `v0.${m % 7}.${m % 13}`;
    const pkg = packageName(modPath);
    const f: Record<string, string | Buffer> = {
      [`${pkg}.go`]: `package ${pkg}\n\n// Version reports the module version.\nfunc Version() string { return "${version}" }\n`,
      LICENSE: 'Apache License 2.0 (benchmark fixture)\n',
    };
    for (let i = 0; i < counts[m] - 2; i++) {
      const dir = `pkg/d${i % 17}/s${i % 5}`;
      // Source files as real modules have them: most a few KB, one in seven a generated or table-heavy 12–60 KB.
      const r = bytesFrom(`${seed}:${m}:${i}`, 4).readUInt32LE(0);
      const size = r % 7 === 0 ? 12_000 + (r % 48_000) : 600 + (r % 11_400);
      f[`${dir}/f${i}.go`] = goText(`s${i % 5}`, `${seed}:${m}:${i}`, size);
    }
    if (m < largeFiles) f['testdata/large.bin'] = bytesFrom(`${seed}:large:${m}`, largeBytes);
    for (const v of Object.values(f)) bytes += typeof v === 'string' ? Buffer.byteLength(v) : v.length;
    files += Object.keys(f).length + 1; // + go.mod
    specs.push({ path: modPath, version, files: f, deflate: true });
    deps.push({ path: modPath, version });
  }
  return { specs, deps, files, bytes };
}
