/**
 * BSD loopback (LINKTYPE_NULL = 0, tcpdump.org LINKTYPE_NULL): a 4-byte address family in the
 * byte order of the capturing host, then the packet. AF_INET is 2 everywhere; AF_INET6 is 24
 * (NetBSD, OpenBSD, BSD/OS), 28 (FreeBSD, DragonFly) or 30 (macOS, iOS). Families are < 2^16, so
 * a value whose low-order 16 bits (in the order tried) are 0 was written in the other order.
 */
import { LINK_TRUNCATED, setOther } from './ethernet.js';
import type { LinkResult } from './types.js';

const NULL_HEADER_LEN = 4;

export function decodeNull(view: DataView, offset: number, end: number, out: LinkResult): void {
  if (end - offset < NULL_HEADER_LEN) {
    setOther(out, LINK_TRUNCATED, end);
    return;
  }
  let af = view.getUint32(offset, true);
  if (af > 0xffff) af = view.getUint32(offset, false);
  out.offset = offset + NULL_HEADER_LEN;
  out.end = end;
  out.proto = af;
  if (af === 2) out.net = 'ipv4';
  else if (af === 24 || af === 28 || af === 30) out.net = 'ipv6';
  else out.net = 'other';
}
