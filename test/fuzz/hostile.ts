/**
 * Hostile traffic generators for the limit and memory tests: each yields pcap bytes in batches
 * (so millions of frames never sit in memory at once) built from a fixture-encoded template
 * frame whose varying fields (TSN, transaction id, IP id, segmentation reference ...) are
 * patched in place: ~50 ns per frame instead of ~20 µs through the encoders.
 */
import { ipv4 } from '../../src/encode/ip.js';
import { ethernet, writePcap } from '../../src/encode/pcap.js';
import { type SctpChunk, sctpPacket } from '../../src/encode/sctp.js';
import { encodeSccp, encodeSccpSegments } from '../../src/encode/sccp.js';
import { tcBegin, tcContinue } from '../../src/encode/tcap.js';
import { tcpSegment } from '../../src/encode/tcp.js';
import { imsiBytes, mapArg } from '../../src/encode/map.js';
import { ATTACKER, HLR, LINKTYPE_ETHERNET, m3uaOf, tcapSeeds, udt } from './seeds.js';

const ETH_IPV4 = 0x0800;
/** Offsets in an Ethernet + IPv4 (no options) frame. */
const IP = 14;
const IP_ID = IP + 4;
const L4 = IP + 20;
/** SCTP: common header 12, then the first chunk; DATA TSN at chunk+4, stream at chunk+8. */
const SCTP_TSN = L4 + 12 + 4;
const SCTP_STREAM = L4 + 12 + 8;

export const T0 = 1_700_000_000;

/** The 24-byte pcap file header (Ethernet). */
export function pcapHeader(): Uint8Array {
  return writePcap([], { linkType: LINKTYPE_ETHERNET });
}

/** Packs frames into pcap records: `fill(i, frame)` patches the template for frame i. */
function* records(
  template: Uint8Array,
  count: number,
  fill: (i: number, f: DataView) => void,
  opts: { batch?: number; tsStep?: number; t0?: number } = {},
): Generator<Uint8Array> {
  const batch = opts.batch ?? 4096;
  const rec = 16 + template.length;
  const step = opts.tsStep ?? 0.001;
  const t0 = opts.t0 ?? T0;
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const buf = new Uint8Array(n * rec);
    const v = new DataView(buf.buffer);
    for (let k = 0; k < n; k++) {
      const i = start + k;
      const o = k * rec;
      const t = t0 + i * step;
      v.setUint32(o, Math.floor(t), true);
      v.setUint32(o + 4, Math.floor((t % 1) * 1e6), true);
      v.setUint32(o + 8, template.length, true);
      v.setUint32(o + 12, template.length, true);
      buf.set(template, o + 16);
      fill(i, new DataView(buf.buffer, o + 16, template.length));
    }
    yield buf;
  }
}

export function sctpFrame(chunks: SctpChunk[], o: { port?: number; vtag?: number; src?: string; dst?: string; id?: number } = {}): Uint8Array {
  const port = o.port ?? 2905;
  return ethernet(
    ETH_IPV4,
    ipv4({
      src: o.src ?? '10.0.0.1',
      dst: o.dst ?? '10.0.0.2',
      proto: 132,
      id: o.id ?? 1,
      payload: sctpPacket({ srcPort: port, dstPort: port, vtag: o.vtag ?? 1, chunks }),
    }),
  );
}

/** SCTP DATA fragments with B only (never an E): every one opens a new (stream) context. */
export function neverEndingSctpFragments(count: number, size = 200): Generator<Uint8Array> {
  const tpl = sctpFrame([{ type: 'data', tsn: 0, stream: 0, ssn: 0, ppid: 3, flags: 0x02, payload: new Uint8Array(size).fill(0x41) }]);
  return records(tpl, count, (i, f) => {
    f.setUint32(SCTP_TSN, i);
    f.setUint16(SCTP_STREAM, i & 0xffff);
    f.setUint16(L4 + 4, (i >>> 16) & 0xffff); // vtag varies too: more associations
  });
}

