// Module paths and versions: the rules of golang.org/x/mod/module and /semver
// as the go command applies them (ports of semver.parse, module.CanonicalVersion,
// SplitPathVersion, CheckPathMajor, CheckPath, CheckImportPath), plus cache escaping.

import { goQuote, goQuoteRune, hasInvalidUTF8 } from './gotext.js';

interface ParsedSemver {
  major: string;
  /** ".0.0" or ".0" when the version was written short (v1, v1.2), else "". */
  short: string;
  build: string;
}

function parseInt(v: string, at: number): number {
  if (at >= v.length || v.charCodeAt(at) < 48 || v.charCodeAt(at) > 57) return -1;
  let i = at + 1;
  while (i < v.length && v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57) i++;
  if (v[at] === '0' && i !== at + 1) return -1;
  return i;
}

const isIdentChar = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45;
const isBadNum = (s: string) => /^0[0-9]+$/.test(s);

/** Parses dot-separated identifiers from `at` (after "-" or "+") up to `stop`; returns the end or -1. */
function parseIdents(v: string, at: number, prerelease: boolean): number {
  let i = at;
  let start = at;
  while (i < v.length && !(prerelease && v[i] === '+')) {
    const c = v.charCodeAt(i);
    if (!isIdentChar(c) && c !== 46) return -1;
    if (c === 46) {
      if (start === i || (prerelease && isBadNum(v.slice(start, i)))) return -1;
      start = i + 1;
    }
    i++;
  }
  if (start === i || (prerelease && isBadNum(v.slice(start, i)))) return -1;
  return i;
}

/** golang.org/x/mod/semver's parse: undefined when v is not a semantic version. */
function parseSemver(v: string): ParsedSemver | undefined {
  if (v === '' || v[0] !== 'v') return undefined;
  let i = parseInt(v, 1);
  if (i < 0) return undefined;
  const major = v.slice(1, i);
  if (i === v.length) return { major, short: '.0.0', build: '' };
  if (v[i] !== '.') return undefined;
  i = parseInt(v, i + 1);
  if (i < 0) return undefined;
  if (i === v.length) return { major, short: '.0', build: '' };
  if (v[i] !== '.') return undefined;
  i = parseInt(v, i + 1);
  if (i < 0) return undefined;
  if (i < v.length && v[i] === '-') {
    i = parseIdents(v, i + 1, true);
    if (i < 0) return undefined;
  }
  let build = '';
  if (i < v.length && v[i] === '+') {
    const end = parseIdents(v, i + 1, false);
    if (end < 0) return undefined;
    build = v.slice(i, end);
    i = end;
  }
  if (i !== v.length) return undefined;
  return { major, short: '', build };
}

/** semver.IsValid. */
export function isValidSemver(v: string): boolean {
  return parseSemver(v) !== undefined;
}

/**
 * module.CanonicalVersion: semver.Canonical, keeping "+incompatible".
 * "" when v is not a semantic version; "v1.2" → "v1.2.0", "v1.2.3+meta" → "v1.2.3".
 */
export function canonicalVersion(v: string): string {
  const p = parseSemver(v);
  if (!p) return '';
  let cv = p.build !== '' ? v.slice(0, v.length - p.build.length) : v + p.short;
  if (p.build === '+incompatible') cv += '+incompatible';
  return cv;
}

/** A version the go command writes into go.mod: module.CanonicalVersion(v) == v. */
export function isCanonicalVersion(v: string): boolean {
  return v !== '' && canonicalVersion(v) === v;
}

/** semver.Major: "v2.3.4" → "v2", "v2" → "v2"; "" when the version is not semver. */
export function semverMajor(v: string): string {
  const p = parseSemver(v);
  return p ? `v${p.major}` : '';
}

/** semver.Build: "+incompatible" for v2.0.0+incompatible. */
export function semverBuild(v: string): string {
  return parseSemver(v)?.build ?? '';
}

