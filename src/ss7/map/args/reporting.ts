/**
 * CCBS reporting between HLR and VLR (TS 29.002 §17.6.3; data types §17.7.3 MAP-CH-DataTypes):
 * setReportingState, statusReport, remoteUserFree.
 */
import type { Tlv } from '../../../asn1/ber.js';
import { eachChild } from './camel.js';
import { C, is, type ArgReader } from './reader.js';

/**
 * SetReportingStateArg ::= SEQUENCE { imsi [0] IMSI, lmsi [1] LMSI, ccbs-Monitoring [2] ReportingState, extensionContainer [3], ... }
 * StatusReportArg ::= SEQUENCE { imsi [0] IMSI, eventReportData [1], callReportdata [2], extensionContainer [3], ... }
 * (also IST-AlertArg / IST-CommandArg ::= SEQUENCE { imsi [0] IMSI, extensionContainer [1], ... }).
 */
export function imsiLmsiArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, C, 0)) r.ownImsi(t);
    else if (is(t, C, 1) && !t.constructed) r.args['lmsi'] = r.hex(t);
  }
}

/**
 * RemoteUserFreeArg ::= SEQUENCE { imsi [0] IMSI, callInfo [1] ExternalSignalInfo, ccbs-Feature [2]
 * CCBS-Feature, translatedB-Number [3] ISDN-AddressString, replaceB-Number [4] NULL, alertingPattern [5], ... }
 * CCBS-Feature ::= SEQUENCE { ccbs-Index [0], b-subscriberNumber [1] ISDN-AddressString, b-subscriberSubaddress [2], basicServiceGroup [3] }
 */
export function remoteUserFreeArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, C, 0)) r.ownImsi(t);
    else if (is(t, C, 2)) eachChild(r, t, 2, (c) => is(c, C, 1) && r.putAddress('bSubscriberNumber', c) && (r.args.bSubscriberNumber = r.addrValue));
    else if (is(t, C, 3)) r.putAddress('translatedBNumber', t) && (r.args.translatedBNumber = r.addrValue);
  }
}
