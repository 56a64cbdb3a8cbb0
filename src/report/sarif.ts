// --format sarif: SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif)
// and any other SARIF viewer. One rule per check id; one result per finding that
// says something about the repository; what could not be checked is not a result
// but a tool execution notification tied to its rule (it is not a problem in the code).
//
// GitHub makes an alert only from a result with a location and a region.startLine,
// so every result has one: its file and line, or — for a finding about the
// environment (GOPRIVATE, credentials, go itself) — line 1 of the root module's
// go.mod (else the first module's), the file such a finding is about in practice;
// the location's message says so. With no module at all, the repository root. URIs are relative to
// %SRCROOT% (the repository root), so alerts match across machines.

import type { Finding, Severity } from '../types.js';
import { counts, fixCommand, fullMessage, headline, type ReportInput, type RuleDoc } from './model.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SRCROOT = '%SRCROOT%';
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** Where a finding without a file is placed, and the note the location carries saying so. */
export function fallbackFile(input: ReportInput): string {
  const first = input.modules.find((m) => m.rel === '.') ?? input.modules[0];
  if (!first) return '.';
  return first.rel === '.' ? 'go.mod' : `${first.rel}/go.mod`;
}
const FALLBACK_NOTE = 'about the Go environment or the repository as a whole; placed on the module’s go.mod';

/** A repository-relative path as a URI reference (each segment percent-encoded); an absolute path as a file: URI. */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const encoded = file
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
  if (file.startsWith('/')) return { uri: `file://${encoded}` };
  if (/^[A-Za-z]:\//.test(file)) return { uri: `file:///${encoded.replace('%3A', ':')}` };
  return { uri: encoded, uriBaseId: SRCROOT };
}

/** The repository root as the absolute URI %SRCROOT% stands for (with the trailing slash SARIF requires). */
function rootUri(root: string): string {
  const posix = root.replace(/\\/g, '/');
  const abs = posix.startsWith('/') ? posix : `/${posix}`;
  const encoded = abs
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/^([A-Za-z])%3A$/, '$1:'))
    .join('/');
  return `file://${encoded.endsWith('/') ? encoded : `${encoded}/`}`;
}

/**
 * 64-bit FNV-1a over UTF-16 code units, as 16 hex digits: a stable, dependency-free hash
 * (renderers import nothing with I/O, node:crypto included). Fingerprints need stability, not secrecy.
 */
export function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * What identifies a finding across runs: the rule, the file, the module and the headline with
 * line references taken out ("go.mod:7" → "go.mod", "line 7" → "line"), so a finding keeps its
 * fingerprint when unrelated lines above it move. The line itself is not part of it.
 */
export function fingerprintKey(f: Finding, uri: string): string {
  const text = headline(f)
    .replace(/(\S):\d+(?::\d+)?\b/g, '$1')
    .replace(/\blines? \d+\b/g, 'line');
  return [f.check, uri, f.module ?? '', text].join('\0');
}

/** A finding's text: what, why, and the fix with its command for the report's shell. */
function messageText(f: Finding, input: ReportInput): string {
  const cmd = fixCommand(f, input.shell);
  const fix = f.fix ? `\nfix: ${f.fix.summary}${cmd ? `\n  ${cmd}` : ''}` : '';
  return `${fullMessage(f)}${fix}`;
}

function ruleFor(id: string, input: ReportInput) {
  const doc: RuleDoc | undefined = input.rules?.[id];
  const title = doc?.title ?? input.titles[id] ?? id;
  const pagePath = doc?.pagePath ?? `docs/checks/${id}.md`;
  const pointer = `The whole story: ${pagePath} in the gohooks package, or \`gohooks explain ${id}\`.`;
  return {
    id,
    name: id,
    shortDescription: { text: title },
    fullDescription: { text: doc?.docs || title },
    ...(doc?.helpUri ? { helpUri: doc.helpUri } : {}),
    help: {
      text: `${doc?.docs || title}\n${pointer}`,
      markdown: doc?.page ? `${doc.page}\n\n---\n${pointer}` : `${doc?.docs || title}\n\n${pointer}`,
    },
    properties: { tags: ['go', 'go-modules', 'gohooks'] },
  };
}

export function renderSarif(input: ReportInput): string {
  const { findings, checks } = input.result;
  const ids = [...checks.map((c) => c.id), ...findings.map((f) => f.check)].filter((id, i, all) => all.indexOf(id) === i);
  const ruleIndex = new Map(ids.map((id, i) => [id, i]));
  const crashed = new Set(checks.filter((c) => c.status === 'error').map((c) => c.id));
  const fallback = fallbackFile(input);

  const location = (f: Finding, withNote: boolean) => ({
    physicalLocation: {
      artifactLocation: artifactLocation(f.file ?? fallback),
      region: { startLine: f.file && f.line && f.line > 0 ? f.line : 1 },
    },
    ...(withNote && !f.file ? { message: { text: FALLBACK_NOTE } } : {}),
  });

  // What could not be checked, and checks that crashed: notifications about the run, not alerts.
  const notices = new Set(findings.filter((f) => f.notChecked || crashed.has(f.check)));
  const notifications = [...notices].map((f) => ({
    level: LEVEL[f.severity],
    message: { text: messageText(f, input) },
    ...(f.file ? { locations: [location(f, false)] } : {}),
    associatedRule: { id: f.check, index: ruleIndex.get(f.check)! },
  }));

  const seen = new Map<string, number>();
  const results = findings
    .filter((f) => !notices.has(f))
    .map((f) => {
      const loc = location(f, true);
      const hash = fnv1a64(fingerprintKey(f, loc.physicalLocation.artifactLocation.uri));
      const occurrence = (seen.get(hash) ?? 0) + 1;
      seen.set(hash, occurrence);
      return {
        ruleId: f.check,
        ruleIndex: ruleIndex.get(f.check)!,
        level: LEVEL[f.severity],
        message: { text: messageText(f, input) },
        locations: [loc],
        partialFingerprints: { primaryLocationLineHash: `${hash}:${occurrence}` },
        ...(f.module || f.fix
          ? {
              properties: {
                ...(f.module ? { module: f.module } : {}),
                ...(f.fix ? { fix: f.fix } : {}),
              },
            }
          : {}),
      };
    });

  const version = input.toolVersion ?? 'dev';
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'gohooks',
            version,
            ...(/^\d+\.\d+\.\d+(?:[-+][\w.+-]*)?$/.test(version) ? { semanticVersion: version } : {}),
            rules: ids.map((id) => ruleFor(id, input)),
          },
        },
        invocations: [
          {
            executionSuccessful: crashed.size === 0,
            exitCode: counts(findings).errors > 0 ? 1 : 0,
            toolExecutionNotifications: notifications,
            properties: { mode: input.mode },
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: rootUri(input.root) } },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
