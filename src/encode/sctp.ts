/**
 * Encoder for SCTP packets (RFC 9260 §3): common header, DATA (§3.3.1), I-DATA
 * (RFC 8260 §2.1), SACK (§3.3.4), HEARTBEAT (§3.3.5), INIT / INIT ACK (§3.3.2, §3.3.3: {@link initChunk})
 * and raw chunks; chunk padding to 4 bytes;
 * optional CRC32c (RFC 9260 Appendix A).
 */
import { SctpDataFlag } from '../transport/sctp.js';
import { ipv4Addr, ipv6Addr } from './ip.js';

/** DATA / I-DATA chunk flags (RFC 9260 §3.3.1, RFC 7053 §3): the decoder's table, by letter. */
export const DATA_FLAGS = { E: SctpDataFlag.END, B: SctpDataFlag.BEGIN, U: SctpDataFlag.UNORDERED, I: SctpDataFlag.IMMEDIATE } as const;

export type SctpChunk =
  | {
      type: 'data';
      tsn: number;
      stream: number;
      ssn: number;
      ppid: number;
      /** Chunk flags; default B|E (an unfragmented message). */
      flags?: number;
      payload: Uint8Array;
    }
  | {
      type: 'idata';
      tsn: number;
      stream: number;
      mid: number;
      /** PPID on the B fragment, FSN on the others (RFC 8260 §2.1). */
      ppid?: number;
      fsn?: number;
      flags?: number;
      payload: Uint8Array;
    }
  | { type: 'sack'; cumTsn: number; arwnd?: number }
  | { type: 'heartbeat'; info?: Uint8Array }
  | { type: 'raw'; chunkType: number; flags?: number; value: Uint8Array; length?: number };

export interface SctpPacketOptions {
  srcPort: number;
  dstPort: number;
  vtag: number;
  chunks: SctpChunk[];
  /** Compute the CRC32c checksum (default: leave 0, as offloaded captures do). */
  checksum?: boolean;
}

function chunkBytes(c: SctpChunk): Uint8Array {
  let type: number;
  let flags = 0;
  let value: Uint8Array;
  let lenOverride: number | undefined;
  switch (c.type) {
    case 'data': {
      type = 0;
      flags = c.flags ?? DATA_FLAGS.B | DATA_FLAGS.E;
      value = new Uint8Array(12 + c.payload.length);
      const v = new DataView(value.buffer);
      v.setUint32(0, c.tsn);
      v.setUint16(4, c.stream);
      v.setUint16(6, c.ssn);
      v.setUint32(8, c.ppid);
      value.set(c.payload, 12);
      break;
    }
    case 'idata': {
      type = 64;
      flags = c.flags ?? DATA_FLAGS.B | DATA_FLAGS.E;
      value = new Uint8Array(16 + c.payload.length);
      const v = new DataView(value.buffer);
      v.setUint32(0, c.tsn);
      v.setUint16(4, c.stream);
      v.setUint32(8, c.mid);
      v.setUint32(12, (flags & DATA_FLAGS.B) !== 0 ? (c.ppid ?? 0) : (c.fsn ?? 0));
      value.set(c.payload, 16);
      break;
    }
    case 'sack': {
      type = 3;
      value = new Uint8Array(12);
      const v = new DataView(value.buffer);
      v.setUint32(0, c.cumTsn);
      v.setUint32(4, c.arwnd ?? 65536);
      break;
    }
    case 'heartbeat': {
      type = 4;
      const info = c.info ?? Uint8Array.of(1, 2, 3);
      value = new Uint8Array(4 + info.length); // Heartbeat Info TLV (type 1)
      new DataView(value.buffer).setUint16(0, 1);
      new DataView(value.buffer).setUint16(2, 4 + info.length);
      value.set(info, 4);
      break;
    }
    case 'raw':
      type = c.chunkType;
      flags = c.flags ?? 0;
      value = c.value;
      lenOverride = c.length;
      break;
  }
  const len = 4 + value.length;
  const out = new Uint8Array((len + 3) & ~3);
  out[0] = type;
  out[1] = flags;
  new DataView(out.buffer).setUint16(2, lenOverride ?? len);
  out.set(value, 4);
  return out;
}

