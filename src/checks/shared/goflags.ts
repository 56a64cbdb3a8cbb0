// GOFLAGS as checks read and fix it. GOFLAGS can carry linker values
// (-ldflags=-X=main.apiKey=…): a fix that rewrites GOFLAGS would have to print
// them, so then the fix says what to remove instead of printing a command.
// Shared by checks; not a check.

import type { ShellTarget } from '../../platform.js';
import { goEnvFix } from '../../shellfix.js';
import type { GoEnv } from '../../tools/go.js';
import type { Fix } from '../../types.js';

export function goflags(env: GoEnv): string[] {
  return (env.vars.GOFLAGS ?? '').split(/\s+/).filter(Boolean);
}

export const isInsecureFlag = (f: string) => /^-?-insecure(=|$)/.test(f);

/** A flag whose value gohooks never prints: linker flags (-X values are often keys and tokens). */
const holdsValues = (f: string) => /^-?-(ldflags|gcflags|asmflags|X)\b/.test(f) || /-X[= ]/.test(f);

/** GOFLAGS for a message: flags with values replaced by their name. */
export function shownGoflags(flags: string[]): string {
  return flags.map((f) => (holdsValues(f) ? `${f.split('=')[0]}=…` : f)).join(' ');
}

/** The fix that takes `what` out of GOFLAGS, where GOFLAGS is set. */
export function goflagsFix(env: GoEnv, target: ShellTarget, remove: (flag: string) => boolean, what: string): Fix {
  const kept = goflags(env).filter((f) => !remove(f));
  if (kept.some(holdsValues)) {
    const where = env.source('GOFLAGS') === 'env' ? 'where your shell profile sets GOFLAGS' : 'with go env -w GOFLAGS=…';
    return { summary: `remove ${what} from GOFLAGS (${where}); gohooks does not print the rest of GOFLAGS, which holds linker values` };
  }
  return goEnvFix('GOFLAGS', kept.join(' '), env.source('GOFLAGS'), target);
}
