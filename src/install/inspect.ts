// Which hooks git would run in this work tree, and whether each one reaches
// gohooks: read from the files git itself would run (the hooks directory that
// core.hooksPath or the common git dir gives, husky's stubs, lefthook's and the
// pre-commit framework's generated hooks and their configs). Used by
// `gohooks status` and by install, which checks its own result.

import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { HOOK_NAMES, type HookName } from '../types.js';
import type { Layout } from './layout.js';
import { hasBlock, RUNNER_NAME } from './scripts.js';
import { PRE_COMMIT_STAGES } from './snippets.js';

export const HUSKY_HOOKS_PATH = '.husky/_';
export const LEFTHOOK_FILES = ['lefthook.yml', 'lefthook.yaml', '.lefthook.yml', '.lefthook.yaml', 'lefthook.json', 'lefthook.toml'];
const LEFTHOOK_LOCAL_FILES = ['lefthook-local.yml', 'lefthook-local.yaml', '.lefthook-local.yml', '.lefthook-local.yaml'];
export const PRE_COMMIT_FILES = ['.pre-commit-config.yaml', '.pre-commit-config.yml'];

/** How a hook reaches gohooks. */
export type HookLayout = 'husky' | 'hooks-path' | 'git-hooks' | 'lefthook' | 'pre-commit' | 'other';

export interface HookState {
  hook: HookName;
  /** git runs a hook here and that hook runs gohooks. */
  active: boolean;
  layout?: HookLayout;
  /** The file git runs for this hook in this work tree. */
  file: string;
  /** Where the gohooks call is, when not in `file` (.husky/<hook>, lefthook.yml …). */
  via?: string;
  /** The `--bin` the gohooks block names (relative to the work tree root). */
  bin?: string;
  /** pre-commit framework hook repositories build their own gohooks: which one. */
  preCommitRepo?: string;
  problem?: string;
  fix?: string;
}

/** The manager the hooks directory belongs to, from core.hooksPath. */
export function dirLayout(layout: Layout): 'husky' | 'hooks-path' | 'git-hooks' {
  const hp = layout.hooksPath?.value;
  if (hp === undefined) return 'git-hooks';
  return hp === HUSKY_HOOKS_PATH || hp === '.husky' ? 'husky' : 'hooks-path';
}

/** A path as a developer reads it: relative to the work tree root inside it, absolute outside. */
export function shown(root: string, abs: string): string {
  const r = path.relative(root, abs);
  return r === '' ? '.' : r.startsWith('..') || path.isAbsolute(r) ? abs : r.split(path.sep).join('/');
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The value of `--bin` in a gohooks block (plain or single-quoted, as shQuote writes it). */
export function binOf(text: string): string | undefined {
  const m = /--bin (?:'((?:[^']|'\\'')*)'|(\S+))/.exec(text);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2];
}

const HUSKY_STUB = /^\. "\$\(dirname "\$0"\)\/h"$/m;

export function inspectHooks(layout: Layout, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): HookState[] {
  return HOOK_NAMES.map((hook) => inspectHook(layout, hook, env, platform));
}

