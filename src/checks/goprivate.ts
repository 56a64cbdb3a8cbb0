// Private module paths must never reach a public proxy or checksum database,
// and the settings that route them must mean what their authors think.

import { defineCheck, EVERY_GIT_HOOK_AND_VERIFY } from '../check.js';
import type { Context } from '../context.js';
import { joinCommands } from '../fixes.js';
import { goEnvFix } from '../shellfix.js';
import type { Draft } from '../types.js';
import { govcsAllows, parseGoauth, parseGovcs, PUBLIC_CODE_HOSTS, redactUrl, routeModule, type GoEnvLike } from '../gomod/goproxy.js';
import { cleanPatternList, matchPrefixPatterns, patternEntries, patternProblems } from '../gomod/patterns.js';
import { suggestedPattern, type PrivateModule } from '../gomod/private.js';
import type { GoEnv } from '../tools/go.js';
import { goflags, goflagsFix, isInsecureFlag, shownGoflags } from './shared/goflags.js';
import { proxyDrafts } from './shared/proxy-settings.js';

const ID = 'goprivate';
const PATTERN_VARS = ['GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOINSECURE'] as const;
const ROUTING_VARS = [...PATTERN_VARS, 'GOPROXY', 'GOSUMDB', 'GOFLAGS', 'GOAUTH', 'GOVCS'] as const;

function merged(existing: string, add: string): string {
  return [...new Set([...cleanPatternList(existing), add])].join(',');
}

function settingDrafts(ctx: Context, env: GoEnv): Draft[] {
  const v = env.vars;
  const drafts: Draft[] = [];
  const fix = (key: string, value: string) => goEnvFix(key, value, env.source(key), ctx.shellTarget);
  const err = (message: string, why: string, fixKey: string, fixValue: string) =>
    drafts.push({ severity: 'error', message, why, fix: fix(fixKey, fixValue) });

  for (const key of PATTERN_VARS) {
    const value = v[key] ?? '';
    const problems = patternProblems(value);
    if (problems.length === 0) continue;
    const cleaned = cleanPatternList(value).join(',');
    for (const p of problems) {
      err(`${key} entry "${redactUrl(p.entry)}" ${p.problem}`, `Paths you meant ${key} to cover are treated as public.`, key, cleaned);
    }
  }
  for (const p of parseGoauth(v.GOAUTH || 'netrc').problems)
    err(p, 'The go command stops on its first authenticated request.', 'GOAUTH', 'netrc');
  const govcs = parseGovcs(v.GOVCS ?? '');
  if (govcs.problem) err(`GOVCS: ${govcs.problem}`, 'Every go command that fetches from version control fails.', 'GOVCS', '');
  const flags = goflags(env);
  if (flags.some(isInsecureFlag)) {
    drafts.push({
      severity: 'error',
      message: 'GOFLAGS contains -insecure, which go get rejects ("-insecure flag is no longer supported; use GOINSECURE instead")',
      why: 'Every go get fails while it is there.',
      fix: goflagsFix(env, ctx.shellTarget, isInsecureFlag, '-insecure'),
    });
  }

  const downgrades = ctx.mode === 'verify'; // worth a look, not a blocked commit
  drafts.push(...proxyDrafts(ctx, env, downgrades));
  if (!downgrades) return drafts;
  const warn = (message: string, why: string, key: string, value: string) =>
    drafts.push({ severity: 'warning', message, why, fix: fix(key, value) });
  for (const key of ['GONOSUMDB', 'GOPRIVATE', 'GOINSECURE'] as const) {
    const broad = patternEntries(v[key] ?? '').filter((e) => e === '*' || PUBLIC_CODE_HOSTS.includes(e.toLowerCase()));
    for (const e of broad) {
      warn(
        `${key} covers ${e === '*' ? 'every module' : `all of ${e}`} ("${e}")`,
        'Public modules lose the checksum database (and the proxy) too; name the private owners instead, e.g. github.com/acme.',
        key,
        patternEntries(v[key] ?? '')
          .filter((x) => x !== e)
          .join(','),
      );
    }
  }
  if ((v.GOINSECURE ?? '') !== '')
    warn(
      `GOINSECURE is set (${redactUrl(v.GOINSECURE!)}): those modules may be fetched over plain HTTP`,
      'Anyone on the network path can change what you download.',
      'GOINSECURE',
      '',
    );
  if (flags.includes('-mod=mod'))
    drafts.push({
      severity: 'warning',
      message: 'GOFLAGS contains -mod=mod: builds may rewrite go.mod and go.sum silently',
      why: 'Unreviewed dependency changes end up in commits.',
      fix: goflagsFix(env, ctx.shellTarget, (f) => f === '-mod=mod', '-mod=mod'),
    });
  // GOAUTH command lines and GOFLAGS linker values can hold tokens: shown by their shape only.
  const shown = (key: string, value: string) =>
    key === 'GOAUTH'
      ? parseGoauth(value)
          .entries.map((e) => e.label)
          .join('; ')
      : key === 'GOFLAGS'
        ? shownGoflags(value.split(/\s+/).filter(Boolean))
        : redactUrl(value);
  for (const key of ROUTING_VARS) {
    const fromEnv = ctx.env[key];
    const fromFile = env.goenvFile[key];
    if (fromEnv && fromFile !== undefined && fromEnv !== fromFile) {
      drafts.push({
        severity: 'warning',
        message: `${key} is set both in your environment (${shown(key, fromEnv)}) and with go env -w (${shown(key, fromFile)}); the environment wins`,
        why: 'go env -w changes to it have no effect, which is confusing when it matters.',
        fix: { summary: `keep one: remove it from your shell profile, or run: go env -u ${key}` },
      });
    }
  }
  return drafts;
}

