import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Counters } from '../../src/core/stats.js';
import { SEGMENT_OVERHEAD, SegmentQueue } from '../../src/transport/tcp-segments.js';
import { decodeTcp, newTcpHeader, TCP_ANOMALY, TcpStream } from '../../src/transport/tcp-stream.js';
import { TCP_FLAGS, tcpSegment } from '../../src/encode/tcp.js';
import { diameter, hex } from './fixtures.js';

/** Deliver everything: the sequence numbers in delivery order. */
function drain(q: SegmentQueue): number[] {
  const out: number[] = [];
  for (let s = q.first(); s !== undefined; s = q.first()) {
    out.push(s.seq);
    q.shift();
  }
  return out;
}

/** Arrival orders of n sequence numbers (spaced by 2: no two adjacent), as in the rt7 T1 repro. */
const ORDERS: Record<string, (n: number) => number[]> = {
  ascending: (n) => Array.from({ length: n }, (_, i) => 2 * i),
  descending: (n) => Array.from({ length: n }, (_, i) => 2 * (n - 1 - i)),
  // Two interleaved ascending runs: every other segment lands in the middle of those held
  // (a sorted array moved half its entries for each).
  middle: (n) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? i : (1 << 22) + i)),
  random: (n) => {
    let x = 1;
    return Array.from({ length: n }, () => 2 * ((x = (x * 1103515245 + 12345) >>> 0) >>> 10));
  },
};

describe('SegmentQueue (TCP out-of-order segments)', () => {
  for (const [name, order] of Object.entries(ORDERS)) {
    it(`${name} arrival: delivered in sequence order, O(log n) heap moves per segment`, () => {
      const n = 16384; // what tcpFlowBytes (4 MiB) holds of one-byte segments, charged with the overhead
      const q = new SegmentQueue();
      const seqs = order(n).map((s) => (s + 0xfff00000) | 0); // across the 2^32 wrap
      for (const s of seqs) q.add(s, Uint8Array.of(0));
      expect(q.length).toBe(n);
      expect(q.bytes).toBe(n * (1 + SEGMENT_OVERHEAD));
      expect(drain(q)).toEqual([...seqs].sort((a, b) => (a - b) | 0));
      // Each insertion and each removal moves at most log2(n) = 14 levels; a sorted array moved
      // up to n/2 entries per insertion (middle: ~n²/8 = 33.5 M in all).
      expect(q.moved).toBeLessThanOrEqual(2 * n * Math.log2(n));
      expect([q.length, q.bytes]).toEqual([0, 0]);
    });
  }

  it('property: matches a sorted-list model (sequence order, then arrival); at() is the last held copy of a sequence number', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -20, max: 20 }), fc.constant(null)), { maxLength: 200 }), (ops) => {
        const q = new SegmentQueue();
        const model: { seq: number; arrival: number }[] = [];
        let arrival = 0;
        for (const op of ops) {
          if (op === null) {
            q.shift();
            model.shift();
          } else {
            const seq = (0x7ffffff0 + op) | 0; // across the int32 sign change
            q.add(seq, Uint8Array.of(arrival));
            model.push({ seq, arrival: arrival++ });
            model.sort((a, b) => (a.seq - b.seq) | 0 || a.arrival - b.arrival);
            expect(q.at(seq)!.arrival).toBe(arrival - 1);
          }
          expect(q.first()?.arrival).toBe(model[0]?.arrival);
          expect(q.length).toBe(model.length);
        }
        for (const m of model) expect(q.at(m.seq)?.arrival).toBe(Math.max(...model.filter((x) => x.seq === m.seq).map((x) => x.arrival)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('TcpStream: out-of-order segments charged data + SEGMENT_OVERHEAD (rt7 T1)', () => {
  function setup(maxBuffer: number): { s: TcpStream; msgs: string[]; codes: string[] } {
    const msgs: string[] = [];
    const codes: string[] = [];
    const sink = (v: DataView, o: number, e: number): void => {
      msgs.push(hex(new Uint8Array(v.buffer, v.byteOffset + o, e - o)));
    };
    const s = new TcpStream(maxBuffer, 1 << 20, sink, (c) => codes.push(c), new Counters());
    return { s, msgs, codes };
  }
  function seg(s: TcpStream, seq: number, payload: Uint8Array = new Uint8Array(0), flags: number = TCP_FLAGS.ACK): void {
    const b = tcpSegment({ srcPort: 40000, dstPort: 3868, seq, flags, payload });
    const h = newTcpHeader();
    decodeTcp(new DataView(b.buffer), 0, b.length, h);
    s.segment(new DataView(b.buffer), h);
  }

  it('one-byte segments after a hole reach tcpFlowBytes after tcpFlowBytes / (1 + overhead) of them', () => {
    const { s, codes } = setup(10 * (1 + SEGMENT_OVERHEAD));
    seg(s, 0, undefined, TCP_FLAGS.SYN);
    for (let i = 0; i < 10; i++) seg(s, 2 + i, Uint8Array.of(0x41)); // 1 missing
    expect(s.buffered).toBe(10 * (1 + SEGMENT_OVERHEAD));
    expect(codes).toEqual([]);
    seg(s, 12, Uint8Array.of(0x41));
    expect(codes).toContain(TCP_ANOMALY.BUFFER_LIMIT);
    expect(s.buffered).toBeLessThanOrEqual(10 * (1 + SEGMENT_OVERHEAD));
  });

  it('a message sent as one-byte segments in reverse order is emitted once, when its first byte arrives', () => {
    const m = diameter({ hbh: 7, cmd: 318, host: 'h'.repeat(3000) });
    const { s, msgs, codes } = setup(1 << 22);
    seg(s, 99, undefined, TCP_FLAGS.SYN);
    for (let i = m.length - 1; i > 0; i--) seg(s, 100 + i, m.subarray(i, i + 1));
    expect(msgs).toEqual([]);
    seg(s, 100, m.subarray(0, 1));
    expect(msgs).toEqual([hex(m)]);
    expect([codes, s.buffered]).toEqual([[], 0]);
  });
});
