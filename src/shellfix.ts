// Fix commands that change the environment, written for the user's shell and
// persisted where that shell reads them. Pure functions of (operation, shell,
// platform, home), so every shell and OS is table-tested on Linux.
//
//   bash  ~/.bashrc (macOS: ~/.bash_profile, which Terminal's login shells read)
//   zsh   ~/.zshrc          sh   ~/.profile
//   fish  fish_add_path / set -Ux (universal variables persist by themselves)
//   PowerShell [Environment]::SetEnvironmentVariable(…, 'User') — never setx for
//         PATH, which truncates it at 1024 characters
//   cmd   setx for variables; PATH through PowerShell, for the same reason

import { commandsFor, perShell, quoteArg } from './fixes.js';
import type { Platform, ShellTarget, UserShell } from './platform.js';
import type { Fix, FixCommands } from './types.js';

export type EnvOp = { kind: 'prepend-path'; dir: string } | { kind: 'set'; key: string; value: string } | { kind: 'unset'; key: string };

export function profileFile(shell: UserShell, platform: Platform): string | undefined {
  switch (shell) {
    case 'bash':
      return platform === 'darwin' ? '~/.bash_profile' : '~/.bashrc';
    case 'zsh':
      return '~/.zshrc';
    case 'sh':
      return '~/.profile';
    default:
      return undefined;
  }
}

/** $HOME/… for a directory under home, so the profile line stays right after a home move. */
function homeRelative(dir: string, home: string | undefined): string {
  return home && (dir === home || dir.startsWith(`${home}/`)) ? `$HOME${dir.slice(home.length)}` : dir;
}

const ps = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The command for one shell. */
export function shellCommand(op: EnvOp, shell: UserShell, platform: Platform, home?: string): string {
  const file = profileFile(shell, platform);
  switch (shell) {
    case 'bash':
    case 'zsh':
    case 'sh': {
      if (op.kind === 'prepend-path') {
        const d = homeRelative(op.dir, home).replace(/(["\\`])/g, '\\$1');
        const line = `export PATH="${d}:$PATH"`;
        return `echo ${quoteArg(line, 'posix')} >> ${file} && ${line}`;
      }
      if (op.kind === 'set') {
        const line = `export ${op.key}=${quoteArg(op.value, 'posix')}`;
        return `echo ${quoteArg(line, 'posix')} >> ${file} && ${line}`;
      }
      // sed -i.bak works with GNU and BSD sed alike.
      return `sed -i.bak '/^[[:space:]]*export ${op.key}=/d' ${file} && unset ${op.key}`;
    }
    case 'fish':
      if (op.kind === 'prepend-path') return `fish_add_path ${quoteArg(op.dir, 'fish')}`;
      if (op.kind === 'set') return `set -Ux ${op.key} ${quoteArg(op.value, 'fish')}`;
      return `set -eU ${op.key}; set -e ${op.key}`;
    case 'powershell':
      if (op.kind === 'prepend-path') {
        return `[Environment]::SetEnvironmentVariable('Path', ${ps(`${op.dir};`)} + [Environment]::GetEnvironmentVariable('Path', 'User'), 'User'); $env:Path = ${ps(`${op.dir};`)} + $env:Path`;
      }
      if (op.kind === 'set')
        return `[Environment]::SetEnvironmentVariable('${op.key}', ${ps(op.value)}, 'User'); $env:${op.key} = ${ps(op.value)}`;
      return `[Environment]::SetEnvironmentVariable('${op.key}', $null, 'User'); Remove-Item Env:${op.key} -ErrorAction SilentlyContinue`;
    case 'cmd':
      if (op.kind === 'prepend-path') {
        return `powershell -NoProfile -Command "[Environment]::SetEnvironmentVariable('Path', ${ps(`${op.dir};`)} + [Environment]::GetEnvironmentVariable('Path', 'User'), 'User')"`;
      }
      if (op.kind === 'set') return `setx ${op.key} "${op.value.replace(/"/g, '')}"`;
      return `reg delete HKCU\\Environment /v ${op.key} /f & set ${op.key}=`;
  }
}

/** All four renderings of the contract, the POSIX one for the user's own POSIX shell (bash, zsh or sh). */
export function envFix(op: EnvOp, target: ShellTarget): FixCommands {
  const posixShell: UserShell = target.shell === 'zsh' || target.shell === 'sh' ? target.shell : 'bash';
  return perShell((_q, flavour) =>
    shellCommand(op, flavour === 'posix' ? posixShell : flavour === 'fish' ? 'fish' : flavour, target.platform, target.home),
  );
}

/** Where an environment change persists, for the fix summary. */
export function persistsIn(shell: UserShell, platform: Platform): string {
  return profileFile(shell, platform) ?? (shell === 'fish' ? 'fish universal variables' : 'your user environment');
}

/**
 * Sets a go environment variable where it takes effect: `go env -w` (or -u)
 * for go's own settings, but a variable set in the OS environment, which
 * `go env -w` cannot override, gets the shell-profile line.
 */
export function goEnvFix(
  key: string,
  value: string,
  source: 'env' | 'goenv' | 'default',
  target: ShellTarget,
): Fix & { commands: FixCommands } {
  if (source !== 'env') {
    return value === ''
      ? { summary: `unset ${key} with go env -u`, commands: commandsFor(['go', 'env', '-u', key]) }
      : { summary: `set ${key} with go env -w`, commands: commandsFor(['go', 'env', '-w', `${key}=${value}`]) };
  }
  return {
    summary: `${key} is set in your environment, which go env -w cannot override: change it there (${persistsIn(target.shell, target.platform)})`,
    commands: envFix(value === '' ? { kind: 'unset', key } : { kind: 'set', key, value }, target),
  };
}
