/**
 * The anonymiser's matching, in one linear pass over a string (issue 16: the old matcher sliced
 * every position × every learned identifier length, and any digit string under an `msisdn` key
 * was a "length": 561 KB of hostile text took 51.7 s).
 *
 * - {@link DigitSet}: learned identifiers of 5–15 digits, kept as numbers (10^length + value, exact
 *   in a double) in one hash table of doubles. At each position of a digit run the values of the
 *   next 1..15 digits are built incrementally (v = 10v + d) and looked up, longest first: ≤ 15
 *   multiply-adds and ≤ 11 table lookups per digit, no allocation.
 * - {@link scanIdentities}: one pass of a regular expression made of fixed prefixes and one
 *   `\d+` class (no nested quantifier, no backtracking) over every digit run, deciding by
 *   structure what is an identity even when it was never learned:
 *     `+D…`, `tel:D…`, `tel:+D…`, `sip:D…@`, `sips:+D…@`  E.164 in URI / international notation;
 *     15 (or 14) digits starting with a known MCC           an IMSI (TS 23.003 §2.2, E.212);
 *     16 digits: 0, 1, 6 or 7 then such an IMSI            EAP NAI permanent identity (TS 23.003 §19.3.2);
 *   and, inside any other run, every learned identifier (longest match, left to right).
 */
import { MCC_COUNTRY } from '../attribution/e212.js';

/** Shortest identifier matched inside free text (4-digit runs are years, frame numbers ...). */
const MIN_TEXT_DIGITS = 5;
/** Longest identifier matched inside free text: E.164 (§6.1), IMSI (TS 23.003 §2.2) and E.214 MGTs are ≤ 15 digits. */
const MAX_TEXT_DIGITS = 15;
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
   * `s` (digits only) with every learned identifier inside it (longest first, left to right)
   * replaced. The 5-digit head at each position is a rolling value (one multiply-add per digit).
   */
  replaceIn(s: string, token: (id: string) => string): string {
    if (this.count === 0 || s.length < MIN_TEXT_DIGITS) return s;
    let out = '';
    let from = 0;
    let head = 0;
    for (let k = 0; k < MIN_TEXT_DIGITS - 1; k++) head = head * 10 + (s.charCodeAt(k) - 48);
    for (let i = 0; i + MIN_TEXT_DIGITS <= s.length; ) {
      head = (head % 10_000) * 10 + (s.charCodeAt(i + MIN_TEXT_DIGITS - 1) - 48);
      const mask = this.heads[head]!;
      const len = mask === 0 ? 0 : this.longestAt(s, i, mask);
      if (len === 0) {
        i++;
        continue;
      }
      out += s.slice(from, i) + token(s.slice(i, i + len));
      i += len;
      from = i;
      // Restart the rolling head after the identifier.
      head = 0;
      for (let k = i; k < i + MIN_TEXT_DIGITS - 1 && k < s.length; k++) head = head * 10 + (s.charCodeAt(k) - 48);
    }
    return from === 0 ? s : out + s.slice(from);
  }
}

/** A known E.212 Mobile Country Code at `s[i..i+3)`. */
export function knownMcc(s: string, i = 0): boolean {
  return MCC_COUNTRY[s.slice(i, i + 3)] !== undefined || s.startsWith('901', i);
}

/**
 * `+`, `tel:` / `sip:` / `sips:` with an optional `+`, then a digit run; or a bare digit run; or
 * something shaped like a token (`anon:` + 16 hex, anonymize.ts), matched first: text passes over
 * already-anonymized output (the summary and report are rendered from anonymized data, then
 * scanned again), and a token's hex may hold an identity-shaped run; or a `+` in prose (not after
 * `:` or a word character) before `anon:`, which {@link scanIdentities} drops.
 */
const IDENTITY = /anon:[0-9a-f]{16}|(?<![:\w])\+(?=anon:)|(tel:|sips?:)?(\+)?(\d+)/gi;
const DIGIT_RUN = /\d+/g;
/** A character after which a `+` belongs to a word or a URI (`x+1…`, `tel:+1…`), not to a number in prose. */
const WORD_OR_COLON = /[:\w]/;

/**
 * Every identity in `s` replaced by `token(id)`, structurally (see the file comment) and by the
 * learned set. Runs shorter than MIN_TEXT_DIGITS are left alone. A token-shaped match is kept only
 * when `issued` says this anonymizer wrote it; otherwise (hostile text dressed as a token, e.g.
 * `anon:310410123456789a`) its digit runs are scanned like any others.
 *
 * The `+` of an international number in prose (`for +491720000000`) goes with it: a token is not a
 * number (no `+anon:`); inside a URI (`tel:+…`) or after a word character it stays. The same holds
 * for a `+` already standing before `anon:` (a token written earlier, hostile text), so no output
 * has `+anon:` in prose. Tokens start with a lower-case `anon:` (anonymize.ts); the pattern is
 * case-insensitive for the identities, so the `+`'s `anon:` is compared exactly here.
 */
export function scanIdentities(s: string, learned: DigitSet, token: (id: string) => string, issued: (t: string) => boolean = () => false): string {
  IDENTITY.lastIndex = 0;
  return s.replace(IDENTITY, (whole: string, uri: string | undefined, plus: string | undefined, run: string | undefined, at: number) => {
    if (run === undefined) {
      if (whole === '+') return s.startsWith('anon:', at + 1) ? '' : whole;
      return issued(whole) ? whole : whole.replace(DIGIT_RUN, (r) => bareRun(r, learned, token));
    }
    if (run.length < MIN_TEXT_DIGITS) return whole;
    // International or URI notation: the whole number is a subscriber's E.164 (TS 23.003 §13.3 tel/sip URIs).
    if (uri !== undefined) return uri + (plus ?? '') + token(run);
    if (plus !== undefined) return (at > 0 && WORD_OR_COLON.test(s[at - 1]!) ? plus : '') + token(run);
    return bareRun(run, learned, token);
  });
}

/** A digit run without notation: an IMSI (with its NAI prefix) by its MCC, else the learned identities in it. */
function bareRun(run: string, learned: DigitSet, token: (id: string) => string): string {
  if (run.length < MIN_TEXT_DIGITS) return run;
  if ((run.length === 15 || run.length === 14) && knownMcc(run)) return token(run);
  if (run.length === 16 && '0167'.includes(run[0]!) && knownMcc(run, 1)) return run[0]! + token(run.slice(1));
  return learned.replaceIn(run, token);
}
