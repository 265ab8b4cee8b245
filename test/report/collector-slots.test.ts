import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScanAlert } from '../../src/api/scan-options.js';
import { ReportCollector, type TargetedSubscriber, type TimelineEntry } from '../../src/report/collector.js';
import { countryLabel } from '../../src/report/words.js';

/**
 * The collector keeps subscribers as typed-array slots (report/targeted.ts: origins in a pooled
 * block chain) and timeline entries as tuples of word ids (report/timelines.ts, interned by a
 * hash). Checked against a plain model of what the report shows: enough subscribers to span
 * slot chunks (4,096), origins to span pool blocks (8) and hit the per-subscriber cap, and
 * distinct tuples to make the tuple index rehash several times.
 */
const COUNTRIES = ['CN', 'BS', 'RU', 'DE', undefined] as const;
const OPS = ['sendRoutingInfo', 'anyTimeInterrogation', 'provideSubscriberLocation'];

function alertOf(i: number, sub: number, k: number): ScanAlert {
  // Per subscriber a cycle of 17 or 29 origins: repeats read across pool blocks, 29 reaches the cap (20).
  const o = k % (sub % 2 === 0 ? 17 : 29);
  const gt = `8613800${(sub + o * 31) % 997}`;
  const country = COUNTRIES[o % COUNTRIES.length];
  const a: ScanAlert = {
    frame: i + 1,
    index: 0,
    ts: `2025-03-08T08:${String(k % 60).padStart(2, '0')}:43.008668Z`,
    rule: `rule-${i % 3}`,
    rev: 1,
    title: 'Location request',
    level: (['low', 'medium', 'high'] as const)[(i >> 2) % 3]!,
    tags: [],
    subscriber: sub % 5 === 0 ? { msisdn: String(120255500000 + sub) } : { imsi: String(310410100000000 + sub), msisdn: String(120255500000 + sub) },
    origin: country === undefined ? { gt } : { gt, country },
    explanation: 'x',
    // No event behind the alert: the collector keeps `ts` as a word and reads the message from the evidence.
    evidence: { component: { op: OPS[i % OPS.length] } },
  };
  if (i % 4 !== 0) a.visited = { country: COUNTRIES[i % 4]!, network: `net-${i % 11}` } as NonNullable<ScanAlert['visited']>;
  if (i % 6 === 0) a.source = `capture-${i % 2}.pcap`;
  return a;
}

