/**
 * SLg (MME/SGSN ↔ GMLC, EPC location services), 3GPP TS 29.172: application id (§7.1), commands
 * (§7.3, PLR/PLA and LRR/LRA) and the AVPs of §7.4 (codes and types from Table 7.4.1-1, cited as
 * `T7.4.1-1`). LCS AVPs imported from TS 32.299 cite that specification.
 */
import { tgpp, type AppDef, type AvpDef, type CommandDef } from './types.js';
import { DIAMETER_APP, DIAMETER_CMD } from './codes.js';

const T = 'TS 29.172 §7.4.1 T7.4.1-1';

export const SLG_APPS: readonly AppDef[] = [{ id: DIAMETER_APP.slg, name: '3GPP SLg', ref: 'TS 29.172 §7.1' }];

export const SLG_COMMANDS: readonly CommandDef[] = [
  { code: DIAMETER_CMD.slg.PLR, app: DIAMETER_APP.slg, name: 'Provide-Location', req: 'PLR', ans: 'PLA', ref: 'TS 29.172 §7.3.1-7.3.2' },
  { code: DIAMETER_CMD.slg.LRR, app: DIAMETER_APP.slg, name: 'Location-Report', req: 'LRR', ans: 'LRA', ref: 'TS 29.172 §7.3.3-7.3.4' },
];

/** SLg-Location-Type values, TS 29.172 §7.4.2. */
export const SLG_LOCATION_TYPES: Readonly<Record<number, string>> = {
  0: 'CURRENT_LOCATION',
  1: 'CURRENT_OR_LAST_KNOWN_LOCATION',
  2: 'INITIAL_LOCATION',
  3: 'ACTIVATE_DEFERRED_LOCATION',
  4: 'CANCEL_DEFERRED_LOCATION',
  5: 'NOTIFICATION_VERIFICATION_ONLY',
};

export const SLG_AVPS: readonly AvpDef[] = [
  tgpp(2500, 'SLg-Location-Type', 'Enumerated', 'TS 29.172 §7.4.2', { values: SLG_LOCATION_TYPES }),
  tgpp(2501, 'LCS-EPS-Client-Name', 'Grouped', 'TS 29.172 §7.4.3'),
  tgpp(2502, 'LCS-Requestor-Name', 'Grouped', T),
  tgpp(2503, 'LCS-Priority', 'Unsigned32', T),
  tgpp(2504, 'LCS-QoS', 'Grouped', T),
  tgpp(2505, 'Horizontal-Accuracy', 'Unsigned32', T),
  tgpp(2506, 'Vertical-Accuracy', 'Unsigned32', T),
  tgpp(2507, 'Vertical-Requested', 'Enumerated', T),
  tgpp(2508, 'Velocity-Requested', 'Enumerated', T),
  tgpp(2509, 'Response-Time', 'Enumerated', T, { values: { 0: 'LOW_DELAY', 1: 'DELAY_TOLERANT' } }),
  tgpp(2510, 'Supported-GAD-Shapes', 'Unsigned32', T),
  tgpp(2511, 'LCS-Codeword', 'UTF8String', T),
  tgpp(2512, 'LCS-Privacy-Check', 'Enumerated', T),
  tgpp(2513, 'Accuracy-Fulfilment-Indicator', 'Enumerated', T),
  tgpp(2514, 'Age-Of-Location-Estimate', 'Unsigned32', T),
  tgpp(2515, 'Velocity-Estimate', 'OctetString', T),
  tgpp(2516, 'EUTRAN-Positioning-Data', 'OctetString', T),
  tgpp(2517, 'ECGI', 'OctetString', T),
  tgpp(2518, 'Location-Event', 'Enumerated', T),
  tgpp(2519, 'Pseudonym-Indicator', 'Enumerated', T),
  tgpp(2520, 'LCS-Service-Type-ID', 'Unsigned32', T),
  tgpp(2521, 'LCS-Privacy-Check-Non-Session', 'Grouped', T),
  tgpp(2522, 'LCS-Privacy-Check-Session', 'Grouped', T),
  tgpp(2523, 'LCS-QoS-Class', 'Enumerated', T),
  tgpp(2530, 'LRR-Flags', 'Unsigned32', T),
  tgpp(2531, 'LCS-Reference-Number', 'OctetString', T),
  tgpp(2545, 'PLR-Flags', 'Unsigned32', T),
  tgpp(2546, 'PLA-Flags', 'Unsigned32', T),
  tgpp(2549, 'LRA-Flags', 'Unsigned32', T),
  // LCS AVPs of TS 32.299 §7.2 used inside LCS-EPS-Client-Name / LCS-Requestor-Name:
  tgpp(1236, 'LCS-Data-Coding-Scheme', 'UTF8String', 'TS 32.299 §7.2'),
  tgpp(1237, 'LCS-Format-Indicator', 'Enumerated', 'TS 32.299 §7.2'),
  tgpp(1238, 'LCS-Name-String', 'UTF8String', 'TS 32.299 §7.2'),
  tgpp(1240, 'LCS-Requestor-Id-String', 'UTF8String', 'TS 32.299 §7.2'),
  tgpp(1241, 'LCS-Client-Type', 'Enumerated', 'TS 32.299 §7.2', {
    values: { 0: 'EMERGENCY_SERVICES', 1: 'VALUE_ADDED_SERVICES', 2: 'PLMN_OPERATOR_SERVICES', 3: 'LAWFUL_INTERCEPT_SERVICES' },
  }),
  tgpp(1242, 'Location-Estimate', 'OctetString', 'TS 32.299 §7.2'),
];
