// The module cache holds exactly what was downloaded, and what go.sum records.
// The engine (src/modcache) verifies every module version of the repository's
// builds once per run, however many go.mod files use it: zip and extracted tree
// against .ziphash — as `go mod verify` does — and also against the committed
// go.sum, and each cached .mod against go.sum's /go.mod line. A stat snapshot
// (git's index, with its racy-git rules) makes an unchanged cache cheap to
// verify again. vendor/ is compared file by file with the verified cache.
// "Not downloaded" is told apart from "modified", and never passes silently.

import { isAbsolute, posix } from 'node:path';
import { defineCheck, EVERY_GIT_HOOK_AND_VERIFY } from '../check.js';
import type { Context } from '../context.js';
import { commandsFor, goArgv, perShell } from '../fixes.js';
import { addedVersions, rewrittenHashes } from '../gomod/graphdiff.js';
import { compareGoVersions } from '../gomod/goversion.js';
import { parseGoSum, type GoSum } from '../gomod/gosum.js';
import { downloadFile, extractedDir } from '../gomod/modcache.js';
import { parseModFile } from '../gomod/modfile.js';
import { timeoutDraft } from '../messages.js';
import type { Problem, VersionInput, VersionResult } from '../modcache/types.js';
import { relJoin } from '../source.js';
import type { ExecResult } from '../tools/exec.js';
import type { Draft, Fix, GoModule } from '../types.js';
import { goUnits, type GoUnit } from './shared/modules.js';
import { firstLines, shortList } from './shared/text.js';

const ID = 'mod-verify';

/** Where a unit's findings go: its go.work, or its go.mod. */
function unitFile(u: GoUnit): string {
  return u.workspace ? u.workspace.file : u.modules[0].modFile;
}

function redownloadFix(cache: string, rel: string, modPath: string, version: string): Fix {
  const download = goArgv(rel, 'mod', 'download', `${modPath}@${version}`);
  const dir = extractedDir(cache, modPath, version);
  const files = (['zip', 'ziphash', 'mod'] as const).map((e) => downloadFile(cache, modPath, version, e));
  return {
    summary: 're-download this module version (or everything: go clean -modcache, then go mod download)',
    commands: perShell((q, shell) => {
      const dl = download.map(q).join(' ');
      switch (shell) {
        case 'powershell':
          return `Remove-Item -Recurse -Force -ErrorAction SilentlyContinue ${[dir, ...files].map(q).join(',')}; ${dl}`;
        case 'cmd':
          return `rmdir /S /Q ${q(dir)} & del /F /Q ${files.map(q).join(' ')} & ${dl}`;
        default:
          return `chmod -R u+w ${q(dir)} 2>/dev/null; rm -rf ${[dir, ...files].map(q).join(' ')} && ${dl}`;
      }
    }),
  };
}

/** For a hash that disagrees with go.sum: fetch again, through the checksum database. */
function refetchFix(rel: string): Fix {
  return {
    summary:
      'download again from scratch, which checks the module against the checksum database; if it still disagrees, find out who changed go.sum (never "fix" this by deleting the go.sum line)',
    commands: commandsFor(['go', 'clean', '-modcache'], goArgv(rel, 'mod', 'download')),
  };
}

function downloadFix(u: GoUnit): Fix {
  return {
    summary: u.workspace
      ? 'download the module graph, then verify again (in a workspace this also records hashes in go.work.sum: stage it if it changed)'
      : 'download the module graph, then verify again',
    commands: commandsFor(goArgv(u.rel, 'mod', 'download')),
  };
}

/** The go.sum line that recorded `hash` for a module version, among the modules' go.sum files. */
async function sumLine(ctx: Context, mods: GoModule[], p: string, v: string, goMod: boolean, hash: string) {
  for (const m of mods) {
    const e = (await ctx.goSum(m))?.sum.entries.get(p)?.get(v);
    const line = goMod ? e?.mod : e?.zip;
    if (line && line.hash === hash) return { file: m.sumFile, line: line.line };
  }
  return undefined;
}

