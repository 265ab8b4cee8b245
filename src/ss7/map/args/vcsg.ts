/**
 * VPLMN CSG subscription (TS 29.002 §17.6.1; data types §17.7.1): updateVcsgLocation (VLR/SGSN →
 * CSS) and cancelVcsgLocation (CSS → VLR/SGSN).
 */
import type { Tlv } from '../../../asn1/ber.js';
import { identity } from './mobility.js';
import { C, U, is, type ArgReader } from './reader.js';

/**
 * UpdateVcsgLocationArg ::= SEQUENCE { imsi IMSI, msisdn [2] ISDN-AddressString, vlr-Number [0]
 * ISDN-AddressString, sgsn-Number [1] ISDN-AddressString, extensionContainer, ... }
 */
export function updateVcsgLocationArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, U, 4)) r.ownImsi(t);
    else if (is(t, C, 2)) r.ownMsisdn(t);
    else if (is(t, C, 0)) r.putAddress('vlrNumber', t) && (r.args.vlrNumber = r.addrValue);
    else if (is(t, C, 1)) r.putAddress('sgsnNumber', t) && (r.args.sgsnNumber = r.addrValue);
  }
}

/** CancelVcsgLocationArg ::= SEQUENCE { identity Identity, extensionContainer, ... } */
export function cancelVcsgLocationArg(r: ArgReader, seq: Tlv): void {
  const t = r.next(1, seq.valueStart, seq.valueEnd);
  if (t !== undefined && (is(t, U, 4) || is(t, U, 16))) identity(r, t, 2);
  else r.bad('cancelVcsgLocation without Identity');
}
