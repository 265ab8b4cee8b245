/**
 * Collects what the summary and the HTML report show: messages by protocol and operation,
 * alerts by rule and level, origin countries and networks, the most targeted subscribers with
 * their timelines, and the decode counters. Bounded: at most `maxAlerts` alerts are kept whole for
 * the alert details (all are counted, and up to ALERT_TIMES_MAX are placed on the time histogram).
 */
import { createAttributor } from '../attribution/attributor.js';
import type { Attributor } from '../attribution/types.js';
import type { SourceStats } from '../core/stats.js';
import type { ScanAlert } from '../detect/alert.js';
import type { InferredHome } from '../detect/infer-home.js';
import type { DetectorStats } from '../detect/engine.js';
import { LEVELS, type Level } from '../detect/rule-schema.js';
import type { SignallingEvent } from '../events/types.js';
import { AlertTimes } from './alert-times.js';

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
  private readonly originNetworks: Record<string, number> = {};
  private readonly subs = new Map<string, TargetedSubscriber & { originSet: Set<string> }>();
  /** The kept alerts as JSON: ~1.4 kB each instead of a ~4 kB object graph (alert + evidence event). */
  private readonly alerts: string[] = [];
  private readonly alertTimes = new AlertTimes();
  private alertsTotal = 0;
  private first: string | undefined;
  private last: string | undefined;
  private readonly countrySize = { n: 0 };
  private readonly networkSize = { n: 0 };
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
    bump(ops, operationLabel(ev), this.operationSize, this.limits.originKeys, this.overflow);
    const country = this.senderCountry(ev);
    if (country !== undefined) this.trafficCountries[country] = (this.trafficCountries[country] ?? 0) + 1;
  }

  alert(a: ScanAlert): void {
    this.alertsTotal++;
    this.byLevel[a.level]++;
    const r = (this.byRule[a.rule] ??= { title: a.title, count: 0, byLevel: {} });
    r.count++;
    r.byLevel[a.level] = (r.byLevel[a.level] ?? 0) + 1;
    const c = a.origin.country ?? '??';
    bump(this.originCountries, c, this.countrySize, this.limits.originKeys, this.overflow);
    const n = a.origin.network ?? a.origin.realm ?? a.origin.gt ?? 'unattributed';
    const net = `${n}${a.origin.country !== undefined && n !== a.origin.country ? ` (${a.origin.country})` : ''}`;
    bump(this.originNetworks, net, this.networkSize, this.limits.originKeys, this.overflow);
    if (this.first === undefined || a.ts < this.first) this.first = a.ts;
    if (this.last === undefined || a.ts > this.last) this.last = a.ts;
    if (this.alerts.length < this.maxAlerts) this.alerts.push(JSON.stringify(a));
    this.alertTimes.add(Date.parse(a.ts), LEVELS.indexOf(a.level));
    const key = a.subscriber.imsi ?? a.subscriber.msisdn;
    if (key === undefined) return;
    let s = this.subs.get(key);
    if (s === undefined) {
      if (this.subs.size >= this.limits.subscribers) {
        this.overflow.n++;
        return;
      }
      s = { alerts: 0, origins: [], timeline: [], originSet: new Set() };
      if (a.subscriber.imsi !== undefined) s.imsi = a.subscriber.imsi;
      this.subs.set(key, s);
    }
    if (s.msisdn === undefined && a.subscriber.msisdn !== undefined) s.msisdn = a.subscriber.msisdn;
    s.alerts++;
    if (s.originSet.size < this.limits.originsPerSubscriber) s.originSet.add(net);
    if (s.timeline.length < TIMELINE_MAX) {
      const msg = evidenceMessage(a);
      const e: TimelineEntry = { ts: a.ts, rule: a.rule, level: a.level, what: `${msg} from ${net}`, frame: a.frame };
      if (a.source !== undefined) e.source = a.source;
      s.timeline.push(e);
    }
  }

  finish(extra: Pick<ReportData, 'sources' | 'profile' | 'decodeStats'> & { detector?: DetectorStats }): ReportData {
    const subscribers = [...this.subs.values()]
      .sort((x, y) => y.alerts - x.alerts || y.originSet.size - x.originSet.size)
      .slice(0, 10)
      .map(({ originSet, ...s }) => ({ ...s, origins: [...originSet] }));
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
      originNetworks: this.originNetworks,
      subscribers,
      alerts: this.alerts.map((j) => JSON.parse(j) as ScanAlert),
      alertTimes: { times: this.alertTimes.times, levels: this.alertTimes.levels, dropped: this.alertTimes.dropped },
    };
    if (this.first !== undefined) out.first = this.first;
    if (this.last !== undefined) out.last = this.last;
    return out;
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

/** The message name of an alert's evidence: MAP operation or Diameter command abbreviation. */
function evidenceMessage(a: ScanAlert): string {
  const ev = a.evidence as { component?: { op?: string; opcode?: number }; diameter?: { cmdAbbrev?: string; cmd?: number } };
  if (ev.diameter !== undefined) return ev.diameter.cmdAbbrev ?? `Diameter cmd ${ev.diameter.cmd}`;
  return ev.component?.op ?? (ev.component?.opcode !== undefined ? `opcode ${ev.component.opcode}` : 'TCAP message');
}
