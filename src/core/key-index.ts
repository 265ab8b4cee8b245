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
 * doubles when half full and never shrinks below what it once held (16 bytes per slot, outside the V8 heap).
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
 * Values are slot numbers of the users' slot tables (non-negative int32). Each table slot is a
 * (key, value) pair of doubles side by side in one Float64Array: a lookup's probe reads one cache
 * line, where a key array and a value array beside it (numkeys, subhist2: 12 B per slot) cost two
 * misses per found key in a table larger than the caches (the subscriber store's on the routine
 * mix: 64 k slots). measured: bench/results-notes.md, "scan11". 16 B per slot, outside the V8 heap
 * (subhist2: a packed JS array of values was 8 B of heap per slot and a GC-scanned object).
 */
export class KeyIndex<V extends number = number> {
  /** Slot `s` is `tab[2s]` (its key; 0 marks a free slot: no key is 0, digit keys are ≥ 10 or ≤ -10) and `tab[2s + 1]` (its value). */
  private tab = new Float64Array(0);
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
    const tab = this.tab;
    const mask = this.mask;
    for (let s = this.home(k); ; s = (s + 1) & mask) {
      const x = tab[2 * s]!;
      if (x === k) return tab[2 * s + 1] as V;
      if (x === 0) return undefined;
    }
  }

  set(k: IdentityKey, v: V): void {
    if (typeof k === 'string') {
      this.strings.set(k, v);
      return;
    }
    const tab = this.tab;
    const mask = this.mask;
    let s = this.home(k);
    for (; ; s = (s + 1) & mask) {
      const x = tab[2 * s]!;
      if (x === k) {
        tab[2 * s + 1] = v;
        return;
      }
      if (x === 0) break;
    }
    tab[2 * s] = k;
    tab[2 * s + 1] = v;
    if (++this.numbers * 2 > mask) this.grow();
  }

  /** Removes `k`; false when it was not there. */
  delete(k: IdentityKey): boolean {
    if (typeof k === 'string') return this.strings.delete(k);
    const tab = this.tab;
    const mask = this.mask;
    let i = this.home(k);
    for (; ; i = (i + 1) & mask) {
      const x = tab[2 * i]!;
      if (x === k) break;
      if (x === 0) return false;
    }
    // Backward-shift deletion: move later members of the probe run into the hole when their home
    // slot is not cyclically within (hole, their slot].
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const x = tab[2 * j]!;
      if (x === 0) break;
      const h = this.home(x);
      if (i <= j ? h > i && h <= j : h > i || h <= j) continue;
      tab[2 * i] = x;
      tab[2 * i + 1] = tab[2 * j + 1]!;
      i = j;
    }
    tab[2 * i] = 0;
    tab[2 * i + 1] = 0;
    this.numbers--;
    return true;
  }

  /** The home slot of a digit key: {@link keyHash}'s top `bits` bits. */
  private home(k: number): number {
    return keyHash(k) >>> (32 - this.bits);
  }

  private grow(): void {
    const old = this.tab;
    this.alloc(old.length);
    const tab = this.tab;
    const mask = this.mask;
    for (let i = 0; i < old.length; i += 2) {
      const k = old[i]!;
      if (k === 0) continue;
      let s = this.home(k);
      while (tab[2 * s] !== 0) s = (s + 1) & mask;
      tab[2 * s] = k;
      tab[2 * s + 1] = old[i + 1]!;
    }
  }

  /** An empty table of `n` slots (a power of two, at least 2). */
  private alloc(n: number): void {
    this.tab = new Float64Array(2 * n);
    this.mask = n - 1;
    this.bits = 31 - Math.clz32(n);
  }
}
