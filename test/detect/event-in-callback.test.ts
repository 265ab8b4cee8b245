/**
 * Alerts built with `eventInCallback` (detect/alert.ts; the CLI's Scanner without --workers): no
 * event is built for the alert; the collector reads the message name and time from the decoder's
 * record while `onAlert` runs, and the writers and withEvidence build the event there, from the
 * record. Everything the summary, the report and the alert lines show must equal what the default
 * alerts give; an event read after `onAlert` returned throws rather than describe another message.
 * measured (bench/results-notes.md, round 20 "flood20"): the 150 k flood's summary built 44,109
 * events for its 53,175 alerts, 5 with this.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateInMemory } from '../../bench/generator/generate.js';
import { profileYaml } from '../../bench/generator/profile.js';
import { FLOOD } from '../../bench/generator/scenarios.js';
import type { Profile } from '../../src/detect/profile.js';
import type { ScanAlert } from '../../src/api/scan-options.js';
import { Scanner } from '../../src/api/scanner.js';
import { alertEvent, withEvidence } from '../../src/detect/alert.js';
import { MessageRecord } from '../../src/events/record.js';
import { loadProfile } from '../../src/detect/profile.js';
import { AlertLines } from '../../src/report/alert-bytes.js';
import { ReportCollector, SUMMARY_ALERTS } from '../../src/report/collector.js';
import { REPO_ROOT } from '../support/corpus.js';

const PCAPS = [
  'ss7-location-tracking.pcap',
  'diameter-location-tracking.pcapng',
  'presence-and-campaigns.pcap',
  'realm-and-harvesting.pcap',
  'reordered-dialogues.pcapng',
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

/** The generator's alert flood (the bench's flood captures, small): many alerts, a few kept by the summary. */
const flood = (): Capture => ({
  name: 'flood (3 k messages)',
  bytes: generateInMemory(FLOOD, { seed: 7, messages: 3_000 }).capture,
  profile: loadProfile(parse(profileYaml(FLOOD.name, FLOOD.watchChina))),
});

interface Run {
  alerts: ScanAlert[];
  /** The summary's and the report's data (collectors fed inside onAlert), as JSON. */
  summary: string;
  report: string;
  /** The alert lines written inside onAlert (empty unless `lines`). */
  lines: string;
  /** Events built from records during the scan. */
  built: number;
}

/** `lines`: the alert lines written and the report fed too; else the summary's collector alone. */
function scan(c: Capture, mode: 'default' | 'callback', lines: boolean): Run {
  let built = 0;
  const event = MessageRecord.prototype.event;
  vi.spyOn(MessageRecord.prototype, 'event').mockImplementation(function (this: MessageRecord) {
    if ((this as unknown as { ev: unknown }).ev === undefined) built++;
    return event.call(this);
  });
  const summary = new ReportCollector(SUMMARY_ALERTS, undefined, { histogram: false });
  const report = new ReportCollector();
  const w = new AlertLines();
  const alerts: ScanAlert[] = [];
  const sc = new Scanner({
    profile: c.profile,
    onAlert: (a) => {
      summary.alert(a);
      if (lines) {
        report.alert(a);
        w.write(a);
      }
      alerts.push(a);
    },
    ...(mode === 'callback' ? { explicitEvidence: true, eventInCallback: true } : {}),
  });
  sc.beginSource(c.name);
  sc.push(c.bytes);
  sc.end();
  vi.restoreAllMocks();
  const extra = { sources: [], profile: { name: 'x' }, decodeStats: {} };
  return {
    alerts,
    summary: JSON.stringify(summary.finish(extra)),
    report: JSON.stringify(report.finish(extra)),
    lines: Buffer.concat(w.take()).toString('utf8'),
    built,
  };
}

afterEach(() => vi.restoreAllMocks());

describe('alerts with eventInCallback', () => {
  for (const name of [...PCAPS, 'flood']) {
    it(`${name}: the summary, the report and the lines as the default alerts; no event built for the summary's tables`, () => {
      const c = name === 'flood' ? flood() : pcap(name);
      const ref = scan(c, 'default', true);
      expect(ref.alerts.length).toBeGreaterThan(0);
      // The summary's collector alone: only its kept alerts (the first SUMMARY_ALERTS by level) build their event.
      const tables = scan(c, 'callback', false);
      expect(tables.alerts.length).toBe(ref.alerts.length);
      expect(tables.summary).toBe(ref.summary);
      // Its kept alerts (the first SUMMARY_ALERTS by level: a higher level replaces one) and the
      // messages judged again with a repeated identity (engine.ts judgeRepeated) build theirs.
      expect(tables.built).toBeLessThanOrEqual(4 * SUMMARY_ALERTS);
      if (name === 'flood') {
        expect(ref.alerts.length).toBeGreaterThan(500);
        expect(ref.built).toBeGreaterThan(500);
      }
      // The lines too: each alert's event built inside onAlert, written as the default alert's.
      const all = scan(c, 'callback', true);
      expect(all.lines).toBe(ref.lines);
      expect(all.summary).toBe(ref.summary);
      expect(all.report).toBe(ref.report);
    });
  }

  it('an event read after onAlert returned throws; one read inside is kept', () => {
    const c = pcap(PCAPS[0]!);
    const alerts: ScanAlert[] = [];
    const read: ScanAlert[] = [];
    const sc = new Scanner({
      profile: c.profile,
      onAlert: (a) => {
        if (alerts.length % 2 === 1) {
          expect(alertEvent(a)).toBeDefined();
          read.push(a);
        }
        alerts.push(a);
      },
      explicitEvidence: true,
      eventInCallback: true,
    });
    sc.beginSource(c.name);
    sc.push(c.bytes);
    sc.end();
    expect(alerts.length).toBeGreaterThan(1);
    const ref = scan(c, 'default', false).alerts;
    for (let i = 0; i < alerts.length; i++) {
      const a = alerts[i]!;
      if (i % 2 === 0) {
        expect(() => alertEvent(a)).toThrow(/after its onAlert returned/);
        expect(() => withEvidence(a)).toThrow(/after its onAlert returned/);
      } else expect(JSON.stringify(withEvidence(a))).toBe(JSON.stringify(ref[i]));
    }
    expect(read.length).toBe(Math.floor(alerts.length / 2));
  });

  it('the option is checked', () => {
    expect(() => new Scanner({ onAlert: () => undefined, eventInCallback: 'yes' as unknown as boolean })).toThrow();
  });
});
