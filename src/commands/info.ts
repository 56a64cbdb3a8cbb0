// `gohooks list` and `gohooks explain ID`.

import { ALL_CHECKS, findCheck } from '../checks/index.js';
import { UsageError } from '../runner.js';

export function list(): string {
  const idWidth = Math.max(...ALL_CHECKS.map((c) => c.id.length));
  const titleWidth = Math.max(...ALL_CHECKS.map((c) => c.title.length));
  return ALL_CHECKS.map((c) => `${c.id.padEnd(idWidth)}  ${c.title.padEnd(titleWidth)}  ${c.hooks.join(', ')}`).join('\n') + '\n';
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

export function explain(id: string): string {
  const c = findCheck(id);
  if (!c) throw new UsageError(`unknown check "${id}"; \`gohooks list\` shows the checks`);
  const lines = [`${c.id} — ${c.title}`, '', wrap(c.docs), '', `runs in: ${c.hooks.join(', ')}`];
  if (c.needsGo) lines.push('needs: the go command');
  const opts = Object.entries(c.options ?? {});
  if (opts.length > 0) {
    lines.push('options (gohooks.json → checks.' + c.id + '.options):');
    for (const [name, spec] of opts) lines.push(`  ${name} (${spec.type}): ${spec.description}`);
  }
  lines.push(`skip: --skip ${c.id} · GOHOOKS_SKIP=${c.id} · "skip": ["${c.id}"] in gohooks.json`);
  return `${lines.join('\n')}\n`;
}
