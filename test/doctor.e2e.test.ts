// gohooks doctor on a real machine, in a sandbox whose PATH is built by the
// test: the real go, a second go wrapper reporting another version, and
// deliberately broken settings. The HTML report is rendered in headless
// Chromium when it is installed.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gitCommitAll, gitInit, makeGoModule } from '../dev/testkit/project.js';
import { libModule } from '../dev/testkit/proxy.js';
import { makeSandbox, type Sandbox } from '../dev/testkit/sandbox.js';
import { which } from '../src/tools/which.js';
import { assertContract, type JsonReport } from './contract.js';
import { gohooks } from './helpers.js';

let sb: Sandbox;
let repo: string;
let realGo: string;
let basePath: string;

before(() => {
  sb = makeSandbox();
  realGo = which('go', process.env)!;
  repo = makeGoModule(sb, { rel: 'repo', modulePath: 'example.org/doc' });
  gitInit(sb, 'repo');
  gitCommitAll(sb, repo);
  // gopath/bin on PATH, as a well-set-up machine has it.
  basePath = `${path.join(sb.dir, 'gopath', 'bin')}:${sb.env.PATH}`;
});
after(() => sb.cleanup());

function doctor(env: NodeJS.ProcessEnv = {}, args: string[] = []) {
  const full = { ...sb.env, PATH: basePath, ...env };
  const human = gohooks(['doctor', ...args], { cwd: repo, env: full });
  const json = gohooks(['doctor', '--format', 'json', ...args], { cwd: repo, env: full });
  return { human, doc: assertContract(json.stdout) as JsonReport, status: json.status };
}

const of = (doc: JsonReport, check: string) => doc.findings.filter((f) => f.check === check);