async function problemDraft(ctx: Context, u: GoUnit, cache: string, r: VersionResult, p: Problem): Promise<Draft> {
  const module = `${r.path}@${r.version}`;
  const where = { file: unitFile(u), module };
  const redownload = redownloadFix(cache, u.rel, r.path, r.version);
  switch (p.kind) {
    case 'zip-modified':
      return {
        severity: 'error',
        message: `${r.path} ${r.version}: zip in the module cache has been modified (${p.file})`,
        why: 'Builds here use source that differs from what was downloaded and checked: tampering or a corrupted cache.',
        ...where,
        fix: redownload,
      };
    case 'dir-modified': {
      const detail = [
        p.changed?.length ? `changed: ${shortList(p.changed)}` : '',
        p.added?.length ? `added: ${shortList(p.added)}` : '',
        p.removed?.length ? `removed: ${shortList(p.removed)}` : '',
      ].filter(Boolean);
      return {
        severity: 'error',
        message: `${r.path} ${r.version}: dir in the module cache has been modified (${p.dir})${detail.length ? `\n  ${detail.join('; ')}` : ''}`,
        why: 'Builds here use source that differs from what was downloaded and checked: tampering or a corrupted cache.',
        ...where,
        fix: redownload,
      };
    }
    case 'missing-ziphash':
    case 'unreadable':
      return {
        severity: 'error',
        message: `${r.path} ${r.version}: cannot be verified: ${p.detail}`,
        why: 'The cache entry is damaged or incomplete, so nothing vouches for the source builds use.',
        ...where,
        fix: redownload,
      };
    case 'sum-mismatch': {
      const at = await sumLine(ctx, u.modules, r.path, r.version, p.goMod, p.recorded);
      const consistent = !p.goMod && p.which.includes('ziphash');
      return {
        severity: 'error',
        message: `go.sum records ${p.recorded} for ${module}${p.goMod ? '/go.mod' : ''}, but the module cache holds ${p.cached} (checksum mismatch)`,
        why: consistent
          ? 'The zip, the tree and .ziphash agree with each other (go mod verify passes) but not with go.sum: go.sum was edited, or the cache rewritten. The next go build stops with "SECURITY ERROR".'
          : 'The downloaded module is not the one go.sum vouches for: a go.sum edited by hand, or a different download.',
        ...(at ?? { file: unitFile(u) }),
        module,
        fix: refetchFix(u.rel),
      };
    }
  }
}

/** Why the go command could not list a unit's build list offline, as a finding (or none: another check's). */
function listFailureDraft(u: GoUnit, message: string, timedOut: boolean, timeoutMs: number): Draft | undefined {
  const file = unitFile(u);
  if (timedOut) return { ...timeoutDraft('go list -m all', timeoutMs), file };
  // Syntax, go.sum and go.work problems are go-mod-syntax's and go-sum's findings.
  if (/errors parsing go\.(mod|work)|malformed go\.sum|listed in go\.work file|missing go\.sum entry/.test(message)) return undefined;
  if (/requires go >= /.test(message)) {
    return {
      severity: 'info',
      notChecked: true,
      message: `${firstLines(message, 1).replace(/^go: /, '')} (see the toolchain check)`,
      file,
    };
  }
  return {
    severity: 'warning',
    notChecked: true,
    message: `the module graph could not be listed offline: ${firstLines(message, 2).replace(/^go: /, '')}`,
    why: 'Without the build list, the module cache cannot be checked.',
    file,
    fix: downloadFix(u),
  };
}

/**
 * pre-commit, a module HEAD also has: only the versions the staged go.mod adds (the rest was verified
 * when committed), and every go.sum hash the commit rewrites. undefined: the full set is needed (a new
 * module, a go line below 1.17 whose go.mod does not list the whole graph).
 */
async function stagedChange(ctx: Context, m: GoModule): Promise<{ versions: VersionInput[]; drafts: Draft[] } | undefined> {
  const before = await ctx.git.raw(['cat-file', 'blob', `HEAD:${m.modFile}`]);
  if (before === undefined || compareGoVersions(m.mod.go?.version ?? '1.16', '1.17') < 0) return undefined;
  const prev = parseModFile(before);
  if (prev.diagnostics.some((d) => d.severity === 'error')) return undefined;
  const staged = (await ctx.goSum(m))?.sum;
  const prevSum = await ctx.git.raw(['cat-file', 'blob', `HEAD:${m.sumFile}`]);
  const drafts: Draft[] = (staged && prevSum !== undefined ? rewrittenHashes(parseGoSum(prevSum), staged) : []).map((x) => ({
    severity: 'error',
    message: `this commit rewrites the recorded hash of ${x.module}${x.goMod ? '/go.mod' : ''} (was ${x.was}, now ${x.now})`,
    why: 'A published module version never changes, so its hash never does: a changed line means tampering or a bad merge.',
    file: m.sumFile,
    line: x.line,
    module: x.module,
    fix: {
      summary:
        'put the recorded line back in the index and the work tree (answer y for that line), then find out where the new hash came from',
      commands: commandsFor(['git', 'restore', '-p', '--source=HEAD', '--staged', '--worktree', '--', m.sumFile]),
    },
  }));
  const versions = addedVersions(prev, m.mod).map((t) => ({ ...t, sum: sumsOf(staged, t.path, t.version) }));
  ctx.debug.log(`mod-verify: ${m.rel}: verifying the ${versions.length} module version(s) the staged go.mod adds`);
  return { versions, drafts };
}

