// Module cache layout (cmd/go/internal/modfetch/cache.go), as pure path functions.

import path from 'node:path';
import { escapeModulePath } from './modpath.js';

/** <GOMODCACHE>/<escaped path>@<escaped version>: the extracted module tree. */
export function extractedDir(cache: string, modPath: string, version: string): string {
  return path.join(cache, `${escapeModulePath(modPath)}@${escapeModulePath(version)}`);
}

/**
 * <GOMODCACHE>/cache/download/<escaped path>/@v/<escaped version>.<ext> (zip, ziphash, mod, info; partial: the
 * marker go writes before extracting the zip and removes once the tree is complete).
 */
export function downloadFile(cache: string, modPath: string, version: string, ext: 'zip' | 'ziphash' | 'mod' | 'info' | 'partial'): string {
  return path.join(cache, 'cache', 'download', escapeModulePath(modPath), '@v', `${escapeModulePath(version)}.${ext}`);
}
