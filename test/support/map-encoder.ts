/**
 * MAP parameter fixture encoder (TS 29.002 §17.7 data types): the arguments and results of the
 * operations sigwatch decodes, with the fields that matter for location tracking. Every builder
 * takes a plain object and returns the parameter TLV (definite lengths; use `restyle` from
 * ber-encoder.ts for indefinite or long-form variants). Used by unit tests and the scenario generator.
 */
import { encodeTbcd } from '../../src/asn1/tbcd.js';
import { concat, ctx, ctxc, enumerated, hex, int, intContent, octets, seq } from './ber-encoder.js';

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
}

/** LocationInformation fields (SEQUENCE contents) per §17.7.1. */
function locationInformationContents(l: LocationSpec): Uint8Array {
  return concat(
    opt(l.age, () => int(l.age!)),
    opt(l.geo, () => ctx(0, l.geo!)),
    opt(l.vlrNumber, () => ctx(1, isdnBytes(l.vlrNumber!))),
    opt(l.cgi, () => ctxc(3, ctx(0, cellBytes(l.cgi!.mcc, l.cgi!.mnc, l.cgi!.lac, l.cgi!.ci)))),
    opt(l.lai, () => ctxc(3, ctx(1, cellBytes(l.lai!.mcc, l.lai!.mnc, l.lai!.lac)))),
    opt(l.mscNumber, () => ctx(6, isdnBytes(l.mscNumber!))),
    l.sai ? ctx(9, new Uint8Array(0)) : new Uint8Array(0),
  );
}

/** SubscriberInfo SEQUENCE with locationInformation [0] and optional mnpInfoRes [8] imsi/msisdn. */
export function subscriberInfo(l: LocationSpec, mnp?: { imsi?: string; msisdn?: string }): Uint8Array {
  return seq(subscriberInfoContents(l, mnp));
}

function subscriberInfoContents(l: LocationSpec, mnp?: { imsi?: string; msisdn?: string }): Uint8Array {
  return concat(
    ctxc(0, locationInformationContents(l)),
    ctxc(1, ctx(0, new Uint8Array(0))), // subscriberState assumedIdle
    opt(mnp, () => ctxc(8, opt(mnp!.imsi, () => ctx(1, imsiBytes(mnp!.imsi!))), opt(mnp!.msisdn, () => ctx(2, isdnBytes(mnp!.msisdn!))))),
  );
}

const requestedInfo = (): Uint8Array => concat(ctx(0, new Uint8Array(0)), ctx(1, new Uint8Array(0)));

export const mapArg = {
  /** UpdateLocationArg (opcode 2). */
  updateLocation: (a: { imsi: string; mscNumber: string; vlrNumber: string; lmsi?: string }) =>
    seq(octets(imsiBytes(a.imsi)), ctx(1, isdnBytes(a.mscNumber)), octets(isdnBytes(a.vlrNumber)), opt(a.lmsi, () => ctx(10, hex(a.lmsi!)))),
  /** CancelLocationArg v3 ([3] SEQUENCE) or v1/v2 (bare Identity). */
  cancelLocation: (a: { imsi: string; v3?: boolean; lmsi?: string; cancellationType?: number }) => {
    const identity = a.lmsi !== undefined ? seq(octets(imsiBytes(a.imsi)), octets(hex(a.lmsi))) : octets(imsiBytes(a.imsi));
    return a.v3 ? ctxc(3, identity, enumerated(a.cancellationType ?? 0)) : identity;
  },
  /** ProvideRoamingNumberArg (opcode 4). */
  provideRoamingNumber: (a: { imsi: string; mscNumber: string; msisdn?: string; gmscAddress?: string }) =>
    seq(ctx(0, imsiBytes(a.imsi)), ctx(1, isdnBytes(a.mscNumber)), opt(a.msisdn, () => ctx(2, isdnBytes(a.msisdn!))), opt(a.gmscAddress, () => ctx(8, isdnBytes(a.gmscAddress!)))),
  /** InsertSubscriberDataArg (opcode 7); imsi optional (absent inside an UpdateLocation dialogue). */
  insertSubscriberData: (a: { imsi?: string; msisdn?: string; category?: number }) =>
    seq(opt(a.imsi, () => ctx(0, imsiBytes(a.imsi!))), opt(a.msisdn, () => ctx(1, isdnBytes(a.msisdn!))), opt(a.category, () => ctx(2, Uint8Array.of(a.category!)))),
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
  sendAuthenticationInfo: (a: { imsi: string; v2?: boolean; vectors?: number }) =>
    a.v2 ? octets(imsiBytes(a.imsi)) : seq(ctx(0, imsiBytes(a.imsi)), int(a.vectors ?? 1)),
  /** sendIMSI argument: the MSISDN. */
  sendIMSI: (a: { msisdn: string }) => octets(isdnBytes(a.msisdn)),
  /** USSD-Arg / ProcessUnstructuredSS-Arg: GSM 7-bit packed string (dcs 0x0F). */
  ussd: (a: { packed: Uint8Array; dcs?: number; msisdn?: string }) =>
    seq(octets(Uint8Array.of(a.dcs ?? 0x0f)), octets(a.packed), opt(a.msisdn, () => ctx(0, isdnBytes(a.msisdn!)))),
  /** PurgeMS-Arg v3 ([3] SEQUENCE) or v2 (SEQUENCE with untagged vlr-Number). */
  purgeMS: (a: { imsi: string; vlrNumber?: string; sgsnNumber?: string; v2?: boolean }) =>
    a.v2
      ? seq(octets(imsiBytes(a.imsi)), octets(isdnBytes(a.vlrNumber ?? '')))
      : ctxc(3, octets(imsiBytes(a.imsi)), opt(a.vlrNumber, () => ctx(0, isdnBytes(a.vlrNumber!))), opt(a.sgsnNumber, () => ctx(1, isdnBytes(a.sgsnNumber!)))),
  /** ProvideSubscriberInfoArg (opcode 70). */
  provideSubscriberInfo: (a: { imsi: string }) => seq(ctx(0, imsiBytes(a.imsi)), ctxc(2, requestedInfo())),
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
  subscriberLocationReport: (a: { event: number; networkNodeNumber: string; msisdn?: string; imsi?: string; estimate?: Uint8Array; cgi?: { mcc: string; mnc: string; lac: number; ci: number } }) =>
    seq(
      enumerated(a.event),
      seq(ctx(0, intContent(0))),
      seq(octets(isdnBytes(a.networkNodeNumber))),
      opt(a.msisdn, () => ctx(0, isdnBytes(a.msisdn!))),
      opt(a.imsi, () => ctx(1, imsiBytes(a.imsi!))),
      opt(a.estimate, () => ctx(5, a.estimate!)),
      opt(a.cgi, () => ctxc(13, ctx(0, cellBytes(a.cgi!.mcc, a.cgi!.mnc, a.cgi!.lac, a.cgi!.ci)))),
    ),
};

