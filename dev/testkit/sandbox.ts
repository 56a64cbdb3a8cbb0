// Hermetic sandboxes for tests, the demo and the benchmark (docs/ARCHITECTURE.md, "Tests"):
// temp HOME, git config, module cache, build cache and GOPATH; a file://
// proxy; never the real user's ~/.gitconfig, ~/.ssh, ~/.netrc or go env file.

import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDebug } from '../../src/debug.js';
import { packageRoot } from '../../src/package-root.js';
import { ProcessRunner } from '../../src/tools/exec.js';
import { GoTool } from '../../src/tools/go.js';
import { which } from '../../src/tools/which.js';
import { buildProxy, type ModuleSpec } from './proxy.js';

/** The built CLI of this checkout (npm run build). */
export const CLI = path.join(packageRoot(), 'dist', 'cli.js');

export interface Sandbox {
  dir: string;
  home: string;
  proxyDir: string;
  modcache: string;
  /** The environment a developer's shell would have: what gohooks runs with. */
  env: NodeJS.ProcessEnv;
  /** A directory on env's PATH holding a `gohooks` that runs this checkout's dist/cli.js. */
  binDir: string;
  /** env plus what building fixtures needs: no checksum database, -mod=mod. */
  buildEnv: NodeJS.ProcessEnv;
  /**
   * Environment overrides under which no gohooks can be found: PATH without this sandbox's bin
   * directory or any other holding a gohooks (a global install on the developer's machine), and an
   * empty npm prefix, so `npx --no-install gohooks` finds none either.
   */
  withoutGohooks(): NodeJS.ProcessEnv;
  addModules(specs: ModuleSpec[]): void;
  /** Runs a command, throwing with its output when it fails. */
  run(cmd: string, args: string[], opts?: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string }): string;
  /** Runs a command and returns the whole result, failing or not. */
  exec(cmd: string, args: string[], opts?: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string }): SpawnSyncReturns<string>;
  write(rel: string, content: string | Buffer): string;
  cleanup(): void;
}

const PASSTHROUGH = ['PATH', 'LANG', 'LC_ALL', 'TERM', 'TMPDIR', 'SYSTEMROOT', 'PATHEXT'];

export function makeSandbox(prefix = 'gohooks-test-'): Sandbox {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const home = path.join(dir, 'home');
  const proxyDir = path.join(dir, 'proxy');
  const modcache = path.join(dir, 'gopath', 'pkg', 'mod');
  for (const d of [home, proxyDir, path.join(dir, 'gocache')]) mkdirSync(d, { recursive: true });
  const gitconfig = path.join(dir, 'gitconfig');
  writeFileSync(
    gitconfig,
    '[user]\n\tname = Test\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n',
  );

  const binDir = path.join(dir, 'bin');
  mkdirSync(binDir);
  writeFileSync(path.join(binDir, 'gohooks'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
  const env: NodeJS.ProcessEnv = {};
  for (const k of PASSTHROUGH) if (process.env[k] !== undefined) env[k] = process.env[k];
  env.PATH = `${binDir}${path.delimiter}${env.PATH ?? ''}`;
  Object.assign(env, {
    HOME: home,
    USERPROFILE: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    GIT_CONFIG_GLOBAL: gitconfig,
    GIT_CONFIG_NOSYSTEM: '1',
    GOPATH: path.join(dir, 'gopath'),
    GOMODCACHE: modcache,
    GOCACHE: path.join(dir, 'gocache'),
    GOENV: path.join(dir, 'goenv'),
    GOTOOLCHAIN: 'local',
    GOPROXY: `file://${proxyDir}`,
    GOFLAGS: '',
    GONOSUMDB: '',
    GOPRIVATE: '',
    NO_COLOR: '1',
    SHELL: '/bin/bash',
  });
  // The fixture modules exist only in the file:// proxy: no checksum database can know them.
  const buildEnv = { ...env, GOFLAGS: '-mod=mod', GOSUMDB: 'off' };

  const exec: Sandbox['exec'] = (cmd, args, opts = {}) =>
    spawnSync(cmd, args, { cwd: opts.cwd ?? dir, env: opts.env ?? env, input: opts.input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

  const sandbox: Sandbox = {
    dir,
    home,
    proxyDir,
    modcache,
    binDir,
    env,
    buildEnv,
    withoutGohooks: () => {
      const emptyPrefix = path.join(dir, 'npm-prefix-without-gohooks');
      mkdirSync(emptyPrefix, { recursive: true });
      const dirs = (env.PATH ?? '').split(path.delimiter).filter((d) => d !== binDir && !existsSync(path.join(d, 'gohooks')));
      return { PATH: dirs.join(path.delimiter), npm_config_prefix: emptyPrefix };
    },
    addModules: (specs) => void buildProxy(proxyDir, specs),
    exec,
    run(cmd, args, opts = {}) {
      const r = exec(cmd, args, opts);
      if (r.status !== 0) {
        throw new Error(
          `${cmd} ${args.join(' ')} failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}):\n${r.stdout}\n${r.stderr}`,
        );
      }
      return r.stdout;
    },
    write(rel, content) {
      const file = path.join(dir, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
      return file;
    },
    cleanup() {
      makeWritable(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return sandbox;
}

/** The module cache is read-only; tests that tamper with it or delete it need write access back. */
export function makeWritable(dir: string): void {
  try {
    // lstat: a symlink in a sandbox (to this checkout, say) is never followed.
    const st = lstatSync(dir);
    if (st.isSymbolicLink()) return;
    if (st.isDirectory()) {
      chmodSync(dir, 0o755);
      for (const e of readdirSync(dir)) makeWritable(path.join(dir, e));
    } else {
      chmodSync(dir, 0o644);
    }
  } catch {
    // already gone
  }
}

/** How the engine runs go in tests and the bench: a GoTool with the environment's go (offline, no prompts, a time limit). */
export function goRunner(env: NodeJS.ProcessEnv, timeoutMs = 300_000) {
  const go = new GoTool(env, new ProcessRunner(createDebug({})), false, timeoutMs, which('go', env));
  return (args: string[], opts: { cwd: string; env: Record<string, string> }) => go.run(args, opts);
}
