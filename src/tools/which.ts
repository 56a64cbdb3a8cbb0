// Finds executables on PATH without starting a process.

import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { executableNames, pathDirs, type Platform } from '../platform.js';

function isExecutableFile(file: string, platform: Platform): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Every match for `name` on PATH, in PATH order (the first is the one a shell runs). */
export function whichAll(name: string, env: NodeJS.ProcessEnv, platform: Platform = process.platform): string[] {
  const found: string[] = [];
  const pathApi = platform === 'win32' ? path.win32 : path.posix;
  for (const dir of pathDirs(env, platform)) {
    for (const exe of executableNames(name, env, platform)) {
      const file = pathApi.join(dir, exe);
      if (isExecutableFile(file, platform) && !found.includes(file)) found.push(file);
    }
  }
  return found;
}

export function which(name: string, env: NodeJS.ProcessEnv, platform: Platform = process.platform): string | undefined {
  return whichAll(name, env, platform)[0];
}
