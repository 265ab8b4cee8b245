/**
 * Fast tier: reads the header and the top-level AVPs an event needs into a caller-owned, reused
 * {@link DiameterFields}, descending only into the few grouped AVPs that carry them
 * (Experimental-Result, Subscription-Data, User-Identity, LCS-EPS-Client-Name, Serving-Node,
 * Subscription-Id, S6m/S6t User-Identifier and Monitoring-Event-Configuration). No tree, no per-AVP objects; the only allocations are the strings the event
 * keeps and anomaly objects when something is wrong. `decodeDiameter(view, offset, end, out)` has
 * the shape of every per-layer codec; the allocating tree is `decodeDiameterMessage` (codec.ts).
 */
import { anomaly, failureCode, type Anomaly } from '../core/anomaly.js';
import { decodeTbcd } from '../asn1/tbcd.js';
import { avpErrorDetail, newAvpHeader, readAvpHeader, type AvpHeader } from './avp.js';
import { SubscriptionIdType } from './dictionary/credit-control.js';
import { VENDOR_3GPP } from './dictionary/types.js';
import { DIAMETER_VERSION, HEADER_LENGTH, readHeader, type DiameterHeader } from './header.js';
import { plmnDigits } from './plmn.js';
import { DIAMETER_ANOMALY, type DiameterAnomalyCode } from './types.js';
import { hexOf, NO_BYTES, recordBytes, type BytesRecord } from '../core/bytes.js';
import { readGeoShape, type GeoShape } from '../ss7/map/args/geo-shape.js';
import { OTHER_IDENTITIES, type OtherIdentity } from '../events/types.js';
import { readUtf8 } from './values.js';
import { OctetIntern } from '../asn1/octet-intern.js';
import { imsiFromUserName } from './user-name.js';

/** AVP codes read by the extractor (vendor 0: RFC 6733 / RFC 4006; vendor 10415: 3GPP). */
export const FieldAvp = {
  USER_NAME: 1,
  SESSION_ID: 263,
  ORIGIN_HOST: 264,
  RESULT_CODE: 268,
  ROUTE_RECORD: 282,
  DESTINATION_REALM: 283,
  DESTINATION_HOST: 293,
  ORIGIN_REALM: 296,
  EXPERIMENTAL_RESULT: 297,
  EXPERIMENTAL_RESULT_CODE: 298,
  SUBSCRIPTION_ID: 443,
  SUBSCRIPTION_ID_DATA: 444,
  SUBSCRIPTION_ID_TYPE: 450,
  // vendor 10415
  PUBLIC_IDENTITY: 601,
  USER_IDENTITY: 700,
  MSISDN: 701,
  DATA_REFERENCE: 703,
  CURRENT_LOCATION: 707,
  LCS_NAME_STRING: 1238,
  LCS_CLIENT_TYPE: 1241,
  LOCATION_ESTIMATE: 1242,
  SUBSCRIPTION_DATA: 1400,
  ULR_FLAGS: 1405,
  VISITED_PLMN_ID: 1407,
  CANCELLATION_TYPE: 1420,
  GMLC_NUMBER: 1474,
  SGSN_NUMBER: 1489,
  IDR_FLAGS: 1490,
  A_MSISDN: 1643,
  MME_NUMBER_FOR_MT_SMS: 1645,
  SERVING_NODE: 2401,
  MME_NAME: 2402,
  MSC_NUMBER: 2403,
  SLG_LOCATION_TYPE: 2500,
  AGE_OF_LOCATION_ESTIMATE: 2514,
  LCS_EPS_CLIENT_NAME: 2501,
  USER_IDENTIFIER: 3102,
  MONITORING_EVENT_CONFIGURATION: 3122,
  MONITORING_TYPE: 3127,
  SC_ADDRESS: 3300,
} as const;

/** Caller-owned result of {@link decodeDiameter}; every field is reset by each call. */
export interface DiameterFields extends DiameterHeader, BytesRecord {
  /** Why decodeDiameter returned -1 (also in `anomalies`); '' otherwise. */
  problem: DiameterAnomalyCode | '';
  /** Top-level AVPs as flattened pairs [vendor0, code0, vendor1, code1, ...]. */
  avpList: number[];
  sessionId: string | undefined;
  originHost: string | undefined;
  originRealm: string | undefined;
  destHost: string | undefined;
  destRealm: string | undefined;
  userName: string | undefined;
  /** Visited-PLMN-Id octets as lower-case hex, and as MCC+MNC digits when they are valid. */
  visitedPlmnHex: string | undefined;
  visitedPlmn: string | undefined;
  resultCode: number | undefined;
  expResultCode: number | undefined;
  routeRecord: string[];
  ulrFlags: number | undefined;
  idrFlags: number | undefined;
  cancellationType: number | undefined;
  /** First MSISDN: top-level (Sh/SLg/SLh/S6c), in User-Identity (Sh) or in Subscription-Data (ULA/IDR). */
  msisdn: string | undefined;
  /**
   * Every E.164 number seen (MSISDN, A-MSISDN, MME-Number-for-MT-SMS, GMLC/SGSN/MSC number,
   * SC-Address, Subscription-Id E.164), each once, at most {@link E164_PER_MESSAGE}.
   */
  e164: string[];
  /**
   * The subscriber numbers among them (MSISDN AVPs, A-MSISDN, Subscription-Id E.164), each once; past the cap, also
   * the MSISDN AVPs' numbers judged as otherMsisdns (≤ OTHER_IDENTITIES more: msisdnOf).
   */
  msisdns: string[];
  /**
   * The message names two different subscriber numbers (`diameter.identity-conflict`): {@link otherMsisdns}
   * are those besides `msisdn`.
   */
  identityRepeated: boolean;
  /**
   * The subscriber numbers other than `msisdn` (the first) from any identity place — MSISDN AVP, top-level or
   * grouped, User-Identity's Public-Identity number, Subscription-Id END_USER_E164 — each once, at most
   * OTHER_IDENTITIES: judged too (detect/engine.ts judgeRepeated), never learned.
   */
  otherMsisdns: string[];
  /**
   * The IMSIs other than the message's own (the User-Name's, else the first Subscription-Id / sip: IMSI) from a second
   * User-Name, S6t User-Identifier's User-Name, Subscription-Id END_USER_IMSI or a Public-Identity `sip:<IMSI>@…`:
   * also `identityRepeated`, judged too, never learned (bounded as otherMsisdns).
   */
  otherImsis: string[];
  /** Subscription-Id of type END_USER_IMSI (Gx/Gy, RFC 4006 §8.46). */
  subscriptionImsi: string | undefined;
  dataReference: number[];
  currentLocation: number | undefined;
  slgLocationType: number | undefined;
  lcsClientType: number | undefined;
  lcsClientName: string | undefined;
  mmeName: string | undefined;
  /** S6t Monitoring-Type of the first Monitoring-Event-Configuration (TS 29.336 §8.4.2-8.4.3). */
  monitoringType: number | undefined;
  /** SLg PLA / LRR Location-Estimate (TS 29.172 §7.4 Table 7.4.1; TS 23.032 §7 coding) as hex, and its shape when it reads as one. */
  locationEstimate: string | undefined;
  locationShape: GeoShape | undefined;
  /** Age-Of-Location-Estimate, minutes (TS 29.172 §7.4 Table 7.4.1). */
  ageOfLocationEstimate: number | undefined;
  /** Anomalies of this message (fresh objects, without frame numbers). */
  anomalies: Anomaly[];
}

