// The go command adapter.
// - `go env -json` is read once, with the user's environment, from a neutral
//   directory: that is the configuration the checks judge.
// - Every other go process runs with GOPROXY=off and GOSUMDB=off (unless
//   --online), GOTOOLCHAIN=local, no git prompts, and a time limit.

import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fromToolchain } from '../gomod/goversion.js';
import type { ExecResult, Processes } from './exec.js';
import { gofmtBlobs, type GofmtResult } from './gofmt.js';
import { makeTempDir, removeTempDir } from './tempdirs.js';
import { which } from './which.js';

function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/**
 * The GOROOT a go binary lives in (GOROOT/bin/go), from its resolved path; undefined for anything
 * not named go: a multiplexer (mise, snap) links every tool to itself, and its directory says nothing.
 */
export function gorootOfBinary(resolvedBinary: string): string | undefined {
  const base = path.basename(resolvedBinary).toLowerCase();
  return base === 'go' || base === 'go.exe' ? path.dirname(path.dirname(resolvedBinary)) : undefined;
}

export type EnvSource = 'env' | 'goenv' | 'default';

export interface GoEnv {
  /** `go env -json`, with GOTOOLCHAIN as the user has it (see readEnv). */
  vars: Record<string, string>;
  /** Where a value comes from: the OS environment, the `go env -w` file, or a default. */
  source(key: string): EnvSource;
  /** The `go env -w` file's own settings. */
  goenvFile: Record<string, string>;
  /** "1.26.8" */
  version: string;
}

export interface GoRunOptions {
  cwd: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Keep the user's GOPROXY and GOSUMDB even without --online (a check's own opt-in). */
  network?: boolean;
}

/** KEY=VALUE lines as written by `go env -w` (and $GOROOT/go.env). */
export function parseGoEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const t = line.replace(/\r$/, '');
    if (t.trim() === '' || t.trimStart().startsWith('#')) continue;
    const eq = t.indexOf('=');
    if (eq <= 0) continue;
    out[t.slice(0, eq).trim()] = t.slice(eq + 1);
  }
  return out;
}

/** os.UserConfigDir()/go/env, or $GOENV: where `go env -w` writes (undefined when GOENV=off). */
export function goEnvFilePath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform | string = process.platform): string | undefined {
  if (env.GOENV === 'off') return undefined;
  if (env.GOENV) return env.GOENV;
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  let dir: string | undefined;
  if (platform === 'win32') dir = env.APPDATA;
  else if (platform === 'darwin') dir = env.HOME && join(env.HOME, 'Library', 'Application Support');
  else dir = env.XDG_CONFIG_HOME || (env.HOME && join(env.HOME, '.config'));
  return dir ? join(dir, 'go', 'env') : undefined;
}

/**
 * One go setting without starting go: the OS environment wins, then the
 * `go env -w` file. Good for settings with no default worth knowing (GOWORK).
 */
