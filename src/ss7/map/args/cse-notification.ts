/**
 * Notifications to a gsmSCF (TS 29.002 §17.6.3 / §17.6.4; data types §17.7.1, §17.7.4):
 * ss-InvocationNotification (MSC/HLR → gsmSCF) and noteMM-Event (VLR/SGSN → gsmSCF, with the
 * subscriber's location).
 */
import type { Tlv } from '../../../asn1/ber.js';
import type { LocationInfo } from '../../../events/types.js';
import { eachChild } from './camel.js';
import { locationInformation, locationInformationGprs } from './location.js';
import { add } from './mobility.js';
import { C, U, is, type ArgReader } from './reader.js';

/**
 * SS-InvocationNotificationArg ::= SEQUENCE { imsi [0] IMSI, msisdn [1] ISDN-AddressString, ss-Event [2]
 * SS-Code, ss-EventSpecification [3] SS-EventSpecification, extensionContainer [4], ...,
 * b-subscriberNumber [5] ISDN-AddressString, ccbs-RequestState [6] }
 * SS-EventSpecification ::= SEQUENCE SIZE (1..2) OF AddressString (e.g. ECT/CD destination numbers).
 */
export function ssInvocationNotificationArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, C, 0)) r.ownImsi(t);
    else if (is(t, C, 1)) r.ownMsisdn(t);
    else if (is(t, C, 2)) r.args['ssEvent'] = r.hex(t);
    else if (is(t, C, 3)) eachChild(r, t, 2, (c) => is(c, U, 4) && add(r, 'ssEventSpecification', r.address(c)));
    else if (is(t, C, 5)) r.putAddress('bSubscriberNumber', t) && (r.args.bSubscriberNumber = r.addrValue);
  }
}

/** MM-Code ::= OCTET STRING (SIZE (1)) values (§17.7.1). */
const MM_CODE: Readonly<Record<number, string>> = {
  0x00: 'locationUpdateInSameVLR',
  0x01: 'locationUpdateToOtherVLR',
  0x02: 'imsi-Attach',
  0x03: 'ms-initiatedIMSI-Detach',
  0x04: 'network-initiatedIMSI-Detach',
  0x80: 'routeingAreaUpdateInSameSGSN',
  0x81: 'routeingAreaUpdateToOtherSGSN',
  0x82: 'gprs-Attach',
  0x83: 'ms-initiatedGPRS-Detach',
  0x84: 'network-initiatedGPRS-Detach',
  0x85: 'network-initiatedTransferToMS-NotReachableForPaging',
};

/**
 * NoteMM-EventArg ::= SEQUENCE { serviceKey ServiceKey, eventMet [0] MM-Code, imsi [1] IMSI, msisdn [2]
 * ISDN-AddressString, locationInformation [3] LocationInformation, supportedCAMELPhases [5],
 * extensionContainer [6], ..., locationInformationGPRS [7] LocationInformationGPRS, offeredCamel4Functionalities [8] }
 */
export function noteMmEventArg(r: ArgReader, seq: Tlv): void {
  let cs: LocationInfo | undefined;
  let ps: LocationInfo | undefined;
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, U, 2)) r.args['serviceKey'] = r.int(t);
    else if (is(t, C, 0) && t.valueEnd - t.valueStart === 1) r.args['eventMet'] = MM_CODE[r.bytes[t.valueStart]!] ?? r.hex(t);
    else if (is(t, C, 1)) r.ownImsi(t);
    else if (is(t, C, 2)) r.ownMsisdn(t);
    else if (is(t, C, 3)) cs = locationInformation(r, t, 2);
    else if (is(t, C, 7)) ps = locationInformationGprs(r, t, 2);
  }
  // As in SubscriberInfo (location.ts): the CS location wins, the SGSN number is kept from either.
  const loc = cs ?? ps;
  if (loc === undefined) return;
  if (ps?.sgsnNumber !== undefined) loc.sgsnNumber = ps.sgsnNumber;
  r.args.locationInfo = loc;
  if (loc.vlrNumber !== undefined) r.args.vlrNumber = loc.vlrNumber;
  if (loc.mscNumber !== undefined) r.args.mscNumber = loc.mscNumber;
  if (loc.sgsnNumber !== undefined) r.args.sgsnNumber = loc.sgsnNumber;
}
