import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BytePool } from '../../src/core/byte-pool.js';
import { Counters } from '../../src/core/stats.js';
import { decodeTcp, newTcpHeader, plausibleDiameterAt, TCP_ANOMALY, TcpStream } from '../../src/transport/tcp-stream.js';
import { TCP_FLAGS, tcpSegment } from '../../src/encode/tcp.js';
import { concat, diameter, hex } from './fixtures.js';

function setup(maxBuffer = 1 << 20): { s: TcpStream; msgs: string[]; codes: string[]; counters: Counters } {
  const msgs: string[] = [];
  const codes: string[] = [];
  const counters = new Counters();
  const s = new TcpStream(
    maxBuffer,
    1 << 20,
    (v, o, e) => msgs.push(hex(new Uint8Array(v.buffer, v.byteOffset + o, e - o))),
    (c) => codes.push(c),
    counters,
  );
  return { s, msgs, codes, counters };
}

/** Feed one segment (encoded, then decoded, at a non-zero offset). */
function seg(s: TcpStream, o: { seq: number; flags?: number; ack?: number; payload?: Uint8Array; urgentPointer?: number }, peerAcked = -1): void {
  const b = tcpSegment({ srcPort: 40000, dstPort: 3868, ...o });
  const buf = new Uint8Array(b.length + 3);
  buf.set(b, 3);
  const h = newTcpHeader();
  expect(decodeTcp(new DataView(buf.buffer), 3, buf.length, h)).toBe(buf.length);
  s.segment(new DataView(buf.buffer), h, peerAcked);
}

const m1 = diameter({ hbh: 1 });
const m2 = diameter({ hbh: 2, cmd: 318, host: 'a-much-longer-origin-host-name.epc.mnc001.mcc001.3gppnetwork.org' });
const m3 = diameter({ hbh: 3, cmd: 280, app: 0, request: false });

describe('decodeTcp (RFC 9293 §3.1)', () => {
  it('decodes a hand-written header: ports 3868 -> 40000, seq 1, ack 2, data offset 6 (one option word), ACK|PSH', () => {
    const b = Buffer.from('0f1c9c40' + '00000001' + '00000002' + '6018ffff' + '00000000' + '01010101' + 'abcd', 'hex');
    const h = newTcpHeader();
    expect(decodeTcp(new DataView(b.buffer, b.byteOffset), 0, b.length, h)).toBe(b.length);
    expect(h).toMatchObject({ srcPort: 3868, dstPort: 40000, seq: 1, ack: 2, flags: 0x18, offset: 24, end: 26 });
  });

  it('rejects data offset < 5 and headers past the end', () => {
    const h = newTcpHeader();
    const bad = tcpSegment({ srcPort: 1, dstPort: 2, seq: 0, dataOffset: 4 });
    expect([decodeTcp(new DataView(bad.buffer), 0, bad.length, h), h.problem]).toEqual([-1, TCP_ANOMALY.BAD_HEADER_LENGTH]);
    const long = tcpSegment({ srcPort: 1, dstPort: 2, seq: 0, dataOffset: 8 });
    expect([decodeTcp(new DataView(long.buffer), 0, long.length, h), h.problem]).toEqual([-1, TCP_ANOMALY.TRUNCATED]);
    expect([decodeTcp(new DataView(long.buffer), 0, 19, h), h.problem]).toEqual([-1, TCP_ANOMALY.TRUNCATED]);
  });
});

describe('plausibleDiameterAt (RFC 6733 §3, §4.1)', () => {
  const v = (b: Uint8Array): DataView => new DataView(b.buffer);
  it('accepts a real-looking header, undecided when short, rejects each broken field', () => {
    expect(plausibleDiameterAt(v(m1), 0, m1.length, 1 << 20)).toBe(1);
    expect(plausibleDiameterAt(v(m1), 0, 24, 1 << 20)).toBe(-1);
    const broken: [number, number][] = [
      [0, 2], // version 2
      [3, m1[3]! + 2], // length not a multiple of 4
      [4, 0xa0], // R and E together
    ];
    for (const [at, val] of broken) {
      const b = m1.slice();
      b[at] = val;
      expect(plausibleDiameterAt(v(b), 0, b.length, 1 << 20)).toBe(0);
    }
    const small = m1.slice();
    new DataView(small.buffer).setUint32(4, (0x80 << 24) | 200); // command code < 256
    expect(plausibleDiameterAt(v(small), 0, small.length, 1 << 20)).toBe(0);
    expect(plausibleDiameterAt(v(m1), 0, m1.length, 20)).toBe(0); // over the configured maximum
  });
});

/** m1 with a reserved command-flag bit (RFC 6733 §3) or a reserved AVP-flag bit (§4.1): set by the sender, ignored by receivers. */
function reservedBit(m: Uint8Array, at: 4 | 24): Uint8Array {
  const b = m.slice();
  b[at] = b[at]! | 0x01;
  return b;
}

