/**
 * The bounded table the state tables that grow with traffic are built on (flow table, IP
 * defragmentation, SCTP reassembly, SCCP segments; the TCAP dialogues, Diameter transactions and
 * subscriber store follow the same rules in typed-array slots): a count cap, a byte cap and an
 * age cap in capture time, recency order kept in
 * O(1), and an eviction callback through which each user raises its own anomaly and counts it.
 *
 * Order: entries form a doubly linked list from oldest to newest. {@link BoundedTable.touch}
 * moves an entry to the newest end and restamps it (LRU use); a table whose users never touch is
 * in insertion order (FIFO: age since creation). {@link BoundedTable.restamp} refreshes the age
 * without moving (the subscriber store's 60 s re-order window).
 *
 * Caps (core/limits.ts names the defaults of each user):
 * - age: {@link BoundedTable.expire} evicts from the oldest end while `now - stamp > maxAgeSec`
 *   ('age'); {@link BoundedTable.isStale} checks one entry (expiry on lookup).
 * - count and bytes: after every insert or charge, {@link BoundedTable.enforce} walks from the
 *   oldest end and evicts an entry that is stale ('age'), else while more than `maxEntries` are
 *   held ('limit'), else while more than `maxBytes` are charged ('bytes'), and stops at the first
 *   entry that breaks no cap. The victim of 'limit' and 'bytes' is the oldest entry, or in a fair
 *   table the oldest entry of the heaviest holder (below). The newest entry can be evicted by the
 *   byte cap (the caller checks {@link BoundedEntry.live}).
 *
 * Fairness (red-team rt8 EV1): a reassembly table that evicts its oldest entry lets anyone who can
 * put cheap never-completed starts on the link (other hosts, spoofed sources: no receiver has to
 * accept them) evict the message in progress they want hidden. An entry made with a holder key
 * ({@link BoundedTable.set}) or as its own holder ({@link BoundedTable.add}) is charged to that
 * holder too (the receiver, the SCCP originator, the SCTP association or TCP flow: each user says
 * which), and the count and byte caps evict the oldest entry of the holder charged the most bytes,
 * so a flood from one holder evicts its own entries first: one holder cannot evict another's state
 * unless it holds no more than that one. Holders are kept in weight classes (8 per power of two of
 * their bytes: {@link weightClass}) and the heaviest class's holder that entered it first is the
 * victim, so finding it and re-charging are O(1) (no heap), when it holds more than one entry or
 * more than 1/64 of the byte cap; else the oldest entry is. A holder lives while it has entries
 * (≤ maxEntries of them). What stays open: a flood spread so that each junk entry has its own
 * holder (one spoofed receiver per fragment) is met by the oldest-first order, as before fairness
 * (README Limits): the heaviest one-entry holder would be the real message itself.
 *
 * Index: {@link BoundedTable.set} indexes an entry by key in a Map; {@link BoundedTable.add} does
 * not, for users with their own index (the flow table's hash buckets, the dialogue table's
 * open-addressing key index), which keep a reference to the entry and remove it from their index
 * in the eviction callback.
 *
 * Shape: the table owns its entries (one class, {@link BoundedEntry}) and the user's object sits
 * in `value`, so the list code sees a single hidden class whichever of its users calls it
 * (intrusive links on different user classes would make these property loads megamorphic). The
 * TCAP dialogues, the Diameter transactions and the subscriber store keep the same caps and order
 * in typed-array slots instead (core/slot-list.ts, core/slot-table.ts).
 * The linked list rather than Map insertion order: a touch by Map delete + set leaves a hole V8
 * steps over when iterating from the front until the next rehash (profiled 20 → 38 µs per
 * dialogue Begin from 10 k to 400 k entries) and allocates; a list touch is four pointer writes.
 */

/** Why an entry left the table: 'limit' count cap, 'age' idle/age cap, 'bytes' byte cap. */
export type EvictReason = 'limit' | 'age' | 'bytes';

/** What a fair table's entries are charged to (see the file comment: "Fairness"). */
export type HolderKey = string | number;

/** A fair table's holder: its entries and the bytes charged to them. */
export class Holder<K, V> {
  /** Entries held. */
  count = 0;
  /** Bytes charged to its entries. */
  bytes = 0;
  /** Its entries in insertion order (a touch does not reorder them): the oldest is evicted first. */
  first: BoundedEntry<K, V> | null = null;
  last: BoundedEntry<K, V> | null = null;
  /** Its weight class ({@link weightClass} of `bytes`); -1 while it holds nothing. */
  cls = -1;
  /** Neighbours in its class, in the order they entered it. */
  prev: Holder<K, V> | null = null;
  next: Holder<K, V> | null = null;
  constructor(readonly key: HolderKey | undefined) {}
}

