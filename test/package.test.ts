// What `npm pack` ships: the bundled CLI, the hook runner, the schema and the
// README — never the test kit, the demo, the bench or the sources.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../src/package-root.js';

interface PackFile {
  path: string;
}

test('npm pack holds only what runs', () => {
  const root = packageRoot();
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
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
  // No bundled chunk carries dev-only code (the test kit's sandbox, the demo, the bench).
  for (const f of files.filter((x) => x.startsWith('dist/'))) {
    const text = readFileSync(path.join(root, f), 'utf8');
    for (const marker of ['makeSandbox', 'gohooks-test-', 'gohooks-demo-', 'gohooks-bench-']) {
      assert.ok(!text.includes(marker), `${f} contains dev-only code (${marker})`);
    }
  }
});
