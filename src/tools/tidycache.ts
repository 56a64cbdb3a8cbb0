// go-mod-tidy's result cache: the keys (src/gomod/tidykey.ts) of modules a
// `go mod tidy -diff` run found tidy. Only "tidy" is ever recorded: an
// untidy module, a failure or a module that could not be checked runs go
// again every time.
//
// One small file per key, named by the key, under the user cache directory
// (XDG on Linux, ~/Library/Caches, %LocalAppData%: the stat snapshot's
// scheme, src/modcache/snapshot.ts), keyed by GOMODCACHE:
//   <cache>/gohooks/tidy-v1/<sha256(GOMODCACHE)[:16]>/<key>.json
// holding {"format":1,"gomodcache":…,"key":…,"module":…}. Content-addressed,
// so every clone and work tree of a repository shares it, and nothing is ever
// read, changed and written back: written atomically (temp file + rename),
// safe under concurrent runs. A file that is unreadable, corrupt, of another
// format or for another cache is ignored (and replaced by the next tidy run).
// Records not used for RETAIN_DAYS are removed, at most once a day. --full
// (ctx.full) is the check's business: it looks nothing up, and still records.

import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  constants as fsConstants,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { Debug } from '../debug.js';
import { userCacheDir } from '../platform.js';
import type { Platform } from '../platform.js';

/** Bumped whenever the record layout or its meaning changes (the directory name carries it). */
export const TIDY_CACHE_FORMAT = 1;
const RETAIN_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
const KEY = /^[0-9a-f]{64}$/;
/** A record is a line of JSON well under this: anything larger is not one. */
const MAX_RECORD_BYTES = 64 * 1024;

export interface TidyCache {
  /** Whether a run recorded the module with this key as tidy. */
  isTidy(gomodcache: string, key: string): boolean;
  /** Records a tidy result; best effort (a cache directory that cannot be written only costs a go run next time). */
  rememberTidy(gomodcache: string, key: string, module: string): void;
}

/** Where the records for one GOMODCACHE live: a pure function of (platform, env, GOMODCACHE); undefined without a user cache dir. */
export function tidyCacheDir(platform: Platform, env: NodeJS.ProcessEnv, gomodcache: string): string | undefined {
  const base = userCacheDir(platform, env);
  if (!base) return undefined;
  const p = platform === 'win32' ? path.win32 : path.posix;
  const id = createHash('sha256').update(p.resolve(gomodcache)).digest('hex').slice(0, 16);
  return p.join(base, 'gohooks', `tidy-v${TIDY_CACHE_FORMAT}`, id);
}

interface TidyRecord {
  format: number;
  gomodcache: string;
  key: string;
  module: string;
}

export interface FileTidyCacheOptions {
  platform: Platform;
  env: NodeJS.ProcessEnv;
  debug?: Debug;
  /** The clock, for tests of the clean-up. */
  now?: () => number;
}

export class FileTidyCache implements TidyCache {
  private readonly now: () => number;

  constructor(private readonly opts: FileTidyCacheOptions) {
    this.now = opts.now ?? Date.now;
  }

  private file(gomodcache: string, key: string): string | undefined {
    if (!KEY.test(key) || gomodcache === '') return undefined;
    const dir = tidyCacheDir(this.opts.platform, this.opts.env, gomodcache);
    return dir && path.join(dir, `${key}.json`);
  }

  isTidy(gomodcache: string, key: string): boolean {
    const file = this.file(gomodcache, key);
    if (!file) return false;
    let rec: TidyRecord;
    try {
      rec = JSON.parse(readSmallFile(file)) as TidyRecord;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.opts.debug?.log(`go-mod-tidy cache: ignored ${file}: unreadable or corrupt`);
      return false;
    }
    const valid =
      typeof rec === 'object' &&
      rec !== null &&
      rec.format === TIDY_CACHE_FORMAT &&
      rec.gomodcache === path.resolve(gomodcache) &&
      rec.key === key &&
      typeof rec.module === 'string';
    if (!valid) {
      this.opts.debug?.log(`go-mod-tidy cache: ignored ${file}: another format, cache or key`);
      return false;
    }
    try {
      const t = new Date(this.now());
      utimesSync(file, t, t); // used: kept by the clean-up
    } catch {
      // read-only: it is still valid
    }
    return true;
  }

  rememberTidy(gomodcache: string, key: string, module: string): void {
    const file = this.file(gomodcache, key);
    if (!file) return;
    const rec: TidyRecord = { format: TIDY_CACHE_FORMAT, gomodcache: path.resolve(gomodcache), key, module };
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(tmp, `${JSON.stringify(rec)}\n`);
      renameSync(tmp, file);
    } catch {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // nothing was written
      }
      return;
    }
    this.cleanUp(path.dirname(file));
  }

  /** Once a day: removes records unused for RETAIN_DAYS and temp files a killed run left behind. */
  private cleanUp(dir: string): void {
    const marker = path.join(dir, 'last-clean-up');
    const now = this.now();
    try {
      if (now - statSync(marker).mtimeMs < DAY_MS) return;
    } catch {
      // never cleaned
    }
    try {
      writeFileSync(marker, '');
      const t = new Date(now);
      utimesSync(marker, t, t);
      for (const name of readdirSync(dir)) {
        const f = path.join(dir, name);
        const age = now - statSync(f).mtimeMs;
        if ((name.endsWith('.json') && age > RETAIN_DAYS * DAY_MS) || (name.endsWith('.tmp') && age > DAY_MS)) rmSync(f, { force: true });
      }
    } catch {
      // another run cleans up at the same time, or the directory is read-only
    }
  }
}

/** A regular file's text, never blocking on a FIFO and never reading more than a record can be; throws otherwise. */
function readSmallFile(file: string): string {
  const fd = openSync(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > MAX_RECORD_BYTES) throw new Error('not a record');
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}
