/**
 * Call handling operations (TS 29.002 §17.6.3; data types §17.7.3): sendRoutingInfo,
 * provideRoamingNumber, resumeCallHandling, releaseResources, ist-Alert / ist-Command (reporting.ts).
 */
import type { Tlv } from '../../../asn1/ber.js';
import { csi } from './camel.js';
import { subscriberInfo } from './location.js';
import { C, U, is, type ArgReader } from './reader.js';

/**
 * SendRoutingInfoArg ::= SEQUENCE { msisdn [0] ISDN-AddressString, cug-CheckInfo [1],
 * numberOfForwarding [2], interrogationType [3], or-Interrogation [4], or-Capability [5],
 * gmsc-OrGsmSCF-Address [6] ISDN-AddressString, callReferenceNumber [7], ... }
 */
export function sendRoutingInfoArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, C, 0)) r.ownMsisdn(t);
    else if (is(t, C, 3)) r.args['interrogationType'] = r.int(t) === 0 ? 'basicCall' : 'forwarding';
    else if (is(t, C, 6)) r.putAddress('gmscAddress', t) && (r.args.gmscAddress = r.addrValue);
  }
}

/**
 * SendRoutingInfoRes: v3 `[3] SEQUENCE { imsi [9] IMSI, extendedRoutingInfo ExtendedRoutingInfo,
 * cug-CheckInfo [3], cugSubscriptionFlag [6], subscriberInfo [7] SubscriberInfo, ss-List [1],
 * basicService [5], forwardingInterrogationRequired [4], vmsc-Address [2] ISDN-AddressString,
 * extensionContainer [0], ..., msisdn [12] ISDN-AddressString, ..., routingInfo2 [17] }`;
 * v1/v2 `SEQUENCE { imsi IMSI, routingInfo RoutingInfo, cug-CheckInfo }`.
 * ExtendedRoutingInfo ::= CHOICE { routingInfo RoutingInfo, camelRoutingInfo [8] };
 * RoutingInfo ::= CHOICE { roamingNumber ISDN-AddressString, forwardingData ForwardingData }.
 */
export function sendRoutingInfoRes(r: ArgReader, seq: Tlv): void {
  let octets = 0;
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, U, 4)) {
      // v2: imsi then roamingNumber; v3: only roamingNumber is an untagged OCTET STRING
      if (octets++ === 0 && seq.cls === U) r.ownImsi(t);
      else r.putAddress('roamingNumber', t) && (r.args.roamingNumber = r.addrValue);
    } else if (is(t, U, 16)) forwardingData(r, t, 2);
    else if (is(t, C, 9)) r.ownImsi(t);
    else if (is(t, C, 8) || is(t, C, 17)) camelOrRoutingInfo(r, t);
    else if (is(t, C, 2)) r.putAddress('vmscAddress', t) && (r.args.vmscAddress = r.addrValue);
    else if (is(t, C, 7)) subscriberInfo(r, t, 2);
    else if (is(t, C, 12)) r.ownMsisdn(t);
  }
}

/** camelRoutingInfo [8] SEQUENCE { forwardingData, ... } or routingInfo2 [17] RoutingInfo (explicit). */
function camelOrRoutingInfo(r: ArgReader, t: Tlv): void {
  for (let p = t.valueStart, c = r.next(2, p, t.valueEnd); c; p = c.end, c = r.next(2, p, t.valueEnd)) {
    if (is(c, U, 16)) forwardingData(r, c, 3);
    else if (is(c, U, 4)) r.putAddress('roamingNumber', c) && (r.args.roamingNumber = r.addrValue);
  }
}

/**
 * ForwardingData ::= SEQUENCE { forwardedToNumber [5] ISDN-AddressString, forwardedToSubaddress [4],
 * forwardingOptions [6], ..., longForwardedToNumber [8] FTN-AddressString }
 */
function forwardingData(r: ArgReader, t: Tlv, depth: number): void {
  for (let p = t.valueStart, c = r.next(depth, p, t.valueEnd); c; p = c.end, c = r.next(depth, p, t.valueEnd)) {
    if (is(c, C, 5) || is(c, C, 8)) r.putAddress('forwardedToNumber', c) && (r.args.forwardedToNumber = r.addrValue);
  }
}

/**
 * ProvideRoamingNumberArg ::= SEQUENCE { imsi [0] IMSI, msc-Number [1] ISDN-AddressString,
 * msisdn [2] ISDN-AddressString, ..., lmsi [4], gsm-BearerCapability [5], networkSignalInfo [6],
 * suppressionOfAnnouncement [7], gmsc-Address [8] ISDN-AddressString, callReferenceNumber [9], ... }
 */
export function provideRoamingNumberArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, C, 0)) r.ownImsi(t);
    else if (is(t, C, 1)) r.putAddress('mscNumber', t) && (r.args.mscNumber = r.addrValue);
    else if (is(t, C, 2)) r.ownMsisdn(t);
    else if (is(t, C, 4)) r.args['lmsi'] = r.hex(t);
    else if (is(t, C, 8)) r.putAddress('gmscAddress', t) && (r.args.gmscAddress = r.addrValue);
  }
}

/**
 * ProvideRoamingNumberRes: v3 `SEQUENCE { roamingNumber ISDN-AddressString, extensionContainer,
 * releaseResourcesSupported NULL, vmsc-Address [0] ISDN-AddressString }`; v1/v2 the bare roamingNumber.
 */
export function provideRoamingNumberRes(r: ArgReader, t: Tlv): void {
  if (is(t, U, 4)) {
    r.putAddress('roamingNumber', t) && (r.args.roamingNumber = r.addrValue);
    return;
  }
  for (let p = t.valueStart, c = r.next(1, p, t.valueEnd); c; p = c.end, c = r.next(1, p, t.valueEnd)) {
    if (is(c, U, 4)) r.putAddress('roamingNumber', c) && (r.args.roamingNumber = r.addrValue);
    else if (is(c, C, 0)) r.putAddress('vmscAddress', c) && (r.args.vmscAddress = r.addrValue);
  }
}

/**
 * ResumeCallHandlingArg ::= SEQUENCE { callReferenceNumber [0], basicServiceGroup [1], forwardingData [2]
 * ForwardingData, imsi [3] IMSI, cug-CheckInfo [4], o-CSI [5] O-CSI, extensionContainer [7],
 * ccbs-Possible [8], msisdn [9] ISDN-AddressString, uu-Data [10], allInformationSent [11], ...,
 * d-csi [12] D-CSI, o-BcsmCamelTDPCriteriaList [13], basicServiceGroup2 [14], mtRoamingRetry [15] }
 */
export function resumeCallHandlingArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, C, 0)) r.args['callReferenceNumber'] = r.hex(t);
    else if (is(t, C, 2)) forwardingData(r, t, 2);
    else if (is(t, C, 3)) r.ownImsi(t);
    else if (is(t, C, 5)) csi(r, t, 2, 'ot');
    else if (is(t, C, 9)) r.ownMsisdn(t);
    else if (is(t, C, 12)) csi(r, t, 2, 'd');
    else if (is(t, C, 13)) csi(r, t, 2, 'oCriteria');
  }
}

/** ReleaseResourcesArg ::= SEQUENCE { msrn ISDN-AddressString, extensionContainer, ... } (the MSRN to release). */
export function releaseResourcesArg(r: ArgReader, seq: Tlv): void {
  const t = r.next(1, seq.valueStart, seq.valueEnd);
  if (t !== undefined && is(t, U, 4)) r.putAddress('roamingNumber', t) && (r.args.roamingNumber = r.addrValue);
  else r.bad('releaseResources without msrn');
}
