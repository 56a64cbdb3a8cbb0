// `gohooks verify` end to end: the built CLI, real go, real git, a file://
// proxy and a private module cache per sandbox. No network.

import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gitCommitAll, gitInit, makeGoModule } from '../dev/testkit/project.js';
import { libModule, moduleZip } from '../dev/testkit/proxy.js';
import { makeSandbox, makeWritable, type Sandbox } from '../dev/testkit/sandbox.js';
import { assertContract } from './contract.js';
import { gohooks } from './helpers.js';

const DEPS = [
  { path: 'example.com/alpha', version: 'v1.0.0' },
  { path: 'example.com/beta', version: 'v1.2.0' },
];
const MODULES = [
  libModule('example.com/alpha', 'v1.0.0'),
  libModule('example.com/beta', 'v1.2.0'),
  libModule('example.com/beta', 'v1.3.0'),
  libModule('example.com/delta/v3', 'v3.0.0'),
];

let sb: Sandbox;
let template: string;
let counter = 0;

/** A fresh git repo holding a copy of the clean, tidy module (sharing the sandbox's module cache). */
function cleanRepo(name = `repo${counter++}`): string {
  const dir = path.join(sb.dir, name);
  cpSync(template, dir, { recursive: true });
  gitInit(sb, name);
  gitCommitAll(sb, dir, 'initial');
  return dir;
}

function verify(cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  return gohooks(['verify', ...args], { cwd, env: { ...sb.env, ...env } });
}

function json(cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const r = verify(cwd, ['--format', 'json', ...args], env);
  return { ...r, doc: assertContract(r.stdout) };
}

before(() => {
  sb = makeSandbox();
  sb.addModules(MODULES);
  template = makeGoModule(sb, { rel: 'template', modulePath: 'example.org/app', deps: DEPS });
});
after(() => sb.cleanup());

