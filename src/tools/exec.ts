// The one place gohooks starts its own processes (execa, loaded lazily so a
// command that spawns nothing does not pay for it). Every run is bounded by a
// time limit, counted against a shared concurrency limit, and logged for
// GOHOOKS_DEBUG.

import { availableParallelism } from 'node:os';
import type { Debug } from '../debug.js';

export interface ExecResult {
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** The program could not be started (not found, not executable). */
  notFound: boolean;
  ms: number;
}

export interface ExecOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  input?: string | Uint8Array;
}

export interface BufferResult extends Omit<ExecResult, 'stdout'> {
  stdout: Buffer;
}

/** A counting semaphore: at most `size` processes at once. */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(readonly size: number = Math.max(1, availableParallelism())) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** Starting programs: what checks and tools use (the check tester gives them a scripted one). */
export interface Processes {
  run(file: string, args: string[], opts: ExecOptions): Promise<ExecResult>;
  /** Like run, with stdout as bytes (blobs, archives). */
  runBuffer(file: string, args: string[], opts: ExecOptions): Promise<BufferResult>;
}

type Spawned = Omit<ExecResult, 'stdout'> & { stdout: string | Buffer };

export class ProcessRunner implements Processes {
  constructor(
    private readonly debug: Debug,
    readonly limiter = new Limiter(),
  ) {}

  async run(file: string, args: string[], opts: ExecOptions): Promise<ExecResult> {
    return (await this.spawn(file, args, opts, 'utf8')) as ExecResult;
  }

  async runBuffer(file: string, args: string[], opts: ExecOptions): Promise<BufferResult> {
    return (await this.spawn(file, args, opts, 'buffer')) as BufferResult;
  }

  /** stdout as text (encoding utf8) or bytes (encoding buffer), converted once. */
  private async spawn(file: string, args: string[], opts: ExecOptions, encoding: 'utf8' | 'buffer'): Promise<Spawned> {
    const command = [file, ...args].join(' ');
    return this.limiter.run(async () => {
      const { execa } = await import('execa');
      const started = performance.now();
      const r = await execa(file, args, {
        cwd: opts.cwd,
        env: opts.env,
        extendEnv: false,
        reject: false,
        timeout: opts.timeoutMs,
        forceKillAfterDelay: 2000,
        stripFinalNewline: false,
        input: opts.input,
        stdin: opts.input === undefined ? 'ignore' : undefined,
        maxBuffer: 256 * 1024 * 1024,
        encoding: encoding === 'buffer' ? 'buffer' : 'utf8',
      });
      const ms = Math.round(performance.now() - started);
      const code = (r as { code?: string }).code;
      const out = r.stdout as unknown;
      const err = r.stderr as unknown;
      const bytes = (v: unknown) => (v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : Buffer.alloc(0));
      const text = (v: unknown) => (typeof v === 'string' ? v : v instanceof Uint8Array ? bytes(v).toString('utf8') : '');
      const result: Spawned = {
        command,
        exitCode: typeof r.exitCode === 'number' ? r.exitCode : -1,
        stdout: encoding === 'buffer' ? bytes(out) : text(out),
        stderr: text(err),
        timedOut: r.timedOut,
        notFound: code === 'ENOENT' || code === 'EACCES',
        ms,
      };
      this.debug.command(result, opts.cwd);
      return result;
    });
  }
}
