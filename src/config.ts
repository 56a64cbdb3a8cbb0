// gohooks.json / .gohooks.json / package.json "gohooks": optional configuration.
// Validated against the checks' own meta (ids, hooks, options and their types),
// collecting every problem, each with file:line and key. The published schema,
// templates/gohooks.schema.json, is generated from the same meta (dev/schema.ts).
// A configuration that exists but cannot be read or is invalid is exit 2.

import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './errors.js';
import { scanJson } from './json-lines.js';
import { HOOK_NAMES, RUN_MODES, type CheckMeta, type OptionSpec, type RunMode, type Severity } from './types.js';

export const CONFIG_FILES = ['gohooks.json', '.gohooks.json'] as const;
export const SEVERITY_SETTINGS: readonly (Severity | 'off')[] = ['error', 'warning', 'info', 'off'];
export type HookManager = 'husky' | 'git-hooks' | 'hooks-path';
export const HOOK_MANAGERS: readonly HookManager[] = ['husky', 'git-hooks', 'hooks-path'];
export const DEFAULT_TIMEOUT_SEC = 120;
/** A day: long enough for any module cache, and far below Node's 2^31-1 ms timer limit. */
export const MAX_TIMEOUT_SEC = 86_400;

export interface CheckConfig {
  /** Replaces the severity of the check's errors and warnings; "off" drops them. */
  severity?: Severity | 'off';
  options?: Record<string, unknown>;
}

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
  /** What could not be checked is an error, not a warning (CI that must be sure). */
  strict: boolean;
}

/** The top-level keys, with what each holds: the error messages and the schema read this one list. */
export const CONFIG_KEYS = ['$schema', 'skip', 'timeout', 'hooks', 'checks', 'private', 'missingTool', 'strict', 'install'] as const;

export function defaultConfig(): Config {
  return { skip: [], timeoutSec: DEFAULT_TIMEOUT_SEC, hooks: {}, checks: {}, missingTool: 'warn', private: [], strict: false };
}

/** A copy of config with one check option set (gohooks doctor --sizes). */
export function withOption(config: Config, checkId: string, name: string, value: unknown): Config {
  const cc = config.checks[checkId] ?? {};
  return { ...config, checks: { ...config.checks, [checkId]: { ...cc, options: { ...cc.options, [name]: value } } } };
}

interface Located {
  file: string;
  text: string;
  value: unknown;
  keyLines: Map<string, number>;
  /** The dotted path of the configuration inside the document ("gohooks" in package.json). */
  base: string;
}

function isInside(parent: string, child: string): boolean {
  const r = path.relative(parent, child);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}

/** The text of a config file at the root; undefined when there is none. Anything else unreadable is a ConfigError. */
function readConfigText(root: string, rel: string): string | undefined {
  const file = path.join(root, rel);
  try {
    lstatSync(file);
  } catch {
    return undefined;
  }
  try {
    // A config file that is a symlink out of the repository is never read: it could be a token file.
    const real = realpathSync(file);
    if (!isInside(realpathSync(root), real)) {
      throw new ConfigError(
        `${rel}: is a symlink to a file outside the repository; gohooks does not read it (replace it with a regular file)`,
      );
    }
    return readFileSync(real, 'utf8');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'EISDIR'
        ? 'is a directory'
        : code === 'ELOOP'
          ? 'is a symlink loop'
          : code === 'EACCES'
            ? 'is not readable (permission denied)'
            : `cannot be read (${code ?? (e as Error).message})`;
    throw new ConfigError(`${rel}: ${why}; fix or remove it`);
  }
}

function readJson(root: string, rel: string): Omit<Located, 'base'> | undefined {
  const text = readConfigText(root, rel);
  if (text === undefined) return undefined;
  const scan = scanJson(text);
  if (!scan.ok) throw new ConfigError(`${rel}:${scan.line}:${scan.column}: not valid JSON: expected ${scan.expected}`);
  return { file: rel, text, value: scan.value, keyLines: scan.keyLines };
}

function findConfig(root: string): Located | undefined {
  for (const name of CONFIG_FILES) {
    const found = readJson(root, name);
    if (found) return { ...found, base: '' };
  }
  const pkg = readJson(root, 'package.json');
  if (pkg && typeof pkg.value === 'object' && pkg.value !== null && 'gohooks' in pkg.value) {
    return { ...pkg, value: (pkg.value as Record<string, unknown>).gohooks, base: 'gohooks' };
  }
  return undefined;
}

