/**
 * IPv4 header decode (RFC 791 §3.1). Fills a caller-owned {@link IpPacket}; no allocation.
 *
 * Checks: version 4, IHL >= 5 (20 bytes), Total Length >= header length. A Total Length beyond
 * the captured bytes (snaplen) is reported and the payload clamped to what was captured; bytes
 * past Total Length (Ethernet minimum-frame padding) are excluded. The header checksum is not
 * verified: captures taken with checksum offload carry unfinished checksums.
 */
import type { AnomalyCode } from '../core/anomaly-codes.js';

/** Anomaly codes of the IP layer (IPv4, IPv6, fragment reassembly). */
export const IP_ANOMALY = {
  TRUNCATED: 'ip.truncated',
  BAD_VERSION: 'ip.bad-version',
  BAD_HEADER_LENGTH: 'ip.bad-header-length',
  BAD_TOTAL_LENGTH: 'ip.bad-total-length',
  BAD_EXTENSION: 'ip.bad-extension-header',
  JUMBOGRAM: 'ip.jumbogram-unsupported',
  FRAG_TOO_LONG: 'ip.fragment-too-long',
  FRAG_OVERLAP: 'ip.fragment-overlap',
  FRAG_EVICTED: 'ip.fragment-evicted',
  FRAG_INCOMPLETE: 'ip.fragment-incomplete',
} as const satisfies Record<string, AnomalyCode>;
export type IpAnomalyCode = (typeof IP_ANOMALY)[keyof typeof IP_ANOMALY];

/** One decoded IP packet (v4 or v6). Reused: valid until the next decode into it. */
export interface IpPacket {
  version: 4 | 6;
  /** Source address starts at `addrOffset`, destination at `addrOffset + addrLen` (same view). */
  addrOffset: number;
  addrLen: 4 | 16;
  /** Upper-layer protocol (IANA protocol number) of the bytes in [offset, end). */
  proto: number;
  /** Upper-layer bytes (for a fragment: this fragment's data). */
  offset: number;
  end: number;
  /** True when this packet is a fragment (IPv4 MF or offset != 0, or an IPv6 Fragment header). */
  fragment: boolean;
  /** Fragment offset in bytes, More Fragments flag, Identification. */
  fragOffset: number;
  moreFragments: boolean;
  fragId: number;
  /** Set when Total/Payload Length exceeds the captured bytes (payload clamped). */
  truncated: boolean;
  /** The anomaly that stopped the packet when decodeIpv4/decodeIpv6 returned -1; '' otherwise. */
  problem: IpAnomalyCode | '';
}

export function newIpPacket(): IpPacket {
  return {
    version: 4,
    addrOffset: 0,
    addrLen: 4,
    proto: 0,
    offset: 0,
    end: 0,
    fragment: false,
    fragOffset: 0,
    moreFragments: false,
    fragId: 0,
    truncated: false,
    problem: '',
  };
}

/**
 * Decode the IPv4 header at `offset`. Returns the end of the packet (clamped to the captured
 * bytes), or -1 with the anomaly code that stops this packet in `out.problem`.
 */
export function decodeIpv4(view: DataView, offset: number, end: number, out: IpPacket): number {
  out.problem = '';
  if (end - offset < 20) return fail(out, IP_ANOMALY.TRUNCATED);
  const b0 = view.getUint8(offset);
  if (b0 >> 4 !== 4) return fail(out, IP_ANOMALY.BAD_VERSION);
  const ihl = (b0 & 0x0f) * 4; // RFC 791 §3.1: IHL in 32-bit words, minimum 5
  if (ihl < 20) return fail(out, IP_ANOMALY.BAD_HEADER_LENGTH);
  if (end - offset < ihl) return fail(out, IP_ANOMALY.TRUNCATED);
  const total = view.getUint16(offset + 2);
  if (total < ihl) return fail(out, IP_ANOMALY.BAD_TOTAL_LENGTH);
  let pEnd = offset + total;
  out.truncated = false;
  if (pEnd > end) {
    pEnd = end;
    out.truncated = true;
  }
  const ff = view.getUint16(offset + 6); // flags (3 bits: 0, DF, MF) + fragment offset (13 bits, 8-byte units)
  out.version = 4;
  out.addrOffset = offset + 12;
  out.addrLen = 4;
  out.proto = view.getUint8(offset + 9);
  out.offset = offset + ihl;
  out.end = pEnd;
  out.moreFragments = (ff & 0x2000) !== 0;
  out.fragOffset = (ff & 0x1fff) * 8;
  out.fragment = out.moreFragments || out.fragOffset !== 0;
  out.fragId = view.getUint16(offset + 4);
  return pEnd;
}

function fail(out: IpPacket, code: IpAnomalyCode): -1 {
  out.problem = code;
  return -1;
}
