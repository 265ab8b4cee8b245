/**
 * Collects what the summary and the HTML report show: messages by protocol and operation,
 * alerts by rule and level, origin countries and networks, the most targeted subscribers with
 * their timelines, and the decode counters. Bounded: at most `maxAlerts` alerts are kept whole for
 * the alert details (all are counted, and up to ALERT_TIMES_MAX are placed on the time histogram).
 */
import { createAttributor } from '../attribution/attributor.js';
import type { Attributor } from '../attribution/types.js';
import type { InferredHome } from '../detect/infer-home.js';
import type { ScanAlert } from '../api/scan-options.js';
import type { SourceStats } from '../api/scanner.js';
import type { DetectorStats } from '../detect/engine.js';
import { LEVELS, type Level } from '../detect/rule-schema.js';
import type { SignallingEvent } from '../events/types.js';
import { alertEvent } from '../detect/alert.js';
import { isoTimestamp } from '../core/time.js';
import { AlertTimes } from './alert-times.js';
import { alertJson } from './alert-json.js';

export interface TimelineEntry {
  ts: string;
  rule: string;
  level: Level;
  /** e.g. `SRI from DE (491720000000)`. */
  what: string;
  source?: string;
  frame: number;
}

export interface TargetedSubscriber {
  imsi?: string;
  msisdn?: string;
  alerts: number;
  /** Distinct origin countries / networks of its alerts. */
  origins: string[];
  timeline: TimelineEntry[];
}

export interface ReportData {
  sources: readonly (SourceStats & { error?: string })[];
  profile: { name: string; inferred?: InferredHome; file?: string };
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
  subscribers: TargetedSubscriber[];
  /** Alerts kept whole (first `maxAlerts`, {@link ALERT_DETAILS} by default). */
  alerts: ScanAlert[];
  /** Capture time (ms) and level index (into LEVELS) of up to a million alerts, for the histogram. */
  alertTimes: { times: Float64Array; levels: Uint8Array; dropped: number };
  decodeStats: Record<string, number>;
  detector?: DetectorStats;
  first?: string;
  last?: string;
}

const TIMELINE_MAX = 12;

/** A timeline entry as collected: its text (`what`) is written in finish() for the subscribers shown. */
interface CollectedEntry extends Omit<TimelineEntry, 'what' | 'ts' | 'source'> {
  source: string | undefined;
  /**
   * The alert's `ts` when it has no event behind it; otherwise undefined and the text is written
   * again from the event's time in finish() (a 27-character string per entry was ~17 MB of the
   * 63 MB the collector held after a 24,000-subscriber flood).
   */
  ts: string | undefined;
  sec: number;
  ns: number;
  digits: number;
  msg: string;
  /** Origin network number, or its text past the bound (ReportCollector.originId). */
  net: number | string;
}

interface CollectedSubscriber extends Omit<TargetedSubscriber, 'origins' | 'timeline'> {
  timeline: CollectedEntry[];
  originSet: Set<number | string>;
}
/**
 * Alerts kept whole for the report's details (the HTML shows them, the summary the first 5).
 * Each holds its evidence event (~4 kB): 20,000 of them were ~80 MB of the CLI's RSS on a 2 GB scan.
 */
export const ALERT_DETAILS = 2000;
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
const OTHER = '(other)';

function bump(table: Record<string, number>, key: string, size: { n: number }, max: number, overflow: { n: number }): void {
  if (table[key] === undefined) {
    if (size.n >= max) {
      overflow.n++;
      key = OTHER;
    } else size.n++;
  }
  table[key] = (table[key] ?? 0) + 1;
}

