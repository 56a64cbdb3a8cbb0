// `gohooks explain ID`: a check's documentation page (docs/checks/<id>.md,
// shipped with the package), where it runs, what it needs and its options.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findCheck } from '../checks/index.js';
import { UsageError } from '../errors.js';
import { unknownCheck } from '../messages.js';
import { packageRoot } from '../package-root.js';
import type { OptionSpecs } from '../types.js';

/** Where a check's page lives, relative to the package (and the repository). */
export function docsPage(id: string): string {
  return `docs/checks/${id}.md`;
}

function wrap(text: string, width = 80): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out.join('\n');
}

function readPage(id: string): string | undefined {
  try {
    return readFileSync(path.join(packageRoot(), docsPage(id)), 'utf8').trim();
  } catch {
    return undefined;
  }
}

export function explain(id: string): string {
  const c = findCheck(id);
  if (!c) throw new UsageError(unknownCheck(id));
  const page = readPage(id);
  const lines = page ? [page, ''] : [`${c.id} — ${c.title}`, '', wrap(c.docs), ''];
  lines.push(`runs in: ${c.hooks.join(', ')}`);
  if (c.needsGo || c.goEnv) lines.push(`needs: the go command${c.goEnv === 'required' ? ' (go env)' : ''}`);
  const opts = Object.entries((c.options ?? {}) as OptionSpecs);
  if (opts.length > 0) {
    lines.push(`options (gohooks.json → checks.${c.id}.options):`);
    for (const [name, spec] of opts) {
      const def = spec.default === undefined ? '' : `, default ${JSON.stringify(spec.default)}`;
      lines.push(`  ${name} (${spec.type}${def}): ${spec.description}`);
    }
  }
  lines.push(`skip: --skip ${c.id} · GOHOOKS_SKIP=${c.id} · "skip": ["${c.id}"] in gohooks.json`);
  return `${lines.join('\n')}\n`;
}