function sumsOf(sum: GoSum | undefined, p: string, v: string): VersionInput['sum'] {
  const e = sum?.entries.get(p)?.get(v);
  return e ? { zip: e.zip?.hash, mod: e.mod?.hash } : undefined;
}

/** `go mod verify` itself, for --with-go-verify: what it reports that the engine did not. */
export function goVerifyDrafts(u: GoUnit, r: ExecResult, timeoutMs: number): Draft[] {
  const file = unitFile(u);
  if (r.timedOut) return [{ ...timeoutDraft('go mod verify', timeoutMs), file }];
  if (r.exitCode === 0) return [];
  const lines = r.stderr.split('\n').filter((l) => / has been modified |missing ziphash|checksum mismatch/.test(l));
  if (lines.length === 0) return [];
  return [
    {
      severity: 'error',
      message: `go mod verify (the cross-check) reports:\n  ${lines.slice(0, 10).join('\n  ')}`,
      why: 'Builds here use source that differs from what was downloaded and checked.',
      file,
      fix: { summary: 'run it by hand to see the whole output', commands: commandsFor(goArgv(u.rel, 'mod', 'verify')) },
    },
  ];
}

/**
 * Where a unit's vendor/ would be, its go version and the command that writes it: in a workspace go builds
 * from the workspace's vendor/ (go work vendor), never from a member's. undefined: no single place.
 */
function vendorHome(u: GoUnit): { rel: string; go: string | undefined; vendor: string[] } | undefined {
  if (u.workspace) {
    if (isAbsolute(u.workspace.file)) return undefined;
    return { rel: posix.dirname(u.workspace.file), go: u.workspace.work.go?.version, vendor: ['work', 'vendor'] };
  }
  if (u.modules.length !== 1) return undefined;
  return { rel: u.modules[0].rel, go: u.modules[0].mod.go?.version, vendor: ['mod', 'vendor'] };
}

/** vendor/ of a unit that has one, against the verified cache (work tree and pushed commits: the index holds no copy). */
async function vendorDrafts(ctx: Context, u: GoUnit, cache: string, results: Map<string, VersionResult>): Promise<Draft[]> {
  if (ctx.source.kind === 'index') return [];
  const home = vendorHome(u);
  if (!home || !(await ctx.source.isDir(relJoin(home.rel, 'vendor')))) return [];
  const v = await ctx.modcache.vendor(u.dir, cache, home.go ?? '1.16', (p, ver) => results.get(`${p}@${ver}`));
  const file = relJoin(home.rel, 'vendor/modules.txt');
  const drafts: Draft[] = [];
  const differences = [
    v.modified.length ? `changed: ${shortList(v.modified)}` : '',
    v.added.length ? `not from any module: ${shortList(v.added)}` : '',
    v.missing.length ? `missing: ${shortList(v.missing)}` : '',
    ...v.problems,
  ].filter(Boolean);
  if (differences.length > 0) {
    drafts.push({
      severity: 'error',
      message: `vendor/ is not what go ${home.vendor.join(' ')} copies from the verified module cache:\n  ${differences.join('\n  ')}`,
      why: 'Builds use vendor/ instead of the module cache: vendored code that differs from the published module is unreviewed code.',
      file,
      fix: {
        summary: 'vendor again from the verified cache, then stage it',
        commands: commandsFor(goArgv(home.rel, ...home.vendor), ['git', 'add', '-A', relJoin(home.rel, 'vendor')]),
      },
    });
  }
  const notChecked = v.notChecked.filter((n) => n.command);
  if (notChecked.length > 0) {
    drafts.push({
      severity: 'warning',
      notChecked: true,
      message: `vendored ${shortList(notChecked.map((n) => `${n.path}@${n.version}`))}: not in the module cache, so not compared with vendor/`,
      why: 'vendor/ can only be checked against a downloaded, verified copy.',
      file,
      fix: { summary: 'download them, then check again', commands: commandsFor(...notChecked.map((n) => n.command!)) },
    });
  }
  return drafts;
}

