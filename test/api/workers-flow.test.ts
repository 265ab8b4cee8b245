/**
 * Flow control of `scan --workers N` (src/api/workers-flow.ts, workers.ts): with the smallest lead
 * (0 bytes: a thread waits after every chunk until all have read it) and small chunks, scans end,
 * give one thread's alerts in capture order, and hold at most the alerts of a few chunks for the
 * merge; on a capture whose alerts all fall to one shard first and then all to the other (the
 * main thread's own alerts pile up, then the worker's), on every pcaps/ scenario and on a
 * generated alert flood. The gate itself: the slowest thread never waits.
 *
 * ParallelScanner starts dist/api/workers-entry.js, so these run on the built dist/ (buildOnce).
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateInMemory } from '../../bench/generator/generate.js';
import { profileYaml } from '../../bench/generator/profile.js';
import { FLOOD } from '../../bench/generator/scenarios.js';
import type * as ScannerModule from '../../src/api/scanner.js';
import type * as WorkersModule from '../../src/api/workers.js';
import { DONE, LeadGate } from '../../src/api/workers-flow.js';
import { hashKey } from '../../src/api/workers-shard.js';
import { pcap, sri, tempFile } from '../hostile/captures.js';
import { buildOnce, PCAPS_DIR, SCENARIOS } from '../cli/run-cli.js';
import { REPO_ROOT } from '../support/corpus.js';

let Scanner: typeof ScannerModule.Scanner;
let ParallelScanner: typeof WorkersModule.ParallelScanner;

beforeAll(async () => {
  buildOnce();
  const dist = (f: string) => pathToFileURL(join(REPO_ROOT, 'dist', 'api', f)).href;
  ({ Scanner } = (await import(dist('scanner.js'))) as typeof ScannerModule);
  ({ ParallelScanner } = (await import(dist('workers.js'))) as typeof WorkersModule);
}, 120_000);

const PROFILE = `home:
  name: Example Mobile
  gt_prefixes: ["1202555"]
  imsi_prefixes: ["310410"]
  msisdn_prefixes: ["1202555"]
`;

const line = (a: unknown): string => JSON.stringify(a);

/** One thread: the alerts, and how many came out while each chunk was pushed (the last entry: at the end). */
function oneThread(file: string, profile: string, chunk: number): { alerts: string[]; perChunk: number[] } {
  const alerts: string[] = [];
  const perChunk: number[] = [];
  const s = new Scanner({ profile, onAlert: (a) => alerts.push(line(a)) });
  const bytes = readFileSync(file);
  s.beginSource(file);
  for (let off = 0; off < bytes.length; off += chunk) {
    const before = alerts.length;
    s.push(bytes.subarray(off, off + chunk));
    perChunk.push(alerts.length - before);
  }
  const before = alerts.length;
  s.end();
  perChunk.push(alerts.length - before);
  return { alerts, perChunk };
}

async function parallel(file: string, profile: string, workers: number, chunk: number, maxLead: number) {
  const alerts: string[] = [];
  // A stall wait past any load a test machine sees: the lead bounds below hold only while no wait gives up.
  const p = new ParallelScanner({ profile, onAlert: (a) => alerts.push(line(a)) }, [file], workers, { maxLead, chunkBytes: chunk, stallMs: 60_000 });
  const bytes = readFileSync(file);
  p.beginSource(file);
  for (let off = 0; off < bytes.length; off += chunk) p.push(bytes.subarray(off, off + chunk));
  p.end();
  await p.drain();
  return { alerts, flow: p.flow };
}

/** Most alerts a one-thread scan emits while any `w` consecutive chunks are pushed. */
function window(perChunk: number[], w: number): number {
  let most = 0;
  for (let i = 0; i < perChunk.length; i++)
    most = Math.max(
      most,
      perChunk.slice(Math.max(0, i - w + 1), i + 1).reduce((a, b) => a + b, 0),
    );
  return most;
}

/** SendRoutingInfo from a foreign GMSC for home MSISDNs: first every one owned by shard 0 of 2, then every one owned by shard 1. */
function skewed(perShard: number): string {
  const owned: string[][] = [[], []];
  for (let i = 0; owned[0]!.length < perShard || owned[1]!.length < perShard; i++) {
    const msisdn = `1202555${String(i).padStart(4, '0')}`;
    const list = owned[hashKey(`tel:${msisdn}`) % 2]!;
    if (list.length < perShard) list.push(msisdn);
  }
  return tempFile(pcap([...owned[0]!, ...owned[1]!].map((m) => sri(m, '8613800000001'))));
}

