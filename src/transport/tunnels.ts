/**
 * Tunnels a mirror or a core link wraps signalling in, opened to the packet inside (red-team
 * rt7 E1: an ATI inside any of these was not decoded at all; tshark decodes them). Each fills a
 * {@link LinkResult} like a link-layer decoder; the packet decoder then decodes the inner IP
 * packet as if it were the frame's (transport/packet-decoder.ts `tunnel`).
 *
 * - GRE, IP protocol 47 (RFC 2784 §2): C (checksum present), Reserved0, Ver (3 bits, 0), Protocol
 *   Type (an EtherType); 4 octets of checksum + Reserved1 when C; RFC 2890 §2 adds the K (key, 4
 *   octets) and S (sequence number, 4 octets) bits. RFC 2784 §2.5 lets a receiver that implements
 *   RFC 1701 accept Reserved0 bits 1–5: of those, RFC 1701 §2.1's strict source route (s) and
 *   Recursion Control bits announce no field, so they are read past as Linux's receiver does
 *   (red-team rt9 T1); only R (a Routing field of SREs) is not decoded, and bits 6–12 are ignored
 *   as §2.5 says. Version 1 is PPTP's enhanced GRE (RFC 2637 §4.1), not decoded.
 * - IP in IP: IP protocol 4 (RFC 2003 §3) or 41 (RFC 4213 §3.5, RFC 2473): the payload is the
 *   inner IPv4 or IPv6 packet, of the version the protocol number names ({@link decodeIpv4InIp}).
 * - Geneve, UDP destination port 6081 (RFC 8926 §3.4): Ver (2 bits, 0), Opt Len (6 bits, in
 *   4-octet words), O, C, Protocol Type (an EtherType; 0x6558 an Ethernet frame), VNI; the
 *   options follow the 8-octet header.
 * - GRE Protocol Type 0x6558 (Transparent Ethernet Bridging): an Ethernet frame.
 * - ERSPAN in GRE (draft-foschiano-erspan-03 §4): Protocol Type 0x88BE without S is type I (the
 *   mirrored Ethernet frame follows the GRE header); with S it is type II, an 8-octet header of
 *   version 1 before the frame; 0x22EB is type III, a 12-octet header of version 2 followed by an
 *   8-octet platform-specific subheader when its last bit (O) is set.
 * - VXLAN, UDP destination port 4789 (RFC 7348 §5; or Linux's older default 8472): an 8-octet header whose I flag (0x08 of the
 *   first octet) must be set, then an Ethernet frame.
 * - MPLS is a link-layer EtherType (capture/link/ethernet.ts), reached from any of these too.
 */
import { decodeEthernet, dispatchEtherType, LINK_TRUNCATED, setOther } from '../capture/link/ethernet.js';
import type { LinkResult } from '../capture/link/types.js';

/** `LinkResult.proto` when a tunnel header is one not decoded here (GRE version/RFC 1701 fields, VXLAN without I). */
export const TUNNEL_UNSUPPORTED = -2;

/** RFC 7348 §5: VXLAN's IANA-assigned UDP destination port; 8472 is Linux's default before it (ip-link(8) `dstport`). */
const VXLAN_PORT = 4789;
const VXLAN_LINUX_PORT = 8472;
/** RFC 8926 §3.3: Geneve's IANA-assigned UDP destination port. */
const GENEVE_PORT = 6081;
const GENEVE_HEADER = 8;

const GRE_C = 0x8000;
const GRE_K = 0x2000;
const GRE_S = 0x1000;
/** Bit 1 (R: RFC 1701 §2.1 Routing Present, a list of SREs follows) and bits 13–15 (Ver). */
const GRE_UNDECODED = 0x4000 | 0x0007;
const GRE_PROTO = { TEB: 0x6558, ERSPAN: 0x88be, ERSPAN_3: 0x22eb } as const;
const ERSPAN_2_HEADER = 8;
const ERSPAN_3_HEADER = 12;
const ERSPAN_3_SUBHEADER = 8;
const UDP_HEADER = 8;
const VXLAN_HEADER = 8;
const VXLAN_I = 0x08;

/** The GRE packet at [off, end): where its payload's network packet is. */
export function decodeGre(view: DataView, off: number, end: number, out: LinkResult): void {
  if (end - off < 4) {
    setOther(out, LINK_TRUNCATED, end);
    return;
  }
  const flags = view.getUint16(off);
  if ((flags & GRE_UNDECODED) !== 0) {
    setOther(out, TUNNEL_UNSUPPORTED, end);
    return;
  }
  const type = view.getUint16(off + 2);
  const p = off + 4 + ((flags & GRE_C) !== 0 ? 4 : 0) + ((flags & GRE_K) !== 0 ? 4 : 0) + ((flags & GRE_S) !== 0 ? 4 : 0);
  if (p > end) {
    setOther(out, LINK_TRUNCATED, end);
    return;
  }
  switch (type) {
    case GRE_PROTO.TEB:
      decodeEthernet(view, p, end, out);
      break;
    case GRE_PROTO.ERSPAN:
      // Type I has no sequence number and no ERSPAN header; type II has both.
      if ((flags & GRE_S) === 0) decodeEthernet(view, p, end, out);
      else erspan(view, p, end, 1, ERSPAN_2_HEADER, out);
      break;
    case GRE_PROTO.ERSPAN_3:
      erspan(view, p, end, 2, ERSPAN_3_HEADER, out);
      break;
    default:
      dispatchEtherType(view, type, p, end, out);
  }
}

