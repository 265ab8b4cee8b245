import { describe, expect, it, vi } from 'vitest';
import { TCP_ANOMALY } from '../../src/transport/tcp-stream.js';
import { SCTP_ANOMALY } from '../../src/transport/sctp.js';
import { IP_ANOMALY } from '../../src/transport/ipv4.js';
import { ipv4, ipv4Fragments, ipv6, ipv6Fragments } from '../../src/encode/ip.js';
import { DATA_FLAGS, dataFragments, initChunk, sctpPacket } from '../../src/encode/sctp.js';
import { TCP_FLAGS, tcpSegment } from '../../src/encode/tcp.js';
import { concat, diameter, frame, hex, recorder } from './fixtures.js';

const A = '192.0.2.1';
const B = '198.51.100.7';
const m3uaMsg = Uint8Array.of(1, 0, 1, 1, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0); // RFC 4666 §3.1 header shape
const d1 = diameter({ hbh: 11 });
const d2 = diameter({ hbh: 12, cmd: 318 });

function sctpOverIpv4(
  chunks: Parameters<typeof sctpPacket>[0]['chunks'],
  o: { src?: string; dst?: string; sp?: number; dp?: number; vtag?: number } = {},
): Uint8Array {
  return ipv4({
    src: o.src ?? A,
    dst: o.dst ?? B,
    proto: 132,
    payload: sctpPacket({ srcPort: o.sp ?? 2905, dstPort: o.dp ?? 2905, vtag: o.vtag ?? 0x1234, chunks }),
  });
}