describe('plausibleDiameterAt: reserved flag bits are ignored, as receivers ignore them (rt12 F5)', () => {
  const v = (b: Uint8Array): DataView => new DataView(b.buffer);
  /** Two AVPs: Origin-Host and Origin-Realm (RFC 6733 §6.3, §6.4), 64 bytes in all. */
  const two = new Uint8Array(64);
  const tv = new DataView(two.buffer);
  tv.setUint32(0, (1 << 24) | 64);
  tv.setUint32(4, (0xc0 << 24) | 316);
  tv.setUint32(20, 264);
  tv.setUint32(24, (0x41 << 24) | 20); // reserved AVP-flag bit in the first AVP
  tv.setUint32(40, 296);
  tv.setUint32(44, (0x40 << 24) | 24);

  it.each([
    ['command flags', 4],
    ['AVP flags', 24],
  ] as const)('a reserved %s bit: the whole message is plausible, its first AVP header alone is not decidable', (_, at) => {
    const b = reservedBit(m1, at);
    expect(plausibleDiameterAt(v(b), 0, b.length, 1 << 20)).toBe(1);
    expect(plausibleDiameterAt(v(b), 0, 40, 1 << 20)).toBe(-1);
    // Without the reserved bit one AVP header is enough.
    expect(plausibleDiameterAt(v(m1), 0, 40, 1 << 20)).toBe(1);
  });

  it('before its end arrives a message with a reserved bit needs two AVP headers; a broken chain is still refused', () => {
    expect(plausibleDiameterAt(v(two), 0, 48, 1 << 20)).toBe(1);
    expect(plausibleDiameterAt(v(two), 0, 47, 1 << 20)).toBe(-1);
    const broken = two.slice();
    broken[47] = 0xff; // second AVP runs past the message
    expect(plausibleDiameterAt(v(broken), 0, broken.length, 1 << 20)).toBe(0);
    const header = reservedBit(m1, 4).slice(0, 20);
    new DataView(header.buffer).setUint32(0, (1 << 24) | 20); // no AVP at all: the bit is all it has
    expect(plausibleDiameterAt(v(header), 0, 20, 1 << 20)).toBe(0);
  });
});

