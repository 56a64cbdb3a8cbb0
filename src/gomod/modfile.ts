// go.mod and go.work parser: a port of golang.org/x/mod/modfile as the go
// command vendors it (read.go: lexer and parser; rule.go, work.go: directives),
// so gohooks accepts, rejects and advances exactly like `go mod edit -json` /
// `go work edit -json` (dev/fuzz checks this against the go command's own
// parser). Like modfile it stops at the first lexer or parser error and
// reports every directive error. Then, for a file that parses, it adds what
// only loading it rejects, as far as the text tells (stage "load": module and
// tool paths, versions go would have to look up, a requirement or a workspace
// directory listed twice, godebug default=). Never throws, never loops: every
// lexer step consumes input. Diagnostics keep go's wording, with control characters
// from the file escaped (\u001b).

import { decodeGoBytes, escapeControl, goFields, goQuote, goQuoteRune, goTrimSpace, goValid, isGoPrint, isGoSpace } from './gotext.js';
import { compareGoVersions, isValidGoVersion, languageOf } from './goversion.js';
import { canonicalVersion, checkPathMajor, importPathProblem, isDirectoryPath, modulePathProblem, pathMajor } from './modpath.js';

export type ModFileKind = 'go.mod' | 'go.work';

/** The Go release whose modfile grammar this parser implements. */
export const MODFILE_GRAMMAR_GO = '1.26';

export type DiagnosticCode =
  /** Lexer or parser error (characters, strings, comments, parentheses): go stops there. */
  | 'syntax'
  | 'unknown-directive'
  | 'unknown-block'
  | 'usage'
  | 'repeated'
  | 'invalid-quoted-string'
  | 'invalid-go-version'
  | 'invalid-toolchain'
  | 'invalid-version'
  | 'invalid-module-path'
  | 'invalid-replace'
  | 'conflict-marker'
  // stage "load"
  | 'missing-module'
  | 'malformed-module-path'
  | 'malformed-tool-path'
  | 'noncanonical-version'
  | 'duplicate-require'
  | 'duplicate-use'
  | 'invalid-godebug';

export interface Diagnostic {
  line: number;
  /** 1-based column in runes, where go reports one ("go.mod:5:8: unexpected input character '\u00a0'"). */
  column?: number;
  severity: 'error' | 'warning';
  /**
   * "syntax": the go command's parser rejects the file (modfile.Parse: every go
   * command, `go mod edit` included, fails). "load": it parses, but loading it
   * as a main module fails (go build, go list -m, go mod verify).
   */
  stage: 'syntax' | 'load';
  code: DiagnosticCode;
  message: string;
}

export interface ModuleVersion {
  path: string;
  version: string;
}

export interface Require extends ModuleVersion {
  indirect: boolean;
  line: number;
}

export interface Replace {
  old: { path: string; version?: string };
  new: { path: string; version?: string };
  /** The replacement is a directory, not a module version. */
  local: boolean;
  line: number;
}

export interface ModFile {
  kind: ModFileKind;
  module?: { path: string; line: number; deprecated?: string };
  go?: { version: string; line: number };
  toolchain?: { name: string; line: number };
  godebug: { key: string; value: string; line: number }[];
  /** Versions as go reads them: module.CanonicalVersion of the text (v1.2 → v1.2.0). */
  require: Require[];
  exclude: (ModuleVersion & { line: number })[];
  replace: Replace[];
  /** low/high exactly as written (unquoted); rationale from the comments, as go joins them. */
  retract: { low: string; high: string; rationale: string; line: number }[];
  tool: { path: string; line: number }[];
  ignore: { path: string; line: number }[];
  use: { path: string; line: number }[];
  unknown: { verb: string; line: number }[];
  diagnostics: Diagnostic[];
}

export interface ParseOptions {
  /** Windows accepts a backslash in a replacement directory; other systems reject it. Default: this process's platform. */
  windows?: boolean;
}

export function emptyModFile(kind: ModFileKind): ModFile {
  return {
    kind,
    godebug: [],
    require: [],
    exclude: [],
    replace: [],
    retract: [],
    tool: [],
    ignore: [],
    use: [],
    unknown: [],
    diagnostics: [],
  };
}

// ---------------------------------------------------------------- lexer (read.go)

const EOF = -1;
const EOLCOMMENT = -2;
const IDENT = -3;
const STRING = -4;
const COMMENT = -5;
const NL = 10;
const LPAREN = 40;
const RPAREN = 41;

const isEOL = (k: number) => k === EOF || k === EOLCOMMENT || k === NL;

