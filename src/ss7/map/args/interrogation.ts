/**
 * Subscriber information enquiry (TS 29.002 §17.6.1 / §17.6.3; data types §17.7.1):
 * provideSubscriberInfo (HLR → VLR/SGSN), anyTimeInterrogation and anyTimeSubscriptionInterrogation
 * (gsmSCF → HLR).
 */
import type { Tlv } from '../../../asn1/ber.js';
import { requestedInfo, subscriberIdentity, subscriberInfo } from './location.js';
import { C, U, is, type ArgReader } from './reader.js';

/** ProvideSubscriberInfoArg ::= SEQUENCE { imsi [0] IMSI, lmsi [1] LMSI, requestedInfo [2] RequestedInfo, extensionContainer [3], callPriority [4] } */
export function provideSubscriberInfoArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, C, 0)) r.ownImsi(t);
    else if (is(t, C, 1)) r.args['lmsi'] = r.hex(t);
    else if (is(t, C, 2)) requestedInfo(r, t, 2);
  }
}

/**
 * AnyTimeInterrogationArg ::= SEQUENCE { subscriberIdentity [0] SubscriberIdentity, requestedInfo [1] RequestedInfo,
 * extensionContainer [2], gsmSCF-Address [3] ISDN-AddressString }
 */
export function anyTimeInterrogationArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, C, 0)) subscriberIdentity(r, t, 2);
    else if (is(t, C, 1)) requestedInfo(r, t, 2);
    else if (is(t, C, 3)) r.putAddress('gsmScfAddress', t) && (r.args.gsmScfAddress = r.addrValue);
  }
}

/** RequestedSubscriptionInfo (§17.7.1) item tags → names. */
const REQUESTED_SUBSCRIPTION_INFO: Readonly<Record<number, string>> = {
  1: 'ss-Info',
  2: 'odb',
  3: 'camel-SubscriptionInfo',
  4: 'supportedVLR-CAMEL-Phases',
  5: 'supportedSGSN-CAMEL-Phases',
  7: 'additionalCamel-SubscriptionInfo',
  8: 'msisdn-BS-List',
  9: 'csg-SubscriptionData',
  10: 'cw-Info',
  11: 'clip-Info',
  12: 'clir-Info',
  13: 'hold-Info',
  14: 'ect-Info',
};

/**
 * AnyTimeSubscriptionInterrogationArg ::= SEQUENCE { subscriberIdentity [0] SubscriberIdentity,
 * requestedSubscriptionInfo [1] RequestedSubscriptionInfo, gsmSCF-Address [2] ISDN-AddressString,
 * extensionContainer [3], longFTN-Supported [4], ... }
 */
export function anyTimeSubscriptionInterrogationArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, C, 0)) subscriberIdentity(r, t, 2);
    else if (is(t, C, 1)) {
      const names: string[] = [];
      for (let q = t.valueStart, c = r.next(2, q, t.valueEnd); c; q = c.end, c = r.next(2, q, t.valueEnd)) {
        const n = c.cls === C ? REQUESTED_SUBSCRIPTION_INFO[c.tag] : undefined;
        if (n !== undefined && r.room(names, 'requestedSubscriptionInfo')) names.push(n);
      }
      r.args['requestedSubscriptionInfo'] = names;
    } else if (is(t, C, 2)) r.putAddress('gsmScfAddress', t) && (r.args.gsmScfAddress = r.addrValue);
  }
}

/** ProvideSubscriberInfoRes / AnyTimeInterrogationRes ::= SEQUENCE { subscriberInfo SubscriberInfo, extensionContainer } */
export function subscriberInfoRes(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, U, 16)) subscriberInfo(r, t, 2);
  }
}
