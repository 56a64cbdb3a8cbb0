// `gohooks install`: hooks for pre-commit, pre-merge-commit and pre-push that
// fit how the repository manages hooks today, without ever losing a hook, and
// that run in every work tree of the repository.
//
//   plain repository      → shims in the common git dir's hooks/ (every worktree, linked ones
//                           included, runs them), chaining the hook that was there (--no-husky: the same)
//   husky present         → a gohooks block in .husky/<hook>; in a work tree without husky's
//                           generated .husky/_ (a linked worktree), husky is run there
//   lefthook / pre-commit → print the snippet for their config; change nothing
//   core.hooksPath (this repository) → shims in that directory, chaining what was there
//   core.hooksPath (global/system)   → refuse: it would change every repository
//
// It never writes through a symbolic link out of the repository, and it checks
// its result: a hook that still would not run here is an error, not "installed".

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_CHECKS } from '../checks/index.js';
import { CONFIG_FILES, loadConfig, type Config, type HookManager } from '../config.js';
import { UsageError } from '../errors.js';
import { Changes, InstallRefusal, WriteGuard } from '../install/changes.js';
import { dirLayout, HUSKY_HOOKS_PATH, inspectHooks, LEFTHOOK_FILES, PRE_COMMIT_FILES } from '../install/inspect.js';
import { readLayout, type Layout } from '../install/layout.js';
import { CHAINED_SUFFIX, hasBlock, huskyBlock, insertBlock, runnerScript, RUNNER_NAME, shim } from '../install/scripts.js';
import { lefthookSnippet, preCommitInstallCommand, preCommitSnippet } from '../install/snippets.js';
import { loadState, saveState, statePath } from '../install/state.js';
import { packageRoot } from '../package-root.js';
import { runHuskyInstall } from '../tools/husky.js';
import { HOOK_NAMES } from '../types.js';

export interface InstallOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  hooks?: string[];
  noHusky: boolean;
  prepare: boolean;
  dryRun: boolean;
  write: (s: string) => void;
}

function firstExisting(root: string, names: readonly string[]): string | undefined {
  return names.find((n) => existsSync(path.join(root, n)));
}

