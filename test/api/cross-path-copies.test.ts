/**
 * One SCTP message captured on two paths of an association seen without its handshake (review 13-C
 * #7: RFC 9260 §6.4.1 retransmits on another path; a tap on both sides of an address-translating
 * border sees each packet twice, 15-C #2): one event per message. A copy is dropped only once each
 * path's own layers decoded it (api/cross-path-copies.ts), so a forged first copy on an undeclared
 * path cannot take the real message from SCTP reassembly, SCCP / SUA segmentation or Diameter
 * matching (review 15-C #1: path15 dropped the real chunk as a retransmission), and one far-ahead
 * TSN switches nothing off (15-C #3). The review's reproductions (/tmp/review15-c/s1–s10) are here.
 */
import { describe, expect, it, vi } from 'vitest';
import { CrossPathCopies } from '../../src/api/cross-path-copies.js';
import { Decoder } from '../../src/api/decoder.js';
import { Scanner } from '../../src/api/scanner.js';
import type { Anomaly } from '../../src/core/anomaly.js';
import { foldBytes } from '../../src/core/hash.js';
import { Counters } from '../../src/core/stats.js';
import { HomeInference } from '../../src/detect/infer-home.js';
import { loadProfile } from '../../src/detect/profile.js';
import { avp, buildDiameter, msisdnAvp } from '../../src/encode/diameter.js';
import { ipv4 } from '../../src/encode/ip.js';
import { mapArg } from '../../src/encode/map.js';
import { ethernet, writePcap } from '../../src/encode/pcap.js';
import { encodeSccp, encodeSccpSegments } from '../../src/encode/sccp.js';
import { dataFragments, initChunk, sctpPacket, type SctpChunk } from '../../src/encode/sctp.js';
import { encodeM3uaData, encodeSuaCldt } from '../../src/encode/sigtran.js';
import { tlv } from '../../src/encode/ber.js';
import { tcap, tcBegin } from '../../src/encode/tcap.js';
import { MessageRecord } from '../../src/events/record.js';
import type { DiameterEvent, SignallingEvent } from '../../src/events/types.js';
import { SCTP_ANOMALY } from '../../src/transport/sctp.js';
import type { Flow, Payload } from '../../src/transport/types.js';

const GMLC = 'gmlc.epc.mnc010.mcc440.3gppnetwork.org';
const plr = (hbh = 77, msisdn = '12025550032') =>
  buildDiameter({
    cmd: 8388620,
    app: 16777255,
    request: true,
    proxyable: true,
    hbh,
    e2e: hbh,
    avps: [avp(263, `${GMLC};1;${hbh}`), avp(264, GMLC), avp(296, 'epc.mnc010.mcc440.3gppnetwork.org'), avp(1, '310410100000032'), msisdnAvp(msisdn)],
  });
const pla = (hbh = 77) =>
  buildDiameter({ cmd: 8388620, app: 16777255, request: false, proxyable: true, hbh, e2e: hbh, avps: [avp(263, `${GMLC};1;${hbh}`), avp(268, 2001)] });

const X1 = '10.0.0.1';
const X2 = '10.0.1.1';
const Y1 = '10.0.0.2';
const Y2 = '10.0.1.2';
const P = '10.66.0.1'; // forged: no address of either endpoint
const T0 = 1_742_631_800;

