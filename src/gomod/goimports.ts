// What the go command reads of a .go file when it loads packages for `go mod
// tidy`: cmd/go/internal/imports.ReadImports (a copy of go/build's reader) —
// the package clause and the import declarations, nothing after them — and,
// from the comments before the package clause, the build constraints
// (imports.ShouldBuild). Pure: text in, facts out.
//
// Semicolons count as white space, a syntax error stops the import list
// where it happened (with reportSyntaxError=false, as imports.ScanDir calls
// it), and a NUL byte in what is read is an error. The text is a string (as
// the file sources decode files): every byte ≥ 0x80 is a non-ASCII code unit
// here, which the reader treats like go's (an identifier byte).

export interface GoImportFacts {
  /** The import paths as written (quoted, as go's reader keeps them), in order. */
  imports: string[];
  /** Lines before the package clause that hold a build constraint (`//go:build`, `// +build`), trimmed. */
  constraints: string[];
  /** The reader met a NUL byte: go fails to read the file ("unexpected NUL in input"). */
  nul: boolean;
  /** The reader stopped at a syntax error (go keeps the imports read so far). */
  syntaxError: boolean;
}

const isIdent = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c >= 0x80;

// Runs the byte loop would read one at a time: white space (and ';'), the rest of an
// identifier, the rest of a string literal without NUL, newline or a bad escape.
const SPACE = /[ \f\t\r\n;]*/y;
const IDENT = /[A-Za-z0-9_\u0080-\uffff]*/y;
const QUOTED_REST = /(?:[^"\\\n\0]|\\[^\0])*"/y;
const RAW_REST = /[^`\0]*`/y;

/** imports.ReadImports(f, false, &list), over a decoded file. */
export function readGoImports(text: string): GoImportFacts {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a leading byte order mark is dropped
  const n = src.length;
  const firstNul = src.indexOf('\u0000');
  const nulAt = firstNul < 0 ? n : firstNul;
  let pos = 0; // next code unit to read
  let peek = -1; // a byte read but not consumed (-1: none)
  let err: 'syntax' | 'nul' | undefined;
  let eof = false;
  const imports: string[] = [];

  const readByte = (): number => {
    if (pos >= n) {
      eof = true;
      return 0;
    }
    const c = src.charCodeAt(pos++);
    if (c === 0) {
      err ??= 'nul';
      return 0;
    }
    return c;
  };
  const syntaxError = () => {
    err ??= 'syntax';
  };
  const peekByte = (skipSpace: boolean): number => {
    if (err) return 0;
    let c = peek > 0 ? peek : readByte();
    while (!err && !eof) {
      if (skipSpace) {
        if (c === 0x20 || c === 0x0c || c === 0x09 || c === 0x0d || c === 0x0a || c === 0x3b) {
          SPACE.lastIndex = pos;
          SPACE.test(src);
          pos = SPACE.lastIndex;
          c = readByte();
          continue;
        }
        if (c === 0x2f) {
          c = readByte();
          // Comments are skipped with indexOf (go reads them byte by byte, stopping at a NUL).
          if (c === 0x2f) {
            const nl = src.indexOf('\n', pos);
            const end = nl < 0 ? n : nl + 1;
            if (nulAt < end) {
              pos = nulAt + 1;
              err ??= 'nul';
            } else {
              pos = end;
              if (nl < 0) eof = true;
            }
          } else if (c === 0x2a) {
            const close = src.indexOf('*/', pos);
            const end = close < 0 ? n : close + 2;
            if (nulAt < end) {
              pos = nulAt + 1;
              err ??= 'nul';
            } else {
              pos = end;
              if (close < 0) {
                eof = true;
                syntaxError();
              }
            }
          } else syntaxError();
          c = readByte();
          continue;
        }
      }
      break;
    }
    peek = c;
    return c;
  };
  const nextByte = (skipSpace: boolean): number => {
    const c = peekByte(skipSpace);
    peek = -1;
    return c;
  };
  const readKeyword = (kw: string) => {
    peekByte(true);
    for (let i = 0; i < kw.length; i++) {
      if (nextByte(false) !== kw.charCodeAt(i)) return syntaxError();
    }
    if (isIdent(peekByte(false))) syntaxError();
  };
  const readIdent = () => {
    if (!isIdent(peekByte(true))) return syntaxError();
    peek = -1;
    IDENT.lastIndex = pos;
    IDENT.test(src);
    pos = IDENT.lastIndex;
    while (isIdent(peekByte(false))) peek = -1;
  };
  const readString = () => {
    const q = nextByte(true);
    const start = pos - 1;
    const fast = q === 0x60 ? RAW_REST : q === 0x22 ? QUOTED_REST : undefined;
    if (fast && !err) {
      // A well-formed literal in one step; anything else byte by byte, as go reads it.
      fast.lastIndex = pos;
      if (fast.test(src)) {
        pos = fast.lastIndex;
        return void imports.push(src.slice(start, pos));
      }
    }
    if (q === 0x60) {
      while (!err) {
        if (nextByte(false) === 0x60) return void imports.push(src.slice(start, pos));
        if (eof) syntaxError();
      }
    } else if (q === 0x22) {
      while (!err) {
        const c = nextByte(false);
        if (c === 0x22) return void imports.push(src.slice(start, pos));
        if (eof || c === 0x0a) syntaxError();
        if (c === 0x5c) nextByte(false);
      }
    } else syntaxError();
  };
  const readImport = () => {
    const c = peekByte(true);
    if (c === 0x2e) peek = -1;
    else if (isIdent(c)) readIdent();
    readString();
  };

  peekByte(true);
  const packageAt = eof ? n : pos - 1;
  readKeyword('package');
  readIdent();
  while (peekByte(true) === 0x69 /* i */) {
    readKeyword('import');
    if (peekByte(true) === 0x28 /* ( */) {
      nextByte(false);
      while (peekByte(true) !== 0x29 /* ) */ && !err) readImport();
      nextByte(false);
    } else readImport();
  }

  const head = src.slice(0, Math.max(0, packageAt));
  const constraints = head
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.includes('go:build') || l.includes('+build'));
  return { imports, constraints, nul: err === 'nul' || head.includes('\u0000'), syntaxError: err === 'syntax' };
}

/** strconv.Unquote for an import path as written; undefined when go would skip it. */
export function unquoteImport(lit: string): string | undefined {
  if (lit.length >= 2 && lit[0] === '`' && lit.endsWith('`')) return lit.slice(1, -1).replace(/\r/g, '');
  if (lit.length < 2 || lit[0] !== '"' || !lit.endsWith('"')) return undefined;
  try {
    return JSON.parse(
      lit.replace(/\\([0-7]{3}|x[0-9a-fA-F]{2})/g, (_, x: string) =>
        x[0] === 'x' ? `\\u00${x.slice(1)}` : `\\u${parseInt(x, 8).toString(16).padStart(4, '0')}`,
      ),
    ) as string;
  } catch {
    return undefined;
  }
}
