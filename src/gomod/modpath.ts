// Module paths and versions: the rules of golang.org/x/mod/module and /semver
// that gohooks needs (canonical versions, major-version suffixes, cache escaping).

const SEMVER =
  /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** A version the go command writes into go.mod: vX.Y.Z[-pre][+incompatible]. */
export function isCanonicalVersion(v: string): boolean {
  const m = SEMVER.exec(v);
  return m !== null && (m[5] === undefined || m[5] === 'incompatible');
}

/** "v2.3.4" → "v2"; "" when the version is not semver. */
export function semverMajor(v: string): string {
  const m = SEMVER.exec(v);
  return m ? `v${m[1]}` : '';
}

export function isIncompatible(v: string): boolean {
  return v.endsWith('+incompatible');
}

/**
 * The major-version suffix of a module path: "/v2" for example.com/m/v2,
 * ".v3" for gopkg.in/yaml.v3, "" for none. undefined when the suffix itself
 * is invalid ("/v1", "/v0", "/v02"), as module.SplitPathVersion reports.
 */
export function pathMajor(path: string): string | undefined {
  if (path.startsWith('gopkg.in/')) {
    const m = /\.(v(?:0|[1-9]\d*))(-unstable)?$/.exec(path);
    return m ? `.${m[1]}${m[2] ?? ''}` : undefined;
  }
  const m = /\/v(\d+)$/.exec(path);
  if (!m) return '';
  if (m[1].startsWith('0') || m[1] === '1') return undefined;
  return `/v${m[1]}`;
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
    if (m === 'v0' || m === 'v1' || isIncompatible(v)) return undefined;
    return `should be v0 or v1, not ${m}`;
  }
  if (m === pm.slice(1)) {
    if (isIncompatible(v)) return `+incompatible is not allowed on a ${pm} path`;
    return undefined;
  }
  return `should be ${pm.slice(1)}, not ${m}`;
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

/** Rough module path check (module.CheckPath): dotted first element, no spaces or odd characters. */
export function modulePathProblem(p: string): string | undefined {
  if (p === '') return 'empty module path';
  if (/[\s"'`\\]/.test(p)) return 'module path contains a space, quote or backslash';
  if (p.startsWith('/') || p.endsWith('/') || p.includes('//')) return 'module path has a leading, trailing or double slash';
  return undefined;
}
