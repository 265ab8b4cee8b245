/**
 * Inter-MSC handover (TS 29.002 §17.6.1; data types §17.7.1): prepareHandover and
 * prepareSubsequentHandover. The target cell is the subscriber's next location.
 */
import type { Tlv } from '../../../asn1/ber.js';
import { cellText } from './location.js';
import { C, U, is, type ArgReader } from './reader.js';

/** GlobalCellId ::= OCTET STRING (SIZE (5..7)) (§17.7.8): as 'mcc-mnc-lac[-ci]'. */
function targetCell(r: ArgReader, t: Tlv): void {
  const text = cellText(r.bytes, t.valueStart, t.valueEnd - t.valueStart);
  if (text !== undefined) r.args['targetCellId'] = text;
  else r.bad(`targetCellId of ${t.valueEnd - t.valueStart} octets`);
}

/**
 * PrepareHO-Arg v3 ::= [3] SEQUENCE { targetCellId [0] GlobalCellId, ho-NumberNotRequired NULL,
 * targetRNCId [1], an-APDU [2], multipleBearerRequested [3], imsi [4] IMSI, ... };
 * v2 ::= SEQUENCE { targetCellId GlobalCellId, ho-NumberNotRequired NULL, bss-APDU ExternalSignalInfo, ... }.
 */
export function prepareHandoverArg(r: ArgReader, seq: Tlv): void {
  const v2 = is(seq, U, 16);
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (v2 ? is(t, U, 4) : is(t, C, 0)) targetCell(r, t);
    else if (!v2 && is(t, C, 4)) r.ownImsi(t);
  }
}

/**
 * PrepareSubsequentHO-Arg v3 ::= [3] SEQUENCE { targetCellId [0] GlobalCellId, targetMSC-Number [1]
 * ISDN-AddressString, targetRNCId [2], an-APDU [3], selectedRab-Id [4], extensionContainer [5], ... };
 * v2 ::= SEQUENCE { targetCellId GlobalCellId, targetMSC-Number ISDN-AddressString, bss-APDU ExternalSignalInfo }.
 */
export function prepareSubsequentHandoverArg(r: ArgReader, seq: Tlv): void {
  const v2 = is(seq, U, 16);
  let octets = 0;
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (v2 && is(t, U, 4)) {
      if (octets++ === 0) targetCell(r, t);
      else r.putAddress('targetMscNumber', t) && (r.args.targetMscNumber = r.addrValue);
    } else if (!v2 && is(t, C, 0)) targetCell(r, t);
    else if (!v2 && is(t, C, 1)) r.putAddress('targetMscNumber', t) && (r.args.targetMscNumber = r.addrValue);
  }
}
