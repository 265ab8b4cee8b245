/**
 * Sh (AS ↔ HSS), 3GPP TS 29.328 (procedures) / TS 29.329 (protocol): application id (§6),
 * commands (§6.1) and the AVPs of §6.3 (codes and types from Table 6.3.1, cited as `T6.3.1`).
 * MSISDN (701) is also used by S6a Subscription-Data, SLg, SLh and S6c.
 */
import { tgpp, type AppDef, type AvpDef, type CommandDef } from './types.js';
import { DIAMETER_APP, DIAMETER_CMD } from './codes.js';

const T = 'TS 29.329 §6.3 T6.3.1';

export const SH_APPS: readonly AppDef[] = [{ id: DIAMETER_APP.sh, name: '3GPP Sh', ref: 'TS 29.329 §6' }];

export const SH_COMMANDS: readonly CommandDef[] = [
  { code: DIAMETER_CMD.sh.UDR, app: DIAMETER_APP.sh, name: 'User-Data', req: 'UDR', ans: 'UDA', ref: 'TS 29.329 §6.1.1-6.1.2' },
  { code: DIAMETER_CMD.sh.PUR, app: DIAMETER_APP.sh, name: 'Profile-Update', req: 'PUR', ans: 'PUA', ref: 'TS 29.329 §6.1.3-6.1.4' },
  { code: DIAMETER_CMD.sh.SNR, app: DIAMETER_APP.sh, name: 'Subscribe-Notifications', req: 'SNR', ans: 'SNA', ref: 'TS 29.329 §6.1.5-6.1.6' },
  { code: DIAMETER_CMD.sh.PNR, app: DIAMETER_APP.sh, name: 'Push-Notification', req: 'PNR', ans: 'PNA', ref: 'TS 29.329 §6.1.7-6.1.8' },
];

/**
 * Data-Reference values, TS 29.329 §6.3.4 (data items of TS 29.328 Annex C). 14 LocationInformation
 * and 31 ReferenceLocationInformation return the subscriber's location.
 */
export const DATA_REFERENCES: Readonly<Record<number, string>> = {
  0: 'RepositoryData',
  10: 'IMSPublicIdentity',
  11: 'IMSUserState',
  12: 'S-CSCFName',
  13: 'InitialFilterCriteria',
  14: 'LocationInformation',
  15: 'UserState',
  16: 'ChargingInformation',
  17: 'MSISDN',
  18: 'PSIActivation',
  19: 'DSAI',
  21: 'ServiceLevelTraceInfo',
  22: 'IPAddressSecureBindingInformation',
  23: 'ServicePriorityLevel',
  24: 'SMSRegistrationInfo',
  25: 'UEReachabilityForIP',
  26: 'TADSinformation',
  27: 'STN-SR',
  28: 'UE-SRVCC-Capability',
  29: 'ExtendedPriority',
  30: 'CSRN',
  31: 'ReferenceLocationInformation',
  32: 'IMSI',
  33: 'IMSPrivateUserIdentity',
  34: 'IMEISV',
};

export const SH_AVPS: readonly AvpDef[] = [
  tgpp(700, 'User-Identity', 'Grouped', 'TS 29.329 §6.3.1'),
  tgpp(701, 'MSISDN', 'OctetString', 'TS 29.329 §6.3.2 (TBCD, TS 29.002 §17.7.8)'),
  tgpp(702, 'User-Data', 'OctetString', T),
  tgpp(703, 'Data-Reference', 'Enumerated', 'TS 29.329 §6.3.4', { values: DATA_REFERENCES }),
  tgpp(704, 'Service-Indication', 'OctetString', T),
  tgpp(705, 'Subs-Req-Type', 'Enumerated', T, { values: { 0: 'Subscribe', 1: 'Unsubscribe' } }),
  tgpp(706, 'Requested-Domain', 'Enumerated', T, { values: { 0: 'CS-Domain', 1: 'PS-Domain' } }),
  tgpp(707, 'Current-Location', 'Enumerated', T, {
    values: { 0: 'DoNotNeedInitiateActiveLocationRetrieval', 1: 'InitiateActiveLocationRetrieval' },
  }),
  tgpp(708, 'Identity-Set', 'Enumerated', T),
  tgpp(709, 'Expiry-Time', 'Time', T),
  tgpp(710, 'Send-Data-Indication', 'Enumerated', T),
  tgpp(711, 'DSAI-Tag', 'OctetString', T),
  tgpp(712, 'One-Time-Notification', 'Enumerated', T),
  tgpp(713, 'Requested-Nodes', 'Unsigned32', T),
  tgpp(714, 'Serving-Node-Indication', 'Enumerated', T),
  tgpp(715, 'Repository-Data-ID', 'Grouped', T),
  tgpp(716, 'Sequence-Number', 'Unsigned32', T),
  tgpp(719, 'UDR-Flags', 'Unsigned32', T),
];
