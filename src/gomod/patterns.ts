// GOPRIVATE-style pattern lists (GOPRIVATE, GONOPROXY, GONOSUMDB, GOINSECURE),
// as golang.org/x/mod/module.MatchPrefixPatterns and Go's path.Match define
// them: comma-separated, empty entries skipped, a trailing "/" trimmed, no
// white space trimming, a glob with N slashes matched against the first N+1
// path elements, "*" never crossing "/", a malformed glob never matching.

class BadPattern extends Error {}

/** Go's path.Match. Throws BadPattern for a malformed pattern. */
export function pathMatch(pattern: string, name: string): boolean {
  let p = pattern;
  let n = name;
  pattern: while (p.length > 0) {
    let star = false;
    while (p.startsWith('*')) {
      p = p.slice(1);
      star = true;
    }
    const { chunk, rest } = scanChunk(p);
    p = rest;
    if (star && chunk === '') {
      // Trailing * matches the rest unless it has a /.
      return !n.includes('/');
    }
    // Look for a match at the current position.
    const [t, ok] = matchChunk(chunk, n);
    if (ok && (t.length === 0 || p.length > 0)) {
      n = t;
      continue;
    }
    if (star) {
      // Look for a match skipping i+1 bytes; cannot skip /.
      for (let i = 0; i < n.length && n[i] !== '/'; i++) {
        const [t2, ok2] = matchChunk(chunk, n.slice(i + 1));
        if (ok2) {
          if (p.length === 0 && t2.length > 0) continue;
          n = t2;
          continue pattern;
        }
      }
    }
    // Before returning false with no error, check that the remainder of the pattern is well formed.
    while (p.length > 0) {
      while (p.startsWith('*')) p = p.slice(1);
      const sc = scanChunk(p);
      p = sc.rest;
      matchChunk(sc.chunk, '');
    }
    return false;
  }
  return n.length === 0;
}

function scanChunk(pattern: string): { chunk: string; rest: string } {
  let inRange = false;
  let i = 0;
  scan: for (; i < pattern.length; i++) {
    switch (pattern[i]) {
      case '\\':
        if (i + 1 < pattern.length) i++;
        break;
      case '[':
        inRange = true;
        break;
      case ']':
        inRange = false;
        break;
      case '*':
        if (!inRange) break scan;
    }
  }
  return { chunk: pattern.slice(0, i), rest: pattern.slice(i) };
}

/** Matches chunk at the start of s; returns the rest of s. Throws BadPattern. */
function matchChunk(chunk: string, s: string): [string, boolean] {
  // failed records whether the match has failed; after that it only checks the pattern is valid.
  let failed = false;
  let c = chunk;
  while (c.length > 0) {
    if (!failed && s.length === 0) failed = true;
    switch (c[0]) {
      case '[': {
        let r = '';
        if (!failed) r = String.fromCodePoint(s.codePointAt(0)!);
        if (!failed) s = s.slice(r.length);
        c = c.slice(1);
        let negated = false;
        if (c.startsWith('^')) {
          negated = true;
          c = c.slice(1);
        }
        let match = false;
        let nrange = 0;
        for (;;) {
          if (c.length > 0 && c[0] === ']' && nrange > 0) {
            c = c.slice(1);
            break;
          }
          let lo: string;
          [lo, c] = getEsc(c);
          let hi = lo;
          if (c[0] === '-') {
            [hi, c] = getEsc(c.slice(1));
          }
          if (lo <= r && r <= hi) match = true;
          nrange++;
        }
        if (match === negated) failed = true;
        break;
      }
      case '?':
        if (!failed) {
          if (s[0] === '/') failed = true;
          s = s.slice(String.fromCodePoint(s.codePointAt(0) ?? 0).length);
        }
        c = c.slice(1);
        break;
      default:
        if (c[0] === '\\') {
          // an escaped character matches itself
          c = c.slice(1);
          if (c.length === 0) throw new BadPattern();
        }
        if (!failed) {
          if (c[0] !== s[0]) failed = true;
          s = s.slice(1);
        }
        c = c.slice(1);
    }
  }
  if (failed) return ['', false];
  return [s, true];
}

function getEsc(chunk: string): [string, string] {
  if (chunk.length === 0 || chunk[0] === '-' || chunk[0] === ']') throw new BadPattern();
  let c = chunk;
  if (c[0] === '\\') {
    c = c.slice(1);
    if (c.length === 0) throw new BadPattern();
  }
  const r = String.fromCodePoint(c.codePointAt(0)!);
  c = c.slice(r.length);
  if (c.length === 0) throw new BadPattern();
  return [r, c];
}

/** Whether a glob is well-formed for path.Match. */
export function isValidGlob(glob: string): boolean {
  try {
    pathMatch(glob, '');
    return true;
  } catch {
    return false;
  }
}

/** The non-empty entries of a pattern list, as the go command splits it (no trimming of spaces). */
export function patternEntries(list: string): string[] {
  return list
    .split(',')
    .map((g) => g.replace(/\/$/, ''))
    .filter((g) => g !== '');
}

/**
 * The entries of a pattern list as they were meant: white space trimmed, a URL scheme and
 * user:token@ taken off, malformed globs dropped (they never match). For fix commands.
 */
export function cleanPatternList(list: string): string[] {
  const cleaned = patternEntries(list).map((e) =>
    e
      .trim()
      .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
      .replace(/^[^/@]*@/, ''),
  );
  return [...new Set(cleaned.filter((e) => e !== '' && patternProblems(e).length === 0))];
}

/** The entry of `globs` that matches `target`, or undefined. */
export function matchingPattern(globs: string, target: string): string | undefined {
  for (const glob of patternEntries(globs)) {
    // A glob with N slashes is matched against the first N+1 path elements.
    let n = (glob.match(/\//g) ?? []).length;
    let prefix = target;
    for (let i = 0; i < target.length; i++) {
      if (target[i] === '/') {
        if (n === 0) {
          prefix = target.slice(0, i);
          break;
        }
        n--;
      }
    }
    if (n > 0) continue;
    try {
      if (pathMatch(glob, prefix)) return glob;
    } catch {
      // a malformed glob never matches
    }
  }
  return undefined;
}

/** module.MatchPrefixPatterns */
export function matchPrefixPatterns(globs: string, target: string): boolean {
  return matchingPattern(globs, target) !== undefined;
}

export interface PatternProblem {
  entry: string;
  problem: string;
}

/** What is wrong with a pattern list's entries: they silently never match. */
export function patternProblems(list: string): PatternProblem[] {
  const out: PatternProblem[] = [];
  for (const raw of list.split(',')) {
    if (raw === '') continue;
    const entry = raw.replace(/\/$/, '');
    if (/^\s|\s$/.test(raw))
      out.push({ entry: raw, problem: 'has white space around it (the go command does not trim it, so it never matches)' });
    else if (entry.includes('://'))
      out.push({ entry: raw, problem: 'has a URL scheme; patterns are module path prefixes such as github.com/acme' });
    else if (!isValidGlob(entry)) out.push({ entry: raw, problem: 'is a malformed glob, which never matches' });
  }
  return out;
}
