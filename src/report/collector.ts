/**
 * Collects what the summary and the HTML report show: messages by protocol and operation,
 * alerts by rule and level, origin countries and networks, the most targeted subscribers with
 * their timelines, and the decode counters. Bounded: at most `maxAlerts` alerts are kept whole for
 * the alert details (all are counted, and up to ALERT_TIMES_MAX are placed on the time histogram).
 */
import { createAttributor } from '../attribution/attributor.js';
import type { Attributor } from '../attribution/types.js';
import type { SourceStats } from '../core/stats.js';
import type { InferredHome } from '../detect/infer-home.js';
import type { DetectorStats } from '../detect/engine.js';
import { LEVELS, type Level } from '../detect/rule-schema.js';
import { MessageRecord } from '../events/record.js';
import type { SignallingEvent } from '../events/types.js';
import { alertEvent, alertRecord, builtTs, type AlertOrigin, type ScanAlert } from '../detect/alert.js';
import { AlertTimes, type AlertPoints } from './alert-times.js';
import { alertJson } from './alert-json.js';
import { KeptAlerts } from './kept-alerts.js';
import { countryLabel } from './words.js';
import { FNV_OFFSET, fmix32, fnvStep } from '../core/hash.js';
import { ownCopy } from '../core/own-string.js';
import { isIsoTimestamp, isoTimestamp } from '../core/time.js';
import { DEFAULT_LIMITS } from '../core/limits.js';
import { KeyCounts, OTHER, bump, countAt } from './key-counts.js';
import { RuleCounts } from './rule-counts.js';
import { F_ALERTS, TargetedTable, TL_BY_LEVEL, W_ENTRIES, W_TL_FIRST, W_TL_LAST, W_TL_LOW, W_WORST } from './targeted.js';
import { Timelines } from './timelines.js';

export interface TimelineEntry {
  ts: string;
  rule: string;
  level: Level;
  /** e.g. `sendRoutingInfo from GT 491720000000 · Germany (DE)`. */
  what: string;
  /** The message (MAP operation or Diameter command). */
  message: string;
  source?: string;
  frame: number;
  /** Origin (sender) of the message: network label and ISO country. */
  origin: string;
  originCountry?: string;
  /** Where the state had the subscriber when the message came. */
  visitedCountry?: string;
  visitedNetwork?: string;
}

/** Flagged requests between two countries: the map's arcs (origin → the subscriber's visited country). */
export interface OriginArc {
  from: string;
  to: string;
  count: number;
  worst: Level;
}

export interface TargetedSubscriber {
  imsi?: string;
  msisdn?: string;
  alerts: number;
  /** Distinct origin countries / networks of its alerts. */
  origins: string[];
  /**
   * Its first TIMELINE_MAX alerts in arrival order, except that once full, an alert of a higher level
   * takes the place of the newest of the lowest level (rt19 M1b): still in arrival order.
   */
  timeline: TimelineEntry[];
  /** Present when the timeline let lower-level alerts go for later higher ones (it is not the first alerts). */
  timelineByLevel?: true;
}

export interface ReportData {
  sources: readonly (SourceStats & { error?: string })[];
  /** `beside`: a profile file found next to a capture when none was given (the summary points at it). */
  profile: { name: string; inferred?: InferredHome; file?: string; beside?: string };
  messages: number;
  /** protocol → operation label → count. */
  byOperation: Record<string, Record<string, number>>;
  /** Countries of the traffic's senders (SCCP calling GT, Origin-Realm). */
  trafficCountries: Record<string, number>;
  alertsTotal: number;
  byLevel: Record<Level, number>;
  byRule: Record<string, { title: string; count: number; byLevel: Partial<Record<Level, number>> }>;
  originCountries: Record<string, number>;
  originNetworks: Record<string, number>;
  /** Visited countries of alerting subscribers (what the state knew at the alert). */
  visitedCountries: Record<string, number>;
  /** Origin country → visited country of flagged requests, bounded like the other tables. */
  arcs: OriginArc[];
  subscribers: TargetedSubscriber[];
  /**
   * Alerts kept whole: the first `maxAlerts` by level, highest first, then arrival ({@link ALERT_DETAILS}
   * by default), while their JSON fits {@link ALERT_BYTES}.
   */
  alerts: ScanAlert[];
  /**
   * Present when some of the `maxAlerts` alerts chosen were not kept whole because they did not fit
   * `bytes` ({@link ALERT_BYTES}) beside the kept ones: how many.
   */
  alertsCut?: { bytes: number; alerts: number };
  /** Capture time (ms) and level index (into LEVELS) of up to a million alerts, for the histogram. */
  alertTimes: AlertPoints & { readonly dropped: number };
  decodeStats: Record<string, number>;
  detector?: DetectorStats;
  first?: string;
  last?: string;
}

const TIMELINE_MAX = 12;
/**
 * Timeline entries ever written per subscriber: its first TIMELINE_MAX, then one per rise of an
 * entry's level when a higher alert takes a lower one's place (`alert`, rt19 M1b), at most
 * LEVELS.length − 1 rises per place. The word table and the timelines' tuples are bounded by these.
 */
const TIMELINE_WRITES = TIMELINE_MAX * LEVELS.length;
/** 10000-01-01T00:00:00Z in Unix seconds: isoTimestamp writes 4-digit years below it. */
const YEAR_10000 = 253_402_300_800;

/**
 * Alerts kept whole for the report's details (the HTML shows them, the summary the first 5), chosen by level, then arrival.
 * Each holds its evidence event (~4 kB): 20,000 of them were ~80 MB of the CLI's RSS on a 2 GB scan.
 */
export const ALERT_DETAILS = 2000;
/**
 * Bytes of JSON of the alerts kept whole: past it no further alert is kept. 2,000 flood alerts are
 * 3.3 MB (at most 2.2 kB each); 2,000 alerts whose Origin-Host/Realm were 2,000 characters were
 * 50 MB kept and 110 MB once parsed for the report (bench/results-notes.md "reportsize"), and a
 * Diameter identifier may be far longer (a message up to 1 MiB, RFC 6733 §3).
 */
