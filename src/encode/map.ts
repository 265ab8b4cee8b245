/**
 * MAP parameter encoder (TS 29.002 §17.7 data types): the arguments and results of the
 * operations sigwatch decodes, with the fields that matter for location tracking. Every builder
 * takes a plain object and returns the parameter TLV (definite lengths; use `restyle` from
 * ber.ts for indefinite or long-form variants).
 */
import { encodeTbcd } from '../asn1/tbcd.js';
import { bool, ctx, ctxc, enumerated, int, intContent, nul, octets, seq } from './ber.js';
import { concat, fromHex as hex } from './bytes.js';

/** IMSI contents (TBCD, TS 29.002 §17.7.8). */
export const imsiBytes = (digits: string): Uint8Array => encodeTbcd(digits);

/** ISDN-AddressString contents: 0x80 | nai << 4 | np, then TBCD digits (default international E.164, 0x91). */
export function isdnBytes(digits: string, nai = 1, np = 1): Uint8Array {
  return concat(Uint8Array.of(0x80 | (nai << 4) | np), encodeTbcd(digits));
}

/** Cell global id / SAI fixed length (7 octets) or LAI (5 octets): MCC, MNC (2 or 3 digits), LAC, CI. */
export function cellBytes(mcc: string, mnc: string, lac: number, ci?: number): Uint8Array {
  const d = (s: string, i: number): number => Number(s[i]);
  const mnc3 = mnc.length === 3 ? d(mnc, 2) : 0xf;
  const plmn = [(d(mcc, 1) << 4) | d(mcc, 0), (mnc3 << 4) | d(mcc, 2), (d(mnc, 1) << 4) | d(mnc, 0)];
  const tail = ci === undefined ? [] : [ci >> 8, ci & 0xff];
  return Uint8Array.from([...plmn, lac >> 8, lac & 0xff, ...tail]);
}

const opt = (v: unknown, f: () => Uint8Array): Uint8Array => (v === undefined ? new Uint8Array(0) : f());

export interface LocationSpec {
  age?: number;
  vlrNumber?: string;
  mscNumber?: string;
  cgi?: { mcc: string; mnc: string; lac: number; ci: number };
  lai?: { mcc: string; mnc: string; lac: number };
  sai?: boolean;
  geo?: Uint8Array;
  /** LocationNumber [2] contents (Q.763 §3.30 coding, see locationNumberBytes). */
  locationNumber?: Uint8Array;
}

/**
 * ISUP Location Number (ITU-T Q.763 §3.30) as TS 29.002 §17.7.1 LocationNumber carries it:
 * odd/even + nature of address, INN/numbering plan/presentation/screening (default 0x11: ISDN
 * plan, network provided), then the digits two per octet, first in bits 4-1, 0 filler when odd.
 */
export function locationNumberBytes(digits: string, nai = 3, octet2 = 0x11): Uint8Array {
  const odd = digits.length % 2 === 1;
  const out = [(odd ? 0x80 : 0) | (nai & 0x7f), octet2];
  for (let i = 0; i < digits.length; i += 2) {
    const lo = parseInt(digits[i]!, 16);
    const hi = i + 1 < digits.length ? parseInt(digits[i + 1]!, 16) : 0;
    out.push((hi << 4) | lo);
  }
  return Uint8Array.from(out);
}

/**
 * TS 23.032 §7.3.1/§7.3.2 ellipsoid point (7 octets) or point with uncertainty circle (8 octets,
 * with `k`): latitude sign + N = floor(2^23·|lat|/90) (§6.1), longitude 24-bit two's complement
 * N = floor(2^24·lon/360).
 */
export function geoPointBytes(lat: number, lon: number, k?: number): Uint8Array {
  const n = Math.min(Math.floor((Math.abs(lat) * 0x800000) / 90), 0x7fffff);
  const m = Math.floor((lon * 0x1000000) / 360) & 0xffffff;
  const out = [k === undefined ? 0x00 : 0x10, (lat < 0 ? 0x80 : 0) | (n >> 16), (n >> 8) & 0xff, n & 0xff, m >> 16, (m >> 8) & 0xff, m & 0xff];
  if (k !== undefined) out.push(k & 0x7f);
  return Uint8Array.from(out);
}

/** GSN-Address (TS 29.002 §17.7.1): type/length octet 0x04 + IPv4, or 0x50 + IPv6. */
export const gsnBytes = (addr: readonly number[]): Uint8Array => Uint8Array.of(addr.length === 16 ? 0x50 : 0x04, ...addr);

/** LocationInformation fields (SEQUENCE contents) per §17.7.1. */
function locationInformationContents(l: LocationSpec): Uint8Array {
  return concat(
    opt(l.age, () => int(l.age!)),
    opt(l.geo, () => ctx(0, l.geo!)),
    opt(l.vlrNumber, () => ctx(1, isdnBytes(l.vlrNumber!))),
    opt(l.locationNumber, () => ctx(2, l.locationNumber!)),
    opt(l.cgi, () => ctxc(3, ctx(0, cellBytes(l.cgi!.mcc, l.cgi!.mnc, l.cgi!.lac, l.cgi!.ci)))),
    opt(l.lai, () => ctxc(3, ctx(1, cellBytes(l.lai!.mcc, l.lai!.mnc, l.lai!.lac)))),
    opt(l.mscNumber, () => ctx(6, isdnBytes(l.mscNumber!))),
    l.sai ? ctx(9, new Uint8Array(0)) : new Uint8Array(0),
  );
}

