// go-mod-tidy's logic with the check tester: go's own stderr, captured from
// real runs (test/testdata/tidy), scripted as the output of `go mod tidy -diff`.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { runCheck, type Script } from '../dev/testkit/check-tester.js';
import goModTidy, { hasGoPackages, parseTidyFailure } from '../src/checks/go-mod-tidy.js';
import { parseModFile } from '../src/gomod/modfile.js';
import type { ExecOptions, ExecResult } from '../src/tools/exec.js';
import { fixture } from './helpers.js';

const captured = (name: string) => readFileSync(fixture(`tidy/${name}`), 'utf8');

/** `go mod tidy -diff` prints `result` in the module directories given (repo-relative), and succeeds elsewhere. */
function tidyOutput(byModule: Record<string, Partial<ExecResult>>, seen: ExecOptions[] = []): Script {
  return (_file, args, opts) => {
    if (args.join(' ') !== 'mod tidy -diff') return undefined;
    seen.push(opts);
    const rel = opts.cwd === '/repo' ? '.' : opts.cwd.replace(/^\/repo\//, '');
    return byModule[rel] ?? { exitCode: 0 };
  };
}

const APP_MOD = 'module example.com/app\n\ngo 1.22\n\nrequire example.com/lib v1.0.0\n';

describe('parseTidyFailure: what go printed before failing offline', () => {
  test('etcd api: the modules from "go: downloading", not the packages of the import stacks', () => {
    const f = parseTidyFailure(captured('etcd-api.stderr'));
    assert.deepEqual(f.missing, [
      { path: 'go.opentelemetry.io/otel/sdk/metric', version: 'v1.44.0' },
      { path: 'gopkg.in/check.v1', version: 'v0.0.0-20161208181325-20d25e280405' },
    ]);
    assert.deepEqual(f.unresolved, []);
    assert.equal(f.networkError, undefined);
  });

  test('golangci-lint and cli/cli: every downloading line, once each', () => {
    const g = parseTidyFailure(captured('golangci-lint-root.stderr'));
    assert.equal(g.missing.length, 17);
    assert.ok(g.missing.some((m) => m.path === 'golang.org/x/tools/go/expect' && m.version === 'v0.1.1-deprecated'));
    assert.equal(parseTidyFailure(captured('cli-root.stderr')).missing.length, 33);
    const t = parseTidyFailure(captured('etcd-testgrid-analysis.stderr'));
    assert.deepEqual(t.missing.map((m) => m.path).sort(), [
      'go.opentelemetry.io/otel',
      'go.opentelemetry.io/otel/metric',
      'go.opentelemetry.io/otel/sdk/metric',
      'go.opentelemetry.io/otel/trace',
    ]);
  });

  test('a go.mod the graph needs (go 1.16 module), a graph requirement, a toolchain download, and an unresolved import', () => {
    assert.deepEqual(parseTidyFailure('go: example.com/lib@v1.0.0: module lookup disabled by GOPROXY=off\n').missing, [
      { path: 'example.com/lib', version: 'v1.0.0' },
    ]);
    assert.deepEqual(
      parseTidyFailure('go: example.com/a@v1.2.0 requires\n\texample.com/b@v0.3.0: module lookup disabled by GOPROXY=off\n').missing,
      [{ path: 'example.com/b', version: 'v0.3.0' }],
    );
    assert.deepEqual(parseTidyFailure('go: downloading go1.27.1 (linux/amd64)\n').missing, []);
    const u = parseTidyFailure(
      'go: finding module for package example.com/b\ngo: example.com/a imports\n\texample.com/b: cannot find module providing package example.com/b: module lookup disabled by GOPROXY=off\n',
    );
    assert.deepEqual(u.unresolved, [
      { pkg: 'example.com/b', importedBy: 'example.com/a', reason: 'module lookup disabled by GOPROXY=off' },
    ]);
    assert.deepEqual(u.missing, []);
  });
});

describe('go-mod-tidy: modules missing from the module cache', () => {
  test('a not-checked warning naming the modules (capped), with go mod tidy -diff as the fix; the status is not-checked', async () => {
    const r = await runCheck(goModTidy, {
      files: { 'go.mod': APP_MOD, 'main.go': 'package main\n' },
      processes: tidyOutput({ '.': { exitCode: 1, stderr: captured('golangci-lint-root.stderr') } }),
    });
    assert.equal(r.status, 'not-checked');
    assert.equal(r.findings.length, 1);
    const f = r.findings[0];
    assert.equal(f.severity, 'warning');
    assert.equal(f.notChecked, true);
    assert.equal(
      f.message,
      'go mod tidy needs 17 modules not in the module cache: github.com/alecthomas/assert/v2@v2.11.0, github.com/alecthomas/repr@v0.5.2, ' +
        'github.com/dave/jennifer@v1.7.1, github.com/davecgh/go-spew@v1.1.2-0.20180830191138-d8f796af33cc, ' +
        'github.com/frankban/quicktest@v1.14.3 and 12 more',
    );
    assert.match(f.why!, /tests of dependencies/);
    assert.deepEqual(f.fix?.commands, {
      posix: 'go mod tidy -diff',
      fish: 'go mod tidy -diff',
      powershell: 'go mod tidy -diff',
      cmd: 'go mod tidy -diff',
    });
    assert.match(f.fix!.summary, /with the network/);
  });

  test('in a module below the root the fix uses go -C, quoted per shell', async () => {
    const r = await runCheck(goModTidy, {
      files: { 'my api/go.mod': APP_MOD, 'my api/a.go': 'package a\n' },
      processes: tidyOutput({ 'my api': { exitCode: 1, stderr: captured('etcd-api.stderr') } }),
    });
    const f = r.findings[0];
    assert.equal(
      f.message,
      'go mod tidy needs 2 modules not in the module cache: go.opentelemetry.io/otel/sdk/metric@v1.44.0, gopkg.in/check.v1@v0.0.0-20161208181325-20d25e280405',
    );
    assert.equal(f.fix?.commands?.posix, "go -C 'my api' mod tidy -diff");
    assert.equal(f.fix?.commands?.cmd, 'go -C "my api" mod tidy -diff');
  });

  test('etcd: a workspace module that replaces its siblings with ../ paths is never "needs the workspace"', async () => {
    const r = await runCheck(goModTidy, {
      files: {
        'go.work': 'go 1.26\n\nuse (\n\t.\n\t./api\n\t./client/pkg\n\t./client/v3\n\t./etcdctl\n\t./pkg\n)\n',
        'go.mod': 'module go.etcd.io/etcd/v3\n\ngo 1.26\n',
        'api/go.mod': 'module go.etcd.io/etcd/api/v3\n\ngo 1.26\n',
        'client/pkg/go.mod': 'module go.etcd.io/etcd/client/pkg/v3\n\ngo 1.26\n',
        'client/v3/go.mod': 'module go.etcd.io/etcd/client/v3\n\ngo 1.26\n',
        'pkg/go.mod': 'module go.etcd.io/etcd/pkg/v3\n\ngo 1.26\n',
        'etcdctl/go.mod': captured('etcd-etcdctl.go.mod'),
        'etcdctl/main.go': 'package main\n',
      },
      processes: tidyOutput({ etcdctl: { exitCode: 1, stderr: captured('etcd-etcdctl.stderr') } }),
    });
    assert.deepEqual(
      r.findings.map((f) => [f.file, f.message]),
      [['etcdctl/go.mod', 'go mod tidy needs a module not in the module cache: go.opentelemetry.io/otel/sdk/metric@v1.44.0']],
    );
  });

  test('a user whose GOPROXY is off is told the fix needs one', async () => {
    const r = await runCheck(goModTidy, {
      files: { 'go.mod': APP_MOD, 'main.go': 'package main\n' },
      goEnv: { GOPROXY: 'off' },
      processes: tidyOutput({ '.': { exitCode: 1, stderr: captured('etcd-api.stderr') } }),
    });
    assert.match(r.findings[0].fix!.summary, /Your GOPROXY is off/);
  });

  test('"strict": true makes it an error', async () => {
    const r = await runCheck(goModTidy, {
      files: { 'go.mod': APP_MOD, 'main.go': 'package main\n' },
      config: { strict: true },
      processes: tidyOutput({ '.': { exitCode: 1, stderr: captured('etcd-api.stderr') } }),
    });
    assert.equal(r.findings[0].severity, 'error');
    assert.equal(r.status, 'fail');
  });
});

describe('go-mod-tidy: workspaces', () => {
  const WS = {
    'go.work': 'go 1.22\n\nuse (\n\t./a\n\t./b\n)\n',
    'b/go.mod': 'module example.com/b\n\ngo 1.22\n',
    'a/a.go': 'package a\n',
  };
  // Captured: a imports b and requires it at the placeholder version (c), or not at all (d).
  const PLACEHOLDER =
    'go: downloading example.com/b v0.0.0-00010101000000-000000000000\ngo: example.com/a imports\n\texample.com/b: module lookup disabled by GOPROXY=off\n';
  const UNREQUIRED =
    'go: finding module for package example.com/b\ngo: example.com/a imports\n\texample.com/b: cannot find module providing package example.com/b: module lookup disabled by GOPROXY=off\n';

  for (const [what, modText, stderr] of [
    [
      'required at the placeholder version',
      'module example.com/a\n\ngo 1.22\n\nrequire example.com/b v0.0.0-00010101000000-000000000000\n',
      PLACEHOLDER,
    ],
    ['not required at all', 'module example.com/a\n\ngo 1.22\n', UNREQUIRED],
  ]) {
    test(`a sibling ${what}, with no replace: "cannot tidy standalone", fixed with a relative replace`, async () => {
      const r = await runCheck(goModTidy, {
        files: { ...WS, 'a/go.mod': modText },
        processes: tidyOutput({ a: { exitCode: 1, stderr } }),
      });
      assert.equal(r.findings.length, 1);
      const f = r.findings[0];
      assert.equal(f.message, 'cannot tidy a standalone: it needs example.com/b from the workspace, and go mod tidy ignores go.work');
      assert.equal(f.severity, 'warning');
      assert.equal(f.notChecked, true);
      assert.equal(f.fix?.commands?.posix, 'go -C a mod edit -replace=example.com/b=../b && go -C a mod tidy');
      assert.equal(f.fix?.commands?.powershell, 'go -C a mod edit -replace=example.com/b=../b; go -C a mod tidy');
    });
  }

  test('a sibling required at a published version is a missing module, not "needs the workspace"', async () => {
    const r = await runCheck(goModTidy, {
      files: { ...WS, 'a/go.mod': 'module example.com/a\n\ngo 1.22\n\nrequire example.com/b v1.4.0\n' },
      processes: tidyOutput({
        a: { exitCode: 1, stderr: PLACEHOLDER.replace('v0.0.0-00010101000000-000000000000', 'v1.4.0') },
      }),
    });
    assert.equal(r.findings[0].message, 'go mod tidy needs a module not in the module cache: example.com/b@v1.4.0');
  });

  test('outside any go.work this source holds, a placeholder requirement without a replace cannot be tidied (no download fixes it)', async () => {
    const r = await runCheck(goModTidy, {
      files: {
        'a/go.mod': 'module example.com/a\n\ngo 1.22\n\nrequire example.com/b v0.0.0-00010101000000-000000000000\n',
        'a/a.go': 'package a\n',
      },
      sourceKind: 'commit',
      mode: 'pre-push',
      processes: tidyOutput({ a: { exitCode: 1, stderr: PLACEHOLDER } }),
    });
    assert.equal(r.status, 'not-checked');
    assert.equal(
      r.findings[0].message,
      'cannot tidy a standalone: it requires example.com/b at v0.0.0-00010101000000-000000000000, a version only a replace directive or a go.work provides',
    );
    assert.equal(r.findings[0].fix?.commands, undefined);
  });

  test('outside any go.work, an import nothing provides is an error: tidy would add a requirement', async () => {
    const r = await runCheck(goModTidy, {
      files: { 'a/go.mod': 'module example.com/a\n\ngo 1.22\n', 'a/a.go': 'package a\n' },
      processes: tidyOutput({ a: { exitCode: 1, stderr: UNREQUIRED } }),
    });
    assert.equal(r.status, 'fail');
    assert.deepEqual(
      r.findings.map((f) => [f.severity, f.message, f.fix?.commands?.posix]),
      [
        [
          'error',
          'not tidy: no module that go.mod requires provides example.com/b (imported by example.com/a)',
          'go -C a mod tidy && git add a/go.mod a/go.sum',
        ],
      ],
    );
  });
});

describe('go-mod-tidy: a go.mod with no Go code', () => {
  const DOCS_MOD = 'module github.com/golangci/docs\n\ngo 1.24.0\n\nrequire github.com/imfing/hextra v0.12.1 // indirect\n';
  const docsRun = { exitCode: 1, stdout: captured('golangci-lint-docs.stdout'), stderr: captured('golangci-lint-docs.stderr') };

  test('golangci-lint docs/ (Hugo): an info line, no error, status pass', async () => {
    const r = await runCheck(goModTidy, {
      files: {
        'go.mod': APP_MOD,
        'main.go': 'package main\n',
        'docs/go.mod': DOCS_MOD,
        'docs/hugo.yaml': 'module: {}\n',
        'docs/content/_index.md': '# x\n',
        'docs/.github/x.go': 'package x\n',
        'docs/testdata/x.go': 'package x\n',
      },
      processes: tidyOutput({ docs: docsRun }),
    });
    assert.equal(r.status, 'pass');
    assert.deepEqual(
      r.findings.map((f) => [f.file, f.severity, f.notChecked]),
      [['docs/go.mod', 'info', undefined]],
    );
    assert.match(r.findings[0].message, /no Go packages here, so this go\.mod is not a Go build/);
  });

  test('with one Go file the same diff is two errors (go.mod and go.sum)', async () => {
    const r = await runCheck(goModTidy, {
      files: { 'docs/go.mod': DOCS_MOD, 'docs/layouts/gen.go': 'package layouts\n' },
      processes: tidyOutput({ docs: docsRun }),
    });
    assert.deepEqual(
      r.findings.map((f) => [f.file, f.severity]),
      [
        ['docs/go.mod', 'error'],
        ['docs/go.sum', 'error'],
      ],
    );
  });

  test('hasGoPackages follows the go command: nested modules, testdata, vendor, _ and . names, ignore and tool directives', () => {
    const mod = (text = '') => parseModFile(`module example.com/m\n\ngo 1.25\n${text}`);
    const has = (files: string[], text?: string, rel = 'm') => hasGoPackages(files, rel, mod(text));
    assert.equal(has(['m/go.mod', 'm/a.go']), true);
    assert.equal(has(['m/go.mod', 'm/cmd/x/main.go']), true);
    assert.equal(has(['m/go.mod', 'm/a_test.go']), true, 'a test-only package is a package');
    assert.equal(has(['m/go.mod', 'm/README.md', 'm/x.go.txt']), false);
    assert.equal(has(['m/go.mod', 'm/_a.go', 'm/.a.go']), false);
    assert.equal(has(['m/go.mod', 'm/sub/go.mod', 'm/sub/a.go', 'm/sub/deep/b.go']), false, 'a nested module is not this module');
    assert.equal(has(['m/go.mod', 'm/subx/a.go', 'm/sub/go.mod']), true);
    assert.equal(has(['m/go.mod', 'm/node_modules/x/a.go']), true, 'go does not skip node_modules');
    assert.equal(has(['m/go.mod', 'm/site/a.go'], 'ignore ./site\n'), false);
    assert.equal(has(['m/go.mod', 'm/x/node_modules/a.go'], 'ignore node_modules\n'), false);
    assert.equal(has(['m/go.mod', 'm/sitex/a.go'], 'ignore ./site\n'), true);
    assert.equal(has(['m/go.mod'], 'tool golang.org/x/tools/cmd/stringer\n'), true, 'tools are packages of "all"');
    assert.equal(has(['go.mod', 'a.go', 'm/go.mod'], undefined, '.'), true);
    assert.equal(has(['go.mod', 'm/go.mod', 'm/a.go'], undefined, '.'), false);
  });

  test('nothing is listed when tidy succeeds', async () => {
    const r = await runCheck(goModTidy, { files: { 'go.mod': APP_MOD }, processes: tidyOutput({}) });
    assert.deepEqual(r.findings, []);
    assert.equal(r.status, 'pass');
  });
});

describe('go-mod-tidy: the network', () => {
  test('offline by default: GOPROXY=off, GOSUMDB=off, and GONOPROXY matching nothing (GOPRIVATE modules would be fetched directly)', async () => {
    const seen: ExecOptions[] = [];
    await runCheck(goModTidy, {
      files: { 'go.mod': APP_MOD },
      env: { GOPRIVATE: 'example.com', GOPROXY: 'https://proxy.example' },
      processes: tidyOutput({}, seen),
    });
    assert.equal(seen.length, 1);
    assert.equal(seen[0].env.GOPROXY, 'off');
    assert.equal(seen[0].env.GOSUMDB, 'off');
    assert.equal(seen[0].env.GONOPROXY, 'offline.gohooks.invalid');
    assert.equal(seen[0].env.GOWORK, 'off');
  });

  test('"network": true keeps the user\'s GOPROXY and GOSUMDB (the option is declared in the meta, so config accepts it)', async () => {
    const seen: ExecOptions[] = [];
    const r = await runCheck(goModTidy, {
      files: { 'go.mod': APP_MOD },
      env: { GOPROXY: 'https://proxy.example', GOSUMDB: 'sum.example' },
      config: { checks: { 'go-mod-tidy': { options: { network: true } } } },
      mode: 'pre-push',
      processes: tidyOutput({}, seen),
    });
    assert.equal(r.status, 'pass');
    assert.equal(seen[0].env.GOPROXY, 'https://proxy.example');
    assert.equal(seen[0].env.GOSUMDB, 'sum.example');
    assert.equal(seen[0].env.GONOPROXY, undefined);
    assert.equal(goModTidy.options?.network.default, false);
  });

  test('with the network, go that cannot reach it is "not checked", not an error', async () => {
    const stderr =
      'go: downloading example.com/testdep v1.0.0\ngo: example.com/app imports\n\texample.com/lib tested by\n\texample.com/lib.test imports\n' +
      '\texample.com/testdep: unrecognized import path "example.com/testdep": https fetch: Get "https://example.com/testdep?go-get=1": dial tcp: lookup example.com on 10.255.255.53:53: no such host\n';
    const r = await runCheck(goModTidy, {
      files: { 'go.mod': APP_MOD, 'main.go': 'package main\n' },
      config: { checks: { 'go-mod-tidy': { options: { network: true } } } },
      processes: tidyOutput({ '.': { exitCode: 1, stderr } }),
    });
    assert.equal(r.status, 'not-checked');
    assert.match(r.findings[0].message, /^tidiness: go could not reach the network: .*no such host/);
  });

  test('with the network allowed but GOPROXY=off in the user\'s own settings, missing modules are still "not checked"', async () => {
    const r = await runCheck(goModTidy, {
      files: { 'go.mod': APP_MOD, 'main.go': 'package main\n' },
      env: { GOPROXY: 'off' },
      goEnv: { GOPROXY: 'off' },
      config: { checks: { 'go-mod-tidy': { options: { network: true } } } },
      processes: tidyOutput({ '.': { exitCode: 1, stderr: captured('etcd-api.stderr') } }),
    });
    assert.equal(r.status, 'not-checked');
    assert.match(r.findings[0].message, /^go mod tidy needs 2 modules not in the module cache/);
    assert.match(r.findings[0].fix!.summary, /Your GOPROXY is off/);
  });

  test('a checksum mismatch after a download is an error, never "not checked"', async () => {
    const r = await runCheck(goModTidy, {
      files: { 'go.mod': APP_MOD, 'main.go': 'package main\n' },
      config: { checks: { 'go-mod-tidy': { options: { network: true } } } },
      processes: tidyOutput({
        '.': {
          exitCode: 1,
          stderr:
            'go: downloading example.com/lib v1.0.0\nverifying example.com/lib@v1.0.0: checksum mismatch\n\tdownloaded: h1:AAAA=\n\tgo.sum:     h1:BBBB=\n\nSECURITY ERROR\n',
        },
      }),
    });
    assert.equal(r.status, 'fail');
    assert.match(r.findings[0].message, /^go mod tidy -diff failed: verifying example\.com\/lib@v1\.0\.0: checksum mismatch/);
  });

  test('any other failure is an error quoting go', async () => {
    const r = await runCheck(goModTidy, {
      files: { 'go.mod': APP_MOD, 'main.go': 'package main\n' },
      processes: tidyOutput({
        '.': {
          exitCode: 1,
          stderr:
            'go: example.com/lib@v1.0.0: parsing go.mod:\n\tmodule declares its path as: example.com/other\n\t        but was required as: example.com/lib\n',
        },
      }),
    });
    assert.equal(r.status, 'fail');
    assert.match(r.findings[0].message, /^go mod tidy -diff failed: example\.com\/lib@v1\.0\.0: parsing go\.mod:/);
  });
});
