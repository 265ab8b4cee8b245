import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScanAlert } from '../../src/api/scan-options.js';
import { LABEL_ID_CHARS, ReportCollector, lossCounters } from '../../src/report/collector.js';
import { mapInvoke } from '../support/events.js';
import { CN_GT, detector } from '../detect/fixture.js';

function alert(i: number, gt: string): ScanAlert {
  return {
    frame: i,
    index: 0,
    ts: '2025-03-08T08:08:43.008668Z',
    rule: 'location-origin-mismatch',
    rev: 1,
    title: 'Location request',
    level: 'high',
    tags: [],
    subscriber: { imsi: String(310410100000000 + i) },
    origin: { gt, country: 'CN' },
    explanation: 'x',
    evidence: {},
  };
}

// rt14 G4: the kept alerts were the first by arrival: 5 info alerts sent first left a high alert's
// subscriber and explanation out of the summary, 2,000 out of the HTML report's details.
describe('ReportCollector: alerts kept whole by level, highest first, then arrival', () => {
  const at = (i: number, level: ScanAlert['level']): ScanAlert => ({ ...alert(i, '8613800000077'), level, explanation: `e${i}` });
  const kept = (c: ReportCollector) =>
    c.finish({ sources: [], profile: { inferred: false } as never, decodeStats: {} }).alerts.map((a) => `${a.level}:${a.frame}`);

  it('info alerts first do not push out a later high one; the order is level, then arrival', () => {
    const c = new ReportCollector(5);
    for (let i = 1; i <= 7; i++) c.alert(at(i, 'info'));
    c.alert(at(8, 'high'));
    c.alert(at(9, 'low'));
    c.alert(at(10, 'high'));
    c.alert(at(11, 'critical'));
    c.alert(at(12, 'info'));
    expect(kept(c)).toEqual(['critical:11', 'high:8', 'high:10', 'low:9', 'info:1']);
  });

  it('same level: the first ones, as before; the limit holds whatever the mix', () => {
    const c = new ReportCollector(3);
    for (let i = 1; i <= 6; i++) c.alert(at(i, 'medium'));
    expect(kept(c)).toEqual(['medium:1', 'medium:2', 'medium:3']);
    const levels = ['info', 'low', 'medium', 'high', 'critical'] as const;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 40 }), fc.integer({ min: 0, max: 6 }), (ranks, max) => {
        const k = new ReportCollector(max);
        for (const [i, r] of ranks.entries()) k.alert(at(i + 1, levels[r]!));
        const want = ranks
          .map((r, i) => ({ r, i }))
          .sort((x, y) => y.r - x.r || x.i - y.i)
          .slice(0, max)
          .map(({ r, i }) => `${levels[r]}:${i + 1}`);
        expect(kept(k)).toEqual(want);
      }),
    );
  });
});

