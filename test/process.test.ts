// Process hygiene end to end: the built CLI, real git, and a `go` first on
// PATH that hangs, ignores SIGTERM, or leaves a child holding its output.
// gohooks ends within its time limit (plus the kill grace), says what was not
// checked, and leaves no process and no gohooks-* temporary directory behind —
// also when it gets SIGINT or SIGTERM itself. The wall times are printed as
// test diagnostics; the bounds asserted are far from the 120 s default, not
// a speed measurement (that is `npm run bench`).

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test, type TestContext } from 'node:test';
import { gohooksTemps, HANG, makeFakeGo, settledSurvivors, waitForRole, type FakeGo } from '../dev/testkit/fakes.js';
import { gitCommitAll, gitInit } from '../dev/testkit/project.js';
import { makeSandbox, type Sandbox } from '../dev/testkit/sandbox.js';
import { CLI } from './helpers.js';

/** gohooks.json "timeout" in these tests, seconds. */
const LIMIT_S = 2;
/** Far above LIMIT_S + the 1 s kill grace + start-up on a busy machine, far below the 120 s default. */
const BOUND_MS = 20_000;

let sb: Sandbox;
let n = 0;

before(() => {
  sb = makeSandbox();
});
after(() => sb.cleanup());

/** A committed module without dependencies (nothing to download), with gohooks.json {"timeout": LIMIT_S} unless told otherwise. */
function repo(config: string | undefined = `{ "timeout": ${LIMIT_S} }\n`): string {
  const rel = `repo${n++}`;
  const dir = gitInit(sb, rel);
  writeFileSync(path.join(dir, 'go.mod'), 'module example.org/app\n\ngo 1.22\n');
  writeFileSync(path.join(dir, 'main.go'), 'package main\n\nfunc main() {}\n');
  if (config !== undefined) writeFileSync(path.join(dir, 'gohooks.json'), config);
  gitCommitAll(sb, dir, 'initial');
  return dir;
}

/** A private TMPDIR: whatever gohooks leaves there is visible. */
function privateTmp(): string {
  return mkdtempSync(path.join(sb.dir, 'tmp-'));
}

interface Timed {
  status: number | null;
  stdout: string;
  /** stdout and stderr. */
  out: string;
  ms: number;
}

function gohooksSync(args: string[], cwd: string, env: NodeJS.ProcessEnv, input?: string): Timed {
  const started = performance.now();
  // The guard only keeps a regression from hanging the suite; the assertions below are much tighter.
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env, input, encoding: 'utf8', timeout: 90_000, killSignal: 'SIGKILL' });
  return { status: r.status, stdout: r.stdout, out: `${r.stdout}${r.stderr}`, ms: Math.round(performance.now() - started) };
}

async function assertClean(t: TestContext, fake: FakeGo, tmp: string, what: string): Promise<void> {
  assert.deepEqual(await settledSurvivors(fake), [], `${what}: processes left behind`);
  assert.deepEqual(gohooksTemps(tmp), [], `${what}: temporary directories left behind`);
  t.diagnostic(`${what}: no process, no gohooks-* directory left`);
}

