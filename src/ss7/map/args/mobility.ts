/**
 * Mobility management and subscriber data operations (TS 29.002 §17.6.1 mobile service
 * operations; data types §17.7.1): updateLocation, cancelLocation, purgeMS, updateGprsLocation,
 * sendAuthenticationInfo, authenticationFailureReport, sendIMSI, deleteSubscriberData
 * (insertSubscriberData: subscriber-data.ts).
 */
import type { Tlv } from '../../../asn1/ber.js';
import { ipText } from '../../../core/bytes.js';
import { C, U, is, type ArgReader } from './reader.js';

/**
 * UpdateLocationArg ::= SEQUENCE { imsi IMSI, msc-Number [1] ISDN-AddressString,
 * vlr-Number ISDN-AddressString, lmsi [10] LMSI, extensionContainer, ..., v-gmlc-Address [2], ... }
 * (v1/v2: the same leading fields). imsi and vlr-Number are both untagged OCTET STRINGs: by position.
 */
export function updateLocationArg(r: ArgReader, seq: Tlv): void {
  let octets = 0;
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, U, 4)) {
      if (octets++ === 0) r.ownImsi(t);
      else r.putAddress('vlrNumber', t) && (r.args.vlrNumber = r.addrValue);
    } else if (is(t, C, 1)) r.putAddress('mscNumber', t) && (r.args.mscNumber = r.addrValue);
    else if (is(t, C, 10)) r.args['lmsi'] = r.hex(t);
  }
}

/** UpdateLocationRes ::= SEQUENCE { hlr-Number ISDN-AddressString, ... }; UpdateGprsLocationRes likewise. */
export function hlrNumberRes(r: ArgReader, t: Tlv): void {
  if (is(t, U, 4)) {
    r.putAddress('hlrNumber', t) && (r.args.hlrNumber = r.addrValue);
    return;
  }
  const c = r.next(1, t.valueStart, t.valueEnd);
  if (c !== undefined && is(c, U, 4)) r.putAddress('hlrNumber', c) && (r.args.hlrNumber = r.addrValue);
}

/**
 * CancelLocationArg: v3 `[3] SEQUENCE { identity Identity, cancellationType CancellationType, ...,
 * newMSC-Number [2], newVLR-Number [3], new-lmsi [4] }`; v1/v2 the bare Identity.
 * Identity ::= CHOICE { imsi IMSI, imsi-WithLMSI SEQUENCE { imsi IMSI, lmsi LMSI } }.
 */
export function cancelLocationArg(r: ArgReader, t: Tlv): void {
  if (is(t, U, 4) || is(t, U, 16)) {
    identity(r, t, 1);
    return;
  }
  for (let p = t.valueStart, c = r.next(1, p, t.valueEnd); c; p = c.end, c = r.next(1, p, t.valueEnd)) {
    if (is(c, U, 4) || is(c, U, 16)) identity(r, c, 2);
    else if (is(c, U, 10)) r.args.cancellationType = r.int(c);
    else if (is(c, C, 2)) r.putAddress('newMscNumber', c) && (r.args.newMscNumber = r.addrValue);
    else if (is(c, C, 3)) r.putAddress('newVlrNumber', c) && (r.args.newVlrNumber = r.addrValue);
  }
}

/** Identity ::= CHOICE { imsi IMSI, imsi-WithLMSI SEQUENCE { imsi IMSI, lmsi LMSI, ... } }; `t` is the chosen alternative. */
export function identity(r: ArgReader, t: Tlv, depth: number): void {
  if (is(t, U, 4)) {
    r.ownImsi(t);
    return;
  }
  const c = r.next(depth, t.valueStart, t.valueEnd);
  if (c !== undefined && is(c, U, 4)) r.ownImsi(c);
  else r.bad('imsi-WithLMSI without IMSI');
}

/**
 * PurgeMS-Arg: v3 `[3] SEQUENCE { imsi IMSI, vlr-Number [0], sgsn-Number [1], ... }`;
 * v2 `SEQUENCE { imsi IMSI, vlr-Number ISDN-AddressString }`.
 */
export function purgeMsArg(r: ArgReader, seq: Tlv): void {
  let octets = 0;
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, U, 4)) {
      if (octets++ === 0) r.ownImsi(t);
      else r.putAddress('vlrNumber', t) && (r.args.vlrNumber = r.addrValue);
    } else if (is(t, C, 0)) r.putAddress('vlrNumber', t) && (r.args.vlrNumber = r.addrValue);
    else if (is(t, C, 1)) r.putAddress('sgsnNumber', t) && (r.args.sgsnNumber = r.addrValue);
  }
}

/**
 * UpdateGprsLocationArg ::= SEQUENCE { imsi IMSI, sgsn-Number ISDN-AddressString,
 * sgsn-Address GSN-Address, extensionContainer, ..., v-gmlc-Address [3], ...,
 * mmeNumberforMTSMS [16] ISDN-AddressString, ... } (§17.7.1).
 */
export function updateGprsLocationArg(r: ArgReader, seq: Tlv): void {
  let octets = 0;
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, U, 4)) {
      const i = octets++;
      if (i === 0) r.ownImsi(t);
      else if (i === 1) r.putAddress('sgsnNumber', t) && (r.args.sgsnNumber = r.addrValue);
      else if (i === 2) r.args['sgsnAddress'] = gsnAddress(r, t);
    } else if (is(t, C, 16)) r.putAddress('mmeNumberForMtSms', t) && (r.args.mmeNumberForMtSms = r.addrValue);
  }
}

/**
 * GSN-Address ::= OCTET STRING (SIZE (5..17)) (§17.7.1): one octet of address type (bits 8-7:
 * 0 IPv4, 1 IPv6) and address length (bits 6-1), then the address; as IP text (IPv6 per RFC
 * 5952). A bare 4- or 16-octet address (seen from older nodes) is read as such; anything else
 * stays hex.
 */
