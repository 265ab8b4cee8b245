/**
 * When each alert happened, for the report's "alerts over time" histogram: two growable typed
 * arrays (capture time in ms, level index) instead of the alerts themselves. 9 bytes per alert;
 * bounded at {@link ALERT_TIMES_MAX} entries (9 MB), later alerts are counted in `dropped`.
 *
 * Measured (bench rss case, `sigwatch scan` on the 2 GB generated capture): keeping the 20,000
 * full alerts (each with its evidence event, ~4 kB) for this histogram cost ~80 MB of the CLI's RSS.
 */
const ALERT_TIMES_MAX = 1_000_000;

export class AlertTimes {
  private tMs = new Float64Array(1024);
  private lv = new Uint8Array(1024);
  /** Entries kept. */
  n = 0;
  /** Alerts past the bound (not in the histogram, still in every count). */
  dropped = 0;

  constructor(private readonly max = ALERT_TIMES_MAX) {}

  add(tMs: number, level: number): void {
    if (this.n >= this.max) {
      this.dropped++;
      return;
    }
    if (this.n === this.tMs.length) {
      const size = Math.min(this.max, this.n * 2);
      const t = new Float64Array(size);
      t.set(this.tMs);
      const l = new Uint8Array(size);
      l.set(this.lv);
      this.tMs = t;
      this.lv = l;
    }
    this.tMs[this.n] = tMs;
    this.lv[this.n++] = level;
  }

  /** Capture times (ms since the epoch) of the kept alerts. */
  get times(): Float64Array {
    return this.tMs.subarray(0, this.n);
  }

  /** Level indexes (into LEVELS) of the kept alerts. */
  get levels(): Uint8Array {
    return this.lv.subarray(0, this.n);
  }
}
