/**
 * {@link BoundedTable}'s count and age caps over numbered slots instead of entry objects (issue 19,
 * branch subhist2), for a user that keeps its per-entry fields in its own slot arrays: the
 * subscriber store (state/subscribers.ts). Same order and caps as BoundedTable without a byte cap:
 * slots form a recency list from oldest to newest (linked as core/slot-list.ts links its slots), {@link touch} moves a slot
 * to the newest end and restamps it, {@link restamp} refreshes its age in place, {@link enforce}
 * evicts from the oldest end a stale slot ('age') or, while more than `maxEntries` are held, the
 * oldest ('limit'), and stops at the first slot that breaks no cap. test/core/slot-table.test.ts
 * runs it against the naive reference BoundedTable is tested against.
 *
 * measured (heap snapshot at the end of the 3,000,001-message alert flood, 24 k subscribers): the
 * store's entry object (BoundedEntry subclass, 12 fields) was 120 B of V8 heap per subscriber and
 * its two identity keys 16 B heap numbers each; here a slot's stamp and links are one 16-byte entry
 * of one ArrayBuffer (the stamp a Float64 at double 2s, the older / newer links Int32s at ints
 * 4s + 2, 4s + 3) and a live byte. measured (issue 19, store9, callgrind cache simulation of the
 * routine scan): a lookup's staleness check and an LRU move read the stamp and both links, three
 * lines as three arrays (core/slot-list.ts and a stamp array), one here. Freed slots are reused
 * first; the arrays double and never shrink (bounded by the user's cap + 1: the caller adds, then
 * enforces).
 */
import type { EvictReason } from './bounded-table.js';
import { grown } from './typed-arrays.js';

/** No slot: end of the list / of the free list. */
export const NIL = -1;

const OLDER = 2;
const NEWER = 3;

export class SlotTable {
  /**
   * Slot s is `width` Float64s from double `width × s`: its stamp, then its older / newer links as
   * Int32s (NIL at the ends; NEWER also chains the free list), then the user's fields
   * ({@link cells}, doubles 2 … width − 1 of the slot).
   */
  private stamps = new Float64Array(0);
  /** The same buffer as Int32s: slot s's links at `links[2 × width × s + 2]`, `+ 3`. */
  private links = new Int32Array(0);
  /** Doubles per slot (≥ 2), and Int32s per slot. */
  private readonly w: number;
  private readonly w2: number;
  private live = new Uint8Array(0);
  private head = NIL;
  private tail = NIL;
  private count = 0;
  /** Slots ever handed out (the next new one). */
  private top = 0;
  private freeList = NIL;

  constructor(
    readonly maxEntries: number,
    readonly maxAgeSec: number,
    /** Called after a slot was evicted (unlinked; freed once the callback returns). */
    private readonly onEvict: (s: number, reason: EvictReason) => void,
    private readonly initial = 1024,
    /**
     * Doubles per slot (≥ 2): the user's fields at `cells[width × s + 2 …]` share the slot's entry
     * (a power of two keeps an entry inside one 64-byte line).
     */
    width = 2,
  ) {
    this.w = width;
    this.w2 = 2 * width;
  }

  /**
   * The slots' entries (replaced when the table grows: read it after {@link add}); the user's
   * fields of slot s at `width × s + 2` up to `width × s + width − 1`.
   */
  get cells(): Float64Array {
    return this.stamps;
  }

  /** Slots held. */
  get size(): number {
    return this.count;
  }

  /** Slot numbers in use are below this (the user's slot arrays grow to it). */
  get capacity(): number {
    return this.live.length;
  }

  /** The slot evicted next, NIL when empty. */
  get oldest(): number {
    return this.head;
  }

  /** The next newer slot than `s`, NIL at the newest. */
  next(s: number): number {
    return this.links[this.w2 * s + NEWER]!;
  }

  /** A new slot at the newest end whose age counts from `stamp` (no caps enforced: call {@link enforce}). */
  add(stamp: number): number {
    let s = this.freeList;
    if (s !== NIL) this.freeList = this.links[this.w2 * s + NEWER]!;
    else {
      s = this.top++;
      if (s === this.live.length) this.grow(Math.max(this.initial, s * 2));
    }
    this.append(s);
    this.count++;
    this.stamps[this.w * s] = stamp;
    this.live[s] = 1;
    return s;
  }

  stamp(s: number): number {
    return this.stamps[this.w * s]!;
  }

  isLive(s: number): boolean {
    return this.live[s] === 1;
  }

  /** Moves `s` to the newest end and restamps it (LRU use). */
  touch(s: number, now: number): void {
    this.stamps[this.w * s] = now;
    if (this.tail === s) return;
    this.unlink(s);
    this.append(s);
  }

  /** Restamps `s` without moving it. */
  restamp(s: number, now: number): void {
    this.stamps[this.w * s] = now;
  }

  /** Stale at `now` (`now - stamp > maxAgeSec`). */
  isStale(s: number, now: number): boolean {
    return now - this.stamps[this.w * s]! > this.maxAgeSec;
  }

  /** Frees `s` without the callback; no-op when not live. */
  delete(s: number): void {
    if (this.live[s] !== 1) return;
    this.live[s] = 0;
    this.unlink(s);
    this.count--;
    this.links[this.w2 * s + NEWER] = this.freeList;
    this.freeList = s;
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
    for (let s = this.head; s !== NIL; s = this.head) {
      if (now - this.stamps[this.w * s]! > this.maxAgeSec) this.evict(s, 'age');
      else if (this.count > this.maxEntries) this.evict(s, 'limit');
      else return;
    }
  }

  private append(s: number): void {
    const t = this.tail;
    this.links[this.w2 * s + OLDER] = t;
    this.links[this.w2 * s + NEWER] = NIL;
    if (t === NIL) this.head = s;
    else this.links[this.w2 * t + NEWER] = s;
    this.tail = s;
  }

  private unlink(s: number): void {
    const o = this.links[this.w2 * s + OLDER]!;
    const n = this.links[this.w2 * s + NEWER]!;
    if (o === NIL) this.head = n;
    else this.links[this.w2 * o + NEWER] = n;
    if (n === NIL) this.tail = o;
    else this.links[this.w2 * n + OLDER] = o;
  }

  private grow(n: number): void {
    this.stamps = grown(this.stamps, this.w * n);
    this.links = new Int32Array(this.stamps.buffer);
    this.live = grown(this.live, n);
  }
}