describe('gohooks verify', () => {
  test('a clean module passes with exit 0 and one summary line', () => {
    const repo = cleanRepo();
    const r = verify(repo);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ 1 module: no problems \(8 checks/);
    assert.equal(r.stderr, '');
    const j = json(repo);
    assert.deepEqual(j.doc.findings, []);
    assert.deepEqual(
      j.doc.summary.checks.map((c) => [c.id, c.status]),
      [
        ['go-mod-syntax', 'pass'],
        ['go-sum', 'pass'],
        ['go-mod-hygiene', 'pass'],
        ['toolchain', 'pass'],
        ['mod-verify', 'pass'],
        ['go-mod-tidy', 'pass'],
        ['goprivate', 'pass'],
        ['git-auth', 'pass'],
      ],
    );
  });

  test('go.sum: a missing line, two hashes, conflict markers and a malformed line, each with its line', () => {
    const repo = cleanRepo();
    const sumFile = path.join(repo, 'go.sum');
    const lines = readFileSync(sumFile, 'utf8').trimEnd().split('\n');
    // lines: alpha zip, alpha mod, beta zip, beta mod
    const betaZip = lines[2];
    const other = betaZip.replace(/h1:.{4}/, 'h1:ZZZZ');
    writeFileSync(
      sumFile,
      [lines[0], '<<<<<<< HEAD', lines[1], '=======', lines[1], '>>>>>>> theirs', betaZip, other, 'example.com/gamma v1.0.0', ''].join(
        '\n',
      ),
    );
    const j = json(repo, ['--check', 'go-sum']);
    assert.equal(j.status, 1);
    const got = j.doc.findings.map((f) => [f.check, f.file, f.line, f.message.split('\n')[0]]);
    assert.deepEqual(got, [
      ['go-sum', 'go.mod', 7, 'go.sum has no /go.mod entry for example.com/beta v1.2.0 (required in go.mod:7)'],
      ['go-sum', 'go.sum', 2, 'merge conflict marker "<<<<<<< HEAD"'],
      ['go-sum', 'go.sum', 4, 'merge conflict marker "======="'],
      ['go-sum', 'go.sum', 6, 'merge conflict marker ">>>>>>> theirs"'],
      ['go-sum', 'go.sum', 8, 'example.com/beta v1.2.0 has two different hashes (line 7 and line 8)'],
      ['go-sum', 'go.sum', 9, 'wrong number of fields 2 (want: module version hash)'],
    ]);
    assert.equal(j.doc.findings[0].module, 'example.com/beta@v1.2.0');
    assert.equal(j.doc.findings[0].fix?.commands?.posix, 'go mod tidy && git add go.sum');
  });

  test('a go.sum line without three fields: go mod tidy alone keeps it; the printed fix removes it, tidies and stages', () => {
    const repo = cleanRepo();
    const sumFile = path.join(repo, 'go.sum');
    appendFileSync(sumFile, 'example.com/gamma v1.0.0\n');
    const list = sb.exec('go', ['list', '-m', 'all'], { cwd: repo, env: sb.env });
    assert.equal(list.status, 1);
    assert.match(list.stderr, /malformed go.sum:\n.*go.sum:5: wrong number of fields 2/);
    // The command printed before, alone: exit 0, and the line is still there.
    const copy = path.join(sb.dir, `tidy-only${counter++}`);
    cpSync(repo, copy, { recursive: true });
    sb.run('go', ['mod', 'tidy'], { cwd: copy, env: sb.buildEnv });
    assert.match(readFileSync(path.join(copy, 'go.sum'), 'utf8'), /^example.com\/gamma v1.0.0$/m);

    const j = json(repo, ['--check', 'go-sum']);
    const f = j.doc.findings.find((x) => x.line === 5);
    assert.equal(
      f?.message,
      'wrong number of fields 2 (want: module version hash)\nEvery go command that reads go.sum fails with "malformed go.sum".',
    );
    sb.run('sh', ['-c', f!.fix!.commands!.posix!], { cwd: repo, env: sb.buildEnv });
    assert.doesNotMatch(readFileSync(sumFile, 'utf8'), /gamma/);
    assert.equal(sb.exec('go', ['list', '-m', 'all'], { cwd: repo, env: sb.env }).status, 0);
    assert.equal(verify(repo, ['--check', 'go-sum']).status, 0);
    assert.equal(sb.run('git', ['status', '--porcelain'], { cwd: repo }), '', 'back to the committed go.sum, nothing left unstaged');
  });

  test('an untidy module is a go-mod-tidy error showing the diff; go.mod is not written', () => {
    const repo = cleanRepo();
    writeFileSync(path.join(repo, 'main.go'), 'package main\n\nimport alpha "example.com/alpha"\n\nfunc main() { _ = alpha.Version() }\n');
    const before = readFileSync(path.join(repo, 'go.mod'), 'utf8') + readFileSync(path.join(repo, 'go.sum'), 'utf8');
    const r = verify(repo, ['--check', 'go-mod-tidy']);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /✖ go-mod-tidy  go.mod: not tidy: go mod tidy would add 1 and remove 4 lines/);
    assert.match(r.stdout, /-\texample.com\/beta v1.2.0/);
    assert.match(r.stdout, /✖ go-mod-tidy  go.sum: not tidy/);
    assert.match(r.stdout, /fix: {2}go mod tidy && git add go.mod go.sum/);
    assert.equal(readFileSync(path.join(repo, 'go.mod'), 'utf8') + readFileSync(path.join(repo, 'go.sum'), 'utf8'), before);
  });

  test('offline means offline: a missing go.sum line never sends go to the checksum database', () => {
    const repo = cleanRepo();
    const sumFile = path.join(repo, 'go.sum');
    writeFileSync(sumFile, readFileSync(sumFile, 'utf8').split('\n').slice(1).join('\n')); // drop alpha's zip line
    // A checksum database that would fail loudly if anything asked it.
    const j = json(repo, ['--check', 'go-mod-tidy'], { GOSUMDB: 'sum.golang.org https://127.0.0.1:9' });
    const tidy = j.doc.findings.filter((f) => f.check === 'go-mod-tidy');
    assert.deepEqual(
      tidy.map((f) => f.file),
      ['go.sum'],
      JSON.stringify(tidy),
    );
    assert.match(tidy[0].message, /not tidy: go mod tidy would add 1 and remove 0 lines/);
    assert.doesNotMatch(JSON.stringify(j.doc), /127\.0\.0\.1|verifying module/);
  });

  test("go 1.99 with GOTOOLCHAIN=local: the go command's own message, as a toolchain error", () => {
    const repo = cleanRepo();
    const gomod = path.join(repo, 'go.mod');
    writeFileSync(gomod, readFileSync(gomod, 'utf8').replace('go 1.22', 'go 1.99'));
    const real = sb.exec('go', ['list', '-m'], { cwd: repo, env: { ...sb.env, GOTOOLCHAIN: 'local' } });
    const j = json(repo, [], { GOTOOLCHAIN: 'local' });
    assert.equal(j.status, 1);
    const tc = j.doc.findings.filter((f) => f.check === 'toolchain');
    assert.equal(tc.length, 1);
    assert.equal(tc[0].severity, 'error');
    assert.equal(tc[0].line, 3);
    assert.equal(tc[0].message.split('\n')[0], real.stderr.trim(), 'same words as the go command');
    assert.equal(
      tc[0].fix?.commands?.posix,
      "echo 'export GOTOOLCHAIN=auto' >> ~/.bashrc && export GOTOOLCHAIN=auto",
      'set in the environment: go env -w would not help',
    );
    // mod-verify and go-mod-tidy say why they did not check, without a second error.
    assert.deepEqual(
      j.doc.findings.filter((f) => f.severity === 'error').map((f) => f.check),
      ['toolchain'],
    );
  });

  test('GOTOOLCHAIN from the go env file gets a go env -w fix; toolchain below go is a warning', () => {
    const repo = cleanRepo();
    const gomod = path.join(repo, 'go.mod');
    writeFileSync(gomod, readFileSync(gomod, 'utf8').replace('go 1.22', 'go 1.99\n\ntoolchain go1.21.0'));
    writeFileSync(sb.env.GOENV!, 'GOTOOLCHAIN=local\n');
    try {
      const env = { ...sb.env, GOTOOLCHAIN: undefined };
      const r = gohooks(['verify', '--format', 'json', '--check', 'toolchain'], { cwd: repo, env });
      const doc = assertContract(r.stdout);
      const byLine = doc.findings.map((f) => [f.severity, f.line, f.fix?.commands?.posix]);
      assert.deepEqual(byLine, [
        ['error', 3, 'go env -w GOTOOLCHAIN=auto'],
        ['warning', 5, 'go mod edit -toolchain=none'],
      ]);
    } finally {
      rmSync(sb.env.GOENV!, { force: true });
    }
  });

  test('a go.mod that does not parse: exit 1 with file:line, nothing else runs go on it', () => {
    const repo = cleanRepo();
    appendFileSync(path.join(repo, 'go.mod'), '\nrequire example.com/gamma\n');
    const r = verify(repo);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /✖ go-mod-syntax  go.mod:10: usage: require module\/path v1.2.3/);
    assert.doesNotMatch(r.stdout, /mod-verify|go-mod-tidy/);
    // --check keeps the syntax check: nothing else is meaningful on a broken go.mod.
    const only = json(repo, ['--check', 'go-sum']);
    assert.deepEqual(
      only.doc.findings.map((f) => [f.check, f.line]),
      [['go-mod-syntax', 10]],
    );
  });

  test("replace to ../outside is a warning; a /v2 path at v3 is the go command's own error, with the go get fix", () => {
    const repo = cleanRepo();
    appendFileSync(path.join(repo, 'go.mod'), '\nreplace example.com/alpha => ../outside\n');
    const j = json(repo, ['--check', 'go-mod-hygiene']);
    assert.deepEqual(
      j.doc.findings.map((f) => [f.severity, f.line, f.message.split('\n')[0]]),
      [['warning', 10, 'replace example.com/alpha => "../outside" points outside the repository']],
    );
    appendFileSync(path.join(repo, 'go.mod'), '\nrequire example.com/delta/v2 v3.0.0\n');
    const v3 = json(repo, ['--check', 'go-mod-hygiene']);
    assert.deepEqual(
      v3.doc.findings.map((f) => [f.check, f.severity, f.line, f.message.split('\n')[0]]),
      [['go-mod-syntax', 'error', 12, 'require example.com/delta/v2: version "v3.0.0" invalid: should be v2, not v3']],
    );
    assert.match(v3.doc.findings[0].fix?.commands?.posix ?? '', /&& go get example.com\/delta\/v3@v3.0.0$/);
    const go = sb.exec('go', ['mod', 'edit', '-json'], { cwd: repo, env: sb.env });
    assert.match(
      go.stderr,
      /go.mod:12: require example.com\/delta\/v2: version "v3.0.0" invalid: should be v2, not v3/,
      'the same words as go',
    );
  });

  test('the major-version fix works pasted at the root, for the root module and one below it; go mod edit cannot do it', () => {
    const repo = cleanRepo();
    makeGoModule(sb, { rel: `${path.basename(repo)}/tools`, modulePath: 'example.org/app/tools', tidy: false });
    for (const file of ['go.mod', 'tools/go.mod']) {
      appendFileSync(path.join(repo, file), '\nrequire example.com/delta/v2 v3.0.0 // bumped by hand\n');
    }
    // What the lead's draft fix would have started with: go mod edit reads go.mod strictly and stops.
    const edit = sb.exec('go', ['mod', 'edit', '-droprequire=example.com/delta/v2'], { cwd: repo, env: sb.buildEnv });
    assert.equal(edit.status, 1);
    assert.match(edit.stderr, /errors parsing go.mod:\n.*should be v2, not v3/);
    const get = sb.exec('go', ['get', 'example.com/delta/v3@v3.0.0'], { cwd: repo, env: sb.buildEnv });
    assert.equal(get.status, 1, 'go get alone, the old fix, fails the same way');
    assert.match(get.stderr, /errors parsing go.mod/);

    const j = json(repo, ['--check', 'go-mod-syntax']);
    assert.deepEqual(
      j.doc.findings.map((f) => [f.file, f.severity]),
      [
        ['go.mod', 'error'],
        ['tools/go.mod', 'error'],
      ],
    );
    for (const f of j.doc.findings) sb.run('sh', ['-c', f.fix!.commands!.posix!], { cwd: repo, env: sb.buildEnv });
    for (const dir of [repo, path.join(repo, 'tools')]) {
      const mod = JSON.parse(sb.run('go', ['mod', 'edit', '-json'], { cwd: dir, env: sb.env })) as {
        Require: { Path: string; Version: string }[];
      };
      assert.ok(
        mod.Require.some((r) => r.Path === 'example.com/delta/v3' && r.Version === 'v3.0.0'),
        JSON.stringify(mod.Require),
      );
      assert.ok(!mod.Require.some((r) => r.Path === 'example.com/delta/v2'));
    }
    assert.equal(verify(repo, ['--check', 'go-mod-syntax']).status, 0);
  });

  test('conflict markers in go.mod and go.work stay errors under a go line newer than the local go', () => {
    const repo = cleanRepo();
    writeFileSync(
      path.join(repo, 'go.mod'),
      'module example.org/app\n\ngo 1.99\n\n<<<<<<< HEAD\nrequire example.com/alpha v1.0.0\n=======\n>>>>>>> theirs\n',
    );
    const fmt = sb.exec('go', ['mod', 'edit', '-fmt'], { cwd: repo, env: sb.env });
    assert.equal(fmt.status, 1);
    assert.match(fmt.stderr, /errors parsing go.mod:\n.*go.mod:5: unknown directive: <<<<<<</);
    const j = json(repo);
    assert.equal(j.status, 1);
    assert.deepEqual(
      j.doc.findings.filter((f) => f.check === 'go-mod-syntax').map((f) => [f.severity, f.line]),
      [
        ['error', 5],
        ['error', 7],
        ['error', 8],
      ],
    );

    const ws = path.join(sb.dir, `ws${counter++}`);
    for (const m of ['a', 'b']) sb.write(`${path.basename(ws)}/${m}/go.mod`, `module example.org/ws/${m}\n\ngo 1.22\n`);
    sb.write(`${path.basename(ws)}/go.work`, 'go 1.99\n\n<<<<<<< HEAD\nuse ./a\n=======\nuse ./b\n>>>>>>> theirs\n');
    gitInit(sb, path.basename(ws));
    const list = sb.exec('go', ['list', '-m'], { cwd: ws, env: sb.env });
    assert.equal(list.status, 1);
    assert.match(list.stderr, /errors parsing go.work:\n.*go.work:3: unknown directive: <<<<<<</);
    const w = json(ws, ['--check', 'go-mod-syntax']);
    assert.equal(w.status, 1);
    assert.deepEqual(
      w.doc.findings.map((f) => [f.severity, f.file, f.line]),
      [
        ['error', 'go.work', 3],
        ['error', 'go.work', 5],
        ['error', 'go.work', 7],
      ],
    );
  });

  test('a go.work below the root that uses a missing directory: the go -C fix works pasted at the root', () => {
    const ws = path.join(sb.dir, `ws${counter++}`);
    sb.write(`${path.basename(ws)}/services/a/go.mod`, 'module example.org/ws/a\n\ngo 1.22\n');
    sb.write(`${path.basename(ws)}/services/go.work`, 'go 1.22\n\nuse (\n\t./a\n\t./gone\n)\n');
    gitInit(sb, path.basename(ws));
    const before = sb.exec('go', ['list', '-m'], { cwd: path.join(ws, 'services'), env: sb.env });
    assert.match(before.stderr, /cannot load module gone listed in go.work file/);
    const fix = json(ws, ['--check', 'go-mod-syntax']).doc.findings.find((f) => /cannot load module/.test(f.message))?.fix?.commands?.posix;
    assert.equal(fix, 'go -C services work edit -dropuse=./gone');
    // The fix printed before: go work edit looks for go.work from where it runs.
    const old = sb.exec('sh', ['-c', 'go work edit -dropuse=./gone'], { cwd: ws, env: sb.env });
    assert.equal(old.status, 1);
    assert.match(old.stderr, /no go.work file found/);
    sb.run('sh', ['-c', fix], { cwd: ws, env: sb.env });
    assert.equal(sb.run('go', ['list', '-m'], { cwd: path.join(ws, 'services'), env: sb.env }), 'example.org/ws/a\n');
    assert.equal(verify(ws, ['--check', 'go-mod-syntax']).status, 0);
  });

  test('inconsistent vendor/modules.txt is an error naming the differences', () => {
    const repo = cleanRepo();
    sb.run('go', ['mod', 'vendor'], { cwd: repo, env: sb.buildEnv });
    assert.equal(json(repo, ['--check', 'go-mod-hygiene']).doc.findings.length, 0, 'go mod vendor output is consistent');
    const txt = path.join(repo, 'vendor/modules.txt');
    writeFileSync(txt, readFileSync(txt, 'utf8').replace('# example.com/beta v1.2.0', '# example.com/beta v1.1.0'));
    const j = json(repo, ['--check', 'go-mod-hygiene']);
    assert.equal(j.status, 1);
    assert.equal(j.doc.findings.length, 1);
    assert.equal(j.doc.findings[0].file, 'vendor/modules.txt');
    assert.match(
      j.doc.findings[0].message,
      /example.com\/beta@v1.2.0: is explicitly required in go.mod, but vendor\/modules.txt indicates example.com\/beta@v1.1.0/,
    );
    assert.match(j.doc.findings[0].fix?.commands?.posix ?? '', /^go mod vendor && git add -A vendor$/);
    // The go command agrees that this vendor directory is inconsistent.
    assert.match(sb.exec('go', ['build', './...'], { cwd: repo }).stderr, /inconsistent vendoring/);
  });

  test('a go.work with two modules: one build list for the workspace; tidy reports "cannot tidy standalone"', () => {
    const ws = path.join(sb.dir, `ws${counter++}`);
    mkdirSync(ws);
    makeGoModule(sb, { rel: `${path.basename(ws)}/b`, modulePath: 'example.org/ws/b', deps: [DEPS[0]] });
    writeFileSync(path.join(ws, 'b/b.go'), 'package main\n\n// Name is used by a.\nfunc Name() string { return "b" }\n');
    sb.write(`${path.basename(ws)}/a/go.mod`, 'module example.org/ws/a\n\ngo 1.22\n');
    sb.write(`${path.basename(ws)}/a/a.go`, 'package a\n\nimport _ "example.org/ws/b/lib"\n');
    sb.write(`${path.basename(ws)}/b/lib/lib.go`, 'package lib\n');
    writeFileSync(path.join(ws, 'go.work'), 'go 1.22\n\nuse (\n\t./a\n\t./b\n)\n');
    gitInit(sb, path.basename(ws));
    const r = verify(ws, ['--format', 'json'], { GOHOOKS_DEBUG: '1' });
    const doc = assertContract(r.stdout);
    // One build list for the whole workspace; the engine verifies each module version once.
    assert.equal((r.stderr.match(/go list -m -e -json all/g) ?? []).length, 1, r.stderr);
    assert.match(r.stderr, /mod-verify: \d+ versions, /);
    assert.equal((r.stderr.match(/go mod tidy -diff/g) ?? []).length, 2, 'tidy runs per module');
    const tidy = doc.findings.filter((f) => f.check === 'go-mod-tidy');
    assert.deepEqual(
      tidy.map((f) => [f.severity, f.file]),
      [['warning', 'a/go.mod']],
    );
    assert.match(tidy[0].message, /cannot tidy a standalone: it needs example.org\/ws\/b from the workspace/);
    assert.equal(r.status, 0);
  });

  test('a cold module cache is a warning that names the modules, never tampering, never a pass', () => {
    const own = makeSandbox();
    try {
      own.addModules(MODULES);
      const dir = makeGoModule(own, { rel: 'm', modulePath: 'example.org/cold', deps: DEPS });
      own.run('go', ['clean', '-modcache'], { cwd: dir });
      const r = gohooks(['verify', '--format', 'json', '--check', 'mod-verify'], { cwd: dir, env: own.env });
      const doc = assertContract(r.stdout);
      assert.equal(r.status, 0);
      const mv = doc.findings.filter((f) => f.check === 'mod-verify');
      assert.equal(mv.length, 1);
      assert.equal(mv[0].severity, 'warning');
      assert.match(mv[0].message, /^not checked: example.com\/alpha@v1.0.0, example.com\/beta@v1.2.0 are not in the module cache/);
      assert.equal(mv[0].notChecked, true);
      assert.equal(doc.summary.notChecked, 1);
      assert.deepEqual(
        doc.summary.checks.find((c) => c.id === 'mod-verify'),
        { id: 'mod-verify', status: 'not-checked', ms: doc.summary.checks.find((c) => c.id === 'mod-verify')!.ms },
      );
      assert.equal(mv[0].fix?.commands?.posix, 'go mod download');
      assert.doesNotMatch(mv[0].message, /modified/);
    } finally {
      own.cleanup();
    }
  });

  test('a tampered module cache (extracted dir, then zip) is a mod-verify error naming the module', () => {
    const own = makeSandbox();
    try {
      own.addModules(MODULES);
      const dir = makeGoModule(own, { rel: 'm', modulePath: 'example.org/tamper', deps: DEPS });
      const extracted = path.join(own.modcache, 'example.com/alpha@v1.0.0');
      makeWritable(extracted);
      appendFileSync(path.join(extracted, 'alpha.go'), '// injected\n');
      let doc = assertContract(gohooks(['verify', '--format', 'json', '--check', 'mod-verify'], { cwd: dir, env: own.env }).stdout);
      assert.deepEqual(
        doc.findings.map((f) => [f.severity, f.module]),
        [['error', 'example.com/alpha@v1.0.0']],
      );
      assert.match(doc.findings[0].message, /dir in the module cache has been modified \(.*alpha@v1.0.0\)/);
      assert.match(doc.findings[0].fix?.commands?.posix ?? '', /rm -rf .*alpha@v1.0.0.* && go mod download example.com\/alpha@v1.0.0$/);

      // A well-formed zip with different content (what an attacker writes) …
      const zip = path.join(own.modcache, 'cache/download/example.com/beta/@v/v1.2.0.zip');
      makeWritable(path.dirname(zip));
      const evil = libModule('example.com/beta', 'v1.2.0', { 'evil.go': 'package beta\n' });
      writeFileSync(zip, moduleZip(evil));
      const r = gohooks(['verify', '--check', 'mod-verify'], { cwd: dir, env: own.env });
      assert.equal(r.status, 1);
      assert.match(r.stdout, /example.com\/beta v1.2.0: zip in the module cache has been modified/);
      assert.match(r.stdout, /example.com\/alpha v1.0.0: dir in the module cache has been modified/);

      // … and a zip damaged on disk (CRC no longer matches).
      const bytes = readFileSync(zip);
      bytes[bytes.indexOf('package beta')] ^= 0x20;
      writeFileSync(zip, bytes);
      const damaged = assertContract(gohooks(['verify', '--format', 'json', '--check', 'mod-verify'], { cwd: dir, env: own.env }).stdout);
      const beta = damaged.findings.find((f) => f.module === 'example.com/beta@v1.2.0');
      assert.ok(beta && beta.severity === 'error', JSON.stringify(damaged.findings));
      assert.match(beta.message, /cannot be verified: zip: checksum error/);
    } finally {
      own.cleanup();
    }
  });

  test('a directory without go.mod: exit 0 and an info line', () => {
    const empty = path.join(sb.dir, `empty${counter++}`);
    mkdirSync(empty);
    const r = verify(empty);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /no go.mod found under .*: nothing to check/);
    assert.deepEqual(json(empty).doc.findings, []);
  });

  test('modules are discovered below the root, skipping vendor, testdata and node_modules; DIR narrows', () => {
    const repo = cleanRepo();
    for (const skipped of ['vendor/x', 'testdata/y', 'node_modules/z'])
      sb.write(path.relative(sb.dir, path.join(repo, skipped, 'go.mod')), 'this is not a go.mod\n');
    const sub = path.join(repo, 'tools dir');
    cpSync(template, sub, { recursive: true });
    writeFileSync(path.join(sub, 'go.mod'), readFileSync(path.join(sub, 'go.mod'), 'utf8').replace('example.org/app', 'example.org/tools'));
    const r = json(repo, ['--check', 'go-sum']);
    assert.equal(r.status, 0, r.stdout);
    const human = verify(repo, ['--check', 'go-sum']);
    assert.match(human.stdout, /2 modules: no problems/);
    rmSync(path.join(sub, 'go.sum'));
    const narrowed = json(repo, ['--check', 'go-sum', 'tools dir']);
    assert.deepEqual(
      narrowed.doc.findings.map((f) => [f.file, f.fix?.commands?.posix]),
      [['tools dir/go.mod', "go -C 'tools dir' mod tidy && git add 'tools dir/go.sum'"]],
    );
    // A directory inside a module checks that module.
    const inner = json(path.join(repo, 'tools dir'), ['--check', 'go-sum', '.']);
    assert.equal(inner.doc.findings.length, 1);
  });

  test('--format github prints workflow commands with escaped properties', () => {
    const repo = cleanRepo();
    const sub = path.join(repo, 'a,b:c');
    cpSync(template, sub, { recursive: true });
    appendFileSync(path.join(sub, 'go.mod'), '\nreplace example.com/alpha => ../../outside\n');
    const r = verify(repo, ['--format', 'github', '--check', 'go-mod-hygiene']);
    assert.equal(r.status, 0, r.stdout);
    const lines = r.stdout.trim().split('\n');
    assert.match(
      lines[0],
      /^::warning file=a%2Cb%3Ac\/go.mod,line=10,title=gohooks go-mod-hygiene::replace example.com\/alpha => "\.\.\/\.\.\/outside" points outside the repository%0A/,
    );
    assert.ok(lines[0].includes('%0A'), 'multi-line messages are escaped');
    assert.equal(lines.at(-1), 'gohooks: 0 errors, 1 warning');
  });

  test('GOHOOKS_DEBUG prints check times and commands on stderr only', () => {
    const repo = cleanRepo();
    // A user cache of its own: the same go.mod and go.sum elsewhere in this sandbox would answer the build list.
    const r = verify(repo, ['--format', 'json'], {
      GOHOOKS_DEBUG: '1',
      XDG_CACHE_HOME: path.join(repo, '..', `${path.basename(repo)}-cache`),
    });
    assertContract(r.stdout);
    assert.match(r.stderr, /\[gohooks \+\d+ms\] check mod-verify: pass in \d+ ms/);
    assert.match(r.stderr, /\[gohooks \+\d+ms\] \$ \S*go list -m -e -json all {2}\(in .*\) → exit 0 in \d+ ms/);
    assert.match(r.stderr, /\[gohooks \+\d+ms\] mod-verify: 2 versions, \d+ hashed, \d+ from the snapshot/);
  });

  test('--check go-sum starts no go process: the local go version comes from GOROOT/VERSION', () => {
    const repo = cleanRepo();
    writeFileSync(path.join(repo, 'go.mod'), readFileSync(path.join(repo, 'go.mod'), 'utf8') + '\nfrobnicate x\n');
    const r = verify(repo, ['--check', 'go-sum'], { GOHOOKS_DEBUG: '1' });
    const started = [...r.stderr.matchAll(/\] \$ (\S+)/g)].map((m) => path.basename(m[1]));
    assert.ok(started.length > 0 && !started.includes('go'), started.join(' '));
    // go-mod-syntax, always kept by --check, still knows the local go: 1.26 knows no such directive.
    assert.match(r.stdout, /go-mod-syntax {2}go\.mod:\d+: unknown directive: frobnicate/);
  });

  test('time limits: a go process out of time is a "not checked" warning naming what and the limit, an error in strict mode', () => {
    const repo = cleanRepo();
    writeFileSync(path.join(repo, 'gohooks.json'), '{ "timeout": 0.001 }\n');
    const j = json(repo, ['--check', 'mod-verify']);
    assert.equal(j.status, 0, JSON.stringify(j.doc.findings));
    const timedOut = j.doc.findings.filter((f) => f.check === 'mod-verify' && /did not finish within 0 s/.test(f.message));
    assert.equal(timedOut.length, 1, JSON.stringify(j.doc.findings));
    assert.equal(timedOut[0].severity, 'warning');
    assert.equal(timedOut[0].notChecked, true);
    // The first go process is `go env -json`: out of time, no other go command starts (test/process.test.ts covers go mod verify alone).
    assert.match(timedOut[0].message, /^not checked: go env -json \(needed by mod-verify\) did not finish/);
    assert.equal(j.doc.summary.checks.find((c) => c.id === 'mod-verify')?.status, 'not-checked');
    writeFileSync(path.join(repo, 'gohooks.json'), '{ "timeout": 0.001, "strict": true }\n');
    const strict = json(repo, ['--check', 'mod-verify']);
    assert.equal(strict.status, 1);
    assert.equal(strict.doc.findings.find((f) => /did not finish/.test(f.message))?.severity, 'error');
  });

  test('usage and config errors exit 2 with one line and no stack trace', () => {
    const repo = cleanRepo();
    for (const [args, re] of [
      [['--check', 'nope'], /^gohooks: unknown check "nope"/],
      [['--format', 'xml'], /^gohooks: unknown --format "xml"/],
      [['--frobnicate'], /^gohooks: Unknown option '--frobnicate'/],
      [['does-not-exist'], /^gohooks: .*does-not-exist is not a directory/],
    ] as const) {
      const r = verify(repo, [...args]);
      assert.equal(r.status, 2, `${args}: ${r.stderr}`);
      assert.match(r.stderr, re);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
    writeFileSync(path.join(repo, 'gohooks.json'), '{\n  "skip": ["go-sum",]\n}\n');
    const bad = verify(repo);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^gohooks: gohooks.json:2:21: not valid JSON: expected a value\n$/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /);
    const unknownCmd = gohooks(['frob'], { cwd: repo, env: sb.env });
    assert.equal(unknownCmd.status, 2);
    for (const args of [
      ['verify', '--help'],
      ['doctor', '-h'],
      ['install', '--dry-run', '--help'],
    ]) {
      const help = gohooks(args, { cwd: repo, env: sb.env });
      assert.equal(help.status, 0, help.stderr);
      assert.match(help.stdout, /^ {2}gohooks verify /m);
      assert.equal(help.stderr, '');
    }
  });

  test('without go on PATH the offline checks still run; the others are not checked, with how to install Go', () => {
    const repo = cleanRepo();
    const gitDir = path.dirname(sb.run('sh', ['-c', 'command -v git']).trim());
    const noGo = { PATH: `${gitDir}:/bin:/usr/bin` };
    assert.notEqual(sb.exec('sh', ['-c', 'command -v go'], { env: { ...sb.env, ...noGo } }).status, 0, 'go is not on this PATH');
    rmSync(path.join(repo, 'go.sum'));
    const j = json(repo, [], noGo);
    assert.equal(j.status, 1);
    assert.ok(j.doc.findings.some((f) => f.check === 'go-sum' && f.severity === 'error'));
    assert.deepEqual(
      j.doc.summary.checks.filter((c) => c.status === 'not-checked').map((c) => c.id),
      ['mod-verify', 'go-mod-tidy', 'goprivate', 'git-auth'],
    );
    const warn = j.doc.findings.find((f) => /go was not found on PATH/.test(f.message));
    assert.ok(warn, JSON.stringify(j.doc.findings));
    assert.equal(warn.message, 'not checked: mod-verify, go-mod-tidy, goprivate, git-auth: go was not found on PATH');
    assert.equal(warn.severity, 'warning');
    assert.match(warn.fix?.summary ?? '', /https:\/\/go.dev\/dl\//);
    const explicit = verify(repo, ['--check', 'mod-verify'], noGo);
    assert.equal(explicit.status, 2);
    assert.match(explicit.stderr, /mod-verify needs the go command: go was not found on PATH/);
  });

  test('severity overrides and skips from gohooks.json apply', () => {
    const repo = cleanRepo();
    appendFileSync(path.join(repo, 'go.mod'), '\nreplace example.com/alpha => ../outside\n');
    writeFileSync(
      path.join(repo, 'gohooks.json'),
      JSON.stringify({ skip: ['go-mod-tidy', 'mod-verify', 'go-sum'], checks: { 'go-mod-hygiene': { severity: 'error' } } }),
    );
    const j = json(repo);
    assert.equal(j.status, 1);
    assert.deepEqual(
      j.doc.findings.map((f) => [f.check, f.severity]),
      [['go-mod-hygiene', 'error']],
    );
    assert.deepEqual(
      j.doc.summary.checks.map((c) => c.id),
      ['go-mod-syntax', 'go-mod-hygiene', 'toolchain', 'goprivate', 'git-auth'],
    );
  });
});
