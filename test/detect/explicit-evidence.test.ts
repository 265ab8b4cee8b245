/**
 * Alerts built with `explicitEvidence` (detect/alert.ts; the CLI's Scanner without --workers):
 * `evidence` is a plain data property left unset, the report writers write the evidence from the
 * event, and withEvidence sets it in its contract position. Everything written must equal what
 * the default alerts (the lazy accessor) give.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanAlert } from '../../src/api/scan-options.js';
import { Scanner } from '../../src/api/scanner.js';
import { isSigwatchError } from '../../src/core/errors.js';
import { alertEvent, plainExplanation, withEvidence } from '../../src/detect/alert.js';
import { Decoder } from '../../src/api/decoder.js';
import { loadDefaultRules } from '../../src/api/default-rules.js';
import type { SignallingEvent } from '../../src/events/types.js';
import { Detector } from '../../src/detect/engine.js';
import { loadProfile } from '../../src/detect/profile.js';
import { AlertLines } from '../../src/report/alert-bytes.js';
import { alertJson } from '../../src/report/alert-json.js';
import { toEve } from '../../src/report/eve.js';
import { jsonSafe } from '../../src/report/safe-text.js';
import { withEvidence as publicWithEvidence } from '../../src/index.js';
import { REPO_ROOT } from '../support/corpus.js';

const CAPTURES = ['ss7-location-tracking.pcap', 'diameter-location-tracking.pcapng', 'presence-and-campaigns.pcap', 'realm-and-harvesting.pcap'];

function alertsOf(name: string, explicitEvidence: boolean): ScanAlert[] {
  const file = join(REPO_ROOT, 'pcaps', name);
  const alerts: ScanAlert[] = [];
  const sc = new Scanner({
    profile: loadProfile(file.replace(/\.pcap(ng)?$/, '.profile.yaml')),
    onAlert: (a) => alerts.push(a),
    ...(explicitEvidence ? { explicitEvidence: true } : {}),
  });
  sc.beginSource(file);
  sc.push(readFileSync(file));
  sc.end();
  return alerts;
}

function lineBytes(alerts: readonly ScanAlert[]): Buffer {
  const w = new AlertLines();
  for (const a of alerts) w.write(a);
  return Buffer.concat(w.take());
}

describe('alerts with explicitEvidence', () => {
  it('withEvidence is exported by the package entry (a library caller of explicitEvidence needs it)', () => {
    expect(publicWithEvidence).toBe(withEvidence);
  });

  for (const name of CAPTURES) {
    it(`${name}: written as the default alerts, evidence a data property until withEvidence sets it`, () => {
      const lazy = alertsOf(name, false);
      const explicit = alertsOf(name, true);
      expect(explicit.length).toBe(lazy.length);
      expect(explicit.length).toBeGreaterThan(0);
      const ref = lazy.map((a) => JSON.stringify(a));
      for (const a of explicit) {
        const d = Object.getOwnPropertyDescriptor(a, 'evidence');
        expect(d).toBeDefined();
        expect(d!.get).toBeUndefined();
        expect('value' in d!).toBe(true);
        expect(a.evidence).toBeUndefined();
        expect(alertEvent(a)).toBeDefined();
      }
      // The --jsonl bytes and the kept alerts' text are written from the event.
      expect(lineBytes(explicit).toString('utf8')).toBe(ref.map((l) => jsonSafe(l) + '\n').join(''));
      expect(explicit.map((a) => alertJson(a))).toEqual(ref);
      // withEvidence: the evidence in its position, as the accessor builds it; the writers then read it.
      for (let i = 0; i < explicit.length; i++) {
        const a = withEvidence(explicit[i]!);
        expect(alertEvent(a)).toBeUndefined();
        expect(Object.keys(a)).toEqual(Object.keys(lazy[i]!));
        expect(JSON.stringify(a)).toBe(ref[i]);
        expect(JSON.stringify(toEve(a))).toBe(JSON.stringify(toEve(lazy[i]!)));
        expect(withEvidence(a)).toBe(a);
      }
      expect(lineBytes(explicit).toString('utf8')).toBe(ref.map((l) => jsonSafe(l) + '\n').join(''));
    });
  }

  it("an evidence the caller set is written instead of the event's; default alerts are left as they are by withEvidence", () => {
    const [a] = alertsOf(CAPTURES[0]!, true);
    const [b] = alertsOf(CAPTURES[0]!, false);
    a!.evidence = { frame: 7 } as unknown as ScanAlert['evidence'];
    expect(alertEvent(a!)).toBeUndefined();
    expect(lineBytes([a!]).toString('utf8')).toBe(JSON.stringify(a) + '\n');
    expect(JSON.stringify(a)).toContain('"evidence":{"frame":7}');
    expect(withEvidence(a!).evidence).toEqual({ frame: 7 });
    // A default alert keeps its accessor (withEvidence reads nothing of it).
    expect(alertEvent(b!)).toBeDefined();
    withEvidence(b!);
    expect(alertEvent(b!)).toBeDefined();
    expect(Object.getOwnPropertyDescriptor(b, 'evidence')!.get).toBeTypeOf('function');
  });

  it('the option is checked (Scanner and Detector)', () => {
    const bad = (): unknown => new Scanner({ onAlert: () => undefined, explicitEvidence: 'yes' as unknown as boolean });
    expect(bad).toThrow();
    try {
      bad();
    } catch (e) {
      expect(isSigwatchError(e)).toBe(true);
    }
    expect(() => new Detector({ rules: [], onAlert: () => undefined, explicitEvidence: true })).not.toThrow();
  });

  it('what buildAlert keeps is one symbol-keyed record: alerts of both kinds keep one map', () => {
    for (const explicit of [false, true]) {
      const alerts = alertsOf(CAPTURES[1]!, explicit);
      for (const a of alerts) expect(Object.getOwnPropertySymbols(a)).toHaveLength(1);
    }
  });

  it('message names that need escaping make the explanation not plain, whichever names were plain before', () => {
    const file = join(REPO_ROOT, 'pcaps', CAPTURES[1]!);
    const events: SignallingEvent[] = [];
    const d = new Decoder({ onEvent: (ev) => events.push(ev) });
    d.push(readFileSync(file));
    d.end();
    const profile = loadProfile(file.replace(/\.pcap(ng)?$/, '.profile.yaml'));
    for (const odd of [undefined, 'UL"R', 'ULR\u2028', 'PLR\\']) {
      const alerts: ScanAlert[] = [];
      const det = new Detector({ rules: loadDefaultRules(), profile, onAlert: (a) => alerts.push(a), explicitEvidence: true });
      for (const ev of events) {
        if (odd !== undefined && ev.protocol === 'diameter' && ev.diameter.cmdAbbrev !== undefined) ev.diameter.cmdAbbrev = odd;
        det.event(ev);
      }
      const named = alerts.filter((a) => odd !== undefined && a.explanation.startsWith(odd));
      if (odd !== undefined) expect(named.length).toBeGreaterThan(0);
      for (const a of named) expect(plainExplanation(a)).toBe(false);
      const ref = alerts.map((a) => jsonSafe(JSON.stringify(withEvidence({ ...a }))) + '\n').join('');
      expect(lineBytes(alerts).toString('utf8')).toBe(ref);
    }
  });
});
