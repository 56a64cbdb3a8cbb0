// go.mod and go.work parser, following golang.org/x/mod/modfile's lexer
// (tokens, quoted strings, "(" blocks, // comments) with line numbers kept for
// every directive. Never throws: problems come back as diagnostics.

import { isCanonicalVersion, isDirectoryPath, modulePathProblem } from './modpath.js';

export type ModFileKind = 'go.mod' | 'go.work';

export interface Diagnostic {
  line: number;
  severity: 'error' | 'warning';
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
  require: Require[];
  exclude: (ModuleVersion & { line: number })[];
  replace: Replace[];
  retract: { low: string; high: string; line: number }[];
  tool: { path: string; line: number }[];
  ignore: { path: string; line: number }[];
  use: { path: string; line: number }[];
  unknown: { verb: string; line: number }[];
  diagnostics: Diagnostic[];
}

const GO_VERSION_RE = /^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$/;
const TOOLCHAIN_RE = /^default$|^go1($|\.)/;

const DIRECTIVES: Record<ModFileKind, ReadonlySet<string>> = {
  'go.mod': new Set(['module', 'go', 'toolchain', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore']),
  'go.work': new Set(['go', 'toolchain', 'godebug', 'use', 'replace']),
};

interface Token {
  text: string;
  /** The unquoted value for strings, the text itself otherwise. */
  value: string;
  quoted: boolean;
}

interface LexedLine {
  line: number;
  tokens: Token[];
  comment?: string;
}

const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',']);

