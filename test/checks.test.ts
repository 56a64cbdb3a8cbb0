// Each check's logic through the check tester: in-memory files, a fake
// machine and scripted processes, through the real runner. Fast; the e2e
// suites run the same checks with real go and real git.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { runCheck, ROOT } from '../dev/testkit/check-tester.js';
import { defineCheck } from '../src/check.js';
import { ALL_CHECKS } from '../src/checks/index.js';
import { defaultConfig } from '../src/config.js';
import { UsageError } from '../src/errors.js';
import { selectChecks } from '../src/runner.js';
import type { Finding } from '../src/types.js';
import envCache from '../src/checks/env-cache.js';
import envCgo from '../src/checks/env-cgo.js';
import envGo from '../src/checks/env-go.js';
import envProxy from '../src/checks/env-proxy.js';
import gitAuth from '../src/checks/git-auth.js';
import gofmt from '../src/checks/gofmt.js';
import goModHygiene from '../src/checks/go-mod-hygiene.js';
import goModSyntax from '../src/checks/go-mod-syntax.js';
import goModTidy from '../src/checks/go-mod-tidy.js';
import goprivate from '../src/checks/goprivate.js';
import goSum from '../src/checks/go-sum.js';
import toolchain from '../src/checks/toolchain.js';

const h1 = (s: string) => `h1:${createHash('sha256').update(s).digest('base64')}`;
const GO_MOD = 'module example.com/app\n\ngo 1.22\n\nrequire (\n\texample.com/lib v1.2.0\n\texample.com/util v0.3.0 // indirect\n)\n';
const sumLines = (mods: [string, string][]) =>
  mods.flatMap(([p, v]) => [`${p} ${v} ${h1(p + v)}`, `${p} ${v}/go.mod ${h1(`${p + v}mod`)}`]);
const GO_SUM = `${sumLines([
  ['example.com/lib', 'v1.2.0'],
  ['example.com/util', 'v0.3.0'],
]).join('\n')}\n`;

describe('go-sum', () => {
  test('a complete go.sum passes', async () => {
    const r = await runCheck(goSum, { files: { 'go.mod': GO_MOD, 'go.sum': GO_SUM } });
    assert.equal(r.status, 'pass');
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.calls, [], 'go-sum starts no process');
  });

  test('a missing line is an error at the require line, with the tidy fix', async () => {
    const sum = GO_SUM.split('\n')
      .filter((l) => !l.startsWith('example.com/util v0.3.0 '))
      .join('\n');
    const r = await runCheck(goSum, { files: { 'go.mod': GO_MOD, 'go.sum': sum } });
    assert.equal(r.status, 'fail');
    assert.equal(r.findings.length, 1);
    const f = r.findings[0];
    assert.equal(f.check, 'go-sum');
    assert.equal(f.message, 'go.sum has no module (zip) entry for example.com/util v0.3.0 (required in go.mod:7)');
    assert.match(f.why ?? '', /missing go.sum entry/);
    assert.deepEqual([f.file, f.line, f.module], ['go.mod', 7, 'example.com/util@v0.3.0']);
    assert.equal(f.fix?.commands?.posix, 'go mod tidy && git add go.sum');
    assert.equal(f.fix?.commands?.powershell, 'go mod tidy; git add go.sum');
  });

  test('in pre-commit, a go.sum updated but not staged says so and says git add', async () => {
    const staged = GO_SUM.split('\n').slice(2).join('\n');
    const r = await runCheck(goSum, {
      mode: 'pre-commit',
      sourceKind: 'index',
      files: { 'go.mod': GO_MOD, 'go.sum': staged },
      unstaged: { 'go.sum': GO_SUM },
    });
    assert.equal(r.findings.length, 1);
    assert.match(r.findings[0].message, /the work-tree go.sum has it, but is not staged$/);
    assert.equal(r.findings[0].fix?.commands?.posix, 'git add go.sum');
  });

  test('conflict markers, two hashes for one version, CRLF', async () => {
    const conflicted = `<<<<<<< HEAD\n${GO_SUM}=======\nexample.com/lib v1.2.0 ${h1('other')}\n>>>>>>> branch\n`;
    const r = await runCheck(goSum, { files: { 'go.mod': GO_MOD, 'go.sum': conflicted } });
    const messages = r.findings.map((f) => `${f.severity} ${f.line} ${f.message}`);
    assert.ok(
      messages.some((m) => /^error 1 merge conflict marker/.test(m)),
      messages.join('\n'),
    );
    assert.ok(
      messages.some((m) => /^error 7 example.com\/lib v1.2.0 has two different hashes \(line 2 and line 7\)/.test(m)),
      messages.join('\n'),
    );
    assert.match(
      r.findings.find((f) => /conflict marker/.test(f.message))!.fix!.commands!.posix!,
      /^grep -Ev .* && go mod tidy && git add go.mod go.sum$/,
    );
    const crlf = await runCheck(goSum, { files: { 'go.mod': GO_MOD, 'go.sum': GO_SUM.replace(/\n/g, '\r\n') } });
    assert.deepEqual(
      crlf.findings.map((f) => [f.severity, f.message]),
      [['warning', 'go.sum has CRLF line endings']],
    );
  });

  test('a line without three fields: go refuses the whole file, and the fix deletes such lines before tidy', async () => {
    // go's readGoSum fails on every such line, whatever its field count (go mod tidy alone skips it).
    const bad = ['example.com/gamma v1.0.0', 'example.com/gamma', `example.com/gamma v1.0.0 ${h1('g')} extra`];
    const r = await runCheck(goSum, { files: { 'go.mod': GO_MOD, 'go.sum': `${GO_SUM}${bad.join('\n')}\n` } });
    assert.deepEqual(
      r.findings.map((f) => [f.line, f.severity, f.message, f.why]),
      [2, 1, 4].map((n, i) => [
        5 + i,
        'error',
        `wrong number of fields ${n} (want: module version hash)`,
        'Every go command that reads go.sum fails with "malformed go.sum".',
      ]),
    );
    const fix = r.findings[0].fix;
    assert.equal(
      fix?.commands?.posix,
      "awk 'NF == 0 || NF == 3' go.sum > go.sum.tmp && mv go.sum.tmp go.sum && go mod tidy && git add go.mod go.sum",
    );
    assert.equal(
      fix?.commands?.powershell,
      "@(Get-Content go.sum) -match '^\\s*(\\S+\\s+\\S+\\s+\\S+)?\\s*$' | Set-Content go.sum; go mod tidy; git add go.mod go.sum",
    );
    assert.match(fix?.summary ?? '', /^delete the lines that do not have three fields, let go mod tidy write back what is needed/);
  });

  test('a replaced version needs the replacement’s lines; a directory replacement needs none', async () => {
    const mod = `${GO_MOD}\nreplace example.com/lib => example.com/fork v1.2.1\nreplace example.com/util => ../util\n`;
    const r = await runCheck(goSum, { files: { 'go.mod': mod, 'go.sum': GO_SUM } });
    assert.deepEqual(
      r.findings.map((f) => f.message),
      ['go.sum has no entry for example.com/fork v1.2.1 (required in go.mod:6, replaced by example.com/fork v1.2.1)'],
    );
  });
});

