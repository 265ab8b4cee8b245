/**
 * The collected timelines of the report's alerting subscribers (collector.ts): each entry is the
 * alert's capture time, frame and the word ids (collector `Words`) of its eight texts (rule,
 * level, message, origin label, source, origin country, visited country, visited network).
 *
 * The eight word ids repeat from alert to alert (a flood sends the same operation from the same
 * few origins to subscribers in the same few networks), so they are kept once per distinct
 * combination (a "tuple": the eight ids and the timestamp precision, 9 Int32, interned by a hash)
 * and an entry holds the tuple's number: 26 B per entry (tsSec and frame as doubles, tsNsec and
 * the tuple as Int32, a 4-entry block's link) instead of 58 B (7 doubles: the eight ids two per
 * double). Bounds: entries ≤ subscribers × TIMELINE_MAX (collector REPORT_LIMITS: 100 000 × 12),
 * tuples ≤ entries; an attacker who makes every tuple distinct adds 36 B + ≤ 16 B of index per
 * entry (≤ 78 B per entry).
 *
 * Measured (issue 19, reportmem2, 755 k-message flood, 24 k subscribers × ~12 entries, 208
 * distinct tuples): 7.5 MB of chunks outside the V8 heap, against 17 MB for the 7-double entries.
 */
import { fmix32, fnvStep, HASH_SEED } from '../core/hash.js';

/** Entries per block; blocks of one subscriber are chained (TIMELINE_MAX = 12 fills three). */
const BLOCK_ENTRIES = 4;
/**
 * A block is 13 doubles (104 B) of one ArrayBuffer seen as Float64 and Int32: doubles 0-7 hold
 * (tsSec, frame) per entry, then Int32 (tsNsec or the `ts` word, tuple) per entry, then the next
 * block's index (−1: none) and 4 unused bytes: 26 B per entry.
 */
const BLOCK_DOUBLES = 13;
/** Int32 offset (within a block) of the entries' Int32 pairs, and of the next-block link. */
const INTS_AT = 2 * BLOCK_ENTRIES * 2;
const LINK_AT = INTS_AT + 2 * BLOCK_ENTRIES;
/** Blocks per chunk (2^12 × 104 B: 416 kB), added as needed and never copied. */
const CHUNK_SHIFT = 12;
const CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;

/**
 * Ids per tuple: the eight word ids, then the timestamp precision (0-15) of an entry whose `ts`
 * is isoTimestamp(tsSec, tsNsec, precision), or −1 when the entry keeps its `ts` text as a word.
 */
const TUPLE = 9;
/** Tuples per chunk of the tuple store (2^12 × 9 Int32: 144 kB). */
const TUPLE_SHIFT = 12;
const TUPLE_MASK = (1 << TUPLE_SHIFT) - 1;

/** One timeline entry as read back. */
export interface TimelineRead {
  /** Capture seconds (when `words[8]` ≥ 0). */
  sec: number;
  /** tsNsec, or the `ts` word id when `words[8]` is −1. */
  nsec: number;
  frame: number;
  /** The entry's tuple (eight word ids, precision; reused: valid until the next read). */
  words: Int32Array;
}

/** Distinct tuples, interned by an open-addressing hash (load ≤ 1/2). */
class Tuples {
  private readonly chunks: Int32Array[] = [];
  private n = 0;
  /** Tuple number + 1 per slot (0: empty); length a power of two. */
  private index = new Int32Array(1024);

