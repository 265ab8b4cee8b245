/**
 * Integer slots in recency order, for the tables that keep their entries in parallel typed arrays
 * instead of objects (detect/correlate.ts subscribers, detect/origin-subscribers.ts registrations,
 * diameter/transactions.ts pending requests and early answers, ss7/tcap-dialogues.ts dialogues): a slot allocator with a free list
 * and a doubly linked list of the slots in use, oldest → newest, in two Int32Arrays. The user keeps
 * its own arrays indexed by the same slot numbers and grows them to {@link SlotList.capacity}.
 *
 * The same order rules as core/bounded-table.ts (which links objects): {@link SlotList.push} makes a
 * new slot the newest, {@link SlotList.touch} moves one there (LRU use), {@link SlotList.free}
 * unlinks and frees one; eviction walks from {@link SlotList.oldest}. All O(1), no allocation
 * except when the arrays double. measured (issue 19 alert flood): an object per entry, or a Map
 * kept in order by delete + set, was what these tables replaced (5 MB of Map tables promoted in
 * the correlator, 100 MB of request objects in the Diameter table).
 */
import { grown } from './typed-arrays.js';

/** No slot: end of the list / of the free list. */
export const NIL = -1;

export class SlotList {
  /** Links: the next older / newer slot in use (NIL at the ends); `newer` also chains the free list. */
  private older: Int32Array;
  private newer: Int32Array;
  private head = NIL;
  private tail = NIL;
  private count = 0;
  /** Slots ever handed out (the next new one). */
  private top = 0;
  private freeList = NIL;

  /**
   * @param initial slots allocated first (> 0)
   * @param max the arrays never grow beyond this many slots (a table that holds at most
   *   `max` entries at once; {@link alloc} past it throws: the caller's bug)
   */
  constructor(
    private readonly initial: number,
    private readonly max = 0x7fffffff,
  ) {
    this.older = new Int32Array(0);
    this.newer = new Int32Array(0);
  }

  /** Slots in use (linked). */
  get size(): number {
    return this.count;
  }

  /** Length of the link arrays: the user's parallel arrays must hold this many slots. */
  get capacity(): number {
    return this.older.length;
  }

  /** The least recently pushed or touched slot, NIL when empty. */
  get oldest(): number {
    return this.head;
  }

  /** The most recently pushed or touched slot, NIL when empty. */
  get newest(): number {
    return this.tail;
  }

  /** The slot after `s` towards the newest end (NIL at the end). */
  next(s: number): number {
    return this.newer[s]!;
  }

  /**
   * A free slot (not linked yet: {@link push} it): the most recently freed one, else a new one.
   * When the result is ≥ the user's array length, {@link capacity} has grown: grow those arrays.
   */
  alloc(): number {
    const f = this.freeList;
    if (f !== NIL) {
      this.freeList = this.newer[f]!;
      return f;
    }
    if (this.top === this.older.length) {
      if (this.top >= this.max) throw new RangeError(`SlotList: all ${this.max} slots are in use (the caller evicts before it allocates)`);
      const n = Math.min(Math.max(this.initial, this.top * 2), this.max);
      this.older = grown(this.older, n);
      this.newer = grown(this.newer, n);
    }
    return this.top++;
  }

  /** Links an allocated slot as the newest. */
  push(s: number): void {
    this.append(s);
    this.count++;
  }

  /** Moves a linked slot to the newest end. */
  touch(s: number): void {
    if (this.tail === s) return;
    this.unlink(s);
    this.append(s);
  }

  /** Unlinks a linked slot and frees it for {@link alloc}. */
  free(s: number): void {
    this.unlink(s);
    this.count--;
    this.newer[s] = this.freeList;
    this.freeList = s;
  }

  private append(s: number): void {
    const t = this.tail;
    this.older[s] = t;
    this.newer[s] = NIL;
    if (t === NIL) this.head = s;
    else this.newer[t] = s;
    this.tail = s;
  }

  private unlink(s: number): void {
    const o = this.older[s]!;
    const n = this.newer[s]!;
    if (o === NIL) this.head = n;
    else this.newer[o] = n;
    if (n === NIL) this.tail = o;
    else this.older[n] = o;
  }
}
