import { describe, expect, it } from 'vitest';
import type { ScanAlert } from '../../src/api/scan-options.js';
import { ALERT_BYTES, ReportCollector, SUMMARY_ALERTS } from '../../src/report/collector.js';
import { DETAILS_CHARS, renderHtmlReport } from '../../src/report/html.js';
import { EXPLANATION_CHARS } from '../../src/report/safe-text.js';
import { formatSummary } from '../../src/report/summary-text.js';

/** A hostile identifier of `n` characters: markup, quotes, controls, U+2028, an emoji. */
function nasty(n: number): string {
  const parts = ['<script>alert(1)</script>', '"', "'", '\\', '\u0000', '\u001f', '\u007f', '\u2028', '&amp;', '</td>', '\n', '😀'];
  let s = '';
  for (let i = 0; s.length < n; i++) s += parts[i % parts.length];
  return s;
}

function alert(i: number, host: string, explanation: string): ScanAlert {
  return {
    frame: i,
    index: 0,
    ts: '2025-03-08T08:08:43.008668Z',
    rule: 'diameter-realm-not-plmn',
    rev: 1,
    title: 'Realm not a PLMN',
    level: 'high',
    tags: [],
    subscriber: { imsi: String(310410100000000 + i) },
    origin: { host, realm: host },
    explanation,
    evidence: { originHost: host, originRealm: host } as never,
  };
}

function report(alerts: readonly ScanAlert[]): { data: ReturnType<ReportCollector['finish']>; html: string; details: string } {
  const c = new ReportCollector();
  for (const a of alerts) c.alert(a);
  const data = c.finish({ sources: [{ source: 'x.pcap', stats: {} }], profile: { name: 'home' }, decodeStats: {} });
  const html = renderHtmlReport(data, 'now');
  const details = html.slice(html.indexOf('<h2>Alert details'), html.indexOf('<h2>Decoder counters'));
  return { data, html, details };
}

const bytes = (alerts: readonly ScanAlert[]): number => alerts.reduce((n, a) => n + Buffer.byteLength(JSON.stringify(a)), 0);

describe('HTML report: alert details bounded whatever the identifiers (hostile Origin-Host/Realm)', () => {
  it('keeps ordinary alerts whole: all 2,000, no note', () => {
    const { data, details } = report(Array.from({ length: 2500 }, (_, i) => alert(i, 'mme1.epc.mnc004.mcc460.3gppnetwork.org', `ULR for +1202555${i}`)));
    expect(data.alerts.length).toBe(2000);
    expect(data.alertsCut).toBeUndefined();
    expect(details).toContain('Alert details (2000 of 2500)');
    expect(details).not.toContain('class="assume"');
    expect(details).not.toContain('(not shown)');
  });

  it('keeps alerts whole only while their JSON fits ALERT_BYTES and says how many more are not listed', () => {
    const host = nasty(20_000);
    const { data, html, details } = report(Array.from({ length: 2000 }, (_, i) => alert(i, host, `PLR from realm ${host}`)));
    expect(data.alertsCut).toEqual({ bytes: ALERT_BYTES, alerts: 2000 - data.alerts.length });
    expect(data.alerts.length).toBeGreaterThan(0);
    expect(data.alerts.length).toBeLessThan(2000);
    expect(bytes(data.alerts)).toBeLessThanOrEqual(ALERT_BYTES);
    expect(details).toContain(
      `${2000 - data.alerts.length} alerts are not listed: each did not fit beside the alerts kept for these details within their bound of ${ALERT_BYTES} bytes`,
    );
    // Each shown explanation cut at EXPLANATION_CHARS and marked with its length.
    expect(details).toContain(`… <small class="muted">(cut: ${host.length + 15} characters)</small>`);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('\u0000');
  });

  it('skips only the alert that does not fit: a huge one does not hide the details of those after it', () => {
    const small = (i: number): ScanAlert => alert(i, 'mme1.epc.mnc004.mcc460.3gppnetwork.org', `ULR for +1202555${i}`);
    const huge = alert(10, 'x'.repeat(5_000_000), 'PLR from a long realm');
    const { data, details } = report([...Array.from({ length: 10 }, (_, i) => small(i)), huge, ...Array.from({ length: 2489 }, (_, i) => small(11 + i))]);
    // The first 2,000 alerts: 10 small, the huge one (not kept), 1,989 small.
    expect(data.alerts.length).toBe(1999);
    expect(data.alerts.map((a) => a.frame)).not.toContain(10);
    expect(data.alerts.at(-1)!.frame).toBe(1999);
    expect(data.alertsCut).toEqual({ bytes: ALERT_BYTES, alerts: 1 });
    expect(details).toContain('1 alert is not listed: each did not fit');
  });

  it('escapes every capture text of a details row (source, assumptions, explanation)', () => {
    const a = { ...alert(1, 'h', 'x <b>y</b>'), source: '<i>cap</i>.pcap', assumptions: ['<u>home</u> inferred'] };
    const { details } = report([a]);
    expect(details).toContain('&lt;i&gt;cap&lt;/i&gt;.pcap:1');
    expect(details).toContain('&lt;u&gt;home&lt;/u&gt; inferred');
    expect(details).toContain('x &lt;b&gt;y&lt;/b&gt;');
    expect(details).not.toMatch(/<(i|u|b)>/);
  });

  it('renders at most DETAILS_CHARS of rows with explanations, lists the rest without and says how many', () => {
    // 2,000-character explanations: they fit ALERT_BYTES (2,000 kept) but not the details' bound once escaped.
    const x = nasty(2_000);
    const { data, html, details } = report(Array.from({ length: 2000 }, (_, i) => alert(i, 'h', x)));
    expect(data.alerts.length).toBe(2000);
    const bare = details.match(/\(not shown\)/g)?.length ?? 0;
    expect(bare).toBeGreaterThan(0);
    expect(details).toContain(`${bare} alerts are listed without explanation: the details reached their bound of ${DETAILS_CHARS} characters`);
    // The rows with explanations stay within the bound; the bare rows add a few hundred characters each.
    expect(details.length).toBeLessThan(DETAILS_CHARS + 2000 * 300);
    expect(x.length).toBeGreaterThan(EXPLANATION_CHARS);
    expect(details).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('\\x00');
  });
});

