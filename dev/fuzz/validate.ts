// Checks that the oracle answers like the real go command:
// - go.mod / go.work: byte for byte what `go mod edit -json FILE` and
//   `go work edit -json FILE` print (stdout, stderr, exit code);
// - go.sum: whether `go list -m all` in a sandbox module that requires a
//   cached module (so go must read go.sum) fails with "malformed go.sum …
//   wrong number of fields N", at the same line, exactly when the oracle's
//   port of readGoSum rejects the file.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeGoModule } from '../testkit/project.js';
import { libModule } from '../testkit/proxy.js';
import { makeSandbox } from '../testkit/sandbox.js';
import { askOracle, askOracleEdit, goEnv, type Oracle } from './oracle.js';

interface Proc {
  stdout: Buffer;
  stderr: Buffer;
  exit: number;
}

function runGo(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Proc> {
  return new Promise((resolve, reject) => {
    const p = spawn('go', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    p.stdout.on('data', (d: Buffer) => out.push(d));
    p.stderr.on('data', (d: Buffer) => err.push(d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err), exit: code ?? -1 }));
  });
}

async function pool<T>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i], i);
      }
    }),
  );
}

export interface Mismatch {
  kind: string;
  input: string;
  go: unknown;
  oracle: unknown;
}

/** Runs the real `go mod edit -json` / `go work edit -json` on each file and compares with the oracle's edit mode. */
export async function validateEdit(
  oracle: Oracle,
  samples: { kind: 'go.mod' | 'go.work'; data: Uint8Array }[],
  concurrency = 2,
): Promise<{ checked: number; rejected: number; mismatches: Mismatch[] }> {
  const expected = askOracleEdit(oracle, samples);
  const root = mkdtempSync(path.join(tmpdir(), 'gohooks-validate-'));
  const mismatches: Mismatch[] = [];
  let rejected = 0;
  try {
    await pool(samples, concurrency, async (s, i) => {
      const dir = path.join(root, String(i));
      const file = s.kind;
      const env = goEnv({ GOCACHE: path.join(root, 'gocache'), GOPATH: path.join(root, 'gopath'), HOME: root });
      mkdirSync(dir);
      writeFileSync(path.join(dir, file), s.data);
      const got = await runGo([s.kind === 'go.mod' ? 'mod' : 'work', 'edit', '-json', file], dir, env);
      const want = expected[i];
      const wantOut = Buffer.from(want.stdout ?? '', 'base64');
      const wantErr = Buffer.from(want.stderr ?? '', 'base64');
      if (got.exit !== 0) rejected++;
      if (!got.stdout.equals(wantOut) || !got.stderr.equals(wantErr) || got.exit !== want.exit) {
        const show = (b: Buffer) => JSON.stringify(b.toString('latin1'));
        mismatches.push({
          kind: s.kind,
          input: Buffer.from(s.data).toString('utf8'),
          go: { stdout: show(got.stdout), stderr: show(got.stderr), exit: got.exit },
          oracle: { stdout: show(wantOut), stderr: show(wantErr), exit: want.exit },
        });
      }
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return { checked: samples.length, rejected, mismatches };
}

/** Makes go read each text as go.sum (`go list -m all` in a module requiring a cached module) and compares with the oracle. */
export async function validateSum(
  oracle: Oracle,
  samples: Uint8Array[],
  concurrency = 2,
): Promise<{ checked: number; rejected: number; mismatches: Mismatch[] }> {
  const expected = askOracle(
    oracle,
    samples.map((data) => ({ kind: 'go.sum', data })),
  );
  const sb = makeSandbox('gohooks-validate-sum-');
  const mismatches: Mismatch[] = [];
  let rejected = 0;
  try {
    sb.addModules([libModule('example.com/dep', 'v1.0.0')]);
    const main = makeGoModule(sb, {
      rel: 'template',
      modulePath: 'example.com/main',
      deps: [{ path: 'example.com/dep', version: 'v1.0.0' }],
    });
    // The dependency is in the module cache now; from here on nothing may be fetched.
    const env = { ...sb.env, GOPROXY: 'off', GOFLAGS: '', GOSUMDB: 'off', GOWORK: 'off', GOTOOLCHAIN: 'local' };
    const dirs = Array.from({ length: concurrency }, (_, k) => {
      const d = path.join(sb.dir, `w${k}`);
      sb.run('cp', ['-r', main, d]);
      return d;
    });
    const free = [...dirs];
    await pool(samples, concurrency, async (data, i) => {
      const dir = free.pop()!;
      try {
        writeFileSync(path.join(dir, 'go.sum'), data);
        const got = await runGo(['list', '-m', 'all'], dir, env);
        const stderr = got.stderr.toString('utf8');
        const m = /malformed go\.sum:\n.*?:(\d+): wrong number of fields (\d+)/.exec(stderr);
        const want = expected[i];
        if (m) rejected++;
        const goSays = m ? { reject: true, line: Number(m[1]), msg: `wrong number of fields ${m[2]}` } : { reject: false };
        const oracleSays = want.ok ? { reject: false } : { reject: true, line: want.errors![0].line, msg: want.errors![0].msg };
        if (JSON.stringify(goSays) !== JSON.stringify(oracleSays)) {
          mismatches.push({ kind: 'go.sum', input: Buffer.from(data).toString('utf8'), go: { ...goSays, stderr }, oracle: oracleSays });
        }
      } finally {
        free.push(dir);
      }
    });
  } finally {
    sb.cleanup();
  }
  return { checked: samples.length, rejected, mismatches };
}
