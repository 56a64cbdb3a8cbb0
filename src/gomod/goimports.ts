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

const OK = 0;
const SYNTAX = 1;
const NUL = 2;

/** go's importReader, field for field (buf is the bytes, pos how many were read); methods named as go's. */
class ImportReader {
  readonly imports: string[] = [];
  readonly n: number;
  /** The same bytes, for indexOf. */
  readonly buf: Buffer;
  /** The first NUL byte's offset, or n. */
  readonly nulAt: number;
  pos: number;
  /** The byte peeked and not consumed; 0: none (as in go: a NUL byte is an error anyway). */
  peek = 0;
  err = OK;
  eof = false;

  constructor(readonly b: Uint8Array) {
    this.n = b.length;
    this.buf = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    const nul = this.buf.indexOf(0);
    this.nulAt = nul < 0 ? this.n : nul;
    // A leading UTF-8 byte order mark is dropped before reading.
    this.pos = this.n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  }

  readByte(): number {
    if (this.pos >= this.n) {
      this.eof = true;
      return 0;
    }
    const c = this.b[this.pos++];
    if (c === 0 && this.err === OK) this.err = NUL;
    return c;
  }

  syntaxError(): void {
    if (this.err === OK) this.err = SYNTAX;
  }

  /** Skips what go's byte loop would read one at a time, up to end; a NUL before end is read as go reads it. */
  skipTo(end: number): void {
    if (this.nulAt < end) {
      this.pos = this.nulAt + 1;
      if (this.err === OK) this.err = NUL;
    } else this.pos = end;
  }

  peekByte(skipSpace: boolean): number {
    if (this.err !== OK) return 0;
    const { b, n } = this;
    let c = this.peek;
    if (c === 0) c = this.readByte();
    while (this.err === OK && !this.eof) {
      if (skipSpace) {
        if (SPACE[c]) {
          let p = this.pos;
          while (p < n && SPACE[b[p]]) p++; // the same bytes go reads one at a time
          this.pos = p;
          c = this.readByte();
          continue;
        }
        if (c === 0x2f /* / */) {
          c = this.readByte();
          // Comments are skipped with indexOf, as go's byte loops would end them: at the end of the
          // line (//) or of the first "*/" after the opening (/*), at a NUL, or at the end.
          if (c === 0x2f) {
            if (this.err === OK && !this.eof) {
              const nl = this.buf.indexOf(0x0a, this.pos);
              this.skipTo(nl < 0 ? n : nl + 1);
              if (nl < 0 && this.err === OK) this.eof = true;
            }
          } else if (c === 0x2a /* * */) {
            const close = this.buf.indexOf('*/', this.pos);
            this.skipTo(close < 0 ? n : close + 2);
            if (close < 0 && this.err === OK) {
              this.eof = true;
              this.syntaxError();
            }
          } else this.syntaxError();
          c = this.readByte();
          continue;
        }
      }
      break;
    }
    this.peek = c;
    return c;
  }

  nextByte(skipSpace: boolean): number {
    const c = this.peekByte(skipSpace);
    this.peek = 0;
    return c;
  }

  readKeyword(kw: string): void {
    this.peekByte(true);
    for (let i = 0; i < kw.length; i++) {
      if (this.nextByte(false) !== kw.charCodeAt(i)) return this.syntaxError();
    }
    if (IDENT[this.peekByte(false)]) this.syntaxError();
  }

  readIdent(): void {
    if (!IDENT[this.peekByte(true)]) return this.syntaxError();
    this.peek = 0;
    const { b, n } = this;
    let p = this.pos;
    while (p < n && IDENT[b[p]]) p++;
    this.pos = p;
    while (IDENT[this.peekByte(false)]) this.peek = 0;
  }

  readString(): void {
    const q = this.nextByte(true);
    const start = this.pos - 1;
    const { b, n } = this;
    // Bytes that cannot end or escape the literal are passed over at once; the rest as go reads them.
    if (q === 0x60 /* ` */) {
      while (this.pos < n && b[this.pos] !== 0x60 && b[this.pos] !== 0) this.pos++;
      while (this.err === OK) {
        if (this.nextByte(false) === 0x60) return void this.imports.push(this.buf.toString('latin1', start, this.pos));
        if (this.eof) this.syntaxError();
      }
    } else if (q === 0x22 /* " */) {
      while (this.err === OK) {
        let p = this.pos;
        while (p < n && b[p] !== 0x22 && b[p] !== 0x5c && b[p] !== 0x0a && b[p] !== 0) p++;
        this.pos = p;
        const c = this.nextByte(false);
        if (c === 0x22) return void this.imports.push(this.buf.toString('latin1', start, this.pos));
        if (this.eof || c === 0x0a) this.syntaxError();
        if (c === 0x5c /* \ */) this.nextByte(false);
      }
    } else this.syntaxError();
  }

  readImport(): void {
    const c = this.peekByte(true);
    if (c === 0x2e /* . */) this.peek = 0;
    else if (IDENT[c]) this.readIdent();
    this.readString();
  }
}

