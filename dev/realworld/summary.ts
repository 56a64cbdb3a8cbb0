// The pure parts of `npm run realworld` (dev/realworld/run.ts): reading gohooks' JSON and
// SARIF output, the repository arguments, which module owns a file, the version to bump to,
// what the tidiness oracle saw, the verdict of a run against the oracle, and the table.
// Text in, data out: test/realworld.test.ts covers them without go, git or the network.

import path from 'node:path';

export type Level = 'error' | 'warning' | 'info';

/** One finding as the harness keeps it: enough to count, match against the oracle and run its fix. */
export interface SeenFinding {
  check: string;
  severity: Level;
  notChecked: boolean;
  /** Repository-relative, forward slashes. */
  file?: string;
  /** The first line of the message. */
  headline: string;
  /** The posix fix command as printed, when there is one. */
  fix?: string;
}

export interface CheckRow {
  check: string;
  errors: number;
  warnings: number;
  infos: number;
  notChecked: number;
  status?: string;
  ms?: number;
}

export interface ParsedRun {
  findings: SeenFinding[];
  /** Every check that ran (verify: summary.checks; SARIF: the rules). */
  checks: { id: string; status?: string; ms?: number }[];
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}

/** `gohooks verify --format json`. */
export function parseVerifyJson(text: string): ParsedRun {
  const doc = JSON.parse(text) as {
    findings: {
      check: string;
      severity: Level;
      message: string;
      notChecked?: boolean;
      file?: string;
      fix?: { commands?: { posix?: string } };
    }[];
    summary: { checks: { id: string; status: string; ms: number }[] };
  };
  return {
    findings: doc.findings.map((f) => ({
      check: f.check,
      severity: f.severity,
      notChecked: f.notChecked === true,
      ...(f.file !== undefined ? { file: f.file } : {}),
      headline: firstLine(f.message),
      ...(f.fix?.commands?.posix ? { fix: f.fix.commands.posix } : {}),
    })),
    checks: doc.summary.checks.map(({ id, status, ms }) => ({ id, status, ms })),
  };
}

const SARIF_LEVEL: Record<string, Level> = { error: 'error', warning: 'warning', note: 'info', none: 'info' };

/**
 * The fix command in a SARIF message, as src/report/sarif.ts writes it: a line `fix: <summary>`,
 * then the command on the following lines, each indented by two spaces.
 */
export function fixFromMessage(text: string): string | undefined {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith('fix: '));
  if (at < 0) return undefined;
  const cmd: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (!l.startsWith('  ')) break;
    cmd.push(l.slice(2));
  }
  return cmd.length > 0 ? cmd.join('\n') : undefined;
}

interface SarifLocation {
  physicalLocation?: { artifactLocation?: { uri?: string; uriBaseId?: string } };
}

function sarifFile(locations: SarifLocation[] | undefined): string | undefined {
  const loc = locations?.[0]?.physicalLocation?.artifactLocation;
  if (!loc?.uri || loc.uriBaseId !== '%SRCROOT%') return undefined;
  return loc.uri
    .split('/')
    .map((s) => decodeURIComponent(s))
    .join('/');
}

/** A hook's `GOHOOKS_SARIF` file: results are findings, tool execution notifications are what was not checked. */
export function parseSarif(text: string): ParsedRun {
  const log = JSON.parse(text) as {
    runs: {
      tool: { driver: { rules: { id: string }[] } };
      invocations: {
        toolExecutionNotifications: {
          level: string;
          message: { text: string };
          locations?: SarifLocation[];
          associatedRule: { id: string };
        }[];
      }[];
      results: {
        ruleId: string;
        level: string;
        message: { text: string };
        locations: SarifLocation[];
        properties?: { fix?: { commands?: { posix?: string } } };
      }[];
    }[];
  };
  const findings: SeenFinding[] = [];
  const checks: { id: string }[] = [];
  for (const run of log.runs) {
    for (const r of run.tool.driver.rules) if (!checks.some((c) => c.id === r.id)) checks.push({ id: r.id });
    for (const n of run.invocations.flatMap((i) => i.toolExecutionNotifications)) {
      const file = sarifFile(n.locations);
      const fix = fixFromMessage(n.message.text);
      findings.push({
        check: n.associatedRule.id,
        severity: SARIF_LEVEL[n.level] ?? 'info',
        notChecked: true,
        ...(file !== undefined ? { file } : {}),
        headline: firstLine(n.message.text),
        ...(fix ? { fix } : {}),
      });
    }
    for (const r of run.results) {
      const fix = r.properties?.fix?.commands?.posix ?? fixFromMessage(r.message.text);
      // A finding about the environment is placed on a go.mod with a note; it has no file of its own.
      const file = sarifFile(r.locations);
      findings.push({
        check: r.ruleId,
        severity: SARIF_LEVEL[r.level] ?? 'info',
        notChecked: false,
        ...(file !== undefined ? { file } : {}),
        headline: firstLine(r.message.text),
        ...(fix ? { fix } : {}),
      });
    }
  }
  return { findings, checks };
}

