/**
 * Command and application names for the other 3GPP Diameter interfaces seen in captures (Gx, Gy,
 * Rx, Cx, SWx, Wx, Zh), and the handful of their AVPs sigwatch reads. Each entry cites its clause.
 * SWx (TS 29.273 §8), Wx (TS 29.234) and Zh (TS 29.109 §6) reuse Cx's command codes under their own application
 * ids: a code several applications define names no single one (decoder.ts, appOfCommand).
 */
import { avpDef, reuse, tgpp, type AppDef, type AvpDef, type CommandDef } from './types.js';
import { DIAMETER_APP, DIAMETER_CMD } from './codes.js';

export const OTHER_APPS: readonly AppDef[] = [
  { id: DIAMETER_APP.nasreq, name: 'NASREQ', ref: 'RFC 7155 §1.2' },
  { id: DIAMETER_APP.cx, name: '3GPP Cx', ref: 'TS 29.229 §5.6' },
  { id: DIAMETER_APP.swx, name: '3GPP SWx', ref: 'TS 29.273 §8' },
  { id: DIAMETER_APP.wx, name: '3GPP Wx', ref: 'TS 29.234 §7' },
  { id: DIAMETER_APP.zh, name: '3GPP Zh', ref: 'TS 29.109 §6' },
  { id: DIAMETER_APP.rx, name: '3GPP Rx', ref: 'TS 29.214 §5.6' },
  { id: DIAMETER_APP.gx, name: '3GPP Gx', ref: 'TS 29.212 §5.6' },
  { id: DIAMETER_APP.sy, name: '3GPP Sy', ref: 'TS 29.219 §5.6' },
  { id: DIAMETER_APP.sd, name: '3GPP Sd', ref: 'TS 29.212 §6.6' },
];

// Cx, TS 29.229 §6.1.
const SAR: CommandDef = { code: DIAMETER_CMD.cx.SAR, app: DIAMETER_APP.cx, name: 'Server-Assignment', req: 'SAR', ans: 'SAA', ref: 'TS 29.229 §6.1.3-6.1.4' };
const MAR: CommandDef = { code: DIAMETER_CMD.cx.MAR, app: DIAMETER_APP.cx, name: 'Multimedia-Auth', req: 'MAR', ans: 'MAA', ref: 'TS 29.229 §6.1.7-6.1.8' };
const RTR: CommandDef = {
  code: DIAMETER_CMD.cx.RTR,
  app: DIAMETER_APP.cx,
  name: 'Registration-Termination',
  req: 'RTR',
  ans: 'RTA',
  ref: 'TS 29.229 §6.1.9-6.1.10',
};
const PPR: CommandDef = { code: DIAMETER_CMD.cx.PPR, app: DIAMETER_APP.cx, name: 'Push-Profile', req: 'PPR', ans: 'PPA', ref: 'TS 29.229 §6.1.11-6.1.12' };

export const OTHER_COMMANDS: readonly CommandDef[] = [
  // AA-Request/Answer, RFC 7155 §3.1-3.2, used by Rx (TS 29.214 §5.6.1-5.6.2).
  { code: DIAMETER_CMD.nasreq.AAR, name: 'AA', req: 'AAR', ans: 'AAA', ref: 'RFC 7155 §3.1-3.2; TS 29.214 §5.6.1-5.6.2' },
  { code: DIAMETER_CMD.cx.UAR, app: DIAMETER_APP.cx, name: 'User-Authorization', req: 'UAR', ans: 'UAA', ref: 'TS 29.229 §6.1.1-6.1.2' },
  SAR,
  { code: DIAMETER_CMD.cx.LIR, app: DIAMETER_APP.cx, name: 'Location-Info', req: 'LIR', ans: 'LIA', ref: 'TS 29.229 §6.1.5-6.1.6' },
  MAR,
  RTR,
  PPR,
  // SWx, TS 29.273 §8.2: authentication vectors, registration of the 3GPP AAA server, its deregistration and profile push.
  ...[MAR, SAR, RTR, PPR].map((c) => reuse(c, DIAMETER_APP.swx, 'TS 29.273 §8.2')),
  // Wx, TS 29.234 (I-WLAN, before SWx): the same four Cx commands under its own id, so honest Wx is not
  // a command-app mismatch read as Cx (review 13-B #3).
  ...[MAR, SAR, RTR, PPR].map((c) => reuse(c, DIAMETER_APP.wx, 'TS 29.234 §7')),
  // Zh, TS 29.109 §6: the BSF fetches GBA authentication vectors from the HSS.
  reuse(MAR, DIAMETER_APP.zh, 'TS 29.109 §6'),
];