/** IPv4 first fragments (MF set) with distinct Identification: never completed. */
export function neverEndingIpFragments(count: number, size = 256): Generator<Uint8Array> {
  const tpl = ethernet(ETH_IPV4, ipv4({ src: '10.9.0.1', dst: '10.9.0.2', proto: 132, id: 0, mf: true, payload: new Uint8Array(size).fill(0x42) }));
  return records(tpl, count, (i, f) => {
    f.setUint16(IP_ID, i & 0xffff);
    f.setUint8(IP + 15, (i >>> 16) & 0xff); // vary the source address beyond 65536 ids
    f.setUint16(IP + 10, 0); // checksum not verified by the decoder
  });
}

/** A TCAP Begin (UpdateLocation) with OTID `tid` (4 bytes), over M3UA/SCTP. */
function beginFrame(tid: number, imsi = '310410123456789'): { frame: Uint8Array; otidAt: number } {
  const marker = 0xdeadbeef;
  const tc = tcBegin({
    otid: marker.toString(16),
    dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.1.3' },
    components: [{ type: 'invoke', invokeId: 1, opcode: 2, param: mapArg.updateLocation({ imsi, mscNumber: '2347010000001', vlrNumber: '2347010000002' }) }],
  });
  const frame = sctpFrame([{ type: 'data', tsn: 1, stream: 1, ssn: 0, ppid: 3, payload: m3uaOf(udt(tc)) }]);
  const v = new DataView(frame.buffer);
  let otidAt = -1;
  for (let i = 0; i + 4 <= frame.length; i++) if (v.getUint32(i) === marker) otidAt = i;
  v.setUint32(otidAt, tid >>> 0);
  return { frame, otidAt };
}

/** `count` Begins with distinct transaction ids and no End (a dialogue-table flood). */
export function beginFlood(count: number): Generator<Uint8Array> {
  const { frame, otidAt } = beginFrame(0);
  return records(frame, count, (i, f) => {
    f.setUint32(otidAt, i);
    f.setUint32(SCTP_TSN, i);
  });
}

/**
 * A Diameter peer over TCP announcing 16 MiB messages: headers with length 0xfffffc, then filler.
 * `syn`: each flow opens with a SYN (the stream is in sync from its first byte); else the flows
 * are picked up mid-stream (the decoder scans for a plausible header).
 */
export function diameterHugeLengths(count: number, segment = 1200, syn = false): Generator<Uint8Array> {
  const payload = new Uint8Array(segment).fill(0x5a);
  const pv = new DataView(payload.buffer);
  pv.setUint32(0, (1 << 24) | 0xfffffc); // version 1, Message Length 16 MiB - 4
  pv.setUint32(4, (0x80 << 24) | 316); // R flag, ULR
  pv.setUint32(8, 16777251);
  const tpl = ethernet(ETH_IPV4, ipv4({ src: '10.7.0.1', dst: '10.7.0.2', proto: 6, payload: tcpSegment({ srcPort: 40000, dstPort: 3868, seq: 0, payload }) }));
  return records(tpl, count, (i, f) => {
    const flow = i % 64;
    const n = Math.floor(i / 64); // segment number within its flow
    f.setUint16(L4, 40000 + flow); // 64 flows
    if (syn && n === 0) f.setUint8(L4 + 13, 0x02); // SYN carrying data: ISN 0, data from seq 1
    f.setUint32(L4 + 4, syn && n === 0 ? 0 : (1 + n * segment) >>> 0);
  });
}