interface Pos {
  line: number;
  /** Index of the first character of the line. */
  lineStart: number;
  index: number;
}

class GoSyntaxError {
  constructor(
    readonly pos: Pos,
    readonly message: string,
  ) {}
}

/** isIdent: not one of ` ()[]{},`, not a space, printable (unicode.IsPrint). */
function isIdent(cp: number): boolean {
  if (cp < 0x80) return cp > 0x20 && cp < 0x7f && cp !== 40 && cp !== 41 && cp !== 91 && cp !== 93 && cp !== 123 && cp !== 125 && cp !== 44;
  return !isGoSpace(cp) && isGoPrint(cp);
}

/** Comment text as modfile keeps it: from "//", without the line ending. */
interface Comment {
  text: string;
}

interface Line {
  tokens: string[];
  start: Pos;
  before: readonly Comment[];
  suffix: readonly Comment[];
}

interface Block {
  tokens: string[];
  start: Pos;
  lines: Line[];
  before: readonly Comment[];
  suffix: readonly Comment[];
}

type Stmt = { line: Line; block?: undefined } | { block: Block; line?: undefined };

/** Shared by every line without comments (most of them); comment lists are replaced, never pushed to. */
const NONE: readonly Comment[] = [];

class Parser {
  // Read position.
  private i = 0;
  private line = 1;
  private lineStart = 0;
  // The next token (modfile's in.token), kept in fields: no object per token.
  private kind = EOF;
  private text = '';
  private tokLine = 1;
  private tokLineStart = 0;
  private tokIndex = 0;
  // The token lex() just returned.
  private lastText = '';
  private lastLine = 1;
  private lastLineStart = 0;
  private lastIndex = 0;
  readonly stmts: Stmt[] = [];

  constructor(
    private readonly src: string,
    private readonly filename: string,
  ) {}

  private pos(): Pos {
    return { line: this.line, lineStart: this.lineStart, index: this.i };
  }

  private fail(message: string, pos: Pos = this.pos()): never {
    throw new GoSyntaxError(pos, message);
  }

  /** The rune at the read position; 0 at the end (as modfile's peekRune). Lone surrogates read as U+FFFD. */
  private peekRune(): number {
    if (this.i >= this.src.length) return 0;
    const c = this.src.charCodeAt(this.i);
    if (c < 0xd800 || c > 0xdfff) return c;
    const cp = this.src.codePointAt(this.i)!;
    return cp > 0xffff ? cp : 0xfffd;
  }

  private readRune(): number {
    const cp = this.peekRune();
    this.i += cp > 0xffff ? 2 : 1;
    if (cp === NL) {
      this.line++;
      this.lineStart = this.i;
    }
    return cp;
  }

  private startToken(): void {
    this.tokLine = this.line;
    this.tokLineStart = this.lineStart;
    this.tokIndex = this.i;
  }

  private readToken(): void {
    const src = this.src;
    while (this.i < src.length) {
      const c = src.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 13) {
        this.i++;
        continue;
      }
      if (c === 47 && src.charCodeAt(this.i + 1) === 47) {
        this.startToken();
        // A comment after other text on its line is an end-of-line (suffix) comment.
        let suffix = false;
        for (let j = this.lineStart; j < this.i && !suffix; j++) {
          const cp = src.codePointAt(j)!;
          if (!isGoSpace(cp)) suffix = true;
          if (cp > 0xffff) j++;
        }
        const nl = src.indexOf('\n', this.i);
        const end = nl < 0 ? src.length : nl + 1;
        let text = src.slice(this.i, end);
        if (text.endsWith('\r\n')) text = text.slice(0, -2);
        else if (text.endsWith('\n')) text = text.slice(0, -1);
        this.i = end;
        if (nl >= 0) {
          this.line++;
          this.lineStart = end;
        }
        this.kind = suffix ? EOLCOMMENT : COMMENT;
        this.text = text;
        return;
      }
      if (c === 47 && src.charCodeAt(this.i + 1) === 42) this.fail('mod files must use // comments (not /* */ comments)');
      break;
    }

