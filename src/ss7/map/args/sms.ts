/**
 * Short message service operations (TS 29.002 §17.6.5; data types §17.7.6): mt-forwardSM,
 * mo-forwardSM (forwardSM in AC v1/v2, same leading fields), mt-ForwardSM-VGCS, sendRoutingInfoForSM.
 */
import { newTlv, readTlv, type Tlv } from '../../../asn1/ber.js';
import { C, U, is, type ArgReader } from './reader.js';

const daSeq = newTlv();
const daTlv = newTlv();

/**
 * The forwardSM / mo-forwardSM / mt-forwardSM argument at [start, end) of `view` (its whole TLV)
 * names the subscriber in its SM-RP-DA: imsi [0] or lmsi [1] (TS 29.002 §7.6.8.1: mobile
 * terminated), not serviceCentreAddressDA [4] (mobile originated: the service centre's address) nor
 * noSM-RP-DA [5]. The MAP-OPEN destination reference is then the IMSI (§7.3.1 Table 7.3/2 note 3;
 * in the mobile originated transfer it is the service centre address), so the CHOICE, not the digit
 * count, says whether that reference is an IMSI (review B-L3: a 14-15-digit E.164 service centre
 * address was taken as the sender's IMSI).
 */
export function smRpDaNamesSubscriber(view: DataView, start: number, end: number, maxDepth: number): boolean {
  if (!readTlv(view, start, end, daSeq, maxDepth) || !daSeq.constructed) return false;
  if (!readTlv(view, daSeq.valueStart, daSeq.valueEnd, daTlv, maxDepth)) return false;
  return is(daTlv, C, 0) || is(daTlv, C, 1);
}

/**
 * MT-ForwardSM-Arg / MO-ForwardSM-Arg / ForwardSM-Arg ::= SEQUENCE { sm-RP-DA SM-RP-DA,
 * sm-RP-OA SM-RP-OA, sm-RP-UI SignalInfo, ..., [mo v3: imsi IMSI], ..., [mt v3: smsGmscAddress [3]] }
 * SM-RP-DA ::= CHOICE { imsi [0], lmsi [1], serviceCentreAddressDA [4] AddressString, noSM-RP-DA [5] }
 * SM-RP-OA ::= CHOICE { msisdn [2] ISDN-AddressString, serviceCentreAddressOA [4] AddressString, noSM-RP-OA [5] }
 * Both choices use [4]: the first element is the DA, the second the OA.
 */
export function forwardSmArg(r: ArgReader, seq: Tlv): void {
  let i = 0;
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    const pos = i++;
    if (pos === 0) {
      if (is(t, C, 0)) r.ownImsi(t);
      else if (is(t, C, 1)) r.args['lmsi'] = r.hex(t);
      else if (is(t, C, 4)) r.putAddress('serviceCentreAddress', t) && (r.args.serviceCentreAddress = r.addrValue);
    } else if (pos === 1) {
      if (is(t, C, 2)) r.ownMsisdn(t);
      else if (is(t, C, 4)) r.putAddress('serviceCentreAddress', t) && (r.args.serviceCentreAddress = r.addrValue);
    } else if (pos === 2 && is(t, U, 4)) {
      // SignalInfo: the SMS TPDU (TS 23.040 §9.2) as hex; its length kept for rules
      r.args['smRpUiLength'] = t.valueEnd - t.valueStart;
      if (r.smsContent) r.args['smRpUi'] = r.hex(t);
    } else if (is(t, U, 4))
      r.ownImsi(t); // MO-ForwardSM-Arg v3 imsi
    else if (is(t, C, 3)) r.putAddress('smscAddress', t) && (r.args.smscAddress = r.addrValue); // MT-ForwardSM-Arg smsGmscAddress
  }
}

/**
 * MT-ForwardSM-VGCS-Arg ::= SEQUENCE { asciCallReference ASCI-CallReference, sm-RP-OA SM-RP-OA,
 * sm-RP-UI SignalInfo, extensionContainer, ... }; ASCI-CallReference ::= TBCD-STRING (SIZE (1..8))
 * (the voice group call reference, TS 23.003 §10.1). SM-RP-OA as in forwardSM.
 */
export function mtForwardSmVgcsArg(r: ArgReader, seq: Tlv): void {
  let octets = 0;
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, U, 4)) {
      if (octets++ === 0) r.args['asciCallReference'] = r.tbcd(t);
      else {
        r.args['smRpUiLength'] = t.valueEnd - t.valueStart;
        if (r.smsContent) r.args['smRpUi'] = r.hex(t);
      }
    } else if (is(t, C, 2))
      r.putAddress('originatorMsisdn', t) && (r.args.originatorMsisdn = r.addrValue); // the group member who sent it
    else if (is(t, C, 4)) r.putAddress('serviceCentreAddress', t) && (r.args.serviceCentreAddress = r.addrValue);
  }
}

/**
 * RoutingInfoForSM-Arg ::= SEQUENCE { msisdn [0] ISDN-AddressString, sm-RP-PRI [1] BOOLEAN,
 * serviceCentreAddress [2] AddressString, extensionContainer [6], gprsSupportIndicator [7],
 * sm-RP-MTI [8], sm-RP-SMEA [9], ..., imsi [12] IMSI, ... }
 */
export function sendRoutingInfoForSmArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, C, 0)) r.ownMsisdn(t);
    else if (is(t, C, 1)) r.args['smRpPri'] = r.int(t) !== 0;
    else if (is(t, C, 2)) r.putAddress('serviceCentreAddress', t) && (r.args.serviceCentreAddress = r.addrValue);
    else if (is(t, C, 12)) r.ownImsi(t);
  }
}

/**
 * RoutingInfoForSM-Res ::= SEQUENCE { imsi IMSI, locationInfoWithLMSI [0] LocationInfoWithLMSI, ... }
 * LocationInfoWithLMSI ::= SEQUENCE { networkNode-Number [1] ISDN-AddressString, lmsi LMSI,
 * extensionContainer, gprsNodeIndicator [5], additional-Number [6] Additional-Number, ... }
 * (v1: locationInfo CHOICE { roamingNumber [0], msc-Number [1] }: [1] is the same field).
 * Additional-Number ::= CHOICE { msc-Number [0], sgsn-Number [1] }.
 */
export function sendRoutingInfoForSmRes(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, U, 4)) r.ownImsi(t);
    else if (is(t, C, 0)) {
      let gprs = false;
      for (let q = t.valueStart, c = r.next(2, q, t.valueEnd); c; q = c.end, c = r.next(2, q, t.valueEnd)) {
        if (is(c, C, 1)) r.putAddress('networkNodeNumber', c) && (r.args.networkNodeNumber = r.addrValue);
        else if (is(c, C, 0)) r.putAddress('roamingNumber', c) && (r.args.roamingNumber = r.addrValue);
        else if (is(c, U, 4)) r.args['lmsi'] = r.hex(c);
        else if (is(c, C, 5)) gprs = true;
        else if (is(c, C, 6)) {
          const a = r.next(3, c.valueStart, c.valueEnd);
          if (a !== undefined && is(a, C, 1)) r.putAddress('sgsnNumber', a) && (r.args.sgsnNumber = r.addrValue);
          else if (a !== undefined) r.putAddress('mscNumber', a) && (r.args.mscNumber = r.addrValue);
        }
      }
      if (gprs) r.args['gprsNodeIndicator'] = true;
    }
  }
}
