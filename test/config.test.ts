import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ALL_CHECKS } from '../src/checks/index.js';
import { loadConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';
import { selectChecks } from '../src/runner.js';
import { SCHEMA_FILE, schemaText } from '../dev/schema.js';

function withFile(name: string, text: string, fn: (root: string) => void) {
  const root = mkdtempSync(path.join(tmpdir(), 'gohooks-config-'));
  try {
    writeFileSync(path.join(root, name), text);
    fn(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('no config file: defaults', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'gohooks-config-'));
  assert.deepEqual(loadConfig(root, ALL_CHECKS), { skip: [], timeoutSec: 120, hooks: {}, checks: {}, missingTool: 'warn', private: [] });
  rmSync(root, { recursive: true });
});

test('a full gohooks.json is read', () => {
  withFile(
    'gohooks.json',
    JSON.stringify({
      $schema: './node_modules/gohooks/templates/gohooks.schema.json',
      skip: ['go-mod-tidy'],
      timeout: 30,
      hooks: { 'pre-commit': ['go-sum'] },
      checks: { 'go-mod-hygiene': { severity: 'warning', options: { allowPaths: ['../shared'] } } },
    }),
    (root) => {
      const c = loadConfig(root, ALL_CHECKS);
      assert.equal(c.file, 'gohooks.json');
      assert.deepEqual(c.skip, ['go-mod-tidy']);
      assert.equal(c.timeoutSec, 30);
      assert.deepEqual(c.hooks['pre-commit'], ['go-sum']);
      assert.equal(c.checks['go-mod-hygiene'].severity, 'warning');
      const sel = selectChecks(ALL_CHECKS, 'pre-commit', c, { only: [], skip: [] }, {}).map((x) => x.id);
      assert.deepEqual(sel, ['go-sum']);
      const verify = selectChecks(ALL_CHECKS, 'verify', c, { only: [], skip: [] }, { GOHOOKS_SKIP: 'mod-verify' }).map((x) => x.id);
      assert.deepEqual(verify, ['go-mod-syntax', 'go-sum', 'go-mod-hygiene', 'toolchain', 'goprivate', 'git-auth']);
    },
  );
});

test('package.json "gohooks" key and .gohooks.json are read', () => {
  withFile('package.json', JSON.stringify({ name: 'x', gohooks: { skip: ['toolchain'] } }), (root) => {
    assert.deepEqual(loadConfig(root, ALL_CHECKS).skip, ['toolchain']);
  });
  withFile('package.json', JSON.stringify({ name: 'x' }), (root) => {
    assert.equal(loadConfig(root, ALL_CHECKS).file, undefined);
  });
  withFile('.gohooks.json', '{"timeout": 5}', (root) => assert.equal(loadConfig(root, ALL_CHECKS).timeoutSec, 5));
});

test('bad config is a ConfigError naming file, line and key', () => {
  const cases: [string, RegExp][] = [
    ['{\n  "skip": ["go-sum"],\n  "colour": true\n}', /^gohooks.json:3: "colour": unknown key/],
    ['{\n  "skip": ["nope"]\n}', /^gohooks.json:2: "skip": unknown check "nope"/],
    ['{\n  "timeout": -1\n}', /^gohooks.json:2: "timeout": must be a number/],
    ['{\n  "hooks": {\n    "post-commit": []\n  }\n}', /^gohooks.json:3: "hooks.post-commit": unknown hook/],
    [
      '{\n  "checks": {\n    "go-sum": {\n      "severity": "fatal"\n    }\n  }\n}',
      /^gohooks.json:4: "checks.go-sum.severity": must be one of/,
    ],
    [
      '{\n  "checks": {\n    "go-mod-tidy": { "options": { "maxDiffLines": "ten" } }\n  }\n}',
      /"checks.go-mod-tidy.options.maxDiffLines": must be a number/,
    ],
    ['{\n  "checks": {\n    "go-sum": { "options": { "x": 1 } }\n  }\n}', /"checks.go-sum.options.x": unknown option \(known: none\)/],
    ['{\n  "skip": [\n', /^gohooks.json:3:1: not valid JSON: expected a value/],
    ['[1]', /the configuration must be a JSON object/],
    ['{"missingTool": "ignore"}', /"missingTool": must be "warn" or "fail"/],
    ['{"install": {"manager": "lefthook", "hooks": []}}', /"install.manager": must be one of husky, git-hooks, hooks-path/],
    ['{"install": {"manager": "husky", "hooks": ["post-commit"]}}', /"install.hooks": must be a list/],
  ];
  for (const [text, re] of cases) {
    withFile('gohooks.json', text, (root) => {
      assert.throws(
        () => loadConfig(root, ALL_CHECKS),
        (e: unknown) => e instanceof ConfigError && re.test((e as Error).message),
        text,
      );
    });
  }
});

test("the shipped JSON schema is the one generated from the checks' meta and the config keys", () => {
  assert.equal(readFileSync(SCHEMA_FILE, 'utf8'), schemaText());
  const schema = JSON.parse(schemaText());
  assert.deepEqual(Object.keys(schema.properties).sort(), [
    '$schema',
    'checks',
    'hooks',
    'install',
    'missingTool',
    'private',
    'skip',
    'timeout',
  ]);
  assert.deepEqual(
    schema.definitions.checkId.enum,
    ALL_CHECKS.map((c) => c.id),
  );
  assert.deepEqual(Object.keys(schema.properties.hooks.properties), ['pre-commit', 'pre-merge-commit', 'pre-push', 'verify', 'doctor']);
  assert.deepEqual(schema.properties.checks.properties['go-mod-tidy'].properties.options.properties.maxDiffLines, {
    type: 'number',
    description: 'diff lines shown per file',
    default: 20,
  });
});
