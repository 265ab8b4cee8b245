import { describe, expect, it } from 'vitest';
import { ipv4 } from '../../src/encode/ip.js';
import { dataFragments, sctpPacket } from '../../src/encode/sctp.js';
import { MAX_PATHS, SctpAssocs, TSN_CONFLICT, TSN_COPY } from '../../src/transport/sctp-assocs.js';
import { SCTP_ANOMALY } from '../../src/transport/sctp.js';
import { frame, hex, recorder } from './fixtures.js';

// Review 13-C #7: RFC 9260 §6.4.1 sends a retransmission to another address than the original's by
// default. For an association picked up mid-stream (no INIT / INIT ACK: its paths are not joined,
// each address pair has its own TSN window), the copy on the other path was decoded a second time.
// Now a direction that shares its ports and tag with another held (a second path) looks its new
// TSNs up in the other paths' windows (sctp-assocs.ts onPaths).

const X1 = '10.9.0.1';
const X2 = '10.9.0.5';
const Y1 = '10.0.0.2';
const Y2 = '10.0.0.6';

type Chunk = Parameters<typeof sctpPacket>[0]['chunks'][number];
const pkt = (src: string, dst: string, chunk: Chunk, vtag = 0x1234, srcPort = 2905) =>
  ipv4({ src, dst, proto: 132, payload: sctpPacket({ srcPort, dstPort: 2905, vtag, chunks: [chunk] }) });

const msg = Uint8Array.from({ length: 60 }, (_, i) => i);
const whole: Chunk = { type: 'data', tsn: 7, stream: 1, ssn: 0, ppid: 3, payload: msg };
const frags = () => dataFragments(msg, 32, { tsn: 100, stream: 1, ssn: 0, ppid: 3 }); // B 100, E 101

function run(packets: Uint8Array[]) {
  const r = recorder();
  for (const [i, p] of packets.entries()) r.dec.frame(frame(p, i + 1));
  r.dec.end();
  return { ...r, real: r.out.filter((p) => p.hex === hex(msg)) };
}

describe('SCTP: the same DATA chunk on two paths of one tag and ports, no INIT (review 13-C #7)', () => {
  it('an unfragmented message, then the same chunk on the alternate path: decoded once', () => {
    const { real, counters, anomalies } = run([pkt(X1, Y1, whole), pkt(X2, Y2, whole)]);
    expect(real.map((p) => [p.frameNo, p.flow.src])).toEqual([[1, X1]]);
    expect(counters.get('sctp.retransmissions')).toBe(1);
    expect(anomalies).toEqual([]);
  });

  it.each([
    ['its last fragment', [1]],
    ['both fragments', [0, 1]],
  ])('a message completed on one path, then %s again on the other: decoded once', (_, again) => {
    const f = frags();
    const { real, out, anomalies } = run([pkt(X1, Y1, f[0]!), pkt(X1, Y1, f[1]!), ...again.map((k) => pkt(X2, Y2, f[k]!))]);
    expect(real.map((p) => p.frameNo)).toEqual([2]);
    expect(out).toHaveLength(1);
    expect(anomalies).toEqual([]); // nothing left incomplete either
  });

  it('a third copy on a third path, and the copy back on the first: still once', () => {
    const { real } = run([pkt(X1, Y1, whole), pkt(X2, Y2, whole), pkt(X1, Y2, whole), pkt(X1, Y1, whole)]);
    expect(real.map((p) => p.frameNo)).toEqual([1]);
  });

  it('a path that carried new data first and the copy later on the first path: once (either path may carry the original)', () => {
    const other: Chunk = { ...whole, tsn: 8, payload: msg.map((b) => b ^ 0x55) };
    const { real, out } = run([
      pkt(X1, Y1, { ...whole, tsn: 6, payload: msg.map((b) => b ^ 0x66) }),
      pkt(X2, Y2, whole),
      pkt(X1, Y1, other),
      pkt(X1, Y1, whole),
    ]);
    expect(real.map((p) => [p.frameNo, p.flow.src])).toEqual([[2, X2]]);
    expect(out).toHaveLength(3);
  });

  it('a forged "retransmission" (the TSN of a real chunk, other bytes) on another path is decoded and reported, and the real one is not dropped', () => {
    const forged = pkt('10.66.0.1', Y1, { ...whole, payload: msg.map((b, i) => (i === 59 ? b ^ 1 : b)) });
    for (const order of [
      [pkt(X1, Y1, whole), forged],
      [forged, pkt(X1, Y1, whole)],
    ]) {
      const { real, out, anomalies, counters } = run(order);
      expect(real).toHaveLength(1);
      expect(out).toHaveLength(2); // each version decoded
      expect(anomalies.map((a) => [a.code, a.frame])).toEqual([[SCTP_ANOMALY.CROSS_PATH_TSN_CONFLICT, 2]]);
      expect(counters.get('sctp.cross-path-conflict-chunks')).toBe(1);
      expect(counters.get('sctp.retransmissions') ?? 0).toBe(0);
    }
  });

  it('the conflict is reported once per path, every chunk counted', () => {
    const bad = (tsn: number) => pkt('10.66.0.1', Y1, { ...whole, tsn, payload: msg.map((b) => b ^ 0xff) });
    const { anomalies, counters, out } = run([pkt(X1, Y1, whole), pkt(X1, Y1, { ...whole, tsn: 8 }), bad(7), bad(8)]);
    expect(anomalies.map((a) => a.code)).toEqual([SCTP_ANOMALY.CROSS_PATH_TSN_CONFLICT]);
    expect(counters.get('sctp.cross-path-conflict-chunks')).toBe(2);
    expect(out).toHaveLength(4);
  });

  it.each([
    ['another tag', pkt(X2, Y2, whole, 0x9999)],
    ['other ports', pkt(X2, Y2, whole, 0x1234, 2906)],
  ])('the same chunk with %s on another path is another association: decoded, nothing reported', (_, second) => {
    const { out, anomalies } = run([pkt(X1, Y1, whole), second]);
    expect(out).toHaveLength(2);
    expect(anomalies).toEqual([]);
  });

  it(`a path past ${MAX_PATHS} of one ports and tag stays alone: reported, its copy decoded again (as before the check)`, () => {
    const paths = Array.from({ length: MAX_PATHS }, (_, i) => pkt(`10.9.1.${i + 1}`, Y1, { ...whole, tsn: 1000 + i, payload: msg.map((b) => b ^ i ^ 0x80) }));
    const { real, anomalies } = run([...paths, pkt(X1, Y1, whole), pkt(X2, Y2, whole)]);
    expect(anomalies.map((a) => [a.code, a.frame])).toEqual([
      [SCTP_ANOMALY.PATH_GROUP_FULL, MAX_PATHS + 1],
      [SCTP_ANOMALY.PATH_GROUP_FULL, MAX_PATHS + 2],
    ]);
    expect(real).toHaveLength(2);
  });
});