export class ReportCollector {
  private readonly attributor: Attributor = createAttributor({ cacheSize: 4096 });
  private readonly maxAlerts: number;
  private messages = 0;
  private readonly byOperation: Record<string, Record<string, number>> = {};
  private readonly trafficCountries: Record<string, number> = {};
  private readonly byLevel = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
  private readonly byRule: ReportData['byRule'] = {};
  private readonly originCountries: Record<string, number> = {};
  /**
   * Origin networks as (name, country) pairs numbered on first sight, counted per number: the
   * report's `name (country)` text is built once per pair in finish(), not once per alert.
   */
  private readonly originIds = new Map<string, Map<string, number>>();
  private readonly originName: string[] = [];
  private readonly originCountry: string[] = [];
  private readonly originCount: number[] = [];
  private originOther = 0;
  private readonly subs = new Map<string, CollectedSubscriber>();
  private readonly labels = new Map<string, Map<string, string>>();
  /** The kept alerts as JSON: ~1.4 kB each instead of a ~4 kB object graph (alert + evidence event). */
  private readonly alerts: string[] = [];
  private readonly alertTimes = new AlertTimes();
  private alertsTotal = 0;
  private first: string | undefined;
  private last: string | undefined;
  private readonly countrySize = { n: 0 };
  private readonly operationSize = { n: 0 };
  /** Alerts whose subscriber or origin did not fit in the bounded tables (REPORT_LIMITS). */
  readonly overflow = { n: 0 };

  private readonly limits: Readonly<ReportLimits>;

  constructor(maxAlerts = ALERT_DETAILS, limits: Readonly<ReportLimits> = REPORT_LIMITS) {
    this.maxAlerts = maxAlerts;
    this.limits = limits;
  }

  event(ev: SignallingEvent): void {
    this.messages++;
    const proto = ev.protocol;
    const ops = (this.byOperation[proto] ??= {});
    // Operation labels are bounded too: unknown Diameter command codes span 2^24 values.
    bump(ops, this.label(ev), this.operationSize, this.limits.originKeys, this.overflow);
    const country = this.senderCountry(ev);
    if (country !== undefined) this.trafficCountries[country] = (this.trafficCountries[country] ?? 0) + 1;
  }

  /**
   * Counts one alert. Nothing here builds a string per alert (issue 19: the collector was 9 % of
   * an alert flood's CPU profile): origin networks are numbered pairs, timeline entries keep
   * their parts until finish() writes the ten shown, and the capture time comes from the event.
   */
  alert(a: ScanAlert): void {
    this.alertsTotal++;
    this.byLevel[a.level]++;
    const r = (this.byRule[a.rule] ??= { title: a.title, count: 0, byLevel: {} });
    r.count++;
    r.byLevel[a.level] = (r.byLevel[a.level] ?? 0) + 1;
    const o = a.origin;
    bump(this.originCountries, o.country ?? '??', this.countrySize, this.limits.originKeys, this.overflow);
    const net = this.originId(o.network ?? o.realm ?? o.gt ?? 'unattributed', o.country);
    if (this.first === undefined || a.ts < this.first) this.first = a.ts;
    if (this.last === undefined || a.ts > this.last) this.last = a.ts;
    if (this.alerts.length < this.maxAlerts) this.alerts.push(alertJson(a));
    const ev = alertEvent(a);
    this.alertTimes.add(ev === undefined ? Date.parse(a.ts) : captureMs(ev, a.ts), LEVELS.indexOf(a.level));
    const key = a.subscriber.imsi ?? a.subscriber.msisdn;
    if (key === undefined) return;
    let s = this.subs.get(key);
    if (s === undefined) {
      if (this.subs.size >= this.limits.subscribers) {
        this.overflow.n++;
        return;
      }
      s = { alerts: 0, timeline: [], originSet: new Set() };
      if (a.subscriber.imsi !== undefined) s.imsi = a.subscriber.imsi;
      this.subs.set(key, s);
    }
    if (s.msisdn === undefined && a.subscriber.msisdn !== undefined) s.msisdn = a.subscriber.msisdn;
    s.alerts++;
    if (s.originSet.size < this.limits.originsPerSubscriber) s.originSet.add(net);
    if (s.timeline.length < TIMELINE_MAX) {
      const e: CollectedEntry =
        ev === undefined
          ? { ts: a.ts, sec: 0, ns: 0, digits: 0, rule: a.rule, level: a.level, msg: evidenceMessage(a), net, frame: a.frame, source: a.source }
          : { ts: undefined, sec: ev.tsSec, ns: ev.tsNsec, digits: ev.tsPrecision, rule: a.rule, level: a.level, msg: eventMessage(ev), net, frame: a.frame, source: a.source };
      s.timeline.push(e);
    }
  }

