/**
 * The small world the labelled captures play in: one home operator, roaming partners, networks
 * that are neither (attack origins), their nodes (GTs, Diameter realms/hosts, point codes, IP
 * addresses of their signalling gateways) and a population of home subscribers.
 *
 * Numbers are fictional but shaped like real ones so attribution works without a registry:
 * E.164 country codes (+81 JP, +44 GB, +49 DE, +33 FR, +86 CN, NANP area codes +1 202 US,
 * +1 246 Barbados, +1 242 Bahamas), E.212 MCC/MNC, and TS 23.003 §19.2 EPC realms
 * (epc.mncXXX.mccYYY.3gppnetwork.org). Node GTs are the network's GT prefix + a node suffix.
 */
export interface Network {
  /** Short key used in scenario code and truth files. */
  readonly key: string;
  readonly name: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly mcc: string;
  readonly mnc: string;
  /** E.164 prefix of the network's nodes. */
  readonly gtPrefix: string;
  /** Signalling gateway (STP/DEA) addresses; associations use IPv6 when either end prefers it. */
  readonly ip4: string;
  readonly ip6: string;
  readonly preferIpv6: boolean;
  /** MTP3 point code of the network's gateway (M3UA OPC/DPC). */
  readonly pc: number;
  /** A Diameter realm that is not the TS 23.003 PLMN realm (a hub or an impostor); default realmOf(). */
  readonly realm?: string;
  /** False when nothing in the network's identifiers names a country (a free-form realm). */
  readonly attributable?: boolean;
}

export const plmnOf = (n: Network): string => n.mcc + n.mnc;
/** TS 23.003 §19.2: EPC home network realm. */
export const realmOf = (n: Network): string => n.realm ?? `epc.mnc${n.mnc.padStart(3, '0')}.mcc${n.mcc}.3gppnetwork.org`;
/** Node GTs: VLR (= MSC, one node), GMSC, GMLC, SMSC, HLR, gsmSCF. */
export const node = {
  vlr: (n: Network): string => `${n.gtPrefix}${'0'.repeat(10 - n.gtPrefix.length)}11`,
  gmsc: (n: Network): string => `${n.gtPrefix}${'0'.repeat(10 - n.gtPrefix.length)}21`,
  gmlc: (n: Network): string => `${n.gtPrefix}${'0'.repeat(10 - n.gtPrefix.length)}31`,
  smsc: (n: Network): string => `${n.gtPrefix}${'0'.repeat(10 - n.gtPrefix.length)}41`,
  hlr: (n: Network): string => `${n.gtPrefix}${'0'.repeat(10 - n.gtPrefix.length)}01`,
  scf: (n: Network): string => `${n.gtPrefix}${'0'.repeat(10 - n.gtPrefix.length)}51`,
};
/** Diameter hosts (RFC 6733 §6.3 DiameterIdentity) inside the network's realm. */
export const host = {
  mme: (n: Network): string => `mme1.${realmOf(n)}`,
  hss: (n: Network): string => `hss1.${realmOf(n)}`,
  gmlc: (n: Network): string => `gmlc1.${realmOf(n)}`,
};

/** Gateway addresses from the MCC: 10.<mcc % 256>.0.1 and 2001:db8:<mcc>::1 (documentation ranges). */
const net = (key: string, name: string, country: string, mcc: string, mnc: string, gtPrefix: string, preferIpv6: boolean, pc: number): Network => ({
  key,
  name,
  country,
  mcc,
  mnc,
  gtPrefix,
  ip4: `10.${Number(mcc) % 256}.${Number(mnc) % 256}.1`,
  ip6: `2001:db8:${mcc}:${mnc}::1`,
  preferIpv6,
  pc,
});

/** The operator whose subscribers sigwatch protects (profile `home`). */
export const HOME = net('us-home', 'Sigwatch Mobile', 'US', '310', '410', '1202555', false, 1001);

/** Declared roaming partners (profile `partners`): their visited networks host our roamers. */
export const PARTNERS = {
  jp: net('jp-partner', 'Partner Japan', 'JP', '440', '10', '8190120', true, 4401),
  gb: net('gb-partner', 'Partner UK', 'GB', '234', '15', '447785', false, 2341),
  de: net('de-partner', 'Partner Germany', 'DE', '262', '02', '4917200', false, 2621),
  fr: net('fr-partner', 'Partner France', 'FR', '208', '01', '3360900', false, 2081),
} as const;

/** Networks that are neither home nor partners: legitimate SMS interworking and attack origins. */
export const FOREIGN = {
  cn: net('cn', 'Example China Carrier', 'CN', '460', '00', '8613800', false, 4601),
  bb: net('bb', 'Example Barbados Carrier', 'BB', '342', '600', '1246260', false, 3421),
  bs: net('bs', 'Example Bahamas Carrier', 'BS', '364', '390', '1242357', true, 3641),
  br: net('br', 'Example Brazil Carrier', 'BR', '724', '05', '5521980', false, 7241),
  /** Diameter peer that names itself with a free-form realm, not a PLMN's (GSMA FS.19 realm check). */
  xr: { ...net('xr', 'Example Free-Realm Peer', 'ZZ', '999', '99', '999000', false, 9991), realm: 'roaming-hub.example', attributable: false },
} as const;

export interface Subscriber {
  readonly imsi: string;
  readonly msisdn: string;
}

/** Home subscriber n (0-based, n < 10000): IMSI 310410100nnnnnn, MSISDN +1 202 555 nnnn. */
export function subscriber(n: number): Subscriber {
  if (n < 0 || n > 9999) throw new RangeError('subscriber number out of range');
  return { imsi: `310410100${String(n).padStart(6, '0')}`, msisdn: `1202555${String(n).padStart(4, '0')}` };
}

/**
 * Home subscriber n of a large population (n < 90000, the alert-flood bench capture): IMSI
 * 310410100nnnnnn, MSISDN +1 202 555 followed by 10000 + n (12 digits, like the node GTs, and
 * distinct from them and from {@link subscriber}'s 11-digit numbers).
 */
export function populationSubscriber(n: number): Subscriber {
  if (n < 0 || n >= 90000) throw new RangeError('subscriber number out of range');
  return { imsi: `310410100${String(n).padStart(6, '0')}`, msisdn: `1202555${10000 + n}` };
}