function erspan(view: DataView, p: number, end: number, version: number, header: number, out: LinkResult): void {
  if (end - p < header) {
    setOther(out, LINK_TRUNCATED, end);
    return;
  }
  if (view.getUint8(p) >>> 4 !== version) {
    setOther(out, TUNNEL_UNSUPPORTED, end);
    return;
  }
  const sub = version === 2 && (view.getUint8(p + header - 1) & 1) !== 0 ? ERSPAN_3_SUBHEADER : 0;
  decodeEthernet(view, p + header + sub, end, out);
}

/**
 * The tunnel decoder of the UDP datagram at [off, end), by its destination port: VXLAN (4789, 8472) or
 * Geneve (6081); undefined for any other datagram.
 */
export function udpTunnel(view: DataView, off: number, end: number): ((view: DataView, off: number, end: number, out: LinkResult) => void) | undefined {
  if (end - off < UDP_HEADER) return undefined;
  const port = view.getUint16(off + 2);
  return port === VXLAN_PORT || port === VXLAN_LINUX_PORT ? decodeVxlan : port === GENEVE_PORT ? decodeGeneve : undefined;
}

/** RFC 768: the UDP Length counts header and data; octets past it (link padding) are not the datagram's. */
function udpEnd(view: DataView, off: number, end: number): number {
  const len = view.getUint16(off + 4);
  return len >= UDP_HEADER && off + len < end ? off + len : end;
}

/** The VXLAN packet in the UDP datagram at [off, end): where its frame's network packet is. */
export function decodeVxlan(view: DataView, off: number, end: number, out: LinkResult): void {
  const stop = udpEnd(view, off, end);
  const p = off + UDP_HEADER;
  if (stop - p < VXLAN_HEADER) {
    setOther(out, LINK_TRUNCATED, stop);
    return;
  }
  if ((view.getUint8(p) & VXLAN_I) === 0) {
    setOther(out, TUNNEL_UNSUPPORTED, stop);
    return;
  }
  decodeEthernet(view, p + VXLAN_HEADER, stop, out);
}

/** The Geneve packet in the UDP datagram at [off, end) (RFC 8926 §3.4): where its network packet is. */
export function decodeGeneve(view: DataView, off: number, end: number, out: LinkResult): void {
  const stop = udpEnd(view, off, end);
  const p = off + UDP_HEADER;
  if (stop - p < GENEVE_HEADER) {
    setOther(out, LINK_TRUNCATED, stop);
    return;
  }
  const first = view.getUint8(p);
  if (first >>> 6 !== 0) {
    setOther(out, TUNNEL_UNSUPPORTED, stop); // §3.4: a packet of an unknown version is dropped
    return;
  }
  const payload = p + GENEVE_HEADER + (first & 0x3f) * 4;
  if (payload > stop) {
    setOther(out, LINK_TRUNCATED, stop);
    return;
  }
  const type = view.getUint16(p + 2);
  if (type === GRE_PROTO.TEB) decodeEthernet(view, payload, stop, out);
  else dispatchEtherType(view, type, payload, stop, out);
}

/** IP protocol 4 (RFC 2003 §3): the payload at [off, end) is an IPv4 packet; another version is not decoded (Linux's ipip drops it). */
export function decodeIpv4InIp(view: DataView, off: number, end: number, out: LinkResult): void {
  ipInIp(view, off, end, 4, out);
}

/** IP protocol 41 (RFC 4213 §3.5, RFC 2473): the payload at [off, end) is an IPv6 packet. */
export function decodeIpv6InIp(view: DataView, off: number, end: number, out: LinkResult): void {
  ipInIp(view, off, end, 6, out);
}

function ipInIp(view: DataView, off: number, end: number, version: 4 | 6, out: LinkResult): void {
  if (off >= end) {
    setOther(out, LINK_TRUNCATED, end);
    return;
  }
  if (view.getUint8(off) >>> 4 !== version) {
    setOther(out, TUNNEL_UNSUPPORTED, end); // review of the merge: the protocol number names the version
    return;
  }
  out.net = version === 4 ? 'ipv4' : 'ipv6';
  out.proto = version === 4 ? 0x0800 : 0x86dd;
  out.offset = off;
  out.end = end;
}
