/**
 * PPP with direction (LINKTYPE_PPP_WITH_DIR = 204, tcpdump.org): one direction octet (0 =
 * received, non-zero = sent), then a PPP frame as in LINKTYPE_PPP: optionally the HDLC-like
 * address/control octets 0xFF 0x03 (RFC 1662 §3.1), then the Protocol field (RFC 1661 §2),
 * 2 octets, or 1 when Protocol-Field-Compression made it odd in its first octet
 * (RFC 1661 §6.5). Protocol 0x0021 = IPv4, 0x0057 = IPv6 (RFC 5072 §3).
 */
import { LINK_TRUNCATED, setOther } from './ethernet.js';
import type { LinkResult } from './types.js';

const PPP_PROTO = { IPV4: 0x0021, IPV6: 0x0057 } as const;

export function decodePppWithDir(view: DataView, offset: number, end: number, out: LinkResult): void {
  let p = offset + 1; // direction
  if (p + 2 <= end && view.getUint8(p) === 0xff && view.getUint8(p + 1) === 0x03) p += 2;
  if (p + 1 > end) {
    setOther(out, LINK_TRUNCATED, end);
    return;
  }
  let proto = view.getUint8(p);
  if ((proto & 1) === 1)
    p += 1; // compressed: a 1-octet protocol number is odd
  else if (p + 2 > end) {
    setOther(out, LINK_TRUNCATED, end);
    return;
  } else {
    proto = view.getUint16(p);
    p += 2;
  }
  out.offset = p;
  out.end = end;
  out.proto = proto;
  if (proto === PPP_PROTO.IPV4) out.net = 'ipv4';
  else if (proto === PPP_PROTO.IPV6) out.net = 'ipv6';
  else out.net = 'other';
}
