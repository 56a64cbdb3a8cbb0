// Builds and runs dev/fuzz/oracle/main.go: the go command's own go.mod/go.work
// parser (the golang.org/x/mod copy vendored in GOROOT) and a port of its
// go.sum reader, answering for many files per process. No network: the build
// uses a temp module that `replace`s golang.org/x/mod with a copy of GOROOT's.
// The binary is cached in the temp dir, keyed by the go version and the source.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type FileKind = 'go.mod' | 'go.work' | 'go.sum';

export interface OracleDiag {
  line: number;
  col: number;
  msg: string;
}

/** What the go command's parser makes of one file (main.go's result). */
export interface OracleResult {
  ok: boolean;
  errors: OracleDiag[] | null;
  module: { path: string; deprecated: string } | null;
  go: string;
  toolchain: string;
  godebug: [string, string][] | null;
  require: { path: string; version: string; indirect: boolean }[] | null;
  exclude: { path: string; version: string }[] | null;
  replace: { old: { path: string; version: string }; new: { path: string; version: string } }[] | null;
  retract: { low: string; high: string; rationale: string }[] | null;
  tool: string[] | null;
  ignore: string[] | null;
  use: string[] | null;
  sums?: [string, string, string][];
}

/** What `go mod edit -json FILE` / `go work edit -json FILE` print (stdout and stderr base64: raw bytes). */
export interface EditResult {
  stdout: string;
  stderr: string;
  exit: number;
}

const SOURCE = fileURLToPath(new URL('./oracle/main.go', import.meta.url));

/** The environment for go commands run by the fuzz tools: local toolchain, no network, no workspace. */
export function goEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, GOTOOLCHAIN: 'local', GOPROXY: 'off', GOSUMDB: 'off', GOWORK: 'off', GOFLAGS: '', ...extra };
}

export interface Oracle {
  bin: string;
  goVersion: string;
}

/** Builds the oracle (or finds the cached build). Returns a reason string when it cannot. */
export function buildOracle(): Oracle | string {
  const env = spawnSync('go', ['env', 'GOROOT', 'GOVERSION'], { encoding: 'utf8', env: goEnv() });
  if (env.error || env.status !== 0) return `the go command is not available (${env.error?.message ?? env.stderr.trim()})`;
  const [goroot, goVersion] = env.stdout.trim().split('\n');
  const xmod = path.join(goroot, 'src', 'cmd', 'vendor', 'golang.org', 'x', 'mod');
  if (!existsSync(path.join(xmod, 'modfile', 'read.go'))) return `GOROOT has no vendored golang.org/x/mod (${xmod})`;
  const source = readFileSync(SOURCE);
  const key = createHash('sha256').update(goVersion).update('\0').update(goroot).update('\0').update(source).digest('hex').slice(0, 16);
  const root = path.join(tmpdir(), 'gohooks-fuzz-oracle');
  const bin = path.join(root, `oracle-${key}${process.platform === 'win32' ? '.exe' : ''}`);
  if (existsSync(bin)) return { bin, goVersion };

  mkdirSync(root, { recursive: true });
  const work = mkdtempSync(path.join(root, 'build-'));
  try {
    const lang = /^go(\d+\.\d+)/.exec(goVersion)?.[1] ?? '1.22';
    cpSync(xmod, path.join(work, 'xmod'), { recursive: true });
    writeFileSync(path.join(work, 'xmod', 'go.mod'), `module golang.org/x/mod\n\ngo ${lang}\n`);
    mkdirSync(path.join(work, 'oracle'));
    writeFileSync(
      path.join(work, 'oracle', 'go.mod'),
      `module gohooks.dev/fuzzoracle\n\ngo ${lang}\n\nrequire golang.org/x/mod v0.0.0\n\nreplace golang.org/x/mod => ../xmod\n`,
    );
    writeFileSync(path.join(work, 'oracle', 'main.go'), source);
    const tmpBin = path.join(work, path.basename(bin));
    const r = spawnSync('go', ['build', '-o', tmpBin, '.'], {
      cwd: path.join(work, 'oracle'),
      encoding: 'utf8',
      env: goEnv({ GOFLAGS: '-mod=mod', GOCACHE: path.join(root, 'gocache'), GOPATH: path.join(root, 'gopath') }),
    });
    if (r.status !== 0) return `building the oracle failed: ${r.error?.message ?? r.stderr.trim()}`;
    renameSync(tmpBin, bin); // atomic: a concurrent build simply wins or loses the rename
    return { bin, goVersion };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function frames(items: { kind: FileKind; data: Uint8Array }[], mode: 'r' | 'e'): Buffer {
  const parts: Buffer[] = [];
  for (const it of items) {
    const head = Buffer.alloc(6);
    head[0] = it.kind === 'go.mod' ? 0x6d : it.kind === 'go.work' ? 0x77 : 0x73;
    head[1] = mode.charCodeAt(0);
    head.writeUInt32BE(it.data.length, 2);
    parts.push(head, Buffer.from(it.data.buffer, it.data.byteOffset, it.data.byteLength));
  }
  return Buffer.concat(parts);
}

function run<T>(oracle: Oracle, items: { kind: FileKind; data: Uint8Array }[], mode: 'r' | 'e'): T[] {
  if (items.length === 0) return [];
  const r = spawnSync(oracle.bin, [], { input: frames(items, mode), maxBuffer: 1 << 30, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`oracle failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr}`);
  const lines = r.stdout.split('\n');
  lines.pop();
  if (lines.length !== items.length) throw new Error(`oracle answered ${lines.length} of ${items.length} files`);
  return lines.map((l) => JSON.parse(l) as T);
}

/** The go command's parse of each file. */
export function askOracle(oracle: Oracle, items: { kind: FileKind; data: Uint8Array }[]): OracleResult[] {
  return run<OracleResult>(oracle, items, 'r');
}

/** What `go mod edit -json` / `go work edit -json` would print for each go.mod / go.work (to validate the oracle). */
export function askOracleEdit(oracle: Oracle, items: { kind: 'go.mod' | 'go.work'; data: Uint8Array }[]): EditResult[] {
  return run<EditResult>(oracle, items, 'e');
}
