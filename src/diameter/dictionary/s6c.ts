/**
 * S6c (SMS-GMSC/IP-SM-GW/SMS router ↔ HSS), 3GPP TS 29.338: application id (§5.3.1), commands
 * (§5.3.2) and the AVPs of §5.3.3 (codes and types from Table 5.3.3.1/1, cited as `T5.3.3.1/1`).
 * SC-Address comes from the SGd part of the same specification (§6.3.3).
 */
import { tgpp, type AppDef, type AvpDef, type CommandDef } from './types.js';
import { DIAMETER_APP, DIAMETER_CMD } from './codes.js';

const T = 'TS 29.338 §5.3.3.1 T5.3.3.1/1';

export const S6C_APPS: readonly AppDef[] = [
  { id: DIAMETER_APP.s6c, name: '3GPP S6c', ref: 'TS 29.338 §5.3.1' },
  { id: DIAMETER_APP.sgd, name: '3GPP SGd', ref: 'TS 29.338 §6.3.1' },
];

export const S6C_COMMANDS: readonly CommandDef[] = [
  { code: DIAMETER_CMD.s6c.SRR, app: DIAMETER_APP.s6c, name: 'Send-Routing-Info-for-SM', req: 'SRR', ans: 'SRA', ref: 'TS 29.338 §5.3.2.3-5.3.2.4' },
  { code: DIAMETER_CMD.s6c.ALR, app: DIAMETER_APP.s6c, name: 'Alert-Service-Centre', req: 'ALR', ans: 'ALA', ref: 'TS 29.338 §5.3.2.5-5.3.2.6' },
  { code: DIAMETER_CMD.s6c.RDR, app: DIAMETER_APP.s6c, name: 'Report-SM-Delivery-Status', req: 'RDR', ans: 'RDA', ref: 'TS 29.338 §5.3.2.7-5.3.2.8' },
];

export const S6C_AVPS: readonly AvpDef[] = [
  tgpp(3300, 'SC-Address', 'OctetString', 'TS 29.338 §6.3.3.1'),
  tgpp(3308, 'SM-RP-MTI', 'Enumerated', T, { values: { 0: 'SM_DELIVER', 1: 'SM_STATUS_REPORT' } }),
  tgpp(3309, 'SM-RP-SMEA', 'OctetString', T),
  tgpp(3310, 'SRR-Flags', 'Unsigned32', T, { bits: ['GPRS-Indicator', 'SM-RP-PRI', 'Single-Attempt-Delivery'] }),
  tgpp(3311, 'SM-Delivery-Not-Intended', 'Enumerated', T, { values: { 0: 'ONLY_IMSI_REQUESTED', 1: 'ONLY_MCC_MNC_REQUESTED' } }),
  tgpp(3312, 'MWD-Status', 'Unsigned32', T),
  tgpp(3313, 'MME-Absent-User-Diagnostic-SM', 'Unsigned32', T),
  tgpp(3314, 'MSC-Absent-User-Diagnostic-SM', 'Unsigned32', T),
  tgpp(3315, 'SGSN-Absent-User-Diagnostic-SM', 'Unsigned32', T),
  tgpp(3316, 'SM-Delivery-Outcome', 'Grouped', T),
  tgpp(3317, 'MME-SM-Delivery-Outcome', 'Grouped', T),
  tgpp(3318, 'MSC-SM-Delivery-Outcome', 'Grouped', T),
  tgpp(3319, 'SGSN-SM-Delivery-Outcome', 'Grouped', T),
  tgpp(3320, 'IP-SM-GW-SM-Delivery-Outcome', 'Grouped', T),
  tgpp(3321, 'SM-Delivery-Cause', 'Enumerated', T),
  tgpp(3322, 'Absent-Subscriber-Diagnostic-SM', 'Unsigned32', T),
  tgpp(3323, 'RDR-Flags', 'Unsigned32', T),
  tgpp(3329, 'Maximum-UE-Availability-Time', 'Time', T),
];
