// A JSON scanner for configuration files: where each key stands
// ("checks.go-sum.severity" → its line), so every configuration error points
// at the right line, and where the first syntax error is — told by position and
// by what was expected, never by quoting the text (a config file can be a
// symlink to a token). Pure.

export type JsonScan =
  { ok: true; value: unknown; keyLines: Map<string, number> } | { ok: false; line: number; column: number; expected: string };

class Stop extends Error {
  constructor(
    readonly offset: number,
    readonly expected: string,
  ) {
    super(expected);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/** Validates like JSON.parse and records the line (1-based) of every object key and array element, by dotted path. */
export function scanJson(text: string): JsonScan {
  const keyLines = new Map<string, number>();
  let i = 0;
  const space = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const match = (re: RegExp, expected: string): string => {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) throw new Stop(i, expected);
    i += m[0].length;
    return m[0];
  };
  const expect = (c: string, expected: string) => {
    space();
    if (text[i] !== c) throw new Stop(i, expected);
    i++;
  };
  const value = (path: string): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        const at = i;
        const key = JSON.parse(match(STRING, 'a property name in double quotes')) as string;
        const p = path ? `${path}.${key}` : key;
        keyLines.set(p, lineColumn(text, at).line);
        expect(':', '":" after a property name');
        value(p);
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect('}', '"," or "}"');
        return;
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let n = 0; ; n++) {
        space();
        keyLines.set(`${path}.${n}`, lineColumn(text, i).line);
        value(`${path}.${n}`);
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect(']', '"," or "]"');
        return;
      }
    }
    if (c === '"') return void match(STRING, 'a valid string');
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    match(NUMBER, 'a value');
  };
  try {
    value('');
    space();
    if (i < text.length) throw new Stop(i, 'the end of the document');
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    return { ok: false, ...lineColumn(text, e.offset), expected: e.expected };
  }
  return { ok: true, value: JSON.parse(text) as unknown, keyLines };
}

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const nl = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - nl };
}