/** Per check: findings by severity and what was not checked; checks without findings get a zero row. */
export function countByCheck(run: ParsedRun): CheckRow[] {
  const rows = new Map<string, CheckRow>();
  for (const c of run.checks) rows.set(c.id, { check: c.id, errors: 0, warnings: 0, infos: 0, notChecked: 0, status: c.status, ms: c.ms });
  for (const f of run.findings) {
    const row = rows.get(f.check) ?? { check: f.check, errors: 0, warnings: 0, infos: 0, notChecked: 0 };
    rows.set(f.check, row);
    if (f.severity === 'error') row.errors++;
    else if (f.severity === 'warning') row.warnings++;
    else row.infos++;
    if (f.notChecked) row.notChecked++;
  }
  return [...rows.values()];
}

export function totals(rows: CheckRow[]): { errors: number; warnings: number; infos: number; notChecked: number } {
  return rows.reduce(
    (t, r) => ({
      errors: t.errors + r.errors,
      warnings: t.warnings + r.warnings,
      infos: t.infos + r.infos,
      notChecked: t.notChecked + r.notChecked,
    }),
    { errors: 0, warnings: 0, infos: 0, notChecked: 0 },
  );
}

// ---------------------------------------------------------------------------------------------
// Arguments

export interface RepoArg {
  mirror: string;
  sha?: string;
}

/** `<mirror>[@<sha>]`: a bare git directory as the fetch tool leaves it, optionally pinned. */
export function parseRepoArg(arg: string): RepoArg {
  const m = /^(.*)@([0-9a-fA-F]{7,40})$/.exec(arg);
  if (m) return { mirror: m[1], sha: m[2].toLowerCase() };
  return { mirror: arg };
}

/** `/work/.mirror/etcd-io+etcd/repo` → `etcd-io/etcd`; any other path → its last meaningful segment. */
export function repoNameFromMirror(mirror: string): string {
  const parts = mirror.replace(/\\/g, '/').replace(/\/+$/, '').split('/');
  const last = parts[parts.length - 1];
  const segment = last === 'repo' && parts.length > 1 ? parts[parts.length - 2] : last;
  const cleaned = segment.replace(/\.git$/, '');
  return cleaned.includes('+') ? cleaned.replace('+', '/') : cleaned;
}

// ---------------------------------------------------------------------------------------------
// Modules

/** A path segment the go command never treats as part of a package tree: vendor, testdata, _x, .x. */
function skippedSegment(s: string): boolean {
  return s === 'vendor' || s === 'testdata' || s.startsWith('_') || s.startsWith('.');
}

/** A .go file the go command builds: not named _x or .x, and none of its directories is vendor, testdata, _x or .x. */
export function isPackageFile(file: string): boolean {
  const base = path.posix.basename(file);
  if (!base.endsWith('.go') || base.startsWith('_') || base.startsWith('.')) return false;
  return !path.posix
    .dirname(file)
    .split('/')
    .some((s) => s !== '.' && skippedSegment(s));
}

/** The module directories of a repository from its tracked files (`git ls-files`), as go and gohooks see them. */
export function moduleDirs(files: string[]): string[] {
  const dirs = files
    .filter((f) => f === 'go.mod' || f.endsWith('/go.mod'))
    .map((f) => path.posix.dirname(f))
    .filter((d) => d === '.' || !d.split('/').some(skippedSegment));
  return [...new Set(dirs)].sort();
}

/** The module directory a repository-relative file belongs to (the longest enclosing one), or undefined. */
export function owningModule(file: string, dirs: string[]): string | undefined {
  let best: string | undefined;
  for (const d of dirs) {
    const inside = d === '.' || file === d || file.startsWith(`${d}/`);
    if (inside && (best === undefined || best === '.' || d.length > best.length)) best = d;
  }
  return best;
}

