// go-mod-tidy's result cache, in parts: go's import reader (src/gomod/goimports.ts),
// the key (src/gomod/tidykey.ts), the record files (src/tools/tidycache.ts), and the
// check using them with the check tester. The import reader is also compared with
// the go command's own in test/goimports.test.ts; the whole, with real go, in
// test/tidycache.e2e.test.ts.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { MemoryTidyCache, runCheck, type Script } from '../dev/testkit/check-tester.js';
import goModTidy from '../src/checks/go-mod-tidy.js';
import { createDebug } from '../src/debug.js';
import { importPath, portedReadImports, readImportHeader } from '../src/gomod/goimports.js';
import {
  goWalkSkips,
  ignoredByGo,
  keyedGoFile,
  moduleTree,
  tidyKey,
  uncoveredImports,
  type KeyedGoFile,
  type KeyedModule,
  type ProbedDir,
  type TidyKeyInput,
} from '../src/gomod/tidykey.js';
import { packageRoot } from '../src/package-root.js';
import { FileTidyCache, TIDY_CACHE_FORMAT, tidyCacheDir } from '../src/tools/tidycache.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');
const header = (s: string | Buffer) => readImportHeader(typeof s === 'string' ? bytes(s) : s);

describe('readImportHeader: what go reads of a .go file', () => {
  test('the package clause and the imports, single and grouped, aliased, dot and blank; it stops at the first declaration', () => {
    const src = 'package p\n\nimport "a"\nimport (\n\tb "b/c"\n\t. "d"\n\t_ "e"\n)\n\nfunc F() { import_ := 1 }\n';
    const h = header(src);
    assert.deepEqual(h.imports, ['"a"', '"b/c"', '"d"', '"e"']);
    assert.equal(h.stop, 'declaration');
    assert.equal(src[h.end], 'f');
  });

  test('comments and semicolons anywhere between; build constraints before the package clause are inside what is read', () => {
    const src = '//go:build windows && !cgo\n\n/* doc */ package p; import ("a"; /* x */ "b" // c\n); import "c"; var x = 1\n';
    const h = header(src);
    assert.deepEqual(h.imports, ['"a"', '"b"', '"c"']);
    assert.equal(src.slice(h.end, h.end + 3), 'var');
  });

  test('cgo: import "C" after a preamble comment is an import like any other', () => {
    const h = header('package p\n\n/*\n#include <stdio.h>\n// "not an import"\n*/\nimport "C"\nimport "unsafe"\n\nfunc f() {}\n');
    assert.deepEqual(h.imports, ['"C"', '"unsafe"']);
    assert.equal(h.stop, 'declaration');
  });

  test('raw strings, a byte order mark, escapes kept as written', () => {
    const h = header(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes('package p\nimport (`raw/path`; "esc\\x61ped")\ntype T int\n')]),
    );
    assert.deepEqual(h.imports, ['`raw/path`', '"esc\\x61ped"']);
    assert.equal(h.stop, 'declaration');
  });

  test('hostile: unterminated strings, comments and groups stop with what was read; NUL fails the file; no loop', () => {
    assert.deepEqual(header('package p\nimport "a\nimport "b"\n'), { imports: [], stop: 'syntax', end: 31 });
    assert.deepEqual(header('package p\nimport `a'), { imports: [], stop: 'syntax', end: 19 });
    assert.equal(header('package p /* never closed').stop, 'syntax');
    assert.deepEqual(header('package p\nimport ("a"').imports, ['"a"']);
    assert.equal(header('package p\nimport ("a"').stop, 'syntax');
    assert.deepEqual(header('package p\nimport "a"'), { imports: ['"a"'], stop: 'eof', end: 20 });
    assert.equal(header('package p\nimportx "a"\n').stop, 'syntax');
    assert.equal(header('import "a"\n').stop, 'syntax');
    assert.equal(header('package p\nimport "a\u0000"\n').stop, 'nul');
    // After a syntax error go reads on: a NUL anywhere after it fails the file too.
    assert.equal(header('package p\nimport ?\nfunc f() {}\n\u0000').stop, 'nul');
    // A NUL after the imports is never read.
    assert.equal(header('package p\nimport "a"\nfunc f() {}\n\u0000').stop, 'declaration');
    assert.equal(header('').stop, 'syntax');
    assert.equal(header('package').stop, 'syntax');
    for (let n = 0; n < 2000; n++) {
      const random = Buffer.from(Array.from({ length: n % 97 }, (_, i) => (n * 31 + i * 17) % 256));
      const h = readImportHeader(Buffer.concat([bytes('package p\nimport ('), random]));
      assert.ok(h.end <= random.length + 18);
    }
  });
});

