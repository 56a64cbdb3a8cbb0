// Puts gohooks's parse and the go command's (the oracle's) side by side in
// one normalised shape and lists every difference: accept/reject verdict, the
// errors (line, column, message) and, when both accept, the data `go mod edit
// -json` shows (module, go, toolchain, godebug, require, exclude, replace,
// retract, tool, ignore, use) or the go.sum lines go keeps.

import { parseGoSum } from '../../src/gomod/gosum.js';
import { parseModFile, type ModFile } from '../../src/gomod/modfile.js';
import { escapeControl } from '../../src/gomod/gotext.js';
import type { FileKind, OracleResult } from './oracle.js';

export interface Parsed {
  reject: boolean;
  errors: { line: number; col?: number; msg: string }[];
  data?: unknown;
}

export interface OurRun {
  parsed?: Parsed;
  /** The exception, if parsing threw. */
  threw?: string;
  ms: number;
}

/** Bytes → text as gohooks reads files (Buffer#toString: invalid UTF-8 becomes U+FFFD, a BOM stays). */
export function decode(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
}

export function isValidUtf8(data: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

// Go keeps invalid UTF-8 bytes and its JSON shows each as U+FFFD; Node decodes a
// truncated sequence to one U+FFFD. Runs of U+FFFD compare as one.
const norm = (s: string) => s.replace(/\ufffd+/g, '\ufffd');

function modData(f: ModFile) {
  return {
    module: f.module ? { path: norm(f.module.path), deprecated: norm(f.module.deprecated ?? '') } : null,
    go: norm(f.go?.version ?? ''),
    toolchain: norm(f.toolchain?.name ?? ''),
    godebug: f.godebug.map((g) => [norm(g.key), norm(g.value)]),
    require: f.require.map((r) => [norm(r.path), r.version, r.indirect]),
    exclude: f.exclude.map((r) => [norm(r.path), r.version]),
    replace: f.replace.map((r) => [norm(r.old.path), r.old.version ?? '', norm(r.new.path), r.new.version ?? '']),
    retract: f.retract.map((r) => [norm(r.low), norm(r.high), norm(r.rationale)]),
    tool: f.tool.map((t) => norm(t.path)),
    ignore: f.ignore.map((t) => norm(t.path)),
    use: f.use.map((t) => norm(t.path)),
  };
}

function oracleModData(r: OracleResult) {
  return {
    module: r.module ? { path: norm(r.module.path), deprecated: norm(r.module.deprecated) } : null,
    go: norm(r.go),
    toolchain: norm(r.toolchain),
    godebug: (r.godebug ?? []).map(([k, v]) => [norm(k), norm(v)]),
    require: (r.require ?? []).map((x) => [norm(x.path), x.version, x.indirect]),
    exclude: (r.exclude ?? []).map((x) => [norm(x.path), x.version]),
    replace: (r.replace ?? []).map((x) => [norm(x.old.path), x.old.version ?? '', norm(x.new.path), x.new.version ?? '']),
    retract: (r.retract ?? []).map((x) => [norm(x.low), norm(x.high), norm(x.rationale)]),
    tool: (r.tool ?? []).map(norm),
    ignore: (r.ignore ?? []).map(norm),
    use: (r.use ?? []).map(norm),
  };
}

/** Our message as go words it: a conflict-marker message wraps go's in parentheses. */
function goWording(message: string): string {
  const m = /^merge conflict marker "[^\n]*?" \(([\s\S]*)\)$/.exec(message);
  return m ? m[1] : message;
}

/** gohooks's parse of one file, in the compared shape. */
export function parseOurs(kind: FileKind, text: string): Parsed {
  if (kind === 'go.sum') {
    const s = parseGoSum(text);
    const fatal = s.problems.filter((p) => p.fatal);
    const sums: [string, string, string][] = [];
    for (const [p, versions] of s.entries)
      for (const [v, e] of versions) {
        if (e.zip) sums.push([norm(p), norm(v), norm(e.zip.hash)]);
        if (e.mod) sums.push([norm(p), norm(`${v}/go.mod`), norm(e.mod.hash)]);
      }
    return {
      reject: fatal.length > 0,
      errors: fatal
        .slice(0, 1)
        .map((p) => ({ line: p.line, msg: p.kind === 'malformed' ? p.message.replace(/ \(want:.*\)$/, '') : p.message })),
      data: { sums: sums.sort(compareTuples) },
    };
  }
  const f = parseModFile(text, kind, { windows: false });
  const syntax = f.diagnostics.filter((d) => d.stage === 'syntax');
  return {
    reject: syntax.length > 0,
    errors: syntax.map((d) => ({ line: d.line, col: d.column, msg: goWording(d.message) })),
    data: modData(f),
  };
}

function compareTuples(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

/** The oracle's answer in the compared shape. */
export function parseOracle(kind: FileKind, r: OracleResult): Parsed {
  const errors = (r.errors ?? []).map((e) => ({ line: e.line, col: e.col, msg: e.msg }));
  if (kind === 'go.sum') {
    // go keeps every line; the first line of each module version is the one gohooks keeps.
    const seen = new Set<string>();
    const sums: [string, string, string][] = [];
    for (const [p, v, h] of r.sums ?? []) {
      const key = `${norm(p)}\0${norm(v)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      sums.push([norm(p), norm(v), norm(h)]);
    }
    return { reject: !r.ok, errors, data: { sums: sums.sort(compareTuples) } };
  }
  return { reject: !r.ok, errors, data: r.ok ? oracleModData(r) : undefined };
}

/** Every way ours differs from go's; [] when they agree. Messages and columns are compared on valid UTF-8 only. */
export function differences(kind: FileKind, ours: Parsed, go: Parsed, validUtf8: boolean): string[] {
  const out: string[] = [];
  if (ours.reject !== go.reject) {
    out.push(
      `verdict: gohooks ${ours.reject ? 'rejects' : 'accepts'}, go ${go.reject ? 'rejects' : 'accepts'}` +
        (go.reject ? ` (go: ${JSON.stringify(go.errors[0])})` : ` (gohooks: ${JSON.stringify(ours.errors[0])})`),
    );
    return out;
  }
  if (go.reject) {
    const a = ours.errors.map(
      (e) => `${e.line}${validUtf8 && kind !== 'go.sum' ? `:${e.col}` : ''}: ${validUtf8 ? escapeControl(norm(e.msg)) : ''}`,
    );
    const b = go.errors.map(
      (e) => `${e.line}${validUtf8 && kind !== 'go.sum' ? `:${e.col}` : ''}: ${validUtf8 ? escapeControl(norm(e.msg)) : ''}`,
    );
    if (kind === 'go.sum') {
      // go stops at the first malformed line; gohooks words a conflict marker its own way.
      if (ours.errors[0]?.line !== go.errors[0]?.line) out.push(`first fatal line: gohooks ${a[0]}, go ${b[0]}`);
      else if (validUtf8 && !/^merge conflict marker/.test(ours.errors[0].msg) && ours.errors[0].msg !== go.errors[0].msg) {
        out.push(`message: gohooks ${a[0]}, go ${b[0]}`);
      }
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      out.push(`errors: gohooks ${JSON.stringify(a)}, go ${JSON.stringify(b)}`);
    }
    return out;
  }
  const x = ours.data as Record<string, unknown>;
  const y = go.data as Record<string, unknown>;
  for (const k of Object.keys(y)) {
    const a = norm(JSON.stringify(x[k]));
    const b = norm(JSON.stringify(y[k]));
    if (a !== b) out.push(`${k}: gohooks ${a}, go ${b}`);
  }
  return out;
}