/** XUDT first segments (F=1, 15 remaining) with distinct local references: never completed. */
export function xudtSegmentFlood(count: number): Generator<Uint8Array> {
  const marker = 0xabcdef;
  const sccp = encodeSccp({
    type: 'xudt',
    called: HLR,
    calling: ATTACKER,
    data: new Uint8Array(200).fill(0x61),
    segmentation: { first: true, remaining: 15, localRef: marker },
  });
  const frame = sctpFrame([{ type: 'data', tsn: 1, stream: 1, ssn: 0, ppid: 3, payload: m3uaOf(sccp) }]);
  let refAt = -1;
  for (let i = 0; i + 3 <= frame.length; i++) if (frame[i] === 0xab && frame[i + 1] === 0xcd && frame[i + 2] === 0xef) refAt = i;
  return records(frame, count, (i, f) => {
    f.setUint8(refAt, (i >> 16) & 0xff);
    f.setUint8(refAt + 1, (i >> 8) & 0xff);
    f.setUint8(refAt + 2, i & 0xff);
    f.setUint32(SCTP_TSN, i);
  });
}

/**
 * A legitimate-looking attack to detect among the noise: a MAP ProvideSubscriberInfo Begin for a
 * home subscriber (example profile: IMSI 310410...) from a foreign GT, over M3UA/SCTP on its own
 * association; one pcap record at capture time `t`.
 */
export function psiRecord(t = T0, n = 0): Uint8Array {
  const frame = sctpFrame([{ type: 'data', tsn: 7, stream: 1, ssn: 0, ppid: 3, payload: m3uaOf(udt(tcapSeeds()[1]!)) }], {
    vtag: 0x7777,
    src: '10.1.1.1',
    dst: '10.1.1.2',
  });
  // A new TSN each time: the same TSN with the same bytes is a retransmission and is dropped.
  return records(frame, 1, (_i, f) => f.setUint32(SCTP_TSN, 1000 + n), { t0: t }).next().value as Uint8Array;
}

/** One SCTP user message that never ends: a B fragment, then middle fragments on the same stream. */
export function endlessSctpMessage(count: number, size = 200): Generator<Uint8Array> {
  const tpl = sctpFrame([{ type: 'data', tsn: 0, stream: 3, ssn: 0, ppid: 3, flags: 0, payload: new Uint8Array(size).fill(0x43) }]);
  return records(tpl, count, (i, f) => {
    f.setUint32(SCTP_TSN, i);
    f.setUint8(SCTP_TSN - 3, i === 0 ? 0x02 : 0); // chunk flags: B on the first only
  });
}

/** Whole (B|E) DATA chunks from `count` distinct associations (source port and vtag vary). */
export function sctpAssociationFlood(count: number): Generator<Uint8Array> {
  const { frame } = beginFrame(1);
  return records(frame, count, (i, f) => {
    f.setUint16(L4, 1024 + (i % 60000));
    f.setUint32(L4 + 4, i);
  });
}

/** One TCP flow to port 3868 whose segments all leave a hole before them (never in order). */
export function tcpHoles(count: number, segment = 500): Generator<Uint8Array> {
  const tpl = ethernet(
    ETH_IPV4,
    ipv4({
      src: '10.6.0.1',
      dst: '10.6.0.2',
      proto: 6,
      payload: tcpSegment({ srcPort: 41000, dstPort: 3868, seq: 0, flags: 0x10, payload: new Uint8Array(segment).fill(0x5a) }),
    }),
  );
  return records(tpl, count, (i, f) => {
    f.setUint32(L4 + 4, (1 + 2 * i * segment) >>> 0);
  });
}

/** Diameter requests (CER, distinct Hop-by-Hop ids) over SCTP with no answers. */
export function diameterRequestFlood(count: number, request: Uint8Array): Generator<Uint8Array> {
  const frame = sctpFrame([{ type: 'data', tsn: 1, stream: 0, ssn: 0, ppid: 46, payload: request }], { port: 3868 });
  const hbhAt = L4 + 12 + 16 + 12; // DATA value starts 16 bytes into the chunk; Hop-by-Hop at message + 12
  return records(frame, count, (i, f) => {
    f.setUint32(hbhAt, i);
    f.setUint32(SCTP_TSN, i);
  });
}

