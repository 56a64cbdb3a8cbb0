// vendor/ against the verified module cache, with `go mod vendor` itself as
// the oracle of which files belong: a directory it just wrote must come out
// clean, for main modules at go 1.16 (go.mod kept), 1.21 (test embeds) and
// 1.22; then each kind of edit must show.

import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { makeGoModule } from '../dev/testkit/project.js';
import type { ModuleSpec } from '../dev/testkit/proxy.js';
import { goRunner, makeSandbox, makeWritable, type Sandbox } from '../dev/testkit/sandbox.js';
import { downloadFile, extractedDir } from '../src/gomod/modcache.js';
import { parseModFile } from '../src/gomod/modfile.js';
import { collectVersions, verifyVendor, verifyVersions, type VendorReport, type VersionResult } from '../src/modcache/index.js';
import { goFileFacts, parseEmbedDirective, shouldBuildAnyTags, vendorKeepsGoFile } from '../src/modcache/gofile.js';

const sandboxes: Sandbox[] = [];
after(() => sandboxes.forEach((s) => s.cleanup()));

/** A library whose vendored package exercises every part of the rule. */
const VLIB: ModuleSpec = {
  path: 'example.com/vlib',
  version: 'v1.0.0',
  deflate: true,
  files: {
    // go 1.16, so that go get keeps a main module's go 1.16 line.
    'go.mod': 'module example.com/vlib\n\ngo 1.16\n',
    LICENSE: 'MIT\n',
    'NOTICE.txt': 'notice\n',
    'README.md': 'not copied: the root package is not vendored\n',
    'vlib.go': 'package vlib\n',
    'pkg/LICENSE.pkg': 'metadata of a parent directory\n',
    'pkg/other.go': 'package pkg\n',
    'pkg/sub/sub.go':
      'package sub\n\nimport "embed"\n\n//go:embed static data/*.txt "quoted name.txt" all:hidden\nvar FS embed.FS\n\n// Version reports the module version.\nfunc Version() string { return "v1.0.0" }\n',
    'pkg/sub/notlinux.go': '//go:build !linux\n\npackage sub\n',
    'pkg/sub/ignored.go': '//go:build ignore\n\npackage main\n',
    'pkg/sub/plus.go': '// +build ignore\n\npackage sub\n',
    'pkg/sub/_underscore.go': 'package sub\n',
    'pkg/sub/sub_test.go':
      'package sub\n\nimport (\n\t"embed"\n\t"testing"\n)\n\n//go:embed testembed\nvar T embed.FS\n\nfunc TestX(t *testing.T) {}\n',
    'pkg/sub/c.c': 'int x;\n',
    'pkg/sub/h.h': '#define X 1\n',
    'pkg/sub/go.sum': 'stripped from go 1.17 on\n',
    'pkg/sub/quoted name.txt': 'q\n',
    'pkg/sub/static/a.txt': 'a\n',
    'pkg/sub/static/.hidden': 'not embedded\n',
    'pkg/sub/static/_under.txt': 'not embedded\n',
    'pkg/sub/static/deeper/b.txt': 'b\n',
    'pkg/sub/data/x.txt': 'x\n',
    'pkg/sub/data/z.bin': 'not matched\n',
    'pkg/sub/hidden/.dot': 'embedded with all:\n',
    'pkg/sub/testembed/t.txt': 'embedded by a test file: vendored before go 1.22 only\n',
    'pkg/sub/testdata/t.txt': 'never vendored\n',
  },
};

/** Build constraints go mod vendor must judge: which of these files it copies is the oracle for vendorKeepsGoFile. */
const TAGS: Record<string, string> = {
  'a.go': '//go:build ignore\n\npackage tags\n',
  'b.go': '//go:build !ignore\n\npackage tags\n',
  'c.go': '//go:build linux && ignore\n\npackage tags\n',
  'd.go': '//go:build linux || ignore\n\npackage tags\n',
  'g.go': '// +build ignore\n\npackage tags\n',
  'h.go': '// +build !ignore,linux\n\npackage tags\n',
  'i.go': '/* a block comment */\n//go:build ignore\n\npackage tags\n',
  'j.go': '// +build ignore\npackage tags\n',
  'k.go': 'package tags\n\n//go:build ignore\n',
  'm.go': '// Copyright line.\n\n//go:build !windows\n// +build !windows\n\npackage tags\n',
  'n.go': '//go:build windows\n\npackage tags\n',
  'tags.go': 'package tags\n\n// Version reports the module version.\nfunc Version() string { return "v1.0.0" }\n',
};

