// Prototype of the partitioned `scan --workers` design, to measure it end to end (bench only):
// the main thread reads the capture, frames records (CaptureReader) and routes each by a header
// walk (partition.mjs: unordered IP address pair) into per-worker batches of raw records, one
// batch per worker per input chunk, transferred; decode threads (partition-worker.mjs) answer
// each batch with binary facts (facts-direct.mjs); the main thread rebuilds the facts in capture
// order (merge by frame, index of the batches of one chunk) and runs the Detector on them.
// Alerts are compared by (frame, index, rule) with a one-thread Scanner's; evidence is not built.
import { closeSync, openSync, readSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { CaptureReader } from '../../dist/capture/reader.js';
import { Detector } from '../../dist/detect/engine.js';
import { loadProfile } from '../../dist/detect/profile.js';
import { loadDefaultRules } from '../../dist/api/default-rules.js';
import { MessageRecord } from '../../dist/events/record.js';
import { FactReader, readFacts } from './facts-direct.mjs';
import { IdReader, readRecordFacts, STUB_EVENTS } from './facts-record.mjs';
import { makeWalker } from './partition.mjs';

const WORKER = new URL('./partition-worker.mjs', import.meta.url);
/** Batches in flight before the reader waits for answers (bounded memory). */
const MAX_IN_FLIGHT = 8;
const CHUNK = 1 << 20;

/**
 * `onEvent`: sees every rebuilt event, in the order detection does (for identity checks).
 * `facts`: 'event' (facts-direct.mjs, events rebuilt) or 'record' (facts-record.mjs: decode threads
 * in record mode, the detector reads rebuilt records; an alert's event is a stub).
 */
export async function runPartitioned(file, profilePath, workers, onEvent, facts = 'event') {
  const threads = Array.from({ length: workers }, () => new Worker(WORKER, { workerData: { facts } }));
  const readers = Array.from({ length: workers }, () => new IdReader(new Uint8Array(0)));
  const heads = Array.from({ length: workers }, () => new MessageRecord());
  const left = new Array(workers).fill(0);
  const walk = makeWalker(workers);
  const alerts = [];
  const det = new Detector({
    rules: loadDefaultRules(),
    profile: profilePath ? loadProfile(profilePath) : undefined,
    onAlert: (a) => alerts.push(`${a.frame}/${a.index}/${a.rule}`),
  });
  /** Answers by batch seq: one facts buffer per worker. */
  const answers = new Map();
  let nextSeq = 0;
  let doneSeq = 0;
  let messages = 0;
  let wake;
  const onAnswer = (w) => (m) => {
    let a = answers.get(m.seq);
    if (a === undefined) answers.set(m.seq, (a = new Array(workers).fill(undefined)));
    a[w] = m;
    while (answers.has(doneSeq) && answers.get(doneSeq).every((x) => x !== undefined)) {
      detectBatch(answers.get(doneSeq));
      answers.delete(doneSeq++);
    }
    if (wake !== undefined) {
      const f = wake;
      wake = undefined;
      f();
    }
  };
  for (let w = 0; w < workers; w++) threads[w].on('message', onAnswer(w));
  const lists = Array.from({ length: workers }, () => []);
  /** Record mode: a k-way merge over one look-ahead record per worker (the detector keeps none). */
  function detectRecords(parts) {
    const next = (w) => {
      if (left[w] === 0) return false;
      left[w]--;
      readRecordFacts(readers[w], heads[w]);
      heads[w].begin(STUB_EVENTS);
      return true;
    };
    const live = new Array(workers);
    for (let w = 0; w < workers; w++) {
      readers[w].reset(new Uint8Array(parts[w].facts));
      left[w] = parts[w].events;
      live[w] = next(w);
    }
    for (;;) {
      let best = -1;
      for (let w = 0; w < workers; w++) {
        if (!live[w]) continue;
        const b = best < 0 ? undefined : heads[best];
        const r = heads[w];
        if (b === undefined || r.frame < b.frame || (r.frame === b.frame && r.index < b.index)) best = w;
      }
      if (best < 0) break;
      det.record(heads[best]);
      messages++;
      live[best] = next(best);
    }
  }
  function detectBatch(parts) {
    if (facts === 'record') return detectRecords(parts);
    // Rebuild each worker's events (already in its capture order), then merge by (frame, index).
    for (let w = 0; w < workers; w++) {
      const r = new FactReader(Buffer.from(parts[w].facts));
      const list = lists[w];
      list.length = 0;
      for (let i = 0; i < parts[w].events; i++) list.push(readFacts(r));
    }
    const pos = new Array(workers).fill(0);
    for (;;) {
      let best = -1;
      for (let w = 0; w < workers; w++) {
        const ev = lists[w][pos[w]];
        if (ev === undefined) continue;
        const b = best < 0 ? undefined : lists[best][pos[best]];
        if (b === undefined || ev.frame < b.frame || (ev.frame === b.frame && ev.index < b.index)) best = w;
      }
      if (best < 0) break;
      const ev = lists[best][pos[best]++];
      onEvent?.(ev);
      det.event(ev);
      messages++;
    }
  }
  // Per worker: the batch being filled (grown by doubling).
  const batches = Array.from({ length: workers }, () => ({ buf: new Uint8Array(1 << 19), len: 0 }));
  const reader = new CaptureReader({
    onFrame: (rec) => {
      const w = Math.max(0, walk(rec));
      const b = batches[w];
      const need = 24 + rec.capLen;
      if (b.len + need > b.buf.length) {
        const g = new Uint8Array(Math.max(b.buf.length * 2, b.len + need));
        g.set(b.buf.subarray(0, b.len));
        b.buf = g;
      }
      const v = new DataView(b.buf.buffer, b.len, 24);
      v.setUint32(0, rec.frameNo, true);
      v.setUint32(4, rec.tsSec, true);
      v.setUint32(8, rec.tsNsec, true);
      v.setUint32(12, rec.capLen, true);
      v.setUint32(16, rec.origLen, true);
      v.setUint16(20, rec.linkType, true);
      v.setUint8(22, rec.tsPrecision);
      b.buf.set(rec.bytes.subarray(rec.offset, rec.offset + rec.capLen), b.len + 24);
      b.len += need;
    },
  });
  const send = () => {
    const seq = nextSeq++;
    batches.forEach((b, w) => {
      threads[w].postMessage({ seq, buf: b.buf.buffer, len: b.len }, [b.buf.buffer]);
      b.buf = new Uint8Array(b.buf.length);
      b.len = 0;
    });
  };
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const fd = openSync(file, 'r');
  const chunk = Buffer.allocUnsafe(CHUNK);
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, CHUNK, null);
      if (n <= 0) break;
      reader.push(chunk.subarray(0, n));
      send();
      while (nextSeq - doneSeq > MAX_IN_FLIGHT) await new Promise((r) => (wake = r));
    }
  } finally {
    closeSync(fd);
  }
  reader.end();
  send();
  const endSeq = nextSeq++;
  for (const t of threads) t.postMessage({ type: 'end', seq: endSeq });
  while (doneSeq < nextSeq) await new Promise((r) => (wake = r));
  det.end();
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  await Promise.all(threads.map((t) => t.terminate()));
  return { seconds, cpuSeconds: (c.user + c.system) / 1e6, messages, alerts };
}