/** Record `index` of a generated flow alone, re-timed to `tsSec` (for age tests). */
export function recordAt(gen: Iterable<Uint8Array>, index: number, tsSec: number): Uint8Array {
  let seen = 0;
  for (const batch of gen) {
    const v = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
    for (let o = 0; o < batch.length; o += 16 + v.getUint32(o + 8, true)) {
      if (seen++ !== index) continue;
      const rec = batch.slice(o, o + 16 + v.getUint32(o + 8, true));
      new DataView(rec.buffer).setUint32(0, tsSec, true);
      return rec;
    }
  }
  throw new Error(`no record ${index}`);
}

/**
 * `flows` TCP flows (each opened by a SYN) that each send one Diameter message of `msgLen`
 * bytes in `segment`-byte pieces, round-robin, so every flow holds a partial message at once.
 * `complete` false stops each message 4 bytes short (they stay buffered until end of input).
 */
export function diameterLargeMessages(flows: number, msgLen: number, segment: number, complete: boolean): Generator<Uint8Array> {
  const tpl = ethernet(
    ETH_IPV4,
    ipv4({ src: '10.8.0.1', dst: '10.8.0.2', proto: 6, payload: tcpSegment({ srcPort: 0, dstPort: 3868, seq: 0, payload: new Uint8Array(segment).fill(0) }) }),
  );
  const perFlow = Math.ceil((complete ? msgLen : msgLen - 4) / segment);
  const count = flows * (perFlow + 1);
  return records(tpl, count, (i, f) => {
    const flow = i % flows;
    const n = Math.floor(i / flows); // 0: SYN; 1..perFlow: data
    f.setUint16(L4, 20000 + flow);
    if (n === 0) {
      f.setUint8(L4 + 13, 0x02);
      f.setUint32(L4 + 4, 0);
      f.setUint16(IP + 2, 20 + 20); // SYN without data: IP Total Length cuts the payload
      return;
    }
    const start = (n - 1) * segment;
    f.setUint32(L4 + 4, 1 + start);
    if (start === 0) {
      f.setUint32(L4 + 20, (1 << 24) | msgLen); // version 1, Message Length
      f.setUint32(L4 + 24, (0x80 << 24) | 316);
      f.setUint32(L4 + 28, 16777251);
    }
    const limit = complete ? msgLen : msgLen - 4;
    const len = Math.min(segment, limit - start);
    f.setUint16(IP + 2, 20 + 20 + len);
  });
}

/** One SCTP frame (tag `vtag`) carrying a TCAP Continue (otid/dtid in hex) with an ISD invoke, HLR → ATTACKER. */
function hlrContinueFrame(otid: string, dtid: string, vtag: number): Uint8Array {
  const tc = tcContinue({
    otid,
    dtid,
    components: [{ type: 'invoke', invokeId: 1, opcode: 7, param: mapArg.insertSubscriberData({ msisdn: '12025550123' }) }],
  });
  return sctpFrame(
    [
      {
        type: 'data',
        tsn: 1,
        stream: 1,
        ssn: 0,
        ppid: 3,
        payload: m3uaOf(encodeSccp({ type: 'udt', protocolClass: 1, called: ATTACKER, calling: HLR, data: tc })),
      },
    ],
    { vtag },
  );
}

/** Offset of the last big-endian 32-bit occurrence of `value` in `frame` (-1 if absent): where a flood rewrites a field. */
function lastOffsetOf(frame: Uint8Array, value: number): number {
  const v = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  let at = -1;
  for (let i = 0; i + 4 <= frame.length; i++) if (v.getUint32(i) === value) at = i;
  return at;
}

/**
 * One dialogue (a Begin with OTID 0x01020304) followed by `count` Continues that all name it as
 * their destination but each carry a fresh OTID: every Continue registers another key on the
 * same dialogue.
 */
export function continueKeyFlood(count: number): Generator<Uint8Array> {
  const marker = 0xfeedface;
  // The Continue answers the Begin: it travels HLR → ATTACKER.
  const frame = hlrContinueFrame(marker.toString(16), '01020304', 0x5151);
  const otidAt = lastOffsetOf(frame, marker);
  const begin = beginFrame(0x01020304).frame;
  function* gen(): Generator<Uint8Array> {
    yield records(begin, 1, () => undefined).next().value as Uint8Array;
    yield* records(frame, count, (i, f) => {
      f.setUint32(otidAt, i + 1);
      f.setUint32(SCTP_TSN, i + 2);
    });
  }
  return gen();
}

