// go.mod and go.work must parse: every go command fails on a file that does not.

import { defineCheck, EVERY_GIT_HOOK_AND_VERIFY } from '../check.js';
import type { Draft } from '../types.js';
import type { Diagnostic } from '../gomod/modfile.js';

function toDrafts(file: string, diags: Diagnostic[]): Draft[] {
  return diags.map((d) => ({
    severity: d.severity,
    message: d.message,
    why:
      d.severity === 'error'
        ? `Every go command in this module fails with "errors parsing ${file.split('/').pop()}" until this line is fixed.`
        : 'The go command rejects directives it does not know: check that every Go used on this repo understands it.',
    file,
    line: d.line,
    fix: { summary: `edit ${file} line ${d.line}; \`go ${file.endsWith('go.work') ? 'work' : 'mod'} edit -fmt\` then normalises the file` },
  }));
}

export default defineCheck({
  id: 'go-mod-syntax',
  title: 'go.mod and go.work parse',
  hooks: EVERY_GIT_HOOK_AND_VERIFY,
  docs:
    'Parses every go.mod and go.work the way golang.org/x/mod/modfile does and reports syntax errors with file:line. ' +
    'Nothing else can be checked in a module whose go.mod does not parse, so `--check` always keeps this check; ' +
    '`--skip go-mod-syntax` removes it. An unknown directive is a warning: it may come from a newer Go.',
  appliesTo: (ctx) => ctx.modules.length > 0,
  run: async (ctx) => [
    ...ctx.modules.flatMap((m) => toDrafts(m.modFile, m.mod.diagnostics)),
    ...ctx.workspaces.flatMap((w) => toDrafts(w.file, w.work.diagnostics)),
  ],
});
