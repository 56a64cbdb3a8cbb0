// Go toolchain/language versions ("1.21", "1.21.3", "1.22rc1", "go1.26.8"),
// compared the way cmd/go's internal/gover does: 1.21 < 1.21rc1 < 1.21.0 < 1.21.1.

interface GoVersionParts {
  major: string;
  minor: string;
  patch: string;
  kind: string; // "" | "alpha" | "beta" | "rc"
  pre: string;
}

const EMPTY: GoVersionParts = { major: '', minor: '', patch: '', kind: '', pre: '' };

function cutInt(x: string): [string, string] | undefined {
  let i = 0;
  while (i < x.length && x[i] >= '0' && x[i] <= '9') i++;
  if (i === 0 || (x[0] === '0' && i !== 1)) return undefined;
  return [x.slice(0, i), x.slice(i)];
}

function parseParts(input: string): GoVersionParts {
  let x = input.startsWith('go') ? input.slice(2) : input;
  const v = { ...EMPTY };
  let cut = cutInt(x);
  if (!cut) return EMPTY;
  [v.major, x] = cut;
  if (x === '') return { ...v, minor: '0', patch: '0' };
  if (x[0] !== '.') return EMPTY;
  cut = cutInt(x.slice(1));
  if (!cut) return EMPTY;
  [v.minor, x] = cut;
  if (x === '') {
    // Before Go 1.21 a missing patch means .0; from 1.21 on "1.21" is the language version.
    if (cmpInt(v.minor, '21') < 0) v.patch = '0';
    return v;
  }
  if (x[0] === '.') {
    cut = cutInt(x.slice(1));
    if (!cut || cut[1] !== '') return EMPTY;
    v.patch = cut[0];
    return v;
  }
  const kind = /^[a-z]+/.exec(x);
  if (!kind) return EMPTY;
  v.kind = kind[0];
  x = x.slice(kind[0].length);
  if (x === '') return v;
  cut = cutInt(x);
  if (!cut || cut[1] !== '') return EMPTY;
  v.pre = cut[0];
  return v;
}

function cmpInt(x: string, y: string): number {
  if (x === y) return 0;
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : 1;
}

/** Strips a "go" prefix and a "-suffix" (go1.21.3-custom), as gover.FromToolchain does. */
export function fromToolchain(name: string): string {
  if (!name.startsWith('go')) {
    // gccgo-go1.21 style names
    const i = name.indexOf('-go');
    if (i < 0) return '';
    name = name.slice(i + 1);
  }
  let v = name.slice(2);
  const dash = v.search(/[-+]/);
  if (dash >= 0) v = v.slice(0, dash);
  return isValidGoVersion(v) ? v : '';
}

export function isValidGoVersion(v: string): boolean {
  return parseParts(v).major !== '';
}

export function compareGoVersions(a: string, b: string): number {
  const x = parseParts(a);
  const y = parseParts(b);
  return (
    cmpInt(x.major, y.major) ||
    cmpInt(x.minor, y.minor) ||
    cmpInt(x.patch, y.patch) ||
    (x.kind === y.kind ? 0 : x.kind < y.kind ? -1 : 1) ||
    cmpInt(x.pre, y.pre)
  );
}

/** A language version ("1.21") as opposed to a release ("1.21.0", "1.21rc1"). */
export function isLanguageVersion(v: string): boolean {
  const p = parseParts(v);
  return p.major !== '' && p.patch === '' && p.kind === '' && p.pre === '';
}

/** "1.21.3" → "1.21" */
export function languageOf(v: string): string {
  const p = parseParts(v);
  if (p.minor === '' || (p.major === '1' && p.minor === '0')) return p.major;
  return `${p.major}.${p.minor}`;
}

/** The toolchain the go command would download for a go line: "1.22" → "go1.22.0". */
export function toolchainForGoLine(goLine: string): string {
  return isLanguageVersion(goLine) && compareGoVersions(goLine, '1.21') >= 0 ? `go${goLine}.0` : `go${goLine}`;
}

/** `go version` output → "1.26.8" ("go version go1.26.8 linux/amd64"). */
export function parseGoVersionOutput(out: string): string | undefined {
  const m = /\bgo version (go\S+)/.exec(out);
  if (!m) return undefined;
  const v = fromToolchain(m[1]);
  return v || undefined;
}
