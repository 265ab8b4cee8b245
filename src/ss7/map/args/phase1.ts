/**
 * GSM 09.02 phase 1 operations (AC version 1 only) without a later equivalent decoded elsewhere:
 * sendParameters (VLR → HLR / VLR → previous VLR) and beginSubscriberActivity (MSC → VLR).
 */
import type { Tlv } from '../../../asn1/ber.js';
import { C, U, is, type ArgReader } from './reader.js';

/** RequestParameter ::= ENUMERATED { requestIMSI (0), requestAuthenticationSet (1), requestSubscriberData (2), requestKi (4) } */
const REQUEST_PARAMETER: Readonly<Record<number, string>> = { 0: 'requestIMSI', 1: 'requestAuthenticationSet', 2: 'requestSubscriberData', 4: 'requestKi' };

/**
 * SendParametersArg ::= SEQUENCE { subscriberId SubscriberId, requestParameterList RequestParameterList }
 * SubscriberId ::= CHOICE { imsi [0] IMSI, tmsi [1] TMSI }; RequestParameterList ::= SEQUENCE OF RequestParameter.
 */
export function sendParametersArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, C, 0)) r.ownImsi(t);
    else if (is(t, C, 1)) r.args['tmsi'] = r.hex(t);
    else if (is(t, U, 16)) {
      const names: string[] = [];
      for (let q = t.valueStart, c = r.next(2, q, t.valueEnd); c; q = c.end, c = r.next(2, q, t.valueEnd)) {
        if (is(c, U, 10) && r.room(names, 'requestParameters')) names.push(REQUEST_PARAMETER[r.int(c)] ?? String(r.int(c)));
      }
      r.args['requestParameters'] = names;
    }
  }
}

const CLASS_NAME = ['UNIVERSAL ', 'APPLICATION ', '', 'PRIVATE '] as const;

/**
 * BeginSubscriberActivityArg ::= SEQUENCE { imsi IMSI, originatingEntityNumber ISDN-AddressString }:
 * two untagged OCTET STRINGs, told apart by position.
 */
export function beginSubscriberActivityArg(r: ArgReader, seq: Tlv): void {
  let i = 0;
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    const pos = i++;
    if (!is(t, U, 4)) {
      if (pos < 2) r.bad(`element ${pos} is [${CLASS_NAME[t.cls] ?? ''}${t.tag}], expected OCTET STRING`);
    } else if (pos === 0) r.ownImsi(t);
    else if (pos === 1) r.putAddress('originatingEntityNumber', t) && (r.args.originatingEntityNumber = r.addrValue);
  }
}
