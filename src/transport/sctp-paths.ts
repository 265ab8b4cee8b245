/**
 * The paths (association directions keyed by their own address pair, sctp-assocs.ts) that carried
 * fragments of one (source port, destination port, Verification Tag), for the cross-path
 * completion of a user message (sctp-reassembly.ts {@link SctpReassembler.crossComplete}; red-team
 * rt11 R6: a message whose fragments travel on two paths of a multi-homed association set up
 * before the capture, so without INIT / INIT ACK naming its addresses, was never reassembled).
 *
 * RFC 9260 §6.4: a sender may put any chunk on any path of the association, and a retransmission
 * goes to an alternate address by default (§6.4.1); §8.5: every packet of an association carries
 * the receiver's Verification Tag on every path. So the fragments of one message may lie on several
 * address pairs with the same ports and tag. These pairs are not joined into one direction (rt9 MH3:
 * a decoy from an address of neither endpoint is out of the blue to the receiver, §8.4, and must not
 * take the place of a real fragment): each keeps its own TSN window and reassembly, and a message
 * that completes only across them is an extra version (see crossComplete).
 *
 * Bounds: at most `capacity` keys (the oldest forgotten first, O(1): core/fifo-map.ts), each with at
 * most {@link MAX_PATHS} paths (the least recently noted dropped first).
 */
import { FifoMap } from '../core/fifo-map.js';

/**
 * Paths remembered per (ports, tag): a multi-homed signalling node has a few addresses (one per
 * redundant LAN), so an association has ≤ 2 × 2 address pairs per direction in practice.
 */
const MAX_PATHS = 4;

const NONE: readonly number[] = [];

export class SctpPaths {
  private readonly byKey = new FifoMap<string, number[]>();

  constructor(private readonly capacity: number) {}

  /** Keys held. */
  get size(): number {
    return this.byKey.size;
  }

  /**
   * Notes that path `id` (a direction's flow id) carried a fragment with these ports and tag; the
   * paths noted for them (`id` last), or an empty list when `id` is the only one. The list is the
   * table's own: read it before the next call.
   */
  note(srcPort: number, dstPort: number, vtag: number, id: number): readonly number[] {
    const key = `${srcPort}|${dstPort}|${vtag}`;
    const map = this.byKey;
    const ids = map.get(key);
    if (ids === undefined) {
      if (map.size >= this.capacity) map.delete(map.oldest()!);
      map.set(key, [id]);
      return NONE;
    }
    if (ids[ids.length - 1] === id) return ids.length > 1 ? ids : NONE;
    const at = ids.indexOf(id);
    if (at >= 0) ids.splice(at, 1);
    else if (ids.length >= MAX_PATHS) ids.shift();
    ids.push(id);
    return ids;
  }
}
