/**
 * Parameter and message builders the generator needs beyond the shared fixture encoders:
 * MAP application context names, a realistically large InsertSubscriberData argument (the one
 * that travels in an XUDT fragmented over several SCTP packets) and the Diameter S6a/SLg
 * messages of the scenarios, built with src/encode/diameter.ts (sigwatch/encode).
 */
import { DIAMETER_APP, DIAMETER_CMD } from '../../src/diameter/dictionary/codes.js';
import { encodePlmn } from '../../src/diameter/plmn.js';
import { ctx, ctxc, octets, oid, seq } from '../../src/encode/ber.js';
import { avp, avp3, buildDiameter, group, msisdnAvp } from '../../src/encode/diameter.js';
import { isdnBytes } from '../../src/encode/map.js';
import { mapAcn } from '../../src/ss7/map/application-contexts.js';
import { host, realmOf, type Network } from './world.js';

/** Application context names of the scenarios, version 3 (TS 29.002 §17.3.3). */
const acns = [
  'networkLocUp',
  'locationCancellation',
  'roamingNumberEnquiry',
  'locationInfoRetrieval',
  'shortMsgGateway',
  'subscriberInfoEnquiry',
  'anyTimeInfoEnquiry',
  'locationSvcEnquiry',
  'locationSvcGateway',
  'infoRetrieval',
  'subscriberDataMngt',
  'msPurging',
] as const;
export const ACN = Object.fromEntries(acns.map((n) => [n, mapAcn(n, 3)])) as Record<(typeof acns)[number], string>;

/** SSNs (TS 23.003 §8.1 / Q.713 Annex B). */
export const SSN = { hlr: 6, vlr: 7, msc: 8, gmlc: 145, scf: 147 } as const;

/**
 * InsertSubscriberDataArg (TS 29.002 §17.7.1) as an HLR sends it during UpdateLocation: msisdn [1],
 * category [2], subscriberStatus [3], bearerServiceList [4], teleserviceList [6] and an
 * extensionContainer [14] with an operator's private extension (PrivateExtension ::= SEQUENCE
 * { extId OBJECT IDENTIFIER, extType ANY }), which is what makes real ISDs long.
 */
export function largeInsertSubscriberData(msisdn: string, extensionOctets: number): Uint8Array {
  const codes = (tag: number, values: number[]): Uint8Array => ctxc(tag, ...values.map((v) => octets(Uint8Array.of(v))));
  const ext = new Uint8Array(extensionOctets).map((_, i) => (i * 37 + 11) & 0xff);
  return seq(
    ctx(1, isdnBytes(msisdn)),
    ctx(2, Uint8Array.of(0x0a)), // category: ordinary subscriber (Q.763 §3.11)
    ctx(3, Uint8Array.of(0)), // serviceGranted
    codes(4, [0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x1a, 0x1b]), // bearer services (TS 29.002 §17.7.10)
    codes(6, [0x11, 0x12, 0x21, 0x22, 0x61, 0x62, 0x91, 0x92]), // teleservices
    ctxc(14, ctxc(0, seq(oid('1.3.6.1.4.1.99999.1.7'), octets(ext)))),
  );
}

const S6A = DIAMETER_APP.s6a;
const SLG = DIAMETER_APP.slg;
const VENDOR_3GPP = 10415;
/** Enumerations used below: Auth-Session-State NO_STATE_MAINTAINED (RFC 6733 §8.11), RAT-Type EUTRAN (TS 29.212 §5.3.31). */
const NO_STATE_MAINTAINED = 1;
const EUTRAN = 1004;
const DIAMETER_SUCCESS = 2001;

const vsai = (app: number) => group(260, [avp(266, VENDOR_3GPP), avp(258, app)]);

export interface DiameterIds {
  hbh: number;
  e2e: number;
  session: string;
}

/**
 * The AVPs an MME's S6a request (ULR §7.2.3, AIR §7.2.5, PUR §7.2.13, TS 29.272) opens with: Session-Id,
 * Vendor-Specific-Application-Id, Auth-Session-State, Origin-Host/-Realm of `mme`, Destination-Realm of `home`, User-Name (IMSI).
 */
