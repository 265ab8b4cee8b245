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
import { fmix32 as fmix32_, fnvStep as fnvStep_, HASH_SEED as HASH_SEED_ } from '../core/hash.js';

// Imports called or read per message, as this module's own constants: TurboFan loads an import
// from its module cell (hole and target checks) at every use; an own `const` is embedded
// (bench/results-notes.md, "decode9").
const fmix32 = fmix32_;
const fnvStep = fnvStep_;
const HASH_SEED = HASH_SEED_;

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
  return fnvStep(fnvStep(HASH_SEED, code >>> 0), Math.floor(code / 4294967296));
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

/**
 * (node id, tid code) → dialogue slot: open addressing with linear probing and backward-shift
 * deletion (no tombstones), load ≤ 1/2, grown ×2 and shrunk ÷2 (to a floor of MIN_INDEX slots) so
 * it follows the live key count. Node ids, hashes, codes and slots in parallel typed arrays.
 * Bounded by the dialogue table: ≤ 2 × MAX_KEYS_PER_DIALOGUE keys per dialogue (its keys and
 * their tid-only entries).
 */
export class KeyIndex {
  private mask = MIN_INDEX - 1;
  private nodes = new Int32Array(MIN_INDEX).fill(EMPTY);
  private hashes = new Int32Array(MIN_INDEX);
  private codes = new Float64Array(MIN_INDEX);
  private vals = new Int32Array(MIN_INDEX);
  size = 0;

  /** The slot under (node id, code), NONE when absent; `h` = keyHash(nodeId, codeHash(code)). */
  get(nodeId: number, code: number, h: number): number {
    const nodes = this.nodes;
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const n = nodes[i]!;
      if (n === EMPTY) return NONE;
      if (n === nodeId && this.hashes[i] === h && this.codes[i] === code) return this.vals[i]!;
    }
  }

  /** Sets (node id, code) → slot, replacing the slot held under it. */
  set(nodeId: number, code: number, h: number, slot: number): void {
    const nodes = this.nodes;
    const mask = this.mask;
    let i = h & mask;
    for (; ; i = (i + 1) & mask) {
      const n = nodes[i]!;
      if (n === EMPTY) break;
      if (n === nodeId && this.hashes[i] === h && this.codes[i] === code) {
        this.vals[i] = slot;
        return;
      }
    }
    nodes[i] = nodeId;
    this.hashes[i] = h;
    this.codes[i] = code;
    this.vals[i] = slot;
    if (++this.size * 2 > nodes.length) this.resize(nodes.length * 2);
  }

  /** Removes (node id, code) when it maps to `slot`. */
  delete(nodeId: number, code: number, h: number, slot: number): void {
    const nodes = this.nodes;
    const mask = this.mask;
    let i = h & mask;
    for (; ; i = (i + 1) & mask) {
      const n = nodes[i]!;
      if (n === EMPTY) return;
      if (n === nodeId && this.hashes[i] === h && this.codes[i] === code) break;
    }
    if (this.vals[i] !== slot) return;
    // Backward shift: move each later entry of the probe run whose home slot is not in (i, j] into the hole.
    for (let j = (i + 1) & mask; nodes[j] !== EMPTY; j = (j + 1) & mask) {
      const home = this.hashes[j]! & mask;
      if (j > i ? home <= i || home > j : home <= i && home > j) {
        nodes[i] = nodes[j]!;
        this.hashes[i] = this.hashes[j]!;
        this.codes[i] = this.codes[j]!;
        this.vals[i] = this.vals[j]!;
        i = j;
      }
    }
    nodes[i] = EMPTY;
    if (--this.size * 8 < nodes.length && nodes.length > MIN_INDEX) this.resize(nodes.length / 2);
  }

  /**
   * The longest run of occupied slots, wrap-around included (diagnostics and tests: a lookup walks
   * at most this many slots; a hash that ignored part of the key would make it as long as a flood
   * of keys sharing the rest).
   */
  longestRun(): number {
    const nodes = this.nodes;
    const cap = nodes.length;
    let best = 0;
    let run = 0;
    // Two passes over the slots so a run across the end joins its start.
    for (let k = 0; k < 2 * cap; k++) {
      if (nodes[k & this.mask] === EMPTY) run = 0;
      else if (++run > best) best = Math.min(run, cap);
    }
    return best;
  }

  private resize(cap: number): void {
    const { nodes, hashes, codes, vals } = this;
    this.nodes = new Int32Array(cap).fill(EMPTY);
    this.hashes = new Int32Array(cap);
    this.codes = new Float64Array(cap);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
    for (let s = 0; s < nodes.length; s++) {
      if (nodes[s] === EMPTY) continue;
      let i = hashes[s]! & this.mask;
      while (this.nodes[i] !== EMPTY) i = (i + 1) & this.mask;
      this.nodes[i] = nodes[s]!;
      this.hashes[i] = hashes[s]!;
      this.codes[i] = codes[s]!;
      this.vals[i] = vals[s]!;
    }
  }
}
