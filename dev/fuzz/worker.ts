// Runs gohooks's parsers on fuzz cases in a worker thread, so that the main
// thread can see a case that never finishes (it writes the index of the case
// it is on into shared memory) and terminate the worker.

import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { decode, parseOurs, type OurRun } from './compare.js';
import type { FileKind } from './oracle.js';

export interface WorkerJob {
  cases: { kind: FileKind; data: Uint8Array }[];
  /** Int32Array over a SharedArrayBuffer: [0] = index + 1 of the case being parsed. */
  progress: SharedArrayBuffer;
  offset: number;
}

parentPort!.on('message', (job: WorkerJob) => {
  const progress = new Int32Array(job.progress);
  const runs: OurRun[] = [];
  for (let i = job.offset; i < job.cases.length; i++) {
    Atomics.store(progress, 0, i + 1);
    const c = job.cases[i];
    const t0 = performance.now();
    try {
      const parsed = parseOurs(c.kind, decode(c.data));
      runs.push({ parsed, ms: performance.now() - t0 });
    } catch (e) {
      runs.push({ threw: e instanceof Error ? (e.stack ?? e.message) : String(e), ms: performance.now() - t0 });
    }
  }
  parentPort!.postMessage(runs);
});