export const ALERT_BYTES = 8 * 1024 * 1024;
/** Alerts the summary prints (summary-text.ts "Why (highest level first)"). */
export const SUMMARY_ALERTS = 5;
/**
 * Bounds of the report tables (they grow with distinct alerting subscribers and origins, which an
 * attacker controls). Past a bound, new keys are counted under OTHER and in `overflow`.
 */
export interface ReportLimits {
  subscribers: number;
  originKeys: number;
  originsPerSubscriber: number;
}
const REPORT_LIMITS: Readonly<ReportLimits> = Object.freeze({ subscribers: 100_000, originKeys: 10_000, originsPerSubscriber: 64 });
/** Country key of an origin no attribution could place (shown as "unknown country"). */
const UNKNOWN = 'unknown';

/**
 * Kinds of origin identifier, by preference: operator/carrier, GT, realm, host, point code
 * ({@link AlertOrigin}); how a label introduces each (an operator name stands alone).
 */
const KIND_PREFIX = ['', 'GT ', 'realm ', 'host ', 'PC '] as const;
type OriginKind = 0 | 1 | 2 | 3 | 4;

/**
 * An origin as a person names it: the operator/carrier when the registry knows it, else the node
 * (GT, realm, host), then the country by name: `China Unicom · China (CN)`, `GT 124235700051 · Bahamas (BS)`.
 * `id` as {@link clipId} leaves it.
 */
function originLabel(kind: OriginKind, id: string | number | undefined, country: string | undefined): string {
  const who = id === undefined ? 'unattributed' : KIND_PREFIX[kind] + id;
  return `${who} · ${countryLabel(country)}`;
}

/**
 * Characters of an origin identifier a label shows: a realm or host is a domain name of at most 255
 * octets (RFC 6733 §4.3.1, RFC 1035 §2.3.4), a GT or operator name far shorter. A longer one is
 * shown cut there and marked `…`: the report's tables keep labels (origin counts, label cache,
 * timeline words), bounded in number, and an attacker who makes every Origin-Realm 2,000
 * characters long made each of them that large (measured: bench/results-notes.md, "hostile").
 */
export const LABEL_ID_CHARS = 255;

function clipId(id: string): string {
  if (id.length <= LABEL_ID_CHARS) return id;
  // Not between the two halves of a surrogate pair (a lone half is not text).
  const c = id.charCodeAt(LABEL_ID_CHARS - 1);
  // A copy: V8's slice points into the whole identifier and kept it alive in the label tables
  // (red-team review: 5,000 labels of 20,000-character realms +105 MB of heap; copied +7 MB).
  return `${ownCopy(id.slice(0, c >= 0xd800 && c <= 0xdbff ? LABEL_ID_CHARS - 1 : LABEL_ID_CHARS))}…`;
}

/**
 * An origin counted under OTHER in the origin table, in a subscriber's origin list: a negative id
 * from a 31-bit hash of its label (FNV-1a, unseeded: the count must not vary by run) (word ids are ≥ 1), shown as OTHER. Distinct origins stay
 * distinct there, so the subscriber's origin count and the ranking of the targeted subscribers are
 * what they were before the labels were bounded (red-team review: one OTHER word made a subscriber
 * tracked from 40 new GTs read "from 1 origin"); no label is kept. Unseeded, so counts do not vary
 * from run to run; an attacker who fills the 10,000 counted labels first could craft labels that
 * collide and understate a count (the overflow itself shows in the report's loss counters).
 */
function otherOrigin(label: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < label.length; i++) h = fnvStep(h, label.charCodeAt(i));
  return -1 - (fmix32(h) & 0x7fffffff);
}

/**
 * An origin as the report counts it, kept per distinct origin (kind, identifier, country) while
 * at most `originKeys` are: its label, its positions in the origin tables (key-counts.ts `bump`:
 * an origin counted under OTHER stays there, unless its country is the text OTHER), the ids the subscribers' rows and timelines use,
 * and its last flagged-request arc. An alert of a known origin counts with typed-array
 * increments: no label text, no string-keyed table (issue 19, bench/results-notes.md "collect14").
 */
interface OriginSlot {
  readonly label: string;
  readonly country: string | undefined;
  /** Positions in originCountries / originNetworks (< 0: OTHER's, one's complement). */
  readonly countryAt: number;
  readonly netAt: number;
  /** The origin in a subscriber's origin list: the label's word id, or {@link otherOrigin}; 0: not asked yet. */
  sub: number;
  /** Word ids of the label as counted (the label or OTHER) and of the country; −1: not asked yet. */
  netWord: number;
  countryWord: number;
  /**
   * The arcs of this origin's flagged requests looked up so far (at most {@link ARC_MEMO}): their
   * visited countries and arc numbers (NO_ARC: past the arc bound, SAME_COUNTRY: no arc). measured (150 k flood): ≤ 4
   * visited countries per origin.
   */
  readonly arcTo: VisitedSlot[];
  readonly arc: number[];
  /** On an identifier's first slot: the slots of the same kind and identifier with other countries. */
  others: Map<string | undefined, OriginSlot> | undefined;
}

/** Visited-country slots found by a walk before the Map (a country code is two characters). */
const SCAN_VISITED = 8;

/** {@link ReportCollector} `arcOf`: no arc, past the arc bound (counted in `overflow`). */
const NO_ARC = -1;
/** {@link ReportCollector} `arcOf`: no arc, the origin's country is the visited one. */
const SAME_COUNTRY = -2;

/** Visited countries whose arcs an origin slot keeps (then Arcs.at looks them up per alert). */
const ARC_MEMO = 8;

/**
 * A visited country as the report counts it, kept for at most `originKeys` texts: its position in
 * visitedCountries (< 0: OTHER's), its word id, and the last visited network seen with it and
 * that network's word id (a country's alerting subscribers are mostly in one network).
 */
interface VisitedSlot {
  readonly country: string;
  readonly at: number;
  /** Word ids (−1: not asked yet). */
  word: number;
  network: string | undefined;
  networkWord: number;
}

/** The flagged requests between two countries (the map's arcs) as slots; {@link OriginArc} built at the end. */
class Arcs {
  private readonly byFrom = new Map<string, Map<string, number>>();
  private readonly from: string[] = [];
  private readonly to: string[] = [];
  private readonly counts: number[] = [];
  /** Worst level id (rule-counts.ts) of each arc. */
  private readonly worst: number[] = [];

