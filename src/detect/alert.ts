/**
 * Alerts (ARCHITECTURE.md §6) and their one-sentence explanation, e.g.
 * "SRI for +12025550100 from CN (GT 8613010...) while the subscriber is registered in JP
 *  (VLR 8190120..., since 2023-11-14T22:13:20Z, frame 12)".
 * Built only when a rule fired: nothing here is on the per-event path.
 */
import type { NetworkInfo, NetworkRole } from '../attribution/types.js';
import { CappedMap } from '../core/capped-map.js';
import { decimalText, keyDigits } from '../core/digit-key.js';
import { isoTimestamp } from '../core/time.js';
import { toJsonEvent, type JsonEvent } from '../events/json.js';
import type { MessageRecord } from '../events/record.js';
import type { SignallingEvent } from '../events/types.js';
import type { Location } from '../state/subscribers.js';
import type { MatchContext, PriorOutside, Reason } from './context.js';
import type { Networks, Origin } from './networks.js';
import { MAP_OP } from '../ss7/map/operations.js';
import { LEVELS, type Level } from './rule-schema.js';
import type { RuleMeta } from './compiler.js';

export interface AlertOrigin {
  gt?: string;
  pc?: number;
  host?: string;
  realm?: string;
  country?: string;
  network?: string;
  role?: NetworkRole;
}

export interface AlertVisited {
  country?: string;
  network?: string;
  /** ISO-8601 capture time the state learned the location. */
  since?: string;
  /** Frame of the evidence (0: seeded / restored). */
  frame?: number;
}

export interface Alert {
  frame: number;
  index: number;
  ts: string;
  rule: string;
  rev: number;
  title: string;
  level: Level;
  tags: string[];
  subscriber: { imsi?: string; msisdn?: string };
  origin: AlertOrigin;
  /** What the state knew about the subscriber's visited network; absent when nothing. */
  visited?: AlertVisited;
  explanation: string;
  /**
   * The triggering event in its JSON form (§4). On the detector's alerts it is built on first
   * read (an own enumerable accessor: JSON.stringify, spread, structured clone and Object.keys
   * see an ordinary key; assigning replaces it).
   */
  evidence: JsonEvent;
  /** Present when the alert rests on assumptions (home network inferred, visited network unknown). */
  assumptions?: string[];
}

/** Short names used in explanations (TS 29.002 operation names are long). */
const SHORT: Readonly<Record<number, string>> = {
  [MAP_OP.updateLocation]: 'UL',
  [MAP_OP.cancelLocation]: 'CancelLocation',
  [MAP_OP.provideRoamingNumber]: 'PRN',
  [MAP_OP.insertSubscriberData]: 'ISD',
  [MAP_OP.deleteSubscriberData]: 'DSD',
  [MAP_OP.sendRoutingInfo]: 'SRI',
  [MAP_OP.updateGprsLocation]: 'UL-GPRS',
  [MAP_OP.sendRoutingInfoForGprs]: 'SRI-GPRS',
  [MAP_OP.sendRoutingInfoForSM]: 'SRI-SM',
  [MAP_OP.sendIMSI]: 'SendIMSI',
  [MAP_OP.anyTimeSubscriptionInterrogation]: 'ATSI',
  [MAP_OP.anyTimeModification]: 'ATM',
  [MAP_OP.purgeMS]: 'PurgeMS',
  [MAP_OP.provideSubscriberInfo]: 'PSI',
  [MAP_OP.anyTimeInterrogation]: 'ATI',
  [MAP_OP.provideSubscriberLocation]: 'PSL',
  [MAP_OP.sendRoutingInfoForLCS]: 'SRI-LCS',
  [MAP_OP.subscriberLocationReport]: 'SLR',
};

function messageName(ev: SignallingEvent): string {
  if (ev.protocol === 'diameter') {
    const d = ev.diameter;
    return d.cmdAbbrev ?? `Diameter ${d.app}/${d.cmd}`;
  }
  const op = ev.component?.opcode;
  return op === undefined ? `TCAP ${ev.tcap.type}` : (SHORT[op] ?? ev.component?.op ?? `op ${op}`);
}

/**
 * {@link messageName} of the context's message: read from its record when the detector builds
 * no event for an alert (`eventInCallback`: the record's fields are the event's, events/record.ts),
 * else from the event.
 */
export function contextMessageName(ctx: MatchContext): string {
  if (!ctx.eventInCallback) return messageName(ctx.ev);
  const r = ctx.rec;
  if (r.protocol === 'diameter') return r.cmdAbbrev ?? `Diameter ${r.app}/${r.cmd}`;
  const op = r.hasComponent ? r.opcode : undefined;
  return op === undefined ? `TCAP ${r.tcapType}` : (SHORT[op] ?? r.op ?? `op ${op}`);
}

/** The message's own MSISDN as its event's `subscriber.msisdn` has it (see {@link contextMessageName}). */
export function contextSentMsisdn(ctx: MatchContext): string | undefined {
  return ctx.eventInCallback ? ctx.rec.msisdn : ctx.ev.subscriber.msisdn;
}

export function lowerLevel(l: Level): Level {
  return LEVELS[Math.max(0, LEVELS.indexOf(l) - 1)]!;
}

/** An alert of a scan: the §6 alert plus `source`, the capture it came from (frame numbers restart per capture). */
export interface ScanAlert extends Alert {
  /** File path as given ('-' for stdin, 'stream' / 'bytes' for other inputs). */
  source?: string;
}