describe('SctpAssocs groups the paths of one ports and tag', () => {
  const SEED = 0x811c9dc5;
  function table(capacity = 100, onFull = () => {}) {
    const t = new SctpAssocs(capacity, 8, { next: 1 }, () => {}, SEED, onFull);
    const view = new DataView(new ArrayBuffer(32));
    const at = (src: number, tag = 7, ports = 2905): number => {
      view.setInt32(0, src);
      view.setInt32(16, 0x0a000002);
      return t.lookup(view, 0, 16, 4, ports, 2905, tag);
    };
    return { t, at };
  }

  it('TSNs across the 2^32 wrap (RFC 1982): a copy before or after the wrap is told; new data after it is not looked up', () => {
    const { t, at } = table();
    const a = at(1);
    for (const tsn of [0xfffffffe, 0xffffffff, 0, 1]) expect(t.check(a, tsn | 0, tsn | 0)).toBe(0);
    const b = at(2);
    expect(t.check(b, 0xffffffff | 0, -1)).toBe(TSN_COPY);
    expect(t.check(b, 0, 0)).toBe(TSN_COPY);
    expect(t.check(b, 0xfffffffe | 0, 9)).toBe(TSN_CONFLICT);
    expect(t.check(a, 2, 2)).toBe(0); // ahead of b's latest: b not looked up
    expect(t.check(b, 2, 2)).toBe(TSN_COPY);
    expect(t.check(b, 3, 3)).toBe(0);
  });

  it("a path idle while the association's TSNs went round the 2^32 wrap is not taken for current", () => {
    const { t, at } = table();
    const a = at(1);
    const b = at(2);
    expect(t.check(a, 5, 55)).toBe(0);
    expect(t.check(b, 6, 66)).toBe(0); // a's latest 5: 6 is ahead, not looked up
    // b goes on alone past 2^31, then round to 5 again (the same content as a's TSN 5 of 2^32 TSNs ago).
    for (let tsn = 7; tsn < 2 ** 32 + 5; tsn += 2 ** 19) expect(t.check(b, tsn | 0, 1)).toBe(0);
    expect(t.check(b, 5, 55)).toBe(0);
    // Without the wrap guard: a's latest (5) would again look like b's, and TSN 5 a copy.
  });

  it('an evicted path leaves its group; a group of one is single-path again; the head is replaced', () => {
    const { t, at } = table(3);
    const a = at(1);
    t.check(a, 10, 1);
    const b = at(2);
    expect(t.check(b, 10, 1)).toBe(TSN_COPY);
    at(3, 99);
    at(4, 99); // evicts a (least recently used): b alone
    expect(t.check(b, 11, 1)).toBe(0);
    expect(at(2)).toBe(b);
    const c = at(5); // evicts the tag-99 direction at(3); joins b (the new head)
    expect(t.check(c, 11, 1)).toBe(TSN_COPY);
    expect(t.check(c, 10, 1)).toBe(TSN_COPY);
  });

  it('the group index survives the slot arrays growing (64 → 128 → 256)', () => {
    const { t, at } = table(1000);
    for (let i = 0; i < 200; i++) t.check(at(0x0b000000 + i, 0x100 + i), 1, 1);
    const a = at(1);
    t.check(a, 10, 1);
    for (let i = 0; i < 200; i++) at(0x0c000000 + i, 0x100 + i);
    expect(t.check(at(2), 10, 1)).toBe(TSN_COPY);
    expect(t.check(at(0x0c000000 + 5, 0x105), 1, 1)).toBe(TSN_COPY);
  });

  it(`at most ${MAX_PATHS} paths a group; tag 0 is never grouped`, () => {
    let full = 0;
    const { t, at } = table(100, () => full++);
    for (let i = 0; i < MAX_PATHS; i++) t.check(at(i + 1), 10 + i, 1);
    const extra = at(100);
    expect(full).toBe(1);
    expect(t.check(extra, 10, 1)).toBe(0);
    const z = at(200, 0);
    t.check(z, 50, 1);
    expect(t.check(at(201, 0), 50, 1)).toBe(0);
  });
});
