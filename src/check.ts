// The check contract, ESLint-rule style: declarative meta (id, title, hooks,
// docs, what it needs, options with types and defaults) plus `run`, a function
// of the Context and what the runner hands over (the go env when the check
// declares it, the options resolved against their defaults) → findings.
// A check never prints, never exits, and never imports another check.

import type { Context } from './context.js';
import type { GoEnv } from './tools/go.js';
import type { CheckMeta, Draft, OptionSpec, OptionSpecs } from './types.js';

type OptionValue<S extends OptionSpec> = S['type'] extends 'number'
  ? number
  : S['type'] extends 'string'
    ? string
    : S['type'] extends 'boolean'
      ? boolean
      : string[];

/** Option values as a check receives them: declared with a default → always set. */
export type OptionValues<S extends OptionSpecs> = {
  [K in keyof S]: S[K] extends { default: unknown } ? OptionValue<S[K]> : OptionValue<S[K]> | undefined;
};

export interface RunInput<S extends OptionSpecs, G extends CheckMeta['goEnv']> {
  options: OptionValues<S>;
  /** `go env`, handed over by the runner: always there for goEnv 'required', maybe for 'optional'. */
  goEnv: G extends 'required' ? GoEnv : GoEnv | undefined;
}

export interface Check<S extends OptionSpecs = OptionSpecs, G extends CheckMeta['goEnv'] = CheckMeta['goEnv']> extends CheckMeta {
  options?: S;
  goEnv?: G;
  /** Whether the check has anything to look at here (else it is reported as skipped). */
  appliesTo?: (ctx: Context) => boolean;
  run: (ctx: Context, input: RunInput<S, G>) => Promise<Draft[]>;
}

/** A check of any options: what lists of checks hold. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCheck = Check<any, any>;

export function defineCheck<S extends OptionSpecs = Record<never, OptionSpec>, G extends CheckMeta['goEnv'] = undefined>(
  check: Check<S, G>,
): Check<S, G> {
  return check;
}

/** The hooks and verify: checks of the module graph run in all of them by default. */
export const EVERY_GIT_HOOK_AND_VERIFY = ['pre-commit', 'pre-merge-commit', 'pre-push', 'verify'] as const;