/** An SCTP packet: common header (RFC 9260 §3.1) and the chunks, each padded to 4 octets (§3.2). */
export function sctpPacket(o: SctpPacketOptions): Uint8Array {
  const chunks = o.chunks.map(chunkBytes);
  const out = new Uint8Array(12 + chunks.reduce((n, c) => n + c.length, 0));
  const v = new DataView(out.buffer);
  v.setUint16(0, o.srcPort);
  v.setUint16(2, o.dstPort);
  v.setUint32(4, o.vtag);
  let off = 12;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  // RFC 9260 Appendix A: CRC32c over the packet with the checksum field zero, stored little-endian.
  if (o.checksum) v.setUint32(8, crc32c(out), true);
  return out;
}

/** CRC32c (Castagnoli, reflected polynomial 0x82F63B78), RFC 9260 Appendix A. */
export function crc32c(b: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of b) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return ~crc >>> 0;
}

/**
 * Split a user message into DATA chunks of at most `size` bytes with consecutive TSNs from `tsn`
 * and B/E flags (RFC 9260 §6.9).
 */
export function dataFragments(
  payload: Uint8Array,
  size: number,
  m: { tsn: number; stream: number; ssn: number; ppid: number; unordered?: boolean },
): Extract<SctpChunk, { type: 'data' }>[] {
  const out: Extract<SctpChunk, { type: 'data' }>[] = [];
  for (let off = 0, i = 0; off < payload.length; off += size, i++) {
    const end = Math.min(payload.length, off + size);
    const flags = (off === 0 ? DATA_FLAGS.B : 0) | (end === payload.length ? DATA_FLAGS.E : 0) | (m.unordered ? DATA_FLAGS.U : 0);
    out.push({ type: 'data', tsn: (m.tsn + i) >>> 0, stream: m.stream, ssn: m.ssn, ppid: m.ppid, flags, payload: payload.subarray(off, end) });
  }
  return out;
}

/** Split a user message into I-DATA chunks (RFC 8260 §2.1): FSN 0 on B (carrying the PPID). */
export function idataFragments(
  payload: Uint8Array,
  size: number,
  m: { tsn: number; stream: number; mid: number; ppid: number; unordered?: boolean },
): Extract<SctpChunk, { type: 'idata' }>[] {
  const out: Extract<SctpChunk, { type: 'idata' }>[] = [];
  for (let off = 0, i = 0; off < payload.length; off += size, i++) {
    const end = Math.min(payload.length, off + size);
    const flags = (off === 0 ? DATA_FLAGS.B : 0) | (end === payload.length ? DATA_FLAGS.E : 0) | (m.unordered ? DATA_FLAGS.U : 0);
    out.push({ type: 'idata', tsn: (m.tsn + i) >>> 0, stream: m.stream, mid: m.mid, ppid: m.ppid, fsn: i, flags, payload: payload.subarray(off, end) });
  }
  return out;
}

/**
 * An INIT (type 1) or INIT ACK (type 2) chunk (RFC 9260 §3.3.2, §3.3.3): Initiate Tag `tag`, a_rwnd
 * 65535, 10 streams each way, initial TSN 1, then one IPv4 (type 5) or IPv6 (type 6) Address
 * parameter (§3.3.2.1) per address. An INIT ACK's State Cookie is left out (the decoder reads none).
 */
export function initChunk(type: 1 | 2, tag: number, addresses: readonly string[]): SctpChunk {
  const params = addresses.map((a): [number, Uint8Array] => (a.includes(':') ? [6, ipv6Addr(a)] : [5, ipv4Addr(a)]));
  const v = new Uint8Array(16 + params.reduce((n, [, b]) => n + 4 + b.length, 0));
  const d = new DataView(v.buffer);
  d.setUint32(0, tag);
  d.setUint32(4, 65535);
  d.setUint16(8, 10);
  d.setUint16(10, 10);
  d.setUint32(12, 1);
  let o = 16;
  for (const [t, b] of params) {
    d.setUint16(o, t);
    d.setUint16(o + 2, 4 + b.length);
    v.set(b, o + 4);
    o += 4 + b.length;
  }
  return { type: 'raw', chunkType: type, value: v };
}
