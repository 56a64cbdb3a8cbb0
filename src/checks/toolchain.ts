// The go and toolchain lines against the local go and GOTOOLCHAIN: will the
// go command run here, and with which toolchain?

import path from 'node:path';
import { defineCheck, EVERY_GIT_HOOK_AND_VERIFY } from '../check.js';
import type { Draft } from '../types.js';
import type { Context } from '../context.js';
import { commandsFor, goArgv, perShell } from '../fixes.js';
import { goEnvFix } from '../shellfix.js';
import { compareGoVersions, fromToolchain } from '../gomod/goversion.js';
import { parseModFile, type ModFile } from '../gomod/modfile.js';
import { parseGotoolchain, selectToolchain, tooNewMessage, toolchainModuleVersion } from '../gomod/toolchain.js';
import type { GoEnv } from '../tools/go.js';
import type { Host } from '../tools/host.js';
import { workTreeUnits, type GoUnit } from './shared/modules.js';

interface UnitFile {
  file: string;
  rel: string;
  mod: ModFile;
  kind: 'go.mod' | 'go.work';
}

function unitFile(u: GoUnit): UnitFile {
  if (u.workspace) return { file: u.workspace.file, rel: u.rel, mod: u.workspace.work, kind: 'go.work' };
  const m = u.modules[0];
  return { file: m.modFile, rel: m.rel, mod: m.mod, kind: 'go.mod' };
}

/** `go work …` for a go.work in a directory of the repository. */
function goWorkArgv(workFile: string, ...args: string[]): string[] {
  return goArgv(path.posix.dirname(workFile), 'work', ...args);
}

/** unstagedWork: the work-tree go.work when it differs from the one checked (pre-commit: not staged). */
function staticDrafts(u: GoUnit, f: UnitFile, unstagedWork: ModFile | undefined): Draft[] {
  const drafts: Draft[] = [];
  const goLine = f.mod.go?.version;
  const tc = f.mod.toolchain;
  if (goLine && tc && tc.name !== 'default') {
    const tv = fromToolchain(tc.name);
    if (tv && compareGoVersions(tv, goLine) < 0) {
      const edit = f.kind === 'go.work' ? goWorkArgv(f.file, 'edit', '-toolchain=none') : goArgv(f.rel, 'mod', 'edit', '-toolchain=none');
      drafts.push({
        severity: 'warning',
        message: `toolchain ${tc.name} is older than go ${goLine}: the toolchain line has no effect`,
        why: 'The go line is the minimum; a lower toolchain line only misleads readers (and newer go commands drop it).',
        file: f.file,
        line: tc.line,
        fix: { summary: 'remove the toolchain line, or raise it to at least the go line', commands: commandsFor(edit) },
      });
    }
  }
  if (u.workspace && goLine) {
    const ws = u.workspace;
    const tooNew = u.modules.filter((m) => m.mod.go && compareGoVersions(m.mod.go.version, goLine) > 0);
    const needed = tooNew
      .map((m) => m.mod.go!.version)
      .sort(compareGoVersions)
      .at(-1);
    const unstagedGo = unstagedWork?.go?.version;
    const fix =
      needed && unstagedGo && compareGoVersions(unstagedGo, needed) >= 0
        ? { summary: `the work-tree ${ws.file} already says go ${unstagedGo}: stage it`, commands: commandsFor(['git', 'add', ws.file]) }
        : {
            summary: `raise the go line of ${ws.file} to go ${needed}`,
            commands: commandsFor(goWorkArgv(ws.file, 'edit', `-go=${needed}`)),
          };
    for (const m of tooNew) {
      drafts.push({
        severity: 'error',
        message: `module ${m.path} listed in go.work file requires go >= ${m.mod.go!.version}, but go.work lists go ${goLine}`,
        why: "Every go command in this workspace fails until go.work's go line is at least every module's.",
        file: ws.file,
        line: ws.work.go?.line,
        fix,
      });
    }
  }
  return drafts;
}

/** A downloadable toolchain already in the module cache needs no network. */
function toolchainCached(host: Host, env: GoEnv, toolchain: string): boolean {
  const v = toolchainModuleVersion(toolchain, env.vars.GOHOSTOS, env.vars.GOHOSTARCH);
  const cache = env.vars.GOMODCACHE;
  if (!cache) return false;
  return (
    host.exists(path.join(cache, `golang.org/toolchain@${v}`)) ||
    host.exists(path.join(cache, 'cache/download/golang.org/toolchain/@v', `${v}.zip`))
  );
}

function installFixes(need: string, gotoolchainFix: ReturnType<typeof goEnvFix>) {
  return {
    summary: `install Go ${need} or newer (https://go.dev/dl/), or let the go command fetch it: ${gotoolchainFix.summary}`,
    commands: gotoolchainFix.commands,
  };
}

