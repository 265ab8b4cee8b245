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

import { imsiKeyOf } from '../core/identity-key.js';
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
 * Store-slot hints kept at most (detect/engine.ts `alertSubscriberSlot`: the detector's subscriber
 * store slots stay below its `limits.subscribers`); a hint at or beyond it is not kept. 4 B each,
 * grown as hints are seen.
 */
const LINK_MAX = 1 << 24;

/** Per-slot columns of one chunk of SLOT_MASK + 1 slots. */
interface SlotChunk {
  /** The IMSI's key (core/identity-key.ts) when the slot is keyed by a digit IMSI, else NaN. */
  key: Float64Array;
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
    key: new Float64Array(n).fill(NaN),
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
  /**
   * Store slot hint (detect/engine.ts `alertSubscriberSlot`) → slot + 1 (0: none). A slot found by a hint is used only when its IMSI key is
   * the alert's: keys are one-to-one with the texts (core/identity-key.ts), so it is the slot the
   * Map gives for that text, whatever the hint (a store slot re-used by another subscriber after an
   * eviction, a hint from another detector's store). measured: bench/results-notes.md, "slotshare".
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

  /** The slot of `key`, or −1. */
  slot(key: string): number {
    return this.slots.get(key) ?? -1;
  }

  /**
   * {@link slot} of `key` (the alert's IMSI, else its MSISDN), through `hint` (the alert's store
   * slot, −1: none) when `imsi` is given and the slot the hint links to holds that IMSI's key.
   */
  find(key: string, imsi: string | undefined, hint: number): number {
    if (imsi === undefined || !(hint >= 0)) return this.slot(key);
    const k = imsiKeyOf(imsi);
    if (typeof k !== 'number') return this.slot(key);
    if (hint < this.link.length) {
      const c = this.link[hint]! - 1;
      if (c >= 0 && this.chunks[c >>> SLOT_SHIFT]!.key[c & SLOT_MASK] === k) return c;
    }
    const s = this.slot(key);
    if (s >= 0 && this.chunks[s >>> SLOT_SHIFT]!.key[s & SLOT_MASK] === k) this.setLink(hint, s);
    return s;
  }

  /** A new slot for `key` (not present); `imsi`: the alert's IMSI, `hint` as {@link find}'s. */
  add(key: string, imsi: string | undefined, hint = -1): number {
    const s = this.imsi.length;
    if ((s & SLOT_MASK) === 0) this.chunks.push(slotChunk());
    this.slots.set(key, s);
    this.imsi.push(imsi);
    this.msisdn.push(undefined);
    // With an IMSI the slot is keyed by its text (collector.ts: the IMSI, else the MSISDN).
    const k = imsi === undefined ? undefined : imsiKeyOf(imsi);
    if (typeof k === 'number') {
      this.chunks[s >>> SLOT_SHIFT]!.key[s & SLOT_MASK] = k;
      if (hint >= 0) this.setLink(hint, s);
    }
    return s;
  }

  private setLink(hint: number, s: number): void {
    if (hint >= this.link.length) {
      if (hint >= LINK_MAX || !Number.isInteger(hint)) return;
      let n = Math.max(this.link.length, 1024);
      while (n <= hint) n *= 2;
      this.link = grown(this.link, Math.min(n, LINK_MAX));
    }
    this.link[hint] = s + 1;
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