  /** The arc from `from` to `to`, added (worst level `lv`) while fewer than `max` arcs; −1: none. */
  at(from: string, to: string, lv: number, max: number): number {
    let byTo = this.byFrom.get(from);
    const i = byTo?.get(to);
    if (i !== undefined) return i;
    const n = this.from.length;
    if (n >= max) return -1;
    if (byTo === undefined) this.byFrom.set(from, (byTo = new Map()));
    byTo.set(to, n);
    this.from.push(from);
    this.to.push(to);
    this.counts.push(0);
    this.worst.push(lv);
    return n;
  }

  /** Counts a flagged request of level id `lv` on arc `i`. */
  add(i: number, lv: number): void {
    this.counts[i]!++;
    const w = this.worst[i]!;
    if (lv !== w && rank(lv) > rank(w)) this.worst[i] = lv;
  }

  /** The arcs by count, descending (ties in first-seen order of their origin, then visited, country). */
  list(levelName: (lv: number) => string): OriginArc[] {
    const out: OriginArc[] = [];
    for (const byTo of this.byFrom.values())
      for (const i of byTo.values()) out.push({ from: this.from[i]!, to: this.to[i]!, count: this.counts[i]!, worst: levelName(this.worst[i]!) as Level });
    return out.sort((x, y) => y.count - x.count);
  }
}

/** A level id's rank (its index in LEVELS; −1 for a text outside it, as LEVELS.indexOf gave). */
function rank(lv: number): number {
  return lv < LEVELS.length ? lv : -1;
}

/** The position of `key` in `table` as {@link bump} counts it, without counting (it adds the key or OTHER). */
function resolve(table: KeyCounts, key: string, size: { n: number }, max: number): number {
  const p = table.at(key);
  if (p >= 0) return p;
  if (size.n >= max) return ~table.slot(OTHER);
  size.n++;
  return table.insert(key);
}

/** Per protocol: its operations table and, by operation name, its labels' positions there. */
interface ProtocolOps {
  table: KeyCounts;
  byOp: Map<string, OpLabel[]>;
}
/** An `op type` label of a named MAP/TCAP operation (names come from the operation tables) and its table position (−1: none yet). */
interface OpLabel {
  type: string | undefined;
  label: string;
  at: number;
}
/** A message's capture time as its event and its record both have it. */
type CaptureTime = Pick<SignallingEvent, 'tsSec' | 'tsNsec' | 'tsPrecision'>;

/** Bounds of ReportCollector's sender slots: texts kept per kind, and their length (a GT, a DiameterIdentity). */
const SENDER_KEYS = 4096;
const SENDER_KEY_CHARS = 255;

export class ReportCollector {
  private readonly attributor: Attributor = createAttributor({ cacheSize: 4096 });
  private messages = 0;
  /** Messages by protocol, then operation label; the last protocol's table remembered. */
  private readonly byOperation = new Map<string, ProtocolOps>();
  private lastProto: string | undefined;
  private lastOps: ProtocolOps = { table: new KeyCounts(), byOp: new Map() };
  private readonly trafficCountries = new KeyCounts();
  /**
   * The {@link trafficCountries} slot of a sender's country by its calling GT (SS7) and by its
   * Origin-Realm (Diameter): one lookup per message where the attributor's cache and the table's
   * were two (the country is a pure function of the text: the collector's attributor has no
   * registry). At most {@link SENDER_KEYS} texts each, then it starts over; a longer text is not kept.
   */
  private readonly gtSlots = new Map<string, number>();
  private readonly realmSlots = new Map<string, number>();
  private readonly rules = new RuleCounts();
  /** Word ids of the level texts by level id (−1: not asked yet). */
  private readonly levelWords: number[] = [];
  /** The level rank (LEVELS index; info for a text outside it) of each of {@link levelWords}, by word id. */
  private readonly wordRanks = new Map<number, number>();
  /** {@link dropLowest}'s level ranks of a timeline's entries. */
  private readonly entryRanks = new Int32Array(TIMELINE_MAX);
  private readonly originCountries = new KeyCounts();
  private readonly originNetworks = new KeyCounts();
  private readonly visitedCountries = new KeyCounts();
  /** Visited-country slots by text (at most `originKeys`); the last one asked for remembered. */
  private readonly visited = new Map<string, VisitedSlot>();
  private lastVisited: VisitedSlot | undefined;
  /**
   * The first {@link SCAN_VISITED} kept visited-country slots, walked first: a flood's subscribers
   * sit in a few countries, and the remembered one (a write barrier per change) missed 60 % of the
   * 150 k flood's alerts (bench/results-notes.md "collect14", "row15").
   */
  private readonly firstVisited: VisitedSlot[] = [];
  private readonly arcs = new Arcs();
  /**
   * Origin slots by kind of identifier (KIND_PREFIX: an operator name and a GT could be the same
   * text), then the identifier as the label shows it: the slot of its first country, whose `others`
   * holds the slots of its other countries (an identifier mostly has one: its country comes from
   * it), so a known origin costs one Map lookup. The label is built once per origin, not once per
   * alert (issue 19). At most `originKeys` slots, like the report tables.
   */
  private readonly origins: Map<unknown, OriginSlot>[] = [new Map(), new Map(), new Map(), new Map(), new Map()];
  private originCount = 0;
  /** Alerting subscribers (by IMSI, else MSISDN) as slots; their timelines' entries in `timelines`. */
  private readonly subs: TargetedTable;
  private readonly words = new Words();
  private readonly timelines = new Timelines();
  /**
   * The kept alerts as UTF-8 JSON: ~1.4 kB each instead of a ~4 kB object graph (alert + evidence
   * event), outside the V8 heap (its old generation grows to twice what lives in it). The first
   * `maxAlerts` by level, then arrival (kept-alerts.ts, rt14 G4).
   */
  private readonly alerts: KeptAlerts;
  private readonly alertTimes = new AlertTimes();
  private alertsTotal = 0;
  private first: string | undefined;
  private last: string | undefined;
  /**
   * The capture times (seconds, nanoseconds) behind `first` and `last` while both are texts
   * isoTimestamp wrote at precision `spanPrecision` ({@link span}); −1: compare the texts.
   */
  private spanPrecision = -1;
  private firstSec = 0;
  private firstNsec = 0;
  private lastSec = 0;
  private lastNsec = 0;
  private readonly countrySize = { n: 0 };
  private readonly networkSize = { n: 0 };
  private readonly operationSize = { n: 0 };
  /** Alerts whose subscriber or origin did not fit in the bounded tables (REPORT_LIMITS). */
  readonly overflow = { n: 0 };