/** MNPInfoRes fields (§17.7.1): routeingNumber [0] TBCD, imsi [1], msisdn [2], numberPortabilityStatus [3]. */
export interface MnpSpec {
  imsi?: string;
  msisdn?: string;
  routeingNumber?: string;
  status?: number;
}

/** SubscriberState (§17.7.1): assumedIdle [0] by default, or netDetNotReachable NotReachableReason (ENUMERATED). */
export type StateSpec = { notReachable: number } | 'camelBusy' | 'notProvidedFromVLR' | 'assumedIdle';

/** SubscriberInfo SEQUENCE with locationInformation [0] and optional mnpInfoRes [8]. */
export function subscriberInfo(l: LocationSpec, mnp?: MnpSpec, state: StateSpec = 'assumedIdle'): Uint8Array {
  return seq(subscriberInfoContents(l, mnp, state));
}

function subscriberState(state: StateSpec): Uint8Array {
  if (typeof state === 'object') return ctxc(1, enumerated(state.notReachable));
  return ctxc(1, ctx(state === 'assumedIdle' ? 0 : state === 'camelBusy' ? 1 : 2, new Uint8Array(0)));
}

function subscriberInfoContents(l: LocationSpec, mnp?: MnpSpec, state: StateSpec = 'assumedIdle'): Uint8Array {
  return concat(
    ctxc(0, locationInformationContents(l)),
    subscriberState(state),
    opt(mnp, () =>
      ctxc(
        8,
        opt(mnp!.routeingNumber, () => ctx(0, encodeTbcd(mnp!.routeingNumber!))),
        opt(mnp!.imsi, () => ctx(1, imsiBytes(mnp!.imsi!))),
        opt(mnp!.msisdn, () => ctx(2, isdnBytes(mnp!.msisdn!))),
        opt(mnp!.status, () => ctx(3, intContent(mnp!.status!))),
      ),
    ),
  );
}

const requestedInfo = (): Uint8Array => concat(ctx(0, new Uint8Array(0)), ctx(1, new Uint8Array(0)));

/** CSIs to put in a CAMEL subscription (each value is the gsmSCF-Address). */
export interface CamelSpec {
  o?: string;
  t?: string;
  vt?: string;
  m?: string;
  mg?: string;
  moSms?: string;
  mtSms?: string;
  gprs?: string;
  ss?: string;
  d?: { dialled: string; scf: string };
  /** O-CSI destination number criteria. */
  oCriteria?: string[];
}

const isdnOctets = (n: string): Uint8Array => octets(isdnBytes(n));
/** O-CSI / T-CSI contents: one TDP data (trigger, serviceKey, gsmSCF-Address [0], defaultCallHandling [1]), camelCapabilityHandling [0]. */
const otCsi = (scf: string): Uint8Array => concat(seq(seq(enumerated(2), int(7), ctx(0, isdnBytes(scf)), ctx(1, intContent(0)))), ctx(0, intContent(3)));
/** M-CSI / MG-CSI contents: mobilityTriggers, serviceKey, gsmSCF-Address [0]. */
const mCsi = (scf: string): Uint8Array => concat(seq(octets(Uint8Array.of(0x01))), int(7), ctx(0, isdnBytes(scf)));
/** SMS-CSI / GPRS-CSI contents: TDP data list [0] of (trigger [0], serviceKey [1], gsmSCF-Address [2], default handling [3]), capability [1]. */
const tdpListCsi = (scf: string): Uint8Array =>
  concat(ctxc(0, seq(ctx(0, intContent(1)), ctx(1, intContent(7)), ctx(2, isdnBytes(scf)), ctx(3, intContent(0)))), ctx(1, intContent(3)));
/** SS-CSI contents: SS-CamelData { ss-EventList, gsmSCF-Address }. */
const ssCsi = (scf: string): Uint8Array => seq(seq(octets(Uint8Array.of(0x24))), isdnOctets(scf));
/** D-CSI contents: dp-AnalysedInfoCriteriaList [0] of { dialledNumber, serviceKey, gsmSCF-Address, defaultCallHandling }. */
const dCsi = (d: { dialled: string; scf: string }): Uint8Array =>
  concat(ctxc(0, seq(isdnOctets(d.dialled), int(7), isdnOctets(d.scf), enumerated(0))), ctx(1, intContent(3)));
/** O-BcsmCamelTDPCriteriaList contents: one criteria with destinationNumberCriteria [0] { matchType [0], destinationNumberList [1] }. */
const oCriteria = (numbers: string[]): Uint8Array => seq(enumerated(2), ctxc(0, ctx(0, intContent(0)), ctxc(1, ...numbers.map(isdnOctets))));

/** Tag of each CSI in CAMEL-SubscriptionInfo, VlrCamelSubscriptionInfo and SGSN-CAMEL-SubscriptionInfo (§17.7.1). */
const CAMEL_TAGS = { o: 0, oCriteria: 1, d: 2, t: 3, vt: 5, gprs: 9, moSms: 10, ss: 11, m: 12, mtSms: 15, mg: 17 } as const;
const VLR_CAMEL_TAGS = { o: 0, ss: 2, oCriteria: 4, m: 5, moSms: 6, vt: 7, d: 9, mtSms: 10 } as const;
const SGSN_CAMEL_TAGS = { gprs: 0, moSms: 1, mtSms: 3, mg: 5 } as const;

