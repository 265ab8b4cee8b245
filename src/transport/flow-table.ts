/**
 * Flow table: one entry per transport flow direction (source address+port → destination
 * address+port, plus a tag: the SCTP Verification Tag, 0 for TCP), bounded by count with LRU
 * eviction, idle expiry in capture time and an optional byte budget over what the owner charges
 * to its entries (tcp-flows.ts: tcpReasmBytes).
 *
 * Lookup does not build strings: the key is a 32-bit FNV-1a-style hash of the address words, ports
 * and tag from a per-process random seed, finished by an avalanche mix (core/hash.ts: crafted flows
 * cannot share a bucket), and a hit is confirmed by comparing the stored hash, ports, tag and address bytes (so
 * colliding hashes and bucket indexes resolve correctly). Buckets are a power-of-two array
 * indexed by the hash's low bits, doubled when the entries outnumber it (≤ the next power of two
 * of `capacity` slots), instead of a Map<number, entry>. measured (1 M bench capture, CPU
 * profile): Map.get was 32 of the ~80 self ticks of lookup; not A/B tested alone (the
 * end-to-end effect is below this machine's noise). The {@link Flow} object and
 * its address text are created once, when the entry is created. Recency, the count cap and idle
 * expiry are the core bounded table's (core/bounded-table.ts: O(1) touch, eviction callback); the
 * buckets here are only the index, so the table is created unkeyed and an evicted entry is unlinked
 * from its bucket in the callback.
 */
import { BoundedTable, type BoundedEntry, type EvictReason } from '../core/bounded-table.js';
import { ipText } from '../core/bytes.js';
import { fmix32, fnvStep, HASH_SEED } from '../core/hash.js';
import type { Flow } from './types.js';

export interface FlowEntry<S> {
  readonly flow: Flow;
  readonly state: S;
  readonly hash: number;
  readonly addr: Uint8Array;
  /** The first 32-bit word (big-endian, as DataView.getInt32 reads it) of each address: a hit compares these first. */
  readonly srcWord: number;
  readonly dstWord: number;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly tag: number;
  bucketNext: FlowEntry<S> | null;
  /** The entry's place in the bounded table (recency, age). */
  slot: BoundedEntry<never, FlowEntry<S>>;
}

/** Shared id source so flow ids are unique within one pipeline. */
export interface FlowIds {
  next: number;
}

/** 'limit': table full; 'age': idle; 'bytes': the layer's byte budget (e.g. tcpReasmBytes). */
export type { EvictReason };

export class FlowTable<S> {
  /** Chain heads by `hash & mask`; length is a power of two ≥ count (grown by doubling). */
  private buckets: (FlowEntry<S> | null)[] = new Array<FlowEntry<S> | null>(16).fill(null);
  private mask = 15;
  /**
   * Entries recently found or made, direct-mapped by {@link recentSlot}: a
   * hit, confirmed by the full key compare, skips hashing the whole addresses and walking a bucket.
   * measured (callgrind, routine mix, bench/results-notes.md "transport"): hashing the two
   * addresses was ~220 of ~580 instructions per lookup (IPv6 four words a side). A crafted set of
   * flows sharing slots only costs misses; an entry leaves its slot when it leaves the table.
   */
  private readonly recent: (FlowEntry<S> | null)[] = new Array<FlowEntry<S> | null>(RECENT_SLOTS).fill(null);
  private readonly table: BoundedTable<never, FlowEntry<S>>;

  constructor(
    private readonly transport: Flow['transport'],
    capacity: number,
    maxIdleSec: number,
    private readonly ids: FlowIds,
    private readonly createState: (flow: Flow) => S,
    onEvict: (e: FlowEntry<S>, reason: EvictReason) => void,
    /** Byte budget over what the owner {@link charge}s to its entries (e.g. tcpReasmBytes). */
    maxBytes = Infinity,
    /** Start of the key hash (default: HASH_SEED, random per process; tests pin it to build collisions). */
    private readonly seed = HASH_SEED,
  ) {
    this.table = new BoundedTable<never, FlowEntry<S>>({
      maxEntries: capacity,
      maxAgeSec: maxIdleSec,
      maxBytes,
      onEvict: (slot, reason) => {
        this.unindex(slot.value);
        onEvict(slot.value, reason);
      },
    });
  }

