// How go's git fetches authenticate, as pure functions: url.<base>.insteadOf
// rewriting (longest matching prefix wins), credential.helper lists for a URL
// (an empty value resets the list), .netrc entries (passwords never kept), and
// which .netrc files go and git read on each platform.

export interface ConfigEntry {
  key: string;
  value: string;
}

/** Parses `git config -z --get-regexp` / `--list -z` output: "key\nvalue\0" records. */
export function parseConfigZ(out: string): ConfigEntry[] {
  return out
    .split('\0')
    .filter((r) => r !== '')
    .map((r) => {
      const nl = r.indexOf('\n');
      return nl < 0 ? { key: r, value: '' } : { key: r.slice(0, nl), value: r.slice(nl + 1) };
    });
}

/** The fetch URL after url.<base>.insteadOf (pushInsteadOf never applies: go only fetches). */
export function rewriteUrl(url: string, config: ConfigEntry[]): { url: string; base?: string; insteadOf?: string } {
  let best: { base: string; from: string } | undefined;
  for (const e of config) {
    const m = /^url\.(.*)\.insteadof$/i.exec(e.key);
    if (!m || !url.startsWith(e.value)) continue;
    if (!best || e.value.length > best.from.length) best = { base: m[1], from: e.value };
  }
  if (!best) return { url };
  return { url: best.base + url.slice(best.from.length), base: best.base, insteadOf: best.from };
}

export type Transport = 'https' | 'http' | 'ssh' | 'file' | 'other';

export function transportOf(url: string): Transport {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'https' || scheme === 'http' || scheme === 'file') return scheme;
  if (scheme === 'ssh' || scheme === 'git+ssh' || scheme === 'ssh+git') return 'ssh';
  if (!scheme && /^[^/:]+@?[^/:]*:/.test(url)) return 'ssh'; // scp-like git@host:org/repo
  return 'other';
}

/** Host (and port) an ssh URL connects to. */
export function sshTarget(url: string): { host: string; port?: string; user?: string } | undefined {
  const m = /^(?:ssh|git\+ssh|ssh\+git):\/\/(?:([^@/]+)@)?([^/:]+)(?::(\d+))?\//i.exec(url);
  if (m) return { user: m[1], host: m[2], port: m[3] };
  const scp = /^(?:([^@/]+)@)?([^/:]+):/.exec(url);
  return scp ? { user: scp[1], host: scp[2] } : undefined;
}

interface UrlParts {
  scheme: string;
  host: string;
  path: string;
}

function urlParts(url: string): UrlParts | undefined {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/]*@)?([^/]*)(\/.*)?$/i.exec(url);
  return m ? { scheme: m[1].toLowerCase(), host: m[2].toLowerCase(), path: m[3] ?? '/' } : undefined;
}

/** The host of a git URL (scheme://[user@]host[:port]/… or scp-like [user@]host:path), lower case, without a port. */
export function urlHost(url: string): string | undefined {
  const parts = urlParts(url);
  if (parts) return parts.host.replace(/:\d*$/, '') || undefined;
  return sshTarget(url)?.host.toLowerCase();
}

/** git's urlmatch for credential.<url>.*: scheme equal, host equal (or *.-wildcard), path a prefix. */
export function credentialUrlMatches(pattern: string, url: string): boolean {
  const p = urlParts(pattern);
  const u = urlParts(url);
  if (!p || !u) {
    // credential.<host>.helper without a scheme: git treats it as a host match
    return !pattern.includes('/') && u?.host === pattern.toLowerCase();
  }
  if (p.scheme !== u.scheme) return false;
  const hostRe = new RegExp(
    `^${p.host
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^.]*')}$`,
  );
  if (!hostRe.test(u.host)) return false;
  const pp = p.path.replace(/\/$/, '');
  return pp === '' || u.path === pp || u.path.startsWith(`${pp}/`);
}