export function isIncompatible(v: string): boolean {
  return semverBuild(v) === '+incompatible';
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** module.SplitPathVersion's pathMajor, undefined when it reports !ok. */
function splitPathMajor(path: string): string | undefined {
  if (path.startsWith('gopkg.in/')) {
    let i = path.length;
    if (path.endsWith('-unstable')) i -= '-unstable'.length;
    while (i > 0 && isDigit(path[i - 1])) i--;
    if (i <= 1 || path[i - 1] !== 'v' || path[i - 2] !== '.') return undefined;
    const major = path.slice(i - 2);
    if (major.length <= 2 || (major[2] === '0' && major !== '.v0')) return undefined;
    return major;
  }
  let i = path.length;
  let dot = false;
  while (i > 0 && (isDigit(path[i - 1]) || path[i - 1] === '.')) {
    if (path[i - 1] === '.') dot = true;
    i--;
  }
  if (i <= 1 || i === path.length || path[i - 1] !== 'v' || path[i - 2] !== '/') return '';
  const major = path.slice(i - 2);
  if (dot || major.length <= 2 || major[2] === '0' || major === '/v1') return undefined;
  return major;
}

/**
 * The major-version suffix of a module path: "/v2" for example.com/m/v2,
 * ".v3" for gopkg.in/yaml.v3, "" for none. undefined when the suffix itself
 * is invalid ("/v1", "/v0", "/v02", "/v2.1"), as module.SplitPathVersion reports.
 */
export function pathMajor(path: string): string | undefined {
  return splitPathMajor(path);
}

/**
 * module.CheckPathMajor: undefined when version v is allowed for a path with
 * suffix major, else the go command's complaint ("should be v2, not v3").
 */
export function checkPathMajor(v: string, major: string): string | undefined {
  let pm = major;
  if (pm.startsWith('.v') && pm.endsWith('-unstable')) pm = pm.slice(0, -'-unstable'.length);
  if (v.startsWith('v0.0.0-') && pm === '.v1') return undefined; // gopkg.in pseudo-versions
  const m = semverMajor(v);
  if (pm === '') {
    if (m === 'v0' || m === 'v1' || semverBuild(v) === '+incompatible') return undefined;
    return `should be v0 or v1, not ${m}`;
  }
  if (pm[0] === '/' || pm[0] === '.') {
    if (m === pm.slice(1)) return undefined;
    pm = pm.slice(1);
  }
  return `should be ${pm}, not ${m}`;
}

/** module.EscapePath / EscapeVersion: upper-case letters become "!" + lower case. */
export function escapeModulePath(p: string): string {
  return p.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

/** modfile.IsDirectoryPath: a replacement that is a directory, in Unix or Windows syntax. */
export function isDirectoryPath(p: string): boolean {
  return (
    p === '.' ||
    p === '..' ||
    p.startsWith('./') ||
    p.startsWith('.\\') ||
    p.startsWith('../') ||
    p.startsWith('..\\') ||
    p.startsWith('/') ||
    p.startsWith('\\') ||
    /^[A-Za-z]:/.test(p)
  );
}

type PathKind = 'module' | 'import';

const BAD_WINDOWS_NAMES = new Set(['CON', 'PRN', 'AUX', 'NUL', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`COM${n}`, `LPT${n}`])]);

function pathCharOK(c: string, kind: PathKind): boolean {
  if (c.length !== 1 || c.charCodeAt(0) >= 0x80) return false;
  return /[-._~0-9A-Za-z]/.test(c) || (kind === 'import' && c === '+');
}

function checkElem(elem: string, kind: PathKind): string | undefined {
  if (elem === '') return 'empty path element';
  if (/^\.*$/.test(elem)) return `invalid path element ${goQuote(elem)}`;
  if (elem[0] === '.' && kind === 'module') return 'leading dot in path element';
  if (elem.endsWith('.')) return 'trailing dot in path element';
  for (const c of elem) if (!pathCharOK(c, kind)) return `invalid char ${goQuoteRune(c.codePointAt(0)!)}`;
  const dot = elem.indexOf('.');
  const short = dot >= 0 ? elem.slice(0, dot) : elem;
  if (BAD_WINDOWS_NAMES.has(short.toUpperCase())) return `${goQuote(short)} disallowed as path element component on Windows`;
  const tilde = short.lastIndexOf('~');
  if (tilde >= 0 && tilde < short.length - 1 && /^[0-9]+$/.test(short.slice(tilde + 1))) return 'trailing tilde and digits in path element';
  return undefined;
}

function checkPath(path: string, kind: PathKind): string | undefined {
  if (hasInvalidUTF8(path)) return 'invalid UTF-8';
  if (path === '') return 'empty string';
  if (path[0] === '-') return 'leading dash';
  if (path.includes('//')) return 'double slash';
  if (path.endsWith('/')) return 'trailing slash';
  for (const elem of path.split('/')) {
    const problem = checkElem(elem, kind);
    if (problem) return problem;
  }
  return undefined;
}

/** module.CheckImportPath's reason, undefined when the path is valid (what go checks a main module's path with). */
export function importPathProblem(path: string): string | undefined {
  return checkPath(path, 'import');
}

/** module.CheckPath's reason (a path that can be downloaded: dotted first element), undefined when valid. */
export function modulePathCheck(path: string): string | undefined {
  const problem = checkPath(path, 'module');
  if (problem) return problem;
  const i = path.indexOf('/') < 0 ? path.length : path.indexOf('/');
  if (i === 0) return 'leading slash';
  const first = path.slice(0, i);
  if (!first.includes('.')) return 'missing dot in first path element';
  if (path[0] === '-') return 'leading dash in first path element';
  for (const c of first) if (!/[-.0-9a-z]/.test(c)) return `invalid char ${goQuoteRune(c.codePointAt(0)!)} in first path element`;
  if (splitPathMajor(path) === undefined) return 'invalid version';
  return undefined;
}

/**
 * Why the go command rejects p as a main module's path (module.CheckImportPath,
 * as modload applies it when it loads go.mod), undefined when it accepts it.
 */
export function modulePathProblem(p: string): string | undefined {
  return importPathProblem(p);
}
