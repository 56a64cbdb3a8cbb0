// go.mod and go.work must parse: every go command fails on a file that does not.

import { defineCheck, EVERY_GIT_HOOK_AND_VERIFY } from '../check.js';
import path from 'node:path';
import { commandsFor, goArgv, joinCommands, perShell, quoteArg } from '../fixes.js';
import { compareGoVersions, languageOf } from '../gomod/goversion.js';
import { MODFILE_GRAMMAR_GO, type Diagnostic } from '../gomod/modfile.js';
import { isDirectoryPath } from '../gomod/modpath.js';
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
  // A merge conflict marker is a directive in no Go, whatever the go line or the local go say.
  if (d.code === 'conflict-marker') return 'error';
  const newerGo = localGo !== undefined && compareGoVersions(languageOf(localGo), MODFILE_GRAMMAR_GO) > 0;
  return d.code === 'unknown-directive' && newerGo ? 'warning' : d.severity;
}

function toDrafts(file: string, diags: Diagnostic[], localGo: string | undefined, text?: string): Draft[] {
  const name = file.split('/').pop()!;
  const severities = diags.map((d) => severityOf(d, localGo));
  const onlyError = severities.filter((s) => s === 'error').length === 1;
  return diags.map((d, i) => {
    const severity = severities[i];
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
      fix: majorVersionFix(file, d, onlyError ? text : undefined) ?? {
        summary: `edit ${file} line ${d.line}; \`go ${name === 'go.work' ? 'work' : 'mod'} edit -fmt\` then normalises the file`,
      },
    };
  });
}

/** Module path and version characters (module.CheckPath, semver): of them only . and + are regex metacharacters. */
const PLAIN = /^[A-Za-z0-9._~+/-]+$/;
/** An ERE and .NET pattern for a literal path or version: . and + in brackets, so no shell ever sees a backslash. */
const literal = (s: string) => s.replace(/[.+]/g, (c) => `[${c}]`);

/**
 * The go command's "should be v3, not v2" for a require: the module under its major-version path is the
 * likely fix (a v2+ module is imported with its /vN suffix). No go command reads a go.mod that does not
 * parse (go mod edit -droprequire and go get both stop with "errors parsing go.mod"), so the command
 * deletes the require line as text first, then lets go get add the right one. Commands only when they work
 * pasted: this is the file's only error (go get then reads it) and the pattern removes exactly that line.
 */
function majorVersionFix(file: string, d: Diagnostic, text: string | undefined): Draft['fix'] | undefined {
  const m = /^require (\S+): version "(v(\d+)\S*)" invalid: should be (?:v\d+|v0 or v1), not v\d+/.exec(d.message);
  if (!m || Number(m[3]) < 2 || m[1].startsWith('gopkg.in/')) return undefined;
  const [, stale, version] = m;
  const want = `${stale.replace(/\/v\d+$/, '')}/v${m[3]}`;
  const summary =
    `delete the require of ${stale} (go mod edit and go get cannot read go.mod until it is gone), require ${want}@${version} ` +
    `with go get, then change the imports to ${want}/…; or use ${version}+incompatible if that module has no go.mod`;
  // A require line, alone or in a require block, for exactly that path and version.
  const pattern = `^[[:space:]]*(require[[:space:]]+)?${literal(stale)}[[:space:]]+${literal(version)}([[:space:]]|$)`;
  const jsPattern = new RegExp(pattern.replaceAll('[[:space:]]', '[ \\t\\r\\v\\f]'));
  const lines = text?.split('\n') ?? [];
  const matching = lines.flatMap((l, i) => (jsPattern.test(l) ? [i + 1] : []));
  if (matching.length !== 1 || matching[0] !== d.line || !PLAIN.test(stale + version) || /["%]/.test(file)) return { summary };
  const get = commandsFor(goArgv(path.posix.dirname(file), 'get', `${want}@${version}`));
  const ps = (s: string) => quoteArg(s, 'powershell');
  const psPattern = pattern.replaceAll('[[:space:]]', '\\s');
  const drop = perShell((q, shell) => {
    const psDrop = `@(Get-Content ${ps(file)}) -notmatch ${ps(psPattern)} | Set-Content ${ps(file)}`;
    if (shell === 'powershell') return psDrop;
    if (shell === 'cmd') return `powershell -NoProfile -Command "${psDrop}"`;
    return `grep -Ev ${q(pattern)} ${q(file)} > ${q(`${file}.tmp`)} && mv ${q(`${file}.tmp`)} ${q(file)}`;
  });
  return { summary, commands: joinCommands(drop, get) };
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
    // go work edit finds go.work from its working directory: -C its directory, for a paste at the root.
    // -dropuse removes only a ./ or ../ (or absolute) path: it turns "gone" into "./gone", which is not the line.
    const workDir = path.isAbsolute(ws.file) ? path.dirname(ws.file) : path.posix.dirname(ws.file);
    drafts.push({
      severity: 'error',
      message: `cannot load module ${u.path} listed in go.work file: ${rel}/go.mod does not exist`,
      why: 'Every go command in this workspace fails until the directory has a go.mod or the use line goes.',
      file: ws.file,
      line: u.line,
      fix: isDirectoryPath(u.path)
        ? {
            summary: `add ${rel}/go.mod (go mod init), or drop the line`,
            commands: commandsFor(goArgv(workDir, 'work', 'edit', `-dropuse=${u.path}`)),
          }
        : {
            summary: `add ${rel}/go.mod (go mod init), or delete line ${u.line} of ${ws.file} (go work edit -dropuse only removes a ./ path)`,
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
      ...ctx.modules.flatMap((m) => toDrafts(m.modFile, own(m), local, m.modText)),
      ...ctx.workspaces.flatMap((w) => toDrafts(w.file, w.work.diagnostics, local)),
      ...(await Promise.all(ctx.workspaces.map((w) => missingUses(ctx, w)))).flat(),
    ];
  },
});