function leakDrafts(ctx: Context, env: GoEnv, privates: PrivateModule[]): Draft[] {
  const v: GoEnvLike = env.vars;
  // A guess (same host as the repository, a .git qualifier) is information for verify and doctor; never in a hook.
  const explains = ctx.mode === 'verify' || ctx.mode === 'doctor';
  const govcs = parseGovcs(env.vars.GOVCS ?? '').rules;
  const groups = new Map<string, { mods: PrivateModule[]; proxies: Set<string>; sumdb?: string }>();
  const drafts: Draft[] = [];
  for (const m of privates) {
    if (m.declaredBy === 'heuristic' && !explains) continue;
    const route = routeModule(m.path, v);
    if (m.declaredBy !== 'heuristic' && !govcsAllows(govcs, m.path, matchPrefixPatterns(v.GOPRIVATE ?? '', m.path), 'git')) {
      drafts.push({
        severity: 'error',
        message: `GOVCS does not allow git for ${m.path}`,
        why: 'The go command refuses to fetch it: "GOVCS disallows using git".',
        file: m.file,
        line: m.line,
        fix: goEnvFix(
          'GOVCS',
          `${suggestedPattern(m.path)}:git,${env.vars.GOVCS ?? ''}`.replace(/,$/, ''),
          env.source('GOVCS'),
          ctx.shellTarget,
        ),
      });
    }
    const sumdbLeak = route.sumdb?.public ? route.sumdb.name : undefined;
    if (route.publicProxies.length === 0 && !sumdbLeak) continue;
    const key = `${suggestedPattern(m.path)}|${m.declaredBy === 'heuristic'}`;
    const g = groups.get(key) ?? { mods: [], proxies: new Set<string>() };
    g.mods.push(m);
    route.publicProxies.forEach((p) => g.proxies.add(p));
    g.sumdb ??= sumdbLeak;
    groups.set(key, g);
  }
  for (const [key, g] of groups) {
    const pattern = key.split('|')[0];
    const first = g.mods[0];
    const heuristic = first.declaredBy === 'heuristic';
    const names =
      g.mods
        .slice(0, 3)
        .map((m) => m.path)
        .join(', ') + (g.mods.length > 3 ? ` and ${g.mods.length - 3} more` : '');
    const where = [g.proxies.size ? `requested from ${[...g.proxies].join(', ')}` : '', g.sumdb ? `looked up in ${g.sumdb}` : '']
      .filter(Boolean)
      .join(' and ');
    const missing = [g.proxies.size ? 'GONOPROXY' : '', g.sumdb ? 'GONOSUMDB' : ''].filter(Boolean);
    // Each missing variable is fixed where it really comes from: itself when set explicitly, else GOPRIVATE.
    const targets = [...new Set(missing.map((k) => ((env.vars[k] ?? '') !== '' ? k : 'GOPRIVATE')))];
    const fixes = targets.map((k) => goEnvFix(k, merged(env.vars[k] ?? '', pattern), env.source(k), ctx.shellTarget));
    drafts.push({
      severity: heuristic ? 'info' : 'error',
      message: heuristic
        ? `${names} may be private (${first.why}); if it is, it would be ${where}: ${missing.join(' and ')} ${missing.length > 1 ? 'do' : 'does'} not cover it`
        : `${names} is private (${first.declaredBy}${first.pattern ? ` ${first.pattern}` : ''}), but would be ${where}: ${missing.join(' and ')} ${missing.length > 1 ? 'do' : 'does'} not cover it`,
      why: heuristic
        ? 'Only your configuration says a module is private (vanity domains such as go.uber.org are public); declare it if it is.'
        : 'The module path (and with it the name of your private repository) goes to a public service, and the fetch fails there.',
      file: first.file,
      line: first.line,
      // A guess gets no command: pasted for a public module, it would take that module off the checksum database.
      fix: heuristic
        ? { summary: `only if it is private: add ${pattern} to ${targets.join(' and ')} (${fixes.map((f) => f.summary).join('; ')})` }
        : {
            summary: `add ${pattern} to ${targets.join(' and ')}: ${fixes.map((f) => f.summary).join('; ')}`,
            commands: joinCommands(...fixes.map((f) => f.commands)),
          },
    });
  }
  return drafts;
}

