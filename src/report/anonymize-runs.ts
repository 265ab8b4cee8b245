/**
 * Digit groups of one number as the anonymiser reads them (anonymize-match.ts), found by a loop
 * over the (folded, anonymize-fold.ts) text: no regular expression with a repeated group, whose
 * backtrack stack overflowed on a long run (review 10-C finding 6: `RangeError: Maximum call
 * stack size exceeded` from ~4.2 M characters of `1 `), and no string or array per group (the
 * old groups took ~80 B of heap per character): 9 B per group in typed arrays reused by every scan.
 *
 * A chain is runs of digit groups:
 * - inside a run, groups are apart by visual separators: RFC 3966 §5.1.1 visual-separator
 *   (`-` `.` `(` `)`), E.123's spaces, `/` and `_` (red-team rt8 A2), any white space, line breaks
 *   included, in runs of any length (review of round 9, C-2). Unicode spaces, dashes, dots and
 *   bullets arrive folded to these (anonymize-fold.ts);
 * - between runs, a gap holding a list or field separator ({@link LIST}), of any length as
 *   between groups: how numbers are also written, split into a thousands grouping
 *   (`1,712,345,678`, Swiss `0171'234'5678`; Unicode CLDR number symbols: `,` en, `'` / U+2019
 *   de-CH, U+066C ar), into the fields of a Diameter Session-Id (`host;1;0171;2345678`, RFC 6733
 *   §8.8), of an MMI code (`*21*0171*234*5678#`, TS 22.030 §6.5.2), of CSV, of `key:value` or
 *   pipe logs (review 10-C finding 4). The same marks write lists and times (`1, 2, 3`, `12:30`),
 *   so a gap between runs is crossed only by a learned identifier of whole groups
 *   (anonymize-match.ts crossList); every structural rule reads one run.
 */

const DIGIT = 1;
const VISUAL = 2;
const LIST = 3;
/** ASCII character → DIGIT, VISUAL, LIST or 0 (anything else, every non-ASCII character included). */
const CLASS = new Uint8Array(128);
for (let c = 0x30; c <= 0x39; c++) CLASS[c] = DIGIT;
for (const c of '-.()/_ \t\n\v\f\r') CLASS[c.charCodeAt(0)] = VISUAL;
for (const c of ',;:|*#\'"=') CLASS[c.charCodeAt(0)] = LIST;
/**
 * The digits of a group: one class and no group, so the engine's own loop with no backtrack stack
 * (micro.mjs hostile, 561 KB: 6.3 → 4.6 ms a pass against a loop over the characters here).
 */
const DIGITS = /\d*/y;
/** Groups kept allocated between scans (a hostile run grows the arrays; they are let go after it). */
const KEEP_GROUPS = 4096;

const classAt = (t: string, i: number): number => {
  const c = t.charCodeAt(i);
  return c < 128 ? CLASS[c]! : 0;
};

/** The groups of one chain: group k is `t[start[k], end[k])`; `runStart[k]` 1 when a list gap comes before it. */
export class Chain {
  start = new Int32Array(64);
  end = new Int32Array(64);
  runStart = new Uint8Array(64);
  n = 0;
  /** Runs in the chain. */
  runs = 0;

  /** Reads the chain whose first digit is at `i` of `t`; returns where it ends (after its last digit). */
  read(t: string, i: number): number {
    this.n = 0;
    this.runs = 1;
    return this.walk(t, i, false, true);
  }

  /**
   * Reads groups from the digit at `k` (`list`: a list gap before it); `keep` false only counts
   * them. When the arrays are full, counts the rest first and grows them once to the exact size
   * (doubling left up to half unused, and the old and the new arrays live together: 4.5 MB of
   * `1 ` took +57 MB at the peak, now +20 MB).
   */
  private walk(t: string, k: number, list: boolean, keep: boolean): number {
    for (;;) {
      if (keep && this.n === this.start.length) {
        const n = this.n;
        this.walk(t, k, list, false);
        this.grow(this.n);
        this.n = n;
      }
      const a = k;
      DIGITS.lastIndex = k;
      DIGITS.test(t);
      k = DIGITS.lastIndex;
      if (keep) {
        this.start[this.n] = a;
        this.end[this.n] = k;
        this.runStart[this.n] = list ? 1 : 0;
        if (list) this.runs++;
      }
      this.n++;
      let j = k;
      list = false;
      for (let c = classAt(t, j); (c === VISUAL || c === LIST) && j < t.length; c = classAt(t, ++j)) if (c === LIST) list = true;
      if (j >= t.length || classAt(t, j) !== DIGIT) return k;
      k = j;
    }
  }

  private grow(size: number): void {
    const copy = <T extends Int32Array | Uint8Array>(x: T, y: T): T => {
      y.set(x.subarray(0, Math.min(x.length, y.length)));
      return y;
    };
    this.start = copy(this.start, new Int32Array(size));
    this.end = copy(this.end, new Int32Array(size));
    this.runStart = copy(this.runStart, new Uint8Array(size));
  }

  /** Lets a hostile chain's arrays go. */
  release(): void {
    if (this.start.length <= KEEP_GROUPS) return;
    this.start = new Int32Array(64);
    this.end = new Int32Array(64);
    this.runStart = new Uint8Array(64);
  }
}
