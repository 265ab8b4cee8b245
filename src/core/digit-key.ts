/**
 * One number for a short decimal identity (IMSI, MSISDN, E.164 address) so tables can keep it
 * without its string: a leading 1 then the digits, i.e. 10^n + value for n digits, so leading
 * zeros and the length survive ('001' → 1001). At most {@link KEY_DIGITS} digits: 10^15 + a
 * 15-digit value is below 2^53, so the double is exact (an IMSI has at most 15 digits, TS 23.003
 * §2.2; an E.164 number too, ITU-T E.164 §6). asn1/tbcd.ts `tbcdKey` makes the same key from the
 * TBCD octets; {@link digitsKey} makes it from a text; {@link keyDigits} gives the text back.
 */

import { codesText } from './char-codes.js';

/** Most digits a key holds. */
export const KEY_DIGITS = 15;

/** The key of `s` when it is 1-{@link KEY_DIGITS} decimal digits, else undefined (keep the string). */
export function digitsKey(s: string): number | undefined {
  const n = s.length;
  if (n === 0 || n > KEY_DIGITS) return undefined;
  let v = 1;
  for (let i = 0; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    v = v * 10 + d;
  }
  return v;
}

/**
 * Char-code arrays by length (CODES_OF[k] has length k), reused: String.fromCharCode.apply on the
 * exact-length array makes one flat string (as asn1/tbcd.ts decodeTbcdFresh does).
 */
const CODES_OF: number[][] = Array.from({ length: 17 }, (_, k) => new Array<number>(k).fill(48));

/**
 * The last `n` decimal digits of the integer `v` (0 ≤ v < 2^53) as a fresh flat string: the high
 * part and the low 8 digits as 32-bit integers, so every division is an exact integer one.
 *
 * Why not `String(v)` / `${v}`: V8 keeps every number it prints in its number-to-string cache
 * (16,384 entries in old space with Node's defaults) until another number takes the entry. Texts of
 * many distinct numbers (frame numbers, subscribers' digit keys) therefore outlive a scavenge or
 * two and are promoted, and what a flood promotes sets how far V8 lets the old generation grow
 * (bench/results-notes.md, "mem4": the explanations' frame numbers ~12 MB and the digit-key texts
 * ~20 MB of the ~75 MB the 3M alert flood promoted). A fresh text dies with its alert or record.
 */
function lowDigits(v: number, n: number): string {
  return codesText(lowDigitCodes(v, n), n);
}

/** The character codes of {@link lowDigits} in a reused array (valid until the next call). */
function lowDigitCodes(v: number, n: number): number[] {
  const codes = CODES_OF[n]!;
  let hi = Math.floor(v / 1e8);
  let lo = v - hi * 1e8;
  // v / 1e8 is rounded: at most one off near a multiple of 1e8 (hi * 1e8 is exact below 2^53).
  if (lo < 0) {
    hi--;
    lo += 1e8;
  } else if (lo >= 1e8) {
    hi++;
    lo -= 1e8;
  }
  // `| 0`: each code stored as a small integer. `lo` and `hi` start as doubles (the division's
  // remainder), and one double stored turned the scratch arrays' elements to doubles for good: every
  // codesText call site then saw two array maps (the TBCD, GT and UTF-8 decoders' small-integer
  // arrays, these double ones), and a scan's first keyDigits deoptimised codesText ("wrong map")
  // and the keyed loads of its cases stayed polymorphic. measured: bench/results-notes.md, round 18 "scan18".
  let i = n - 1;
  for (let k = 0; k < 8 && i >= 0; k++, i--) {
    const q = (lo / 10) | 0;
    codes[i] = (48 + lo - q * 10) | 0;
    lo = q;
  }
  for (; i >= 0; i--) {
    const q = (hi / 10) | 0;
    codes[i] = (48 + hi - q * 10) | 0;
    hi = q;
  }
  return codes;
}

/**
 * Decimal digits in a non-negative integer below 2^53 (at least 1; 16 for any larger value), by
 * compares: up to 8 digits first (frame numbers, counters: report/json-bytes.ts `num`), then the
 * digit keys of MSISDNs and IMSIs (10-16 digits). A counting loop there cost ~25 instructions per
 * routine message in msisdn-notation.ts (bench/results-notes.md, "winback").
 */
export function digitCount(v: number): number {
  if (v < 1e8) {
    if (v < 1e4) return v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : 4;
    return v < 1e5 ? 5 : v < 1e6 ? 6 : v < 1e7 ? 7 : 8;
  }
  if (v < 1e12) return v < 1e10 ? (v < 1e9 ? 9 : 10) : v < 1e11 ? 11 : 12;
  return v < 1e14 ? (v < 1e13 ? 13 : 14) : v < 1e15 ? 15 : 16;
}

/**
 * `String(n)` for a non-negative integer below 2^53, as a fresh string that no V8 cache keeps
 * (see {@link lowDigits}); any other number through `String(n)`.
 */
export function decimalText(n: number): string {
  return Number.isSafeInteger(n) && n >= 0 ? lowDigits(n, digitCount(n)) : String(n);
}

/**
 * The text of a key (integers below 2^53 print exactly, without exponent): the key's digits after
 * its leading 1, as a fresh string. No table of recent texts: with more subscribers than its
 * slots (the 3M flood: 24 k subscribers, 4,096 slots) it kept each text until another key took
 * the slot, so most texts were promoted (bench/results-notes.md, "mem4"); the store, correlator
 * and indexes key subscribers by the number, not the text.
 */
export function keyDigits(key: number): string {
  return lowDigits(key, digitCount(key) - 1);
}

/** The character codes of {@link keyDigits}'s text, without the string, in a reused array (valid until the next call). */
export function keyDigitCodes(key: number): readonly number[] {
  return lowDigitCodes(key, digitCount(key) - 1);
}
