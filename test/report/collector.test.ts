import { describe, expect, it } from 'vitest';
import type { ScanAlert } from '../../src/api/scan-options.js';
import { ReportCollector } from '../../src/report/collector.js';

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
  it('keeps every key while under the bounds (no overflow counter)', () => {
    const c = new ReportCollector();
    for (let i = 0; i < 10; i++) c.alert(alert(i, '861380000'));
    const r = c.finish({ sources: [], profile: { inferred: false } as never, decodeStats: {} });
    expect(r.subscribers.length).toBe(10);
    expect(r.decodeStats['report.overflow']).toBeUndefined();
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