describe('go.work.sum', () => {
  test('conflict markers and malformed lines in go.work.sum are errors, never a pass', async () => {
    const r = await runCheck(goSum, {
      files: {
        'go.work': 'go 1.22\n\nuse ./a\n',
        'go.work.sum': `<<<<<<< HEAD\nexample.com/x v1.0.0 ${h1('x')}\n=======\n>>>>>>> theirs\ngarbage\n`,
        'a/go.mod': 'module example.com/a\n\ngo 1.22\n',
      },
    });
    assert.equal(r.status, 'fail');
    assert.deepEqual(
      r.findings.map((f) => [f.file, f.line, f.severity]),
      [
        ['go.work.sum', 1, 'error'],
        ['go.work.sum', 3, 'error'],
        ['go.work.sum', 4, 'error'],
        ['go.work.sum', 5, 'error'],
      ],
    );
    assert.match(
      r.findings[0].fix?.commands?.posix ?? '',
      /^grep -Ev .* go.work.sum > go.work.sum.tmp && mv go.work.sum.tmp go.work.sum && git add go.work.sum$/,
    );
  });
});

describe('go-mod-syntax', () => {
  test('syntax errors are errors at their line; an unknown directive too, as go 1.26 says — a warning with a newer go', async () => {
    const files = { 'go.mod': 'module example.com/m\n\ngo 1.22\nrequire example.com/x\nfrobnicate x\n' };
    const r = await runCheck(goModSyntax, { files });
    assert.deepEqual(
      r.findings.map((f) => [f.severity, f.file, f.line]),
      [
        ['error', 'go.mod', 4],
        ['error', 'go.mod', 5],
      ],
    );
    assert.match(r.findings[0].why ?? '', /errors parsing go.mod/);
    const newer = await runCheck(goModSyntax, { files, goEnv: { GOVERSION: 'go1.27.2' } });
    assert.deepEqual(
      newer.findings.map((f) => f.severity),
      ['error', 'warning'],
    );
  });

  test("the local go's version comes from GOROOT/VERSION, without starting go env", async () => {
    const files = { 'go.mod': 'module example.com/m\n\ngo 1.22\n\nfrobnicate x\n' };
    // go env fails here: only the VERSION file can say that the local go is newer.
    const fromFile = await runCheck(goModSyntax, {
      files,
      goEnv: null,
      hostFiles: { '/usr/local/go/VERSION': 'go1.27.1\ntime 2027-02-01T00:00:00Z\n' },
    });
    assert.deepEqual(
      fromFile.findings.map((f) => f.severity),
      ['warning'],
      'a go newer than the grammar gohooks knows may know the directive',
    );
    const noFile = await runCheck(goModSyntax, { files, goEnv: { GOVERSION: 'go1.27.2' } });
    assert.deepEqual(
      noFile.findings.map((f) => f.severity),
      ['warning'],
      'without GOROOT/VERSION, go env says',
    );
    const neither = await runCheck(goModSyntax, { files, goEnv: null });
    assert.deepEqual(
      neither.findings.map((f) => f.severity),
      ['error'],
    );
  });

  test('what only loading rejects is an error too; a go.work use of a directory without go.mod', async () => {
    const r = await runCheck(goModSyntax, {
      files: {
        'go.work': 'go 1.22\n\nuse (\n\t./a\n\t./gone\n)\n',
        'a/go.mod': 'module example.com/a\n\ngo 1.22\n\nrequire example.com/x v1.2\n',
      },
    });
    const messages = r.findings.map((f) => `${f.file}:${f.line} ${f.message.split('\n')[0]}`);
    assert.ok(
      messages.some((m) => /^go.work:5 cannot load module .\/gone listed in go.work file/.test(m)),
      messages.join('\n'),
    );
    assert.equal(r.findings.find((f) => f.file === 'go.work')?.fix?.commands?.posix, 'go work edit -dropuse=./gone');
  });

  test('go work edit -dropuse runs in the go.work directory, and only for a path it can remove', async () => {
    const r = await runCheck(goModSyntax, {
      files: {
        'services/go.work': 'go 1.22\n\nuse (\n\t./a\n\t./gone\n\tgone2\n)\n',
        'services/a/go.mod': 'module example.com/a\n\ngo 1.22\n',
      },
    });
    const fixes = r.findings
      .filter((f) => /cannot load module/.test(f.message))
      .map((f) => [f.line, f.fix?.commands?.posix, f.fix?.summary]);
    assert.deepEqual(fixes, [
      [5, 'go -C services work edit -dropuse=./gone', 'add services/gone/go.mod (go mod init), or drop the line'],
      // go work edit turns "gone2" into "./gone2", which is not the line: it would exit 0 and remove nothing.
      [
        6,
        undefined,
        'add services/gone2/go.mod (go mod init), or delete line 6 of services/go.work (go work edit -dropuse only removes a ./ path)',
      ],
    ]);
  });

  test('conflict markers are errors whatever the go line or the local go: no Go has such a directive', async () => {
    const gomod = 'module example.com/m\n\ngo 1.99\n\n<<<<<<< HEAD\nrequire example.com/a v1.0.0\n=======\n>>>>>>> other\n';
    const gowork = 'go 1.99\n\n<<<<<<< HEAD\nuse ./a\n=======\nuse ./b\n>>>>>>> other\n';
    const members = { 'a/go.mod': 'module example.com/a\n\ngo 1.22\n', 'b/go.mod': 'module example.com/b\n\ngo 1.22\n' };
    for (const GOVERSION of ['go1.26.8', 'go1.99.0']) {
      for (const [file, files] of [
        ['go.mod', { 'go.mod': gomod }],
        ['go.work', { 'go.work': gowork, ...members }],
      ] as const) {
        const r = await runCheck(goModSyntax, { files, goEnv: { GOVERSION } });
        const markers = r.findings.filter((f) => f.file === file && /merge conflict marker/.test(f.message));
        assert.deepEqual(
          markers.map((f) => [f.severity, f.line]),
          file === 'go.mod'
            ? [
                ['error', 5],
                ['error', 7],
                ['error', 8],
              ]
            : [
                ['error', 3],
                ['error', 5],
                ['error', 7],
              ],
          `${file} with ${GOVERSION}`,
        );
        assert.equal(r.status, 'fail');
        assert.match(markers[0].why ?? '', new RegExp(`errors parsing ${file}`));
      }
    }
    // An unknown directive under the same newer go line stays a warning: that Go may know it.
    const newer = await runCheck(goModSyntax, { files: { 'go.mod': 'module example.com/m\n\ngo 1.99\n\nfrobnicate x\n' } });
    assert.deepEqual(
      newer.findings.map((f) => f.severity),
      ['warning'],
    );
  });

  test("a /v2 path at v3 is the go command's error; the fix deletes the require line as text, then go get adds the right major", async () => {
    const r = await runCheck(goModSyntax, {
      files: { 'go.mod': 'module example.com/m\n\ngo 1.22\n\nrequire (\n\texample.com/lib/v2 v3.1.0 // bumped by hand\n)\n' },
    });
    assert.equal(r.findings.length, 1);
    assert.equal(r.findings[0].message, 'require example.com/lib/v2: version "v3.1.0" invalid: should be v2, not v3');
    const pattern = '^[[:space:]]*(require[[:space:]]+)?example[.]com/lib/v2[[:space:]]+v3[.]1[.]0([[:space:]]|$)';
    assert.equal(
      r.findings[0].fix?.commands?.posix,
      `grep -Ev '${pattern}' go.mod > go.mod.tmp && mv go.mod.tmp go.mod && go get example.com/lib/v3@v3.1.0`,
    );
    const ps = pattern.replaceAll('[[:space:]]', '\\s');
    assert.equal(
      r.findings[0].fix?.commands?.powershell,
      `@(Get-Content go.mod) -notmatch '${ps}' | Set-Content go.mod; go get example.com/lib/v3@v3.1.0`,
    );
    assert.equal(
      r.findings[0].fix?.commands?.cmd,
      `powershell -NoProfile -Command "@(Get-Content go.mod) -notmatch '${ps}' | Set-Content go.mod" && go get example.com/lib/v3@v3.1.0`,
    );
    assert.match(r.findings[0].fix?.summary ?? '', /delete the require of example.com\/lib\/v2 .*go get.*\+incompatible/);

    // Below the root: the text edit names the file from the root, go get runs there with -C.
    const sub = await runCheck(goModSyntax, {
      files: { 'tools/go.mod': 'module example.com/m\n\ngo 1.22\n\nrequire example.com/lib v3.1.0\n' },
    });
    assert.equal(
      sub.findings[0].fix?.commands?.posix,
      "grep -Ev '^[[:space:]]*(require[[:space:]]+)?example[.]com/lib[[:space:]]+v3[.]1[.]0([[:space:]]|$)' tools/go.mod > tools/go.mod.tmp && " +
        'mv tools/go.mod.tmp tools/go.mod && go -C tools get example.com/lib/v3@v3.1.0',
    );
  });

  test('the major-version fix prints commands only when pasting them makes go.mod parse', async () => {
    const fixOf = async (gomod: string) => (await runCheck(goModSyntax, { files: { 'go.mod': gomod } })).findings[0].fix;
    // Another error in the file: go get would still stop on it.
    const twoErrors = await fixOf('module example.com/m\n\ngo 1.22\n\nrequire example.com/lib/v2 v3.1.0\nrequire example.com/x\n');
    assert.equal(twoErrors?.commands, undefined);
    assert.match(twoErrors?.summary ?? '', /delete the require of example.com\/lib\/v2/);
    // The same requirement twice: both lines are errors, so neither fix alone makes go.mod parse.
    const twice = await fixOf('module example.com/m\n\ngo 1.22\n\nrequire example.com/lib/v2 v3.1.0\nrequire example.com/lib/v2 v3.1.0\n');
    assert.equal(twice?.commands, undefined);
  });
});