describe('ReportCollector bounds (tables an attacker can grow)', () => {
  it('caps subscribers and origin keys, counts what did not fit and reports it as a loss counter', () => {
    const c = new ReportCollector(5, { subscribers: 3, originKeys: 2, originsPerSubscriber: 1 });
    for (let i = 0; i < 10; i++) c.alert(alert(i, `86138000${i}`));
    const r = c.finish({ sources: [{ source: 'x.pcap', stats: {} }], profile: { inferred: false } as never, decodeStats: {} });
    expect(r.alertsTotal).toBe(10);
    expect(r.alerts.length).toBe(5);
    expect(r.subscribers.length).toBe(3);
    expect(Object.keys(r.originNetworks)).toEqual(['GT 861380000 · China (CN)', 'GT 861380001 · China (CN)', '(other)']);
    expect(r.originNetworks['(other)']).toBe(8);
    // 8 origin-network overflows + 7 subscriber overflows.
    expect(r.decodeStats['report.overflow']).toBe(15);
  });
  it("shows an origin past the origin-key bound as (other) in the subscriber's origins and timeline too", () => {
    const c = new ReportCollector(5, { subscribers: 10, originKeys: 2, originsPerSubscriber: 64 });
    // One subscriber, a new GT on every alert.
    for (let i = 0; i < 10; i++) c.alert({ ...alert(i, `86138000${i}`), subscriber: { imsi: '310410100000001' } });
    const r = c.finish({ sources: [], profile: { inferred: false } as never, decodeStats: {} });
    const kept = ['GT 861380000 · China (CN)', 'GT 861380001 · China (CN)'];
    expect(Object.keys(r.originNetworks)).toEqual([...kept, '(other)']);
    // Each overflowed origin is still one origin of the subscriber (its count and the ranking of the
    // targeted subscribers do not collapse), shown as (other).
    expect(r.subscribers[0]!.origins).toEqual([...kept, ...Array<string>(8).fill('(other)')]);
    expect(r.subscribers[0]!.timeline.map((e) => e.origin)).toEqual([...kept, ...Array<string>(8).fill('(other)')]);
    // An overflowed origin seen again is not counted twice.
    c.alert({ ...alert(10, '861380009'), subscriber: { imsi: '310410100000001' } });
    // A subscriber tracked from many overflowed origins ranks above one tracked from fewer.
    for (let i = 0; i < 11; i++) c.alert({ ...alert(20 + i, `86138000${i % 2}`), subscriber: { imsi: '310410100000002' } });
    const r2 = c.finish({ sources: [], profile: { inferred: false } as never, decodeStats: {} });
    expect(r2.subscribers.map((s) => [s.imsi, s.alerts, s.origins.length])).toEqual([
      ['310410100000001', 11, 10],
      ['310410100000002', 11, 2],
    ]);
  });
  it('keeps every key while under the bounds (no overflow counter)', () => {
    const c = new ReportCollector();
    for (let i = 0; i < 10; i++) c.alert(alert(i, '861380000'));
    const r = c.finish({ sources: [], profile: { inferred: false } as never, decodeStats: {} });
    expect(r.subscribers.length).toBe(10);
    expect(r.decodeStats['report.overflow']).toBeUndefined();
  });
});

describe('ReportCollector: origin identifiers of any length (hostile Origin-Realm)', () => {
  const realmAlert = (i: number, realm: string): ScanAlert => ({ ...alert(i, ''), origin: { realm } });
  it('labels an identifier by at most LABEL_ID_CHARS of it, never between the halves of a surrogate pair', () => {
    const c = new ReportCollector();
    const long = `h0.${'<x>"\\'.repeat(1000)}`;
    const astral = `${'a'.repeat(LABEL_ID_CHARS - 1)}\u{1F600}tail`;
    c.alert(realmAlert(1, long));
    c.alert(realmAlert(2, astral));
    c.alert(realmAlert(3, 'epc.mnc001.mcc460.3gppnetwork.org'));
    const r = c.finish({ sources: [], profile: { inferred: false } as never, decodeStats: {} });
    const labels = Object.keys(r.originNetworks);
    expect(labels).toEqual([
      `realm ${long.slice(0, LABEL_ID_CHARS)}… · unknown country`,
      `realm ${'a'.repeat(LABEL_ID_CHARS - 1)}… · unknown country`,
      'realm epc.mnc001.mcc460.3gppnetwork.org · unknown country',
    ]);
    // The subscribers' origin lists and timelines show the same labels.
    expect(r.subscribers.map((s) => s.origins[0])).toEqual(labels);
    expect(r.subscribers.map((s) => s.timeline[0]!.origin)).toEqual(labels);
  });
  it('keeps no whole identifier alive through its cut label', async () => {
    const { liveHeap } = await import('../fuzz/memory.js');
    // No alert kept whole for the details (those keep their identifiers, bounded apart).
    const c = new ReportCollector(0);
    const before = liveHeap();
    // 1,000 realms of 20,000 characters (20 MB of text), each cut to a label of ~290.
    for (let i = 0; i < 1000; i++) c.alert(realmAlert(i, `h${i}.${'x'.repeat(20_000)}`));
    expect(liveHeap() - before).toBeLessThan(8 * 2 ** 20);
    expect(Object.keys(c.finish({ sources: [], profile: { inferred: false } as never, decodeStats: {} }).originNetworks).length).toBe(1000);
  });
  it('keeps labels of bounded length however long the identifiers', () => {
    const c = new ReportCollector();
    for (let i = 0; i < 200; i++) c.alert(realmAlert(i, `h${i}.${'x'.repeat(20_000)}`));
    const r = c.finish({ sources: [], profile: { inferred: false } as never, decodeStats: {} });
    const labels = [...Object.keys(r.originNetworks), ...r.subscribers.flatMap((s) => [...s.origins, ...s.timeline.map((e) => e.origin)])];
    expect(Object.keys(r.originNetworks).length).toBe(200);
    expect(Math.max(...labels.map((l) => l.length))).toBe(`realm ${'x'.repeat(LABEL_ID_CHARS)}… · unknown country`.length);
  });
});