  private readonly limits: Readonly<ReportLimits>;

  /** Whether alert times are kept for the histogram (only the HTML report draws it). */
  private readonly histogram: boolean;
  private readonly storeSlots: number;

  /**
   * `maxAlerts`: alerts kept whole (the HTML report lists {@link ALERT_DETAILS}, the summary the
   * first {@link SUMMARY_ALERTS}); `histogram: false` keeps no alert times (`alertTimes` stays
   * empty). measured (reportmem2, 3,000,001-message flood): the CLI without --report keeps 5
   * alerts and no times, 2.8 MB + 5 MB less. `storeSlots`: the detector's `limits.subscribers`
   * (its store slots, the {@link alert} hints, stay below it); a hint at or beyond it is ignored,
   * so one wrong hint cannot size the hint table (4 B per hint value).
   */
  constructor(maxAlerts = ALERT_DETAILS, limits: Readonly<ReportLimits> = REPORT_LIMITS, opts: { histogram?: boolean; storeSlots?: number } = {}) {
    this.alerts = new KeptAlerts(maxAlerts, ALERT_BYTES);
    this.limits = limits;
    this.histogram = opts.histogram ?? true;
    this.storeSlots = opts.storeSlots ?? DEFAULT_LIMITS.subscribers;
    this.subs = new TargetedTable(this.storeSlots);
    // Word ids are Int32 (timelines.ts tuples, targeted.ts origin pool): the vocabulary must stay below 2^31.
    if (limits.subscribers * (TIMELINE_WRITES * 8 + limits.originsPerSubscriber) >= 2 ** 31)
      throw new RangeError('ReportCollector: limits too large for the word table');
  }

  event(ev: SignallingEvent): void {
    this.record(this.eventRecord.fromEvent(ev));
  }

  /** For {@link event}: a record filled from the caller's event. */
  private readonly eventRecord = new MessageRecord();

  /** One message as a decoder's record (the fast tier, events/record.ts): no event needed. */
  record(r: MessageRecord): void {
    this.messages++;
    const proto = r.protocol;
    let ops = this.lastOps;
    if (proto !== this.lastProto) {
      let t = this.byOperation.get(proto);
      if (t === undefined) this.byOperation.set(proto, (t = { table: new KeyCounts(), byOp: new Map() }));
      this.lastProto = proto;
      this.lastOps = ops = t;
    }
    const op = proto === 'diameter' || !r.hasComponent ? undefined : r.op;
    // Operation labels are bounded too: unknown Diameter command codes span 2^24 values.
    if (op === undefined) bump(ops.table, operationLabel(r), this.operationSize, this.limits.originKeys, this.overflow);
    else this.countOperation(ops, op, r);
    const at = this.senderSlot(r);
    if (at >= 0) this.trafficCountries.inc(at);
  }

  /**
   * Counts a named operation's `op type` label: by its table position once it has one (one lookup
   * by name and a walk of its few component types, where the label's lookups by name, by type and
   * in the table were three); a label counted under OTHER goes through {@link bump} each time.
   */
  private countOperation(ops: ProtocolOps, op: string, r: MessageRecord): void {
    let list = ops.byOp.get(op);
    if (list === undefined) ops.byOp.set(op, (list = []));
    const type = r.componentType;
    let e: OpLabel | undefined;
    for (let i = 0; i < list.length; i++) {
      if (list[i]!.type === type) {
        e = list[i]!;
        break;
      }
    }
    if (e === undefined) list.push((e = { type, label: operationLabel(r), at: -1 }));
    if (e.at >= 0) {
      ops.table.inc(e.at);
      return;
    }
    const p = bump(ops.table, e.label, this.operationSize, this.limits.originKeys, this.overflow);
    if (p >= 0) e.at = p;
  }

