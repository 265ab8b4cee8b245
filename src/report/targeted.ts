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

import { grown } from '../core/typed-arrays.js';

/** Origin ids per pool block (then the next block's index, −1: none). */
const ORIGIN_BLOCK = 8;
const ORIGIN_STRIDE = ORIGIN_BLOCK + 1;
/** Blocks per pool chunk (2^12 × 9 Int32: 144 kB), added as needed and never copied. */
const POOL_SHIFT = 12;
const POOL_MASK = (1 << POOL_SHIFT) - 1;
/** Slots per chunk of the per-slot arrays (2^12). */
const SLOT_SHIFT = 12;
const SLOT_MASK = (1 << SLOT_SHIFT) - 1;

/**
 * One record per slot (REC_F64 doubles, 48 B) in a chunk of SLOT_MASK + 1 slots: the alert count
 * ({@link F_ALERTS}: a Float64 index from `word >> 1`), then Int32 words
 * ({@link W_ENTRIES} ...: indexes from `word`, {@link TargetedTable.word}): timeline entries,
 * first and last timeline block, distinct origins, first and last origin pool block (−1: none),
 * the listed origins' filter ({@link W_FILTER}), the worst level ({@link W_WORST}) and the
 * timeline's lowest level ({@link W_TL_LOW}).
 * An alert reads and writes its subscriber's one record (one or two cache lines) instead of a
 * word in each of eight columns. measured: bench/results-notes.md, "slotshare".
 */
interface SlotChunk {
  f64: Float64Array;
  i32: Int32Array;
}
const REC_F64 = 6;
const REC_I32 = REC_F64 * 2;
export const F_ALERTS = 0;
export const W_ENTRIES = 2;
export const W_TL_FIRST = 3;
export const W_TL_LAST = 4;
const W_ORIGINS = 5;
const W_OR_FIRST = 6;
const W_OR_LAST = 7;
/**
 * Words 8-9: a 64-bit filter of the origin ids listed (one bit per id by a multiplicative hash).
 * measured (bench/results-notes.md, "slotshare"; 755 k flood): 270 k of the 495 k alerts named an
 * origin not listed yet, each found so only after walking the subscriber's whole list (≤ 64 ids
 * in 8-id pool blocks, one cache line each).
 */
const W_FILTER = 8;
/** Word 10: the worst level of the subscriber's alerts, as its rank (LEVELS index, info for a text outside it) + 1; 0: none yet. */
export const W_WORST = 10;
/**
 * Word 11: the lowest level rank among the timeline's entries (bits 0-7; meaningful once it has one), and
 * {@link TL_BY_LEVEL} once a full timeline let a lower entry go for a higher alert (collector.ts `alert`; rt19 M1b).
 */
export const W_TL_LOW = 11;
export const TL_BY_LEVEL = 0x100;

function slotChunk(): SlotChunk {
  const n = 1 << SLOT_SHIFT;
  const f64 = new Float64Array(n * REC_F64);
  const i32 = new Int32Array(f64.buffer);
  for (let s = 0; s < n; s++) {
    const w = s * REC_I32;
    i32[w + W_TL_FIRST] = i32[w + W_TL_LAST] = i32[w + W_OR_FIRST] = i32[w + W_OR_LAST] = -1;
  }
  return { f64, i32 };
}

export class TargetedTable {
  /**
   * `linkMax`: store-slot hints kept at most (detect/engine.ts `alertSubscriberSlot`: the
   * detector's subscriber store slots stay below its `limits.subscribers`); the caller passes only
   * integer hints below it (collector.ts `alert`). 4 B each, grown as hints are seen.
   */
  constructor(private readonly linkMax: number) {}

  /** Slots of subscribers with an IMSI, by its text. */
  private readonly slots = new Map<string, number>();
  /**
   * Slots of MSISDN-only subscribers, by the MSISDN's text: apart from the IMSI texts, so an alert naming
   * only an MSISDN whose digits are a victim's IMSI does not take (or give) the victim's row (review 15-A #2).
   */
  private readonly soleMsisdn = new Map<string, number>();
  /**
   * Store slot hint (detect/engine.ts `alertSubscriberSlot`) → slot + 1 (0: none). A slot found by a hint is used only when its IMSI text is
   * the alert's ({@link find}). measured: bench/results-notes.md, "slotshare".
   */
  private link = new Int32Array(0);
  private readonly chunks: SlotChunk[] = [];
  readonly imsi: (string | undefined)[] = [];
  readonly msisdn: (string | undefined)[] = [];
  private readonly pool: Int32Array[] = [];
  private poolBlocks = 0;

  get size(): number {
    return this.imsi.length;
  }

  /** The slot of `key` (the IMSI when `byImsi`, else the MSISDN of a subscriber without one), or −1. */
  private slot(key: string, byImsi: boolean): number {
    return (byImsi ? this.slots : this.soleMsisdn).get(key) ?? -1;
  }

