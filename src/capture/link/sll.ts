/**
 * Linux "cooked" capture v1 (LINKTYPE_LINUX_SLL = 113, tcpdump.org LINKTYPE_LINUX_SLL): packet
 * type (2), ARPHRD type (2), link-layer address length (2), address (8, padded), protocol type
 * (2) at offset 14; payload at 16. The protocol type is an EtherType for the frames sigwatch
 * reads (values 1 and 4 mean Novell 802.3 / 802.2 LLC and land in 'other').
 */
import { dispatchEtherType, LINK_TRUNCATED, setOther } from './ethernet.js';
import type { LinkResult } from './types.js';

const SLL_HEADER_LEN = 16;

export function decodeSll(view: DataView, offset: number, end: number, out: LinkResult): void {
  if (end - offset < SLL_HEADER_LEN) {
    setOther(out, LINK_TRUNCATED, end);
    return;
  }
  dispatchEtherType(view, view.getUint16(offset + 14), offset + SLL_HEADER_LEN, end, out);
}