    this.startToken();
    if (this.i >= src.length) {
      this.kind = EOF;
      this.text = '';
      return;
    }
    const c = this.peekRune();
    switch (c) {
      case NL:
      case LPAREN:
      case RPAREN:
      case 91: // [
      case 93: // ]
      case 123: // {
      case 125: // }
      case 44: // ,
        this.readRune();
        this.kind = c;
        this.text = String.fromCharCode(c);
        return;
      case 34: // "
      case 96: {
        // a backquote
        const start = this.pos();
        this.readRune();
        for (;;) {
          if (this.i >= src.length) this.fail('unexpected EOF in string', start);
          if (this.peekRune() === NL) this.fail('unexpected newline in string');
          const r = this.readRune();
          if (r === c) break;
          if (r === 92 && c !== 96) {
            if (this.i >= src.length) this.fail('unexpected EOF in string', start);
            this.readRune(); // the escaped rune, whatever it is (a newline too)
          }
        }
        this.kind = STRING;
        this.text = src.slice(this.tokIndex, this.i);
        return;
      }
    }
    if (!isIdent(c)) this.fail(`unexpected input character ${goQuoteRune(c)}`);
    for (;;) {
      const r = this.i < src.length ? src.charCodeAt(this.i) : 0;
      if (r < 0x80) {
        if (!isIdent(r)) break;
        if (r === 47) {
          const next = src.charCodeAt(this.i + 1);
          if (next === 47) break;
          if (next === 42) this.fail('mod files must use // comments (not /* */ comments)');
        }
        this.i++;
        continue;
      }
      if (!isIdent(this.peekRune())) break;
      this.readRune();
    }
    this.kind = IDENT;
    this.text = src.slice(this.tokIndex, this.i);
  }

  /** Consumes the next token and returns its kind; its text and position are in last*. */
  private lex(): number {
    const kind = this.kind;
    this.lastText = this.text;
    this.lastLine = this.tokLine;
    this.lastLineStart = this.tokLineStart;
    this.lastIndex = this.tokIndex;
    this.readToken();
    return kind;
  }

  private lastPos(): Pos {
    return { line: this.lastLine, lineStart: this.lastLineStart, index: this.lastIndex };
  }

  parseFile(): void {
    this.readToken();
    let cb: Comment[] | undefined;
    for (;;) {
      switch (this.kind) {
        case NL:
          this.lex();
          cb = undefined;
          break;
        case COMMENT:
          this.lex();
          (cb ??= []).push({ text: this.lastText });
          break;
        case EOF:
          return;
        default: {
          this.parseStmt();
          if (cb) {
            const s = this.stmts[this.stmts.length - 1];
            (s.line ?? s.block).before = cb;
            cb = undefined;
          }
        }
      }
    }
  }

  /** The end-of-line comment that ended a line, if that is what ended it. */
  private suffixOf(kind: number): readonly Comment[] {
    return kind === EOLCOMMENT ? [{ text: this.lastText }] : NONE;
  }

  private parseStmt(): void {
    this.lex();
    const start = this.lastPos();
    const tokens = [this.lastText];
    for (;;) {
      const kind = this.lex();
      if (isEOL(kind)) {
        this.stmts.push({ line: { tokens, start, before: NONE, suffix: this.suffixOf(kind) } });
        return;
      }
      if (kind === LPAREN) {
        if (isEOL(this.kind)) {
          this.stmts.push({ block: this.parseLineBlock(start, tokens) });
          return;
        }
        if (this.kind === RPAREN) {
          this.lex();
          if (isEOL(this.kind)) {
            const end = this.lex();
            this.stmts.push({ block: { tokens, start, lines: [], before: NONE, suffix: this.suffixOf(end) } });
            return;
          }
          tokens.push('(', ')');
        } else {
          tokens.push('(');
        }
        continue;
      }
      tokens.push(this.lastText);
    }
  }

  private parseLineBlock(start: Pos, tokens: string[]): Block {
    const block: Block = { tokens, start, lines: [], before: NONE, suffix: NONE };
    let comments: Comment[] = [];
    for (;;) {
      switch (this.kind) {
        case EOLCOMMENT:
          this.lex();
          break;
        case NL:
          this.lex();
          // A blank line separates comment groups; modfile keeps it as an empty comment.
          if ((comments.length === 0 && block.lines.length > 0) || (comments.length > 0 && comments[comments.length - 1].text !== '')) {
            comments.push({ text: '' });
          }
          break;
        case COMMENT:
          this.lex();
          comments.push({ text: this.lastText });
          break;
        case EOF:
          return this.fail(`syntax error (unterminated block started at ${this.filename}:${start.line}:${columnOf(this.src, start)})`);
        case RPAREN:
          this.lex();
          if (!isEOL(this.kind)) this.fail('syntax error (expected newline after closing paren)');
          this.lex();
          return block;
        default: {
          const line = this.parseLine();
          if (comments.length > 0) {
            line.before = comments;
            comments = [];
          }
          block.lines.push(line);
        }
      }
    }
  }

  private parseLine(): Line {
    this.lex();
    const start = this.lastPos();
    const tokens = [this.lastText];
    for (;;) {
      const kind = this.lex();
      if (isEOL(kind)) return { tokens, start, before: NONE, suffix: this.suffixOf(kind) };
      tokens.push(this.lastText);
    }
  }
}