describe('readImportHeader: inputs built to make a backtracking reader crawl', () => {
  // Each must finish (the time limit only stops a hang) with the port's answer.
  test('long runs of white space, comments and imports, each ending where the match fails', { timeout: 120_000 }, () => {
    const inputs = [
      `package p\n${'import "a"\n'.repeat(5000)}if`,
      `package p\nimport (${' '.repeat(60_000)}`,
      `package p\nimport (${'"a" '.repeat(15_000)}`,
      `package p\nimport (${'x "a"; '.repeat(9000)}if`,
      `package p${'/**/'.repeat(15_000)}i`,
      `package p\nimport x${' /* */'.repeat(10_000)}"a"${' '.repeat(100)}if`,
      `package p\n${'// c\n'.repeat(12_000)}`,
      `package p\nimport "${'\\"'.repeat(20_000)}`,
      `${' '.repeat(60_000)}package`,
      `package ${'p'.repeat(60_000)}`,
    ];
    for (const text of inputs) {
      const b = bytes(text);
      assert.deepEqual(readImportHeader(b), portedReadImports(b), text.slice(0, 40));
    }
  });
});

describe('importPath: strconv.Unquote of an import literal', () => {
  test('escapes go accepts, raw strings without carriage returns, and what go skips', () => {
    assert.equal(importPath('"a/b"'), 'a/b');
    assert.equal(importPath('"\\x61\\142\\u0063\\U00000064"'), 'abcd');
    assert.equal(importPath('`a\r/b`'), 'a/b');
    assert.equal(importPath('"caf\xc3\xa9"'), 'café');
    assert.equal(importPath('"a\\\'"'), undefined);
    assert.equal(importPath('"a\\/"'), undefined);
    assert.equal(importPath('"\\400"'), undefined);
    assert.equal(importPath('"\\ud800"'), undefined);
    assert.equal(importPath('"a'), undefined);
  });
});

