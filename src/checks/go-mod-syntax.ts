// go.mod and go.work must parse: every go command fails on a file that does not.

import { defineCheck, EVERY_GIT_HOOK_AND_VERIFY } from '../check.js';
import type { Draft } from '../types.js';
import type { Diagnostic } from '../gomod/modfile.js';
import type { Context } from '../context.js';
import type { RefusalKind, RefusedFile } from '../source.js';

/**
 * A go.mod, go.sum, go.work or go.work.sum gohooks did not read
 * (src/source.ts): what it is, why that matters, and what to do. The module
 * or workspace that uses it is not checked: every go command there reads it.
 */
const REFUSED_FILE: Record<RefusalKind, { is: string; why: string; fix: string }> = {
  outside: {
    is: 'is a symbolic link to a file outside the repository',
    why: 'gohooks reads no file outside the repository through a link: it may be private (a token, ~/.netrc), and a clone would not have it. The module that uses it was not checked.',
    fix: 'make it a regular file inside the repository (remove the link, then restore or regenerate the file), or remove it if the link was made by mistake',
  },
  'link-loop': {
    is: 'is a symbolic link that loops',
    why: 'The go command cannot read it either ("too many levels of symbolic links"). The module that uses it was not checked.',
    fix: 'replace the link with the regular file',
  },
  'link-missing': {
    is: 'is a symbolic link to a file that does not exist',
    why: 'The go command cannot read it either. The module that uses it was not checked.',
    fix: 'replace the link with the regular file, or remove it',
  },
  directory: {
    is: 'is a directory, not a file',
    why: 'The go command needs a regular file there. The module that uses it was not checked.',
    fix: 'move the directory away and restore the file (git checkout -- <file> restores the committed one)',
  },
  special: {
    is: 'is not a regular file (a FIFO, socket or device)',
    why: 'Reading it could block forever, so gohooks does not. The module that uses it was not checked.',
    fix: 'replace it with the regular file',
  },
  unreadable: {
    is: 'cannot be read (permission denied)',
    why: 'The go command cannot read it either. The module that uses it was not checked.',
    fix: 'give your user read permission (chmod u+r <file>)',
  },
  'git-symlink': {
    is: 'is recorded in git as a symbolic link (mode 120000)',
    why: 'git records a link as the path it points to, not as a file: a clone gets a link that resolves somewhere else or nowhere. gohooks does not parse the link target as the file. The module that uses it was not checked.',
    fix: 'record a regular file instead: git rm --cached <file>, replace the link with the file, then git add <file>',
  },
  'git-submodule': {
    is: 'is recorded as a submodule (git mode 160000)',
    why: 'A submodule has no file content to read. The module that uses it was not checked.',
    fix: 'remove the submodule entry (git rm --cached <file>) and add the regular file',
  },
};

const MODULE_FILES = new Set(['go.mod', 'go.sum', 'go.work', 'go.work.sum']);

/** Module files the source did not read (a link out of the repository, a directory, …): discovery met all of them. */
function refusedModuleFiles(ctx: Context): RefusedFile[] {
  return ctx.source.refused().filter((r) => MODULE_FILES.has(r.file.split('/').pop()!));
}

function refusalDraft(r: RefusedFile): Draft {
  const t = REFUSED_FILE[r.kind];
  return {
    severity: 'error',
    message: `gohooks did not read this file: it ${t.is}`,
    why: t.why,
    file: r.file,
    fix: { summary: t.fix.replaceAll('<file>', r.file) },
  };
}

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
    '`--skip go-mod-syntax` removes it. An unknown directive is a warning: it may come from a newer Go. ' +
    'A go.mod, go.sum, go.work or go.work.sum that is not a regular file inside the repository (a symbolic link out of it or staged as a link, ' +
    'a directory, unreadable) is not read: an error, and the module that uses it is not checked.',
  appliesTo: (ctx) => ctx.modules.length > 0 || refusedModuleFiles(ctx).length > 0,
  run: async (ctx) => [
    ...refusedModuleFiles(ctx).map(refusalDraft),
    ...ctx.modules.flatMap((m) => toDrafts(m.modFile, m.mod.diagnostics)),
    ...ctx.workspaces.flatMap((w) => toDrafts(w.file, w.work.diagnostics)),
  ],
});
