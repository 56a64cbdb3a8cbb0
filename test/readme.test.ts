// The README's "Output" tables are behaviour: this reads the formats table and
// the exit-code table from README.md and makes gohooks produce every format and
// every exit code (each cause of exit 2 the table names), with real go and git
// in a sandbox. Also: the usage text and the README's usage block list the same
// formats as the CLI accepts, and the top two commands and "Get gohooks" name
// what the package test runs.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gitCommitAll, gitInit, makeGoModule } from '../dev/testkit/project.js';
import { libModule } from '../dev/testkit/proxy.js';
import { makeSandbox, type Sandbox } from '../dev/testkit/sandbox.js';
import { USAGE } from '../src/messages.js';
import { packageRoot } from '../src/package-root.js';
import { COMMAND_FORMATS, type Format } from '../src/report/formats.js';
import { assertContract } from './contract.js';
import { gohooks, type CliResult } from './helpers.js';
import { sarifSchemaErrors } from './sarif-validate.js';

const README = readFileSync(path.join(packageRoot(), 'README.md'), 'utf8');

/** The body of a markdown section (from its heading to the next heading of the same or a higher level). */
function section(heading: string): string {
  const start = README.indexOf(`\n${heading}\n`);
  assert.ok(start >= 0, `README has no "${heading}"`);
  const level = heading.match(/^#+/)![0].length;
  const rest = README.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`^#{1,${level}} `, 'm'));
  return end < 0 ? rest : rest.slice(0, end);
}

/** The first markdown table in text: its rows (header and separator dropped) as cells. */
function table(text: string): string[][] {
  const rows = text.split('\n').filter((l) => l.startsWith('|'));
  assert.ok(rows.length > 2, 'no table');
  return rows.slice(2).map((r) =>
    r
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim()),
  );
}

