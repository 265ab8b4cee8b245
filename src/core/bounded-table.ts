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
 *   entry that breaks no cap. The newest entry can be evicted by the byte cap (the caller checks
 *   {@link BoundedEntry.live}).
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
  set(key: K, value: V, now: number, cost = 0, stamp = now): BoundedEntry<K, V> {
    let e = this.index.get(key);
    if (e === undefined) {
      e = new BoundedEntry<K, V>(key, value, stamp, cost);
      this.index.set(key, e);
      this.link(e);
    } else {
      e.value = value;
      e.stamp = stamp;
      this.charged += cost - e.cost;
      e.cost = cost;
      if (this.tail !== e) {
        this.unlink(e);
        this.append(e);
      }
    }
    this.enforce(now);
    return e;
  }

  /** As {@link set} without the key index (the caller indexes the entry itself). */
  add(value: V, now: number, cost = 0): BoundedEntry<K, V> {
    const e = new BoundedEntry<K, V>(undefined, value, now, cost);
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

  /** Charges `delta` more bytes (negative: releases) to `e`; call {@link enforce} after growth. */
  charge(e: BoundedEntry<K, V>, delta: number): void {
    e.cost += delta;
    this.charged += delta;
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

  /** Evicts from the oldest end: stale ('age'), over the count cap ('limit'), over the byte cap ('bytes'). */
  enforce(now: number): void {
    for (let e = this.head; e !== null; e = this.head) {
      if (now - e.stamp > this.maxAgeSec) this.evict(e, 'age');
      else if (this.count > this.maxEntries) this.evict(e, 'limit');
      else if (this.charged > this.maxBytes) this.evict(e, 'bytes');
      else return;
    }
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
      e = next;
    }
    this.index.clear();
    this.head = this.tail = null;
    this.count = 0;
    this.charged = 0;
  }

  private link(e: BoundedEntry<K, V>): void {
    this.append(e);
    this.count++;
    this.charged += e.cost;
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
