// `scan --workers` (src/api/workers.ts) on the scenario capture, two cases:
//
// - 'workers/scan --workers 1-4': the scaling curve through the CLI (dist/cli/main.js). Per worker
//   count: wall seconds, CPU seconds of the whole process (all threads, bench/lib/rusage.mjs), peak
//   RSS, speed-up (one worker's wall / N workers'), CPU over one worker's CPU (the work each added
//   thread costs), and `sameAlerts` (the JSONL output equals one worker's byte for byte).
// - 'workers/flood --workers 1-2': the alert-flood capture through the CLI with every alert
//   written (`--jsonl` to a file): CPU seconds, peak RSS and the output's sha256 per worker count
//   (the bounded lead between threads, src/api/workers-flow.ts, keeps 2 workers' peak near two
//   heaps' worth instead of holding a thread's alerts; the output must equal one worker's).
// - 'workers/partitioned prototype': the partitioned design end to end in bench code
//   (bench/lib/partition-proto.mjs): main thread reads, walks headers and routes raw records to
//   1-3 decode threads, which answer with binary facts (record facts, facts-record.mjs; event
//   facts, facts-direct.mjs, at 2 threads for comparison); the main thread detects on them in
//   capture order. Wall and CPU against a one-thread Scanner in the same process, alerts compared.
// - 'workers/partition ceiling': per-message CPU costs in one thread (decode, detect, the header
//   walk and the binary facts a partitioned design would add: bench/lib/partition.mjs,
//   facts-direct.mjs), the share of the busiest worker when associations are hashed to N workers,
//   and the 2-core ceilings they imply (bench/results-notes.md, "scan --workers").
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Decoder } from '../../dist/api/decoder.js';
import { Scanner } from '../../dist/api/scanner.js';
import { decodeFacts, encodeFacts, FACT_FIELDS, measureWalk, readChunks } from '../lib/partition.mjs';
import { FactReader, FactWriter, readFacts, writeFacts } from '../lib/facts-direct.mjs';
import { FastWriter, IdReader, IdWriter, InterningReader, readRecordFacts, writeRecordFacts } from '../lib/facts-record.mjs';
import { MessageRecord } from '../../dist/events/record.js';
import { runPartitioned } from '../lib/partition-proto.mjs';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const RUSAGE = fileURLToPath(new URL('../lib/rusage.mjs', import.meta.url));
const COUNTS = [1, 2, 3, 4];

/** One `sigwatch scan --jsonl --workers N` of the bench file; `stdout` as spawnSync takes it ('pipe' or an fd). */
function runCli(ctx, workers, stdout) {
  const args = ['--import', RUSAGE, CLI, 'scan', '--jsonl', '--workers', String(workers), ctx.file];
  if (ctx.profile) args.push('--profile', ctx.profile);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', stdout, 'pipe'], encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`scan --workers ${workers} failed: ${r.stderr}`);
  const m = /sigwatch: (\d+) (?:signalling )?messages, (\d+) alerts/.exec(r.stderr);
  const usage = JSON.parse(/BENCH-RUSAGE (\{.*\})/.exec(r.stderr)[1]);
  return {
    wall,
    cpu: usage.user + usage.system,
    rssMB: usage.maxRssMB,
    messages: Number(m?.[1] ?? 0),
    alerts: Number(m?.[2] ?? 0),
    out: r.stdout,
  };
}

function scan(ctx, workers) {
  return runCli(ctx, workers, 'pipe');
}