describe('the key', () => {
  const file = (s: string) => {
    const k = keyedGoFile(bytes(s), true);
    assert.notEqual(k, 'more');
    return k as Exclude<typeof k, 'more'>;
  };

  const covered = (k: KeyedGoFile) => Buffer.from(k.covered).toString('latin1');

  test('a .go file: what its imports and constraints say counts, a function body does not', () => {
    const base = file('// Copyright\n\npackage p\n\nimport "a"\n\nfunc F() { println(1) }\n');
    assert.equal(covered(file('// Copyright\n\npackage p\n\nimport "a"\n\nfunc F() { println(2) }\n')), covered(base));
    assert.notEqual(covered(file('// Copyright\n\npackage p\n\nimport "b"\n\nfunc F() { println(1) }\n')), covered(base));
    assert.notEqual(covered(file('//go:build ignore\n\npackage p\n\nimport "a"\n\nfunc F() { println(1) }\n')), covered(base));
    // The byte that ended the imports is in: turning `func` into another import changes the key.
    assert.notEqual(covered(file('// Copyright\n\npackage p\n\nimport "a"\n\nimport "c"\n')), covered(base));
    assert.deepEqual(base.imports, ['a']);
  });

  test('a head that ends inside the imports asks for the whole file', () => {
    const src = `package p\n\nimport (\n${Array.from({ length: 500 }, (_, i) => `\t"example.com/p${i}"\n`).join('')})\n\nfunc F() {}\n`;
    const b = bytes(src);
    assert.equal(keyedGoFile(b.subarray(0, 1024), false), 'more');
    const whole = keyedGoFile(b, true);
    assert.ok(whole !== 'more');
    assert.equal(whole.imports.length, 500);
    // A head that holds every import is enough, and gives the same digest as the whole file.
    const head = keyedGoFile(b.subarray(0, src.indexOf('func') + 1), false);
    assert.ok(head !== 'more');
    assert.deepEqual(head.covered, whole.covered);
  });

  const mod = (over: Partial<KeyedModule> = {}): KeyedModule => ({
    rel: '.',
    paths: ['example.com/m'],
    goMod: bytes('module example.com/m\n\ngo 1.22\n'),
    goSum: bytes('example.com/a v1.0.0 h1:x=\n'),
    tree: { goFiles: ['m.go', 'sub/s.go', 'sub/s_test.go'], nested: [] },
    files: new Map([
      ['m.go', file('package m\nimport "example.com/m/sub"\n')],
      ['sub/s.go', file('package sub\n')],
      ['sub/s_test.go', file('package sub\nimport "testing"\n')],
    ]),
    tools: [],
    ...over,
  });
  const input = (over: Partial<TidyKeyInput> = {}): TidyKeyInput => ({
    settings: { GOVERSION: 'go1.26.8', GOFLAGS: '' },
    module: mod(),
    replacements: [],
    probed: [],
    ...over,
  });
  const keyOf = (i: TidyKeyInput) => {
    const k = tidyKey(i);
    assert.ok('key' in k, JSON.stringify(k));
    return k.key;
  };

  test('every part of what tidy reads changes it; the same input gives the same key', () => {
    const base = keyOf(input());
    assert.equal(keyOf(input()), base);
    const changed = [
      input({ settings: { GOVERSION: 'go1.26.9', GOFLAGS: '' } }),
      input({ settings: { GOVERSION: 'go1.26.8', GOFLAGS: '-mod=mod' } }),
      input({ module: mod({ goMod: bytes('module example.com/m\n\ngo 1.23\n') }) }),
      input({ module: mod({ goSum: bytes('example.com/a v1.0.0 h1:y=\n') }) }),
      input({ module: mod({ goSum: undefined }) }),
      input({ module: mod({ tree: { goFiles: ['m.go', 'sub/s.go'], nested: [] } }) }),
      input({ module: mod({ tree: { goFiles: ['m.go', 'sub/s.go', 'sub/s_test.go'], nested: ['other'] } }) }),
      input({ module: mod({ files: new Map([...mod().files, ['sub/s_test.go', file('package sub\nimport "example.com/x"\n')]]) }) }),
      input({ replacements: [mod({ rel: 'lib', paths: ['example.com/lib'] })] }),
    ];
    for (const c of changed) assert.notEqual(keyOf(c), base);
    // GOOS and the like are not part of it: tidy loads under every build tag.
    assert.equal(keyOf(input({ settings: { GOVERSION: 'go1.26.8', GOFLAGS: '', GOOS: 'windows' } })), base);
  });

  test('no key: an unreadable file, an import of its own package in a directory the key leaves out, -modfile', () => {
    assert.match(JSON.stringify(tidyKey(input({ module: mod({ files: new Map([...mod().files].slice(1)) }) }))), /m\.go could not be read/);
    const toTestdata = mod({ files: new Map([...mod().files, ['m.go', file('package m\nimport "example.com/m/testdata/x"\n')]]) });
    assert.match(JSON.stringify(tidyKey(input({ module: toTestdata }))), /example\.com\/m\/testdata\/x/);
    assert.match(JSON.stringify(tidyKey(input({ settings: { GOFLAGS: '-modfile=other.mod' } }))), /-modfile/);
    // A nested module's package is that module's business (go.mod and go.sum pin it), and a tool counts as an import.
    const toNested = mod({
      tree: { goFiles: ['m.go'], nested: ['api'] },
      files: new Map([['m.go', file('package m\nimport "example.com/m/api/v2"\n')]]),
    });
    assert.ok('key' in tidyKey(input({ module: toNested })));
    assert.ok('uncacheable' in tidyKey(input({ module: mod({ tools: ['example.com/m/cmd/tool'] }) })));
  });

  test('imports outside the walk are probed: no package there, another module, or a package whose files join the key', () => {
    const m = mod({ files: new Map([...mod().files, ['m.go', file('package m\nimport "example.com/m/client/v2"\n')]]) });
    assert.deepEqual(uncoveredImports(m, []), [{ importPath: 'example.com/m/client/v2', dir: 'client/v2', moduleRel: '.' }]);
    assert.ok('uncacheable' in tidyKey(input({ module: m })));
    const none = keyOf(input({ module: m, probed: [{ dir: 'client/v2', kind: 'no-package' }] }));
    const other = keyOf(input({ module: m, probed: [{ dir: 'client/v2', kind: 'other-module', at: 'client' }] }));
    const pkg = (text: string): ProbedDir => ({ dir: 'client/v2', kind: 'package', files: new Map([['c.go', file(text)]]) });
    const asPackage = keyOf(input({ module: m, probed: [pkg('package client\n')] }));
    assert.equal(new Set([none, other, asPackage]).size, 3);
    assert.notEqual(keyOf(input({ module: m, probed: [pkg('package client\nimport "fmt"\n')] })), asPackage);
    // A probed package's own imports of the module are probed in turn.
    const deeper = [pkg('package client\nimport "example.com/m/testdata/x"\n')];
    assert.deepEqual(uncoveredImports(m, [], deeper), [{ importPath: 'example.com/m/testdata/x', dir: 'testdata/x', moduleRel: '.' }]);
    assert.ok('uncacheable' in tidyKey(input({ module: m, probed: deeper })));
    const inLib = mod({
      rel: 'lib',
      paths: ['example.com/lib'],
      files: new Map([['m.go', file('package lib\nimport "example.com/lib/x"\n')]]),
    });
    assert.deepEqual(uncoveredImports(mod(), [inLib]), [{ importPath: 'example.com/lib/x', dir: 'lib/x', moduleRel: 'lib' }]);
    // A replacement without go.mod is part of the key (go reads it only if it needs the module, and then fails).
    assert.notEqual(keyOf(input({ absentReplacements: ['gone'] })), keyOf(input()));
  });

  test("the walk: go's skipped directories, vendor's own files only, ignore directives; nested modules left out", () => {
    const skip = goWalkSkips(['./node_modules', 'build']);
    assert.ok(skip('.git', '.git') && skip('_old', 'a/_old') && skip('testdata', 'x/testdata'));
    assert.ok(!skip('vendor', 'vendor') && skip('x', 'vendor/x') && skip('y', 'a/vendor/y'));
    assert.ok(skip('node_modules', 'node_modules') && !skip('node_modules', 'web/node_modules'));
    assert.ok(skip('build', 'a/build') && !skip('builder', 'builder'));
    assert.ok(ignoredByGo('a/build/x', ['build']) && !ignoredByGo('', ['./']) && ignoredByGo('x', ['./']));
    const t = moduleTree(['m/a.go', 'm/_x.go', 'm/.y.go', 'm/b.txt', 'm/sub/go.mod', 'm/sub/s.go', 'm/vendor/v.go', 'other/o.go'], 'm');
    assert.deepEqual(t, { goFiles: ['a.go', 'vendor/v.go'], nested: ['sub'] });
  });
});

