import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseGotoolchain, selectToolchain, tooNewMessage } from '../src/gomod/toolchain.js';

test('GOTOOLCHAIN forms', () => {
  assert.deepEqual(parseGotoolchain('auto'), { min: 'local', mode: 'auto' });
  assert.deepEqual(parseGotoolchain('path'), { min: 'local', mode: 'path' });
  assert.deepEqual(parseGotoolchain('local'), { min: 'local', mode: '' });
  assert.deepEqual(parseGotoolchain('go1.22.3'), { min: 'go1.22.3', mode: '' });
  assert.deepEqual(parseGotoolchain('go1.22.3+auto'), { min: 'go1.22.3', mode: 'auto' });
  assert.deepEqual(parseGotoolchain('local+path'), { min: 'local', mode: 'path' });
  assert.equal(parseGotoolchain('bash'), 'invalid GOTOOLCHAIN "bash"');
  assert.equal(parseGotoolchain('go1.22+foo'), 'invalid GOTOOLCHAIN "go1.22+foo": only version suffixes are +auto and +path');
  assert.equal(parseGotoolchain('x+auto'), 'invalid GOTOOLCHAIN "x+auto": invalid minimum toolchain "x"');
});

test('which toolchain the go command selects', () => {
  const local = '1.26.8';
  assert.deepEqual(selectToolchain({ min: 'local', mode: '' }, local, '1.99'), { toolchain: 'local', version: local, reason: undefined });
  assert.deepEqual(selectToolchain({ min: 'local', mode: 'auto' }, local, '1.99'), {
    toolchain: 'go1.99.0',
    version: '1.99',
    reason: 'go',
  });
  assert.deepEqual(selectToolchain({ min: 'local', mode: 'auto' }, local, '1.22', 'go1.27.1'), {
    toolchain: 'go1.27.1',
    version: '1.27.1',
    reason: 'toolchain',
  });
  assert.deepEqual(selectToolchain({ min: 'local', mode: 'auto' }, local, '1.22', 'go1.21.0').toolchain, 'local');
  assert.deepEqual(
    selectToolchain({ min: 'local', mode: 'auto' }, local, '1.99', 'default').toolchain,
    'local',
    'toolchain default never switches',
  );
  assert.deepEqual(selectToolchain({ min: 'go1.24.0', mode: '' }, local, '1.22'), {
    toolchain: 'go1.24.0',
    version: '1.24.0',
    reason: 'gotoolchain',
  });
  assert.deepEqual(selectToolchain({ min: 'go1.26.8', mode: '' }, local, '1.22').toolchain, 'local');
});

test("the go command's too-new message", () => {
  assert.equal(tooNewMessage('go.mod', '1.99', '1.26.8', 'local'), 'go: go.mod requires go >= 1.99 (running go 1.26.8; GOTOOLCHAIN=local)');
  assert.equal(tooNewMessage('go.mod', '1.99', '1.26.8', 'auto'), 'go: go.mod requires go >= 1.99 (running go 1.26.8)');
});
