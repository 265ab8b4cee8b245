/**
 * SLh (GMLC ↔ HSS, routing info for LCS), 3GPP TS 29.173: application id (§6.1), RIR/RIA (§6.2.3-6.2.4)
 * and the AVPs of §6.4 (codes and types from Table 6.4.1-1, cited as `T6.4.1-1`).
 */
import { tgpp, type AppDef, type AvpDef, type CommandDef } from './types.js';
import { DIAMETER_APP, DIAMETER_CMD } from './codes.js';

const T = 'TS 29.173 §6.4.1 T6.4.1-1';

export const SLH_APPS: readonly AppDef[] = [{ id: DIAMETER_APP.slh, name: '3GPP SLh', ref: 'TS 29.173 §6.1' }];

export const SLH_COMMANDS: readonly CommandDef[] = [
  { code: DIAMETER_CMD.slh.RIR, app: DIAMETER_APP.slh, name: 'LCS-Routing-Info', req: 'RIR', ans: 'RIA', ref: 'TS 29.173 §6.2.3-6.2.4' },
];

export const SLH_AVPS: readonly AvpDef[] = [
  tgpp(2400, 'LMSI', 'OctetString', T),
  tgpp(2401, 'Serving-Node', 'Grouped', 'TS 29.173 §6.4.3'),
  tgpp(2402, 'MME-Name', 'DiameterIdentity', T),
  tgpp(2403, 'MSC-Number', 'OctetString', T),
  tgpp(2404, 'LCS-Capabilities-Sets', 'Unsigned32', T),
  tgpp(2405, 'GMLC-Address', 'Address', T),
  tgpp(2406, 'Additional-Serving-Node', 'Grouped', T),
  tgpp(2407, 'PPR-Address', 'Address', T),
  tgpp(2408, 'MME-Realm', 'DiameterIdentity', T),
  tgpp(2409, 'SGSN-Name', 'DiameterIdentity', T),
  tgpp(2410, 'SGSN-Realm', 'DiameterIdentity', T),
  tgpp(2411, 'RIA-Flags', 'Unsigned32', T),
];