describe('go-mod-hygiene', () => {
  const mod = `${GO_MOD}\nreplace example.com/lib => ../../elsewhere/lib\n`;
  test('a replace outside the repository is a warning; allowPaths accepts it', async () => {
    const r = await runCheck(goModHygiene, { files: { 'go.mod': mod } });
    assert.deepEqual(
      r.findings.map((f) => [f.severity, f.line, f.message]),
      [['warning', 10, 'replace example.com/lib => "../../elsewhere/lib" points outside the repository']],
    );
    const allowed = await runCheck(goModHygiene, {
      files: { 'go.mod': mod },
      config: { checks: { 'go-mod-hygiene': { options: { allowPaths: ['../../elsewhere/lib'] } } } },
    });
    assert.deepEqual(allowed.findings, []);
  });

  test('vendor/modules.txt out of step with go.mod, in the go command’s words', async () => {
    const r = await runCheck(goModHygiene, {
      files: { 'go.mod': GO_MOD, 'vendor/modules.txt': '# example.com/lib v1.1.0\n## explicit\nexample.com/lib\n' },
    });
    assert.equal(r.findings.length, 1);
    assert.match(
      r.findings[0].message,
      /^inconsistent vendoring in the module root:\n {2}example.com\/lib@v1.2.0: is explicitly required in go.mod, but vendor\/modules.txt indicates example.com\/lib@v1.1.0/,
    );
    assert.equal(r.findings[0].fix?.commands?.posix, 'go mod vendor && git add -A vendor');
  });
});