function s6aRequestHead(ids: DiameterIds, imsi: string, mme: Network, home: Network): ReturnType<typeof avp>[] {
  return [
    avp(263, ids.session),
    vsai(S6A),
    avp(277, NO_STATE_MAINTAINED),
    avp(264, host.mme(mme)),
    avp(296, realmOf(mme)),
    avp(283, realmOf(home)),
    avp(1, imsi),
  ];
}

/** S6a Update-Location-Request (TS 29.272 §7.2.3) from `mme`'s realm, claiming to serve in `visited`. */
export function ulr(ids: DiameterIds, imsi: string, mme: Network, visited: Network, home: Network): Uint8Array {
  return buildDiameter({
    cmd: DIAMETER_CMD.s6a.ULR,
    app: S6A,
    request: true,
    hbh: ids.hbh,
    e2e: ids.e2e,
    avps: [
      ...s6aRequestHead(ids, imsi, mme, home),
      avp3(1032, EUTRAN),
      avp3(1405, 0x22), // ULR-Flags: S6a/S6d-Indicator (bit 1) + Initial-Attach-Indicator (bit 5), §7.3.7
      avp3(1407, encodePlmn(visited.mcc, visited.mnc)),
    ],
  });
}

/** Update-Location-Answer (§7.2.4) with Subscription-Data carrying the MSISDN (§7.3.2). */
export function ula(ids: DiameterIds, msisdn: string, home: Network): Uint8Array {
  return buildDiameter({
    cmd: DIAMETER_CMD.s6a.ULR,
    app: S6A,
    hbh: ids.hbh,
    e2e: ids.e2e,
    avps: [
      avp(263, ids.session),
      vsai(S6A),
      avp(268, DIAMETER_SUCCESS),
      avp(277, NO_STATE_MAINTAINED),
      avp(264, host.hss(home)),
      avp(296, realmOf(home)),
      avp3(1406, 1),
      group(1400, [msisdnAvp(msisdn), avp3(1424, 0), avp3(1417, 2)], { vendor: VENDOR_3GPP }),
    ],
  });
}

/**
 * Update-Location-Answer refusing the registration (§7.2.4): Experimental-Result (RFC 6733 §7.7)
 * with `code`, e.g. 5004 DIAMETER_ERROR_ROAMING_NOT_ALLOWED (§7.4.3), and no Subscription-Data.
 */
export function ulaRefused(ids: DiameterIds, code: number, home: Network): Uint8Array {
  return buildDiameter({
    cmd: DIAMETER_CMD.s6a.ULR,
    app: S6A,
    hbh: ids.hbh,
    e2e: ids.e2e,
    avps: [
      avp(263, ids.session),
      vsai(S6A),
      group(297, [avp(266, VENDOR_3GPP), avp(298, code)]),
      avp(277, NO_STATE_MAINTAINED),
      avp(264, host.hss(home)),
      avp(296, realmOf(home)),
    ],
  });
}

/** S6a Authentication-Information-Request (§7.2.5) from `mme`'s MME for a subscriber visiting `visited`: one E-UTRAN vector (§7.3.11). */
export function air(ids: DiameterIds, imsi: string, mme: Network, visited: Network, home: Network): Uint8Array {
  return buildDiameter({
    cmd: DIAMETER_CMD.s6a.AIR,
    app: S6A,
    request: true,
    hbh: ids.hbh,
    e2e: ids.e2e,
    avps: [
      ...s6aRequestHead(ids, imsi, mme, home),
      group(1408, [avp3(1410, 1)], { vendor: VENDOR_3GPP }), // Requested-EUTRAN-Authentication-Info: Number-Of-Requested-Vectors 1
      avp3(1407, encodePlmn(visited.mcc, visited.mnc)),
    ],
  });
}

