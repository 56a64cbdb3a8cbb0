// gohooks.json / .gohooks.json / package.json "gohooks": optional configuration.
// The published schema is templates/gohooks.schema.json; this file enforces the
// same shape with messages that name the file, line and key. Bad config is a
// usage error (exit 2), never a stack trace.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Check, RunMode, Severity } from './check.js';

export const RUN_MODES: readonly RunMode[] = ['pre-commit', 'pre-merge-commit', 'pre-push', 'verify', 'doctor'];
const SEVERITIES: readonly (Severity | 'off')[] = ['error', 'warning', 'info', 'off'];
export const CONFIG_FILES = ['gohooks.json', '.gohooks.json'] as const;

export interface CheckConfig {
  /** Replaces the severity of the check's errors and warnings; "off" drops them. */
  severity?: Severity | 'off';
  options?: Record<string, unknown>;
}

export type HookManager = 'husky' | 'git-hooks' | 'hooks-path';
export const HOOK_MANAGERS: readonly HookManager[] = ['husky', 'git-hooks', 'hooks-path'];
export const INSTALLABLE_HOOKS = ['pre-commit', 'pre-merge-commit', 'pre-push'] as const;

export interface Config {
  /** Repo-relative file the config came from, if any. */
  file?: string;
  skip: string[];
  /** Time limit for each check and each process it starts, in seconds. */
  timeoutSec: number;
  /** Checks per hook; replaces the checks' own defaults for that hook. */
  hooks: Partial<Record<RunMode, string[]>>;
  checks: Record<string, CheckConfig>;
  /** What a hook does when gohooks itself is not installed: warn and let the commit through, or fail. */
  missingTool: 'warn' | 'fail';
  /** Module path patterns (GOPRIVATE syntax) this repository treats as private. */
  private: string[];
  /** How `gohooks install` set the hooks up, so a teammate's install makes the same choice. */
  install?: { manager: HookManager; hooks: string[] };
}

export const DEFAULT_TIMEOUT_SEC = 120;

export class ConfigError extends Error {}

export function defaultConfig(): Config {
  return { skip: [], timeoutSec: DEFAULT_TIMEOUT_SEC, hooks: {}, checks: {}, missingTool: 'warn', private: [] };
}

function lineOfKey(text: string, key: string): number | undefined {
  const i = text.indexOf(JSON.stringify(key));
  return i < 0 ? undefined : text.slice(0, i).split('\n').length;
}

function lineOfJsonError(text: string, message: string): number | undefined {
  const lc = /line (\d+)/.exec(message);
  if (lc) return Number(lc[1]);
  const pos = /position (\d+)/.exec(message);
  if (pos) return text.slice(0, Number(pos[1])).split('\n').length;
  return undefined;
}

interface Located {
  file: string;
  text: string;
  value: unknown;
}

function readJson(root: string, rel: string): Located | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(root, rel), 'utf8');
  } catch {
    return undefined;
  }
  try {
    return { file: rel, text, value: JSON.parse(text) as unknown };
  } catch (e) {
    const msg = (e as Error).message;
    const line = lineOfJsonError(text, msg);
    throw new ConfigError(`${rel}${line ? `:${line}` : ''}: not valid JSON: ${msg}`);
  }
}

function findConfig(root: string): Located | undefined {
  for (const name of CONFIG_FILES) {
    const found = readJson(root, name);
    if (found) return found;
  }
  const pkg = readJson(root, 'package.json');
  if (pkg && typeof pkg.value === 'object' && pkg.value !== null && 'gohooks' in pkg.value) {
    return { ...pkg, file: 'package.json', value: (pkg.value as Record<string, unknown>).gohooks };
  }
  return undefined;
}

