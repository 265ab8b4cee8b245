/**
 * Group call (VGCS/VBS) signalling between anchor and relay MSC (TS 29.002 §17.6.7; data types
 * §17.7.11 MAP-GR-DataTypes): sendGroupCallEndSignal and forwardGroupCallSignalling.
 */
import type { Tlv } from '../../../asn1/ber.js';
import { U, is, type ArgReader } from './reader.js';

/**
 * SendGroupCallEndSignalArg ::= SEQUENCE { imsi IMSI OPTIONAL, extensionContainer, ..., talkerPriority [0], ... }
 * ForwardGroupCallSignallingArg ::= SEQUENCE { imsi IMSI OPTIONAL, uplinkRequestAck [0], ..., an-APDU [10] }
 * The talker's IMSI is the only untagged OCTET STRING in either.
 */
export function groupCallImsiArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, U, 4)) r.ownImsi(t);
  }
}
