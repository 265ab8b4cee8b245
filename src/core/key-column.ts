/**
 * A slot array of identity keys (core/identity-key.ts) outside the V8 heap (issue 19, subhist2):
 * digit keys in a Float64Array (0: none — no digit key is 0 —, NaN: a text key), the rare text keys
 * in a Map by slot. measured (heap snapshot at the end of the 3M alert flood, 24 k subscribers): a
 * packed JS array of keys costs 8 B per slot plus a 16 B heap number per key above 2^31 (every
 * 15-digit IMSI key); here 8 B per slot in an ArrayBuffer.
 *
 * Bounded by its user's slot table (it grows to the user's capacity, {@link grow}).
 */
import type { IdentityKey } from './identity-key.js';
import { grown } from './typed-arrays.js';

export class KeyColumn {
  private keys = new Float64Array(0);
  private readonly texts = new Map<number, string>();

  /** Slots held (grow before writing at or beyond it). */
  get length(): number {
    return this.keys.length;
  }

  grow(n: number): void {
    if (n > this.keys.length) this.keys = grown(this.keys, n);
  }

  get(s: number): IdentityKey | undefined {
    const k = this.keys[s]!;
    return k === 0 ? undefined : Number.isNaN(k) ? this.texts.get(s) : k;
  }

  /**
   * Slot `s` holds key `k` (undefined: holds none), compared in place. measured (det19, sampling heap profiler over
   * the routine capture): {@link get}'s digit key, returned as a union with text and undefined, was boxed into a
   * heap number on each read: the subscriber store's touch compared three or four per location result, 17 MB.
   */
  is(s: number, k: IdentityKey | undefined): boolean {
    const x = this.keys[s]!;
    if (typeof k === 'number') return x === k;
    if (k === undefined) return x === 0;
    return Number.isNaN(x) && this.texts.get(s) === k;
  }

  /** Slot `s` holds a key ({@link get} is not undefined), without boxing it. */
  held(s: number): boolean {
    return this.keys[s]! !== 0;
  }

  set(s: number, k: IdentityKey | undefined): void {
    if (typeof k === 'string') {
      this.texts.set(s, k);
      this.keys[s] = NaN;
      return;
    }
    if (Number.isNaN(this.keys[s])) this.texts.delete(s);
    this.keys[s] = k ?? 0;
  }
}
