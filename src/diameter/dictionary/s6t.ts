/**
 * S6m (MTC-IWF ↔ HSS, clauses 5-6) and S6t (SCEF ↔ HSS, clauses 7-8) of 3GPP TS 29.336: application
 * ids (§6.1.8, §8.1.8), the requests an outside sender could use to look a subscriber up or have
 * it monitored — Subscriber-Information (§6.2.3-6.2.4) and Configuration-Information (§8.2.3-8.2.4) —
 * and the AVPs that carry the subscriber's identity and the monitoring asked for (codes and types
 * from Table 6.4.1-1 and Table 8.4.1-1). Both interfaces join a home network function to the HSS
 * of its own operator (TS 23.682 §4.2): rules treat a request from outside home as category 1.
 * S6t NIDD-Information (§8.2.7-8.2.8: the SCEF authorises non-IP data delivery to the subscriber),
 * and T6a's Configuration-Information (TS 29.128 §6.2.2, the command code and Monitoring-Event-
 * Configuration AVP of S6t, §6.4: the SCEF sets monitoring events straight at the serving MME,
 * TS 23.682 §5.6.1.4), another home SCEF interface, are named too.
 */
import { reuse, tgpp, type AppDef, type AvpDef, type CommandDef } from './types.js';
import { DIAMETER_APP, DIAMETER_CMD } from './codes.js';

const M = 'TS 29.336 §6.4.1 T6.4.1-1';
const T = 'TS 29.336 §8.4.1 T8.4.1-1';

export const S6T_APPS: readonly AppDef[] = [
  { id: DIAMETER_APP.s6m, name: '3GPP S6m/S6n', ref: 'TS 29.336 §6.1.8' },
  { id: DIAMETER_APP.s6t, name: '3GPP S6t', ref: 'TS 29.336 §8.1.8' },
  { id: DIAMETER_APP.t6a, name: '3GPP T6a/T6b', ref: 'TS 29.128 §6' },
];

const CIR: CommandDef = {
  code: DIAMETER_CMD.s6t.CIR,
  app: DIAMETER_APP.s6t,
  name: 'Configuration-Information',
  req: 'CIR',
  ans: 'CIA',
  ref: 'TS 29.336 §8.2.3-8.2.4',
};

/**
 * S6n (MTC-AAA ↔ HSS) is no application of its own: S6m and S6n share application 16777310 (§6.1.8,
 * clause 5 "S6m/S6n") and its Subscriber-Information command, the SIR-Flags bit 0 telling the
 * sender (§6.4.10 Table 6.4.10/1: set, an MTC-IWF on S6m; cleared, an MTC-AAA on S6n), so an S6n
 * SIR is read under its own header as S6m's (review 12-B #6).
 */
export const S6T_COMMANDS: readonly CommandDef[] = [
  { code: DIAMETER_CMD.s6m.SIR, app: DIAMETER_APP.s6m, name: 'Subscriber-Information', req: 'SIR', ans: 'SIA', ref: 'TS 29.336 §6.2.3-6.2.4' },
  CIR,
  { code: DIAMETER_CMD.s6t.NIR, app: DIAMETER_APP.s6t, name: 'NIDD-Information', req: 'NIR', ans: 'NIA', ref: 'TS 29.336 §8.2.7-8.2.8' },
  reuse(CIR, DIAMETER_APP.t6a, 'TS 29.128 §6.2.2'),
];

/** Monitoring-Type values, TS 29.336 §8.4.3 (the monitoring events of TS 23.682 §4.5.6). */
const MONITORING_TYPES: Readonly<Record<number, string>> = {
  0: 'LOSS_OF_CONNECTIVITY',
  1: 'UE_REACHABILITY',
  2: 'LOCATION_REPORTING',
  3: 'CHANGE_OF_IMSI_IMEI(SV)_ASSOCIATION',
  4: 'ROAMING_STATUS',
  5: 'COMMUNICATION_FAILURE',
  6: 'AVAILABILITY_AFTER_DDN_FAILURE',
  7: 'NUMBER_OF_UES_PRESENT_IN_A_CERTAIN_AREA',
};

export const S6T_AVPS: readonly AvpDef[] = [
  // S6m: User-Identifier holds the User-Name (IMSI), MSISDN, External-Identifier or LMSI (§6.4.2).
  tgpp(3102, 'User-Identifier', 'Grouped', 'TS 29.336 §6.4.2'),
  tgpp(3103, 'Service-ID', 'Enumerated', M),
  tgpp(3104, 'SCS-Identity', 'OctetString', M),
  tgpp(3111, 'External-Identifier', 'UTF8String', 'TS 29.336 §6.4.11'),
  // S6t: Monitoring-Event-Configuration carries the Monitoring-Type asked for (§8.4.2).
  tgpp(3122, 'Monitoring-Event-Configuration', 'Grouped', 'TS 29.336 §8.4.2'),
  tgpp(3123, 'Monitoring-Event-Report', 'Grouped', T),
  tgpp(3124, 'SCEF-Reference-ID', 'Unsigned32', T),
  tgpp(3125, 'SCEF-ID', 'DiameterIdentity', T),
  tgpp(3127, 'Monitoring-Type', 'Unsigned32', 'TS 29.336 §8.4.3', { values: MONITORING_TYPES }),
];