describe('summary: the first alerts cut like the HTML details', () => {
  it('cuts an explanation and an assumption at EXPLANATION_CHARS (escaped first) and says how long they were', () => {
    const host = nasty(50_000);
    const a = { ...alert(1, host, `PLR from realm ${host}`), assumptions: [`home realm ${host}`] };
    const c = new ReportCollector();
    c.alert(a);
    c.alert(alert(2, 'h', 'short & plain'));
    const text = formatSummary(c.finish({ sources: [{ source: 'x.pcap', stats: {} }], profile: { name: 'home' }, decodeStats: {} }));
    const lines = text.split('\n');
    const why = lines.find((l) => l.startsWith('  [high] diameter-realm-not-plmn frame 1: '))!;
    const assumes = lines.find((l) => l.startsWith('      assumes: '))!;
    for (const l of [why, assumes]) {
      expect(l).toMatch(/… \(cut: \d+ characters\)$/);
      expect(l.length).toBeLessThan(EXPLANATION_CHARS + 120);
    }
    expect(why).toContain('PLR from realm <script>alert(1)</script>"\'\\\\x00');
    expect(lines).toContain('  [high] diameter-realm-not-plmn frame 2: short & plain');
    expect(text.length).toBeLessThan(20_000);
  });
});

describe('summary: only the alerts it shows are copied', () => {
  it('does not read the kept alerts past the first SUMMARY_ALERTS (rt8 FA1: copying all 2,000 was +20 MB of heap)', () => {
    const c = new ReportCollector();
    for (let i = 0; i < 8; i++) c.alert(alert(i, 'h', `x ${i}`));
    const data = c.finish({ sources: [{ source: 'x.pcap', stats: {} }], profile: { name: 'home' }, decodeStats: {} });
    const untouchable = new Proxy({} as ScanAlert, {
      get: () => expect.fail('an alert past the first SUMMARY_ALERTS was read'),
      ownKeys: () => expect.fail('an alert past the first SUMMARY_ALERTS was read'),
    });
    const text = formatSummary({ ...data, alerts: [...data.alerts.slice(0, SUMMARY_ALERTS), untouchable] });
    expect(text).toContain(`frame ${SUMMARY_ALERTS - 1}: x ${SUMMARY_ALERTS - 1}`);
  });
});

describe('HTML report: an alert read back from a file with a level outside LEVELS', () => {
  it('escapes the level wherever it is written (level spans, map arcs, stories) and colours it grey', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const alerts = ['constructor', hostile].map((level, i) => ({
      ...alert(i, 'mme1.epc.mnc004.mcc460.3gppnetwork.org', 'PLR'),
      level: level as never,
      origin: { host: 'h', realm: 'r', country: 'CN' },
      visited: { country: 'US' },
    }));
    const { html } = report(alerts as never);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('marker-end="url(#arrow-constructor)"');
    expect(html).not.toContain('function Object');
  });
});
