/**
 * Diameter Credit-Control Application, RFC 4006: application id (§12.1), CCR/CCA (§3.1-3.2) and
 * the AVPs of §8 (each cites its clause). Also the base of 3GPP Gy (TS 32.299) and Gx.
 */
import { avpDef, type AppDef, type AvpDef, type CommandDef } from './types.js';
import { DIAMETER_APP, DIAMETER_CMD } from './codes.js';

export const CC_APPS: readonly AppDef[] = [{ id: DIAMETER_APP.creditControl, name: 'Diameter Credit Control', ref: 'RFC 4006 §12.1' }];

export const CC_COMMANDS: readonly CommandDef[] = [
  { code: DIAMETER_CMD.creditControl.CCR, name: 'Credit-Control', req: 'CCR', ans: 'CCA', ref: 'RFC 4006 §3.1-3.2' },
];

/** Subscription-Id-Type values, RFC 4006 §8.47. */
export const SubscriptionIdType = { END_USER_E164: 0, END_USER_IMSI: 1, END_USER_SIP_URI: 2, END_USER_NAI: 3, END_USER_PRIVATE: 4 } as const;

export const CC_AVPS: readonly AvpDef[] = [
  avpDef(411, 'CC-Correlation-Id', 'OctetString', 'RFC 4006 §8.1'),
  avpDef(412, 'CC-Input-Octets', 'Unsigned64', 'RFC 4006 §8.24'),
  avpDef(413, 'CC-Money', 'Grouped', 'RFC 4006 §8.22'),
  avpDef(414, 'CC-Output-Octets', 'Unsigned64', 'RFC 4006 §8.25'),
  avpDef(415, 'CC-Request-Number', 'Unsigned32', 'RFC 4006 §8.2'),
  avpDef(416, 'CC-Request-Type', 'Enumerated', 'RFC 4006 §8.3', 0, {
    values: { 1: 'INITIAL_REQUEST', 2: 'UPDATE_REQUEST', 3: 'TERMINATION_REQUEST', 4: 'EVENT_REQUEST' },
  }),
  avpDef(417, 'CC-Service-Specific-Units', 'Unsigned64', 'RFC 4006 §8.26'),
  avpDef(418, 'CC-Session-Failover', 'Enumerated', 'RFC 4006 §8.4', 0, {
    values: { 0: 'FAILOVER_NOT_SUPPORTED', 1: 'FAILOVER_SUPPORTED' },
  }),
  avpDef(419, 'CC-Sub-Session-Id', 'Unsigned64', 'RFC 4006 §8.5'),
  avpDef(420, 'CC-Time', 'Unsigned32', 'RFC 4006 §8.21'),
  avpDef(421, 'CC-Total-Octets', 'Unsigned64', 'RFC 4006 §8.23'),
  avpDef(422, 'Check-Balance-Result', 'Enumerated', 'RFC 4006 §8.6', 0, { values: { 0: 'ENOUGH_CREDIT', 1: 'NO_CREDIT' } }),
  avpDef(423, 'Cost-Information', 'Grouped', 'RFC 4006 §8.7'),
  avpDef(424, 'Cost-Unit', 'UTF8String', 'RFC 4006 §8.12'),
  avpDef(425, 'Currency-Code', 'Unsigned32', 'RFC 4006 §8.11'),
  avpDef(426, 'Credit-Control', 'Enumerated', 'RFC 4006 §8.13', 0, { values: { 0: 'CREDIT_AUTHORIZATION', 1: 'RE_AUTHORIZATION' } }),
  avpDef(427, 'Credit-Control-Failure-Handling', 'Enumerated', 'RFC 4006 §8.14', 0, {
    values: { 0: 'TERMINATE', 1: 'CONTINUE', 2: 'RETRY_AND_TERMINATE' },
  }),
  avpDef(428, 'Direct-Debiting-Failure-Handling', 'Enumerated', 'RFC 4006 §8.15', 0, {
    values: { 0: 'TERMINATE_OR_BUFFER', 1: 'CONTINUE' },
  }),
  avpDef(429, 'Exponent', 'Integer32', 'RFC 4006 §8.9'),
  avpDef(430, 'Final-Unit-Indication', 'Grouped', 'RFC 4006 §8.34'),
  avpDef(431, 'Granted-Service-Unit', 'Grouped', 'RFC 4006 §8.17'),
  avpDef(432, 'Rating-Group', 'Unsigned32', 'RFC 4006 §8.29'),
  avpDef(433, 'Redirect-Address-Type', 'Enumerated', 'RFC 4006 §8.38', 0, {
    values: { 0: 'IPv4 Address', 1: 'IPv6 Address', 2: 'URL', 3: 'SIP URI' },
  }),
  avpDef(434, 'Redirect-Server', 'Grouped', 'RFC 4006 §8.37'),
  avpDef(435, 'Redirect-Server-Address', 'UTF8String', 'RFC 4006 §8.39'),
  avpDef(436, 'Requested-Action', 'Enumerated', 'RFC 4006 §8.41', 0, {
    values: { 0: 'DIRECT_DEBITING', 1: 'REFUND_ACCOUNT', 2: 'CHECK_BALANCE', 3: 'PRICE_ENQUIRY' },
  }),
  avpDef(437, 'Requested-Service-Unit', 'Grouped', 'RFC 4006 §8.18'),
  avpDef(438, 'Restriction-Filter-Rule', 'IPFilterRule', 'RFC 4006 §8.36'),
  avpDef(439, 'Service-Identifier', 'Unsigned32', 'RFC 4006 §8.28'),
  avpDef(440, 'Service-Parameter-Info', 'Grouped', 'RFC 4006 §8.43'),
  avpDef(441, 'Service-Parameter-Type', 'Unsigned32', 'RFC 4006 §8.44'),
  avpDef(442, 'Service-Parameter-Value', 'OctetString', 'RFC 4006 §8.45'),
  avpDef(443, 'Subscription-Id', 'Grouped', 'RFC 4006 §8.46'),
  avpDef(444, 'Subscription-Id-Data', 'UTF8String', 'RFC 4006 §8.48'),
  avpDef(445, 'Unit-Value', 'Grouped', 'RFC 4006 §8.8'),
  avpDef(446, 'Used-Service-Unit', 'Grouped', 'RFC 4006 §8.19'),
  avpDef(447, 'Value-Digits', 'Integer64', 'RFC 4006 §8.10'),
  avpDef(448, 'Validity-Time', 'Unsigned32', 'RFC 4006 §8.33'),
  avpDef(449, 'Final-Unit-Action', 'Enumerated', 'RFC 4006 §8.35', 0, {
    values: { 0: 'TERMINATE', 1: 'REDIRECT', 2: 'RESTRICT_ACCESS' },
  }),
  avpDef(450, 'Subscription-Id-Type', 'Enumerated', 'RFC 4006 §8.47', 0, {
    values: { 0: 'END_USER_E164', 1: 'END_USER_IMSI', 2: 'END_USER_SIP_URI', 3: 'END_USER_NAI', 4: 'END_USER_PRIVATE' },
  }),
  avpDef(451, 'Tariff-Time-Change', 'Time', 'RFC 4006 §8.20'),
  avpDef(452, 'Tariff-Change-Usage', 'Enumerated', 'RFC 4006 §8.27', 0, {
    values: { 0: 'UNIT_BEFORE_TARIFF_CHANGE', 1: 'UNIT_AFTER_TARIFF_CHANGE', 2: 'UNIT_INDETERMINATE' },
  }),
  avpDef(453, 'G-S-U-Pool-Identifier', 'Unsigned32', 'RFC 4006 §8.31'),
  avpDef(454, 'CC-Unit-Type', 'Enumerated', 'RFC 4006 §8.32', 0, {
    values: { 0: 'TIME', 1: 'MONEY', 2: 'TOTAL-OCTETS', 3: 'INPUT-OCTETS', 4: 'OUTPUT-OCTETS', 5: 'SERVICE-SPECIFIC-UNITS' },
  }),
  avpDef(455, 'Multiple-Services-Indicator', 'Enumerated', 'RFC 4006 §8.40', 0, {
    values: { 0: 'MULTIPLE_SERVICES_NOT_SUPPORTED', 1: 'MULTIPLE_SERVICES_SUPPORTED' },
  }),
  avpDef(456, 'Multiple-Services-Credit-Control', 'Grouped', 'RFC 4006 §8.16'),
  avpDef(457, 'G-S-U-Pool-Reference', 'Grouped', 'RFC 4006 §8.30'),
  avpDef(458, 'User-Equipment-Info', 'Grouped', 'RFC 4006 §8.49'),
  avpDef(459, 'User-Equipment-Info-Type', 'Enumerated', 'RFC 4006 §8.50', 0, {
    values: { 0: 'IMEISV', 1: 'MAC', 2: 'EUI64', 3: 'MODIFIED_EUI64' },
  }),
  avpDef(460, 'User-Equipment-Info-Value', 'OctetString', 'RFC 4006 §8.51'),
  avpDef(461, 'Service-Context-Id', 'UTF8String', 'RFC 4006 §8.42'),
];
