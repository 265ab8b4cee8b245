/**
 * One table of the report (key → count: origin countries, origin networks, operations, …) as
 * slots: each key gets a position when first counted, its count lives in a Float64Array at that
 * position, and the `Record` the report shows is built once, by {@link KeyCounts.record}, with
 * the keys inserted in first-seen order — the object the collector used to update per alert, key
 * order included (integer-like keys first, as any object orders them).
 *
 * measured (issue 19, bench/results-notes.md "collect14"): counting into string-keyed objects
 * was a megamorphic keyed load and store per table per alert (~860 instructions an alert for
 * the three tables of the 150 k flood); a caller that keeps a key's position (the collector's
 * origin and operation slots) counts with one typed-array increment.
 */

/** Where a report table counts keys past its bound (collector.ts REPORT_LIMITS). */
export const OTHER = '(other)';

export class KeyCounts {
  private readonly pos = new Map<string, number>();
  private readonly keys: string[] = [];
  private counts = new Float64Array(16);

  /** The position of `key`, or −1. */
  at(key: string): number {
    return this.pos.get(key) ?? -1;
  }

  /** Adds `key` (not present) with count 0; its position. */
  insert(key: string): number {
    const p = this.keys.length;
    this.keys.push(key);
    this.pos.set(key, p);
    if (p === this.counts.length) {
      const c = new Float64Array(p * 2);
      c.set(this.counts);
      this.counts = c;
    }
    return p;
  }

  /** The position of `key`, added if new. */
  slot(key: string): number {
    const p = this.pos.get(key);
    return p === undefined ? this.insert(key) : p;
  }

  /** Counts one at position `p`. */
  inc(p: number): void {
    this.counts[p]!++;
  }

  get size(): number {
    return this.keys.length;
  }

  /** The keys in first-seen order with their counts. */
  record(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let p = 0; p < this.keys.length; p++) setOwn(out, this.keys[p]!, this.counts[p]!);
    return out;
  }
}

/**
 * `out[key] = value` as an own data property, `__proto__` included: assigned, that key runs the
 * prototype setter and is dropped (ECMA-262 §B.2.2.1.2), though it took a place in a bounded table.
 */
export function setOwn<T>(out: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
  else out[key] = value;
}

/**
 * Counts `key` in `table`; a new key past `max` keys (counted in `size`, which tables may share)
 * counts under {@link OTHER} and in `overflow`. Returns the position counted: `key`'s, or the
 * one's complement (< 0) of OTHER's. A key's outcome never changes once decided (sizes only
 * grow), so a caller may keep it and count with {@link countAt} — except for the key OTHER itself:
 * counted under OTHER, that call adds OTHER as a key, and from then on OTHER is found present and
 * counts with no overflow. A caller must not keep a negative position for the key OTHER.
 */
export function bump(table: KeyCounts, key: string, size: { n: number }, max: number, overflow: { n: number }): number {
  let p = table.at(key);
  if (p < 0) {
    if (size.n >= max) {
      p = ~table.slot(OTHER);
      countAt(table, p, overflow);
      return p;
    }
    size.n++;
    p = table.insert(key);
  }
  table.inc(p);
  return p;
}

/** Counts once at a position {@link bump} returned (an OTHER one counts in `overflow` too). */
export function countAt(table: KeyCounts, p: number, overflow: { n: number }): void {
  if (p >= 0) table.inc(p);
  else {
    overflow.n++;
    table.inc(~p);
  }
}
