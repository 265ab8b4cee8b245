/**
 * Realms and PLMNs, 3GPP TS 23.003 §19.2 (EPC home network realm
 * `epc.mnc<MNC>.mcc<MCC>.3gppnetwork.org`, MNC padded to 3 digits with a leading zero) and the
 * node FQDNs of §19.4.2 (`mmec<..>.mmegi<..>.mme.epc.mnc<MNC>.mcc<MCC>.3gppnetwork.org`).
 */
import { ErrorCode, SigwatchError } from '../core/errors.js';
import type { Plmn } from './plmn.js';

const MNC_MCC = /(?:^|\.)mnc(\d{3})\.mcc(\d{3})\.(?:pub\.)?3gppnetwork\.org\.?$/i;

/**
 * PLMN named by a 3GPP realm or host name (any sub-domain of `mncXXX.mccYYY.3gppnetwork.org`).
 * The MNC is returned as the 3 digits written (a realm cannot tell '01' from '001'); compare with
 * {@link samePlmn}. Undefined for other realms.
 */
export function realmToPlmn(realm: string): Plmn | undefined {
  const m = MNC_MCC.exec(realm);
  return m === null ? undefined : { mcc: m[2]!, mnc: m[1]! };
}

/** `epc.mnc001.mcc001.3gppnetwork.org` for (001, 01); `prefix` selects the sub-domain (epc, ims, ...). */
export function plmnToRealm(mcc: string, mnc: string, prefix = 'epc'): string {
  if (!/^\d{3}$/.test(mcc) || !/^\d{2,3}$/.test(mnc)) {
    throw new SigwatchError(ErrorCode.BAD_OPTION, `not a PLMN: MCC ${mcc} MNC ${mnc}`);
  }
  return `${prefix}.mnc${mnc.padStart(3, '0')}.mcc${mcc}.3gppnetwork.org`;
}

/**
 * Realm of a Diameter host name: the host without its first label (RFC 6733 §6.3 Origin-Host is
 * an FQDN inside its realm). For a 3GPP node FQDN the realm is the `epc.mncXXX.mccYYY.3gppnetwork.org`
 * (or `ims.`...) tail (TS 23.003 §19.4.2), so `mmec01.mmegi8001.mme.epc.mnc001.mcc001.3gppnetwork.org`
 * gives `epc.mnc001.mcc001.3gppnetwork.org`. A host without a dot is its own realm.
 */
export function hostToRealm(host: string): string {
  const m = /(?:^|\.)([a-z0-9-]+\.mnc\d{3}\.mcc\d{3}\.3gppnetwork\.org)\.?$/i.exec(host);
  if (m !== null) return m[1]!;
  const dot = host.indexOf('.');
  return dot < 0 ? host : host.slice(dot + 1);
}
