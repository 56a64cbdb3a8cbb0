// The one place gohooks starts its own processes. Every run is bounded by a
// time limit (the configured "timeout" at most), counted against a shared
// concurrency limit, and logged for GOHOOKS_DEBUG. Each child leads its own
// process group and is stopped with everything it started (src/tools/proctree.ts):
// a hanging child, or a grandchild holding the output pipes, can delay gohooks
// by at most KILL_GRACE_MS + PIPE_GRACE_MS beyond the time limit.
//
// node:child_process directly, not execa: execa 9 kills only the child
// (process.kill(pid), never the group) and after a timeout still waits for
// stdout/stderr to end, which a surviving grandchild never lets happen.

import { availableParallelism } from 'node:os';
import { asOsError } from '../errors.js';
import type { Debug } from '../debug.js';
import { KILL_GRACE_MS, killTree, spawnTree } from './proctree.js';

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

/** The longest delay node's timers take (2^31-1 ms, about 24.8 days); a longer one fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
/** Once the child is gone (or killed), how long its pipes may stay open (held by an escaped grandchild) before gohooks stops reading. */
const PIPE_GRACE_MS = 500;
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;
/** Spawn failures that mean "no such program here", reported as notFound rather than an OS error. */
const NOT_FOUND = new Set(['ENOENT', 'EACCES', 'EPERM', 'ENOEXEC', 'EISDIR', 'ENOTDIR', 'EINVAL']);

export class ProcessRunner implements Processes {
  /** No process runs longer than this (the configured timeout, once the config is loaded). */
  private maxTimeoutMs = MAX_TIMER_MS;

  constructor(
    private readonly debug: Debug,
    readonly limiter = new Limiter(),
  ) {}

  /** Caps every later process's time limit (gohooks.json "timeout": for each check and each process it starts). */
  limitTimeouts(ms: number): void {
    this.maxTimeoutMs = Math.max(1, Math.min(ms, MAX_TIMER_MS));
  }

  async run(file: string, args: string[], opts: ExecOptions): Promise<ExecResult> {
    return (await this.spawn(file, args, opts, 'utf8')) as ExecResult;
  }

  async runBuffer(file: string, args: string[], opts: ExecOptions): Promise<BufferResult> {
    return (await this.spawn(file, args, opts, 'buffer')) as BufferResult;
  }

  /** stdout as text (encoding utf8) or bytes (encoding buffer), converted once. */
  private async spawn(file: string, args: string[], opts: ExecOptions, encoding: 'utf8' | 'buffer'): Promise<Spawned> {
    const timeoutMs = Math.max(1, Math.min(opts.timeoutMs, this.maxTimeoutMs));
    return this.limiter.run(async () => {
      const result = await runBounded(file, args, { ...opts, timeoutMs }, encoding);
      this.debug.command(result, opts.cwd);
      return result;
    });
  }
}

/** One process, its group killed at the time limit; resolves (never hangs) with what it printed. */
function runBounded(file: string, args: string[], opts: ExecOptions, encoding: 'utf8' | 'buffer'): Promise<Spawned> {
  const command = [file, ...args].join(' ');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let bytes = 0;
    let overflow = false;
    let timedOut = false;
    let settled = false;
    let spawnError: NodeJS.ErrnoException | undefined;
    const timers: NodeJS.Timeout[] = [];

    const child = spawnTree(file, args, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });

    const settle = () => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      // Pipes still open here are held by a process outside the group (it escaped with setsid): stop reading them.
      child.stdout?.destroy();
      child.stderr?.destroy();
      child.unref();
      if (spawnError && !NOT_FOUND.has(spawnError.code ?? '')) {
        // EMFILE, EAGAIN, ENOMEM, E2BIG …: the machine, not the program. One line, exit 2.
        reject(asOsError(spawnError, `start ${file}`, ''));
        return;
      }
      const stdout = Buffer.concat(out);
      let stderr = Buffer.concat(err).toString('utf8');
      if (overflow) stderr += `\n(gohooks stopped ${file}: it printed more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MB)`;
      resolve({
        command,
        exitCode: spawnError || overflow || child.exitCode === null ? -1 : child.exitCode,
        stdout: encoding === 'buffer' ? stdout : stdout.toString('utf8'),
        stderr,
        timedOut,
        notFound: spawnError !== undefined,
        ms: Math.round(performance.now() - started),
      });
    };
    /** Stop waiting for the pipes a while after the group was told to end. */
    const settleSoon = () => timers.push(setTimeout(settle, KILL_GRACE_MS + PIPE_GRACE_MS));
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      if (overflow) return;
      bytes += chunk.length;
      if (bytes > MAX_OUTPUT_BYTES) {
        overflow = true;
        if (child.pid !== undefined) killTree(child.pid);
        settleSoon();
        return;
      }
      into.push(chunk);
    };

    child.stdout?.on('data', collect(out));
    child.stderr?.on('data', collect(err));
    child.on('error', (e: NodeJS.ErrnoException) => {
      // Only a failed spawn reaches here (gohooks signals groups itself, never through child.kill).
      spawnError = e;
      settle();
    });
    child.on('close', settle);
    child.on('exit', settleSoon);
    if (child.pid !== undefined) {
      const pid = child.pid;
      timers.push(
        setTimeout(() => {
          timedOut = true;
          killTree(pid);
          settleSoon();
        }, opts.timeoutMs),
      );
    }
    if (opts.input !== undefined && child.stdin) {
      child.stdin.on('error', () => {}); // EPIPE: the child exited without reading it all
      child.stdin.end(opts.input);
    }
  });
}
