/**
 * Flow table: one entry per transport flow direction (source address+port → destination
 * address+port, plus a tag: the SCTP Verification Tag, 0 for TCP), bounded by count with LRU
 * eviction, idle expiry in capture time and an optional byte budget over what the owner charges
 * to its entries (tcp-flows.ts: tcpReasmBytes), past which the flow charged the most is evicted
 * first (each flow its own holder in the fair bounded table: a flood of buffered bytes on some flows
 * evicts those, not the least recently used one).
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
  /** Octets per address: 4 (IPv4) or 16 (IPv6). */
  readonly addrLen: number;
  /**
   * The addresses as 32-bit words (big-endian, as DataView.getInt32 reads them; 0 past an IPv4
   * address): the first of each side is compared first. Number fields rather than a Uint8Array of
   * both addresses: that array (with its ArrayBuffer object) was ~250 of the ~920 bytes each
   * association kept, measured with a heap snapshot (bench/results-notes.md, "assocmem").
   */
  readonly srcWord: number;
  readonly dstWord: number;
  readonly src1: number;
  readonly src2: number;
  readonly src3: number;
  readonly dst1: number;
  readonly dst2: number;
  readonly dst3: number;
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
  private readonly texts = new AddrTexts();

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
   * and destination address at `dstOffset` in `view`, each `addrLen` bytes (4: IPv4, 16: IPv6; the
   * entry keeps an address as four words at most). Touches it (LRU) at
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
    const r = recentSlot(this.seed, srcPort, dstPort, tag, view.getInt32(srcOffset + last), view.getInt32(dstOffset + last));
    const c = this.recent[r]!;
    if (c !== null && c.srcPort === srcPort && c.dstPort === dstPort && c.tag === tag && sameAddr(c, view, srcOffset, dstOffset, addrLen)) {
      table.touch(c.slot, now);
      return c;
    }
    const h0 = hashAddr(hashAddr(this.seed, view, srcOffset, addrLen), view, dstOffset, addrLen);
    // As int32: a uint32 field past 2^31 was a heap number box in every entry (heap snapshot, "assocmem").
    const h = fmix32(fnvStep(fnvStep(fnvStep(h0, srcPort), dstPort), tag)) | 0;
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
    const flow: Flow = {
      id: this.ids.next++,
      transport: this.transport,
      src: this.addrText(view, srcOffset, addrLen),
      dst: this.addrText(view, dstOffset, addrLen),
      srcPort,
      dstPort,
    };
    if (table.size >= this.buckets.length) this.grow();
    // `slot` is set right below (the entry and its slot point at each other).
    const e: FlowEntry<S> = {
      flow,
      state: this.createState(flow),
      hash: h,
      addrLen,
      srcWord: view.getInt32(srcOffset),
      dstWord: view.getInt32(dstOffset),
      src1: addrLen > 4 ? view.getInt32(srcOffset + 4) : 0,
      src2: addrLen > 4 ? view.getInt32(srcOffset + 8) : 0,
      src3: addrLen > 4 ? view.getInt32(srcOffset + 12) : 0,
      dst1: addrLen > 4 ? view.getInt32(dstOffset + 4) : 0,
      dst2: addrLen > 4 ? view.getInt32(dstOffset + 8) : 0,
      dst3: addrLen > 4 ? view.getInt32(dstOffset + 12) : 0,
      srcPort,
      dstPort,
      tag,
      bucketNext: null,
      slot: null!,
    };
    // With a byte budget each flow is its own holder: over it, the flow holding the most goes first
    // (core/bounded-table.ts "Fairness"; red-team rt8 EV1: junk flows evicted the oldest one's message).
    e.slot = table.add(e, now, 0, table.maxBytes !== Infinity);
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

  /** The table's caps (BoundedTable.enforce): over the byte budget, the flows charged the most go first ('bytes'). */
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

  /** The text of the address at `off` (ipText), from {@link AddrTexts}. */
  private addrText(view: DataView, off: number, len: number): string {
    const v6 = len > 4;
    return this.texts.text(view.getInt32(off), v6 ? view.getInt32(off + 4) : 0, v6 ? view.getInt32(off + 8) : 0, view.getInt32(off + len - 4), len);
  }

  private unindex(e: FlowEntry<S>): void {
    const v4 = e.addrLen === 4;
    const r = recentSlot(this.seed, e.srcPort, e.dstPort, e.tag, v4 ? e.srcWord : e.src3, v4 ? e.dstWord : e.dst3);
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

/**
 * Address texts (ipText) from a direct-mapped cache of the last texts made, by address words:
 * flows share addresses (a node's, on every association to it), and each text was a string kept
 * per flow (heap snapshot, bench/results-notes.md "assocmem").
 */
export class AddrTexts {
  /** Per slot the address's four words (IPv4: the word, then 0, 0, the word), length and text. */
  private readonly keys = new Int32Array(4 << TEXT_BITS);
  private readonly lens = new Uint8Array(1 << TEXT_BITS);
  private readonly texts: (string | undefined)[] = new Array<string | undefined>(1 << TEXT_BITS).fill(undefined);
  private readonly scratch = new DataView(new ArrayBuffer(16));

  /** The text of the `len`-octet address (4 or 16) whose big-endian words are w0 … w3 (IPv4: w0, 0, 0, w0). */
  text(w0: number, w1: number, w2: number, w3: number, len: number): string {
    // IPv4: w3 is w0 (one word), so w0 ^ w3 would put every IPv4 address in one slot (red-team review).
    const i = Math.imul((len === 4 ? w0 : w0 ^ w3) ^ len, 0x9e3779b1) >>> (32 - TEXT_BITS);
    const k = this.keys;
    const t = this.texts[i];
    if (t !== undefined && this.lens[i] === len && k[4 * i] === w0 && k[4 * i + 1] === w1 && k[4 * i + 2] === w2 && k[4 * i + 3] === w3) return t;
    const d = this.scratch;
    d.setInt32(0, w0);
    d.setInt32(4, w1);
    d.setInt32(8, w2);
    d.setInt32(12, w3);
    const text = ipText(new Uint8Array(d.buffer), 0, len);
    this.texts[i] = text;
    this.lens[i] = len;
    k[4 * i] = w0;
    k[4 * i + 1] = w1;
    k[4 * i + 2] = w2;
    k[4 * i + 3] = w3;
    return text;
  }
}

/** Slots of {@link AddrTexts}: 2^TEXT_BITS. */
const TEXT_BITS = 8;

/** Slots of the recent-entry caches of {@link FlowTable} and sctp-assocs.ts (a power of two: 2^RECENT_BITS). */
const RECENT_BITS = 6;
export const RECENT_SLOTS = 1 << RECENT_BITS;

/**
 * The recent-cache slot of a key: its ports, tag and the last words of both addresses (the paths
 * of a multi-homed association share ports and tag: alternating between them in one slot missed
 * every time, +35 % per lookup over the table without the cache; red-team review of "transport"),
 * seeded per table, mixed by a golden-ratio multiply (top bits).
 */
export function recentSlot(seed: number, srcPort: number, dstPort: number, tag: number, srcLast: number, dstLast: number): number {
  return Math.imul(((srcPort << 16) | dstPort) ^ tag ^ srcLast ^ (dstLast >>> 1) ^ seed, 0x9e3779b1) >>> (32 - RECENT_BITS);
}

/**
 * FNV-1a style mixing of an address, a 32-bit word per step (IPv4: 1, IPv6: 4) and any tail
 * octets one by one: 4× fewer steps than per octet (32 → 8 for an IPv6 pair).
 */
export function hashAddr(h: number, view: DataView, off: number, len: number): number {
  let i = 0;
  for (; i + 4 <= len; i += 4) h = fnvStep(h, view.getUint32(off + i));
  for (; i < len; i++) h = fnvStep(h, view.getUint8(off + i));
  return h;
}

/**
 * The entry's addresses equal the packet's: the first 32-bit word of each side (the whole IPv4
 * address), then the other three of an IPv6 address. The octet-by-octet compare of everything
 * was a loop of 8 DataView reads per IPv4 lookup (callgrind, routine mix: bench/results-notes.md,
 * "deccomp"); word by word, the IPv6 rest was ~95 instructions per lookup less ("transport").
 */
function sameAddr(e: FlowEntry<unknown>, view: DataView, src: number, dst: number, addrLen: number): boolean {
  if (e.addrLen !== addrLen || e.srcWord !== view.getInt32(src) || e.dstWord !== view.getInt32(dst)) return false;
  return (
    addrLen === 4 ||
    (e.src1 === view.getInt32(src + 4) &&
      e.src2 === view.getInt32(src + 8) &&
      e.src3 === view.getInt32(src + 12) &&
      e.dst1 === view.getInt32(dst + 4) &&
      e.dst2 === view.getInt32(dst + 8) &&
      e.dst3 === view.getInt32(dst + 12))
  );
}