interface Frame {
  tsSec: number;
  tsNsec: number;
  data: Uint8Array;
}
let t = 0;
/** X → Y (ports 3868 → 3869) packets carry Y's tag 0x2222, Y → X packets X's 0x1111. */
function frame(src: string, dst: string, vtag: number, chunks: SctpChunk[], ports: [number, number] = [3868, 3869], at?: number): Frame {
  t++;
  const sctp = sctpPacket({ srcPort: ports[0], dstPort: ports[1], vtag, checksum: true, chunks });
  return { tsSec: T0 + (at ?? t), tsNsec: 0, data: ethernet(0x0800, ipv4({ src, dst, proto: 132, id: t & 0xffff, payload: sctp })) };
}
const xy = (src: string, dst: string, chunks: SctpChunk[], at?: number) => frame(src, dst, 0x2222, chunks, [3868, 3869], at);
const yx = (src: string, dst: string, chunks: SctpChunk[], at?: number) => frame(src, dst, 0x1111, chunks, [3869, 3868], at);
const data = (tsn: number, payload: Uint8Array, ppid = 46) => ({ type: 'data' as const, tsn, stream: 1, ssn: 0, ppid, payload });
const handshake = (xs: string[], ys: string[]) => [frame(X1, Y1, 0, [initChunk(1, 0x1111, xs)]), yx(Y1, X1, [initChunk(2, 0x2222, ys)])];

function decode(frames: Frame[]) {
  const events: SignallingEvent[] = [];
  const anomalies: Anomaly[] = [];
  const d = new Decoder({ onEvent: (e) => events.push(e), onAnomaly: (a) => anomalies.push(a) });
  d.push(writePcap(frames, { linkType: 1 }));
  d.end();
  const dia = events.filter((e): e is DiameterEvent => e.protocol === 'diameter');
  return {
    d,
    events,
    anomalies: anomalies.map((a) => [a.code, a.frame]),
    requests: dia.filter((e) => e.diameter.request).map((e) => [e.frame, e.subscriber.msisdn]),
    answers: dia.filter((e) => !e.diameter.request).map((e) => [e.frame, e.diameter.requestFrame, e.subscriber.msisdn]),
    copies: d.stats['sctp.cross-path-copies'] ?? 0,
  };
}

