/**
 * Location services operations (TS 29.002 §17.6.8; data types §17.7.13, LCS-DataTypes):
 * provideSubscriberLocation, sendRoutingInfoForLCS, subscriberLocationReport.
 */
import type { Tlv } from '../../../asn1/ber.js';
import type { LocationInfo } from '../../../events/types.js';
import { shapeInto } from './geo-shape.js';
import { cellOrLai, subscriberIdentity } from './location.js';
import { gsnAddress } from './mobility.js';
import { C, U, is, type ArgReader } from './reader.js';

/** LocationEstimateType (LocationType.locationEstimateType [0]). */
const LOCATION_ESTIMATE_TYPE = [
  'currentLocation',
  'currentOrLastKnownLocation',
  'initialLocation',
  'activateDeferredLocation',
  'cancelDeferredLocation',
  'notificationVerificationOnly',
] as const;
/** LCS-Event ::= ENUMERATED. */
const LCS_EVENT = [
  'emergencyCallOrigination',
  'emergencyCallRelease',
  'mo-lr',
  'deferredmt-lrResponse',
  'deferredmo-lrTTTPInitiation',
  'emergencyCallHandover',
] as const;

/**
 * LCS-ClientID ::= SEQUENCE { lcsClientType [0], lcsClientExternalID [1] LCS-ClientExternalID,
 * lcsClientDialedByMS [2] AddressString, lcsClientInternalID [3], lcsClientName [4], ... }
 * LCS-ClientExternalID ::= SEQUENCE { externalAddress [0] ISDN-AddressString, extensionContainer [1] }
 */
function lcsClientId(r: ArgReader, t: Tlv, depth: number): void {
  for (let p = t.valueStart, c = r.next(depth, p, t.valueEnd); c; p = c.end, c = r.next(depth, p, t.valueEnd)) {
    if (is(c, C, 0)) r.args['lcsClientType'] = r.int(c);
    else if (is(c, C, 1)) {
      for (let q = c.valueStart, e = r.next(depth + 1, q, c.valueEnd); e; q = e.end, e = r.next(depth + 1, q, c.valueEnd)) {
        if (is(e, C, 0)) r.putAddress('lcsClientExternalAddress', e) && (r.args.lcsClientExternalAddress = r.addrValue);
      }
    } else if (is(c, C, 2)) r.putAddress('lcsClientDialedByMs', c) && (r.args.lcsClientDialedByMs = r.addrValue);
  }
}

/**
 * LCSLocationInfo ::= SEQUENCE { networkNode-Number ISDN-AddressString, lmsi [0], extensionContainer [1],
 * gprsNodeIndicator [2], additional-Number [3] Additional-Number, ..., mme-Name [6], ... }
 */
function lcsLocationInfo(r: ArgReader, t: Tlv, depth: number): void {
  for (let p = t.valueStart, c = r.next(depth, p, t.valueEnd); c; p = c.end, c = r.next(depth, p, t.valueEnd)) {
    if (is(c, U, 4)) r.putAddress('networkNodeNumber', c) && (r.args.networkNodeNumber = r.addrValue);
    else if (is(c, C, 0)) r.args['lmsi'] = r.hex(c);
    else if (is(c, C, 2)) r.args['gprsNodeIndicator'] = true;
    else if (is(c, C, 3)) {
      const a = r.next(depth + 1, c.valueStart, c.valueEnd);
      if (a !== undefined && is(a, C, 1)) r.putAddress('sgsnNumber', a) && (r.args.sgsnNumber = r.addrValue);
      else if (a !== undefined) r.putAddress('mscNumber', a) && (r.args.mscNumber = r.addrValue);
    }
  }
}

/**
 * ProvideSubscriberLocation-Arg ::= SEQUENCE { locationType LocationType, mlc-Number ISDN-AddressString,
 * lcs-ClientID [0], privacyOverride [1], imsi [2] IMSI, msisdn [3] ISDN-AddressString, lmsi [4],
 * imei [5], lcs-Priority [6], lcs-QoS [7], extensionContainer [8], ..., h-gmlc-Address [15] GSN-Address, ... }
 */
export function provideSubscriberLocationArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, U, 16)) {
      const e = r.next(2, t.valueStart, t.valueEnd);
      if (e !== undefined && is(e, C, 0)) {
        const v = r.int(e);
        r.args['locationEstimateType'] = LOCATION_ESTIMATE_TYPE[v] ?? String(v);
      }
    } else if (is(t, U, 4)) r.putAddress('mlcNumber', t) && (r.args.mlcNumber = r.addrValue);
    else if (is(t, C, 0)) lcsClientId(r, t, 2);
    else if (is(t, C, 1)) r.args['privacyOverride'] = true;
    else if (is(t, C, 2)) r.ownImsi(t);
    else if (is(t, C, 3)) r.ownMsisdn(t);
    else if (is(t, C, 5)) r.args['imei'] = r.hex(t);
    else if (is(t, C, 15)) r.args['hGmlcAddress'] = gsnAddress(r, t);
  }
}

