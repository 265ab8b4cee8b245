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

export class SlotTable {
  private readonly order: SlotList;
  private stamps = new Float64Array(0);
  private live = new Uint8Array(0);

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
    }
    this.order.push(s);
    this.stamps[s] = stamp;
    this.live[s] = 1;
    return s;
  }

  stamp(s: number): number {
    return this.stamps[s]!;
  }

  isLive(s: number): boolean {
    return this.live[s] === 1;
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
    if (this.live[s] !== 1) return;
    this.live[s] = 0;
    this.order.free(s);
  }

  /**
   * Frees `s`, then reports it to the eviction callback (as BoundedTable.evict: unlinked and
   * uncounted first). The callback still reads the user's slot fields: nothing allocates the
   * slot again before it returns.
   */
  evict(s: number, reason: EvictReason): void {
    if (this.live[s] !== 1) return;
    this.delete(s);
    this.onEvict(s, reason);
  }

  /** Evicts from the oldest end: stale ('age'), then over the count cap ('limit'). */
  enforce(now: number): void {
    for (let s = this.order.oldest; s !== NIL; s = this.order.oldest) {
      if (now - this.stamps[s]! > this.maxAgeSec) this.evict(s, 'age');
      else if (this.order.size > this.maxEntries) this.evict(s, 'limit');
      else return;
    }
  }
}
