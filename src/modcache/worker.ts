// Worker thread entry point (bundled as dist/modcache-worker.js): checks or
// hashes the module versions the pool sends, one message per version, after
// saying it is ready (until then the main thread keeps the jobs).

import { parentPort } from 'node:worker_threads';
import type { WorkerRequest } from './pool.js';
import { checkVersion, hashVersion } from './version.js';

parentPort?.on('message', (msg: WorkerRequest) => {
  (msg.hashOnly ? hashVersion(msg.job, msg.hashOnly.racy) : checkVersion(msg.job)).then(
    (result) => parentPort!.postMessage({ id: msg.id, result }),
    (e: unknown) => parentPort!.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
parentPort?.postMessage({ ready: true });
