// `go mod verify`, once per module or workspace, offline: the module cache
// still holds exactly what was downloaded. "Not downloaded" is reported apart
// from "modified", and never as a pass.

import { defineCheck, EVERY_GIT_HOOK_AND_VERIFY } from '../check.js';
import type { Draft, FixCommands } from '../types.js';
import type { Context } from '../context.js';
import type { GoModule } from '../types.js';
import { commandsFor, goArgv, perShell } from '../fixes.js';
import { downloadFile, extractedDir } from '../gomod/modcache.js';
import type { ExecResult } from '../tools/exec.js';
import type { Host } from '../tools/host.js';
import { addedVersions, rewrittenHashes, sumTarget, type ModuleVersion } from '../gomod/graphdiff.js';
import { goModHash } from '../gomod/dirhash.js';
import { compareGoVersions } from '../gomod/goversion.js';
import { parseGoSum, type GoSum } from '../gomod/gosum.js';
import { parseModFile } from '../gomod/modfile.js';
import { goUnits, workTreeUnits, type GoUnit } from './shared/modules.js';
import { firstLines, shortList as list } from './shared/text.js';
import { timeoutDraft } from '../messages.js';

const ID = 'mod-verify';

export interface VerifyOutput {
  modified: { path: string; version: string; what: 'zip' | 'dir'; location: string }[];
  /** Per-module failures other than "modified": a missing .ziphash, an unreadable (corrupted) zip. */
  unreadable: { path: string; version: string; detail: string }[];
  /** path@version the go command could not load with GOPROXY=off. */
  notDownloaded: string[];
  checksumMismatch: string[];
  /** go.sum disagrees with the hash of what the cache holds (the incremental check only). */
  sumMismatch: { module: string; goMod: boolean; recorded: string; cached: string; line: number }[];
  /** The commit rewrites a hash go.sum already recorded (the incremental check only). */
  rewritten: { module: string; goMod: boolean; was: string; now: string; line: number }[];
  missingSum: string[];
  tooNew?: string;
  parseError: boolean;
  other: string[];
}

/** Parses `go mod verify` stderr (modcmd/verify.go and the module loader's errors). */
export function parseVerifyOutput(stderr: string): VerifyOutput {
  const out: VerifyOutput = {
    modified: [],
    unreadable: [],
    notDownloaded: [],
    checksumMismatch: [],
    sumMismatch: [],
    rewritten: [],
    missingSum: [],
    parseError: false,
    other: [],
  };
  const lines = stderr.split('\n').map((l) => l.replace(/\r$/, ''));
  for (const line of lines) {
    if (line.trim() === '') continue;
    let m: RegExpExecArray | null;
    if ((m = /^(?:go: )?(\S+) (\S+): (zip|dir) has been modified \((.*)\)$/.exec(line))) {
      out.modified.push({ path: m[1], version: m[2], what: m[3] as 'zip' | 'dir', location: m[4] });
    } else if ((m = /^(?:go: )?(\S+) (v\S+): (missing ziphash: .*|zip: .*|.*: no such file or directory|read .*)$/.exec(line))) {
      out.unreadable.push({ path: m[1], version: m[2], detail: m[3] });
    } else if ((m = /(\S+@\S+?):? module lookup disabled by GOPROXY=off/.exec(line))) {
      out.notDownloaded.push(m[1].replace(/:$/, ''));
    } else if ((m = /verifying (\S+?)(?:\/go\.mod)?: checksum mismatch/.exec(line))) {
      out.checksumMismatch.push(m[1]);
    } else if (
      (m = /(\S+@\S+?):? missing go\.sum entry/.exec(line)) ||
      (m = /missing go\.sum entry for (?:go\.mod file|module providing package) (\S+)/.exec(line))
    ) {
      out.missingSum.push(m[1].replace(/:$/, ''));
    } else if (/requires go >= /.test(line) && !out.tooNew) {
      out.tooNew = line.replace(/^go: /, '');
    } else if (/errors parsing go\.(mod|work)|malformed go\.sum/.test(line)) {
      out.parseError = true;
    } else if (!/^\s/.test(line) && !/^(SECURITY ERROR|This download does NOT match|For more information)/.test(line)) {
      out.other.push(line);
    }
  }
  out.notDownloaded = [...new Set(out.notDownloaded)];
  return out;
}

