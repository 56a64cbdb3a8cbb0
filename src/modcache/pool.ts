// Module versions checked by the main thread and by worker threads together.
// Two queues: versions not looked at yet, and versions the snapshot did not
// vouch for (to hash). The main thread starts on the first queue at once,
// doing the cheap part only (read the record, lstat, compare), so a warm run
// of a small graph is done before a worker has even loaded; workers hash, and
// when nothing waits to be hashed they take whole versions from the first
// queue. The main thread hashes only when no worker is running (none asked,
// none could start, all died): its young generation is large, and hashing
// garbage would pile up there as resident memory, while workers run with a
// small one. A worker that dies hands its jobs back.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { fromSnapshot, hashVersion, type VersionJob, type VersionOutcome } from './version.js';

/** Jobs a worker holds at once: one being checked, one waiting, so it never idles on a message round trip. */
const IN_FLIGHT = 2;

/**
 * Workers' young generation (MB): hashing makes short-lived garbage (stat
 * objects, Buffers) fast, and a large nursery lets it pile up as resident
 * memory (1 MB instead of 4: about 20 MB less for two workers, no slower).
 */
const LIMITS = { maxYoungGenerationSizeMb: 1 };

/**
 * The worker script beside this module: dist/modcache-worker.js in the bundle
 * (this code then lives in dist/cli.js or a chunk beside it), src/modcache/worker.ts under tsx.
 */
export function workerScript(): URL | undefined {
  for (const rel of ['./modcache-worker.js', './worker.ts']) {
    const url = new URL(rel, import.meta.url);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}

/** Development only (tests and the bench run the TypeScript sources): the worker registers tsx first. */
function tsWorker(WorkerCtor: typeof Worker, script: URL): Worker {
  const api = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(script.href)}); });`;
  return new WorkerCtor(code, { eval: true, resourceLimits: LIMITS });
}

/** A message to a worker: a whole version, or one to hash (racy: the snapshot record was racily clean). */
export interface WorkerRequest {
  id: number;
  job: VersionJob;
  hashOnly?: { racy: boolean };
}

interface Slot {
  worker: Worker;
  ready: boolean;
  dead: boolean;
  busy: Map<number, { index: number; hashOnly?: { racy: boolean } }>;
}

/**
 * Runs every job once, calling onDone as each finishes (in completion order).
 * `workers` threads at most; 0 keeps everything on the main thread.
 * mainThreadTakesJobs=false (tests) leaves even the snapshot checks to workers.
 */
export async function runJobs(
  jobs: VersionJob[],
  workers: number,
  onDone: (index: number, outcome: VersionOutcome) => void,
  mainThreadTakesJobs = true,
): Promise<{ workers: number }> {
  const fresh = jobs.map((_, i) => i);
  const toHash: { index: number; racy: boolean }[] = [];
  let remaining = jobs.length;
  let started = 0;
  let wake = () => {};
  let finishAll!: () => void;
  const allDone = new Promise<void>((resolve) => (finishAll = resolve));
  const complete = (i: number, o: VersionOutcome) => {
    onDone(i, o);
    if (--remaining === 0) finishAll();
  };
  if (remaining === 0) finishAll();

  const slots: Slot[] = [];
  let nextId = 0;
  const feed = (slot: Slot) => {
    while (slot.ready && !slot.dead && slot.busy.size < IN_FLIGHT) {
      const h = toHash.shift();
      const index = h ? h.index : fresh.shift();
      if (index === undefined) return;
      const req: WorkerRequest = { id: nextId++, job: jobs[index] };
      if (h) req.hashOnly = { racy: h.racy };
      slot.busy.set(req.id, { index, hashOnly: req.hashOnly });
      slot.worker.postMessage(req);
    }
  };
  const feedAll = () => slots.forEach(feed);
  const live = () => slots.some((s) => !s.dead);

  const script = workers > 0 && jobs.length > 1 ? workerScript() : undefined;
  if (script) {
    let WorkerCtor: typeof Worker | undefined;
    try {
      ({ Worker: WorkerCtor } = await import('node:worker_threads'));
    } catch {
      WorkerCtor = undefined;
    }
    for (let n = 0; WorkerCtor && n < workers; n++) {
      let worker: Worker;
      try {
        worker = script.pathname.endsWith('.ts') ? tsWorker(WorkerCtor, script) : new WorkerCtor(script, { resourceLimits: LIMITS });
      } catch {
        break;
      }
      const slot: Slot = { worker, ready: false, dead: false, busy: new Map() };
      worker.on('message', (msg: { ready?: boolean; id: number; result?: VersionOutcome; error?: string }) => {
        if (msg.ready) {
          slot.ready = true;
          started++;
          feed(slot);
          return;
        }
        const b = slot.busy.get(msg.id);
        if (!b) return;
        slot.busy.delete(msg.id);
        if (msg.result) complete(b.index, msg.result);
        else {
          // checkVersion and hashVersion turn every failure into a result: this is a failure of the worker itself.
          const job = jobs[b.index];
          complete(b.index, {
            path: job.path,
            version: job.version,
            status: 'failed',
            problems: [{ kind: 'unreadable', what: 'dir', file: job.path, detail: msg.error ?? 'worker failed' }],
            hashes: {},
            fromSnapshot: false,
          });
        }
        feed(slot);
        wake();
      });
      const fail = () => {
        if (slot.dead) return;
        slot.dead = true;
        for (const b of slot.busy.values()) {
          if (b.hashOnly) toHash.unshift({ index: b.index, racy: b.hashOnly.racy });
          else fresh.unshift(b.index);
        }
        slot.busy.clear();
        feedAll();
        wake();
      };
      worker.on('error', fail);
      worker.on('exit', fail);
      slots.push(slot);
    }
  }

  const mainLoop = async () => {
    while (remaining > 0) {
      const workersLive = live();
      if (!workersLive && toHash.length > 0) {
        const h = toHash.shift()!;
        complete(h.index, await hashVersion(jobs[h.index], h.racy));
      } else if ((mainThreadTakesJobs || !workersLive) && fresh.length > 0) {
        const i = fresh.shift()!;
        const snap = fromSnapshot(jobs[i]);
        if (snap.outcome) complete(i, snap.outcome);
        else if (workersLive) {
          toHash.push({ index: i, racy: snap.racy });
          feedAll();
        } else complete(i, await hashVersion(jobs[i], snap.racy));
      } else {
        // Nothing for the main thread: wait for a worker to finish something (or die).
        await new Promise<void>((r) => {
          wake = r;
          void allDone.then(r);
        });
        wake = () => {};
        continue;
      }
      // Let worker messages in between versions.
      await new Promise((r) => setImmediate(r));
    }
  };
  try {
    await mainLoop();
  } finally {
    await Promise.all(
      slots.map((s) => {
        s.dead = true;
        return s.worker.terminate().catch(() => undefined);
      }),
    );
  }
  return { workers: started };
}