describe('toolchain', () => {
  test('a go line newer than the local go with GOTOOLCHAIN=local is the go command’s own error', async () => {
    const r = await runCheck(toolchain, {
      files: { 'go.mod': 'module example.com/m\n\ngo 1.99.0\n' },
      goEnv: { GOTOOLCHAIN: 'local' },
      fromEnv: ['GOTOOLCHAIN'],
    });
    assert.deepEqual(
      r.findings.map((f) => [f.severity, f.message]),
      [['error', 'go: go.mod requires go >= 1.99.0 (running go 1.26.8; GOTOOLCHAIN=local)']],
    );
    // GOTOOLCHAIN comes from the environment: the fix is a profile line, not go env -w.
    assert.match(r.findings[0].fix!.commands!.posix!, /~\/.bashrc/);
  });

  test('a toolchain line below the go line has no effect (warning)', async () => {
    const r = await runCheck(toolchain, { files: { 'go.mod': 'module example.com/m\n\ngo 1.22.0\n\ntoolchain go1.21.0\n' } });
    assert.deepEqual(
      r.findings.map((f) => [f.severity, f.line]),
      [['warning', 5]],
    );
    assert.equal(r.findings[0].fix?.commands?.posix, 'go mod edit -toolchain=none');
  });
});

describe('toolchain in a workspace', () => {
  const files = {
    'ws/go.work': 'go 1.21\n\nuse (\n\t./a\n\t./b\n)\n',
    'ws/a/go.mod': 'module example.com/a\n\ngo 1.22\n',
    'ws/b/go.mod': 'module example.com/b\n\ngo 1.23\n',
  };
  test('go.work below a module’s go line: the fix raises it to the highest, in go.work’s directory', async () => {
    const r = await runCheck(toolchain, { files });
    const errs = r.findings.filter((f) => f.severity === 'error' && /listed in go.work/.test(f.message));
    assert.equal(errs.length, 2);
    for (const e of errs) assert.equal(e.fix?.commands?.posix, 'go -C ws work edit -go=1.23');
  });
  test('in pre-commit, when the work tree’s go.work already has it, the fix is to stage it', async () => {
    const r = await runCheck(toolchain, {
      files,
      mode: 'pre-commit',
      sourceKind: 'index',
      unstaged: { 'ws/go.work': files['ws/go.work'].replace('go 1.21', 'go 1.23') },
    });
    const e = r.findings.find((f) => /listed in go.work/.test(f.message));
    assert.equal(e?.fix?.commands?.posix, 'git add ws/go.work');
  });
});

describe('go-mod-tidy', () => {
  const diff = [
    'diff current/go.sum tidy/go.sum',
    '--- current/go.sum',
    '+++ tidy/go.sum',
    '@@ -1,4 +1,2 @@',
    ...Array.from({ length: 30 }, (_, i) => `-example.com/stale${i} v1.0.0 h1:x=`),
  ].join('\n');
  const script = (out: { exitCode: number; stdout?: string; stderr?: string }) => (_file: string, args: string[]) =>
    args.join(' ') === 'mod tidy -diff' ? out : undefined;

  test('a tidy diff is an error on go.sum, shortened to maxDiffLines', async () => {
    const r = await runCheck(goModTidy, {
      files: { 'go.mod': GO_MOD, 'go.sum': GO_SUM, 'main.go': 'package main\n' },
      processes: script({ exitCode: 1, stdout: diff }),
      config: { checks: { 'go-mod-tidy': { options: { maxDiffLines: 5 } } } },
    });
    assert.equal(r.findings.length, 1);
    const f = r.findings[0];
    assert.equal(f.file, 'go.sum');
    assert.match(f.message, /^not tidy: go mod tidy would add 0 and remove 30 lines\n/);
    assert.equal(f.message.split('\n').length, 1 + 5 + 1);
    assert.match(f.message, /… 26 more lines \(`go mod tidy -diff` shows them all, changing nothing\)/);
    assert.ok(r.calls.includes('/usr/local/go/bin/go mod tidy -diff'));
  });

  test('offline, modules missing from the cache are a warning, not an error', async () => {
    const r = await runCheck(goModTidy, {
      files: { 'go.mod': GO_MOD, 'go.sum': GO_SUM, 'main.go': 'package main\n' },
      processes: script({ exitCode: 1, stderr: 'go: example.com/lib@v1.2.0: module lookup disabled by GOPROXY=off\n' }),
    });
    assert.deepEqual(
      r.findings.map((f) => [f.severity, f.message]),
      [['warning', 'go mod tidy needs a module not in the module cache: example.com/lib@v1.2.0']],
    );
    assert.equal(r.findings[0].notChecked, true);
    assert.equal(r.status, 'not-checked');
  });

  test('with Go older than 1.23 it is skipped with an info line and starts nothing', async () => {
    const r = await runCheck(goModTidy, { files: { 'go.mod': GO_MOD }, goEnv: { GOVERSION: 'go1.22.5' } });
    assert.deepEqual(
      r.findings.map((f) => f.severity),
      ['info'],
    );
    assert.ok(!r.calls.some((c) => c.includes('tidy')));
  });
});

