/**
 * The TCAP dialogue table's keys (tcap-dialogues.ts): transaction ids as numbers, node and odd-id
 * interning, and the (node id, tid) → dialogue slot index. Everything here is typed arrays or
 * small integers: nothing is allocated per dialogue or per key, so nothing a long-lived dialogue
 * holds is promoted (bench/results-notes.md, "rss3 branch").
 *
 * Transaction ids (Q.773 §4.1: OCTET STRING SIZE (1..4)) arrive as the lower-case hex text of the
 * record. A text of 1-8 hex digits is coded as `digits × 2^32 + value` (exact in a double, < 9 ×
 * 2^32, so '0a' and 'a' differ); any other text (an id of 0 or more than 4 octets: malformed,
 * reported as `tcap.bad-transaction-id`, but tracked as before) is interned and coded ODD_TID + id.
 */
import { fmix32, fnvStep, HASH_SEED } from '../core/hash.js';

/** First code of an interned (odd) transaction id: above every numeric code (< 9 × 2^32 < 2^36). */
export const ODD_TID = 2 ** 36;

/** Code of a tid of 1-8 hex digits (0-9, a-f); -1 for any other text. */
export function hexTidCode(tid: string): number {
  const n = tid.length;
  if (n === 0 || n > 8) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = tid.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return n * 4294967296 + v;
}

/** Seeded FNV-1a over a tid code's two 32-bit halves (core/hash.ts); mixed with the node id by {@link keyHash}. */
export function codeHash(code: number): number {
  // `| 0` truncates the exact quotient (code < 2^37): Math.floor's value, without a rounding call.
  return fnvStep(fnvStep(HASH_SEED, code >>> 0), (code / 4294967296) | 0);
}

/** Slot hash of (node id, tid code hash), fully mixed (core/hash.ts: crafted tids cannot share a probe run). */
export function keyHash(nodeId: number, th: number): number {
  return fmix32(fnvStep(th, nodeId)) | 0;
}

/**
 * Interned texts without a reference kept for reuse before a sweep frees their ids (bounds the
 * interner): at least MAX_EMPTY, and at least half the interned texts, so a sweep (a walk of every
 * interned text) is paid for by as many releases as it walks. A fixed 1,024 made every 1,024th
 * eviction walk the whole map: red-team review, odd (5-octet) transaction ids sprayed into a full
 * table of 1,000,000 dialogues cost 7.0 µs per Begin against 2.4 µs before the slots.
 */
const MAX_EMPTY = 1024;

/**
 * Text → small integer id with reference counts: node key texts (interned GT strings or PC/SSN
 * texts) and odd transaction ids. A new id starts without references and counts as empty until
 * {@link ref}; ids without references are freed in a sweep once they are more than MAX_EMPTY and half of all (amortised),
 * and freed ids are reused.
 */
export class CountedInterner {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  private readonly refs: number[] = [];
  private readonly freeIds: number[] = [];
  private empty = 0;

  /** Interned texts (with or without references). */
  get size(): number {
    return this.ids.size;
  }

  /** The id of `text` when interned (no interning). */
  get(text: string): number | undefined {
    return this.ids.get(text);
  }

  /** The id of `text`, interned (a new id is empty until {@link ref}). */
  intern(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.freeIds.length > 0 ? this.freeIds.pop()! : this.names.length;
      this.names[id] = text;
      this.refs[id] = 0;
      this.ids.set(text, id);
      this.empty++;
    }
    return id;
  }

  ref(id: number): void {
    if (this.refs[id]!++ === 0) this.empty--;
  }

  unref(id: number): void {
    if (--this.refs[id]! === 0 && ++this.empty > MAX_EMPTY && this.empty > this.ids.size >>> 1) this.sweep();
  }

  /** Frees the ids without references. */
  private sweep(): void {
    for (const [text, id] of this.ids) {
      if (this.refs[id] !== 0) continue;
      this.ids.delete(text);
      this.freeIds.push(id);
    }
    this.empty = 0;
  }
}

/** Node id of the tid-only fallback keys in the index (never a real node id, which are ≥ 0). */
export const TID_ONLY = -1;
/** Node id of an empty index slot. */
const EMPTY = -2;
/** Value of a missing key. */
export const NONE = -1;

/** Smallest key index (slots): 1-3 dialogues are open at a time on the bench capture. */
const MIN_INDEX = 64;
/** KeyIndex row: doubles per entry (the code, then int32 words), and the word offsets (from the row's first word). */
const E = 3;
const I_NODE = 2;
const I_HASH = 3;
const I_VAL = 4;

/**
 * (node id, tid code) → dialogue slot: open addressing with linear probing and backward-shift
 * deletion (no tombstones), load ≤ 1/2, grown ×2 and shrunk ÷2 (to a floor of MIN_INDEX slots) so
 * it follows the live key count. Each entry is one 24-byte row of a Float64Array (the tid code)
 * read as int32 words as well (node id, hash, slot): a probe reads one cache line per entry, where
 * four parallel arrays (node ids, hashes, codes, slots) read four (bench/results-notes.md, "dlg").
 * Bounded by the dialogue table: ≤ 2 × MAX_KEYS_PER_DIALOGUE keys per dialogue (its keys and
 * their tid-only entries).
 */
