/**
 * Diameter base protocol, RFC 6733: command codes (§3.1), application ids (§2.4, §11.3) and the
 * base AVPs (§4.5 table; each entry cites the clause that defines it). Result-Code values §7.1.
 */
import { avpDef, type AppDef, type AvpDef, type CommandDef } from './types.js';
import { DIAMETER_APP, DIAMETER_CMD } from './codes.js';

export const BASE_APPS: readonly AppDef[] = [
  { id: DIAMETER_APP.common, name: 'Diameter Common Messages', ref: 'RFC 6733 §2.4' },
  { id: DIAMETER_APP.accounting, name: 'Diameter Base Accounting', ref: 'RFC 6733 §2.4' },
  { id: DIAMETER_APP.relay, name: 'Relay', ref: 'RFC 6733 §2.4' },
];

export const BASE_COMMANDS: readonly CommandDef[] = [
  { code: DIAMETER_CMD.base.CER, name: 'Capabilities-Exchange', req: 'CER', ans: 'CEA', ref: 'RFC 6733 §5.3.1-5.3.2' },
  { code: DIAMETER_CMD.base.RAR, name: 'Re-Auth', req: 'RAR', ans: 'RAA', ref: 'RFC 6733 §8.3.1-8.3.2' },
  { code: DIAMETER_CMD.base.ACR, name: 'Accounting', req: 'ACR', ans: 'ACA', ref: 'RFC 6733 §9.7.1-9.7.2' },
  { code: DIAMETER_CMD.base.ASR, name: 'Abort-Session', req: 'ASR', ans: 'ASA', ref: 'RFC 6733 §8.5.1-8.5.2' },
  { code: DIAMETER_CMD.base.STR, name: 'Session-Termination', req: 'STR', ans: 'STA', ref: 'RFC 6733 §8.4.1-8.4.2' },
  { code: DIAMETER_CMD.base.DWR, name: 'Device-Watchdog', req: 'DWR', ans: 'DWA', ref: 'RFC 6733 §5.5.1-5.5.2' },
  { code: DIAMETER_CMD.base.DPR, name: 'Disconnect-Peer', req: 'DPR', ans: 'DPA', ref: 'RFC 6733 §5.4.1-5.4.2' },
];

/** Result-Code values, RFC 6733 §7.1.1-7.1.5. */
export const RESULT_CODES: Readonly<Record<number, string>> = {
  1001: 'DIAMETER_MULTI_ROUND_AUTH',
  2001: 'DIAMETER_SUCCESS',
  2002: 'DIAMETER_LIMITED_SUCCESS',
  3001: 'DIAMETER_COMMAND_UNSUPPORTED',
  3002: 'DIAMETER_UNABLE_TO_DELIVER',
  3003: 'DIAMETER_REALM_NOT_SERVED',
  3004: 'DIAMETER_TOO_BUSY',
  3005: 'DIAMETER_LOOP_DETECTED',
  3006: 'DIAMETER_REDIRECT_INDICATION',
  3007: 'DIAMETER_APPLICATION_UNSUPPORTED',
  3008: 'DIAMETER_INVALID_HDR_BITS',
  3009: 'DIAMETER_INVALID_AVP_BITS',
  3010: 'DIAMETER_UNKNOWN_PEER',
  4001: 'DIAMETER_AUTHENTICATION_REJECTED',
  4002: 'DIAMETER_OUT_OF_SPACE',
  4003: 'ELECTION_LOST',
  5001: 'DIAMETER_AVP_UNSUPPORTED',
  5002: 'DIAMETER_UNKNOWN_SESSION_ID',
  5003: 'DIAMETER_AUTHORIZATION_REJECTED',
  5004: 'DIAMETER_INVALID_AVP_VALUE',
  5005: 'DIAMETER_MISSING_AVP',
  5006: 'DIAMETER_RESOURCES_EXCEEDED',
  5007: 'DIAMETER_CONTRADICTING_AVPS',
  5008: 'DIAMETER_AVP_NOT_ALLOWED',
  5009: 'DIAMETER_AVP_OCCURS_TOO_MANY_TIMES',
  5010: 'DIAMETER_NO_COMMON_APPLICATION',
  5011: 'DIAMETER_UNSUPPORTED_VERSION',
  5012: 'DIAMETER_UNABLE_TO_COMPLY',
  5013: 'DIAMETER_INVALID_BIT_IN_HEADER',
  5014: 'DIAMETER_INVALID_AVP_LENGTH',
  5015: 'DIAMETER_INVALID_MESSAGE_LENGTH',
  5016: 'DIAMETER_INVALID_AVP_BIT_COMBO',
  5017: 'DIAMETER_NO_COMMON_SECURITY',
};

