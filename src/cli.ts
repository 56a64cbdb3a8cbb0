#!/usr/bin/env node
// gohooks command line: parses arguments and loads only the command it runs.

import { parseArgs } from 'node:util';

const USAGE = `usage:
  gohooks verify   [DIR…] [--check ID…] [--skip ID…] [--format human|json|github] [--online]
  gohooks explain  <check-id>
  gohooks list

exit codes: 0 no error findings · 1 at least one error · 2 gohooks could not run
environment: GOHOOKS=0 skips everything · GOHOOKS_SKIP=id,id · GOHOOKS_DEBUG=1 prints timings and commands`;

export class CliError extends Error {
  override name = 'CliError';
}

type Options = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;

function parse(args: string[], options: Options) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'verify': {
      const { values, positionals } = parse(rest, {
        check: { type: 'string', multiple: true },
        skip: { type: 'string', multiple: true },
        format: { type: 'string', default: 'human' },
        online: { type: 'boolean', default: false },
      });
      const format = values.format as string;
      if (!['human', 'json', 'github'].includes(format)) throw new CliError(`unknown --format "${format}" (human, json or github)`);
      const { verify } = await import('./commands/verify.js');
      return verify({
        dirs: positionals,
        only: (values.check as string[] | undefined) ?? [],
        skip: (values.skip as string[] | undefined) ?? [],
        format: format as 'human' | 'json' | 'github',
        online: values.online as boolean,
        env,
      });
    }
    case 'list': {
      parse(rest, {});
      const { list } = await import('./commands/info.js');
      process.stdout.write(list());
      return 0;
    }
    case 'explain': {
      const { positionals } = parse(rest, {});
      if (positionals.length !== 1) throw new CliError('explain takes one check id; `gohooks list` shows them');
      const { explain } = await import('./commands/info.js');
      process.stdout.write(explain(positionals[0]));
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      throw new CliError(`unknown command "${command}"`);
  }
}

async function run(): Promise<void> {
  let code: number;
  try {
    code = await main(process.argv.slice(2));
  } catch (e) {
    const { describeError } = await import('./errors.js');
    const { message, usage } = describeError(e);
    process.stderr.write(`gohooks: ${message}\n${usage ? `${USAGE}\n` : ''}`);
    code = 2;
  }
  process.exitCode = code;
}

await run();