describe('ReportCollector slots and interned timelines', () => {
  it('reports the same subscribers, origins and timelines as a plain model', () => {
    const limits = { subscribers: 5000, originKeys: 100_000, originsPerSubscriber: 20 };
    const c = new ReportCollector(10, limits);
    const model = new Map<string, TargetedSubscriber & { originCount: number; worst: number }>();
    const LEVEL_RANK = ['info', 'low', 'medium', 'high', 'critical'];
    let i = 0;
    // 4,600 subscribers with 1-3 alerts, then heavy hitters with many alerts from many origins.
    const plan: [number, number][] = [];
    for (let s = 0; s < 4600; s++) plan.push([s, 1 + (s % 3)]);
    for (let s = 0; s < 30; s++) plan.push([s * 97, 10 + ((s * 7) % 40)]);
    for (const [sub, n] of plan) {
      for (let k = 0; k < n; k++, i++) {
        const a = alertOf(i, sub, k);
        c.alert(a);
        const key = a.subscriber.imsi ?? a.subscriber.msisdn!;
        let m = model.get(key);
        if (m === undefined) {
          m = { alerts: 0, origins: [], timeline: [], originCount: 0, worst: -1 };
          if (a.subscriber.imsi !== undefined) m.imsi = a.subscriber.imsi;
          model.set(key, m);
        }
        if (m.msisdn === undefined && a.subscriber.msisdn !== undefined) m.msisdn = a.subscriber.msisdn;
        m.alerts++;
        const rank = LEVEL_RANK.indexOf(a.level);
        m.worst = Math.max(m.worst, rank);
        const origin = `GT ${a.origin.gt} · ${countryLabel(a.origin.country)}`;
        if (m.origins.length < limits.originsPerSubscriber && !m.origins.includes(origin)) m.origins.push(origin);
        // Full (12): an alert above the lowest level present takes the place of the newest entry of that level (rt19 M1b).
        const ranks = m.timeline.map((e) => LEVEL_RANK.indexOf(e.level));
        const low = Math.min(...ranks);
        if (m.timeline.length < 12 || rank > low) {
          if (m.timeline.length >= 12) {
            m.timeline.splice(ranks.lastIndexOf(low), 1);
            m.timelineByLevel = true;
          }
          const message = (a.evidence as { component: { op: string } }).component.op;
          const e: TimelineEntry = { ts: a.ts, rule: a.rule, level: a.level, what: `${message} from ${origin}`, message, frame: a.frame, origin };
          if (a.source !== undefined) e.source = a.source;
          if (a.origin.country !== undefined) e.originCountry = a.origin.country;
          if (a.visited?.country !== undefined) e.visitedCountry = a.visited.country;
          if (a.visited?.network !== undefined) e.visitedNetwork = a.visited.network;
          m.timeline.push(e);
        }
      }
    }
    const r = c.finish({ sources: [], profile: { inferred: false } as never, decodeStats: {} });
    const want = [...model.values()]
      .sort((x, y) => y.worst - x.worst || y.alerts - x.alerts || y.origins.length - x.origins.length)
      .slice(0, 10)
      .map(({ originCount: _, worst: _w, ...s }) => {
        const out: TargetedSubscriber = { alerts: s.alerts, origins: s.origins, timeline: s.timeline };
        if (s.timelineByLevel) out.timelineByLevel = true;
        if (s.imsi !== undefined) out.imsi = s.imsi;
        if (s.msisdn !== undefined) out.msisdn = s.msisdn;
        return out;
      });
    expect(model.size).toBe(4600);
    expect(want.some((s) => s.origins.length === 20)).toBe(true);
    expect(want.some((s) => s.origins.length === 17)).toBe(true);
    expect(want.some((s) => s.timelineByLevel === true)).toBe(true);
    expect(r.subscribers).toEqual(want);
    // Key order of the report data (the JSON embedded in the HTML report depends on it).
    expect(JSON.stringify(r.subscribers)).toBe(JSON.stringify(want));
    expect(r.decodeStats['report.overflow']).toBeUndefined();
  });

  it('keeps subscribers whose alerts tie in first-seen order', () => {
    const c = new ReportCollector();
    for (let s = 0; s < 30; s++) c.alert({ ...alertOf(s, 29 - s, 0), level: 'high' });
    const r = c.finish({ sources: [], profile: { inferred: false } as never, decodeStats: {} });
    expect(r.subscribers.map((s) => s.msisdn)).toEqual(Array.from({ length: 10 }, (_, k) => String(120255500000 + 29 - k)));
  });
});

describe('ReportCollector without the histogram (the CLI without --report)', () => {
  it('keeps no alert times and only the alerts asked for, with every count and table the same', () => {
    const full = new ReportCollector();
    const lean = new ReportCollector(5, undefined, { histogram: false });
    for (let i = 0; i < 40; i++) {
      const a = alertOf(i, i % 7, i);
      full.alert(a);
      lean.alert(a);
    }
    const x = { sources: [], profile: { inferred: false } as never, decodeStats: {} };
    const f = full.finish(x);
    const l = lean.finish(x);
    expect(f.alertTimes.length).toBe(40);
    expect(l.alertTimes.length).toBe(0);
    expect(l.alertTimes.dropped).toBe(0);
    expect(l.alerts).toEqual(f.alerts.slice(0, 5));
    const { alertTimes: _a, alerts: _b, ...fRest } = f;
    const { alertTimes: _c, alerts: _d, ...lRest } = l;
    expect(lRest).toEqual(fRest);
  });
});

