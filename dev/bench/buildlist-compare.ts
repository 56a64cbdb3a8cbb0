// Issue 11, item "the set of versions to verify": the go command's build list
// (`go list -m -e -json all`) against one computed in TypeScript from the
// cached .mod files (MVS with go 1.17 graph pruning, replace and exclude of
// the main module), on real repositories: time and agreement.
//
//   npx tsx dev/bench/buildlist-compare.ts REPO GOMODCACHE [REPO GOMODCACHE …]

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compareGoVersions } from '../../src/gomod/goversion.js';
import { downloadFile } from '../../src/gomod/modcache.js';
import { parseModFile, type ModFile } from '../../src/gomod/modfile.js';
import { buildListVersions, parseJsonStream } from '../../src/modcache/buildlist.js';
import { discoverUnits } from './engine.js';

/** semver comparison for module versions (enough for MVS: prerelease < release, +incompatible ignored). */
function cmpSemver(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)\.(\d+)\.(\d+)(?:-([^+]*))?/.exec(v);
    return m ? { n: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] } : { n: [0, 0, 0], pre: v };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if (x.n[i] !== y.n[i]) return x.n[i] - y.n[i];
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  const xp = x.pre.split('.');
  const yp = y.pre.split('.');
  for (let i = 0; i < Math.max(xp.length, yp.length); i++) {
    if (xp[i] === undefined) return -1;
    if (yp[i] === undefined) return 1;
    const xn = /^\d+$/.test(xp[i]);
    const yn = /^\d+$/.test(yp[i]);
    if (xn && yn && Number(xp[i]) !== Number(yp[i])) return Number(xp[i]) - Number(yp[i]);
    if (xn !== yn) return xn ? -1 : 1;
    if (xp[i] !== yp[i]) return xp[i] < yp[i] ? -1 : 1;
  }
  return 0;
}

/** MVS over cached go.mod files, with go 1.17 pruning: a pruned module contributes its own requirements, not theirs. */
function computeBuildList(modDir: string, cache: string): { list: Set<string>; missing: number } {
  const main = parseModFile(readFileSync(path.join(modDir, 'go.mod'), 'utf8'));
  const replaced = (p: string, v: string) =>
    main.replace.find((r) => r.old.path === p && r.old.version === v) ?? main.replace.find((r) => r.old.path === p && !r.old.version);
  const excluded = new Set(main.exclude.map((e) => `${e.path}@${e.version}`));
  let missing = 0;
  const modOf = (p: string, v: string): ModFile | undefined => {
    const r = replaced(p, v);
    try {
      if (r?.local) return parseModFile(readFileSync(path.join(path.resolve(modDir, r.new.path), 'go.mod'), 'utf8'));
      const t = r ? { path: r.new.path, version: r.new.version! } : { path: p, version: v };
      return parseModFile(readFileSync(downloadFile(cache, t.path, t.version, 'mod'), 'utf8'));
    } catch {
      missing++;
      return undefined;
    }
  };
  const mainPruned = compareGoVersions(main.go?.version ?? '1.16', '1.17') >= 0;
  const selected = new Map<string, string>();
  const seen = new Set<string>();
  const visit = (p: string, v: string, expand: boolean) => {
    if (excluded.has(`${p}@${v}`) || p === main.module?.path) return;
    const cur = selected.get(p);
    if (!cur || cmpSemver(v, cur) > 0) selected.set(p, v);
    const key = `${p}@${v}:${expand}`;
    if (seen.has(key)) return;
    seen.add(key);
    if (!expand) return;
    const mf = modOf(p, v);
    if (!mf) return;
    const pruned = compareGoVersions(mf.go?.version ?? '1.16', '1.17') >= 0;
    for (const r of mf.require) visit(r.path, r.version, !(mainPruned && pruned));
  };
  for (const r of main.require) visit(r.path, r.version, true);
  const list = new Set<string>();
  for (const [p, v] of selected) {
    const r = replaced(p, v);
    if (r?.local) continue;
    list.add(r ? `${r.new.path}@${r.new.version}` : `${p}@${v}`);
  }
  return { list, missing };
}

function goBuildList(dir: string, env: NodeJS.ProcessEnv): { list: Set<string>; ms: number } {
  const t = performance.now();
  const r = spawnSync('go', ['list', '-m', '-e', '-json', 'all'], {
    cwd: dir,
    env: { ...env, GOPROXY: 'off', GOSUMDB: 'off', GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly', GOWORK: 'off' },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const ms = performance.now() - t;
  const list = new Set(buildListVersions(parseJsonStream(r.stdout) as never[]).map((v) => `${v.path}@${v.version}`));
  return { list, ms };
}

const args = process.argv.slice(2);
for (let i = 0; i + 1 < args.length; i += 2) {
  const [repo, cache] = [path.resolve(args[i]), path.resolve(args[i + 1])];
  const env = { ...process.env, GOMODCACHE: cache, GOCACHE: '/tmp/gohooks-buildlist-gocache' };
  let goMs = 0;
  let tsMs = 0;
  let agree = 0;
  let units = 0;
  const diffs: string[] = [];
  for (const u of discoverUnits(repo)) {
    units++;
    const go = goBuildList(u.dir, env);
    const t = performance.now();
    const ts = computeBuildList(u.dir, cache);
    tsMs += performance.now() - t;
    goMs += go.ms;
    const onlyGo = [...go.list].filter((x) => !ts.list.has(x));
    const onlyTs = [...ts.list].filter((x) => !go.list.has(x));
    if (onlyGo.length === 0 && onlyTs.length === 0) agree++;
    else
      diffs.push(
        `${path.relative(repo, u.dir) || '.'}: go only ${onlyGo.length} (${onlyGo.slice(0, 2).join(' ')}), ts only ${onlyTs.length} (${onlyTs.slice(0, 2).join(' ')}), ${ts.missing} .mod missing`,
      );
  }
  process.stdout.write(
    `${path.basename(repo)}: ${units} units; go list ${goMs.toFixed(0)} ms, TypeScript MVS ${tsMs.toFixed(0)} ms; identical build lists in ${agree}/${units}\n`,
  );
  for (const d of diffs.slice(0, 6)) process.stdout.write(`  ${d}\n`);
}