/**
 * A holder of a single entry is evicted ahead of the oldest entry only above this share of the
 * byte cap (1/64: 128 KiB of tcpReasmBytes' 8 MiB, 32 KiB of ipFragBytes' 2 MiB).
 */
const SINGLE_HOLDER_SHARE = 64;

/** Weight classes of {@link weightClass}: 0–7 exact, then 8 per power of two up to 2^31. */
const CLASSES = 8 + 28 * 8;

/**
 * The weight class of `bytes`: the bytes themselves below 8, then 8 classes per power of two (the
 * three bits after the leading one), so holders in one class differ by less than 1/8.
 */
export function weightClass(bytes: number): number {
  const b = bytes >= 0x7fffffff ? 0x7fffffff : bytes > 0 ? bytes | 0 : 0;
  if (b < 8) return b;
  const e = 31 - Math.clz32(b);
  return 8 + (e - 3) * 8 + ((b >>> (e - 3)) & 7);
}

/** One entry: the user's value, its key (undefined when not indexed), age stamp, charged bytes. */
export class BoundedEntry<K, V> {
  /**
   * Capture seconds the entry's age counts from (creation, or last touch/restamp). Initialised
   * with a number, not as a parameter property: with class-field semantics those are defined as
   * undefined first, so V8 gave the field the tagged representation and every fractional stamp
   * (the transport's `now`, seconds + ns / 1e9) was a fresh heap number stored into a long-lived
   * entry: an allocation and a write-barrier slow-path call per flow-table touch
   * (bench/results-notes.md, "decwb"). A numeric field keeps doubles in place.
   */
  stamp = 0;
  /** Bytes charged against maxBytes. */
  cost = 0;
  older: BoundedEntry<K, V> | null = null;
  newer: BoundedEntry<K, V> | null = null;
  /** In the table (false once deleted or evicted). */
  live = true;
  /** Its holder in a fair table (null: none) and its neighbours among the holder's entries. */
  holder: Holder<K, V> | null = null;
  hOlder: BoundedEntry<K, V> | null = null;
  hNewer: BoundedEntry<K, V> | null = null;
  constructor(
    public key: K | undefined,
    public value: V,
    stamp: number,
    cost: number,
  ) {
    this.stamp = stamp;
    this.cost = cost;
  }
}

export interface BoundedTableOptions<K, V> {
  /** Count cap (entries). */
  maxEntries: number;
  /** Byte cap over the entries' charged costs; default unlimited. */
  maxBytes?: number | undefined;
  /** Age cap in capture seconds (`now - stamp > maxAgeSec` is stale); default unlimited. */
  maxAgeSec?: number | undefined;
  /** Called after an entry was evicted (unlinked, unindexed, uncharged): raise the anomaly here. */
  onEvict?: ((e: BoundedEntry<K, V>, reason: EvictReason) => void) | undefined;
}

export class BoundedTable<K, V> {
  private readonly index = new Map<K, BoundedEntry<K, V>>();
  private head: BoundedEntry<K, V> | null = null;
  private tail: BoundedEntry<K, V> | null = null;
  private count = 0;
  private charged = 0;
  readonly maxEntries: number;
  readonly maxBytes: number;
  readonly maxAgeSec: number;
  private readonly onEvict: ((e: BoundedEntry<K, V>, reason: EvictReason) => void) | undefined;
  /** Holders by key (those made by {@link set}); each has ≥ 1 entry. */
  private readonly holders = new Map<HolderKey, Holder<K, V>>();
  /** Per weight class, the first holder that entered it (null: none); made with the first holder. */
  private classes: (Holder<K, V> | null)[] | null = null;
  /** No class above this one holds a holder. */
  private top = 0;

  constructor(opts: BoundedTableOptions<K, V>) {
    this.maxEntries = opts.maxEntries;
    this.maxBytes = opts.maxBytes ?? Infinity;
    this.maxAgeSec = opts.maxAgeSec ?? Infinity;
    this.onEvict = opts.onEvict;
  }

  /** Entries held. */
  get size(): number {
    return this.count;
  }

  /** Bytes charged across all entries. */
  get bytes(): number {
    return this.charged;
  }

  /** The entry evicted next (least recently touched / first inserted), null when empty. */
  get oldest(): BoundedEntry<K, V> | null {
    return this.head;
  }

  get newest(): BoundedEntry<K, V> | null {
    return this.tail;
  }

  /** The indexed entry under `key` (no touch, no age check). */
  get(key: K): BoundedEntry<K, V> | undefined {
    return this.index.get(key);
  }