describe('flow control: a 0-byte lead and small chunks', () => {
  it('skewed shards (all alerts to the main thread, then all to the worker): ends, same alerts in order, bounded hold', async () => {
    const file = skewed(150);
    const profile = tempFile(PROFILE, '.yaml');
    const chunk = 2048;
    const one = oneThread(file, profile, chunk);
    expect(one.alerts.length).toBeGreaterThanOrEqual(300);
    const two = await parallel(file, profile, 2, chunk, 0);
    expect(two.alerts).toEqual(one.alerts);
    // Threads are at most one chunk apart: the merge holds the alerts of a few chunks, not a shard's half.
    expect(two.flow.stalled).toBe(0);
    expect(two.flow.peakHeld).toBeLessThanOrEqual(window(one.perChunk, 4));
    expect(two.flow.peakHeld).toBeLessThan(one.alerts.length / 4);
    const three = await parallel(file, profile, 3, chunk, 0);
    expect(three.alerts).toEqual(one.alerts);
  }, 120_000); // threads that wait on each other at a 0-byte lead: minutes on a loaded 2-core machine

  it.skipIf(SCENARIOS.length === 0)(
    'every pcaps/ scenario, 2 and 3 workers: same alerts in order',
    async () => {
      for (const f of SCENARIOS) {
        const file = join(PCAPS_DIR, f);
        const own = file.replace(/\.pcap(ng)?$/, '.profile.yaml');
        const profile = existsSync(own) ? own : tempFile(PROFILE, '.yaml');
        const one = oneThread(file, profile, 1024);
        for (const n of [2, 3]) expect((await parallel(file, profile, n, 1024, 0)).alerts, `${f}, ${n} workers`).toEqual(one.alerts);
      }
    },
    120_000,
  );

  it('a generated alert flood (20,000 messages): same alerts in order, bounded hold', async () => {
    const { capture } = generateInMemory(FLOOD, { seed: 7, messages: 20_000 });
    const file = tempFile(capture);
    const profile = tempFile(profileYaml('flood', FLOOD.watchChina), '.yaml');
    const chunk = 16 * 1024;
    const one = oneThread(file, profile, chunk);
    expect(one.alerts.length).toBeGreaterThan(2000);
    const two = await parallel(file, profile, 2, chunk, 0);
    expect(two.alerts).toEqual(one.alerts);
    expect(two.flow.stalled).toBe(0);
    expect(two.flow.peakHeld).toBeLessThanOrEqual(window(one.perChunk, 4));
  }, 120_000);
});

describe('ParallelScanner tuning', () => {
  it('stallMs must be a positive number of milliseconds (NaN would never give up on a dead thread)', () => {
    const profile = tempFile(PROFILE, '.yaml');
    for (const stallMs of [Number.NaN, 0, -5])
      expect(() => new ParallelScanner({ profile, onAlert: () => {} }, [profile], 2, { stallMs })).toThrow(/stallMs: expected a positive number/);
  });
});

describe('the gate (workers-flow.ts)', () => {
  it('the slowest thread never waits; one too far ahead waits until the slowest catches up or finishes', () => {
    const gate = new LeadGate(LeadGate.create(3), 4096);
    gate.advance(0, 20 * 1024);
    gate.advance(1, 10 * 1024);
    gate.advance(2, 14 * 1024);
    expect(gate.waitWhileAhead(1)).toBe(0); // the slowest
    expect(gate.waitWhileAhead(2)).toBe(0); // 4 KiB ahead of the slowest: within the lead
    // Thread 0 is 10 KiB ahead: it waits. The others move while it sleeps (here: in the wake
    // callback): thread 1 reads on to 18 KiB, thread 2 (now the slowest, 6 KiB behind) finishes.
    const moves = [() => gate.advance(1, 18 * 1024), () => gate.finish(2)];
    let wakes = 0;
    expect(gate.waitWhileAhead(0, () => moves[wakes++]!())).toBe(2);
    expect(Atomics.load(gate.cells, 2)).toBe(DONE);
    // Everyone else done: never waits; a finished thread never waits.
    gate.finish(1);
    gate.advance(0, 1 << 30);
    expect(gate.waitWhileAhead(0)).toBe(0);
    expect(gate.waitWhileAhead(2)).toBe(0);
  });
});

describe('a worker that dies without marking its cell done (workers-flow.ts: progress-bounded main wait)', () => {
  it('the gate: a wait gives up when the slowest thread does not move, and does not block on it again until it moves', () => {
    const gate = new LeadGate(LeadGate.create(2), 0);
    gate.advance(0, 8 * 1024);
    expect(gate.waitWhileAhead(0, undefined, 300)).toBeGreaterThan(0);
    expect(gate.stalls).toBe(1);
    expect(gate.waitWhileAhead(0, undefined, 300)).toBe(0); // same thread, same position: no wait
    expect(gate.stalls).toBe(1);
    gate.advance(1, 4 * 1024); // it moved (still behind): waited for again
    expect(gate.waitWhileAhead(0, undefined, 300)).toBeGreaterThan(0);
    expect(gate.stalls).toBe(2);
    // Without a progress bound (the workers' own waits) nothing changes: the finished-thread rule still holds.
    gate.finish(1);
    expect(gate.waitWhileAhead(0)).toBe(0);
  });

  it('a worker entry that fails to load: push() and drain() end with its error instead of hanging (maxLead 0, 4 KiB chunks)', async () => {
    const { capture } = generateInMemory(FLOOD, { seed: 3, messages: 2_000 });
    const file = tempFile(capture);
    const profile = tempFile(profileYaml('flood', FLOOD.watchChina), '.yaml');
    const entry = pathToFileURL(tempFile('throw new Error("entry failed to load");\n', '.mjs'));
    const p = new ParallelScanner({ profile, onAlert: () => {} }, [file], 2, { maxLead: 0, chunkBytes: 4096, workerEntry: entry });
    const bytes = readFileSync(file);
    expect(bytes.length).toBeGreaterThan(10 * 4096);
    const scan = async (): Promise<void> => {
      p.beginSource(file);
      for (let off = 0; off < bytes.length; off += 4096) p.push(bytes.subarray(off, off + 4096));
      p.end();
      await p.drain();
    };
    await expect(scan()).rejects.toThrow(/entry failed to load|exited with code/);
    expect(p.flow.stalled).toBe(1); // one wait given up; later pushes did not block on the dead worker
  }, 30_000);
});