  /**
   * `hint`: the detector's store slot of the alert's subscriber (detect/engine.ts
   * `alertSubscriberSlot`, read inside its `onAlert`), or −1: only a shortcut to the subscriber's
   * row (targeted.ts `find` checks it against the alert's IMSI), so a wrong one costs a lookup.
   */
  alert(a: ScanAlert, hint = -1): void {
    // Anything but an integer store slot is no hint (null, text, NaN, fractions, beyond the store).
    if (!(Number.isInteger(hint) && hint >= 0 && hint < this.storeSlots)) hint = -1;
    this.alertsTotal++;
    const rules = this.rules;
    const lv = rules.level(a.level);
    const rule = rules.add(a.rule, a.title, lv);
    // The subscriber's origins and timeline show the label as the origin table counted it: past
    // `originKeys` labels, OTHER. Each kept label stays in the word table while a subscriber row
    // refers to it; an attacker with a new GT or realm on every alert grew that table by one label
    // per timeline entry and origin (up to 100,000 × (12 + 64)). measured: bench/results-notes.md, "hostile".
    const o = this.origin(a.origin);
    if (o.countryAt >= 0) this.originCountries.inc(o.countryAt);
    else countAt(this.originCountries, o.countryAt, this.overflow);
    if (o.netAt >= 0) this.originNetworks.inc(o.netAt);
    else countAt(this.originNetworks, o.netAt, this.overflow);
    const vc = a.visited?.country;
    const v = vc === undefined ? undefined : this.visitedSlot(vc);
    if (v !== undefined) {
      if (v.at >= 0) this.visitedCountries.inc(v.at);
      else countAt(this.visitedCountries, v.at, this.overflow);
      if (o.country !== undefined) {
        const arc = this.arcOf(o, v, lv);
        if (arc >= 0) this.arcs.add(arc, lv);
        else if (arc === NO_ARC) this.overflow.n++;
      }
    }
    // The detector's record of the alert's message while it holds it and no event was built for the
    // alert (`eventInCallback`, detect/alert.ts alertRecord): its frame, time and names are the
    // event's (events/record.ts), so no event is built for the summary. Else the alert's event.
    const rec = alertRecord(a);
    const ev = rec === undefined ? alertEvent(a) : undefined;
    const te: CaptureTime | undefined = rec ?? ev;
    // The alert's event while its `ts` is the text buildAlert made of the event's time.
    const built = te !== undefined && builtTs(a) ? te : undefined;
    this.span(a.ts, built);
    // A level outside LEVELS (an alert handed in by a library caller) ranks as info, the lowest.
    const r = rank(lv);
    const keep = Math.max(r, 0);
    if (this.alerts.wants(keep)) this.alerts.add(keep, Buffer.from(alertJson(a), 'utf8'));
    if (this.histogram) this.alertTimes.add(te === undefined ? Date.parse(a.ts) : captureMs(te, a.ts), r);
    const key = a.subscriber.imsi ?? a.subscriber.msisdn;
    if (key === undefined) return;
    const t = this.subs;
    // The detector's store slot of the subscriber as a hint (targeted.ts find): no hash lookup of
    // the IMSI text when it links to this IMSI's row. measured: bench/results-notes.md, "slotshare".
    let s = t.find(key, a.subscriber.imsi, hint);
    if (s < 0) {
      if (t.size >= this.limits.subscribers) {
        this.overflow.n++;
        return;
      }
      s = t.add(key, a.subscriber.imsi, hint);
    }
    if (t.msisdn[s] === undefined && a.subscriber.msisdn !== undefined) t.msisdn[s] = a.subscriber.msisdn;
    const col = t.chunk(s);
    const row = TargetedTable.word(s);
    col.f64[(row >> 1) + F_ALERTS]!++;
    // rt19 M1a: the targeted subscribers are ranked by their worst level first.
    if (col.i32[row + W_WORST]! <= keep) col.i32[row + W_WORST] = keep + 1;
    const w = this.words;
    if (t.originCount(s) < this.limits.originsPerSubscriber) {
      if (o.sub === 0) o.sub = o.netAt < 0 ? otherOrigin(o.label) : w.id(o.label);
      t.addOrigin(s, o.sub);
    }
    const n = col.i32[row + W_ENTRIES]!;
    // Full: an alert above the timeline's lowest level takes the place of the newest entry of that level
    // (rt19 M1b: 12 medium SRIs first kept the victim's high ATI out of every timeline and story), as
    // KeptAlerts does for the details; the entries stay in arrival order.
    const low = col.i32[row + W_TL_LOW]!;
    if (n >= TIMELINE_MAX && (keep <= (low & 0xff) || !this.dropLowest(col.i32, row, low & 0xff))) return;
    // Without its event (a deserialised alert, e.g. from a --workers thread) the ts text is kept as a
    // word. The text buildAlert wrote is isoTimestamp of the event's time (`built`): no need to
    // compare it again. measured (bench/results-notes.md, "colalert"): the comparison flattened
    // the alert's cons `ts` and was 1.4-2.2 % of the flood's CLI summary.
    const timed =
      te !== undefined &&
      Number.isInteger(te.tsNsec) &&
      te.tsNsec >= 0 &&
      te.tsNsec < 2 ** 31 &&
      Number.isInteger(te.tsPrecision) &&
      te.tsPrecision >= 0 &&
      te.tsPrecision < 16 &&
      (built !== undefined || isIsoTimestamp(a.ts, te.tsSec, te.tsNsec, te.tsPrecision));
    const tw = this.timelines.words;
    // Rule, level, origin label and country: word ids kept on their slots.
    if (rule.word < 0) rule.word = w.id(a.rule);
    tw[0] = rule.word;
    tw[1] = this.levelWords[lv] ?? this.levelWord(lv, a.level, keep);
    tw[2] = w.idAt(2, rec !== undefined ? recordMessage(rec) : ev === undefined ? evidenceMessage(a) : eventMessage(ev));
    if (o.netWord < 0) o.netWord = w.id(o.netAt < 0 ? OTHER : o.label);
    tw[3] = o.netWord;
    tw[4] = w.idAt(4, a.source);
    if (o.countryWord < 0) o.countryWord = w.id(o.country);
    tw[5] = o.countryWord;
    if (v === undefined) {
      tw[6] = 0;
      tw[7] = w.idAt(7, a.visited?.network);
    } else {
      if (v.word < 0) v.word = w.id(v.country);
      tw[6] = v.word;
      const vn = a.visited?.network;
      if (vn !== v.network || v.networkWord < 0) {
        v.network = vn;
        v.networkWord = w.id(vn);
      }
      tw[7] = v.networkWord;
    }
    tw[8] = timed ? te.tsPrecision : -1;
    const last = col.i32[row + W_TL_LAST]!;
    const at = n >= TIMELINE_MAX ? n - 1 : n;
    const b = this.timelines.add(last, at, timed ? te.tsSec : 0, timed ? te.tsNsec : w.id(a.ts), a.frame);
    if (last < 0) col.i32[row + W_TL_FIRST] = b;
    col.i32[row + W_TL_LAST] = b;
    col.i32[row + W_ENTRIES] = at + 1;
    // The lowest level among the entries (dropLowest set it without the new one when it made room).
    const now = col.i32[row + W_TL_LOW]!;
    if (n === 0 || keep < (now & 0xff)) col.i32[row + W_TL_LOW] = (now & TL_BY_LEVEL) | keep;
  }

  /** The word id of level text `level` (level id `lv`, rank `keep`), kept in {@link levelWords} and {@link wordRanks}. */
  private levelWord(lv: number, level: string, keep: number): number {
    const id = (this.levelWords[lv] = this.words.id(level));
    this.wordRanks.set(id, keep);
    return id;
  }

