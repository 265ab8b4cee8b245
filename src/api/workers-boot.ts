/**
 * The script a `scan --workers` thread starts (api/workers.ts): it loads the thread's entry
 * (workers-entry.ts, or `ParallelOptions.workerEntry` in tests). An entry that fails to load never runs
 * its own way out (workers-entry.ts marks its lead-gate cell DONE on every exit it sees), so it is
 * marked here, with its error posted as the entry would post it: the other threads stop waiting for
 * it at once. They no longer give up on a thread only because it has not started (workers-kept-out.ts:
 * at load ~40 a worker's start took longer than the 10 s stall and the routers parted).
 */
import type { MessagePort } from 'node:worker_threads';
import { workerData } from 'node:worker_threads';
import { DONE } from './workers-flow.js';

/** What this script reads of the thread's WorkerInput (api/workers.ts). */
interface BootInput {
  entry: string;
  gate: SharedArrayBuffer;
  shard: number;
  port: MessagePort;
}

const input = workerData as BootInput;

import(input.entry).catch((e: unknown) => {
  const cells = new Int32Array(input.gate);
  Atomics.store(cells, input.shard, DONE);
  Atomics.notify(cells, input.shard);
  input.port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  input.port.close();
});