const FORMAT_ROWS = table(section('### Formats')).map(([format, offeredBy]) => ({
  format: format.replace(/`/g, '') as Format,
  offeredBy: offeredBy.split(',').map((s) => s.trim()),
}));
const EXIT_ROWS = table(section('### Exit codes')).map(([code, meaning]) => ({ code: Number(code), meaning }));

test('the formats table lists exactly what each command accepts', () => {
  const all = [...new Set<Format>([...COMMAND_FORMATS.verify, ...COMMAND_FORMATS.doctor])].sort();
  assert.deepEqual(FORMAT_ROWS.map((r) => r.format).sort(), all);
  for (const { format, offeredBy } of FORMAT_ROWS) {
    assert.equal(offeredBy.includes('verify'), (COMMAND_FORMATS.verify as readonly string[]).includes(format), `${format}: verify`);
    assert.equal(offeredBy.includes('doctor'), (COMMAND_FORMATS.doctor as readonly string[]).includes(format), `${format}: doctor`);
    // The hooks print human, and write SARIF beside it with GOHOOKS_SARIF.
    assert.equal(offeredBy.includes('the hooks'), format === 'human' || format === 'sarif', `${format}: the hooks`);
  }
  for (const [command, formats] of Object.entries(COMMAND_FORMATS)) {
    const flag = `--format ${formats.join('|')}`;
    assert.match(USAGE, new RegExp(`gohooks ${command} .*${flag.replace(/\|/g, '\\|')}`), `usage: ${command} ${flag}`);
    assert.match(section('## Usage'), new RegExp(`gohooks ${command} .*${flag.replace(/\|/g, '\\|')}`), `README usage: ${command}`);
  }
});

test('the exit-code table holds 0, 1 and 2, as the usage text says', () => {
  assert.deepEqual(
    EXIT_ROWS.map((r) => r.code),
    [0, 1, 2],
  );
  assert.match(USAGE, /exit codes: 0 no error findings · 1 at least one error · 2 gohooks could not run/);
});

test('the README starts with the demo and the test commands, and "Get gohooks" names what test/package.test.ts runs', () => {
  const first = README.match(/```sh\n([\s\S]*?)```/)![1];
  const scripts = (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts;
  assert.match(first, /^npm ci && npm run demo {3}#/m);
  assert.match(first, /^npm ci && npm test {7}#/m);
  assert.ok(scripts.demo && scripts.test);
  const get = section('## Get gohooks');
  for (const cmd of ['npm install -g gohooks', 'npx gohooks verify', 'npm install -D gohooks', 'npm install -g "$(npm pack --silent)"']) {
    assert.ok(get.includes(cmd), `Get gohooks lacks ${cmd}`);
  }
  assert.ok(README.indexOf('## Get gohooks') < README.indexOf('## Install the hooks'));
});

describe('every format and every exit code, produced', () => {
  let sb: Sandbox;
  let template: string;
  let n = 0;

  function repo(broken: boolean): string {
    const dir = path.join(sb.dir, `repo${n++}`);
    cpSync(template, dir, { recursive: true });
    gitInit(sb, path.basename(dir));
    gitCommitAll(sb, dir, 'initial');
    if (broken) {
      const sum = path.join(dir, 'go.sum');
      writeFileSync(sum, readFileSync(sum, 'utf8').split('\n').slice(1).join('\n')); // drop alpha's zip line
    }
    return dir;
  }
  const run = (cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): CliResult => gohooks(args, { cwd, env: { ...sb.env, ...env } });

  before(() => {
    sb = makeSandbox();
    sb.addModules([libModule('example.com/alpha', 'v1.0.0')]);
    template = makeGoModule(sb, {
      rel: 'template',
      modulePath: 'example.org/app',
      deps: [{ path: 'example.com/alpha', version: 'v1.0.0' }],
    });
  });
  after(() => sb.cleanup());

  /** What each format looks like, checked on the output of a run with one go.sum error. */
  const SHAPE: Record<Format, (out: string) => void> = {
    human: (out) => assert.match(out, /✖ go-sum {2}go\.mod:5: go\.sum has no module \(zip\) entry for example\.com\/alpha v1\.0\.0/),
    json: (out) => assert.ok(assertContract(out).findings.some((f) => f.check === 'go-sum' && f.severity === 'error')),
    github: (out) => assert.match(out, /^::error file=go\.mod,line=5,title=gohooks go-sum::/m),
    sarif: (out) => {
      const doc = JSON.parse(out) as { runs: { results: { ruleId: string; level: string }[] }[] };
      assert.deepEqual(sarifSchemaErrors(doc), []);
      assert.ok(doc.runs[0].results.some((r) => r.ruleId === 'go-sum' && r.level === 'error'));
    },
    html: (out) => assert.match(out, /^<!doctype html>[\s\S]*<div class="score \w+" id="score">\d+\/100<\/div>/),
  };

  for (const { format, offeredBy } of FORMAT_ROWS) {
    test(`--format ${format}: ${offeredBy.join(', ')}`, () => {
      const dir = repo(true);
      if (offeredBy.includes('verify')) {
        const r = run(dir, ['verify', '--format', format]);
        assert.equal(r.status, 1, r.stderr);
        SHAPE[format](r.stdout);
      }
      if (offeredBy.includes('doctor')) {
        const r = run(dir, ['doctor', '--format', format]);
        assert.ok(r.status === 0 || r.status === 1, r.stderr);
        if (format === 'html') SHAPE.html(r.stdout);
        else if (format === 'json') assert.ok(Array.isArray(assertContract(r.stdout).summary.checks));
        else assert.match(r.stdout, /^gohooks doctor — [\s\S]*Health: \d+\/100/);
      }
      if (offeredBy.includes('the hooks')) {
        sb.run('git', ['add', 'go.sum'], { cwd: dir });
        const r = run(dir, ['run', 'pre-commit'], { GOHOOKS_SARIF: 'hook.sarif' });
        assert.equal(r.status, 1);
        if (format === 'human') SHAPE.human(r.stderr);
        if (format === 'sarif') SHAPE.sarif(readFileSync(path.join(dir, 'hook.sarif'), 'utf8'));
      }
    });
  }

  test('--format with anything else: exit 2 naming the formats', () => {
    const r = run(repo(false), ['verify', '--format', 'xml']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, new RegExp(`unknown --format "xml" \\(${COMMAND_FORMATS.verify.join(', ')}\\)`));
  });

  /** A way to get each exit code, and for 2 each cause the table names, keyed by a phrase of its meaning. */
  const CAUSES: Record<number, { phrase: RegExp; make: () => CliResult; stderr?: RegExp }[]> = {
    0: [{ phrase: /no error findings/, make: () => run(repo(false), ['verify']) }],
    1: [{ phrase: /at least one error finding/, make: () => run(repo(true), ['verify']) }],
    2: [
      { phrase: /bad usage/, make: () => run(repo(false), ['verify', '--frob']), stderr: /^gohooks: Unknown option '--frob'/ },
      {
        phrase: /an unreadable or invalid config \(the message names file, line and key\)/,
        make: () => {
          const dir = repo(false);
          writeFileSync(path.join(dir, 'gohooks.json'), '{\n  "skip": ["go-sum"],\n  "frob": 1\n}\n');
          return run(dir, ['verify']);
        },
        stderr: /gohooks\.json:3.*frob/,
      },
      {
        phrase: /go missing for a check you asked for by name/,
        make: () => {
          const gitDir = path.dirname(sb.run('sh', ['-c', 'command -v git']).trim());
          return run(repo(false), ['verify', '--check', 'mod-verify'], { PATH: `${gitDir}:/bin:/usr/bin` });
        },
        stderr: /mod-verify needs the go command/,
      },
      {
        phrase: /an operating-system error such as a missing or full TMPDIR/,
        make: () => run(repo(false), ['verify'], { TMPDIR: path.join(sb.dir, 'no-such-tmp') }),
        stderr: /^gohooks: cannot create a temporary directory in .*no-such-tmp: .*; set TMPDIR to an existing, writable directory/,
      },
      {
        phrase: /a `--sarif` file that cannot be written/,
        make: () => {
          const dir = repo(false);
          mkdirSync(path.join(dir, 'out.sarif'));
          return run(dir, ['verify', '--sarif', 'out.sarif']);
        },
        stderr: /cannot write SARIF to .*out\.sarif/,
      },
    ],
  };

  for (const { code, meaning } of EXIT_ROWS) {
    test(`exit ${code}: ${meaning.slice(0, 60)}…`, () => {
      const causes = CAUSES[code];
      assert.ok(causes, `no way to produce exit ${code} in this test`);
      // Every cause the README lists after "could not run:" has a way to produce it here.
      const listed = meaning.startsWith('gohooks could not run:')
        ? meaning
            .slice('gohooks could not run:'.length)
            .split(/,(?:\s*or\b)?(?![^(]*\))/)
            .map((s) => s.trim())
            .filter(Boolean)
        : [meaning];
      for (const item of listed)
        assert.ok(
          causes.some((c) => c.phrase.test(item)),
          `exit ${code}: nothing here produces "${item}"`,
        );
      for (const cause of causes) {
        assert.match(meaning, cause.phrase, `the README's exit ${code} no longer says ${cause.phrase}`);
        const r = cause.make();
        assert.equal(r.status, code, `${cause.phrase}: ${r.stdout}${r.stderr}`);
        if (cause.stderr) assert.match(r.stderr, cause.stderr);
        assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      }
    });
  }
});
