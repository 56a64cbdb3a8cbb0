// `gohooks status`: for the current work tree, which hooks git would run and
// whether each reaches gohooks, through which layout, and which gohooks they
// would start. Exit 1 when a hook gohooks.json expects ("install": {"hooks"})
// does not run here; 2 outside a git work tree (or with a broken config).

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ALL_CHECKS } from '../checks/index.js';
import { loadConfig } from '../config.js';
import { createDebug } from '../debug.js';
import { inspectHooks, type HookState } from '../install/inspect.js';
import { readLayout } from '../install/layout.js';
import { ProcessRunner } from '../tools/exec.js';
import { which } from '../tools/which.js';

export interface StatusOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  format: 'human' | 'json';
  write: (s: string) => void;
}

/** The gohooks a hook starts, found as hooks/gohooks.sh (and the lefthook snippet) find it. */
export interface GohooksBinary {
  how: 'bin' | 'node_modules' | 'PATH' | 'npx' | 'pre-commit';
  /** A path, or for npx / pre-commit a description. */
  path: string;
}

function executable(file: string): boolean {
  try {
    return statSync(file).isFile() && (process.platform === 'win32' || (statSync(file).mode & 0o111) !== 0);
  } catch {
    return false;
  }
}

/** --bin (relative to the root), the root's node_modules/.bin, PATH, then `npx --offline --no-install`. */
async function findGohooks(root: string, bin: string | undefined, env: NodeJS.ProcessEnv): Promise<GohooksBinary | undefined> {
  if (bin && executable(path.join(root, bin))) return { how: 'bin', path: path.join(root, bin) };
  const local = path.join(root, 'node_modules', '.bin', 'gohooks');
  if (executable(local)) return { how: 'node_modules', path: local };
  const onPath = which('gohooks', env);
  if (onPath) return { how: 'PATH', path: onPath };
  const npx = await new ProcessRunner(createDebug(env)).run('npx', ['--offline', '--no-install', 'gohooks', '--version'], {
    cwd: root,
    env,
    timeoutMs: 60_000,
  });
  if (npx.exitCode === 0) return { how: 'npx', path: `npx --offline --no-install gohooks (${npx.stdout.trim() || 'found'})` };
  return undefined;
}

export interface StatusReport {
  root: string;
  linkedWorktree: boolean;
  gitDir: string;
  commonDir: string;
  hooksDir: string;
  hooksPath: { value: string; scope: string } | null;
  /** The hooks gohooks.json's "install" lists (none without it). */
  expected: string[];
  hooks: (HookState & { expected: boolean })[];
  gohooks: GohooksBinary | null;
  notes: string[];
  /** Every expected hook runs gohooks here. */
  ok: boolean;
}

export async function statusReport(cwd: string, env: NodeJS.ProcessEnv): Promise<StatusReport> {
  const layout = await readLayout(cwd, env);
  const config = loadConfig(layout.root, ALL_CHECKS);
  const expected = config.install?.hooks ?? [];
  const hooks = inspectHooks(layout, env).map((h) => ({ ...h, expected: expected.includes(h.hook) }));
  const active = hooks.filter((h) => h.active);
  let gohooks: GohooksBinary | undefined;
  const runner = active.find((h) => !h.preCommitRepo);
  if (runner || active.length === 0) gohooks = await findGohooks(layout.root, runner?.bin, env);
  else gohooks = { how: 'pre-commit', path: `built by pre-commit from ${active[0].preCommitRepo}` };

  const notes: string[] = [];
  if (env.GOHOOKS === '0') notes.push('GOHOOKS=0 is set in this environment: the hooks skip gohooks');
  if (env.CI === 'true' && env.GOHOOKS_IN_CI !== '1') notes.push('CI=true: the hooks do nothing here (GOHOOKS_IN_CI=1 keeps them on)');
  const init = path.join(env.XDG_CONFIG_HOME || path.join(env.HOME ?? '', '.config'), 'gohooks', 'init.sh');
  if (runner && existsSync(init)) notes.push(`the hooks source ${init} first; it may change which gohooks they find`);
  if (active.length > 0 && !gohooks) {
    notes.push(
      config.missingTool === 'fail'
        ? 'the hooks find no gohooks: they block every commit that touches Go files ("missingTool": "fail")'
        : 'the hooks find no gohooks: they warn and let commits through unchecked (npm i -D gohooks, or npm i -g gohooks)',
    );
  }
  return {
    root: layout.root,
    linkedWorktree: layout.linked,
    gitDir: layout.gitDir,
    commonDir: layout.commonDir,
    hooksDir: layout.hooksDir,
    hooksPath: layout.hooksPath ?? null,
    expected,
    hooks,
    gohooks: gohooks ?? null,
    notes,
    ok: hooks.every((h) => h.active || !h.expected),
  };
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n');
}

export function renderStatus(r: StatusReport): string {
  const lines = [`gohooks status: ${r.root}${r.linkedWorktree ? ' (a linked worktree)' : ''}`];
  const rows = [['hook', 'runs gohooks', 'through', 'git runs']];
  for (const h of r.hooks) {
    const runs = h.active ? 'yes' : h.expected ? 'NO (expected)' : 'no';
    rows.push([h.hook, runs, h.layout ?? '-', h.via && h.via !== h.file ? `${h.file} → ${h.via}` : h.file]);
  }
  lines.push(table(rows));
  const binary = r.gohooks ? r.gohooks.path : 'none found';
  lines.push(`gohooks they start: ${binary}`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  // One line per problem: husky's missing stubs, for one, are the same for every hook.
  const problems = new Map<string, string[]>();
  for (const h of r.hooks.filter((x) => !x.active && x.problem && (x.expected || x.layout))) {
    const text = `${h.problem}${h.fix ? `\n  fix: ${h.fix}` : ''}`;
    problems.set(text, [...(problems.get(text) ?? []), h.hook]);
  }
  for (const [text, hooks] of problems) lines.push(`${hooks.join(', ')}: ${text}`);
  const missing = r.hooks.filter((h) => h.expected && !h.active);
  if (r.expected.length === 0) lines.push('gohooks: gohooks.json lists no hooks ("install": {"hooks": …}), so none is required here');
  else if (missing.length === 0) lines.push(`gohooks: every hook gohooks.json expects runs in this work tree (${r.expected.join(', ')})`);
  else {
    lines.push(
      `gohooks: ${missing.map((h) => h.hook).join(', ')} ${missing.length === 1 ? 'is' : 'are'} expected by gohooks.json but ${missing.length === 1 ? 'does' : 'do'} not run in this work tree`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export async function status(opts: StatusOptions): Promise<number> {
  const report = await statusReport(opts.cwd, opts.env);
  if (opts.format === 'json') {
    opts.write(`${JSON.stringify(report, null, 2)}\n`);
  } else opts.write(renderStatus(report));
  return report.ok ? 0 : 1;
}
