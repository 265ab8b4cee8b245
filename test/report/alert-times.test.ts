import { describe, expect, it } from 'vitest';
import type { ScanAlert } from '../../src/api/scan-options.js';
import { AlertTimes } from '../../src/report/alert-times.js';
import { ReportCollector } from '../../src/report/collector.js';
import { timeHistogram } from '../../src/report/svg.js';
import { LEVELS } from '../../src/detect/rule-schema.js';

describe('AlertTimes (compact histogram points)', () => {
  it('grows past its initial capacity, keeps order, and stops at the bound counting the rest', () => {
    const t = new AlertTimes(3000);
    for (let i = 0; i < 3500; i++) t.add(1_000 * i, i % 5);
    expect(t.n).toBe(3000);
    expect(t.dropped).toBe(500);
    expect(t.times.length).toBe(3000);
    expect(t.times[2999]).toBe(2_999_000);
    expect(t.levels[2999]).toBe(2999 % 5);
  });
});

describe('alerts over time in the report', () => {
  it('places every alert on the histogram although only the first maxAlerts are kept whole', () => {
    const c = new ReportCollector(2);
    for (let i = 0; i < 10; i++) {
      const a = {
        frame: i, index: 0, ts: new Date(Date.UTC(2025, 2, 8, 8, i)).toISOString(), rule: 'r', rev: 1, title: 't',
        level: i === 9 ? 'critical' : 'low', tags: [], subscriber: {}, origin: {}, explanation: 'x', evidence: {},
      } as unknown as ScanAlert;
      c.alert(a);
    }
    const r = c.finish({ sources: [], profile: { inferred: false } as never, decodeStats: {} });
    expect(r.alerts.length).toBe(2);
    expect(r.alertTimes.times.length).toBe(10);
    const svg = timeHistogram(r.alertTimes.times, r.alertTimes.levels, 'Alerts over time', LEVELS);
    // 10 alerts → 10 buckets of one alert each; the last one is critical.
    expect(svg.match(/1 alert\(s\) from/g)?.length).toBe(10);
    expect(svg).toContain('2025-03-08T08:09:00.000Z');
    expect(svg).toContain('#b85450');
  });
  it('handles a million points without spreading them into Math.min', () => {
    const n = 1_000_000;
    const times = new Float64Array(n).map((_, i) => i);
    const svg = timeHistogram(times, new Uint8Array(n), 'x', LEVELS);
    expect(svg).toContain(`>${Math.ceil(n / 48)}</text>`);
  });
});
