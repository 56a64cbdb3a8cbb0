// The layout's rules, checked on the import graph of src/ (type imports
// count): no cycles; a check never imports another check; parsers are pure;
// only src/tools/ starts processes; renderers do no I/O; src/ never reaches
// into dev/ or test/.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { packageRoot } from '../src/package-root.js';

const SRC = path.join(packageRoot(), 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

/** src-relative file → what it imports: other src files (src-relative) and packages / node: modules. */
function importGraph(): Map<string, { local: string[]; external: string[] }> {
  const graph = new Map<string, { local: string[]; external: string[] }>();
  for (const file of sourceFiles(SRC)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const local: string[] = [];
    const external: string[] = [];
    for (const { fileName } of info.importedFiles) {
      if (fileName.startsWith('.')) {
        local.push(
          path
            .relative(SRC, path.resolve(path.dirname(file), fileName.replace(/\.js$/, '.ts')))
            .split(path.sep)
            .join('/'),
        );
      } else external.push(fileName);
    }
    graph.set(path.relative(SRC, file).split(path.sep).join('/'), { local, external });
  }
  return graph;
}

const graph = importGraph();

test('src/ has no import cycle, type imports included', () => {
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[] = [];
  const visit = (f: string, trail: string[]) => {
    if (state.get(f) === 'done') return;
    if (state.get(f) === 'visiting') {
      cycles.push([...trail.slice(trail.indexOf(f)), f].join(' → '));
      return;
    }
    state.set(f, 'visiting');
    for (const dep of graph.get(f)?.local ?? []) visit(dep, [...trail, f]);
    state.set(f, 'done');
  };
  for (const f of graph.keys()) visit(f, []);
  assert.deepEqual(cycles, []);
});

test('every local import resolves to a file in src/', () => {
  for (const [file, { local }] of graph) {
    for (const dep of local) assert.ok(graph.has(dep), `${file} imports ${dep}, which is not in src/ (dev/ and test/ never ship)`);
  }
});

test('a check imports no other check, only types, parsers, shared helpers and what the context hands it', () => {
  for (const [file, { local, external }] of graph) {
    if (!/^checks\/[^/]+\.ts$/.test(file) || file === 'checks/index.ts') continue;
    for (const dep of local) {
      assert.ok(!/^checks\/[^/]+\.ts$/.test(dep), `${file} imports the check ${dep}`);
    }
    const fsOrProcess = external.filter(
      (x) => /^(node:)?(fs|fs\/promises|child_process|os)$/.test(x) || x === 'execa' || x === 'simple-git',
    );
    assert.deepEqual(fsOrProcess, [], `${file} does its own I/O`);
    const runtimeTools = readFileSync(path.join(SRC, file), 'utf8').match(/^import \{[^}]*\} from '\.\.\/tools\/[^']+';$/gm) ?? [];
    assert.deepEqual(runtimeTools, [], `${file} uses a tool directly instead of through the context`);
  }
});

test('parsers in src/gomod/ are pure: text in, data out', () => {
  for (const [file, { local, external }] of graph) {
    if (!file.startsWith('gomod/')) continue;
    for (const dep of local) assert.ok(dep.startsWith('gomod/'), `${file} imports ${dep}`);
    for (const x of external) assert.ok(['node:path', 'node:crypto'].includes(x), `${file} imports ${x}`);
  }
});

test('only src/tools/ starts processes', () => {
  for (const [file, { external }] of graph) {
    if (file.startsWith('tools/')) continue;
    for (const x of external) {
      assert.ok(!['node:child_process', 'child_process', 'execa', 'simple-git', 'husky'].includes(x), `${file} imports ${x}`);
    }
  }
});

test('renderers in src/report/ do no I/O and start nothing', () => {
  for (const [file, { local, external }] of graph) {
    if (!file.startsWith('report/')) continue;
    for (const x of external) assert.equal(x, 'picocolors', `${file} imports ${x}`);
    for (const dep of local) assert.ok(dep.startsWith('report/') || dep === 'types.ts' || dep === 'messages.ts', `${file} imports ${dep}`);
  }
});
