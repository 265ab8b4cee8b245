/**
 * Hostile Diameter peers over TCP: headers announcing 16 MiB messages, and many flows each
 * holding a message just under diameterMessageBytes. TCP buffering must stay within
 * tcpFlows × diameterMessageBytes (live heap bounded), be reported, and give its memory back
 * once the messages are delivered; a legitimate attack in the same capture is still detected.
 */
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/api/decoder.js';
import { diameterHugeLengths, diameterLargeMessages, pcapHeader } from './hostile.js';
import { hostileRun } from './hostile-run.js';
import { liveHeap, MiB } from './memory.js';

describe('hostile: Diameter over TCP', () => {
  for (const syn of [true, false]) {
    it(`16 MiB Message Lengths on 64 flows (${syn ? 'in sync after SYN' : 'picked up mid-stream'}): nothing buffered, reported, PSI still detected`, () => {
      const r = hostileRun(diameterHugeLengths(64 * 400, 1200, syn), { limits: {}, every: 2 });
      // 30 MB of traffic announcing 16 MiB messages: at most one segment per flow is kept.
      expect(r.peak.tcpBytes).toBeLessThanOrEqual(64 * 1200);
      // After the first sample nothing may accumulate (buffering the flood would keep ~30 MB); the
      // bound leaves room for one 5 MiB batch of test records counted between free and sweep. The
      // peak includes first-use allocations (the generator's current batch among them).
      expect(r.heap.growthAfterFirst).toBeLessThan(8 * MiB);
      expect(r.heap.peakGrowth).toBeLessThan(16 * MiB);
      const code = syn ? 'tcp.diameter-bad-header' : 'tcp.resync';
      expect(r.anomalies.get(code) ?? 0).toBeGreaterThanOrEqual(64);
      expect(r.stats['diameter.messages'] ?? 0).toBe(0);
      expect(r.psiEvents).toBe(r.psiSent);
      expect(r.psiAlerts).toBeGreaterThanOrEqual(r.psiSent);
    });
  }

  it('16 flows each holding a message just under diameterMessageBytes: memory = what the limits allow, reported at the end', () => {
    const limits = { tcpFlows: 16, diameterMessageBytes: 256 * 1024 };
    // ~3000 frames = 1 batch: sample after it, before end() releases the buffers.
    const r = hostileRun(diameterLargeMessages(16, 256 * 1024, 1400, false), { limits, every: 1, detect: false });
    expect(r.psiSent).toBe(1);
    expect(r.peak.tcpFlows).toBe(16);
    expect(r.peak.tcpBytes).toBeGreaterThan(15 * 256 * 1024); // really held: each flow 4 bytes short
    expect(r.peak.tcpBytes).toBeLessThanOrEqual(16 * 256 * 1024);
    expect(r.peak.tcpAllocated).toBeLessThanOrEqual(16 * 2 * 256 * 1024);
    expect(r.heap.peakGrowth).toBeLessThan(16 * MiB);
    expect(r.anomalies.get('tcp.incomplete-message')).toBe(16);
    expect(r.psiEvents).toBe(r.psiSent);
  });

  it('large messages delivered: each flow gives its buffer back (no per-flow high-water mark kept)', () => {
    // 32 flows × up to 512 KiB at once: room for all of them (the 8 MiB default would evict some).
    const d = new Decoder({ onEvent: () => undefined, limits: { diameterMessageBytes: 256 * 1024, tcpReasmBytes: 64 * MiB } });
    const before = liveHeap();
    d.push(pcapHeader());
    for (const b of diameterLargeMessages(32, 256 * 1024, 1400, true)) d.push(b);
    const t = d.tables;
    const growth = liveHeap() - before;
    expect(d.stats['tcp.diameter-messages']).toBe(32);
    expect(t.tcpFlows).toBe(32);
    expect(t.tcpBytes).toBe(0);
    // Before the fix every flow kept its grown 256-512 KiB buffer: 8-16 MiB for 32 idle flows.
    expect(t.tcpAllocated).toBeLessThanOrEqual(32 * 64 * 1024);
    expect(growth).toBeLessThan(4 * MiB);
    d.end();
  });
});
