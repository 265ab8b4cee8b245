/**
 * THE mapping from golden_args.py keys (../shared/tools/golden_args.py docstring: tshark field,
 * value kind, operations) to sigwatch's typed MAP fields. One row per golden key; nothing else in
 * the conformance check knows a MAP field name.
 *
 * Each row says where sigwatch keeps the value (`get`, reading the event) and how tshark's value
 * is brought to sigwatch's form (`golden`): tshark prints ENUMERATED, BOOLEAN and CHOICE values as
 * their number, sigwatch names them; tshark gives some OCTET STRINGs as hex where sigwatch gives
 * their meaning (a cell id as 'mcc-mnc-lac-ci', a GSN address as IP text). The conversion of the
 * golden side uses the spec's codings (clauses cited per row), never sigwatch's own decoders.
 */
import { ipText as ipTextOf } from '../core/bytes.js';
import type { LocationInfo, Ss7Event } from '../events/types.js';

export interface ArgField {
  /** sigwatch's value for this key, undefined when not decoded. */
  get(ev: Ss7Event): unknown;
  /** tshark's value in sigwatch's form; undefined when it cannot be brought there (a disagreement). */
  golden(v: unknown): unknown;
  /** Where sigwatch keeps it, for disagreement lines and the README. */
  path: string;
}

const arg =
  (k: string) =>
  (ev: Ss7Event): unknown =>
    ev.args?.[k];
const loc =
  (k: keyof LocationInfo) =>
  (ev: Ss7Event): unknown =>
    ev.args?.locationInfo?.[k];
const same = (v: unknown): unknown => v;
/** An ENUMERATED / CHOICE index to the name sigwatch gives it (the list is the ASN.1 order). */
const named =
  (names: Readonly<Record<number, string>>) =>
  (v: unknown): unknown =>
    typeof v === 'number' ? (names[v] ?? v) : undefined;
const bool = (v: unknown): unknown => (typeof v === 'number' ? v !== 0 : undefined);
const hexToInt = (v: unknown): unknown => (typeof v === 'string' && /^[0-9a-f]{1,8}$/.test(v) ? parseInt(v, 16) : undefined);

/**
 * CellGlobalIdOrServiceAreaIdFixedLength (7 octets) / LAIFixedLength (5 octets), TS 29.002
 * §17.7.1 and TS 23.003 §4.1/§4.3: MCC digits 1-2, MNC digit 3 + MCC digit 3, MNC digits 1-2
 * (nibbles swapped, F filler for a 2-digit MNC), LAC, then CI/SAC; text 'mcc-mnc-lac[-ci]'.
 */
function cellFromHex(v: unknown): unknown {
  if (typeof v !== 'string' || (v.length !== 14 && v.length !== 10)) return undefined;
  const mcc = v[1]! + v[0]! + v[3]!;
  const mnc = v[5]! + v[4]! + (v[2] === 'f' ? '' : v[2]!);
  let s = `${mcc}-${mnc}-${parseInt(v.slice(6, 10), 16)}`;
  if (v.length === 14) s += `-${parseInt(v.slice(10, 14), 16)}`;
  return s;
}

/** tshark shows a GSN-Address either as IP text (…_ip keys) or as octets; sigwatch keeps IP text. */
const ipAsIs = same;

/**
 * GSN-Address ::= OCTET STRING (SIZE (5..17)) (TS 29.002 §17.7.1): one octet of address type
 * (bits 8-7: 0 IPv4, 1 IPv6) and address length (bits 6-1), then the address: IPv4 '04' + 4
 * octets, IPv6 '50' + 16 octets; as IP text (RFC 5952 for IPv6).
 */
function gsnFromHex(v: unknown): unknown {
  if (typeof v !== 'string' || !/^([0-9a-f]{2})+$/.test(v)) return undefined;
  const b = Uint8Array.from(v.match(/../g)!, (x) => parseInt(x, 16));
  if (b.length === 5 && b[0] === 0x04) return ipTextOf(b, 1, 4);
  if (b.length === 17 && b[0] === 0x50) return ipTextOf(b, 1, 16);
  return v;
}

/** RequestedInfo NULL flags: tshark's element names use '_' where the ASN.1 names use '-'. */
const flags = (v: unknown): unknown => (Array.isArray(v) ? v : undefined);
const requestedInfo = (ev: Ss7Event): unknown => (ev.args?.requestedInfo as string[] | undefined)?.map((n) => n.replace(/-/g, '_'));

/** SubscriberState ::= CHOICE (TS 29.002 §17.7.1), as golden_args.py numbers it. */
const SUBSCRIBER_STATE = { 0: 'assumedIdle', 1: 'camelBusy', 2: 'netDetNotReachable', 3: 'notProvidedFromVLR' };
/** NotReachableReason ::= ENUMERATED (§17.7.1). */
const NOT_REACHABLE_REASON = { 0: 'msPurged', 1: 'imsiDetached', 2: 'restrictedArea', 3: 'notRegistered' };
/** InterrogationType ::= ENUMERATED (§17.7.3). */
const INTERROGATION_TYPE = { 0: 'basicCall', 1: 'forwarding' };
/** LocationEstimateType ::= ENUMERATED (§17.7.13). */
const LOCATION_ESTIMATE_TYPE = {
  0: 'currentLocation',
  1: 'currentOrLastKnownLocation',
  2: 'initialLocation',
  3: 'activateDeferredLocation',
  4: 'cancelDeferredLocation',
  5: 'notificationVerificationOnly',
};
/** LCS-Event ::= ENUMERATED (§17.7.13). */
const LCS_EVENT = {
  0: 'emergencyCallOrigination',
  1: 'emergencyCallRelease',
  2: 'mo-lr',
  3: 'deferredmt-lrResponse',
  4: 'deferredmo-lrTTTPInitiation',
  5: 'emergencyCallHandover',
};
/** RequestingNodeType ::= ENUMERATED (§17.7.1). */
const REQUESTING_NODE_TYPE = { 0: 'vlr', 1: 'sgsn', 2: 's-cscf', 3: 'bsf', 4: 'gan-aaa-server', 5: 'wlan-aaa-server', 16: 'mme', 17: 'mme-sgsn' };
/** Domain-Type ::= ENUMERATED (§17.7.1). */
const DOMAIN_TYPE = { 0: 'cs-Domain', 1: 'ps-Domain' };
/** NumberPortabilityStatus ::= ENUMERATED (§17.7.1). */
const NUMBER_PORTABILITY_STATUS = {
  0: 'notKnownToBePorted',
  1: 'ownNumberPortedOut',
  2: 'foreignNumberPortedToForeignNetwork',
  4: 'ownNumberNotPortedOut',
  5: 'foreignNumberPortedIn',
};

