// The files //go:embed patterns select in a package directory, as
// cmd/go/internal/load.resolveEmbed finds them: path.Match globs per element,
// directories walked without hidden (. _) files unless "all:", module
// boundaries (a go.mod) and VCS directories left out.

import { existsSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';

const BAD_WINDOWS = new Set([
  'CON',
  'PRN',
  'AUX',
  'NUL',
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((i) => [`COM${i}`, `LPT${i}`]),
  'COM¹',
  'COM²',
  'COM³',
  'LPT¹',
  'LPT²',
  'LPT³',
]);

/** module.CheckFilePath for one element, plus the VCS directories resolveEmbed refuses (isBadEmbedName). */
export function isBadEmbedName(name: string): boolean {
  if (name === '' || /^\.+$/.test(name) || name.endsWith('.')) return true;
  if (['.bzr', '.hg', '.git', '.svn'].includes(name)) return true;
  for (const c of name) {
    if (c.charCodeAt(0) < 0x80) {
      if (!/[0-9A-Za-z!#$%&()+,\-.=@[\]^_{}~ ]/.test(c)) return true;
    } else if (!/\p{L}/u.test(c)) return true;
  }
  const short = name.includes('.') ? name.slice(0, name.indexOf('.')) : name;
  return BAD_WINDOWS.has(short.toUpperCase());
}

/** path.Match for one path element; undefined for a malformed pattern (ErrBadPattern). */
export function matchElement(pattern: string, name: string): boolean | undefined {
  // Compile to a regular expression, validating the whole pattern as path.Match does.
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      if (i + 1 >= pattern.length) return undefined;
      re += escapeRe(pattern[++i]);
    } else if (c === '[') {
      let j = i + 1;
      let cls = '';
      let negated = false;
      if (pattern[j] === '^') {
        negated = true;
        j++;
      }
      let first = true;
      for (;;) {
        if (j >= pattern.length) return undefined;
        if (pattern[j] === ']' && !first) break;
        let lo = pattern[j];
        if (lo === '\\') {
          if (++j >= pattern.length) return undefined;
          lo = pattern[j];
        } else if (lo === '-' || lo === ']') return undefined;
        j++;
        let hi = lo;
        if (pattern[j] === '-') {
          j++;
          if (j >= pattern.length) return undefined;
          hi = pattern[j];
          if (hi === '\\') {
            if (++j >= pattern.length) return undefined;
            hi = pattern[j];
          } else if (hi === ']' || hi === '-') return undefined;
          j++;
        }
        cls += `${escapeClass(lo)}-${escapeClass(hi)}`;
        first = false;
      }
      re += negated ? `(?![${cls}])[^/]` : `[${cls}]`;
      i = j;
    } else re += escapeRe(c);
  }
  try {
    return new RegExp(`^${re}$`, 'su').test(name);
  } catch {
    return undefined;
  }
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function escapeClass(c: string): string {
  return c.replace(/[\]\\^-]/g, '\\$&');
}

const META = /[*?[\\]/;

/** fs.ValidPath and not ".": what validEmbedPattern accepts. */
function validPattern(glob: string): boolean {
  if (glob === '.' || glob === '' || glob.startsWith('/') || glob.endsWith('/')) return false;
  return glob.split('/').every((e) => e !== '' && e !== '.' && e !== '..');
}

function isDir(p: string): boolean {
  try {
    return lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** filepath.Glob below base: elements matched one directory at a time, results sorted. */
function glob(base: string, elems: string[]): string[] {
  let current = [base];
  for (const e of elems) {
    const next: string[] = [];
    for (const dir of current) {
      if (!META.test(e)) {
        const p = path.join(dir, e);
        if (existsLstat(p)) next.push(p);
        continue;
      }
      if (!isDir(dir)) continue;
      let names: string[];
      try {
        names = readdirSync(dir).sort();
      } catch {
        continue;
      }
      for (const n of names) if (matchElement(e, n)) next.push(path.join(dir, n));
    }
    current = next;
  }
  return current;
}

function existsLstat(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

export class EmbedError extends Error {}

/** load.resolveEmbed: the files (relative to pkgDir, forward slashes) that the patterns embed. */
export function resolveEmbed(pkgDir: string, patterns: string[]): string[] {
  const files = new Set<string>();
  const dirOK = new Set<string>();
  for (const pattern of patterns) {
    const all = pattern.startsWith('all:');
    const g = all ? pattern.slice(4) : pattern;
    if (matchElement(g.replace(/\//g, ''), '') === undefined || !validPattern(g))
      throw new EmbedError(`invalid pattern syntax: ${pattern}`);
    let count = 0;
    for (const file of glob(pkgDir, g.split('/'))) {
      const rel = path.relative(pkgDir, file).split(path.sep).join('/');
      const info = lstatSync(file);
      for (let dir = file; dir.length > pkgDir.length + 1 && !dirOK.has(dir); dir = path.dirname(dir)) {
        if (existsSync(path.join(dir, 'go.mod'))) throw new EmbedError(`cannot embed ${rel}: in different module`);
        if (dir !== file && !isDir(dir)) throw new EmbedError(`cannot embed ${rel}: in non-directory`);
        dirOK.add(dir);
        if (isBadEmbedName(path.basename(dir))) throw new EmbedError(`cannot embed ${rel}: invalid name`);
      }
      if (info.isFile()) {
        files.add(rel);
        count++;
      } else if (info.isDirectory()) {
        let inDir = 0;
        const walk = (d: string) => {
          for (const name of readdirSync(d).sort()) {
            const p = path.join(d, name);
            const st = lstatSync(p);
            if (isBadEmbedName(name) || ((name[0] === '.' || name[0] === '_') && !all)) {
              if (st.isDirectory() || name[0] === '.' || name[0] === '_') continue;
              throw new EmbedError(`cannot embed file ${name}: invalid name`);
            }
            if (st.isDirectory()) {
              if (!existsSync(path.join(p, 'go.mod'))) walk(p);
            } else if (st.isFile()) {
              files.add(path.relative(pkgDir, p).split(path.sep).join('/'));
              inDir++;
            }
          }
        };
        walk(file);
        if (inDir === 0) throw new EmbedError(`cannot embed directory ${rel}: contains no embeddable files`);
        count++;
      } else {
        throw new EmbedError(`cannot embed irregular file ${rel}`);
      }
    }
    if (count === 0) throw new EmbedError(`pattern ${pattern}: no matching files found`);
  }
  return [...files].sort();
}
