// The renderer table: one renderer per output format. Renderers are pure:
// plain data in (ReportInput), text out.

import type { Format } from './formats.js';
import { renderGithub } from './github.js';
import { renderHtml } from './html.js';
import { renderHuman } from './human.js';
import { renderJson } from './json.js';
import type { ReportInput } from './model.js';
import { renderSarif } from './sarif.js';

export const RENDERERS: Record<Format, (input: ReportInput) => string> = {
  human: renderHuman,
  json: renderJson,
  github: renderGithub,
  sarif: renderSarif,
  html: renderHtml,
};

export function render(format: Format, input: ReportInput): string {
  return RENDERERS[format](input);
}
