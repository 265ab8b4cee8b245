import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../src/core/anomaly.js';
import { Counters } from '../../src/core/stats.js';
import { SCCP_SEGMENT_ANOMALY, SccpSegments } from '../../src/ss7/sccp-segments.js';
import { fromHex as hex, toHex } from '../../src/encode/bytes.js';

function table(maxEntries = 4, maxAgeSec = 30) {
  const sink: Anomaly[] = [];
  const counters = new Counters();
  const s = new SccpSegments({ maxEntries, maxAgeSec, counters, onAnomaly: (a) => sink.push(a) });
  return { s, sink, counters };
}

const buf = hex('ee 01 02 03 04 05 06 ee');

describe('SccpSegments (Q.714 §4.1.1.2.3)', () => {
  it('3 segments in order → data of all, copied, at the last one', () => {
    const { s, counters } = table();
    const a: Anomaly[] = [];
    expect(s.add('k', 0, true, 2, buf, 1, 3, 0, 1, a)).toBeUndefined();
    expect(s.add('k', 0, false, 1, buf, 3, 5, 0, 2, a)).toBeUndefined();
    const whole = s.add('k', 0, false, 0, buf, 5, 7, 0, 3, a);
    expect(toHex(whole!)).toBe('010203040506');
    expect(whole!.buffer).not.toBe(buf.buffer);
    expect([a, s.size, counters.get('sccp.reassembled'), counters.get('sccp.segments')]).toEqual([[], 0, 1, 3]);
  });

  it('a duplicate middle segment is out of sequence and drops the message', () => {
    const { s } = table();
    const a: Anomaly[] = [];
    s.add('k', 0, true, 2, buf, 1, 3, 0, 1, a);
    s.add('k', 0, false, 1, buf, 3, 5, 0, 2, a);
    expect(s.add('k', 0, false, 1, buf, 3, 5, 0, 3, a)).toBeUndefined();
    expect(a.map((x) => [x.code, x.frame])).toEqual([[SCCP_SEGMENT_ANOMALY.outOfSequence, 3]]);
    expect(s.size).toBe(0);
  });

  it('orphan segment and restart on a repeated first segment', () => {
    const { s, counters } = table();
    const a: Anomaly[] = [];
    expect(s.add('k', 0, false, 0, buf, 1, 2, 0, 1, a)).toBeUndefined();
    s.add('k', 0, true, 1, buf, 1, 2, 0, 2, a);
    s.add('k', 0, true, 1, buf, 2, 3, 0, 3, a);
    expect(toHex(s.add('k', 0, false, 0, buf, 3, 4, 0, 4, a)!)).toBe('0203');
    expect(a.map((x) => x.code)).toEqual([SCCP_SEGMENT_ANOMALY.orphan, SCCP_SEGMENT_ANOMALY.restart]);
    expect(counters.get('sccp.segment.orphan')).toBe(1);
  });

  // Red-team rt7 S4: over SCTP each segment carries its chunk's TSN (the last argument).
  it('a first segment at the TSN of the next segment keeps the message it interrupted; that segment completes it', () => {
    const { s, counters } = table();
    const a: Anomaly[] = [];
    s.add('k', 0, true, 1, buf, 1, 3, 0, 1, a, 1);
    for (let k = 0; k < 10; k++) s.add('k', 0, true, 1, buf, 6, 8, 0, 2 + k, a, 2); // versions of TSN 2: one kept
    expect(s.bufferedBytes).toBe(2 + 2 + 2 * 256);
    expect(toHex(s.add('k', 0, false, 0, buf, 3, 5, 0, 20, a, 2)!)).toBe('01020304');
    expect(counters.get('sccp.segment.restart')).toBe(10);
    expect([s.size, s.bufferedBytes]).toEqual([1, 2 + 256]); // the decoy's version stays, charged
    expect(toHex(s.add('k', 0, false, 0, buf, 3, 5, 0, 21, a, 3)!)).toBe('06ee0304'); // it completes too, if the next TSN says so
    expect([s.size, s.bufferedBytes]).toEqual([0, 0]);
  });

  it('in TSN order a restart completes the new message as before; interrupted ones are kept up to 3, charged', () => {
    const { s } = table();
    const a: Anomaly[] = [];
    for (let t = 1; t <= 10; t++) s.add('k', 0, true, 1, buf, 1, 2, 0, t, a, t);
    expect(s.bufferedBytes).toBe(4 * (1 + 256));
    expect(toHex(s.add('k', 0, false, 0, buf, 2, 4, 0, 11, a, 11)!)).toBe('010203');
    expect(s.bufferedBytes).toBe(3 * (1 + 256));
    // A segment that follows none (every version expects 0): out of sequence, all dropped.
    expect(s.add('k', 0, false, 3, buf, 2, 4, 0, 12, a, 12)).toBeUndefined();
    expect(a.map((x) => x.code).at(-1)).toBe(SCCP_SEGMENT_ANOMALY.outOfSequence);
    expect([s.size, s.bufferedBytes]).toEqual([0, 0]);
  });

  it('without a TSN a restart drops the interrupted message (as before)', () => {
    const { s } = table();
    const a: Anomaly[] = [];
    s.add('k', 0, true, 1, buf, 1, 3, 0, 1, a);
    s.add('k', 0, true, 1, buf, 6, 8, 0, 2, a);
    expect(s.bufferedBytes).toBe(2 + 256);
    expect(toHex(s.add('k', 0, false, 0, buf, 3, 5, 0, 3, a)!)).toBe('06ee0304');
    expect(s.size).toBe(0);
  });

  it('capture-time expiry and eviction when full go to the sink', () => {
    const { s, sink, counters } = table(2, 10);
    const a: Anomaly[] = [];
    s.add('a', 0, true, 1, buf, 1, 2, 100, 1, a);
    s.add('b', 0, true, 1, buf, 1, 2, 105, 2, a);
    s.add('c', 0, true, 1, buf, 1, 2, 106, 3, a); // full: 'a' evicted
    expect(sink.map((x) => x.code)).toEqual([SCCP_SEGMENT_ANOMALY.evicted]);
    s.add('d', 0, false, 0, buf, 1, 2, 116, 4, a); // 'b' (105) expires at 116; 'c' (106) does not
    expect(sink.map((x) => x.code)).toEqual([SCCP_SEGMENT_ANOMALY.evicted, SCCP_SEGMENT_ANOMALY.timeout]);
    expect([s.size, counters.get('sccp.segment.evicted'), counters.get('sccp.segment.expired')]).toEqual([1, 1, 1]);
    expect(a.map((x) => x.code)).toEqual([SCCP_SEGMENT_ANOMALY.orphan]);
  });

  it('kept per flow: a decoy last segment on another flow completes only a copy, the real one the message (rt9 MH4)', () => {
    const { s, sink, counters } = table();
    const a: Anomaly[] = [];
    const decoy = hex('ee ff ff ee');
    expect(s.add('k', 0, true, 1, buf, 1, 4, 0, 1, a, -1, true, 1)).toBeUndefined();
    expect(toHex(s.add('k', 0, false, 0, decoy, 1, 3, 0, 2, a, -1, true, 2)!)).toBe('010203ffff');
    expect(toHex(s.add('k', 0, false, 0, buf, 4, 7, 0, 3, a, -1, true, 1)!)).toBe('010203040506');
    expect([a, sink, s.size, counters.get('sccp.segment.other-flow')]).toEqual([[], [], 0, 1]);
  });

  it('segments load-shared over two flows are reassembled; the original then expires counted, not reported (rt8 MH2)', () => {
    const { s, sink, counters } = table(4, 10);
    const a: Anomaly[] = [];
    s.add('k', 0, true, 2, buf, 1, 3, 100, 1, a, -1, true, 1);
    expect(s.add('k', 0, false, 1, buf, 3, 5, 100, 2, a, -1, true, 2)).toBeUndefined();
    expect(toHex(s.add('k', 0, false, 0, buf, 5, 7, 100, 3, a, -1, true, 2)!)).toBe('010203040506');
    expect(s.add('x', 0, true, 1, buf, 1, 2, 120, 4, a, -1, true, 1)).toBeUndefined(); // 'k' on flow 1 expires
    expect([a, sink, counters.get('sccp.segment.superseded'), counters.get('sccp.segment.expired')]).toEqual([[], [], 1, 0]);
  });

  it('a first segment on another flow does not restart the message of the first flow', () => {
    const { s, counters } = table();
    const a: Anomaly[] = [];
    s.add('k', 0, true, 1, buf, 1, 3, 0, 1, a, -1, true, 1);
    s.add('k', 0, true, 1, buf, 1, 2, 0, 2, a, -1, true, 2);
    expect(toHex(s.add('k', 0, false, 0, buf, 3, 5, 0, 3, a, -1, true, 1)!)).toBe('01020304');
    expect([a, counters.get('sccp.segment.restart')]).toEqual([[], 0]);
  });
});
