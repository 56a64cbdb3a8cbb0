// `gohooks run <hook>`: what the installed hook scripts call.
// pre-commit / pre-merge-commit check the index (what is being committed);
// pre-push checks the modules changed in the pushed commits.

import { ALL_CHECKS } from '../checks/index.js';
import { loadConfig, type Config } from '../config.js';
import path from 'node:path';
import type { Context } from '../context.js';
import { discoverModules } from '../discover.js';
import { UsageError } from '../errors.js';
import { buildContext, openHookRepo, type Repo } from '../gather.js';
import { changeSet, isGoRelevant, isModuleFile, parsePrePushInput, withDependents, ZERO_SHA, type RefUpdate } from '../hooks/staged.js';
import { renderHuman } from '../report/human.js';
import { counts, plural, type ReportInput } from '../report/model.js';
import { exitCodeFor, runChecks, selectChecks, sortFindings, wantsGoEnv } from '../runner.js';
import { CommitSource, IndexSource, WorkTreeSource, type FileSource } from '../source.js';
import { splitNul } from '../tools/git.js';
import { quickGoSetting } from '../tools/go.js';
import { progressWanted, silentProgress, terminalProgress, type Progress } from '../tools/progress.js';
import { HOOK_NAMES, type HookName, type RunResult } from '../types.js';
import { reportInput } from './report.js';

export interface RunHookOptions {
  hook: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdin: () => Promise<string>;
  write: (s: string) => void;
}

interface Planned {
  ctx: Context;
  what: string;
}

function hookChecks(repo: Repo, hook: HookName, config: Config) {
  return selectChecks(ALL_CHECKS, hook, config, { only: [], skip: [] }, repo.env);
}

async function runPlanned(repo: Repo, hook: HookName, plans: Planned[], write: (s: string) => void, progress: Progress): Promise<number> {
  const started = performance.now();
  const merged: RunResult = { findings: [], checks: [] };
  let last: Context | undefined;
  for (const { ctx } of plans) {
    try {
      const r = await runChecks(ctx, hookChecks(repo, hook, ctx.config));
      merged.findings.push(...r.findings);
      merged.checks.push(...r.checks);
      last = ctx;
    } finally {
      ctx.source.dispose();
    }
  }
  progress.clear();
  if (!last) return 0;
  merged.findings = sortFindings(merged.findings);
  const ms = performance.now() - started;
  const input = reportInput(last, merged, hook, ms, { modules: plans.flatMap((p) => p.ctx.modules) });
  await maybeWriteSarif(repo, input, write);
  const out = renderHuman(input);
  const c = counts(merged.findings);
  if (out) write(out);
  else if (c.errors + c.warnings === 0) {
    const ran = merged.checks.filter((x) => x.status !== 'skipped').length;
    write(`gohooks ${hook}: ${plans.map((p) => p.what).join('; ')} ok (${plural(ran, 'check')}, ${(ms / 1000).toFixed(1)} s)\n`);
  }
  return exitCodeFor(merged);
}

/**
 * GOHOOKS_SARIF=FILE: SARIF for this hook's run beside the human output (relative to the
 * repository root, where git runs hooks). A file that cannot be written is one line on the
 * output; it never changes whether the commit or push goes through.
 */
async function maybeWriteSarif(repo: Repo, input: ReportInput, write: (s: string) => void): Promise<void> {
  const file = repo.env.GOHOOKS_SARIF;
  if (!file) return;
  const { writeSarif } = await import('./sarif.js');
  try {
    writeSarif(file, repo.root, input);
  } catch (e) {
    write(`gohooks: ${(e as Error).message}\n`);
  }
}

async function preCommit(repo: Repo, hook: HookName, config: Config, write: (s: string) => void, progress: Progress): Promise<number> {
  const git = repo.git!;
  const staged = splitNul(await git.raw(['diff', '--cached', '--name-only', '-z', '--no-renames']));
  const relevant = staged.filter(isGoRelevant);
  if (relevant.length === 0) return 0;
  // Only .go files staged (the usual commit): no module is checked, so neither the go.mod listing nor `go env` is needed.
  const modFiles = relevant.some(isModuleFile)
    ? splitNul(await git.raw(['ls-files', '-z', '--cached', '--full-name', '--', ':(top,glob)**/go.mod']))
    : [];
  const change = changeSet(relevant, modFiles, true);
  const source = new IndexSource(git, repo.root);
  const modules = await withModulesBuildingWith(repo, source, modFiles, change.modules);
  const ctx = await buildContext(repo, {
    mode: hook,
    config,
    prefetchGoEnv: modules.length > 0 && wantsGoEnv(hookChecks(repo, hook, config)),
    dirs: modules.map((d) => `${repo.root}/${d}`),
    exactDirs: true,
    gitModFiles: modFiles,
    source,
    goFiles: change.goFiles,
    progress,
  });
  return runPlanned(repo, hook, [{ ctx, what: 'staged changes' }], write, progress);
}

/** The changed modules and those that build with them (go.work, relative replace), as the source has them. */
async function withModulesBuildingWith(repo: Repo, source: FileSource, modFiles: string[], changed: string[]): Promise<string[]> {
  if (changed.length === 0 || modFiles.length < 2) return changed;
  const all = await discoverModules({
    root: repo.root,
    dirs: modFiles.map((f) => path.join(repo.root, path.posix.dirname(f))),
    exactDirs: true,
    gitModFiles: modFiles,
    source,
    gowork: async () => quickGoSetting(repo.env, 'GOWORK'),
  });
  return withDependents(changed, all.modules, all.workspaces);
}

