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

export class BoundedCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  private readonly half: number;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2) throw new RangeError(`cache capacity must be an integer >= 2, got ${capacity}`);
    this.half = capacity >>> 1;
  }

  get(key: string): V | undefined {
    if (key.length > MAX_KEY_CHARS) return undefined;
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  set(key: string, value: V): void {
    if (key.length > MAX_KEY_CHARS) return;
    if (this.young.size >= this.half) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}