export const mapRes = {
  /** UpdateLocationRes / UpdateGprsLocationRes. */
  hlrNumber: (a: { hlrNumber: string }) => seq(octets(isdnBytes(a.hlrNumber))),
  /** ProvideRoamingNumberRes v3 (SEQUENCE) or v2 (bare number). */
  provideRoamingNumber: (a: { roamingNumber: string; vmscAddress?: string; v2?: boolean }) =>
    a.v2 ? octets(isdnBytes(a.roamingNumber)) : seq(octets(isdnBytes(a.roamingNumber)), opt(a.vmscAddress, () => ctx(0, isdnBytes(a.vmscAddress!)))),
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
  sendRoutingInfoForGprs: (a: { sgsnAddress: [number, number, number, number] }) => seq(ctx(0, Uint8Array.of(0x04, ...a.sgsnAddress))),
  /** RoutingInfoForSM-Res. */
  sendRoutingInfoForSM: (a: { imsi: string; networkNodeNumber: string; lmsi?: string }) =>
    seq(octets(imsiBytes(a.imsi)), ctxc(0, ctx(1, isdnBytes(a.networkNodeNumber)), opt(a.lmsi, () => octets(hex(a.lmsi!))))),
  /** sendIMSI result: the IMSI. */
  sendIMSI: (a: { imsi: string }) => octets(imsiBytes(a.imsi)),
  /** ProvideSubscriberInfoRes / AnyTimeInterrogationRes. */
  subscriberInfo: (a: { location: LocationSpec; mnp?: { imsi?: string; msisdn?: string } }) => seq(subscriberInfo(a.location, a.mnp)),
  /** ProvideSubscriberLocation-Res. */
  provideSubscriberLocation: (a: { estimate: Uint8Array; age?: number; cgi?: { mcc: string; mnc: string; lac: number; ci: number } }) =>
    seq(octets(a.estimate), opt(a.age, () => ctx(0, intContent(a.age!))), opt(a.cgi, () => ctxc(6, ctx(0, cellBytes(a.cgi!.mcc, a.cgi!.mnc, a.cgi!.lac, a.cgi!.ci))))),
  /** RoutingInfoForLCS-Res. */
  sendRoutingInfoForLCS: (a: { imsi: string; networkNodeNumber: string }) =>
    seq(ctxc(0, ctx(0, imsiBytes(a.imsi))), ctxc(1, octets(isdnBytes(a.networkNodeNumber)))),
  /** USSD-Res. */
  ussd: (a: { packed: Uint8Array }) => seq(octets(Uint8Array.of(0x0f)), octets(a.packed)),
};