export function newDiameterFields(): DiameterFields {
  return {
    view: undefined,
    bytes: NO_BYTES,
    problem: '',
    version: 0,
    length: 0,
    flags: 0,
    cmd: 0,
    app: 0,
    hbh: 0,
    e2e: 0,
    avpList: [],
    sessionId: undefined,
    originHost: undefined,
    originRealm: undefined,
    destHost: undefined,
    destRealm: undefined,
    userName: undefined,
    visitedPlmnHex: undefined,
    visitedPlmn: undefined,
    resultCode: undefined,
    expResultCode: undefined,
    routeRecord: [],
    ulrFlags: undefined,
    idrFlags: undefined,
    cancellationType: undefined,
    msisdn: undefined,
    e164: [],
    msisdns: [],
    identityRepeated: false,
    otherMsisdns: [],
    otherImsis: [],
    subscriptionImsi: undefined,
    dataReference: [],
    currentLocation: undefined,
    slgLocationType: undefined,
    lcsClientType: undefined,
    lcsClientName: undefined,
    mmeName: undefined,
    monitoringType: undefined,
    locationEstimate: undefined,
    locationShape: undefined,
    ageOfLocationEstimate: undefined,
    anomalies: [],
  };
}

/**
 * Empties a reused list by pop: `length = 0` drops the array's backing store, so the next message's
 * pushes allocated it again and grew it (17, then 41 slots for a ULR's ~20 AVPs). measured
 * (bench/results-notes.md, "flood11"): ~11 MB of the 150 k alert flood's allocations, and a micro
 * loop of 40 pushes + reset costs the same CPU either way (~180 ns) with 995 scavenges per 2 M
 * against none.
 */
function empty(a: unknown[]): void {
  while (a.length !== 0) a.pop();
}

function reset(out: DiameterFields): void {
  out.problem = '';
  empty(out.avpList);
  out.sessionId = out.originHost = out.originRealm = out.destHost = out.destRealm = out.userName = undefined;
  out.visitedPlmnHex = out.visitedPlmn = undefined;
  out.resultCode = out.expResultCode = undefined;
  empty(out.routeRecord);
  out.ulrFlags = out.idrFlags = out.cancellationType = undefined;
  out.msisdn = out.subscriptionImsi = undefined;
  empty(out.e164);
  empty(out.msisdns);
  out.identityRepeated = false;
  empty(out.otherMsisdns);
  empty(out.otherImsis);
  topMsisdn = topUserIdentity = false;
  resetIdentities();
  e164LimitReported = false;
  avpListLimitReported = false;
  repeatedReported = 0;
  routeRecords = 0;
  empty(out.dataReference);
  out.currentLocation = out.slgLocationType = out.lcsClientType = undefined;
  out.lcsClientName = out.mmeName = undefined;
  out.monitoringType = undefined;
  out.locationEstimate = out.locationShape = out.ageOfLocationEstimate = undefined;
  empty(out.anomalies);
}

/**
 * Scratch headers for the top level and the one grouped level below it; overwritten by every read
 * before use, so no state survives a call (extraction is synchronous and not re-entrant).
 */
/**
 * Start of the message {@link decodeDiameter} is decoding: anomaly details give offsets from it
 * (as RFC 6733 §3 counts them), not from the caller's chunk or reassembly buffer.
 */
let messageStart = 0;
const top = newAvpHeader();
const inner = newAvpHeader();

/**
 * Reads the header and the event fields of the message in `[offset, end)`. Returns the end of the
 * AVPs walked (the Message Length, or `end` when that is longer than what is there), or -1 when
 * there is no usable Diameter header (fewer than 20 octets, or version ≠ 1): the reason is in
 * `out.problem` and `out.anomalies`. Malformed AVPs stop the walk of their level with an anomaly;
 * what was read before stays valid.
 */