function row(path: string, get: (ev: Ss7Event) => unknown, golden: (v: unknown) => unknown = same): ArgField {
  return { path, get, golden };
}

/** golden_args.py key → sigwatch typed field. */
export const ARG_FIELDS: Readonly<Record<string, ArgField>> = {
  imsi: row('args.imsi', arg('imsi')),
  lmsi: row('args.lmsi', arg('lmsi')),
  msisdn: row('args.msisdn', arg('msisdn')),
  msc_number: row('args.mscNumber', arg('mscNumber')),
  vlr_number: row('args.vlrNumber', arg('vlrNumber')),
  hlr_number: row('args.hlrNumber', arg('hlrNumber')),
  cancellation_type: row('args.cancellationType', arg('cancellationType')),
  gmsc_address: row('args.gmscAddress', arg('gmscAddress')),
  interrogation_type: row('args.interrogationType', arg('interrogationType'), named(INTERROGATION_TYPE)),
  roaming_number: row('args.roamingNumber', arg('roamingNumber')),
  vmsc_address: row('args.vmscAddress', arg('vmscAddress')),
  // Category ::= OCTET STRING (SIZE (1)) (§17.7.1): sigwatch gives the octet's value
  category: row('args.category', arg('category'), hexToInt),
  subscriber_status: row('args.subscriberStatus', arg('subscriberStatus'), named({ 0: 'serviceGranted', 1: 'operatorDeterminedBarring' })),
  sgsn_number: row('args.sgsnNumber', arg('sgsnNumber')),
  sgsn_address: row('args.sgsnAddress', arg('sgsnAddress'), gsnFromHex),
  sgsn_address_ip: row('args.sgsnAddress', arg('sgsnAddress'), ipAsIs),
  ggsn_number: row('args.ggsnNumber', arg('ggsnNumber')),
  ggsn_address: row('args.ggsnAddress', arg('ggsnAddress'), gsnFromHex),
  ggsn_address_ip: row('args.ggsnAddress', arg('ggsnAddress'), ipAsIs),
  service_centre_address: row('args.serviceCentreAddress', arg('serviceCentreAddress')),
  sm_rp_pri: row('args.smRpPri', arg('smRpPri'), bool),
  sm_rp_ui: row('args.smRpUi', arg('smRpUi')),
  network_node_number: row('args.networkNodeNumber', arg('networkNodeNumber')),
  number_of_requested_vectors: row('args.numberOfRequestedVectors', arg('numberOfRequestedVectors')),
  requesting_node_type: row('args.requestingNodeType', arg('requestingNodeType'), named(REQUESTING_NODE_TYPE)),
  n_quintuplets: row('args.quintupletCount', arg('quintupletCount')),
  n_triplets: row('args.tripletCount', arg('tripletCount')),
  gsmscf_address: row('args.gsmScfAddress', arg('gsmScfAddress')),
  requested_info: row('args.requestedInfo', requestedInfo, flags),
  requested_domain: row('args.requestedDomain', arg('requestedDomain'), named(DOMAIN_TYPE)),
  age_of_location_information: row('args.locationInfo.ageOfLocation', loc('ageOfLocation')),
  location_number: row('args.locationInfo.locationNumber', loc('locationNumber')),
  location_number_digits: row('args.locationInfo.locationNumberDigits', loc('locationNumberDigits')),
  cell_global_id: row('args.locationInfo.cgi|sai', (ev) => ev.args?.locationInfo?.cgi ?? ev.args?.locationInfo?.sai, cellFromHex),
  lai: row('args.locationInfo.lai', loc('lai'), cellFromHex),
  subscriber_state: row('args.subscriberState', arg('subscriberState'), named(SUBSCRIBER_STATE)),
  not_reachable_reason: row('args.notReachableReason', arg('notReachableReason'), named(NOT_REACHABLE_REASON)),
  routeing_number: row('args.routeingNumber', arg('routeingNumber')),
  number_portability_status: row('args.numberPortabilityStatus', arg('numberPortabilityStatus'), named(NUMBER_PORTABILITY_STATUS)),
  location_estimate_type: row('args.locationEstimateType', arg('locationEstimateType'), named(LOCATION_ESTIMATE_TYPE)),
  mlc_number: row('args.mlcNumber', arg('mlcNumber')),
  location_estimate: row('args.locationInfo.locationEstimate', loc('locationEstimate')),
  age_of_location_estimate: row('args.locationInfo.ageOfLocation', loc('ageOfLocation')),
  lcs_event: row('args.lcsEvent', arg('lcsEvent'), named(LCS_EVENT)),
  lcs_client_type: row('args.lcsClientType', arg('lcsClientType')),
};
