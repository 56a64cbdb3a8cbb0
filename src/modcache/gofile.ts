// What `go mod vendor` reads in a .go file (cmd/go/internal/modcmd/vendor.go,
// cmd/go/internal/imports, go/build): whether the file can ever be built
// (build constraints evaluated with every tag both true and false, so only
// "ignore" excludes), its package clause and imports, and its //go:embed
// patterns. Pure: text in, facts out.

export interface GoFileFacts {
  packageName?: string;
  imports: string[];
  /** The package clause and imports parsed as go/parser's ImportsOnly mode would accept them. */
  headerOk: boolean;
  /** Patterns of every //go:embed comment, when the file imports "embed" (go/build readGoInfo). */
  embeds: string[];
  /** Where the import declarations end (character offset): how far go's import reader reads. */
  headerEnd: number;
}

type Tok = { kind: 'ident' | 'string' | 'comment' | 'op'; text: string; end: number };

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;

function isIdentStart(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
  return LETTER.test(String.fromCharCode(c));
}

function isIdentPart(c: number): boolean {
  if (c < 0x80) return isIdentStart(c) || (c >= 0x30 && c <= 0x39);
  const ch = String.fromCharCode(c);
  return LETTER.test(ch) || DIGIT.test(ch);
}

/** A small Go scanner: identifiers, string literals, comments, single-character operators. */
function* tokens(src: string): Generator<Tok> {
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      let j = src.indexOf('\n', i);
      if (j < 0) j = n;
      yield { kind: 'comment', text: src.slice(i, j).replace(/\r/g, ''), end: j };
      i = j;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const j = src.indexOf('*/', i + 2);
      const end = j < 0 ? n : j + 2;
      yield { kind: 'comment', text: src.slice(i, end), end };
      i = end;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      const end = Math.min(j + 1, n);
      yield { kind: 'string', text: src.slice(i, end), end };
      i = end;
      continue;
    }
    if (c === '`') {
      const j = src.indexOf('`', i + 1);
      const end = j < 0 ? n : j + 1;
      yield { kind: 'string', text: src.slice(i, end), end };
      i = end;
      continue;
    }
    if (isIdentStart(src.charCodeAt(i))) {
      let j = i + 1;
      while (j < n && isIdentPart(src.charCodeAt(j))) j++;
      yield { kind: 'ident', text: src.slice(i, j), end: j };
      i = j;
      continue;
    }
    if (c >= '0' && c <= '9') {
      let j = i + 1;
      while (j < n && /[0-9A-Za-z_.]/.test(src[j])) j++;
      yield { kind: 'op', text: src.slice(i, j), end: j };
      i = j;
      continue;
    }
    yield { kind: 'op', text: c, end: i + 1 };
    i++;
  }
}