describe('a hanging go', () => {
  test('never exits, nor its child: verify ends within the time limit, says not checked, leaves nothing behind', async (t) => {
    const dir = repo();
    const fake = makeFakeGo(sb, 'hang', HANG.withChild);
    const tmp = privateTmp();
    const r = gohooksSync(['verify'], dir, { ...sb.env, ...fake.env, TMPDIR: tmp });
    t.diagnostic(`verify with a hanging go, "timeout": ${LIMIT_S}: ${r.ms} ms`);
    assert.equal(r.status, 0, r.out); // not checked is a warning
    assert.match(r.out, new RegExp(`not checked: go env -json \\(needed by [^)]*mod-verify[^)]*\\) did not finish within ${LIMIT_S} s`));
    assert.match(r.out, /run `go env` to see whether it hangs/);
    assert.ok(r.ms < BOUND_MS, `took ${r.ms} ms`);
    await assertClean(t, fake, tmp, 'verify');
  });

  test('ignores SIGTERM, and so does its child: the group gets SIGKILL after the grace', async (t) => {
    const dir = repo();
    const fake = makeFakeGo(sb, 'stubborn', HANG.ignoringTerm);
    const tmp = privateTmp();
    const r = gohooksSync(['verify', '--format', 'json'], dir, { ...sb.env, ...fake.env, TMPDIR: tmp });
    t.diagnostic(`verify with a go ignoring SIGTERM: ${r.ms} ms`);
    const doc = JSON.parse(r.stdout) as { findings: { message: string; notChecked?: boolean }[] };
    assert.ok(
      doc.findings.some((f) => f.notChecked && /go env -json .* did not finish within 2 s/.test(f.message)),
      r.out,
    );
    assert.ok(r.ms < BOUND_MS, `took ${r.ms} ms`);
    await assertClean(t, fake, tmp, 'verify, SIGTERM ignored');
  });

  test('exits but leaves a child holding its output: gohooks uses the result and stops the child', async (t) => {
    const dir = repo();
    // `go env` answers (the real go), while a background child keeps stdout and stderr open.
    const fake = makeFakeGo(
      sb,
      'leaver',
      `if [ "$1" = env ]; then sh -c 'echo "child $$" >> "$PIDS"; exec sleep 1000' & fi\nexec "$REAL" "$@"`,
    );
    const tmp = privateTmp();
    const r = gohooksSync(['verify'], dir, { ...sb.env, ...fake.env, TMPDIR: tmp });
    t.diagnostic(`verify with a go leaving a child behind: ${r.ms} ms`);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /✓ 1 module: no problems/);
    assert.ok(r.ms < BOUND_MS, `took ${r.ms} ms`);
    await assertClean(t, fake, tmp, 'verify, child left behind');
  });

  test('gohooks.json "timeout" applies from the first process: doctor, pre-commit and pre-push with a go whose env -json hangs', async (t) => {
    const dir = repo();
    // Only `go env` hangs: every other go command (go version, go mod verify …) is the real go.
    const fake = makeFakeGo(sb, 'env-hangs', `if [ "$1" = env ]; then ${HANG.withChild}; fi\nexec "$REAL" "$@"`);
    const tmp = privateTmp();
    const env = { ...sb.env, ...fake.env, TMPDIR: tmp };
    const expected = new RegExp(`not checked: go env -json \\(needed by [^)]*\\) did not finish within ${LIMIT_S} s`);

    const doctor = gohooksSync(['doctor'], dir, env);
    t.diagnostic(`doctor: ${doctor.ms} ms`);
    assert.match(doctor.out, expected);
    assert.ok(doctor.ms < BOUND_MS, `doctor took ${doctor.ms} ms`);

    writeFileSync(path.join(dir, 'go.mod'), 'module example.org/app\n\ngo 1.22\n\n// staged\n');
    sb.run('git', ['add', 'go.mod'], { cwd: dir });
    const preCommit = gohooksSync(['run', 'pre-commit'], dir, env);
    t.diagnostic(`pre-commit: ${preCommit.ms} ms`);
    assert.equal(preCommit.status, 0, preCommit.out);
    assert.match(preCommit.out, expected);
    assert.ok(preCommit.ms < BOUND_MS, `pre-commit took ${preCommit.ms} ms`);

    gitCommitAll(sb, dir, 'second');
    const head = sb.run('git', ['rev-parse', 'HEAD'], { cwd: dir }).trim();
    const prePush = gohooksSync(
      ['run', 'pre-push', 'origin', 'file:///nowhere'],
      dir,
      env,
      `refs/heads/main ${head} refs/heads/main ${'0'.repeat(40)}\n`,
    );
    t.diagnostic(`pre-push: ${prePush.ms} ms`);
    assert.equal(prePush.status, 0, prePush.out);
    assert.match(prePush.out, expected);
    assert.ok(prePush.ms < BOUND_MS, `pre-push took ${prePush.ms} ms`);
    await assertClean(t, fake, tmp, 'doctor, pre-commit, pre-push');
  });

  test('mod-verify\'s go out of time (go list, or go mod verify as the cross-check): "not checked" naming it and the limit, an error with "strict": true', async (t) => {
    const dir = repo();
    // A go.mod no earlier test had: its build list is not in the content-keyed cache, so go list really runs.
    appendFileSync(path.join(dir, 'go.mod'), `\n// ${path.basename(dir)}\n`);
    const fake = makeFakeGo(
      sb,
      'list-and-verify-hang',
      `if [ "$1" = list ] || { [ "$1" = mod ] && [ "$2" = verify ]; }; then ${HANG.withChild}; fi\nexec "$REAL" "$@"`,
    );
    const tmp = privateTmp();
    const env = { ...sb.env, ...fake.env, TMPDIR: tmp };
    const r = gohooksSync(['verify', '--check', 'mod-verify'], dir, env);
    t.diagnostic(`verify --check mod-verify, go list hangs: ${r.ms} ms`);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, new RegExp(`not checked: go list -m all did not finish within ${LIMIT_S} s`));
    assert.ok(r.ms < BOUND_MS, `verify took ${r.ms} ms`);
    writeFileSync(path.join(dir, 'gohooks.json'), `{ "timeout": ${LIMIT_S}, "strict": true }\n`);
    const strict = gohooksSync(['verify', '--check', 'mod-verify', '--with-go-verify'], dir, env);
    assert.equal(strict.status, 1, strict.out);
    assert.match(strict.out, /✖ mod-verify {2}.*not checked: go list -m all did not finish/);
    assert.match(strict.out, /✖ mod-verify {2}.*not checked: go mod verify did not finish/);
    await assertClean(t, fake, tmp, 'go list and go mod verify hanging');
  });
});