export function gsnAddress(r: ArgReader, t: Tlv): string {
  const s = t.valueStart;
  const n = t.valueEnd - s;
  const b = r.bytes;
  if (n === 5 && b[s] === 0x04) return ipText(b, s + 1, 4);
  if (n === 17 && b[s] === 0x50) return ipText(b, s + 1, 16);
  if (n === 4 || n === 16) return ipText(b, s, n);
  return r.hex(t);
}

/**
 * RequestingNodeType ::= ENUMERATED { vlr (0), sgsn (1), ..., s-cscf (2), bsf (3),
 * gan-aaa-server (4), wlan-aaa-server (5), mme (16), mme-sgsn (17) } (§17.7.1).
 */
const REQUESTING_NODE_TYPE: Readonly<Record<number, string>> = {
  0: 'vlr',
  1: 'sgsn',
  2: 's-cscf',
  3: 'bsf',
  4: 'gan-aaa-server',
  5: 'wlan-aaa-server',
  16: 'mme',
  17: 'mme-sgsn',
};

/**
 * SendAuthenticationInfoArg: v3 `SEQUENCE { imsi [0] IMSI, numberOfRequestedVectors, ...,
 * requestingNodeType [3], requestingPLMN-Id [4] }`; v2 the bare IMSI.
 */
export function sendAuthenticationInfoArg(r: ArgReader, t: Tlv): void {
  if (is(t, U, 4)) {
    r.ownImsi(t);
    return;
  }
  for (let p = t.valueStart, c = r.next(1, p, t.valueEnd); c; p = c.end, c = r.next(1, p, t.valueEnd)) {
    if (is(c, C, 0)) r.ownImsi(c);
    else if (is(c, U, 2)) r.args['numberOfRequestedVectors'] = r.int(c);
    else if (is(c, C, 3)) {
      const v = r.int(c);
      r.args['requestingNodeType'] = REQUESTING_NODE_TYPE[v] ?? String(v);
    } else if (is(c, C, 4) && c.valueEnd - c.valueStart === 3) {
      r.args['requestingPlmn'] = r.hex(c);
    }
  }
}

/** FailureCause ::= ENUMERATED (§17.7.1). */
const FAILURE_CAUSE = ['wrongUserResponse', 'wrongNetworkSignature'] as const;
/** AccessType ::= ENUMERATED (§17.7.1). */
const ACCESS_TYPE = [
  'call',
  'emergencyCall',
  'locationUpdating',
  'supplementaryService',
  'shortMessage',
  'gprsAttach',
  'routingAreaUpdating',
  'serviceRequest',
  'pdpContextActivation',
  'pdpContextDeactivation',
  'gprsDetach',
] as const;

/**
 * AuthenticationFailureReportArg ::= SEQUENCE { imsi IMSI, failureCause FailureCause, extensionContainer,
 * ..., re-attempt BOOLEAN, accessType AccessType, rand RAND, vlr-Number [0] ISDN-AddressString,
 * sgsn-Number [1] ISDN-AddressString } (§17.7.1). rand is an OCTET STRING too: the IMSI is the first one.
 */
export function authenticationFailureReportArg(r: ArgReader, seq: Tlv): void {
  let octets = 0;
  let enums = 0;
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, U, 4)) {
      if (octets++ === 0) r.ownImsi(t);
    } else if (is(t, U, 10)) {
      const v = r.int(t);
      if (enums++ === 0) r.args['failureCause'] = FAILURE_CAUSE[v] ?? v;
      else r.args['accessType'] = ACCESS_TYPE[v] ?? v;
    } else if (is(t, U, 1)) r.args['reAttempt'] = r.int(t) !== 0;
    else if (is(t, C, 0)) r.putAddress('vlrNumber', t) && (r.args.vlrNumber = r.addrValue);
    else if (is(t, C, 1)) r.putAddress('sgsnNumber', t) && (r.args.sgsnNumber = r.addrValue);
  }
}

/** sendIMSI: argument ISDN-AddressString (the MSISDN), result IMSI (§17.6.1 / §8.x). */
export function sendImsiArg(r: ArgReader, t: Tlv): void {
  if (is(t, U, 4)) r.ownMsisdn(t);
  else r.bad('sendIMSI argument is not an ISDN-AddressString');
}

export function imsiRes(r: ArgReader, t: Tlv): void {
  if (is(t, U, 4)) r.ownImsi(t);
  else r.bad('result is not an IMSI');
}

/** DeleteSubscriberDataArg ::= SEQUENCE { imsi [0] IMSI, basicServiceList [1], ss-List [2], ... } */
export const deleteSubscriberDataArg = (r: ArgReader, seq: Tlv): void => deleteSubscriberData(r, seq, 1);

/** DeleteSubscriberDataArg contents at `depth` (also ResetArg subscriptionDataDeletion [3]). */
export function deleteSubscriberData(r: ArgReader, seq: Tlv, depth: number): void {
  for (let p = seq.valueStart, t = r.next(depth, p, seq.valueEnd); t; p = t.end, t = r.next(depth, p, seq.valueEnd)) {
    if (is(t, C, 0)) r.ownImsi(t);
  }
}

/** Appends `v` to the string list `args[key]` (created on first use), without duplicates, ≤ MAP_LIST_ENTRIES (a scan of ≤ 64). */
export function add(r: ArgReader, key: string, v: string | undefined): void {
  if (v === undefined) return;
  const list = r.args[key];
  if (Array.isArray(list)) {
    if (!list.includes(v) && r.room(list, key)) list.push(v);
  } else r.args[key] = [v];
}
