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

export interface GoSum {
  /** key `${path} ${version}` or `${path} ${version}/go.mod` → first line seen. */
  entries: Map<string, SumLine>;
  problems: SumProblem[];
  lineCount: number;
  crlf: boolean;
}

// A go.sum entry for a non-module that an old go bug wrote; go drops it silently.
const EMPTY_GO_MOD_HASH = 'h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=';
const H1 = /^h1:[A-Za-z0-9+/]{43}=$/;

export function sumKey(path: string, version: string, goMod: boolean): string {
  return goMod ? `${path} ${version}/go.mod` : `${path} ${version}`;
}

export function parseGoSum(text: string): GoSum {
  const entries = new Map<string, SumLine>();
  const problems: SumProblem[] = [];
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  let crlf = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const lineNo = i + 1;
    if (raw.endsWith('\r')) crlf = true;
    const f = raw.split(/[ \t\r\v\f]+/).filter((x) => x !== '');
    if (f.length === 0) continue;
    if (/^(<{7}|={7}|>{7}|\|{7})( |$)/.test(raw)) {
      problems.push({ line: lineNo, kind: 'conflict-marker', message: `merge conflict marker "${raw.trim().slice(0, 40)}"` });
      continue;
    }
    if (f.length !== 3) {
      problems.push({ line: lineNo, kind: 'malformed', message: `wrong number of fields ${f.length} (want: module version hash)` });
      continue;
    }
    const [path, rawVersion, hash] = f;
    if (hash === EMPTY_GO_MOD_HASH) continue;
    if (hash.startsWith('h1:') && !H1.test(hash)) {
      problems.push({ line: lineNo, kind: 'bad-hash', message: `malformed h1 hash "${hash}" for ${path} ${rawVersion}` });
      continue;
    }
    const goMod = rawVersion.endsWith('/go.mod');
    const version = goMod ? rawVersion.slice(0, -'/go.mod'.length) : rawVersion;
    const key = sumKey(path, version, goMod);
    const prev = entries.get(key);
    if (prev) {
      if (prev.hash !== hash && prev.hash.startsWith('h1:') && hash.startsWith('h1:')) {
        problems.push({
          line: lineNo,
          kind: 'conflicting-hash',
          message: `${key} has two different hashes (line ${prev.line} and line ${lineNo})`,
        });
      }
      continue;
    }
    entries.set(key, { path, version, goMod, hash, line: lineNo });
  }
  return { entries, problems, lineCount: lines.length, crlf };
}
