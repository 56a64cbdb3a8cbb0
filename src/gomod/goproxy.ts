// GOPROXY, GOSUMDB, GOAUTH, GOVCS and GOFLAGS as the go command reads them
// (modfetch/proxy.go proxyList, modfetch/sumdb.go dbDial, auth/auth.go,
// vcs/vcs.go parseGOVCS), and where a module path's requests go. Pure.

import { matchingPattern, matchPrefixPatterns } from './patterns.js';

/** Public module proxies: a private path must never reach these. Keep the list here, in one place. */
export const PUBLIC_PROXY_HOSTS = [
  'proxy.golang.org',
  'goproxy.cn',
  'goproxy.io',
  'proxy.golang.com.cn',
  'mirrors.aliyun.com',
  'goproxy.baidu.com',
  'mirrors.tencent.com',
];
/** Public checksum databases (sum.golang.google.cn is sum.golang.org's mirror). */
export const PUBLIC_SUMDB_NAMES = ['sum.golang.org', 'sum.golang.google.cn'];
/** Code hosts whose paths are public unless GOPRIVATE says otherwise; used by heuristics only. */
export const PUBLIC_CODE_HOSTS = [
  'github.com',
  'gitlab.com',
  'bitbucket.org',
  'golang.org',
  'google.golang.org',
  'gopkg.in',
  'go.uber.org',
  'k8s.io',
  'sigs.k8s.io',
  'cloud.google.com',
  'go.opentelemetry.io',
  'honnef.co',
  'gotest.tools',
  'go.etcd.io',
  'dario.cat',
  'filippo.io',
  'mvdan.cc',
  'rsc.io',
];

export const DEFAULT_GOPROXY = 'https://proxy.golang.org,direct';
export const DEFAULT_GOSUMDB = 'sum.golang.org';

/** user:password@ in a URL becomes ***@, wherever it is read. */
export function redactUrl(s: string): string {
  return s.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@');
}

export interface ProxyEntry {
  /** "direct", "off", or a URL (credentials redacted). */
  url: string;
  host?: string;
  /** Fall through to the next entry on any error ("|"), not only on 404/410 (","). */
  fallBackOnError: boolean;
  public: boolean;
}

export interface ParsedGoproxy {
  entries: ProxyEntry[];
  problems: string[];
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

export function parseGoproxy(value: string): ParsedGoproxy {
  const entries: ProxyEntry[] = [];
  const problems: string[] = [];
  let rest = value;
  while (rest !== '') {
    const i = rest.search(/[,|]/);
    const fallBackOnError = i >= 0 && rest[i] === '|';
    let url = (i >= 0 ? rest.slice(0, i) : rest).trim();
    rest = i >= 0 ? rest.slice(i + 1) : '';
    if (url === '') continue;
    if (url === 'off' || url === 'direct') {
      entries.push({ url, fallBackOnError, public: false });
      break; // direct and off end the list
    }
    // A single word is reserved for built-in behaviours; other paths get https://.
    if (/[.:/]/.test(url) && !url.includes(':/') && !url.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(url)) url = `https://${url}`;
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
    const shown = redactUrl(url);
    if (!scheme) {
      problems.push(`invalid proxy URL missing scheme: ${shown}`);
      continue;
    }
    if (!['http', 'https', 'file'].includes(scheme)) {
      problems.push(`invalid proxy URL scheme (must be https, http, file): ${shown}`);
      continue;
    }
    const host = scheme === 'file' ? undefined : hostOf(url);
    entries.push({ url: shown, host, fallBackOnError, public: host !== undefined && PUBLIC_PROXY_HOSTS.includes(host) });
  }
  if (entries.length === 0 && problems.length === 0) problems.push('GOPROXY list is not the empty string, but contains no entries');
  return { entries, problems };
}

export interface ParsedGosumdb {
  off: boolean;
  /** The database name ("sum.golang.org"), or undefined when GOSUMDB is off or broken. */
  name?: string;
  url?: string;
  public: boolean;
  problem?: string;
}

export function parseGosumdb(value: string): ParsedGosumdb {
  let v = value;
  if (v === 'sum.golang.google.cn') v = 'sum.golang.org https://sum.golang.google.cn';
  if (v === 'off') return { off: true, public: false };
  const fields = v.split(/\s+/).filter(Boolean);
  if (fields.length === 0) return { off: false, public: false, problem: 'missing GOSUMDB' };
  if (fields.length > 2) return { off: false, public: false, problem: 'invalid GOSUMDB: too many fields' };
  const key = fields[0];
  // "name" alone works only for a known database; otherwise "name+hash+key".
  const name = key.split('+')[0];
  if (!key.includes('+') && name !== 'sum.golang.org') {
    return { off: false, public: false, problem: `invalid GOSUMDB: malformed verifier id (${name} needs its public key: name+hash+key)` };
  }
  const url = fields[1] ? redactUrl(fields[1]) : undefined;
  return {
    off: false,
    name,
    url,
    public: PUBLIC_SUMDB_NAMES.includes(name) || (url !== undefined && PUBLIC_SUMDB_NAMES.includes(hostOf(url) ?? '')),
  };
}

export interface GoauthEntry {
  kind: 'off' | 'netrc' | 'git' | 'command';
  /** For display: a command's first word only (its arguments may be secrets). */
  label: string;
}

export function parseGoauth(value: string): { entries: GoauthEntry[]; problems: string[] } {
  const entries: GoauthEntry[] = [];
  const problems: string[] = [];
  const cmds = value.split(';');
  for (const raw of cmds) {
    const words = raw.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) {
      problems.push(`GOAUTH has an empty command (GOAUTH=${cmds.length > 1 ? '…;;…' : ''})`);
      continue;
    }
    switch (words[0]) {
      case 'off':
        if (cmds.length !== 1) problems.push('GOAUTH=off cannot be combined with other authentication commands');
        entries.push({ kind: 'off', label: 'off' });
        break;
      case 'netrc':
        entries.push({ kind: 'netrc', label: 'netrc' });
        break;
      case 'git':
        if (words.length !== 2 || !(words[1].startsWith('/') || /^[A-Za-z]:[\\/]/.test(words[1]))) {
          problems.push('GOAUTH=git dir method requires an absolute path to the git working directory');
        }
        entries.push({ kind: 'git', label: `git ${words[1] ?? ''}`.trim() });
        break;
      default:
        entries.push({ kind: 'command', label: `command ${words[0].split(/[\\/]/).pop()}` });
    }
  }
  return { entries, problems };
}