describe('PacketDecoder: IPv4 → SCTP', () => {
  it('walks a bundle: M3UA DATA, SACK, Diameter DATA holding two messages (RFC 6733 §3 split)', () => {
    const { dec, out, counters } = recorder();
    dec.frame(
      frame(
        sctpOverIpv4([
          { type: 'data', tsn: 1, stream: 1, ssn: 0, ppid: 3, payload: m3uaMsg },
          { type: 'sack', cumTsn: 9 },
          { type: 'data', tsn: 2, stream: 0, ssn: 0, ppid: 46, payload: concat(d1, d2) },
        ]),
        1,
      ),
    );
    expect(out.map((p) => [p.proto, p.frameNo, p.stream, p.ppid, p.hex])).toEqual([
      ['m3ua', 1, 1, 3, hex(m3uaMsg)],
      ['diameter', 1, 0, 46, hex(d1)],
      ['diameter', 1, 0, 46, hex(d2)],
    ]);
    expect(out[0]!.flow).toMatchObject({ transport: 'sctp', src: A, dst: B, srcPort: 2905, dstPort: 2905 });
    expect(counters.get('sctp.control-chunks')).toBe(1);
  });

  it('reassembles B/M/E across frames, attributes to the last one, ignores a retransmission', () => {
    const { dec, out, counters } = recorder();
    const msg = Uint8Array.from({ length: 90 }, (_, i) => i);
    const f = dataFragments(msg, 32, { tsn: 100, stream: 2, ssn: 4, ppid: 3 });
    dec.frame(frame(sctpOverIpv4([f[0]!]), 1));
    dec.frame(frame(sctpOverIpv4([f[1]!]), 2));
    dec.frame(frame(sctpOverIpv4([f[1]!, { type: 'sack', cumTsn: 1 }]), 3)); // retransmitted middle
    expect(out).toEqual([]);
    dec.frame(frame(sctpOverIpv4([f[2]!]), 4));
    expect(out.map((p) => [p.proto, p.frameNo, p.stream, p.ppid, p.hex])).toEqual([['m3ua', 4, 2, 3, hex(msg)]]);
    expect(counters.get('sctp.retransmissions')).toBe(1);
  });

  const alt = { src: '192.0.2.101', dst: '198.51.100.107' };
  /** INIT from A naming alt.src, INIT ACK from B naming alt.dst: both paths the association's. */
  const handshake = (dec: ReturnType<typeof recorder>['dec']) => {
    dec.frame(frame(sctpOverIpv4([initChunk(1, 0x4321, [alt.src])], { vtag: 0 }), 1));
    dec.frame(frame(sctpOverIpv4([initChunk(2, 0x1234, [alt.dst])], { src: B, dst: A, vtag: 0x4321 }), 2));
  };

  it("multi-homed association (RFC 9260 §6.4): over the paths INIT / INIT ACK declared, fragments reassembled, a retransmission on the other path dropped, flows with each path's addresses", () => {
    const { dec, out, counters } = recorder();
    handshake(dec);
    const msg = Uint8Array.from({ length: 60 }, (_, i) => i);
    const f = dataFragments(msg, 32, { tsn: 100, stream: 2, ssn: 4, ppid: 3 });
    dec.frame(frame(sctpOverIpv4([f[0]!]), 3));
    dec.frame(frame(sctpOverIpv4([f[1]!], alt), 4));
    dec.frame(frame(sctpOverIpv4([f[1]!]), 5)); // the last fragment again, on the first path
    const whole = { type: 'data' as const, tsn: 102, stream: 2, ssn: 5, ppid: 3, payload: m3uaMsg };
    dec.frame(frame(sctpOverIpv4([whole]), 6));
    dec.frame(frame(sctpOverIpv4([whole], alt), 7)); // retransmitted on the alternate path
    dec.frame(frame(sctpOverIpv4([whole], { src: A, dst: alt.dst }), 8)); // and on a third pair of their addresses
    expect(out.map((p) => [p.frameNo, p.hex])).toEqual([
      [4, hex(msg)],
      [6, hex(m3uaMsg)],
    ]);
    expect(counters.get('sctp.retransmissions')).toBe(3);
    expect(out[0]!.flow).toMatchObject({ src: alt.src, dst: alt.dst });
    expect(out[1]!.flow).toMatchObject({ id: out[0]!.flow.id, src: A, dst: B });
    // The other path's flow names the direction's own (the association: detect/infer-home.ts sentBack, rt14 G5b).
    expect(out[0]!.flow.assoc).toBe(out[1]!.flow);
    expect(out[1]!.flow.assoc).toBeUndefined();
  });

  it('xport16: without an association record (no handshake seen) DATA packets never ask the endpoint records; with one, each DATA packet does', () => {
    const { dec, out } = recorder();
    const ask = vi.spyOn(dec.sctpEndpoints, 'canonicalKey');
    // TSNs past 2^31: the case whose boxed TSN argument was an allocation per packet.
    const whole = (tsn: number) => ({ type: 'data' as const, tsn, stream: 1, ssn: 0, ppid: 3, payload: m3uaMsg });
    dec.frame(frame(sctpOverIpv4([whole(0x90000001)]), 1));
    dec.frame(frame(sctpOverIpv4([whole(0x90000001)], { src: B, dst: A }), 2));
    expect(ask).not.toHaveBeenCalled();
    expect(out.map((p) => p.frameNo)).toEqual([1, 2]);
    handshake(dec);
    dec.frame(frame(sctpOverIpv4([whole(0x90000002)]), 5));
    expect(ask).toHaveBeenCalledTimes(1);
    expect(out.map((p) => p.frameNo)).toEqual([1, 2, 5]);
  });

  // Red-team rt9 MH3: the sender of a fragmented message sends decoy fragments with its TSNs and
  // its association's ports and tag from an address of neither endpoint. The receiver finds no
  // association for that source (RFC 9260 §8.4: out of the blue, discarded), so the decoys must
  // not join the association's TSN window or reassembly.
  it.each<[string, { src: string; dst?: string }, number[], boolean]>([
    ['a decoy last fragment first, from a foreign source', { src: '10.9.9.1' }, [1], false],
    ['two decoy first fragments, from a pair of neither endpoint', { src: '10.9.9.1', dst: '10.9.9.2' }, [0, 0], false],
    ['a decoy last fragment first, from a foreign source, INIT / INIT ACK seen', { src: '10.9.9.1' }, [1], true],
  ])("a decoy from an address that is not the association's does not hide the message: %s", (_, path, which, withInit) => {
    const { dec, out } = recorder();
    if (withInit) handshake(dec);
    const msg = Uint8Array.from({ length: 60 }, (_, i) => i);
    const f = dataFragments(msg, 32, { tsn: 100, stream: 2, ssn: 4, ppid: 3 });
    for (const [k, i] of which.entries()) {
      const junk = dataFragments(
        msg.map((x) => x ^ (k + 1)),
        32,
        { tsn: 100, stream: 2, ssn: 4, ppid: 3 },
      );
      dec.frame(frame(sctpOverIpv4([junk[i]!], path), 10 + k));
    }
    dec.frame(frame(sctpOverIpv4([f[0]!]), 20));
    dec.frame(frame(sctpOverIpv4([f[1]!]), 21));
    expect(out.filter((p) => p.hex === hex(msg)).map((p) => [p.frameNo, p.flow.src, p.flow.dst])).toEqual([[21, A, B]]);
  });

  // Review of the F3b fix (fragments of completed messages kept to undo a decoy): decoys reusing
  // one TSN rebuilt a large message again and again (1 → 1,001 messages, 1.94 GB), and captures
  // whose TSNs restart for every message got mixtures of old and new fragments. Dropped: a decoy
  // fragment is reported (sctp.tsn-reuse), never multiplied, and a restarting capture decodes as before.
  it('fragments: TSNs that restart for every message give one message per message', () => {
    const { dec, out } = recorder();
    const msgs = [0, 1, 2, 3, 4].map((k) => Uint8Array.from({ length: 90 }, (_, i) => (i * 7 + k) & 0xff));
    let n = 1;
    for (const msg of msgs) for (const f of dataFragments(msg, 32, { tsn: 1000, stream: 2, ssn: 4, ppid: 3 })) dec.frame(frame(sctpOverIpv4([f]), n++));
    expect(out.map((p) => p.hex)).toEqual(msgs.map(hex));
  });

  it('fragments: a decoy reusing one TSN many times is reported, not multiplied', () => {
    const { dec, out, anomalies } = recorder();
    const msg = Uint8Array.from({ length: 90 }, (_, i) => i);
    const f = dataFragments(msg, 32, { tsn: 100, stream: 2, ssn: 4, ppid: 3 });
    for (const [i, g] of f.entries()) dec.frame(frame(sctpOverIpv4([g]), i + 1));
    for (let k = 0; k < 50; k++) dec.frame(frame(sctpOverIpv4([{ ...f[1]!, payload: new Uint8Array(32).fill(k) }]), 10 + k));
    expect(out.map((p) => p.hex)).toEqual([hex(msg)]);
    expect(anomalies.map((a) => a.code)).toEqual([SCTP_ANOMALY.TSN_REUSE]);
  });

  // rt6 F3b: a decoy fragment (bad CRC32c) with the TSN of a real one replaced it, and the real
  // message was lost (reported only). Now the real version is reassembled too, within bounds.
  const junk = (g: ReturnType<typeof dataFragments>[number], fill: number, flags = g.flags ?? 0) => ({
    ...g,
    flags,
    payload: new Uint8Array(g.payload.length).fill(fill),
  });
  it.each([
    ['a decoy last fragment completes the message first (c17)', [0, 'D', 1, 2]],
    ['a decoy middle fragment before the real one', [0, 'M', 1, 2]],
    ['a decoy middle fragment after the real one', [0, 1, 'M', 2]],
    ['a decoy at the last TSN completes the message first', [0, 1, 'L', 2]],
    ['two decoys complete the message first', [0, 'D', 'D2', 1, 2]],
  ] as const)('fragments: %s: the real message is decoded too', (_, order) => {
    const { dec, out, anomalies } = recorder();
    const msg = Uint8Array.from({ length: 90 }, (_, i) => i);
    const f = dataFragments(msg, 32, { tsn: 100, stream: 2, ssn: 4, ppid: 3 });
    const chunks = { D: junk(f[1]!, 0x30, DATA_FLAGS.E), D2: junk(f[1]!, 0x31, DATA_FLAGS.E), M: junk(f[1]!, 0x30), L: junk(f[2]!, 0x30) };
    for (const [i, k] of order.entries()) dec.frame(frame(sctpOverIpv4([typeof k === 'number' ? f[k]! : chunks[k]]), i + 1));
    dec.end();
    expect(out.filter((p) => p.hex === hex(msg))).toHaveLength(1);
    expect(out.length).toBe(order.length - 2); // the real message and one per decoy
    expect(anomalies.map((a) => a.code)).toEqual([SCTP_ANOMALY.TSN_REUSE]);
  });

  // The bounds (review of the first revive: decoys on one TSN rebuilt a 256 KiB message 1,000
  // times): one alternate per pending TSN, a completed message rebuilt at most 4 times, a rebuilt
  // message never kept again. Past them a decoy is counted as a duplicate; so a real fragment sent
  // after 5 decoys that each complete the message is lost (reported: sctp.tsn-reuse).
  it.each([
    ['after the real message', [0, 1, 'D'], 1, 994],
    ['before the real last fragment', [0, 'D', 1], 0, 994],
  ] as const)('fragments: 1,000 decoys %s: at most 1 + 4 messages, one alternate per TSN', (_, order, real, dups) => {
    const { dec, out, counters, anomalies } = recorder();
    const msg = Uint8Array.from({ length: 40_000 }, (_, i) => i & 0xff);
    const f = dataFragments(msg, 20_000, { tsn: 100, stream: 2, ssn: 4, ppid: 3 }); // B 100, E 101
    let n = 1;
    for (const k of order) {
      if (k !== 'D') dec.frame(frame(sctpOverIpv4([f[k]!]), n++));
      else for (let d = 0; d < 1000; d++) dec.frame(frame(sctpOverIpv4([junk(f[1]!, d & 0xff)]), n++));
    }
    expect(out.filter((p) => p.hex === hex(msg))).toHaveLength(real);
    expect(out.length).toBe(5); // the first completion and 4 rebuilt (MAX_REVIVES)
    expect(counters.get('sctp.revived-messages')).toBe(4);
    expect(counters.get('sctp.fragment-alternates')).toBe(1);
    expect(counters.get('sctp.fragment-duplicates')).toBe(dups);
    expect(dec.tableSizes().sctpBytes).toBeLessThan(2 * 20_000 + 1024);
    dec.end();
    expect(anomalies.map((a) => a.code)).toEqual([SCTP_ANOMALY.TSN_REUSE, SCTP_ANOMALY.REASSEMBLY_INCOMPLETE]);
  });

  it('fragments: a message restarting inside the TSNs of the last one is not mixed with it', () => {
    const { dec, out, anomalies, counters } = recorder();
    const a = Uint8Array.from({ length: 90 }, (_, i) => i);
    const b = Uint8Array.from({ length: 90 }, (_, i) => 255 - i);
    let n = 1;
    for (const f of dataFragments(a, 32, { tsn: 1000, stream: 2, ssn: 4, ppid: 3 })) dec.frame(frame(sctpOverIpv4([f]), n++));
    for (const f of dataFragments(b, 32, { tsn: 1001, stream: 2, ssn: 5, ppid: 3 })) dec.frame(frame(sctpOverIpv4([f]), n++));
    dec.end();
    expect(out.map((p) => p.hex)).toEqual([hex(a), hex(b)]);
    expect(counters.get('sctp.revived-messages')).toBe(0);
    expect(anomalies.map((a) => a.code)).toEqual([SCTP_ANOMALY.TSN_REUSE]);
  });

  it('fragments: TSNs restarting with an equal first fragment (dropped as a retransmission) give the new message, not a mixture', () => {
    const { dec, out } = recorder();
    const a = Uint8Array.from({ length: 90 }, (_, i) => i);
    const b = a.slice();
    b.fill(0x77, 32); // same first fragment, other middle and last
    let n = 1;
    for (const msg of [a, b]) for (const f of dataFragments(msg, 32, { tsn: 1000, stream: 2, ssn: 4, ppid: 3 })) dec.frame(frame(sctpOverIpv4([f]), n++));
    expect(out.map((p) => p.hex)).toEqual([hex(a), hex(b)]);
  });

  it('drops a retransmitted unfragmented DATA chunk but keeps a reused TSN with new content (reported once)', () => {
    const { dec, out, anomalies } = recorder();
    const c = { type: 'data' as const, tsn: 7, stream: 0, ssn: 0, ppid: 3, payload: m3uaMsg };
    dec.frame(frame(sctpOverIpv4([c]), 1));
    dec.frame(frame(sctpOverIpv4([c]), 2));
    dec.frame(frame(sctpOverIpv4([{ ...c, ssn: 1 }]), 3));
    dec.frame(frame(sctpOverIpv4([{ ...c, ssn: 2 }]), 4));
    expect(out.map((p) => p.frameNo)).toEqual([1, 3, 4]);
    expect(anomalies.map((a) => [a.code, a.frame])).toEqual([[SCTP_ANOMALY.TSN_REUSE, 3]]);
  });

  it('a decoy chunk (bad CRC32c) equal to the real one in TSN, fields and first 16 octets: both decoded, reported (F3)', () => {
    const { dec, out, anomalies } = recorder();
    const real = concat(m3uaMsg, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8));
    const decoy = concat(m3uaMsg, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 9)); // differs in octet 24 only
    const c = { type: 'data' as const, tsn: 7, stream: 1, ssn: 0, ppid: 3 };
    const bad = sctpOverIpv4([{ ...c, payload: decoy }]);
    bad[20 + 8]! ^= 0xff; // RFC 9260 §6.8 CRC32c wrong (the field is not checked: offloaded captures)
    dec.frame(frame(bad, 1));
    dec.frame(frame(sctpOverIpv4([{ ...c, payload: real }]), 2));
    dec.frame(frame(sctpOverIpv4([{ ...c, payload: real }]), 3)); // equal to the last copy: a retransmission
    expect(out.map((p) => [p.frameNo, p.hex])).toEqual([
      [1, hex(decoy)],
      [2, hex(real)],
    ]);
    expect(anomalies.map((a) => [a.code, a.frame])).toEqual([[SCTP_ANOMALY.TSN_REUSE, 2]]);
  });

  it('verification tags and TSNs at or above 2^31 keep their associations and retransmission window apart', () => {
    const { dec, out, anomalies, counters } = recorder();
    const c = { type: 'data' as const, tsn: 0xffffffff, stream: 0, ssn: 0, ppid: 3, payload: m3uaMsg };
    const tags = [0x80000001, 0x00000001, 0xffffffff, 0x7fffffff];
    for (const [i, vtag] of tags.entries()) dec.frame(frame(sctpOverIpv4([c], { vtag }), i + 1));
    dec.frame(frame(sctpOverIpv4([c], { vtag: 0xffffffff }), 5)); // retransmission on the third association
    dec.frame(frame(sctpOverIpv4([{ ...c, ssn: 1 }], { vtag: 0x80000001 }), 6)); // TSN reused on the first
    dec.frame(frame(sctpOverIpv4([{ ...c, tsn: 0x80000000 }], { vtag: 0x80000001 }), 7)); // a new TSN
    expect(out.map((p) => p.frameNo)).toEqual([1, 2, 3, 4, 6, 7]);
    expect(new Set(out.slice(0, 4).map((p) => p.flow.id)).size).toBe(4);
    expect(out[4]!.flow.id).toBe(out[0]!.flow.id);
    expect(counters.get('sctp.retransmissions')).toBe(1);
    expect(anomalies.map((a) => [a.code, a.frame, a.detail.slice(0, 15)])).toEqual([[SCTP_ANOMALY.TSN_REUSE, 6, 'TSN 4294967295 ']]);
  });

  it('I-DATA with PPID 0 falls back to the M2PA port', () => {
    const { dec, out } = recorder();
    const m2paMsg = Uint8Array.of(1, 0, 11, 1, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0); // RFC 4165 §2.1.1: class 11, User Data
    dec.frame(frame(sctpOverIpv4([{ type: 'idata', tsn: 1, stream: 0, mid: 0, ppid: 0, payload: m2paMsg }], { sp: 40000, dp: 3565 }), 1));
    expect(out.map((p) => [p.proto, p.ppid])).toEqual([['m2pa', 0]]);
  });

  it('a header that proves another layer overrules the PPID and the port, with an anomaly (red-team finding 13)', () => {
    const { dec, out, anomalies, counters } = recorder();
    const suaMsg = Uint8Array.of(1, 0, 7, 1, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0); // RFC 3868 §3.1.2: class 7, CLDT
    const data = (tsn: number, ppid: number, payload: Uint8Array) => [{ type: 'data' as const, tsn, stream: 0, ssn: 0, ppid, payload }];
    // The same M3UA DATA under the PPIDs of other layers: an SG takes its association's layer, not the PPID.
    for (const [i, ppid] of [46, 47, 5, 4, 2].entries()) dec.frame(frame(sctpOverIpv4(data(i + 1, ppid, m3uaMsg)), i + 1));
    dec.frame(frame(sctpOverIpv4(data(10, 3, suaMsg)), 6)); // SUA under M3UA's PPID and port
    dec.frame(frame(sctpOverIpv4(data(12, 0, m3uaMsg), { sp: 1, dp: 2 }), 7)); // no PPID, no port: a SIGTRAN data header alone
    expect(out.map((p) => [p.frameNo, p.proto, p.ppid])).toEqual([
      [1, 'm3ua', 46],
      [2, 'm3ua', 47],
      [3, 'm3ua', 5],
      [4, 'm3ua', 4],
      [5, 'm3ua', 2],
      [6, 'sua', 3],
      [7, 'm3ua', 0],
    ]);
    expect(anomalies.map((a) => [a.code, a.frame])).toEqual([1, 2, 3, 4, 5, 6, 7].map((f) => [SCTP_ANOMALY.PPID_MISMATCH, f]));
    expect(anomalies[0]!.detail).toBe("PPID 46 (ports 2905→2905) names diameter; the header is m3ua's: decoded as m3ua");
    expect(counters.get('sctp.unknown-ppid') ?? 0).toBe(0);
  });

  it('a header that agrees with the PPID, or proves nothing (management classes, not a header), changes nothing', () => {
    const { dec, out, anomalies } = recorder();
    const aspUp = Uint8Array.of(1, 0, 3, 1, 0, 0, 0, 8); // ASPSM class 3: shared by M3UA, SUA, M2UA
    const data = (tsn: number, ppid: number, payload: Uint8Array) => [{ type: 'data' as const, tsn, stream: 0, ssn: 0, ppid, payload }];
    dec.frame(frame(sctpOverIpv4(data(1, 3, m3uaMsg)), 1));
    dec.frame(frame(sctpOverIpv4(data(2, 4, aspUp)), 2));
    dec.frame(frame(sctpOverIpv4(data(3, 46, d1)), 3));
    dec.frame(frame(sctpOverIpv4(data(4, 46, concat(d1, d2))), 4));
    dec.frame(frame(sctpOverIpv4(data(5, 3, Uint8Array.of(1, 0, 1, 1, 0, 0, 0, 99))), 5)); // length not the message's
    expect(out.map((p) => [p.frameNo, p.proto])).toEqual([
      [1, 'm3ua'],
      [2, 'sua'],
      [3, 'diameter'],
      [4, 'diameter'],
      [4, 'diameter'],
      [5, 'm3ua'],
    ]);
    expect(anomalies).toEqual([]);
  });

  it('whole Diameter messages under a SIGTRAN PPID, without that layer header, are Diameter (red-team S7)', () => {
    const { dec, out, anomalies } = recorder();
    const data = (tsn: number, ppid: number, payload: Uint8Array) => [{ type: 'data' as const, tsn, stream: 0, ssn: 0, ppid, payload }];
    dec.frame(frame(sctpOverIpv4(data(6, 3, d1), { sp: 1, dp: 2 }), 6));
    dec.frame(frame(sctpOverIpv4(data(7, 3, concat(d1, Uint8Array.of(0, 0))), { sp: 1, dp: 2 }), 7)); // not whole: as named
    expect(out.map((p) => [p.frameNo, p.proto])).toEqual([
      [6, 'diameter'],
      [7, 'm3ua'],
    ]);
    expect(anomalies.map((a) => [a.code, a.frame])).toEqual([['sctp.ppid-mismatch', 6]]);
  });

  it('PPID 0 on an unknown port is counted, not emitted, unless its header is a SIGTRAN data header', () => {
    const { dec, out, counters } = recorder();
    const unknown = (tsn: number, payload: Uint8Array) => [{ type: 'data' as const, tsn, stream: 0, ssn: 0, ppid: 0, payload }];
    dec.frame(frame(sctpOverIpv4(unknown(1, Uint8Array.of(2, 0, 1, 1, 0, 0, 0, 8)), { sp: 1, dp: 2 }), 1));
    dec.frame(frame(sctpOverIpv4(unknown(2, d1), { sp: 1, dp: 2 }), 2)); // a Diameter header alone is too weak a proof here
    dec.frame(frame(sctpOverIpv4(unknown(3, m3uaMsg), { sp: 1, dp: 2 }), 3));
    expect(out.map((p) => [p.frameNo, p.proto])).toEqual([[3, 'm3ua']]);
    expect(counters.get('sctp.unknown-ppid')).toBe(2);
  });

  it('one Flow object per direction, created once and reused', () => {
    const { dec, out } = recorder();
    const c = (tsn: number) => [{ type: 'data' as const, tsn, stream: 0, ssn: 0, ppid: 3, payload: m3uaMsg }];
    dec.frame(frame(sctpOverIpv4(c(1)), 1));
    dec.frame(frame(sctpOverIpv4(c(1), { src: B, dst: A, vtag: 0x9999 }), 2));
    dec.frame(frame(sctpOverIpv4(c(2)), 3));
    expect(out[0]!.flow).toBe(out[2]!.flow);
    expect(out[1]!.flow).not.toBe(out[0]!.flow);
    expect(out[1]!.flow).toMatchObject({ src: B, dst: A });
  });

  it('reassembles IPv4 fragments of an SCTP packet (fragments out of order)', () => {
    const { dec, out } = recorder();
    const big = Uint8Array.from({ length: 600 }, (_, i) => i & 0xff);
    const sctp = sctpPacket({ srcPort: 2905, dstPort: 2905, vtag: 1, chunks: [{ type: 'data', tsn: 1, stream: 0, ssn: 0, ppid: 3, payload: big }] });
    const frags = ipv4Fragments({ src: A, dst: B, proto: 132, id: 99, payload: sctp }, 256);
    dec.frame(frame(frags[2]!, 1));
    dec.frame(frame(frags[0]!, 2));
    expect(out).toEqual([]);
    dec.frame(frame(frags[1]!, 3));
    expect(out.map((p) => [p.proto, p.frameNo, p.hex])).toEqual([['m3ua', 3, hex(big)]]);
    expect(out[0]!.flow.src).toBe(A);
  });
});

