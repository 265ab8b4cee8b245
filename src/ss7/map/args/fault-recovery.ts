/**
 * Fault recovery (TS 29.002 §17.6.1; data types §17.7.1): reset (HLR restart → VLRs/SGSNs) and
 * restoreData (VLR restart → HLR).
 */
import type { Tlv } from '../../../asn1/ber.js';
import { eachChild } from './camel.js';
import { deleteSubscriberData } from './mobility.js';
import { C, U, is, type ArgReader } from './reader.js';
import { insertSubscriberData } from './subscriber-data.js';

/**
 * ResetArg ::= SEQUENCE { sendingNodenumber SendingNode-Number, hlr-List HLR-List, extensionContainer [0],
 * ..., reset-Id-List [1], subscriptionData [2] InsertSubscriberDataArg, subscriptionDataDeletion [3]
 * DeleteSubscriberDataArg }; SendingNode-Number ::= CHOICE { hlr-Number ISDN-AddressString, css-Number [1] }.
 * v1/v2: SEQUENCE { networkResource NetworkResource (v1), hlr-Number ISDN-AddressString, hlr-List HLR-List }.
 * HLR-List ::= SEQUENCE OF HLR-Id; HLR-Id ::= IMSI (leading digits: MCC, MNC, leading MSIN digits),
 * listed in `args.hlrList` and, being IMSI-typed, among the component's IMSIs.
 */
export function resetArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, U, 4)) r.putAddress('hlrNumber', t) && (r.args.hlrNumber = r.addrValue);
    else if (is(t, C, 1) && !t.constructed) r.putAddress('cssNumber', t) && (r.args.cssNumber = r.addrValue);
    else if (is(t, U, 16)) {
      const ids: string[] = [];
      eachChild(r, t, 2, (c) => {
        if (!is(c, U, 4)) return;
        const id = r.imsi(c); // checked and among the component's IMSIs even past the list's cap
        if (r.room(ids, 'hlrList')) ids.push(id);
      });
      r.args['hlrList'] = ids;
    } else if (is(t, C, 2)) insertSubscriberData(r, t, 2);
    else if (is(t, C, 3)) deleteSubscriberData(r, t, 2);
  }
}

/** RestoreDataArg ::= SEQUENCE { imsi IMSI, lmsi LMSI, extensionContainer, ..., vlr-Capability [6], restorationIndicator [7] } */
export function restoreDataArg(r: ArgReader, seq: Tlv): void {
  let octets = 0;
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, U, 4)) {
      if (octets++ === 0) r.ownImsi(t);
      else r.args['lmsi'] = r.hex(t);
    } else if (is(t, C, 7)) r.args['restorationIndicator'] = true;
  }
}