describe('honest copies of a message on two paths, no handshake: one event per message', () => {
  it('a retransmission on the alternate path (the path s first DATA): once, counted', () => {
    const r = decode([xy(X1, Y1, [data(1, plr())]), xy(X2, Y2, [data(1, plr())]), yx(Y1, X1, [data(1, pla())])]);
    expect(r.requests).toEqual([[1, '12025550032']]);
    expect(r.answers).toEqual([[3, 1, '12025550032']]);
    expect([r.copies, r.anomalies]).toEqual([1, []]);
  });

  it('every message on both paths, interleaved, later retransmissions on either path, a third path: each once', () => {
    const frames: Frame[] = [];
    for (let k = 0; k < 4; k++) frames.push(xy(X1, Y1, [data(1 + k, plr(100 + k))]), xy(X2, Y2, [data(1 + k, plr(100 + k))]));
    frames.push(xy(X1, Y2, [data(3, plr(102))]), xy(X1, Y1, [data(2, plr(101))]));
    const r = decode(frames);
    expect(r.requests.map(([f]) => f)).toEqual([1, 3, 5, 7]);
    expect(r.copies).toBe(5);
    expect(r.anomalies).toEqual([]);
  });

  it('15-C #2: both sides of an address-translating border (each packet twice, answers first seen outside): every answer matched, each once but the first', () => {
    const IN = '10.0.0.1';
    const OUT = '192.0.2.1';
    const frames: Frame[] = [];
    for (let k = 0; k < 3; k++) {
      frames.push(xy(IN, Y1, [data(1 + k, plr(100 + k))]), xy(OUT, Y1, [data(1 + k, plr(100 + k))]));
      frames.push(yx(Y1, OUT, [data(1 + k, pla(100 + k))]), yx(Y1, IN, [data(1 + k, pla(100 + k))]));
    }
    const r = decode(frames);
    expect(r.requests.map(([f]) => f)).toEqual([1, 5, 9]);
    // The first answer is the first DATA of the second Y → X path: its copy on the first was not
    // remembered (no group yet), and an answer holds its path's match, which only a remembered copy
    // can be compared with: delivered on both paths (cross-path-copies.ts, fromBytes). Review 16-B
    // #3: an answer matched on its path to a request dropped as a copy names the delivered request
    // (1, 5, 9), never the dropped one's frame (2, 6, 10), which has no event.
    expect(r.answers).toEqual([
      [3, 1, '12025550032'],
      [4, 1, '12025550032'],
      [7, 5, '12025550032'],
      [11, 9, '12025550032'],
    ]);
    const delivered = new Set(r.events.map((e) => e.frame));
    for (const [, requestFrame] of r.answers) expect(delivered.has(requestFrame as number)).toBe(true);
    expect(r.anomalies).toEqual([]);
  });

  it('a fragmented message on both paths once the paths are grouped: once', () => {
    const F = dataFragments(plr(), 64, { tsn: 100, stream: 1, ssn: 0, ppid: 46 });
    const frames = [xy(X1, Y1, [data(1, plr(5))]), xy(X2, Y2, [data(1, plr(5))])];
    for (const c of F) frames.push(xy(X1, Y1, [c]), xy(X2, Y2, [c]));
    const r = decode(frames);
    expect(r.requests.map(([f]) => f)).toEqual([1, 2 + 2 * F.length - 1]);
  });

  it('a copy more than 600 s (RFC 9260 RTO.Max × Association.Max.Retrans) after its message is decoded again', () => {
    // Answers: only a remembered copy tells them (no TSN window witness: cross-path-copies.ts fromBytes).
    const r = decode([
      xy(X1, Y1, [data(1, plr())], 0),
      xy(X2, Y2, [data(9, plr(79))], 0), // the paths grouped
      xy(X1, Y1, [data(2, pla(78))], 1),
      xy(X1, Y1, [data(3, pla(80))], 1),
      xy(X2, Y2, [data(3, pla(80))], 600),
      xy(X2, Y2, [data(2, pla(78))], 702),
    ]);
    expect(r.answers.map(([f]) => f)).toEqual([3, 4, 6]);
  });

  it.each([
    ['another tag', frame(X2, Y2, 0x9999, [data(1, plr())])],
    ['other ports', frame(X2, Y2, 0x2222, [data(1, plr())], [3870, 3869])],
  ])('the same chunk with %s is another association: both decoded', (_, second) => {
    const r = decode([xy(X1, Y1, [data(1, plr())]), second]);
    expect(r.requests).toHaveLength(2);
    expect(r.copies).toBe(0);
  });
});

