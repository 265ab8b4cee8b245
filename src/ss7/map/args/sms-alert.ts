/**
 * Short message waiting data and alerting (TS 29.002 §17.6.5; data types §17.7.6 MAP-SM-DataTypes):
 * reportSM-DeliveryStatus (SMS-GMSC → HLR), informServiceCentre (HLR → SMS-GMSC),
 * alertServiceCentre and phase 1 alertServiceCentreWithoutResult (HLR → SMS-IWMSC), readyForSM
 * (VLR/SGSN → HLR) and phase 1 noteSubscriberPresent (VLR → HLR).
 */
import type { Tlv } from '../../../asn1/ber.js';
import { C, U, is, type ArgReader } from './reader.js';

/** SM-DeliveryOutcome ::= ENUMERATED { memoryCapacityExceeded (0), absentSubscriber (1), successfulTransfer (2) } */
const SM_DELIVERY_OUTCOME = ['memoryCapacityExceeded', 'absentSubscriber', 'successfulTransfer'] as const;

/**
 * ReportSM-DeliveryStatusArg ::= SEQUENCE { msisdn ISDN-AddressString, serviceCentreAddress
 * AddressString, sm-DeliveryOutcome SM-DeliveryOutcome, absentSubscriberDiagnosticSM [0],
 * extensionContainer [1], ..., gprsSupportIndicator [2], ..., imsi [9] IMSI, ... }
 */
export function reportSmDeliveryStatusArg(r: ArgReader, seq: Tlv): void {
  let octets = 0;
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, U, 4)) {
      if (octets++ === 0) r.ownMsisdn(t);
      else r.putAddress('serviceCentreAddress', t) && (r.args.serviceCentreAddress = r.addrValue);
    } else if (is(t, U, 10)) {
      const v = r.int(t);
      r.args['smDeliveryOutcome'] = SM_DELIVERY_OUTCOME[v] ?? v;
    } else if (is(t, C, 0)) r.args['absentSubscriberDiagnosticSm'] = r.int(t);
    else if (is(t, C, 9)) r.ownImsi(t);
  }
}

/**
 * AlertServiceCentreArg ::= SEQUENCE { msisdn ISDN-AddressString, serviceCentreAddress AddressString,
 * ..., imsi IMSI, correlationID, maximumUeAvailabilityTime [0], smsGmscAlertEvent [1],
 * smsGmscDiameterAddress [2], newSGSNNumber [3] ISDN-AddressString, newSGSNDiameterAddress [4],
 * newMMENumber [5] ISDN-AddressString, newMMEDiameterAddress [6], newMSCNumber [7] ISDN-AddressString }
 * (alertServiceCentre, opcode 64; phase 1 alertServiceCentreWithoutResult, opcode 49, has the first two).
 */
export function alertServiceCentreArg(r: ArgReader, seq: Tlv): void {
  let octets = 0;
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, U, 4)) {
      const i = octets++;
      if (i === 0) r.ownMsisdn(t);
      else if (i === 1) r.putAddress('serviceCentreAddress', t) && (r.args.serviceCentreAddress = r.addrValue);
      else r.ownImsi(t);
    } else if (is(t, C, 3)) r.putAddress('sgsnNumber', t) && (r.args.sgsnNumber = r.addrValue);
    else if (is(t, C, 5)) r.putAddress('mmeNumber', t) && (r.args.mmeNumber = r.addrValue);
    else if (is(t, C, 7)) r.putAddress('mscNumber', t) && (r.args.mscNumber = r.addrValue);
  }
}

/**
 * InformServiceCentreArg ::= SEQUENCE { storedMSISDN ISDN-AddressString, mw-Status MW-Status,
 * extensionContainer, ..., absentSubscriberDiagnosticSM, additionalAbsentSubscriberDiagnosticSM [0], ... }
 */
export function informServiceCentreArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, U, 4)) r.ownMsisdn(t);
    else if (is(t, U, 3)) r.args['mwStatus'] = r.hex(t);
  }
}

/** AlertReason ::= ENUMERATED { ms-Present (0), memoryAvailable (1) } */
const ALERT_REASON = ['ms-Present', 'memoryAvailable'] as const;

/**
 * ReadyForSM-Arg ::= SEQUENCE { imsi [0] IMSI, alertReason AlertReason, alertReasonIndicator NULL,
 * extensionContainer, ..., additionalAlertReasonIndicator [1] NULL, maximumUeAvailabilityTime, ... }
 */
export function readyForSmArg(r: ArgReader, seq: Tlv): void {
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, C, 0)) r.ownImsi(t);
    else if (is(t, U, 10)) {
      const v = r.int(t);
      r.args['alertReason'] = ALERT_REASON[v] ?? v;
    }
  }
}

/** GSM 09.02 phase 1 noteSubscriberPresent: NoteSubscriberPresentArg ::= IMSI. */
export function noteSubscriberPresentArg(r: ArgReader, t: Tlv): void {
  if (is(t, U, 4)) r.ownImsi(t);
  else r.bad('noteSubscriberPresent argument is not an IMSI');
}
