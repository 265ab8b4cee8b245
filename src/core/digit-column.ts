/**
 * A column of optional digit strings (IMSI, MSISDN) for a slot table (the Diameter pending
 * requests), kept as numbers in a Float64Array: a text of 1-15 decimal digits is stored as its
 * core/digit-key.ts key (the TCAP decoder's identity key too), any other text (TBCD filler or hex digits, more than 15 digits: malformed, rare) in
 * a side Map. Why: a table holding the decoded string keeps a fresh string per entry alive for
 * as long as the entry lives (300 s of capture time for an unanswered request), so each was
 * promoted to the old generation before it died: on the 755 k-message alert flood ~20 MB of the
 * old-generation allocation (sampling heap profiler, bench/results-notes.md "rss3 branch"). The
 * text is rebuilt when read (once per answer). Not used for the TCAP dialogues: a dialogue's
 * subscriber is read by most of its messages, and rebuilding it cost the routine mix ~5 % CPU.
 */
import { digitsKey, keyDigits } from './digit-key.js';
import { grown } from './typed-arrays.js';

/** Code of an absent value. */
const ABSENT = 0;
/** Code of a value kept in the side Map. */
const TEXT = -1;

export class DigitColumn {
  private codes = new Float64Array(0);
  private readonly texts = new Map<number, string>();

  /** Grows the column to `length` rows (new rows absent). */
  grow(length: number): void {
    this.codes = grown(this.codes, length);
  }

  get(row: number): string | undefined {
    const c = this.codes[row]!;
    if (c > 0) return keyDigits(c);
    return c === ABSENT ? undefined : this.texts.get(row);
  }

  set(row: number, s: string | undefined): void {
    if (this.codes[row] === TEXT) this.texts.delete(row);
    if (s === undefined) {
      this.codes[row] = ABSENT;
      return;
    }
    const c = digitsKey(s) ?? TEXT;
    this.codes[row] = c;
    if (c === TEXT) this.texts.set(row, s);
  }

  /** Rows holding a text in the side Map (bounded by the table's rows). */
  get sideTexts(): number {
    return this.texts.size;
  }
}
