/**
 * Red-team rt19 M1: the report's "Most targeted subscribers" ranked by alert count, and a timeline
 * kept its first 12 alerts by arrival. M1a: 6 decoy numbers with 2 medium alerts each pushed a
 * victim with one high alert out of the summary's top 5. M1b: 12 medium alerts first kept the
 * victim's high ATI out of its summary timeline, the HTML timelines and its attack story. Now:
 * ranked by worst level, then count; a full timeline lets its newest lowest-level entry go for a
 * higher alert, and stays in arrival order; the summary shows a timeline's six highest.
 */
import { describe, expect, it } from 'vitest';
import type { ScanAlert } from '../../src/api/scan-options.js';
import { ReportCollector } from '../../src/report/collector.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { attackStory } from '../../src/report/stories.js';
import { formatSummary } from '../../src/report/summary-text.js';

const VICTIM = '12025550123';

function alert(frame: number, msisdn: string, level: ScanAlert['level'], op = 'sendRoutingInfo'): ScanAlert {
  return {
    frame,
    index: 0,
    ts: `2023-11-14T22:13:${String(20 + (frame % 40)).padStart(2, '0')}.000000Z`,
    rule: level === 'high' ? 'cat1-from-outside' : 'location-origin-mismatch',
    rev: 1,
    title: 'x',
    level,
    tags: [],
    subscriber: { msisdn },
    origin: { gt: `5511990000${String(frame).padStart(2, '0')}`, country: 'BR' },
    explanation: 'x',
    evidence: { component: { op } },
  };
}

const finish = (c: ReportCollector) => c.finish({ sources: [{ source: 'm1.pcap', stats: {} }], profile: { name: 'home' }, decodeStats: {} });
const targeted = (text: string) => text.slice(text.indexOf('Most targeted subscribers'), text.indexOf('\n\n', text.indexOf('Most targeted subscribers')));

describe('most targeted subscribers ranked by worst level, then count (rt19 M1a)', () => {
  it('6 decoys with 2 medium alerts each do not push a victim with one high alert out of the summary', () => {
    const c = new ReportCollector(5, undefined, { histogram: false });
    let f = 1;
    for (let d = 0; d < 6; d++) for (let k = 0; k < 2; k++) c.alert(alert(f++, `1202555900${d}`, 'medium'));
    c.alert(alert(f, VICTIM, 'high', 'anyTimeInterrogation'));
    const r = finish(c);
    expect(r.subscribers.map((s) => s.msisdn)).toEqual([VICTIM, '12025559000', '12025559001', '12025559002', '12025559003', '12025559004', '12025559005']);
    expect(targeted(formatSummary(r))).toContain(`+${VICTIM}`);
  });

  it('the same level: more alerts first, then more origins, then first seen (as before)', () => {
    const c = new ReportCollector(5);
    c.alert(alert(1, '12025559000', 'low'));
    c.alert(alert(2, '12025559001', 'low'));
    c.alert(alert(3, '12025559001', 'low'));
    c.alert(alert(4, '12025559002', 'low'));
    expect(finish(c).subscribers.map((s) => s.msisdn)).toEqual(['12025559001', '12025559000', '12025559002']);
  });
});

describe('a full timeline keeps its highest-level alerts, in arrival order (rt19 M1b)', () => {
  /** 12 medium SRIs on the victim, then its high ATI, then 2 more mediums. */
  function m1b(): ReturnType<typeof finish> {
    const c = new ReportCollector();
    for (let f = 1; f <= 12; f++) c.alert(alert(f, VICTIM, 'medium'));
    c.alert(alert(13, VICTIM, 'high', 'anyTimeInterrogation'));
    for (let f = 14; f <= 15; f++) c.alert(alert(f, VICTIM, 'medium'));
    return finish(c);
  }

  it('the high alert takes the newest medium entry place; the entries stay in arrival order', () => {
    const s = m1b().subscribers[0]!;
    expect(s.alerts).toBe(15);
    expect(s.timeline.map((e) => `${e.level}:${e.frame}`)).toEqual([...Array.from({ length: 11 }, (_, i) => `medium:${i + 1}`), 'high:13']);
    expect(s.timelineByLevel).toBe(true);
  });

  it('the summary, the HTML timelines and the attack story show the high ATI; the story says which were kept', () => {
    const r = m1b();
    const t = targeted(formatSummary(r));
    expect(t).toMatch(/high +cat1-from-outside +anyTimeInterrogation/);
    expect(t.split('\n').filter((l) => l.includes('medium'))).toHaveLength(5);
    expect(t).toContain('... 9 more');
    const story = attackStory(r.subscribers[0]!);
    expect(story).toContain('anyTimeInterrogation');
    expect(story).toContain('(12 shown: the highest levels, in order)');
    const html = renderHtmlReport(r, 'now');
    const i = html.indexOf('Per-subscriber alert timelines');
    expect(html.slice(i, html.indexOf('<h2>Attack stories</h2>'))).toContain('anyTimeInterrogation');
  });

  it('rises only above the lowest level present; a timeline never cut by level reads as before', () => {
    const c = new ReportCollector();
    for (let f = 1; f <= 14; f++) c.alert(alert(f, VICTIM, 'medium'));
    c.alert(alert(15, VICTIM, 'low'));
    const s = finish(c).subscribers[0]!;
    expect(s.timeline.map((e) => e.frame)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(s.timelineByLevel).toBeUndefined();
    expect(attackStory(s)).toContain('(first 12 shown)');
    // One low among highs: each later high (or critical) replaces the lowest first.
    const d = new ReportCollector();
    d.alert(alert(1, VICTIM, 'low'));
    for (let f = 2; f <= 12; f++) d.alert(alert(f, VICTIM, 'high'));
    d.alert(alert(13, VICTIM, 'critical'));
    d.alert(alert(14, VICTIM, 'high'));
    d.alert(alert(15, VICTIM, 'critical'));
    expect(
      finish(d)
        .subscribers[0]!.timeline.map((e) => `${e.level}:${e.frame}`)
        .join(' '),
    ).toBe(`${Array.from({ length: 10 }, (_, i) => `high:${i + 2}`).join(' ')} critical:13 critical:15`);
  });
});