describe('PacketDecoder: differing IP fragment copies (red-team F3c)', () => {
  const big = Uint8Array.from({ length: 600 }, (_, i) => i & 0xff);
  const sctp = sctpPacket({ srcPort: 2905, dstPort: 2905, vtag: 1, chunks: [{ type: 'data', tsn: 1, stream: 0, ssn: 0, ppid: 3, payload: big }] });
  const frags = (v6: boolean): Uint8Array[] =>
    v6
      ? ipv6Fragments({ src: '2001:db8::1', dst: '2001:db8::2', proto: 132, id: 99, payload: sctp }, 256)
      : ipv4Fragments({ src: A, dst: B, proto: 132, id: 99, payload: sctp }, 256);
  /** The middle fragment with one data octet changed (and, for IPv4, a wrong header checksum). */
  const decoyOf = (f: Uint8Array, v6: boolean): Uint8Array => {
    const x = f.slice();
    x[x.length - 5]! ^= 0x55;
    if (!v6) x[10]! ^= 0xff;
    return x;
  };
  const changed = big.slice();
  changed[256 * 2 - 5 - 28]! ^= 0x55; // 5 octets before the second fragment's end; 12 + 16 octets of SCTP headers

  it.each([false, true])('a decoy middle fragment before the real one (IPv6: %s): both user messages decoded', (v6) => {
    const { dec, out, anomalies } = recorder();
    const f = frags(v6);
    dec.frame(frame(f[0]!, 1));
    dec.frame(frame(decoyOf(f[1]!, v6), 2));
    dec.frame(frame(f[1]!, 3));
    dec.frame(frame(f[2]!, 4));
    expect(out.map((p) => [p.frameNo, p.hex])).toEqual([
      [4, hex(changed)],
      [4, hex(big)],
    ]);
    expect(anomalies.map((a) => [a.code, a.frame])).toEqual([
      [IP_ANOMALY.FRAG_OVERLAP, 3],
      [SCTP_ANOMALY.TSN_REUSE, 4],
    ]);
  });

  it('an overlapping IPv6 decoy (hop limit 1: it expires before the receiver) does not discard the datagram (rt7 F3)', () => {
    const { dec, out, anomalies } = recorder();
    const f = frags(true);
    const decoy = ipv6({
      src: '2001:db8::1',
      dst: '2001:db8::2',
      proto: 132,
      hopLimit: 1,
      payload: new Uint8Array(16),
      extensions: [{ type: 'fragment', offset: 8, more: true, id: 99 }],
    });
    dec.frame(frame(f[0]!, 1));
    dec.frame(frame(decoy, 2));
    dec.frame(frame(f[1]!, 3));
    dec.frame(frame(f[2]!, 4));
    expect(out.filter((p) => p.hex === hex(big)).map((p) => p.frameNo)).toEqual([4]);
    expect(anomalies.map((a) => a.code)).toContain(IP_ANOMALY.FRAG_OVERLAP);
    expect(anomalies.map((a) => a.code)).not.toContain(IP_ANOMALY.FRAG_INCOMPLETE);
  });

  it.each([false, true])('an IPv6 decoy first fragment naming another Next Header is its own version (decoy first: %s; review of the merge)', (decoyFirst) => {
    const { dec, out, counters } = recorder();
    const f = frags(true);
    // The same bytes with Next Header UDP in its Fragment header, hop limit 1 (expires before the receiver).
    const decoy = ipv6Fragments({ src: '2001:db8::1', dst: '2001:db8::2', proto: 17, hopLimit: 1, id: 99, payload: sctp }, 256)[0]!;
    const order = decoyFirst ? [decoy, f[0]!, f[1]!, f[2]!] : [f[0]!, decoy, f[1]!, f[2]!];
    order.forEach((x, i) => {
      dec.frame(frame(x, i + 1));
    });
    expect(out.map((p) => p.hex)).toEqual([hex(big)]);
    expect(counters.get('ip.udp-ignored')).toBe(1);
  });

  it.each([false, true])('datagrams reusing one IPv4 Identification are each reassembled whole (reverse order: %s)', (reverse) => {
    const { dec, out, anomalies } = recorder();
    const payloads = [0, 1, 2, 3].map((k) => Uint8Array.from({ length: 600 }, (_, i) => (i + 31 * k) & 0xff));
    let n = 1;
    for (const [k, p] of payloads.entries()) {
      const sp = sctpPacket({ srcPort: 2905, dstPort: 2905, vtag: 1, chunks: [{ type: 'data', tsn: 10 + k, stream: 0, ssn: k, ppid: 3, payload: p }] });
      const f = ipv4Fragments({ src: A, dst: B, proto: 132, id: 1, payload: sp }, 256);
      for (const g of reverse ? f.reverse() : f) dec.frame(frame(g, n++));
    }
    expect(out.map((p) => p.hex)).toEqual(payloads.map(hex));
    expect(anomalies).toEqual([]);
  });

  // rt6 F3c (c28, c29): the decoy completed the datagram and the real fragment came after it.
  it.each([
    ['a middle fragment', 1, false],
    ['the last fragment (decoy with a wrong header checksum)', 2, true],
  ] as const)('a decoy that completes the datagram first, %s: the real one rebuilds it', (_, k, badSum) => {
    const { dec, out, anomalies } = recorder();
    const f = frags(false);
    const decoy = f[k]!.slice();
    decoy[decoy.length - 5]! ^= 0x55;
    if (badSum) decoy[10]! ^= 0xff;
    const others = [0, 1, 2].filter((i) => i !== k);
    dec.frame(frame(f[others[0]!]!, 1));
    dec.frame(frame(f[others[1]!]!, 2));
    dec.frame(frame(decoy, 3));
    dec.frame(frame(f[k]!, 4));
    expect(out.map((p) => [p.frameNo, p.hex === hex(big)])).toEqual([
      [3, false],
      [4, true],
    ]);
    expect(anomalies.map((a) => [a.code, a.frame])).toEqual([
      [IP_ANOMALY.FRAG_OVERLAP, 4],
      [SCTP_ANOMALY.TSN_REUSE, 4],
    ]);
  });

  it('a late last fragment with other bytes but no wrong checksum in the datagram: a new datagram, not a rebuild', () => {
    const { dec, out } = recorder();
    const f = frags(false);
    const other = ipv4Fragments({ src: A, dst: B, proto: 132, id: 99, payload: sctp.map((b, i) => (i < 512 ? b : b ^ 1)) }, 256)[2]!;
    for (const [i, g] of [f[2]!, f[0]!, f[1]!, other].entries()) dec.frame(frame(g, i + 1));
    expect(out.map((p) => p.frameNo)).toEqual([3]);
  });

  // Review of the first version: 1,000 late 8-byte fragments re-decoded a 60 KB datagram 1,000 times.
  it.each([
    ['in one second', 0, 1],
    ['each after the last one aged out (ipFragAgeSec)', 31, 4],
  ])('1,000 late differing middle fragments %s: at most 4 rebuilds', (_, step, rebuilds) => {
    const { dec, out, counters } = recorder();
    const f = frags(false);
    const t0 = 1_700_000_000;
    for (const [i, g] of f.entries()) dec.frame(frame(g, i + 1, 101, t0));
    for (let d = 0; d < 1000; d++) {
      const late = f[1]!.slice();
      late[late.length - 5] = d & 0xff;
      dec.frame(frame(late, 4 + d, 101, t0 + step * (d + 1)));
    }
    expect(out.filter((p) => p.hex === hex(big))).toHaveLength(1);
    expect(counters.get('ip.late-rebuilds')).toBe(rebuilds); // the first late copy starts a datagram the next ones join
    expect(out.length).toBe(1 + rebuilds);
  });
});

