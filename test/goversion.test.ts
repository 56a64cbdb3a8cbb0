import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareGoVersions, fromToolchain, isLanguageVersion, parseGoVersionOutput, toolchainForGoLine } from '../src/gomod/goversion.js';

test('Go versions order as cmd/go/internal/gover does', () => {
  const ordered = ['1.19', '1.20', '1.20.1', '1.21', '1.21rc1', '1.21rc2', '1.21.0', '1.21.3', '1.22rc1', '1.22.0', '1.26.8', '2.0'];
  for (let i = 0; i + 1 < ordered.length; i++) {
    assert.equal(compareGoVersions(ordered[i], ordered[i + 1]), -1, `${ordered[i]} < ${ordered[i + 1]}`);
    assert.equal(compareGoVersions(ordered[i + 1], ordered[i]), 1);
  }
  assert.equal(compareGoVersions('1.20', '1.20.0'), 0, 'before 1.21 a missing patch is .0');
  assert.equal(compareGoVersions('go1.26.8', '1.26.8'), 0);
});

test('toolchain names and go version output', () => {
  assert.equal(fromToolchain('go1.21.3'), '1.21.3');
  assert.equal(fromToolchain('go1.21.3-custom'), '1.21.3');
  assert.equal(fromToolchain('gccgo-go1.21'), '1.21');
  assert.equal(fromToolchain('bash'), '');
  assert.equal(parseGoVersionOutput('go version go1.26.8 linux/amd64'), '1.26.8');
  assert.equal(parseGoVersionOutput('nonsense'), undefined);
  assert.ok(isLanguageVersion('1.22'));
  assert.ok(!isLanguageVersion('1.22.0'));
  assert.equal(toolchainForGoLine('1.22'), 'go1.22.0');
  assert.equal(toolchainForGoLine('1.22.3'), 'go1.22.3');
  assert.equal(toolchainForGoLine('1.20'), 'go1.20');
});
