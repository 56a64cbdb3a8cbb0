// Generates templates/gohooks.schema.json from the code it describes: the
// configuration keys (src/config.ts) and every check's meta (ids, hooks,
// options with their types and defaults). `npm run build` writes it; a test
// asserts the shipped file equals what this generates.

import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ALL_CHECKS } from '../src/checks/index.js';
import { CONFIG_KEYS, DEFAULT_TIMEOUT_SEC, HOOK_MANAGERS, MAX_TIMEOUT_SEC, SEVERITY_SETTINGS } from '../src/config.js';
import { HOOK_NAMES, RUN_MODES, type OptionSpec } from '../src/types.js';

export const SCHEMA_FILE = new URL('../templates/gohooks.schema.json', import.meta.url);

const DESCRIPTIONS: Record<(typeof CONFIG_KEYS)[number], string> = {
  $schema: 'The JSON schema of this file, for editors.',
  skip: 'Checks never run (also: --skip, GOHOOKS_SKIP).',
  timeout: `Time limit in seconds for each check and each process it starts (default ${DEFAULT_TIMEOUT_SEC}).`,
  hooks: 'The checks each hook (and gohooks verify / doctor) runs, replacing the defaults `gohooks list` shows.',
  checks: 'Per-check settings, keyed by check id.',
  private:
    'Module path patterns (GOPRIVATE syntax) that are private: goprivate makes sure they never reach a public proxy or checksum database, git-auth that this machine can fetch them.',
  missingTool: 'When a hook runs on a machine without gohooks: warn and let the commit through (default), or fail.',
  strict: 'true: what could not be checked (modules not in the cache, a check out of time, go missing) is an error instead of a warning.',
  install: 'Written by `gohooks install`: how the hooks were set up, so a teammate’s install makes the same choice.',
};

function optionSchema(spec: OptionSpec): Record<string, unknown> {
  const type = spec.type === 'string[]' ? { type: 'array', items: { type: 'string' } } : { type: spec.type };
  return { ...type, description: spec.description, ...(spec.default !== undefined ? { default: spec.default } : {}) };
}

export function configSchema(): Record<string, unknown> {
  const checkList = { type: 'array', items: { $ref: '#/definitions/checkId' } };
  const checks = Object.fromEntries(
    ALL_CHECKS.map((c) => [
      c.id,
      {
        type: 'object',
        description: c.title,
        additionalProperties: false,
        properties: {
          severity: {
            enum: SEVERITY_SETTINGS,
            description: "Replaces the severity of the check's errors and warnings; off disables it.",
          },
          options: {
            type: 'object',
            additionalProperties: false,
            properties: Object.fromEntries(
              Object.entries((c.options ?? {}) as Record<string, OptionSpec>).map(([k, s]) => [k, optionSchema(s)]),
            ),
          },
        },
      },
    ]),
  );
  const properties: Record<(typeof CONFIG_KEYS)[number], Record<string, unknown>> = {
    $schema: { type: 'string' },
    skip: { $ref: '#/definitions/checkList' },
    timeout: { type: 'number', exclusiveMinimum: 0, maximum: MAX_TIMEOUT_SEC },
    hooks: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(RUN_MODES.map((m) => [m, { $ref: '#/definitions/checkList' }])),
    },
    checks: { type: 'object', additionalProperties: false, properties: checks },
    private: { type: 'array', items: { type: 'string', minLength: 1 } },
    missingTool: { enum: ['warn', 'fail'] },
    strict: { type: 'boolean', default: false },
    install: {
      type: 'object',
      additionalProperties: false,
      required: ['manager', 'hooks'],
      properties: { manager: { enum: HOOK_MANAGERS }, hooks: { type: 'array', items: { enum: HOOK_NAMES } } },
    },
  };
  for (const key of CONFIG_KEYS) properties[key].description = DESCRIPTIONS[key];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://unpkg.com/gohooks/templates/gohooks.schema.json',
    title: 'gohooks configuration',
    description: 'gohooks.json, .gohooks.json, or the "gohooks" key of package.json. Every key is optional.',
    type: 'object',
    additionalProperties: false,
    definitions: { checkId: { type: 'string', enum: ALL_CHECKS.map((c) => c.id) }, checkList },
    properties,
  };
}

export function schemaText(): string {
  return `${JSON.stringify(configSchema(), null, 2)}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) writeFileSync(SCHEMA_FILE, schemaText());