describe('PacketDecoder: IPv6', () => {
  it('decodes SCTP after extension headers, address text per RFC 5952', () => {
    const { dec, out } = recorder();
    const sctp = sctpPacket({ srcPort: 3868, dstPort: 40000, vtag: 5, chunks: [{ type: 'data', tsn: 1, stream: 0, ssn: 0, ppid: 0, payload: d1 }] });
    dec.frame(
      frame(ipv6({ src: '2001:db8:0:0:1:0:0:1', dst: 'fe80::2', proto: 132, payload: sctp, extensions: [{ type: 'hop-by-hop' }, { type: 'destination' }] }), 1),
    );
    expect(out.map((p) => p.proto)).toEqual(['diameter']);
    expect(out[0]!.flow).toMatchObject({ src: '2001:db8::1:0:0:1', dst: 'fe80::2' });
  });

  it('reassembles IPv6 fragments (last fragment first) into a Diameter-over-SCTP packet', () => {
    const { dec, out } = recorder();
    const sctp = sctpPacket({
      srcPort: 3868,
      dstPort: 40000,
      vtag: 5,
      chunks: [{ type: 'data', tsn: 1, stream: 0, ssn: 0, ppid: 46, payload: concat(d1, d2) }],
    });
    const frags = ipv6Fragments({ src: '2001:db8::1', dst: '2001:db8::2', proto: 132, payload: sctp, id: 0x55, fragmentable: [{ type: 'destination' }] }, 64);
    for (let i = frags.length - 1; i >= 0; i--) dec.frame(frame(frags[i]!, 10 + (frags.length - 1 - i)));
    expect(out.map((p) => [p.proto, p.frameNo, p.hex])).toEqual([
      ['diameter', 9 + frags.length, hex(d1)],
      ['diameter', 9 + frags.length, hex(d2)],
    ]);
  });
});