function redownloadFix(
  cache: string | undefined,
  rel: string,
  modPath: string,
  version: string,
): { summary: string; commands?: FixCommands } {
  const download = goArgv(rel, 'mod', 'download', `${modPath}@${version}`);
  if (!cache)
    return {
      summary: 'clear the module cache and download again',
      commands: commandsFor(['go', 'clean', '-modcache'], goArgv(rel, 'mod', 'download')),
    };
  const dir = extractedDir(cache, modPath, version);
  const files = (['zip', 'ziphash'] as const).map((e) => downloadFile(cache, modPath, version, e));
  return {
    summary: `re-download this module (or everything: go clean -modcache, then go mod download)`,
    commands: perShell((q, shell) => {
      const dl = download.map(q).join(' ');
      switch (shell) {
        case 'powershell':
          return `Remove-Item -Recurse -Force ${[dir, ...files].map(q).join(',')}; ${dl}`;
        case 'cmd':
          return `rmdir /S /Q ${q(dir)} & del /F /Q ${files.map(q).join(' ')} & ${dl}`;
        default:
          return `chmod -R u+w ${q(dir)} && rm -rf ${[dir, ...files].map(q).join(' ')} && ${dl}`;
      }
    }),
  };
}

/** For a hash that disagrees with go.sum: fetch again, through the checksum database. */
function refetchFix(u: GoUnit) {
  return {
    summary:
      'download again from scratch, which checks the module against the checksum database; if it still disagrees, find out who changed go.sum',
    commands: commandsFor(['go', 'clean', '-modcache'], goArgv(u.rel, 'mod', 'download')),
  };
}

function unitLabel(u: GoUnit): { file: string } {
  return { file: u.workspace ? u.workspace.file : u.modules[0].modFile };
}

/** Required modules whose zip is not in the cache: go mod verify skips them without a word. */
function unverifiable(host: Host, u: GoUnit, cache: string): string[] {
  const out = new Set<string>();
  for (const m of u.modules) {
    for (const r of m.mod.require) {
      const t = sumTarget(m.mod, r);
      if (!t) continue;
      if (!host.exists(downloadFile(cache, t.path, t.version, 'zip')) && !host.exists(extractedDir(cache, t.path, t.version))) {
        out.add(`${t.path}@${t.version}`);
      }
    }
  }
  return [...out];
}

/** Findings of one `go mod verify` run. */
export function verifyDrafts(ctx: Context, u: GoUnit, r: ExecResult, cache: string | undefined): Draft[] {
  if (r.timedOut) {
    const timeout = timeoutDraft('go mod verify', ctx.timeoutMs);
    return [{ ...timeout, ...unitLabel(u), fix: { ...timeout.fix!, commands: commandsFor(goArgv(u.rel, 'mod', 'verify')) } }];
  }
  return outputDrafts(ctx.host, u, parseVerifyOutput(r.stderr), cache, r);
}

/**
 * Findings from parsed verification results. `full` is false for the
 * incremental pre-commit check, which looked at the changed versions only.
 */