  /**
   * The number of an origin network (name, country). Past the bound the pair is counted under
   * OTHER and its text is returned instead (subscribers' origins and timelines still name it).
   */
  private originId(name: string, country: string | undefined): number | string {
    // `name (country)`, or `name` alone when the country is unknown or is the name.
    const c = country === undefined || country === name ? '' : country;
    let byCountry = this.originIds.get(name);
    const id = byCountry?.get(c);
    if (id !== undefined) {
      this.originCount[id]!++;
      return id;
    }
    if (this.originName.length >= this.limits.originKeys) {
      this.overflow.n++;
      this.originOther++;
      return c === '' ? name : `${name} (${c})`;
    }
    if (byCountry === undefined) this.originIds.set(name, (byCountry = new Map()));
    const n = this.originName.length;
    byCountry.set(c, n);
    this.originName.push(name);
    this.originCountry.push(c);
    this.originCount.push(1);
    return n;
  }

  private originText(id: number | string): string {
    if (typeof id === 'string') return id;
    const c = this.originCountry[id]!;
    return c === '' ? this.originName[id]! : `${this.originName[id]!} (${c})`;
  }

  finish(extra: Pick<ReportData, 'sources' | 'profile' | 'decodeStats'> & { detector?: DetectorStats }): ReportData {
    const subscribers: TargetedSubscriber[] = [...this.subs.values()]
      .sort((x, y) => y.alerts - x.alerts || y.originSet.size - x.originSet.size)
      .slice(0, 10)
      .map(({ originSet, timeline, ...s }) => ({
        ...s,
        origins: [...new Set([...originSet].map((id) => this.originText(id)))],
        timeline: timeline.map((e) => {
          const t: TimelineEntry = { ts: e.ts ?? isoTimestamp(e.sec, e.ns, e.digits), rule: e.rule, level: e.level, what: `${e.msg} from ${this.originText(e.net)}`, frame: e.frame };
          if (e.source !== undefined) t.source = e.source;
          return t;
        }),
      }));
    const originNetworks: Record<string, number> = {};
    for (let id = 0; id < this.originName.length; id++) {
      const k = this.originText(id);
      originNetworks[k] = (originNetworks[k] ?? 0) + this.originCount[id]!;
    }
    if (this.originOther > 0) originNetworks[OTHER] = (originNetworks[OTHER] ?? 0) + this.originOther;
    // Nothing silently lost: what did not fit in the bounded tables shows among the counters.
    const decodeStats = this.overflow.n > 0 ? { ...extra.decodeStats, 'report.overflow': this.overflow.n } : extra.decodeStats;
    const out: ReportData = {
      ...extra,
      decodeStats,
      messages: this.messages,
      byOperation: this.byOperation,
      trafficCountries: this.trafficCountries,
      alertsTotal: this.alertsTotal,
      byLevel: this.byLevel,
      byRule: this.byRule,
      originCountries: this.originCountries,
      originNetworks,
      subscribers,
      alerts: this.alerts.map((j) => JSON.parse(j) as ScanAlert),
      alertTimes: { times: this.alertTimes.times, levels: this.alertTimes.levels, dropped: this.alertTimes.dropped },
    };
    if (this.first !== undefined) out.first = this.first;
    if (this.last !== undefined) out.last = this.last;
    return out;
  }

  /**
   * {@link operationLabel}, with the `op type` text of named MAP operations kept per (op, type):
   * it was built for every message. Bounded: op names come from the MAP operation table.
   */
  private label(ev: SignallingEvent): string {
    const c = ev.protocol === 'diameter' ? undefined : ev.component;
    if (c?.op === undefined) return operationLabel(ev);
    let byType = this.labels.get(c.op);
    if (byType === undefined) this.labels.set(c.op, (byType = new Map()));
    let l = byType.get(c.type);
    if (l === undefined) byType.set(c.type, (l = operationLabel(ev)));
    return l;
  }

