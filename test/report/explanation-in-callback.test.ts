/**
 * Alerts built with `explanationInCallback` (detect/alert.ts; the CLI's Scanner without --workers):
 * the explanation is made only when read through withExplanation, withEvidence, alertJson or the
 * line writer, inside `onAlert`; the summary, which keeps 5 alerts, makes only theirs. Everything
 * the summary, the report and the lines show must equal what the default alerts give; an
 * explanation read after `onAlert` returned throws rather than describe another message or rule.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { generateInMemory } from '../../bench/generator/generate.js';
import { profileYaml } from '../../bench/generator/profile.js';
import { FLOOD } from '../../bench/generator/scenarios.js';
import type { ScanAlert } from '../../src/api/scan-options.js';
import { Scanner } from '../../src/api/scanner.js';
import { withEvidence, withExplanation } from '../../src/detect/alert.js';
import { loadProfile, type Profile } from '../../src/detect/profile.js';
import { AlertLines } from '../../src/report/alert-bytes.js';
import { ReportCollector, SUMMARY_ALERTS } from '../../src/report/collector.js';
import { REPO_ROOT } from '../support/corpus.js';

const PCAPS = [
  'ss7-location-tracking.pcap',
  'diameter-location-tracking.pcapng',
  'presence-and-campaigns.pcap',
  'realm-and-harvesting.pcap',
  'ss7-interception.pcap',
];

interface Capture {
  name: string;
  bytes: Uint8Array;
  profile: Profile;
}

const pcap = (name: string): Capture => {
  const file = join(REPO_ROOT, 'pcaps', name);
  return { name, bytes: readFileSync(file), profile: loadProfile(file.replace(/\.pcap(ng)?$/, '.profile.yaml')) };
};

const flood = (): Capture => ({
  name: 'flood',
  bytes: generateInMemory(FLOOD, { seed: 5, messages: 3_000 }).capture,
  profile: loadProfile(parse(profileYaml(FLOOD.name, FLOOD.watchChina))),
});

interface Run {
  alerts: ScanAlert[];
  summary: string;
  report: string;
  lines: string;
}

/** `mode` default: eventInCallback alone (explanations made per alert); lazy: with explanationInCallback. `lines`: the writer and the report too. */
function scan(c: Capture, mode: 'default' | 'lazy', lines: boolean): Run {
  const summary = new ReportCollector(SUMMARY_ALERTS, undefined, { histogram: false });
  const report = new ReportCollector();
  const w = new AlertLines();
  const alerts: ScanAlert[] = [];
  const sc = new Scanner({
    profile: c.profile,
    explicitEvidence: true,
    eventInCallback: true,
    ...(mode === 'lazy' ? { explanationInCallback: true } : {}),
    onAlert: (a) => {
      summary.alert(a);
      if (lines) {
        report.alert(a);
        w.write(a);
      }
      alerts.push(a);
    },
  });
  sc.beginSource(c.name);
  sc.push(c.bytes);
  sc.end();
  const extra = { sources: [], profile: { name: 'x' }, decodeStats: {} };
  return {
    alerts,
    summary: JSON.stringify(summary.finish(extra)),
    report: JSON.stringify(report.finish(extra)),
    lines: Buffer.concat(w.take()).toString('utf8'),
  };
}

describe('alerts with explanationInCallback', () => {
  for (const name of [...PCAPS, 'flood']) {
    it(`${name}: the summary, the report and the lines as with explanations made per alert; the summary makes only its kept alerts'`, () => {
      const c = name === 'flood' ? flood() : pcap(name);
      const ref = scan(c, 'default', true);
      expect(ref.alerts.length).toBeGreaterThan(0);
      const tables = scan(c, 'lazy', false);
      expect(tables.alerts.length).toBe(ref.alerts.length);
      expect(tables.summary).toBe(ref.summary);
      // Made only for the alerts the summary chose (the first SUMMARY_ALERTS by level: a higher level replaces one).
      const made = tables.alerts.filter((a) => a.explanation !== undefined).length;
      expect(made).toBeLessThanOrEqual(4 * SUMMARY_ALERTS);
      if (name === 'flood') expect(ref.alerts.length).toBeGreaterThan(500);
      const all = scan(c, 'lazy', true);
      expect(all.lines).toBe(ref.lines);
      expect(all.summary).toBe(ref.summary);
      expect(all.report).toBe(ref.report);
      expect(all.alerts.every((a) => typeof a.explanation === 'string')).toBe(true);
    });
  }

  it('made inside onAlert (withExplanation, withEvidence) as the default; after onAlert returned it throws', () => {
    const c = pcap(PCAPS[0]!);
    const ref = scan(c, 'default', false).alerts.map((a) => a.explanation);
    const alerts: ScanAlert[] = [];
    const sc = new Scanner({
      profile: c.profile,
      explicitEvidence: true,
      eventInCallback: true,
      explanationInCallback: true,
      onAlert: (a) => {
        expect(a.explanation).toBeUndefined();
        if (alerts.length % 3 === 1) withExplanation(a);
        else if (alerts.length % 3 === 2) withEvidence(a);
        alerts.push(a);
      },
    });
    sc.beginSource(c.name);
    sc.push(c.bytes);
    sc.end();
    expect(alerts.length).toBeGreaterThan(2);
    for (let i = 0; i < alerts.length; i++) {
      const a = alerts[i]!;
      if (i % 3 === 0) expect(() => withExplanation(a)).toThrow(/after its onAlert returned/);
      else expect(a.explanation).toBe(ref[i]);
      if (i % 3 === 2) expect(a.evidence).toBeDefined();
    }
  });

  it('an explanation the consumer assigned is kept; the option is checked', () => {
    const c = pcap(PCAPS[0]!);
    const alerts: ScanAlert[] = [];
    const sc = new Scanner({
      profile: c.profile,
      explicitEvidence: true,
      eventInCallback: true,
      explanationInCallback: true,
      onAlert: (a) => {
        a.explanation = 'mine';
        alerts.push(withExplanation(a));
      },
    });
    sc.push(c.bytes);
    sc.end();
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) expect(withExplanation(a).explanation).toBe('mine');
    expect(() => new Scanner({ onAlert: () => undefined, explanationInCallback: 'yes' as unknown as boolean })).toThrow();
  });
});
