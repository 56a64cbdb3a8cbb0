// The output formats, and which of them each command offers (the hooks always
// print human, and can write SARIF beside it). Plain data, so the CLI can check
// --format without loading a renderer.

export type Format = 'human' | 'json' | 'github' | 'sarif' | 'html';

export const COMMAND_FORMATS = {
  verify: ['human', 'json', 'github', 'sarif'],
  doctor: ['human', 'json', 'html'],
} as const satisfies Record<string, readonly Format[]>;

export type VerifyFormat = (typeof COMMAND_FORMATS.verify)[number];
