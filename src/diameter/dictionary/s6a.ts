/**
 * S6a/S6d (MME/SGSN ↔ HSS) and S13, 3GPP TS 29.272: application id (§7.1.8), commands (§7.2.2
 * Table 7.2.2/1, each with its clause) and AVPs. Codes and types of the 3GPP-specific AVPs come
 * from TS 29.272 §7.3.1 Table 7.3.1/1 (cited as `T7.3.1/1`); entries whose value layout matters to
 * sigwatch also cite their own clause. AVPs that S6a imports from other specifications cite those.
 */
import { avpDef, reuse, tgpp, type AppDef, type AvpDef, type CommandDef } from './types.js';
import { DIAMETER_APP, DIAMETER_CMD } from './codes.js';

const T = 'TS 29.272 §7.3.1 T7.3.1/1';

export const S6A_APP_ID = DIAMETER_APP.s6a;

export const S6A_APPS: readonly AppDef[] = [
  { id: DIAMETER_APP.s6a, name: '3GPP S6a/S6d', ref: 'TS 29.272 §7.1.8' },
  { id: DIAMETER_APP.s13, name: "3GPP S13/S13'", ref: 'TS 29.272 §7.1.8' },
];

const IDR: CommandDef = {
  code: DIAMETER_CMD.s6a.IDR,
  app: DIAMETER_APP.s6a,
  name: 'Insert-Subscriber-Data',
  req: 'IDR',
  ans: 'IDA',
  ref: 'TS 29.272 §7.2.9-7.2.10',
};
const DSR: CommandDef = {
  code: DIAMETER_CMD.s6a.DSR,
  app: DIAMETER_APP.s6a,
  name: 'Delete-Subscriber-Data',
  req: 'DSR',
  ans: 'DSA',
  ref: 'TS 29.272 §7.2.11-7.2.12',
};
const RSR: CommandDef = { code: DIAMETER_CMD.s6a.RSR, app: DIAMETER_APP.s6a, name: 'Reset', req: 'RSR', ans: 'RSA', ref: 'TS 29.272 §7.2.15-7.2.16' };

export const S6A_COMMANDS: readonly CommandDef[] = [
  { code: DIAMETER_CMD.s6a.ULR, app: DIAMETER_APP.s6a, name: 'Update-Location', req: 'ULR', ans: 'ULA', ref: 'TS 29.272 §7.2.3-7.2.4' },
  { code: DIAMETER_CMD.s6a.CLR, app: DIAMETER_APP.s6a, name: 'Cancel-Location', req: 'CLR', ans: 'CLA', ref: 'TS 29.272 §7.2.7-7.2.8' },
  { code: DIAMETER_CMD.s6a.AIR, app: DIAMETER_APP.s6a, name: 'Authentication-Information', req: 'AIR', ans: 'AIA', ref: 'TS 29.272 §7.2.5-7.2.6' },
  IDR,
  DSR,
  { code: DIAMETER_CMD.s6a.PUR, app: DIAMETER_APP.s6a, name: 'Purge-UE', req: 'PUR', ans: 'PUA', ref: 'TS 29.272 §7.2.13-7.2.14' },
  RSR,
  { code: DIAMETER_CMD.s6a.NOR, app: DIAMETER_APP.s6a, name: 'Notify', req: 'NOR', ans: 'NOA', ref: 'TS 29.272 §7.2.17-7.2.18' },
  { code: DIAMETER_CMD.s13.ECR, app: DIAMETER_APP.s13, name: 'ME-Identity-Check', req: 'ECR', ans: 'ECA', ref: 'TS 29.272 §7.2.19-7.2.20' },
];

/**
 * S7a/S7d (CSS ↔ MME/SGSN, autonomous CSG roaming: the visited network's CSS holds the VPLMN
 * CSG subscription), TS 29.272 §5A, application 16777308 (§7.1.8; TS 29.230 §4.1 Table 4.1):
 * the CSS inserts, deletes and resets that data with S6a's Insert-Subscriber-Data, Delete-
 * Subscriber-Data and Reset commands under its own id (§5A, the CSS procedures; the commands of §7.2.9–7.2.16).
 * Definers only (dictionary/index.ts COMMAND_APPS: an S7a IDR stays S7a's, with no anomaly; review
 * 12-B #6), not rule abbreviations: a rule's IDR is the HSS's S6a command (cat2-not-home: only the
 * subscriber's home sends one), which the visited CSS's is not; a rule names S7a by {app, cmd}.
 */
