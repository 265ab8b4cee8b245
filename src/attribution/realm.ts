/**
 * Diameter realms and hosts → PLMN (3GPP TS 23.003 §19.2: `epc.mnc<MNC>.mcc<MCC>.3gppnetwork.org`;
 * §13.2 IMS `ims.mnc<MNC>.mcc<MCC>.3gppnetwork.org`; any label sequence may precede
 * `mnc<MNC>.mcc<MCC>`; `pub.3gppnetwork.org` (§13.2 public domains) is accepted too).
 * The realm always carries three MNC digits, a 2-digit MNC padded with a leading zero.
 */

import { mncLength } from './e212.js';

const REALM_PLMN = /(?:^|\.)mnc(\d{3})\.mcc(\d{3})\.(?:pub\.)?3gppnetwork\.org\.?$/i;

/**
 * PLMN (MCC+MNC digits) named by a 3GPP realm, or undefined. A padded MNC ('mnc015') reads as
 * 2 digits unless `isKnown` (the registry) knows the 3-digit PLMN or the MCC uses 3-digit MNCs.
 */
export function realmPlmn(realm: string, isKnown?: (plmn: string) => boolean): string | undefined {
  const m = REALM_PLMN.exec(realm);
  if (m === null) return undefined;
  const mnc = m[1] ?? '', mcc = m[2] ?? '';
  if (mnc[0] !== '0') return mcc + mnc;
  if (isKnown?.(mcc + mnc) === true) return mcc + mnc;
  if (isKnown?.(mcc + mnc.slice(1)) === true) return mcc + mnc.slice(1);
  return mncLength(mcc, mnc) === 3 ? mcc + mnc : mcc + mnc.slice(1);
}

/** Realm of a Diameter host when no realm is given: the host minus its first label (RFC 6733 §4.3 DiameterIdentity is an FQDN). */
export function hostRealm(host: string): string {
  const dot = host.indexOf('.');
  return dot < 0 ? host : host.slice(dot + 1);
}

/** The EPC realm of a PLMN (TS 23.003 §19.2), e.g. '23415' → 'epc.mnc015.mcc234.3gppnetwork.org'. */
export function plmnRealm(mccMnc: string): string {
  const mcc = mccMnc.slice(0, 3), mnc = mccMnc.slice(3).padStart(3, '0');
  return `epc.mnc${mnc}.mcc${mcc}.3gppnetwork.org`;
}

const FQDN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** True for a lower-case DiameterIdentity-shaped realm (RFC 6733 §4.3: an FQDN, RFC 1035 labels). */
export function isRealm(s: string): boolean {
  return FQDN.test(s);
}
