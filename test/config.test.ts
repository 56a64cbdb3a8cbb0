import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
  assert.deepEqual(loadConfig(root, ALL_CHECKS), {
    skip: [],
    timeoutSec: 120,
    hooks: {},
    checks: {},
    missingTool: 'warn',
    private: [],
    strict: false,
  });
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
    ['{"strict": "yes"}', /"strict": must be true or false/],
    ['{"timeout": 3000000}', /"timeout": must be a number of seconds, more than 0 and at most 86400/],
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

test('every problem is reported at once, each at its own line', () => {
  const text =
    '{\n  "skip": ["go-sum"],\n  "checks": {\n    "toolchain": { "severity": "loud" },\n    "nope": {}\n  },\n  "timeout": 0\n}\n';
  withFile('gohooks.json', text, (root) => {
    assert.throws(
      () => loadConfig(root, ALL_CHECKS),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.message ===
          [
            'gohooks.json:4: "checks.toolchain.severity": must be one of error, warning, info, off',
            'gohooks.json:5: "checks.nope": unknown check "nope" (known: ' + ALL_CHECKS.map((c) => c.id).join(', ') + ')',
            'gohooks.json:7: "timeout": must be a number of seconds, more than 0 and at most 86400',
          ].join('\n'),
    );
  });
});

test('a config file that cannot be read is a ConfigError, not silently ignored', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'gohooks-config-'));
  try {
    mkdirSync(path.join(root, 'gohooks.json'));
    assert.throws(
      () => loadConfig(root, ALL_CHECKS),
      (e: unknown) => e instanceof ConfigError && /gohooks.json: is a directory/.test((e as Error).message),
    );
    rmSync(path.join(root, 'gohooks.json'), { recursive: true });
    symlinkSync('loop.json', path.join(root, 'gohooks.json'));
    symlinkSync('gohooks.json', path.join(root, 'loop.json'));
    assert.throws(
      () => loadConfig(root, ALL_CHECKS),
      (e: unknown) => e instanceof ConfigError && /symlink loop/.test((e as Error).message),
    );
    rmSync(path.join(root, 'gohooks.json'));
    const outside = path.join(mkdtempSync(path.join(tmpdir(), 'gohooks-secret-')), 'token');
    writeFileSync(outside, 'ghp_abcdefghijklmnopqrstuvwxyz0123456789\n');
    symlinkSync(outside, path.join(root, 'gohooks.json'));
    assert.throws(
      () => loadConfig(root, ALL_CHECKS),
      (e: unknown) =>
        e instanceof ConfigError &&
        /symlink to a file outside the repository/.test((e as Error).message) &&
        !/ghp_/.test((e as Error).message),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a JSON syntax error names line and column, never the text', () => {
  withFile('gohooks.json', '{\n  "skip": ghp_abcdefghijklmnopqrstuvwxyz0123456789\n}\n', (root) => {
    assert.throws(
      () => loadConfig(root, ALL_CHECKS),
      (e: unknown) => e instanceof ConfigError && (e as Error).message === 'gohooks.json:2:11: not valid JSON: expected a value',
    );
  });
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
    'strict',
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
