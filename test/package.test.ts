// What `npm pack` ships: the bundled CLI, the hook runner, the schema and the
// README — never the test kit, the demo, the bench or the sources — and no
// script that runs on a user's machine at install time. Then the README's
// "Get gohooks" commands, run with the tarball `npm pack` makes (the same
// install path the registry will serve): a global install, npx, a dev
// dependency. Offline: gohooks' one runtime dependency (husky) comes from a
// registry on 127.0.0.1 that serves this checkout's node_modules/husky packed;
// npm gets an empty cache, config and HOME, so nothing reaches the network.

import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { gitCommitAll, gitInit, makeGoModule } from '../dev/testkit/project.js';
import { libModule } from '../dev/testkit/proxy.js';
import { makeSandbox, type Sandbox } from '../dev/testkit/sandbox.js';
import { packageRoot } from '../src/package-root.js';

const run = promisify(execFile);

interface PackFile {
  path: string;
}

const ROOT = packageRoot();
const PKG = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

test('npm pack holds only what runs', () => {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const [pack] = JSON.parse(r.stdout) as { files: PackFile[] }[];
  const files = pack.files.map((f) => f.path).sort();
  for (const f of files) {
    assert.match(
      f,
      /^(README\.md|LICENSE|package\.json|hooks\/gohooks\.sh|templates\/[\w.-]+\.json|docs\/checks\/[\w-]+\.md|dist\/[\w.-]+\.js)$/,
      `unexpected file in the package: ${f}`,
    );
  }
  assert.ok(files.includes('dist/cli.js'));
  assert.ok(files.includes('hooks/gohooks.sh'));
  // No bundled chunk carries dev-only code (the test kit's sandbox, the demo, the bench, the action runner).
  for (const f of files.filter((x) => x.startsWith('dist/'))) {
    const text = readFileSync(path.join(ROOT, f), 'utf8');
    for (const marker of ['makeSandbox', 'gohooks-test-', 'gohooks-demo-', 'gohooks-bench-', 'gohooks-action-']) {
      assert.ok(!text.includes(marker), `${f} contains dev-only code (${marker})`);
    }
  }
});

test('no script runs on a user machine at install or pack time (husky for contributors is `npm run setup`)', () => {
  // npm runs these on install of the package, of a git or directory dependency, or on pack.
  for (const hook of [
    'preinstall',
    'install',
    'postinstall',
    'prepare',
    'prepublish',
    'preprepare',
    'postprepare',
    'prepack',
    'postpack',
  ]) {
    assert.equal(PKG.scripts[hook], undefined, `package.json has a "${hook}" script`);
  }
  assert.equal(PKG.scripts.setup, 'husky');
  assert.deepEqual(Object.keys(PKG.dependencies), ['husky'], 'the tarball test serves husky only');
});

/** A registry on 127.0.0.1 that knows one package: this checkout's node_modules/husky, packed. */
async function huskyRegistry(dir: string): Promise<{ server: Server; url: string; asked: string[] }> {
  const huskyDir = path.join(ROOT, 'node_modules', 'husky');
  const meta = JSON.parse(readFileSync(path.join(huskyDir, 'package.json'), 'utf8')) as { name: string; version: string };
  const { stdout } = await run('npm', ['pack', huskyDir, '--silent', '--ignore-scripts', '--pack-destination', dir], {
    cwd: dir,
    env: npmEnv(dir),
  });
  const tarball = readFileSync(path.join(dir, stdout.trim()));
  const asked: string[] = [];
  const server = createServer((req, res) => {
    asked.push(req.url ?? '');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === '/husky') {
      const dist = {
        tarball: `${base}/husky/-/husky-${meta.version}.tgz`,
        integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
        shasum: createHash('sha1').update(tarball).digest('hex'),
      };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ name: 'husky', 'dist-tags': { latest: meta.version }, versions: { [meta.version]: { ...meta, dist } } }));
    } else if (req.url === `/husky/-/husky-${meta.version}.tgz`) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(tarball);
    } else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"not found"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, asked };
}

