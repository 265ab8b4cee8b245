/**
 * TBCD digit strings (3GPP TS 29.002 §17.7.8 TBCD-STRING; TS 24.008 §10.5.1.4 for the IMSI):
 * two digits per octet, low nibble first; filler 0xF ends the string. Nibbles 0xA-0xE are
 * '*', '#', 'a', 'b', 'c' per TS 29.002 §17.7.8.
 */

import { codesText } from '../core/char-codes.js';
import { KEY_DIGITS } from '../core/digit-key.js';
import { OctetIntern } from './octet-intern.js';

const NIBBLE = '0123456789*#abc';
/** Longest value decoded through the char-code scratch (longer ones, malformed, concatenate). */
const SHORT_OCTETS = 32;

const NIBBLE_CODE: readonly number[] = Array.from(NIBBLE, (c) => c.charCodeAt(0));
/**
 * Char-code arrays by digit count (CODES_OF[k] has length k), reused: String.fromCharCode.apply
 * on the exact-length array needs no `slice` per string. measured (sampling heap profiler, 1 M
 * bench capture): 68 → 0 bytes allocated per message by slice in the TBCD decoders.
 */
const CODES_OF: number[][] = Array.from({ length: 2 * SHORT_OCTETS + 1 }, (_, k) => new Array<number>(k).fill(0));

/**
 * Decodes TBCD `[start, end)`; stops at the first 0xF filler nibble. Short values (all IMSIs and
 * addresses) are built by one String.fromCharCode: `s += digit` gives a 15-digit IMSI as a chain
 * of cons strings that every Map lookup and regex flattens again. Measured (decode + Map.get +
 * digit regex, 15-digit IMSIs): 313-330 → 154-166 ns; end to end (A/B, 561 k messages, 4
 * alternations) median +7 % messages per CPU second (+1..+37 %).
 */
export function decodeTbcd(bytes: Uint8Array, start: number, end: number): string {
  const hit = TBCD_INTERN.get(bytes, start, end, 0);
  if (hit !== undefined) return hit;
  const s = decodeTbcdFresh(bytes, start, end);
  TBCD_INTERN.set(s, 0);
  return s;
}

/**
 * Interned TBCD strings (asn1/octet-intern.ts), shared by every decoder: a pure function of the
 * octets, so sharing is safe. Bound: TBCD_SLOTS entries of at most TBCD_INTERN_OCTETS octets
 * (an IMSI is 8, an AddressString's digits at most 19): 48 KiB of keys + 4096 short strings.
 * measured on the 1 M bench capture (5 000 subscribers): 79 % hits (16 384 slots: 91 %; not
 * A/B tested end to end, the smaller table kept). A value is stored on its second recent miss
 * (`admitSecond`, + a 16 KiB door table): storing every miss of the 3M alert flood's 24 k
 * subscribers (52 % hits) promoted ~17 MB of strings (bench/results-notes.md, "mem4").
 */
const TBCD_SLOTS = 4096;
const TBCD_INTERN_OCTETS = 12;
const TBCD_INTERN = new OctetIntern(TBCD_SLOTS, TBCD_INTERN_OCTETS, true);

/** {@link decodeTbcd} without the intern table (for tests and the table's misses). */
export function decodeTbcdFresh(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= SHORT_OCTETS) {
    let n = 0; // digits before the first filler
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      if ((b & 0x0f) === 0x0f) break;
      n++;
      if (b >> 4 === 0x0f) break;
      n++;
    }
    if (n === 0) return '';
    const codes = CODES_OF[n]!;
    for (let k = 0; k < n; k++) {
      const b = bytes[start + (k >> 1)]!;
      codes[k] = NIBBLE_CODE[(k & 1) === 0 ? b & 0x0f : b >> 4]!;
    }
    return codesText(codes, n);
  }
  let s = '';
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    const lo = b & 0x0f;
    if (lo === 0x0f) break;
    s += NIBBLE[lo];
    const hi = b >> 4;
    if (hi === 0x0f) break;
    s += NIBBLE[hi];
  }
  return s;
}

/**
 * The digits of TBCD `[start, end)` as a core/digit-key.ts key (what {@link decodeTbcd} gives as
 * text, as a number: 10^n + value), for tables that keep an identity without making its string.
 * Undefined when the text is not 1-15 decimal digits (empty, a nibble 0xA-0xE before the filler,
 * or longer): keep the string then. core/digit-key.ts `keyDigits` gives the text back.
 */
