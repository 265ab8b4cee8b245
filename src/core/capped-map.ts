/**
 * Bounded memo maps for pure caches (a result never depends on what they hold): at most `max`
 * keys, then the map starts over (cleared), so a capture that sprays distinct values only loses
 * the reuse. Cheaper than an LRU on the hot path (one Map.get per hit, no reordering) and enough
 * where a link carries few distinct values (GTs, realms, application contexts, node addresses).
 */
export class CappedMap<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly max: number) {}

  get size(): number {
    return this.map.size;
  }

  get(k: K): V | undefined {
    return this.map.get(k);
  }

  /** Adds `k` (after a `get` miss): a full map is cleared first. */
  set(k: K, v: V): void {
    if (this.map.size >= this.max) this.map.clear();
    this.map.set(k, v);
  }
}

/**
 * One shared string object per distinct text: the decoders hand out a fresh string per message,
 * and the state that keeps them (correlator origins, subscriber node addresses) names a handful.
 */
export class Interner extends CappedMap<string, string> {
  /** The kept string equal to `s` (`s` itself, kept, when none is). */
  intern(s: string): string {
    const known = this.get(s);
    if (known !== undefined) return known;
    this.set(s, s);
    return s;
  }
}
