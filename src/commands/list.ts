// `gohooks list`: every check, its title and where it runs, one line each.

import { ALL_CHECKS } from '../checks/index.js';

export function list(): string {
  const idWidth = Math.max(...ALL_CHECKS.map((c) => c.id.length));
  const titleWidth = Math.max(...ALL_CHECKS.map((c) => c.title.length));
  return ALL_CHECKS.map((c) => `${c.id.padEnd(idWidth)}  ${c.title.padEnd(titleWidth)}  ${c.hooks.join(', ')}`).join('\n') + '\n';
}