export function decodeDiameter(view: DataView, offset: number, end: number, out: DiameterFields): number {
  reset(out);
  messageStart = offset;
  const bytes = recordBytes(out, view);
  const len = end - offset;
  if (len < HEADER_LENGTH) {
    out.problem = DIAMETER_ANOMALY.TRUNCATED;
    out.anomalies.push(anomaly(DIAMETER_ANOMALY.TRUNCATED, 'diameter', `${len} octets, the header needs ${HEADER_LENGTH}`));
    return -1;
  }
  readHeader(view, offset, out);
  if (out.version !== DIAMETER_VERSION) {
    out.problem = DIAMETER_ANOMALY.BAD_VERSION;
    out.anomalies.push(anomaly(DIAMETER_ANOMALY.BAD_VERSION, 'diameter', `version ${out.version}, expected 1`));
    return -1;
  }
  if (out.length !== len || (out.length & 3) !== 0) {
    out.anomalies.push(anomaly(DIAMETER_ANOMALY.LENGTH_MISMATCH, 'diameter', `Message Length ${out.length}, payload ${len} octets`));
  }
  const avpEnd = out.length < len ? offset + Math.max(out.length, HEADER_LENGTH) : end;
  let p = offset + HEADER_LENGTH;
  const h = top;
  while (p < avpEnd) {
    if (!readAvpHeader(view, p, avpEnd, h)) {
      out.anomalies.push(anomaly(failureCode(h.error), 'diameter', avpErrorDetail(h, p - messageStart, avpEnd - messageStart)));
      break;
    }
    if (h.shortPadding) padAnomaly(out, h, p);
    if (out.avpList.length < 2 * AVP_LIST_PER_MESSAGE) out.avpList.push(h.vendor, h.code);
    else if (!avpListLimitReported) {
      avpListLimitReported = true; // once per message
      out.anomalies.push(anomaly(DIAMETER_ANOMALY.AVP_LIST_LIMIT, 'diameter', `more than ${AVP_LIST_PER_MESSAGE} top-level AVPs: the rest are not listed`));
    }
    if (h.vendor === 0) topBase(view, bytes, h, out);
    else if (h.vendor === VENDOR_3GPP) top3gpp(view, bytes, h, out);
    p = h.next;
  }
  if (routeRecords > 0) settleRouteRecords(bytes, out);
  if (out.identityRepeated || imsiSeen.length !== 0 || lastStart >= 0) settleIdentities(bytes, out);
  return avpEnd;
}

function padAnomaly(out: DiameterFields, h: AvpHeader, p: number): void {
  out.anomalies.push(anomaly(DIAMETER_ANOMALY.AVP_PADDING, 'diameter', `AVP code ${h.code} at offset ${p - messageStart}: padding runs past the end`));
}

function u32(view: DataView, h: AvpHeader): number | undefined {
  return h.valueEnd - h.valueStart === 4 ? view.getUint32(h.valueStart) : undefined;
}

function str(bytes: Uint8Array, h: AvpHeader): string {
  return readUtf8(bytes, h.valueStart, h.valueEnd);
}

/**
 * DiameterIdentity texts (Origin-/Destination-Host and -Realm, RFC 6733 §4.3.1, §6.3, §6.4) repeat
 * in every message between two peers: interned by their octets (asn1/octet-intern.ts), so the same
 * octets give back the same string object. A hit skips TextDecoder (~4 per message), and every
 * lookup keyed by the text later (attribution's realm cache, the report's origin tables, the alert
 * writer's kept host bytes, report/alert-shapes.ts) reuses the hash V8 caches in the string instead
 * of hashing a fresh copy. Fixed size: 512 direct-mapped slots of ≤ 64 octets (~35 KB of key words
 * + 512 strings); a longer identity is read as before, not interned.
 */
const IDENTITY_SLOTS = 512;
const IDENTITY_OCTETS = 64;
const IDENTITIES = new OctetIntern(IDENTITY_SLOTS, IDENTITY_OCTETS);

function identity(bytes: Uint8Array, h: AvpHeader): string {
  let s = IDENTITIES.get(bytes, h.valueStart, h.valueEnd, 0);
  if (s === undefined) {
    s = readUtf8(bytes, h.valueStart, h.valueEnd);
    IDENTITIES.set(s, 0);
  }
  return s;
}

/**
 * Top-level AVPs listed per message (the event's `avps`). Real messages carry a few dozen; 80,000
 * tiny vendor AVPs in a 1 MiB PLR made every alert line 1.9 MB and held warm-up events 7 MB each
 * (red-team O3, W1). Past the cap the AVPs are still read for the event's fields (an Origin-Realm
 * after them is found); they are only not listed, with one `diameter.avp-list-limit` anomaly.
 */
export const AVP_LIST_PER_MESSAGE = 128;

/** The `diameter.avp-list-limit` anomaly was reported for the message being extracted (reset per message). */
let avpListLimitReported = false;

/**
 * `diameter.avp-repeated` anomalies of the message being extracted (reset per message): one per AVP code at
 * most, and at most REPEATED_REPORTS (final read 15-B #1: 100,000 repeated Origin-Hosts in one 800 KB ULR made
 * 100,000 anomalies, 10.5 MB on one event): the first instance of each code is reported, later ones are not.
 */
let repeatedReported = 0;
const REPEATED_REPORTS = 8;
/** The message being extracted had a top-level MSISDN / User-Identity AVP already (a second is `identityRepeated`). */
let topMsisdn = false;
let topUserIdentity = false;
/** The AVP codes already reported as repeated in this message (≤ REPEATED_REPORTS). */
const repeatedCodes: number[] = [];

/**
 * Route-Record entries kept per message (RFC 6733 §6.1.8: each relay or proxy appends the identity
 * of the peer it received the request from, §6.7.1; real paths have a few). 80,000 in a 960 KB PLR
 * held 3 MB per warm-up event and made 563 KB alert lines (red-team rt8 W2). Kept: the first, the
 * sending peer as the first agent knew it, which origin attribution checks (detect/context.ts,
 * red-team rt11 R10), and the last 63, those the agents nearest the tap appended: an origin padding
 * the list it sends pushes out neither.
 */
export const ROUTE_RECORDS_PER_MESSAGE = 64;
/** Route-Record AVPs of the message being extracted; the value range of the first, and of the last 63 after it in a ring. */
let routeRecords = 0;
let firstRouteStart = 0;
let firstRouteEnd = 0;
const RING = ROUTE_RECORDS_PER_MESSAGE - 1;
const routeRecordStart = new Int32Array(RING);
const routeRecordEnd = new Int32Array(RING);

