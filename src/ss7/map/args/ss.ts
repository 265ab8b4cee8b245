/**
 * Supplementary service management (TS 29.002 §17.6.4 operations; §17.7.4 MAP-SS-DataTypes):
 * registerSS (10) and the SS-ForBS-Code operations eraseSS (11), activateSS (12),
 * deactivateSS (13), interrogateSS (14). The subscriber is not in these arguments: it is the
 * dialogue's MAP-OPEN destination reference (§7.3.1 Table 7.3/2; tcap-decoder.ts).
 */
import type { Tlv } from '../../../asn1/ber.js';
import { C, U, is, type ArgReader } from './reader.js';

/**
 * RegisterSS-Arg ::= SEQUENCE { ss-Code SS-Code, basicService BasicServiceCode OPTIONAL,
 * forwardedToNumber [4] AddressString OPTIONAL, forwardedToSubaddress [6] OPTIONAL,
 * noReplyConditionTime [5] OPTIONAL, ..., defaultPriority [7], nbrUser [8], longFTN-Supported [9] }:
 * `ssCode` (SS-Code ::= OCTET STRING (SIZE (1)), MAP-SS-Code: 0x21 cfu ... 0x2b cfnrc), and the
 * number calls are forwarded to (`forwardedToNumber`).
 */
export function registerSsArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, U, 4)) ssCode(r, t);
    else if (is(t, C, 4)) r.putAddress('forwardedToNumber', t) && (r.args.forwardedToNumber = r.addrValue);
  }
}

/** SS-ForBS-Code ::= SEQUENCE { ss-Code SS-Code, basicService BasicServiceCode OPTIONAL, ..., longFTN-Supported [4] NULL }: `ssCode`. */
export function ssForBsCodeArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, U, 4)) ssCode(r, t);
  }
}

/** The first SS-Code (one octet; a longer one is malformed: its first octet is kept, with the anomaly). */
function ssCode(r: ArgReader, t: Tlv): void {
  if (r.args.ssCode !== undefined || t.constructed) return;
  if (t.valueEnd - t.valueStart !== 1) r.bad(`SS-Code of ${t.valueEnd - t.valueStart} octets`);
  if (t.valueEnd > t.valueStart) r.args.ssCode = r.bytes[t.valueStart]!;
}
