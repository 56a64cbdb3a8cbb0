// SARIF from verify (--format sarif, or --sarif FILE beside any format) and from
// the hooks (GOHOOKS_SARIF=FILE beside the human output): what the renderer needs
// that only the package knows — each check's docs page and gohooks' version —
// and writing the file.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_CHECKS } from '../checks/index.js';
import { UsageError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { redacted } from '../redact.js';
import type { ReportInput, RuleDoc } from '../report/model.js';
import { renderSarif } from '../report/sarif.js';
import { docsPage } from './explain.js';

interface PackageJson {
  version?: string;
  repository?: string | { url?: string };
}

function packageJson(): PackageJson {
  try {
    return JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return {};
  }
}

/** https://github.com/<owner>/<name> from package.json's "repository", when it names a GitHub repository. */
export function githubRepository(repository: PackageJson['repository']): string | undefined {
  const url = typeof repository === 'string' ? repository : repository?.url;
  const m = url?.match(
    /^(?:github:|git\+https:\/\/github\.com\/|https:\/\/github\.com\/|git@github\.com:)?([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/,
  );
  return m ? `https://github.com/${m[1]}/${m[2]}` : undefined;
}

/** The facts the SARIF renderer needs about every check (its title, docs, page), and gohooks' version. */
export function withSarifFacts(input: ReportInput): ReportInput {
  const pkg = packageJson();
  const repo = githubRepository(pkg.repository);
  const rules: Record<string, RuleDoc> = {};
  for (const c of ALL_CHECKS) {
    let page: string | undefined;
    try {
      page = readFileSync(path.join(packageRoot(), docsPage(c.id)), 'utf8').trim();
    } catch {
      page = undefined; // the rule still has its title and docs
    }
    rules[c.id] = {
      title: c.title,
      docs: c.docs,
      pagePath: docsPage(c.id),
      page,
      helpUri: repo && pkg.version ? `${repo}/blob/v${pkg.version}/${docsPage(c.id)}` : undefined,
    };
  }
  return { ...input, rules, toolVersion: pkg.version ?? 'dev' };
}

/** SARIF text for a run. */
export function sarifFor(input: ReportInput): string {
  return renderSarif(withSarifFacts(input));
}

/** Writes SARIF for a run to file (relative to cwd); a file that cannot be written is a UsageError naming it. */
export function writeSarif(file: string, cwd: string, input: ReportInput): string {
  const target = path.resolve(cwd, file);
  try {
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, redacted(sarifFor(input)));
  } catch (e) {
    throw new UsageError(`cannot write SARIF to ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return target;
}
