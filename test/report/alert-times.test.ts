import { describe, expect, it } from 'vitest';
import type { ScanAlert } from '../../src/api/scan-options.js';
import { AlertTimes } from '../../src/report/alert-times.js';
import { ReportCollector } from '../../src/report/collector.js';
import { alertsOverTime, binWidth } from '../../src/report/time-bins.js';
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
    const r = c.finish({ sources: [], profile: { inferred: false } as never, decodeStats: {} });
    expect(r.alerts.length).toBe(2);
    expect(r.alertTimes.times.length).toBe(10);
    const svg = alertsOverTime(r.alertTimes.times, r.alertTimes.levels, LEVELS, 'Alerts over time');
    // 10 alerts a minute apart over 9 minutes → 10-second bins, one alert each; the last is critical.
    expect(svg.match(/<title>1 alert, /g)?.length).toBe(10);
    expect(svg).toContain('bins of 10 s (UTC)');
    expect(svg).toContain('2025-03-08 08:09:00 + 10 s');
    expect(svg).toContain('#b85450');
  });

  it('fits the bins to the span: three alerts over two weeks are three 6-hour bins on a two-week axis', () => {
    const day = 86_400_000;
    const t0 = Date.UTC(2025, 2, 1, 13, 0);
    const svg = alertsOverTime(new Float64Array([t0, t0 + 6 * day, t0 + 14 * day]), new Uint8Array(3), LEVELS, 'x');
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
    const svg = alertsOverTime(times, new Uint8Array(n), LEVELS, 'x');
    // 1000 s → 30-second bins of 30 000 points each.
    expect(svg).toContain('bins of 30 s (UTC)');
    expect(svg).toContain('>30000</text>');
  });
});