describe('PacketDecoder: TCP → Diameter', () => {
  const seg = (o: Parameters<typeof tcpSegment>[0], src = A, dst = B): Uint8Array => ipv4({ src, dst, proto: 6, payload: tcpSegment(o) });

  it('reassembles on a configured port (3870), several messages per frame, each its own payload', () => {
    const { dec, out } = recorder({ diameterPorts: [3868, 3870] });
    dec.frame(frame(seg({ srcPort: 50000, dstPort: 3870, seq: 10, flags: TCP_FLAGS.SYN }), 1));
    dec.frame(frame(seg({ srcPort: 50000, dstPort: 3870, seq: 11, ack: 1, payload: concat(d1, d2.subarray(0, 5)) }), 2));
    dec.frame(frame(seg({ srcPort: 50000, dstPort: 3870, seq: 11 + d1.length + 5, ack: 1, payload: concat(d2.subarray(5), d1) }), 3));
    expect(out.map((p) => [p.proto, p.frameNo, p.hex])).toEqual([
      ['diameter', 2, hex(d1)],
      ['diameter', 3, hex(d2)],
      ['diameter', 3, hex(d1)],
    ]);
    expect(out[0]!.flow).toMatchObject({ transport: 'tcp', srcPort: 50000, dstPort: 3870 });
  });

  it('ignores TCP off the Diameter ports (counted)', () => {
    const { dec, out, counters } = recorder();
    dec.frame(frame(seg({ srcPort: 50000, dstPort: 3870, seq: 11, payload: d1 }), 1));
    expect(out).toEqual([]);
    expect(counters.get('tcp.not-diameter-port')).toBe(1);
  });

  it('data seen after the peer ACK that covers it (merged capture points) is still decoded, once', () => {
    const { dec, out, anomalies } = recorder();
    // Server answers first: its ACK says the client's request (seq 100..100+d1) was received.
    dec.frame(frame(seg({ srcPort: 3868, dstPort: 50000, seq: 900, ack: 100 + d1.length, payload: d2 }, B, A), 1));
    dec.frame(frame(seg({ srcPort: 50000, dstPort: 3868, seq: 100, ack: 900 + d2.length, payload: d1 }), 2)); // the request, late
    dec.frame(frame(seg({ srcPort: 50000, dstPort: 3868, seq: 100 + d1.length, ack: 900 + d2.length, payload: d2 }), 3));
    dec.frame(frame(seg({ srcPort: 50000, dstPort: 3868, seq: 100, ack: 900 + d2.length, payload: d1 }), 4)); // retransmission
    expect(out.map((p) => [p.frameNo, p.hex])).toEqual([
      [1, hex(d2)],
      [2, hex(d1)],
      [3, hex(d2)],
    ]);
    expect(anomalies).toEqual([]);
  });

  it('a decoy segment (bad TCP checksum) before the real one at its sequence number: both decoded, reported (F4)', () => {
    const { dec, out, anomalies } = recorder();
    const real = diameter({ hbh: 7, cmd: 318, host: 'mme1.example.org' });
    const decoy = diameter({ hbh: 7, cmd: 280, app: 0, host: 'mme9.example.org' });
    const tcp = (payload: Uint8Array, bad: boolean): Uint8Array => {
      const t = tcpSegment({ srcPort: 40000, dstPort: 3868, seq: 5000, ack: 1, payload, checksumIpv4: { src: A, dst: B } });
      if (bad) t[16]! ^= 0xff; // RFC 9293 §3.1 checksum: the receiver drops this copy
      return ipv4({ src: A, dst: B, proto: 6, payload: t });
    };
    dec.frame(frame(ipv4({ src: A, dst: B, proto: 6, payload: tcpSegment({ srcPort: 40000, dstPort: 3868, seq: 4999, flags: TCP_FLAGS.SYN }) }), 1));
    dec.frame(frame(tcp(decoy, true), 2));
    dec.frame(frame(tcp(real, false), 3));
    expect(out.map((p) => [p.frameNo, p.hex])).toEqual([
      [2, hex(decoy)],
      [3, hex(real)],
    ]);
    expect(anomalies.map((a) => [a.code, a.frame])).toEqual([[TCP_ANOMALY.OVERLAP_CONFLICT, 3]]);
  });

  it('a shorter decoy segment (bad TCP checksum) kept first: the real segment is decoded, and what follows', () => {
    const { dec, out, anomalies } = recorder();
    const real = diameter({ hbh: 7, cmd: 318, host: 'mme1.epc.mnc000.mcc460.3gppnetwork.org' });
    const decoy = diameter({ hbh: 7, cmd: 280, app: 0, host: 'mme9.example.org' });
    const next = diameter({ hbh: 8, cmd: 318, host: 'mme1.epc.mnc000.mcc460.3gppnetwork.org' });
    const tcp = (seq: number, payload: Uint8Array, bad: boolean): Uint8Array => {
      const t = tcpSegment({ srcPort: 40000, dstPort: 3868, seq, ack: 1, payload, checksumIpv4: { src: A, dst: B } });
      if (bad) t[16]! ^= 0xff; // RFC 9293 §3.1 checksum: the receiver drops this copy
      return ipv4({ src: A, dst: B, proto: 6, payload: t });
    };
    dec.frame(frame(ipv4({ src: A, dst: B, proto: 6, payload: tcpSegment({ srcPort: 40000, dstPort: 3868, seq: 4999, flags: TCP_FLAGS.SYN }) }), 1));
    dec.frame(frame(tcp(5000, decoy, true), 2));
    dec.frame(frame(tcp(5000, real, false), 3));
    dec.frame(frame(tcp(5000 + real.length, next, false), 4));
    expect(decoy.length).toBeLessThan(real.length);
    expect(out.map((p) => [p.frameNo, p.hex])).toEqual([
      [2, hex(decoy)],
      [3, hex(real)],
      [4, hex(next)],
    ]);
    expect(anomalies.map((a) => [a.code, a.frame])).toEqual([[TCP_ANOMALY.OVERLAP_CONFLICT, 3]]);
  });

  it('FIN closes the direction and reports a half-read message; RST closes both directions', () => {
    const { dec, anomalies, counters } = recorder();
    dec.frame(frame(seg({ srcPort: 50000, dstPort: 3868, seq: 0, flags: TCP_FLAGS.SYN }), 1));
    dec.frame(frame(seg({ srcPort: 50000, dstPort: 3868, seq: 1, payload: d1.subarray(0, 24) }), 2));
    dec.frame(frame(seg({ srcPort: 50000, dstPort: 3868, seq: 25, flags: TCP_FLAGS.FIN | TCP_FLAGS.ACK }), 3));
    expect(anomalies.map((a) => [a.code, a.frame])).toEqual([[TCP_ANOMALY.INCOMPLETE_MESSAGE, 3]]);
    expect(counters.get('tcp.incomplete-messages')).toBe(1);
    dec.frame(frame(seg({ srcPort: 50002, dstPort: 3868, seq: 0, flags: TCP_FLAGS.SYN }), 4));
    dec.frame(frame(seg({ srcPort: 50002, dstPort: 3868, seq: 1, payload: d2.subarray(0, 30) }), 5));
    dec.frame(frame(seg({ srcPort: 3868, dstPort: 50002, seq: 0, flags: TCP_FLAGS.RST }, B, A), 6));
    expect(anomalies.map((a) => [a.code, a.frame])).toEqual([
      [TCP_ANOMALY.INCOMPLETE_MESSAGE, 3],
      [TCP_ANOMALY.INCOMPLETE_MESSAGE, 6],
    ]);
    dec.end(); // nothing left to report: both streams were removed
    expect(anomalies).toHaveLength(2);
  });

  it('bounds the flow table (tcpFlows) with LRU eviction reported as an anomaly', () => {
    const { dec, out, anomalies } = recorder({ limits: { tcpFlows: 1 } });
    dec.frame(frame(seg({ srcPort: 50000, dstPort: 3868, seq: 0, flags: TCP_FLAGS.SYN }), 1));
    dec.frame(frame(seg({ srcPort: 50000, dstPort: 3868, seq: 1, payload: d1.subarray(0, 10) }), 2));
    dec.frame(frame(seg({ srcPort: 50001, dstPort: 3868, seq: 1, payload: d2 }), 3));
    expect(anomalies.map((a) => [a.code, a.frame])).toEqual([
      [TCP_ANOMALY.INCOMPLETE_MESSAGE, 3],
      [TCP_ANOMALY.FLOW_EVICTED, 3],
    ]);
    expect(out.map((p) => p.hex)).toEqual([hex(d2)]);
  });

  it('expires idle flows by capture time (tcpFlowAgeSec)', () => {
    const { dec, counters } = recorder({ limits: { tcpFlowAgeSec: 10 } });
    dec.frame(frame(seg({ srcPort: 50000, dstPort: 3868, seq: 1, payload: d1 }), 1, 101, 1000));
    dec.frame(frame(seg({ srcPort: 50001, dstPort: 3868, seq: 1, payload: d1 }), 2, 101, 1011));
    expect(counters.get('tcp.flows-expired')).toBe(1);
  });
});

