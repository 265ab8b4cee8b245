/**
 * The report's alerting subscribers (collector.ts) as slots of parallel typed arrays: alert count,
 * timeline length and chain ({@link Timelines}), and the word ids of its distinct origin labels in
 * a shared pool of chained Int32 blocks; the IMSI/MSISDN texts in two arrays (the strings are the
 * alerts', shared with the detector's state). No object per subscriber.
 *
 * Bounds: slots ≤ `subscribers` (collector REPORT_LIMITS, 100,000), origins per slot ≤
 * `originsPerSubscriber` (64), so the pool ≤ subscribers × 64 ids in blocks of ORIGIN_BLOCK.
 *
 * Measured (issue 19, reportmem2; heap snapshot at `finish` of the 3,000,001-message flood,
 * 24 k subscribers, ~20 origins each): one `Targeted` object per subscriber (2.1 MB) with an
 * exact-size origin-id array (4.8 MB) lived in the V8 heap, which grows to twice its live size
 * between mark-compacts; here ~2.6 MB outside it.
 */

/** Origin ids per pool block (then the next block's index, −1: none). */
const ORIGIN_BLOCK = 8;
const ORIGIN_STRIDE = ORIGIN_BLOCK + 1;
/** Blocks per pool chunk (2^12 × 9 Int32: 144 kB), added as needed and never copied. */
const POOL_SHIFT = 12;
const POOL_MASK = (1 << POOL_SHIFT) - 1;
/** Slots per chunk of the per-slot arrays (2^12). */
const SLOT_SHIFT = 12;
const SLOT_MASK = (1 << SLOT_SHIFT) - 1;

/** Per-slot columns of one chunk of SLOT_MASK + 1 slots. */
interface SlotChunk {
  alerts: Float64Array;
  /** Timeline entries; first and last timeline block (−1: none). */
  entries: Uint8Array;
  tlFirst: Int32Array;
  tlLast: Int32Array;
  /** Distinct origins; first and last pool block (−1: none). */
  origins: Int32Array;
  orFirst: Int32Array;
  orLast: Int32Array;
}

function slotChunk(): SlotChunk {
  const n = 1 << SLOT_SHIFT;
  return {
    alerts: new Float64Array(n),
    entries: new Uint8Array(n),
    tlFirst: new Int32Array(n).fill(-1),
    tlLast: new Int32Array(n).fill(-1),
    origins: new Int32Array(n),
    orFirst: new Int32Array(n).fill(-1),
    orLast: new Int32Array(n).fill(-1),
  };
}

export class TargetedTable {
  private readonly slots = new Map<string, number>();
  private readonly chunks: SlotChunk[] = [];
  readonly imsi: (string | undefined)[] = [];
  readonly msisdn: (string | undefined)[] = [];
  private readonly pool: Int32Array[] = [];
  private poolBlocks = 0;

  get size(): number {
    return this.imsi.length;
  }

  /** The slot of `key`, or −1. */
  slot(key: string): number {
    return this.slots.get(key) ?? -1;
  }

  /** A new slot for `key` (not present). */
  add(key: string, imsi: string | undefined): number {
    const s = this.imsi.length;
    if ((s & SLOT_MASK) === 0) this.chunks.push(slotChunk());
    this.slots.set(key, s);
    this.imsi.push(imsi);
    this.msisdn.push(undefined);
    return s;
  }

  /** The column chunk of slot `s`; index it with `s & SLOT_MASK` ({@link at}). */
  chunk(s: number): SlotChunk {
    return this.chunks[s >>> SLOT_SHIFT]!;
  }

  static at(s: number): number {
    return s & SLOT_MASK;
  }

  alerts(s: number): number {
    return this.chunk(s).alerts[s & SLOT_MASK]!;
  }

  originCount(s: number): number {
    return this.chunk(s).origins[s & SLOT_MASK]!;
  }

  /** Adds origin word `id` to slot `s` unless listed (a linear scan of ≤ originsPerSubscriber ids). */
  addOrigin(s: number, id: number): void {
    const c = this.chunk(s);
    const i = s & SLOT_MASK;
    const n = c.origins[i]!;
    let b = c.orFirst[i]!;
    for (let k = 0; k < n; k++) {
      const j = k % ORIGIN_BLOCK;
      if (j === 0 && k > 0) b = this.poolNext(b);
      if (this.pool[b >>> POOL_SHIFT]![(b & POOL_MASK) * ORIGIN_STRIDE + j] === id) return;
    }
    const j = n % ORIGIN_BLOCK;
    let last = c.orLast[i]!;
    if (j === 0) {
      const nb = this.poolBlocks++;
      if ((nb & POOL_MASK) === 0) this.pool.push(new Int32Array(ORIGIN_STRIDE << POOL_SHIFT));
      this.pool[nb >>> POOL_SHIFT]![(nb & POOL_MASK) * ORIGIN_STRIDE + ORIGIN_BLOCK] = -1;
      if (last < 0) c.orFirst[i] = nb;
      else this.pool[last >>> POOL_SHIFT]![(last & POOL_MASK) * ORIGIN_STRIDE + ORIGIN_BLOCK] = nb;
      c.orLast[i] = last = nb;
    }
    this.pool[last >>> POOL_SHIFT]![(last & POOL_MASK) * ORIGIN_STRIDE + j] = id;
    c.origins[i] = n + 1;
  }

  /** Slot `s`'s origin word ids in first-seen order. */
  origins(s: number): number[] {
    const c = this.chunk(s);
    const i = s & SLOT_MASK;
    const out: number[] = [];
    let b = c.orFirst[i]!;
    for (let k = 0; k < c.origins[i]!; k++) {
      const j = k % ORIGIN_BLOCK;
      if (j === 0 && k > 0) b = this.poolNext(b);
      out.push(this.pool[b >>> POOL_SHIFT]![(b & POOL_MASK) * ORIGIN_STRIDE + j]!);
    }
    return out;
  }

  private poolNext(b: number): number {
    return this.pool[b >>> POOL_SHIFT]![(b & POOL_MASK) * ORIGIN_STRIDE + ORIGIN_BLOCK]!;
  }
}