describe('SIGINT and SIGTERM to gohooks', () => {
  const cases: { args: string[]; signal: 'SIGINT' | 'SIGTERM'; code: number }[] = [
    { args: ['verify'], signal: 'SIGINT', code: 130 },
    { args: ['verify'], signal: 'SIGTERM', code: 143 },
    { args: ['run', 'pre-commit'], signal: 'SIGINT', code: 130 },
    { args: ['run', 'pre-commit'], signal: 'SIGTERM', code: 143 },
  ];
  for (const c of cases) {
    test(`${c.signal} during \`gohooks ${c.args.join(' ')}\` with a hanging go: exit ${c.code}, every process stopped, no temporary directory left`, async (t) => {
      // No gohooks.json: the default 120 s limit, so only the signal ends the run.
      const dir = repo(undefined);
      if (c.args[0] === 'run') {
        writeFileSync(path.join(dir, 'go.mod'), 'module example.org/app\n\ngo 1.22\n\n// staged\n');
        sb.run('git', ['add', 'go.mod'], { cwd: dir });
      }
      const fake = makeFakeGo(sb, `signal-${n}`, HANG.ignoringTerm);
      const tmp = privateTmp();
      const child = spawn(process.execPath, [CLI, ...c.args], { cwd: dir, env: { ...sb.env, ...fake.env, TMPDIR: tmp } });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        assert.ok(await waitForRole(fake, 'grandchild'), `the fake go never started:\n${out}`);
        assert.ok(
          gohooksTemps(tmp).some((d) => d.startsWith('gohooks-env-')),
          'go env runs in a temporary directory',
        );
        const signalled = performance.now();
        child.kill(c.signal);
        const code = await exited;
        const ms = Math.round(performance.now() - signalled);
        t.diagnostic(`${c.signal} → exit ${code} after ${ms} ms`);
        assert.equal(code, c.code, out);
        assert.match(out, new RegExp(`gohooks: stopped by ${c.signal}`));
        assert.ok(ms < BOUND_MS, `took ${ms} ms after the signal`);
        await assertClean(t, fake, tmp, c.signal);
      } finally {
        child.kill('SIGKILL');
      }
    });
  }
});

describe('the temporary-directory registry', () => {
  const script = (end: string) =>
    `import { makeTempDir } from ${JSON.stringify(fileURLToPath(new URL('../src/tools/tempdirs.ts', import.meta.url)))};\n` +
    `makeTempDir('gohooks-env-'); makeTempDir('gohooks-src-');\n${end}\n`;
  for (const [what, end, status] of [
    ['a thrown error', "throw new Error('boom');", 1],
    ['process.exit()', 'process.exit(3);', 3],
    ['a normal end', '', 0],
  ] as const) {
    test(`removes every directory it made on ${what}`, () => {
      const tmp = privateTmp();
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(end)], {
        env: { ...sb.env, TMPDIR: tmp },
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(r.status, status, r.stderr);
      assert.deepEqual(gohooksTemps(tmp), []);
    });
  }
});