function inspectHook(layout: Layout, hook: HookName, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): HookState {
  const { root } = layout;
  const file = path.join(layout.hooksDir, hook);
  const base: HookState = { hook, active: false, file: shown(root, file) };
  const kind = dirLayout(layout);
  let st;
  try {
    st = statSync(file);
  } catch {
    if (kind === 'husky' && !existsSync(layout.hooksDir)) {
      return {
        ...base,
        layout: 'husky',
        problem: `${shown(root, layout.hooksDir)}/ does not exist in this work tree (husky generates it per work tree, and it is git-ignored), so git runs no hook here`,
        fix: 'npx gohooks install (or npm install, where package.json runs husky)',
      };
    }
    return { ...base, problem: `there is no ${shown(root, file)}`, fix: 'npx gohooks install' };
  }
  if (!st.isFile()) return { ...base, problem: `${shown(root, file)} is not a file`, fix: `move it away, then npx gohooks install` };
  if (platform !== 'win32' && (st.mode & 0o111) === 0) {
    return { ...base, problem: `${shown(root, file)} is not executable, so git ignores it`, fix: `chmod +x ${shown(root, file)}` };
  }
  const text = readText(file) ?? '';

  if (hasBlock(text)) return withRunner(layout, { ...base, layout: kind, bin: binOf(text) }, file);

  if (HUSKY_STUB.test(text)) {
    // husky 9: the stub runs `.husky/_/h`, which runs `.husky/<hook>` with sh -e when it exists.
    const script = path.join(path.dirname(path.dirname(file)), hook);
    const withHusky = { ...base, layout: 'husky' as const, via: shown(root, script) };
    if (!existsSync(path.join(path.dirname(file), 'h'))) {
      return { ...withHusky, problem: `${shown(root, path.join(path.dirname(file), 'h'))} is missing`, fix: 'npx gohooks install' };
    }
    if (env.HUSKY === '0') return { ...withHusky, problem: 'HUSKY=0 is set in your environment: husky runs no hook', fix: 'unset HUSKY' };
    const scriptText = readText(script);
    if (scriptText === undefined) return { ...withHusky, problem: `there is no ${shown(root, script)}`, fix: 'npx gohooks install' };
    if (hasBlock(scriptText)) return withRunner(layout, { ...withHusky, bin: binOf(scriptText) }, script);
    if (/\bgohooks\b/.test(scriptText)) return { ...withHusky, active: true, layout: 'other' };
    return { ...withHusky, problem: `${shown(root, script)} does not run gohooks`, fix: 'npx gohooks install' };
  }

  if (/\blefthook\b/.test(text)) return lefthookState(layout, { ...base, layout: 'lefthook' });

  if (text.includes('File generated by pre-commit')) {
    const config = /--config=([^\s)]+)/.exec(text)?.[1] ?? PRE_COMMIT_FILES[0];
    return preCommitState(layout, { ...base, layout: 'pre-commit' }, path.resolve(root, config));
  }

  if (/\bgohooks\b/.test(text)) return { ...base, active: true, layout: 'other' };
  return {
    ...base,
    problem: `${shown(root, file)} does not run gohooks`,
    fix: 'npx gohooks install (it keeps this hook and runs it first)',
  };
}

/** A hook that calls hooks/gohooks.sh next to the file holding the block: the runner has to be there. */
function withRunner(layout: Layout, state: HookState, blockFile: string): HookState {
  const runner = path.join(path.dirname(blockFile), RUNNER_NAME);
  if (!readText(blockFile)?.includes(`/${RUNNER_NAME}"`) || existsSync(runner)) return { ...state, active: true };
  return {
    ...state,
    problem: `${shown(layout.root, runner)} is missing: this hook fails every ${state.hook === 'pre-push' ? 'push' : 'commit'}`,
    fix: 'npx gohooks install',
  };
}

