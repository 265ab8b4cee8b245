import { HASH_SEED, fmix32, fnvStep } from '../core/hash.js';

/**
 * Two-generation bounded cache: hits in the young generation cost one Map.get; an old-generation
 * hit is promoted; when the young generation reaches half the capacity it becomes the old one and
 * the previous old one is dropped. Memory stays under `capacity` entries without per-hit
 * bookkeeping (an LRU's delete+set on every hit would cost more on the hot path).
 *
 * Keys longer than {@link MAX_KEY_CHARS} are neither kept nor looked up: the bound is on entries,
 * and an identifier an attacker makes long (a 2,000-character Origin-Realm on every message) would
 * make each entry that large. measured (bench/results-notes.md, "hostile"): 20,000 Diameter
 * probes with unique 2,000-character Origin-Host/-Realm kept 80 MB of realm keys in the Scanner
 * (96 MB live heap), 100,000 of them 525 MB peak RSS.
 */
/**
 * A DiameterIdentity is an FQDN or realm (RFC 6733 §4.3.1), a domain name of at most 255 octets
 * (RFC 1035 §2.3.4); GTs, IMSIs and PLMNs are far shorter.
 */
export const MAX_KEY_CHARS = 255;
/** Bits of {@link BoundedCache}'s first-offer filter per key of capacity. */
const SEEN_BITS = 16;

export class BoundedCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  private readonly half: number;
  /**
   * Keys offered to {@link set} and not kept yet, as one bit each by a seeded hash of the key: a
   * key is kept from its second offer on, so a spray of identifiers each seen once (a new calling
   * GT and realm on every message) fills neither generation. measured (bench/results-notes.md
   * "newgt", hostile `uniqgt`): the Detector's realm, host and GT caches held ~65,536 never-reused
   * keys each, ~15–25 MB of the CLI's live heap at 600 k messages. {@link SEEN_BITS} × capacity bits
   * (128 kB at the default 65,536), cleared after `capacity` offers noted; a key whose bit another
   * key set (≤ 1 in 16 while filling) is kept on its first offer, as before.
   */
  private readonly seen: Int32Array;
  private seenCount = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2) throw new RangeError(`cache capacity must be an integer >= 2, got ${capacity}`);
    this.half = capacity >>> 1;
    // A power of two of at least SEEN_BITS × capacity bits.
    let words = 1;
    while (words * 32 < SEEN_BITS * capacity) words *= 2;
    this.seen = new Int32Array(words);
  }

  get(key: string): V | undefined {
    if (key.length > MAX_KEY_CHARS) return undefined;
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) this.keep(key, o);
    return o;
  }

  /** Keeps `key`'s answer when `key` was offered before (see {@link seen}). */
  set(key: string, value: V): void {
    if (key.length <= MAX_KEY_CHARS && this.again(key)) this.keep(key, value);
  }

  private keep(key: string, value: V): void {
    if (this.young.size >= this.half) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  /** True when `key`'s bit is set; else sets it (clearing all first once `capacity` bits were set). */
  private again(key: string): boolean {
    let h = HASH_SEED;
    for (let i = 0; i < key.length; i++) h = fnvStep(h, key.charCodeAt(i));
    h = fmix32(h);
    const seen = this.seen;
    const w = (h >>> 5) & (seen.length - 1);
    const bit = 1 << (h & 31);
    if ((seen[w]! & bit) !== 0) return true;
    if (this.seenCount >= this.half * 2) {
      seen.fill(0);
      this.seenCount = 0;
    }
    seen[w]! |= bit;
    this.seenCount++;
    return false;
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}