/**
 * The version to bump to: the release right after `current` in go's sorted `-versions` list
 * (the smallest realistic step), else `update` (what `go list -m -u` offers), else none.
 * Pre-releases are skipped unless the module has nothing else.
 */
export function nextVersion(versions: string[], current: string, update?: string): string | undefined {
  const releases = versions.filter((v) => !/^v\d+\.\d+\.\d+-/.test(v));
  const i = releases.indexOf(current);
  if (i >= 0 && i + 1 < releases.length) return releases[i + 1];
  if (update && update !== current) return update;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The oracle: what the go command itself says about a module, with the network

export type TidyTruth = 'tidy' | 'untidy' | 'no-packages' | 'failed';

/** `GOWORK=off go mod tidy -diff` run with the network: its exit code, stdout and stderr. */
export function classifyTidy(exitCode: number, stdout: string, stderr: string): TidyTruth {
  if (/"all" matched no packages/.test(stderr)) return 'no-packages';
  if (exitCode === 0 && stdout.trim() === '') return 'tidy';
  if (/^(---|\+\+\+|@@)/m.test(stdout)) return 'untidy';
  return 'failed';
}

/** Something the change broke, by the oracle: where, what kind, and which gohooks checks report it. */
export interface Problem {
  module: string;
  kind: 'untidy' | 'unformatted' | 'vendor';
  detail: string;
}

export const CHECKS_FOR: Record<Problem['kind'], string[]> = {
  untidy: ['go-mod-tidy', 'go-sum'],
  unformatted: ['gofmt'],
  vendor: ['go-mod-hygiene'],
};

export interface Verdict {
  /** Each problem: blocked (an error of a related check on that module), not-checked (said so), or missed. */
  problems: (Problem & { outcome: 'caught' | 'not-checked' | 'missed' })[];
  /** Errors no problem explains: false alarms, unless a reader finds the oracle was incomplete. */
  unexplainedErrors: SeenFinding[];
  /** Every warning (the goal on an untouched HEAD is none). */
  warnings: SeenFinding[];
}

/**
 * Judges a run against the problems the oracle found that this run is responsible for.
 * A finding belongs to a module by its file; a finding without a file (the environment) to none.
 */
export function judge(problems: Problem[], findings: SeenFinding[], dirs: string[]): Verdict {
  const moduleOf = (f: SeenFinding) => (f.file === undefined ? undefined : owningModule(f.file, dirs));
  const explained = new Set<SeenFinding>();
  const judged = problems.map((p) => {
    const related = findings.filter((f) => CHECKS_FOR[p.kind].includes(f.check) && moduleOf(f) === p.module);
    const errors = related.filter((f) => f.severity === 'error' && !f.notChecked);
    for (const e of errors) explained.add(e);
    const outcome: 'caught' | 'not-checked' | 'missed' =
      errors.length > 0 ? 'caught' : related.some((f) => f.notChecked) ? 'not-checked' : 'missed';
    return { ...p, outcome };
  });
  return {
    problems: judged,
    unexplainedErrors: findings.filter((f) => f.severity === 'error' && !explained.has(f)),
    warnings: findings.filter((f) => f.severity === 'warning'),
  };
}

// ---------------------------------------------------------------------------------------------
// The table

export interface TableRun {
  repo: string;
  change: string;
  run: string;
  exitCode: number;
  wallMs: number;
  checks: CheckRow[];
  verdict?: string;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? '' : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * One line per run (all its checks: totals, exit code, wall time, verdict), then one indented
 * line per check that reported something or was not checked.
 */
export function renderTable(runs: TableRun[]): string {
  const header = ['repository', 'change', 'run', 'check', 'E', 'W', 'I', 'not-checked', 'exit', 'wall', 'verdict'];
  const rows: string[][] = [];
  let lastRepo = '';
  for (const r of runs) {
    const t = totals(r.checks);
    rows.push([
      r.repo === lastRepo ? '' : r.repo,
      r.change.length > 64 ? `${r.change.slice(0, 63)}…` : r.change,
      r.run,
      `(${r.checks.length} checks)`,
      String(t.errors),
      String(t.warnings),
      String(t.infos),
      String(t.notChecked),
      String(r.exitCode),
      seconds(r.wallMs),
      r.verdict ?? '',
    ]);
    lastRepo = r.repo;
    for (const c of r.checks) {
      if (c.errors + c.warnings + c.infos + c.notChecked === 0) continue;
      rows.push(['', '', '', c.check, String(c.errors), String(c.warnings), String(c.infos), String(c.notChecked), '', seconds(c.ms), '']);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}
