// One redactor that every output passes through: human, json, github, sarif
// and html reports, files gohooks writes, error lines and the debug log. It is
// fed with every secret-bearing value gohooks can see (netrc logins and
// passwords, URL userinfo in any environment value, GOAUTH command lines,
// GOFLAGS -X values, variables named like tokens) and also knows well-known
// token shapes. Pure: the values come in, text goes out.

/** Values shorter than this are never registered: replacing them would mangle ordinary words. */
const MIN_SECRET = 4;
/** A netrc login is often a plain user name; a long one is treated as a secret (tokens are used as logins). */
const MIN_LOGIN_SECRET = 8;

const TOKEN_SHAPES: RegExp[] = [
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bglpat-[A-Za-z0-9_-]{20,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bnpm_[A-Za-z0-9]{36}\b/g,
];
/** key=value and key: value pairs whose value is a secret by name. */
const SECRET_ASSIGNMENT =
  /\b((?:password|passwd|pwd|token|access[_-]?token|secret|api[_-]?key|apikey)\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&,;"'`]+)/gi;
const AUTH_HEADER = /\b(Authorization:\s*(?:Bearer|Basic|token)\s+)[^\s"']+/gi;
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi;
const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_KEY|CREDENTIALS?)$/i;

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret value (and the forms it takes once escaped by JSON, HTML or GitHub's commands). */
  add(value: string | undefined, min = MIN_SECRET): void {
    if (!value || value.length < min) return;
    const json = JSON.stringify(value).slice(1, -1);
    const html = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const github = value.replace(/%/g, '%25');
    for (const v of [value, json, html, github, encodeURIComponent(value)]) this.secrets.add(v);
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a secret containing another is replaced whole.
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('***');
    for (const re of TOKEN_SHAPES) out = out.replace(re, '***');
    return out.replace(URL_USERINFO, '$1***@').replace(AUTH_HEADER, '$1***').replace(SECRET_ASSIGNMENT, '$1***');
  }
}

/** URL userinfo ("user:token") and its password part, from any text. */
function userinfo(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[a-z][a-z0-9+.-]*:\/\/([^/@\s]+)@/gi)) {
    out.push(m[1]);
    const colon = m[1].indexOf(':');
    if (colon >= 0) out.push(m[1].slice(colon + 1));
  }
  return out;
}

/** The arguments of GOAUTH commands ("git dir" and the keywords aside): they may carry tokens. */
function goauthArgs(value: string): string[] {
  return value
    .split(';')
    .map((c) => c.trim().split(/\s+/).filter(Boolean))
    .filter((w) => w.length > 1 && w[0] !== 'git')
    .flatMap((w) => w.slice(1).flatMap((a) => [a, a.replace(/^-+[\w-]+=/, '')]));
}

/** Values of -X name=value in GOFLAGS (-ldflags=-X=main.key=value, -ldflags="-X main.key=value"). */
function linkerValues(goflags: string): string[] {
  return [...goflags.matchAll(/-X[= ]["']?[\w./-]+=([^\s"']+)/g)].map((m) => m[1]);
}

/** Secrets an environment (the OS environment, or the go env file's settings) can hold. */
export function secretsFromEnv(env: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(env)) {
    if (!value) continue;
    out.push(...userinfo(value));
    if (SECRET_NAME.test(key)) out.push(value);
    if (key === 'GOAUTH') out.push(...goauthArgs(value));
    if (key === 'GOFLAGS') out.push(...linkerValues(value));
  }
  return out;
}

/** Passwords and (long) logins of a .netrc. */
export function secretsFromNetrc(text: string): { passwords: string[]; logins: string[] } {
  const words = text.split(/\s+/).filter(Boolean);
  const passwords: string[] = [];
  const logins: string[] = [];
  for (let i = 0; i < words.length - 1; i++) {
    if (words[i] === 'password') passwords.push(words[i + 1]);
    else if (words[i] === 'login') logins.push(words[i + 1]);
  }
  return { passwords, logins };
}

/** A redactor fed with what an environment, its go env file and its .netrc files hold. */
export function redactorFor(env: Record<string, string | undefined>, goenvFile: Record<string, string>, netrcTexts: string[]): Redactor {
  const r = new Redactor();
  for (const s of [...secretsFromEnv(env), ...secretsFromEnv(goenvFile)]) r.add(s);
  for (const text of netrcTexts) {
    const { passwords, logins } = secretsFromNetrc(text);
    passwords.forEach((p) => r.add(p));
    logins.forEach((l) => r.add(l, MIN_LOGIN_SECRET));
  }
  return r;
}

let active = new Redactor();

/** Sets the redactor every output of this process passes through (src/cli.ts, once, at start). */
export function useRedactor(r: Redactor): void {
  active = r;
}

/** Text as it may be printed or written to a report file. */
export function redacted(text: string): string {
  return active.redact(text);
}