describe('goprivate', () => {
  test('a private module the public proxy would get is an error whose fix adds it to GOPRIVATE', async () => {
    const r = await runCheck(goprivate, {
      files: { 'go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire git.corp.example/team/lib v1.0.0\n' },
      config: { private: ['git.corp.example'] },
    });
    const errors = r.findings.filter((f) => f.severity === 'error');
    assert.equal(errors.length, 1);
    assert.match(
      errors[0].message,
      /^git.corp.example\/team\/lib is private \(config git.corp.example\), but would be requested from proxy.golang.org and looked up in sum.golang.org/,
    );
    assert.equal(errors[0].fix?.commands?.posix, 'go env -w GOPRIVATE=git.corp.example');
    assert.deepEqual([errors[0].file, errors[0].line], ['go.mod', 5]);
  });

  test('a GOPRIVATE entry with a space after the comma never matches: an error', async () => {
    const r = await runCheck(goprivate, {
      files: { 'go.mod': GO_MOD },
      goEnv: { GOPRIVATE: 'git.corp.example, github.com/acme' },
    });
    assert.ok(r.findings.some((f) => f.severity === 'error' && /GOPRIVATE entry " github.com\/acme"/.test(f.message)));
  });

  test('when go env fails, the check is not checked and the runner reports one error', async () => {
    const r = await runCheck(goprivate, { files: { 'go.mod': GO_MOD }, goEnv: null });
    assert.equal(r.status, 'not-checked');
    assert.deepEqual(
      r.findings.map((f) => [f.severity, f.check]),
      [['error', 'goprivate']],
    );
    assert.match(r.findings[0].message, /goprivate could not run$/);
  });

  test('without go at all, it is not checked, with a warning saying how to install Go', async () => {
    const r = await runCheck(goprivate, { files: { 'go.mod': GO_MOD }, goBinary: null });
    assert.equal(r.status, 'not-checked');
    assert.equal(r.findings[0].notChecked, true);
    assert.deepEqual(
      r.findings.map((f) => [f.severity, f.message]),
      [['warning', 'goprivate: go was not found on PATH']],
    );
  });
});

describe('private modules: only the configuration says so', () => {
  // A vanity-domain repository whose public dependency lives on the same domain (go.uber.org, k8s.io …).
  const vanity = {
    'go.mod': 'module go.corp-oss.example/app\n\ngo 1.22\n\nrequire go.corp-oss.example/client/v2 v2.1.0\n',
    'go.sum': sumLines([['go.corp-oss.example/client/v2', 'v2.1.0']]).join('\n') + '\n',
  };
  const origin = (file: string, args: string[]) =>
    file === 'git' && args.join(' ') === 'config --get remote.origin.url'
      ? { stdout: 'git@code.corp-oss.example:team/app.git\n' }
      : undefined;

  test('a guess never appears in a hook, and is information in verify', async () => {
    for (const mode of ['pre-commit', 'pre-push'] as const) {
      const r = await runCheck(goprivate, { files: vanity, mode, processes: origin });
      assert.deepEqual(r.findings, [], mode);
    }
    const v = await runCheck(goprivate, { files: vanity, mode: 'verify', processes: origin });
    assert.deepEqual(
      v.findings.filter((f) => /client\/v2/.test(f.message)).map((f) => [f.severity, f.fix?.commands]),
      [['info', undefined]],
    );
    // What list, explain and SARIF print about it says the same.
    assert.match(
      goprivate.docs,
      /only looks private .* is information in gohooks verify, never reported in a hook and never given a command/,
    );
    assert.doesNotMatch(goprivate.docs, /as warnings/);
  });

  test('git-auth: nothing for a guess, nothing for a private module a proxy serves', async () => {
    const guess = await runCheck(gitAuth, { files: vanity, mode: 'pre-push', processes: origin });
    assert.deepEqual(guess.findings, []);
    assert.ok(!guess.calls.some((c) => c.startsWith('ssh') || c.includes('ls-remote')), guess.calls.join('\n'));
    const proxied = await runCheck(gitAuth, {
      files: { 'go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire git.corp.example/team/lib v1.0.0\n' },
      mode: 'pre-push',
      config: { private: ['git.corp.example'] },
      goEnv: { GOPROXY: 'https://athens.corp.example', GONOSUMDB: 'git.corp.example' },
    });
    assert.deepEqual(proxied.findings, []);
  });

  test('git-auth: a declared private module fetched with git and no credentials is an error', async () => {
    const r = await runCheck(gitAuth, {
      files: { 'go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire git.corp.example/team/lib v1.0.0\n' },
      mode: 'pre-push',
      goEnv: { GOPRIVATE: 'git.corp.example' },
    });
    assert.deepEqual(
      r.findings.map((f) => [f.severity, f.message.split(':')[0]]),
      [['error', 'git.corp.example']],
    );
    assert.match(r.findings[0].message, /git has no credentials for it/);
  });
});

