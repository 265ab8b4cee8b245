/**
 * An index by identity key (core/identity-key.ts) for the subscriber tables: digit keys in an
 * open-addressing table of doubles (linear probing, backward-shift deletion, hashed inline), the
 * rare string keys in a Map.
 *
 * measured (issue 19, "numkeys"; 24,000 15-digit keys, 2 M random lookups): a Map keyed by the
 * number 52-62 ns per get (a key above 2^31 is a heap number, and V8 hashes it through a C call on
 * every lookup), a Map keyed by a string whose hash is already cached 36-55 ns, this table 14-21 ns.
 *
 * Bounded by its users (the subscriber store's, correlator's and harvesting index's own caps): it
 * doubles when half full and never shrinks below what it once held (12 bytes per slot, outside the V8 heap).
 */
import { fmix32, fnvStep, HASH_SEED } from './hash.js';
import type { IdentityKey } from './identity-key.js';

/** Slots the table starts with (a power of two). */
const INITIAL = 1024;

/**
 * The 32-bit hash of a digit key: its two 32-bit halves folded from the per-process seed, then
 * avalanched (core/hash.ts). Identities are attacker-chosen: with the fixed multiplicative hash
 * first used here, about 232,000 15-digit IMSIs shared one home slot at every table size, and a
 * capture of 60 k such UpdateLocations took 34 CPU s instead of 1.4 s (red-team review, issue 19).
 */
export function keyHash(k: number): number {
  return fmix32(fnvStep(fnvStep(HASH_SEED, k | 0), (k / 0x100000000) | 0));
}

/**
 * Values are slot numbers of the users' slot tables (non-negative int32), held in an Int32Array:
 * measured (issue 19, subhist2, heap snapshot at the end of the 3M alert flood), the four indexes'
 * value arrays were 2.1 MB of V8 heap as packed JS arrays (8 B per table slot), 1 MB as Int32Arrays
 * outside the heap.
 */
export class KeyIndex<V extends number = number> {
  /** 0 marks a free slot (no key is 0: digit keys are ≥ 10 or ≤ -10). */
  private keys = new Float64Array(0);
  private vals = new Int32Array(0);
  private mask = 0;
  private bits = 0;
  private numbers = 0;
  private readonly strings = new Map<string, V>();

  /**
   * The table is sized by {@link alloc}, here and in {@link grow}: written twice from the start, the
   * fields are mutable in V8's map, so the first grow() (after the lookups were optimised) no longer
   * turns a const field mutable and deoptimises get() and home() (reopt, bench/results-notes.md).
   */
  constructor() {
    this.alloc(INITIAL);
  }

  /** Keys held. */
  get size(): number {
    return this.numbers + this.strings.size;
  }

  get(k: IdentityKey): V | undefined {
    if (typeof k === 'string') return this.strings.get(k);
    const keys = this.keys;
    const mask = this.mask;
    for (let s = this.home(k); ; s = (s + 1) & mask) {
      const x = keys[s]!;
      if (x === k) return this.vals[s] as V;
      if (x === 0) return undefined;
    }
  }

  set(k: IdentityKey, v: V): void {
    if (typeof k === 'string') {
      this.strings.set(k, v);
      return;
    }
    const keys = this.keys;
    const mask = this.mask;
    let s = this.home(k);
    for (; ; s = (s + 1) & mask) {
      const x = keys[s]!;
      if (x === k) {
        this.vals[s] = v;
        return;
      }
      if (x === 0) break;
    }
    keys[s] = k;
    this.vals[s] = v;
    if (++this.numbers * 2 > mask) this.grow();
  }

  /** Removes `k`; false when it was not there. */
  delete(k: IdentityKey): boolean {
    if (typeof k === 'string') return this.strings.delete(k);
    const keys = this.keys;
    const vals = this.vals;
    const mask = this.mask;
    let i = this.home(k);
    for (; ; i = (i + 1) & mask) {
      const x = keys[i]!;
      if (x === k) break;
      if (x === 0) return false;
    }
    // Backward-shift deletion: move later members of the probe run into the hole when their home
    // slot is not cyclically within (hole, their slot].
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const x = keys[j]!;
      if (x === 0) break;
      const h = this.home(x);
      if (i <= j ? h > i && h <= j : h > i || h <= j) continue;
      keys[i] = x;
      vals[i] = vals[j]!;
      i = j;
    }
    keys[i] = 0;
    vals[i] = 0;
    this.numbers--;
    return true;
  }

  /** The home slot of a digit key: {@link keyHash}'s top `bits` bits. */
  private home(k: number): number {
    return keyHash(k) >>> (32 - this.bits);
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    this.alloc(oldKeys.length * 2);
    const keys = this.keys;
    const mask = this.mask;
    for (let i = 0; i < oldKeys.length; i++) {
      const k = oldKeys[i]!;
      if (k === 0) continue;
      let s = this.home(k);
      while (keys[s] !== 0) s = (s + 1) & mask;
      keys[s] = k;
      this.vals[s] = oldVals[i]!;
    }
  }

  /** Empty key and value arrays of `n` slots (a power of two, at least 2). */
  private alloc(n: number): void {
    this.keys = new Float64Array(n);
    this.vals = new Int32Array(n);
    this.mask = n - 1;
    this.bits = 31 - Math.clz32(n);
  }
}
