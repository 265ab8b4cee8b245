/**
 * The TCAP dialogue table's most recently registered keys (tcap-dialogues.ts, "Recent keys"), kept
 * out of its hash index: a FIFO ring of RECENT entries, each a key number (slot × 4 + key; −1 once
 * the key's dialogue closed) and the key's tid code, newest last: the newest entry of a code is its
 * last registration, the one the tid-only fallback names (a closed one: none).
 *
 * measured (callgrind, routine capture window, bench/results-notes.md "dlg16"): 1-4 dialogues are
 * open at a time and nearly all are a Begin and its End, so every dialogue's whole life fits in a
 * few keys; hashing each key into the index twice (its node and its tid alone), finding it there and
 * deleting both entries again was ~1,000 instructions a dialogue. A scan of RECENT codes is ~40.
 */

/** Entries kept (keys: a dialogue has one or two, Q.771 §3.2.1). */
export const RECENT = 8;

/** What {@link RecentKeys.latest} finds besides a key number: no entry has the code. */
const NOT_RECENT = -1;
/** The last registration of the code is here, and its dialogue closed: no dialogue answers the code alone. */
export const CLOSED = -2;

/** Positions wrap with this mask (RECENT is a power of two). */
const MASK = RECENT - 1;

export class RecentKeys {
  /** Key numbers, −1 for a closed key's entry (its code still says the code's last registration closed) or an empty one. */
  readonly keys = new Int32Array(RECENT).fill(-1);
  /** Tid codes (≥ 0), −1 for an empty entry: no code matches it, so the scans walk every position. */
  readonly codes = new Float64Array(RECENT).fill(-1);
  /** Position of the next entry: the oldest one, or an empty one. */
  next = 0;
  /** Entries that are not empty (open or closed). */
  count = 0;

  /** The key number of the open entry with `code` whose node (`names` by key number) is `node`, else −1. */
  exact(code: number, node: string, names: readonly (string | undefined)[]): number {
    // Every position, in any order: a (node, code) key is registered to one open dialogue at a time.
    // `codes.length` (= RECENT) as the bound: no bounds check per position (measured: ~27 instructions a position with the constant).
    const codes = this.codes;
    for (let p = 0; p < codes.length; p++) {
      if (codes[p] !== code) continue;
      const k = this.keys[p]!;
      if (k >= 0 && names[k] === node) return k;
    }
    return -1;
  }

  /**
   * The newest entry with `code` (the last registration of the code): its key number when open;
   * {@link CLOSED} when its dialogue closed; {@link NOT_RECENT} when no entry has it.
   */
  latest(code: number): number {
    const codes = this.codes;
    for (let i = 0, p = this.next; i < RECENT; i++) {
      p = (p - 1) & MASK;
      if (codes[p] !== code) continue;
      const k = this.keys[p]!;
      return k >= 0 ? k : CLOSED;
    }
    return NOT_RECENT;
  }

  /** Writes key `k` with `code` at {@link next} (the caller settled the entry there: {@link drop}). Returns its position. */
  push(k: number, code: number): number {
    const p = this.next;
    if (this.codes[p]! < 0) this.count++;
    this.keys[p] = k;
    this.codes[p] = code;
    this.next = (p + 1) & MASK;
    return p;
  }

  /** Empties position `p` (after the caller moved its key to the index or settled its code). */
  drop(p: number): void {
    if (this.codes[p]! < 0) return;
    this.keys[p] = -1;
    this.codes[p] = -1;
    this.count--;
  }
}
