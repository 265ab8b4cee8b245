/**
 * Policy and charging AVPs met on Gx/Rx/Gy/Gi and Cx captures that S6a-focused tables lacked:
 * TS 29.212 (Gx, §5.3 Table 5.3.1), TS 29.214 (Rx, §5.3 Table 5.3.1), TS 29.061 (3GPP
 * vendor-specific attributes reused as Diameter AVPs, §16.4.7 / §16a), TS 32.299 (charging,
 * §7.2 Table 7.2), TS 29.229 (Cx/Dx, §6.3 Table 6.3.1) and the NASREQ/RADIUS attributes of
 * RFC 7155 §4 (RFC 2865 §5, RFC 3162 §2). Codes, names and data types as in those tables (the
 * argument-level conformance run checks each one against captures); values only where sigwatch
 * names them.
 */
import { avpDef, tgpp, type AvpDef } from './types.js';

const GX = 'TS 29.212 §5.3 T5.3.1';
const RX = 'TS 29.214 §5.3 T5.3.1';
const GI = 'TS 29.061 §16.4.7';
const CH = 'TS 32.299 §7.2';
const CX = 'TS 29.229 §6.3 T6.3.1';

export const PCC_CHARGING_AVPS: readonly AvpDef[] = [
  // RFC 7155 §4 reuses the RADIUS attributes with their numbers
  avpDef(30, 'Called-Station-Id', 'UTF8String', 'RFC 7155 §4.2; RFC 2865 §5.30'),
  avpDef(97, 'Framed-IPv6-Prefix', 'OctetString', 'RFC 7155 §4.4.10.6; RFC 3162 §2.3'),
  // TS 29.061: 3GPP vendor-specific attributes (3GPP-*), same codes over Diameter
  tgpp(3, '3GPP-PDP-Type', 'Enumerated', GI, { values: { 0: 'IPv4', 1: 'PPP', 2: 'IPv6', 3: 'IPv4v6', 4: 'Non-IP' } }),
  tgpp(6, '3GPP-SGSN-Address', 'OctetString', GI),
  tgpp(7, '3GPP-GGSN-Address', 'OctetString', GI),
  tgpp(9, '3GPP-GGSN-MCC-MNC', 'UTF8String', GI),
  tgpp(10, '3GPP-NSAPI', 'OctetString', GI),
  tgpp(12, '3GPP-Selection-Mode', 'UTF8String', GI),
  tgpp(18, '3GPP-SGSN-MCC-MNC', 'UTF8String', GI),
  tgpp(21, '3GPP-RAT-Type', 'OctetString', GI),
  tgpp(22, '3GPP-User-Location-Info', 'OctetString', GI),
  tgpp(23, '3GPP-MS-TimeZone', 'OctetString', GI),
  // TS 29.214 (Rx)
  tgpp(501, 'Access-Network-Charging-Address', 'Address', RX),
  tgpp(502, 'Access-Network-Charging-Identifier', 'Grouped', RX),
  tgpp(503, 'Access-Network-Charging-Identifier-Value', 'OctetString', RX),
  tgpp(504, 'AF-Application-Identifier', 'OctetString', RX),
  tgpp(505, 'AF-Charging-Identifier', 'OctetString', RX),
  tgpp(507, 'Flow-Description', 'IPFilterRule', RX),
  tgpp(508, 'Flow-Grouping', 'Grouped', RX),
  tgpp(509, 'Flow-Number', 'Unsigned32', RX),
  tgpp(510, 'Flows', 'Grouped', RX),
  tgpp(511, 'Flow-Status', 'Enumerated', RX, { values: { 0: 'ENABLED-UPLINK', 1: 'ENABLED-DOWNLINK', 2: 'ENABLED', 3: 'DISABLED', 4: 'REMOVED' } }),
  tgpp(512, 'Flow-Usage', 'Enumerated', RX, { values: { 0: 'NO_INFORMATION', 1: 'RTCP', 2: 'AF_SIGNALLING' } }),
  tgpp(513, 'Specific-Action', 'Enumerated', RX),
  tgpp(517, 'Media-Component-Description', 'Grouped', RX),
  tgpp(518, 'Media-Component-Number', 'Unsigned32', RX),
  tgpp(519, 'Media-Sub-Component', 'Grouped', RX),
  tgpp(520, 'Media-Type', 'Enumerated', RX, { values: { 0: 'AUDIO', 1: 'VIDEO', 2: 'DATA', 3: 'APPLICATION', 4: 'CONTROL', 5: 'TEXT', 6: 'MESSAGE' } }),
  tgpp(521, 'RR-Bandwidth', 'Unsigned32', RX),
  tgpp(522, 'RS-Bandwidth', 'Unsigned32', RX),
  tgpp(524, 'Codec-Data', 'OctetString', RX),
  // TS 29.229 (Cx/Dx)
  tgpp(603, 'Server-Capabilities', 'Grouped', CX),
  tgpp(604, 'Mandatory-Capability', 'Unsigned32', CX),
  tgpp(605, 'Optional-Capability', 'Unsigned32', CX),
  tgpp(607, 'SIP-Number-Auth-Items', 'Unsigned32', CX),
  tgpp(608, 'SIP-Authentication-Scheme', 'UTF8String', CX),
  tgpp(609, 'SIP-Authenticate', 'OctetString', CX),
  tgpp(610, 'SIP-Authorization', 'OctetString', CX),
  tgpp(611, 'SIP-Authentication-Context', 'OctetString', CX),
  tgpp(612, 'SIP-Auth-Data-Item', 'Grouped', CX),
  tgpp(613, 'SIP-Item-Number', 'Unsigned32', CX),
  tgpp(618, 'Charging-Information', 'Grouped', CX),
  tgpp(619, 'Primary-Event-Charging-Function-Name', 'DiameterURI', CX),
  tgpp(620, 'Secondary-Event-Charging-Function-Name', 'DiameterURI', CX),
  tgpp(621, 'Primary-Charging-Collection-Function-Name', 'DiameterURI', CX),
  tgpp(622, 'Secondary-Charging-Collection-Function-Name', 'DiameterURI', CX),
  tgpp(624, 'User-Data-Already-Available', 'Enumerated', CX, { values: { 0: 'USER_DATA_NOT_AVAILABLE', 1: 'USER_DATA_ALREADY_AVAILABLE' } }),
  tgpp(625, 'Confidentiality-Key', 'OctetString', CX),
  tgpp(626, 'Integrity-Key', 'OctetString', CX),
  // TS 32.299 (Gy / Ro charging)
  tgpp(846, 'CG-Address', 'Address', CH),
  tgpp(847, 'GGSN-Address', 'Address', CH),
  tgpp(848, 'Served-Party-IP-Address', 'Address', CH),
  tgpp(872, 'Reporting-Reason', 'Enumerated', CH),
  tgpp(873, 'Service-Information', 'Grouped', CH),
  tgpp(874, 'PS-Information', 'Grouped', CH),
  tgpp(1227, 'PDP-Address', 'Address', CH),
  tgpp(1228, 'SGSN-Address', 'Address', CH),
  tgpp(2020, 'Low-Balance-Indication', 'Enumerated', CH, { values: { 0: 'NOT-APPLICABLE', 1: 'YES' } }),
  tgpp(2021, 'Remaining-Balance', 'Grouped', CH),
  // TS 29.212 (Gx)
  tgpp(1000, 'Bearer-Usage', 'Enumerated', GX, { values: { 0: 'GENERAL', 1: 'IMS_SIGNALLING' } }),
  tgpp(1007, 'Metering-Method', 'Enumerated', GX, { values: { 0: 'DURATION', 1: 'VOLUME', 2: 'DURATION_VOLUME', 3: 'EVENT' } }),
  tgpp(1008, 'Offline', 'Enumerated', GX, { values: { 0: 'DISABLE_OFFLINE', 1: 'ENABLE_OFFLINE' } }),
  tgpp(1009, 'Online', 'Enumerated', GX, { values: { 0: 'DISABLE_ONLINE', 1: 'ENABLE_ONLINE' } }),
  tgpp(1010, 'Precedence', 'Unsigned32', GX),
  tgpp(1011, 'Reporting-Level', 'Enumerated', GX),
  tgpp(1014, 'ToS-Traffic-Class', 'OctetString', GX),
  tgpp(1018, 'Charging-Rule-Report', 'Grouped', GX),
  tgpp(1019, 'PCC-Rule-Status', 'Enumerated', GX),
  tgpp(1020, 'Bearer-Identifier', 'OctetString', GX),
  tgpp(1021, 'Bearer-Operation', 'Enumerated', GX),
  tgpp(1022, 'Access-Network-Charging-Identifier-Gx', 'Grouped', GX),
  tgpp(1023, 'Bearer-Control-Mode', 'Enumerated', GX, { values: { 0: 'UE_ONLY', 1: 'RESERVED', 2: 'UE_NW' } }),
  tgpp(1024, 'Network-Request-Support', 'Enumerated', GX, { values: { 0: 'NETWORK_REQUEST NOT SUPPORTED', 1: 'NETWORK_REQUEST SUPPORTED' } }),
  tgpp(1025, 'Guaranteed-Bitrate-DL', 'Unsigned32', GX),
  tgpp(1026, 'Guaranteed-Bitrate-UL', 'Unsigned32', GX),
  tgpp(1029, 'QoS-Negotiation', 'Enumerated', GX),
  tgpp(1030, 'QoS-Upgrade', 'Enumerated', GX),
  tgpp(1031, 'Rule-Failure-Code', 'Enumerated', GX),
  tgpp(1042, 'Revalidation-Time', 'Time', GX),
  tgpp(1045, 'Session-Release-Cause', 'Enumerated', GX),
  tgpp(1058, 'Flow-Information', 'Grouped', GX),
  tgpp(1059, 'Packet-Filter-Content', 'IPFilterRule', GX),
  tgpp(1060, 'Packet-Filter-Identifier', 'OctetString', GX),
  tgpp(1061, 'Packet-Filter-Information', 'Grouped', GX),
  tgpp(1062, 'Packet-Filter-Operation', 'Enumerated', GX),
  tgpp(1066, 'Monitoring-Key', 'OctetString', GX),
  tgpp(1067, 'Usage-Monitoring-Information', 'Grouped', GX),
  tgpp(1080, 'Flow-Direction', 'Enumerated', GX, { values: { 0: 'UNSPECIFIED', 1: 'DOWNLINK', 2: 'UPLINK', 3: 'BIDIRECTIONAL' } }),
  tgpp(1086, 'Redirect-Support', 'Enumerated', GX, { values: { 0: 'REDIRECTION_DISABLED', 1: 'REDIRECTION_ENABLED' } }),
];
