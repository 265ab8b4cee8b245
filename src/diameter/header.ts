/**
 * Diameter header, RFC 6733 §3:
 *
 *   0: Version(8) | Message Length(24)
 *   4: Command Flags(8) | Command Code(24)
 *   8: Application-ID(32)
 *  12: Hop-by-Hop Identifier(32)
 *  16: End-to-End Identifier(32)
 */

export const HEADER_LENGTH = 20;
export const DIAMETER_VERSION = 1;

/** Command flags, RFC 6733 §3. */
export const CommandFlag = { REQUEST: 0x80, PROXYABLE: 0x40, ERROR: 0x20, RETRANSMIT: 0x10 } as const;

export interface DiameterHeader {
  version: number;
  /** Message Length field (includes the header). */
  length: number;
  flags: number;
  cmd: number;
  app: number;
  hbh: number;
  e2e: number;
}

/** Reads the header at `offset` (caller checked that 20 octets are there) into `out`. */
export function readHeader(view: DataView, offset: number, out: DiameterHeader): void {
  const w0 = view.getUint32(offset);
  const w1 = view.getUint32(offset + 4);
  out.version = w0 >>> 24;
  out.length = w0 & 0xffffff;
  out.flags = w1 >>> 24;
  out.cmd = w1 & 0xffffff;
  out.app = view.getUint32(offset + 8);
  out.hbh = view.getUint32(offset + 12);
  out.e2e = view.getUint32(offset + 16);
}

export function writeHeader(view: DataView, offset: number, h: DiameterHeader): void {
  view.setUint32(offset, (((h.version & 0xff) << 24) | (h.length & 0xffffff)) >>> 0);
  view.setUint32(offset + 4, (((h.flags & 0xff) << 24) | (h.cmd & 0xffffff)) >>> 0);
  view.setUint32(offset + 8, h.app >>> 0);
  view.setUint32(offset + 12, h.hbh >>> 0);
  view.setUint32(offset + 16, h.e2e >>> 0);
}

/** 8 lower-case hex digits (the event form of hop-by-hop / end-to-end ids). */
export function hex32(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}