/** One CLI scan with its output written to a temporary file (the flood's is ~0.8 GB), hashed, then deleted. */
async function scanToFile(ctx, workers) {
  const dir = mkdtempSync(join(tmpdir(), 'sigwatch-bench-workers-'));
  const out = join(dir, 'out.jsonl');
  try {
    const fd = openSync(out, 'w');
    let r;
    try {
      r = runCli(ctx, workers, fd);
    } finally {
      closeSync(fd);
    }
    const h = createHash('sha256');
    for await (const c of createReadStream(out)) h.update(c);
    return { ...r, outBytes: statSync(out).size, sha256: h.digest('hex') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const r2 = (x) => +x.toFixed(2);

/** The bench row of a workers curve: the two-worker run's figures, the curve in `extra`. */
function twoWorkerRow(ctx, two, extra) {
  return { n: two.messages, unit: 'messages', bytes: statSync(ctx.file).size, seconds: two.wall, cpuSeconds: two.cpu, rssPeakMB: two.rssMB, extra };
}

function cpuOf(fn) {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

/** The routing key of bench/lib/partition.mjs's walker: the unordered address pair. */
const flowKey = (f) => (f === undefined || f.src === '' ? '' : f.src < f.dst ? `${f.src}|${f.dst}` : `${f.dst}|${f.src}`);

/** Largest worker's share of the messages: host pairs hashed (FNV-1a of the key) and, the best case, assigned largest first to the least loaded worker. */
function balance(perFlow, n) {
  const hashed = new Array(n).fill(0);
  for (const [k, v] of perFlow) {
    let h = 0x811c9dc5;
    for (let i = 0; i < k.length; i++) h = Math.imul(h ^ k.charCodeAt(i), 0x01000193);
    hashed[(h >>> 0) % n] += v;
  }
  const best = new Array(n).fill(0);
  for (const v of [...perFlow.values()].sort((a, b) => b - a)) best[best.indexOf(Math.min(...best))] += v;
  const total = [...perFlow.values()].reduce((a, b) => a + b, 0);
  return { hashed: +(Math.max(...hashed) / total).toFixed(3), best: +(Math.max(...best) / total).toFixed(3) };
}

export default [
  {
    name: 'workers/flood --workers 1-2 (CLI, --jsonl to a file, peak RSS)',
    capture: 'flood',
    maxRuns: 1, // two full CLI scans of the flood
    async run(ctx) {
      const one = await scanToFile(ctx, 1);
      const two = await scanToFile(ctx, 2);
      return twoWorkerRow(ctx, two, {
        alerts: one.alerts,
        outBytes: one.outBytes,
        sameOutput: one.sha256 === two.sha256,
        curve: [one, two].map((r, i) => ({ workers: i + 1, wallSec: r2(r.wall), cpuSec: r2(r.cpu), rssMB: r.rssMB, sha256: r.sha256.slice(0, 16) })),
      });
    },
  },
  {
    name: 'workers/partitioned prototype (decode threads + binary facts, 1-3 threads)',
    maxRuns: 1,
    async run(ctx) {
      const ref = [];
      const s = new Scanner({ onAlert: (a) => ref.push(`${a.frame}/${a.index}/${a.rule}`), ...(ctx.profile ? { profile: ctx.profile } : {}) });
      const t0 = performance.now();
      const scanSec = cpuOf(() => {
        s.beginSource(ctx.file);
        readChunks(ctx.file, (c) => s.push(c));
        s.end();
      });
      const scanWall = (performance.now() - t0) / 1000;
      const curve = [];
      let two;
      // Record facts (facts-record.mjs) for 1-3 decode threads; event facts (facts-direct.mjs) at 2 to compare.
      for (const [facts, n] of [
        ['record', 1],
        ['record', 2],
        ['record', 3],
        ['event', 2],
      ]) {
        const r = await runPartitioned(ctx.file, ctx.profile, n, undefined, facts);
        if (n === 2 && facts === 'record') two = r;
        curve.push({
          facts,
          decodeThreads: n,
          wallSec: +r.seconds.toFixed(2),
          cpuSec: +r.cpuSeconds.toFixed(2),
          cpuPerScannerCpu: +(r.cpuSeconds / scanSec).toFixed(2),
          speedup: +(scanWall / r.seconds).toFixed(2),
          sameAlerts: r.alerts.join('\n') === ref.join('\n'),
        });
      }
      return {
        n: two.messages,
        unit: 'messages',
        seconds: two.seconds,
        cpuSeconds: two.cpuSeconds,
        extra: { scannerWallSec: +scanWall.toFixed(2), scannerCpuSec: +scanSec.toFixed(2), alerts: ref.length, curve },
      };
    },
  },
  {
    name: 'workers/partition ceiling (per-message CPU costs, one thread)',
    maxRuns: 1,
    run(ctx) {
      const file = ctx.file;
      // Warm-up pass (JIT): otherwise the first measured pass pays for compiling the decoder. It
      // also counts messages per flow, so no timed pass carries that bookkeeping.
      let messages = 0;
      const perFlow = new Map();
      const warm = new Decoder({
        onEvent: (ev) => {
          messages++;
          const k = flowKey(ev.flow);
          perFlow.set(k, (perFlow.get(k) ?? 0) + 1);
        },
      });
      readChunks(file, (c) => warm.push(c));
      warm.end();
      // Event-mode decode: the baseline the facts passes (which also build events) subtract.
      const decodeSec = cpuOf(() => {
        const d = new Decoder({ onEvent: () => {} });
        readChunks(file, (c) => d.push(c));
        d.end();
      });
      // Record-mode decode (no events), as the Scanner decodes: the baseline of the detect share.
      const decodeRecSec = cpuOf(() => {
        const d = new Decoder({ onRecord: () => {} });
        readChunks(file, (c) => d.push(c));
        d.end();
      });
      const view = new DataView(new ArrayBuffer(1 << 20));
      const out = new Array(FACT_FIELDS);
      let factBytes = 0;
      const factsSec =
        cpuOf(() => {
          let p = 0;
          const d = new Decoder({
            onEvent: (ev) => {
              if (p > view.byteLength - 16384) p = 0;
              const end = encodeFacts(ev, view, p);
              decodeFacts(view, p, out);
              factBytes += end - p;
              p = end;
            },
          });
          readChunks(file, (c) => d.push(c));
          d.end();
        }) - decodeSec;
      let directBytes = 0;
      const factsDirectSec =
        cpuOf(() => {
          const buf = Buffer.alloc(1 << 20);
          const w = new FactWriter(buf);
          const r = new FactReader(buf);
          const d = new Decoder({
            onEvent: (ev) => {
              if (w.p > buf.length - 16384) w.p = 0;
              const start = w.p;
              writeFacts(w, ev);
              r.p = start;
              readFacts(r);
              directBytes += w.p - start;
            },
          });
          readChunks(file, (c) => d.push(c));
          d.end();
        }) - decodeSec;
      // Facts from the record (decode in record mode, no event) into a reused record, strings
      // interned by the writer, TCAP transaction ids left out (facts-record.mjs, the cheapest
      // variant measured: bench/results-notes.md "workers branch"): minus the record-mode decode.
      let recordBytes = 0;
      let interned = 0;
      const recordFacts = (w, r) =>
        cpuOf(() => {
          const rec = new MessageRecord();
          const d = new Decoder({
            onRecord: (m) => {
              if (w.p > w.b.length - 16384) w.p = 0;
              const start = w.p;
              writeRecordFacts(w, m);
              r.p = start;
              readRecordFacts(r, rec);
              recordBytes += w.p - start;
            },
          });
          readChunks(file, (c) => d.push(c));
          d.end();
          interned = r.hits / Math.max(1, r.hits + r.misses);
        }) - decodeRecSec;
      // The same, every field, strings interned by the reader (hash of the bytes): the other variant.
      const hashedBuf = new Uint8Array(1 << 20);
      const factsRecordHashedSec = recordFacts(new FastWriter(hashedBuf), new InterningReader(hashedBuf));
      const hashedShare = interned;
      recordBytes = 0;
      const recBuf = new Uint8Array(1 << 20);
      const factsRecordSec = recordFacts(new IdWriter(recBuf, true), new IdReader(recBuf));
      let alerts = 0;
      const scanSec = cpuOf(() => {
        const s = new Scanner({ onAlert: () => alerts++, ...(ctx.profile ? { profile: ctx.profile } : {}) });
        s.beginSource(file);
        readChunks(file, (c) => s.push(c));
        s.end();
      });
      const walk = measureWalk(file, 2);
      const us = (sec) => +((sec * 1e6) / messages).toFixed(3);
      const overhead = walk.cpuSec + factsSec;
      return {
        n: messages,
        unit: 'messages',
        seconds: scanSec,
        cpuSeconds: scanSec,
        extra: {
          usPerMessage: {
            decode: us(decodeSec),
            decodeRecords: us(decodeRecSec),
            detect: us(scanSec - decodeRecSec),
            scan: us(scanSec),
            walk: us(walk.cpuSec),
            facts: us(factsSec),
            factsDirect: us(factsDirectSec),
            factsRecord: us(factsRecordSec),
            factsRecordHashed: us(factsRecordHashedSec),
          },
          hashedInternedShare: +hashedShare.toFixed(3),
          recordFactBytesPerMessage: Math.round(recordBytes / messages),
          internedShare: +interned.toFixed(3),
          factBytesPerMessage: Math.round(factBytes / messages),
          directFactBytesPerMessage: Math.round(directBytes / messages),
          hostPairs: perFlow.size,
          largestShare: { 2: balance(perFlow, 2), 3: balance(perFlow, 3), 4: balance(perFlow, 4) },
          // Perfect balance on 2 cores: both cores busy with one thread's work plus the partition's.
          ceiling2Cores: +((2 * scanSec) / (scanSec + overhead)).toFixed(2),
          ceiling2CoresDirect: +((2 * scanSec) / (scanSec + walk.cpuSec + factsDirectSec)).toFixed(2),
          ceiling2CoresRecord: +((2 * scanSec) / (scanSec + walk.cpuSec + factsRecordSec)).toFixed(2),
          // Replicated decode, detection split by subscriber (today's design): 1 / (decode + detect / 2).
          ceilingReplicatedDecode2: +(scanSec / (decodeRecSec + (scanSec - decodeRecSec) / 2)).toFixed(2),
          alerts,
        },
      };
    },
  },
  {
    name: 'workers/scan --workers 1-4 (CLI, --jsonl)',
    maxRuns: 1, // each run is four full CLI scans of the file
    run(ctx) {
      const runs = COUNTS.map((n) => scan(ctx, n));
      const one = runs[0];
      const two = runs[1];
      return twoWorkerRow(ctx, two, {
        speedup2: r2(one.wall / two.wall),
        curve: runs.map((r, i) => ({
          workers: COUNTS[i],
          wallSec: r2(r.wall),
          cpuSec: r2(r.cpu),
          speedup: r2(one.wall / r.wall),
          cpuPerOneWorkerCpu: r2(r.cpu / one.cpu),
          rssMB: r.rssMB,
          sameAlerts: r.out === one.out,
        })),
        alerts: one.alerts,
      });
    },
  },
];
