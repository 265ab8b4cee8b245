/**
 * Subscriber tracing (TS 29.002 §17.6.6; data types §17.7.10 MAP-OM-DataTypes): activateTraceMode
 * and deactivateTraceMode (HLR → VLR/SGSN). Trace activation from outside the home network is a
 * known probing step, so the trace reference is kept.
 */
import type { Tlv } from '../../../asn1/ber.js';
import { gsnAddress } from './mobility.js';
import { C, is, type ArgReader } from './reader.js';

/**
 * ActivateTraceModeArg ::= SEQUENCE { imsi [0] IMSI, traceReference [1] TraceReference, traceType [2]
 * TraceType, omc-Id [3] AddressString, extensionContainer [4], ..., traceReference2 [5], traceDepthList [6],
 * traceNE-TypeList [7], traceInterfaceList [8], traceEventList [9], traceCollectionEntity [10] GSN-Address, ... }
 */
export function activateTraceModeArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, C, 0)) r.ownImsi(t);
    else if (is(t, C, 1)) r.args['traceReference'] = r.hex(t);
    else if (is(t, C, 2)) r.args['traceType'] = r.int(t);
    else if (is(t, C, 3)) r.putAddress('omcId', t) && (r.args.omcId = r.addrValue);
    else if (is(t, C, 5)) r.args['traceReference2'] = r.hex(t);
    else if (is(t, C, 10)) r.args['traceCollectionEntity'] = gsnAddress(r, t);
  }
}

/** DeactivateTraceModeArg ::= SEQUENCE { imsi [0] IMSI, traceReference [1] TraceReference, extensionContainer [2], ..., traceReference2 [3] } */
export function deactivateTraceModeArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, C, 0)) r.ownImsi(t);
    else if (is(t, C, 1)) r.args['traceReference'] = r.hex(t);
    else if (is(t, C, 3)) r.args['traceReference2'] = r.hex(t);
  }
}