/** modfile's Position.LineRune: 1 + the runes before pos on its line. */
function columnOf(src: string, pos: Pos): number {
  let n = 1;
  for (let j = pos.lineStart; j < pos.index; j++) {
    const c = src.charCodeAt(j);
    if (c >= 0xd800 && c <= 0xdbff && j + 1 < pos.index) {
      const d = src.charCodeAt(j + 1);
      if (d >= 0xdc00 && d <= 0xdfff) j++;
    }
    n++;
  }
  return n;
}

// ---------------------------------------------------------------- strings (strconv.Unquote, parseString)

function utf8Bytes(cp: number, out: number[]): void {
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

const hexValue = (c: string | undefined) => (c !== undefined && /^[0-9a-fA-F]$/.test(c) ? parseInt(c, 16) : -1);

/** strconv.Unquote for a double-quoted Go string; undefined on "invalid syntax". \x and octal escapes are raw bytes. */
function unquote(s: string): string | undefined {
  if (s.length < 2 || s[0] !== '"' || s[s.length - 1] !== '"') return undefined;
  const body = s.slice(1, -1);
  if (!body.includes('\\') && !body.includes('\n') && !body.includes('"')) return body;
  const out: number[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === '"' || c === '\n') return undefined;
    if (c !== '\\') {
      const cp = body.codePointAt(i)!;
      utf8Bytes(cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp, out);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = body[i + 1];
    i += 2;
    const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34 };
    if (e !== undefined && e in simple) {
      out.push(simple[e]);
      continue;
    }
    if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      let v = 0;
      for (let j = 0; j < n; j++) {
        const h = hexValue(body[i + j]);
        if (h < 0) return undefined;
        v = v * 16 + h;
      }
      i += n;
      if (e === 'x') out.push(v);
      else if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return undefined;
      else utf8Bytes(v, out);
      continue;
    }
    if (e !== undefined && e >= '0' && e <= '7') {
      let v = Number(e);
      for (let j = 0; j < 2; j++) {
        const d = body[i + j];
        if (d === undefined || d < '0' || d > '7') return undefined;
        v = v * 8 + Number(d);
      }
      i += 2;
      if (v > 255) return undefined;
      out.push(v);
      continue;
    }
    return undefined;
  }
  return decodeGoBytes(out);
}

/** modfile's parseString: unquotes "..." and refuses quotes anywhere else. Returns the value, or an error (strconv's wording). */
function parseString(t: string): { value: string } | { error: string } {
  if (t.startsWith('"')) {
    const v = unquote(t);
    return v === undefined ? { error: 'invalid syntax' } : { value: v };
  }
  if (t.includes("'") || t.includes('`') || t.includes('"')) return { error: 'unquoted string cannot contain quote' };
  return { value: t };
}

// ---------------------------------------------------------------- directives (rule.go, work.go)

const GO_VERSION_RE = /^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$/;
const TOOLCHAIN_RE = /^default$|^go1($|\.)/;
const DEPRECATED_RE = /(?:^|\n\n)Deprecated: *([\s\S]*?)(?:$|\n\n)/;
const CONFLICT_MARKER = /^(<{7}|={7}|>{7}|\|{7})(?:[ \t]|\r?$)/;

