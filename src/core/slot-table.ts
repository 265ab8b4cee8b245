/**
 * {@link BoundedTable}'s count and age caps over numbered slots instead of entry objects (issue 19,
 * branch subhist2), for a user that keeps its per-entry fields in its own slot arrays: the
 * subscriber store (state/subscribers.ts). Same order and caps as BoundedTable without a byte cap:
 * slots form a recency list from oldest to newest (core/slot-list.ts), {@link touch} moves a slot
 * to the newest end and restamps it, {@link restamp} refreshes its age in place, {@link enforce}
 * evicts from the oldest end a stale slot ('age') or, while more than `maxEntries` are held, the
 * oldest ('limit'), and stops at the first slot that breaks no cap. test/core/slot-table.test.ts
 * runs it against the naive reference BoundedTable is tested against.
 *
 * Expendable slots (red-team rt19 M5): the user can mark a slot expendable ({@link setExpendable});
 * the count cap then evicts the oldest expendable slot (in the order they were marked) before the
 * oldest slot of the recency list. The subscriber store marks a record whose only location came
 * from registrations the capture never showed answered: 70,000 such ULs for made-up IMSIs from one
 * partner GT evicted, by LRU, a subscriber located by the HLR's own answers. The age cap is
 * unchanged (an expendable slot ages in the recency list like any other). Cost: a second list's
 * links, 8 B per slot; nothing per touch.
 *
 * measured (heap snapshot at the end of the 3,000,001-message alert flood, 24 k subscribers): the
 * store's entry object (BoundedEntry subclass, 12 fields) was 120 B of V8 heap per subscriber and
 * its two identity keys 16 B heap numbers each; here the links and stamps are 24 B per slot in
 * typed arrays. Freed slots are reused first; the arrays double and never shrink (bounded by the
 * user's cap + 1: the caller adds, then enforces).
 */
import type { EvictReason } from './bounded-table.js';
import { NIL, SlotList } from './slot-list.js';
import { grown } from './typed-arrays.js';

export { NIL };

/** {@link SlotTable} `live` values besides 0 (free). */
const LIVE = 1;
const EXPENDABLE = 2;

export class SlotTable {
  private readonly order: SlotList;
  private stamps = new Float64Array(0);
  /** Per slot: 0 free, LIVE, or EXPENDABLE (live and in the expendable list). */
  private live = new Uint8Array(0);
  /** The expendable list's links (older, newer: NIL at the ends), ends and length. */
  private spareOlder = new Int32Array(0);
  private spareNewer = new Int32Array(0);
  private spareHead = NIL;
  private spareTail = NIL;
  private spareCount = 0;
  /** Whether the slot last evicted ({@link evict}) was expendable: the eviction callback reads it. */
  evictedExpendable = false;

  constructor(
    readonly maxEntries: number,
    readonly maxAgeSec: number,
    /** Called after a slot was evicted (unlinked; freed once the callback returns). */
    private readonly onEvict: (s: number, reason: EvictReason) => void,
    initial = 1024,
  ) {
    this.order = new SlotList(initial);
  }

  /** Slots held. */
  get size(): number {
    return this.order.size;
  }

  /** Slot numbers in use are below this (the user's slot arrays grow to it). */
  get capacity(): number {
    return this.order.capacity;
  }

  /** The slot evicted next, NIL when empty. */
  get oldest(): number {
    return this.order.oldest;
  }

  /** The next newer slot than `s`, NIL at the newest. */
  next(s: number): number {
    return this.order.next(s);
  }

  /** A new slot at the newest end whose age counts from `stamp` (no caps enforced: call {@link enforce}). */
  add(stamp: number): number {
    const s = this.order.alloc();
    if (s >= this.stamps.length) {
      this.stamps = grown(this.stamps, this.order.capacity);
      this.live = grown(this.live, this.order.capacity);
      this.spareOlder = grown(this.spareOlder, this.order.capacity);
      this.spareNewer = grown(this.spareNewer, this.order.capacity);
    }
    this.order.push(s);
    this.stamps[s] = stamp;
    this.live[s] = LIVE;
    return s;
  }

  /** Expendable slots held. */
  get expendable(): number {
    return this.spareCount;
  }

  isExpendable(s: number): boolean {
    return this.live[s] === EXPENDABLE;
  }

  /**
   * Marks a live slot expendable (appended to the expendable list: the count cap evicts the oldest
   * marked first) or ordinary again (`on` false). No-op when it already is, or is not live.
   */
  setExpendable(s: number, on: boolean): void {
    const l = this.live[s];
    if (on && l === LIVE) {
      this.live[s] = EXPENDABLE;
      const t = this.spareTail;
      this.spareOlder[s] = t;
      this.spareNewer[s] = NIL;
      if (t === NIL) this.spareHead = s;
      else this.spareNewer[t] = s;
      this.spareTail = s;
      this.spareCount++;
    } else if (!on && l === EXPENDABLE) this.unspare(s);
  }

  private unspare(s: number): void {
    this.live[s] = LIVE;
    const o = this.spareOlder[s]!;
    const n = this.spareNewer[s]!;
    if (o === NIL) this.spareHead = n;
    else this.spareNewer[o] = n;
    if (n === NIL) this.spareTail = o;
    else this.spareOlder[n] = o;
    this.spareCount--;
  }

  stamp(s: number): number {
    return this.stamps[s]!;
  }

  isLive(s: number): boolean {
    return this.live[s] !== 0;
  }

  /** Moves `s` to the newest end and restamps it (LRU use). */
  touch(s: number, now: number): void {
    this.stamps[s] = now;
    this.order.touch(s);
  }

  /** Restamps `s` without moving it. */
  restamp(s: number, now: number): void {
    this.stamps[s] = now;
  }

  /** Stale at `now` (`now - stamp > maxAgeSec`). */
  isStale(s: number, now: number): boolean {
    return now - this.stamps[s]! > this.maxAgeSec;
  }

  /** Frees `s` without the callback; no-op when not live. */
  delete(s: number): void {
    const l = this.live[s];
    if (l !== LIVE && l !== EXPENDABLE) return;
    if (l === EXPENDABLE) this.unspare(s);
    this.live[s] = 0;
    this.order.free(s);
  }

  /**
   * Frees `s`, then reports it to the eviction callback (as BoundedTable.evict: unlinked and
   * uncounted first). The callback still reads the user's slot fields: nothing allocates the
   * slot again before it returns; {@link evictedExpendable} says whether it was expendable.
   */
  evict(s: number, reason: EvictReason): void {
    const l = this.live[s];
    if (l !== LIVE && l !== EXPENDABLE) return;
    this.evictedExpendable = l === EXPENDABLE;
    this.delete(s);
    this.onEvict(s, reason);
  }

  /**
   * Evicts from the oldest end: stale ('age'), then over the count cap ('limit'): the oldest
   * expendable slot when there is one, else the oldest.
   */
  enforce(now: number): void {
    for (let s = this.order.oldest; s !== NIL; s = this.order.oldest) {
      if (now - this.stamps[s]! > this.maxAgeSec) this.evict(s, 'age');
      else if (this.order.size > this.maxEntries) this.evict(this.spareHead !== NIL ? this.spareHead : s, 'limit');
      else return;
    }
  }
}
