import { describe, expect, it } from 'vitest';
import { ipv4 } from '../../src/encode/ip.js';
import { dataFragments, sctpPacket } from '../../src/encode/sctp.js';
import { SCTP_ANOMALY } from '../../src/transport/sctp.js';
import { frame, hex, recorder } from './fixtures.js';

// Red-team rt11 R6: a user message whose fragments travel on two paths of a multi-homed association
// set up before the capture (no INIT / INIT ACK naming its addresses: RFC 9260 §6.4, any chunk on any
// path; §8.5, the same tag on each) was never reassembled. Each path keeps its own reassembly (rt9
// MH3); a message that completes only across paths of one ports + tag is decoded as an extra version.

const X1 = '10.9.0.1';
const X2 = '10.9.0.5';
const Y1 = '10.0.0.2';
const Y2 = '10.0.0.6';
const DECOY = '10.66.0.1';

type Chunk = Parameters<typeof sctpPacket>[0]['chunks'][number];
const pkt = (src: string, dst: string, chunk: Chunk, vtag = 0x1234) =>
  ipv4({ src, dst, proto: 132, payload: sctpPacket({ srcPort: 2905, dstPort: 2905, vtag, chunks: [chunk] }) });

const msg = Uint8Array.from({ length: 60 }, (_, i) => i);
const frags = () => dataFragments(msg, 32, { tsn: 100, stream: 1, ssn: 0, ppid: 3 }); // B 100, E 101
const junk = (c: ReturnType<typeof frags>[number], fill: number) => ({ ...c, payload: new Uint8Array(c.payload.length).fill(fill) });

function run(packets: Uint8Array[]) {
  const r = recorder();
  for (const [i, p] of packets.entries()) r.dec.frame(frame(p, i + 1));
  r.dec.end();
  return { ...r, real: r.out.filter((p) => p.hex === hex(msg)) };
}

