import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  canonicalVersion,
  checkPathMajor,
  escapeModulePath,
  importPathProblem,
  isCanonicalVersion,
  isDirectoryPath,
  modulePathCheck,
  pathMajor,
  semverMajor,
} from '../src/gomod/modpath.js';

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

test('module.CanonicalVersion and semver.Major, as go mod edit applies them', () => {
  assert.equal(canonicalVersion('v1.2'), 'v1.2.0');
  assert.equal(canonicalVersion('v1'), 'v1.0.0');
  assert.equal(canonicalVersion('v1.2.3+meta'), 'v1.2.3');
  assert.equal(canonicalVersion('v2.0.0+incompatible'), 'v2.0.0+incompatible');
  assert.equal(canonicalVersion('v1.2.3-rc.1+build.5'), 'v1.2.3-rc.1');
  for (const bad of ['', 'v', '1.2.3', 'v1.2-pre', 'v01.2.3', 'v1.2.3-01', 'v1.2.3-', 'v1.2.3+', 'v1.2.3-a..b', 'master']) {
    assert.equal(canonicalVersion(bad), '', bad);
  }
  assert.equal(semverMajor('v2'), 'v2');
  assert.equal(semverMajor('v2.3'), 'v2');
  assert.equal(pathMajor('example.com/m/v2.1'), undefined);
  assert.equal(pathMajor('example.com/m/v'), '');
  assert.equal(pathMajor('gopkg.in/yaml.v0'), '.v0');
  assert.equal(pathMajor('gopkg.in/yaml.v03'), undefined);
});

test('module.CheckImportPath and CheckPath reasons, worded like go', () => {
  assert.equal(importPathProblem('example.com/a'), undefined);
  assert.equal(importPathProblem('m'), undefined);
  assert.equal(importPathProblem('a b'), "invalid char ' '");
  assert.equal(importPathProblem(''), 'empty string');
  assert.equal(importPathProblem('-x'), 'leading dash');
  assert.equal(importPathProblem('a//b'), 'double slash');
  assert.equal(importPathProblem('a/'), 'trailing slash');
  assert.equal(importPathProblem('a/../b'), 'invalid path element ".."');
  assert.equal(importPathProblem('a/b./c'), 'trailing dot in path element');
  assert.equal(importPathProblem('a/com1.txt'), '"com1" disallowed as path element component on Windows');
  assert.equal(importPathProblem('a/b~1'), 'trailing tilde and digits in path element');
  assert.equal(importPathProblem('a\u001b'), "invalid char '\\x1b'");
  assert.equal(importPathProblem('é'), "invalid char 'é'");
  assert.equal(modulePathCheck('example.com/a'), undefined);
  assert.equal(modulePathCheck('m'), 'missing dot in first path element');
  assert.equal(modulePathCheck('Example.com/a'), "invalid char 'E' in first path element");
  assert.equal(modulePathCheck('example.com/m/v1'), 'invalid version');
  assert.equal(modulePathCheck('a/.b'), 'leading dot in path element');
});