  /**
   * Puts `value` under `key` as the newest entry charged `cost` bytes, then enforces the caps at
   * `now`. Its age counts from `stamp` (default `now`; a restored record keeps its own time). An
   * entry already under `key` is updated in place (same object, no callback): new value, stamp and
   * cost, moved to the newest end. The order, the caps and the evictions are those of deleting it
   * and inserting a new entry (test/core/bounded-table.test.ts checks them against that model),
   * without a second Map write or a new entry.
   */
  set(key: K, value: V, now: number, cost = 0, stamp = now, holder?: HolderKey): BoundedEntry<K, V> {
    let e = this.index.get(key);
    if (e === undefined) {
      e = new BoundedEntry<K, V>(key, value, stamp, cost);
      this.index.set(key, e);
      if (holder !== undefined) e.holder = this.holderOf(holder);
      this.link(e);
    } else {
      e.value = value;
      e.stamp = stamp;
      const h = e.holder;
      if (h !== null) {
        this.release(h, e); // it keeps its holder, as a new entry of it
        if (h.count > 0) this.reclass(h);
      }
      this.charged += cost - e.cost;
      e.cost = cost;
      if (h !== null) this.hold(h, e);
      if (this.tail !== e) {
        this.unlink(e);
        this.append(e);
      }
    }
    this.enforce(now);
    return e;
  }

  /**
   * As {@link set} without the key index (the caller indexes the entry itself); `own`: the entry is
   * its own holder (a fair table of flows).
   */
  add(value: V, now: number, cost = 0, own = false): BoundedEntry<K, V> {
    const e = new BoundedEntry<K, V>(undefined, value, now, cost);
    if (own) e.holder = new Holder<K, V>(undefined);
    this.link(e);
    this.enforce(now);
    return e;
  }

  /** Moves `e` to the newest end and restamps it (LRU use). */
  touch(e: BoundedEntry<K, V>, now: number): void {
    e.stamp = now;
    if (this.tail === e) return;
    this.unlink(e);
    this.append(e);
  }

  /** Restamps `e` without moving it. */
  restamp(e: BoundedEntry<K, V>, now: number): void {
    e.stamp = now;
  }

  /** Moves `e` under `key` in the index (its place in the order is unchanged). */
  rekey(e: BoundedEntry<K, V>, key: K): void {
    if (e.key !== undefined && this.index.get(e.key) === e) this.index.delete(e.key);
    e.key = key;
    this.index.set(key, e);
  }

  /**
   * Charges `delta` more bytes (negative: releases) to `e`; call {@link enforce} after growth. A
   * no-op once `e` left the table.
   */
  charge(e: BoundedEntry<K, V>, delta: number): void {
    if (!e.live) return;
    e.cost += delta;
    this.charged += delta;
    const h = e.holder;
    if (h !== null) {
      h.bytes += delta;
      this.reclass(h);
    }
  }

  /** Stale at `now` (`now - stamp > maxAgeSec`). */
  isStale(e: BoundedEntry<K, V>, now: number): boolean {
    return now - e.stamp > this.maxAgeSec;
  }

  /** Removes `e` without the callback (completed, closed, replaced). No-op when not live. */
  delete(e: BoundedEntry<K, V>): void {
    if (!e.live) return;
    e.live = false;
    if (e.key !== undefined && this.index.get(e.key) === e) this.index.delete(e.key);
    this.unlink(e);
    this.count--;
    this.charged -= e.cost;
    const h = e.holder;
    if (h !== null) {
      this.release(h, e);
      if (h.count > 0) this.reclass(h);
    }
  }

  /** Removes `e` and reports it to the eviction callback. */
  evict(e: BoundedEntry<K, V>, reason: EvictReason): void {
    if (!e.live) return;
    this.delete(e);
    this.onEvict?.(e, reason);
  }

  /** Evicts the oldest entry for `reason`; false when empty. */
  evictOldest(reason: EvictReason): boolean {
    const e = this.head;
    if (e === null) return false;
    this.evict(e, reason);
    return true;
  }

  /** Evicts stale entries from the oldest end, stopping at the first fresh one. */
  expire(now: number): void {
    const max = this.maxAgeSec;
    for (let e = this.head; e !== null && now - e.stamp > max; e = this.head) this.evict(e, 'age');
  }

  /**
   * Evicts from the oldest end while stale ('age'); then while over the count cap ('limit') or the
   * byte cap ('bytes') the oldest entry, in a fair table the heaviest holder's oldest
   * ({@link victim}).
   */
  enforce(now: number): void {
    for (let e = this.head; e !== null; e = this.head) {
      if (now - e.stamp > this.maxAgeSec) this.evict(e, 'age');
      else if (this.count > this.maxEntries) this.evict(this.victim(e), 'limit');
      else if (this.charged > this.maxBytes) this.evict(this.victim(e), 'bytes');
      else return;
    }
  }