/** A PSI for a home subscriber split into 3 XUDT segments (local reference `ref`), one batch of 3 records. */
export function psiSegmentsRecords(t: number, ref: number): Uint8Array {
  const segs = encodeSccpSegments({ type: 'xudt', called: HLR, calling: ATTACKER, data: tcapSeeds()[1]! }, 3, ref);
  const parts = segs.map((s, i) =>
    sctpFrame([{ type: 'data', tsn: ref * 4 + i, stream: 1, ssn: 0, ppid: 3, payload: m3uaOf(s) }], { vtag: 0x3333, src: '10.3.3.1', dst: '10.3.3.2' }),
  );
  const out: Uint8Array[] = parts.map((p, i) => records(p, 1, () => undefined, { t0: t + i * 0.0001 }).next().value as Uint8Array);
  const all = new Uint8Array(out.reduce((n, b) => n + b.length, 0));
  let o = 0;
  for (const b of out) {
    all.set(b, o);
    o += b.length;
  }
  return all;
}

/** Begins (UpdateLocation) each for a different home subscriber (IMSI 310410 + 9 digits of i). */
export function subscriberFlood(count: number): Generator<Uint8Array> {
  const base = '310410000000000';
  const { frame, otidAt } = beginFrame(0, base);
  const tbcd = imsiBytes(base);
  let imsiAt = -1;
  for (let i = 0; i + tbcd.length <= frame.length && imsiAt < 0; i++) if (tbcd.every((b, k) => frame[i + k] === b)) imsiAt = i;
  return records(frame, count, (i, f) => {
    f.setUint32(otidAt, i);
    f.setUint32(SCTP_TSN, i);
    const digits = base.slice(0, 6) + String(i).padStart(9, '0');
    const b = imsiBytes(digits);
    for (let k = 0; k < b.length; k++) f.setUint8(imsiAt + k, b[k]!);
  });
}

/**
 * Continues whose DestTransactionID matches no Begin (pseudo-random OTID and DTID per frame), no
 * Begin ever: each opens a reordering orphan that waits for its Begin (issue 15). `tsStep` 0
 * keeps every wait alive (the same timestamp), so only the caps bound the tables.
 */
export function orphanContinueFlood(count: number, tsStep = 0.001): Generator<Uint8Array> {
  const o = 0xfeedface;
  const dt = 0xcafebabe;
  const frame = hlrContinueFrame(o.toString(16), dt.toString(16), 0x6161);
  const otidAt = lastOffsetOf(frame, o);
  const dtidAt = lastOffsetOf(frame, dt);
  return records(
    frame,
    count,
    (i, f) => {
      f.setUint32(otidAt, Math.imul(i + 1, 0x9e3779b1) >>> 0);
      f.setUint32(dtidAt, Math.imul(i + 1, 0x85ebca6b) >>> 0);
      f.setUint32(SCTP_TSN, i);
    },
    { tsStep },
  );
}

/**
 * Diameter answers (`answer`, a complete message) with pseudo-random Hop-by-Hop ids and no
 * request: each waits for its request (reordering, issue 15). `tsStep` as above.
 */
export function diameterAnswerFlood(count: number, answer: Uint8Array, tsStep = 0.001): Generator<Uint8Array> {
  const frame = sctpFrame([{ type: 'data', tsn: 1, stream: 0, ssn: 0, ppid: 46, payload: answer }], { port: 3868 });
  const hbhAt = L4 + 12 + 16 + 12;
  return records(
    frame,
    count,
    (i, f) => {
      f.setUint32(hbhAt, Math.imul(i + 1, 0x9e3779b1) >>> 0);
      f.setUint32(SCTP_TSN, i);
    },
    { tsStep },
  );
}
