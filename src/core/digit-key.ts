/**
 * One number for a short decimal identity (IMSI, MSISDN, E.164 address) so tables can keep it
 * without its string: a leading 1 then the digits, i.e. 10^n + value for n digits, so leading
 * zeros and the length survive ('001' → 1001). At most {@link KEY_DIGITS} digits: 10^15 + a
 * 15-digit value is below 2^53, so the double is exact (an IMSI has at most 15 digits, TS 23.003
 * §2.2; an E.164 number too, ITU-T E.164 §6). asn1/tbcd.ts `tbcdKey` makes the same key from the
 * TBCD octets; {@link digitsKey} makes it from a text; {@link keyDigits} gives the text back.
 */

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
 * The text of a key (integers below 2^53 print exactly, without exponent), through a
 * direct-mapped table of KEY_SLOTS recent keys: the same subscriber's key gives the same string
 * object, whose hash V8 caches for the Map lookups downstream (a fresh string is hashed again).
 */
export function keyDigits(key: number): string {
  const hi = (key / 0x100000000) | 0;
  const s = (Math.imul(key | 0, 0x9e3779b1) ^ Math.imul(hi, 0x85ebca6b)) >>> (32 - KEY_BITS);
  if (KEY_OF[s] === key) return KEY_TEXT[s]!;
  const full = String(key); // '1' + the digits
  const n = full.length - 1;
  // A slice of 13+ characters is a V8 sliced string that keeps `full` alive: 64 B per IMSI text
  // instead of 32 (measured, issue 19 subhist2: 28 k such parents at the end of the 3M alert flood,
  // 0.9 MB of live heap). The value printed alone is one flat string (its leading zeros padded).
  let text = n < 13 ? full.slice(1) : String(key - 10 ** n);
  if (text.length < n) text = text.padStart(n, '0');
  KEY_OF[s] = key;
  KEY_TEXT[s] = text;
  return text;
}

/** Slots of the key text table (4,096: 32 KiB of keys + the strings, as the TBCD intern table). */
const KEY_BITS = 12;
const KEY_OF = new Float64Array(1 << KEY_BITS);
const KEY_TEXT: string[] = new Array<string>(1 << KEY_BITS).fill('');