function vendoredModule(goLine: string): { sb: Sandbox; dir: string } {
  const sb = makeSandbox();
  sandboxes.push(sb);
  sb.addModules([
    VLIB,
    { path: 'example.com/tags', version: 'v1.0.0', files: { 'go.mod': 'module example.com/tags\n\ngo 1.16\n', ...TAGS } },
  ]);
  sb.write(
    'm/use.go',
    'package main\n\nimport (\n\t"example.com/tags"\n\t"example.com/vlib/pkg/sub"\n)\n\nvar _, _ = sub.Version, tags.Version\n',
  );
  const dir = makeGoModule(sb, { rel: 'm', modulePath: 'example.com/m', goLine, deps: [] });
  sb.run('go', ['get', 'example.com/vlib@v1.0.0', 'example.com/tags@v1.0.0'], { cwd: dir, env: sb.buildEnv });
  sb.run('go', ['mod', 'tidy'], { cwd: dir, env: sb.buildEnv });
  sb.run('go', ['mod', 'vendor'], { cwd: dir, env: sb.buildEnv });
  return { sb, dir };
}

async function check(sb: Sandbox, dir: string): Promise<VendorReport> {
  const goVersion = parseModFile(readFileSync(path.join(dir, 'go.mod'), 'utf8')).go?.version ?? '';
  const set = await collectVersions({ units: [{ dir }], runGo: goRunner(sb.env), env: sb.env, timeoutMs: 60_000, goVersion: 'test' });
  const results = (await verifyVersions({ gomodcache: sb.modcache, versions: set.versions })).results;
  const find = (p: string, v: string): VersionResult | undefined => results.find((r) => r.path === p && r.version === v);
  return verifyVendor({ moduleDir: dir, gomodcache: sb.modcache, goVersion, verified: find });
}

function assertClean(r: VendorReport): void {
  assert.deepEqual(
    { modified: r.modified, added: r.added, missing: r.missing, problems: r.problems, notChecked: r.notChecked },
    {
      modified: [],
      added: [],
      missing: [],
      problems: [],
      notChecked: [],
    },
  );
  assert.equal(r.checked.length, 2);
}

for (const goLine of ['1.16', '1.21', '1.22']) {
  test(`what go mod vendor wrote (main module at go ${goLine}) is exactly what the rule expects`, async () => {
    const { sb, dir } = vendoredModule(goLine);
    assert.match(readFileSync(path.join(dir, 'go.mod'), 'utf8'), new RegExp(`^go ${goLine.replace('.', '\\.')}$`, 'm'));
    assertClean(await check(sb, dir));
  });
}

test('build constraints: the files go mod vendor copies are the ones vendorKeepsGoFile keeps', () => {
  const { dir } = vendoredModule('1.22');
  for (const [name, text] of Object.entries(TAGS)) {
    assert.equal(existsSync(path.join(dir, 'vendor', 'example.com', 'tags', name)), vendorKeepsGoFile(text), name);
  }
  // Cases go mod vendor itself refuses (go/build fails on the package), from imports.ShouldBuild:
  // two //go:build lines or a malformed one exclude the file; a NUL byte before the imports keeps it.
  assert.equal(shouldBuildAnyTags('//go:build linux\n//go:build darwin\n\npackage x\n'), false);
  assert.equal(shouldBuildAnyTags('//go:build (linux\n\npackage x\n'), false);
  assert.equal(vendorKeepsGoFile('// \u0000\n//go:build ignore\n\npackage x\n'), true);
  assert.equal(shouldBuildAnyTags('// +build !!linux\n\npackage x\n'), false);
});

test('//go:embed arguments: unquoted, "quoted" and `raw`; malformed lines are ignored', () => {
  assert.deepEqual(parseEmbedDirective('//go:embed a.txt "b c.txt" `d`'), ['a.txt', 'b c.txt', 'd']);
  assert.deepEqual(parseEmbedDirective('//go:embed\tall:static'), ['all:static']);
  assert.equal(parseEmbedDirective('//go:embed "unterminated'), undefined);
  assert.equal(parseEmbedDirective('//go:embedded x'), undefined);
  const facts = goFileFacts(
    'package p\n\nimport (\n\t_ "embed"\n\t"fmt"\n)\n\n// s := "//go:embed no"\n//go:embed x.txt\nvar b []byte\nvar s = "//go:embed notme"\n',
  );
  assert.deepEqual(facts.imports, ['embed', 'fmt']);
  assert.deepEqual(facts.embeds, ['x.txt']);
  // Without the import, go/build does not look for patterns.
  assert.deepEqual(goFileFacts('package p\n\n//go:embed x.txt\nvar b []byte\n').embeds, []);
});

