/**
 * Subscriber information enquiry (TS 29.002 §17.6.1 / §17.6.3; data types §17.7.1):
 * provideSubscriberInfo (HLR → VLR/SGSN) and anyTimeInterrogation (gsmSCF → HLR).
 */
import type { Tlv } from '../../../asn1/ber.js';
import { requestedInfo, subscriberIdentity, subscriberInfo } from './location.js';
import { put } from './mobility.js';
import { C, U, is, type ArgReader } from './reader.js';

/** ProvideSubscriberInfoArg ::= SEQUENCE { imsi [0] IMSI, lmsi [1] LMSI, requestedInfo [2] RequestedInfo, extensionContainer [3], callPriority [4] } */
export function provideSubscriberInfoArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, C, 0)) r.ownImsi(t);
    else if (is(t, C, 1)) r.args['lmsi'] = r.hex(t);
    else if (is(t, C, 2)) requestedInfo(r, t, 2);
  }
}

/** AnyTimeInterrogationArg ::= SEQUENCE { subscriberIdentity [0] SubscriberIdentity, requestedInfo [1] RequestedInfo, extensionContainer [2], gsmSCF-Address [3] ISDN-AddressString } */
export function anyTimeInterrogationArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, C, 0)) subscriberIdentity(r, t, 2);
    else if (is(t, C, 1)) requestedInfo(r, t, 2);
    else if (is(t, C, 3)) put(r, 'gsmScfAddress', r.address(t));
  }
}

/** ProvideSubscriberInfoRes / AnyTimeInterrogationRes ::= SEQUENCE { subscriberInfo SubscriberInfo, extensionContainer } */
export function subscriberInfoRes(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, U, 16)) subscriberInfo(r, t, 2);
  }
}
