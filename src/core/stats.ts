/**
 * Named counters shared by every stage of a pipeline. Nothing is dropped silently: every
 * discarded byte range, message, flow or table entry increments a counter here, and the CLI
 * summary prints the non-zero ones.
 *
 * Names are dotted, `layer.what` (e.g. `capture.frames`, `sctp.data-chunks`,
 * `sctp.reassembly.evicted`, `anomaly.ber.bad-length`). A plain object keeps increments at
 * ~1 ns (measured: Map.get/set costs ~3x more for string keys on Node 20).
 *
 * Hot paths bind a {@link CounterSlot} once with `slot(name)` and do `slot.n++`: measured on the
 * 2-core bench machine under load (bench/, 12 dotted names), `inc(name)` costs ~30 ns (the
 * null-prototype object with dotted keys is in dictionary mode), `slot.n++` ~3 ns, and a name
 * built per call (`mtp3.si.${si}`) + inc ~130 ns. The pipeline makes ~15 increments per message.
 */
export interface CounterSlot {
  n: number;
}

export class Counters {
  readonly values: Record<string, number> = Object.create(null) as Record<string, number>;
  private readonly slots = new Map<string, CounterSlot>();

  inc(name: string, n = 1): void {
    this.values[name] = (this.values[name] ?? 0) + n;
  }

  /** The counter `name` as a mutable cell for hot paths (`slot.n++`); same counter as inc(name). */
  slot(name: string): CounterSlot {
    let s = this.slots.get(name);
    if (s === undefined) {
      s = { n: 0 };
      this.slots.set(name, s);
    }
    return s;
  }

  get(name: string): number {
    return (this.values[name] ?? 0) + (this.slots.get(name)?.n ?? 0);
  }

  /** Copy of the non-zero counters, sorted by name. */
  snapshot(): Record<string, number> {
    const names = new Set(Object.keys(this.values));
    for (const k of this.slots.keys()) names.add(k);
    const out: Record<string, number> = {};
    for (const k of [...names].sort()) {
      const v = this.get(k);
      if (v !== 0) out[k] = v;
    }
    return out;
  }
}

/** Per-capture decode counters, in the order the captures were scanned. */
export interface SourceStats {
  source: string;
  stats: Record<string, number>;
}
