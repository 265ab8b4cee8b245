/**
 * Two-generation bounded cache: hits in the young generation cost one Map.get; an old-generation
 * hit is promoted; when the young generation reaches half the capacity it becomes the old one and
 * the previous old one is dropped. Memory stays under `capacity` entries without per-hit
 * bookkeeping (an LRU's delete+set on every hit would cost more on the hot path).
 */
export class BoundedCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  private readonly half: number;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2) throw new RangeError(`cache capacity must be an integer >= 2, got ${capacity}`);
    this.half = capacity >>> 1;
  }

  get(key: string): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  set(key: string, value: V): void {
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
