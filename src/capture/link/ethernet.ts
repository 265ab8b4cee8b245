/**
 * Ethernet II / IEEE 802.3 (LINKTYPE_ETHERNET = 1): destination (6), source (6), EtherType or
 * length (2). IEEE 802.1Q VLAN tags (TPID 0x8100), 802.1ad service tags (0x88A8) and the
 * pre-standard QinQ TPID 0x9100 insert 4 octets (TPID, TCI) before the real EtherType, and may
 * be stacked. The FCS, when captured, stays inside `end`: IP uses its own total length.
 */
import type { LinkResult } from './types.js';

const ETHERTYPE = {
  IPV4: 0x0800,
  IPV6: 0x86dd,
  VLAN: 0x8100,
  QINQ: 0x88a8,
  QINQ_OLD: 0x9100,
} as const;

/** LinkResult.proto when the link header itself is cut short. */
export const LINK_TRUNCATED = -1;

/** IEEE 802.3 §3.2.6: values ≤ 1500 are a length (802.2 LLC follows), not an EtherType. */
const MAX_8023_LENGTH = 1500;

/**
 * `type` is an EtherType whose payload starts at `payload`. Follows VLAN tags (each: TCI (2),
 * next EtherType (2)), then sets `out`. Shared with SLL/SLL2, whose protocol field is an
 * EtherType.
 */
export function dispatchEtherType(view: DataView, type: number, payload: number, end: number, out: LinkResult): void {
  let p = payload;
  let t = type;
  while (t === ETHERTYPE.VLAN || t === ETHERTYPE.QINQ || t === ETHERTYPE.QINQ_OLD) {
    if (p + 4 > end) {
      setOther(out, LINK_TRUNCATED, end);
      return;
    }
    t = view.getUint16(p + 2);
    p += 4;
  }
  out.offset = p;
  out.end = end;
  if (t === ETHERTYPE.IPV4) out.net = 'ipv4';
  else if (t === ETHERTYPE.IPV6) out.net = 'ipv6';
  else out.net = 'other';
  out.proto = t <= MAX_8023_LENGTH ? 0 : t; // 802.3 length: no EtherType to report
}

export function decodeEthernet(view: DataView, offset: number, end: number, out: LinkResult): void {
  if (end - offset < 14) {
    setOther(out, LINK_TRUNCATED, end);
    return;
  }
  dispatchEtherType(view, view.getUint16(offset + 12), offset + 14, end, out);
}

export function setOther(out: LinkResult, proto: number, end: number): void {
  out.net = 'other';
  out.proto = proto;
  out.offset = end;
  out.end = end;
}