describe('FileTidyCache: one file per key in the user cache dir', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const KEY = 'a'.repeat(64);
  const make = (now?: () => number) => {
    const home = mkdtempSync(path.join(tmpdir(), 'gohooks-tidycache-'));
    dirs.push(home);
    const env = { HOME: home };
    const log: string[] = [];
    const debug = createDebug({ GOHOOKS_DEBUG: '1' }, (s) => void log.push(s));
    return { cache: new FileTidyCache({ platform: 'linux', env, debug, now }), dir: tidyCacheDir('linux', env, '/gomodcache')!, log };
  };

  test('where it lives: the stat snapshot scheme, per GOMODCACHE and format', () => {
    assert.match(tidyCacheDir('linux', { HOME: '/h' }, '/m')!, /^\/h\/\.cache\/gohooks\/tidy-v1\/[0-9a-f]{16}$/);
    assert.match(tidyCacheDir('linux', { HOME: '/h', XDG_CACHE_HOME: '/x' }, '/m')!, /^\/x\/gohooks\/tidy-v1\//);
    assert.match(tidyCacheDir('darwin', { HOME: '/h' }, '/m')!, /^\/h\/Library\/Caches\/gohooks\/tidy-v1\//);
    assert.notEqual(tidyCacheDir('linux', { HOME: '/h' }, '/m'), tidyCacheDir('linux', { HOME: '/h' }, '/n'));
    assert.equal(tidyCacheDir('linux', {}, '/m'), undefined);
  });

  test('a tidy result is found again by its key, for its GOMODCACHE only; nothing but the record is left behind', () => {
    const { cache, dir } = make();
    assert.equal(cache.isTidy('/gomodcache', KEY), false);
    cache.rememberTidy('/gomodcache', KEY, 'example.com/m');
    assert.equal(cache.isTidy('/gomodcache', KEY), true);
    assert.equal(cache.isTidy('/other', KEY), false);
    assert.equal(cache.isTidy('/gomodcache', 'b'.repeat(64)), false);
    assert.deepEqual(readdirSync(dir).sort(), [`${KEY}.json`, 'last-clean-up']);
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, `${KEY}.json`), 'utf8')), {
      format: TIDY_CACHE_FORMAT,
      gomodcache: '/gomodcache',
      key: KEY,
      module: 'example.com/m',
    });
  });

  test('corrupt, truncated, other-format, other-key and non-file records are ignored', () => {
    const { cache, dir, log } = make();
    cache.rememberTidy('/gomodcache', KEY, 'm');
    const file = path.join(dir, `${KEY}.json`);
    const good = readFileSync(file, 'utf8');
    for (const bad of [
      '',
      '{',
      'null',
      '[]',
      good.slice(0, 20),
      good.replace('"format":1', '"format":2'),
      good.replace(KEY, 'c'.repeat(64)),
    ]) {
      writeFileSync(file, bad);
      assert.equal(cache.isTidy('/gomodcache', KEY), false, bad);
    }
    writeFileSync(file, `${good}${' '.repeat(70_000)}`);
    assert.equal(cache.isTidy('/gomodcache', KEY), false);
    rmSync(file);
    mkdirSync(file);
    assert.equal(cache.isTidy('/gomodcache', KEY), false);
    assert.ok(log.some((l) => /ignored .*: unreadable or corrupt/.test(l)));
    // A tidy run replaces what is there (a directory stays: the record is simply not written).
    rmSync(file, { recursive: true });
    writeFileSync(file, '{');
    cache.rememberTidy('/gomodcache', KEY, 'm');
    assert.equal(cache.isTidy('/gomodcache', KEY), true);
  });

  test('a FIFO where a record would be never blocks the lookup', { skip: process.platform === 'win32' && 'no FIFOs' }, async () => {
    const { cache, dir } = make();
    cache.rememberTidy('/gomodcache', KEY, 'm');
    const file = path.join(dir, `${KEY}.json`);
    rmSync(file);
    await new Promise<void>((resolve, reject) =>
      spawn('mkfifo', [file]).on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mkfifo ${code}`)))),
    );
    assert.equal(cache.isTidy('/gomodcache', KEY), false);
  });

  test('an unwritable cache directory costs nothing but the record', () => {
    const home = mkdtempSync(path.join(tmpdir(), 'gohooks-tidycache-'));
    dirs.push(home);
    writeFileSync(path.join(home, '.cache'), 'a file where the directory would be');
    const cache = new FileTidyCache({ platform: 'linux', env: { HOME: home } });
    cache.rememberTidy('/gomodcache', KEY, 'm');
    assert.equal(cache.isTidy('/gomodcache', KEY), false);
  });

  test('clean-up, at most once a day: records unused for 30 days and stale temp files go, used ones stay', () => {
    let now = Date.now();
    const { cache, dir } = make(() => now);
    cache.rememberTidy('/gomodcache', KEY, 'used');
    cache.rememberTidy('/gomodcache', 'b'.repeat(64), 'unused');
    const old = new Date(now - 40 * 24 * 3600 * 1000);
    for (const f of readdirSync(dir)) utimesSync(path.join(dir, f), old, old);
    writeFileSync(path.join(dir, `${KEY}.json.123.abcd.tmp`), 'partial');
    utimesSync(path.join(dir, `${KEY}.json.123.abcd.tmp`), old, old);
    now += 2 * 24 * 3600 * 1000;
    assert.equal(cache.isTidy('/gomodcache', KEY), true); // used: its mtime moves to now
    cache.rememberTidy('/gomodcache', 'c'.repeat(64), 'new');
    assert.deepEqual(readdirSync(dir).sort(), [`${KEY}.json`, `${'c'.repeat(64)}.json`, 'last-clean-up']);
    assert.ok(statSync(path.join(dir, 'last-clean-up')).mtimeMs >= now - 1000);
  });

  test('runs writing at once leave only whole records', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'gohooks-tidycache-'));
    dirs.push(home);
    const script = `
      import { FileTidyCache } from ${JSON.stringify(path.join(packageRoot(), 'src/tools/tidycache.ts'))};
      const cache = new FileTidyCache({ platform: 'linux', env: { HOME: ${JSON.stringify(home)} } });
      for (let i = 0; i < 300; i++) {
        const key = (i % 7).toString(16).repeat(64);
        cache.rememberTidy('/gomodcache', key, 'm' + i);
        if (!cache.isTidy('/gomodcache', key)) { console.error('lost ' + key); process.exit(1); }
      }`;
    const runs = Array.from(
      { length: 4 },
      () =>
        new Promise<number | null>((resolve) =>
          spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: 'inherit', cwd: packageRoot() }).on(
            'exit',
            resolve,
          ),
        ),
    );
    assert.deepEqual(await Promise.all(runs), [0, 0, 0, 0]);
    const dir = tidyCacheDir('linux', { HOME: home }, '/gomodcache')!;
    const names = readdirSync(dir).filter((f) => f.endsWith('.json'));
    assert.equal(names.length, 7);
    for (const f of names) assert.equal(JSON.parse(readFileSync(path.join(dir, f), 'utf8')).format, TIDY_CACHE_FORMAT);
    assert.ok(!readdirSync(dir).some((f) => f.endsWith('.tmp')));
  });
});

describe('go-mod-tidy with its result cache (check tester)', () => {
  const MOD = 'module example.com/m\n\ngo 1.22\n';
  const FILES = { 'go.mod': MOD, 'm.go': 'package m\n\nimport "fmt"\n\nfunc F() { fmt.Println() }\n', 'm_test.go': 'package m\n' };
  const tidy: Script = (_f, args) => (args.join(' ') === 'mod tidy -diff' ? { exitCode: 0 } : undefined);
  const check = (c: Parameters<typeof runCheck>[1]) => runCheck(goModTidy, { processes: tidy, ...c });
  const tidyRuns = (calls: string[]) => calls.filter((c) => c.endsWith('mod tidy -diff')).length;
  const untidy: Script = (_f, args) =>
    args.join(' ') === 'mod tidy -diff'
      ? { exitCode: 1, stdout: 'diff current/go.mod tidy/go.mod\n--- current/go.mod\n+++ tidy/go.mod\n@@ -1 +1 @@\n-go 1.22\n+go 1.23\n' }
      : undefined;

  test('a tidy result is recorded; the next run with the same files does not run go; a function body edit keeps it', async () => {
    const tidyCache = new MemoryTidyCache();
    const first = await check({ files: FILES, tidyCache });
    assert.equal(first.status, 'pass');
    assert.equal(tidyRuns(first.calls), 1);
    assert.equal(tidyCache.records.size, 1);
    const second = await check({ files: { ...FILES, 'm.go': FILES['m.go'].replace('Println()', 'Println(1)') }, tidyCache });
    assert.equal(second.status, 'pass');
    assert.equal(tidyRuns(second.calls), 0);
  });

  test('each kind of change runs go again: an import, a test import, a build-tagged file, go.sum, go.mod, GOFLAGS', async () => {
    const tidyCache = new MemoryTidyCache();
    await check({ files: FILES, tidyCache });
    const variants: Parameters<typeof runCheck>[1][] = [
      { files: { ...FILES, 'm.go': FILES['m.go'].replace('"fmt"', '"fmt"\n\t"os"') } },
      { files: { ...FILES, 'm_test.go': 'package m\n\nimport "testing"\n' } },
      { files: { ...FILES, 'w.go': '//go:build windows\n\npackage m\n\nimport "golang.org/x/sys/windows"\n' } },
      {
        files: { ...FILES, 'go.sum': 'example.com/a v1.0.0/go.mod h1:x=\n' },
        hostFiles: { '/home/dev/go/pkg/mod/cache/download/example.com/a/@v/v1.0.0.mod': '' },
      },
      { files: { ...FILES, 'go.mod': `${MOD}\nrequire example.com/a v1.0.0\n` } },
      { files: FILES, goEnv: { GOFLAGS: '-mod=mod' } },
    ];
    for (const v of variants) {
      const r = await check({ ...v, tidyCache: new MemoryTidyCache() });
      assert.equal(tidyRuns(r.calls), 1);
      const shared = await check({ ...v, tidyCache: tidyCache });
      assert.equal(tidyRuns(shared.calls), 1, JSON.stringify(v).slice(0, 120));
    }
  });

  test('an untidy module is never recorded; --full runs go, and records', async () => {
    const tidyCache = new MemoryTidyCache();
    for (let i = 0; i < 2; i++) {
      const r = await check({ files: FILES, tidyCache, processes: untidy });
      assert.equal(r.status, 'fail');
      assert.equal(tidyRuns(r.calls), 1);
    }
    assert.equal(tidyCache.records.size, 0);
    await check({ files: FILES, tidyCache });
    const full = await check({ files: FILES, tidyCache, full: true, processes: untidy });
    assert.equal(full.status, 'fail');
    assert.equal(tidyRuns(full.calls), 1);
  });

  test('no cache where the key cannot see everything go reads: a .go file refused, a replace out of the repository, the option off', async () => {
    const cases: Parameters<typeof runCheck>[1][] = [
      { files: { ...FILES, 'link.go': 'package m\n' }, refused: { 'link.go': 'outside' } },
      { files: { ...FILES, 'go.mod': `${MOD}\nreplace example.com/x => ../x\n` } },
      { files: FILES, config: { checks: { 'go-mod-tidy': { options: { cache: false } } } } },
      { files: FILES, goEnv: { GOFLAGS: '-modfile=alt.mod' } },
    ];
    for (const c of cases) {
      const tidyCache = new MemoryTidyCache();
      for (let i = 0; i < 2; i++) assert.equal(tidyRuns((await check({ ...c, tidyCache })).calls), 1, JSON.stringify(c));
      assert.equal(tidyCache.records.size, 0);
    }
  });

  test('an import of its own path served by another module is cached while its directory holds no .go file', async () => {
    const files = { ...FILES, 'm.go': 'package m\n\nimport "example.com/m/client/v2"\n', 'client/README.md': 'docs\n' };
    const tidyCache = new MemoryTidyCache();
    await check({ files, tidyCache });
    assert.equal(tidyRuns((await check({ files, tidyCache })).calls), 0);
    // A .go file in it, of any name, makes it a package of this module for go (fsys.IsGoDir): another key. One below it does not.
    for (const [extra, changes] of [
      ['client/v2/_hidden.go', true],
      ['client/v2/testdata/x.go', false],
      ['client/v2/v.go', true],
    ] as const) {
      const withGo = { ...files, [extra]: 'package v2\n' };
      assert.equal(tidyRuns((await check({ files: withGo, tidyCache })).calls), changes ? 1 : 0, extra);
      assert.equal(tidyRuns((await check({ files: withGo, tidyCache })).calls), 0, extra);
    }
  });

  test("a directory replacement's imports are in the key (lib is a module too: both run go again)", async () => {
    const files = {
      ...FILES,
      'go.mod': `${MOD}\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ./lib\n`,
      'lib/go.mod': 'module example.com/lib\n\ngo 1.22\n',
      'lib/lib.go': 'package lib\n',
    };
    const tidyCache = new MemoryTidyCache();
    assert.equal(tidyRuns((await check({ files, tidyCache })).calls), 2);
    assert.equal(tidyRuns((await check({ files, tidyCache })).calls), 0);
    const changed = { ...files, 'lib/lib.go': 'package lib\n\nimport "example.com/other"\n' };
    assert.equal(tidyRuns((await check({ files: changed, tidyCache })).calls), 2);
  });

  test('a module cache that lost what go.sum names makes go run again (and say so), though the key is the same', async () => {
    const files = { ...FILES, 'go.sum': 'example.com/a v1.0.0 h1:x=\nexample.com/a v1.0.0/go.mod h1:y=\n' };
    const cached = {
      '/home/dev/go/pkg/mod/cache/download/example.com/a/@v/v1.0.0.mod': '',
      '/home/dev/go/pkg/mod/example.com/a@v1.0.0/': '',
    };
    const tidyCache = new MemoryTidyCache();
    await check({ files, tidyCache, hostFiles: cached });
    assert.equal(tidyRuns((await check({ files, tidyCache, hostFiles: cached })).calls), 0);
    assert.equal(tidyRuns((await check({ files, tidyCache, hostFiles: {} })).calls), 1);
  });

  test('the index: the key is taken over the work tree, where go runs', async () => {
    const tidyCache = new MemoryTidyCache();
    const unstaged = { 'm.go': 'package m\n\nimport "os"\n\nfunc F() { os.Exit(0) }\n' };
    await check({ files: FILES, sourceKind: 'index', unstaged, tidyCache });
    // The same staged files with another work tree: not the key go was run for.
    assert.equal(tidyRuns((await check({ files: FILES, sourceKind: 'index', tidyCache })).calls), 1);
    assert.equal(tidyRuns((await check({ files: FILES, sourceKind: 'index', unstaged, tidyCache })).calls), 0);
  });
});