  /**
   * The number of the tuple `w[0..8]`, added if new. Its ids are read once into locals and compared
   * with a stored tuple unrolled: a loop over `w` reloaded the typed array's length and base per
   * element, twice (hash, then comparison). measured (bench/results-notes.md, "row15"): ~515
   * instructions a call on the 150 k flood.
   */
  id(w: Int32Array): number {
    const w0 = w[0]!;
    const w1 = w[1]!;
    const w2 = w[2]!;
    const w3 = w[3]!;
    const w4 = w[4]!;
    const w5 = w[5]!;
    const w6 = w[6]!;
    const w7 = w[7]!;
    const w8 = w[8]!;
    let mask = this.index.length - 1;
    let h = hash9(w0, w1, w2, w3, w4, w5, w6, w7, w8) & mask;
    for (;;) {
      const t = this.index[h]!;
      if (t === 0) break;
      const c = this.chunks[(t - 1) >>> TUPLE_SHIFT]!;
      const at = ((t - 1) & TUPLE_MASK) * TUPLE;
      if (
        c[at] === w0 &&
        c[at + 1] === w1 &&
        c[at + 2] === w2 &&
        c[at + 3] === w3 &&
        c[at + 4] === w4 &&
        c[at + 5] === w5 &&
        c[at + 6] === w6 &&
        c[at + 7] === w7 &&
        c[at + 8] === w8
      )
        return t - 1;
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

/**
 * FNV-1a over the tuple's ids from the per-process seed, then avalanched (core/hash.ts): which
 * texts combine into a tuple is the traffic's choice, and the ids are first-seen order, so an
 * unseeded hash would let a capture pick combinations that share one probe run.
 */
function hash(w: Int32Array): number {
  return hash9(w[0]!, w[1]!, w[2]!, w[3]!, w[4]!, w[5]!, w[6]!, w[7]!, w[8]!);
}

/** {@link hash} of the tuple's nine ids as values. */
function hash9(a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number): number {
  const s = fnvStep(fnvStep(fnvStep(fnvStep(fnvStep(fnvStep(fnvStep(fnvStep(fnvStep(HASH_SEED, a), b), c), d), e), f), g), h), i);
  return fmix32(s);
}

/**
 * Timeline entries of all subscribers in blocks of BLOCK_ENTRIES entries chained per subscriber,
 * in chunks of 4,096 blocks (outside the V8 heap; never copied). Blocks are never freed: the
 * collector keeps every subscriber it admitted, each at most TIMELINE_MAX entries.
 */
export class Timelines {
  private readonly f64: Float64Array[] = [];
  private readonly i32: Int32Array[] = [];
  private blocks = 0;
  private readonly tuples = new Tuples();
  private readonly scratch = new Int32Array(TUPLE);
  private readonly out: TimelineRead = { sec: 0, nsec: 0, frame: 0, words: new Int32Array(TUPLE) };

  /** The tuple of the next entry: fill, then {@link add}. */
  get words(): Int32Array {
    return this.scratch;
  }

  /**
   * Appends an entry (its tuple in {@link words}) as entry `n` of the chain whose last block is
   * `last` (−1: a new chain). `nsec` is an Int32 (tsNsec, or the `ts` word id). Returns the chain's
   * last block after the append.
   */
  add(last: number, n: number, sec: number, nsec: number, frame: number): number {
    const k = n % BLOCK_ENTRIES;
    if (k === 0) {
      const b = this.blocks++;
      if ((b & CHUNK_MASK) === 0) {
        const buf = new ArrayBuffer((BLOCK_DOUBLES << CHUNK_SHIFT) * 8);
        this.f64.push(new Float64Array(buf));
        this.i32.push(new Int32Array(buf));
      }
      this.ints(b)[this.intBase(b) + LINK_AT] = -1;
      if (last >= 0) this.ints(last)[this.intBase(last) + LINK_AT] = b;
      last = b;
    }
    const d = this.f64[last >>> CHUNK_SHIFT]!;
    const di = (last & CHUNK_MASK) * BLOCK_DOUBLES + 2 * k;
    d[di] = sec;
    d[di + 1] = frame;
    const m = this.ints(last);
    const ii = this.intBase(last) + INTS_AT + 2 * k;
    m[ii] = nsec;
    m[ii + 1] = this.tuples.id(this.scratch);
    return last;
  }

  /**
   * Removes entry `k` of the `n`-entry chain that starts at block `first`: the entries after it move
   * one place up (their order kept), and entry `n − 1`'s place is free for `add(last, n − 1, …)`
   * (collector.ts: a full timeline lets its lowest-level entry go for a higher alert, rt19 M1b).
   */
  remove(first: number, n: number, k: number): void {
    let b = first;
    for (let i = BLOCK_ENTRIES; i <= k; i += BLOCK_ENTRIES) b = this.next(b);
    for (let i = k; i < n - 1; i++) {
      const from = Timelines.startsBlock(i + 1) ? this.next(b) : b;
      this.copy(from, (i + 1) % BLOCK_ENTRIES, b, i % BLOCK_ENTRIES);
      b = from;
    }
  }

  /** Copies entry `fk` of block `fb` over entry `tk` of block `tb`. */
  private copy(fb: number, fk: number, tb: number, tk: number): void {
    const fd = this.f64[fb >>> CHUNK_SHIFT]!;
    const td = this.f64[tb >>> CHUNK_SHIFT]!;
    const fdi = (fb & CHUNK_MASK) * BLOCK_DOUBLES + 2 * fk;
    const tdi = (tb & CHUNK_MASK) * BLOCK_DOUBLES + 2 * tk;
    td[tdi] = fd[fdi]!;
    td[tdi + 1] = fd[fdi + 1]!;
    const fm = this.ints(fb);
    const tm = this.ints(tb);
    const fi = this.intBase(fb) + INTS_AT + 2 * fk;
    const ti = this.intBase(tb) + INTS_AT + 2 * tk;
    tm[ti] = fm[fi]!;
    tm[ti + 1] = fm[fi + 1]!;
  }

  /** The block after `b` in its chain. */
  next(b: number): number {
    return this.ints(b)[this.intBase(b) + LINK_AT]!;
  }

  /** Entry `n` of a chain, held by block `b` (the first block for n < 4, …). Reuses one object. */
  read(b: number, n: number): TimelineRead {
    const k = n % BLOCK_ENTRIES;
    const d = this.f64[b >>> CHUNK_SHIFT]!;
    const di = (b & CHUNK_MASK) * BLOCK_DOUBLES + 2 * k;
    const m = this.ints(b);
    const ii = this.intBase(b) + INTS_AT + 2 * k;
    const o = this.out;
    o.sec = d[di]!;
    o.frame = d[di + 1]!;
    o.nsec = m[ii]!;
    this.tuples.read(m[ii + 1]!, o.words);
    return o;
  }

  /** Whether entry `n` starts a new block (its chain's next block holds it). */
  static startsBlock(n: number): boolean {
    return n > 0 && n % BLOCK_ENTRIES === 0;
  }

  private ints(b: number): Int32Array {
    return this.i32[b >>> CHUNK_SHIFT]!;
  }

  private intBase(b: number): number {
    return (b & CHUNK_MASK) * BLOCK_DOUBLES * 2;
  }
}