export const S7A_APPS: readonly AppDef[] = [{ id: DIAMETER_APP.s7a, name: '3GPP S7a/S7d', ref: 'TS 29.272 §7.1.8' }];
export const S7A_COMMANDS: readonly CommandDef[] = [
  reuse(IDR, DIAMETER_APP.s7a, 'TS 29.272 §5A, §7.2.9-7.2.10'),
  reuse(DSR, DIAMETER_APP.s7a, 'TS 29.272 §5A, §7.2.11-7.2.12'),
  reuse(RSR, DIAMETER_APP.s7a, 'TS 29.272 §5A, §7.2.15-7.2.16'),
];

/** Experimental-Result-Code values of S6a, TS 29.272 §7.4.3 (permanent) and §7.4.4 (transient). */
export const S6A_RESULT_CODES: Readonly<Record<number, string>> = {
  4181: 'DIAMETER_AUTHENTICATION_DATA_UNAVAILABLE',
  4182: 'DIAMETER_ERROR_CAMEL_SUBSCRIPTION_PRESENT',
  5001: 'DIAMETER_ERROR_USER_UNKNOWN',
  5004: 'DIAMETER_ERROR_ROAMING_NOT_ALLOWED',
  5420: 'DIAMETER_ERROR_UNKNOWN_EPS_SUBSCRIPTION',
  5421: 'DIAMETER_ERROR_RAT_NOT_ALLOWED',
  5422: 'DIAMETER_ERROR_EQUIPMENT_UNKNOWN',
  5423: 'DIAMETER_ERROR_UNKOWN_SERVING_NODE',
};

/** ULR-Flags bits, TS 29.272 §7.3.7 Table 7.3.7/1. */
export const ULR_FLAG_BITS = [
  'Single-Registration-Indication',
  'S6a/S6d-Indicator',
  'Skip-Subscriber-Data',
  'GPRS-Subscription-Data-Indicator',
  'Node-Type-Indicator',
  'Initial-Attach-Indicator',
  'PS-LCS-Not-Supported-By-UE',
  'SMS-Only-Indication',
  'Dual-Registration-5G-Indicator',
] as const;

/** IDR-Flags bits, TS 29.272 §7.3.103 Table 7.3.103/1. Bits 3-4 ask the MME for the UE's location. */
export const IDR_FLAG_BITS = [
  'UE-Reachability-Request',
  'T-ADS-Data-Request',
  'EPS-User-State-Request',
  'EPS-Location-Information-Request',
  'Current-Location-Request',
  'Local-Time-Zone-Request',
  'Remove-SMS-Registration',
  'RAT-Type-Requested',
  'P-CSCF-Restoration-Request',
] as const;

/** Cancellation-Type values, TS 29.272 §7.3.24. */
export const CANCELLATION_TYPES: Readonly<Record<number, string>> = {
  0: 'MME_UPDATE_PROCEDURE',
  1: 'SGSN_UPDATE_PROCEDURE',
  2: 'SUBSCRIPTION_WITHDRAWAL',
  3: 'UPDATE_PROCEDURE_IWF',
  4: 'INITIAL_ATTACH_PROCEDURE',
};