/**
 * What buildAlert keeps with an alert, in one record under one symbol key (four symbol keys were
 * four map transitions and grew the alert's out-of-object property array twice per alert):
 * the event behind `evidence`, `evidence` once built or assigned, the `ts` text and the time it
 * was written from ({@link BuiltTime}), and the explanation when all of it is plain text
 * ({@link plainExplanation}). A spread copy of the alert shares it (its `evidence` is then its
 * own data property, built by the spread: the record's `evidence` is set too).
 */
const META = Symbol('sigwatch.alert.meta');
/**
 * The `evidence` of the {@link AlertMeta} of an alert whose `evidence` is a plain data property,
 * undefined until {@link withEvidence} (or the caller) sets it (AlertInput `explicitEvidence`).
 */
const EXPLICIT: JsonEvent = Object.freeze({}) as JsonEvent;

/** The capture time an alert's `ts` was written from: `text` is isoTimestamp(sec, nsec, precision). */
export interface BuiltTime {
  readonly text: string;
  readonly sec: number;
  readonly nsec: number;
  readonly precision: number;
}

interface AlertMeta extends BuiltTime {
  /**
   * The event the alert was built from; undefined until first read when it was built with
   * `eventInCallback` (then from {@link rec} while it still holds the message: {@link metaEvent}).
   */
  ev: SignallingEvent | undefined;
  /** With `eventInCallback`: the record the alert was built from, and its fill then (events/record.ts `fill`). */
  readonly rec: MessageRecord | undefined;
  readonly fill: number;
  /** `evidence` once built (or assigned); {@link EXPLICIT} on an alert built with `explicitEvidence`. */
  evidence: JsonEvent | undefined;
  /** The explanation buildAlert (or {@link withExplanation}) wrote when all of it is plain text; else undefined. */
  plain: string | undefined;
  /**
   * With `explanationInCallback`, until the explanation is made ({@link withExplanation}): the
   * context and rule it is made from, and the alert's number ({@link alertsBuilt} then).
   */
  explain: MatchContext | undefined;
  readonly rule: RuleMeta | undefined;
  readonly seq: number;
}

/**
 * Alerts built so far (by every detector): an explanation left to {@link withExplanation} is made
 * only while its alert is the last one built, i.e. inside its `onAlert` (the context then holds
 * its message and its rule's reasons).
 */
let alertsBuilt = 0;

interface AlertRecord {
  [META]: AlertMeta;
}

/**
 * The alert's event, built from its record on first read when the alert was built with
 * `eventInCallback`: only while the record holds the alert's message (inside the detector's
 * `onAlert`); a later read throws rather than describe another message.
 */
function metaEvent(m: AlertMeta): SignallingEvent {
  if (m.ev !== undefined) return m.ev;
  const r = m.rec!;
  if (r.fill !== m.fill) throw new Error("sigwatch: the alert's event was read after its onAlert returned (eventInCallback)");
  return (m.ev = r.event());
}

/**
 * The record an alert built with `eventInCallback` was built from, while its event is not built,
 * its `evidence` unset and the record still holds its message (inside the detector's `onAlert`):
 * what the collector reads the message name from without building the event (report/collector.ts).
 * Else undefined.
 */
export function alertRecord(a: Alert): MessageRecord | undefined {
  const m = (a as Partial<AlertRecord>)[META];
  if (m === undefined || m.ev !== undefined || m.evidence !== EXPLICIT || (a as { evidence: JsonEvent | undefined }).evidence !== undefined) return undefined;
  const r = m.rec;
  return r !== undefined && r.fill === m.fill ? r : undefined;
}

/**
 * The event behind an alert whose `evidence` has not been built yet: the alert path writes the
 * evidence from it (report/alert-json.ts, report/alert-bytes.ts) and reads the message name and capture time from it
 * (report/collector.ts). Undefined once `evidence` was read or assigned (then `evidence` is the
 * truth), and for alerts built elsewhere (copies, deserialised alerts).
 */
export function alertEvent(a: Alert): SignallingEvent | undefined {
  const m = (a as Partial<AlertRecord>)[META];
  if (m === undefined) return undefined;
  const e = m.evidence;
  if (e === undefined) return metaEvent(m);
  // An alert with a plain `evidence` (explicitEvidence): the event while nothing was set there.
  return e === EXPLICIT && (a as { evidence: JsonEvent | undefined }).evidence === undefined ? metaEvent(m) : undefined;
}

/**
 * The alert with its `evidence` set: an alert built with `explicitEvidence` (its `evidence` a
 * data property left undefined) gets the event's JSON form there, in its contract position;
 * any other alert is returned as it is. For a consumer of such alerts that hands one on as an
 * object (the CLI's `--eve` and `--anonymize`).
 */
export function withEvidence<A extends Alert>(a: A): A {
  withExplanation(a);
  const m = (a as Partial<AlertRecord>)[META];
  if (m !== undefined && m.evidence === EXPLICIT && (a as { evidence: JsonEvent | undefined }).evidence === undefined) a.evidence = toJsonEvent(metaEvent(m));
  return a;
}

/**
 * The alert with its `explanation` made: an alert built with `explanationInCallback` has it
 * undefined until then (nothing made per alert for a consumer that shows a few, the CLI's
 * summary); the writers, alertJson and {@link withEvidence} call this. Only inside the alert's
 * `onAlert` (later it throws, as an event read then does); any other alert is returned as it is.
 */