describe('SCTP: a message fragmented over two paths of one ports + tag, no INIT (rt11 R6)', () => {
  it.each([
    ['two source addresses', X2, Y1],
    ['two destination addresses', X1, Y2],
  ])('%s: reassembled once, on the completing path, nothing reported incomplete', (_, src, dst) => {
    const f = frags();
    const { out, real, anomalies, counters } = run([pkt(X1, Y1, f[0]!), pkt(src, dst, f[1]!)]);
    expect(real.map((p) => [p.frameNo, p.flow.src, p.flow.dst])).toEqual([[2, src, dst]]);
    expect(out).toHaveLength(1);
    expect(counters.get('sctp.cross-path-messages')).toBe(1);
    expect(anomalies).toEqual([]);
  });

  it('another tag or other ports are another association: not joined', () => {
    const f = frags();
    const other = ipv4({ src: X2, dst: Y1, proto: 132, payload: sctpPacket({ srcPort: 2906, dstPort: 2905, vtag: 0x1234, chunks: [f[1]!] }) });
    for (const second of [pkt(X2, Y1, f[1]!, 0x9999), other]) {
      const { out, anomalies } = run([pkt(X1, Y1, f[0]!), second]);
      expect(out).toEqual([]);
      expect(anomalies.map((a) => a.code)).toEqual([SCTP_ANOMALY.REASSEMBLY_INCOMPLETE, SCTP_ANOMALY.REASSEMBLY_INCOMPLETE]);
    }
  });

  it('a retransmission of a fragment, on its first path or a third one, does not decode the message again', () => {
    const f = frags();
    const { real, counters } = run([pkt(X1, Y1, f[0]!), pkt(X2, Y1, f[1]!), pkt(X1, Y1, f[1]!), pkt(X1, Y2, f[1]!), pkt(X2, Y2, f[0]!)]);
    expect(real.map((p) => p.frameNo)).toEqual([2]);
    expect(counters.get('sctp.cross-path-duplicates')).toBe(3);
  });

  // rt9 MH3 kept: a decoy with the association's ports and tag from an address of neither endpoint
  // (out of the blue to the receiver, RFC 9260 §8.4) must not take the place of a real fragment.
  it('decoy last fragments from two foreign paths sent first do not hide the real one on the second path', () => {
    const f = frags();
    const { real, out } = run([pkt(X1, Y1, f[0]!), pkt(DECOY, Y1, junk(f[1]!, 0x30)), pkt('10.66.0.2', Y1, junk(f[1]!, 0x31)), pkt(X2, Y1, f[1]!)]);
    expect(real.map((p) => [p.frameNo, p.flow.src])).toEqual([[4, X2]]);
    expect(out.length).toBe(3); // the real message and one per decoy: each version decoded, none lost
  });

  it("a decoy completing across paths first does not take the first fragment from its own path's message", () => {
    const f = frags();
    const { real } = run([pkt(X1, Y1, f[0]!), pkt(DECOY, Y1, junk(f[1]!, 0x30)), pkt(X1, Y1, f[1]!)]);
    expect(real.map((p) => [p.frameNo, p.flow.src])).toEqual([[3, X1]]);
  });

  it('a decoy first fragment on a foreign path does not hide the real first fragment', () => {
    const f = frags();
    const { real } = run([pkt(DECOY, Y1, junk(f[0]!, 0x30)), pkt(X1, Y1, f[0]!), pkt(X2, Y1, f[1]!)]);
    expect(real.map((p) => [p.frameNo, p.flow.src])).toEqual([[3, X2]]);
  });

  it('a run longer than 64 fragments across paths is not walked (bounded work), counted', () => {
    const long = Uint8Array.from({ length: 100 * 8 }, (_, i) => i & 0xff);
    const f = dataFragments(long, 8, { tsn: 1000, stream: 1, ssn: 0, ppid: 3 });
    const { out, counters } = run(f.map((c, i) => pkt(i % 2 === 0 ? X1 : X2, Y1, c)));
    expect(out).toEqual([]);
    // Once per fragment whose run reaches 64 (fragments 63–99), not once per path preferred
    // (review 13-C #3: twice each with 2 paths).
    expect(counters.get('sctp.cross-path-too-long')).toBe(37);
  });

  it('a message of 40 fragments alternating between two paths is reassembled once', () => {
    const m = Uint8Array.from({ length: 40 * 8 }, (_, i) => (i * 3) & 0xff);
    const f = dataFragments(m, 8, { tsn: 1000, stream: 1, ssn: 0, ppid: 3 });
    const { out } = run(f.map((c, i) => pkt(i % 2 === 0 ? X1 : X2, Y1, c)));
    expect(out.map((p) => p.hex)).toEqual([hex(m)]);
  });

  it('review 12-A #3: a decoy last fragment on the first path, before the real one on the second, does not lose the real message', () => {
    const f = frags();
    const { out, real } = run([pkt(X1, Y1, f[0]!), pkt(X1, Y1, junk(f[1]!, 0x30)), pkt(X2, Y1, f[1]!)]);
    expect(out.length).toBe(2); // the decoy's version on X1 and the real one across paths
    expect(real.map((p) => p.frameNo)).toEqual([3]);
  });

  it('review 12-A #5: a fragment at its TSNs on a third path does not decode a cross-path message again, however many went since', () => {
    const f = frags();
    const X3 = '10.9.0.9';
    const many: Uint8Array[] = [];
    for (let k = 0; k < 80; k++) {
      const m = dataFragments(
        Uint8Array.from({ length: 60 }, (_, i) => (i + k + 1) & 0xff),
        32,
        { tsn: 200 + 2 * k, stream: 1, ssn: 0, ppid: 3 },
      );
      many.push(pkt(X1, Y1, m[0]!), pkt(X2, Y1, m[1]!));
    }
    const { real, counters } = run([pkt(X1, Y1, f[0]!), pkt(X2, Y1, f[1]!), ...many, pkt(X3, Y1, junk(f[1]!, 0x30))]);
    expect(counters.get('sctp.cross-path-messages')).toBe(81 + 1); // and the decoy's version across X1 and X3
    expect(real.length).toBe(1);
  });

  it.each([4, 8, 40])(
    'review 12-A #4: lone decoy first fragments from %i more addresses, before or after the real first one, do not hide it (no path limit)',
    (k) => {
      const f = frags();
      const first = (i: number) => ({ ...f[0]!, tsn: 5000 + 2 * i, payload: new Uint8Array(8).fill(i) }); // B, never ended
      const decoys = Array.from({ length: k }, (_, i) => pkt(`10.66.${i >> 8}.${i & 255}`, Y1, first(i)));
      for (const order of [
        [pkt(X1, Y1, f[0]!), ...decoys],
        [...decoys, pkt(X1, Y1, f[0]!)],
      ]) {
        const { real, dec } = run([...order, pkt(X2, Y1, f[1]!)]);
        expect(real.map((p) => p.frameNo)).toEqual([k + 2]);
        expect(dec.tableSizes().sctpCrossIndexed).toBe(0); // flushed at the end: nothing left indexed
      }
    },
  );

  it('review 12-A #4: decoy first fragments at the real TSN from six more addresses do not hide the real one; one TSN indexes at most 8 versions', () => {
    const f = frags();
    const decoys = Array.from({ length: 6 }, (_, i) => pkt(`10.66.0.${i}`, Y1, junk(f[0]!, 0x40 + i)));
    const { real, out } = run([pkt(X1, Y1, f[0]!), ...decoys, pkt(X2, Y1, f[1]!)]);
    expect(real.map((p) => p.frameNo)).toEqual([8]);
    expect(out.length).toBe(7); // and each decoy's version
    const many = Array.from({ length: 20 }, (_, i) => pkt(`10.66.1.${i}`, Y1, junk(f[0]!, 0x50 + i)));
    const r = recorder();
    for (const [i, p] of [pkt(X1, Y1, f[0]!), ...many].entries()) r.dec.frame(frame(p, i + 1));
    expect(r.dec.tableSizes().sctpCrossIndexed).toBe(8);
    expect(r.counters.get('sctp.cross-path-index-full')).toBe(13);
    // Reported with its frame (the 9th to 21st: the real one and 7 decoys were indexed).
    const full = r.anomalies.filter((a) => a.code === SCTP_ANOMALY.CROSS_PATH_INDEX_FULL);
    expect(full.map((a) => [a.frame, a.layer])).toEqual(Array.from({ length: 13 }, (_, i) => [9 + i, 'sctp']));
    expect(full[0]!.detail).toContain('TSN 100 has 8 versions');
    r.dec.frame(frame(pkt(X2, Y1, f[1]!), 22));
    expect(r.out.filter((p) => p.hex === hex(msg)).map((p) => p.frameNo)).toEqual([22]); // the real one, indexed first
  });

  it('a message completed on its own path leaves nothing indexed but its fragments kept for a revive', () => {
    const r = recorder();
    for (let k = 0; k < 40; k++) {
      const m = dataFragments(
        Uint8Array.from({ length: 60 }, (_, i) => (i + k) & 0xff),
        32,
        { tsn: 100 + 2 * k, stream: 1, ssn: 0, ppid: 3 },
      );
      r.dec.frame(frame(pkt(X1, Y1, m[0]!), 2 * k + 1));
      expect(r.dec.tableSizes().sctpCrossIndexed).toBeLessThanOrEqual(17); // this B and ≤ 16 kept messages' first fragments
      r.dec.frame(frame(pkt(X1, Y1, m[1]!), 2 * k + 2));
    }
    expect(r.out.length).toBe(40);
    expect(r.dec.tableSizes().sctpCrossIndexed).toBe(16);
  });

  it('review 12-A #4: lone decoy fragments from four more addresses do not push the real first path out of the paths remembered', () => {
    const f = frags();
    const mid = (tsn: number) => ({ ...f[0]!, tsn, flags: 0, payload: new Uint8Array(8) }); // neither B nor E
    const decoys = [1, 2, 3, 4].map((i) => pkt(`10.66.0.${i}`, Y1, mid(5000 + i)));
    expect(run([pkt(X1, Y1, f[0]!), ...decoys, pkt(X2, Y1, f[1]!)]).real.map((p) => p.frameNo)).toEqual([6]);
  });
});