export const S6A_AVPS: readonly AvpDef[] = [
  tgpp(1400, 'Subscription-Data', 'Grouped', 'TS 29.272 §7.3.2'),
  tgpp(1401, 'Terminal-Information', 'Grouped', T),
  tgpp(1402, 'IMEI', 'UTF8String', T),
  tgpp(1403, 'Software-Version', 'UTF8String', T),
  tgpp(1404, 'QoS-Subscribed', 'OctetString', T),
  tgpp(1405, 'ULR-Flags', 'Unsigned32', 'TS 29.272 §7.3.7', { bits: ULR_FLAG_BITS }),
  tgpp(1406, 'ULA-Flags', 'Unsigned32', T, { bits: ['Separation-Indication', 'MME-Registered-for-SMS'] }),
  tgpp(1407, 'Visited-PLMN-Id', 'OctetString', 'TS 29.272 §7.3.9 (TS 24.008 §10.5.1.3 octets)'),
  tgpp(1408, 'Requested-EUTRAN-Authentication-Info', 'Grouped', T),
  tgpp(1409, 'Requested-UTRAN-GERAN-Authentication-Info', 'Grouped', T),
  tgpp(1410, 'Number-Of-Requested-Vectors', 'Unsigned32', T),
  tgpp(1411, 'Re-Synchronization-Info', 'OctetString', T),
  tgpp(1412, 'Immediate-Response-Preferred', 'Unsigned32', T),
  tgpp(1413, 'Authentication-Info', 'Grouped', T),
  tgpp(1414, 'E-UTRAN-Vector', 'Grouped', T),
  tgpp(1415, 'UTRAN-Vector', 'Grouped', T),
  tgpp(1416, 'GERAN-Vector', 'Grouped', T),
  tgpp(1417, 'Network-Access-Mode', 'Enumerated', T, { values: { 0: 'PACKET_AND_CIRCUIT', 2: 'ONLY_PACKET' } }),
  tgpp(1418, 'HPLMN-ODB', 'Unsigned32', T),
  tgpp(1419, 'Item-Number', 'Unsigned32', T),
  tgpp(1420, 'Cancellation-Type', 'Enumerated', 'TS 29.272 §7.3.24', { values: CANCELLATION_TYPES }),
  tgpp(1421, 'DSR-Flags', 'Unsigned32', T, {
    bits: [
      'Regional-Subscription-Withdrawal',
      'Complete-APN-Configuration-Profile-Withdrawal',
      'Subscribed-Charging-Characteristics-Withdrawal',
      'PDN-subscription-contexts-Withdrawal',
      'STN-SR',
      'Complete-PDP-context-list-Withdrawal',
      'PDP-contexts-Withdrawal',
      'Roaming-Restricted-due-to-unsupported-feature',
      'Trace-Data-Withdrawal',
      'CSG-Deleted',
      'APN-OI-Replacement',
      'GMLC-List-Withdrawal',
      'LCS-Withdrawal',
      'SMS-Withdrawal',
    ],
  }),
  tgpp(1422, 'DSA-Flags', 'Unsigned32', T, { bits: ['Network-Node-area-restricted'] }),
  tgpp(1423, 'Context-Identifier', 'Unsigned32', T),
  tgpp(1424, 'Subscriber-Status', 'Enumerated', T, { values: { 0: 'SERVICE_GRANTED', 1: 'OPERATOR_DETERMINED_BARRING' } }),
  tgpp(1425, 'Operator-Determined-Barring', 'Unsigned32', T),
  tgpp(1426, 'Access-Restriction-Data', 'Unsigned32', T),
  tgpp(1427, 'APN-OI-Replacement', 'UTF8String', T),
  tgpp(1428, 'All-APN-Configurations-Included-Indicator', 'Enumerated', T, {
    values: { 0: 'All_APN_CONFIGURATIONS_INCLUDED', 1: 'MODIFIED_ADDED_APN_CONFIGURATIONS_INCLUDED' },
  }),
  tgpp(1429, 'APN-Configuration-Profile', 'Grouped', T),
  tgpp(1430, 'APN-Configuration', 'Grouped', T),
  tgpp(1431, 'EPS-Subscribed-QoS-Profile', 'Grouped', T),
  tgpp(1432, 'VPLMN-Dynamic-Address-Allowed', 'Enumerated', T, { values: { 0: 'NOTALLOWED', 1: 'ALLOWED' } }),
  tgpp(1433, 'STN-SR', 'OctetString', T),
  tgpp(1434, 'Alert-Reason', 'Enumerated', T, { values: { 0: 'UE_PRESENT', 1: 'UE_MEMORY_AVAILABLE' } }),
  tgpp(1435, 'AMBR', 'Grouped', T),
  tgpp(1436, 'CSG-Subscription-Data', 'Grouped', T),
  tgpp(1437, 'CSG-Id', 'Unsigned32', T),
  tgpp(1438, 'PDN-GW-Allocation-Type', 'Enumerated', T, { values: { 0: 'STATIC', 1: 'DYNAMIC' } }),
  tgpp(1439, 'Expiration-Date', 'Time', T),
  tgpp(1440, 'RAT-Frequency-Selection-Priority-ID', 'Unsigned32', T),
  tgpp(1441, 'IDA-Flags', 'Unsigned32', T, { bits: ['Network-Node-area-restricted'] }),
  tgpp(1442, 'PUA-Flags', 'Unsigned32', T, { bits: ['Freeze-M-TMSI', 'Freeze-P-TMSI'] }),
  tgpp(1443, 'NOR-Flags', 'Unsigned32', T),
  tgpp(1444, 'User-Id', 'UTF8String', T),
  tgpp(1445, 'Equipment-Status', 'Enumerated', T, { values: { 0: 'WHITELISTED', 1: 'BLACKLISTED', 2: 'GREYLISTED' } }),
  tgpp(1446, 'Regional-Subscription-Zone-Code', 'OctetString', T),
  tgpp(1447, 'RAND', 'OctetString', T),
  tgpp(1448, 'XRES', 'OctetString', T),
  tgpp(1449, 'AUTN', 'OctetString', T),
  tgpp(1450, 'KASME', 'OctetString', T),
  tgpp(1452, 'Trace-Collection-Entity', 'Address', T),
  tgpp(1453, 'Kc', 'OctetString', T),
  tgpp(1454, 'SRES', 'OctetString', T),
  tgpp(1456, 'PDN-Type', 'Enumerated', T, { values: { 0: 'IPv4', 1: 'IPv6', 2: 'IPv4v6', 3: 'IPv4_OR_IPv6' } }),
  tgpp(1457, 'Roaming-Restricted-Due-To-Unsupported-Feature', 'Enumerated', T),
  tgpp(1458, 'Trace-Data', 'Grouped', T),
  tgpp(1459, 'Trace-Reference', 'OctetString', T),
  tgpp(1462, 'Trace-Depth', 'Enumerated', T),
  tgpp(1463, 'Trace-NE-Type-List', 'OctetString', T),
  tgpp(1464, 'Trace-Interface-List', 'OctetString', T),
  tgpp(1465, 'Trace-Event-List', 'OctetString', T),
  tgpp(1466, 'OMC-Id', 'OctetString', T),
  tgpp(1467, 'GPRS-Subscription-Data', 'Grouped', T),
  tgpp(1468, 'Complete-Data-List-Included-Indicator', 'Enumerated', T),
  tgpp(1469, 'PDP-Context', 'Grouped', T),
  tgpp(1470, 'PDP-Type', 'OctetString', T),
  tgpp(1471, '3GPP2-MEID', 'OctetString', T),
  tgpp(1472, 'Specific-APN-Info', 'Grouped', T),
  tgpp(1473, 'LCS-Info', 'Grouped', T),
  tgpp(1474, 'GMLC-Number', 'OctetString', T),
  tgpp(1475, 'LCS-PrivacyException', 'Grouped', T),
  tgpp(1476, 'SS-Code', 'OctetString', T),
  tgpp(1477, 'SS-Status', 'OctetString', T),
  tgpp(1478, 'Notification-To-UE-User', 'Enumerated', T),
  tgpp(1479, 'External-Client', 'Grouped', T),
  tgpp(1480, 'Client-Identity', 'OctetString', T),
  tgpp(1481, 'GMLC-Restriction', 'Enumerated', T),
  tgpp(1482, 'PLMN-Client', 'Enumerated', T),
  tgpp(1483, 'Service-Type', 'Grouped', T),
  tgpp(1484, 'ServiceTypeIdentity', 'Unsigned32', T),
  tgpp(1485, 'MO-LR', 'Grouped', T),
  tgpp(1486, 'Teleservice-List', 'Grouped', T),
  tgpp(1487, 'TS-Code', 'OctetString', T),
  tgpp(1488, 'Call-Barring-Info', 'Grouped', T),
  tgpp(1489, 'SGSN-Number', 'OctetString', T),
  tgpp(1490, 'IDR-Flags', 'Unsigned32', 'TS 29.272 §7.3.103', { bits: IDR_FLAG_BITS }),
  tgpp(1491, 'ICS-Indicator', 'Enumerated', T),
  tgpp(1492, 'IMS-Voice-Over-PS-Sessions-Supported', 'Enumerated', T),
  tgpp(1493, 'Homogeneous-Support-of-IMS-Voice-Over-PS-Sessions', 'Enumerated', T),
  tgpp(1494, 'Last-UE-Activity-Time', 'Time', T),
  tgpp(1495, 'EPS-User-State', 'Grouped', T),
  tgpp(1496, 'EPS-Location-Information', 'Grouped', T),
  tgpp(1497, 'MME-User-State', 'Grouped', T),
  tgpp(1498, 'SGSN-User-State', 'Grouped', T),
  tgpp(1499, 'User-State', 'Enumerated', T, {
    values: {
      0: 'DETACHED',
      1: 'ATTACHED_NOT_REACHABLE_FOR_PAGING',
      2: 'ATTACHED_REACHABLE_FOR_PAGING',
      3: 'CONNECTED_NOT_REACHABLE_FOR_PAGING',
      4: 'CONNECTED_REACHABLE_FOR_PAGING',
      5: 'NETWORK_DETERMINED_NOT_REACHABLE',
    },
  }),
  tgpp(1600, 'MME-Location-Information', 'Grouped', T),
  tgpp(1601, 'SGSN-Location-Information', 'Grouped', T),
  tgpp(1602, 'E-UTRAN-Cell-Global-Identity', 'OctetString', T),
  tgpp(1603, 'Tracking-Area-Identity', 'OctetString', T),
  tgpp(1604, 'Cell-Global-Identity', 'OctetString', T),
  tgpp(1605, 'Routing-Area-Identity', 'OctetString', T),
  tgpp(1606, 'Location-Area-Identity', 'OctetString', T),
  tgpp(1607, 'Service-Area-Identity', 'OctetString', T),
  tgpp(1608, 'Geographical-Information', 'OctetString', T),
  tgpp(1609, 'Geodetic-Information', 'OctetString', T),
  tgpp(1610, 'Current-Location-Retrieved', 'Enumerated', T, { values: { 0: 'ACTIVE-LOCATION-RETRIEVAL' } }),
  tgpp(1611, 'Age-Of-Location-Information', 'Unsigned32', T),
  tgpp(1612, 'Active-APN', 'Grouped', T),
  tgpp(1613, 'Error-Diagnostic', 'Enumerated', T),
  tgpp(1614, 'Ext-PDP-Address', 'Address', T),
  tgpp(1615, 'UE-SRVCC-Capability', 'Enumerated', T),
  tgpp(1616, 'MPS-Priority', 'Unsigned32', T),
  tgpp(1617, 'VPLMN-LIPA-Allowed', 'Enumerated', T),
  tgpp(1618, 'LIPA-Permission', 'Enumerated', T),
  tgpp(1619, 'Subscribed-Periodic-RAU-TAU-Timer', 'Unsigned32', T),
  tgpp(1620, 'Ext-PDP-Type', 'OctetString', T),
  tgpp(1621, 'SIPTO-Permission', 'Enumerated', T),
  tgpp(1622, 'MDT-Configuration', 'Grouped', T),
  tgpp(1635, 'PUR-Flags', 'Unsigned32', T, { bits: ['UE-Purged-in-MME', 'UE-Purged-in-SGSN'] }),
  tgpp(1637, 'Equivalent-PLMN-List', 'Grouped', T),
  tgpp(1638, 'CLR-Flags', 'Unsigned32', T, { bits: ['S6a/S6d-Indicator', 'Reattach-Required'] }),
  tgpp(1642, 'Time-Zone', 'UTF8String', T),
  tgpp(1643, 'A-MSISDN', 'OctetString', T),
  tgpp(1645, 'MME-Number-for-MT-SMS', 'OctetString', T),
  tgpp(1648, 'SMS-Register-Request', 'Enumerated', T),
  tgpp(1649, 'Local-Time-Zone', 'Grouped', T),
  tgpp(1650, 'Daylight-Saving-Time', 'Enumerated', T),
  tgpp(1654, 'Subscription-Data-Flags', 'Unsigned32', T),
  tgpp(1664, 'SGs-MME-Identity', 'UTF8String', T),
  tgpp(1666, 'Coupled-Node-Diameter-ID', 'DiameterIdentity', T),
  tgpp(1670, 'Reset-ID', 'OctetString', T),
  tgpp(1679, 'AIR-Flags', 'Unsigned32', T, { bits: ['Send-UE-Usage-Type'] }),
  tgpp(1680, 'UE-Usage-Type', 'Unsigned32', T),
  // Imported by S6a from other specifications (TS 29.272 §7.3.1 Table 7.3.1/2 lists them):
  avpDef(486, 'MIP6-Agent-Info', 'Grouped', 'RFC 5447 §4.2.1'),
  avpDef(334, 'MIP-Home-Agent-Address', 'Address', 'RFC 4004 §7.4'),
  avpDef(348, 'MIP-Home-Agent-Host', 'Grouped', 'RFC 4004 §7.11'),
  avpDef(493, 'Service-Selection', 'UTF8String', 'RFC 5778 §6.2'),
  tgpp(13, '3GPP-Charging-Characteristics', 'UTF8String', 'TS 29.061 §16.4.7.2'),
  tgpp(515, 'Max-Requested-Bandwidth-DL', 'Unsigned32', 'TS 29.214 §5.3.14'),
  tgpp(516, 'Max-Requested-Bandwidth-UL', 'Unsigned32', 'TS 29.214 §5.3.15'),
  tgpp(628, 'Supported-Features', 'Grouped', 'TS 29.229 §6.3.29'),
  tgpp(629, 'Feature-List-ID', 'Unsigned32', 'TS 29.229 §6.3.30'),
  tgpp(630, 'Feature-List', 'Unsigned32', 'TS 29.229 §6.3.31'),
];