describe('gohooks doctor', () => {
  test('a healthy sandbox: one line per area, score 100, exit 0', () => {
    const r = doctor();
    assert.equal(r.status, 0, r.human.stdout);
    assert.match(r.human.stdout, /^gohooks doctor — linux, shell bash \(environment fixes persist in ~\/.bashrc\)/);
    for (const title of [
      'Go',
      'GOROOT',
      'GOPATH',
      'PATH for go install',
      'Go modules',
      'module proxy and checksum database',
      'cgo and the C compiler',
      'build and module caches',
      'architecture',
      'git',
      'editor support \\(gopls\\)',
    ]) {
      assert.match(r.human.stdout, new RegExp(`^\\[✓\\] ${title}\\s`, 'm'), title);
    }
    assert.match(r.human.stdout, /Health: 100\/100/);
    assert.deepEqual(
      r.doc.summary.checks.map((c) => c.id),
      [
        'env-go',
        'env-goroot',
        'env-gopath',
        'env-path',
        'env-modules',
        'env-proxy',
        'env-cgo',
        'env-cache',
        'env-arch',
        'env-git',
        'env-editor',
      ],
    );
  });

  test('a second go earlier on PATH with another version: shadowing and support, naming both paths', () => {
    const fakeDir = path.join(sb.dir, 'old go', 'bin');
    mkdirSync(fakeDir, { recursive: true });
    writeFileSync(
      path.join(fakeDir, 'go'),
      `#!/bin/sh\nif [ "$1" = version ]; then echo "go version go1.21.0 linux/amd64"; exit 0; fi\nexec "${realGo}" "$@"\n`,
      { mode: 0o755 },
    );
    const r = doctor({ PATH: `${fakeDir}:${basePath}` });
    const go = of(r.doc, 'env-go');
    assert.ok(
      go.some(
        (f) =>
          f.severity === 'warning' &&
          f.message.split('\n')[0] ===
            `${realGo} (go ${/go(\d\S*)/.exec(spawnSync(realGo, ['version'], { encoding: 'utf8' }).stdout)![1]}) is shadowed by ${path.join(fakeDir, 'go')} (go 1.21.0), earlier on PATH`,
      ),
      JSON.stringify(go),
    );
    assert.ok(
      go.some(
        (f) =>
          f.severity === 'warning' &&
          /go 1.21.0 at .* is no longer supported upstream \(supported: 1.27, 1.26, as of 2026-11-21\)/.test(f.message),
      ),
    );
    assert.match(r.human.stdout, /^\[!\] Go\s/m);
  });

  test('GO111MODULE=off and GOPATH/bin not on PATH: an error and a warning, with fixes for this shell', () => {
    const r = doctor({ GO111MODULE: 'off', PATH: sb.env.PATH });
    assert.equal(r.status, 1);
    const mod = of(r.doc, 'env-modules')[0];
    assert.equal(mod.severity, 'error');
    assert.equal(mod.fix?.commands?.posix, "sed -i.bak '/^[[:space:]]*export GO111MODULE=/d' ~/.bashrc && unset GO111MODULE");
    const p = of(r.doc, 'env-path')[0];
    assert.equal(p.severity, 'warning');
    const bin = path.join(sb.dir, 'gopath', 'bin');
    assert.equal(p.fix?.commands?.posix, `echo 'export PATH="${bin}:$PATH"' >> ~/.bashrc && export PATH="${bin}:$PATH"`);
    assert.match(r.human.stdout, /Health: 73\/100/);
    assert.match(r.human.stdout, /What to fix/);

    const fish = doctor({ GO111MODULE: 'off', PATH: sb.env.PATH }, ['--shell', 'fish']);
    assert.match(fish.human.stdout, /fix: {2}set -eU GO111MODULE; set -e GO111MODULE/);
    assert.match(fish.human.stdout, /fix: {2}fish_add_path .*gopath\/bin/);
    const ps = doctor({ PATH: sb.env.PATH }, ['--shell', 'powershell']);
    assert.match(ps.human.stdout, /fix: {2}\[Environment\]::SetEnvironmentVariable\('Path', '.*gopath\/bin;' \+/);
  });

  test('GOCACHE=off breaks go env itself: one error saying so, the checks that need it not checked, never a pass', () => {
    const r = doctor({ GOCACHE: 'off' });
    assert.equal(r.status, 1);
    const errors = r.doc.findings.filter((f) => f.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.match(
      errors[0].message,
      /^go env -json failed: build cache is disabled by GOCACHE=off, but required as of Go 1.12: env-goroot, .*env-cache/,
    );
    assert.ok(
      r.doc.summary.checks
        .filter((c) => c.status === 'not-checked')
        .map((c) => c.id)
        .includes('env-cache'),
    );
    assert.match(r.human.stdout, /^\[-\] build and module caches\s+not checked/m);
  });

  test('a default module cache not created yet (a fresh GOPATH) is information, never an error or a chmod', () => {
    const gopath = path.join(sb.dir, 'fresh-gopath');
    const r = doctor({ GOMODCACHE: undefined, GOPATH: gopath });
    const cache = of(r.doc, 'env-cache');
    assert.deepEqual(
      cache.map((f) => [f.severity, f.fix]),
      [['info', undefined]],
    );
    assert.match(cache[0].message, new RegExp(`GOMODCACHE ${gopath}/pkg/mod \\(not created yet: go creates it when first needed\\)`));
    assert.ok(!existsSync(gopath), 'doctor created nothing');
    // go does create it when it first needs it.
    sb.addModules([libModule('example.com/fresh', 'v1.0.0')]);
    sb.run('go', ['mod', 'download', 'example.com/fresh@v1.0.0'], {
      cwd: repo,
      env: { ...sb.buildEnv, GOMODCACHE: undefined, GOPATH: gopath },
    });
    assert.ok(statSync(path.join(gopath, 'pkg', 'mod')).isDirectory());
  });

  test('GOROOT pointing at another installation than the go on PATH is an error', () => {
    const other = path.join(sb.dir, 'other-goroot');
    mkdirSync(path.join(other, 'src', 'runtime'), { recursive: true });
    const r = doctor({ GOROOT: other });
    const g = of(r.doc, 'env-goroot')[0];
    assert.equal(g.severity, 'error', JSON.stringify(g));
    assert.match(g.message, new RegExp(`GOROOT=${other} is set in your environment, but the go on PATH \\(.*\\) belongs to /`));
    assert.equal(g.fix?.commands?.posix, "sed -i.bak '/^[[:space:]]*export GOROOT=/d' ~/.bashrc && unset GOROOT");
  });

  test('cgo: CGO_ENABLED=1 without the C compiler, and cgo files while cgo is off', () => {
    const r = doctor({ CGO_ENABLED: '1', CC: 'no-such-cc' });
    const c = of(r.doc, 'env-cgo')[0];
    assert.equal(c.severity, 'error');
    assert.match(
      c.message,
      /cgo is on \(CGO_ENABLED=1, set in your environment\), but the C compiler no-such-cc \(go env CC\) is not found/,
    );
    assert.match(c.fix?.summary ?? '', /set CGO_ENABLED=0/);
    writeFileSync(path.join(repo, 'c.go'), 'package main\n\n// #include <stdio.h>\nimport "C"\n');
    try {
      const off = doctor({ CGO_ENABLED: '0' });
      const e = of(off.doc, 'env-cgo')[0];
      assert.equal(e.severity, 'error');
      assert.match(e.message, /this repository has cgo files \(c.go\), but cgo is off here/);
      assert.equal(e.file, 'c.go');
    } finally {
      spawnSync('rm', [path.join(repo, 'c.go')]);
    }
  });

  test('--format html --output: one self-contained file, rendered by headless Chromium', (t) => {
    const out = path.join(sb.dir, 'report dir', 'report.html');
    mkdirSync(path.dirname(out), { recursive: true });
    const r = gohooks(['doctor', '--format', 'html', '--output', out], {
      cwd: repo,
      env: { ...sb.env, PATH: sb.env.PATH, GO111MODULE: 'auto' },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /report written to/);
    const html = readFileSync(out, 'utf8');
    assert.match(html, /^<!doctype html>/);
    assert.doesNotMatch(html, /<(script|link)\b|https?:\/\/(?!go\.dev)/, 'no scripts, no external resources');
    assert.match(html, /<div class="score good" id="score">86\/100<\/div>/);
    assert.match(html, /GO111MODULE=auto: module mode depends on where you run go/);

    const chromium = ['chromium', 'chromium-browser', 'google-chrome'].map((c) => which(c, process.env)).find(Boolean);
    if (!chromium) {
      t.skip('Chromium is not installed (apt-get install chromium); .ci/run installs it so CI renders the report');
      return;
    }
    const flags = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${path.join(sb.dir, 'chrome')}`,
    ];
    const dom = spawnSync(chromium, [...flags, '--dump-dom', `file://${out}`], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(dom.status, 0, dom.stderr);
    assert.match(dom.stdout, /id="score">86\/100</);
    assert.equal((dom.stdout.match(/<tr class=/g) ?? []).length, 11, 'a row per check');
    const png = path.join(sb.dir, 'report.png');
    spawnSync(chromium, [...flags, `--screenshot=${png}`, '--window-size=1200,1600', `file://${out}`], { timeout: 60_000 });
    assert.ok(existsSync(png) && statSync(png).size > 10_000, 'a screenshot of the rendered page');
  });

  test('bad usage is exit 2', () => {
    assert.equal(gohooks(['doctor', '--shell', 'tcsh'], { cwd: repo, env: sb.env }).status, 2);
    assert.equal(gohooks(['doctor', '--format', 'pdf'], { cwd: repo, env: sb.env }).status, 2);
  });
});
