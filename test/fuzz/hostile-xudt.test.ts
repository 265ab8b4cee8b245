/**
 * Hostile SCCP: a flood of first XUDT segments (15 more announced, none sent) with distinct
 * local references. The segment table must stay within `sccpSegments` (live heap bounded),
 * evictions must be reported, and a legitimately segmented PSI sent in the middle of the flood
 * must still be reassembled, decoded and detected.
 */
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/api/decoder.js';
import { Detector, loadProfile, loadRules } from '../../src/detect/index.js';
import type { Alert } from '../../src/detect/index.js';
import type { SignallingEvent } from '../../src/events/types.js';
import { pcapHeader, psiSegmentsRecords, T0, xudtSegmentFlood } from './hostile.js';
import { traceHeap, MiB } from './memory.js';
import { fileURLToPath } from 'node:url';

const N = 100_000;

describe('hostile: XUDT segment flood', () => {
  it(`${N} first segments that never complete: table capped, evictions reported, segmented PSI still detected`, () => {
    const limits = { sccpSegments: 1000 };
    const psi: SignallingEvent[] = [];
    const alerts: Alert[] = [];
    const det = new Detector({
      rules: loadRules(fileURLToPath(new URL('../../rules', import.meta.url))),
      profile: loadProfile(fileURLToPath(new URL('../../rules/profiles/example.yaml', import.meta.url))),
      onAlert: (a) => void alerts.push(a),
    });
    const anomalies = new Map<string, number>();
    const d = new Decoder({
      limits,
      onAnomaly: (a) => void anomalies.set(a.code, (anomalies.get(a.code) ?? 0) + 1),
      onEvent: (ev) => {
        if (ev.protocol === 'map' && ev.component?.opcode === 70) {
          psi.push(ev);
          det.event(ev);
        }
      },
    });
    let peak = 0;
    let sent = 0;
    const heap = traceHeap((sample) => {
      d.push(pcapHeader());
      let batches = 0;
      for (const b of xudtSegmentFlood(N)) {
        d.push(b);
        peak = Math.max(peak, d.tables.sccpSegments);
        if (++batches % 8 === 0) {
          // The three segments of a PSI arrive back to back, between flood batches.
          d.push(psiSegmentsRecords(T0 + (batches * 4096) / 1000, 0x700000 + sent));
          sent++;
          sample();
        }
      }
      d.end();
    });
    expect(peak).toBeLessThanOrEqual(1000);
    expect(d.stats['sccp.segment.evicted']).toBeGreaterThanOrEqual(N - 1000);
    expect(anomalies.get('sccp.segment-evicted')).toBeGreaterThanOrEqual(N - 1000);
    expect(heap.peakGrowth).toBeLessThan(16 * MiB);
    expect(sent).toBeGreaterThan(0);
    expect(psi.length).toBe(sent);
    expect(d.stats['sccp.reassembled']).toBe(sent);
    expect(alerts.length).toBeGreaterThanOrEqual(sent);
  });
});
