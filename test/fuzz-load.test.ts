// Beyond syntax: what `go list -m` (loading the main module, offline) rejects
// although `go mod edit -json` accepts it. Each go.mod here parses; the parser
// must report a "load" error exactly when the real go command fails, at the
// line go names.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { makeSandbox } from '../dev/testkit/sandbox.js';
import { parseModFile } from '../src/gomod/modfile.js';

const sb = makeSandbox('gohooks-load-');
after(() => sb.cleanup());
const env = { ...sb.env, GOPROXY: 'off', GOFLAGS: '', GOWORK: 'off', GOSUMDB: 'off', GOTOOLCHAIN: 'local' };

const CASES: { name: string; gomod: string }[] = [
  { name: 'clean', gomod: 'module example.com/m\n\ngo 1.22\n' },
  { name: 'no module line', gomod: 'go 1.22\n' },
  { name: 'module path with a space', gomod: 'module "a b"\n\ngo 1.22\n' },
  { name: 'module path with ESC', gomod: 'module "a\\x1bb"\n\ngo 1.22\n' },
  { name: 'reserved module path', gomod: 'module toolchain\n\ngo 1.22\n' },
  { name: 'module path without a dot is fine', gomod: 'module m\n\ngo 1.22\n' },
  { name: '/v1 module path is fine without retract', gomod: 'module example.com/m/v1\n\ngo 1.22\n' },
  { name: 'non-canonical require', gomod: 'module m\n\ngo 1.22\n\nrequire example.com/a v1.2\n' },
  { name: 'build metadata in exclude', gomod: 'module m\n\ngo 1.22\n\nexclude example.com/a v1.2.3+meta\n' },
  { name: 'retract of a branch name', gomod: 'module example.com/m\n\ngo 1.22\n\nretract master\n' },
  { name: 'retract above the major version', gomod: 'module example.com/m\n\ngo 1.22\n\nretract v2.0.0\n' },
  { name: 'replacement major mismatch', gomod: 'module m\n\ngo 1.22\n\nreplace example.com/a v1.0.0 => example.com/b v2.0.0\n' },
  { name: 'replacement path /v1', gomod: 'module m\n\ngo 1.22\n\nreplace example.com/a v1.0.0 => example.com/b/v1 v1.0.0\n' },
  { name: 'malformed tool path', gomod: 'module m\n\ngo 1.24\n\ntool "a b"\n' },
  { name: 'godebug default not a go version', gomod: 'module m\n\ngo 1.22\n\ngodebug default=foo\n' },
  { name: 'godebug default fine', gomod: 'module m\n\ngo 1.22\n\ngodebug default=go1.21\n' },
  { name: 'a requirement twice', gomod: 'module m\n\ngo 1.22\n\nrequire example.com/a v1.0.0\nrequire example.com/a v1.1.0\n' },
  { name: 'conflict marker that parses', gomod: 'module m\n\ngo 1.22\n\ngodebug (\n=======\n)\n' },
  { name: '+incompatible on a /v2 path is fine', gomod: 'module m\n\ngo 1.22\n\nrequire example.com/m/v2 v2.0.0+incompatible\n' },
  { name: 'ignore with a space is fine', gomod: 'module m\n\ngo 1.25\n\nignore "a b"\n' },
];

for (const [i, c] of CASES.entries()) {
  test(`load: ${c.name}`, () => {
    const f = parseModFile(c.gomod);
    assert.deepEqual(
      f.diagnostics.filter((d) => d.stage === 'syntax'),
      [],
      'the go.mod parses (go mod edit -json accepts it)',
    );
    const dir = path.join(sb.dir, `m${i}`);
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'go.mod'), c.gomod);
    const r = sb.exec('go', ['list', '-m', '-json'], { cwd: dir, env });
    const ours = f.diagnostics.filter((d) => d.stage === 'load');
    assert.equal(ours.length > 0, r.status !== 0, `go list -m: exit ${r.status} ${r.stderr.trim()}\ngohooks: ${JSON.stringify(ours)}`);
    const goLine = /go\.mod:(\d+):/.exec(r.stderr)?.[1];
    if (goLine) assert.equal(ours[0].line, Number(goLine), r.stderr);
  });
}