/** Files changed by a pushed ref update; undefined when git cannot tell. */
async function pushedChanges(repo: Repo, remote: string, u: RefUpdate): Promise<string[] | undefined> {
  const git = repo.git!;
  if (!ZERO_SHA.test(u.remoteSha) && (await git.raw(['cat-file', '-e', `${u.remoteSha}^{commit}`])) !== undefined) {
    return splitNul(await git.raw(['diff', '--name-only', '-z', '--no-renames', u.remoteSha, u.localSha]));
  }
  // A new branch: the commits the remote does not have yet.
  const log = await git.raw(['log', '--format=', '--name-only', '-z', '--no-renames', u.localSha, '--not', `--remotes=${remote}`]);
  return log === undefined ? undefined : splitNul(log.replace(/\n/g, '\0'));
}

async function prePush(
  repo: Repo,
  config: Config,
  args: string[],
  input: string,
  write: (s: string) => void,
  progress: Progress,
): Promise<number> {
  const git = repo.git!;
  const remote = args[0] ?? 'origin';
  let updates = parsePrePushInput(input);
  // The pre-commit framework passes the range in its environment instead of stdin; for the first push
  // of a branch that holds a root commit it sets only the local branch (nothing to diff against).
  const localBranch = repo.env.PRE_COMMIT_LOCAL_BRANCH;
  if (updates.length === 0 && (repo.env.PRE_COMMIT_TO_REF || localBranch)) {
    updates = [
      {
        localRef: localBranch ?? 'HEAD',
        localSha: repo.env.PRE_COMMIT_TO_REF ?? localBranch!,
        remoteRef: repo.env.PRE_COMMIT_REMOTE_BRANCH ?? '',
        remoteSha: repo.env.PRE_COMMIT_FROM_REF ?? '0',
      },
    ];
  }
  if (updates.length === 0) {
    write('gohooks pre-push: git passed no pushed refs, so nothing was checked\n');
    return 0;
  }
  const head = (await git.raw(['rev-parse', '--verify', '-q', 'HEAD']))?.trim();
  const plans: Planned[] = [];
  const seen = new Set<string>();
  for (const u of updates) {
    if (ZERO_SHA.test(u.localSha) || seen.has(u.localSha)) continue; // deletions; the same commit twice
    seen.add(u.localSha);
    const sha = (await git.raw(['rev-parse', '--verify', '-q', `${u.localSha}^{commit}`]))?.trim();
    if (!sha) continue;
    const modFiles = splitNul(await git.raw(['ls-tree', '-r', '-z', '--name-only', '--full-tree', sha])).filter(
      (f) => f === 'go.mod' || f.endsWith('/go.mod'),
    );
    const changed = await pushedChanges(repo, remote, u);
    const changedModules =
      changed === undefined
        ? modFiles.map((f) => (f === 'go.mod' ? '.' : f.slice(0, -'/go.mod'.length)))
        : changeSet(changed.filter(isGoRelevant), modFiles, false).modules;
    if (changedModules.length === 0) continue;
    // The checked-out, clean HEAD is checked in place; anything else as committed.
    let source: FileSource = new CommitSource(git, repo.root, sha);
    const modules = await withModulesBuildingWith(repo, source, modFiles, changedModules);
    if (sha === head) {
      const dirty = await git.raw(['status', '--porcelain', '-z', '--untracked-files=no', '--', ...modules]);
      if (dirty === '') {
        source.dispose();
        source = new WorkTreeSource(repo.root);
      }
    }
    const ctx = await buildContext(repo, {
      mode: 'pre-push',
      config,
      prefetchGoEnv: wantsGoEnv(hookChecks(repo, 'pre-push', config)),
      dirs: modules.map((d) => `${repo.root}/${d}`),
      exactDirs: true,
      gitModFiles: modFiles,
      source,
      progress,
    });
    plans.push({ ctx, what: `${u.localRef.replace(/^refs\/heads\//, '')} (${sha.slice(0, 12)})` });
  }
  return runPlanned(repo, 'pre-push', plans, write, progress);
}

export async function runHook(o: RunHookOptions): Promise<number> {
  if (!HOOK_NAMES.includes(o.hook as HookName)) throw new UsageError(`unknown hook "${o.hook}" (${HOOK_NAMES.join(', ')})`);
  if (o.env.GOHOOKS === '0') return 0;
  // CI runs `gohooks verify` as its own step; GOHOOKS_IN_CI=1 keeps hooks on there.
  if (o.env.CI === 'true' && o.env.GOHOOKS_IN_CI !== '1') return 0;
  const repo = await openHookRepo(o.cwd, o.env);
  if (!repo) throw new UsageError('not inside a git work tree');
  const hook = o.hook as HookName;
  const config = loadConfig(repo.root, ALL_CHECKS);
  // git runs hooks with the user's terminal as stderr: a long push shows what it is doing.
  const progress = progressWanted(process.stderr, o.env, true)
    ? terminalProgress((s) => process.stderr.write(s), process.stderr.columns ?? 80)
    : silentProgress;
  try {
    if (hook === 'pre-push') return await prePush(repo, config, o.args, await o.stdin(), o.write, progress);
    return await preCommit(repo, hook, config, o.write, progress);
  } finally {
    // Also when a check or git fails: the error message must not land on a half-drawn progress line.
    progress.clear();
  }
}
