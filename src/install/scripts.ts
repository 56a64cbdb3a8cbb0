// The text gohooks writes into repositories: the block appended to husky hook
// files, the shim that replaces a hook in a hooks directory, and the runner
// (hooks/gohooks.sh, shipped with the package). Pure functions of their inputs.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../package-root.js';

export const BLOCK_START = '# >>> gohooks >>>';
export const BLOCK_END = '# <<< gohooks <<<';
export const RUNNER_NAME = 'gohooks.sh';
export const CHAINED_SUFFIX = '.pre-gohooks';
/** Where uninstall keeps a shim the user edited (git runs no file by that name). */
export const EDITED_SHIM_SUFFIX = '.gohooks-shim-edited';

/** Single-quotes a value for sh. */
export function shQuote(s: string): string {
  return /^[A-Za-z0-9_./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface RunnerCall {
  hook: string;
  /** gohooks binary relative to the repository root, tried first. */
  bin?: string;
  /** A shell expression for the hook to run first. */
  chain?: string;
  /** Run the git directory's own hooks/<hook> first (husky's core.hooksPath hides it). */
  chainGitHooks?: boolean;
}

function runnerArgs(c: RunnerCall): string {
  return [c.bin ? `--bin ${shQuote(c.bin)}` : '', c.chain ? `--chain ${c.chain}` : '', c.chainGitHooks ? '--chain-git-hooks' : '', c.hook]
    .filter(Boolean)
    .join(' ');
}

/** The lines added to a husky hook file (.husky/<hook>), markers included. */
export function huskyBlock(c: RunnerCall): string {
  return [
    `${BLOCK_START} Go module checks; \`npx gohooks uninstall\` removes this block`,
    // ${0%/*}: the hook's directory without starting dirname (the fast path counts processes).
    `sh "\${0%/*}/${RUNNER_NAME}" ${runnerArgs(c)} "$@"`,
    BLOCK_END,
    '',
  ].join('\n');
}

/** A hook file in a hooks directory that runs the hook it replaced, then gohooks. */
export function shim(c: Omit<RunnerCall, 'chain'>): string {
  const chain = `"\${0%/*}/${c.hook}${CHAINED_SUFFIX}"`;
  return [
    '#!/bin/sh',
    `${BLOCK_START} shim; \`npx gohooks uninstall\` puts back the hook that was here (${c.hook}${CHAINED_SUFFIX})`,
    `exec sh "\${0%/*}/${RUNNER_NAME}" ${runnerArgs({ ...c, chain })} "$@"`,
    BLOCK_END,
    '',
  ].join('\n');
}

export function runnerScript(): string {
  return readFileSync(path.join(packageRoot(), 'hooks', RUNNER_NAME), 'utf8');
}

/** A hook file that is gohooks' shim (what `shim()` writes), not a hook with a block added. */
export function isShim(text: string): boolean {
  return text.startsWith(`#!/bin/sh\n${BLOCK_START} shim;`);
}

export function hasBlock(text: string): boolean {
  return text.includes(BLOCK_START) && text.includes(BLOCK_END);
}

/** Adds the block: before a top-level `exit` (which would skip it), else at the end. */
export function insertBlock(text: string, block: string): string {
  const lines = text.split('\n');
  const exitAt = lines.findIndex((l) => /^exit\b/.test(l));
  if (exitAt >= 0) return [...lines.slice(0, exitAt), block.replace(/\n$/, ''), ...lines.slice(exitAt)].join('\n');
  const sep = text === '' || text.endsWith('\n') ? '' : '\n';
  return text + sep + block;
}

/** Removes the block (markers included) that insertBlock added. */
export function removeBlock(text: string): string {
  const start = text.indexOf(BLOCK_START);
  const endMarker = text.indexOf(BLOCK_END, start);
  if (start < 0 || endMarker < 0) return text;
  let end = endMarker + BLOCK_END.length;
  if (text[end] === '\n') end++;
  return text.slice(0, start) + text.slice(end);
}
