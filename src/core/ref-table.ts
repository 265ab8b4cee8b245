/**
 * Reference-counted ids for the references of slot tables (issue 19, branch subhist2): a slot
 * holds an Int32 id in a typed array instead of an 8-byte reference in a packed JS array.
 *
 * measured (heap snapshot at the end of the 3,000,001-message alert flood, library Scanner, 24 k
 * subscribers): the packed reference columns of the history pool (`info`, `address`, `by`), the
 * flagged claims (`info`, `address`, `rule`) and the correlator (`info`, origin id) were 9.6 MB of
 * the ~38 MB live V8 heap, which V8 lets the old generation grow to ~4× before a mark-compact; as
 * ids they are 4 bytes per slot in ArrayBuffers (outside that factor), and the distinct values
 * (a handful of networks, node addresses, message and rule names) sit once in this table.
 *
 * Equal values share an id (a Map keyed by the value: strings and numbers by value, objects by
 * identity), so {@link get} returns the value first acquired: the same object for objects, an
 * equal string for strings (as the address Interner it replaces did).
 *
 * Limit: an id is freed when its last reference is released, so the table holds at most one entry
 * per distinct value among the live slots (≤ the slots themselves), never more than the slot
 * tables it serves; id 0 is `undefined` and never counted.
 */
import { grown } from './typed-arrays.js';

const NONE = 0;

export class RefTable<T> {
  private readonly ids = new Map<T, number>();
  private values: (T | undefined)[] = [undefined];
  private refs = new Int32Array(16);
  /** Freed ids (a stack). */
  private freeIds = new Int32Array(16);
  private freeTop = 0;
  /** The id {@link acquire} returned last: consecutive writes mostly repeat a value. */
  private last = NONE;

  /** Distinct values held. */
  get size(): number {
    return this.ids.size;
  }

  /** The id of `v` (0 for undefined), counting one more reference to it. */
  acquire(v: T | undefined): number {
    if (v === undefined) return NONE;
    let id = this.last;
    if (this.values[id] !== v) {
      const known = this.ids.get(v);
      if (known === undefined) id = this.add(v);
      else id = known;
      this.last = id;
    }
    this.refs[id]!++;
    return id;
  }

  /** Drops one reference to `id` (0 is ignored); the value is forgotten with its last one. */
  release(id: number): void {
    if (id === NONE) return;
    if (--this.refs[id]! > 0) return;
    this.ids.delete(this.values[id]!);
    this.values[id] = undefined;
    if (this.freeTop === this.freeIds.length) this.freeIds = grown(this.freeIds, this.freeIds.length * 2);
    this.freeIds[this.freeTop++] = id;
  }

  /** The value of `id` (undefined for 0). */
  get(id: number): T | undefined {
    return this.values[id];
  }

  private add(v: T): number {
    let id: number;
    if (this.freeTop > 0) id = this.freeIds[--this.freeTop]!;
    else {
      id = this.values.length;
      this.values.push(undefined);
      if (id === this.refs.length) this.refs = grown(this.refs, this.refs.length * 2);
    }
    this.values[id] = v;
    this.refs[id] = 0;
    this.ids.set(v, id);
    return id;
  }
}