/** gohooks installed in this repository's node_modules below the root: the hook tries it first. */
function localBin(root: string): string | undefined {
  const pkg = packageRoot();
  if (path.basename(pkg) !== 'gohooks' || path.basename(path.dirname(pkg)) !== 'node_modules') return undefined;
  const rel = path.relative(root, path.dirname(pkg));
  if (rel === 'node_modules' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined; // the default lookup finds it
  return `${rel.split(path.sep).join('/')}/.bin/gohooks`;
}

export function snippets(hooks: string[]): { lefthook: string; preCommit: string } {
  return { lefthook: lefthookSnippet(hooks), preCommit: preCommitSnippet(hooks) };
}

function chooseManager(layout: Layout, config: Config, noHusky: boolean): HookManager | 'refuse' {
  const hp = layout.hooksPath;
  const kind = dirLayout(layout);
  if (hp && kind === 'hooks-path') return hp.scope === 'local' || hp.scope === 'worktree' ? 'hooks-path' : 'refuse';
  // husky owns core.hooksPath: shims anywhere else would never run.
  if (kind === 'husky') return 'husky';
  if (noHusky) return 'git-hooks';
  if (config.install && config.install.manager !== 'hooks-path') return config.install.manager;
  return existsSync(path.join(layout.root, '.husky')) ? 'husky' : 'git-hooks';
}

async function installHusky(
  layout: Layout,
  changes: Changes,
  hooks: string[],
  bin: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const huskyDir = path.join(layout.root, '.husky');
  const stubs = path.join(huskyDir, '_');
  // We only chain .git/hooks/<hook> when it is gohooks that brings husky's
  // core.hooksPath in: a repository already on husky has long bypassed them.
  const weSetHooksPath = layout.hooksPath?.value !== HUSKY_HOOKS_PATH;
  const hadHuskyBefore = existsSync(huskyDir);
  const chainLegacy = weSetHooksPath && !hadHuskyBefore;
  changes.mkdir(huskyDir);
  changes.guard?.check(stubs, changes.rel(stubs));
  // husky's stubs are generated per work tree and git-ignored: a linked worktree
  // (or a fresh clone) has none until husky runs there, and then git runs no hook.
  const stubsMissing = !existsSync(path.join(stubs, 'h')) || hooks.some((h) => !existsSync(path.join(stubs, h)));
  const runHusky = async () => {
    const problem = await runHuskyInstall(layout.root, env);
    if (problem) throw new UsageError(`husky could not set up .husky/: ${problem}`);
  };
  const hadStubs = existsSync(stubs);
  if (weSetHooksPath) await changes.setConfig(layout.config, 'core.hooksPath', HUSKY_HOOKS_PATH, runHusky);
  else if (stubsMissing) {
    changes.lines.push(
      changes.dryRun
        ? `would run husky to create ${changes.rel(stubs)}/ (missing in this work tree)`
        : `ran husky: ${changes.rel(stubs)}/ was missing in this work tree`,
    );
    if (!changes.dryRun) await runHusky();
  }
  if (!hadStubs && !changes.dryRun && existsSync(stubs)) {
    changes.actions.push({ kind: 'dir', path: changes.rel(stubs), recursive: true });
    if (weSetHooksPath) changes.note(`created ${changes.rel(stubs)}/ (husky's stubs; git-ignored)`);
  }
  changes.writeFile(path.join(huskyDir, RUNNER_NAME), runnerScript(), ['updated', 'update'], 0o755);
  for (const hook of hooks) {
    const file = path.join(huskyDir, hook);
    changes.guard?.check(file, changes.rel(file));
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (hasBlock(current)) {
      changes.note(`unchanged ${changes.rel(file)} (already runs gohooks)`);
      continue;
    }
    const chain = chainLegacy ? `"$(git rev-parse --git-common-dir)/hooks/${hook}"` : undefined;
    changes.writeFile(
      file,
      insertBlock(current, huskyBlock({ hook, bin, chain })),
      ['added the gohooks block to', 'add the gohooks block to'],
      0o755,
    );
  }
}

function installShims(layout: Layout, changes: Changes, hooks: string[], bin: string | undefined): void {
  const dir = layout.hooksDir;
  changes.mkdir(dir, true);
  changes.writeFile(path.join(dir, RUNNER_NAME), runnerScript(), ['updated', 'update'], 0o755);
  for (const hook of hooks) {
    const file = path.join(dir, hook);
    const content = shim({ hook, bin });
    if (existsSync(file)) {
      const current = readFileSync(file, 'utf8');
      if (!hasBlock(current)) {
        const aside = `${file}${CHAINED_SUFFIX}`;
        if (existsSync(aside)) {
          throw new UsageError(
            `${changes.rel(file)} exists and so does ${changes.rel(aside)}: move one of them away, then run gohooks install again`,
          );
        }
        changes.rename(file, aside, 'it still runs first');
      }
    }
    changes.writeFile(file, content, ['updated', 'update'], 0o755);
  }
}

function recordChoice(layout: Layout, changes: Changes, config: Config, manager: HookManager, hooks: string[]): void {
  const want = { manager, hooks };
  if (config.install && config.install.manager === manager && config.install.hooks.join() === hooks.join()) return;
  if (config.file === 'package.json') {
    changes.note(
      `note: your configuration is in package.json; add "install": ${JSON.stringify(want)} to its "gohooks" key so teammates get the same setup`,
    );
    return;
  }
  const name = config.file ?? CONFIG_FILES[0];
  const file = path.join(layout.root, name);
  let doc: Record<string, unknown> = { $schema: './node_modules/gohooks/templates/gohooks.schema.json' };
  let indent = 2;
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    doc = JSON.parse(text) as Record<string, unknown>;
    indent = /\n(\s+)"/.exec(text)?.[1].length ?? 2;
  }
  doc.install = want;
  changes.writeFile(file, `${JSON.stringify(doc, null, indent)}\n`, ['recorded the hook setup in', 'record the hook setup in']);
}

function addPrepareScript(layout: Layout, changes: Changes): void {
  const file = path.join(layout.root, 'package.json');
  if (!existsSync(file)) throw new UsageError('--prepare: there is no package.json at the repository root');
  const text = readFileSync(file, 'utf8');
  const pkg = JSON.parse(text) as { scripts?: Record<string, string> };
  const prepare = pkg.scripts?.prepare;
  if (prepare && /\bgohooks install\b/.test(prepare)) {
    changes.note('unchanged package.json (prepare already runs gohooks install)');
    return;
  }
  pkg.scripts = { ...pkg.scripts, prepare: prepare ? `${prepare} && gohooks install` : 'gohooks install' };
  const indent = /\n(\s+)"/.exec(text)?.[1] ?? '  ';
  changes.writeFile(file, `${JSON.stringify(pkg, null, indent)}${text.endsWith('\n') ? '\n' : ''}`, [
    'added gohooks install to the prepare script of',
    'add gohooks install to the prepare script of',
  ]);
}

/** Everything install does for one manager: run once as a dry run (nothing written; every refusal happens there), then for real. */
async function apply(
  layout: Layout,
  config: Config,
  manager: HookManager,
  hooks: string[],
  opts: InstallOptions,
  changes: Changes,
): Promise<void> {
  const bin = localBin(layout.root);
  if (manager === 'husky') await installHusky(layout, changes, hooks, bin, opts.env);
  else installShims(layout, changes, hooks, bin);
  recordChoice(layout, changes, config, manager, hooks);
  if (opts.prepare) addPrepareScript(layout, changes);
}

