import { describe, expect, it } from 'vitest';
import type { ScanAlert } from '../../src/api/scan-options.js';
import { alertPoints, AlertTimes } from '../../src/report/alert-times.js';
import { ReportCollector } from '../../src/report/collector.js';
import { alertsOverTime, binWidth } from '../../src/report/time-bins.js';
import { LEVELS } from '../../src/detect/rule-schema.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { Anonymizer } from '../../src/report/anonymize.js';

describe('AlertTimes (compact histogram points)', () => {
  it('grows past its initial capacity, keeps order, and stops at the bound counting the rest', () => {
    const t = new AlertTimes(3000);
    for (let i = 0; i < 3500; i++) t.add(1_000 * i, i % 5);
    expect(t.n).toBe(3000);
    expect(t.dropped).toBe(500);
    expect(t.times.length).toBe(3000);
    expect(t.times[2999]).toBe(2_999_000);
    expect(t.levels[2999]).toBe(2999 % 5);
    expect(t.time(1234)).toBe(1_234_000);
  });

  it('keeps times exact across chunks: whole ms near the epoch of today, then a time with a ms fraction', () => {
    const t = new AlertTimes(200_000);
    const t0 = Date.UTC(2025, 2, 8, 8, 0, 0, 123);
    // 100,000 whole-ms times within ±2e9 ms (~23 days) of the first (Int32 offsets), crossing chunk bounds.
    const want = [t0];
    for (let i = 1; i < 100_000; i++) want.push(t0 + ((i * 34_567) % 4_000_000_001) - 2_000_000_000);
    for (let i = 0; i < want.length; i++) t.add(want[i]!, i % 6);
    for (let i = 0; i < want.length; i += 997) expect(t.time(i)).toBe(want[i]);
    expect(t.time(99_999)).toBe(want[99_999]);
    // A fraction (an untruncated Date.parse never gives one, a caller may) and a time 30 days off.
    t.add(t0 + 0.5, 1);
    t.add(t0 + 30 * 86_400_000, 2);
    want.push(t0 + 0.5, t0 + 30 * 86_400_000);
    expect(t.length).toBe(100_002);
    expect([...t.times]).toEqual(want);
    expect(t.level(100_000)).toBe(1);
    expect(t.level(99_999)).toBe(99_999 % 6);
  });

  it('keeps a time far from the first (past ±2^31 ms) exact', () => {
    const t = new AlertTimes();
    t.add(0, 0);
    t.add(2 ** 31, 1);
    t.add(-(2 ** 31) - 1, 2);
    t.add(Number.NaN, 3);
    expect([...t.times]).toEqual([0, 2 ** 31, -(2 ** 31) - 1, Number.NaN]);
    expect([...t.levels]).toEqual([0, 1, 2, 3]);
  });
});

describe('alerts over time in the report', () => {
  it('places every alert on the histogram although only the first maxAlerts are kept whole', () => {
    const c = new ReportCollector(2);
    for (let i = 0; i < 10; i++) {
      const a = {
        frame: i,
        index: 0,
        ts: new Date(Date.UTC(2025, 2, 8, 8, i)).toISOString(),
        rule: 'r',
        rev: 1,
        title: 't',
        level: i === 9 ? 'critical' : 'low',
        tags: [],
        subscriber: {},
        origin: {},
        explanation: 'x',
        evidence: {},
      } as unknown as ScanAlert;
      c.alert(a);
    }
    const r = c.finish({ sources: [], profile: { name: 'x' }, decodeStats: {} });
    expect(r.alerts.length).toBe(2);
    expect(r.alertTimes.length).toBe(10);
    const svg = alertsOverTime(r.alertTimes, LEVELS, 'Alerts over time');
    // 10 alerts a minute apart over 9 minutes → 10-second bins, one alert each; the last is critical.
    expect(svg.match(/<title>1 alert, /g)?.length).toBe(10);
    expect(svg).toContain('bins of 10 s (UTC)');
    expect(svg).toContain('2025-03-08 08:09:00 + 10 s');
    expect(svg).toContain('#b85450');
    // The HTML report deep-copies its data (control escapes, --anonymize): the points survive both copies.
    for (const data of [r, new Anonymizer('salt').value(r)]) {
      const html = renderHtmlReport(data, 'now');
      expect(html.match(/<rect class="bin"/g)?.length).toBe(10);
      expect(html).toContain('2025-03-08 08:09:00 + 10 s');
    }
  });

  it('fits the bins to the span: three alerts over two weeks are three 6-hour bins on a two-week axis', () => {
    const day = 86_400_000;
    const t0 = Date.UTC(2025, 2, 1, 13, 0);
    const svg = alertsOverTime(alertPoints([t0, t0 + 6 * day, t0 + 14 * day], new Uint8Array(3)), LEVELS, 'x');
    expect(svg).toContain('bins of 6 h (UTC)');
    expect(svg.match(/<rect class="bin"/g)?.length).toBe(3);
    expect(svg).toContain('>2025-03-01 12:00</text>');
    // Bars are as wide as a bin: 57 bins over the axis, not three bars filling it.
    const w = Number(/<rect class="bin" x="[\d.]+" y="[\d.]+" width="([\d.]+)"/.exec(svg)![1]);
    expect(w).toBeLessThan(15);
    expect(binWidth(t0, t0 + 50 * day).name).toBe('1 day');
    expect(binWidth(0, 59_000)).toEqual({ ms: 1000, name: '1 s' });
    expect(binWidth(0, 3 * 3_600_000).name).toBe('5 min');
  });

  it('handles a million points without spreading them into Math.min', () => {
    const n = 1_000_000;
    const times = new Float64Array(n).map((_, i) => i);
    const svg = alertsOverTime(alertPoints(times, new Uint8Array(n)), LEVELS, 'x');
    // 1000 s → 30-second bins of 30 000 points each.
    expect(svg).toContain('bins of 30 s (UTC)');
    expect(svg).toContain('>30000</text>');
  });
});
