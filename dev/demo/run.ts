// `npm run demo`: builds a small Go repository with deliberate problems in a
// temp dir (its own module proxy and cache, offline) and runs gohooks verify
// on it, so a newcomer sees real output in one command.

import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gitCommitAll, gitInit, makeGoModule } from '../testkit/project.js';
import { libModule } from '../testkit/proxy.js';
import { CLI, makeSandbox, makeWritable } from '../testkit/sandbox.js';

function main(): number {
  const sb = makeSandbox('gohooks-demo-');
  try {
    sb.addModules([
      libModule('example.com/greet', 'v1.4.0'),
      libModule('example.com/color', 'v0.9.1'),
      libModule('example.com/unused', 'v1.0.0'),
    ]);
    const repo = makeGoModule(sb, {
      rel: 'demo',
      modulePath: 'example.org/demo',
      goLine: '1.22',
      deps: [
        { path: 'example.com/greet', version: 'v1.4.0' },
        { path: 'example.com/color', version: 'v0.9.1' },
      ],
    });
    gitInit(sb, 'demo');
    gitCommitAll(sb, repo, 'demo module');

    // 1. A bad merge dropped a go.sum line.
    const sum = path.join(repo, 'go.sum');
    writeFileSync(
      sum,
      readFileSync(sum, 'utf8')
        .split('\n')
        .filter((l) => !l.startsWith('example.com/color v0.9.1 '))
        .join('\n'),
    );
    // 2. A requirement nothing imports (go.mod is not tidy), added with its sums.
    sb.run('go', ['get', 'example.com/unused@v1.0.0'], { cwd: repo, env: sb.buildEnv });
    // 3. A replace that only works on the author's machine.
    appendFileSync(path.join(repo, 'go.mod'), '\nreplace example.com/greet => ../greet-fork\n');
    sb.write('greet-fork/go.mod', 'module example.com/greet\n\ngo 1.21\n');
    sb.write('greet-fork/greet.go', 'package greet\n\nfunc Version() string { return "fork" }\n');
    // 4. Someone edited a dependency inside the module cache.
    const cached = path.join(sb.modcache, 'example.com/unused@v1.0.0');
    makeWritable(cached);
    appendFileSync(path.join(cached, 'unused.go'), '\n// debugging, do not commit\n');

    const out = process.stdout;
    out.write(`gohooks demo: a Go repository at ${repo}\n`);
    out.write('with a go.sum line lost in a merge, an unused requirement, a replace to ../greet-fork,\n');
    out.write('and a dependency edited inside the module cache. Running: gohooks verify\n\n');
    const env = { ...sb.env };
    if (out.isTTY) {
      delete env.NO_COLOR;
      env.FORCE_COLOR = '1';
    }
    const r = spawnSync(process.execPath, [CLI, 'verify'], { cwd: repo, env, stdio: 'inherit' });
    out.write(`\ngohooks exited with ${r.status}: 0 = no errors, 1 = errors found (as intended here), 2 = could not run.\n`);
    return r.status === 1 ? 0 : 1;
  } finally {
    sb.cleanup();
  }
}

process.exitCode = main();
