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

export class ProcessRunner {
  constructor(
    private readonly debug: Debug,
    readonly limiter = new Limiter(),
  ) {}

  async run(file: string, args: string[], opts: ExecOptions): Promise<ExecResult> {
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
        maxBuffer: 64 * 1024 * 1024,
      });
      const ms = Math.round(performance.now() - started);
      const code = (r as { code?: string }).code;
      const result: ExecResult = {
        command,
        exitCode: typeof r.exitCode === 'number' ? r.exitCode : -1,
        stdout: typeof r.stdout === 'string' ? r.stdout : '',
        stderr: typeof r.stderr === 'string' ? r.stderr : '',
        timedOut: r.timedOut,
        notFound: code === 'ENOENT' || code === 'EACCES',
        ms,
      };
      this.debug.command(result, opts.cwd);
      return result;
    });
  }
}