function routeRecord(h: AvpHeader): void {
  if (routeRecords === 0) {
    firstRouteStart = h.valueStart;
    firstRouteEnd = h.valueEnd;
  } else {
    const i = (routeRecords - 1) % RING;
    routeRecordStart[i] = h.valueStart;
    routeRecordEnd[i] = h.valueEnd;
  }
  routeRecords++;
}

/** The message's Route-Record texts in wire order (the first, then the last 63), read once its walk has found them. */
function settleRouteRecords(bytes: Uint8Array, out: DiameterFields): void {
  const rest = routeRecords - 1;
  out.routeRecord.push(readUtf8(bytes, firstRouteStart, firstRouteEnd));
  const first = rest > RING ? rest % RING : 0;
  for (let j = 0, k = Math.min(rest, RING); j < k; j++) {
    const i = (first + j) % RING;
    out.routeRecord.push(readUtf8(bytes, routeRecordStart[i]!, routeRecordEnd[i]!));
  }
  if (rest > RING) {
    out.anomalies.push(
      anomaly(
        DIAMETER_ANOMALY.ROUTE_RECORD_LIMIT,
        'diameter',
        `${routeRecords} Route-Record AVPs: the first and the last ${RING} are kept, the ${rest - RING} between them are not`,
      ),
    );
  }
}

/**
 * E.164 numbers kept per message. A 1 MiB message holds ~52,000 MSISDN-valued AVPs; the list
 * was deduplicated with `includes` (quadratic: 6.2 s for one such IDR, issue 16) and had no
 * bound. Real messages carry a handful (ULA/IDR: MSISDN, A-MSISDN, node numbers); beyond this
 * the numbers are dropped with one `diameter.e164-limit` anomaly.
 */
export const E164_PER_MESSAGE = 64;

/**
 * The `diameter.e164-limit` anomaly was reported for the message being extracted (reset per
 * message, like the scratch headers below). The lists themselves are deduplicated by a linear
 * scan: ≤ E164_PER_MESSAGE entries, so ≤ 64 compares per number and no AVP past the cap is
 * decoded but an MSISDN AVP (msisdnOf: the subscriber's). Before, two module-level Sets: `Set.prototype.clear` allocates a fresh hash table in
 * the old generation when the Set lives there, and these did: 18.8 MB allocated in old space over
 * the 755 k-message flood (sampling heap profile, bench/results-notes.md "rss3 branch"); before
 * that (issue 16) an unbounded `includes` was quadratic (6.2 s for one 1 MiB IDR).
 */
let e164LimitReported = false;

/**
 * True once the list is full; reports the anomaly on the first number refused. Callers check it
 * before decoding a number: past the cap an AVP costs its header read only (measured, bench
 * adversarial/diameter-e164: a 1 MiB IDR of 52,000 A-MSISDNs at the cost per byte of ordinary AVPs).
 */
function e164Full(out: DiameterFields): boolean {
  if (out.e164.length < E164_PER_MESSAGE) return false;
  if (!e164LimitReported) {
    e164LimitReported = true; // the anomaly is reported once per message
    out.anomalies.push(anomaly(DIAMETER_ANOMALY.E164_LIMIT, 'diameter', `more than ${E164_PER_MESSAGE} E.164 numbers in one message: the rest are not read`));
  }
  return true;
}

/** Adds a number once (a scan of ≤ E164_PER_MESSAGE numbers). */
function addE164(out: DiameterFields, digits: string): void {
  if (digits.length === 0 || out.e164.includes(digits) || e164Full(out)) return;
  out.e164.push(digits);
}

/** The TBCD digits of a number AVP, or '' when the message already listed E164_PER_MESSAGE numbers. */
function numberOf(bytes: Uint8Array, h: AvpHeader, out: DiameterFields): string {
  return e164Full(out) ? '' : decodeTbcd(bytes, h.valueStart, h.valueEnd);
}

/**
 * The subscriber's number from any place that names it (MSISDN AVP at the top or in a group, User-Identity's
 * Public-Identity, Subscription-Id END_USER_E164): the first is the message's; another one is
 * {@link identityConflict}. Listed in msisdns and e164.
 */
function addMsisdn(out: DiameterFields, digits: string): void {
  if (digits.length === 0) return;
  lastNumber = digits;
  lastStart = -1;
  if (ownPlace !== 0) ownNumber(digits);
  if (out.msisdn === undefined) out.msisdn = digits;
  else if (digits !== out.msisdn) identityConflict(out, digits);
  listMsisdn(out, digits);
}

/** A number of the subscriber that is not its identity (A-MSISDN, TS 29.272 §7.3.157): listed only. */
function listMsisdn(out: DiameterFields, digits: string): void {
  if (digits.length === 0) return;
  if (out.msisdns.length < E164_PER_MESSAGE && !out.msisdns.includes(digits)) out.msisdns.push(digits);
  addE164(out, digits);
}

/**
 * One rule for every place a message names its subscriber (red-team round 15 H7, round 16 I3a, round 17 J1/J2: a
 * decoy first in another identity AVP took the message, silently): two different subscriber numbers in one message
 * is `diameter.identity-conflict` (once per message), and each other number is judged as the message's too
 * ({@link DiameterFields.otherMsisdns}, at most OTHER_IDENTITIES): a receiver may act on any of them (the command's
 * own AVP — PLR `[ MSISDN ]` TS 29.172 §7.3.1, UDR `{ User-Identity }` TS 29.329 §6.1.1 — or whichever its AVP map kept).
 */
function identityConflict(out: DiameterFields, digits: string): void {
  if (!out.identityRepeated) {
    out.identityRepeated = true;
    conflict = anomaly(DIAMETER_ANOMALY.IDENTITY_CONFLICT, 'diameter', `two subscriber numbers in one message (${out.msisdn}, then ${digits}): each is judged`);
    out.anomalies.push(conflict);
  }
  if (out.otherMsisdns.includes(digits)) return;
  if (out.otherMsisdns.length < OTHER_IDENTITIES) out.otherMsisdns.push(digits);
  else if (!out.msisdns.includes(digits)) unjudged++; // first time seen (listMsisdn lists it after this)
}