export function tbcdKey(bytes: Uint8Array, start: number, end: number): number | undefined {
  // An octet at a time through OCTET_DIGITS (two digits, one then the filler, the filler, or a
  // non-decimal nibble): one multiply-add per octet instead of per digit, and one table load
  // instead of two nibble tests. measured (callgrind, routine capture, bench/results-notes.md "hot13").
  let v = 1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = OCTET_DIGITS[bytes[i]!]!;
    if (c < 100) {
      if (n > KEY_DIGITS - 2) return undefined;
      v = v * 100 + c;
      n += 2;
      continue;
    }
    if (c === FILLER_FIRST) break;
    if (c === NOT_DECIMAL || n === KEY_DIGITS) return undefined;
    v = v * 10 + (c - ONE_DIGIT);
    n++;
    break;
  }
  return n === 0 ? undefined : v;
}

/** {@link OCTET_DIGITS} codes (0-99: the octet's two decimal digits, low nibble first, as a number). */
const FILLER_FIRST = 100;
const NOT_DECIMAL = 101;
/** ONE_DIGIT + d: a decimal low nibble d, then the filler. */
const ONE_DIGIT = 110;

/**
 * Per TBCD octet, what {@link tbcdKey} reads from it (TS 29.002 §17.7.8: low nibble first, 0xF the
 * filler): the two digits' value, FILLER_FIRST (low nibble 0xF: the string ends), ONE_DIGIT + d
 * (d, then the filler), NOT_DECIMAL (a nibble 0xA-0xE before the filler: no digit key).
 */
const OCTET_DIGITS = Uint8Array.from({ length: 256 }, (_, b) => {
  const lo = b & 0x0f;
  const hi = b >> 4;
  if (lo === 0x0f) return FILLER_FIRST;
  if (lo > 9) return NOT_DECIMAL;
  if (hi === 0x0f) return ONE_DIGIT + lo;
  return hi > 9 ? NOT_DECIMAL : lo * 10 + hi;
});

/** An identity as a table keeps it: the {@link tbcdKey} of its digits, else (not 1-15 decimal digits) the {@link decodeTbcd} string. */
export function tbcdDigitKey(bytes: Uint8Array, start: number, end: number): number | string {
  return tbcdKey(bytes, start, end) ?? decodeTbcd(bytes, start, end);
}

/**
 * {@link tbcdDigitKey} of one range, kept after the first call while it is a number (a string is
 * made each call: not 1-15 decimal digits, rare) until {@link forget}: the own IMSI key of a MAP
 * parameter (ss7/map/args/reader.ts ArgReader, ss7/map/param-memo.ts TemplateIdentities). measured
 * (bench/results-notes.md, "store12"): the second tbcdKey walk was ~0.4 a routine message.
 */
export class TbcdKeyOnce {
  /** 0: not made yet (no digit key is 0). A number field: no box, no barrier. */
  private k = 0;

  of(bytes: Uint8Array, start: number, end: number): number | string {
    if (this.k !== 0) return this.k;
    const k = tbcdKey(bytes, start, end);
    if (k === undefined) return decodeTbcd(bytes, start, end);
    this.k = k;
    return k;
  }

  forget(): void {
    this.k = 0;
  }
}

/**
 * The number of digits {@link decodeTbcd} gives for the same octets when they are all decimal
 * (what `/^\d*$/` tests, read from the nibbles without the string), -1 when a nibble 0xA-0xE
 * comes before the first filler.
 */
export function tbcdDecimalDigits(bytes: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    const lo = b & 0x0f;
    if (lo === 0x0f) return n;
    if (lo > 9) return -1;
    const hi = b >> 4;
    if (hi === 0x0f) return n + 1;
    if (hi > 9) return -1;
    n += 2;
  }
  return n;
}

/** Encodes digits as TBCD (for tests and the generator). Odd length gets the 0xF filler. */
export function encodeTbcd(digits: string): Uint8Array {
  const out = new Uint8Array((digits.length + 1) >> 1);
  for (let i = 0; i < digits.length; i += 2) {
    const lo = nibbleOf(digits[i]!);
    const hi = i + 1 < digits.length ? nibbleOf(digits[i + 1]!) : 0x0f;
    out[i >> 1] = (hi << 4) | lo;
  }
  return out;
}

function nibbleOf(c: string): number {
  const n = NIBBLE.indexOf(c.toLowerCase());
  if (n < 0) throw new RangeError(`not a TBCD digit: ${JSON.stringify(c)}`);
  return n;
}
