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
 * Bounds: at most `capacity` (ports, tag) keys (the oldest tag's forgotten first, O(1): core/fifo-map.ts),
 * each with at most {@link MAX_PATHS} paths. Past that, the path dropped is the one least likely to
 * hold part of a message (review 12-A #4: four lone decoy fragments from four spoofed addresses
 * pushed the real first path out): one without pending fragments in the stream, else one without a
 * pending first fragment, else any; the least recently noted of those. A decoy with the tag can still
 * send first fragments: the defence makes the attack need them, it does not rule it out.
 */
import { FifoMap } from '../core/fifo-map.js';

/**
 * Paths remembered per (ports, tag): a multi-homed signalling node has a few addresses (one per
 * redundant LAN), so an association has ≤ 2 × 2 address pairs per direction in practice.
 */
const MAX_PATHS = 4;

const NONE: readonly number[] = [];

/** How much of a message path `id` holds in the stream of the fragment being noted: 0 none, 1 fragments, 2 a first fragment among them. */
export type PathHold = (id: number) => number;

/** The paths of one (source port, destination port) with a given tag. */
interface Entry {
  ports: number;
  ids: number[];
}

export class SctpPaths {
  /** Tag (int32) → its entries, one per port pair (review 12-A perf: a numeric key, no key text per fragment). */
  private readonly byTag = new FifoMap<number, Entry[]>();
  private count = 0;

  constructor(private readonly capacity: number) {}

  /** Keys (ports, tag) held. */
  get size(): number {
    return this.count;
  }

  /**
   * Notes that path `id` (a direction's flow id) carried a fragment with these ports and tag; the
   * paths noted for them (`id` last), or an empty list when `id` is the only one. The list is the
   * table's own: read it before the next call. `hold` ranks the paths when one must be dropped.
   */
  note(srcPort: number, dstPort: number, vtag: number, id: number, hold: PathHold): readonly number[] {
    const tag = vtag | 0;
    const ports = srcPort * 65536 + dstPort;
    const map = this.byTag;
    let list = map.get(tag);
    const entry = list === undefined ? undefined : find(list, ports);
    if (entry === undefined) {
      while (this.count >= this.capacity) this.count -= forgetOldest(map);
      // The eviction may have dropped this very tag (final read: its entry went into the dropped
      // list, the count drifted up, and an empty table's oldest() was undefined: a TypeError).
      list = map.get(tag);
      if (list === undefined) {
        list = [];
        map.set(tag, list);
      }
      list.push({ ports, ids: [id] });
      this.count++;
      return NONE;
    }
    const ids = entry.ids;
    if (ids[ids.length - 1] === id) return ids.length > 1 ? ids : NONE;
    const at = ids.indexOf(id);
    if (at >= 0) ids.splice(at, 1);
    else if (ids.length >= MAX_PATHS) ids.splice(leastHeld(ids, hold), 1);
    ids.push(id);
    return ids;
  }
}

/** The entry of `ports` in `list` (no closure per call: once per buffered fragment). */
function find(list: Entry[], ports: number): Entry | undefined {
  for (const e of list) if (e.ports === ports) return e;
  return undefined;
}

/** Forgets the oldest tag's entries; how many. */
function forgetOldest(map: FifoMap<number, Entry[]>): number {
  const tag = map.oldest()!;
  const n = map.get(tag)!.length;
  map.delete(tag);
  return n;
}

/** Index in `ids` (least recently noted first) of the path holding least of a message (see the module comment). */
function leastHeld(ids: readonly number[], hold: PathHold): number {
  let best = 0;
  let bestRank = 3;
  for (let k = 0; k < ids.length && bestRank > 0; k++) {
    const r = hold(ids[k]!);
    if (r < bestRank) {
      best = k;
      bestRank = r;
    }
  }
  return best;
}