  private senderCountry(ev: SignallingEvent): string | undefined {
    if (ev.protocol === 'diameter') {
      const r = ev.diameter.originRealm;
      return r === undefined ? undefined : (this.attributor.realm(r).country ?? '??');
    }
    const gt = ev.sccp.calling.gt;
    return gt === undefined ? undefined : (this.attributor.gt(gt).country ?? '??');
  }
}

/** `sendRoutingInfo invoke`, `ULR`, `tcap begin` ... */
function operationLabel(ev: SignallingEvent): string {
  if (ev.protocol === 'diameter') {
    const d = ev.diameter;
    return d.cmdAbbrev ?? `${d.cmdName ?? `cmd ${d.cmd}`} ${d.request ? 'request' : 'answer'}`;
  }
  const c = ev.component;
  if (c === undefined) return `(no component) ${ev.tcap.type}`;
  const op = c.op ?? (c.opcode === undefined ? '(unknown op)' : `opcode ${c.opcode}`);
  return `${op} ${c.type}`;
}

/** Decode counters that mean something was not analysed or was lost. */
const LOSS = new RegExp(
  [
    'dropped|evicted|expired|incomplete|orphan|ignored|unknown|not-|gap|malformed|truncated|limit|skipped',
    'unmatched|other-proto|out-of-sequence|restart|bad|overlap|duplicate|tsn-reuse|retransmission|overflow',
  ].join('|'),
);

export function lossCounters(stats: Record<string, number>): [string, number][] {
  return Object.entries(stats).filter(([k, v]) => v !== 0 && !k.startsWith('anomaly.') && LOSS.test(k));
}

export function anomalyCounters(stats: Record<string, number>): [string, number][] {
  return Object.entries(stats).filter(([k, v]) => v !== 0 && k.startsWith('anomaly.')).map(([k, v]) => [k.slice('anomaly.'.length), v]);
}

/** Entries sorted by count, descending. */
export function top(rec: Record<string, number>, n: number): [string, number][] {
  return Object.entries(rec).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n);
}

/** Capture time in ms as Date.parse(ts) gives it, from the event's integer time (Date.parse costs ~150 ns). */
function captureMs(ev: SignallingEvent, ts: string): number {
  const sec = ev.tsSec;
  const ns = ev.tsNsec;
  // isoTimestamp writes ≥ 3 fraction digits of an in-range time: Date.parse keeps the milliseconds.
  if (ev.tsPrecision >= 3 && Number.isInteger(sec) && Math.abs(sec) <= 8_640_000_000 && Number.isInteger(ns) && ns >= 0 && ns < 1e9) return sec * 1000 + Math.trunc(ns / 1e6);
  return Date.parse(ts);
}

/** {@link evidenceMessage} from the event itself. */
function eventMessage(ev: SignallingEvent): string {
  if (ev.protocol === 'diameter') return ev.diameter.cmdAbbrev ?? `Diameter cmd ${ev.diameter.cmd}`;
  const c = ev.component;
  return c?.op ?? (c?.opcode !== undefined ? `opcode ${c.opcode}` : 'TCAP message');
}

/** The message name of an alert's evidence: MAP operation or Diameter command abbreviation. */
function evidenceMessage(a: ScanAlert): string {
  const rec = alertEvent(a);
  if (rec !== undefined) return eventMessage(rec);
  const ev = a.evidence as { component?: { op?: string; opcode?: number }; diameter?: { cmdAbbrev?: string; cmd?: number } };
  if (ev.diameter !== undefined) return ev.diameter.cmdAbbrev ?? `Diameter cmd ${ev.diameter.cmd}`;
  return ev.component?.op ?? (ev.component?.opcode !== undefined ? `opcode ${ev.component.opcode}` : 'TCAP message');
}