function selectionDrafts(ctx: Context, env: GoEnv, f: UnitFile): Draft[] {
  const gotoolchain = env.vars.GOTOOLCHAIN ?? 'auto';
  const setting = parseGotoolchain(gotoolchain);
  const autoFix = goEnvFix('GOTOOLCHAIN', 'auto', env.source('GOTOOLCHAIN'), ctx.shellTarget);
  if (typeof setting === 'string') {
    return [
      {
        severity: 'error',
        message: `go: ${setting}`,
        why: 'Every go command fails before it starts.',
        fix: autoFix,
      },
    ];
  }
  const goLine = f.mod.go?.version;
  const local = env.version;
  const sel = selectToolchain(setting, local, goLine, f.mod.toolchain?.name);
  const where = { file: f.file, line: f.mod.go?.line };
  const drafts: Draft[] = [];

  if (sel.toolchain !== 'local') {
    const pathOnly = setting.mode === 'path';
    const onPath = ctx.host.which(sel.toolchain);
    if (!onPath) {
      if (pathOnly) {
        drafts.push({
          severity: 'error',
          message: `go: cannot find "${sel.toolchain}" in PATH (GOTOOLCHAIN=${gotoolchain}, ${f.file} needs it)`,
          why: 'With GOTOOLCHAIN=path the go command only looks on PATH, so every go command here fails.',
          ...where,
          fix: {
            summary: `install ${sel.toolchain} on PATH, or allow downloads (${autoFix.summary})`,
            commands: commandsFor(['go', 'install', `golang.org/dl/${sel.toolchain}@latest`], [sel.toolchain, 'download']),
          },
        });
        return drafts;
      }
      if (!toolchainCached(ctx.host, env, sel.toolchain)) {
        const proxy = env.vars.GOPROXY ?? '';
        const fileProxyOnly = proxy.startsWith('file://') && !/[,|]/.test(proxy);
        if ((env.vars.GOSUMDB ?? '') === 'off' && !fileProxyOnly) {
          drafts.push({
            severity: 'warning',
            message: `the go command will download ${sel.toolchain} for ${f.file}, but GOSUMDB=off makes that download fail`,
            why: 'Toolchain downloads are always checked against the checksum database, even with GOSUMDB=off.',
            ...where,
            fix: {
              summary: `install ${sel.toolchain} yourself, or turn the checksum database back on`,
              commands: goEnvFix('GOSUMDB', 'sum.golang.org', env.source('GOSUMDB'), ctx.shellTarget).commands,
            },
          });
        } else if (proxy === 'off') {
          drafts.push({
            severity: 'warning',
            message: `the go command needs ${sel.toolchain} for ${f.file}, but GOPROXY=off forbids downloading it`,
            why: 'Every go command in this module fails until that toolchain is installed or cached.',
            ...where,
            fix: {
              summary: `let the go command fetch ${sel.toolchain} once through the public proxy (it is cached after that), or install it from https://go.dev/dl/ and put it first on PATH`,
              commands: perShell((q, shell) => {
                const run = goArgv(f.rel, 'version').map(q).join(' ');
                const proxy = 'https://proxy.golang.org,direct';
                if (shell === 'fish') return `env GOPROXY=${proxy} ${run}`;
                if (shell === 'powershell') return `$env:GOPROXY='${proxy}'; ${run}; Remove-Item Env:GOPROXY`;
                if (shell === 'cmd') return `set GOPROXY=${proxy}&& ${run}`;
                return `GOPROXY=${proxy} ${run}`;
              }),
            },
          });
        } else {
          drafts.push({
            severity: 'info',
            message: `the next go command here downloads ${sel.toolchain} (${sel.reason === 'gotoolchain' ? `GOTOOLCHAIN=${gotoolchain} asks for it` : `required by the ${sel.reason} line of ${f.file}; GOTOOLCHAIN=${gotoolchain}`})`,
            ...where,
          });
        }
      }
    }
  }

  if (goLine && compareGoVersions(goLine, sel.version) > 0) {
    drafts.push({
      severity: 'error',
      message: tooNewMessage(f.file, goLine, sel.version, gotoolchain),
      why: 'Every go command in this module fails with exactly this message on this machine.',
      ...where,
      fix: installFixes(goLine, autoFix),
    });
  }
  return drafts;
}

export default defineCheck({
  id: 'toolchain',
  title: 'go and toolchain lines fit the local Go',
  hooks: EVERY_GIT_HOOK_AND_VERIFY,
  docs:
    'Reads the go and toolchain lines of go.mod (go.work in a workspace) and works out, with the rules of ' +
    'GOTOOLCHAIN (local, auto, path, goX.Y.Z[+auto|+path]), which toolchain the go command will run here. Error when ' +
    'the local go is older than the go line and GOTOOLCHAIN cannot switch; warning when a needed toolchain download ' +
    'would fail (GOSUMDB=off, GOPROXY=off) and when a toolchain line below the go line has no effect.',
  goEnv: 'optional',
  appliesTo: (ctx) => ctx.modules.length > 0,
  run: async (ctx, { goEnv: env }) => {
    const drafts: Draft[] = [];
    for (const u of workTreeUnits(ctx)) {
      const f = unitFile(u);
      const unstaged = u.workspace ? await ctx.source.unstagedText?.(u.workspace.file) : undefined;
      drafts.push(...staticDrafts(u, f, unstaged === undefined ? undefined : parseModFile(unstaged, 'go.work')));
      if (env) drafts.push(...selectionDrafts(ctx, env, f));
    }
    // An invalid GOTOOLCHAIN is one problem, however many modules there are.
    const seen = new Set<string>();
    return drafts.filter((d) => (d.file ? true : !seen.has(d.message) && (seen.add(d.message), true)));
  },
});
