/**
 * Link-layer dispatch: LINKTYPE_* (tcpdump.org link-layer header registry) → decoder. One
 * table, indexed by link type (a dense array: a single bounds-checked load per frame).
 */
import { LinkType } from '../types.js';
import { decodeEthernet, LINK_TRUNCATED, setOther } from './ethernet.js';
import { decodeMtp2, decodeMtp2WithPhdr, decodeMtp3 } from './mtp2.js';
import { decodeNull } from './null-loopback.js';
import { decodePppWithDir } from './ppp.js';
import { decodeSll } from './sll.js';
import { decodeSll2 } from './sll2.js';
import type { LinkResult } from './types.js';
import type { AnomalyCode } from '../../core/anomaly-codes.js';

/** Anomaly codes of the link layer (see core/anomaly-codes.ts). */
export const LINK_ANOMALY = {
  TRUNCATED: 'link.truncated',
  UNSUPPORTED: 'link.unsupported',
  TUNNEL_TRUNCATED: 'link.tunnel-truncated',
  TUNNEL_UNSUPPORTED: 'link.tunnel-unsupported',
  TUNNEL_DEPTH: 'link.tunnel-depth',
} as const satisfies Record<string, AnomalyCode>;

export type LinkDecoder = (view: DataView, offset: number, end: number, out: LinkResult) => void;

/** LINKTYPE_RAW (101): IPv4 or IPv6 by the version nibble (RFC 791 §3.1, RFC 8200 §3). */
function decodeRaw(view: DataView, offset: number, end: number, out: LinkResult): void {
  if (end <= offset) {
    setOther(out, LINK_TRUNCATED, end);
    return;
  }
  const v = view.getUint8(offset) >>> 4;
  out.offset = offset;
  out.end = end;
  out.proto = v;
  out.net = v === 4 ? 'ipv4' : v === 6 ? 'ipv6' : 'other';
}

function decodeIpv4(_view: DataView, offset: number, end: number, out: LinkResult): void {
  out.net = 'ipv4';
  out.proto = 0;
  out.offset = offset;
  out.end = end;
}

function decodeIpv6(_view: DataView, offset: number, end: number, out: LinkResult): void {
  out.net = 'ipv6';
  out.proto = 0;
  out.offset = offset;
  out.end = end;
}

const DECODERS: (LinkDecoder | undefined)[] = [];
DECODERS[LinkType.NULL] = decodeNull;
DECODERS[LinkType.ETHERNET] = decodeEthernet;
DECODERS[LinkType.RAW] = decodeRaw;
DECODERS[LinkType.RAW_DLT12] = decodeRaw;
DECODERS[LinkType.RAW_DLT14] = decodeRaw;
DECODERS[LinkType.LINUX_SLL] = decodeSll;
DECODERS[LinkType.MTP2_WITH_PHDR] = decodeMtp2WithPhdr;
DECODERS[LinkType.MTP2] = (view, offset, end, out) => decodeMtp2(view, offset, end, out);
DECODERS[LinkType.MTP3] = decodeMtp3;
DECODERS[LinkType.PPP_WITH_DIR] = decodePppWithDir;
DECODERS[LinkType.IPV4] = decodeIpv4;
DECODERS[LinkType.IPV6] = decodeIpv6;
DECODERS[LinkType.LINUX_SLL2] = decodeSll2;

/** True when {@link decodeLink} knows `linkType`. */
export function isSupportedLinkType(linkType: number): boolean {
  return DECODERS[linkType] !== undefined;
}

/**
 * Finds the network-layer packet in a frame `view[offset, end)` of link type `linkType`.
 * Unknown link type: `out.net = 'other'`, `out.proto = linkType` (the caller counts and reports
 * it once). A link header cut short: `out.net = 'other'`, `out.proto = LINK_TRUNCATED` (-1).
 */
export function decodeLink(linkType: number, view: DataView, offset: number, end: number, out: LinkResult): void {
  const dec = DECODERS[linkType];
  if (dec === undefined) setOther(out, linkType, end);
  else dec(view, offset, end, out);
}

export { LINK_TRUNCATED } from './ethernet.js';
export { newLinkResult, type LinkResult } from './types.js';