function unquote(raw: string): string | undefined {
  if (raw.startsWith('`')) return raw.slice(1, -1);
  try {
    const v: unknown = JSON.parse(raw.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1').replace(/\\'/g, "'"));
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

// Lines without quotes, punctuation or block comments (nearly all) split on white space.
const SIMPLE_LINE = /^[^"`()[\]{},]*$/;

function lexLine(text: string, line: number, diags: Diagnostic[]): LexedLine {
  if (SIMPLE_LINE.test(text) && !text.includes('/*')) {
    const c = text.indexOf('//');
    const code = c < 0 ? text : text.slice(0, c);
    const words = code.split(/[ \t\r\f\v]+/).filter((w) => w !== '');
    return { line, tokens: words.map((w) => ({ text: w, value: w, quoted: false })), comment: c < 0 ? undefined : text.slice(c + 2) };
  }
  const tokens: Token[] = [];
  let comment: string | undefined;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (text.startsWith('//', i)) {
      comment = text.slice(i + 2);
      break;
    }
    if (text.startsWith('/*', i)) {
      diags.push({ line, severity: 'error', message: 'mod files must use // comments (not /* */ comments)' });
      break;
    }
    if (PUNCT.has(c)) {
      tokens.push({ text: c, value: c, quoted: false });
      i++;
      continue;
    }
    if (c === '"' || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' && c === '"' ? 2 : 1;
      if (j >= text.length) {
        diags.push({ line, severity: 'error', message: 'unexpected newline in string' });
        return { line, tokens: [], comment };
      }
      const raw = text.slice(i, j + 1);
      const value = unquote(raw);
      if (value === undefined) {
        diags.push({ line, severity: 'error', message: `invalid quoted string ${raw}` });
        return { line, tokens: [], comment };
      }
      tokens.push({ text: raw, value, quoted: true });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < text.length && !/\s/.test(text[j]) && !PUNCT.has(text[j]) && !text.startsWith('//', j)) j++;
    tokens.push({ text: text.slice(i, j), value: text.slice(i, j), quoted: false });
    i = j;
  }
  return { line, tokens, comment };
}

function isIndirectComment(comment: string | undefined): boolean {
  if (comment === undefined) return false;
  const f = comment.trim().split(/\s+/);
  return (f.length === 1 && f[0] === 'indirect') || (f.length > 1 && f[0] === 'indirect;');
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

/** Parses go.mod or go.work text. Line numbers are 1-based. */
export function parseModFile(text: string, kind: ModFileKind = 'go.mod'): ModFile {
  const f = emptyModFile(kind);
  const diags = f.diagnostics;
  const lines = text.split('\n');
  let block: { verb: string; line: number } | undefined;
  let lastComment: { line: number; text: string } | undefined; // for "// Deprecated:" above module

  for (let n = 0; n < lines.length; n++) {
    if (/^(<{7}|={7}|>{7}|\|{7})( |\r?$)/.test(lines[n])) {
      diags.push({ line: n + 1, severity: 'error', message: `merge conflict marker "${lines[n].trim().slice(0, 40)}"` });
      continue;
    }
    const lx = lexLine(lines[n], n + 1, diags);
    const toks = lx.tokens;
    if (toks.length === 0) {
      if (lx.comment !== undefined) lastComment = { line: n + 1, text: lx.comment };
      continue;
    }
    if (block) {
      if (toks.length === 1 && toks[0].text === ')') {
        block = undefined;
        continue;
      }
      if (toks[toks.length - 1].text === ')') {
        diags.push({ line: n + 1, severity: 'error', message: 'syntax error (expected newline before closing paren)' });
        block = undefined;
        continue;
      }
      addDirective(f, block.verb, toks, lx, lastComment);
      lastComment = undefined;
      continue;
    }
    if (toks.length === 2 && toks[1].text === '(' && !toks[0].quoted) {
      block = { verb: toks[0].text, line: n + 1 };
      if (!DIRECTIVES[kind].has(block.verb)) recordUnknown(f, block.verb, n + 1);
      continue;
    }
    if (toks.length === 3 && toks[1].text === '(' && toks[2].text === ')') continue; // empty block
    if (toks[0].text === ')' || toks[0].text === '(') {
      diags.push({ line: n + 1, severity: 'error', message: `syntax error (unexpected "${toks[0].text}")` });
      continue;
    }
    addDirective(f, toks[0].text, toks.slice(1), lx, lastComment);
    lastComment = undefined;
  }
  if (block) {
    diags.push({
      line: block.line,
      severity: 'error',
      message: `syntax error (unterminated block started at ${kind}:${block.line})`,
    });
  }
  if (kind === 'go.mod' && !f.module && !diags.some((d) => d.severity === 'error')) {
    diags.push({ line: 1, severity: 'error', message: 'no module declaration in go.mod' });
  }
  return f;
}

function recordUnknown(f: ModFile, verb: string, line: number): void {
  f.unknown.push({ verb, line });
  f.diagnostics.push({
    line,
    severity: 'warning',
    message: `unknown directive: ${verb} (a go command that does not know it rejects the ${f.kind})`,
  });
}

function addDirective(
  f: ModFile,
  verb: string,
  args: Token[],
  lx: LexedLine,
  lastComment: { line: number; text: string } | undefined,
): void {
  const line = lx.line;
  const err = (message: string): void => {
    f.diagnostics.push({ line, severity: 'error', message });
  };
  const v = args.map((a) => a.value);
  if (!DIRECTIVES[f.kind].has(verb)) {
    // A verb inside an unknown block was already reported once, at the block.
    if (!f.unknown.some((u) => u.verb === verb)) recordUnknown(f, verb, line);
    return;
  }

  switch (verb) {
    case 'module': {
      if (f.module) return err('repeated module statement');
      if (v.length !== 1) return err('usage: module module/path');
      const deprecated =
        (lastComment && lastComment.line === line - 1 ? /^\s*Deprecated:\s*(.*)$/.exec(lastComment.text)?.[1] : undefined) ??
        /^\s*Deprecated:\s*(.*)$/.exec(lx.comment ?? '')?.[1];
      f.module = { path: v[0], line, deprecated };
      const problem = modulePathProblem(v[0]);
      if (problem) err(`invalid module path "${v[0]}": ${problem}`);
      return;
    }
    case 'go': {
      if (f.go) return err('repeated go statement');
      if (v.length !== 1) return err('go directive expects exactly one argument');
      if (!GO_VERSION_RE.test(v[0])) return err(`invalid go version '${v[0]}': must match format 1.23.0`);
      f.go = { version: v[0], line };
      return;
    }
    case 'toolchain': {
      if (f.toolchain) return err('repeated toolchain statement');
      if (v.length !== 1) return err('toolchain directive expects exactly one argument');
      if (!TOOLCHAIN_RE.test(v[0])) return err(`invalid toolchain version '${v[0]}': must match format go1.23.0 or default`);
      f.toolchain = { name: v[0], line };
      return;
    }
    case 'godebug': {
      const kv = v.length === 1 ? /^([^=\s]+)=(.*)$/.exec(v[0]) : null;
      if (!kv) return err('usage: godebug key=value');
      f.godebug.push({ key: kv[1], value: kv[2], line });
      return;
    }
    case 'require':
    case 'exclude': {
      if (v.length !== 2) return err(`usage: ${verb} module/path v1.2.3`);
      const [path, version] = v;
      const problem = modulePathProblem(path);
      if (problem) return err(`${verb} ${path}: ${problem}`);
      if (!isCanonicalVersion(version)) {
        return err(
          `${verb} ${path}: version "${version}" is not a canonical semantic version (vX.Y.Z); the go command would have to look it up over the network`,
        );
      }
      if (verb === 'require') f.require.push({ path, version, indirect: isIndirectComment(lx.comment), line });
      else f.exclude.push({ path, version, line });
      return;
    }
    case 'replace': {
      const arrow = v.length >= 2 && v[1] === '=>' ? 1 : 2;
      if (v.length < arrow + 2 || v.length > arrow + 3 || v[arrow] !== '=>') {
        return err(`usage: replace module/path [v1.2.3] => other/module v1.4 or replace module/path [v1.2.3] => ../local/directory`);
      }
      const oldVersion = arrow === 2 ? v[1] : undefined;
      if (oldVersion !== undefined && !isCanonicalVersion(oldVersion)) {
        return err(`replace ${v[0]}: version "${oldVersion}" is not a canonical semantic version`);
      }
      const newPath = v[arrow + 1];
      const newVersion = v.length === arrow + 3 ? v[arrow + 2] : undefined;
      const local = isDirectoryPath(newPath);
      if (newVersion === undefined && !local) {
        return err(
          newPath.includes('@')
            ? `replacement module must match format 'path version', not 'path@version'`
            : 'replacement module without version must be directory path (rooted or starting with . or ..)',
        );
      }
      if (newVersion !== undefined && local) return err(`replacement module directory path "${newPath}" cannot have version`);
      if (newVersion !== undefined && !isCanonicalVersion(newVersion)) {
        return err(`replace ${v[0]} => ${newPath}: version "${newVersion}" is not a canonical semantic version`);
      }
      f.replace.push({ old: { path: v[0], version: oldVersion }, new: { path: newPath, version: newVersion }, local, line });
      return;
    }
    case 'retract': {
      // retract v1.0.0 | retract [v1.0.0, v1.2.0]
      if (v.length === 1 && isCanonicalVersion(v[0])) {
        f.retract.push({ low: v[0], high: v[0], line });
        return;
      }
      if (v.length === 5 && v[0] === '[' && v[2] === ',' && v[4] === ']' && isCanonicalVersion(v[1]) && isCanonicalVersion(v[3])) {
        f.retract.push({ low: v[1], high: v[3], line });
        return;
      }
      return err('usage: retract version or retract [low, high]');
    }
    case 'tool':
    case 'ignore':
    case 'use': {
      if (v.length !== 1) return err(`usage: ${verb} ${verb === 'tool' ? 'package/path' : 'path'}`);
      f[verb].push({ path: v[0], line });
      return;
    }
  }
}
