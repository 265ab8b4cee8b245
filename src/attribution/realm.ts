/**
 * Diameter realms and hosts → PLMN (3GPP TS 23.003 §19.2: `epc.mnc<MNC>.mcc<MCC>.3gppnetwork.org`;
 * §13.2 IMS `ims.mnc<MNC>.mcc<MCC>.3gppnetwork.org`; any label sequence may precede
 * `mnc<MNC>.mcc<MCC>`; `pub.3gppnetwork.org` (§13.2 public domains) is accepted too).
 * The realm always carries three MNC digits, a 2-digit MNC padded with a leading zero.
 */

import { realmToPlmn } from '../diameter/realm.js';
import { mncLength } from './e212.js';

/**
 * PLMN (MCC+MNC digits) named by a 3GPP realm, or undefined. A padded MNC ('mnc015') reads as
 * 2 digits unless `isKnown` (the registry) knows the 3-digit PLMN or the MCC uses 3-digit MNCs.
 */
export function realmPlmn(realm: string, isKnown?: (plmn: string) => boolean): string | undefined {
  const p = realmToPlmn(realm);
  if (p === undefined) return undefined;
  const { mcc, mnc } = p;
  if (mnc[0] !== '0') return mcc + mnc;
  if (isKnown?.(mcc + mnc) === true) return mcc + mnc;
  if (isKnown?.(mcc + mnc.slice(1)) === true) return mcc + mnc.slice(1);
  return mncLength(mcc, mnc) === 3 ? mcc + mnc : mcc + mnc.slice(1);
}

const FQDN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** True for a lower-case DiameterIdentity-shaped realm (RFC 6733 §4.3: an FQDN, RFC 1035 labels). */
export function isRealm(s: string): boolean {
  return FQDN.test(s);
}