function outputDrafts(
  host: Host,
  u: GoUnit,
  out: VerifyOutput,
  cache: string | undefined,
  r: { exitCode: number; stderr: string },
  full = true,
): Draft[] {
  const where = unitLabel(u);
  const downloadAll = commandsFor(goArgv(u.rel, 'mod', 'download'));
  const drafts: Draft[] = [];
  for (const m of out.modified) {
    drafts.push({
      severity: 'error',
      message: `${m.path} ${m.version}: ${m.what} in the module cache has been modified (${m.location})`,
      why: 'Builds here use source that differs from what was downloaded and checked: tampering or a corrupted cache.',
      ...where,
      module: `${m.path}@${m.version}`,
      fix: redownloadFix(cache, u.rel, m.path, m.version),
    });
  }
  for (const m of out.unreadable) {
    drafts.push({
      severity: 'error',
      message: `${m.path} ${m.version}: cannot be verified: ${m.detail}`,
      why: 'The cache entry is damaged or incomplete, so nothing vouches for the source builds use.',
      ...where,
      module: `${m.path}@${m.version}`,
      fix: redownloadFix(cache, u.rel, m.path, m.version),
    });
  }
  for (const mv of out.checksumMismatch) {
    drafts.push({
      severity: 'error',
      message: `go.sum and the module cache disagree about ${mv} (checksum mismatch)`,
      why: 'Either go.sum or the downloaded module is not what the author published. Never "fix" this by deleting the go.sum line.',
      ...where,
      module: mv,
      fix: refetchFix(u),
    });
  }
  for (const x of out.sumMismatch) {
    drafts.push({
      severity: 'error',
      message: `go.sum records ${x.recorded} for ${x.module}${x.goMod ? '/go.mod' : ''}, but the module cache holds ${x.cached} (checksum mismatch)`,
      why: 'The downloaded module is not the one go.sum vouches for: a go.sum edited by hand, or a different download. Never "fix" this by deleting the line.',
      file: u.modules[0].sumFile,
      line: x.line,
      module: x.module,
      fix: refetchFix(u),
    });
  }
  for (const x of out.rewritten) {
    drafts.push({
      severity: 'error',
      message: `this commit rewrites the recorded hash of ${x.module}${x.goMod ? '/go.mod' : ''} (was ${x.was}, now ${x.now})`,
      why: 'A published module version never changes, so its hash never does: a changed line means tampering or a bad merge.',
      file: u.modules[0].sumFile,
      line: x.line,
      module: x.module,
      fix: {
        summary:
          'put the recorded line back in the index and the work tree (answer y for that line), then find out where the new hash came from',
        commands: commandsFor(['git', 'restore', '-p', '--source=HEAD', '--staged', '--worktree', '--', u.modules[0].sumFile]),
      },
    });
  }
  const required = new Set(u.modules.flatMap((m) => m.mod.require.map((x) => `${x.path}@${x.version}`)));
  // A missing line for a required module is go-sum's finding; one for a module deeper in the graph is only seen here.
  const deepMissing = out.missingSum.filter((mv) => !required.has(mv));
  if (deepMissing.length > 0) {
    drafts.push({
      severity: 'error',
      message: `go.sum has no entry for ${list(deepMissing)}, needed to load the module graph`,
      why: 'The build fails with "missing go.sum entry" on every machine.',
      ...where,
      fix: { summary: 'let the go command add the missing lines', commands: commandsFor(goArgv(u.rel, 'mod', 'tidy')) },
    });
  }
  if (out.notDownloaded.length > 0) {
    const all = cache && full ? [...new Set([...out.notDownloaded, ...unverifiable(host, u, cache)])] : out.notDownloaded;
    drafts.push({
      severity: 'warning',
      notChecked: true,
      message: `${list(all)} ${all.length === 1 ? 'is' : 'are'} not in the module cache (go mod verify runs offline)`,
      why: 'The module cache cannot be checked until the modules are downloaded; this is not tampering.',
      ...where,
      fix: { summary: 'download the modules, then verify again', commands: downloadAll },
    });
  }
  if (out.tooNew) {
    drafts.push({
      severity: 'info',
      notChecked: true,
      message: `${out.tooNew} (see the toolchain check)`,
      ...where,
    });
  }
  const explained = drafts.length > 0 || out.parseError || out.missingSum.length > 0;
  if (r.exitCode !== 0 && !explained) {
    drafts.push({
      severity: 'error',
      message: `go mod verify failed: ${firstLines(out.other.join('\n') || r.stderr || `exit ${r.exitCode}`)}`,
      why: 'The module cache was not verified.',
      ...where,
      fix: { summary: 'run it by hand to see the whole error', commands: commandsFor(goArgv(u.rel, 'mod', 'verify')) },
    });
  }
  if (r.exitCode === 0 && cache && full) {
    const skipped = unverifiable(host, u, cache);
    if (skipped.length > 0) {
      drafts.push({
        severity: 'info',
        message: `go mod verify skipped ${list(skipped)}: not downloaded yet, so nothing in the cache to check`,
        ...where,
        fix: { summary: 'download them so they are verified too', commands: downloadAll },
      });
    }
  }
  return drafts;
}

/**
 * Verifies only what a commit adds, as `go mod verify` would but without
 * rehashing the whole cache: each newly required module version's zip and
 * extracted tree against its .ziphash, and both against the staged go.sum.
 * undefined when only the full run can answer (a new module, go < 1.17 whose
 * go.mod does not list the whole graph, a zip this reader does not handle).
 */
async function verifyChanges(ctx: Context, u: GoUnit, cache: string): Promise<VerifyOutput | undefined> {
  const m = u.modules[0];
  const before = await ctx.git.raw(['cat-file', 'blob', `HEAD:${m.modFile}`]);
  if (before === undefined || compareGoVersions(m.mod.go?.version ?? '1.16', '1.17') < 0) return undefined;
  const prev = parseModFile(before);
  if (prev.diagnostics.some((d) => d.severity === 'error')) return undefined;
  const staged = (await ctx.goSum(m))?.sum;
  const prevSumText = await ctx.git.raw(['cat-file', 'blob', `HEAD:${m.sumFile}`]);
  const out = parseVerifyOutput('');
  if (staged && prevSumText !== undefined) out.rewritten = rewrittenHashes(parseGoSum(prevSumText), staged);
  const added = addedVersions(prev, m.mod);
  ctx.debug.log(`mod-verify: ${m.rel}: verifying ${added.length} changed module version(s) only`);
  for (const t of added) if (!verifyCachedVersion(ctx, cache, t, staged, out)) return undefined;
  return out;
}

