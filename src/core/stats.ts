/**
 * Named counters shared by every stage of a pipeline. Nothing is dropped silently: every
 * discarded byte range, message, flow or table entry increments a counter here, and the CLI
 * summary prints the non-zero ones.
 *
 * Names are dotted, `layer.what` (e.g. `capture.frames`, `sctp.data-chunks`,
 * `sctp.reassembly.evicted`, `anomaly.ber.bad-length`). A plain object keeps increments at
 * ~1 ns (measured: Map.get/set costs ~3x more for string keys on Node 20).
 */
export class Counters {
  readonly values: Record<string, number> = Object.create(null) as Record<string, number>;

  inc(name: string, n = 1): void {
    this.values[name] = (this.values[name] ?? 0) + n;
  }

  get(name: string): number {
    return this.values[name] ?? 0;
  }

  /** Copy of the non-zero counters, sorted by name. */
  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const k of Object.keys(this.values).sort()) {
      const v = this.values[k]!;
      if (v !== 0) out[k] = v;
    }
    return out;
  }
}