function csiContents(k: keyof CamelSpec, c: CamelSpec): Uint8Array {
  if (k === 'd') return dCsi(c.d!);
  if (k === 'oCriteria') return oCriteria(c.oCriteria!);
  const scf = c[k] as string;
  if (k === 'o' || k === 't' || k === 'vt') return otCsi(scf);
  if (k === 'm' || k === 'mg') return mCsi(scf);
  if (k === 'ss') return ssCsi(scf);
  return tdpListCsi(scf);
}

/** CAMEL subscription contents with the CSIs of `c` that `tags` can carry, in tag order. */
function camelContents(c: CamelSpec, tags: Readonly<Partial<Record<keyof CamelSpec, number>>>): Uint8Array {
  const entries = (Object.entries(tags) as [keyof CamelSpec, number][]).filter(([k]) => c[k] !== undefined).sort((x, y) => x[1] - y[1]);
  return concat(...entries.map(([k, tag]) => ctxc(tag, csiContents(k, c))));
}

export const camelSubscriptionInfoContents = (c: CamelSpec): Uint8Array => camelContents(c, CAMEL_TAGS);

/** Ext-ForwFeatureList contents, one Ext-ForwFeature per number: ss-Status [4], forwardedToNumber [5] (longForwardedToNumber [10] when `long`). */
const extForwFeatures = (numbers: string[], long = false): Uint8Array =>
  concat(...numbers.map((n) => seq(ctx(4, Uint8Array.of(0x07)), ctx(long ? 10 : 5, isdnBytes(n)))));

export interface SubscriberDataSpec {
  imsi?: string;
  msisdn?: string;
  category?: number;
  /** SubscriberStatus [3] ENUMERATED: 0 serviceGranted, 1 operatorDeterminedBarring. */
  subscriberStatus?: number;
  /** provisionedSS [7] forwardingInfo with these forwarded-to numbers. */
  forwardedTo?: string[];
  /** Encode them as longForwardedToNumber [10]. */
  longForwardedTo?: boolean;
  vlrCamel?: CamelSpec;
  sgsnCamel?: CamelSpec;
  gmlcList?: string[];
  /** LCS privacy exception with one external client per address. */
  lcsClients?: string[];
  stnSr?: string;
  sgsnNumber?: string;
  additionalMsisdn?: string;
}

/** InsertSubscriberDataArg contents (§17.7.1). */
function subscriberDataContents(a: SubscriberDataSpec): Uint8Array {
  return concat(
    opt(a.imsi, () => ctx(0, imsiBytes(a.imsi!))),
    opt(a.msisdn, () => ctx(1, isdnBytes(a.msisdn!))),
    opt(a.category, () => ctx(2, Uint8Array.of(a.category!))),
    opt(a.subscriberStatus, () => ctx(3, intContent(a.subscriberStatus!))),
    opt(a.forwardedTo, () => ctxc(7, ctxc(0, octets(Uint8Array.of(0x21)), seq(extForwFeatures(a.forwardedTo!, a.longForwardedTo))))),
    opt(a.vlrCamel, () => ctxc(13, camelContents(a.vlrCamel!, VLR_CAMEL_TAGS))),
    opt(a.sgsnCamel, () => ctxc(17, camelContents(a.sgsnCamel!, SGSN_CAMEL_TAGS))),
    opt(a.gmlcList ?? a.lcsClients, () =>
      ctxc(
        22,
        opt(a.gmlcList, () => ctxc(0, ...a.gmlcList!.map(isdnOctets))),
        opt(a.lcsClients, () =>
          ctxc(1, seq(octets(Uint8Array.of(0xb1)), octets(Uint8Array.of(0x05)), ctxc(1, ...a.lcsClients!.map((c) => seq(seq(ctx(0, isdnBytes(c)))))))),
        ),
      ),
    ),
    opt(a.stnSr, () => ctxc(31, ctx(6, isdnBytes(a.stnSr!)))),
    opt(a.sgsnNumber, () => ctx(34, isdnBytes(a.sgsnNumber!))),
    opt(a.additionalMsisdn, () => ctx(41, isdnBytes(a.additionalMsisdn!))),
  );
}