describe('ReportCollector.finish with a copy per alert', () => {
  it('gives the copies (--anonymize: the parsed details and their copy are never all held at once, rt8 FA1)', () => {
    const c = new ReportCollector();
    for (let i = 0; i < 3; i++) c.alert(alert(i, `86138000${i}`));
    const seen: number[] = [];
    const r = c.finish({ sources: [], profile: { name: 'x' }, decodeStats: {} }, (a) => {
      seen.push(a.frame);
      return { ...a, explanation: `copy ${a.frame}` };
    });
    expect(seen).toEqual([0, 1, 2]);
    expect(r.alerts.map((a) => a.explanation)).toEqual(['copy 0', 'copy 1', 'copy 2']);
  });
});

describe("ReportCollector on the detector's alerts", () => {
  it('gives the same report from alerts with their event behind them as from plain copies', async () => {
    const { readFileSync, existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { Scanner } = await import('../../src/api/scanner.js');
    const { loadProfile } = await import('../../src/detect/profile.js');
    const { REPO_ROOT } = await import('../support/corpus.js');
    const file = join(REPO_ROOT, 'pcaps', 'ss7-location-tracking.pcap');
    if (!existsSync(file)) return expect.fail(`pcaps/ss7-location-tracking.pcap missing (${file})`);
    const lazy = new ReportCollector();
    const plain = new ReportCollector();
    const sc = new Scanner({
      profile: loadProfile(file.replace(/\.pcap$/, '.profile.yaml')),
      onAlert: (a) => {
        lazy.alert(a);
        plain.alert(structuredClone(a));
      },
    });
    sc.beginSource(file);
    sc.push(readFileSync(file));
    sc.end();
    const extra = { sources: [], profile: { name: 'x' }, decodeStats: {} };
    const a = lazy.finish(extra);
    const b = plain.finish(extra);
    expect(a.alertsTotal).toBeGreaterThan(5);
    expect(a.subscribers.some((s) => s.timeline.length > 0)).toBe(true);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const pts = (p: typeof a.alertTimes): number[][] => Array.from({ length: p.length }, (_, i) => [p.time(i), p.level(i)]);
    expect(pts(a.alertTimes)).toEqual(pts(b.alertTimes));
  });
});

type Touch = 'none' | 'ts' | 'evidence';
interface When {
  sec: number;
  nsec: number;
  precision: number;
  touch: Touch;
}

/** Alert times: mostly one second, some outside years 1970–9999; the nanoseconds, precisions and touches given. */
function whenArb(nsecs: number[], precisions: number[], touches: Touch[]): fc.Arbitrary<When> {
  return fc.record({
    sec: fc.oneof(
      { arbitrary: fc.constantFrom(1_700_000_000, 1_700_000_001), weight: 4 },
      { arbitrary: fc.constantFrom(-5, 0, 253_402_300_799, 253_402_300_800, 1e12), weight: 1 },
    ),
    nsec: fc.oneof(fc.constantFrom(...nsecs), fc.nat(999_999_999)),
    precision: fc.constantFrom(...precisions),
    touch: fc.constantFrom(...touches),
  });
}

/** The detector's alerts, one per time (`ts` built from it), then `ts` rewritten or the evidence read as `touch` says. */
function alertsAt(times: When[]): ScanAlert[] {
  const { det, alerts } = detector();
  times.forEach((w, i) => {
    const ev = mapInvoke({ op: 22, callingGt: CN_GT, msisdn: '12025550199', ts: w.sec, frame: i + 1 });
    (ev as { tsNsec: number }).tsNsec = w.nsec;
    (ev as { tsPrecision: number }).tsPrecision = w.precision;
    det.event(ev);
  });
  expect(alerts.length).toBe(times.length);
  alerts.forEach((a, i) => {
    const touch = times[i]!.touch;
    if (touch === 'ts') a.ts = `2023-11-14T22:13:2${i % 10}.5Z`;
    if (touch === 'evidence') void a.evidence;
  });
  return alerts;
}

describe('ReportCollector first and last alert times', () => {
  it('are the least and greatest `ts` texts, whatever the precisions, ranges and rewritten texts', () => {
    // Built alerts (the detector's: `ts` made from the event's time) at precisions 0/3/6/9 and
    // others, times inside and outside years 1970–9999 and in one second, alerts whose `ts` was
    // rewritten or whose evidence was read: the numeric comparison (collector.ts span) must pick
    // what the string comparison picks.
    const when = whenArb(
      [0, 999_999_999, 500_000_000, 500_000_001, 123_456_789, 123_456_000],
      [0, 3, 6, 6, 6, 9, 1, 4, 12, -1],
      ['none', 'none', 'none', 'ts', 'evidence'],
    );
    fc.assert(
      fc.property(fc.array(when, { minLength: 1, maxLength: 25 }), (times) => {
        const alerts = alertsAt(times);
        const c = new ReportCollector(5);
        for (const a of alerts) c.alert(a);
        // Array sort's default order is the `<` order of strings (UTF-16 code units).
        const texts = alerts.map((a) => a.ts).sort();
        const r = c.finish({ sources: [], profile: { name: 'x' }, decodeStats: {} });
        expect(r.first).toBe(texts[0]);
        expect(r.last).toBe(texts[texts.length - 1]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('ReportCollector timeline times', () => {
  it('give back each alert `ts` text, whatever the precisions, ranges and rewritten texts', () => {
    // The timeline keeps a built alert's time as numbers (collector.ts `timed`) and other texts
    // as words: the entries must read as the alerts' `ts` texts, as from plain copies (no event).
    const when = whenArb([0, 999_999_999, 500_000_000, 123_456_789], [0, 3, 6, 6, 9, 1, 12, 16, -1], ['none', 'none', 'ts', 'evidence']);
    fc.assert(
      fc.property(fc.array(when, { minLength: 1, maxLength: 12 }), (times) => {
        const alerts = alertsAt(times);
        const lazy = new ReportCollector(5);
        const plain = new ReportCollector(5);
        for (const a of alerts) {
          lazy.alert(a);
          plain.alert(structuredClone(a));
        }
        const extra = { sources: [], profile: { name: 'x' }, decodeStats: {} };
        const r = lazy.finish(extra);
        expect(r.subscribers.flatMap((s) => s.timeline.map((e) => e.ts))).toEqual(alerts.map((a) => a.ts));
        expect(JSON.stringify(r.subscribers)).toBe(JSON.stringify(plain.finish(extra).subscribers));
      }),
      { numRuns: 200 },
    );
  });
});

describe('ReportCollector arcs', () => {
  it('count the flagged requests per origin and visited country, with their worst level', () => {
    const c = new ReportCollector(5);
    const levels = ['medium', 'medium', 'high', 'low', 'high', 'info'] as const;
    for (const [i, level] of levels.entries())
      c.alert({ ...alert(i, '861380000'), level, visited: { since: '2025-03-08T08:00:00Z', frame: 1, country: 'DE' } });
    c.alert({ ...alert(9, '861380000'), level: 'low', visited: { since: '2025-03-08T08:00:00Z', frame: 1, country: 'FR' } });
    c.alert({ ...alert(10, '861380000'), level: 'critical', visited: { since: '2025-03-08T08:00:00Z', frame: 1, country: 'CN' } });
    const r = c.finish({ sources: [], profile: { name: 'x' }, decodeStats: {} });
    expect(r.arcs).toEqual([
      { from: 'CN', to: 'DE', count: 6, worst: 'high' },
      { from: 'CN', to: 'FR', count: 1, worst: 'low' },
    ]);
  });
});

describe('lossCounters', () => {
  it('lists counters that mean data was lost or not analysed, not idle TCP flows that held nothing', () => {
    const stats = {
      'tcp.flows-expired': 4,
      'tcp.flows-evicted': 1,
      'tcap.dialogues.expired': 2,
      'frames.total': 20,
      'anomaly.tcp.flow-evicted': 1,
      'sctp.gap': 0,
    };
    expect(lossCounters(stats)).toEqual([
      ['tcp.flows-evicted', 1],
      ['tcap.dialogues.expired', 2],
    ]);
  });
});
