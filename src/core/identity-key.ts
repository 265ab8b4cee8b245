/**
 * Subscriber identities as table keys without their text (issue 19, "numkeys"): the subscriber
 * store, the correlator and the harvesting index key a subscriber by the core/digit-key.ts number
 * of its IMSI (10^n + value for 1-15 decimal digits), so a scan can leave the MAP digits as octets
 * (the TCAP decoder's DeferredRecord, events/record.ts) and make a string only for a new record,
 * an alert or the state snapshot.
 *
 * The mapping from text to key is one-to-one, so two identities share a key exactly when their
 * texts are equal, and every table behaves as it did keyed by text:
 *
 * - an IMSI-side key ({@link imsiKeyOf}): 1-15 decimal digits → the positive digit key; the text
 *   `tel:` + 1-15 decimal digits (an MSISDN-only subscriber's key, subscribers.ts, or a hostile
 *   Diameter User-Name of that form) → minus the digits' key; any other text stays the string;
 * - an MSISDN key ({@link msisdnKeyOf}): the positive digit key, else the string;
 * - {@link telKey}: the IMSI-side key of `tel:` + the MSISDN (what the tables used for a
 *   subscriber known only by its number).
 *
 * Strings that stay strings are exactly the texts that are not of those digit forms (letters,
 * 16+ digits, TBCD filler or `*#abc` digits, the empty string), so they never meet a number.
 */
import { digitsKey, keyDigits } from './digit-key.js';

/** A key as the tables hold it: a digit key (number), or the identity's text. */
export type IdentityKey = number | string;

/*
 * The last text and key of each function: the detector asks for the key of the same string object
 * several times per message (rules, state, harvesting: the decoder's eager record hands the same
 * IMSI string to `imsi` and `args.imsi`), and a hit is one comparison instead of the digit loop.
 */
let lastImsiText: string | undefined;
let lastImsiKey: IdentityKey = '';
let lastMsisdnText: string | undefined;
let lastMsisdnKey: IdentityKey = '';

/**
 * The IMSI-side key of `s` (see the module comment). A JavaScript caller may hand the Detector an
 * event whose identity is not a string (the types forbid it): it is keyed by its String() text,
 * so distinct values stay distinct subscribers instead of all reading as the empty digit run.
 */
export function imsiKeyOf(s: string): IdentityKey {
  if (typeof s !== 'string') s = String(s);
  if (s === lastImsiText) return lastImsiKey;
  let k: IdentityKey | undefined = digitsKey(s);
  // 't' 'e' 'l' ':' then the MSISDN-only form.
  if (k === undefined && s.length > 4 && s.charCodeAt(0) === 116 && s.charCodeAt(1) === 101 && s.charCodeAt(2) === 108 && s.charCodeAt(3) === 58) {
    const t = digitsKey(s.slice(4));
    if (t !== undefined) k = -t;
  }
  lastImsiText = s;
  lastImsiKey = k ?? s;
  return lastImsiKey;
}

/** The MSISDN key of `s`: its digit key, else the string. */
export function msisdnKeyOf(s: string): IdentityKey {
  if (typeof s !== 'string') s = String(s);
  if (s === lastMsisdnText) return lastMsisdnKey;
  lastMsisdnText = s;
  lastMsisdnKey = digitsKey(s) ?? s;
  return lastMsisdnKey;
}

/** The IMSI-side key of `tel:` + the MSISDN whose key is `m`. */
export function telKey(m: IdentityKey): IdentityKey {
  return typeof m === 'number' ? -m : 'tel:' + m;
}

/** The text of an IMSI-side key (the inverse of {@link imsiKeyOf}). */
export function imsiText(k: IdentityKey): string {
  if (typeof k === 'string') return k;
  return k > 0 ? keyDigits(k) : 'tel:' + keyDigits(-k);
}

/** The text of an MSISDN key (the inverse of {@link msisdnKeyOf}). */
export function msisdnText(k: IdentityKey): string {
  return typeof k === 'string' ? k : keyDigits(k);
}

/** 10^i, exact in a double for i ≤ 15. */
const POW10: readonly number[] = Array.from({ length: 17 }, (_, i) => 10 ** i);

/**
 * `text(k).startsWith(p)` for some prefix `p` of `prefixes`, where `text` is {@link imsiText} (or
 * {@link msisdnText}: the same for positive and string keys), without the text for a digit key:
 * a key 10^n + v starts with the m decimal digits p exactly when
 * (10^m + p) · 10^(n−m) ≤ 10^n + v < (10^m + p + 1) · 10^(n−m) — products of integers below 2^53,
 * exact (a division would round).
 */
export function keyStartsWithAny(k: IdentityKey, prefixes: readonly string[]): boolean {
  if (typeof k === 'string' || k < 0) {
    const s = imsiText(k);
    for (const p of prefixes) if (s.startsWith(p)) return true;
    return false;
  }
  let n = 1;
  while (n < 16 && k >= POW10[n + 1]!) n++;
  for (const p of prefixes) {
    const m = p.length;
    if (m === 0) return true;
    if (m > n) continue;
    const pk = digitsKey(p);
    if (pk === undefined) continue;
    const lo = pk * POW10[n - m]!;
    if (k >= lo && k < lo + POW10[n - m]!) return true;
  }
  return false;
}
