/**
 * GPRS location information (TS 29.002 §17.6.2 / §17.7.1): sendRoutingInfoForGprs (GGSN asks the HLR
 * where a subscriber's SGSN is), failureReport and noteMsPresentForGprs (network-requested PDP context).
 */
import type { Tlv } from '../../../asn1/ber.js';
import { gsnAddress } from './mobility.js';
import { C, is, type ArgReader } from './reader.js';

/** SendRoutingInfoForGprsArg ::= SEQUENCE { imsi [0] IMSI, ggsn-Address [1] GSN-Address, ggsn-Number [2] ISDN-AddressString, extensionContainer [3] } */
export function sendRoutingInfoForGprsArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, C, 0)) r.ownImsi(t);
    else if (is(t, C, 1)) r.args['ggsnAddress'] = gsnAddress(r, t);
    else if (is(t, C, 2)) r.putAddress('ggsnNumber', t) && (r.args.ggsnNumber = r.addrValue);
  }
}

/** SendRoutingInfoForGprsRes ::= SEQUENCE { sgsn-Address [0] GSN-Address, ggsn-Address [1], mobileNotReachableReason [2], extensionContainer [3] } */
export function sendRoutingInfoForGprsRes(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, C, 0)) r.args['sgsnAddress'] = gsnAddress(r, t);
    else if (is(t, C, 1)) r.args['ggsnAddress'] = gsnAddress(r, t);
    else if (is(t, C, 2)) r.args['mobileNotReachableReason'] = r.int(t);
  }
}

/** FailureReportArg ::= SEQUENCE { imsi [0] IMSI, ggsn-Number [1] ISDN-AddressString, ggsn-Address [2] GSN-Address, extensionContainer [3], ... } */
export function failureReportArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, C, 0)) r.ownImsi(t);
    else if (is(t, C, 1)) r.putAddress('ggsnNumber', t) && (r.args.ggsnNumber = r.addrValue);
    else if (is(t, C, 2)) r.args['ggsnAddress'] = gsnAddress(r, t);
  }
}

/** NoteMsPresentForGprsArg ::= SEQUENCE { imsi [0] IMSI, sgsn-Address [1] GSN-Address, ggsn-Address [2] GSN-Address, extensionContainer [3], ... } */
export function noteMsPresentForGprsArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, C, 0)) r.ownImsi(t);
    else if (is(t, C, 1)) r.args['sgsnAddress'] = gsnAddress(r, t);
    else if (is(t, C, 2)) r.args['ggsnAddress'] = gsnAddress(r, t);
  }
}