describe('git-auth: GitLab subgroups', () => {
  // The first module on the host is no subgroup: before, only that one was looked at.
  const files = {
    'go.mod': [
      'module example.com/app',
      '',
      'go 1.22',
      '',
      'require (',
      '\tgitlab.corp.example/team/app v1.0.0',
      '\tgitlab.corp.example/team/lib/v2 v2.0.0',
      '\tgitlab.corp.example/group/sub/one v1.0.0',
      '\tgitlab.corp.example/group/sub/two v1.0.0 // indirect',
      '\tgitlab.corp.example/group/sub/local v1.0.0',
      '\tgitlab.corp.example/group/sub/repo.git v1.0.0',
      '\tgitlab.other.example/group/sub/guess v1.0.0',
      ')',
      '',
      'replace gitlab.corp.example/group/sub/local => ./local',
      '',
    ].join('\n'),
    'local/go.mod': 'module gitlab.corp.example/group/sub/local\n\ngo 1.22\n',
  };
  const gitlab = (r: { findings: Finding[] }) => r.findings.filter((f) => /GitLab|\?go-get=1/.test(f.message));

  test('every declared private module the go.mod requires is considered, each host once', async () => {
    const r = await runCheck(gitAuth, { files, mode: 'pre-push', goEnv: { GOPRIVATE: 'gitlab.corp.example' } });
    assert.deepEqual(
      gitlab(r).map((f) => [f.severity, f.message.split(': go finds')[0], f.line]),
      // Not team/app (host/group/project), not lib/v2 (a major-version suffix), not local (replaced by a directory:
      // never fetched), not repo.git (no discovery), not gitlab.other.example (not declared private: no guessing).
      [['warning', 'gitlab.corp.example/group/sub/one, gitlab.corp.example/group/sub/two', 8]],
    );
    assert.match(gitlab(r)[0].message, /go finds their repositories .*GOAUTH=netrc has no credential for gitlab.corp.example$/);
  });

  test('a .netrc entry go reads for the host: no warning, and in verify one information line for the host', async () => {
    const hostFiles = { '/home/dev/.netrc': 'machine gitlab.corp.example login bot password glpat-xxxxxxxxxxxxxxxxxxxx\n' };
    const push = await runCheck(gitAuth, { files, hostFiles, mode: 'pre-push', goEnv: { GOPRIVATE: 'gitlab.corp.example' } });
    assert.deepEqual(gitlab(push), []);
    const verify = await runCheck(gitAuth, { files, hostFiles, mode: 'verify', goEnv: { GOPRIVATE: 'gitlab.corp.example' } });
    assert.deepEqual(
      gitlab(verify).map((f) => [f.severity, f.message]),
      [
        [
          'info',
          'gitlab.corp.example: go discovers repositories with an https request (?go-get=1), authenticated by GOAUTH=netrc (.netrc has an entry)',
        ],
      ],
    );
  });
});

