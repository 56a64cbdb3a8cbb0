// The pre-commit framework (https://pre-commit.com), as Debian 12 ships it
// (3.0.4; .ci/run installs it): this repository as a hook repository, cloned
// by pre-commit from a release tag that carries a built dist/, and the
// `repo: local` snippet `gohooks install` prints. Offline: pre-commit builds
// the hook's node environment with npm in offline mode from npm's own cache,
// which `npm ci` filled with the lockfile's packages (.ci/run also adds the
// registry data of the runtime dependencies, which `npm install -g <tarball>`
// resolves by name). Skipped, saying why, where pre-commit or that data is missing.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gitCommitAll, gitInit, makeGoModule } from '../dev/testkit/project.js';
import { libModule } from '../dev/testkit/proxy.js';
import { makeSandbox, type Sandbox } from '../dev/testkit/sandbox.js';
import { shellIn } from '../dev/testkit/shell.js';
import { preCommitInstallCommand } from '../src/install/snippets.js';
import { packageRoot } from '../src/package-root.js';
import { which } from '../src/tools/which.js';
import { HOOK_NAMES } from '../src/types.js';

const ROOT = packageRoot();
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  scripts?: Record<string, string>;
};

function npmCache(): string {
  return spawnSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).stdout.trim();
}

/** Why the test cannot run here, or false. */
function whySkip(): string | false {
  if (!which('pre-commit', process.env)) return 'pre-commit is not installed (apt-get install pre-commit, as .ci/run does)';
  const cache = npmCache();
  for (const [name, range] of Object.entries(pkg.dependencies ?? {})) {
    const r = spawnSync('npm', ['view', `${name}@${range}`, 'version', '--offline', '--cache', cache], { encoding: 'utf8' });
    if (r.status !== 0) {
      return `npm's cache has no registry data for ${name}@${range}, which installing the hook repository resolves offline: run \`npm cache add ${name}@${range}\` once (.ci/run does)`;
    }
  }
  return false;
}

const skip = whySkip();

let sb: Sandbox;
let template: string;

before(() => {
  if (skip) return;
  sb = makeSandbox();
  sb.addModules([libModule('example.com/alpha', 'v1.0.0'), libModule('example.com/beta', 'v1.2.0')]);
  template = makeGoModule(sb, { rel: 'template', modulePath: 'example.org/app', deps: [{ path: 'example.com/alpha', version: 'v1.0.0' }] });
});
after(() => sb?.cleanup());

/** The environment pre-commit runs in: its own home in the sandbox, npm offline from npm's cache, hooks on (CI unset). */
function frameworkEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...sb.env,
    // No space in this path: Debian's nodeenv (0.13.4) writes it unquoted into its node shim.
    PRE_COMMIT_HOME: path.join(sb.dir, 'pre-commit-home'),
    npm_config_offline: 'true',
    npm_config_cache: npmCache(),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    ...extra,
  };
}

// Each call passes frameworkEnv(…), which starts from the sandbox's env.
const { sh, ok } = shellIn(() => sb);

/**
 * A release of this repository as a git repository with a tag: what the package
 * ships, the lockfile and .pre-commit-hooks.yaml, with the built dist/ committed
 * (dist/ is git-ignored on branches; release tags carry it, so installing runs no build).
 */
function releaseClone(): { dir: string; tag: string } {
  const dir = path.join(sb.dir, 'gohooks release');
  mkdirSync(dir);
  for (const f of [
    'package.json',
    'package-lock.json',
    '.pre-commit-hooks.yaml',
    'README.md',
    'LICENSE',
    'hooks',
    'templates',
    'docs/checks',
    'dist',
  ]) {
    if (existsSync(path.join(ROOT, f))) cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true });
  }
  // pre-commit up to 4.6.0 takes `npm pack`'s stdout as the tarball's name: no lifecycle script may print there.
  assert.equal(pkg.scripts?.prepare, undefined, 'a prepare script breaks installing with pre-commit ≤ 4.6.0 (pre-commit/pre-commit#3460)');
  sb.run('git', ['init', '-q', dir]);
  sb.run('git', ['add', '-A', '-f'], { cwd: dir });
  sb.run('git', ['commit', '-qm', 'release', '--no-verify'], { cwd: dir });
  const tag = 'v0.0.0-test';
  sb.run('git', ['tag', tag], { cwd: dir });
  return { dir, tag };
}

function goApp(name: string, config: string): string {
  const dir = path.join(sb.dir, name);
  cpSync(template, dir, { recursive: true });
  gitInit(sb, name);
  writeFileSync(path.join(dir, '.pre-commit-config.yaml'), config);
  gitCommitAll(sb, dir, 'initial');
  return dir;
}

