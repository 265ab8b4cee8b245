/**
 * When each alert happened, for the report's "alerts over time" histogram: capture time in ms and
 * level index per alert, in fixed-size typed-array chunks instead of the alerts themselves.
 * Bounded at {@link ALERT_TIMES_MAX} entries; later alerts are counted in `dropped`.
 *
 * Times are whole milliseconds in practice (collector.ts `captureMs`, Date.parse), so they are kept
 * as Int32 offsets from the first alert's time (5 bytes per alert, 5 MB at the bound) while every
 * time is an integer within ±2^31 ms (~24 days) of it; the first time that is not switches the store
 * to Float64 absolute times (9 bytes per alert), converting what it held: `time(i)` is exact either way.
 *
 * Measured (bench rss case, `sigwatch scan` on the 2 GB generated capture): keeping the 20,000
 * full alerts (each with its evidence event, ~4 kB) for this histogram cost ~80 MB of the CLI's RSS.
 * Measured (issue 19, reportmem, 3,000,001-message flood, 2,080,280 alerts): one Float64Array grown
 * by doubling held 8 MB + 1 MB at the bound and 12 MB during its last copy; chunks are never copied.
 */
const ALERT_TIMES_MAX = 1_000_000;
/** Entries per chunk (2^16: 256 kB of Int32 offsets). */
const CHUNK_SHIFT = 16;
const CHUNK = 1 << CHUNK_SHIFT;
const CHUNK_MASK = CHUNK - 1;
const I32_MIN = -(2 ** 31);
const I32_MAX = 2 ** 31 - 1;

/** What the histogram reads: the kept alerts' capture times (ms since the epoch) and level indexes. */
export interface AlertPoints {
  readonly length: number;
  time(i: number): number;
  level(i: number): number;
}

export class AlertTimes implements AlertPoints {
  /** Int32 offsets from `base` (narrow) or Float64 absolute times (wide), CHUNK entries each. */
  private narrow: Int32Array[] | undefined = [];
  private wide: Float64Array[] | undefined;
  private base = 0;
  private readonly lv: Uint8Array[] = [];
  /** Entries kept. */
  n = 0;
  /** Alerts past the bound (not in the histogram, still in every count). */
  dropped = 0;

  constructor(private readonly max = ALERT_TIMES_MAX) {}

  get length(): number {
    return this.n;
  }

  add(tMs: number, level: number): void {
    if (this.n >= this.max) {
      this.dropped++;
      return;
    }
    const i = this.n & CHUNK_MASK;
    if (i === 0) {
      const size = Math.min(CHUNK, this.max - this.n);
      if (this.narrow !== undefined) this.narrow.push(new Int32Array(size));
      else this.wide!.push(new Float64Array(size));
      this.lv.push(new Uint8Array(size));
    }
    const c = this.n >>> CHUNK_SHIFT;
    if (this.n === 0) this.base = Number.isInteger(tMs) ? tMs : 0;
    const d = tMs - this.base;
    if (this.narrow !== undefined && !(Number.isInteger(tMs) && d >= I32_MIN && d <= I32_MAX)) this.widen();
    if (this.narrow !== undefined) this.narrow[c]![i] = d;
    else this.wide![c]![i] = tMs;
    this.lv[c]![i] = level;
    this.n++;
  }

  /** Capture time (ms since the epoch) of kept alert `i`. */
  time(i: number): number {
    const c = i >>> CHUNK_SHIFT;
    const k = i & CHUNK_MASK;
    return this.narrow !== undefined ? this.base + this.narrow[c]![k]! : this.wide![c]![k]!;
  }

  /** Level index (into LEVELS) of kept alert `i`. */
  level(i: number): number {
    return this.lv[i >>> CHUNK_SHIFT]![i & CHUNK_MASK]!;
  }

  /** The kept times as one array (a copy). */
  get times(): Float64Array {
    const t = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) t[i] = this.time(i);
    return t;
  }

  /** The kept level indexes as one array (a copy). */
  get levels(): Uint8Array {
    const l = new Uint8Array(this.n);
    for (let i = 0; i < this.n; i++) l[i] = this.level(i);
    return l;
  }

  /** Switches to Float64 absolute times (a time off the Int32 grid came). */
  private widen(): void {
    const narrow = this.narrow!;
    this.wide = narrow.map((ch) => {
      const w = new Float64Array(ch.length);
      for (let k = 0; k < ch.length; k++) w[k] = this.base + ch[k]!;
      return w;
    });
    this.narrow = undefined;
  }
}

/** Plain arrays as {@link AlertPoints} (tests, callers with their own times). */
export function alertPoints(times: ArrayLike<number>, levels: ArrayLike<number>): AlertPoints {
  return { length: times.length, time: (i) => times[i]!, level: (i) => levels[i]! };
}