/** MAP operation arguments (TS 29.002 §17.6 / §17.7), one builder per operation name; returns the parameter TLV. */
export const mapArg = {
  /** UpdateLocationArg (opcode 2). */
  updateLocation: (a: { imsi: string; mscNumber: string; vlrNumber: string; lmsi?: string }) =>
    seq(
      octets(imsiBytes(a.imsi)),
      ctx(1, isdnBytes(a.mscNumber)),
      octets(isdnBytes(a.vlrNumber)),
      opt(a.lmsi, () => ctx(10, hex(a.lmsi!))),
    ),
  /** CancelLocationArg v3 ([3] SEQUENCE) or v1/v2 (bare Identity). */
  cancelLocation: (a: { imsi: string; v3?: boolean; lmsi?: string; cancellationType?: number }) => {
    const identity = a.lmsi !== undefined ? seq(octets(imsiBytes(a.imsi)), octets(hex(a.lmsi))) : octets(imsiBytes(a.imsi));
    return a.v3 ? ctxc(3, identity, enumerated(a.cancellationType ?? 0)) : identity;
  },
  /** ProvideRoamingNumberArg (opcode 4). */
  provideRoamingNumber: (a: { imsi: string; mscNumber: string; msisdn?: string; lmsi?: string; gmscAddress?: string }) =>
    seq(
      ctx(0, imsiBytes(a.imsi)),
      ctx(1, isdnBytes(a.mscNumber)),
      opt(a.msisdn, () => ctx(2, isdnBytes(a.msisdn!))),
      opt(a.lmsi, () => ctx(4, hex(a.lmsi!))),
      opt(a.gmscAddress, () => ctx(8, isdnBytes(a.gmscAddress!))),
    ),
  /** InsertSubscriberDataArg (opcode 7); imsi optional (absent inside an UpdateLocation dialogue). */
  insertSubscriberData: (a: SubscriberDataSpec) => seq(subscriberDataContents(a)),
  /** DeleteSubscriberDataArg (opcode 8) with a basicServiceList [1]. */
  deleteSubscriberData: (a: { imsi: string }) => seq(ctx(0, imsiBytes(a.imsi)), ctxc(1, ctx(3, Uint8Array.of(0x11)))),
  /** SendRoutingInfoArg (opcode 22). */
  sendRoutingInfo: (a: { msisdn: string; gmscAddress: string; interrogationType?: number }) =>
    seq(ctx(0, isdnBytes(a.msisdn)), ctx(3, intContent(a.interrogationType ?? 0)), ctx(6, isdnBytes(a.gmscAddress))),
  /** UpdateGprsLocationArg (opcode 23); sgsnAddress as IPv4 GSN-Address. */
  updateGprsLocation: (a: { imsi: string; sgsnNumber: string; sgsnAddress: [number, number, number, number] }) =>
    seq(octets(imsiBytes(a.imsi)), octets(isdnBytes(a.sgsnNumber)), octets(Uint8Array.of(0x04, ...a.sgsnAddress))),
  /** SendRoutingInfoForGprsArg (opcode 24). */
  sendRoutingInfoForGprs: (a: { imsi: string; ggsnNumber: string }) => seq(ctx(0, imsiBytes(a.imsi)), ctx(2, isdnBytes(a.ggsnNumber))),
  /** MT-ForwardSM-Arg (44) / MO-ForwardSM-Arg (46): DA and OA choices. */
  forwardSM: (a: { da: { imsi: string } | { lmsi: string } | { sca: string }; oa: { msisdn: string } | { sca: string }; ui?: Uint8Array; moImsi?: string }) =>
    seq(
      'imsi' in a.da ? ctx(0, imsiBytes(a.da.imsi)) : 'lmsi' in a.da ? ctx(1, hex(a.da.lmsi)) : ctx(4, isdnBytes(a.da.sca)),
      'msisdn' in a.oa ? ctx(2, isdnBytes(a.oa.msisdn)) : ctx(4, isdnBytes(a.oa.sca)),
      octets(a.ui ?? Uint8Array.of(0x04, 0x0b, 0x91)),
      opt(a.moImsi, () => octets(imsiBytes(a.moImsi!))),
    ),
  /** RoutingInfoForSM-Arg (opcode 45). */
  sendRoutingInfoForSM: (a: { msisdn: string; sca: string; pri?: boolean }) =>
    seq(ctx(0, isdnBytes(a.msisdn)), ctx(1, Uint8Array.of(a.pri ? 0xff : 0)), ctx(2, isdnBytes(a.sca))),
  /** SendAuthenticationInfoArg v3 (SEQUENCE) or v2 (bare IMSI). */
  sendAuthenticationInfo: (a: { imsi: string; v2?: boolean; vectors?: number; requestingNodeType?: number }) =>
    a.v2
      ? octets(imsiBytes(a.imsi))
      : seq(
          ctx(0, imsiBytes(a.imsi)),
          int(a.vectors ?? 1),
          opt(a.requestingNodeType, () => ctx(3, intContent(a.requestingNodeType!))),
        ),
  /** sendIMSI argument: the MSISDN. */
  sendIMSI: (a: { msisdn: string }) => octets(isdnBytes(a.msisdn)),
  /** USSD-Arg / ProcessUnstructuredSS-Arg: GSM 7-bit packed string (dcs 0x0F). */
  ussd: (a: { packed: Uint8Array; dcs?: number; msisdn?: string }) =>
    seq(
      octets(Uint8Array.of(a.dcs ?? 0x0f)),
      octets(a.packed),
      opt(a.msisdn, () => ctx(0, isdnBytes(a.msisdn!))),
    ),
  /** PurgeMS-Arg v3 ([3] SEQUENCE) or v2 (SEQUENCE with untagged vlr-Number). */
  purgeMS: (a: { imsi: string; vlrNumber?: string; sgsnNumber?: string; v2?: boolean }) =>
    a.v2
      ? seq(octets(imsiBytes(a.imsi)), octets(isdnBytes(a.vlrNumber ?? '')))
      : ctxc(
          3,
          octets(imsiBytes(a.imsi)),
          opt(a.vlrNumber, () => ctx(0, isdnBytes(a.vlrNumber!))),
          opt(a.sgsnNumber, () => ctx(1, isdnBytes(a.sgsnNumber!))),
        ),
  /** ProvideSubscriberInfoArg (opcode 70); `domain` adds requestedDomain [4] DomainType. */
  provideSubscriberInfo: (a: { imsi: string; domain?: number }) =>
    seq(
      ctx(0, imsiBytes(a.imsi)),
      ctxc(
        2,
        requestedInfo(),
        opt(a.domain, () => ctx(4, intContent(a.domain!))),
      ),
    ),
  /** AnyTimeInterrogationArg (opcode 71). */
  anyTimeInterrogation: (a: { imsi?: string; msisdn?: string; gsmScfAddress: string }) =>
    seq(ctxc(0, a.imsi !== undefined ? ctx(0, imsiBytes(a.imsi)) : ctx(1, isdnBytes(a.msisdn!))), ctxc(1, requestedInfo()), ctx(3, isdnBytes(a.gsmScfAddress))),
  /** ProvideSubscriberLocation-Arg (opcode 83). */
  provideSubscriberLocation: (a: { mlcNumber: string; imsi?: string; msisdn?: string; clientAddress?: string }) =>
    seq(
      seq(ctx(0, intContent(0))),
      octets(isdnBytes(a.mlcNumber)),
      opt(a.clientAddress, () => ctxc(0, ctx(0, intContent(0)), ctxc(1, ctx(0, isdnBytes(a.clientAddress!))))),
      opt(a.imsi, () => ctx(2, imsiBytes(a.imsi!))),
      opt(a.msisdn, () => ctx(3, isdnBytes(a.msisdn!))),
    ),
  /** RoutingInfoForLCS-Arg (opcode 85). */
  sendRoutingInfoForLCS: (a: { mlcNumber: string; imsi?: string; msisdn?: string }) =>
    seq(ctx(0, isdnBytes(a.mlcNumber)), ctxc(1, a.imsi !== undefined ? ctx(0, imsiBytes(a.imsi)) : ctx(1, isdnBytes(a.msisdn!)))),
  /** SubscriberLocationReport-Arg (opcode 86). */
  subscriberLocationReport: (a: {
    event: number;
    networkNodeNumber: string;
    msisdn?: string;
    imsi?: string;
    estimate?: Uint8Array;
    cgi?: { mcc: string; mnc: string; lac: number; ci: number };
  }) =>
    seq(
      enumerated(a.event),
      seq(ctx(0, intContent(0))),
      seq(octets(isdnBytes(a.networkNodeNumber))),
      opt(a.msisdn, () => ctx(0, isdnBytes(a.msisdn!))),
      opt(a.imsi, () => ctx(1, imsiBytes(a.imsi!))),
      opt(a.estimate, () => ctx(5, a.estimate!)),
      opt(a.cgi, () => ctxc(13, ctx(0, cellBytes(a.cgi!.mcc, a.cgi!.mnc, a.cgi!.lac, a.cgi!.ci)))),
    ),
  /** NoteSubscriberDataModifiedArg (opcode 5). */
  noteSubscriberDataModified: (a: { imsi: string; msisdn: string; forwardedTo?: string[]; camel?: CamelSpec; all?: boolean }) =>
    seq(
      octets(imsiBytes(a.imsi)),
      isdnOctets(a.msisdn),
      opt(a.forwardedTo, () => ctxc(0, ctx(0, Uint8Array.of(0x21)), ctxc(1, extForwFeatures(a.forwardedTo!)))),
      opt(a.camel, () => ctxc(3, camelSubscriptionInfoContents(a.camel!))),
      a.all ? ctx(4, new Uint8Array(0)) : new Uint8Array(0),
    ),
  /** ResumeCallHandlingArg (opcode 6). */
  resumeCallHandling: (a: { imsi: string; msisdn?: string; forwardedToNumber?: string; camel?: CamelSpec }) =>
    seq(
      ctx(0, hex('0102')),
      opt(a.forwardedToNumber, () => ctxc(2, ctx(5, isdnBytes(a.forwardedToNumber!)))),
      ctx(3, imsiBytes(a.imsi)),
      opt(a.camel?.o, () => ctxc(5, otCsi(a.camel!.o!))),
      opt(a.msisdn, () => ctx(9, isdnBytes(a.msisdn!))),
      opt(a.camel?.d, () => ctxc(12, dCsi(a.camel!.d!))),
      opt(a.camel?.oCriteria, () => ctxc(13, oCriteria(a.camel!.oCriteria!))),
    ),
  /** SendParametersArg (opcode 9, phase 1): subscriberId imsi [0] and a RequestParameterList. */
  sendParameters: (a: { imsi: string; requests: number[] }) => seq(ctx(0, imsiBytes(a.imsi)), seq(...a.requests.map(enumerated))),
  /** AuthenticationFailureReportArg (opcode 15). */
  authenticationFailureReport: (a: { imsi: string; vlrNumber?: string; sgsnNumber?: string; failureCause?: number; accessType?: number }) =>
    seq(
      octets(imsiBytes(a.imsi)),
      enumerated(a.failureCause ?? 0),
      bool(true),
      enumerated(a.accessType ?? 2),
      octets(new Uint8Array(16)),
      opt(a.vlrNumber, () => ctx(0, isdnBytes(a.vlrNumber!))),
      opt(a.sgsnNumber, () => ctx(1, isdnBytes(a.sgsnNumber!))),
    ),
  /** ReleaseResourcesArg (opcode 20). */
  releaseResources: (a: { msrn: string }) => seq(isdnOctets(a.msrn)),
  /** MT-ForwardSM-VGCS-Arg (opcode 21). */
  mtForwardSmVgcs: (a: { asciCallReference: string; oa: { msisdn: string } | { sca: string } }) =>
    seq(
      octets(encodeTbcd(a.asciCallReference)),
      'msisdn' in a.oa ? ctx(2, isdnBytes(a.oa.msisdn)) : ctx(4, isdnBytes(a.oa.sca)),
      octets(Uint8Array.of(0x04, 0x0b, 0x91)),
    ),
  /** FailureReportArg (opcode 25). */
  failureReport: (a: { imsi: string; ggsnNumber: string; ggsnAddress?: [number, number, number, number] }) =>
    seq(
      ctx(0, imsiBytes(a.imsi)),
      ctx(1, isdnBytes(a.ggsnNumber)),
      opt(a.ggsnAddress, () => ctx(2, Uint8Array.of(0x04, ...a.ggsnAddress!))),
    ),
  /** NoteMsPresentForGprsArg (opcode 26). */
  noteMsPresentForGprs: (a: { imsi: string; sgsnAddress: [number, number, number, number] }) =>
    seq(ctx(0, imsiBytes(a.imsi)), ctx(1, Uint8Array.of(0x04, ...a.sgsnAddress))),
  /** CancelVcsgLocationArg (opcode 36): identity imsi or imsi-WithLMSI. */
  cancelVcsgLocation: (a: { imsi: string; lmsi?: string }) =>
    seq(a.lmsi !== undefined ? seq(octets(imsiBytes(a.imsi)), octets(hex(a.lmsi))) : octets(imsiBytes(a.imsi))),
  /** ResetArg (opcode 37): hlr-Number (v1/v2/v3) or css-Number [1], hlr-List, optional subscriptionData [2]. */
  reset: (a: { hlrNumber?: string; cssNumber?: string; hlrIds?: string[]; subscriptionData?: SubscriberDataSpec; networkResource?: number }) =>
    seq(
      opt(a.networkResource, () => enumerated(a.networkResource!)),
      opt(a.hlrNumber, () => isdnOctets(a.hlrNumber!)),
      opt(a.cssNumber, () => ctx(1, isdnBytes(a.cssNumber!))),
      opt(a.hlrIds, () => seq(...a.hlrIds!.map((i) => octets(imsiBytes(i))))),
      opt(a.subscriptionData, () => ctxc(2, subscriberDataContents(a.subscriptionData!))),
    ),
  /** SendGroupCallEndSignalArg (40) / ForwardGroupCallSignallingArg (42): imsi and a tagged flag. */
  groupCall: (a: { imsi: string }) => seq(octets(imsiBytes(a.imsi)), ctx(0, new Uint8Array(0))),
  /** ReportSM-DeliveryStatusArg (opcode 47). */
  reportSmDeliveryStatus: (a: { msisdn: string; sca: string; outcome: number; imsi?: string }) =>
    seq(
      isdnOctets(a.msisdn),
      isdnOctets(a.sca),
      enumerated(a.outcome),
      ctx(0, intContent(0)),
      opt(a.imsi, () => ctx(9, imsiBytes(a.imsi!))),
    ),
  /** NoteSubscriberPresentArg (opcode 48, phase 1): the bare IMSI. */
  noteSubscriberPresent: (a: { imsi: string }) => octets(imsiBytes(a.imsi)),
  /** AlertServiceCentreArg (opcodes 49 and 64). */
  alertServiceCentre: (a: { msisdn: string; sca: string; imsi?: string; newSgsn?: string; newMme?: string; newMsc?: string }) =>
    seq(
      isdnOctets(a.msisdn),
      isdnOctets(a.sca),
      opt(a.imsi, () => octets(imsiBytes(a.imsi!))),
      opt(a.newSgsn, () => ctx(3, isdnBytes(a.newSgsn!))),
      opt(a.newMme, () => ctx(5, isdnBytes(a.newMme!))),
      opt(a.newMsc, () => ctx(7, isdnBytes(a.newMsc!))),
    ),
  /** ActivateTraceModeArg (opcode 50). */
  activateTraceMode: (a: { imsi: string; traceReference: string; traceType: number; omcId?: string }) =>
    seq(
      ctx(0, imsiBytes(a.imsi)),
      ctx(1, hex(a.traceReference)),
      ctx(2, intContent(a.traceType)),
      opt(a.omcId, () => ctx(3, isdnBytes(a.omcId!))),
    ),
  /** DeactivateTraceModeArg (opcode 51). */
  deactivateTraceMode: (a: { imsi: string; traceReference: string }) => seq(ctx(0, imsiBytes(a.imsi)), ctx(1, hex(a.traceReference))),
  /** UpdateVcsgLocationArg (opcode 53). */
  updateVcsgLocation: (a: { imsi: string; msisdn?: string; vlrNumber?: string; sgsnNumber?: string }) =>
    seq(
      octets(imsiBytes(a.imsi)),
      opt(a.msisdn, () => ctx(2, isdnBytes(a.msisdn!))),
      opt(a.vlrNumber, () => ctx(0, isdnBytes(a.vlrNumber!))),
      opt(a.sgsnNumber, () => ctx(1, isdnBytes(a.sgsnNumber!))),
    ),
  /** BeginSubscriberActivityArg (opcode 54, phase 1). */
  beginSubscriberActivity: (a: { imsi: string; originatingEntityNumber: string }) => seq(octets(imsiBytes(a.imsi)), isdnOctets(a.originatingEntityNumber)),
  /** RestoreDataArg (opcode 57). */
  restoreData: (a: { imsi: string; lmsi?: string; restorationIndicator?: boolean }) =>
    seq(
      octets(imsiBytes(a.imsi)),
      opt(a.lmsi, () => octets(hex(a.lmsi!))),
      a.restorationIndicator ? ctx(7, new Uint8Array(0)) : new Uint8Array(0),
    ),
  /** AnyTimeSubscriptionInterrogationArg (opcode 62). */
  anyTimeSubscriptionInterrogation: (a: { imsi?: string; msisdn?: string; gsmScfAddress: string }) =>
    seq(
      ctxc(0, a.imsi !== undefined ? ctx(0, imsiBytes(a.imsi)) : ctx(1, isdnBytes(a.msisdn!))),
      ctxc(1, ctx(2, new Uint8Array(0)), ctx(3, intContent(0)), ctx(8, new Uint8Array(0))),
      ctx(2, isdnBytes(a.gsmScfAddress)),
    ),
  /** InformServiceCentreArg (opcode 63). */
  informServiceCentre: (a: { storedMsisdn: string }) => seq(isdnOctets(a.storedMsisdn), tlvBitString(Uint8Array.of(0x04, 0x40))),
  /** AnyTimeModificationArg (opcode 65): CF modification with a forwarded-to number, and an ODB modification. */
  anyTimeModification: (a: { imsi?: string; msisdn?: string; gsmScfAddress: string; forwardedToNumber?: string }) =>
    seq(
      ctxc(0, a.imsi !== undefined ? ctx(0, imsiBytes(a.imsi)) : ctx(1, isdnBytes(a.msisdn!))),
      ctx(1, isdnBytes(a.gsmScfAddress)),
      opt(a.forwardedToNumber, () => ctxc(2, ctx(0, Uint8Array.of(0x2a)), ctx(3, isdnBytes(a.forwardedToNumber!)))),
      ctxc(7, ctxc(0, tlvBitString(Uint8Array.of(0x00, 0x00, 0x00, 0xff, 0x00)))),
    ),
  /** ReadyForSM-Arg (opcode 66). */
  readyForSM: (a: { imsi: string; alertReason: number }) => seq(ctx(0, imsiBytes(a.imsi)), enumerated(a.alertReason), nul()),
  /** PrepareHO-Arg (opcode 68): v3 [3] SEQUENCE or v2 SEQUENCE. */
  prepareHandover: (a: { imsi?: string; cell: { mcc: string; mnc: string; lac: number; ci: number }; v2?: boolean }) => {
    const cell = cellBytes(a.cell.mcc, a.cell.mnc, a.cell.lac, a.cell.ci);
    return a.v2
      ? seq(octets(cell), nul())
      : ctxc(
          3,
          ctx(0, cell),
          nul(),
          opt(a.imsi, () => ctx(4, imsiBytes(a.imsi!))),
        );
  },
  /** PrepareSubsequentHO-Arg (opcode 69): v3 [3] SEQUENCE or v2 SEQUENCE. */
  prepareSubsequentHandover: (a: { targetMscNumber: string; cell: { mcc: string; mnc: string; lac: number; ci: number }; v2?: boolean }) => {
    const cell = cellBytes(a.cell.mcc, a.cell.mnc, a.cell.lac, a.cell.ci);
    return a.v2 ? seq(octets(cell), isdnOctets(a.targetMscNumber)) : ctxc(3, ctx(0, cell), ctx(1, isdnBytes(a.targetMscNumber)));
  },
  /** SS-InvocationNotificationArg (opcode 72). */
  ssInvocationNotification: (a: { imsi: string; msisdn: string; ssEvent: number; eventSpecification?: string[]; bSubscriberNumber?: string }) =>
    seq(
      ctx(0, imsiBytes(a.imsi)),
      ctx(1, isdnBytes(a.msisdn)),
      ctx(2, Uint8Array.of(a.ssEvent)),
      opt(a.eventSpecification, () => ctxc(3, ...a.eventSpecification!.map(isdnOctets))),
      opt(a.bSubscriberNumber, () => ctx(5, isdnBytes(a.bSubscriberNumber!))),
    ),
  /** SetReportingStateArg (73) / StatusReportArg (74) / IST-AlertArg (87) / IST-CommandArg (88): imsi [0], optional lmsi [1], a constructed [2]. */
  imsiLmsi: (a: { imsi: string; lmsi?: string }) =>
    seq(
      ctx(0, imsiBytes(a.imsi)),
      opt(a.lmsi, () => ctx(1, hex(a.lmsi!))),
      ctxc(2, ctx(0, intContent(1))),
    ),
  /** RemoteUserFreeArg (opcode 75). */
  remoteUserFree: (a: { imsi: string; bSubscriberNumber: string; translatedBNumber: string }) =>
    seq(
      ctx(0, imsiBytes(a.imsi)),
      ctxc(1, enumerated(3), octets(hex('00000000'))),
      ctxc(2, ctx(0, intContent(1)), ctx(1, isdnBytes(a.bSubscriberNumber))),
      ctx(3, isdnBytes(a.translatedBNumber)),
    ),
  /** NoteMM-EventArg (opcode 89). */
  noteMmEvent: (a: { imsi: string; msisdn: string; eventMet: number; location?: LocationSpec; sgsnNumber?: string }) =>
    seq(
      int(3),
      ctx(0, Uint8Array.of(a.eventMet)),
      ctx(1, imsiBytes(a.imsi)),
      ctx(2, isdnBytes(a.msisdn)),
      opt(a.location, () => ctxc(3, locationInformationContents(a.location!))),
      opt(a.sgsnNumber, () => ctxc(7, ctx(3, isdnBytes(a.sgsnNumber!)))),
    ),
};

