// gofmt -l over file contents (staged blobs), never over the work tree and
// never rewriting: the blobs go to a temporary directory under neutral names,
// so a file name with spaces, quotes or newlines never reaches gofmt's output.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Processes } from './exec.js';
import { makeTempDir, removeTempDir, tempWriteError } from './tempdirs.js';

export interface GofmtResult {
  /** Repo-relative names gofmt would change. */
  unformatted: string[];
  /** Files that do not parse, with gofmt's message. */
  syntaxErrors: { file: string; line: number; message: string }[];
  exitCode: number;
  stderr: string;
}

export async function gofmtBlobs(
  runner: Processes,
  gofmt: string,
  blobs: Map<string, Buffer>,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<GofmtResult> {
  const result: GofmtResult = { unformatted: [], syntaxErrors: [], exitCode: 0, stderr: '' };
  if (blobs.size === 0) return result;
  const tmp = makeTempDir('gohooks-gofmt-');
  try {
    const byTemp = new Map<string, string>();
    [...blobs].forEach(([rel, data], i) => {
      const name = `f${i}.go`;
      try {
        writeFileSync(path.join(tmp, name), data);
      } catch (e) {
        throw tempWriteError(e, tmp);
      }
      byTemp.set(name, rel);
    });
    const r = await runner.run(gofmt, ['-l', '.'], { cwd: tmp, env, timeoutMs });
    result.exitCode = r.exitCode;
    result.stderr = r.stderr;
    for (const line of r.stdout.split('\n')) {
      const rel = byTemp.get(path.basename(line.trim()));
      if (rel) result.unformatted.push(rel);
    }
    for (const m of r.stderr.matchAll(/^(?:\.\/)?(f\d+\.go):(\d+):(?:\d+:)? (.*)$/gm)) {
      const rel = byTemp.get(m[1]);
      if (rel) result.syntaxErrors.push({ file: rel, line: Number(m[2]), message: m[3] });
    }
    return result;
  } finally {
    removeTempDir(tmp);
  }
}
