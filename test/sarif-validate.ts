// Validates SARIF against the official SARIF 2.1.0 JSON schema (draft-04;
// test/testdata/sarif/SOURCE.md says where it comes from), with formats (uri,
// uri-reference, date-time) checked too.

import AjvDraft04 from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { fixture } from './helpers.js';

const Ajv = AjvDraft04.default;
const addFormats = addFormatsModule.default;

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(fixture('sarif/sarif-schema-2.1.0.json'), 'utf8')) as object);

/** The schema's complaints about a SARIF document, one line each; [] when it is valid. */
export function sarifSchemaErrors(doc: unknown): string[] {
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