describe('ReportCollector store-slot hints (detect/engine.ts alertSubscriberSlot)', () => {
  it('a hint never files an alert under another subscriber, whatever slot it gives', () => {
    // IMSIs that are digit keys, one that is not, an MSISDN-only subscriber whose number is
    // another's IMSI text (the collector keys both by text), hints drawn freely: one hint names
    // several subscribers in turn, as a store slot does after an eviction (or another detector's).
    const SUBS: ScanAlert['subscriber'][] = [
      { imsi: '310410123456789', msisdn: '12025550100' },
      { imsi: '310410123456780' },
      { imsi: '0310410123456789' },
      { imsi: '31041012345678a' },
      { msisdn: '310410123456780' },
      { msisdn: '12025550100' },
      { imsi: '12025550100' },
      {},
    ];
    const step = fc.record({ sub: fc.nat(SUBS.length - 1), hint: fc.integer({ min: -1, max: 5 }), k: fc.nat(40) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), fc.constantFrom(3, 100), (steps, subscribers) => {
        const limits = { subscribers, originKeys: 100, originsPerSubscriber: 4 };
        const hinted = new ReportCollector(10, limits);
        const plain = new ReportCollector(10, limits);
        steps.forEach((x, i) => {
          const a = { ...alertOf(i, x.sub, x.k), subscriber: { ...SUBS[x.sub]! } };
          hinted.alert(a, x.hint);
          plain.alert(a);
        });
        const extra = { sources: [], profile: { inferred: false } as never, decodeStats: {} };
        const h = hinted.finish(extra);
        const p = plain.finish(extra);
        expect(JSON.stringify(h.subscribers)).toBe(JSON.stringify(p.subscribers));
        expect(h.decodeStats).toEqual(p.decodeStats);
      }),
      { numRuns: 400 },
    );
  });
});

describe('ReportCollector hints that are no store slot', () => {
  it('ignores hints that are not integers below the store size, so none sizes the hint table', () => {
    const storeSlots = 4096;
    const c = new ReportCollector(10, undefined, { storeSlots });
    // The hint table is private: read it here only to show what a wrong hint may not do.
    const link = () => (c as unknown as { subs: { link: Int32Array } }).subs.link;
    const hints: unknown[] = [2 ** 24 - 1, storeSlots, 1e300, Number.POSITIVE_INFINITY, 0.5, Number.NaN, null, true, '5', -3];
    for (const [i, hint] of hints.entries()) c.alert(alertOf(i, 1, i), hint as number);
    expect(link().length).toBe(0);
    expect(Object.keys(link()).filter((k) => !/^\d+$/.test(k))).toEqual([]);
    c.alert(alertOf(20, 1, 1), storeSlots - 1);
    expect(link().length).toBe(storeSlots);
    expect(c.finish({ sources: [], profile: { inferred: false } as never, decodeStats: {} }).subscribers[0]?.alerts).toBe(hints.length + 1);
  });
});

describe('review 15-A #2: an MSISDN-only alert whose digits are another subscriber\u2019s IMSI keeps its own row', () => {
  it('the victim\u2019s IMSI row and the decoy MSISDN row stay apart, in either order', () => {
    const VICTIM_IMSI = '310410123456789';
    const base = alertOf(0, 1, 0);
    const victim: ScanAlert = { ...base, subscriber: { imsi: VICTIM_IMSI, msisdn: '12025550123' } };
    const decoy: ScanAlert = { ...base, subscriber: { msisdn: VICTIM_IMSI } };
    for (const order of [
      [decoy, victim, victim],
      [victim, decoy, victim],
    ]) {
      const c = new ReportCollector(10, { subscribers: 100, originKeys: 100, originsPerSubscriber: 20 });
      for (const a of order) c.alert(a);
      const r = c.finish({ sources: [], profile: { inferred: false } as never, decodeStats: {} });
      const rows = r.subscribers.map((s) => [s.imsi, s.msisdn, s.alerts]);
      expect(rows).toEqual([
        [VICTIM_IMSI, '12025550123', 2],
        [undefined, VICTIM_IMSI, 1],
      ]);
    }
  });
});
