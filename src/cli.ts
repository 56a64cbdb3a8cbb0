#!/usr/bin/env node
// gohooks command line: parses arguments and loads only the command it runs.

import module from 'node:module';
import { parseArgs } from 'node:util';
import { describeError, UsageError } from './errors.js';
import { redacted, useRedactor } from './redact.js';
import { loadRedactor } from './tools/secrets.js';
import { USAGE } from './messages.js';
import { USER_SHELLS, type UserShell } from './platform.js';
import { COMMAND_FORMATS } from './report/formats.js';
import { escapeControls } from './report/model.js';
import { handleTerminationSignals } from './tools/signals.js';

// Replaced at build time (dev/build.mjs) with package.json's version.
declare const __GOHOOKS_VERSION__: string | undefined;
const VERSION = typeof __GOHOOKS_VERSION__ === 'string' ? __GOHOOKS_VERSION__ : 'dev';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

type Options = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;

function parse(args: string[], options: Options) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`unknown ${flag} "${value}" (${allowed.join(', ')})`);
  return value as T;
}

/** Everything gohooks prints passes through the redactor: no secret reaches a terminal or a log. */
const stdout = (s: string) => process.stdout.write(redacted(s));
const stderr = (s: string) => process.stderr.write(redacted(s));

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  useRedactor(loadRedactor(env));
  const [command, ...rest] = argv;
  // `gohooks verify --help`: the usage, not a parse error. Not for `run`, whose arguments are git's.
  if (command !== 'run') {
    const options = rest.indexOf('--') < 0 ? rest : rest.slice(0, rest.indexOf('--'));
    if (options.includes('--help') || options.includes('-h')) {
      stdout(`${USAGE}\n`);
      return 0;
    }
  }
  switch (command) {
    case 'verify': {
      const { values, positionals } = parse(rest, {
        check: { type: 'string', multiple: true },
        skip: { type: 'string', multiple: true },
        format: { type: 'string', default: 'human' },
        sarif: { type: 'string' },
        online: { type: 'boolean', default: false },
        full: { type: 'boolean', default: false },
        'with-go-verify': { type: 'boolean', default: false },
      });
      const format = oneOf(values.format as string, COMMAND_FORMATS.verify, '--format');
      if (values.sarif === '') throw new UsageError('--sarif needs a file name');
      const { verify } = await import('./commands/verify.js');
      return verify({
        dirs: positionals,
        only: (values.check as string[] | undefined) ?? [],
        skip: (values.skip as string[] | undefined) ?? [],
        format,
        sarif: values.sarif as string | undefined,
        online: values.online as boolean,
        full: values.full as boolean,
        withGoVerify: values['with-go-verify'] as boolean,
        env,
        write: stdout,
      });
    }
    case 'install': {
      const { values } = parse(rest, {
        hooks: { type: 'string' },
        'no-husky': { type: 'boolean', default: false },
        prepare: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
      });
      const { install } = await import('./commands/install.js');
      return install({
        cwd: process.cwd(),
        env,
        hooks:
          typeof values.hooks === 'string'
            ? values.hooks
                .split(',')
                .map((h) => h.trim())
                .filter(Boolean)
            : undefined,
        noHusky: values['no-husky'] as boolean,
        prepare: values.prepare as boolean,
        dryRun: values['dry-run'] as boolean,
        write: (s) => stdout(s),
      });
    }
    case 'uninstall': {
      parse(rest, {});
      const { uninstall } = await import('./commands/uninstall.js');
      return uninstall({ cwd: process.cwd(), env, write: (s) => stdout(s) });
    }
    case 'status': {
      const { values } = parse(rest, { format: { type: 'string', default: 'human' } });
      const format = oneOf(values.format as string, ['human', 'json'] as const, '--format');
      const { status } = await import('./commands/status.js');
      return status({ cwd: process.cwd(), env, format, write: (s) => process.stdout.write(s) });
    }
    case 'run': {
      const [hook, ...hookArgs] = rest;
      if (!hook) throw new UsageError('run needs a hook name: pre-commit, pre-merge-commit or pre-push');
      const { runHook } = await import('./commands/run.js');
      return runHook({
        hook,
        args: hookArgs[0] === '--' ? hookArgs.slice(1) : hookArgs,
        env,
        cwd: process.cwd(),
        stdin: readStdin,
        write: (s) => stderr(s),
      });
    }
    case '--version':
    case 'version':
      stdout(`${VERSION}\n`);
      return 0;
    case 'doctor': {
      const { values } = parse(rest, {
        format: { type: 'string', default: 'human' },
        output: { type: 'string' },
        shell: { type: 'string' },
        sizes: { type: 'boolean', default: false },
        online: { type: 'boolean', default: false },
      });
      const format = oneOf(values.format as string, COMMAND_FORMATS.doctor, '--format');
      const shell = values.shell === undefined ? undefined : oneOf(values.shell as string, USER_SHELLS, '--shell');
      const { doctor } = await import('./commands/doctor.js');
      return doctor({
        format,
        output: values.output as string | undefined,
        shell: shell as UserShell | undefined,
        online: values.online as boolean,
        sizes: values.sizes as boolean,
        env,
        cwd: process.cwd(),
        write: (s) => stdout(s),
      });
    }
    case 'list': {
      parse(rest, {});
      const { list } = await import('./commands/list.js');
      stdout(list());
      return 0;
    }
    case 'explain': {
      const { positionals } = parse(rest, {});
      if (positionals.length !== 1) throw new UsageError('explain takes one check id; `gohooks list` shows them');
      const { explain } = await import('./commands/explain.js');
      stdout(explain(positionals[0]));
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      stdout(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

async function run(): Promise<void> {
  // Ctrl-C / SIGTERM: stop the children's process groups and remove the temporary directories, exit 130 / 143.
  handleTerminationSignals();
  let code: number;
  try {
    code = await main(process.argv.slice(2));
  } catch (e) {
    // describeError is imported statically: out of file descriptors (EMFILE), loading one more module would fail here too.
    const { message, usage } = describeError(e);
    // A path or a value in the message may hold terminal escapes: shown escaped.
    stderr(`gohooks: ${escapeControls(message)}\n${usage ? `${USAGE}\n` : ''}`);
    // Checks still running (a thrown OsError ends the run early) are not waited for: the 'exit'
    // listeners stop their process groups and remove the temporary directories.
    process.exit(2);
  }
  process.exitCode = code;
}

// Node >= 22.1 keeps the compiled commands on disk (in its temp dir): every later hook skips most of the compiling.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
await run();
