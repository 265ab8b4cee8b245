/**
 * The IMSI a Diameter User-Name names (TS 23.003 §2.2, §13.3, §19.3.2): one function, read where a message's
 * subscriber is set (decoder.ts) and where two IMSIs of one message are compared (fields.ts identity-conflict).
 */
import { undecorated } from './user-name-forms.js';

/**
 * The IMSI a User-Name carries (plain digits in S6a/SLg/S6c, NAI form in Cx/SWx), or undefined.
 * An EAP permanent identity is the IMSI after one identity-type digit, `0` EAP-AKA (RFC 4187
 * §4.1.1.6), `1` EAP-SIM (RFC 4186 §4.2.1.6), `6` EAP-AKA' (RFC 5448 §3), as an NAI in the realm
 * the IMSI's own PLMN names: `0<IMSI>@nai.epc.mnc<MNC>.mcc<MCC>.3gppnetwork.org` (TS 23.003
 * §19.3.2; SWx / STa / SWm) or `…@wlan.mnc<MNC>.mcc<MCC>.3gppnetwork.org` (§14.2). The type digit
 * is dropped before the `@` of such a realm, with 14 or 15 digits after it (IMSIs may be shorter
 * than 15, §2.2) that start with the realm's MCC and MNC (rt12 F9: 031041010000009; review 12-B #7:
 * a 14-digit IMSI kept its type digit). It is also dropped, whatever follows, from a run of 16 or
 * more digits that starts with `0` or `1` (final read 13-B: a seventeenth digit hid it again): no
 * IMSI is 16 digits long, no live MCC starts with 0 or 1 (TS 23.003 §2.2; 001 is the test network's), so the 15 after are the one IMSI an HSS that strips
 * by position serves (review 13-B #2: `0<IMSI>@evil.example` read as `0` and 14 of its digits hid
 * the subscriber). A 16-digit non-IMSI such as `1234567890123456` then reads as 234567890123456:
 * a made-up subscriber costs an alert's `subscriber`, a hidden one the alert (review 12-B #7 weighed
 * the other way). `6` (EAP-AKA') starts live MCCs, so it needs the realm. Any other User-Name is
 * read by its leading digits only (see leadingDigits), or, with fewer than 6, after leading white space, an `imsi-`
 * or `imsi` label or a decorated-NAI prefix (`prefixes`: user-name-forms.ts undecorated).
 */
export function imsiFromUserName(userName: string, prefixes = true): string | undefined {
  // Counted, not matched: a plain IMSI (the usual User-Name) is returned as it is, nothing allocated.
  let n = 0;
  while (n < 16 && n < userName.length) {
    const c = userName.charCodeAt(n);
    if (c < 48 || c > 57) break;
    n++;
  }
  if (n < 6) return prefixes ? afterPrefix(userName) : undefined;
  const first = userName.charCodeAt(0);
  if (n === 16 && (first === 48 || first === 49)) return userName.slice(1, 16);
  // `n < length`: charCodeAt past the end (a plain 15-digit IMSI) deoptimized this function (`--trace-deopt`: out of bounds).
  if (n >= 15 && n < userName.length && userName.charCodeAt(n) === 64 && eapPermanentIdentity(first) && eapRealmNamesImsi(userName, n))
    return userName.slice(1, n);
  return leadingDigits(userName, n);
}

/**
 * The IMSI at the start of a User-Name: its leading digits when there are at least 6, at most the
 * first 15 (TS 23.003 §2.2), whatever follows: the NAI of §13.3 (`@` and a realm), white space, or
 * anything else. Leading digits, not the exact form: an HSS that reads them leniently serves the
 * request (Open5GS's S6a handlers copy the first 15 characters of the User-Name and stop at a NUL),
 * so `…@attacker.example`, `…X`, `…;`, a NUL or a sixteenth digit must not hide the subscriber
 * (red-team U1: 2 alerts → 0). What follows is never kept. `n`: the count of leading digits (≤ 16).
 */
function leadingDigits(userName: string, n: number): string {
  if (n === 16) n = 15;
  return n === userName.length ? userName : userName.slice(0, n);
}

/** ` <IMSI>`, `imsi-<IMSI>`, `IMSI<IMSI>` or a decorated NAI (user-name-forms.ts, red-team round 18 L2): the rest read once more, without prefixes. */
function afterPrefix(userName: string): string | undefined {
  const rest = undecorated(userName);
  return rest === undefined ? undefined : imsiFromUserName(rest, false);
}

/** `0`, `1` or `6`: the identity-type digit of an EAP-AKA, EAP-SIM or EAP-AKA' permanent identity (see imsiFromUserName). */
function eapPermanentIdentity(c: number): boolean {
  return c === 48 || c === 49 || c === 54;
}

/** An EAP NAI realm (TS 23.003 §19.3.2 `nai.epc.`, §14.2 `wlan.`): MNC (3 digits, §19.2: a 2-digit MNC with a leading 0) and MCC. */
const EAP_REALM = /^(?:nai\.epc|wlan)\.mnc(\d{3})\.mcc(\d{3})\.3gppnetwork\.org\.?$/i;

/**
 * The realm after the `@` at `at` is an EAP realm and its PLMN starts the digits after the type
 * digit: MCC then the MNC as written, or, for a written MNC `0xy`, the 2-digit MNC `xy`.
 */
function eapRealmNamesImsi(userName: string, at: number): boolean {
  const m = EAP_REALM.exec(userName.slice(at + 1));
  if (m === null) return false;
  const mnc = m[1]!;
  const mcc = m[2]!;
  return userName.startsWith(mcc + mnc, 1) || (mnc.charCodeAt(0) === 48 && userName.startsWith(mcc + mnc.slice(1), 1));
}