/** npm with nothing of this machine's: an empty HOME, user and global config, and cache. */
function npmEnv(dir: string, registry?: string): NodeJS.ProcessEnv {
  const home = path.join(dir, 'npm-home');
  mkdirSync(home, { recursive: true });
  writeFileSync(path.join(home, 'user-npmrc'), '');
  writeFileSync(path.join(home, 'global-npmrc'), '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    npm_config_userconfig: path.join(home, 'user-npmrc'),
    npm_config_globalconfig: path.join(home, 'global-npmrc'),
    npm_config_cache: path.join(dir, 'npm-cache'),
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_foreground_scripts: 'true',
    npm_config_loglevel: 'warn',
  };
  if (registry) env.npm_config_registry = registry;
  return env;
}

describe('Get gohooks: the README commands with the packed tarball, offline', () => {
  let dir: string;
  let tarball: string;
  let registry: Awaited<ReturnType<typeof huskyRegistry>>;
  let sb: Sandbox;
  let module: string;

  before(async () => {
    dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'gohooks-pack-')));
    // No --ignore-scripts: there is nothing to run, and stdout is the tarball's name alone (what tools that
    // read `npm pack`'s output, such as the pre-commit framework, rely on).
    const packed = await run('npm', ['pack', '--pack-destination', dir], { cwd: ROOT, env: npmEnv(dir) });
    assert.equal(packed.stdout, `gohooks-${PKG.version}.tgz\n`);
    tarball = path.join(dir, packed.stdout.trim());
    registry = await huskyRegistry(dir);
    sb = makeSandbox();
    sb.addModules([libModule('example.com/alpha', 'v1.0.0')]);
    module = makeGoModule(sb, { rel: 'app', modulePath: 'example.org/app', deps: [{ path: 'example.com/alpha', version: 'v1.0.0' }] });
    gitInit(sb, 'app');
    gitCommitAll(sb, module, 'initial');
  });
  after(async () => {
    await new Promise<void>((resolve) => registry.server.close(() => resolve()));
    sb.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What npm printed must not show a lifecycle script of gohooks (npm prints "> gohooks@x <event>"). */
  function assertNoScriptsRan(output: string): void {
    assert.doesNotMatch(output, /> gohooks@[\w.-]+ (preinstall|install|postinstall|prepare)/, output);
  }

  function verifyWith(bin: string, cwd = module): void {
    const r = spawnSync(bin, ['verify'], { cwd, env: sb.env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ 1 module: no problems/);
  }

  test('npm i -g <tarball>: gohooks on PATH, --version, verify on a Go module', async () => {
    const prefix = path.join(dir, 'global');
    const r = await run('npm', ['install', '--global', '--prefix', prefix, tarball], { cwd: dir, env: npmEnv(dir, registry.url) });
    assertNoScriptsRan(r.stdout + r.stderr);
    const bin = path.join(prefix, 'bin', 'gohooks');
    assert.equal(spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout, `${PKG.version}\n`);
    assert.ok(existsSync(path.join(prefix, 'lib', 'node_modules', 'gohooks', 'node_modules', 'husky', 'package.json')));
    verifyWith(bin);
    assert.ok(registry.asked.includes('/husky'), 'husky came from the local registry');
    assert.deepEqual(
      registry.asked.filter((u) => !u.startsWith('/husky')),
      [],
      'npm asked the registry for nothing but husky',
    );
  });

  test('npx --package <tarball> gohooks: runs without an install', async () => {
    const r = await run('npx', ['--yes', '--package', tarball, 'gohooks', '--version'], { cwd: module, env: npmEnv(dir, registry.url) });
    assert.equal(r.stdout, `${PKG.version}\n`);
    assertNoScriptsRan(r.stderr);
  });

  test('npm i -D <tarball> where there is a package.json: node_modules/.bin/gohooks and npx --no-install', async () => {
    const project = path.join(sb.dir, 'app');
    writeFileSync(path.join(project, 'package.json'), '{ "name": "app", "private": true }\n');
    const r = await run('npm', ['install', '--save-dev', tarball], { cwd: project, env: npmEnv(dir, registry.url) });
    assertNoScriptsRan(r.stdout + r.stderr);
    const pkg = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    assert.ok(pkg.devDependencies.gohooks, JSON.stringify(pkg));
    verifyWith(path.join(project, 'node_modules', '.bin', 'gohooks'), project);
    const npx = await run('npx', ['--no-install', 'gohooks', '--version'], { cwd: project, env: npmEnv(dir) });
    assert.equal(npx.stdout, `${PKG.version}\n`);
  });
});
