// The output formats, and which of them each command offers (the hooks always
// print human). Plain data, so the CLI can check --format without loading a renderer.

export type Format = 'human' | 'json' | 'github' | 'html';

export const COMMAND_FORMATS = {
  verify: ['human', 'json', 'github'],
  doctor: ['human', 'json', 'html'],
} as const satisfies Record<string, readonly Format[]>;
