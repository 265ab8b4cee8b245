/**
 * Capture file writers: classic pcap
 * (draft-ietf-opsawg-pcap §4–5) and pcapng (draft-ietf-opsawg-pcapng §3–4), either byte order,
 * plus link-layer header builders. Written from the specs; deliberately able to write malformed
 * files (CapLen ≠ data length, unknown blocks, bad lengths) for negative tests.
 */
import { concat } from './bytes.js';

export interface PcapFrame {
  tsSec: number;
  /** Nanoseconds; µs files store floor(tsNsec / 1000). */
  tsNsec: number;
  data: Uint8Array;
  /** Original length (default data.length). */
  origLen?: number;
  /** Captured length written in the header (default data.length) — set to lie. */
  capLen?: number;
}

export interface PcapOptions {
  linkType: number;
  littleEndian?: boolean;
  nanos?: boolean;
  /** Default 262144. */
  snaplen?: number;
  /** Major version written (default 2). */
  major?: number;
}

class Bytes {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  len = 0;
  constructor(private readonly le: boolean) {}
  private grow(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  u8(v: number): this {
    this.grow(1);
    this.view.setUint8(this.len, v);
    this.len += 1;
    return this;
  }
  u16(v: number): this {
    this.grow(2);
    this.view.setUint16(this.len, v, this.le);
    this.len += 2;
    return this;
  }
  u32(v: number): this {
    this.grow(4);
    this.view.setUint32(this.len >>> 0, v >>> 0, this.le);
    this.len += 4;
    return this;
  }
  i64(v: bigint): this {
    this.grow(8);
    this.view.setBigInt64(this.len, v, this.le);
    this.len += 8;
    return this;
  }
  raw(b: Uint8Array): this {
    this.grow(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }
  pad4(): this {
    while (this.len % 4 !== 0) this.u8(0);
    return this;
  }
  /** Overwrites a u32 already written at `at`. */
  setU32(at: number, v: number): void {
    this.view.setUint32(at, v >>> 0, this.le);
  }
  bytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** A classic pcap file: file header (§4) and one record per frame (§5). */
export function writePcap(frames: readonly PcapFrame[], opts: PcapOptions): Uint8Array {
  const le = opts.littleEndian ?? true;
  const b = new Bytes(le);
  b.u32(opts.nanos === true ? 0xa1b23c4d : 0xa1b2c3d4)
    .u16(opts.major ?? 2)
    .u16(4)
    .u32(0)
    .u32(0)
    .u32(opts.snaplen ?? 262144)
    .u32(opts.linkType);
  for (const f of frames) {
    b.u32(f.tsSec)
      .u32(opts.nanos === true ? f.tsNsec : Math.floor(f.tsNsec / 1000))
      .u32(f.capLen ?? f.data.length)
      .u32(f.origLen ?? f.data.length)
      .raw(f.data);
  }
  return b.bytes();
}

export interface PcapngInterface {
  linkType: number;
  snaplen?: number;
  /** if_tsresol octet (§4.2): n = 10^-n s, 0x80|n = 2^-n s. Omitted: option not written (10^-6). */
  tsresol?: number;
  /** if_tsoffset seconds. */
  tsoffset?: number;
}

/** A packet for pcapng: `ts` is the raw 64-bit timestamp in the interface's units. */
export type PcapngBlock =
  | { type: 'epb'; interfaceId: number; ts: bigint; data: Uint8Array; origLen?: number; capLen?: number }
  | { type: 'spb'; data: Uint8Array; origLen?: number }
  | { type: 'pb'; interfaceId: number; ts: bigint; data: Uint8Array; origLen?: number }
  /** Any block type with a raw body (custom, NRB, unknown...). */
  | { type: 'raw'; blockType: number; body: Uint8Array; totalLength?: number; trailingLength?: number };

export interface PcapngSection {
  littleEndian?: boolean;
  /** Default 1. */
  major?: number;
  interfaces: readonly PcapngInterface[];
  blocks: readonly PcapngBlock[];
}

/** A pcapng file: per section an SHB (§4.1), the IDBs (§4.2) and the given blocks (EPB §4.3, SPB §4.4, obsolete PB, raw). */
export function writePcapng(sections: readonly PcapngSection[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const s of sections) parts.push(writeSection(s));
  return concat(...parts);
}

/** Converts seconds + nanoseconds to a raw timestamp at resolution 10^-digits. */
export function tsUnits(tsSec: number, tsNsec: number, digits = 6): bigint {
  const units = 10n ** BigInt(digits);
  return BigInt(tsSec) * units + (BigInt(tsNsec) * units) / 1_000_000_000n;
}

function writeSection(s: PcapngSection): Uint8Array {
  const le = s.littleEndian ?? true;
  const b = new Bytes(le);
  const block = (type: number, body: (b: Bytes) => void, total?: number, trailing?: number): void => {
    const start = b.len;
    b.u32(type).u32(0);
    body(b);
    b.pad4();
    const len = b.len + 4 - start;
    b.setU32(start + 4, total ?? len);
    b.u32(trailing ?? total ?? len);
  };
  // §4.1 SHB: Byte-Order Magic, Major, Minor, Section Length (-1 = not specified), no options.
  block(0x0a0d0d0a, (b) =>
    b
      .u32(0x1a2b3c4d)
      .u16(s.major ?? 1)
      .u16(0)
      .i64(-1n),
  );
  for (const i of s.interfaces) {
    block(1, (b) => {
      b.u16(i.linkType)
        .u16(0)
        .u32(i.snaplen ?? 0);
      if (i.tsresol !== undefined) b.u16(9).u16(1).u8(i.tsresol).pad4();
      if (i.tsoffset !== undefined) b.u16(14).u16(8).i64(BigInt(i.tsoffset));
      if (i.tsresol !== undefined || i.tsoffset !== undefined) b.u16(0).u16(0);
    });
  }
  for (const k of s.blocks) {
    if (k.type === 'epb') {
      block(6, (b) =>
        b
          .u32(k.interfaceId)
          .u32(Number(k.ts >> 32n))
          .u32(Number(k.ts & 0xffffffffn))
          .u32(k.capLen ?? k.data.length)
          .u32(k.origLen ?? k.data.length)
          .raw(k.data),
      );
    } else if (k.type === 'pb') {
      block(2, (b) =>
        b
          .u16(k.interfaceId)
          .u16(0)
          .u32(Number(k.ts >> 32n))
          .u32(Number(k.ts & 0xffffffffn))
          .u32(k.data.length)
          .u32(k.origLen ?? k.data.length)
          .raw(k.data),
      );
    } else if (k.type === 'spb') {
      block(3, (b) => b.u32(k.origLen ?? k.data.length).raw(k.data));
    } else {
      block(k.blockType, (b) => b.raw(k.body), k.totalLength, k.trailingLength);
    }
  }
  return b.bytes();
}

// ---- link-layer header builders (payload appended) ----

/** Ethernet II (IEEE 802.3 §3.1.1) with optional stacked tags: [tpid, vid] outermost first. */
export function ethernet(etherType: number, payload: Uint8Array, vlans: readonly (readonly [number, number])[] = []): Uint8Array {
  const b = new Bytes(false);
  b.raw(new Uint8Array([0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2]));
  for (const [tpid, vid] of vlans) b.u16(tpid).u16(vid & 0x0fff);
  return b.u16(etherType).raw(payload).bytes();
}

/** Linux SLL v1: packet type 0 (to us), ARPHRD_ETHER (1), 6-byte address, protocol at 14. */
export function sll(protocol: number, payload: Uint8Array): Uint8Array {
  const b = new Bytes(false);
  b.u16(0)
    .u16(1)
    .u16(6)
    .raw(new Uint8Array([2, 0, 0, 0, 0, 1, 0, 0]));
  return b.u16(protocol).raw(payload).bytes();
}

/** Linux SLL2: protocol at 0, reserved, ifindex, ARPHRD_ETHER, packet type, addr len, addr. */
export function sll2(protocol: number, payload: Uint8Array): Uint8Array {
  const b = new Bytes(false);
  b.u16(protocol)
    .u16(0)
    .u32(3)
    .u16(1)
    .u8(0)
    .u8(6)
    .raw(new Uint8Array([2, 0, 0, 0, 0, 1, 0, 0]));
  return b.raw(payload).bytes();
}

/** BSD loopback: 4-byte address family in the given byte order. */
export function nullLoopback(af: number, payload: Uint8Array, littleEndian = true): Uint8Array {
  return new Bytes(littleEndian).u32(af).raw(payload).bytes();
}

/** PPP with direction: direction octet, optional ff 03, 2-octet (or 1 if `compressed`) protocol. */
export function pppWithDir(protocol: number, payload: Uint8Array, opts: { sent?: boolean; addressControl?: boolean; compressed?: boolean } = {}): Uint8Array {
  const b = new Bytes(false).u8(opts.sent === true ? 1 : 0);
  if (opts.addressControl !== false) b.u8(0xff).u8(0x03);
  if (opts.compressed === true) b.u8(protocol);
  else b.u16(protocol);
  return b.raw(payload).bytes();
}

/**
 * MTP2 signal unit (Q.703 §2.2): BSN/BIB, FSN/FIB, LI (min(len, 63) for an MSU, or the given
 * li), the MSU, and optionally the FCS (Q.703 §4: complemented CRC, low octet first).
 */
export function mtp2(msu: Uint8Array, opts: { li?: number; fcs?: boolean; bsn?: number; fsn?: number } = {}): Uint8Array {
  const li = opts.li ?? Math.min(msu.length, 63);
  const b = new Bytes(false)
    .u8((opts.bsn ?? 0x7f) | 0x80)
    .u8((opts.fsn ?? 0x01) | 0x80)
    .u8(li & 0x3f)
    .raw(msu);
  if (opts.fcs === true) {
    const body = b.bytes();
    let crc = 0xffff;
    for (const x of body) {
      crc ^= x;
      for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
    }
    crc ^= 0xffff;
    b.u8(crc & 0xff).u8(crc >>> 8);
  }
  return b.bytes();
}

/** LINKTYPE_MTP2_WITH_PHDR pseudo-header: sent, annex A used, link number (LE). */
export function mtp2Phdr(signalUnit: Uint8Array, opts: { sent?: boolean; annexA?: boolean; link?: number } = {}): Uint8Array {
  return new Bytes(true)
    .u8(opts.sent === true ? 1 : 0)
    .u8(opts.annexA === true ? 1 : 0)
    .u16(opts.link ?? 0)
    .raw(signalUnit)
    .bytes();
}