describe('PacketDecoder: other links and protocols', () => {
  it('passes MTP3 frames (LINKTYPE_MTP3 141) through on a per-link mtp2 flow', () => {
    const { dec, out } = recorder();
    const msu = Uint8Array.of(0x83, 1, 2, 3, 4, 5, 6);
    dec.frame(frame(msu, 1, 141));
    dec.frame(frame(msu, 2, 141));
    expect(out.map((p) => [p.proto, p.hex])).toEqual([
      ['mtp3', hex(msu)],
      ['mtp3', hex(msu)],
    ]);
    expect(out[0]!.flow).toBe(out[1]!.flow);
    expect(out[0]!.flow).toMatchObject({ transport: 'mtp2', src: '', dst: '' });
  });

  it('counts UDP, reports bad IP headers and keeps decoding', () => {
    const { dec, out, anomalies, counters } = recorder();
    dec.frame(frame(ipv4({ src: A, dst: B, proto: 17, payload: new Uint8Array(8) }), 1));
    dec.frame(frame(ipv4({ src: A, dst: B, proto: 132, payload: new Uint8Array(8), ihl: 4 }), 2));
    dec.frame(frame(sctpOverIpv4([{ type: 'data', tsn: 1, stream: 0, ssn: 0, ppid: 3, payload: m3uaMsg, flags: DATA_FLAGS.B | DATA_FLAGS.E }]), 3));
    expect(counters.get('ip.udp-ignored')).toBe(1);
    expect(anomalies.map((a) => [a.code, a.layer, a.frame])).toEqual([['ip.bad-header-length', 'ip', 2]]);
    expect(out.map((p) => p.frameNo)).toEqual([3]);
  });

  it('reports incomplete IP and SCTP reassembly at end()', () => {
    const { dec, anomalies } = recorder();
    const firstFragment = dataFragments(new Uint8Array(40), 20, { tsn: 1, stream: 0, ssn: 0, ppid: 3 })[0]!;
    dec.frame(frame(ipv4Fragments({ src: A, dst: B, proto: 132, id: 5, payload: new Uint8Array(64) }, 32)[0]!, 1));
    dec.frame(frame(sctpOverIpv4([firstFragment]), 2));
    expect(anomalies).toEqual([]);
    dec.end();
    expect(anomalies.map((a) => a.code).sort()).toEqual(['ip.fragment-incomplete', 'sctp.reassembly-incomplete']);
  });
});