export function withExplanation<A extends Alert>(a: A): A {
  const m = (a as Partial<AlertRecord>)[META];
  const ctx = m?.explain;
  if (ctx === undefined) return a;
  m!.explain = undefined;
  // Assigned by the caller meanwhile: theirs.
  if ((a as { explanation: string | undefined }).explanation !== undefined) return a;
  if (m!.seq !== alertsBuilt || m!.rec === undefined || m!.rec.fill !== m!.fill) {
    throw new Error("sigwatch: the alert's explanation was read after its onAlert returned (explanationInCallback)");
  }
  const text = explainChecked(ctx, m!.rule!);
  m!.plain = plainText ? text : undefined;
  a.explanation = text;
  return a;
}

/**
 * True while the alert's `ts` is the text buildAlert wrote (core/time.ts isoTimestamp: ASCII
 * digits, `-`, `+`, `:`, `.`, `T`, `Z` and letters of a number's text, nothing JSON or jsonSafe
 * escapes), so the alert writer copies it without looking for characters to escape
 * (report/alert-bytes.ts). False once `ts` was assigned another string, and for alerts built
 * elsewhere. (A pointer comparison when `ts` is untouched.)
 */
export function builtTs(a: Alert): boolean {
  const ts = (a as Partial<AlertRecord>)[META];
  return ts !== undefined && a.ts === ts.text;
}

/**
 * While the alert's `ts` is the text buildAlert wrote ({@link builtTs}): the capture time it was
 * written from, kept with it (the event may have been changed since); else undefined. The alert
 * writer writes the digits from it (report/alert-bytes.ts).
 */
export function builtTime(a: Alert): BuiltTime | undefined {
  const ts = (a as Partial<AlertRecord>)[META];
  return ts !== undefined && a.ts === ts.text ? ts : undefined;
}

/**
 * True while the alert's `explanation` is the text buildAlert wrote and that text holds only
 * printable ASCII other than `"` and `\\` (every part taken from the capture, the profile or the
 * state was checked as it was put in: {@link plain}), so the alert writer copies it without
 * looking for characters to escape and without flattening it (report/alert-bytes.ts). False once
 * `explanation` was assigned, for custom rules' own sentences and for alerts built elsewhere.
 */
export function plainExplanation(a: Alert): boolean {
  const t = (a as Partial<AlertRecord>)[META]?.plain;
  return t !== undefined && a.explanation === t;
}

/** The lazy `evidence` property of the detector's alerts: one getter and setter shared by all. */
const EVIDENCE_PROPERTY: PropertyDescriptor = {
  get(this: AlertRecord): JsonEvent {
    const m = this[META];
    return (m.evidence ??= toJsonEvent(metaEvent(m)));
  },
  set(this: AlertRecord, v: JsonEvent) {
    this[META].evidence = v;
  },
  enumerable: true,
  configurable: true,
};

export interface AlertInput {
  rule: RuleMeta;
  ctx: MatchContext;
  level: Level;
  /** A custom rule's own sentence, replacing the built one. */
  explanation?: string;
  /**
   * `evidence` as a plain data property, undefined until {@link withEvidence} (or the caller) sets
   * it, instead of the accessor that builds it on first read: for a consumer that writes every
   * alert from its event (report/alert-bytes.ts, alert-json.ts and the collector read the event
   * while `evidence` is unset: {@link alertEvent}). Defining the accessor was ~2 k instructions an
   * alert, ~1.8 % of the CLI flood's `--jsonl` window (bench/results-notes.md, round 17 "evid17").
   */
  explicitEvidence?: boolean;
  /**
   * With `explicitEvidence`: the event is not built for the alert (~15 objects, ~1.3 kB) but on
   * first read ({@link alertEvent}, {@link withEvidence}), from the decoder's record, which holds
   * the message only while the detector's `onAlert` runs: for a consumer that reads every alert
   * there and keeps none (the CLI's summary). The context's `eventInCallback` says the same.
   */
  eventInCallback?: boolean;
  /**
   * With `eventInCallback` (and no custom explanation): `explanation` a data property left
   * undefined, made from the context on first read ({@link withExplanation}, the writers,
   * alertJson) inside `onAlert`. measured (bench/results-notes.md, round 21 "jsonl21"): the CLI
   * summary made one per alert of a flood and showed 5.
   */
  explanationInCallback?: boolean;
}

/**
 * The alert's MSISDN: the international form the detector keyed the subscriber by
 * (msisdn-notation.ts), else the subscriber state's. rt10 O1: a national-form number (`2025550123`)
 * was reported as sent and printed `+2025550123`, another country's number, splitting the
 * subscriber in two for a SIEM. The evidence (the event) keeps the digits as sent.
 */
function alertMsisdn(ctx: MatchContext): string | undefined {
  const sent = contextSentMsisdn(ctx);
  if (sent === undefined) return ctx.subscriber()?.msisdn;
  return ctx.linkedNumber() ?? sentMsisdn(ctx, sent);
}

/** The message's own MSISDN in the international form the detector keyed it by (see alertMsisdn). */
function sentMsisdn(ctx: MatchContext, sent: string): string {
  const k = ctx.msisdnKey();
  return typeof k === 'number' && k !== ctx.rec.msisdnKey() ? keyDigits(k) : sent;
}

