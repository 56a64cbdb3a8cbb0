// What the go command reads of a .go file when it loads packages for `go mod
// tidy`: cmd/go/internal/imports.ReadImports (a copy of go/build's reader),
// byte for byte — the package clause and the import declarations, and nothing
// after the first byte that starts anything else. The build constraints go
// evaluates (imports.ShouldBuild) sit in the comments before the package
// clause, so they are inside what it reads. Pure: bytes in, facts out.
//
// Semicolons count as white space; a syntax error keeps the imports read so
// far, and go then reads the whole file (reportSyntaxError=false, as
// imports.ScanDir calls it); a NUL byte in what go reads fails the file
// ("unexpected NUL in input"), and so the package.

/** Why the reader stopped. */
export type ImportStop =
  /** A byte that starts something other than an import (a declaration): go reads nothing after it. */
  | 'declaration'
  /** The end of the bytes given. */
  | 'eof'
  /** A syntax error: go keeps the imports read so far and reads the rest of the file. */
  | 'syntax'
  /** A NUL byte: go fails to read the file. */
  | 'nul';

export interface ImportHeader {
  /** The import path literals as written, quotes included, one char per byte (latin1): exact bytes. */
  imports: string[];
  stop: ImportStop;
  /** With stop 'declaration': the offset of the byte that ended the imports; go decided on bytes [0, end]. Otherwise the length. */
  end: number;
}

const SPACE = new Uint8Array(256);
for (const c of ' \f\t\r\n;') SPACE[c.charCodeAt(0)] = 1;
const IDENT = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  IDENT[c] = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c >= 0x80 ? 1 : 0;
}

const latin1 = (b: Uint8Array, from: number, to: number): string => {
  let s = '';
  for (let i = from; i < to; i += 4096) s += String.fromCharCode(...b.subarray(i, Math.min(to, i + 4096)));
  return s;
};

/**
 * imports.ReadImports(f, false, &list) over a file's bytes (or a prefix of
 * them: when the reader ends with anything but 'declaration' before the end
 * of the file, the rest decides). Every loop either reads a byte or stops.
 */
export function readImportHeader(b: Uint8Array): ImportHeader {
  const n = b.length;
  // A leading UTF-8 byte order mark is dropped before reading.
  let pos = n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  let peek = 0; // the byte peeked and not consumed; 0: none (as in go: a NUL byte is an error anyway)
  let err: 'syntax' | 'nul' | undefined;
  let eof = false;
  const imports: string[] = [];

  const readByte = (): number => {
    if (pos >= n) {
      eof = true;
      return 0;
    }
    const c = b[pos++];
    if (c === 0) err ??= 'nul';
    return c;
  };
  const syntaxError = () => {
    err ??= 'syntax';
  };
  const peekByte = (skipSpace: boolean): number => {
    if (err) return 0;
    let c = peek;
    if (c === 0) c = readByte();
    while (!err && !eof) {
      if (skipSpace) {
        if (SPACE[c]) {
          c = readByte();
          continue;
        }
        if (c === 0x2f /* / */) {
          c = readByte();
          if (c === 0x2f) {
            while (c !== 0x0a && !err && !eof) c = readByte();
          } else if (c === 0x2a /* * */) {
            let c1 = 0;
            while ((c !== 0x2a || c1 !== 0x2f) && !err) {
              if (eof) syntaxError();
              c = c1;
              c1 = readByte();
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
    peek = 0;
    return c;
  };
  const readKeyword = (kw: string) => {
    peekByte(true);
    for (let i = 0; i < kw.length; i++) {
      if (nextByte(false) !== kw.charCodeAt(i)) return syntaxError();
    }
    if (IDENT[peekByte(false)]) syntaxError();
  };
  const readIdent = () => {
    if (!IDENT[peekByte(true)]) return syntaxError();
    while (IDENT[peekByte(false)]) peek = 0;
  };
  const readString = () => {
    const q = nextByte(true);
    const start = pos - 1;
    if (q === 0x60 /* ` */) {
      while (!err) {
        if (nextByte(false) === 0x60) return void imports.push(latin1(b, start, pos));
        if (eof) syntaxError();
      }
    } else if (q === 0x22 /* " */) {
      while (!err) {
        const c = nextByte(false);
        if (c === 0x22) return void imports.push(latin1(b, start, pos));
        if (eof || c === 0x0a) syntaxError();
        if (c === 0x5c /* \ */) nextByte(false);
      }
    } else syntaxError();
  };
  const readImport = () => {
    const c = peekByte(true);
    if (c === 0x2e /* . */) peek = 0;
    else if (IDENT[c]) readIdent();
    readString();
  };

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

  if (!err && !eof) return { imports, stop: 'declaration', end: pos - 1 };
  // After a syntax error go reads on to the end: a NUL anywhere after it fails the file.
  if (err === 'syntax' && b.indexOf(0, pos) >= 0) err = 'nul';
  return { imports, stop: err ?? 'eof', end: n };
}

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 0x5c, '"': 0x22 };

function utf8(cp: number): number[] {
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 63)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
}

/**
 * strconv.Unquote of an import literal from readImportHeader (one char per
 * byte), decoded as UTF-8; undefined when go's Unquote fails (go then skips
 * the import).
 */
export function importPath(lit: string): string | undefined {
  const bytes: number[] = [];
  const q = lit[0];
  if (lit.length < 2 || (q !== '"' && q !== '`') || lit[lit.length - 1] !== q) return undefined;
  const body = lit.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) return undefined;
    for (const ch of body) if (ch !== '\r') bytes.push(ch.charCodeAt(0));
  } else {
    for (let i = 0; i < body.length;) {
      const ch = body[i];
      if (ch === '"' || ch === '\n') return undefined;
      if (ch !== '\\') {
        bytes.push(ch.charCodeAt(0));
        i++;
        continue;
      }
      const e = body[i + 1];
      if (e === undefined) return undefined;
      if (e in SIMPLE_ESCAPES) {
        bytes.push(SIMPLE_ESCAPES[e]);
        i += 2;
      } else if (e === 'x' || e === 'u' || e === 'U') {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = body.slice(i + 2, i + 2 + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) return undefined;
        const v = parseInt(hex, 16);
        if (e === 'x') bytes.push(v);
        else if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return undefined;
        else bytes.push(...utf8(v));
        i += 2 + len;
      } else if (e >= '0' && e <= '7') {
        const oct = body.slice(i + 1, i + 4);
        if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) return undefined;
        bytes.push(parseInt(oct, 8));
        i += 4;
      } else return undefined;
    }
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}