  /**
   * Takes the newest entry of level rank `low` out of slot `row`'s full timeline (timelines.ts remove:
   * the later ones move up), and sets the slot's lowest level to that of the entries left, marked
   * {@link TL_BY_LEVEL}. At most TIMELINE_MAX entries read, only when an alert outranks the lowest
   * one: a subscriber's entries can rise at most TIMELINE_MAX × 4 times. False when none has that
   * rank (not expected: the rank is kept from the entries).
   */
  private dropLowest(c: Int32Array, row: number, low: number): boolean {
    const tl = this.timelines;
    const n = c[row + W_ENTRIES]!;
    const ranks = this.entryRanks;
    for (let i = 0, b = c[row + W_TL_FIRST]!; i < n; i++) {
      if (Timelines.startsBlock(i)) b = tl.next(b);
      ranks[i] = this.wordRanks.get(tl.read(b, i).words[1]!) ?? 0;
    }
    let victim = n - 1;
    while (victim >= 0 && ranks[victim] !== low) victim--;
    if (victim < 0) return false;
    let rest: number = LEVELS.length;
    for (let i = 0; i < n; i++) if (i !== victim && ranks[i]! < rest) rest = ranks[i]!;
    tl.remove(c[row + W_TL_FIRST]!, n, victim);
    c[row + W_TL_LOW] = TL_BY_LEVEL | rest;
    return true;
  }

  /**
   * `first` / `last`: the least and greatest alert `ts` text. `ev`: the alert's event when `ts` is
   * the text buildAlert made of its time (detect/alert.ts builtTs). isoTimestamp's texts at one
   * precision of 0–9 digits of whole nanoseconds in years 1970–9999 are fixed-width, their digits
   * truncated from the time: a later time never has a smaller text, and a smaller text is an
   * earlier time. So while every text so far was such a text of one precision, (seconds,
   * nanoseconds) are compared instead (an earlier time with the same text puts the same text
   * in place), else the texts (the same result). measured (bench/results-notes.md, "slotshare"):
   * the string comparison flattened every alert's cons `ts`.
   */
  private span(ts: string, ev: CaptureTime | undefined): void {
    let p = -1;
    let sec = 0;
    let ns = 0;
    if (ev !== undefined) {
      const d = ev.tsPrecision;
      sec = ev.tsSec;
      ns = ev.tsNsec;
      if (Number.isInteger(d) && d >= 0 && d <= 9 && Number.isInteger(sec) && sec >= 0 && sec < YEAR_10000 && Number.isInteger(ns) && ns >= 0 && ns < 1e9)
        p = d;
    }
    if (this.first === undefined || this.last === undefined) {
      this.first = this.last = ts;
      this.spanPrecision = p;
      this.firstSec = this.lastSec = sec;
      this.firstNsec = this.lastNsec = ns;
      return;
    }
    if (p >= 0 && p === this.spanPrecision) {
      if (sec < this.firstSec || (sec === this.firstSec && ns < this.firstNsec)) {
        this.first = ts;
        this.firstSec = sec;
        this.firstNsec = ns;
      }
      if (sec > this.lastSec || (sec === this.lastSec && ns > this.lastNsec)) {
        this.last = ts;
        this.lastSec = sec;
        this.lastNsec = ns;
      }
      return;
    }
    this.spanPrecision = -1;
    if (ts < this.first) this.first = ts;
    if (ts > this.last) this.last = ts;
  }

  /**
   * The report data. `copyAlert` (`--anonymize`: the anonymizer's copy) is applied to each kept
   * alert as it is parsed, so the parsed details and their copy are never both held: red-team
   * rt8 FA1, 2,000 alerts of 64 MSISDNs each are 8 MB of JSON and 24 MB parsed, and
   * `scan --anonymize --report` held both (224 MB peak RSS).
   */
  finish(extra: Pick<ReportData, 'sources' | 'profile' | 'decodeStats'> & { detector?: DetectorStats }, copyAlert?: (a: ScanAlert) => ScanAlert): ReportData {
    const t = this.subs;
    const subscribers = Array.from({ length: t.size }, (_, s) => s)
      // Worst level first (rt19 M1a: 6 decoys with 2 medium alerts each pushed a victim with one high alert out), then count, origins.
      .sort((x, y) => t.worst(y) - t.worst(x) || t.alerts(y) - t.alerts(x) || t.originCount(y) - t.originCount(x))
      .slice(0, 10)
      .map((s) => this.targeted(s));
    // Nothing silently lost: what did not fit in the bounded tables shows among the counters.
    const decodeStats = this.overflow.n > 0 ? { ...extra.decodeStats, 'report.overflow': this.overflow.n } : extra.decodeStats;
    const out: ReportData = {
      ...extra,
      decodeStats,
      messages: this.messages,
      byOperation: Object.fromEntries([...this.byOperation].map(([proto, t]) => [proto, t.table.record()])),
      trafficCountries: this.trafficCountries.record(),
      alertsTotal: this.alertsTotal,
      byLevel: this.rules.byLevel(),
      byRule: this.rules.byRule(),
      originCountries: this.originCountries.record(),
      originNetworks: this.originNetworks.record(),
      visitedCountries: this.visitedCountries.record(),
      arcs: this.arcs.list((lv) => this.rules.levelName(lv)),
      subscribers,
      alerts: this.alerts.list().map((j) => {
        const a = JSON.parse(j.toString('utf8')) as ScanAlert;
        return copyAlert === undefined ? a : copyAlert(a);
      }),
      alertTimes: this.alertTimes,
    };
    if (this.alerts.skipped > 0) out.alertsCut = { bytes: ALERT_BYTES, alerts: this.alerts.skipped };
    if (this.first !== undefined) out.first = this.first;
    if (this.last !== undefined) out.last = this.last;
    return out;
  }

