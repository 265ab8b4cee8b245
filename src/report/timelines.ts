/**
 * The collected timelines of the report's alerting subscribers (collector.ts): each entry is the
 * alert's capture time, frame and the word ids (collector `Words`) of its eight texts (rule,
 * level, message, origin label, source, origin country, visited country, visited network).
 *
 * The eight word ids repeat from alert to alert (a flood sends the same operation from the same
 * few origins to subscribers in the same few networks), so they are kept once per distinct
 * combination (a "tuple", 8 Int32) and an entry holds the tuple's number: 4 doubles per entry
 * (tsSec, tsNsec × 16 + precision or the `ts` word, frame, tuple) instead of 7 (the eight ids two
 * per double). Bounds: entries ≤ subscribers × TIMELINE_MAX (collector REPORT_LIMITS), tuples ≤
 * entries; an attacker who makes every tuple distinct costs 32 B + ~8 B of index per entry more
 * than the common case (64–72 B per entry, against 56 B when every entry held its ids).
 *
 * Measured (issue 19, reportmem2, 3,000,001-message flood, 24 k subscribers × 12 entries): the
 * seven-double entries held 17 MB (outside the V8 heap); these ~9 MB, with a few hundred tuples.
 */

/** Doubles per entry: tsSec, tsNsec × 16 + precision (or NaN-marked `ts` word), frame, tuple. */
const STRIDE = 4;
/** Entries per block; blocks of one subscriber are chained (TIMELINE_MAX = 12 fills three). */
const BLOCK_ENTRIES = 4;
/** Doubles per block: its entries, then the index of the next block (−1: none). */
const BLOCK = BLOCK_ENTRIES * STRIDE + 1;
/** Blocks per chunk (2^12 × 17 doubles: 544 kB), added as needed and never copied. */
const CHUNK_SHIFT = 12;
const CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;

/** Word ids per tuple. */
export const TUPLE = 8;
/** Tuples per chunk of the tuple store (2^12 × 8 Int32: 128 kB). */
const TUPLE_SHIFT = 12;
const TUPLE_MASK = (1 << TUPLE_SHIFT) - 1;

/** One timeline entry as read back. */
export interface TimelineRead {
  /** Capture seconds, or NaN when the entry keeps its `ts` text as a word (then `frac` is that word id). */
  sec: number;
  /** tsNsec × 16 + precision, or the `ts` word id. */
  frac: number;
  frame: number;
  /** The entry's eight word ids (a view: valid until the next read). */
  words: Int32Array;
}

/** Distinct 8-id tuples, interned by an open-addressing hash (load ≤ 1/2). */
class Tuples {
  private readonly chunks: Int32Array[] = [];
  private n = 0;
  /** Tuple number + 1 per slot (0: empty); length a power of two. */
  private index = new Int32Array(1024);

  /** The number of the tuple `w[0..7]`, added if new. */
  id(w: Int32Array): number {
    let mask = this.index.length - 1;
    let h = hash(w) & mask;
    for (;;) {
      const t = this.index[h]!;
      if (t === 0) break;
      if (this.equals(t - 1, w)) return t - 1;
      h = (h + 1) & mask;
    }
    const id = this.n++;
    if ((id & TUPLE_MASK) === 0) this.chunks.push(new Int32Array(TUPLE << TUPLE_SHIFT));
    this.chunks[id >>> TUPLE_SHIFT]!.set(w, (id & TUPLE_MASK) * TUPLE);
    if (this.n * 2 > this.index.length) {
      this.rehash(this.index.length * 2);
      mask = this.index.length - 1;
      h = hash(w) & mask;
      while (this.index[h] !== 0) h = (h + 1) & mask;
    }
    this.index[h] = id + 1;
    return id;
  }

  /** Copies tuple `id` into `out`. */
  read(id: number, out: Int32Array): void {
    const c = this.chunks[id >>> TUPLE_SHIFT]!;
    const at = (id & TUPLE_MASK) * TUPLE;
    out.set(c.subarray(at, at + TUPLE));
  }

  private equals(id: number, w: Int32Array): boolean {
    const c = this.chunks[id >>> TUPLE_SHIFT]!;
    const at = (id & TUPLE_MASK) * TUPLE;
    for (let i = 0; i < TUPLE; i++) if (c[at + i] !== w[i]) return false;
    return true;
  }

  private rehash(size: number): void {
    const index = new Int32Array(size);
    const mask = size - 1;
    const w = new Int32Array(TUPLE);
    for (let id = 0; id < this.n - 1; id++) {
      this.read(id, w);
      let h = hash(w) & mask;
      while (index[h] !== 0) h = (h + 1) & mask;
      index[h] = id + 1;
    }
    this.index = index;
  }
}

/** FNV-1a over the eight ids, then a final mix (the ids are small integers). */
function hash(w: Int32Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < TUPLE; i++) h = Math.imul(h ^ w[i]!, 0x01000193);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) >>> 0;
}

/**
 * Timeline entries of all subscribers in blocks of BLOCK_ENTRIES entries chained per subscriber,
 * in Float64Array chunks of 4,096 blocks (outside the V8 heap; never copied). Blocks are never
 * freed: the collector keeps every subscriber it admitted, each at most TIMELINE_MAX entries.
 */
export class Timelines {
  private readonly chunks: Float64Array[] = [];
  private blocks = 0;
  private readonly tuples = new Tuples();
  private readonly scratch = new Int32Array(TUPLE);
  private readonly out: TimelineRead = { sec: 0, frac: 0, frame: 0, words: new Int32Array(TUPLE) };

  /** The ids of the next entry's tuple: fill, then {@link add}. */
  get words(): Int32Array {
    return this.scratch;
  }

  /**
   * Appends an entry (its tuple in {@link words}) after entry `n` − 1 of the chain whose last block
   * is `last` (−1: a new chain). Returns the chain's last block after the append.
   */
  add(last: number, n: number, sec: number, frac: number, frame: number): number {
    const k = n % BLOCK_ENTRIES;
    if (k === 0) {
      const b = this.blocks++;
      if ((b & CHUNK_MASK) === 0) this.chunks.push(new Float64Array(BLOCK << CHUNK_SHIFT));
      this.data(b)[this.base(b) + BLOCK - 1] = -1;
      if (last >= 0) this.data(last)[this.base(last) + BLOCK - 1] = b;
      last = b;
    }
    const m = this.data(last);
    const i = this.base(last) + k * STRIDE;
    m[i] = sec;
    m[i + 1] = frac;
    m[i + 2] = frame;
    m[i + 3] = this.tuples.id(this.scratch);
    return last;
  }

  /** The block after `b` in its chain. */
  next(b: number): number {
    return this.data(b)[this.base(b) + BLOCK - 1]!;
  }

  /** Entry `n` of the chain, whose block holding it is `b` (the first block for n < 4, …). Reuses one object. */
  read(b: number, n: number): TimelineRead {
    const m = this.data(b);
    const i = this.base(b) + (n % BLOCK_ENTRIES) * STRIDE;
    const o = this.out;
    o.sec = m[i]!;
    o.frac = m[i + 1]!;
    o.frame = m[i + 2]!;
    this.tuples.read(m[i + 3]!, o.words);
    return o;
  }

  /** Whether entry `n` starts a new block (its chain's next block holds it). */
  static startsBlock(n: number): boolean {
    return n > 0 && n % BLOCK_ENTRIES === 0;
  }

  private data(b: number): Float64Array {
    return this.chunks[b >>> CHUNK_SHIFT]!;
  }

  private base(b: number): number {
    return (b & CHUNK_MASK) * BLOCK;
  }
}