export class KeyIndex {
  private mask = MIN_INDEX - 1;
  /** Row e: code at f[E * e]; node id at i[2E * e + I_NODE] (EMPTY: free), hash, slot after it. */
  private f = new Float64Array(MIN_INDEX * E);
  private i = KeyIndex.words(this.f);
  size = 0;

  private static words(f: Float64Array): Int32Array {
    const i = new Int32Array(f.buffer);
    for (let e = 0; e < i.length; e += 2 * E) i[e + I_NODE] = EMPTY;
    return i;
  }

  /** The slot under (node id, code), NONE when absent; `h` = keyHash(nodeId, codeHash(code)). */
  get(nodeId: number, code: number, h: number): number {
    const w = this.i;
    const mask = this.mask;
    for (let e = h & mask; ; e = (e + 1) & mask) {
      const b = 2 * E * e;
      const n = w[b + I_NODE]!;
      if (n === EMPTY) return NONE;
      if (n === nodeId && w[b + I_HASH] === h && this.f[E * e] === code) return w[b + I_VAL]!;
    }
  }

  /** Sets (node id, code) → slot, replacing the slot held under it. */
  set(nodeId: number, code: number, h: number, slot: number): void {
    const w = this.i;
    const mask = this.mask;
    let e = h & mask;
    for (; ; e = (e + 1) & mask) {
      const b = 2 * E * e;
      const n = w[b + I_NODE]!;
      if (n === EMPTY) break;
      if (n === nodeId && w[b + I_HASH] === h && this.f[E * e] === code) {
        w[b + I_VAL] = slot;
        return;
      }
    }
    const b = 2 * E * e;
    w[b + I_NODE] = nodeId;
    w[b + I_HASH] = h;
    w[b + I_VAL] = slot;
    this.f[E * e] = code;
    if (++this.size * 2 > mask + 1) this.resize((mask + 1) * 2);
  }

  /** Removes (node id, code) when it maps to `slot`. */
  delete(nodeId: number, code: number, h: number, slot: number): void {
    const w = this.i;
    const f = this.f;
    const mask = this.mask;
    let e = h & mask;
    for (; ; e = (e + 1) & mask) {
      const b = 2 * E * e;
      const n = w[b + I_NODE]!;
      if (n === EMPTY) return;
      if (n === nodeId && w[b + I_HASH] === h && f[E * e] === code) break;
    }
    if (w[2 * E * e + I_VAL] !== slot) return;
    // Backward shift: move each later entry of the probe run whose home slot is not in (e, j] into the hole.
    for (let j = (e + 1) & mask; w[2 * E * j + I_NODE] !== EMPTY; j = (j + 1) & mask) {
      const bj = 2 * E * j;
      const home = w[bj + I_HASH]! & mask;
      if (j > e ? home <= e || home > j : home <= e && home > j) {
        const be = 2 * E * e;
        w[be + I_NODE] = w[bj + I_NODE]!;
        w[be + I_HASH] = w[bj + I_HASH]!;
        w[be + I_VAL] = w[bj + I_VAL]!;
        f[E * e] = f[E * j]!;
        e = j;
      }
    }
    w[2 * E * e + I_NODE] = EMPTY;
    if (--this.size * 8 < mask + 1 && mask + 1 > MIN_INDEX) this.resize((mask + 1) / 2);
  }

  /**
   * The longest run of occupied rows, wrap-around included (diagnostics and tests: a lookup walks
   * at most this many rows; a hash that ignored part of the key would make it as long as a flood
   * of keys sharing the rest).
   */
  longestRun(): number {
    const cap = this.mask + 1;
    let best = 0;
    let run = 0;
    // Two passes over the rows so a run across the end joins its start.
    for (let k = 0; k < 2 * cap; k++) {
      if (this.i[2 * E * (k & this.mask) + I_NODE] === EMPTY) run = 0;
      else if (++run > best) best = Math.min(run, cap);
    }
    return best;
  }

  private resize(cap: number): void {
    const of = this.f;
    const ow = this.i;
    this.f = new Float64Array(cap * E);
    this.i = KeyIndex.words(this.f);
    this.mask = cap - 1;
    const w = this.i;
    for (let s = 0; s < of.length / E; s++) {
      const bs = 2 * E * s;
      if (ow[bs + I_NODE] === EMPTY) continue;
      let e = ow[bs + I_HASH]! & this.mask;
      while (w[2 * E * e + I_NODE] !== EMPTY) e = (e + 1) & this.mask;
      const b = 2 * E * e;
      w[b + I_NODE] = ow[bs + I_NODE]!;
      w[b + I_HASH] = ow[bs + I_HASH]!;
      w[b + I_VAL] = ow[bs + I_VAL]!;
      this.f[E * e] = of[E * s]!;
    }
  }
}