/** The credential helpers git runs for url, in order; [] when none (or reset by an empty value). */
export function credentialHelpers(config: ConfigEntry[], url: string): string[] {
  let helpers: string[] = [];
  for (const e of config) {
    const m = /^credential\.(?:(.*)\.)?helper$/i.exec(e.key);
    if (!m) continue;
    if (m[1] !== undefined && !credentialUrlMatches(m[1], url)) continue;
    helpers = e.value === '' ? [] : [...helpers, e.value];
  }
  return helpers;
}

/** A helper as it may be shown: its name for the usual helpers, never its arguments or a shell snippet. */
export function helperLabel(helper: string): string {
  const word = helper.trim().split(/\s+/)[0];
  if (helper.trim().startsWith('!')) return 'a shell credential helper';
  const name = word.split(/[\\/]/).pop() ?? word;
  return /^[\w.-]+$/.test(name) ? name.replace(/^git-credential-/, '') : 'a custom credential helper';
}

export interface NetrcEntry {
  machine: string;
  login?: string;
  hasPassword: boolean;
  line: number;
}

/** .netrc machines, logins and whether a password is there; passwords are never kept. */
export function parseNetrc(text: string): NetrcEntry[] {
  const out: NetrcEntry[] = [];
  let cur: NetrcEntry | undefined;
  let inMacro = false;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (inMacro) {
      if (line.trim() === '') inMacro = false;
      return;
    }
    const f = line.trim().split(/\s+/).filter(Boolean);
    for (let j = 0; j < f.length; j++) {
      switch (f[j]) {
        case 'machine':
          cur = { machine: f[j + 1] ?? '', hasPassword: false, line: i + 1 };
          out.push(cur);
          j++;
          break;
        case 'default':
          cur = undefined;
          break;
        case 'login':
          if (cur) cur.login = f[j + 1];
          j++;
          break;
        case 'password':
          if (cur && f[j + 1] !== undefined) cur.hasPassword = true;
          j++;
          break;
        case 'macdef':
          inMacro = true;
          j = f.length;
          break;
      }
    }
  });
  return out;
}

/** Where the go command reads .netrc: $NETRC, else ~/.netrc (Windows: %USERPROFILE%\_netrc first). */
export function goNetrcPaths(env: NodeJS.ProcessEnv, platform: string, home: string): string[] {
  if (env.NETRC) return [env.NETRC];
  const sep = platform === 'win32' ? '\\' : '/';
  return platform === 'win32' ? [`${home}${sep}_netrc`, `${home}${sep}.netrc`] : [`${home}${sep}.netrc`];
}

/**
 * Where git's libcurl reads it: ~/.netrc (Windows: _netrc too); $NETRC only
 * from curl 8.16 on, so a $NETRC file may serve go's own requests and not git's.
 */
export function gitNetrcPaths(env: NodeJS.ProcessEnv, platform: string, home: string, curlVersion?: string): string[] {
  const sep = platform === 'win32' ? '\\' : '/';
  const own = platform === 'win32' ? [`${home}${sep}.netrc`, `${home}${sep}_netrc`] : [`${home}${sep}.netrc`];
  const [maj, min] = (curlVersion ?? '0.0').split('.').map(Number);
  const readsNetrcEnv = maj > 8 || (maj === 8 && min >= 16);
  return env.NETRC && readsNetrcEnv ? [env.NETRC] : own;
}

/** A private module path's repository URL as go would first try it, offline (no ?go-get=1 discovery). */
export function guessRepoUrl(modulePath: string): string {
  const vcsAt = modulePath.search(/\.(git|hg|svn|bzr|fossil)(\/|$)/);
  if (vcsAt >= 0) {
    const end = modulePath.indexOf('/', vcsAt + 1);
    return `https://${end < 0 ? modulePath : modulePath.slice(0, end)}`;
  }
  const parts = modulePath.split('/');
  return `https://${parts.slice(0, Math.min(parts.length, 3)).join('/')}`;
}