export default defineCheck({
  id: ID,
  title: 'module cache matches what was downloaded',
  hooks: EVERY_GIT_HOOK_AND_VERIFY,
  needsGo: true,
  goEnv: 'required',
  options: {
    withGoVerify: {
      type: 'boolean',
      default: false,
      description: 'also run go mod verify once per module or workspace, as a cross-check (gohooks verify --with-go-verify)',
    },
  },
  docs:
    'Verifies every module version of the repository’s builds once per run (the union of the build lists of every module and ' +
    'workspace): the cached zip and extracted tree against .ziphash, as go mod verify does, and also against the committed ' +
    'go.sum, which go mod verify does not; each cached .mod against go.sum’s /go.mod line; vendor/ file by file against the ' +
    'verified cache. A stat snapshot makes an unchanged cache cheap to verify again (--full rehashes everything). In ' +
    'pre-commit only the versions the commit adds, and go.sum hashes a commit rewrites, are checked.',
  appliesTo: (ctx) => ctx.modules.length > 0,
  run: async (ctx, { goEnv, options }) => {
    const cache = goEnv.vars.GOMODCACHE;
    if (!cache)
      return [{ severity: 'warning', notChecked: true, message: 'go env GOMODCACHE is empty: there is no module cache to verify' }];
    const drafts: Draft[] = [];
    const units = await goUnits(ctx);
    // Each unit's versions: in pre-commit what the commit adds, else its whole build list.
    const perUnit = await Promise.all(
      units.map(async (u): Promise<{ u: GoUnit; versions: VersionInput[]; missingGraph: string[] }> => {
        if (ctx.source.kind === 'index' && !u.workspace) {
          const change = await stagedChange(ctx, u.modules[0]);
          if (change) {
            drafts.push(...change.drafts);
            return { u, versions: change.versions, missingGraph: [] };
          }
        }
        const set = await ctx.modcache.versions({ dir: u.dir, env: u.env });
        for (const f of set.failures) {
          const d = listFailureDraft(u, f.message, f.timedOut, ctx.timeoutMs);
          if (d) drafts.push(d);
        }
        return { u, versions: set.versions, missingGraph: set.incomplete };
      }),
    );
    ctx.progress.set(ID, 'mod-verify: verifying modules');
    const report = await ctx.modcache.verify(
      cache,
      perUnit.flatMap((x) => x.versions),
      { full: ctx.full, onProgress: (done, total) => ctx.progress.set(ID, `mod-verify: verifying modules ${done}/${total}`) },
    );
    ctx.progress.set(ID, undefined);
    ctx.debug.log(
      `mod-verify: ${report.stats.versions} versions, ${report.stats.hashed} hashed, ${report.stats.fromSnapshot} from the snapshot (${report.stats.racy} racy), ${report.stats.workers} workers, ${report.stats.ms} ms`,
    );
    const results = new Map(report.results.map((r) => [`${r.path}@${r.version}`, r]));
    const reported = new Set<string>();
    for (const { u, versions, missingGraph } of perUnit) {
      const notDownloaded: string[] = [];
      for (const v of versions) {
        const key = `${v.path}@${v.version}`;
        const r = results.get(key);
        if (!r || reported.has(key)) continue;
        reported.add(key);
        for (const p of r.problems) drafts.push(await problemDraft(ctx, u, cache, r, p));
        if (r.status === 'not-downloaded' && !v.modOnly) notDownloaded.push(key);
      }
      if (missingGraph.length > 0) {
        // The graph itself is incomplete offline (a cold cache): which versions it selects is not all known.
        const missing = [...new Set([...missingGraph, ...notDownloaded])].sort();
        drafts.push({
          severity: 'warning',
          notChecked: true,
          message: `${shortList(missing)} ${missing.length === 1 ? 'is' : 'are'} not in the module cache: the module graph cannot be loaded offline, so what builds use is not all known`,
          why: 'The module cache cannot be checked until the modules are downloaded; this is not tampering.',
          file: unitFile(u),
          fix: downloadFix(u),
        });
      } else if (notDownloaded.length > 0) {
        // In a complete graph, versions never downloaded (pruning leaves most of them so) hold nothing to check and
        // go mod verify skips them too: go checks a module against go.sum when a build first downloads it. No finding.
        ctx.debug.log(`mod-verify: ${u.rel}: ${notDownloaded.length} versions of the build list not downloaded`);
      }
      drafts.push(...(await vendorDrafts(ctx, u, cache, results)));
      if (options.withGoVerify)
        drafts.push(...goVerifyDrafts(u, await ctx.go.run(['mod', 'verify'], { cwd: u.dir, env: u.env }), ctx.timeoutMs));
    }
    return drafts;
  },
});