  /** Slot `s` as the report shows it (keys in the order the report data always had). */
  private targeted(s: number): TargetedSubscriber {
    const t = this.subs;
    const c = t.chunk(s).i32;
    const w = TargetedTable.word(s);
    const words = this.words;
    const tl = this.timelines;
    const timeline: TimelineEntry[] = [];
    for (let n = 0, b = c[w + W_TL_FIRST]!, entries = c[w + W_ENTRIES]!; n < entries; n++) {
      if (Timelines.startsBlock(n)) b = tl.next(b);
      const r = tl.read(b, n);
      const ws = r.words;
      const ts = ws[8]! < 0 ? words.word(r.nsec)! : isoTimestamp(r.sec, r.nsec, ws[8]!);
      const message = words.word(ws[2]!)!;
      const origin = words.word(ws[3]!)!;
      const e: TimelineEntry = {
        ts,
        rule: words.word(ws[0]!)!,
        level: words.word(ws[1]!) as Level,
        what: `${message} from ${origin}`,
        message,
        frame: r.frame,
        origin,
      };
      const source = words.word(ws[4]!);
      const originCountry = words.word(ws[5]!);
      const visitedCountry = words.word(ws[6]!);
      const visitedNetwork = words.word(ws[7]!);
      if (source !== undefined) e.source = source;
      if (originCountry !== undefined) e.originCountry = originCountry;
      if (visitedCountry !== undefined) e.visitedCountry = visitedCountry;
      if (visitedNetwork !== undefined) e.visitedNetwork = visitedNetwork;
      timeline.push(e);
    }
    const out: TargetedSubscriber = { alerts: t.alerts(s), origins: t.origins(s).map((o) => (o < 0 ? OTHER : words.word(o)!)), timeline };
    if (t.timelineByLevel(s)) out.timelineByLevel = true;
    const imsi = t.imsi[s];
    const msisdn = t.msisdn[s];
    if (imsi !== undefined) out.imsi = imsi;
    if (msisdn !== undefined) out.msisdn = msisdn;
    return out;
  }

  /**
   * The slot of origin `o`: found, made and kept while fewer than `originKeys` are, else made for
   * this alert alone (its label built, its keys looked up in the tables, as for every alert before).
   */
  private origin(o: AlertOrigin): OriginSlot {
    let kind: OriginKind;
    let whole: string | number | undefined;
    if (o.network !== undefined) {
      kind = 0;
      whole = o.network;
    } else if (o.gt !== undefined) {
      kind = 1;
      whole = o.gt;
    } else if (o.realm !== undefined) {
      kind = 2;
      whole = o.realm;
    } else if (o.host !== undefined) {
      kind = 3;
      whole = o.host;
    } else {
      kind = 4;
      whole = o.pc;
    }
    // Keyed by the identifier as the label shows it: the slots keep no identifier longer than that.
    const id = typeof whole === 'string' ? clipId(whole) : whole;
    const byId = this.origins[kind]!;
    const first = byId.get(id);
    const country = o.country;
    if (first !== undefined && first.country === country) return first;
    let slot = first?.others?.get(country);
    if (slot !== undefined) return slot;
    const label = originLabel(kind, id, country);
    const max = this.limits.originKeys;
    slot = {
      label,
      country,
      countryAt: resolve(this.originCountries, country ?? UNKNOWN, this.countrySize, max),
      netAt: resolve(this.originNetworks, label, this.networkSize, max),
      sub: 0,
      netWord: -1,
      countryWord: -1,
      arcTo: [],
      arc: [],
      others: undefined,
    };
    // Not kept while its country is the text OTHER counted under OTHER: that resolve() added OTHER as a
    // key, so the next alert finds it present and counts it without overflow, as bump() per alert did.
    if (this.originCount < max && !(slot.countryAt < 0 && country === OTHER)) {
      if (first === undefined) byId.set(id, slot);
      else (first.others ??= new Map()).set(country, slot);
      this.originCount++;
    }
    return slot;
  }

  /**
   * The slot of visited country `vc`: found (the first {@link SCAN_VISITED} by a walk, then the last
   * one asked for, then the Map), made and kept while fewer than `originKeys` are, else made for
   * this alert alone.
   */
  private visitedSlot(vc: string): VisitedSlot {
    const few = this.firstVisited;
    for (let i = 0; i < few.length; i++) if (few[i]!.country === vc) return few[i]!;
    let v = this.lastVisited;
    if (v !== undefined && v.country === vc) return v;
    v = this.visited.size > few.length ? this.visited.get(vc) : undefined;
    if (v === undefined) {
      const max = this.limits.originKeys;
      v = { country: vc, at: resolve(this.visitedCountries, vc, this.countrySize, max), word: -1, network: undefined, networkWord: -1 };
      // The text OTHER counted under OTHER is not kept (nor memoised): see origin().
      if (v.at < 0 && vc === OTHER) return v;
      if (this.visited.size < max) {
        this.visited.set(vc, v);
        if (this.firstVisited.length < SCAN_VISITED) this.firstVisited.push(v);
      }
    }
    this.lastVisited = v;
    return v;
  }

  /**
   * The arc from origin `o`'s country to `v`'s (a new one at level id `lv`), through `o`'s memo;
   * {@link NO_ARC}: past the arc bound; {@link SAME_COUNTRY}: the two countries are one (no arc).
   * The memo keeps the comparison of the two texts too (a string comparison per alert: the texts
   * are not the same objects; bench/results-notes.md "row15").
   */
  private arcOf(o: OriginSlot, v: VisitedSlot, lv: number): number {
    const to = o.arcTo;
    for (let i = 0; i < to.length; i++) if (to[i] === v) return o.arc[i]!;
    const arc = v.country === o.country ? SAME_COUNTRY : this.arcs.at(o.country!, v.country, lv, this.limits.originKeys);
    if (to.length < ARC_MEMO) {
      to.push(v);
      o.arc.push(arc);
    }
    return arc;
  }

  /** The {@link trafficCountries} slot of the sender's country (added when new), −1 without a sender. */
  private senderSlot(rec: MessageRecord): number {
    const diameter = rec.protocol === 'diameter';
    const key = diameter ? rec.originRealm : rec.sccp.calling.gt;
    if (key === undefined) return -1;
    const slots = diameter ? this.realmSlots : this.gtSlots;
    let at = slots.get(key);
    if (at === undefined) {
      const info = diameter ? this.attributor.realm(key) : this.attributor.gt(key);
      at = this.trafficCountries.slot(info.country ?? UNKNOWN);
      // Full: the first SENDER_KEYS senders stay (review 18-B F1: emptying it when full made > 4,096 rotating GTs
      // dearer than no cache, a miss plus an insert per message); a later sender is looked up each time, as before.
      if (key.length <= SENDER_KEY_CHARS && slots.size < SENDER_KEYS) slots.set(key, at);
    }
    return at;
  }
}

