/**
 * Worker thread of `scan --workers N` (api/workers.ts): scans the captures with detection for
 * shard `shard` of `count`, posting its alerts after every input chunk with a watermark (the
 * last frame decoded: every later alert has a frame ≥ it), then publishing its position and
 * sleeping while it is too far ahead of the slowest thread (workers-flow.ts). Its cell in the
 * gate becomes DONE on every way out, after its last message.
 */
import { workerData } from 'node:worker_threads';
import { openCapture } from '../capture/source.js';
import { isSigwatchError } from '../core/errors.js';
import type { MessageRecord } from '../events/record.js';
import type { ScanAlert } from './scan-options.js';
import { Scanner } from './scanner.js';
import type { WorkerInput, WorkerMessage } from './workers.js';
import { LeadGate } from './workers-flow.js';
import { ShardRouter } from './workers-shard.js';

const input = workerData as WorkerInput;
const port = input.port;
const post = (m: WorkerMessage): void => port.postMessage(m);
const gate = new LeadGate(input.gate, input.maxLead);
process.on('exit', () => gate.finish(input.shard));

async function run(): Promise<void> {
  const router = new ShardRouter(input.count);
  let alerts: ScanAlert[] = [];
  let frame = 0;
  let bytes = 0;
  const teachesLink = (r: MessageRecord): boolean => scanner.detectorInstance?.teachesLink(r) ?? true;
  const scanner: Scanner = new Scanner({
    ...input.options,
    detectFilter: (r): boolean => router.shardOf(r, scanner.notation, teachesLink) === input.shard,
    onRecord: (r) => {
      frame = r.frame;
    },
    onAlert: (a) => alerts.push(a),
  });
  const read = { reuseBuffer: true, ...(input.chunkBytes === undefined ? {} : { highWaterMark: input.chunkBytes }) };
  for (let src = 0; src < input.inputs.length; src++) {
    const file = input.inputs[src]!;
    frame = 0;
    let got = 0;
    scanner.beginSource(file);
    try {
      for await (const chunk of openCapture(file, read)) {
        scanner.push(chunk);
        bytes += chunk.length;
        got += chunk.length;
        post({ type: 'progress', alerts, src, frame });
        alerts = [];
        gate.advance(input.shard, bytes);
        gate.waitWhileAhead(input.shard);
      }
      scanner.endSource();
    } catch (e) {
      // The main thread meets the same capture error and reports it; go on like it does.
      if (!isSigwatchError(e)) throw e;
      try {
        scanner.endSource();
      } catch {
        // already reported by the main thread
      }
    }
    // What this thread read of the capture: the main thread compares it with its own (workers.ts).
    post({ type: 'progress', alerts, src, frame: Infinity, read: got });
    alerts = [];
  }
  scanner.end();
  post({ type: 'done', alerts, src: input.inputs.length - 1, stats: scanner.detectorInstance?.stats, counts: scanner.detectorCounts });
}

run()
  .catch((e: unknown) => {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e), ...(isSigwatchError(e) ? { code: e.code } : {}) });
  })
  .finally(() => {
    gate.finish(input.shard);
    port.close();
  });