export async function install(opts: InstallOptions): Promise<number> {
  const out = (s: string) => opts.write(`${s}\n`);
  if (opts.env.CI === 'true' && opts.env.GOHOOKS_IN_CI !== '1') {
    out('gohooks: CI detected, hooks not installed (run `gohooks verify` as a CI step; GOHOOKS_IN_CI=1 installs anyway)');
    return 0;
  }
  const layout = await readLayout(opts.cwd, opts.env);
  const config = loadConfig(layout.root, ALL_CHECKS);
  const hooks = opts.hooks ?? config.install?.hooks ?? [...HOOK_NAMES];
  for (const h of hooks) {
    if (!(HOOK_NAMES as readonly string[]).includes(h)) throw new UsageError(`unknown hook "${h}" (${HOOK_NAMES.join(', ')})`);
  }

  const lefthook = firstExisting(layout.root, LEFTHOOK_FILES);
  const preCommit = firstExisting(layout.root, PRE_COMMIT_FILES);
  if ((lefthook || preCommit) && !config.install) {
    out(`gohooks: this repository uses ${lefthook ?? preCommit}; gohooks does not take over its hooks.`);
    out(
      lefthook
        ? `Add this to ${lefthook}, then run \`lefthook install\`:\n\n${lefthookSnippet(hooks)}\n`
        : `Add this under "repos:" in ${preCommit}, then run \`${preCommitInstallCommand(hooks)}\`:\n\n${preCommitSnippet(hooks)}\n`,
    );
    return 0;
  }

  const manager = chooseManager(layout, config, opts.noHusky);
  if (manager === 'refuse') {
    const hp = layout.hooksPath!;
    throw new UsageError(
      `core.hooksPath is set in your ${hp.scope} git config to ${hp.value}, so installing there would change every repository.\n` +
        `  To run gohooks from those shared hooks, add to ${hp.value}/pre-commit (and pre-push): npx --no-install gohooks run pre-commit\n` +
        `  To give this repository its own hooks instead (your ${hp.scope} hooks then stop running here): git config core.hooksPath .husky/_ && npx gohooks install`,
    );
  }

  const guard = new WriteGuard(layout.root, [layout.gitDir, layout.commonDir], layout.hooksDir);
  const planned = new Changes(layout.root, true, guard);
  try {
    guard.check(statePath(layout.gitDir), planned.rel(statePath(layout.gitDir)));
    await apply(layout, config, manager, hooks, opts, planned);
  } catch (e) {
    if (!(e instanceof InstallRefusal)) throw e;
    out(`gohooks: ${e.message}`);
    out('gohooks: nothing changed');
    return 2;
  }
  const changes = opts.dryRun ? planned : new Changes(layout.root, false, guard);
  if (!opts.dryRun) {
    try {
      await apply(layout, config, manager, hooks, opts, changes);
    } finally {
      // Whatever was done is recorded, even when a step failed half way: uninstall can undo it.
      if (changes.actions.length > 0) {
        const state = loadState(layout.gitDir) ?? { version: 1 as const, manager, actions: [] };
        state.actions.push(...changes.actions);
        saveState(layout.gitDir, state);
      }
    }
  }
  for (const line of changes.lines) out(`  ${line}`);
  const where = manager === 'husky' ? '.husky/' : changes.rel(layout.hooksDir);
  if (opts.dryRun) {
    out(`gohooks: dry run, nothing changed (${manager}: ${where})`);
    return 0;
  }
  // The result, as git will see it in this work tree.
  const fresh = await readLayout(opts.cwd, opts.env);
  const idle = inspectHooks(fresh, opts.env).filter((s) => hooks.includes(s.hook) && !s.active);
  if (idle.length > 0) {
    for (const s of idle) out(`gohooks: ${s.hook} will not run here: ${s.problem}${s.fix ? ` (fix: ${s.fix})` : ''}`);
    out('gohooks: `gohooks status` shows every hook of this work tree');
    return 1;
  }
  if (changes.actions.length === 0 && !changes.lines.some((l) => l.startsWith('ran husky'))) {
    out(`gohooks: already installed (${manager}: ${where}); nothing changed`);
  } else {
    out(`gohooks: ${hooks.join(', ')} installed (${manager}: ${where}).`);
    if (manager === 'husky') out('Commit .husky/ and gohooks.json: after cloning, a teammate runs `npx gohooks install` once.');
    else out('Commit gohooks.json: after cloning, a teammate runs `npx gohooks install` once; every worktree of a clone runs the hooks.');
  }
  return 0;
}
