// go.sum / go.work.sum parser. Mirrors cmd/go's readGoSum (modfetch/fetch.go):
// lines split on '\n', fields with strings.Fields (unicode.IsSpace, so CR,
// U+0085, U+00A0 and U+3000 separate fields too), blank lines skipped, a line
// without exactly three fields fatal ("malformed go.sum"), the emptyGoModHash
// line of an old go bug dropped. It also records what goes wrong later:
// merge-conflict markers, two hashes for one module version, malformed h1 hashes.

import { escapeControl, goSpaceClass } from './gotext.js';

export interface SumLine {
  path: string;
  version: string;
  /** true for the "<v>/go.mod" line, false for the module zip line. */
  goMod: boolean;
  hash: string;
  line: number;
}

export interface SumProblem {
  line: number;
  kind: 'malformed' | 'conflict-marker' | 'conflicting-hash' | 'bad-hash';
  /**
   * true when the go command refuses the whole file ("malformed go.sum: …:
   * wrong number of fields N"): every go command that reads it fails
   * (`go mod tidy` alone skips such lines). false for problems that only fail
   * when go needs that module's checksum ("checksum mismatch").
   */
  fatal: boolean;
  message: string;
}

interface VersionSums {
  zip?: SumLine;
  mod?: SumLine;
}

export interface GoSum {
  /** module path → version → its module (zip) and /go.mod lines (the first of each, as go lists them, whatever the hash). */
  entries: Map<string, Map<string, VersionSums>>;
  problems: SumProblem[];
  lineCount: number;
  crlf: boolean;
}

// A go.sum entry for a non-module that an old go bug wrote; go drops it silently.
const EMPTY_GO_MOD_HASH = 'h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=';
// base64 of a SHA-256: 43 characters and one "=" of padding.
const H1_LENGTH = 'h1:'.length + 44;

export function findSum(sum: GoSum, path: string, version: string, goMod: boolean): SumLine | undefined {
  const v = sum.entries.get(path)?.get(version);
  return goMod ? v?.mod : v?.zip;
}

// Any unicode.IsSpace rune but the plain space (and the newline, which never is inside a line):
// lines without one take the fast path.
const OTHER_SPACE = new RegExp(goSpaceClass(' \n'), 'u');
const FIELD_SPLIT = new RegExp(`${goSpaceClass()}+`, 'u');

/** strings.Fields for a go.sum line. */
function fields(raw: string, plain: boolean): string[] {
  if (plain || !OTHER_SPACE.test(raw)) {
    const a = raw.indexOf(' ');
    const b = a < 0 ? -1 : raw.indexOf(' ', a + 1);
    if (a > 0 && b > a + 1 && b < raw.length - 1 && raw.indexOf(' ', b + 1) < 0)
      return [raw.slice(0, a), raw.slice(a + 1, b), raw.slice(b + 1)];
    return raw.split(' ').filter((x) => x !== '');
  }
  return raw.split(FIELD_SPLIT).filter((x) => x !== '');
}

export function parseGoSum(text: string): GoSum {
  const entries: GoSum['entries'] = new Map();
  const problems: SumProblem[] = [];
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  // One scan of the whole text decides whether any line can hold a space other than ' '.
  const plain = !OTHER_SPACE.test(text);
  let crlf = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const lineNo = i + 1;
    if (raw.endsWith('\r')) crlf = true;
    const f = fields(raw, plain);
    if (f.length === 0) continue;
    if ('<=>|'.includes(raw[0]) && /^(<{7}|={7}|>{7}|\|{7})([ \t]|\r?$)/.test(raw)) {
      problems.push({
        line: lineNo,
        kind: 'conflict-marker',
        fatal: f.length !== 3,
        message: `merge conflict marker "${escapeControl(raw.trim().slice(0, 40))}"`,
      });
      // With three fields go reads it as a line like any other (and keeps it).
      if (f.length !== 3) continue;
    } else if (f.length !== 3) {
      problems.push({
        line: lineNo,
        kind: 'malformed',
        fatal: true,
        message: `wrong number of fields ${f.length} (want: module version hash)`,
      });
      continue;
    }
    const [path, rawVersion, hash] = f;
    if (hash === EMPTY_GO_MOD_HASH) continue;
    if (hash.startsWith('h1:') && (hash.length !== H1_LENGTH || hash[H1_LENGTH - 1] !== '=')) {
      problems.push({
        line: lineNo,
        kind: 'bad-hash',
        fatal: false,
        message: escapeControl(
          `malformed h1 hash "${hash}" for ${path} ${rawVersion}: go fails with "checksum mismatch" whenever it needs this module`,
        ),
      });
    }
    const goMod = rawVersion.endsWith('/go.mod');
    const version = goMod ? rawVersion.slice(0, -'/go.mod'.length) : rawVersion;
    let versions = entries.get(path);
    if (!versions) entries.set(path, (versions = new Map()));
    let sums = versions.get(version);
    if (!sums) versions.set(version, (sums = {}));
    const prev = goMod ? sums.mod : sums.zip;
    if (prev) {
      if (prev.hash !== hash && prev.hash.startsWith('h1:') && hash.startsWith('h1:')) {
        problems.push({
          line: lineNo,
          kind: 'conflicting-hash',
          fatal: false,
          message: escapeControl(`${path} ${rawVersion} has two different hashes (line ${prev.line} and line ${lineNo})`),
        });
      }
      continue;
    }
    const entry = { path, version, goMod, hash, line: lineNo };
    if (goMod) sums.mod = entry;
    else sums.zip = entry;
  }
  return { entries, problems, lineCount: lines.length, crlf };
}
