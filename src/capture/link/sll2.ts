/**
 * Linux "cooked" capture v2 (LINKTYPE_LINUX_SLL2 = 276, tcpdump.org LINKTYPE_LINUX_SLL2):
 * protocol type (2) at offset 0, reserved (2), interface index (4), ARPHRD type (2), packet type
 * (1), address length (1), address (8); payload at 20.
 */
import { dispatchEtherType, LINK_TRUNCATED, setOther } from './ethernet.js';
import type { LinkResult } from './types.js';

const SLL2_HEADER_LEN = 20;

export function decodeSll2(view: DataView, offset: number, end: number, out: LinkResult): void {
  if (end - offset < SLL2_HEADER_LEN) {
    setOther(out, LINK_TRUNCATED, end);
    return;
  }
  dispatchEtherType(view, view.getUint16(offset), offset + SLL2_HEADER_LEN, end, out);
}