  /**
   * The entry the count and byte caps evict: the oldest entry (`oldest`), or when holders are kept
   * the oldest entry of the first holder to enter the heaviest weight class.
   */
  private victim(oldest: BoundedEntry<K, V>): BoundedEntry<K, V> {
    const classes = this.classes;
    if (classes === null) return oldest;
    let t = this.top;
    while (t > 0 && classes[t] === null) t--;
    this.top = t;
    const h = classes[t];
    // A holder of one entry is no flood unless it is big (a TCP flow's buffered bytes): against a
    // flood spread over one holder per junk entry, the heaviest one-entry holder was the message
    // in progress itself, lost to one junk entry in the gap; the oldest is (review of the merge).
    return h !== null && h !== undefined && (h.count > 1 || h.bytes > this.maxBytes / SINGLE_HOLDER_SHARE) ? h.first! : oldest;
  }

  /** Bytes charged to holder `key` and its entries (0, 0 when it holds nothing; for tests and stats). */
  holding(key: HolderKey): { count: number; bytes: number } {
    const h = this.holders.get(key);
    return { count: h?.count ?? 0, bytes: h?.bytes ?? 0 };
  }

  /** Holders with entries (made by {@link set}; for tests and stats). */
  get holderCount(): number {
    return this.holders.size;
  }

  /** The holder under `key`, made when new (it joins the index with its first entry, in {@link hold}). */
  private holderOf(key: HolderKey): Holder<K, V> {
    return this.holders.get(key) ?? new Holder<K, V>(key);
  }

  /** Charges linked entry `e` to `h` as its newest entry. */
  private hold(h: Holder<K, V>, e: BoundedEntry<K, V>): void {
    const l = h.last;
    e.hOlder = l;
    e.hNewer = null;
    if (l === null) h.first = e;
    else l.hNewer = e;
    h.last = e;
    if (h.count++ === 0 && h.key !== undefined) this.holders.set(h.key, h);
    h.bytes += e.cost;
    this.reclass(h);
  }

  /** Takes `e` and its bytes from `h`; a holder left empty leaves its class and the index. */
  private release(h: Holder<K, V>, e: BoundedEntry<K, V>): void {
    const o = e.hOlder;
    const n = e.hNewer;
    if (o === null) h.first = n;
    else o.hNewer = n;
    if (n === null) h.last = o;
    else n.hOlder = o;
    e.hOlder = e.hNewer = null;
    h.bytes -= e.cost;
    if (--h.count > 0) return;
    this.declass(h);
    if (h.key !== undefined) this.holders.delete(h.key);
  }

  /** Moves `h` to the end of the class of its bytes when that changed. */
  private reclass(h: Holder<K, V>): void {
    const c = weightClass(h.bytes);
    if (c === h.cls) return;
    this.declass(h);
    const classes = (this.classes ??= new Array<Holder<K, V> | null>(CLASSES).fill(null));
    h.cls = c;
    const first = classes[c]!;
    if (first === null) {
      classes[c] = h;
      h.prev = h.next = h;
    } else {
      const last = first.prev!;
      h.prev = last;
      h.next = first;
      last.next = h;
      first.prev = h;
    }
    if (c > this.top) this.top = c;
  }

  /** Takes `h` out of its class (a circular list: `prev` of the first is the last). */
  private declass(h: Holder<K, V>): void {
    const c = h.cls;
    if (c < 0) return;
    const classes = this.classes!;
    if (h.next === h) classes[c] = null;
    else {
      h.prev!.next = h.next;
      h.next!.prev = h.prev;
      if (classes[c] === h) classes[c] = h.next;
    }
    h.prev = h.next = null;
    h.cls = -1;
  }

  /** Entries from oldest to newest (do not delete while iterating, except the yielded entry). */
  *entries(): IterableIterator<BoundedEntry<K, V>> {
    for (let e = this.head; e !== null; ) {
      const next = e.newer;
      yield e;
      e = next;
    }
  }

  /** Removes every entry without callbacks. */
  clear(): void {
    for (let e = this.head; e !== null; ) {
      const next = e.newer;
      e.live = false;
      e.older = e.newer = null;
      e.holder = e.hOlder = e.hNewer = null;
      e = next;
    }
    this.index.clear();
    this.holders.clear();
    this.classes?.fill(null);
    this.top = 0;
    this.head = this.tail = null;
    this.count = 0;
    this.charged = 0;
  }

  private link(e: BoundedEntry<K, V>): void {
    this.append(e);
    this.count++;
    this.charged += e.cost;
    if (e.holder !== null) this.hold(e.holder, e);
  }

  private append(e: BoundedEntry<K, V>): void {
    const t = this.tail;
    e.older = t;
    e.newer = null;
    if (t === null) this.head = e;
    else t.newer = e;
    this.tail = e;
  }

  private unlink(e: BoundedEntry<K, V>): void {
    const o = e.older;
    const n = e.newer;
    if (o === null) this.head = n;
    else o.newer = n;
    if (n === null) this.tail = o;
    else n.older = o;
    e.older = e.newer = null;
  }
}
