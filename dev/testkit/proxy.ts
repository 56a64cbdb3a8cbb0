// Builds a file:// GOPROXY from plain source trees (docs/ARCHITECTURE.md, "Tests"):
// <module>/@v/list, <v>.info, <v>.mod, <v>.zip with entries prefixed module@version/.

import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { escapeModulePath } from '../../src/gomod/modpath.js';
import { packageName } from './project.js';
import { makeZip } from './zip.js';

export interface ModuleSpec {
  path: string;
  version: string;
  /** Files relative to the module root; a go.mod is added when missing. */
  files: Record<string, string | Buffer>;
  /** Deflate the zip entries, as real proxies do (default: stored). */
  deflate?: boolean;
}

export function goModFor(spec: ModuleSpec): string {
  const given = spec.files['go.mod'];
  return given !== undefined ? given.toString() : `module ${spec.path}\n\ngo 1.21\n`;
}

/** The module zip the proxy serves for spec (entries sorted, go.mod included): also what a test writes to fake a cache rewrite. */
export function moduleZip(spec: ModuleSpec): Buffer {
  const files: Record<string, string | Buffer> = { ...spec.files, 'go.mod': goModFor(spec) };
  const prefix = `${spec.path}@${spec.version}/`;
  const entries = Object.keys(files)
    .sort()
    .map((name) => ({
      name: prefix + name,
      data: Buffer.isBuffer(files[name]) ? (files[name] as Buffer) : Buffer.from(files[name] as string),
    }));
  return makeZip(entries, spec.deflate);
}

export function addToProxy(proxyDir: string, spec: ModuleSpec): void {
  const dir = path.join(proxyDir, escapeModulePath(spec.path), '@v');
  mkdirSync(dir, { recursive: true });
  const v = escapeModulePath(spec.version);
  const gomod = goModFor(spec);
  writeFileSync(path.join(dir, `${v}.zip`), moduleZip(spec));
  writeFileSync(path.join(dir, `${v}.mod`), gomod);
  writeFileSync(path.join(dir, `${v}.info`), JSON.stringify({ Version: spec.version, Time: '2024-01-01T00:00:00Z' }));
  let list = '';
  try {
    list = readFileSync(path.join(dir, 'list'), 'utf8');
  } catch {
    // first version of this module
  }
  if (!list.split('\n').includes(spec.version)) appendFileSync(path.join(dir, 'list'), `${spec.version}\n`);
}

export function buildProxy(proxyDir: string, specs: ModuleSpec[]): string {
  mkdirSync(proxyDir, { recursive: true });
  for (const s of specs) addToProxy(proxyDir, s);
  return `file://${proxyDir}`;
}

/** A tiny library module: one package with one exported function. */
export function libModule(modPath: string, version: string, extra: Record<string, string | Buffer> = {}): ModuleSpec {
  const name = packageName(modPath);
  return {
    path: modPath,
    version,
    files: {
      [`${name}.go`]: `package ${name}\n\n// Version reports the module version.\nfunc Version() string { return "${version}" }\n`,
      ...extra,
    },
  };
}
