import { parseModFile } from '../../src/gomod/modfile.js';
const x = 'module m\n' + 'x\n'.repeat(100000);
for (let k = 0; k < 6; k++) {
  const t0 = performance.now();
  parseModFile(x);
  console.log('x', (performance.now() - t0).toFixed(1));
}
const y = 'module m\nrequire (\n' + 'a\n'.repeat(100000) + ')\n';
for (let k = 0; k < 3; k++) {
  const t0 = performance.now();
  parseModFile(y);
  console.log('y', (performance.now() - t0).toFixed(1));
}