describe('a forged first copy on an undeclared path does not take the real message (review 15-C #1)', () => {
  it('unfragmented Diameter, no handshake: the message is delivered once, the real answer matched to the real request, named as delivered', () => {
    const r = decode([xy(P, Y1, [data(1, plr())]), xy(X1, Y1, [data(1, plr())]), yx(Y1, X1, [data(1, pla())])]);
    expect(r.requests).toEqual([[1, '12025550032']]);
    // Matched on X1's path to frame 2, dropped as the copy of frame 1 (the witness: P's first TSN): review 16-B #3.
    expect(r.answers).toEqual([[3, 1, '12025550032']]);
  });

  it('16-B #3: a request copy dropped in favour of a remembered one (the paths grouped before): its answer names the delivered frame', () => {
    const r = decode([
      xy(X1, Y1, [data(1, plr(70))]),
      xy(X2, Y2, [data(9, plr(71))]),
      xy(X1, Y1, [data(2, plr())]),
      xy(X2, Y2, [data(2, plr())]),
      yx(Y2, X2, [data(1, pla())]),
    ]);
    expect(r.requests.map(([f]) => f)).toEqual([1, 2, 3]);
    expect(r.answers).toEqual([[5, 3, '12025550032']]);
  });

  it('unfragmented Diameter, handshake captured: the forged path is never grouped with the bound one (both decoded, the answer matched)', () => {
    const r = decode([...handshake([X2], [Y2]), xy(P, Y1, [data(1, plr())]), xy(X1, Y1, [data(1, plr())]), yx(Y1, X1, [data(1, pla())])]);
    expect(r.requests.map(([f]) => f)).toEqual([3, 4]);
    expect(r.answers).toEqual([[5, 4, '12025550032']]);
    expect(r.copies).toBe(0);
  });

  it('a forged copy of an answer first (unmatched on its path): the real, matched answer is delivered too, the difference reported', () => {
    const r = decode([
      xy(X1, Y1, [data(1, plr(76))]),
      yx(Y1, X1, [data(1, pla(76))]),
      xy(X1, Y1, [data(2, plr())]),
      yx(P, X1, [data(2, pla())]),
      yx(Y1, X1, [data(2, pla())]),
    ]);
    expect(r.answers).toEqual([
      [2, 1, '12025550032'],
      [4, undefined, undefined],
      [5, 3, '12025550032'],
    ]);
    expect(r.anomalies).toEqual([[SCTP_ANOMALY.CROSS_PATH_COPY_DIFFERS, 5]]);
  });

  it('s9: a copy of the first fragment 40 s early on the forged path (aged out of the reassembly): the PLR is decoded', () => {
    const F = dataFragments(plr(), 64, { tsn: 100, stream: 1, ssn: 0, ppid: 46 });
    for (const hs of [[], handshake([], [])]) {
      const r = decode([...hs, xy(P, Y1, [F[0]!], 1), ...F.map((c) => xy(X1, Y1, [c], 41))]);
      expect(r.requests).toEqual([[hs.length + 1 + F.length, '12025550032']]);
    }
  });

  it('other content with the TSN of a real chunk, in either order: both decoded, reported once per path, every chunk counted', () => {
    for (const order of [
      [xy(X1, Y1, [data(1, plr())]), xy(P, Y1, [data(1, plr(77, '12025550099'))])],
      [xy(P, Y1, [data(1, plr(77, '12025550099'))]), xy(X1, Y1, [data(1, plr())])],
    ]) {
      const r = decode([
        ...order,
        xy(X1, Y1, [data(2, plr(78))]),
        xy(P, Y1, [data(2, plr(78, '12025550098'))]),
        xy(P, Y1, [data(3, plr(79, '1202555097'))]),
        xy(X1, Y1, [data(3, plr(79))]),
      ]);
      expect(r.requests.map(([, m]) => m).sort()).toEqual(['12025550032', '12025550032', '12025550032', '12025550098', '12025550099', '1202555097']);
      // The first TSN: the path that came second was grouped then, the first one's message not
      // remembered (nothing to compare); then each path's first difference.
      expect(r.anomalies).toEqual([
        [SCTP_ANOMALY.CROSS_PATH_COPY_DIFFERS, 4],
        [SCTP_ANOMALY.CROSS_PATH_COPY_DIFFERS, 6],
      ]);
      expect(r.d.stats['sctp.cross-path-copies-differing']).toBe(2);
    }
  });

  it('15-C #3: a chunk with a TSN 2^30 ahead on a third path turns nothing off', () => {
    const junk = xy(P, Y1, [{ ...data(2 ** 30 + 1, Uint8Array.of(1, 2, 3, 4)), ppid: 99 }]);
    const r = decode([xy(X1, Y1, [data(1, plr())]), junk, xy(X2, Y2, [data(1, plr())]), xy(X1, Y1, [data(2, plr(78))]), xy(X2, Y2, [data(2, plr(78))])]);
    expect(r.requests.map(([f]) => f)).toEqual([1, 4]);
  });
});