/**
 * imports.ReadImports(f, false, &list) over a file's bytes, ported byte for byte (or over a
 * prefix of them: when the reader ends with anything but 'declaration' before the end of the
 * file, the rest decides). Every loop either reads a byte or stops.
 */
export function portedReadImports(b: Uint8Array): ImportHeader {
  const r = new ImportReader(b);
  r.readKeyword('package');
  r.readIdent();
  while (r.peekByte(true) === 0x69 /* i */) {
    r.readKeyword('import');
    if (r.peekByte(true) === 0x28 /* ( */) {
      r.nextByte(false);
      while (r.peekByte(true) !== 0x29 /* ) */ && r.err === OK) r.readImport();
      r.nextByte(false);
    } else r.readImport();
  }

  if (r.err === OK && !r.eof) return { imports: r.imports, stop: 'declaration', end: r.pos - 1 };
  // After a syntax error go reads on to the end: a NUL anywhere after it fails the file.
  if (r.err === SYNTAX && r.nulAt < r.n && r.nulAt >= r.pos) return { imports: r.imports, stop: 'nul', end: r.n };
  return { imports: r.imports, stop: r.err === SYNTAX ? 'syntax' : r.err === NUL ? 'nul' : 'eof', end: r.n };
}

// The common case at the speed of the regular expression engine: a header that ends in a
// declaration, described exactly as the reader above reads it. Any other input (an error, the
// end of the bytes, a NUL, anything unusual) does not match and goes to the port. Each white
// space run (SKIP) is followed by a token that cannot start one, and comments and literals match
// one way only, so a failing match backtracks in linear time (test/goimports.test.ts holds both
// to go's own reader).
const SKIP = String.raw`(?:[ \t\r\n\f;]|//[^\n\0]*\n|/\*[^*\0]*\*+(?:[^/*\0][^*\0]*\*+)*/)*`;
const ID = String.raw`[A-Za-z0-9_\x80-\xff]`;
const IDENT_RE = `${ID}+(?!${ID})`;
const STR = String.raw`(?:"(?:[^"\\\n\0]|\\[^\0])*"|` + '`[^`\\0]*`)';
const SPEC = String.raw`(?:(?:\.|${IDENT_RE})${SKIP})?${STR}${SKIP}`;
const HEADER = new RegExp(
  String.raw`^(?:\xef\xbb\xbf)?${SKIP}package(?!${ID})${SKIP}${IDENT_RE}${SKIP}` +
    String.raw`(?:import(?!${ID})${SKIP}(?:\(${SKIP}(?:${SPEC})*\)${SKIP}|${SPEC}))*(?=[^i\0/ \t\r\n\f;])`,
);
/** The tokens of a header HEADER matched; group 1: an import literal. */
const TOKEN = new RegExp(String.raw`(?:[ \t\r\n\f;]|//[^\n]*\n|/\*[^*]*\*+(?:[^/*][^*]*\*+)*/)+|(${STR})|${ID}+|[().]|\xef\xbb\xbf`, 'y');
/** Larger inputs go to the port. */
const FAST_MAX = 64 * 1024;
const FAST_FIRST = 2048;

/** The regular-expression reading of a header that ends in a declaration; undefined for anything else. */
export function fastReadImports(b: Uint8Array): ImportHeader | undefined {
  if (b.length > FAST_MAX) return undefined;
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  // Most headers end within the first 2 KB. A match there is the match: what a shorter text
  // cuts off (a comment, white space, a literal, an import) fails the match, never ends it.
  let text = buf.toString('latin1', 0, Math.min(b.length, FAST_FIRST));
  let m = HEADER.exec(text);
  if (!m && b.length > FAST_FIRST) m = HEADER.exec((text = buf.toString('latin1')));
  if (!m) return undefined;
  const end = m[0].length;
  const imports: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < end) {
    const t = TOKEN.exec(text);
    if (!t) return undefined;
    if (t[1] !== undefined) imports.push(t[1]);
  }
  return { imports, stop: 'declaration', end };
}

/** What go's import reader reads of a .go file (its bytes, or their first part). */
export function readImportHeader(b: Uint8Array): ImportHeader {
  return fastReadImports(b) ?? portedReadImports(b);
}

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 0x5c, '"': 0x22 };

function utf8(cp: number): number[] {
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 63)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
}

const UTF8 = new TextDecoder();
const HEX = { x: /^[0-9a-fA-F]{2}$/, u: /^[0-9a-fA-F]{4}$/, U: /^[0-9a-fA-F]{8}$/ };
/** A literal go's Unquote returns as it is: quoted, printable ASCII, no escape. */
const PLAIN = /^"[\x20\x21\x23-\x5b\x5d-\x7e]*"$/;

/**
 * strconv.Unquote of an import literal from readImportHeader (one char per
 * byte), decoded as UTF-8; undefined when go's Unquote fails (go then skips
 * the import).
 */
export function importPath(lit: string): string | undefined {
  if (PLAIN.test(lit)) return lit.slice(1, -1);
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
        if (!HEX[e].test(hex)) return undefined;
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
  return UTF8.decode(Uint8Array.from(bytes));
}
