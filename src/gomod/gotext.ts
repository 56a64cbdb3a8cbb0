// Go's text rules that the go.mod / go.sum parsers need, rune for rune:
// unicode.IsPrint / IsSpace (from Go's own tables, see gounicode.ts),
// strconv.Quote / QuoteRune for messages worded like the go command's, and
// the escaping that keeps control characters from files out of terminals.

import { PRINT_RANGES, SPACE_RANGES } from './gounicode.js';

function inRanges(ranges: readonly number[], cp: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < ranges[2 * mid]) hi = mid - 1;
    else if (cp > ranges[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isGoPrint(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x20 && cp < 0x7f;
  return inRanges(PRINT_RANGES, cp);
}

/** unicode.IsSpace: what strings.Fields and strings.TrimSpace split on (U+0085, U+00A0 and U+3000 included, U+FEFF not). */
export function isGoSpace(cp: number): boolean {
  if (cp < 0x80) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d);
  return inRanges(SPACE_RANGES, cp);
}

/** A regular-expression class (flag u) matching one unicode.IsSpace rune other than those in `except`. */
export function goSpaceClass(except = ''): string {
  const u = (cp: number) => `\\u{${cp.toString(16)}}`;
  let s = '';
  for (let i = 0; i < SPACE_RANGES.length; i += 2) {
    for (let cp = SPACE_RANGES[i]; cp <= SPACE_RANGES[i + 1]; cp++) if (!except.includes(String.fromCodePoint(cp))) s += u(cp);
  }
  return `[${s}]`;
}

/** strings.Fields: the runs of non-space runes. */
export function goFields(s: string): string[] {
  return s.split(FIELD_SPLIT).filter((x) => x !== '');
}
const FIELD_SPLIT = new RegExp(`${goSpaceClass()}+`, 'u');

/** strings.TrimSpace. */
export function goTrimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isGoSpace(s.codePointAt(a)!)) a += s.codePointAt(a)! > 0xffff ? 2 : 1;
  while (b > a) {
    const c = s.charCodeAt(b - 1);
    const cp = c >= 0xdc00 && c <= 0xdfff && b - 2 >= a ? s.codePointAt(b - 2)! : c;
    if (!isGoSpace(cp)) break;
    b -= cp > 0xffff ? 2 : 1;
  }
  return s.slice(a, b);
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** strconv's appendEscapedRune for a quote character (ASCIIonly = false, graphicOnly = false). */
function escapeRune(cp: number, quote: string): string {
  const ch = String.fromCodePoint(cp);
  if (ch === quote || ch === '\\') return `\\${ch}`;
  if (isGoPrint(cp)) return ch;
  switch (cp) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
  }
  if (cp < 0x20 || cp === 0x7f) return `\\x${hex(cp, 2)}`;
  if (cp >= 0xdc80 && cp <= 0xdcff) return `\\x${hex(cp - 0xdc00, 2)}`; // a byte of invalid UTF-8, see decodeGoBytes
  if (cp >= 0xd800 && cp <= 0xdfff) return '\\ufffd'; // a lone surrogate is not a valid rune: RuneError
  if (cp < 0x10000) return `\\u${hex(cp, 4)}`;
  return `\\U${hex(cp, 8)}`;
}

const cont = (b: number | undefined) => b !== undefined && b >= 0x80 && b <= 0xbf;

/**
 * Bytes → string as Go holds them: valid UTF-8 decodes as utf8.DecodeRune
 * does; each byte of invalid UTF-8 becomes the lone surrogate U+DC80+byte
 * (U+DC80–U+DCFF), so goQuote can still print it as \xNN the way go does.
 * Strings with such bytes are data only after goValid.
 */
export function decodeGoBytes(b: ArrayLike<number>): string {
  let out = '';
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let cp = -1;
    let n = 1;
    if (c < 0x80) cp = c;
    else if (c >= 0xc2 && c <= 0xdf && cont(b[i + 1])) {
      cp = ((c & 0x1f) << 6) | (b[i + 1] & 0x3f);
      n = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      const lo = c === 0xe0 ? 0xa0 : 0x80;
      const hi = c === 0xed ? 0x9f : 0xbf;
      if (b[i + 1] >= lo && b[i + 1] <= hi && cont(b[i + 2])) {
        cp = ((c & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f);
        n = 3;
      }
    } else if (c >= 0xf0 && c <= 0xf4) {
      const lo = c === 0xf0 ? 0x90 : 0x80;
      const hi = c === 0xf4 ? 0x8f : 0xbf;
      if (b[i + 1] >= lo && b[i + 1] <= hi && cont(b[i + 2]) && cont(b[i + 3])) {
        cp = ((c & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f);
        n = 4;
      }
    }
    out += cp < 0 ? String.fromCharCode(0xdc00 + c) : String.fromCodePoint(cp);
    i += n;
  }
  return out;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** Whether s holds invalid UTF-8 (lone surrogates: see decodeGoBytes). */
export function hasInvalidUTF8(s: string): boolean {
  return LONE_SURROGATE.test(s);
}

/** s with each byte of invalid UTF-8 as U+FFFD, as Node decodes a file and Go's JSON prints it. */
export function goValid(s: string): string {
  return hasInvalidUTF8(s) ? s.replace(LONE_SURROGATES, '\ufffd') : s;
}

/** strconv.Quote (fmt's %q for a string). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) out += escapeRune(ch.codePointAt(0)!, '"');
  return `${out}"`;
}

/** strconv.QuoteRune (fmt's %q for a rune). */
export function goQuoteRune(cp: number): string {
  return `'${escapeRune(cp, "'")}'`;
}

// C0 and C1 controls, DEL, line/paragraph separators, bidi overrides and isolates, BOM.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * Escapes, JSON-style (\u001b), the characters from a file that must never
 * reach a terminal raw: control characters (ESC starts terminal escapes),
 * bidi controls and line separators; tab and newline too, so a file cannot
 * forge a line of output.
 */
export function escapeControl(s: string): string {
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(s)) return s;
  return s.replace(UNSAFE, (c) => `\\u${hex(c.charCodeAt(0), 4)}`);
}
