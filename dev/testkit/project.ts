// Go modules and git repositories inside a sandbox, built with the real go
// and git against the sandbox's file:// proxy.

import path from 'node:path';
import type { Sandbox } from './sandbox.js';

export function packageName(modPath: string): string {
  const last = modPath.split('/').pop()!;
  const base = /^v\d+$/.test(last) ? modPath.split('/').slice(-2)[0] : last;
  const name = base.replace(/[^a-z0-9]/gi, '').toLowerCase() || 'lib';
  return /^[a-z]/.test(name) ? name : `m${name}`;
}

export interface ProjectOptions {
  /** Directory relative to the sandbox. */
  rel: string;
  modulePath: string;
  deps?: { path: string; version: string }[];
  goLine?: string;
  /** Extra go.mod text appended after the module and go lines (replace …). */
  extraGoMod?: string;
  /** Run go mod tidy (downloads, writes go.sum). Default true. */
  tidy?: boolean;
}

/** A main module importing every dep, tidied against the proxy: a clean, verifiable module. */
export function makeGoModule(sb: Sandbox, opts: ProjectOptions): string {
  const deps = opts.deps ?? [];
  const imports = deps.map((d) => `\t${packageName(d.path)}${deps.indexOf(d)} "${d.path}"`).join('\n');
  const calls = deps.map((d) => `\t_ = ${packageName(d.path)}${deps.indexOf(d)}.Version()`).join('\n');
  sb.write(
    path.join(opts.rel, 'main.go'),
    `package main\n\n${deps.length ? `import (\n${imports}\n)\n\n` : ''}func main() {\n${calls}\n}\n`,
  );
  const requires = deps.length ? `\nrequire (\n${deps.map((d) => `\t${d.path} ${d.version}`).join('\n')}\n)\n` : '';
  sb.write(path.join(opts.rel, 'go.mod'), `module ${opts.modulePath}\n\ngo ${opts.goLine ?? '1.22'}\n${opts.extraGoMod ?? ''}${requires}`);
  const dir = path.join(sb.dir, opts.rel);
  if (opts.tidy !== false) sb.run('go', ['mod', 'tidy'], { cwd: dir, env: sb.buildEnv });
  return dir;
}

export function gitInit(sb: Sandbox, rel: string): string {
  const dir = path.join(sb.dir, rel);
  sb.run('git', ['init', '-q', dir]);
  return dir;
}

export function gitCommitAll(sb: Sandbox, dir: string, message = 'commit'): void {
  sb.run('git', ['add', '-A'], { cwd: dir });
  sb.run('git', ['commit', '-q', '--no-verify', '-m', message], { cwd: dir });
}

let committedRepos = 0;

/** A new git repository in the sandbox with these files, go.mod and go.sum tidied (against the proxy) in the modules given, committed. */
export function makeCommittedRepo(sb: Sandbox, files: Record<string, string>, tidyIn: string[] = []): string {
  const rel = `committed-repo-${++committedRepos}`;
  for (const [f, text] of Object.entries(files)) sb.write(path.join(rel, f), text);
  const dir = path.join(sb.dir, rel);
  for (const d of tidyIn) sb.run('go', ['mod', 'tidy'], { cwd: path.join(dir, d), env: { ...sb.buildEnv, GOWORK: 'off' } });
  gitInit(sb, rel);
  gitCommitAll(sb, dir, 'initial');
  return dir;
}
