// Shared test helpers: plain GoModule values for the pure checks, and the CLI runner.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { GoModule } from '../src/types.js';
import { parseModFile } from '../src/gomod/modfile.js';

export function moduleFrom(modText: string, rel = '.'): GoModule {
  const mod = parseModFile(modText);
  const prefix = rel === '.' ? '' : `${rel}/`;
  return { rel, dir: `/repo/${rel}`, modFile: `${prefix}go.mod`, sumFile: `${prefix}go.sum`, modText, mod, path: mod.module?.path ?? '' };
}

export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function gohooks(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; input?: string }): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: opts.cwd, env: opts.env, input: opts.input, encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function fixture(rel: string): string {
  return fileURLToPath(new URL(`./testdata/${rel}`, import.meta.url));
}
