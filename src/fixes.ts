// Fix commands as argv lists, rendered for each shell with that shell's quoting.

import type { FixCommands, FixShell } from './types.js';

export const FIX_SHELLS: readonly FixShell[] = ['posix', 'fish', 'powershell', 'cmd'];

const SAFE = /^[A-Za-z0-9_@%+=:,./~^-]+$/;

export function quoteArg(arg: string, shell: FixShell): string {
  if (arg !== '' && SAFE.test(arg)) return arg;
  switch (shell) {
    case 'posix':
      return `'${arg.replace(/'/g, `'\\''`)}'`;
    case 'fish':
      return `'${arg.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    case 'powershell':
      return `'${arg.replace(/'/g, "''")}'`;
    case 'cmd':
      return `"${arg.replace(/"/g, '""')}"`;
  }
}

/** A command line written per shell; `q` quotes an argument for that shell. */
export function perShell(build: (q: (arg: string) => string, shell: FixShell) => string): FixCommands {
  const out: FixCommands = {};
  for (const shell of FIX_SHELLS) out[shell] = build((a) => quoteArg(a, shell), shell);
  return out;
}

/** Several commands run one after the other, stopping at the first failure where the shell can. */
export function commandsFor(...argvs: string[][]): FixCommands {
  return joinCommands(...argvs.map((argv) => perShell((q) => argv.map(q).join(' '))));
}

/** Fix commands run one after the other, per shell. */
export function joinCommands(...parts: FixCommands[]): FixCommands {
  return perShell((_q, shell) =>
    parts
      .map((p) => p[shell])
      .filter(Boolean)
      // Windows PowerShell 5.1 has no &&.
      .join(shell === 'powershell' ? '; ' : ' && '),
  );
}

/** A command written the same way in every shell (an installer invocation). */
export function sameInEveryShell(command: string): FixCommands {
  return perShell(() => command);
}

/** `go …` run for a module: `go -C dir …` outside the repository root. */
export function goArgv(moduleRel: string, ...args: string[]): string[] {
  return moduleRel === '.' ? ['go', ...args] : ['go', '-C', moduleRel, ...args];
}