export function buildAlert({ rule, ctx, level, explanation, explicitEvidence, explanationInCallback }: AlertInput): Alert {
  // The record's frame, index and time are the event's (events/record.ts); the event is built
  // here unless the context says it is read only inside onAlert (then on first read: metaEvent).
  const lazy = ctx.eventInCallback && explicitEvidence === true;
  const rec = ctx.rec;
  const ev = lazy ? undefined : ctx.ev;
  const precision = ev === undefined ? rec.tsPrecision : ev.tsPrecision;
  const o = ctx.origin();
  const v = ctx.visited();
  const subscriber: Alert['subscriber'] = {};
  const imsi = ctx.imsi();
  const msisdn = alertMsisdn(ctx);
  if (imsi !== undefined) subscriber.imsi = imsi;
  if (msisdn !== undefined) subscriber.msisdn = msisdn;
  // `evidence` is an own enumerable accessor in its contract position: built from the event on
  // first read (JSON.stringify, spread, structured clone and Object.keys see an ordinary key),
  // never when the alert path writes it from the event (issue 19: building ~40 objects per alert
  // that were only stringified was the largest cost of an alert flood). It is defined with one
  // shared getter/setter after the data keys: an object literal with its own `get`/`set` and
  // computed symbol keys was created in dictionary mode (V8 %HasFastProperties false), which made
  // every later read of the alert (collector, serializer) a hash lookup.
  const ts = isoTimestamp(rec.tsSec, rec.tsNsec, precision);
  const origin = o === undefined ? {} : alertOrigin(o);
  const seq = ++alertsBuilt;
  const later = lazy && explanationInCallback === true && explanation === undefined;
  const text = later ? undefined : (explanation ?? explainChecked(ctx, rule));
  const meta: AlertMeta = {
    text: ts,
    sec: rec.tsSec,
    nsec: rec.tsNsec,
    precision,
    ev,
    rec: ev === undefined ? rec : undefined,
    fill: rec.fill,
    evidence: explicitEvidence === true ? EXPLICIT : undefined,
    plain: explanation === undefined && plainText ? text : undefined,
    explain: later ? ctx : undefined,
    rule: later ? rule : undefined,
    seq,
  };
  let alert: Alert & AlertRecord;
  if (explicitEvidence === true) {
    // `evidence` a data property in its position, unset (JSON.stringify omits it until it is set).
    alert = {
      frame: rec.frame,
      index: rec.index,
      ts,
      rule: rule.id,
      rev: rule.rev,
      title: rule.title,
      level,
      tags: rule.tags,
      subscriber,
      origin,
      explanation: text,
      evidence: undefined,
      [META]: meta,
    } as unknown as Alert & AlertRecord;
  } else {
    alert = {
      frame: rec.frame,
      index: rec.index,
      ts,
      rule: rule.id,
      rev: rule.rev,
      title: rule.title,
      level,
      tags: rule.tags,
      subscriber,
      origin,
      explanation: text,
    } as Alert & AlertRecord;
    Object.defineProperty(alert, 'evidence', EVIDENCE_PROPERTY);
    alert[META] = meta;
  }
  if (v !== undefined) alert.visited = alertVisited(v);
  // No array unless there is an assumption (most alerts have none).
  const home = ctx.profile.home;
  if (home.inferred || ctx.lowConfidence) {
    const assumptions: string[] = [];
    if (home.inferred) assumptions.push(inferredAssumption(home));
    if (ctx.lowConfidence) lowConfidenceAssumptions(ctx, assumptions);
    alert.assumptions = assumptions;
  }
  return alert;
}

/** Why the level was lowered: the visited network unknown, or an origin outside the GT ranges a network of its country declares (rt8 C3). */
function lowConfidenceAssumptions(ctx: MatchContext, out: string[]): void {
  let unknownVisited = false;
  let ranges: NetworkInfo | undefined;
  for (const r of ctx.reasons) {
    if (r.kind !== 'origin') continue;
    if (r.visitedUnknown) unknownVisited = true;
    ranges ??= r.outsideRanges;
  }
  const o = ranges === undefined ? undefined : ctx.origin();
  if (o !== undefined && o.gtPlan === 6 && ranges === ctx.networks.homeInfo) {
    // Review 20 #6: one of the home's own operations from an E.212 GT of the home PLMN (networks.ts homeRangesMissed).
    out.push(
      `origin an E.212 GT${o.info.plmn === undefined ? '' : ` of PLMN ${o.info.plmn}`}, placed in ${place(ranges!)} by its PLMN: a home node ` +
        'sends this operation from its E.164 GT (the declared GT prefixes), so it is taken as another network (level lowered one step)',
    );
    ranges = undefined;
  } else if (o !== undefined && o.gtPlan === 6 && o.info.plmn !== undefined) {
    // rt20 N1/N1b: an E.212 GT (its PLMN) against a network known only by its country (networks.ts plmnAgainstCountry).
    out.push(
      `origin an E.212 GT of PLMN ${o.info.plmn}, in the country of ${place(ranges!)}, whose PLMN is not known (learned from a node number or ` +
        'declared by GT prefixes only): taken as another network of that country (level lowered one step)',
    );
    ranges = undefined;
  }
  if (unknownVisited) out.push('visited network unknown: decided on home and partners only (level lowered one step)');
  if (ranges !== undefined && ranges === ctx.networks.homeInfo) {
    // rt19 M4: one of the home network's own operations (networks.ts HOME_OWN_OPS).
    out.push(
      `origin GT of the home's country, outside the GT prefixes the profile declares for ${place(ranges)}: taken as another ` +
        'network of that country, since only the home network sends this operation (the declared ranges may lack a home node: level lowered one step)',
    );
  } else if (ranges !== undefined && ctx.networks.declaresGts(ranges)) {
    out.push(
      `origin in the same country as ${place(ranges)}, outside the GT prefixes the profile declares for it: ` +
        'taken as another network, since the declared ranges may lack a node of it (level lowered one step)',
    );
  } else if (ranges !== undefined && ranges === ctx.visitedInfo() && !numbered(ctx.visited()?.address)) {
    // rt19 M7, S6a form: a visited network learned from a PLMN, no node number (predicates.ts countryOnlyVisited).
    out.push(
      `origin GT placed only by its country, that of the visited network ${place(ranges)}, learned without a node number ` +
        "(S6a), and outside every number block the home network's own operations address: taken as another network of that country (level lowered one step)",
    );
  } else if (ranges !== undefined) {
    // rt19 M6 / M7: a partner that declares no GT prefixes, a visited network learned from traffic.
    out.push(
      `origin GT placed only by its country, that of ${place(ranges)}, which no GT prefix of the profile or registry ` +
        "(nor the visited node's number block) places it in: taken as another network of that country (level lowered one step)",
    );
  }
}