  /**
   * {@link slot} of `key` (the alert's IMSI, else its MSISDN), through `hint` (the alert's store
   * slot, −1: none) when `imsi` is given and the slot the hint links to holds that IMSI's text: a
   * slot with an IMSI is keyed by that text (collector.ts: the IMSI, else the MSISDN), so it is the
   * slot the Map gives for it, whatever the hint (a store slot re-used by another subscriber after
   * an eviction, a hint from another detector's store). The texts are compared as they are (a
   * pointer, else ~15 characters): the IMSI's digit key was recomputed per alert for this check
   * (issue 19, bench/results-notes.md "row15": ~200 instructions an alert of the 150 k flood).
   */
  find(key: string, imsi: string | undefined, hint: number): number {
    if (imsi === undefined || !(hint >= 0)) return this.slot(key, imsi !== undefined);
    if (hint < this.link.length) {
      const c = this.link[hint]! - 1;
      if (c >= 0 && this.imsi[c] === imsi) return c;
    }
    const s = this.slot(key, true);
    if (s >= 0 && this.imsi[s] === imsi) this.setLink(hint, s);
    return s;
  }

  /** A new slot for `key` (not present); `imsi`: the alert's IMSI, `hint` as {@link find}'s. */
  add(key: string, imsi: string | undefined, hint = -1): number {
    const s = this.imsi.length;
    if ((s & SLOT_MASK) === 0) this.chunks.push(slotChunk());
    (imsi !== undefined ? this.slots : this.soleMsisdn).set(key, s);
    this.imsi.push(imsi);
    this.msisdn.push(undefined);
    // With an IMSI the slot is keyed by its text (collector.ts: the IMSI, else the MSISDN).
    if (imsi !== undefined && hint >= 0) this.setLink(hint, s);
    return s;
  }

  private setLink(hint: number, s: number): void {
    if (hint >= this.link.length) {
      let n = Math.max(this.link.length, 1024);
      while (n <= hint) n *= 2;
      this.link = grown(this.link, Math.min(n, this.linkMax));
    }
    this.link[hint] = s + 1;
  }

  /** The record chunk of slot `s`; index it from {@link word}. */
  chunk(s: number): SlotChunk {
    return this.chunks[s >>> SLOT_SHIFT]!;
  }

  /** The Int32 index of slot `s`'s record in its chunk (its Float64 index is `word >> 1`). */
  static word(s: number): number {
    return (s & SLOT_MASK) * REC_I32;
  }

  alerts(s: number): number {
    return this.chunk(s).f64[(s & SLOT_MASK) * REC_F64 + F_ALERTS]!;
  }

  /** The worst level of slot `s`'s alerts as its rank + 1 ({@link W_WORST}). */
  worst(s: number): number {
    return this.chunk(s).i32[TargetedTable.word(s) + W_WORST]!;
  }

  /** Slot `s`'s timeline let lower entries go for higher alerts ({@link TL_BY_LEVEL}). */
  timelineByLevel(s: number): boolean {
    return (this.chunk(s).i32[TargetedTable.word(s) + W_TL_LOW]! & TL_BY_LEVEL) !== 0;
  }

  originCount(s: number): number {
    return this.chunk(s).i32[TargetedTable.word(s) + W_ORIGINS]!;
  }

  /** Adds origin word `id` to slot `s` unless listed (a linear scan of ≤ originsPerSubscriber ids). */
  addOrigin(s: number, id: number): void {
    const c = this.chunk(s).i32;
    const w = TargetedTable.word(s);
    const n = c[w + W_ORIGINS]!;
    let b = c[w + W_OR_FIRST]!;
    // A clear filter bit: `id` is not listed, no walk (every listed id set its bit).
    const h = Math.imul(id, 0x9e3779b1) >>> 26;
    const f = w + W_FILTER + (h >>> 5);
    const bit = 1 << (h & 31);
    const listed = (c[f]! & bit) !== 0;
    for (let k = 0; listed && k < n; k++) {
      const j = k % ORIGIN_BLOCK;
      if (j === 0 && k > 0) b = this.poolNext(b);
      if (this.pool[b >>> POOL_SHIFT]![(b & POOL_MASK) * ORIGIN_STRIDE + j] === id) return;
    }
    const j = n % ORIGIN_BLOCK;
    let last = c[w + W_OR_LAST]!;
    if (j === 0) {
      const nb = this.poolBlocks++;
      if ((nb & POOL_MASK) === 0) this.pool.push(new Int32Array(ORIGIN_STRIDE << POOL_SHIFT));
      this.pool[nb >>> POOL_SHIFT]![(nb & POOL_MASK) * ORIGIN_STRIDE + ORIGIN_BLOCK] = -1;
      if (last < 0) c[w + W_OR_FIRST] = nb;
      else this.pool[last >>> POOL_SHIFT]![(last & POOL_MASK) * ORIGIN_STRIDE + ORIGIN_BLOCK] = nb;
      c[w + W_OR_LAST] = last = nb;
    }
    this.pool[last >>> POOL_SHIFT]![(last & POOL_MASK) * ORIGIN_STRIDE + j] = id;
    c[w + W_ORIGINS] = n + 1;
    c[f] = c[f]! | bit;
  }

  /** Slot `s`'s origin word ids in first-seen order. */
  origins(s: number): number[] {
    const c = this.chunk(s).i32;
    const w = TargetedTable.word(s);
    const out: number[] = [];
    let b = c[w + W_OR_FIRST]!;
    for (let k = 0, n = c[w + W_ORIGINS]!; k < n; k++) {
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