/**
 * The strings of the collected timelines (rule ids, levels, message names, origin labels,
 * sources, countries, networks, and the `ts` text of alerts without their event) as small
 * integers; 0 stands for undefined. Bounded by what it serves: at most `subscribers` ×
 * (TIMELINE_WRITES timeline entries of 8 strings + `originsPerSubscriber` origin labels); the
 * origin labels among them are those the origin table counts (`originKeys`, then OTHER), each of
 * at most {@link LABEL_ID_CHARS} characters of identifier.
 */
class Words {
  private readonly ids = new Map<string, number>();
  private readonly words: (string | undefined)[] = [undefined];

  id(w: string | undefined): number {
    if (w === undefined) return 0;
    let i = this.ids.get(w);
    if (i === undefined) {
      i = this.words.length;
      this.words.push(w);
      this.ids.set(w, i);
    }
    return i;
  }

  /**
   * {@link id}, remembering the last word asked for at field `k` (0–7 of a timeline entry): the
   * source, level, countries and networks of consecutive alerts are mostly the same texts.
   * measured (bench/results-notes.md "writer9"): the eight Map lookups per alert were ~1,000
   * instructions. Ids never change, so a remembered one stays right.
   */
  idAt(k: number, w: string | undefined): number {
    if (w === this.lastWord[k]) return this.lastId[k]!;
    const i = this.id(w);
    this.lastWord[k] = w;
    this.lastId[k] = i;
    return i;
  }
  private readonly lastWord: (string | undefined)[] = [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined];
  private readonly lastId = new Int32Array(8);

  word(i: number): string | undefined {
    return this.words[i];
  }
}

/** `sendRoutingInfo invoke`, `ULR`, `tcap begin` ... */
function operationLabel(r: MessageRecord): string {
  if (r.protocol === 'diameter') return r.cmdAbbrev ?? `${r.cmdName ?? `cmd ${r.cmd}`} ${r.request ? 'request' : 'answer'}`;
  if (!r.hasComponent) return `(no component) ${r.tcapType}`;
  const op = r.op ?? (r.opcode === undefined ? '(unknown op)' : `opcode ${r.opcode}`);
  return `${op} ${r.componentType}`;
}

/** Decode counters that mean something was not analysed or was lost. */
const LOSS = new RegExp(
  [
    'dropped|evicted|expired|incomplete|orphan|ignored|unknown|not-|gap|malformed|truncated|limit|skipped',
    'unmatched|other-proto|out-of-sequence|restart|bad|overlap|duplicate|tsn-reuse|retransmission|overflow',
  ].join('|'),
);

/**
 * Counters that match {@link LOSS} by name but count routine housekeeping: a TCP flow idle past
 * tcpFlowAgeSec that held nothing (transport/tcp-flows.ts; one that lost bytes also raises the
 * `tcp.flow-evicted` anomaly, which is listed with the anomalies).
 */
const NOT_LOSS = new Set(['tcp.flows-expired']);

export function lossCounters(stats: Record<string, number>): [string, number][] {
  return Object.entries(stats).filter(([k, v]) => v !== 0 && !k.startsWith('anomaly.') && !k.startsWith(ALT) && !NOT_LOSS.has(k) && LOSS.test(k));
}

/** Counters of the AMBIGUOUS vote's alternative home's detector (api/scanner.ts altStats): listed apart, not as losses. */
const ALT = 'alt.';

/** The alternative home's detector's counters (see {@link ALT}), without the prefix. */
export function altCounters(stats: Record<string, number>): [string, number][] {
  return Object.entries(stats)
    .filter(([k, v]) => v !== 0 && k.startsWith(ALT))
    .map(([k, v]) => [k.slice(ALT.length), v]);
}

export function anomalyCounters(stats: Record<string, number>): [string, number][] {
  return Object.entries(stats)
    .filter(([k, v]) => v !== 0 && k.startsWith('anomaly.'))
    .map(([k, v]) => [k.slice('anomaly.'.length), v]);
}

/** Entries sorted by count, descending. */
export function top(rec: Record<string, number>, n: number): [string, number][] {
  return Object.entries(rec)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n);
}

/** Capture time in ms as Date.parse(ts) gives it, from the event's integer time (Date.parse costs ~150 ns). */
function captureMs(ev: CaptureTime, ts: string): number {
  const sec = ev.tsSec;
  const ns = ev.tsNsec;
  // isoTimestamp writes ≥ 3 fraction digits of an in-range time: Date.parse keeps the milliseconds.
  if (ev.tsPrecision >= 3 && Number.isInteger(sec) && Math.abs(sec) <= 8_640_000_000 && Number.isInteger(ns) && ns >= 0 && ns < 1e9)
    return sec * 1000 + Math.trunc(ns / 1e6);
  return Date.parse(ts);
}

/** {@link evidenceMessage} from the event itself (the alert's evidence is not built for it). */
function eventMessage(ev: SignallingEvent): string {
  if (ev.protocol === 'diameter') return ev.diameter.cmdAbbrev ?? `Diameter cmd ${ev.diameter.cmd}`;
  const c = ev.component;
  return c?.op ?? (c?.opcode !== undefined ? `opcode ${c.opcode}` : 'TCAP message');
}

/** {@link eventMessage} from the decoder's record of the message (its fields are the event's: events/record.ts). */
function recordMessage(r: MessageRecord): string {
  if (r.protocol === 'diameter') return r.cmdAbbrev ?? `Diameter cmd ${r.cmd}`;
  if (!r.hasComponent) return 'TCAP message';
  return r.op ?? (r.opcode !== undefined ? `opcode ${r.opcode}` : 'TCAP message');
}

/** The message name of an alert's evidence: MAP operation or Diameter command abbreviation. */
function evidenceMessage(a: ScanAlert): string {
  const ev = a.evidence as { component?: { op?: string; opcode?: number }; diameter?: { cmdAbbrev?: string; cmd?: number } };
  if (ev.diameter !== undefined) return ev.diameter.cmdAbbrev ?? `Diameter cmd ${ev.diameter.cmd}`;
  return ev.component?.op ?? (ev.component?.opcode !== undefined ? `opcode ${ev.component.opcode}` : 'TCAP message');
}
