// go.sum parser. Mirrors cmd/go's readGoSum (fields split on white space, so
// CRLF parses) and records what go itself would trip over: wrong field counts,
// merge-conflict markers, and two hashes for one module version.

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
  message: string;
}

interface VersionSums {
  zip?: SumLine;
  mod?: SumLine;
}

export interface GoSum {
  /** module path → version → its module (zip) and /go.mod lines (the first of each). */
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

/** strings.Fields for a go.sum line; the common "a b c" shape without a regex. */
function fields(raw: string): string[] {
  const a = raw.indexOf(' ');
  const b = a < 0 ? -1 : raw.indexOf(' ', a + 1);
  if (
    a > 0 &&
    b > a + 1 &&
    b < raw.length - 1 &&
    raw.indexOf(' ', b + 1) < 0 &&
    raw.indexOf('\t') < 0 &&
    raw.charCodeAt(raw.length - 1) !== 13
  ) {
    return [raw.slice(0, a), raw.slice(a + 1, b), raw.slice(b + 1)];
  }
  return raw.split(/[ \t\r\v\f]+/).filter((x) => x !== '');
}

export function parseGoSum(text: string): GoSum {
  const entries: GoSum['entries'] = new Map();
  const problems: SumProblem[] = [];
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  let crlf = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const lineNo = i + 1;
    if (raw.endsWith('\r')) crlf = true;
    const f = fields(raw);
    if (f.length === 0) continue;
    if ('<=>|'.includes(raw[0]) && /^(<{7}|={7}|>{7}|\|{7})( |\r?$)/.test(raw)) {
      problems.push({ line: lineNo, kind: 'conflict-marker', message: `merge conflict marker "${raw.trim().slice(0, 40)}"` });
      continue;
    }
    if (f.length !== 3) {
      problems.push({ line: lineNo, kind: 'malformed', message: `wrong number of fields ${f.length} (want: module version hash)` });
      continue;
    }
    const [path, rawVersion, hash] = f;
    if (hash === EMPTY_GO_MOD_HASH) continue;
    if (hash.startsWith('h1:') && (hash.length !== H1_LENGTH || hash[H1_LENGTH - 1] !== '=')) {
      problems.push({ line: lineNo, kind: 'bad-hash', message: `malformed h1 hash "${hash}" for ${path} ${rawVersion}` });
      continue;
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
          message: `${path} ${rawVersion} has two different hashes (line ${prev.line} and line ${lineNo})`,
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