test('a vendored file edited, added, removed; a test file slipped in', async () => {
  const { sb, dir } = vendoredModule('1.22');
  const v = (rel: string) => path.join(dir, 'vendor', rel);
  appendFileSync(v('example.com/vlib/pkg/sub/sub.go'), '\nfunc init() { println("owned") }\n');
  writeFileSync(v('example.com/vlib/pkg/sub/extra.go'), 'package sub\n');
  writeFileSync(v('example.com/vlib/pkg/sub/sub_test.go'), 'package sub\n');
  rmSync(v('example.com/vlib/pkg/sub/static/deeper/b.txt'));
  rmSync(v('example.com/vlib/pkg/sub/notlinux.go'));
  // What the build never reads may be missing (a repository may git-ignore vendored READMEs and licences).
  rmSync(v('example.com/vlib/pkg/LICENSE.pkg'));
  writeFileSync(v('example.com/stray/x.go'.replace('/x.go', '.go')), 'package stray\n');
  const r = await check(sb, dir);
  assert.deepEqual(r.modified, ['example.com/vlib/pkg/sub/sub.go']);
  assert.deepEqual(r.added, ['example.com/stray.go', 'example.com/vlib/pkg/sub/extra.go', 'example.com/vlib/pkg/sub/sub_test.go']);
  // Embedded data missing (k6 git-ignores some) injects no code: only compiled sources count as missing.
  assert.deepEqual(r.missing, ['example.com/vlib/pkg/sub/notlinux.go']);
});

test('a vendored module missing from the cache is not checked, with the command that downloads it', async () => {
  const { sb, dir } = vendoredModule('1.22');
  makeWritable(sb.modcache);
  rmSync(extractedDir(sb.modcache, 'example.com/vlib', 'v1.0.0'), { recursive: true });
  rmSync(downloadFile(sb.modcache, 'example.com/vlib', 'v1.0.0', 'zip'));
  const r = await check(sb, dir);
  assert.deepEqual(
    r.checked.map((c) => c.path),
    ['example.com/tags'],
  );
  assert.deepEqual(
    r.notChecked.map((n) => [n.path, n.reason, n.command]),
    [['example.com/vlib', 'not-downloaded', ['go', 'mod', 'download', 'example.com/vlib@v1.0.0']]],
  );
  assert.deepEqual([r.modified, r.added, r.missing], [[], [], []]);
});

test('a cache copy that fails verification is not used as the reference', async () => {
  const { sb, dir } = vendoredModule('1.22');
  const file = path.join(extractedDir(sb.modcache, 'example.com/vlib', 'v1.0.0'), 'pkg', 'sub', 'sub.go');
  makeWritable(extractedDir(sb.modcache, 'example.com/vlib', 'v1.0.0'));
  appendFileSync(file, '// edited in the cache\n');
  const r = await check(sb, dir);
  assert.deepEqual(
    r.notChecked.map((n) => [n.path, n.reason]),
    [['example.com/vlib', 'not-verified']],
  );
});

test('vendor/ listing a version the build list does not have (stale vendoring): no download command that cannot help', async () => {
  const { sb, dir } = vendoredModule('1.22');
  const txt = path.join(dir, 'vendor', 'modules.txt');
  writeFileSync(txt, readFileSync(txt, 'utf8').replace('# example.com/vlib v1.0.0', '# example.com/vlib v1.0.9'));
  const r = await check(sb, dir);
  assert.deepEqual(
    r.notChecked.map((n) => [n.path, n.version, n.reason, n.command]),
    [['example.com/vlib', 'v1.0.9', 'not-in-build-list', undefined]],
  );
  assert.deepEqual([r.modified, r.added, r.missing], [[], [], []]);
});

test('a vendored version the graph holds only as a go.mod (its source cached or not): stale vendoring, no download command', async () => {
  const { sb, dir } = vendoredModule('1.22');
  const goVersion = parseModFile(readFileSync(path.join(dir, 'go.mod'), 'utf8')).go?.version ?? '';
  // The engine's answers for a graph-only version: its .mod checked, or (source extracted by an earlier build) not downloaded.
  for (const status of ['mod-verified', 'not-downloaded']) {
    const result = { path: 'example.com/vlib', version: 'v1.0.0', status, problems: [], hashes: {} } as unknown as VersionResult;
    const r = verifyVendor({
      moduleDir: dir,
      gomodcache: sb.modcache,
      goVersion,
      verified: (p) => (p === 'example.com/vlib' ? result : undefined),
    });
    assert.deepEqual(
      r.notChecked.filter((n) => n.path === 'example.com/vlib').map((n) => [n.reason, n.command]),
      [['not-in-build-list', undefined]],
      status,
    );
  }
});