export const BASE_AVPS: readonly AvpDef[] = [
  avpDef(1, 'User-Name', 'UTF8String', 'RFC 6733 §8.14'),
  avpDef(25, 'Class', 'OctetString', 'RFC 6733 §8.20'),
  avpDef(27, 'Session-Timeout', 'Unsigned32', 'RFC 6733 §8.13'),
  avpDef(33, 'Proxy-State', 'OctetString', 'RFC 6733 §6.7.4'),
  avpDef(44, 'Acct-Session-Id', 'OctetString', 'RFC 6733 §9.8.4'),
  avpDef(50, 'Acct-Multi-Session-Id', 'UTF8String', 'RFC 6733 §9.8.5'),
  avpDef(55, 'Event-Timestamp', 'Time', 'RFC 6733 §8.21'),
  avpDef(85, 'Acct-Interim-Interval', 'Unsigned32', 'RFC 6733 §9.8.2'),
  avpDef(257, 'Host-IP-Address', 'Address', 'RFC 6733 §5.3.5'),
  avpDef(258, 'Auth-Application-Id', 'Unsigned32', 'RFC 6733 §6.8'),
  avpDef(259, 'Acct-Application-Id', 'Unsigned32', 'RFC 6733 §6.9'),
  avpDef(260, 'Vendor-Specific-Application-Id', 'Grouped', 'RFC 6733 §6.11'),
  avpDef(261, 'Redirect-Host-Usage', 'Enumerated', 'RFC 6733 §6.13', 0, {
    values: { 0: 'DONT_CACHE', 1: 'ALL_SESSION', 2: 'ALL_REALM', 3: 'REALM_AND_APPLICATION', 4: 'ALL_APPLICATION', 5: 'ALL_HOST', 6: 'ALL_USER' },
  }),
  avpDef(262, 'Redirect-Max-Cache-Time', 'Unsigned32', 'RFC 6733 §6.14'),
  avpDef(263, 'Session-Id', 'UTF8String', 'RFC 6733 §8.8'),
  avpDef(264, 'Origin-Host', 'DiameterIdentity', 'RFC 6733 §6.3'),
  avpDef(265, 'Supported-Vendor-Id', 'Unsigned32', 'RFC 6733 §5.3.6'),
  avpDef(266, 'Vendor-Id', 'Unsigned32', 'RFC 6733 §5.3.3'),
  avpDef(267, 'Firmware-Revision', 'Unsigned32', 'RFC 6733 §5.3.4'),
  avpDef(268, 'Result-Code', 'Unsigned32', 'RFC 6733 §7.1', 0, { values: RESULT_CODES }),
  avpDef(269, 'Product-Name', 'UTF8String', 'RFC 6733 §5.3.7'),
  avpDef(270, 'Session-Binding', 'Unsigned32', 'RFC 6733 §8.17'),
  avpDef(271, 'Session-Server-Failover', 'Enumerated', 'RFC 6733 §8.18', 0, {
    values: { 0: 'REFUSE_SERVICE', 1: 'TRY_AGAIN', 2: 'ALLOW_SERVICE', 3: 'TRY_AGAIN_ALLOW_SERVICE' },
  }),
  avpDef(272, 'Multi-Round-Time-Out', 'Unsigned32', 'RFC 6733 §8.19'),
  avpDef(273, 'Disconnect-Cause', 'Enumerated', 'RFC 6733 §5.4.3', 0, {
    values: { 0: 'REBOOTING', 1: 'BUSY', 2: 'DO_NOT_WANT_TO_TALK_TO_YOU' },
  }),
  avpDef(274, 'Auth-Request-Type', 'Enumerated', 'RFC 6733 §8.7', 0, {
    values: { 1: 'AUTHENTICATE_ONLY', 2: 'AUTHORIZE_ONLY', 3: 'AUTHORIZE_AUTHENTICATE' },
  }),
  avpDef(276, 'Auth-Grace-Period', 'Unsigned32', 'RFC 6733 §8.10'),
  avpDef(277, 'Auth-Session-State', 'Enumerated', 'RFC 6733 §8.11', 0, {
    values: { 0: 'STATE_MAINTAINED', 1: 'NO_STATE_MAINTAINED' },
  }),
  avpDef(278, 'Origin-State-Id', 'Unsigned32', 'RFC 6733 §8.16'),
  avpDef(279, 'Failed-AVP', 'Grouped', 'RFC 6733 §7.5'),
  avpDef(280, 'Proxy-Host', 'DiameterIdentity', 'RFC 6733 §6.7.3'),
  avpDef(281, 'Error-Message', 'UTF8String', 'RFC 6733 §7.3'),
  avpDef(282, 'Route-Record', 'DiameterIdentity', 'RFC 6733 §6.7.1'),
  avpDef(283, 'Destination-Realm', 'DiameterIdentity', 'RFC 6733 §6.6'),
  avpDef(284, 'Proxy-Info', 'Grouped', 'RFC 6733 §6.7.2'),
  avpDef(285, 'Re-Auth-Request-Type', 'Enumerated', 'RFC 6733 §8.12', 0, {
    values: { 0: 'AUTHORIZE_ONLY', 1: 'AUTHORIZE_AUTHENTICATE' },
  }),
  avpDef(287, 'Accounting-Sub-Session-Id', 'Unsigned64', 'RFC 6733 §9.8.6'),
  avpDef(291, 'Authorization-Lifetime', 'Unsigned32', 'RFC 6733 §8.9'),
  avpDef(292, 'Redirect-Host', 'DiameterURI', 'RFC 6733 §6.12'),
  avpDef(293, 'Destination-Host', 'DiameterIdentity', 'RFC 6733 §6.5'),
  avpDef(294, 'Error-Reporting-Host', 'DiameterIdentity', 'RFC 6733 §7.4'),
  avpDef(295, 'Termination-Cause', 'Enumerated', 'RFC 6733 §8.15', 0, {
    values: {
      1: 'DIAMETER_LOGOUT',
      2: 'DIAMETER_SERVICE_NOT_PROVIDED',
      3: 'DIAMETER_BAD_ANSWER',
      4: 'DIAMETER_ADMINISTRATIVE',
      5: 'DIAMETER_LINK_BROKEN',
      6: 'DIAMETER_AUTH_EXPIRED',
      7: 'DIAMETER_USER_MOVED',
      8: 'DIAMETER_SESSION_TIMEOUT',
    },
  }),
  avpDef(296, 'Origin-Realm', 'DiameterIdentity', 'RFC 6733 §6.4'),
  avpDef(297, 'Experimental-Result', 'Grouped', 'RFC 6733 §7.6'),
  avpDef(298, 'Experimental-Result-Code', 'Unsigned32', 'RFC 6733 §7.7'),
  avpDef(299, 'Inband-Security-Id', 'Unsigned32', 'RFC 6733 §6.10'),
  avpDef(480, 'Accounting-Record-Type', 'Enumerated', 'RFC 6733 §9.8.1', 0, {
    values: { 1: 'EVENT_RECORD', 2: 'START_RECORD', 3: 'INTERIM_RECORD', 4: 'STOP_RECORD' },
  }),
  avpDef(483, 'Accounting-Realtime-Required', 'Enumerated', 'RFC 6733 §9.8.7', 0, {
    values: { 1: 'DELIVER_AND_GRANT', 2: 'GRANT_AND_STORE', 3: 'GRANT_AND_LOSE' },
  }),
  avpDef(485, 'Accounting-Record-Number', 'Unsigned32', 'RFC 6733 §9.8.3'),
];
