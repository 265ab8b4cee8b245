/**
 * sendAuthenticationInfo result (TS 29.002 §8.5.2, §17.7.1): how many authentication sets the HLR
 * handed out, by kind. Only counted — the vectors themselves (RAND, SRES, Kc, CK, IK, AUTN, KASME)
 * are key material and never enter an event.
 *
 * v3: SendAuthenticationInfoRes ::= [3] SEQUENCE { authenticationSetList AuthenticationSetList
 *     OPTIONAL, extensionContainer OPTIONAL, ..., eps-AuthenticationSetList [2] OPTIONAL }
 *     AuthenticationSetList ::= CHOICE { tripletList [0] TripletList, quintupletList [1] QuintupletList }
 *     TripletList / QuintupletList / EPS-AuthenticationSetList ::= SEQUENCE SIZE (1..5) OF ...
 * v2: SendAuthenticationInfoRes ::= SEQUENCE SIZE (1..5) OF AuthenticationSet (triplets).
 */
import type { Tlv } from '../../../asn1/ber.js';
import { C, U, is, type ArgReader } from './reader.js';

/** Number of elements in the SEQUENCE OF `t` (read at `depth`). */
function count(r: ArgReader, t: Tlv, depth: number): number {
  let n = 0;
  for (let p = t.valueStart, c = r.next(depth, p, t.valueEnd); c; p = c.end, c = r.next(depth, p, t.valueEnd)) n++;
  return n;
}

export function sendAuthenticationInfoRes(r: ArgReader, t: Tlv): void {
  if (is(t, U, 16)) {
    // v2: the bare list of triplets
    r.args['tripletCount'] = count(r, t, 1);
    return;
  }
  for (let p = t.valueStart, c = r.next(1, p, t.valueEnd); c; p = c.end, c = r.next(1, p, t.valueEnd)) {
    if (is(c, C, 0)) r.args['tripletCount'] = count(r, c, 2);
    else if (is(c, C, 1)) r.args['quintupletCount'] = count(r, c, 2);
    else if (is(c, C, 2)) r.args['epsVectorCount'] = count(r, c, 2);
  }
}