export function quickGoSetting(env: NodeJS.ProcessEnv, key: string): string | undefined {
  if (env[key]) return env[key];
  const file = goEnvFilePath(env);
  return file ? parseGoEnvFile(readIfExists(file) ?? '')[key] || undefined : undefined;
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export class GoTool {
  readonly binary: string | undefined;
  private envPromise: Promise<GoEnv | undefined> | undefined;
  private envError: string | undefined;
  private envTimeout = false;

  constructor(
    private readonly userEnv: NodeJS.ProcessEnv,
    private readonly runner: Processes,
    private readonly online: boolean,
    readonly timeoutMs: number,
    /** The go binary (which('go', userEnv)); undefined when there is none. */
    binary: string | undefined,
  ) {
    this.binary = binary;
  }

  get available(): boolean {
    return this.binary !== undefined;
  }

  /** Why `go env` could not be read, when env() returned undefined. */
  get problem(): string | undefined {
    return this.binary === undefined ? 'go was not found on PATH' : this.envError;
  }

  /**
   * `go env -json` did not finish within the time limit: go hangs on this
   * machine (or is far too slow), and the other go commands are not started.
   */
  get envTimedOut(): boolean {
    return this.envTimeout;
  }

  env(): Promise<GoEnv | undefined> {
    this.envPromise ??= this.readEnv();
    return this.envPromise;
  }

  private async readEnv(): Promise<GoEnv | undefined> {
    if (!this.binary) return undefined;
    // A fresh empty directory: no go.mod or go.work above it can switch the toolchain.
    const neutral = makeTempDir('gohooks-env-');
    let r: ExecResult;
    try {
      // GOTOOLCHAIN=local only so that `go env` itself never downloads a
      // toolchain; the user's GOTOOLCHAIN is worked out below.
      r = await this.runner.run(this.binary, ['env', '-json'], {
        cwd: neutral,
        env: { ...this.userEnv, GOTOOLCHAIN: 'local' },
        timeoutMs: this.timeoutMs,
      });
    } finally {
      removeTempDir(neutral);
    }
    if (r.timedOut) {
      this.envTimeout = true;
      this.envError = `go env -json did not finish within ${Math.round(this.timeoutMs / 1000)} s`;
      return undefined;
    }
    if (r.exitCode !== 0) {
      this.envError = `go env -json failed: ${r.stderr.trim().split('\n')[0] || `exit ${r.exitCode}`}`;
      return undefined;
    }
    let vars: Record<string, string>;
    try {
      vars = JSON.parse(r.stdout) as Record<string, string>;
    } catch {
      this.envError = 'go env -json printed something that is not JSON';
      return undefined;
    }
    const goenvFile = vars.GOENV && vars.GOENV !== 'off' ? parseGoEnvFile(readIfExists(vars.GOENV) ?? '') : {};
    const gorootEnv = vars.GOROOT ? parseGoEnvFile(readIfExists(path.join(vars.GOROOT, 'go.env')) ?? '') : {};
    const fromUser = (key: string) => {
      const v = this.userEnv[key];
      return v !== undefined && v !== '' ? v : (goenvFile[key] ?? gorootEnv[key]);
    };
    vars.GOTOOLCHAIN = fromUser('GOTOOLCHAIN') ?? 'auto';
    const version = fromToolchain(vars.GOVERSION ?? '');
    const source = (key: string): EnvSource => {
      const v = this.userEnv[key];
      if (v !== undefined && v !== '') return 'env';
      if (key in goenvFile) return 'goenv';
      return 'default';
    };
    return { vars, source, goenvFile, version };
  }

  /** The environment every non-`go env` child gets (docs/ARCHITECTURE.md, "Processes"). */
  childEnv(extra: Record<string, string> = {}, network = this.online): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      ...this.userEnv,
      GOTOOLCHAIN: 'local',
      GIT_TERMINAL_PROMPT: '0',
      GCM_INTERACTIVE: 'never',
      ...extra,
    };
    if (!network) {
      env.GOPROXY = 'off';
      // GOPROXY=off does not stop checksum database lookups: with "off" (or
      // "direct") the go command connects to the sumdb directly
      // (modfetch/sumdb.go, dbClient.initBase). Nothing is written offline, so
      // nothing unverified is kept; go.sum itself is still enforced.
      env.GOSUMDB = 'off';
      // Modules matching GONOPROXY (GOPRIVATE when unset) are fetched with git
      // or https even with GOPROXY=off (modfetch/repo.go, lookup): a pattern
      // that matches no module keeps them offline too.
      env.GONOPROXY = 'offline.gohooks.invalid';
    }
    return env;
  }

  async run(args: string[], opts: GoRunOptions): Promise<ExecResult> {
    if (!this.binary) throw new Error('go is not available');
    return this.runner.run(this.binary, args, {
      cwd: opts.cwd,
      env: this.childEnv(opts.env, this.online || opts.network === true),
      timeoutMs: opts.timeoutMs ?? this.timeoutMs,
    });
  }

  get isOnline(): boolean {
    return this.online;
  }

  /** gofmt -l over file contents, with the gofmt of this go's GOROOT, else on PATH; undefined when there is none. */
  async gofmt(blobs: Map<string, Buffer>): Promise<GofmtResult | undefined> {
    const binary = (await this.gofmtBinary()) ?? which('gofmt', this.userEnv);
    return binary ? gofmtBlobs(this.runner, binary, blobs, this.userEnv, this.timeoutMs) : undefined;
  }

  /**
   * $GOROOT/bin/gofmt. Found without starting go where possible (a pre-commit of .go files
   * only would otherwise pay for `go env`): $GOROOT when set, else beside the real go binary
   * (GOROOT/bin for every installer); `go env GOROOT` for a wrapper (asdf, goenv, mise, snap).
   */
  private async gofmtBinary(): Promise<string | undefined> {
    const inDir = (dir: string) => which('gofmt', { PATH: dir });
    if (this.userEnv.GOROOT) return inDir(path.join(this.userEnv.GOROOT, 'bin'));
    const goroot = this.binary ? gorootOfBinary(realPath(this.binary)) : undefined;
    const beside = goroot ? inDir(path.join(goroot, 'bin')) : undefined;
    if (beside) return beside;
    const reported = (await this.env())?.vars.GOROOT;
    return reported ? inDir(path.join(reported, 'bin')) : undefined;
  }
}