/** Experimental-Result-Code values of Cx, TS 29.229 §6.2 (2xxx success, 5xxx permanent failures). */
export const CX_RESULT_CODES: Readonly<Record<number, string>> = {
  2001: 'DIAMETER_FIRST_REGISTRATION',
  2002: 'DIAMETER_SUBSEQUENT_REGISTRATION',
  2003: 'DIAMETER_UNREGISTERED_SERVICE',
  2004: 'DIAMETER_SUCCESS_SERVER_NAME_NOT_STORED',
  5001: 'DIAMETER_ERROR_USER_UNKNOWN',
  5002: 'DIAMETER_ERROR_IDENTITIES_DONT_MATCH',
  5003: 'DIAMETER_ERROR_IDENTITY_NOT_REGISTERED',
  5004: 'DIAMETER_ERROR_ROAMING_NOT_ALLOWED',
  5005: 'DIAMETER_ERROR_IDENTITY_ALREADY_REGISTERED',
  5006: 'DIAMETER_ERROR_AUTH_SCHEME_NOT_SUPPORTED',
  5007: 'DIAMETER_ERROR_IN_ASSIGNMENT_TYPE',
  5008: 'DIAMETER_ERROR_TOO_MUCH_DATA',
  5009: 'DIAMETER_ERROR_NOT_SUPPORTED_USER_DATA',
};

export const OTHER_AVPS: readonly AvpDef[] = [
  // Cx / Sh common AVPs, TS 29.229 §6.3.
  tgpp(600, 'Visited-Network-Identifier', 'OctetString', 'TS 29.229 §6.3.1'),
  tgpp(601, 'Public-Identity', 'UTF8String', 'TS 29.229 §6.3.2'),
  tgpp(602, 'Server-Name', 'UTF8String', 'TS 29.229 §6.3.3'),
  tgpp(614, 'Server-Assignment-Type', 'Enumerated', 'TS 29.229 §6.3.15'),
  tgpp(623, 'User-Authorization-Type', 'Enumerated', 'TS 29.229 §6.3.24', {
    values: { 0: 'REGISTRATION', 1: 'DE_REGISTRATION', 2: 'REGISTRATION_AND_CAPABILITIES' },
  }),
  // Gx, TS 29.212 §5.3 (Table 5.3.1).
  tgpp(1001, 'Charging-Rule-Install', 'Grouped', 'TS 29.212 §5.3.2'),
  tgpp(1002, 'Charging-Rule-Remove', 'Grouped', 'TS 29.212 §5.3.3'),
  tgpp(1003, 'Charging-Rule-Definition', 'Grouped', 'TS 29.212 §5.3.4'),
  tgpp(1004, 'Charging-Rule-Base-Name', 'UTF8String', 'TS 29.212 §5.3.5'),
  tgpp(1005, 'Charging-Rule-Name', 'OctetString', 'TS 29.212 §5.3.6'),
  tgpp(1006, 'Event-Trigger', 'Enumerated', 'TS 29.212 §5.3.7'),
  tgpp(1016, 'QoS-Information', 'Grouped', 'TS 29.212 §5.3.16'),
  tgpp(1027, 'IP-CAN-Type', 'Enumerated', 'TS 29.212 §5.3.27', {
    values: { 0: '3GPP-GPRS', 1: 'DOCSIS', 2: 'xDSL', 3: 'WiMAX', 4: '3GPP2', 5: '3GPP-EPS', 6: 'Non-3GPP-EPS' },
  }),
  tgpp(1028, 'QoS-Class-Identifier', 'Enumerated', 'TS 29.212 §5.3.17'),
  tgpp(1032, 'RAT-Type', 'Enumerated', 'TS 29.212 §5.3.31', {
    values: {
      0: 'WLAN',
      1: 'VIRTUAL',
      1000: 'UTRAN',
      1001: 'GERAN',
      1002: 'GAN',
      1003: 'HSPA_EVOLUTION',
      1004: 'EUTRAN',
      1005: 'EUTRAN-NB-IoT',
      2000: 'CDMA2000_1X',
      2001: 'HRPD',
      2002: 'UMB',
      2003: 'EHRPD',
    },
  }),
  tgpp(1034, 'Allocation-Retention-Priority', 'Grouped', 'TS 29.212 §5.3.32'),
  tgpp(1040, 'APN-Aggregate-Max-Bitrate-DL', 'Unsigned32', 'TS 29.212 §5.3.39'),
  tgpp(1041, 'APN-Aggregate-Max-Bitrate-UL', 'Unsigned32', 'TS 29.212 §5.3.40'),
  tgpp(1046, 'Priority-Level', 'Unsigned32', 'TS 29.212 §5.3.45'),
  tgpp(1047, 'Pre-emption-Capability', 'Enumerated', 'TS 29.212 §5.3.46', {
    values: { 0: 'PRE-EMPTION_CAPABILITY_ENABLED', 1: 'PRE-EMPTION_CAPABILITY_DISABLED' },
  }),
  tgpp(1048, 'Pre-emption-Vulnerability', 'Enumerated', 'TS 29.212 §5.3.47', {
    values: { 0: 'PRE-EMPTION_VULNERABILITY_ENABLED', 1: 'PRE-EMPTION_VULNERABILITY_DISABLED' },
  }),
  tgpp(1049, 'Default-EPS-Bearer-QoS', 'Grouped', 'TS 29.212 §5.3.48'),
  tgpp(1050, 'AN-GW-Address', 'Address', 'TS 29.212 §5.3.49'),
  // Gy / Gx: framed IP address of the UE, RFC 7155 §4.4.10.5.1.
  avpDef(8, 'Framed-IP-Address', 'OctetString', 'RFC 7155 §4.4.10.5.1'),
];
