import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPathMajor, escapeModulePath, isCanonicalVersion, isDirectoryPath, pathMajor } from '../src/gomod/modpath.js';

test('canonical versions', () => {
  for (const v of ['v1.2.3', 'v0.0.0-20191202100458-e7afc7fbc510', 'v2.0.0+incompatible', 'v1.0.0-rc.1'])
    assert.ok(isCanonicalVersion(v), v);
  for (const v of ['1.2.3', 'v1.2', 'master', 'v1.2.3+meta', 'v01.2.3', '']) assert.ok(!isCanonicalVersion(v), v);
});

test('major-version suffixes (module.SplitPathVersion / CheckPathMajor)', () => {
  assert.equal(pathMajor('example.com/m'), '');
  assert.equal(pathMajor('example.com/m/v2'), '/v2');
  assert.equal(pathMajor('example.com/m/v1'), undefined);
  assert.equal(pathMajor('example.com/m/v02'), undefined);
  assert.equal(pathMajor('gopkg.in/yaml.v3'), '.v3');
  assert.equal(pathMajor('gopkg.in/check.v1-unstable'), '.v1-unstable');
  assert.equal(pathMajor('gopkg.in/yaml'), undefined);

  assert.equal(checkPathMajor('v1.5.0', ''), undefined);
  assert.equal(checkPathMajor('v2.0.0+incompatible', ''), undefined);
  assert.equal(checkPathMajor('v2.1.0', ''), 'should be v0 or v1, not v2');
  assert.equal(checkPathMajor('v2.1.0', '/v2'), undefined);
  assert.equal(checkPathMajor('v3.0.0', '/v2'), 'should be v2, not v3');
  assert.equal(checkPathMajor('v3.0.0', '.v3'), undefined);
  assert.equal(checkPathMajor('v2.0.0', '.v3'), 'should be v3, not v2');
  assert.equal(checkPathMajor('v0.0.0-20200101000000-abcdefabcdef', '.v1'), undefined);
});

test('cache escaping and directory paths', () => {
  assert.equal(escapeModulePath('github.com/AlecAivazis/survey/v2'), 'github.com/!alec!aivazis/survey/v2');
  for (const p of ['./x', '../x', '/abs', '.\\x', '..\\x', 'C:\\x', '.', '..']) assert.ok(isDirectoryPath(p), p);
  for (const p of ['example.com/x', 'x']) assert.ok(!isDirectoryPath(p), p);
});