const withoutGlobalGohooks = () => sb.withoutGohooks().PATH!;

describe('the pre-commit framework', { skip }, () => {
  test('this repository as a hook repository at a release tag: pre-commit builds gohooks, and the hooks block and pass', () => {
    const release = releaseClone();
    const dir = goApp(
      'app with pre-commit',
      `repos:\n  - repo: ${release.dir}\n    rev: ${release.tag}\n    hooks:\n      - id: gohooks\n      - id: gohooks-pre-push\n`,
    );
    // No gohooks anywhere on PATH: the hooks can only run what pre-commit built.
    const env = frameworkEnv({ PATH: withoutGlobalGohooks() });
    ok(dir, preCommitInstallCommand(HOOK_NAMES), env);
    // The remote has the first commit: later pushes give pre-push a range (a root commit is pushed in pre-commit's "all files" mode).
    const bare = path.join(sb.dir, 'remote.git');
    sb.run('git', ['init', '-q', '--bare', bare]);
    ok(dir, `git remote add origin "${bare}" && git push -q --no-verify origin main`, env);

    sb.run('go', ['get', 'example.com/beta@v1.2.0'], { cwd: dir, env: sb.buildEnv });
    ok(dir, 'git add go.mod', env);
    const blocked = sh(dir, 'git commit -qm "require beta"', env);
    assert.equal(blocked.status, 1, blocked.out);
    assert.match(blocked.out, /gohooks \(Go module checks\)\.+Failed/);
    assert.match(blocked.out, /go-sum .*go.sum has no entry for example.com\/beta v1.2.0/);
    const good = sh(dir, 'git add go.sum && git commit -qm "require beta"', env);
    assert.equal(good.status, 0, good.out);
    assert.match(good.out, /gohooks \(Go module checks\)\.+Passed/);

    const status = sh(dir, 'node "$GOHOOKS_CLI" status', { ...env, GOHOOKS_CLI: path.join(ROOT, 'dist/cli.js') });
    assert.equal(status.status, 0, status.out);
    assert.match(status.out, /^pre-merge-commit +yes +pre-commit +\.git\/hooks\/pre-merge-commit → \.pre-commit-config\.yaml$/m);
    assert.match(status.out, new RegExp(`gohooks they start: built by pre-commit from ${release.dir}`));

    // pre-push gets the range from pre-commit's environment: beta is required but unused, so untidy.
    const push = sh(dir, 'git push -q origin main', env);
    assert.equal(push.status, 1, push.out);
    assert.match(push.out, /gohooks \(Go module checks, pre-push\)\.+Failed/);
    assert.match(push.out, /go-mod-tidy .*not tidy/);
  });

  test('the repo: local snippet gohooks install prints, with gohooks installed for npm (global prefix)', () => {
    const dir = goApp('app with local hooks', 'repos: []\n');
    const printed = ok(dir, 'gohooks install', sb.env);
    const m = /Add this under "repos:" in \.pre-commit-config\.yaml, then run `([^`]+)`:\n\n([\s\S]*)\n$/.exec(printed);
    assert.ok(m, printed);
    const [, installCommand, snippet] = m;
    writeFileSync(path.join(dir, '.pre-commit-config.yaml'), `repos:\n${snippet}\n`);
    ok(dir, 'git add .pre-commit-config.yaml && git commit -qm pre-commit --no-verify', sb.env);

    // `npm install -g gohooks`, from the tarball npm pack makes, into a global prefix in the sandbox.
    const prefix = path.join(sb.dir, 'npm-prefix');
    const npmEnv = frameworkEnv({ npm_config_prefix: prefix });
    const tarball = sb.run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', sb.dir, ROOT], { env: npmEnv }).trim();
    sb.run('npm', ['install', '-g', '--ignore-scripts', path.join(sb.dir, tarball)], { env: npmEnv });
    const env = frameworkEnv({ PATH: withoutGlobalGohooks(), npm_config_prefix: prefix });
    ok(dir, installCommand, env);

    sb.run('go', ['get', 'example.com/beta@v1.2.0'], { cwd: dir, env: sb.buildEnv });
    ok(dir, 'git add go.mod', env);
    const blocked = sh(dir, 'git commit -qm "require beta"', env);
    assert.equal(blocked.status, 1, blocked.out);
    assert.match(blocked.out, /go-sum .*go.sum has no entry for example.com\/beta v1.2.0/);
    const good = sh(dir, 'git add go.sum && git commit -qm "require beta"', env);
    assert.equal(good.status, 0, good.out);
    assert.match(good.out, /gohooks \(Go module checks\)\.+Passed/);
  });
});
