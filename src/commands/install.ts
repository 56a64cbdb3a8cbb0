// `gohooks install`: hooks for pre-commit, pre-merge-commit and pre-push that
// fit how the repository manages hooks today, without ever losing a hook.
//
//   husky present         → a gohooks block in .husky/<hook>
//   lefthook / pre-commit → print the snippet for their config; change nothing
//   core.hooksPath (this repository) → shims in that directory, chaining what was there
//   core.hooksPath (global/system)   → refuse: it would change every repository
//   plain repository      → the .husky/ layout via husky (default), chaining .git/hooks/<hook>;
//                           --no-husky: shims in the common git dir's hooks/, chaining

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_CHECKS } from '../checks/index.js';
import { CONFIG_FILES, loadConfig, type Config, type HookManager } from '../config.js';
import { UsageError } from '../errors.js';
import { Changes } from '../install/changes.js';
import { CHAINED_SUFFIX, hasBlock, huskyBlock, insertBlock, runnerScript, RUNNER_NAME, shim } from '../install/scripts.js';
import { readLayout, type Layout } from '../install/layout.js';
import { loadState, saveState } from '../install/state.js';
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

const HUSKY_HOOKS_PATH = '.husky/_';
const LEFTHOOK_FILES = ['lefthook.yml', 'lefthook.yaml', '.lefthook.yml', '.lefthook.yaml', 'lefthook.json', 'lefthook.toml'];
const PRE_COMMIT_FILES = ['.pre-commit-config.yaml', '.pre-commit-config.yml'];

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
  const lefthook = hooks
    .map((h) =>
      [
        `${h}:`,
        '  commands:',
        '    gohooks:',
        ...(h === 'pre-push' ? ['      use_stdin: true'] : ['      glob: "*.{go,mod,sum,work}"']),
        `      run: npx --no-install gohooks run ${h}${h === 'pre-push' ? ' {1} {2}' : ''}`,
      ].join('\n'),
    )
    .join('\n');
  const preCommit = [
    '  - repo: local',
    '    hooks:',
    '      - id: gohooks',
    '        name: gohooks (Go module checks)',
    '        entry: npx --no-install gohooks run pre-commit',
    '        language: system',
    '        pass_filenames: false',
    "        files: '(^|/)(go\\.(mod|sum|work)|go\\.work\\.sum)$|\\.go$'",
    `        stages: [${hooks.filter((h) => h !== 'pre-push').join(', ')}]`,
    ...(hooks.includes('pre-push')
      ? [
          '      - id: gohooks-pre-push',
          '        name: gohooks (Go module checks, pre-push)',
          '        entry: npx --no-install gohooks run pre-push',
          '        language: system',
          '        pass_filenames: false',
          '        always_run: true',
          '        stages: [pre-push]',
        ]
      : []),
  ].join('\n');
  return { lefthook, preCommit };
}

function chooseManager(layout: Layout, config: Config, noHusky: boolean): HookManager | 'refuse' {
  const hp = layout.hooksPath;
  const isHuskyPath = hp && (hp.value === HUSKY_HOOKS_PATH || hp.value === '.husky');
  if (hp && !isHuskyPath) return hp.scope === 'local' || hp.scope === 'worktree' ? 'hooks-path' : 'refuse';
  if (config.install && config.install.manager !== 'hooks-path') return config.install.manager;
  if (existsSync(path.join(layout.root, '.husky')) || isHuskyPath) return 'husky';
  return noHusky ? 'git-hooks' : 'husky';
}

async function installHusky(
  layout: Layout,
  changes: Changes,
  hooks: string[],
  bin: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const huskyDir = path.join(layout.root, '.husky');
  // We only chain .git/hooks/<hook> when it is gohooks that brings husky's
  // core.hooksPath in: a repository already on husky has long bypassed them.
  const weSetHooksPath = layout.hooksPath?.value !== HUSKY_HOOKS_PATH;
  const hadHuskyBefore = existsSync(huskyDir);
  const chainLegacy = weSetHooksPath && !hadHuskyBefore;
  changes.mkdir(huskyDir);
  if (weSetHooksPath) {
    const stubs = path.join(huskyDir, '_');
    const hadStubs = existsSync(stubs);
    await changes.setConfig(layout.config, 'core.hooksPath', HUSKY_HOOKS_PATH, async () => {
      const problem = await runHuskyInstall(layout.root, env);
      if (problem) throw new UsageError(`husky could not set up .husky/: ${problem}`);
    });
    if (!hadStubs && !changes.dryRun && existsSync(stubs)) {
      changes.actions.push({ kind: 'dir', path: changes.rel(stubs), recursive: true });
      changes.note(`created ${changes.rel(stubs)}/ (husky's stubs; git-ignored)`);
    }
  }
  changes.writeFile(path.join(huskyDir, RUNNER_NAME), runnerScript(), ['updated', 'update'], 0o755);
  for (const hook of hooks) {
    const file = path.join(huskyDir, hook);
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
    const s = snippets(hooks);
    out(`gohooks: this repository uses ${lefthook ?? preCommit}; gohooks does not take over its hooks.`);
    out(
      lefthook
        ? `Add this to ${lefthook}, then run \`lefthook install\`:\n\n${s.lefthook}\n`
        : `Add this under "repos:" in ${preCommit}, then run \`pre-commit install --hook-type pre-commit --hook-type pre-merge-commit --hook-type pre-push\`:\n\n${s.preCommit}\n`,
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

  const changes = new Changes(layout.root, opts.dryRun);
  const bin = localBin(layout.root);
  if (manager === 'husky') await installHusky(layout, changes, hooks, bin, opts.env);
  else installShims(layout, changes, hooks, bin);
  recordChoice(layout, changes, config, manager, hooks);
  if (opts.prepare) addPrepareScript(layout, changes);

  if (!opts.dryRun && changes.actions.length > 0) {
    const state = loadState(layout.gitDir) ?? { version: 1 as const, manager, actions: [] };
    state.actions.push(...changes.actions);
    saveState(layout.gitDir, state);
  }
  for (const line of changes.lines) out(`  ${line}`);
  const where = manager === 'husky' ? '.husky/' : changes.rel(layout.hooksDir);
  if (opts.dryRun) out(`gohooks: dry run, nothing changed (${manager}: ${where})`);
  else if (changes.actions.length === 0) out(`gohooks: already installed (${manager}: ${where}); nothing changed`);
  else {
    out(`gohooks: ${hooks.join(', ')} installed (${manager}: ${where}).`);
    if (manager === 'husky') out('Commit .husky/ and gohooks.json: after cloning, a teammate runs `npx gohooks install` once.');
  }
  return 0;
}