function routingInfo(env: GoEnv, privates: PrivateModule[]): Draft[] {
  const goauth = parseGoauth(env.vars.GOAUTH || 'netrc')
    .entries.map((e) => e.label)
    .join('; ');
  const seen = new Set<string>();
  const drafts: Draft[] = [];
  for (const m of privates) {
    const pattern = suggestedPattern(m.path);
    if (seen.has(pattern)) continue;
    seen.add(pattern);
    const r = routeModule(m.path, env.vars);
    if (r.publicProxies.length > 0 || r.sumdb?.public) continue; // reported as a leak
    const proxy = r.proxy === 'direct' || r.proxy === 'off' ? r.proxy : `proxy ${r.proxy.url}`;
    const sumdb = r.sumdb ? `checksum database ${r.sumdb.name}` : 'no checksum database';
    drafts.push({
      severity: 'info',
      message: `${pattern}: ${proxy === 'direct' ? 'fetched directly with git' : proxy === 'off' ? 'not fetched (GOPROXY=off)' : `fetched through ${proxy}`}, ${sumdb}, GOAUTH ${goauth}`,
      file: m.file,
      line: m.line,
    });
  }
  return drafts;
}

export default defineCheck({
  id: ID,
  title: 'private modules stay private',
  hooks: EVERY_GIT_HOOK_AND_VERIFY,
  goEnv: 'required',
  docs:
    'Finds the private modules this repository depends on (the "private" list in gohooks.json, GOPRIVATE / GONOPROXY / ' +
    "GONOSUMDB) and checks, with the go command's own rules, that none of them would be requested from a public proxy " +
    '(proxy.golang.org, goproxy.cn, goproxy.io …) or looked up in a public checksum database (sum.golang.org): an error. ' +
    'A path that only looks private (on the same non-public host as the repository, or with a .git qualifier) is ' +
    'information in gohooks verify, never reported in a hook and never given a command. Also ' +
    'errors on settings that silently do not work (" b" after a comma, https:// in a pattern, malformed globs, a bare ' +
    'word in GOPROXY, GOSUMDB with too many fields, GOAUTH off combined, GOFLAGS=-insecure, GOVCS forbidding git) and, ' +
    'in gohooks verify, warns about security downgrades and shows how each private pattern is fetched. Each fix targets ' +
    'where the value really comes from: go env -w, or your shell profile when it is set in the environment (go env -w ' +
    'cannot override that).',
  appliesTo: (ctx) => ctx.modules.length > 0,
  run: async (ctx, { goEnv: env }) => {
    const privates = await ctx.privateModules();
    const drafts = [...settingDrafts(ctx, env), ...leakDrafts(ctx, env, privates)];
    for (const p of patternProblems(ctx.config.private.join(','))) {
      drafts.push({
        severity: 'error',
        message: `"private" entry "${p.entry}" in ${ctx.config.file} ${p.problem}`,
        file: ctx.config.file,
        fix: { summary: `correct the entry in ${ctx.config.file}` },
      });
    }
    if (ctx.mode === 'verify') drafts.push(...routingInfo(env, privates));
    return drafts;
  },
});
