/**
 * One subscriber, one number (red-team round 6, finding 12): the MSISDN a MAP message carries is
 * an ISDN-AddressString (TS 29.002 §17.7.8) whose first octet gives the nature of address and the
 * numbering plan, and senders write one number several ways — international (`12025550123`),
 * national significant number (`2025550123`, nature of address "national"), or with an
 * international prefix dialled in front under nature of address "unknown" (`0012025550123`,
 * `01112025550123`). The HLR answers each for the same subscriber; the detector's subscriber keys
 * (state, correlation, home-subscriber test, worker sharding) use the international form:
 *
 * - nature of address "national significant number" (010) with numbering plan E.164 (0001) or
 *   unknown (0000): the home country code in front, when that makes a number in the profile's
 *   home MSISDN ranges (a national number is national to its sender; only the home's own ranges
 *   are unambiguous);
 * - nature of address "unknown" (000) and digits without a leading 0 that make a home MSISDN
 *   with the home country code in front: that number. The home HLR the request is sent to reads
 *   such digits in its own numbering (red-team rt8 N1: `2025550123` under "unknown" was keyed as
 *   +20 …, and the subscriber lost its state); otherwise they are kept as sent;
 * - any other nature of address but "international" (001), digits that begin with `00` (the
 *   international prefix of ITU-T E.164 Annex A / E.123, used by most countries) or, for a
 *   home in the North American plan (+1), `011`: the prefix is dropped when the rest is an
 *   international number (a country code, at most 15 digits: E.164 §6). No international number
 *   begins with 0, so such digits are never an international number themselves.
 *
 * Everything else is kept as sent. The alert's evidence (the event) always shows the digits as sent.
 */
import { digitCount, digitsKey, keyDigits } from '../core/digit-key.js';
import { type IdentityKey, keyStartsWithAny } from '../core/identity-key.js';
import { lookupE164 } from '../attribution/e164.js';

/** AddressString first octet (TS 29.002 §17.7.8): bits 7-5 nature of address, 4-1 numbering plan. */
const NAI_UNKNOWN = 0;
const NAI_INTERNATIONAL = 1;
const NAI_NATIONAL = 2;
const NP_UNKNOWN = 0;
const NP_E164 = 1;

/** 10^i, exact for i ≤ 16. */
const POW10: readonly number[] = Array.from({ length: 17 }, (_, i) => 10 ** i);

export class MsisdnNotation {
  /**
   * @param homeCc the home's E.164 country code (Networks.homeCallingCode), undefined when unknown
   * @param homePrefixes the profile's home MSISDN prefixes
   */
  constructor(
    private readonly homeCc: string | undefined,
    private readonly homePrefixes: readonly string[],
  ) {}

  /**
   * The international form of the MSISDN whose key is `k` (core/identity-key.ts msisdnKeyOf),
   * sent with the AddressString first octet `octet` (−1: not known, e.g. carried by the dialogue
   * or given as an event).
   */
  key(k: IdentityKey | undefined, octet: number): IdentityKey | undefined {
    if (k === undefined || typeof k !== 'number') return k;
    const nai = octet < 0 ? -1 : (octet >> 4) & 7;
    if (nai === NAI_INTERNATIONAL) return k;
    if (nai !== NAI_NATIONAL && nai !== NAI_UNKNOWN && !leadingZero(k)) return k;
    const s = this.text(keyDigits(k), octet);
    return digitsKey(s) ?? k;
  }

  /** {@link key} on the digits' text (worker sharding). */
  text(digits: string, octet: number): string {
    const nai = octet < 0 ? -1 : (octet >> 4) & 7;
    if (nai === NAI_INTERNATIONAL) return digits;
    if (nai === NAI_NATIONAL) {
      const np = octet & 0x0f;
      return np === NP_E164 || np === NP_UNKNOWN ? (this.homeNational(digits) ?? digits) : digits;
    }
    if (digits.startsWith('00')) return international(digits.slice(2)) ?? digits;
    if (this.homeCc === '1' && digits.startsWith('011')) return international(digits.slice(3)) ?? digits;
    return nai === NAI_UNKNOWN && !this.homeNumber(digits) ? (this.homeNational(digits) ?? digits) : digits;
  }

  /** `digits` are already a number of the home's MSISDN ranges (international form: kept). */
  private homeNumber(digits: string): boolean {
    const k = digitsKey(digits);
    return k !== undefined && keyStartsWithAny(k, this.homePrefixes);
  }

  /** The home country code + `digits` when that is a number in the home's MSISDN ranges (no leading 0, ≤ 15 digits). */
  private homeNational(digits: string): string | undefined {
    const cc = this.homeCc;
    if (cc === undefined || digits.length === 0 || digits.charCodeAt(0) === 48 || this.homePrefixes.length === 0) return undefined;
    const intl = cc + digits;
    if (intl.length > 15) return undefined;
    const k = digitsKey(intl);
    return k !== undefined && keyStartsWithAny(k, this.homePrefixes) ? intl : undefined;
  }
}

/** `rest` when it is an international number: 1-15 digits, no leading 0, a country code. */
function international(rest: string): string | undefined {
  if (rest.length === 0 || rest.length > 15 || rest.charCodeAt(0) === 48 || digitsKey(rest) === undefined) return undefined;
  return lookupE164(rest) === undefined ? undefined : rest;
}

/** The digit key 10^n + v has a leading 0 digit (v < 10^(n−1)). */
function leadingZero(k: number): boolean {
  const n = digitCount(k) - 1; // k = 10^n + the digits (core/digit-key.ts): n digits
  return k < POW10[n]! + POW10[n - 1]!;
}
