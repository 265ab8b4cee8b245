/** Encoder for TCP segments (RFC 9293 §3.1). The checksum is left 0 unless asked for. */
import { TcpFlag } from '../transport/tcp-stream.js';
import { internetChecksum, ipv4Addr } from './ip.js';

/** Control bits (RFC 9293 §3.1): the decoder's table. */
export const TCP_FLAGS = TcpFlag;

export interface TcpSegmentOptions {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack?: number;
  /** Control bits; default ACK|PSH with data, ACK without. */
  flags?: number;
  window?: number;
  /** TCP options (padded to 4 bytes with NOPs... here zeros = End of Option List). */
  options?: Uint8Array;
  payload?: Uint8Array;
  /** IPv4 addresses for the pseudo-header checksum (RFC 9293 §3.1). */
  checksumIpv4?: { src: string; dst: string };
  /** Override Data Offset (32-bit words). */
  dataOffset?: number;
  /** Urgent Pointer (give URG in `flags` too). */
  urgentPointer?: number;
}

/** A TCP segment: header (RFC 9293 §3.1), options padded to 4 octets, payload. */
export function tcpSegment(o: TcpSegmentOptions): Uint8Array {
  const payload = o.payload ?? new Uint8Array(0);
  const optLen = o.options ? (o.options.length + 3) & ~3 : 0;
  const hl = 20 + optLen;
  const out = new Uint8Array(hl + payload.length);
  const v = new DataView(out.buffer);
  v.setUint16(0, o.srcPort);
  v.setUint16(2, o.dstPort);
  v.setUint32(4, o.seq >>> 0);
  v.setUint32(8, (o.ack ?? 0) >>> 0);
  v.setUint8(12, (o.dataOffset ?? hl / 4) << 4);
  v.setUint8(13, o.flags ?? (payload.length > 0 ? TCP_FLAGS.ACK | TCP_FLAGS.PSH : TCP_FLAGS.ACK));
  v.setUint16(14, o.window ?? 65535);
  v.setUint16(18, o.urgentPointer ?? 0);
  if (o.options) out.set(o.options, 20);
  out.set(payload, hl);
  if (o.checksumIpv4) {
    const pseudo = new Uint8Array(12 + out.length);
    pseudo.set(ipv4Addr(o.checksumIpv4.src), 0);
    pseudo.set(ipv4Addr(o.checksumIpv4.dst), 4);
    pseudo[9] = 6;
    new DataView(pseudo.buffer).setUint16(10, out.length);
    pseudo.set(out, 12);
    v.setUint16(16, internetChecksum(pseudo));
  }
  return out;
}