describe('SCCP / SUA segments: a forged copy of one segment first (review 15-C #1, s3 / s6)', () => {
  const gt = (digits: string, ssn: number) => ({ ri: 'gt' as const, gti: 4, ssn, gt: digits, tt: 0, np: 1, nai: 4 });
  const request = tcBegin({
    otid: '00000001',
    dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.5.3' },
    components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: mapArg.sendRoutingInfo({ msisdn: '12025550123', gmscAddress: '8613800000001' }) }],
  });
  const m3ua = encodeSccpSegments({ type: 'xudt', data: request, calling: gt('8613800000001', 8), called: gt('12025550001', 6) }, 2, 0x123).map((s) =>
    encodeM3uaData({ opc: 4601, dpc: 1001, sls: 1 }, s),
  );
  const half = Math.ceil(request.length / 2);
  const sua = [0, 1].map((i) =>
    encodeSuaCldt({
      source: { ri: 'gt', gt: '8613800000001', ssn: 8 },
      dest: { ri: 'gt', gt: '12025550001', ssn: 6 },
      data: request.subarray(i * half, (i + 1) * half),
      segmentation: { first: i === 0, remaining: 1 - i, localRef: 0x77 },
    }),
  );
  const A = '10.9.9.9';
  const B = '10.0.0.2';
  const seg = (src: string, tsn: number, payload: Uint8Array, ppid: number, vtag = 7) =>
    frame(src, B, vtag, [{ ...data(tsn, payload, ppid), ssn: tsn }], [2905, 2905]);
  const ssHandshake = () => [frame(A, B, 0, [initChunk(1, 8, [])], [2905, 2905]), frame(B, A, 8, [initChunk(2, 7, [])], [2905, 2905])];
  const sri = (frames: Frame[]) => decode(frames).events.filter((e) => JSON.stringify(e).includes('12025550123')).length;

  it.each([
    ['M3UA XUDT', m3ua, 3],
    ['SUA CLDT', sua, 4],
  ] as const)('%s: the SRI is decoded whichever segment was copied first, with or without the handshake', (_, segs, ppid) => {
    for (const hs of [[], ssHandshake()]) {
      expect(sri([...hs, seg(A, 1, segs[0]!, ppid), seg(A, 2, segs[1]!, ppid)])).toBe(1);
      expect(sri([...hs, seg(P, 1, segs[0]!, ppid), seg(A, 1, segs[0]!, ppid), seg(A, 2, segs[1]!, ppid)])).toBe(1);
      expect(sri([...hs, seg(P, 2, segs[1]!, ppid), seg(A, 1, segs[0]!, ppid), seg(A, 2, segs[1]!, ppid)])).toBe(1);
    }
  });

  it('s6, alert level: the SRI for a home number from a Chinese GT still raises location-origin-mismatch', () => {
    const profile = loadProfile({
      home: { name: 'Example Mobile', gt_prefixes: ['1202555'], imsi_prefixes: ['310410'], msisdn_prefixes: ['1202555'] },
      networks: [{ name: 'NTT Docomo', country: 'JP', plmn: '44010', gt_prefixes: ['8190120'] }],
    });
    for (const hs of [[], ssHandshake()]) {
      for (const first of [seg(P, 1, sua[0]!, 4), seg(P, 2, sua[1]!, 4)]) {
        const alerts: string[] = [];
        const sc = new Scanner({ profile, onAlert: (a) => alerts.push(a.rule) });
        sc.push(writePcap([...hs, first, seg(A, 1, sua[0]!, 4), seg(A, 2, sua[1]!, 4)], { linkType: 1 }));
        sc.end();
        expect(alerts).toContain('location-origin-mismatch');
      }
    }
  });
});

