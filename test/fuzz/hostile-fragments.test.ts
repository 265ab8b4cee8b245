/**
 * Hostile flows at the transport layer: SCTP user messages and IP datagrams whose fragments
 * never complete. The reassembly tables must stay within their limits (live heap bounded), every
 * eviction must be reported, and a legitimate attack in the same capture must still be decoded
 * and detected.
 */
import { describe, expect, it } from 'vitest';
import { neverEndingIpFragments, neverEndingSctpFragments } from './hostile.js';
import { hostileRun } from './hostile-run.js';
import { MiB } from './memory.js';

const N = 100_000;

describe('hostile: never-completed fragments', () => {
  it(`${N} never-ending SCTP fragments: bounded reassembly, evictions reported, PSI still detected`, () => {
    const limits = { sctpStreams: 1000, sctpReasmBytes: 1 * MiB, sctpAssociations: 1000 };
    const r = hostileRun(neverEndingSctpFragments(N, 200), { limits });
    expect(r.peak.sctpContexts).toBeLessThanOrEqual(1000);
    expect(r.peak.sctpBytes).toBeLessThanOrEqual(1 * MiB);
    expect(r.stats['sctp.reassembly-evicted']).toBeGreaterThanOrEqual(N - 1000);
    expect(r.anomalies.get('sctp.reassembly-evicted')).toBeGreaterThanOrEqual(N - 1000);
    // 200 k fragments of 200 bytes = 40 MB of traffic; the tables hold ≤ 1 MiB of it.
    expect(r.heap.peakGrowth).toBeLessThan(24 * MiB);
    expect(r.psiSent).toBeGreaterThan(0);
    expect(r.psiEvents).toBe(r.psiSent);
    expect(r.psiAlerts).toBeGreaterThanOrEqual(r.psiSent);
  });

  it(`${N} never-completed IPv4 fragments: bounded defragmentation, evictions reported, PSI still detected`, () => {
    const limits = { ipFragDatagrams: 1000, ipFragBytes: 1 * MiB };
    const r = hostileRun(neverEndingIpFragments(N, 256), { limits });
    expect(r.peak.ipFragDatagrams).toBeLessThanOrEqual(1000);
    expect(r.peak.ipFragBytes).toBeLessThanOrEqual(1 * MiB);
    expect(r.stats['ip.fragment-evicted']).toBeGreaterThanOrEqual(N - 1000);
    expect(r.heap.peakGrowth).toBeLessThan(24 * MiB);
    expect(r.psiEvents).toBe(r.psiSent);
    expect(r.psiAlerts).toBeGreaterThanOrEqual(r.psiSent);
  });
});