describe('doctor checks', () => {
  test('env-cache: an unwritable cache is an error; the fix depends on where the value comes from', async () => {
    const r = await runCheck(envCache, { goEnv: { GOMODCACHE: '/readonly/mod' }, mode: 'doctor', hostFiles: { '/readonly/mod/': '' } });
    assert.deepEqual(
      r.findings.map((f) => [f.severity, f.message]),
      [['error', 'GOMODCACHE /readonly/mod is not writable']],
    );
    assert.equal(r.findings[0].fix?.commands?.posix, 'go env -u GOMODCACHE', 'set with go env -w: back to the default');
    const byDefault = await runCheck(envCache, { mode: 'doctor', readOnly: ['/home/dev/go'], hostFiles: { '/home/dev/go/pkg/mod/': '' } });
    assert.deepEqual(
      byDefault.findings.map((f) => f.message),
      ['GOMODCACHE /home/dev/go/pkg/mod is not writable'],
    );
    assert.equal(byDefault.findings[0].fix?.commands?.posix, 'chmod u+w /home/dev/go/pkg/mod', 'the default itself: make it writable');
  });

  test('env-cache: a default cache not created yet is normal; one go cannot create is an error without a command that fails', async () => {
    // Neither cache exists yet, and their parents are writable: go creates them when first needed.
    const fresh = await runCheck(envCache, { mode: 'doctor', hostFiles: { '/home/dev/': '' } });
    assert.deepEqual(
      fresh.findings.map((f) => [f.severity, f.message, f.fix]),
      [
        [
          'info',
          'GOCACHE /home/dev/.cache/go-build (not created yet: go creates it when first needed); ' +
            'GOMODCACHE /home/dev/go/pkg/mod (not created yet: go creates it when first needed)',
          undefined,
        ],
      ],
    );
    // The nearest existing parent is read-only: go fails to create it ("could not create module cache: mkdir …").
    const blocked = await runCheck(envCache, { mode: 'doctor', hostFiles: { '/home/dev/.cache/go-build/': '' }, readOnly: ['/home/dev'] });
    const f = blocked.findings.find((x) => x.message.startsWith('GOMODCACHE'));
    assert.equal(f?.severity, 'error');
    assert.equal(f?.message, 'GOMODCACHE /home/dev/go/pkg/mod does not exist, and go cannot create it: /home/dev is not writable');
    assert.equal(f?.why, 'Every download stops with "go: could not create module cache: mkdir …: permission denied".');
    assert.equal(f?.fix?.commands, undefined, 'no chmod on a directory that does not exist');
    assert.match(f?.fix?.summary ?? '', /^point GOMODCACHE at a directory you can write/);
    // Set by the user (go env -w): back to the default, as for any unusable setting of theirs.
    const own = await runCheck(envCache, { mode: 'doctor', goEnv: { GOMODCACHE: '/readonly/new/mod' } });
    assert.equal(own.findings[0].fix?.commands?.posix, 'go env -u GOMODCACHE');
  });

  test('env-cache: sizes only when asked (the doctor --sizes option)', async () => {
    const hostFiles = { '/home/dev/.cache/go-build/a': 'x'.repeat(3 * 1048576), '/home/dev/go/pkg/mod/b': 'y' };
    const plain = await runCheck(envCache, { hostFiles, mode: 'doctor' });
    assert.doesNotMatch(plain.findings[0].message, /MB/);
    const sized = await runCheck(envCache, {
      hostFiles,
      mode: 'doctor',
      config: { checks: { 'env-cache': { options: { sizes: true } } } },
    });
    assert.match(sized.findings[0].message, /GOCACHE \/home\/dev\/.cache\/go-build \(3 MB\)/);
  });

  test('env-cgo: cgo on with a C compiler that does not exist is an error, wherever CGO_ENABLED and CC come from', async () => {
    const absent = await runCheck(envCgo, {
      mode: 'doctor',
      goEnv: { CGO_ENABLED: '1', CC: '/opt/nowhere/cc' },
      fromEnv: ['CGO_ENABLED', 'CC'],
    });
    assert.deepEqual(
      absent.findings.map((f) => [f.severity, f.message]),
      [['error', 'cgo is on (CGO_ENABLED=1, set in your environment), but the C compiler /opt/nowhere/cc (go env CC) is not found']],
    );
    const goenv = await runCheck(envCgo, { mode: 'doctor', goEnv: { CGO_ENABLED: '1', CC: 'clang' } });
    assert.match(goenv.findings[0].message, /set with go env -w\), but the C compiler clang/);
    assert.equal(goenv.findings[0].fix?.commands?.posix, 'go env -w CGO_ENABLED=0');
    const withFiles = await runCheck(envCgo, {
      mode: 'doctor',
      files: { 'go.mod': 'module example.com/m\n\ngo 1.22\n' },
      hostFiles: { '/repo/c.go': 'package main\n\n// #include <stdio.h>\nimport "C"\n' },
      goEnv: { CGO_ENABLED: '1', CC: 'gcc' },
    });
    assert.equal(withFiles.findings[0].severity, 'error');
    assert.match(withFiles.findings[0].fix?.summary ?? '', /install gcc|C compiler|gcc/);
    const fine = await runCheck(envCgo, { mode: 'doctor', goEnv: { CGO_ENABLED: '1', CC: 'gcc' }, programs: { gcc: ['/usr/bin/gcc'] } });
    assert.deepEqual(
      fine.findings.map((f) => f.severity),
      ['info'],
    );
  });

  test('env-go: a different go shadowed on PATH is a warning naming both', async () => {
    const r = await runCheck(envGo, {
      mode: 'doctor',
      programs: { go: ['/usr/local/go/bin/go', '/usr/bin/go'] },
      processes: (file) => ({ stdout: `go version go${file === '/usr/bin/go' ? '1.19.2' : '1.26.8'} linux/amd64\n` }),
    });
    const warning = r.findings.find((f) => f.severity === 'warning');
    assert.equal(warning?.message, '/usr/bin/go (go 1.19.2) is shadowed by /usr/local/go/bin/go (go 1.26.8), earlier on PATH');
  });

  test('env-proxy: a bare word in GOPROXY is an error; GOSUMDB=off a warning', async () => {
    const r = await runCheck(envProxy, { mode: 'doctor', goEnv: { GOPROXY: 'corpproxy', GOSUMDB: 'off' } });
    assert.deepEqual(
      r.findings.map((f) => [f.severity, f.message]),
      [
        ['error', 'GOPROXY: invalid proxy URL missing scheme: corpproxy'],
        ['warning', 'GOSUMDB=off: downloads are not checked against a checksum database'],
      ],
    );
  });
});