const BLOCK_VERBS: Record<ModFileKind, ReadonlySet<string>> = {
  'go.mod': new Set(['module', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore']),
  'go.work': new Set(['godebug', 'use', 'replace']),
};

/**
 * A directive error: go's message, already holding escaped file text.
 * Returned, not thrown: a file can hold a hundred thousand of them.
 */
class DirectiveError {
  constructor(
    readonly code: DiagnosticCode,
    readonly message: string,
  ) {}
}

const fail = (code: DiagnosticCode, message: string) => new DirectiveError(code, message);

/** File text for a message: invalid UTF-8 as U+FFFD (go prints the raw bytes), control characters escaped. */
const esc = (s: string) => escapeControl(goValid(s));
/** modfile.Error's "verb path: " prefix. */
const directive = (verb: string, modPath: string) => (modPath !== '' ? `${verb} ${esc(modPath)}: ` : `${verb}: `);

function quotedString(t: string): string | DirectiveError {
  const r = parseString(t);
  return 'value' in r ? r.value : fail('invalid-quoted-string', `invalid quoted string: ${r.error}`);
}

/** modfile's parseVersion with a nil fixer: the text must have a canonical form, which it becomes. */
function parseVersion(verb: string, path: string, t: string): { version: string; text: string } | DirectiveError {
  const r = parseString(t);
  if ('error' in r) return fail('invalid-version', `${directive(verb, path)}version ${esc(goQuote(t))} invalid: ${r.error}`);
  const cv = canonicalVersion(r.value);
  if (cv === '')
    return fail('invalid-version', `${directive(verb, path)}version ${esc(goQuote(r.value))} invalid: must be of the form v1.2.3`);
  return { version: cv, text: r.value };
}

function checkMajor(verb: string, path: string, version: string): DirectiveError | undefined {
  const major = pathMajor(path);
  if (major === undefined) return fail('invalid-module-path', 'invalid module path');
  const problem = checkPathMajor(version, major);
  if (problem) return fail('invalid-version', `${directive(verb, path)}version ${esc(goQuote(version))} invalid: ${problem}`);
  return undefined;
}

interface Directive {
  block?: Block;
  line: Line;
  verb: string;
  args: string[];
}

/** The comment text go attaches to a directive (parseDirectiveComment). */
function directiveComment(block: Block | undefined, line: Line): string {
  let groups = [line.before, line.suffix];
  if (block && line.before.length === 0 && line.suffix.length === 0) groups = [block.before, block.suffix];
  const lines: string[] = [];
  for (const g of groups) for (const c of g) if (c.text.startsWith('//')) lines.push(goTrimSpace(c.text.slice(2)));
  return lines.join('\n');
}

function isIndirect(line: Line): boolean {
  if (line.suffix.length === 0) return false;
  const text = line.suffix[0].text;
  if (text === '// indirect') return true;
  const f = goFields(text.startsWith('//') ? text.slice(2) : text);
  return (f.length === 1 && f[0] === 'indirect') || (f.length > 1 && f[0] === 'indirect;');
}

interface Raw {
  /** Version texts as written, for the load-stage check of non-canonical versions. */
  versions: { verb: string; path: string; text: string; line: number; forReplacement: boolean }[];
}

class Rules {
  constructor(
    private readonly f: ModFile,
    private readonly raw: Raw,
    private readonly windows: boolean,
    private readonly src: string,
  ) {}

  add(d: Directive): void {
    const line = d.line.start.line;
    const e = this.f.kind === 'go.mod' ? this.addMod(d, line) : this.addWork(d, line);
    if (e) {
      const column = columnOf(this.src, d.line.start);
      this.f.diagnostics.push({ line, column, severity: 'error', stage: 'syntax', code: e.code, message: e.message });
    }
  }

  unknown(verb: string, code: 'unknown-directive' | 'unknown-block', message: string, start: Pos): void {
    this.f.unknown.push({ verb, line: start.line });
    this.f.diagnostics.push({ line: start.line, column: columnOf(this.src, start), severity: 'error', stage: 'syntax', code, message });
  }

  /** go, toolchain, godebug, replace: the same in go.mod and go.work. undefined when verb is none of them. */
  private common(d: Directive, line: number): DirectiveError | null | undefined {
    const { f } = this;
    const { verb, args } = d;
    switch (verb) {
      case 'go':
        if (f.go) return fail('repeated', 'repeated go statement');
        if (args.length !== 1) return fail('usage', 'go directive expects exactly one argument');
        if (!GO_VERSION_RE.test(args[0]))
          return fail('invalid-go-version', `invalid go version '${esc(args[0])}': must match format 1.23.0`);
        f.go = { version: args[0], line };
        return null;
      case 'toolchain':
        if (f.toolchain) return fail('repeated', 'repeated toolchain statement');
        if (args.length !== 1) return fail('usage', 'toolchain directive expects exactly one argument');
        if (!TOOLCHAIN_RE.test(args[0])) {
          return fail('invalid-toolchain', `invalid toolchain version '${esc(args[0])}': must match format go1.23.0 or default`);
        }
        f.toolchain = { name: args[0], line };
        return null;
      case 'godebug': {
        if (args.length !== 1 || /["`',]/.test(args[0])) return fail('usage', 'usage: godebug key=value');
        const eq = args[0].indexOf('=');
        if (eq < 0) return fail('usage', 'usage: godebug key=value');
        f.godebug.push({ key: args[0].slice(0, eq), value: args[0].slice(eq + 1), line });
        return null;
      }
      case 'replace':
        return this.replace(d, line) ?? null;
    }
    return undefined;
  }

  private addMod(d: Directive, line: number): DirectiveError | undefined {
    const { f } = this;
    const { verb, args } = d;
    const common = this.common(d, line);
    if (common !== undefined) return common ?? undefined;
    switch (verb) {
      case 'module': {
        if (f.module) return fail('repeated', 'repeated module statement');
        const deprecated = DEPRECATED_RE.exec(directiveComment(d.block, d.line))?.[1];
        f.module = { path: '', line, deprecated: deprecated || undefined };
        if (args.length !== 1) return fail('usage', 'usage: module module/path');
        const path = quotedString(args[0]);
        if (path instanceof DirectiveError) return path;
        f.module.path = path;
        return undefined;
      }
      case 'require':
      case 'exclude': {
        if (args.length !== 2) return fail('usage', `usage: ${verb} module/path v1.2.3`);
        const path = quotedString(args[0]);
        if (path instanceof DirectiveError) return path;
        const v = parseVersion(verb, path, args[1]);
        if (v instanceof DirectiveError) return v;
        const bad = checkMajor(verb, path, v.version);
        if (bad) return bad;
        this.raw.versions.push({ verb, path, text: v.text, line, forReplacement: false });
        if (verb === 'require') f.require.push({ path, version: v.version, indirect: isIndirect(d.line), line });
        else f.exclude.push({ path, version: v.version, line });
        return undefined;
      }
      case 'retract': {
        const rationale = directiveComment(d.block, d.line);
        const rest = [...args];
        const interval = versionInterval(rest);
        if (interval instanceof DirectiveError) return interval;
        if (rest.length > 0) return fail('usage', `unexpected token after version: ${esc(goQuote(rest[0]))}`);
        const { low, high } = interval;
        f.retract.push({ low, high, rationale, line });
        for (const text of low === high ? [low] : [low, high])
          this.raw.versions.push({ verb, path: '', text, line, forReplacement: false });
        return undefined;
      }
      case 'tool':
      case 'ignore': {
        if (args.length !== 1) return fail('usage', `${verb} directive expects exactly one argument`);
        const path = quotedString(args[0]);
        if (path instanceof DirectiveError) return path;
        f[verb].push({ path, line });
        return undefined;
      }
      default:
        this.unknown(verb, 'unknown-directive', `unknown directive: ${esc(verb)}`, d.line.start);
        return undefined;
    }
  }

  private addWork(d: Directive, line: number): DirectiveError | undefined {
    const { verb, args } = d;
    const common = this.common(d, line);
    if (common !== undefined) return common ?? undefined;
    if (verb === 'use') {
      if (args.length !== 1) return fail('usage', `usage: ${verb} local/dir`);
      const path = quotedString(args[0]);
      if (path instanceof DirectiveError) return path;
      this.f.use.push({ path, line });
      return undefined;
    }
    this.unknown(verb, 'unknown-directive', `unknown directive: ${esc(verb)}`, d.line.start);
    return undefined;
  }

  private replace(d: Directive, line: number): DirectiveError | undefined {
    const { verb, args } = d;
    const arrow = args.length >= 2 && args[1] === '=>' ? 1 : 2;
    if (args.length < arrow + 2 || args.length > arrow + 3 || args[arrow] !== '=>') {
      return fail(
        'usage',
        `usage: ${verb} module/path [v1.2.3] => other/module v1.4\n\t or ${verb} module/path [v1.2.3] => ../local/directory`,
      );
    }
    const oldPath = quotedString(args[0]);
    if (oldPath instanceof DirectiveError) return oldPath;
    const major = pathMajor(oldPath);
    if (major === undefined) return fail('invalid-module-path', `${directive(verb, oldPath)}invalid module path`);
    let oldVersion: string | undefined;
    if (arrow === 2) {
      const v = parseVersion(verb, oldPath, args[1]);
      if (v instanceof DirectiveError) return v;
      const problem = checkPathMajor(v.version, major);
      if (problem) return fail('invalid-version', `${directive(verb, oldPath)}version ${esc(goQuote(v.version))} invalid: ${problem}`);
      oldVersion = v.version;
      this.raw.versions.push({ verb, path: oldPath, text: v.text, line, forReplacement: false });
    }
    const newPath = quotedString(args[arrow + 1]);
    if (newPath instanceof DirectiveError) return newPath;
    let newVersion: string | undefined;
    if (args.length === arrow + 2) {
      if (!isDirectoryPath(newPath)) {
        return fail(
          'invalid-replace',
          newPath.includes('@')
            ? "replacement module must match format 'path version', not 'path@version'"
            : 'replacement module without version must be directory path (rooted or starting with . or ..)',
        );
      }
      if (!this.windows && newPath.includes('\\')) {
        return fail('invalid-replace', 'replacement directory appears to be Windows path (on a non-windows system)');
      }
    } else {
      const v = parseVersion(verb, newPath, args[arrow + 2]);
      if (v instanceof DirectiveError) return v;
      if (isDirectoryPath(newPath))
        return fail('invalid-replace', `replacement module directory path ${esc(goQuote(newPath))} cannot have version`);
      newVersion = v.version;
      this.raw.versions.push({ verb, path: newPath, text: v.text, line, forReplacement: true });
    }
    this.f.replace.push({
      old: { path: oldPath, version: oldVersion },
      new: { path: newPath, version: newVersion },
      local: newVersion === undefined,
      line,
    });
    return undefined;
  }
}

/** modfile's parseVersionInterval for retract (versions are not checked while parsing). Consumes from args. */
function versionInterval(args: string[]): { low: string; high: string } | DirectiveError {
  const version = (t: string): string | DirectiveError => {
    const r = parseString(t);
    return 'value' in r ? r.value : fail('invalid-version', `retract: version ${esc(goQuote(t))} invalid: ${r.error}`);
  };
  const next = (): string | undefined => args[0];
  if (args.length === 0 || next() === '(') return fail('usage', "expected '[' or version");
  if (next() !== '[') {
    const v = version(args.shift()!);
    return v instanceof DirectiveError ? v : { low: v, high: v };
  }
  args.shift();
  if (args.length === 0) return fail('usage', "expected version after '['");
  const low = version(args.shift()!);
  if (low instanceof DirectiveError) return low;
  if (args.length === 0 || next() !== ',') return fail('usage', "expected ',' after version");
  args.shift();
  if (args.length === 0) return fail('usage', "expected version after ','");
  const high = version(args.shift()!);
  if (high instanceof DirectiveError) return high;
  if (args.length === 0 || next() !== ']') return fail('usage', "expected ']' after version");
  args.shift();
  return { low, high };
}

// ---------------------------------------------------------------- load-time rules (modload)

function loadDiagnostics(f: ModFile, raw: Raw, lines: () => string[]): void {
  const add = (line: number, code: DiagnosticCode, message: string) =>
    f.diagnostics.push({ line, severity: 'error', stage: 'load', code, message });

  if (f.kind === 'go.mod') {
    if (!f.module) {
      add(1, 'missing-module', 'missing module declaration; to add one: go mod edit -module=example.com/mod');
    } else if (f.module.path === 'go' || f.module.path === 'toolchain') {
      add(f.module.line, 'malformed-module-path', `invalid module path ${goQuote(f.module.path)}: the path is reserved`);
    } else {
      const problem = modulePathProblem(f.module.path);
      if (problem) add(f.module.line, 'malformed-module-path', esc(`malformed module path ${goQuote(f.module.path)}: ${problem}`));
    }
    // modload reads the main go.mod with a version fixer: a version that is not
    // canonical is looked up (it fails offline: module lookup disabled by GOPROXY=off).
    const modulePath = f.module?.path ?? '';
    for (const v of raw.versions) {
      const path = v.verb === 'retract' ? modulePath : v.path;
      const what = () => `${directive(v.verb, path)}version ${esc(goQuote(v.text))}`;
      const canonical = v.text !== '' && canonicalVersion(v.text) === v.text;
      if (v.forReplacement || v.verb === 'retract') {
        const major = pathMajor(path);
        if (major === undefined) {
          add(v.line, 'malformed-module-path', `${what()} invalid: malformed module path ${esc(goQuote(path))}`);
          continue;
        }
        if (canonical) {
          const problem = checkPathMajor(v.text, major);
          if (problem) add(v.line, 'invalid-version', `${what()} invalid: ${problem}`);
          continue;
        }
      }
      if (!canonical) {
        add(
          v.line,
          'noncanonical-version',
          `${what()} is not canonical: the go command looks it up to rewrite go.mod (offline: "module lookup disabled by GOPROXY=off")`,
        );
      }
    }
    // A module path required twice makes go want to rewrite go.mod ("updates to go.mod needed"), outside workspace mode.
    const firstRequire = new Map<string, number>();
    for (const r of f.require) {
      const first = firstRequire.get(r.path);
      if (first === undefined) firstRequire.set(r.path, r.line);
      else
        add(
          r.line,
          'duplicate-require',
          esc(`${r.path} is required twice (lines ${first} and ${r.line}): go reports "updates to go.mod needed"`),
        );
    }
    for (const t of f.tool) {
      const problem = importPathProblem(t.path);
      if (problem) add(t.line, 'malformed-tool-path', esc(`malformed tool path ${goQuote(t.path)}: ${problem}`));
    }
  }
  if (f.kind === 'go.work') {
    // LoadWorkFile: a directory listed twice (after filepath.Join with the go.work directory, which cleans it).
    const seen = new Map<string, number>();
    for (const u of f.use) {
      const key = isAbsolute(u.path) ? u.path : cleanRelative(u.path);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, u.line);
      else add(u.line, 'duplicate-use', esc(`path ${u.path} appears multiple times in workspace (first at line ${first})`));
    }
  }
  for (const g of f.godebug) {
    if (g.key === 'default' && !(g.value.startsWith('go') && isValidGoVersion(g.value.slice(2)))) {
      add(g.line, 'invalid-godebug', 'godebug: value for default= must be goVERSION');
    }
  }
  // A merge conflict marker that still parsed ("=======" in a godebug block) fails when go loads the module.
  const text = lines();
  for (let n = 0; n < text.length; n++) {
    if ('<=>|'.includes(text[n][0]) && CONFLICT_MARKER.test(text[n]) && !f.diagnostics.some((d) => d.line === n + 1)) {
      add(n + 1, 'conflict-marker', `merge conflict marker "${esc(text[n].trim().slice(0, 40))}"`);
    }
  }
}

const isAbsolute = (p: string) => p.startsWith('/');

/** filepath.Clean for a relative slash path (relative to the same directory). */
function cleanRelative(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  return out.join('/') || '.';
}

// ---------------------------------------------------------------- entry point

/** Parses go.mod or go.work text the way the go command does. Line numbers are 1-based. */
export function parseModFile(text: string, kind: ModFileKind = 'go.mod', options: ParseOptions = {}): ModFile {
  const f = emptyModFile(kind);
  const windows = options.windows ?? (typeof process !== 'undefined' && process.platform === 'win32');
  const p = new Parser(text, kind);
  let lines: string[] | undefined;
  const textLines = () => (lines ??= text.split('\n'));
  const markConflict = (d: Diagnostic) => {
    const l = textLines()[d.line - 1] ?? '';
    if ('<=>|'.includes(l[0]) && CONFLICT_MARKER.test(l)) {
      d.code = 'conflict-marker';
      d.message = `merge conflict marker "${esc(l.trim().slice(0, 40))}" (${d.message})`;
    }
  };

  try {
    p.parseFile();
  } catch (e) {
    if (!(e instanceof GoSyntaxError)) throw e;
    const col = columnOf(text, e.pos);
    const d: Diagnostic = { line: e.pos.line, column: col, severity: 'error', stage: 'syntax', code: 'syntax', message: e.message };
    markConflict(d);
    f.diagnostics.push(d);
    return f;
  }

  const raw: Raw = { versions: [] };
  const rules = new Rules(f, raw, windows, text);
  for (const s of p.stmts) {
    if (s.line) {
      rules.add({ line: s.line, verb: s.line.tokens[0], args: s.line.tokens.slice(1) });
      continue;
    }
    const b = s.block;
    if (b.tokens.length > 1 || !BLOCK_VERBS[kind].has(b.tokens[0])) {
      rules.unknown(b.tokens[0], 'unknown-block', `unknown block type: ${esc(b.tokens.join(' '))}`, b.start);
      continue;
    }
    for (const l of b.lines) rules.add({ block: b, line: l, verb: b.tokens[0], args: l.tokens });
  }

  // Conflict markers first: no Go version knows them, so they stay errors whatever the go line says.
  for (const d of f.diagnostics) markConflict(d);
  // A directive this Go does not know may be valid in the newer Go that the go line asks for.
  if (f.go && compareGoVersions(languageOf(f.go.version), MODFILE_GRAMMAR_GO) > 0) {
    for (const d of f.diagnostics) if (d.code === 'unknown-directive' || d.code === 'unknown-block') d.severity = 'warning';
  }
  if (!f.diagnostics.some((d) => d.severity === 'error')) loadDiagnostics(f, raw, textLines);
  validStrings(f);
  return f;
}

/** A quoted string can hold invalid UTF-8 ("\xff"): in the data it reads as U+FFFD, as in go's JSON. */
function validStrings(f: ModFile): void {
  if (f.module) f.module.path = goValid(f.module.path);
  for (const r of [...f.require, ...f.exclude]) r.path = goValid(r.path);
  for (const r of f.replace) {
    r.old.path = goValid(r.old.path);
    r.new.path = goValid(r.new.path);
  }
  for (const r of f.retract) {
    r.low = goValid(r.low);
    r.high = goValid(r.high);
  }
  for (const t of [...f.tool, ...f.ignore, ...f.use]) t.path = goValid(t.path);
}
