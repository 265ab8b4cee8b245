/**
 * Learned identifiers for free-text matching (issue 16: the old matcher sliced every position ×
 * every learned identifier length, and any digit string under an `msisdn` key was a "length":
 * 561 KB of hostile text took 51.7 s). Kept as numbers (10^length + value, exact in a double) in
 * one hash table of doubles. At each position of a digit run the values of the next 1..15 digits
 * are built incrementally (v = 10v + d) and looked up, longest first: ≤ 15 multiply-adds and ≤ 11
 * table lookups per digit, no allocation.
 */

/** Shortest identifier matched inside free text (4-digit runs are years, frame numbers ...). */
export const MIN_TEXT_DIGITS = 5;
/** Longest identifier matched inside free text: E.164 (§6.1), IMSI (TS 23.003 §2.2) and E.214 MGTs are ≤ 15 digits. */
export const MAX_TEXT_DIGITS = 15;
/** 10^n for n ≤ {@link MAX_TEXT_DIGITS} (exact doubles). */
const POW10 = Array.from({ length: MAX_TEXT_DIGITS + 1 }, (_, n) => 10 ** n);

export class DigitSet {
  /**
   * Learned identifiers as numbers 10^length + value (exact in a double: < 2 × 10^15 < 2^53; the
   * leading 1 keeps "0123…" and "123…" apart), in an open-addressing table with linear probing,
   * 0 marking a free slot, at most half full. 8 B per slot: measured (rt7 A1, 1 M MSISDNs, 2 M
   * learned) one Set of heap numbers per length took ~60 B per identifier.
   */
  private keys = new Float64Array(1024);
  /** A random mix per instance: the identifiers come from the capture (an attacker's probing chains). */
  private readonly seed = (Math.random() * 0x1_0000_0000) | 0;
  /**
   * Per 5-digit head (10^5 entries), a bit mask of the lengths of the learned identifiers that
   * start with it: a position whose head starts none is passed with one array read, and only
   * the lengths present are looked up. Measured (bench adversarial/anonymize, 561 KB of
   * digits, 200 k learned): 130 → 5 ns per byte; digits made only of learned heads: 17 ns (ordinary alert text: 15 ns).
   */
  private readonly heads = new Uint16Array(100_000);
  private count = 0;
  constructor(private readonly max: number) {}

  get size(): number {
    return this.count;
  }

  /** Adds an identifier of MIN..MAX digits (false: other length, already known, or the set is full). */
  add(id: string): boolean {
    const n = id.length;
    if (n < MIN_TEXT_DIGITS || n > MAX_TEXT_DIGITS || this.count >= this.max) return false;
    const key = POW10[n]! + Number(id);
    const at = this.slot(key);
    if (this.keys[at] === key) return false;
    this.keys[at] = key;
    this.heads[Number(id.slice(0, MIN_TEXT_DIGITS))]! |= 1 << n;
    if (++this.count * 2 > this.keys.length) this.grow();
    return true;
  }

  /** The slot holding `key`, or the free slot where it goes. */
  private slot(key: number): number {
    const keys = this.keys;
    const mask = keys.length - 1;
    let h = Math.imul((key >>> 0) ^ this.seed, 0x9e3779b1) ^ Math.imul(Math.floor(key / 0x1_0000_0000), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    for (let i = (h ^ (h >>> 12)) & mask; ; i = (i + 1) & mask) {
      const k = keys[i]!;
      if (k === key || k === 0) return i;
    }
  }

  private grow(): void {
    const old = this.keys;
    this.keys = new Float64Array(old.length * 2);
    for (const k of old) if (k !== 0) this.keys[this.slot(k)] = k;
  }

  /** Whether `s` (digits only) is a learned identifier. */
  has(s: string): boolean {
    return this.longestAt(s, 0) === s.length;
  }

  /** Length of the longest learned identifier starting at `i` of the digit string `s` (0: none). */
  longestAt(s: string, i: number, mask = 0xffff): number {
    const end = Math.min(s.length, i + MAX_TEXT_DIGITS);
    if (end - i < MIN_TEXT_DIGITS) return 0;
    let best = 0;
    let v = 0;
    for (let k = i; k < end; k++) {
      v = v * 10 + (s.charCodeAt(k) - 48);
      const len = k - i + 1;
      // A leading zero: "0123…" and "123…" are different identifiers of different lengths;
      // the key's 10^length tells them apart (the value alone would not).
      if (len >= MIN_TEXT_DIGITS && (mask & (1 << len)) !== 0 && this.keys[this.slot(POW10[len]! + v)] !== 0) best = len;
    }
    return best;
  }

  /**
   * Calls `take(i, len)` for each learned identifier in `s` (digits only), longest first, left to
   * right; when it returns false the match is passed over and the scan goes on at i + 1. The
   * 5-digit head at each position is a rolling value (one multiply-add per digit).
   */
  eachMatch(s: string, take: (i: number, len: number) => boolean): void {
    if (this.count === 0 || s.length < MIN_TEXT_DIGITS) return;
    let head = 0;
    for (let k = 0; k < MIN_TEXT_DIGITS - 1; k++) head = head * 10 + (s.charCodeAt(k) - 48);
    for (let i = 0; i + MIN_TEXT_DIGITS <= s.length; ) {
      head = (head % 10_000) * 10 + (s.charCodeAt(i + MIN_TEXT_DIGITS - 1) - 48);
      const mask = this.heads[head]!;
      const len = mask === 0 ? 0 : this.longestAt(s, i, mask);
      if (len === 0 || !take(i, len)) {
        i++;
        continue;
      }
      i += len;
      // Restart the rolling head after the identifier.
      head = 0;
      for (let k = i; k < i + MIN_TEXT_DIGITS - 1 && k < s.length; k++) head = head * 10 + (s.charCodeAt(k) - 48);
    }
  }
}