/**
 * Review 17-A #3: past OTHER_IDENTITIES other numbers a decoy list hid the command's own identity AVP (five
 * Subscription-Id E.164 decoys, then the PLR's `[ MSISDN ]`, TS 29.172 §7.3.1: the victim judged by nothing). Whatever
 * the cap, the first number of the first top-level MSISDN AVP and of the first top-level User-Identity (TS 29.329
 * §6.1.1, the command's own identity: a receiver reads it there) and the last number of the message (a receiver whose
 * AVP map keeps the last) are judged; the anomaly says how many others were not. Per-message state, reset by reset().
 */
const OWN_MSISDN = 1;
const OWN_USER_IDENTITY = 2;
/** Reading the first top-level MSISDN (OWN_MSISDN) or User-Identity (OWN_USER_IDENTITY) AVP; 0 elsewhere. */
let ownPlace = 0;
let ownMsisdnNumber: string | undefined;
let ownUserIdentityNumber: string | undefined;
/** The last subscriber number seen, or the value range of a last MSISDN AVP not decoded (past the E.164 cap; else −1). */
let lastNumber: string | undefined;
let lastStart = -1;
let lastEnd = -1;
/** Other numbers (distinct, first seen) past the cap, not judged. */
let unjudged = 0;
/** The message's `diameter.identity-conflict` anomaly (its detail is completed by settleIdentities). */
let conflict: Anomaly | undefined;
/** IMSIs besides the first User-Name (see DiameterFields.otherImsis), each once, at most OTHER_IDENTITIES + 1 (the last). */
const imsiSeen: string[] = [];
let imsisUnjudged = 0;

function resetIdentities(): void {
  ownPlace = 0;
  ownMsisdnNumber = ownUserIdentityNumber = lastNumber = conflict = undefined;
  lastStart = lastEnd = -1;
  unjudged = imsisUnjudged = 0;
  empty(imsiSeen);
}

function ownSeen(): boolean {
  return (ownPlace === OWN_MSISDN ? ownMsisdnNumber : ownUserIdentityNumber) !== undefined;
}

function ownNumber(digits: string): void {
  if (ownPlace === OWN_MSISDN) ownMsisdnNumber ??= digits;
  else ownUserIdentityNumber ??= digits;
}

/** An IMSI a second User-Name (or User-Identifier's) names, read as the message's own is (user-name.ts). */
function imsiOf(userName: string): void {
  const imsi = imsiFromUserName(userName);
  if (imsi !== undefined) otherImsi(imsi);
}

/** An IMSI-bearing value besides the first User-Name: compared with the message's own IMSI once the walk ends. */
function otherImsi(imsi: string): void {
  if (imsi.length === 0 || imsiSeen.includes(imsi)) return;
  if (imsiSeen.length <= OTHER_IDENTITIES) imsiSeen.push(imsi);
  else {
    imsiSeen[OTHER_IDENTITIES] = imsi; // the last is kept
    imsisUnjudged++;
  }
}

/** Adds `digits` to the judged numbers whatever the cap (the own identity AVPs' and the last); true when added. */
function judgeAlso(out: DiameterFields, digits: string | undefined): boolean {
  if (digits === undefined || digits.length === 0 || digits === out.msisdn || out.otherMsisdns.includes(digits)) return false;
  out.otherMsisdns.push(digits);
  return true;
}

/**
 * End of the walk, when the message named more than one identity (or an IMSI besides the User-Name, or a last
 * number past the E.164 cap): the own identity AVPs' numbers and the last number are judged whatever the cap, other
 * IMSIs than the message's own (decoder.ts: the User-Name's, else Subscription-Id's) are the same conflict, and the
 * anomaly says what was not judged.
 */
function settleIdentities(bytes: Uint8Array, out: DiameterFields): void {
  let decodedLast = false;
  if (lastStart >= 0) {
    // The last MSISDN AVP past the E.164 cap: one more decode, bounded (one per message).
    lastNumber = decodeTbcd(bytes, lastStart, lastEnd);
    decodedLast = true;
    if (lastNumber.length !== 0 && lastNumber !== out.msisdn && out.msisdn !== undefined && !out.identityRepeated) identityConflict(out, lastNumber);
  }
  if (out.identityRepeated) {
    // Those seen in the walk and not listed were counted as not judged when first seen (identityConflict).
    if (judgeAlso(out, ownMsisdnNumber)) unjudged--;
    if (judgeAlso(out, ownUserIdentityNumber)) unjudged--;
    if (judgeAlso(out, lastNumber) && !decodedLast) unjudged--;
  }
  if (imsiSeen.length !== 0) imsiConflicts(out);
  if (conflict !== undefined && unjudged + imsisUnjudged > 0) {
    conflict.detail += `; ${unjudged + imsisUnjudged} more not judged (over ${OTHER_IDENTITIES} others; the command's own identity AVPs and the last are)`;
  }
}

/**
 * Two IMSIs in one message (a second User-Name, S6t User-Identifier's, Subscription-Id END_USER_IMSI, Public-Identity
 * `sip:<IMSI>@…`, beside the message's own: the User-Name's, else the first of the others, as decoder.ts reads it) are
 * the same conflict as two numbers: each is judged (a receiver may read either), none learned.
 */
function imsiConflicts(out: DiameterFields): void {
  const own = (out.userName === undefined ? undefined : imsiFromUserName(out.userName)) ?? out.subscriptionImsi;
  for (const imsi of imsiSeen) if (imsi !== own) out.otherImsis.push(imsi);
  const first = out.otherImsis[0];
  if (first === undefined) return;
  out.identityRepeated = true;
  const detail = `two subscriber IMSIs in one message (${own ?? 'none'}, then ${first}): each is judged`;
  if (conflict === undefined) {
    conflict = anomaly(DIAMETER_ANOMALY.IDENTITY_CONFLICT, 'diameter', detail);
    out.anomalies.push(conflict);
  } else conflict.detail += `; ${detail}`;
}