/**
 * ProvideSubscriberLocation-Res ::= SEQUENCE { locationEstimate Ext-GeographicalInformation,
 * ageOfLocationEstimate [0], extensionContainer [1], add-LocationEstimate [2], ...,
 * cellIdOrSai [6] CellGlobalIdOrServiceAreaIdOrLAI, sai-Present [7], ... }
 */
export function provideSubscriberLocationRes(r: ArgReader, seq: Tlv): void {
  const loc: LocationInfo = {};
  let cellStart = -1;
  let sai = false;
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, U, 4)) locationEstimate(r, t, loc);
    else if (is(t, C, 0)) loc.ageOfLocation = r.int(t);
    else if (is(t, C, 6)) cellStart = t.start;
    else if (is(t, C, 7)) sai = true;
  }
  if (cellStart >= 0) {
    const cell = r.next(1, cellStart, seq.valueEnd);
    if (cell !== undefined) cellOrLai(r, cell, 2, loc, sai);
  }
  r.args.locationInfo = loc;
}

/** Ext-GeographicalInformation ::= OCTET STRING (SIZE (1..20)) (§17.7.13, TS 23.032 §7): hex, plus shape and point. */
function locationEstimate(r: ArgReader, t: Tlv, loc: LocationInfo): void {
  loc.locationEstimate = r.hex(t);
  shapeInto(loc, r.bytes, t.valueStart, t.valueEnd);
}

/** RoutingInfoForLCS-Arg ::= SEQUENCE { mlcNumber [0] ISDN-AddressString, targetMS [1] SubscriberIdentity, extensionContainer [2] } */
export function sendRoutingInfoForLcsArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, C, 0)) r.putAddress('mlcNumber', t) && (r.args.mlcNumber = r.addrValue);
    else if (is(t, C, 1)) subscriberIdentity(r, t, 2);
  }
}

/**
 * RoutingInfoForLCS-Res ::= SEQUENCE { targetMS [0] SubscriberIdentity, lcsLocationInfo [1] LCSLocationInfo,
 * extensionContainer [2], v-gmlc-Address [3], h-gmlc-Address [4], ppr-Address [5], additional-v-gmlc-Address [6] }
 */
export function sendRoutingInfoForLcsRes(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, C, 0)) subscriberIdentity(r, t, 2);
    else if (is(t, C, 1)) lcsLocationInfo(r, t, 2);
    else if (is(t, C, 3)) r.args['vGmlcAddress'] = gsnAddress(r, t);
    else if (is(t, C, 4)) r.args['hGmlcAddress'] = gsnAddress(r, t);
  }
}

/**
 * SubscriberLocationReport-Arg ::= SEQUENCE { lcs-Event LCS-Event, lcs-ClientID LCS-ClientID,
 * lcsLocationInfo LCSLocationInfo, msisdn [0], imsi [1], imei [2], na-ESRD [3], na-ESRK [4],
 * locationEstimate [5], ageOfLocationEstimate [6], ..., cellIdOrSai [13], h-gmlc-Address [14], ...,
 * sai-Present [17], ... }
 */
export function subscriberLocationReportArg(r: ArgReader, seq: Tlv): void {
  const loc: LocationInfo = {};
  let seqs = 0;
  let cellStart = -1;
  let sai = false;
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, U, 10)) {
      const v = r.int(t);
      r.args['lcsEvent'] = LCS_EVENT[v] ?? String(v);
    } else if (is(t, U, 16)) {
      if (seqs++ === 0) lcsClientId(r, t, 2);
      else lcsLocationInfo(r, t, 2);
    } else if (is(t, C, 0)) r.ownMsisdn(t);
    else if (is(t, C, 1)) r.ownImsi(t);
    else if (is(t, C, 2)) r.args['imei'] = r.hex(t);
    else if (is(t, C, 3)) r.putAddress('naEsrd', t) && (r.args.naEsrd = r.addrValue);
    else if (is(t, C, 4)) r.putAddress('naEsrk', t) && (r.args.naEsrk = r.addrValue);
    else if (is(t, C, 5)) locationEstimate(r, t, loc);
    else if (is(t, C, 6)) loc.ageOfLocation = r.int(t);
    else if (is(t, C, 13)) cellStart = t.start;
    else if (is(t, C, 14)) r.args['hGmlcAddress'] = gsnAddress(r, t);
    else if (is(t, C, 17)) sai = true;
  }
  if (cellStart >= 0) {
    const cell = r.next(1, cellStart, seq.valueEnd);
    if (cell !== undefined) cellOrLai(r, cell, 2, loc, sai);
  }
  r.args.locationInfo = loc;
}
