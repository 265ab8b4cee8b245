/**
 * Network attribution types. A network is identified at the finest level available: a registry
 * entry (operator/carrier from the profile or an IR.21 import), a PLMN (MCC+MNC), or only a
 * country (ISO 3166-1 alpha-2).
 */

export type NetworkRole = 'mno' | 'mvno' | 'transit' | 'ipx' | 'hub' | 'unknown';

/** One operator/carrier in the registry (profile `networks`, CSV or IR.21 import). */
export interface NetworkEntry {
  name: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  /** MCC+MNC digits, e.g. '46001'. */
  plmn?: string;
  role: NetworkRole;
  gtPrefixes: string[];
  realms: string[];
  /** Signalling point codes (decimal) this network's nodes use. */
  pointCodes: number[];
  /** Where the entry came from, e.g. 'IR.21 2025-03' or 'profile'. */
  source: string;
  /** Date of the source (YYYY-MM-DD). */
  date?: string;
  /** GSMA TADIG code (IR.21 imports). */
  tadig?: string;
}

/** What decided an attribution. */
export type AttributionSource = 'registry' | 'imsi' | 'realm' | 'e164' | 'pointcode' | 'unknown';

export interface NetworkInfo {
  /** ISO 3166-1 alpha-2, when known. */
  country?: string;
  /** Registry network name, or the PLMN when only that is known. */
  network?: string;
  plmn?: string;
  role?: NetworkRole;
  /** Which datum decided it. */
  source: AttributionSource;
  /** The matched prefix / realm / PLMN, for explanations. */
  matched?: string;
}

/**
 * Turns identifiers into networks. Implementations cache; repeated lookups of the same digits
 * allocate nothing. Resolution order: registry (longest prefix) → IMSI/realm PLMN → E.164 country.
 */
export interface Attributor {
  /** SCCP Global Title digits or any E.164 node address (HLR, VLR, MSC, GMSC, SMSC, GMLC). */
  gt(digits: string): NetworkInfo;
  /** Subscriber MSISDN (E.164). */
  msisdn(digits: string): NetworkInfo;
  /** IMSI → home PLMN (MCC+MNC) and country. */
  imsi(imsi: string): NetworkInfo;
  /** MCC+MNC digits ('310410'). */
  plmn(mccMnc: string): NetworkInfo;
  /** Diameter realm (`epc.mncXXX.mccYYY.3gppnetwork.org` or a registry realm). */
  realm(realm: string): NetworkInfo;
  /** Diameter Origin-Host / Destination-Host: its realm part. */
  host(host: string): NetworkInfo;
  /** Signalling point code, from the registry only. */
  pointCode(pc: number): NetworkInfo | undefined;
}