/**
 * An MSISDN AVP (top-level or grouped) names the subscriber: it is read whatever the E.164 cap, as the Public-Identity
 * and Subscription-Id E.164 texts are (addMsisdn). 64 other numbers before it must not hide it from rules (the first),
 * nor from identityConflict (a later one; red-team round 18 L1: a decoy Subscription-Id / User-Identity first, 63
 * GMLC-Numbers, then the PLR's own `[ MSISDN ]`, TS 29.172 §7.3.1: no conflict, no alert). Past the cap a later one is
 * judged, not listed ({@link judgedPastCap}), and once OTHER_IDENTITIES others are judged it is not decoded at all.
 */
function msisdnOf(bytes: Uint8Array, h: AvpHeader, out: DiameterFields): void {
  const own = out.msisdn === undefined || (ownPlace !== 0 && !ownSeen());
  if (own || !e164Full(out)) addMsisdn(out, decodeTbcd(bytes, h.valueStart, h.valueEnd));
  else if (out.otherMsisdns.length < OTHER_IDENTITIES) {
    const digits = decodeTbcd(bytes, h.valueStart, h.valueEnd);
    lastNumber = digits;
    lastStart = -1;
    judgedPastCap(out, digits);
  } else {
    // Past the E.164 cap and OTHER_IDENTITIES: not decoded now; the last such AVP is, at the end of the walk (settleIdentities).
    lastStart = h.valueStart;
    lastEnd = h.valueEnd;
  }
}

/**
 * A subscriber number past the E.164 cap: another one than the message's is identityConflict's; one newly judged is
 * named in `msisdns` too (≤ OTHER_IDENTITIES past its cap), so the anonymiser learns what the alert and the anomaly name.
 * Nothing else is listed or scanned: a 1 MiB message of 52,000 MSISDN AVPs of one value past the cap costs 1.6 ms
 * (/tmp/rtfix18/msisdnflood.mjs; the same size of A-MSISDNs 0.9 ms, of ordinary AVPs 0.6 ms), distinct values 0.9 ms.
 */
function judgedPastCap(out: DiameterFields, digits: string): void {
  if (digits.length === 0 || digits === out.msisdn) return;
  const judged = out.otherMsisdns.length;
  identityConflict(out, digits);
  if (out.otherMsisdns.length !== judged && !out.msisdns.includes(digits)) out.msisdns.push(digits);
}

/**
 * Sh User-Identity's Public-Identity (TS 29.328 §7.6.1 / TS 29.329 §6.3.2: a SIP or TEL URI, the
 * usual way an AS names the user): the subscriber's number is the global number of `tel:+…`
 * (RFC 3966 §5.1.4; visual separators `-` `.` `(` `)` dropped) or of a `sip:`/`sips:` URI whose
 * user part is one (`sip:+…@…`, with or without `;user=phone`, RFC 3261 §19.1.6); an IMSI is the user part of `sip:<IMSI>@ims.mnc….mcc….3gppnetwork.org` (TS
 * 23.003 §13.4B, the temporary public user identity). Red-team rt8 H1: read only from an MSISDN
 * child, a UDR for `tel:+1…` had no subscriber.
 */
function publicIdentity(raw: string, out: DiameterFields): void {
  const uri = raw.includes('%') ? unescaped(raw) : raw;
  const scheme = uri.slice(0, 4).toLowerCase();
  if (scheme === 'tel:') {
    const d = globalNumber(uri, 4, uri.length) ?? localNumber(uri, 4, uri.length);
    if (d !== undefined) addMsisdn(out, d);
    return;
  }
  const user = scheme === 'sip:' ? 4 : uri.slice(0, 5).toLowerCase() === 'sips:' ? 5 : -1;
  if (user < 0) return;
  const at = uri.indexOf('@', user);
  if (at < 0) return;
  if (uri.charCodeAt(user) === 0x2b /* + */) {
    // A global number as the user part is the subscriber's number with or without `;user=phone`
    // (HSSs provision `sip:+…@ims…` aliases without it; review of the first version).
    const d = globalNumber(uri, user, at);
    if (d !== undefined) addMsisdn(out, d);
  } else if (at - user >= 6 && at - user <= 15 && digitsOnly(uri, user, at) && uri.slice(at).toLowerCase().endsWith('.3gppnetwork.org')) {
    const imsi = uri.slice(user, at);
    out.subscriptionImsi ??= imsi;
    otherImsi(imsi);
  } else {
    // A local number in a global phone-context as the user part (`sip:1234567;phone-context=+4930@…`):
    // the user part is a telephone-subscriber (RFC 3261 §19.1.6), read as a tel: one. Only the user
    // part's own context counts: `;phone-context=` after the `@` is a URI parameter, no number's.
    const d = localNumber(uri, user, at);
    if (d !== undefined) addMsisdn(out, d);
  }
}

/** The digits of the RFC 3966 global number `+…` at [start, end) up to its first parameter; undefined unless 1–15 digits (E.164 §6). */
function globalNumber(s: string, start: number, end: number): string | undefined {
  if (s.charCodeAt(start) !== 0x2b) return undefined;
  let d = '';
  for (let i = start + 1; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3b /* ; */) break;
    if (c >= 0x30 && c <= 0x39) {
      if (d.length === 15) return undefined;
      d += s[i];
    } else if (c !== 0x2d && c !== 0x2e && c !== 0x28 && c !== 0x29) return undefined;
  }
  return d.length === 0 ? undefined : d;
}

/**
 * RFC 3986 §2.1 / RFC 3261 §19.1.4: an escaped octet is the character it encodes (`sip:%2B1202…`
 * is `sip:+1202…` to a SIP stack; red-team rt9 H2). A malformed escape leaves the text as it is.
 */