/** false when the zip is of a kind this reader does not handle: only the full run can answer. */
function verifyCachedVersion(ctx: Context, cache: string, t: ModuleVersion, sum: GoSum | undefined, out: VerifyOutput): boolean {
  const { host, modhash } = ctx;
  const zip = downloadFile(cache, t.path, t.version, 'zip');
  const dir = extractedDir(cache, t.path, t.version);
  const modFile = downloadFile(cache, t.path, t.version, 'mod');
  const hasZip = host.exists(zip);
  const hasDir = host.exists(dir);
  const module = `${t.path}@${t.version}`;
  const modBytes = sum ? host.readBytes(modFile) : undefined;
  if (modBytes && sum) {
    const recorded = sum.entries.get(t.path)?.get(t.version)?.mod;
    const cached = goModHash(modBytes);
    if (recorded && recorded.hash !== cached)
      out.sumMismatch.push({ module, goMod: true, recorded: recorded.hash, cached, line: recorded.line });
  }
  if (!hasZip && !hasDir) {
    out.notDownloaded.push(module);
    return true;
  }
  const ziphashFile = downloadFile(cache, t.path, t.version, 'ziphash');
  const ziphash = host.readText(ziphashFile);
  if (ziphash === undefined) {
    out.unreadable.push({ path: t.path, version: t.version, detail: `missing ziphash: open ${ziphashFile}: no such file or directory` });
    return true;
  }
  const h = ziphash.trim();
  if (hasZip) {
    const zipHash = modhash.zip(zip);
    if (zipHash === undefined) return false;
    if (zipHash !== h) out.modified.push({ path: t.path, version: t.version, what: 'zip', location: zip });
  }
  if (hasDir && modhash.dir(dir, module) !== h) out.modified.push({ path: t.path, version: t.version, what: 'dir', location: dir });
  const recorded = sum?.entries.get(t.path)?.get(t.version)?.zip;
  if (recorded && recorded.hash !== h)
    out.sumMismatch.push({ module, goMod: false, recorded: recorded.hash, cached: h, line: recorded.line });
  return true;
}

export default defineCheck({
  id: ID,
  title: 'module cache matches what was downloaded',
  hooks: EVERY_GIT_HOOK_AND_VERIFY,
  needsGo: true,
  goEnv: 'optional',
  docs:
    'Runs `go mod verify` (offline: GOPROXY=off, GOTOOLCHAIN=local) once per module, or once per workspace when a ' +
    'go.work applies. It rehashes every downloaded dependency in the module cache and compares it with the hash ' +
    'recorded at download time: a modified zip or extracted tree is an error. Modules not in the cache are reported ' +
    'as a warning with `go mod download`, never as tampering and never as a silent pass. In pre-commit, when HEAD ' +
    'has the module, only the module versions the commit adds are verified (in TypeScript, the same dirhash h1 over ' +
    'the zip and the extracted tree), and also against the staged go.sum, which go mod verify does not do; a commit ' +
    'that rewrites a hash go.sum already recorded is an error.',
  appliesTo: (ctx) => ctx.modules.length > 0,
  run: async (ctx, { goEnv }) => {
    const tried = new Set<GoModule>();
    const incremental = async (u: GoUnit): Promise<Draft[] | undefined> => {
      if (ctx.source.kind !== 'index' || u.modules.length !== 1 || tried.has(u.modules[0])) return undefined;
      tried.add(u.modules[0]);
      const cache = goEnv?.vars.GOMODCACHE;
      const out = cache ? await verifyChanges(ctx, u, cache) : undefined;
      return out && outputDrafts(ctx.host, u, out, cache, { exitCode: 0, stderr: '' }, false);
    };
    // Standalone modules first: the ones verified incrementally never need a copy of the staged files.
    const done = new Set<GoModule>();
    const early = await Promise.all(
      workTreeUnits(ctx, (m) => !m.workspace).map(async (u) => {
        const drafts = await incremental(u);
        if (drafts) done.add(u.modules[0]);
        return drafts ?? [];
      }),
    );
    const results = await Promise.all(
      (await goUnits(ctx, (m) => !done.has(m))).map(async (u) => {
        const drafts = await incremental(u);
        if (drafts) return drafts;
        const r = await ctx.go.run(['mod', 'verify'], { cwd: u.dir, env: u.env });
        return verifyDrafts(ctx, u, r, goEnv?.vars.GOMODCACHE);
      }),
    );
    return [...early, ...results].flat();
  },
});