export interface GovcsRule {
  pattern: string;
  allowed: string[];
}

export function parseGovcs(value: string): { rules: GovcsRule[]; problem?: string } {
  const s = value.trim();
  const rules: GovcsRule[] = [];
  if (s === '') return { rules: [...DEFAULT_GOVCS] };
  const have = new Set<string>();
  for (const raw of s.split(',')) {
    const item = raw.trim();
    if (item === '') return { rules, problem: 'empty entry in GOVCS' };
    const colon = item.indexOf(':');
    if (colon < 0) return { rules, problem: `malformed entry in GOVCS (missing colon): "${item}"` };
    const pattern = item.slice(0, colon).trim();
    const list = item.slice(colon + 1).trim();
    if (pattern === '' || list === '') return { rules, problem: `empty pattern or VCS list in GOVCS: "${item}"` };
    if (have.has(pattern)) return { rules, problem: `unreachable pattern in GOVCS: "${item}"` };
    have.add(pattern);
    rules.push({ pattern, allowed: list.split('|').map((a) => a.trim()) });
  }
  return { rules: [...rules, ...DEFAULT_GOVCS] };
}

const DEFAULT_GOVCS: GovcsRule[] = [
  { pattern: 'private', allowed: ['all'] },
  { pattern: 'public', allowed: ['git', 'hg'] },
];

/** vcs.govcsConfig.allow */
export function govcsAllows(rules: GovcsRule[], path: string, isPrivate: boolean, vcs: string): boolean {
  for (const rule of rules) {
    const match = rule.pattern === 'private' ? isPrivate : rule.pattern === 'public' ? !isPrivate : matchPrefixPatterns(rule.pattern, path);
    if (match) return rule.allowed.includes(vcs) || rule.allowed.includes('all');
  }
  return false;
}

export interface GoEnvLike {
  GOPROXY?: string;
  GOSUMDB?: string;
  GOPRIVATE?: string;
  GONOPROXY?: string;
  GONOSUMDB?: string;
}

export interface Routing {
  /** The first proxy the path's requests reach, "direct", or "off". */
  proxy: ProxyEntry | 'direct' | 'off';
  /** Public proxies the path can reach before direct/off (fall-through included). */
  publicProxies: string[];
  noproxyBy?: string;
  /** undefined: no checksum database lookup. */
  sumdb?: ParsedGosumdb;
  nosumdbBy?: string;
}

/** Effective GONOPROXY / GONOSUMDB: they default to GOPRIVATE only when unset. */
export function effectiveNoProxy(env: GoEnvLike): string {
  return env.GONOPROXY !== undefined && env.GONOPROXY !== '' ? env.GONOPROXY : (env.GOPRIVATE ?? '');
}
export function effectiveNoSumdb(env: GoEnvLike): string {
  return env.GONOSUMDB !== undefined && env.GONOSUMDB !== '' ? env.GONOSUMDB : (env.GOPRIVATE ?? '');
}

/** Where the go command sends requests for a module path. */
export function routeModule(path: string, env: GoEnvLike): Routing {
  const noproxy = effectiveNoProxy(env);
  const nosumdb = effectiveNoSumdb(env);
  const noproxyBy = matchingPattern(noproxy, path);
  const nosumdbBy = matchingPattern(nosumdb, path);
  const proxies = parseGoproxy(env.GOPROXY || DEFAULT_GOPROXY).entries;
  let proxy: Routing['proxy'] = 'direct';
  const publicProxies: string[] = [];
  if (!noproxyBy) {
    const first = proxies[0];
    proxy = !first ? 'off' : first.url === 'direct' ? 'direct' : first.url === 'off' ? 'off' : first;
    for (const p of proxies) {
      if (p.url === 'direct' || p.url === 'off') break;
      if (p.public) publicProxies.push(p.host!);
    }
  }
  const sumdb = parseGosumdb(env.GOSUMDB || DEFAULT_GOSUMDB);
  return { proxy, publicProxies, noproxyBy, sumdb: nosumdbBy || sumdb.off ? undefined : sumdb, nosumdbBy };
}