export function loadConfig(root: string, checks: readonly Check[]): Config {
  const found = findConfig(root);
  if (!found) return defaultConfig();
  return validateConfig(found.value, found.file, found.text, checks);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateConfig(value: unknown, file: string, text: string, checks: readonly Check[]): Config {
  const fail = (key: string, problem: string): never => {
    const line = lineOfKey(text, key.split('.').pop() ?? key);
    throw new ConfigError(`${file}${line ? `:${line}` : ''}: "${key}": ${problem}`);
  };
  const byId = new Map(checks.map((c) => [c.id, c]));
  const known = [...byId.keys()].join(', ');
  const checkId = (key: string, id: unknown) => {
    if (typeof id !== 'string' || !byId.has(id)) fail(key, `unknown check ${JSON.stringify(id)} (known: ${known})`);
    return id as string;
  };
  const idList = (key: string, v: unknown): string[] => {
    if (!Array.isArray(v)) return fail(key, 'must be an array of check ids');
    return v.map((id) => checkId(key, id));
  };

  if (!isObject(value)) return fail('gohooks', 'the configuration must be a JSON object');
  const config = defaultConfig();
  config.file = file;
  for (const [key, v] of Object.entries(value)) {
    switch (key) {
      case '$schema':
        if (typeof v !== 'string') fail(key, 'must be a string');
        break;
      case 'skip':
        config.skip = idList(key, v);
        break;
      case 'timeout':
        if (typeof v !== 'number' || !(v > 0)) fail(key, 'must be a number of seconds greater than 0');
        config.timeoutSec = v as number;
        break;
      case 'hooks':
        if (!isObject(v)) return fail(key, 'must be an object mapping a hook to a list of check ids');
        for (const [hook, ids] of Object.entries(v)) {
          if (!RUN_MODES.includes(hook as RunMode)) fail(`hooks.${hook}`, `unknown hook (known: ${RUN_MODES.join(', ')})`);
          config.hooks[hook as RunMode] = idList(`hooks.${hook}`, ids);
        }
        break;
      case 'checks':
        if (!isObject(v)) return fail(key, 'must be an object keyed by check id');
        for (const [id, cc] of Object.entries(v)) {
          const check = byId.get(checkId(`checks.${id}`, id))!;
          config.checks[id] = validateCheckConfig(`checks.${id}`, cc, check, fail);
        }
        break;
      case 'private':
        if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x !== ''))
          fail(key, 'must be a list of module path patterns, like ["git.corp.example", "github.com/acme/*"]');
        config.private = v as string[];
        break;
      case 'missingTool':
        if (v !== 'warn' && v !== 'fail') fail(key, 'must be "warn" or "fail"');
        config.missingTool = v as Config['missingTool'];
        break;
      case 'install': {
        if (!isObject(v)) return fail(key, 'must be an object like {"manager": "husky", "hooks": ["pre-commit", "pre-push"]}');
        const { manager, hooks, ...rest } = v;
        for (const extra of Object.keys(rest)) fail(`install.${extra}`, 'unknown key (known: manager, hooks)');
        if (!HOOK_MANAGERS.includes(manager as HookManager)) fail('install.manager', `must be one of ${HOOK_MANAGERS.join(', ')}`);
        if (!Array.isArray(hooks) || !hooks.every((h) => (INSTALLABLE_HOOKS as readonly unknown[]).includes(h))) {
          fail('install.hooks', `must be a list of ${INSTALLABLE_HOOKS.join(', ')}`);
        }
        config.install = { manager: manager as HookManager, hooks: hooks as string[] };
        break;
      }
      default:
        fail(key, 'unknown key (known: $schema, skip, timeout, hooks, checks, private, missingTool, install)');
    }
  }
  return config;
}

function validateCheckConfig(key: string, v: unknown, check: Check, fail: (k: string, p: string) => never): CheckConfig {
  if (!isObject(v)) return fail(key, 'must be an object with "severity" and/or "options"');
  const out: CheckConfig = {};
  for (const [k, val] of Object.entries(v)) {
    if (k === 'severity') {
      if (!SEVERITIES.includes(val as Severity)) fail(`${key}.severity`, `must be one of ${SEVERITIES.join(', ')}`);
      out.severity = val as CheckConfig['severity'];
    } else if (k === 'options') {
      if (!isObject(val)) return fail(`${key}.options`, 'must be an object');
      const specs = check.options ?? {};
      for (const [name, optVal] of Object.entries(val)) {
        const spec = specs[name];
        const optKey = `${key}.options.${name}`;
        if (!spec) fail(optKey, `unknown option (known: ${Object.keys(specs).join(', ') || 'none'})`);
        const ok =
          spec.type === 'string[]' ? Array.isArray(optVal) && optVal.every((x) => typeof x === 'string') : typeof optVal === spec.type;
        if (!ok) fail(optKey, `must be a ${spec.type}`);
      }
      out.options = val;
    } else {
      fail(`${key}.${k}`, 'unknown key (known: severity, options)');
    }
  }
  return out;
}
