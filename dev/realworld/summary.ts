// The pure parts of `npm run realworld` (dev/realworld/run.ts): reading gohooks' JSON and
// SARIF output, the repository arguments, which module owns a file, the version to bump to,
// what the tidiness oracle saw, the verdict of a run against the oracle, and the table.
// Text in, data out: test/realworld.test.ts covers them without go, git or the network.

import path from 'node:path';
import { parseModulesTxt } from '../../src/gomod/vendor.js';
import { moduleOfPath } from '../../src/hooks/staged.js';

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

/**
 * Where the module cache holds the original of a vendored file: `vendor/<rest>` comes from the
 * module of vendor/modules.txt whose path is the longest prefix of `rest` (its replacement's, when
 * replaced by a version). undefined for a directory replacement or a file of no listed module.
 */
export function vendoredSource(modulesTxt: string, rest: string): { path: string; version: string; file: string } | undefined {
  const owner = [...parseModulesTxt(modulesTxt).values()]
    .filter((m) => rest.startsWith(`${m.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
  if (!owner) return undefined;
  const from = owner.replacement ?? { path: owner.path, version: owner.version };
  if (!from.version) return undefined;
  return { path: from.path, version: from.version, file: rest.slice(owner.path.length + 1) };
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
  kind: 'untidy' | 'gosum' | 'unformatted' | 'vendor' | 'verify' | 'toolchain';
  detail: string;
}

export const CHECKS_FOR: Record<Problem['kind'], string[]> = {
  untidy: ['go-mod-tidy', 'go-sum'],
  gosum: ['go-sum', 'go-mod-tidy'],
  unformatted: ['gofmt'],
  vendor: ['go-mod-hygiene'],
  verify: ['mod-verify'],
  toolchain: ['toolchain'],
};

export interface Verdict {
  /** Each problem: blocked (an error of a related check on that module), not-checked (said so), or missed. */
  problems: (Problem & { outcome: 'caught' | 'not-checked' | 'missed' })[];
  /** Errors no problem explains: false alarms, unless a reader finds the oracle was incomplete. */
  unexplainedErrors: SeenFinding[];
  /** Warnings that are not "not checked" and no problem explains (the goal on an untouched HEAD is none). */
  warnings: SeenFinding[];
  /** "Not checked" findings above information level: honest only with a reason and a fix that works. */
  notChecked: SeenFinding[];
}

/**
 * Judges a run against the problems the oracle found that this run is responsible for.
 * A finding belongs to a module by its file; a finding without a file (the environment) to none.
 */
export function judge(problems: Problem[], findings: SeenFinding[], dirs: string[]): Verdict {
  const moduleOf = (f: SeenFinding) => (f.file === undefined ? undefined : moduleOfPath(f.file, dirs));
  const explained = new Set<SeenFinding>();
  const judged = problems.map((p) => {
    const related = findings.filter((f) => CHECKS_FOR[p.kind].includes(f.check) && moduleOf(f) === p.module);
    const errors = related.filter((f) => f.severity === 'error' && !f.notChecked);
    for (const f of related) if (!f.notChecked && f.severity !== 'info') explained.add(f);
    const outcome: 'caught' | 'not-checked' | 'missed' =
      errors.length > 0 ? 'caught' : related.some((f) => f.notChecked) ? 'not-checked' : 'missed';
    return { ...p, outcome };
  });
  return {
    problems: judged,
    unexplainedErrors: findings.filter((f) => f.severity === 'error' && !f.notChecked && !explained.has(f)),
    warnings: findings.filter((f) => f.severity === 'warning' && !f.notChecked && !explained.has(f)),
    notChecked: findings.filter((f) => f.notChecked && f.severity !== 'info'),
  };
}

/** What became of a "not checked" finding's fix, run exactly as printed. */
export interface FixOutcome {
  check: string;
  file?: string;
  fix?: string;
  exitCode?: number;
  /** The same check on the same file was no longer "not checked" when the run was repeated. */
  resolved?: boolean;
  /** Why the fix could not work here, when that is the machine's fault (the module proxy refuses a version). */
  environment?: string;
}

export type VerdictLabel =
  'correct' | 'false alarm' | 'miss' | 'not checked (honest)' | 'not checked (environment)' | 'not checked (fix fails)';

const LABEL_ORDER: VerdictLabel[] = [
  'miss',
  'false alarm',
  'not checked (fix fails)',
  'not checked (environment)',
  'not checked (honest)',
  'correct',
];

/** A go output line that means the module proxy (or the origin behind it) refused a version: the machine's limit, not gohooks'. */
export function proxyRefusal(stderr: string): string | undefined {
  const line = stderr
    .split('\n')
    .find((l) =>
      /\b(403 Forbidden|404 Not Found|410 Gone)\b|: not available|unrecognized import path|invalid version: unknown revision/.test(l),
    );
  return line?.trim();
}

/**
 * The verdict of one run: the worst of its parts, and a short reason for each part.
 * - miss: a problem go found that the run neither blocked nor called "not checked";
 * - false alarm: an error or warning that no problem explains;
 * - not checked: a problem or the run itself was "not checked" — honest when the printed fix,
 *   run as printed, made the next run check it; environment when the fix failed because the
 *   module proxy here refuses a version; fix fails otherwise (or no fix was printed);
 * - correct: every problem blocked, nothing else said.
 */
export function runVerdict(v: Verdict, fixes: FixOutcome[]): { label: VerdictLabel; reasons: string[] } {
  const labels: VerdictLabel[] = [];
  const reasons: string[] = [];
  const byKind = (outcome: string, prefix: string) => {
    const ps = v.problems.filter((p) => p.outcome === outcome);
    for (const kind of [...new Set(ps.map((p) => p.kind))])
      reasons.push(`${prefix} ${kind} ${shortList(ps.filter((p) => p.kind === kind).map((p) => p.module))}`);
    return ps.length;
  };
  byKind('caught', 'blocked');
  if (byKind('missed', 'MISSED') > 0) labels.push('miss');
  if (v.unexplainedErrors.length + v.warnings.length > 0) {
    labels.push('false alarm');
    const said = [...v.unexplainedErrors, ...v.warnings].map((f) => `${f.severity} ${f.check}${f.file ? ` ${f.file}` : ''}`);
    reasons.push(`unexplained ${shortList([...new Set(said)])}`);
  }
  // "Not checked", grouped by check and by what became of the printed fix.
  const groups = new Map<string, { label: VerdictLabel; where: string[] }>();
  for (const f of v.notChecked) {
    const fix = fixes.find((x) => x.check === f.check && x.file === f.file);
    const [label, what]: [VerdictLabel, string] = fix?.environment
      ? ['not checked (environment)', fix.environment.length > 160 ? `${fix.environment.slice(0, 159)}…` : fix.environment]
      : fix?.resolved
        ? ['not checked (honest)', 'its fix worked']
        : [
            'not checked (fix fails)',
            fix === undefined ? 'fix not tried' : fix.fix === undefined ? 'no fix printed' : 'its fix did not help',
          ];
    const key = `${f.check}\u0000${what}`;
    const g = groups.get(key) ?? { label, where: [] };
    g.where.push(f.file === undefined ? '(no file)' : /(^|\/)go\.(mod|sum|work)$/.test(f.file) ? path.posix.dirname(f.file) : f.file);
    groups.set(key, g);
    labels.push(label);
  }
  for (const [key, g] of groups) {
    const [check, what] = key.split('\u0000');
    reasons.push(`not checked ${check} ${shortList([...new Set(g.where)])}: ${what}`);
  }
  const label = LABEL_ORDER.find((l) => labels.includes(l)) ?? 'correct';
  return { label, reasons };
}

/** `a, b, c and 4 more`. */
export function shortList(items: string[], max = 3): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** What the go command said, in a few words: the problems, else what was checked and found clean. */
export function oracleText(
  problems: Problem[],
  checked: {
    tidy?: Record<string, { truth: TidyTruth; detail?: string }>;
    gofmtFiles?: number;
    /** Edited .go files the go command ignores (testdata/, vendor/, _x, .x). */
    ignoredFiles?: number;
    vendored?: number;
  },
): string {
  const parts: string[] = [];
  const kinds: [Problem['kind'], string][] = [
    ['gosum', 'missing go.sum entry'],
    ['untidy', 'untidy'],
    ['vendor', 'inconsistent vendoring'],
    ['unformatted', 'gofmt -l lists'],
    ['verify', 'go mod verify fails'],
    ['toolchain', 'go refuses the go line'],
  ];
  for (const [kind, words] of kinds) {
    const ps = problems.filter((p) => p.kind === kind);
    if (ps.length === 0) continue;
    const what = ps.map((p) =>
      kind === 'unformatted' ? p.detail : kind === 'untidy' && p.detail ? `${p.module} (${p.detail})` : p.module,
    );
    parts.push(`${words}: ${what.slice(0, 4).join(', ')}${what.length > 4 ? ` and ${what.length - 4} more` : ''}`);
  }
  if (checked.tidy) {
    const entries = Object.entries(checked.tidy);
    const tidy = entries.filter(([, v]) => v.truth === 'tidy').length;
    const untidy = entries.filter(([, v]) => v.truth === 'untidy').length;
    if (untidy === 0) parts.push(`tidy ${tidy}/${entries.length}`);
    for (const [d, v] of entries) {
      if (v.truth === 'no-packages') parts.push(`${d}: no Go packages`);
      if (v.truth === 'failed')
        parts.push(`${d}: tidy fails${v.detail ? ` (${v.detail.length > 90 ? `${v.detail.slice(0, 89)}…` : v.detail})` : ''}`);
    }
  }
  if (checked.gofmtFiles && !problems.some((p) => p.kind === 'unformatted'))
    parts.push(`gofmt clean (${checked.gofmtFiles} ${checked.gofmtFiles === 1 ? 'file' : 'files'})`);
  if (checked.ignoredFiles)
    parts.push(
      `${checked.ignoredFiles === 1 ? 'the edited file is' : `${checked.ignoredFiles} edited files are`} outside go's packages (testdata/, vendor/, _x, .x): nothing to format`,
    );
  if (checked.vendored && !problems.some((p) => p.kind === 'vendor')) parts.push('vendor/ consistent');
  return parts.join('; ');
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
  /** What the go command said about the same state (the oracle), in a few words. */
  oracle?: string;
  verdict?: string;
  /** Why: what was blocked, missed, unexplained, not checked. */
  reasons?: string[];
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

// ---------------------------------------------------------------------------------------------
// The markdown report

/** Per check that said something: `go-mod-tidy 1 E, 1 W (1 not checked)`; "nothing" when no check did. */
export function saidText(checks: CheckRow[]): string {
  const parts = checks
    .filter((c) => c.errors + c.warnings + c.infos > 0)
    .map((c) => {
      const counts = [c.errors && `${c.errors} E`, c.warnings && `${c.warnings} W`, c.infos && `${c.infos} I`].filter(Boolean).join(', ');
      return `${c.check} ${counts}${c.notChecked ? ` (${c.notChecked} not checked)` : ''}`;
    });
  return parts.length > 0 ? parts.join('; ') : 'nothing';
}

/** A table cell: one line, pipes escaped, go's proxy URLs ("reading https://…: ") left out — the status stays. */
export function cell(text: string): string {
  return text
    .replace(/reading https?:\/\/\S+: /g, '')
    .replace(/reading https?:\/\/\S*…/g, '…')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\|/g, '\\|');
}

/** One markdown row per run: what gohooks said, what go says, the verdict and why, exit code, wall time. */
export function renderMarkdown(runs: TableRun[]): string {
  const lines = [
    '| repository | change | run | gohooks said | go says (oracle) | verdict | exit | wall |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  let lastRepo = '';
  let lastChange = '';
  for (const r of runs) {
    const sameRepo = r.repo === lastRepo;
    const verdict = r.verdict ? `**${r.verdict}**${r.reasons?.length ? `: ${r.reasons.join('; ')}` : ''}` : '';
    lines.push(
      `| ${sameRepo ? '' : cell(r.repo)} | ${sameRepo && r.change === lastChange ? '' : cell(r.change)} | ${cell(r.run)} | ${cell(saidText(r.checks))} | ${cell(r.oracle ?? '')} | ${cell(verdict)} | ${r.exitCode} | ${seconds(r.wallMs)} |`,
    );
    lastRepo = r.repo;
    lastChange = r.change;
  }
  return `${lines.join('\n')}\n`;
}

export interface RepoLine {
  repo: string;
  sha: string;
  modules: number;
  workspace: boolean;
  vendored: number;
  /** The README's fill (`go mod download` in each module), and whether the cache was empty before. */
  fillMs: number;
  cacheWasCold: boolean;
  runs: TableRun[];
  wallMs: number;
  /** Why the repository was not tried (the module proxy here refuses a version it needs). */
  skipped?: string;
}

function range(ms: number[]): string {
  if (ms.length === 0) return '';
  const lo = Math.min(...ms);
  const hi = Math.max(...ms);
  return lo === hi || hi - lo < 50 ? seconds(lo) : `${seconds(lo).replace(' s', '')}–${seconds(hi)}`;
}

/** One row per repository: its layout, the timings (verify cold and warm, each hook's range) and the verdicts counted. */
export function renderRepoSummary(repos: RepoLine[]): string {
  const lines = [
    '| repository | commit | modules | cache fill | verify cold | verify warm | pre-commit | pre-push | verdicts | harness wall |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of repos) {
    const layout = `${r.modules}${r.workspace ? ', go.work' : ''}${r.vendored ? `, ${r.vendored} vendored` : ''}`;
    if (r.skipped) {
      lines.push(`| ${cell(r.repo)} | ${r.sha.slice(0, 12)} | ${layout} | | | | | | skipped: ${cell(r.skipped)} | ${seconds(r.wallMs)} |`);
      continue;
    }
    const ms = (f: (t: TableRun) => boolean) => r.runs.filter(f).map((t) => t.wallMs);
    const counts = new Map<string, number>();
    for (const t of r.runs) if (t.verdict) counts.set(t.verdict, (counts.get(t.verdict) ?? 0) + 1);
    const verdicts = [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
    lines.push(
      `| ${cell(r.repo)} | ${r.sha.slice(0, 12)} | ${layout} | ${seconds(r.fillMs)}${r.cacheWasCold ? ' (empty cache)' : ' (cache reused)'} | ${range(ms((t) => t.change === 'HEAD' && /cold/.test(t.run)))} | ${range(ms((t) => t.change === 'HEAD' && /warm/.test(t.run)))} | ${range(ms((t) => t.run.startsWith('pre-commit')))} | ${range(ms((t) => t.run.startsWith('pre-push')))} | ${verdicts} | ${seconds(r.wallMs)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