describe('TcpStream (RFC 9293 §3.4, §3.10.7.4; Diameter framing RFC 6733 §3)', () => {
  it('after a SYN: two Diameter messages in one segment are emitted separately', () => {
    const { s, msgs } = setup();
    seg(s, { seq: 1000, flags: TCP_FLAGS.SYN });
    seg(s, { seq: 1001, payload: concat(m1, m2) });
    expect(msgs).toEqual([hex(m1), hex(m2)]);
  });

  it('urgent data (RFC 9293 §3.8.5): the byte before the Urgent Pointer leaves the stream, as the receiver takes it (rt10 B8)', () => {
    const URG = TCP_FLAGS.ACK | TCP_FLAGS.PSH | TCP_FLAGS.URG;
    const oob = Uint8Array.of(1);
    // In the same segment: `send(fd, "\x01", 1, MSG_OOB)` then the request.
    const a = setup();
    seg(a.s, { seq: 1000, flags: TCP_FLAGS.SYN });
    seg(a.s, { seq: 1001, flags: URG, urgentPointer: 1, payload: concat(oob, m1, m2) });
    expect(a.msgs).toEqual([hex(m1), hex(m2)]);
    expect(a.codes).toEqual([TCP_ANOMALY.URGENT]);
    expect(a.counters.get('tcp.urgent-data')).toBe(1);
    // The pointer names a byte of the next segment, which arrives in order or before it.
    for (const late of [false, true]) {
      const b = setup();
      seg(b.s, { seq: 0, flags: TCP_FLAGS.SYN });
      const first = { seq: 1, flags: URG, urgentPointer: m1.length + 1, payload: m1 };
      const second = { seq: 1 + m1.length, payload: concat(oob, m2) };
      if (late) {
        seg(b.s, second);
        seg(b.s, first);
      } else {
        seg(b.s, first);
        seg(b.s, second);
      }
      expect(b.msgs).toEqual([hex(m1), hex(m2)]);
    }
    // A stale segment's pointer and a pointer moved backwards are not believed (review 10-A).
    const d = setup();
    seg(d.s, { seq: 0, flags: TCP_FLAGS.SYN });
    seg(d.s, { seq: 1, payload: m1 });
    seg(d.s, { seq: 1, flags: URG, urgentPointer: m1.length + 5, payload: m1 }); // a retransmission: wholly before the next byte
    seg(d.s, { seq: 1 + m1.length, flags: URG, urgentPointer: m2.length + 1, payload: concat(m2.subarray(0, 8)) });
    seg(d.s, { seq: 9 + m1.length, flags: URG, urgentPointer: 1, payload: concat(m2.subarray(8), oob) }); // backwards: ignored
    expect(d.msgs).toEqual([hex(m1), hex(m2)]);
    expect(d.codes).toEqual([TCP_ANOMALY.URGENT]);
    // Without URG the same byte stays: the framing sees it (and resynchronises).
    const c = setup();
    seg(c.s, { seq: 0, flags: TCP_FLAGS.SYN });
    seg(c.s, { seq: 1, payload: concat(oob, m1, m2) });
    expect(c.msgs).not.toContain(hex(m1));
  });

  it('one message across 3 segments is emitted once, when the last arrives', () => {
    const { s, msgs } = setup();
    seg(s, { seq: 0, flags: TCP_FLAGS.SYN });
    seg(s, { seq: 1, payload: m2.subarray(0, 3) }); // not even the length yet
    seg(s, { seq: 4, payload: m2.subarray(3, 50) });
    expect(msgs).toEqual([]);
    seg(s, { seq: 51, payload: concat(m2.subarray(50), m1.subarray(0, 10)) });
    expect(msgs).toEqual([hex(m2)]);
    seg(s, { seq: 1 + m2.length + 10, payload: m1.subarray(10) });
    expect(msgs).toEqual([hex(m2), hex(m1)]);
  });

  it('buffers out-of-order segments and drops retransmissions and overlaps', () => {
    const { s, msgs, counters } = setup();
    const data = concat(m1, m2, m3);
    seg(s, { seq: 99, flags: TCP_FLAGS.SYN });
    seg(s, { seq: 100 + 60, payload: data.subarray(60, 120) }); // after a hole, mid-message
    expect(msgs).toEqual([]);
    seg(s, { seq: 100, payload: data.subarray(0, 70) }); // fills the hole, overlaps 10 bytes
    seg(s, { seq: 100, payload: data.subarray(0, 70) }); // retransmission
    seg(s, { seq: 100 + 120, payload: data.subarray(120) });
    expect(msgs).toEqual([hex(m1), hex(m2), hex(m3)]);
    expect(counters.get('tcp.retransmissions')).toBe(1);
    expect(counters.get('tcp.out-of-order')).toBe(1);
  });

  const data = concat(m1, m2, m3, m1);
  const expected = [hex(m1), hex(m2), hex(m3), hex(m1)];
  const cutsArb = fc.uniqueArray(fc.integer({ min: 1, max: data.length - 1 }), { maxLength: 8 });

  function run(segs: { from: number; to: number }[], isn: number): { msgs: string[]; codes: string[] } {
    const { s, msgs, codes } = setup();
    seg(s, { seq: isn, flags: TCP_FLAGS.SYN });
    for (const x of segs) seg(s, { seq: (isn + 1 + x.from) >>> 0, payload: data.subarray(x.from, x.to) });
    s.close('end');
    return { msgs, codes };
  }

  function split(cuts: number[]): { from: number; to: number }[] {
    const pts = [0, ...[...cuts].sort((a, b) => a - b), data.length];
    return pts.slice(1).map((e, i) => ({ from: pts[i]!, to: e }));
  }

  it('property: any segmentation, in order, with retransmissions and overlapping resends: every message once, in order', () => {
    fc.assert(
      fc.property(cutsArb, fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 }), fc.integer({ min: 0, max: 0xffffffff }), (cuts, dups, isn) => {
        const segs = split(cuts);
        for (const [i, back] of dups) {
          // Resend an earlier byte range (a retransmission, possibly coalesced) after segment i.
          const at = i % segs.length;
          const first = segs[Math.max(0, at - (back % 3))]!;
          segs.splice(at + 1, 0, { from: first.from, to: segs[at]!.to });
        }
        const { msgs, codes } = run(segs, isn);
        expect(msgs).toEqual(expected);
        expect(codes).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('property: any segmentation in any order never emits a message twice nor a message that was not sent', () => {
    fc.assert(
      fc.property(cutsArb, fc.array(fc.nat(), { maxLength: 12 }), fc.integer({ min: 0, max: 0xffffffff }), (cuts, perm, isn) => {
        const segs = split(cuts);
        for (let i = 0; i + 1 < perm.length; i += 2) {
          const a = perm[i]! % segs.length;
          const b = perm[i + 1]! % segs.length;
          [segs[a], segs[b]] = [segs[b]!, segs[a]!];
        }
        if (perm.length > 0) segs.push(segs[perm[0]! % segs.length]!);
        const { msgs } = run(segs, isn);
        // A segment that starts a message after a hole is taken as capture loss (see TcpStream):
        // messages in a hole that arrives later split across segments are lost, never duplicated.
        const left = [...expected];
        for (const m of msgs) {
          const i = left.indexOf(m);
          expect(i).toBeGreaterThanOrEqual(0);
          left.splice(i, 1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('mid-stream pickup inside a message resynchronises at the next plausible header', () => {
    const { s, msgs, codes, counters } = setup();
    const data = concat(m2, m1, m3);
    seg(s, { seq: 5000, payload: data.subarray(30, 90) }); // first segment seen: no SYN, mid-message
    seg(s, { seq: 5060, payload: data.subarray(90) });
    expect(msgs).toEqual([hex(m1), hex(m3)]);
    expect(codes).toEqual([TCP_ANOMALY.RESYNC]);
    expect(counters.get('tcp.resync-skipped-bytes')).toBe(m2.length - 30);
  });

  it.each([
    ['command flags', 4],
    ['AVP flags', 24],
  ] as const)('mid-stream pickup: a peer setting a reserved %s bit in every message is resynchronised (rt12 F5)', (_, at) => {
    const { s, msgs, codes } = setup();
    const r1 = reservedBit(m1, at);
    const r2 = reservedBit(m2, at);
    const r3 = reservedBit(m3, at);
    const data = concat(r2, r1, r3);
    seg(s, { seq: 5000, payload: data.subarray(30, 90) });
    seg(s, { seq: 5060, payload: data.subarray(90) });
    expect(msgs).toEqual([hex(r1), hex(r3)]);
    expect(codes).toEqual([TCP_ANOMALY.RESYNC]);
  });

  it('after a SYN: an unpadded first message with a reserved bit is framed, the next ones too (rt12 F5)', () => {
    const { s, msgs, codes } = setup();
    const padded = reservedBit(diameter({ hbh: 5, cmd: 318, host: 'h'.repeat(14) }), 24);
    const unpadded = padded.slice(0, padded.length - 2);
    new DataView(unpadded.buffer).setUint32(0, (1 << 24) | unpadded.length);
    const r1 = reservedBit(m1, 24);
    seg(s, { seq: 0, flags: TCP_FLAGS.SYN });
    seg(s, { seq: 1, payload: concat(unpadded, r1) });
    expect(msgs).toEqual([hex(unpadded), hex(r1)]);
    expect(codes).toEqual([]);
  });

  it('property: mid-stream pickup after random bytes, then messages with reserved bits, segmented anyhow: each message once, nothing else (rt12 F5)', () => {
    const real = [reservedBit(m2, 24), reservedBit(m1, 4), reservedBit(m3, 24), m1, reservedBit(m2, 4)];
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 3000 }), fc.uniqueArray(fc.nat(), { maxLength: 6 }), (noise, cuts) => {
        const { s, msgs } = setup();
        const all = concat(noise, ...real);
        const pts = [0, ...cuts.map((c) => c % all.length).sort((a, b) => a - b), all.length];
        for (let i = 1; i < pts.length; i++) if (pts[i]! > pts[i - 1]!) seg(s, { seq: 9000 + pts[i - 1]!, payload: all.subarray(pts[i - 1]!, pts[i]!) });
        s.close('end');
        // Random bytes may end in a real-looking header that swallows the first message; never more.
        expect(msgs.slice(-real.length + 1)).toEqual(real.slice(1).map(hex));
        expect(msgs.length).toBeLessThanOrEqual(real.length);
      }),
      { numRuns: 400, seed: 12 },
    );
  });

  it('end of stream: undecided candidates are passed in one scan; the messages behind them are decoded, each skipped byte counted once (rt12 F5)', () => {
    // A candidate with a reserved command-flag bit whose one AVP runs past the bytes: undecided (-1) until 4 KiB arrive.
    const cand = (): Uint8Array => {
      const b = new Uint8Array(28);
      const v = new DataView(b.buffer);
      v.setUint32(0, (1 << 24) | 0x100000);
      v.setUint32(4, (0x81 << 24) | 316);
      v.setUint32(8, 16777251);
      v.setUint32(20, 263);
      v.setUint32(24, (0x40 << 24) | 0xfff0);
      return b;
    };
    const { s, msgs, codes, counters } = setup();
    const noise = Uint8Array.from([0xab, 0x01, 0x00, 0x01, 0xcd]);
    seg(s, { seq: 7000, payload: concat(noise, cand(), cand(), cand(), m1, m3) }); // no SYN: mid-stream pickup
    expect(msgs).toEqual([]);
    s.close('end');
    expect(msgs).toEqual([hex(m1), hex(m3)]);
    expect(codes).toEqual([TCP_ANOMALY.RESYNC]);
    expect(counters.get('tcp.resync-skipped-bytes')).toBe(noise.length + 3 * 28);
  });

  it('a hole followed by a message start is skipped at once; a later copy of the hole still yields its messages', () => {
    const { s, msgs, codes } = setup();
    seg(s, { seq: 0, flags: TCP_FLAGS.SYN });
    seg(s, { seq: 1, payload: m1 });
    seg(s, { seq: 1 + m1.length + m2.length, payload: m3 }); // m2 lost (or late)
    expect(msgs).toEqual([hex(m1), hex(m3)]);
    expect(codes).toEqual([TCP_ANOMALY.GAP]);
    seg(s, { seq: 1 + m1.length, payload: m2 }); // the late copy
    expect(msgs).toEqual([hex(m1), hex(m3), hex(m2)]);
    seg(s, { seq: 1 + m1.length, payload: m2 }); // and its retransmission
    expect(msgs).toEqual([hex(m1), hex(m3), hex(m2)]);
  });

  it('a hole in the middle of a message: waits, then the peer ACK beyond it gives up and resyncs', () => {
    const { s, msgs, codes } = setup();
    const data = concat(m2, m1, m3);
    seg(s, { seq: 0, flags: TCP_FLAGS.SYN });
    seg(s, { seq: 1, payload: data.subarray(0, 40) });
    seg(s, { seq: 81, payload: data.subarray(80) }); // 40..80 never captured
    expect(msgs).toEqual([]);
    s.peerAck(1 + data.length);
    expect(msgs).toEqual([hex(m1), hex(m3)]);
    expect(codes).toEqual([TCP_ANOMALY.GAP, TCP_ANOMALY.RESYNC]);
  });

  it('data the peer acknowledged before the capture saw it is still decoded (mid-stream pickup, ACK seen first)', () => {
    const { s, msgs, codes } = setup();
    seg(s, { seq: 7000, payload: m1 }, 7000 + m1.length);
    seg(s, { seq: 7000 + m1.length, payload: m2 });
    seg(s, { seq: 7000, payload: m1 }); // a second copy: a retransmission
    expect(msgs).toEqual([hex(m1), hex(m2)]);
    expect(codes).toEqual([]);
  });

  it('bounds out-of-order data by tcpFlowBytes', () => {
    const { s, codes } = setup(100);
    seg(s, { seq: 0, flags: TCP_FLAGS.SYN });
    seg(s, { seq: 1, payload: m2.subarray(0, 8) });
    seg(s, { seq: 1000, payload: new Uint8Array(60) });
    seg(s, { seq: 2000, payload: new Uint8Array(60) });
    expect(s.buffered).toBeLessThanOrEqual(100);
    expect(codes).toContain(TCP_ANOMALY.BUFFER_LIMIT);
  });

  it('a bad header in sync is reported and the stream resynchronises', () => {
    const { s, msgs, codes } = setup();
    seg(s, { seq: 0, flags: TCP_FLAGS.SYN });
    seg(s, { seq: 1, payload: concat(Uint8Array.of(2, 0, 0, 8, 0, 0, 0, 0), m1) });
    expect(msgs).toEqual([hex(m1)]);
    expect(codes).toEqual([TCP_ANOMALY.BAD_DIAMETER_HEADER, TCP_ANOMALY.RESYNC]);
  });

  it('close reports a half-read message; a new SYN restarts the stream', () => {
    const { s, msgs, codes } = setup();
    seg(s, { seq: 0, flags: TCP_FLAGS.SYN });
    seg(s, { seq: 1, payload: m1.subarray(0, 30) });
    s.close('FIN');
    expect(codes).toEqual([TCP_ANOMALY.INCOMPLETE_MESSAGE]);
    seg(s, { seq: 500, flags: TCP_FLAGS.SYN });
    seg(s, { seq: 501, payload: m3 });
    expect(msgs).toEqual([hex(m3)]);
  });
});

/**
 * Insertion/evasion (Ptacek & Newsham 1998; red-team review of 5be6582): a copy the receiver
 * drops (bad checksum, or a SYN it ignores) must not hide the bytes it accepts.
 */
describe('TcpStream: conflicting copies, mid-stream SYN, early ACK', () => {
  /** A DWR (cmd 280) as long as m2 (padded Origin-Host): the benign decoy. */
  const decoy = diameter({ hbh: 9, cmd: 280, app: 0, host: 'x'.repeat(m2.length - m1.length + 'peer-1.example.org'.length) });

  it('a decoy kept first at the same sequence number: the real copy is reported and decoded too (F4)', () => {
    expect(decoy.length).toBe(m2.length);
    const { s, msgs, codes, counters } = setup();
    seg(s, { seq: 0, flags: TCP_FLAGS.SYN });
    seg(s, { seq: 1, payload: m1 });
    seg(s, { seq: 1 + m1.length, payload: decoy });
    seg(s, { seq: 1 + m1.length, payload: m2 });
    seg(s, { seq: 1 + m1.length, payload: decoy }); // an equal copy: a plain retransmission
    expect(msgs).toEqual([hex(m1), hex(decoy), hex(m2)]);
    expect(codes).toEqual([TCP_ANOMALY.OVERLAP_CONFLICT]);
    expect(counters.get('tcp.retransmissions')).toBe(2);
  });

  it('a resegmented copy is compared segment by segment, and an overlap with the stream too', () => {
    const { s, msgs, codes } = setup();
    seg(s, { seq: 0, flags: TCP_FLAGS.SYN });
    seg(s, { seq: 1, payload: m1 });
    seg(s, { seq: 1 + m1.length, payload: decoy });
    seg(s, { seq: 1, payload: concat(m1, m1) }); // covers m1 (equal) and decoy: m1 is no whole decoy-sized copy
    expect(codes).toEqual([]);
    seg(s, { seq: 1, payload: concat(m1, m2) }); // equal m1, then the differing copy: m2 decoded
    expect(codes).toEqual([TCP_ANOMALY.OVERLAP_CONFLICT]);
    seg(s, { seq: 1 + m1.length, payload: concat(m2, m3) }); // overlaps the decoy, then new bytes
    expect(codes).toEqual([TCP_ANOMALY.OVERLAP_CONFLICT, TCP_ANOMALY.OVERLAP_CONFLICT]);
    expect(msgs).toEqual([hex(m1), hex(decoy), hex(m2), hex(m2), hex(m3)]);
  });

  // rt6 follow-up: a decoy shorter than the real segment was kept first, so the comparison covered
  // only the decoy's length and the real message (longer) was never whole in it; the stream then
  // framed the real segment's tail after the decoy (lost, or a mixture decoded).
  const short = diameter({ hbh: 9, cmd: 280, app: 0 });
  const longDwr = diameter({ hbh: 9, cmd: 280, app: 0, host: 'x'.repeat(m2.length) });
  it.each([
    ['a whole shorter message', short, [m1, short, m2, m3]],
    ['the start of a longer message', longDwr.subarray(0, short.length), [m1, m2, m3]],
  ])('a decoy shorter than the real segment kept first (%s): the real one and the next are decoded', (_, first, want) => {
    expect(first.length).toBeLessThan(m2.length);
    const { s, msgs, codes } = setup();
    seg(s, { seq: 0, flags: TCP_FLAGS.SYN });
    seg(s, { seq: 1, payload: m1 });
    seg(s, { seq: 1 + m1.length, payload: first });
    seg(s, { seq: 1 + m1.length, payload: m2 });
    seg(s, { seq: 1 + m1.length + m2.length, payload: m3 });
    expect(msgs).toEqual(want.map(hex));
    expect(codes).toEqual([TCP_ANOMALY.OVERLAP_CONFLICT]);
  });

  it('a longer decoy after the real segment: the next real message is still decoded', () => {
    const { s, msgs, codes } = setup();
    seg(s, { seq: 0, flags: TCP_FLAGS.SYN });
    seg(s, { seq: 1, payload: m1 });
    seg(s, { seq: 1 + m1.length, payload: m2 });
    seg(s, { seq: 1 + m1.length, payload: longDwr }); // covers m2 and the start of m3
    seg(s, { seq: 1 + m1.length + m2.length, payload: m3 });
    expect(msgs).toEqual([m1, m2, longDwr, m3].map(hex));
    expect(codes).toEqual([TCP_ANOMALY.OVERLAP_CONFLICT, TCP_ANOMALY.OVERLAP_CONFLICT]);
  });

  it('two different copies of one buffered (out-of-order) segment: both decoded, reported', () => {
    const { s, msgs, codes } = setup();
    seg(s, { seq: 0, flags: TCP_FLAGS.SYN });
    seg(s, { seq: 1, payload: m1.subarray(0, 10) });
    seg(s, { seq: 1 + m1.length, payload: decoy });
    seg(s, { seq: 1 + m1.length, payload: m2 });
    seg(s, { seq: 11, payload: m1.subarray(10) });
    expect(codes).toEqual([TCP_ANOMALY.OVERLAP_CONFLICT]);
    expect(msgs).toEqual([hex(m2), hex(m1), hex(decoy)]);
  });

  // rt7 T2: the receiver drops the decoy (bad checksum) and buffers the segments after it until the
  // real copy comes, so the sender chooses how many; 8 of them pushed the decoy's record out.
  it.each([
    ['20 later segments: compared', 20, TCP_ANOMALY.OVERLAP_CONFLICT, 0],
    ['300 later segments: older than the history, decoded unverified', 300, TCP_ANOMALY.COPY_UNVERIFIED, 0],
    ['20 later segments, the real copy starting one byte earlier', 20, TCP_ANOMALY.OVERLAP_CONFLICT, 1],
  ])('a decoy kept first, then %s', (_, k, code, early) => {
    const { s, msgs, codes } = setup();
    seg(s, { seq: 0, flags: TCP_FLAGS.SYN });
    seg(s, { seq: 1, payload: m1 });
    const at = 1 + m1.length;
    seg(s, { seq: at, payload: decoy });
    for (let i = 0; i < k; i++) seg(s, { seq: at + decoy.length + i * m3.length, payload: m3 });
    seg(s, { seq: at - early, payload: concat(m1.subarray(m1.length - early), m2) });
    expect(codes).toEqual([code]);
    expect(msgs.slice(-1)).toEqual([hex(m2)]);
    expect(msgs.length).toBe(k + 3);
  });

  it('a new connection (SYN) starts a new history: a decoy in it is still compared', () => {
    const { s, msgs, codes } = setup();
    seg(s, { seq: 0, flags: TCP_FLAGS.SYN });
    for (let i = 0; i < 30; i++) seg(s, { seq: 1 + i * m3.length, payload: m3 }); // the ring grew
    seg(s, { seq: 1 + 30 * m3.length, flags: TCP_FLAGS.FIN });
    seg(s, { seq: 5_000_000, flags: TCP_FLAGS.SYN });
    seg(s, { seq: 5_000_001, payload: decoy });
    seg(s, { seq: 5_000_001, payload: m2 });
    expect(codes).toEqual([TCP_ANOMALY.OVERLAP_CONFLICT]);
    expect(msgs.slice(-2)).toEqual([hex(decoy), hex(m2)]);
  });

  it('the history is charged and bounded: 256 records (12 B each) at most', () => {
    const { s } = setup();
    seg(s, { seq: 0, flags: TCP_FLAGS.SYN });
    const charged: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      seg(s, { seq: 1 + i * m3.length, payload: m3 });
      if (i === 299 || i === 9_999) charged.push(s.allocated);
    }
    expect(charged[0]).toBeGreaterThanOrEqual(256 * 12);
    expect(charged[1]).toBe(charged[0]);
  });

  it('a SYN with another ISN inside an established stream is ignored until data proves it (F10, RFC 5961 §4.2)', () => {
    const { s, msgs, codes, counters } = setup();
    seg(s, { seq: 0, flags: TCP_FLAGS.SYN });
    seg(s, { seq: 1, payload: m1 });
    seg(s, { seq: 900_000, flags: TCP_FLAGS.SYN });
    seg(s, { seq: 1 + m1.length, payload: m2 });
    expect(msgs).toEqual([hex(m1), hex(m2)]);
    expect(counters.get('tcp.syn-ignored')).toBe(1);
    seg(s, { seq: 900_001, payload: m3 }); // data at the new ISN + 1: a new connection
    expect(msgs).toEqual([hex(m1), hex(m2), hex(m3)]);
    expect(codes).toEqual([]);
  });

  it('an ACK beyond the data (forged, or seen before the data): the data is still decoded (F10, F5)', () => {
    const { s, msgs, codes } = setup();
    seg(s, { seq: 0, flags: TCP_FLAGS.SYN });
    s.peerAck(1 + m1.length); // the ACK of m1 seen first
    seg(s, { seq: 1, payload: m1 });
    s.peerAck(1 + m1.length + m2.length + 5000); // forged: far beyond what was sent
    s.peerAck(1 + m1.length + m2.length + 9000); // the hole grows
    seg(s, { seq: 1 + m1.length, payload: m2 });
    seg(s, { seq: 1 + m1.length + m2.length, payload: m3 });
    seg(s, { seq: 1 + m1.length + m2.length, payload: m3 }); // retransmission
    expect(msgs).toEqual([hex(m1), hex(m2), hex(m3)]);
    expect(codes).toEqual([TCP_ANOMALY.GAP, TCP_ANOMALY.GAP, TCP_ANOMALY.GAP]);
  });
});

/**
 * rt7 T3: a peer ACK far ahead of the data (forged; the sender ignores it) makes the data a skipped
 * hole whose late whole messages are decoded; at most 64 late segments were, so the 65th was lost.
 */
describe('TcpStream: late segments in a hole the peer acknowledged', () => {
  function run(order: (n: number) => number[], n: number, maxBuffer?: number) {
    const t = setup(maxBuffer);
    seg(t.s, { seq: 0, flags: TCP_FLAGS.SYN });
    t.s.peerAck(1 + 10_000_000);
    for (const i of order(n)) seg(t.s, { seq: 1 + i * m3.length, payload: m3 });
    seg(t.s, { seq: 1 + n * m3.length, payload: m2 });
    return t;
  }
  const ascending = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
  const reversed = (n: number): number[] => ascending(n).reverse();

  it.each([
    ['contiguous from the hole start (the hole closes behind them)', ascending],
    ['in reverse order', reversed],
  ])('200 segments %s, then the message: all decoded', (_, order) => {
    const { msgs, counters } = run(order, 200);
    expect(msgs.length).toBe(201);
    expect(msgs.at(-1)).toBe(hex(m2));
    expect(counters.get('tcp.hole-abandoned')).toBe(0);
  });

  it('a copy of a late segment is a retransmission, compared with it', () => {
    const other = diameter({ hbh: 99, cmd: 280, app: 0, request: false });
    expect(other.length).toBe(m3.length);
    const { s, msgs, codes, counters } = run(ascending, 3);
    seg(s, { seq: 1 + m3.length, payload: m3 });
    seg(s, { seq: 1 + m3.length, payload: other });
    expect(msgs.slice(3)).toEqual([hex(m2), hex(other)]);
    expect(counters.get('tcp.retransmissions')).toBe(2);
    expect(codes.slice(1)).toEqual([TCP_ANOMALY.OVERLAP_CONFLICT]);
  });

  it('late segments out of order are bounded by tcpFlowBytes (64 B each); past it, copies of unkept bytes', () => {
    const { msgs, codes, counters } = run(reversed, 200, 100 * 64);
    expect(counters.get('tcp.hole-abandoned')).toBe(1);
    expect(msgs.length).toBe(201);
    expect(codes.filter((c) => c === TCP_ANOMALY.COPY_UNVERIFIED).length).toBe(101); // the other 100 and m2
  });
});

/**
 * rt7 D1: a Message Length that is not a multiple of 4 (the last AVP left unpadded, RFC 6733 §3
 * says it always is one) was a bad header over TCP, so the message was lost in a resync, while over
 * SCTP the same bytes are decoded (`diameter.length-mismatch`): TCP takes it as SCTP does.
 */
describe('TcpStream: a message whose last AVP is unpadded (Message Length 4n+2)', () => {
  const padded = diameter({ hbh: 5, cmd: 318, host: 'h'.repeat(14) }); // Origin-Host AVP length 22
  const unpadded = padded.slice(0, padded.length - 2);
  new DataView(unpadded.buffer).setUint32(0, (1 << 24) | unpadded.length);

  it.each([
    ['followed at once by the next message', concat(unpadded, m1)],
    ['followed by its 2 padding bytes, then the next message', concat(unpadded, new Uint8Array(2), m1)],
  ])('%s: both decoded, no resync', (_, payload) => {
    const { s, msgs, codes } = setup();
    seg(s, { seq: 0, flags: TCP_FLAGS.SYN });
    seg(s, { seq: 1, payload });
    expect(msgs).toEqual([hex(unpadded), hex(m1)]);
    expect(codes).toEqual([]);
  });

  it('split across segments, its padding alone in a segment: both decoded, no resync', () => {
    const { s, msgs, codes } = setup();
    const data = concat(unpadded, new Uint8Array(2), m1);
    seg(s, { seq: 0, flags: TCP_FLAGS.SYN });
    for (const [from, to] of [
      [0, 10],
      [10, unpadded.length],
      [unpadded.length, unpadded.length + 1],
      [unpadded.length + 1, data.length],
    ] as const) {
      seg(s, { seq: 1 + from, payload: data.subarray(from, to) });
    }
    expect(msgs).toEqual([hex(unpadded), hex(m1)]);
    expect(codes).toEqual([]);
  });

  it('a length not a multiple of 4 where no AVP ends is still a bad header', () => {
    const { s, msgs, codes } = setup();
    const bad = padded.slice();
    new DataView(bad.buffer).setUint32(0, (1 << 24) | (padded.length - 1));
    seg(s, { seq: 0, flags: TCP_FLAGS.SYN });
    seg(s, { seq: 1, payload: concat(bad, m1) });
    expect(msgs).toEqual([hex(m1)]);
    expect(codes).toEqual([TCP_ANOMALY.BAD_DIAMETER_HEADER, TCP_ANOMALY.RESYNC]);
  });
});

describe('TcpStream: the pending buffer of a large message (issue 19, rt7 M1)', () => {
  /** A Diameter header announcing `len` bytes, then its body up to `have` bytes, in 65,000-byte segments. */
  const feed = (s: TcpStream, len: number, have: number): void => {
    const body = new Uint8Array(have);
    const v = new DataView(body.buffer);
    v.setUint32(0, (1 << 24) | len);
    v.setUint32(4, (0x80 << 24) | 316);
    v.setUint32(8, 16777251);
    seg(s, { seq: 999, flags: TCP_FLAGS.SYN });
    for (let off = 0; off < have; off += 65_000) seg(s, { seq: 1000 + off, ack: 1, payload: body.subarray(off, Math.min(have, off + 65_000)) });
  };
  const pending = (s: TcpStream): Uint8Array => (s as unknown as { pending: Uint8Array }).pending;

  it('grows to the Message Length, not past it (doubling took a 2 MiB buffer for a 1 MiB message)', () => {
    const { s } = setup(4 << 20);
    feed(s, (1 << 20) - 4, (1 << 20) - 5);
    expect(s.buffered).toBe((1 << 20) - 5);
    // The pending buffer itself (`allocated` also counts the retransmission records, tcp-stream.ts).
    expect(pending(s).length).toBe(1 << 20);
  });

  it("takes a grown buffer another flow let go of (one pool for the flows' large buffers)", () => {
    const pool = new BytePool(2 << 20);
    const make = (): TcpStream =>
      new TcpStream(
        4 << 20,
        1 << 20,
        () => {},
        () => {},
        new Counters(),
        pool,
      );
    const a = make();
    feed(a, (1 << 20) - 4, (1 << 20) - 5);
    const big = pending(a).buffer;
    a.close('evicted');
    expect(pending(a).length).toBeLessThan(1 << 16);
    // a grew 64 KiB (not pooled: kept between messages) → 128 KiB → 256 KiB → 512 KiB → 1 MiB and let them all go.
    expect(pool.held).toBe((1 << 17) + (1 << 18) + (1 << 19) + (1 << 20));
    const b = make();
    feed(b, (1 << 20) - 4, (1 << 20) - 5);
    expect(pending(b).buffer).toBe(big);
    // b grew through the same buffers (no new one): it holds the 1 MiB, the pool the rest again.
    expect(pool.held).toBe((1 << 17) + (1 << 18) + (1 << 19));
  });
});