describe('the table of delivered messages is bounded', () => {
  it('at most 16,384 remembered; copies of recent messages are still dropped after it wrapped', () => {
    const n = 17_000;
    const frames: Frame[] = [];
    // A Diameter answer header alone (20 octets): no request flag, so only the table can tell its copy.
    const m = Uint8Array.of(0x01, 0, 0, 20, 0x00, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    const msg = (k: number) => {
      const b = m.slice();
      new DataView(b.buffer).setUint32(12, k);
      new DataView(b.buffer).setUint32(16, k);
      return b;
    };
    frames.push(xy(X1, Y1, [data(0, msg(n))], 1), xy(X2, Y2, [data(100_000, msg(n + 1))], 1)); // the two paths grouped
    for (let k = 0; k < n; k++) frames.push(xy(X1, Y1, [data(1 + k, msg(k))], 1));
    // The last two again on the other path: dropped; the first: forgotten, decoded again.
    frames.push(xy(X2, Y2, [data(n, msg(n - 1))], 2), xy(X2, Y2, [data(n - 1, msg(n - 2))], 2), xy(X2, Y2, [data(1, msg(0))], 2));
    const events: SignallingEvent[] = [];
    const d = new Decoder({ onEvent: (e) => events.push(e) });
    d.push(writePcap(frames, { linkType: 1 }));
    d.end();
    expect(d.tables.sctpCopies).toBeLessThanOrEqual(16_384);
    expect(events).toHaveLength(n + 3);
    expect(d.stats['sctp.cross-path-copies']).toBe(2);
  });
});

describe('review 16-B: bounded work per record, exact compare, the delivered frame, the witness age', () => {
  it('#1: one TSN reused by every packet on two paths keeps at most 4 entries of its key, and remembers no more (counted)', () => {
    // The review's chain capture (gen-chain.mjs chainK1), 400 packets: every PLR a new message on TSN 7, the paths alternating.
    const frames: Frame[] = [];
    for (let k = 0; k < 400; k++) frames.push(xy(k % 2 === 0 ? X1 : X2, Y1, [data(7, plr(1000 + k))]));
    // Copies of the last message and of the second (the first the group remembered: frame 1 came before it), each on the
    // other path: the second is remembered (dropped), the last not (decoded again).
    frames.push(xy(X1, Y1, [data(7, plr(1000 + 399))]), xy(X1, Y1, [data(7, plr(1001))]));
    const r = decode(frames);
    expect(r.d.tables.sctpCopies).toBeLessThanOrEqual(4);
    expect(r.requests.map(([f]) => f).slice(-2)).toEqual([400, 401]);
    expect(r.copies).toBe(1);
    expect(r.d.stats['sctp.cross-path-copies-key-full']).toBe(396); // frames 6–401
  });

  it('#2: two different messages whose 32-bit content hashes collide are both delivered (bytes compared exactly)', () => {
    const SEED = 0x1234567;
    // Birthday search (~2^16 tries) for two 20-octet Diameter answer headers with one hash under SEED: both
    // ids varied (one word alone cannot collide: each mixing step is a bijection of the word folded in).
    const msg = (k: number) => {
      const b = Uint8Array.of(0x01, 0, 0, 20, 0x00, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
      new DataView(b.buffer).setUint32(12, k);
      new DataView(b.buffer).setUint32(16, Math.imul(k, 0x9e3779b1));
      return b;
    };
    const seen = new Map<number, number>();
    let pair: [number, number] | undefined;
    for (let k = 0; pair === undefined && k < 1 << 22; k++) {
      const b = msg(k);
      const h = foldBytes(SEED, new DataView(b.buffer), 0, 20);
      const j = seen.get(h);
      if (j !== undefined) pair = [j, k];
      else seen.set(h, k);
    }
    if (pair === undefined) throw new Error('no collision found');
    const counters = new Counters();
    const copies = new CrossPathCopies(counters, () => {}, SEED);
    const flow = (id: number, src: string): Flow => ({ id, transport: 'sctp', src, dst: Y1, srcPort: 3868, dstPort: 3869 });
    const A = flow(1, X1);
    const B = flow(2, P);
    let frame = 0;
    const offer = (f: Flow, k: number): boolean => {
      const bytes = msg(k);
      frame++;
      const p = {
        proto: 'diameter',
        bytes,
        view: new DataView(bytes.buffer),
        offset: 0,
        end: bytes.length,
        frameNo: frame,
        tsSec: T0,
        tsNsec: 0,
        tsPrecision: 6,
        flow: f,
        stream: 1,
        ppid: 46,
        tsn: 7,
        copyGroup: 99,
        copyWitness: () => -1,
        sctpChecksumOk: () => true,
      } as Payload;
      copies.payload(p);
      const r = new MessageRecord();
      r.protocol = 'diameter';
      r.frame = frame;
      r.e2e = 0;
      const dropped = copies.copy(r);
      copies.done();
      return dropped;
    };
    expect(offer(A, pair[0])).toBe(false);
    expect(offer(B, pair[1])).toBe(false); // the same hash, other bytes: not a copy
    expect(offer(B, pair[0])).toBe(true); // the same bytes on the other path: the copy
    expect(counters.slot('sctp.cross-path-copies').n).toBe(1);
  });

  it('#3: both sides of an address-translating border, no profile: every answered registration counts in the home vote', () => {
    const MME = 'mme.epc.mnc010.mcc440.3gppnetwork.org';
    const HOME = 'epc.mnc410.mcc310.3gppnetwork.org';
    const ulr = (k: number, imsi: string, realm: string) =>
      buildDiameter({
        cmd: 316,
        app: 16777251,
        request: true,
        proxyable: true,
        hbh: k,
        e2e: k,
        avps: [avp(263, `${MME};${k}`), avp(264, MME), avp(296, 'epc.mnc010.mcc440.3gppnetwork.org'), avp(283, realm), avp(1, imsi)],
      });
    const ula = (k: number) =>
      buildDiameter({
        cmd: 316,
        app: 16777251,
        request: false,
        proxyable: true,
        hbh: k,
        e2e: k,
        avps: [avp(263, `${MME};${k}`), avp(268, 2001), avp(264, `hss.${HOME}`), avp(296, HOME)],
      });
    const IN = '10.0.0.1';
    const OUT = '192.0.2.1';
    const frames: Frame[] = [];
    // Ten unanswered registrations of 23415 subscribers elsewhere; six of 310410 subscribers answered, each packet seen inside and outside.
    for (let k = 0; k < 10; k++)
      frames.push(frame('10.7.0.1', '10.7.0.2', 0x3333, [data(1 + k, ulr(500 + k, `2341510000000${10 + k}`, 'epc.mnc015.mcc234.3gppnetwork.org'))]));
    for (let k = 0; k < 6; k++) {
      const req = ulr(k, `3104101000000${10 + k}`, HOME);
      frames.push(xy(IN, Y1, [data(1 + k, req)]), xy(OUT, Y1, [data(1 + k, req)]));
      frames.push(yx(Y1, OUT, [data(1 + k, ula(k))]), yx(Y1, IN, [data(1 + k, ula(k))]));
    }
    const inference = new HomeInference();
    const d = new Decoder({ onEvent: (e) => inference.observe(e) });
    d.push(writePcap(frames, { linkType: 1 }));
    d.end();
    expect(d.stats['sctp.cross-path-copies']).toBeGreaterThan(0);
    // The split vote (23415: 10, 310410: 6) goes to the answered registrations: all six (the base, every copy decoded, said 6).
    expect(inference.result()!.evidence.join('\n')).toContain('310410 chosen (6 IMSIs whose registration the network answered');
  });

  it('#4: an identical chunk on a new path 2 h after a quiet path carried it is delivered (the witness is ≤ 600 s old)', () => {
    const r = decode([xy(P, Y1, [data(1, plr())], 0), xy(X1, Y1, [data(1, plr())], 7200)]);
    expect(r.requests.map(([f]) => f)).toEqual([1, 2]);
    expect(r.copies).toBe(0);
    const near = decode([xy(P, Y1, [data(1, plr())], 0), xy(X1, Y1, [data(1, plr())], 600)]);
    expect(near.requests.map(([f]) => f)).toEqual([1]);
  });

  it('17-B #1: a message of many components on two grouped paths compares its octets with a stored message once, not once per component', () => {
    // Review 17-B #1 (gen-big.mjs): 200 LUDTs of 250 invokes on two paths cost 26× the decode, one full compare per record.
    // The compare is counted through the class's prototype (no timing): one per copy, whatever the number of components.
    const comps = Array.from({ length: 60 }, (_, c) => ({
      type: 'invoke' as const,
      invokeId: c,
      opcode: 46,
      param: tlv(0, true, 16, new Uint8Array(40).fill(c)),
    }));
    const unit = (i: number) =>
      encodeM3uaData(
        { opc: 100, dpc: 200, si: 3 },
        encodeSccp({
          type: 'ludt',
          called: { ri: 'gt', gti: 4, ssn: 6, gt: '49170000001', tt: 0, np: 1, nai: 4 },
          calling: { ri: 'gt', gti: 4, ssn: 7, gt: '49170000002', tt: 0, np: 1, nai: 4 },
          data: tcap('begin', { otid: (0x10000000 + i).toString(16), components: comps }),
        }),
      );
    const pk = (src: string, tsn: number, payload: Uint8Array) => frame(src, '10.0.0.2', 0x7777, [{ ...data(tsn, payload, 3), ssn: 0 }], [2905, 2905], 0);
    const frames: Frame[] = [];
    for (let i = 0; i < 5; i++) frames.push(pk('10.66.0.1', 1000 + i, unit(i)), pk('10.66.0.2', 1000 + i, unit(i)));
    const spy = vi.spyOn(CrossPathCopies.prototype as unknown as { compareBytes(e: number): boolean }, 'compareBytes');
    try {
      const r = decode(frames);
      expect(r.events.length).toBe(5 * 60);
      expect(r.copies).toBe(5 * 60);
      // The first pair groups the two paths (its copy told by the path's first TSN, no compare); each later copy compares once.
      expect(spy.mock.calls.length).toBe(4);
    } finally {
      spy.mockRestore();
    }
  });

  it('17-B #2: a dropped request still names its delivered copy after 4,200 other dropped copies (the alias ring is as large as the table)', () => {
    // Review 17-B #2 (alias-evict.mjs): the victim's PLR captured inside and outside a NAT (its outside copy dropped and
    // aliased), then 4,200 other dual-tapped PLRs before the PLA, first seen outside (matched there to the dropped copy).
    // With a 4,096-entry ring the alias was overwritten and the PLA named frame 2, which has no event.
    const IN = '10.0.0.1';
    const OUT = '192.0.2.1';
    const frames: Frame[] = [xy(IN, Y1, [data(1, plr(100))], 0), xy(OUT, Y1, [data(1, plr(100))], 0)];
    // A thousand frames a second: the PLA comes 9 s after its request, well inside the transaction's wait.
    const at = () => Math.floor(frames.length / 1000);
    for (let k = 0; k < 4200; k++) frames.push(xy(IN, Y1, [data(2 + k, plr(1000 + k))], at()), xy(OUT, Y1, [data(2 + k, plr(1000 + k))], at()));
    frames.push(yx(Y1, OUT, [data(1, pla(100))], at()), yx(Y1, IN, [data(1, pla(100))], at()));
    const r = decode(frames);
    expect(r.requests.length).toBe(4201);
    expect(r.answers.map(([, requestFrame]) => requestFrame)).toEqual([1, 1]);
  });

  it('a Diameter request whose copy a path carried, but not as its first TSN (its frame not known), is delivered: no answer names a frame without an event', () => {
    const r = decode([xy(X1, Y1, [data(1, plr(70))]), xy(X1, Y1, [data(2, plr())]), xy(X2, Y2, [data(2, plr())]), yx(Y2, X2, [data(1, pla())])]);
    expect(r.requests.map(([f]) => f)).toEqual([1, 2, 3]);
    expect(r.answers).toEqual([[4, 3, '12025550032']]);
  });
});
