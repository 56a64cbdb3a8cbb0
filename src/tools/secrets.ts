// Reads what the redactor must know before anything is printed: the go env
// file's settings and the .netrc files go and git read. Small files, read once.

import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { redactorFor, type Redactor } from '../redact.js';
import { goEnvFilePath, parseGoEnvFile } from './go.js';

function read(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function loadRedactor(env: NodeJS.ProcessEnv): Redactor {
  const home = env.HOME || env.USERPROFILE || os.homedir();
  const netrcs = [env.NETRC, path.join(home, '.netrc'), path.join(home, '_netrc')].map(read).filter((t): t is string => t !== undefined);
  return redactorFor(env, parseGoEnvFile(read(goEnvFilePath(env)) ?? ''), netrcs);
}