export function loadConfig(root: string, checks: readonly CheckMeta[]): Config {
  const found = findConfig(root);
  if (!found) return defaultConfig();
  return validateConfig(found, checks);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function optionTypeOk(spec: OptionSpec, v: unknown): boolean {
  return spec.type === 'string[]' ? Array.isArray(v) && v.every((x) => typeof x === 'string') : typeof v === spec.type;
}

export function validateConfig(
  doc: Pick<Located, 'file' | 'value' | 'keyLines'> & { base?: string },
  checks: readonly CheckMeta[],
): Config {
  const problems: { line: number; text: string }[] = [];
  // `at`: the dotted path whose line is reported (a list element), when it is not the key itself.
  const problem = (key: string, text: string, at = key): void => {
    const full = doc.base ? `${doc.base}.${at}` : at;
    const line = doc.keyLines.get(full) ?? doc.keyLines.get(doc.base ?? '') ?? 1;
    problems.push({ line, text: `${doc.file}:${line}: "${key}": ${text}` });
  };
  const byId = new Map(checks.map((c) => [c.id, c]));
  const known = [...byId.keys()].join(', ');
  const idList = (key: string, v: unknown): string[] => {
    if (!Array.isArray(v)) {
      problem(key, 'must be an array of check ids');
      return [];
    }
    return v.filter((id, i) => {
      if (typeof id === 'string' && byId.has(id)) return true;
      problem(key, `unknown check ${JSON.stringify(id)} (known: ${known})`, `${key}.${i}`);
      return false;
    });
  };

  const config = defaultConfig();
  config.file = doc.file;
  if (!isObject(doc.value)) {
    problem(doc.base || 'gohooks', 'the configuration must be a JSON object');
  } else {
    for (const [key, v] of Object.entries(doc.value)) {
      switch (key) {
        case '$schema':
          if (typeof v !== 'string') problem(key, 'must be a string');
          break;
        case 'skip':
          config.skip = idList(key, v);
          break;
        case 'timeout':
          if (typeof v !== 'number' || !(v > 0 && v <= MAX_TIMEOUT_SEC))
            problem(key, `must be a number of seconds, more than 0 and at most ${MAX_TIMEOUT_SEC}`);
          else config.timeoutSec = v;
          break;
        case 'hooks':
          if (!isObject(v)) {
            problem(key, 'must be an object mapping a hook to a list of check ids');
            break;
          }
          for (const [hook, ids] of Object.entries(v)) {
            if (!RUN_MODES.includes(hook as RunMode)) problem(`hooks.${hook}`, `unknown hook (known: ${RUN_MODES.join(', ')})`);
            else config.hooks[hook as RunMode] = idList(`hooks.${hook}`, ids);
          }
          break;
        case 'checks':
          if (!isObject(v)) {
            problem(key, 'must be an object keyed by check id');
            break;
          }
          for (const [id, cc] of Object.entries(v)) {
            const check = byId.get(id);
            if (!check) problem(`checks.${id}`, `unknown check ${JSON.stringify(id)} (known: ${known})`);
            else config.checks[id] = checkConfig(`checks.${id}`, cc, check, problem);
          }
          break;
        case 'private':
          if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x !== ''))
            problem(key, 'must be a list of module path patterns, like ["git.corp.example", "github.com/acme/*"]');
          else config.private = v as string[];
          break;
        case 'missingTool':
          if (v !== 'warn' && v !== 'fail') problem(key, 'must be "warn" or "fail"');
          else config.missingTool = v;
          break;
        case 'strict':
          if (typeof v !== 'boolean') problem(key, 'must be true or false');
          else config.strict = v;
          break;
        case 'install':
          config.install = installConfig(v, problem);
          break;
        default:
          problem(key, `unknown key (known: ${CONFIG_KEYS.join(', ')})`);
      }
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(
      problems
        .sort((a, b) => a.line - b.line)
        .map((p) => p.text)
        .join('\n'),
    );
  }
  return config;
}

function installConfig(v: unknown, problem: (key: string, text: string) => void): Config['install'] {
  if (!isObject(v)) {
    problem('install', 'must be an object like {"manager": "husky", "hooks": ["pre-commit", "pre-push"]}');
    return undefined;
  }
  const { manager, hooks, ...rest } = v;
  let ok = true;
  for (const extra of Object.keys(rest)) {
    problem(`install.${extra}`, 'unknown key (known: manager, hooks)');
    ok = false;
  }
  if (!HOOK_MANAGERS.includes(manager as HookManager)) {
    problem('install.manager', `must be one of ${HOOK_MANAGERS.join(', ')}`);
    ok = false;
  }
  if (!Array.isArray(hooks) || !hooks.every((h) => (HOOK_NAMES as readonly unknown[]).includes(h))) {
    problem('install.hooks', `must be a list of ${HOOK_NAMES.join(', ')}`);
    ok = false;
  }
  return ok ? { manager: manager as HookManager, hooks: hooks as string[] } : undefined;
}

function checkConfig(key: string, v: unknown, check: CheckMeta, problem: (key: string, text: string) => void): CheckConfig {
  if (!isObject(v)) {
    problem(key, 'must be an object with "severity" and/or "options"');
    return {};
  }
  const out: CheckConfig = {};
  for (const [k, val] of Object.entries(v)) {
    if (k === 'severity') {
      if (!SEVERITY_SETTINGS.includes(val as Severity)) problem(`${key}.severity`, `must be one of ${SEVERITY_SETTINGS.join(', ')}`);
      else out.severity = val as CheckConfig['severity'];
    } else if (k === 'options') {
      if (!isObject(val)) {
        problem(`${key}.options`, 'must be an object');
        continue;
      }
      const specs = check.options ?? {};
      const options: Record<string, unknown> = {};
      for (const [name, optVal] of Object.entries(val)) {
        const spec = specs[name];
        if (!spec) problem(`${key}.options.${name}`, `unknown option (known: ${Object.keys(specs).join(', ') || 'none'})`);
        else if (!optionTypeOk(spec, optVal)) problem(`${key}.options.${name}`, `must be a ${spec.type}`);
        else options[name] = optVal;
      }
      out.options = options;
    } else {
      problem(`${key}.${k}`, 'unknown key (known: severity, options)');
    }
  }
  return out;
}
