import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseModFile } from '../src/gomod/modfile.js';
import { parseModulesTxt, vendorInconsistencies } from '../src/gomod/vendor.js';

const MOD = parseModFile(`module example.com/app

go 1.22

require (
	example.com/a v1.0.0
	example.com/b v1.1.0
)

replace example.com/b => ../b
`);

test('a consistent modules.txt has no differences', () => {
  const txt = `# example.com/a v1.0.0
## explicit; go 1.21
example.com/a
# example.com/b v1.1.0 => ../b
## explicit; go 1.21
example.com/b
# example.com/b => ../b
`;
  const v = parseModulesTxt(txt);
  assert.equal(v.get('example.com/a@v1.0.0')?.goVersion, '1.21');
  assert.deepEqual(vendorInconsistencies(MOD, v), []);
});

test("version skew, missing explicit, stray entries and replacements, in the go command's words", () => {
  const txt = `# example.com/a v0.9.0
## explicit
example.com/a
# example.com/b v1.1.0
## explicit
# example.com/c v1.0.0 => ../c
## explicit
`;
  assert.deepEqual(vendorInconsistencies(MOD, parseModulesTxt(txt)), [
    'example.com/a@v1.0.0: is explicitly required in go.mod, but vendor/modules.txt indicates example.com/a@v0.9.0',
    'example.com/b: is replaced in go.mod, but not marked as replaced in vendor/modules.txt',
    'example.com/a@v0.9.0: is marked as explicit in vendor/modules.txt, but not explicitly required in go.mod',
    'example.com/c@v1.0.0: is marked as explicit in vendor/modules.txt, but not explicitly required in go.mod',
    'example.com/c@v1.0.0: is marked as replaced in vendor/modules.txt, but not replaced in go.mod',
  ]);
});

test('no modules.txt at all: every requirement is missing', () => {
  assert.equal(vendorInconsistencies(MOD, parseModulesTxt('')).length, 3);
});