/** S6a Purge-UE-Request (§7.2.13) from `mme`'s MME. */
export function pur(ids: DiameterIds, imsi: string, mme: Network, home: Network): Uint8Array {
  return buildDiameter({
    cmd: DIAMETER_CMD.s6a.PUR,
    app: S6A,
    request: true,
    hbh: ids.hbh,
    e2e: ids.e2e,
    avps: [...s6aRequestHead(ids, imsi, mme, home)],
  });
}

/** S6a Insert-Subscriber-Data-Request (§7.2.9) asking for EPS location and current location (IDR-Flags 8|16, §7.3.103). */
export function idr(ids: DiameterIds, imsi: string, from: Network, mme: Network): Uint8Array {
  return buildDiameter({
    cmd: DIAMETER_CMD.s6a.IDR,
    app: S6A,
    request: true,
    hbh: ids.hbh,
    e2e: ids.e2e,
    avps: [
      avp(263, ids.session),
      vsai(S6A),
      avp(277, NO_STATE_MAINTAINED),
      avp(264, host.hss(from)),
      avp(296, realmOf(from)),
      avp(293, host.mme(mme)),
      avp(283, realmOf(mme)),
      avp(1, imsi),
      group(1400, [], { vendor: VENDOR_3GPP }),
      avp3(1490, 24),
    ],
  });
}

/** A generic success answer (Result-Code 2001) to `cmd` of `app`, from `node`. */
export function answer(ids: DiameterIds, cmd: number, app: number, nodeHost: string, nodeRealm: string, extra: ReturnType<typeof avp>[] = []): Uint8Array {
  return buildDiameter({
    cmd,
    app,
    hbh: ids.hbh,
    e2e: ids.e2e,
    avps: [avp(263, ids.session), vsai(app), avp(268, DIAMETER_SUCCESS), avp(277, NO_STATE_MAINTAINED), avp(264, nodeHost), avp(296, nodeRealm), ...extra],
  });
}

/** SLg Provide-Location-Request (TS 29.172 §7.3.1) from a GMLC to the serving MME. */
export function plr(ids: DiameterIds, imsi: string, msisdn: string, gmlc: Network, mme: Network): Uint8Array {
  return buildDiameter({
    cmd: DIAMETER_CMD.slg.PLR,
    app: SLG,
    request: true,
    hbh: ids.hbh,
    e2e: ids.e2e,
    avps: [
      avp(263, ids.session),
      vsai(SLG),
      avp(277, NO_STATE_MAINTAINED),
      avp(264, host.gmlc(gmlc)),
      avp(296, realmOf(gmlc)),
      avp(293, host.mme(mme)),
      avp(283, realmOf(mme)),
      avp3(2500, 0), // SLg-Location-Type CURRENT_LOCATION (§7.4.2)
      avp(1, imsi),
      msisdnAvp(msisdn),
      group(2501, [avp3(1238, 'lbs-client'), avp3(1237, 2)], { vendor: VENDOR_3GPP }), // LCS-Format-Indicator: LOGICAL_NAME
      avp3(1241, 1), // LCS-Client-Type: VALUE_ADDED_SERVICES (TS 32.299 §7.2)
    ],
  });
}

/** Provide-Location-Answer (§7.3.2): Location-Estimate (TS 23.032 ellipsoid point) and its age. */
export function pla(ids: DiameterIds, mme: Network, estimate: Uint8Array): Uint8Array {
  return answer(ids, DIAMETER_CMD.slg.PLR, SLG, host.mme(mme), realmOf(mme), [avp3(1242, estimate), avp3(2514, 0)]);
}

/** TS 23.032 §7.3.1 ellipsoid point (type 0): latitude/longitude in 24-bit fixed point. */
export function ellipsoidPoint(lat: number, lon: number): Uint8Array {
  const la = Math.round((Math.abs(lat) / 90) * 2 ** 23) | (lat < 0 ? 0x800000 : 0);
  const lo = Math.round((lon / 360) * 2 ** 24) & 0xffffff;
  return Uint8Array.of(0x00, la >> 16, (la >> 8) & 0xff, la & 0xff, lo >> 16, (lo >> 8) & 0xff, lo & 0xff);
}