/** strconv.Unquote for the literals import paths and embed patterns use. */
export function unquote(lit: string): string | undefined {
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

/** ast.ParseDirective + Directive.ParseArgs for "//go:embed …": space-separated, "quoted" or `raw` arguments. */
export function parseEmbedDirective(comment: string): string[] | undefined {
  const m = /^\/\/go:embed(?:[ \t]+(.*))?$/s.exec(comment);
  if (!m) return undefined;
  const args: string[] = [];
  let rest = (m[1] ?? '').trim();
  while (rest !== '') {
    let arg: string | undefined;
    if (rest[0] === '"' || rest[0] === '`') {
      const q = rest[0];
      let j = 1;
      while (j < rest.length && rest[j] !== q) j += q === '"' && rest[j] === '\\' ? 2 : 1;
      if (j >= rest.length) return undefined;
      arg = unquote(rest.slice(0, j + 1));
      if (arg === undefined) return undefined;
      rest = rest.slice(j + 1);
      if (rest !== '' && !/^[ \t]/.test(rest)) return undefined;
    } else {
      const j = rest.search(/[ \t]/);
      arg = j < 0 ? rest : rest.slice(0, j);
      rest = j < 0 ? '' : rest.slice(j);
    }
    args.push(arg);
    rest = rest.trim();
  }
  return args;
}

/** Package clause, imports and //go:embed patterns of a Go file (the rest of the file is scanned only when it imports "embed"). */
export function goFileFacts(src: string): GoFileFacts {
  const facts: GoFileFacts = { imports: [], headerOk: false, embeds: [], headerEnd: 0 };
  const it = tokens(src);
  const comments: Tok[] = [];
  let cur: Tok | undefined;
  let last: Tok | undefined;
  const advance = () => {
    last = cur;
    for (;;) {
      const r = it.next();
      if (r.done) return void (cur = undefined);
      if (r.value.kind === 'comment') comments.push(r.value);
      else return void (cur = r.value);
    }
  };
  advance();
  // A function, not cur?.text directly: TypeScript would narrow cur across the advance() calls.
  const at = (text: string) => cur?.text === text;
  const semi = () => {
    if (at(';')) advance();
  };
  if (!at('package')) return facts;
  advance();
  if (cur?.kind !== 'ident') return facts;
  facts.packageName = cur.text;
  advance();
  semi();
  const spec = (): boolean => {
    if (cur?.kind === 'ident' || at('.')) advance();
    if (cur?.kind !== 'string') return false;
    const p = unquote(cur.text);
    if (p === undefined || p === '') return false;
    facts.imports.push(p);
    advance();
    semi();
    return true;
  };
  while (at('import')) {
    advance();
    if (at('(')) {
      advance();
      while (cur && !at(')')) if (!spec()) return facts;
      if (!cur) return facts;
      advance();
      semi();
    } else if (!spec()) return facts;
  }
  facts.headerOk = true;
  facts.headerEnd = last?.end ?? 0;
  if (facts.imports.includes('embed')) {
    while (cur) advance();
    for (const c of comments) {
      if (!c.text.startsWith('//go:embed')) continue;
      const args = parseEmbedDirective(c.text);
      if (args) facts.embeds.push(...args);
    }
  }
  return facts;
}

// Build constraints. Under imports.AnyTags every tag except "ignore" is both
// true and false ("prefer"), so a file is excluded only when its constraint
// needs "ignore", is malformed (//go:build), or has two //go:build lines.

type Expr = { tag: string } | { not: Expr } | { and: [Expr, Expr] } | { or: [Expr, Expr] };

const TAG_CHAR = /[\p{L}\p{Nd}_.]/u;

function isValidTag(word: string): boolean {
  return word !== '' && [...word].every((c) => TAG_CHAR.test(c));
}

/** constraint.Parse for a //go:build expression; undefined on a syntax error. */
function parseGoBuildExpr(text: string): Expr | undefined {
  const s = text;
  let pos = 0;
  let tok = '';
  let isTag = false;
  let size = 0;
  const fail = () => {
    throw new SyntaxError('build constraint');
  };
  const lex = () => {
    isTag = false;
    while (pos < s.length && (s[pos] === ' ' || s[pos] === '\t')) pos++;
    if (pos >= s.length) return void (tok = '');
    const c = s[pos];
    if (c === '(' || c === ')' || c === '!') return void ((tok = c), pos++);
    if (c === '&' || c === '|') {
      if (s[pos + 1] !== c) fail();
      tok = c + c;
      pos += 2;
      return;
    }
    let j = pos;
    for (const ch of s.slice(pos)) {
      if (!TAG_CHAR.test(ch)) break;
      j += ch.length;
    }
    if (j === pos) fail();
    tok = s.slice(pos, j);
    pos = j;
    isTag = true;
  };
  const or = (): Expr => {
    let x = and();
    while (tok === '||') x = { or: [x, and()] };
    return x;
  };
  const and = (): Expr => {
    let x = not();
    while (tok === '&&') x = { and: [x, not()] };
    return x;
  };
  const not = (): Expr => {
    if (++size > 1000) fail();
    lex();
    if (tok === '!') {
      lex();
      if (tok === '!') fail();
      return { not: atom() };
    }
    return atom();
  };
  const atom = (): Expr => {
    if (tok === '(') {
      const x = or();
      if ((tok as string) !== ')') fail();
      lex();
      return x;
    }
    if (!isTag) fail();
    const t = tok;
    lex();
    return { tag: t };
  };
  try {
    const x = or();
    if (tok !== '') fail();
    return x;
  } catch {
    return undefined;
  }
}

/** constraint.parsePlusBuildExpr: never an error except a line too complex; invalid words mean "ignore". */
function parsePlusBuildExpr(text: string): Expr | undefined {
  let x: Expr | undefined;
  let size = 0;
  for (const clause of text.split(/\s+/).filter(Boolean)) {
    let y: Expr | undefined;
    for (let lit of clause.split(',')) {
      let z: Expr;
      if (lit.startsWith('!!') || lit === '!') z = { tag: 'ignore' };
      else {
        const neg = lit.startsWith('!');
        if (neg) lit = lit.slice(1);
        z = { tag: isValidTag(lit) ? lit : 'ignore' };
        if (neg) z = { not: z };
      }
      if (!y) y = z;
      else {
        if (++size > 100) return undefined;
        y = { and: [y, z] };
      }
    }
    if (!x) x = y;
    else {
      if (++size > 100) return undefined;
      x = { or: [x, y!] };
    }
  }
  return x ?? { tag: 'ignore' };
}

/** imports.eval with tags = AnyTags: "ignore" is false, every other valid tag is whatever is preferred. */
function evalAnyTags(x: Expr, prefer: boolean): boolean {
  if ('tag' in x) return x.tag !== 'ignore' && x.tag !== '' && isValidTag(x.tag) ? prefer : false;
  if ('not' in x) return !evalAnyTags(x.not, !prefer);
  if ('and' in x) return evalAnyTags(x.and[0], prefer) && evalAnyTags(x.and[1], prefer);
  return evalAnyTags(x.or[0], prefer) || evalAnyTags(x.or[1], prefer);
}

function isGoBuildComment(line: string): boolean {
  if (!line.startsWith('//go:build')) return false;
  const rest = line.slice('//go:build'.length);
  return rest.length === 0 || rest.trim().length < rest.length;
}

/** imports.parseFileHeader: the leading comment block (up to its last blank line) and the //go:build line. */
function parseFileHeader(content: string): { header: string; goBuild?: string; multiple: boolean } {
  let end = 0;
  let ended = false;
  let inSlashStar = false;
  let goBuild: string | undefined;
  let p = 0;
  const n = content.length;
  lines: while (p < n) {
    let nl = content.indexOf('\n', p);
    if (nl < 0) nl = n;
    let line = content.slice(p, nl).trim();
    p = nl < n ? nl + 1 : n;
    if (line.length === 0 && !ended) {
      end = p;
      continue;
    }
    if (!line.startsWith('//')) ended = true;
    if (!inSlashStar && isGoBuildComment(line)) {
      if (goBuild !== undefined) return { header: '', multiple: true };
      goBuild = line;
    }
    while (line.length > 0) {
      if (inSlashStar) {
        const i = line.indexOf('*/');
        if (i >= 0) {
          inSlashStar = false;
          line = line.slice(i + 2).trim();
          continue;
        }
        continue lines;
      }
      if (line.startsWith('//')) continue lines;
      if (line.startsWith('/*')) {
        inSlashStar = true;
        line = line.slice(2).trim();
        continue;
      }
      break lines;
    }
  }
  return { header: content.slice(0, end), goBuild, multiple: false };
}

/** imports.ShouldBuild(content, imports.AnyTags()). */
export function shouldBuildAnyTags(content: string): boolean {
  const h = parseFileHeader(content);
  if (h.multiple) return false;
  if (h.goBuild !== undefined) {
    const x = parseGoBuildExpr(h.goBuild.slice('//go:build'.length));
    return x !== undefined && evalAnyTags(x, true);
  }
  for (const raw of h.header.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('//') || !line.includes('+build')) continue;
    const body = line.slice(2).trim();
    if (!body.startsWith('+build')) continue;
    const rest = body.slice('+build'.length);
    if (rest.length > 0 && rest.trim().length === rest.length) continue; // "+buildsomething"
    const x = parsePlusBuildExpr(rest);
    if (x && !evalAnyTags(x, true)) return false;
  }
  return true;
}

/**
 * matchPotentialSourceFile for a .go file: kept unless reading its imports
 * succeeds and its constraints exclude it under every tag set. A NUL byte
 * makes the import reader fail, and then go keeps the file.
 */
export function vendorKeepsGoFile(text: string, facts: GoFileFacts = goFileFacts(text)): boolean {
  const headerEnd = facts.headerOk ? facts.headerEnd : text.length;
  if (text.slice(0, headerEnd).includes('\u0000')) return true;
  return shouldBuildAnyTags(text);
}