  get size(): number {
    return this.table.size;
  }

  /**
   * Find (and with `create`, make) the entry for the flow whose source address is at `srcOffset`
   * and destination address at `dstOffset` in `view`, each `addrLen` bytes. Touches it (LRU) at
   * `now` (capture seconds). Idle entries are not expired here: the owner calls {@link expire}
   * once per packet before its lookups (TCP looks up both directions of a segment: one expiry
   * walk, not two).
   */
  lookup(
    view: DataView,
    srcOffset: number,
    dstOffset: number,
    addrLen: number,
    srcPort: number,
    dstPort: number,
    tag: number,
    now: number,
    create: boolean,
  ): FlowEntry<S> | undefined {
    const table = this.table;
    const last = addrLen - 4;
    const r = recentSlot(this.seed, srcPort, dstPort, tag, last >= 0 ? view.getInt32(srcOffset + last) : 0, last >= 0 ? view.getInt32(dstOffset + last) : 0);
    const c = this.recent[r]!;
    if (c !== null && c.srcPort === srcPort && c.dstPort === dstPort && c.tag === tag && sameAddr(c, view, srcOffset, dstOffset, addrLen)) {
      table.touch(c.slot, now);
      return c;
    }
    const h0 = hashAddr(hashAddr(this.seed, view, srcOffset, addrLen), view, dstOffset, addrLen);
    const h = fmix32(fnvStep(fnvStep(fnvStep(h0, srcPort), dstPort), tag));
    for (let e = this.buckets[h & this.mask] as FlowEntry<S> | null; e !== null; e = e.bucketNext) {
      if (e.hash === h && e.srcPort === srcPort && e.dstPort === dstPort && e.tag === tag && sameAddr(e, view, srcOffset, dstOffset, addrLen)) {
        table.touch(e.slot, now);
        this.recent[r] = e;
        return e;
      }
    }
    if (!create) return undefined;
    // At capacity the least recently used entry goes first (before the new state is created).
    if (table.size >= table.maxEntries) table.evictOldest('limit');
    const addr = new Uint8Array(addrLen * 2);
    for (let i = 0; i < addrLen; i++) {
      addr[i] = view.getUint8(srcOffset + i);
      addr[addrLen + i] = view.getUint8(dstOffset + i);
    }
    const flow: Flow = {
      id: this.ids.next++,
      transport: this.transport,
      src: ipText(addr, 0, addrLen),
      dst: ipText(addr, addrLen, addrLen),
      srcPort,
      dstPort,
    };
    if (table.size >= this.buckets.length) this.grow();
    // `slot` is set right below (the entry and its slot point at each other).
    const srcWord = addrWord(addr, 0);
    const dstWord = addrWord(addr, addrLen);
    const e: FlowEntry<S> = { flow, state: this.createState(flow), hash: h, addr, srcWord, dstWord, srcPort, dstPort, tag, bucketNext: null, slot: null! };
    e.slot = table.add(e, now);
    const b = h & this.mask;
    e.bucketNext = this.buckets[b]!;
    this.buckets[b] = e;
    this.recent[r] = e;
    return e;
  }

  /** Evicts the entries idle longer than the table's idle cap at `now` (capture seconds). */
  expire(now: number): void {
    this.table.expire(now);
  }

  /** Sets the bytes `e` holds against the byte budget to `bytes` (a no-op once `e` left the table). */
  charge(e: FlowEntry<S>, bytes: number): void {
    if (e.slot.live) this.table.charge(e.slot, bytes - e.slot.cost);
  }

  /** The table's caps (BoundedTable.enforce): over the byte budget, least recently used flows go first ('bytes'). */
  enforce(now: number): void {
    this.table.enforce(now);
  }

  /** Remove an entry (connection closed). */
  delete(e: FlowEntry<S>): void {
    if (!e.slot.live) return;
    this.unindex(e);
    this.table.delete(e.slot);
  }

  /** Entries from oldest to newest. */
  *entries(): IterableIterator<FlowEntry<S>> {
    for (const slot of this.table.entries()) yield slot.value;
  }