function unescaped(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * RFC 3966 §5.1.5: a local number (`tel:2025550032;phone-context=+1`) whose phone-context is a
 * global number prefix names the global number prefix + local digits (rt9 H2); undefined for any
 * other context (a domain name) or more than 15 digits. `[start, end)`: the telephone-subscriber
 * (a tel: URI's rest, a sip: URI's user part); the context is one of its parameters, in any
 * place among them (§3: local-number = local-number-digits *par context *par).
 */
function localNumber(s: string, start: number, end: number): string | undefined {
  const semi = s.indexOf(';', start);
  if (semi < 0 || semi >= end) return undefined;
  const ctx = s.slice(0, end).toLowerCase().indexOf(';phone-context=', semi);
  if (ctx < 0) return undefined;
  const prefixStart = ctx + ';phone-context='.length;
  const next = s.indexOf(';', prefixStart);
  const prefix = globalNumber(s, prefixStart, next < 0 || next > end ? end : next);
  const local = globalNumber(`+${s.slice(start, semi)}`, 0, semi - start + 1);
  if (prefix === undefined || local === undefined || prefix.length + local.length > 15) return undefined;
  return prefix + local;
}

function digitsOnly(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/**
 * A second instance of a single-valued AVP (RFC 6733 §3.2: `< >` / `{ }` / `[ ]` without a repeat
 * count occur at most once): the first is read, as before; a stack whose AVP map keeps the last
 * acts on another subscriber or peer (red-team round 15 H7: two User-Names, a foreign IMSI first).
 */
function repeated(h: AvpHeader, out: DiameterFields): void {
  for (let i = 0; i < repeatedReported; i++) if (repeatedCodes[i] === h.code) return;
  if (repeatedReported >= REPEATED_REPORTS) return;
  repeatedCodes[repeatedReported++] = h.code;
  out.anomalies.push(anomaly(DIAMETER_ANOMALY.AVP_REPEATED, 'diameter', `AVP ${h.code} repeated (value at offset ${h.valueStart - messageStart})`));
}

/** The subscriber numbers a message names besides its own ({@link identityConflict}), as the detector judges them; undefined for none. */
export function otherIdentities(f: Pick<DiameterFields, 'identityRepeated' | 'otherMsisdns' | 'otherImsis'>): OtherIdentity[] | undefined {
  if (!f.identityRepeated) return undefined;
  const others: OtherIdentity[] = f.otherMsisdns.map((msisdn) => ({ msisdn }));
  for (const imsi of f.otherImsis) others.push({ imsi });
  return others;
}

function topBase(view: DataView, bytes: Uint8Array, h: AvpHeader, out: DiameterFields): void {
  switch (h.code) {
    case FieldAvp.SESSION_ID:
      if (out.sessionId === undefined) out.sessionId = str(bytes, h);
      else repeated(h, out);
      break;
    case FieldAvp.ORIGIN_HOST:
      if (out.originHost === undefined) out.originHost = identity(bytes, h);
      else repeated(h, out);
      break;
    case FieldAvp.ORIGIN_REALM:
      if (out.originRealm === undefined) out.originRealm = identity(bytes, h);
      else repeated(h, out);
      break;
    case FieldAvp.DESTINATION_HOST:
      if (out.destHost === undefined) out.destHost = identity(bytes, h);
      else repeated(h, out);
      break;
    case FieldAvp.DESTINATION_REALM:
      if (out.destRealm === undefined) out.destRealm = identity(bytes, h);
      else repeated(h, out);
      break;
    case FieldAvp.USER_NAME:
      if (out.userName === undefined) out.userName = str(bytes, h);
      else {
        repeated(h, out);
        imsiOf(str(bytes, h));
      }
      break;
    case FieldAvp.RESULT_CODE:
      out.resultCode ??= u32(view, h);
      break;
    case FieldAvp.ROUTE_RECORD:
      routeRecord(h);
      break;
    case FieldAvp.EXPERIMENTAL_RESULT:
      // The last Experimental-Result decides (as the golden reference reads it).
      out.expResultCode = undefined;
      group(view, bytes, h, out);
      break;
    case FieldAvp.SUBSCRIPTION_ID:
      group(view, bytes, h, out);
      break;
  }
}

function top3gpp(view: DataView, bytes: Uint8Array, h: AvpHeader, out: DiameterFields): void {
  switch (h.code) {
    case FieldAvp.VISITED_PLMN_ID:
      out.visitedPlmnHex = hexOf(bytes, h.valueStart, h.valueEnd);
      if (h.valueEnd - h.valueStart === 3) out.visitedPlmn = plmnDigits(bytes, h.valueStart, h.valueEnd);
      else {
        // 3 octets (TS 29.272 §7.3.9, TS 24.008 §10.5.1.3). A longer value is read from its first 3, as
        // lenient HSSs do (Open5GS copies them and ignores the rest): a claimed visited network must
        // not vanish with one extra octet (red-team D3: ul-origin-spoof lost, no anomaly).
        out.visitedPlmn = h.valueEnd - h.valueStart > 3 ? plmnDigits(bytes, h.valueStart, h.valueStart + 3) : undefined;
        out.anomalies.push(
          anomaly(
            DIAMETER_ANOMALY.AVP_BAD_VALUE,
            'diameter',
            `Visited-PLMN-Id of ${h.valueEnd - h.valueStart} octets (value at offset ${h.valueStart - messageStart}), expected 3`,
          ),
        );
      }
      break;
    case FieldAvp.ULR_FLAGS:
      if (out.ulrFlags === undefined) out.ulrFlags = u32(view, h);
      else repeated(h, out);
      break;
    case FieldAvp.IDR_FLAGS:
      if (out.idrFlags === undefined) out.idrFlags = u32(view, h);
      else repeated(h, out);
      break;
    case FieldAvp.CANCELLATION_TYPE:
      out.cancellationType ??= u32(view, h);
      break;
    case FieldAvp.DATA_REFERENCE: {
      const v = u32(view, h);
      if (v !== undefined) out.dataReference.push(v);
      break;
    }
    case FieldAvp.CURRENT_LOCATION:
      out.currentLocation ??= u32(view, h);
      break;
    case FieldAvp.SLG_LOCATION_TYPE:
      out.slgLocationType ??= u32(view, h);
      break;
    case FieldAvp.LCS_CLIENT_TYPE:
      out.lcsClientType ??= u32(view, h);
      break;
    case FieldAvp.LOCATION_ESTIMATE:
      out.locationEstimate ??= hexOf(bytes, h.valueStart, h.valueEnd);
      out.locationShape ??= readGeoShape(bytes, h.valueStart, h.valueEnd);
      break;
    case FieldAvp.AGE_OF_LOCATION_ESTIMATE:
      out.ageOfLocationEstimate ??= u32(view, h);
      break;
    case FieldAvp.MME_NAME:
      out.mmeName ??= str(bytes, h);
      break;
    case FieldAvp.MSISDN:
      // `[ MSISDN ]` once (TS 29.172 §7.3.1 PLR, TS 29.328 / 29.338 …; RFC 6733 §7.1.5: 5009 otherwise): a second is
      // reported; another number is judged too (identityConflict; red-team round 16 I3a: a Chinese number ahead of the victim's hid the PLR).
      if (topMsisdn) repeated(h, out);
      else ownPlace = OWN_MSISDN;
      topMsisdn = true;
      msisdnOf(bytes, h, out);
      ownPlace = 0;
      break;
    case FieldAvp.A_MSISDN: {
      // TS 29.272 §7.3.157: an additional MSISDN of the subscriber (not the "first" one).
      listMsisdn(out, numberOf(bytes, h, out));
      break;
    }
    case FieldAvp.MME_NUMBER_FOR_MT_SMS:
    case FieldAvp.GMLC_NUMBER:
    case FieldAvp.SGSN_NUMBER:
    case FieldAvp.MSC_NUMBER:
    case FieldAvp.SC_ADDRESS:
      addE164(out, numberOf(bytes, h, out));
      break;
    case FieldAvp.USER_IDENTITY:
      // `{ User-Identity }` once (TS 29.329 §6.1.1 UDR, §6.1.3 PUR, §6.1.5 SNR): as the MSISDN.
      if (topUserIdentity) repeated(h, out);
      else ownPlace = OWN_USER_IDENTITY;
      topUserIdentity = true;
      group(view, bytes, h, out);
      ownPlace = 0;
      break;
    case FieldAvp.SUBSCRIPTION_DATA:
    case FieldAvp.LCS_EPS_CLIENT_NAME:
    case FieldAvp.SERVING_NODE:
    case FieldAvp.USER_IDENTIFIER:
    case FieldAvp.MONITORING_EVENT_CONFIGURATION:
      group(view, bytes, h, out);
      break;
  }
}

/** One level into a grouped AVP `h` (its header scratch is not touched). */
function group(view: DataView, bytes: Uint8Array, g: AvpHeader, out: DiameterFields): void {
  const end = g.valueEnd;
  const c = inner;
  let p = g.valueStart;
  let subType: number | undefined;
  let subData: string | undefined;
  while (p < end) {
    if (!readAvpHeader(view, p, end, c)) {
      out.anomalies.push(anomaly(failureCode(c.error), 'diameter', `in AVP ${g.code}: ${avpErrorDetail(c, p - messageStart, end - messageStart)}`));
      break;
    }
    if (c.vendor === 0) {
      if (c.code === FieldAvp.EXPERIMENTAL_RESULT_CODE && g.code === FieldAvp.EXPERIMENTAL_RESULT) out.expResultCode ??= u32(view, c);
      else if (c.code === FieldAvp.SUBSCRIPTION_ID_TYPE && g.code === FieldAvp.SUBSCRIPTION_ID) subType = u32(view, c);
      else if (c.code === FieldAvp.SUBSCRIPTION_ID_DATA && g.code === FieldAvp.SUBSCRIPTION_ID) subData = str(bytes, c);
      // S6m/S6t User-Identifier's User-Name: the IMSI (TS 29.336 §6.4.2).
      else if (c.code === FieldAvp.USER_NAME && g.code === FieldAvp.USER_IDENTIFIER) {
        if (out.userName === undefined) out.userName = str(bytes, c);
        else imsiOf(str(bytes, c));
      }
    } else if (c.vendor === VENDOR_3GPP) {
      switch (c.code) {
        case FieldAvp.MSISDN:
          msisdnOf(bytes, c, out);
          break;
        case FieldAvp.PUBLIC_IDENTITY:
          if (g.code === FieldAvp.USER_IDENTITY) publicIdentity(str(bytes, c), out);
          break;
        case FieldAvp.LCS_NAME_STRING:
          if (g.code === FieldAvp.LCS_EPS_CLIENT_NAME) out.lcsClientName ??= str(bytes, c);
          break;
        case FieldAvp.MME_NAME:
          out.mmeName ??= str(bytes, c);
          break;
        case FieldAvp.MONITORING_TYPE:
          if (g.code === FieldAvp.MONITORING_EVENT_CONFIGURATION) out.monitoringType ??= u32(view, c);
          break;
        case FieldAvp.A_MSISDN:
          listMsisdn(out, numberOf(bytes, c, out));
          break;
        case FieldAvp.SGSN_NUMBER:
        case FieldAvp.MSC_NUMBER:
        case FieldAvp.MME_NUMBER_FOR_MT_SMS:
          addE164(out, numberOf(bytes, c, out));
          break;
      }
    }
    p = c.next;
  }
  if (subData !== undefined) {
    if (subType === SubscriptionIdType.END_USER_E164) {
      // RFC 4006 §8.47: E.164 digits; some peers write them with a leading '+'.
      addMsisdn(out, subData.startsWith('+') ? subData.slice(1) : subData);
    } else if (subType === SubscriptionIdType.END_USER_IMSI) {
      out.subscriptionImsi ??= subData;
      otherImsi(subData);
    }
  }
}