/** A node address of digits (a VLR/MSC/SGSN number), not an MME's realm or host. */
function numbered(address: string | undefined): boolean {
  if (address === undefined || address.length === 0) return false;
  for (let i = 0; i < address.length; i++) {
    const c = address.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

type Home = MatchContext['profile']['home'];
/** The inferred-home assumption, built once per home: it is the same text in every alert. */
const INFERRED_TEXT = new WeakMap<Home, string>();

function inferredAssumption(home: Home): string {
  let text = INFERRED_TEXT.get(home);
  if (text === undefined) {
    // The whole inference (detect/infer-home.ts summary) when there is one, else the home's identifiers.
    const what = home.inference ?? [...home.gtPrefixes, ...home.imsiPrefixes, ...home.realms].slice(0, 4).join(', ');
    text = `home network inferred from the traffic (${home.name}${what ? `: ${what}` : ''}); no profile was given`;
    INFERRED_TEXT.set(home, text);
  }
  return text;
}

function alertOrigin(o: Origin): AlertOrigin {
  const a: AlertOrigin = {};
  if (o.gt !== undefined) a.gt = o.gt;
  if (o.pc !== undefined) a.pc = o.pc;
  if (o.host !== undefined) a.host = o.host;
  if (o.realm !== undefined) a.realm = o.realm;
  if (o.info.country !== undefined) a.country = o.info.country;
  const net = o.info.network ?? o.info.plmn;
  if (net !== undefined) a.network = net;
  if (o.info.role !== undefined) a.role = o.info.role;
  return a;
}

function alertVisited(v: Location): AlertVisited {
  const a: AlertVisited = { since: isoTimestamp(v.tsSec, v.tsNsec, 0), frame: v.frame };
  if (v.info.country !== undefined) a.country = v.info.country;
  const net = v.info.network ?? v.info.plmn;
  if (net !== undefined) a.network = net;
  return a;
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st. */
export function ordinal(n: number): string {
  const t = n % 100;
  const suffix = t >= 11 && t <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

/** `DE Vodafone`, `unknown country`: where a network is, as explanations and campaign origin lists write it. */
export function place(i: NetworkInfo): string {
  const c = i.country ?? 'unknown country';
  const n = i.network ?? i.plmn;
  return n !== undefined && n !== c ? `${c} ${n}` : c;
}

/**
 * Any code unit JSON.stringify or jsonSafe does not write as itself: C0, `"`, `\\`, DEL and
 * everything above (the same class as report/json-bytes.ts ESCAPED).
 */
const NOT_PLAIN = /[^\x20\x21\x23-\x5b\x5d-\x7e]/;
/** Whether every part of the explanation being built was plain so far (reset by explainChecked). */
let plainText = true;

/**
 * A part of the explanation that is not fixed text (capture, profile or state text): checked as it
 * is put in. Measured (alertser): checking the ~175-character explanation once written cost ~0.2 µs
 * per alert and flattened it (~190 bytes); its variable parts are a few short texts.
 */
function plain(s: string): string {
  if (plainText && NOT_PLAIN.test(s)) plainText = false;
  return s;
}

/**
 * {@link place} of a network and whether that text is plain, kept per frozen NetworkInfo: the
 * attributor freezes what it hands out and hands out one object per network (attribution/
 * attributor.ts), so an alert flood names the same few networks; building the text and testing it
 * (a fresh cons string, which the test flattens) was ~2 % of the Scanner's alert flood (bench/results-notes.md,
 * "flood"). An object that is not frozen (a caller's own attributor, a restored state) could change: not kept.
 * Weak: an entry lives as long as its NetworkInfo.
 */
const PLACES = new WeakMap<NetworkInfo, { text: string; plain: boolean }>();

/**
 * Whether a network's text cannot change: frozen, a plain object, and only data properties (a
 * caller's attributor may freeze an object whose `network` is a getter; red-team review).
 */
function fixed(i: NetworkInfo): boolean {
  if (!Object.isFrozen(i) || Object.getPrototypeOf(i) !== Object.prototype) return false;
  const d = Object.getOwnPropertyDescriptors(i);
  for (const k in d) if (!('value' in d[k]!)) return false;
  return true;
}

/** `plain(place(i))`. */
function plainPlace(i: NetworkInfo): string {
  let m = PLACES.get(i);
  if (m === undefined) {
    const text = place(i);
    m = { text, plain: !NOT_PLAIN.test(text) };
    if (fixed(i)) PLACES.set(i, m);
  }
  if (!m.plain) plainText = false;
  return m.text;
}

/**
 * Message names found plain (≤ {@link PLAIN_NAMES}, replaced round robin): an alert flood names a
 * few operations (SHORT's texts, the Diameter dictionary's abbreviations), each the same string
 * every time, so a name is compared with `===` (a pointer comparison for these interned texts)
 * instead of tested by the regular expression (~440 instructions a test with its builtin:
 * bench/results-notes.md, round 16 "cli16").
 */
const PLAIN_NAMES = 8;
const plainNames: string[] = [];
let plainNameNext = 0;

/** `plain(name)` for a message name ({@link messageName}), remembering the plain ones. */
function plainName(name: string): string {
  for (let i = 0; i < plainNames.length; i++) if (plainNames[i] === name) return name;
  if (NOT_PLAIN.test(name)) plainText = false;
  else if (plainNames.length < PLAIN_NAMES) plainNames.push(name);
  else plainNames[plainNameNext++ & (PLAIN_NAMES - 1)] = name;
  return name;
}

/** {@link explain}, noting in `plainText` whether all of the sentence is plain text. */
function explainChecked(ctx: MatchContext, rule: RuleMeta): string {
  plainText = true;
  return explain(ctx, rule);
}

/** The GT of a hand-over (rt11 R9): home's, or another network's of the home's country (review 13-A #3). */
function spoofedGtText(gt: string, n: Networks): string {
  const probe: Origin = { info: n.attributor.gt(gt), gt, pc: undefined, host: undefined, realm: undefined };
  return `${n.isHome(probe) ? 'home' : 'national'} GT ${plain(gt)}`;
}

/**
 * {@link originText} as made for an earlier alert: the text, whether all of it was plain, and every
 * value it was made from (compared with `===` on each use).
 */
interface OriginText {
  readonly n: Networks;
  readonly info: NetworkInfo;
  readonly gt: string | undefined;
  readonly pc: number | undefined;
  readonly host: string | undefined;
  readonly realm: string | undefined;
  readonly firstRelay: string | undefined;
  readonly hostOutsideRealm: true | 'host' | undefined;
  readonly text: string;
  readonly plain: boolean;
}
/**
 * Origin texts kept by the origin's first identifier (GT, else realm, else host; '' for a point
 * code alone), ≤ {@link ORIGIN_TEXT_VARIANTS} variants each (other networks, point codes,
 * hosts): measured (bench/results-notes.md, round 16 "cli16"), the 150 k flood's 53,175 alerts
 * name 28 distinct origins, and making the text (the place, the identifier's check, three
 * concatenations) was ~1 k instructions an alert. Bounded: ≤ {@link ORIGIN_TEXT_KEYS} identifiers
 * (then it starts over, core/capped-map.ts), none longer than {@link ORIGIN_TEXT_ID_CHARS}
 * characters, texts ≤ {@link ORIGIN_TEXT_CHARS}: ≤ ~2 MB.
 */
const ORIGIN_TEXT_KEYS = 256;
const ORIGIN_TEXT_VARIANTS = 4;
const ORIGIN_TEXT_ID_CHARS = 255;
const ORIGIN_TEXT_CHARS = 640;
const originTexts = new CappedMap<string, OriginText[]>(ORIGIN_TEXT_KEYS);
let originTextNext = 0;

/** Whether an identifier may be kept with an origin text (absent, or a short text). */
function shortId(s: string | undefined): boolean {
  return s === undefined || s.length <= ORIGIN_TEXT_ID_CHARS;
}

/** {@link originText}, kept per distinct origin ({@link originTexts}); `plainText` as originText leaves it. */
function keptOriginText(o: Origin | undefined, n: Networks): string {
  if (o === undefined) return 'from an unattributed origin';
  const { info, gt, pc, host, realm, firstRelay, hostOutsideRealm } = o;
  // A GT of another numbering plan than E.164 (rt19 M8): rare, made each time and not kept.
  if (o.gtPlan !== undefined) return originText(o, n);
  const key = gt ?? realm ?? host ?? '';
  const list = originTexts.get(key);
  if (list !== undefined) {
    for (let i = 0; i < list.length; i++) {
      const k = list[i]!;
      if (
        k.info === info &&
        k.gt === gt &&
        k.pc === pc &&
        k.realm === realm &&
        k.host === host &&
        k.firstRelay === firstRelay &&
        k.hostOutsideRealm === hostOutsideRealm &&
        k.n === n
      ) {
        if (!k.plain) plainText = false;
        return k.text;
      }
    }
  }
  // Made from the values just read (each read once: the text kept is the one of the values kept with it).
  const was = plainText;
  plainText = true;
  const text = originText({ info, gt, pc, host, realm, hostOutsideRealm, firstRelay }, n);
  const plain = plainText;
  plainText = was && plain;
  // Not kept: a spoofed home-country GT's text (it asks the attributor and the home), a network
  // whose text could change (plainPlace keeps only a fixed one's), long identifiers or texts.
  if (
    (gt !== undefined && pc !== undefined) ||
    !PLACES.has(info) ||
    text.length > ORIGIN_TEXT_CHARS ||
    !shortId(gt) ||
    !shortId(realm) ||
    !shortId(host) ||
    !shortId(firstRelay)
  )
    return text;
  const kept: OriginText = { n, info, gt, pc, host, realm, firstRelay, hostOutsideRealm, text, plain };
  if (list === undefined) originTexts.set(key, [kept]);
  else if (list.length < ORIGIN_TEXT_VARIANTS) list.push(kept);
  else list[originTextNext++ & (ORIGIN_TEXT_VARIANTS - 1)] = kept;
  return text;
}

function originText(o: Origin, n: Networks): string {
  const id =
    o.gt !== undefined
      ? o.pc !== undefined
        ? `${spoofedGtText(o.gt, n)} handed over by PC ${plainNum(o.pc)}` // context.ts resolveOrigin: a spoofed home-country GT (rt11 R9)
        : o.gtPlan !== undefined
          ? `GT ${plain(o.gt)}, numbering plan ${gtPlanText(o.gtPlan)}`
          : `GT ${plain(o.gt)}`
      : o.firstRelay !== undefined
        ? firstRelay(o, o.firstRelay)
        : o.hostOutsideRealm !== undefined && o.host !== undefined
          ? hostOutsideRealm(o, o.host, o.realm!)
          : o.realm !== undefined
            ? `realm ${plain(o.realm)}`
            : o.host !== undefined
              ? `host ${plain(o.host)}`
              : o.pc !== undefined
                ? `PC ${plainNum(o.pc)}`
                : 'an unreadable GT';
  return `from ${plainPlace(o.info)} (${id})`;
}

/**
 * An SCCP GT numbering plan other than E.164 (ITU-T Q.713 §3.4.2.3.3), named in the origin: how
 * resolveOrigin (detect/context.ts, rt19 M8) read the digits, or that it could not place them.
 */
function gtPlanText(np: number): string {
  plainText = false; // '§', '.'
  switch (np) {
    case 6:
      return '6, E.212 (land mobile: MCC + MNC + MSIN, placed by its MCC + MNC; Q.713 §3.4.2.3.3)';
    case 3:
      return '3, X.121 (data: not an E.164 number, not placed; Q.713 §3.4.2.3.3)';
    case 4:
      return '4, F.69 (telex: not an E.164 number, not placed; Q.713 §3.4.2.3.3)';
    case 5:
      return '5, E.210/E.211 (maritime mobile: not an E.164 number, not placed; Q.713 §3.4.2.3.3)';
    case 14:
      return '14, private (not an E.164 number, not placed; Q.713 §3.4.2.3.3)';
    default:
      return `${np}, spare or reserved (not an E.164 number, not placed; Q.713 §3.4.2.3.3)`;
  }
}

/** An Origin-Host outside its Origin-Realm (RFC 6733 §6.3, §6.4), named with the one the origin is attributed by first. */
function hostOutsideRealm(o: Origin, host: string, realm: string): string {
  plainText = false; // '§'
  return o.hostOutsideRealm === 'host'
    ? `host ${plain(host)}, outside its Origin-Realm ${plain(realm)} (RFC 6733 §6.3, §6.4)`
    : `realm ${plain(realm)}; its Origin-Host ${plain(host)} is outside that realm (RFC 6733 §6.3, §6.4)`;
}

/** The origin attributed by a Route-Record (detect/context.ts relayOrigin; unattributed: rt12 F1), with what the message claimed. */
function firstRelay(o: Origin, peer: string): string {
  plainText = false; // '§'
  const claimed = o.realm !== undefined ? `realm ${plain(o.realm)}` : `host ${plain(o.host ?? '')}`;
  return (
    `Route-Record ${plain(peer)}: a peer an agent received the request from, RFC 6733 §6.1.8, §6.7.1; ` +
    `the request claims ${claimed}, whose requests come from that network's own nodes or through a declared transit/IPX, ` +
    (o.info.source === 'unknown' ? 'not from a peer named in no network the profile or the registry knows' : "not from another operator's")
  );
}

/**
 * A number's text (digits, `-`, `.`, `e`, `+`, `Infinity`, `NaN`: plain), or another value's checked
 * text. Integers through core/digit-key.ts decimalText: `${n}` kept each frame number's text in V8's
 * number-to-string cache long enough to be promoted (~12 MB of the 3M flood's ~75 MB promoted,
 * bench/results-notes.md "mem4").
 */
function plainNum(n: unknown): string {
  return typeof n === 'number' ? decimalText(n) : plain(`${String(n)}`);
}

/** How a location's node kind is named in an explanation (the upper-case kind; a table, not toUpperCase per alert). */
const KIND_TEXT: ReadonlyMap<string, string> = new Map(['vlr', 'msc', 'sgsn', 'mme'].map((k) => [k, k.toUpperCase()]));

function locationText(v: Location): string {
  // KIND_TEXT's texts are fixed upper-case words (plain); another kind's text is checked.
  const node = v.address === undefined ? '' : `${KIND_TEXT.get(v.kind) ?? plain(v.kind.toUpperCase())} ${plain(v.address)}, `;
  const evidence = v.frame > 0 ? `frame ${plainNum(v.frame)}` : 'seeded';
  return `${plainPlace(v.info)} (${node}since ${isoTimestamp(v.tsSec, v.tsNsec, 0)}, ${evidence})`;
}

/** The origin is outside where an IMSI the number left within the link TTL is registered (state/prior-links.ts). */
function priorText(p: PriorOutside, ctx: MatchContext, v: Location | undefined): string {
  const now = ctx.imsi();
  const holder = now === undefined ? '' : ` (now linked to IMSI ${plain(now)}${v === undefined ? '' : `, registered in ${locationText(v)}`})`;
  return (
    `while IMSI ${plain(p.imsi)}, which held the number until ${isoTimestamp(p.untilSec, 0, 0)}, is registered in ${locationText(p.loc)}${holder}: ` +
    'a move of the number that travel since does not explain'
  );
}

function hours(h: number): string {
  return h >= 1 ? `${h.toFixed(1)} h` : `${Math.round(h * 60)} min`;
}

function explain(ctx: MatchContext, rule: RuleMeta): string {
  const msisdn = alertMsisdn(ctx);
  const imsi = ctx.imsi();
  const who = msisdn !== undefined ? `+${plain(msisdn)}` : imsi !== undefined ? `IMSI ${plain(imsi)}` : 'an unidentified subscriber';
  // rt17 J4: the IMSI's linked number is the subscriber's; the one the request put beside it is only claimed.
  const sent = contextSentMsisdn(ctx);
  const also = sent !== undefined && msisdn !== undefined && ctx.linkedNumber() === msisdn ? ` (the request also named +${plain(sentMsisdn(ctx, sent))})` : '';
  const head = `${plainName(contextMessageName(ctx))} for ${who}${also} ${keptOriginText(ctx.origin(), ctx.networks)}`;
  const reasons = ctx.reasons;
  if (reasons.length === 0) return `${head}: ${plain(rule.title)}`;
  // One reason (most alerts): no array of tails and no join.
  if (reasons.length === 1) return `${head} ${tail(reasons[0]!, ctx)}`;
  return `${head} ${reasons.map((r) => tail(r, ctx)).join('; ')}`;
}

function tail(r: Reason, ctx: MatchContext): string {
  switch (r.kind) {
    case 'origin': {
      const v = ctx.visited();
      if (r.prior !== undefined) return priorText(r.prior, ctx, v);
      if (v !== undefined && r.sets.includes('visited') && !r.visitedUnknown) return `while the subscriber is registered in ${locationText(v)}`;
      const h = ctx.subscriberHome();
      const home = ctx.networks.homeInfo;
      if (r.unattributed) {
        // Present but in no country or network known (an unassigned E.164 code or MCC): outside.
        const visited = r.visitedUnknown ? ' (visited network unknown)' : '';
        return `whose origin could not be attributed to any country or network: not home${home ? ` (${plainPlace(home)})` : ''}, not a partner${visited}`;
      }
      if (r.visitedUnknown) return `while its visited network is unknown and the origin is neither home${home ? ` (${plainPlace(home)})` : ''} nor a partner`;
      // registration-from-non-partner: checked against the declared partners alone (home and visited by origin_in).
      if (r.sets.length === 1 && r.sets[0] === 'partners') return `which is neither home${home ? ` (${plainPlace(home)})` : ''} nor a declared partner`;
      const subHome = r.sets.includes('subscriber_home') && !r.sets.includes('home');
      return subHome && h !== undefined
        ? `which is outside the subscriber's home network (${plainPlace(h)})`
        : `which is outside the home network${home ? ` (${plainPlace(home)})` : ''}`;
    }
    case 'spoof':
      return (
        `but names ${plain(r.field.replace(/^args\./, ''))} ${plainNum(r.value)} in ${plainPlace(r.claimed)}: ` +
        'sender and claimed node are in different networks'
      );
    case 'velocity': {
      const c = r.from.confirmed;
      const seen = c === undefined ? '' : `, last confirmed there by ${plain(c.by)} at ${isoTimestamp(c.tsSec, c.tsNsec, 0)} (frame ${plainNum(c.frame)})`;
      if (!Number.isFinite(r.kmh)) plainText = false; // '∞'
      const speed = `${plainNum(Math.round(r.km))} km in ${hours(r.hours)} (${Number.isFinite(r.kmh) ? Math.round(r.kmh) : '∞'} km/h)`;
      return `would move the subscriber from ${locationText(r.from)}${seen} to ${plainPlace(r.to)}: ${speed}`;
    }
    case 'realm':
      plainText = false; // '§'
      return `whose Origin-Realm ${r.realm} is neither a 3GPP PLMN realm (TS 23.003 §19.2) nor declared in the profile`;
    case 'harvest':
      return `is the ${ordinal(r.count)} distinct subscriber whose authentication vectors ${plain(r.origin)} asked for within ${hours(r.windowSec / 3600)}`;
    case 'neighbour':
      return `moves the subscriber to the neighbouring network ${plainPlace(r.to)}`;
    case 'watched':
      return `involves watched carrier ${plain(r.carrier)} (${plain(r.via)})`;
    case 'distinct':
      return (
        `is the ${ordinal(r.count)} distinct origin network targeting this subscriber within ${hours(r.windowSec / 3600)} ` +
        `(outside home, partners and its visited network): ${plain(r.origins.join('; '))}`
      );
    case 'sequence':
      return (
        `comes ${hours((ctx.rec.tsSec - r.firstTsSec) / 3600)} after a cancellation / neighbouring-network UL (frame ${plainNum(r.firstFrame)}) ` +
        `from another network (window ${hours(r.windowSec / 3600)})`
      );
  }
}