  private unindex(e: FlowEntry<S>): void {
    const n = e.addr.length / 2;
    const r = recentSlot(this.seed, e.srcPort, e.dstPort, e.tag, n >= 4 ? addrWord(e.addr, n - 4) : 0, n >= 4 ? addrWord(e.addr, 2 * n - 4) : 0);
    if (this.recent[r] === e) this.recent[r] = null;
    const b = e.hash & this.mask;
    let p = this.buckets[b] as FlowEntry<S> | null;
    if (p === e) this.buckets[b] = e.bucketNext;
    else {
      while (p !== null && p.bucketNext !== e) p = p.bucketNext;
      if (p === null) return; // not in the table
      p.bucketNext = e.bucketNext;
    }
    e.bucketNext = null;
  }

  /** Doubles the bucket array and rehashes every entry (by its stored hash). */
  private grow(): void {
    const size = this.buckets.length * 2;
    const buckets = new Array<FlowEntry<S> | null>(size).fill(null);
    const mask = size - 1;
    for (const slot of this.table.entries()) {
      const e = slot.value;
      const b = e.hash & mask;
      e.bucketNext = buckets[b]!;
      buckets[b] = e;
    }
    this.buckets = buckets;
    this.mask = mask;
  }
}

/** Slots of {@link FlowTable}'s recent-entry cache (a power of two: 2^RECENT_BITS). */
const RECENT_BITS = 6;
const RECENT_SLOTS = 1 << RECENT_BITS;

/**
 * The recent-cache slot of a key: its ports, tag and the last words of both addresses (the paths
 * of a multi-homed association share ports and tag: alternating between them in one slot missed
 * every time, +35 % per lookup over the table without the cache; red-team review of "transport"),
 * seeded per table, mixed by a golden-ratio multiply (top bits).
 */
function recentSlot(seed: number, srcPort: number, dstPort: number, tag: number, srcLast: number, dstLast: number): number {
  return Math.imul(((srcPort << 16) | dstPort) ^ tag ^ srcLast ^ (dstLast >>> 1) ^ seed, 0x9e3779b1) >>> (32 - RECENT_BITS);
}

/**
 * FNV-1a style mixing of an address, a 32-bit word per step (IPv4: 1, IPv6: 4) and any tail
 * octets one by one: 4× fewer steps than per octet (32 → 8 for an IPv6 pair).
 */
function hashAddr(h: number, view: DataView, off: number, len: number): number {
  let i = 0;
  for (; i + 4 <= len; i += 4) h = fnvStep(h, view.getUint32(off + i));
  for (; i < len; i++) h = fnvStep(h, view.getUint8(off + i));
  return h;
}

/**
 * The entry's addresses equal the packet's: the first 32-bit word of each side (the whole IPv4
 * address) from the entry's fields, then the rest (IPv6: 12 octets a side) octet by octet. The
 * octet-by-octet compare of everything was a loop of 8 DataView reads per IPv4 lookup
 * (callgrind, routine mix: bench/results-notes.md, "deccomp"); the words as two number fields
 * rather than an Int32Array per entry (+233 B per flow).
 */
function sameAddr(e: FlowEntry<unknown>, view: DataView, src: number, dst: number, addrLen: number): boolean {
  const a = e.addr;
  if (a.length !== addrLen * 2) return false;
  let i = 0;
  if (addrLen >= 4) {
    if (e.srcWord !== view.getInt32(src) || e.dstWord !== view.getInt32(dst)) return false;
    i = 4;
  }
  // The rest (IPv6: 12 octets a side) a word at a time: the octet loop was ~95 instructions per
  // lookup on the routine mix, whose IPv6 share is ~17 % (callgrind, "transport").
  for (; i + 4 <= addrLen; i += 4) if (addrWord(a, i) !== view.getInt32(src + i) || addrWord(a, addrLen + i) !== view.getInt32(dst + i)) return false;
  for (; i < addrLen; i++) if (a[i] !== view.getUint8(src + i) || a[addrLen + i] !== view.getUint8(dst + i)) return false;
  return true;
}

/** The big-endian 32-bit word at `i` of `a` (as DataView.getInt32 reads it); 0-padded past the end. */
function addrWord(a: Uint8Array, i: number): number {
  return ((a[i] ?? 0) << 24) | ((a[i + 1] ?? 0) << 16) | ((a[i + 2] ?? 0) << 8) | (a[i + 3] ?? 0);
}
