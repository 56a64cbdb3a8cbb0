// go.mod and go.work must parse: every go command fails on a file that does not.

import { defineCheck, EVERY_GIT_HOOK_AND_VERIFY } from '../check.js';
import path from 'node:path';
import { commandsFor, goArgv } from '../fixes.js';
import { compareGoVersions, languageOf } from '../gomod/goversion.js';
import { MODFILE_GRAMMAR_GO, type Diagnostic } from '../gomod/modfile.js';
import { relJoin } from '../source.js';
import type { Draft, GoModule, Workspace } from '../types.js';
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

/**
 * A go newer than the grammar gohooks knows (MODFILE_GRAMMAR_GO) may know a directive gohooks does not:
 * then an unknown directive is only worth a warning.
 */
function severityOf(d: Diagnostic, localGo: string | undefined): Draft['severity'] {
  const newerGo = localGo !== undefined && compareGoVersions(languageOf(localGo), MODFILE_GRAMMAR_GO) > 0;
  return d.code === 'unknown-directive' && newerGo ? 'warning' : d.severity;
}

function toDrafts(file: string, diags: Diagnostic[], localGo: string | undefined): Draft[] {
  const name = file.split('/').pop()!;
  return diags.map((d) => {
    const severity = severityOf(d, localGo);
    return {
      severity,
      message: d.message,
      why:
        severity === 'warning'
          ? `The go command rejects directives it does not know: check that every Go used on this repository understands it.`
          : d.stage === 'load'
            ? `go mod edit reads ${name}, but every go command that loads the ${name === 'go.work' ? 'workspace' : 'module'} (go build, go list, go mod verify) fails until this line is fixed.`
            : `Every go command in this ${name === 'go.work' ? 'workspace' : 'module'} fails with "errors parsing ${name}" until this line is fixed.`,
      file,
      line: d.line,
      fix: majorVersionFix(file, d) ?? {
        summary: `edit ${file} line ${d.line}; \`go ${name === 'go.work' ? 'work' : 'mod'} edit -fmt\` then normalises the file`,
      },
    };
  });
}

/**
 * The go command's "should be v3, not v2" for a require: the module under its major-version path is the
 * likely fix (a v2+ module is imported with its /vN suffix).
 */
function majorVersionFix(file: string, d: Diagnostic): Draft['fix'] | undefined {
  const m = /^require (\S+): version "(v(\d+)\S*)" invalid: should be (?:v\d+|v0 or v1), not v\d+/.exec(d.message);
  if (!m || Number(m[3]) < 2 || m[1].startsWith('gopkg.in/')) return undefined;
  const want = `${m[1].replace(/\/v\d+$/, '')}/v${m[3]}`;
  return {
    summary: `require the module under its major-version path (and update its imports), or use ${m[2]}+incompatible if it has no go.mod`,
    commands: commandsFor(goArgv(path.posix.dirname(file), 'get', `${want}@${m[2]}`)),
  };
}

/** A go.work `use` of a directory without a go.mod: go cannot load the workspace (go work edit accepts it). */
async function missingUses(ctx: Context, ws: Workspace): Promise<Draft[]> {
  const drafts: Draft[] = [];
  for (const u of ws.work.use) {
    const dir = path.resolve(ws.dir, u.path);
    const rel = path.relative(ctx.root, dir).split(path.sep).join('/') || '.';
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue; // outside the repository: go-mod-hygiene's warning
    const goMod = relJoin(rel, 'go.mod');
    if ((await ctx.source.read(goMod)) !== undefined || (await ctx.source.refusal(goMod))) continue;
    drafts.push({
      severity: 'error',
      message: `cannot load module ${u.path} listed in go.work file: ${rel}/go.mod does not exist`,
      why: 'Every go command in this workspace fails until the directory has a go.mod or the use line goes.',
      file: ws.file,
      line: u.line,
      fix: {
        summary: `add ${rel}/go.mod (go mod init), or drop the line`,
        commands: commandsFor(['go', 'work', 'edit', `-dropuse=${u.path}`]),
      },
    });
  }
  return drafts;
}

export default defineCheck({
  id: 'go-mod-syntax',
  title: 'go.mod and go.work parse',
  hooks: EVERY_GIT_HOOK_AND_VERIFY,
  docs:
    'Parses every go.mod and go.work the way golang.org/x/mod/modfile does and reports syntax errors with file:line. ' +
    'Nothing else can be checked in a module whose go.mod does not parse, so `--check` always keeps this check; ' +
    '`--skip go-mod-syntax` removes it. What only loading rejects (a malformed module path, a non-canonical version, a go.work ' +
    '`use` of a directory without go.mod) is an error too. An unknown directive is an error, as go 1.26 says, and a warning ' +
    'when the go line or the local go is newer than the grammar gohooks knows. ' +
    'A go.mod, go.sum, go.work or go.work.sum that is not a regular file inside the repository (a symbolic link out of it or staged as a link, ' +
    'a directory, unreadable) is not read: an error, and the module that uses it is not checked.',
  appliesTo: (ctx) => ctx.modules.length > 0 || refusedModuleFiles(ctx).length > 0,
  run: async (ctx) => {
    const local = await ctx.goVersion();
    // In workspace mode the go command does not fail on a module that requires a path twice.
    const own = (m: GoModule) => m.mod.diagnostics.filter((d) => !(m.workspace && d.code === 'duplicate-require'));
    return [
      ...refusedModuleFiles(ctx).map(refusalDraft),
      ...ctx.modules.flatMap((m) => toDrafts(m.modFile, own(m), local)),
      ...ctx.workspaces.flatMap((w) => toDrafts(w.file, w.work.diagnostics, local)),
      ...(await Promise.all(ctx.workspaces.map((w) => missingUses(ctx, w)))).flat(),
    ];
  },
});