/** BIT STRING (universal 3) with the given contents (first octet: unused bits). */
const tlvBitString = (content: Uint8Array): Uint8Array => concat(Uint8Array.of(0x03, content.length), content);

/** MAP operation results (TS 29.002 §17.6 / §17.7), one builder per operation name; returns the parameter TLV. */
export const mapRes = {
  /** UpdateLocationRes / UpdateGprsLocationRes. */
  hlrNumber: (a: { hlrNumber: string }) => seq(octets(isdnBytes(a.hlrNumber))),
  /** ProvideRoamingNumberRes v3 (SEQUENCE) or v2 (bare number). */
  provideRoamingNumber: (a: { roamingNumber: string; vmscAddress?: string; v2?: boolean }) =>
    a.v2
      ? octets(isdnBytes(a.roamingNumber))
      : seq(
          octets(isdnBytes(a.roamingNumber)),
          opt(a.vmscAddress, () => ctx(0, isdnBytes(a.vmscAddress!))),
        ),
  /** SendRoutingInfoRes v3 ([3] SEQUENCE) or v2 (SEQUENCE { imsi, roamingNumber }). */
  sendRoutingInfo: (a: { imsi: string; roamingNumber?: string; vmscAddress?: string; location?: LocationSpec; v2?: boolean }) =>
    a.v2
      ? seq(octets(imsiBytes(a.imsi)), octets(isdnBytes(a.roamingNumber ?? '')))
      : ctxc(
          3,
          ctx(9, imsiBytes(a.imsi)),
          opt(a.roamingNumber, () => octets(isdnBytes(a.roamingNumber!))),
          opt(a.location, () => ctxc(7, subscriberInfoContents(a.location!))),
          opt(a.vmscAddress, () => ctx(2, isdnBytes(a.vmscAddress!))),
        ),
  /** SendRoutingInfoForGprsRes. */
  sendRoutingInfoForGprs: (a: { sgsnAddress: readonly number[]; ggsnAddress?: readonly number[] }) =>
    seq(
      ctx(0, gsnBytes(a.sgsnAddress)),
      opt(a.ggsnAddress, () => ctx(1, gsnBytes(a.ggsnAddress!))),
    ),
  /** RoutingInfoForSM-Res. */
  sendRoutingInfoForSM: (a: { imsi: string; networkNodeNumber: string; lmsi?: string }) =>
    seq(
      octets(imsiBytes(a.imsi)),
      ctxc(
        0,
        ctx(1, isdnBytes(a.networkNodeNumber)),
        opt(a.lmsi, () => octets(hex(a.lmsi!))),
      ),
    ),
  /** sendIMSI result: the IMSI. */
  sendIMSI: (a: { imsi: string }) => octets(imsiBytes(a.imsi)),
  /** ProvideSubscriberInfoRes / AnyTimeInterrogationRes. */
  subscriberInfo: (a: { location: LocationSpec; mnp?: MnpSpec; state?: StateSpec }) => seq(subscriberInfo(a.location, a.mnp, a.state)),
  /**
   * SendAuthenticationInfoRes (§17.7.1): v3 `[3] SEQUENCE { tripletList [0] | quintupletList [1],
   * eps-AuthenticationSetList [2] }` with `n` dummy sets each; v2 a bare SEQUENCE OF triplets.
   */
  sendAuthenticationInfo: (a: { triplets?: number; quintuplets?: number; eps?: number; v2?: boolean }) => {
    const triplet = (): Uint8Array => seq(octets(new Uint8Array(16)), octets(new Uint8Array(4)), octets(new Uint8Array(8)));
    const quintuplet = (): Uint8Array =>
      seq(octets(new Uint8Array(16)), octets(new Uint8Array(8)), octets(new Uint8Array(16)), octets(new Uint8Array(16)), octets(new Uint8Array(16)));
    const epcAv = (): Uint8Array => seq(octets(new Uint8Array(16)), octets(new Uint8Array(8)), octets(new Uint8Array(16)), octets(new Uint8Array(32)));
    const n = (k: number | undefined, f: () => Uint8Array): Uint8Array[] => Array.from({ length: k ?? 0 }, f);
    if (a.v2) return seq(...n(a.triplets, triplet));
    return ctxc(
      3,
      opt(a.triplets, () => ctxc(0, ...n(a.triplets, triplet))),
      opt(a.quintuplets, () => ctxc(1, ...n(a.quintuplets, quintuplet))),
      opt(a.eps, () => ctxc(2, ...n(a.eps, epcAv))),
    );
  },
  /** ProvideSubscriberLocation-Res. */
  provideSubscriberLocation: (a: { estimate: Uint8Array; age?: number; cgi?: { mcc: string; mnc: string; lac: number; ci: number } }) =>
    seq(
      octets(a.estimate),
      opt(a.age, () => ctx(0, intContent(a.age!))),
      opt(a.cgi, () => ctxc(6, ctx(0, cellBytes(a.cgi!.mcc, a.cgi!.mnc, a.cgi!.lac, a.cgi!.ci)))),
    ),
  /** RoutingInfoForLCS-Res. */
  sendRoutingInfoForLCS: (a: { imsi: string; networkNodeNumber: string }) =>
    seq(ctxc(0, ctx(0, imsiBytes(a.imsi))), ctxc(1, octets(isdnBytes(a.networkNodeNumber)))),
  /** USSD-Res. */
  ussd: (a: { packed: Uint8Array }) => seq(octets(Uint8Array.of(0x0f)), octets(a.packed)),
};