/** The lines of a top-level YAML key's block (`key:` and everything indented below it). */
export function yamlSection(text: string, key: string): string | undefined {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((l) => l.startsWith(`${key}:`) || l.startsWith(`"${key}":`) || l.startsWith(`'${key}':`));
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < lines.length && (lines[end] === '' || /^[\s#]/.test(lines[end]))) end++;
  return lines.slice(start, end).join('\n');
}

/** The part of a lefthook config (yml, json or toml) that configures one hook. */
function lefthookSection(file: string, text: string, hook: string): string | undefined {
  if (file.endsWith('.json')) {
    try {
      const doc = JSON.parse(text) as Record<string, unknown>;
      return doc[hook] === undefined ? undefined : JSON.stringify(doc[hook]);
    } catch {
      return undefined;
    }
  }
  if (file.endsWith('.toml')) {
    const out: string[] = [];
    let inside = false;
    for (const line of text.split(/\r?\n/)) {
      if (/^\s*\[/.test(line)) inside = new RegExp(`^\\s*\\[+\\s*"?${hook}"?\\s*[.\\]]`).test(line);
      if (inside) out.push(line);
    }
    return out.length > 0 ? out.join('\n') : undefined;
  }
  return yamlSection(text, hook);
}

function lefthookState(layout: Layout, state: HookState): HookState {
  const files = [...LEFTHOOK_FILES, ...LEFTHOOK_LOCAL_FILES].filter((f) => existsSync(path.join(layout.root, f)));
  if (files.length === 0) {
    return { ...state, problem: `${state.file} runs lefthook, but there is no lefthook config here`, fix: 'add lefthook.yml' };
  }
  for (const f of files) {
    const section = lefthookSection(f, readText(path.join(layout.root, f)) ?? '', state.hook);
    if (section && /\bgohooks\b/.test(section)) return { ...state, active: true, via: f };
  }
  return {
    ...state,
    via: files[0],
    problem: `${files[0]} has no gohooks command for ${state.hook}`,
    fix: `add what \`gohooks install\` prints to ${files[0]}`,
  };
}

interface PreCommitHook {
  repo: string;
  id: string;
  entry?: string;
  stages?: string[];
}

function flowList(v: string): string[] {
  return v
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((s) => s.trim().replace(/^['"]|['"]$/g, ''))
    .filter(Boolean);
}

/** The hooks of a .pre-commit-config.yaml: a line-based reading of the usual block style. */
export function preCommitHooks(text: string): { hooks: PreCommitHook[]; defaultStages?: string[] } {
  const hooks: PreCommitHook[] = [];
  let repo = '';
  let current: PreCommitHook | undefined;
  let currentIndent = -1;
  let defaultStages: string[] | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '');
    const top = /^default_stages:\s*(\[.*\])/.exec(line);
    if (top) defaultStages = flowList(top[1]);
    const repoLine = /^\s*-\s+repo:\s*(.+?)\s*$/.exec(line);
    if (repoLine) {
      repo = repoLine[1].replace(/^['"]|['"]$/g, '');
      current = undefined;
      continue;
    }
    const idLine = /^(\s*)-\s+id:\s*(.+?)\s*$/.exec(line);
    if (idLine) {
      current = { repo, id: idLine[2].replace(/^['"]|['"]$/g, '') };
      currentIndent = idLine[1].length;
      hooks.push(current);
      continue;
    }
    if (!current) continue;
    const indent = /^\s*/.exec(line)![0].length;
    if (line.trim() !== '' && indent <= currentIndent) {
      current = undefined;
      continue;
    }
    const kv = /^\s*(entry|stages):\s*(.+?)\s*$/.exec(line);
    if (kv?.[1] === 'entry') current.entry = kv[2].replace(/^['"]|['"]$/g, '');
    if (kv?.[1] === 'stages') current.stages = flowList(kv[2]);
  }
  return { hooks, defaultStages };
}

/** The stages this repository's own .pre-commit-hooks.yaml gives its hooks. */
const MANIFEST_STAGES: Record<string, string[]> = { gohooks: ['commit', 'merge-commit'], 'gohooks-pre-push': ['push'] };

function preCommitState(layout: Layout, state: HookState, configFile: string): HookState {
  const text = readText(configFile);
  const config = shown(layout.root, configFile);
  if (text === undefined)
    return { ...state, problem: `${state.file} runs the pre-commit framework, but ${config} is missing`, fix: `add ${config}` };
  const { hooks, defaultStages } = preCommitHooks(text);
  const stageNames = [state.hook, PRE_COMMIT_STAGES[state.hook]];
  for (const h of hooks) {
    const local = h.repo === 'local' || h.repo === 'meta';
    const isGohooks = local ? /\bgohooks\b/.test(h.entry ?? '') : h.id in MANIFEST_STAGES || /\bgohooks\b/.test(h.entry ?? '');
    if (!isGohooks) continue;
    const stages = h.stages ?? (local ? defaultStages : (MANIFEST_STAGES[h.id] ?? defaultStages));
    if (stages && !stages.some((s) => stageNames.includes(s))) continue;
    return { ...state, active: true, via: config, ...(local ? {} : { preCommitRepo: h.repo }) };
  }
  return {
    ...state,
    via: config,
    problem: `${config} has no gohooks hook for the ${PRE_COMMIT_STAGES[state.hook]} stage`,
    fix: `add what \`gohooks install\` prints to ${config}`,
  };
}