describe('gofmt', () => {
  /** git ls-files -s and cat-file --batch for the asked paths: blob i holds "x<i>". */
  const stagedBlobs = (file: string, args: string[]) => {
    if (file !== 'git') return undefined;
    if (args.includes('ls-files'))
      return {
        stdout: args
          .slice(args.indexOf('--') + 1)
          .map((n, i) => `100644 ${String(i).padStart(40, '0')} 0\t${n}\0`)
          .join(''),
      };
    if (args[0] === 'cat-file') return { stdout: [0, 1, 2].map((i) => `${String(i).padStart(40, '0')} blob 2\nx${i}\n`).join('') };
    return undefined;
  };

  test('vendor/, testdata/, _ and . directories and excluded globs are never checked; several files get one fix', async () => {
    const goFiles = ['vendor/x/a.go', 'pkg/testdata/b.go', '_tools/c.go', '.hidden/d.go', 'gen/e.go', 'cmd/f.go', 'cmd/g.go', 'h.go'];
    const seen: string[] = [];
    const r = await runCheck(gofmt, {
      mode: 'pre-commit',
      sourceKind: 'index',
      goFiles,
      config: { checks: { gofmt: { options: { exclude: ['gen/**'] } } } },
      programs: { gofmt: ['/usr/local/go/bin/gofmt'] },
      processes: (file, args) => {
        if (file === 'git' && args.includes('ls-files')) seen.push(...args.slice(args.indexOf('--') + 1));
        if (file.endsWith('gofmt')) return { exitCode: 0, stdout: 'f0.go\nf1.go\nf2.go\n' };
        return stagedBlobs(file, args);
      },
    });
    assert.deepEqual(seen, ['cmd/f.go', 'cmd/g.go', 'h.go']);
    assert.equal(r.findings.length, 1);
    assert.equal(r.findings[0].message, '3 staged files are not gofmt-formatted: cmd/f.go, cmd/g.go, h.go');
    assert.equal(r.findings[0].fix?.commands?.posix, 'gofmt -w cmd/f.go cmd/g.go h.go && git add -- cmd/f.go cmd/g.go h.go');
  });

  test('nothing of its own staged: no gofmt run at all', async () => {
    const r = await runCheck(gofmt, {
      mode: 'pre-commit',
      sourceKind: 'index',
      goFiles: ['vendor/a/a.go'],
      programs: { gofmt: ['/usr/local/go/bin/gofmt'] },
    });
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.calls, []);
  });

  test('reports gofmt -l and parse errors on the staged blobs, by their repo names', async () => {
    const r = await runCheck(gofmt, {
      mode: 'pre-commit',
      sourceKind: 'index',
      goFiles: ['a b.go', 'ok.go', 'bad.go'],
      programs: { gofmt: ['/usr/local/go/bin/gofmt'] },
      processes: (file, args) => {
        if (file === 'git' && args.includes('ls-files'))
          return { stdout: ['a b.go', 'ok.go', 'bad.go'].map((n, i) => `100644 ${'a'.repeat(39)}${i} 0\t${n}\0`).join('') };
        if (file === 'git' && args[0] === 'cat-file')
          return { stdout: [0, 1, 2].map((i) => `${'a'.repeat(39)}${i} blob 2\nx${i}\n`).join('') };
        if (file.endsWith('gofmt')) return { exitCode: 2, stdout: 'f0.go\n', stderr: 'f2.go:3:1: expected declaration, found x\n' };
        return undefined;
      },
    });
    assert.deepEqual(
      r.findings.map((f) => [f.file, f.line, f.message]),
      [
        ['a b.go', undefined, 'not gofmt-formatted (staged version)'],
        ['bad.go', 3, 'does not parse: expected declaration, found x'],
      ],
    );
    assert.equal(r.findings[0].fix?.commands?.posix, "gofmt -w 'a b.go' && git add -- 'a b.go'");
    assert.equal(ROOT, '/repo');
  });
});

describe('the runner', () => {
  const probe = defineCheck({
    id: 'probe',
    title: 'a probe',
    hooks: ['verify'],
    docs: 'test only',
    options: { limit: { type: 'number', default: 3, description: 'a limit' }, name: { type: 'string', description: 'a name' } },
    run: async (_ctx, { options }) => [
      { severity: 'error', message: `limit ${options.limit}, name ${options.name ?? 'unset'}`, why: 'because' },
      { severity: 'warning', message: 'a warning' },
      { severity: 'info', message: 'a fact' },
    ],
  });

  test('hands over options resolved against their defaults, and stamps the check id', async () => {
    const r = await runCheck(probe);
    assert.equal(r.status, 'fail');
    assert.deepEqual(
      r.findings.map((f) => [f.check, f.severity, f.message, f.why]),
      [
        ['probe', 'error', 'limit 3, name unset', 'because'],
        ['probe', 'warning', 'a warning', undefined],
        ['probe', 'info', 'a fact', undefined],
      ],
    );
    const configured = await runCheck(probe, { config: { checks: { probe: { options: { limit: 9, name: 'x' } } } } });
    assert.equal(configured.findings[0].message, 'limit 9, name x');
  });

  test('a severity override applies to errors and warnings, never to information', async () => {
    const r = await runCheck(probe, { config: { checks: { probe: { severity: 'warning' } } } });
    assert.equal(r.status, 'warn');
    assert.deepEqual(
      r.findings.map((f) => f.severity),
      ['warning', 'warning', 'info'],
    );
  });

  test('a check that throws is an error finding that says it is a gohooks bug, not a crash', async () => {
    const broken = defineCheck({ id: 'broken', title: 'broken', hooks: ['verify'], docs: 'test only', run: async () => JSON.parse('{') });
    const r = await runCheck(broken);
    assert.equal(r.status, 'error');
    assert.equal(r.findings.length, 1);
    assert.match(r.findings[0].message, /^broken could not run: /);
    assert.match(r.findings[0].fix!.summary, /gohooks bug/);
  });

  test('selectChecks: --check keeps go-mod-syntax; skips from config, flags and GOHOOKS_SKIP; unknown ids are usage errors', () => {
    const config = { ...defaultConfig(), skip: ['toolchain'] };
    const ids = (only: string[], skip: string[], env: NodeJS.ProcessEnv = {}) =>
      selectChecks(ALL_CHECKS, 'verify', config, { only, skip }, env).map((c) => c.id);
    assert.deepEqual(ids(['go-sum'], []), ['go-mod-syntax', 'go-sum']);
    assert.deepEqual(ids([], ['mod-verify'], { GOHOOKS_SKIP: 'git-auth, goprivate' }), [
      'go-mod-syntax',
      'go-sum',
      'go-mod-hygiene',
      'go-mod-tidy',
    ]);
    assert.throws(
      () => ids(['nope'], []),
      (e: unknown) => e instanceof UsageError && /unknown check "nope"/.test((e as Error).message),
    );
  });
});