describe('a capture that changes while the threads read it (each thread reads the file itself)', () => {
  const { capture } = generateInMemory(FLOOD, { seed: 5, messages: 3_000 });
  const profile = () => tempFile(profileYaml('flood', FLOOD.watchChina), '.yaml');
  /** Scans `file` with 2 threads, this thread being fed `fed`; drain()'s error (undefined: none), the alerts and the counters. */
  const scan = async (file: string, fed: Uint8Array, between?: () => void) => {
    const alerts: string[] = [];
    const p = new ParallelScanner({ profile: profile(), onAlert: (a) => alerts.push(line(a)) }, [file], 2, { chunkBytes: 8192 });
    p.beginSource(file);
    const half = Math.floor(fed.length / 2);
    p.push(fed.subarray(0, half));
    between?.();
    p.push(fed.subarray(half));
    p.end();
    // dist/'s SigwatchError (ParallelScanner runs from dist/): its name and code, not instanceof.
    const error = await p.drain().then(
      () => undefined,
      (e: unknown) => e as { name: string; code: string; file?: string; message: string },
    );
    return { error, alerts, changed: p.decodeStats['workers.input-changed'] };
  };

  it('unchanged: no error, nothing counted', async () => {
    const r = await scan(tempFile(capture), capture);
    expect(r.error).toBeUndefined();
    expect(r.changed).toBeUndefined();
    expect(r.alerts.length).toBeGreaterThan(0);
  }, 30_000);

  it('truncated, grown, or appended to during the scan: ERR_INPUT_CHANGED naming the file, counted, after every alert was released', async () => {
    const whole = await scan(tempFile(capture), capture);
    const cases: [string, string, Uint8Array, ((f: string) => void)?][] = [
      // The worker reads the first part only: the alerts of its subscribers in the rest were lost silently.
      ['truncated', tempFile(capture.subarray(0, capture.length >> 1)), capture],
      // The worker reads records this thread never sees.
      ['grown', tempFile(Buffer.concat([capture, capture.subarray(24)])), capture],
      // Appended while this thread is half-way (the worker may have read it before or after: either is caught).
      ['appended during the scan', tempFile(capture), capture, (f) => appendFileSync(f, capture.subarray(24, 4096))],
    ];
    for (const [what, file, fed, between] of cases) {
      const r = await scan(file, fed, between === undefined ? undefined : () => between(file));
      expect(r.error?.name, what).toBe('SigwatchError');
      expect(r.error!.code, what).toBe('ERR_INPUT_CHANGED');
      expect(r.error!.file, what).toBe(file);
      expect(r.error!.message, what).toContain(`${file}: changed while the --workers threads read it`);
      expect(r.changed, what).toBe(1);
      if (what === 'grown') expect(r.alerts.length).toBeGreaterThanOrEqual(whole.alerts.length);
    }
  }, 60_000);
});

describe("the worker threads' detector anomalies reach the summary (review 13-A #2: only the main thread's were counted)", () => {
  it('subscriber-table evictions of every thread are added to the decode counters', async () => {
    const { capture } = generateInMemory(FLOOD, { seed: 7, messages: 3_000 });
    const file = tempFile(capture);
    const profile = tempFile(profileYaml('flood', FLOOD.watchChina), '.yaml');
    const limits = { subscribers: 20 };
    const CODE = 'anomaly.state.subscriber-evicted';
    // Each thread's share, as a thread of `scan --workers 2` scans it (its shard detected, the rest observed).
    const { ShardRouter } = await import(pathToFileURL(join(REPO_ROOT, 'dist', 'api', 'workers-shard.js')).href);
    const router = new ShardRouter(2);
    const shares = [0, 1].map((shard) => {
      const s: InstanceType<typeof Scanner> = new Scanner({
        profile,
        limits,
        onAlert: () => {},
        detectFilter: (r) => router.shardOf(r, s.notation) === shard,
      });
      s.beginSource(file);
      s.push(capture);
      s.end();
      return s.detectorCounts[CODE] ?? 0;
    });
    expect(shares[1]).toBeGreaterThan(0);
    const p = new ParallelScanner({ profile, limits, onAlert: () => {} }, [file], 2);
    p.beginSource(file);
    p.push(capture);
    p.end();
    await p.drain();
    expect(p.decodeStats[CODE]).toBe(shares[0]! + shares[1]!);
  }, 60_000);
});
