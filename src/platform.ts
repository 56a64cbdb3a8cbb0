// Platform-dependent decisions as pure functions of (platform, env), so the
// Windows and macOS branches are testable on Linux.

import path from 'node:path';
import type { FixShell } from './types.js';

export type Platform = 'linux' | 'darwin' | 'win32' | (string & {});

export function pathListSeparator(platform: Platform): string {
  return platform === 'win32' ? ';' : ':';
}

/** Case-insensitive env lookup on Windows (Path vs PATH), exact elsewhere. */
export function getEnv(env: NodeJS.ProcessEnv, name: string, platform: Platform): string | undefined {
  if (platform !== 'win32') return env[name];
  const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : env[key];
}

/** The first entry of a path list (GOPATH: where go install and the module cache go by default). */
export function firstListEntry(list: string, platform: Platform): string {
  return list.split(pathListSeparator(platform))[0];
}

/** Directories of PATH, in order, empty entries dropped. */
export function pathDirs(env: NodeJS.ProcessEnv, platform: Platform): string[] {
  const raw = getEnv(env, 'PATH', platform) ?? '';
  return raw
    .split(pathListSeparator(platform))
    .map((d) => (platform === 'win32' ? d.replace(/^"(.*)"$/, '$1') : d))
    .filter((d) => d !== '');
}

/** Candidate file names for an executable: go → go.exe, go.bat … on Windows. */
export function executableNames(name: string, env: NodeJS.ProcessEnv, platform: Platform): string[] {
  if (platform !== 'win32') return [name];
  const exts = (getEnv(env, 'PATHEXT', platform) ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean);
  return exts.map((e) => name + e.toLowerCase());
}

export type UserShell = 'bash' | 'zsh' | 'fish' | 'powershell' | 'cmd' | 'sh';
export const USER_SHELLS: readonly UserShell[] = ['bash', 'zsh', 'fish', 'powershell', 'cmd', 'sh'];

/** The user's shell and OS: what environment fixes are written for. */
export interface ShellTarget {
  shell: UserShell;
  platform: Platform;
  home?: string;
}

/** The user's interactive shell, from $SHELL (PSModulePath / ComSpec on Windows). */
export function detectShell(env: NodeJS.ProcessEnv, platform: Platform): UserShell {
  const shell = getEnv(env, 'SHELL', platform) ?? '';
  const base =
    shell
      .split(/[\\/]/)
      .pop()
      ?.replace(/\.exe$/i, '') ?? '';
  if (base === 'fish' || base === 'zsh' || base === 'bash') return base;
  if (platform === 'win32') {
    // Git Bash sets SHELL. PSModulePath is set system-wide, cmd included; a
    // PowerShell session adds the user's own module directory (…\Documents\…).
    if (base === 'sh') return 'bash';
    return /[\\/]Documents[\\/]/i.test(getEnv(env, 'PSModulePath', platform) ?? '') ? 'powershell' : 'cmd';
  }
  return shell === '' ? 'sh' : base === 'sh' || base === 'dash' ? 'sh' : 'bash';
}

/** Which rendering of a fix command suits a shell. */
export function fixFlavour(shell: UserShell): FixShell {
  return shell === 'fish' || shell === 'powershell' || shell === 'cmd' ? shell : 'posix';
}

/** os.UserCacheDir(): %LocalAppData%, ~/Library/Caches, or $XDG_CACHE_HOME / ~/.cache. undefined when unknown. */
export function userCacheDir(platform: Platform, env: NodeJS.ProcessEnv): string | undefined {
  const p = platform === 'win32' ? path.win32 : path.posix;
  if (platform === 'win32') return getEnv(env, 'LocalAppData', platform) || undefined;
  if (platform === 'darwin') return env.HOME ? p.join(env.HOME, 'Library', 'Caches') : undefined;
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && p.isAbsolute(xdg)) return xdg;
  return env.HOME ? p.join(env.HOME, '.cache') : undefined;
}
