/** Alert thresholds (detect/threshold.ts): semantics, bounds, rule/profile schema, Detector integration. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefaultRules } from '../../src/api/default-rules.js';
import type { ScanAlert } from '../../src/api/scan-options.js';
import { Scanner } from '../../src/api/scanner.js';
import { ErrorCode } from '../../src/core/errors.js';
import { compileRule } from '../../src/detect/compiler.js';
import { emptyProfile, loadProfile, type Profile } from '../../src/detect/profile.js';
import { ruleSchema } from '../../src/detect/rule-schema.js';
import { RuleThrottle, type Threshold } from '../../src/detect/threshold.js';
import { REPO_ROOT } from '../support/corpus.js';

const run = (t: Threshold, hits: [string, number][], maxKeys?: number): boolean[] => {
  const th = new RuleThrottle(t, maxKeys);
  return hits.map(([k, s]) => th.pass(k, s));
};
const at = (key: string, ...secs: number[]): [string, number][] => secs.map((s) => [key, s]);

describe('RuleThrottle', () => {
  it('limit: the first `count` matches of each window alert', () => {
    expect(run({ track: 'subscriber', type: 'limit', count: 2, windowSec: 60 }, at('a', 0, 1, 2, 59, 60, 61, 62))).toEqual([
      true,
      true,
      false,
      false,
      true,
      true,
      false,
    ]);
  });
  it('threshold: every `count`-th match within a window', () => {
    expect(run({ track: 'subscriber', type: 'threshold', count: 3, windowSec: 100 }, at('a', 0, 1, 2, 3, 4, 5, 6, 200, 201, 202))).toEqual([
      false,
      false,
      true,
      false,
      false,
      true,
      false,
      false,
      false,
      true,
    ]);
  });
  it('both: one alert per window, at the `count`-th match', () => {
    expect(run({ track: 'rule', type: 'both', count: 2, windowSec: 10 }, at('', 0, 1, 2, 3, 10, 11, 12))).toEqual([
      false,
      true,
      false,
      false,
      false,
      true,
      false,
    ]);
  });
  it('tracks keys separately and counts what it suppressed', () => {
    const th = new RuleThrottle({ track: 'origin', type: 'limit', count: 1, windowSec: 3600 });
    expect([th.pass('x', 0), th.pass('y', 1), th.pass('x', 2), th.pass('y', 3), th.pass('x', 4)]).toEqual([true, true, false, false, false]);
    expect(th.suppressed).toBe(3);
  });
  it('is bounded: past maxKeys a new key is not tracked while every tracked window runs (its matches alert: fails open), counted', () => {
    const th = new RuleThrottle({ track: 'subscriber', type: 'limit', count: 1, windowSec: 3600 }, 2);
    expect([th.pass('a', 0), th.pass('b', 0), th.pass('c', 0), th.pass('a', 1), th.pass('c', 2)]).toEqual([true, true, true, false, true]);
    expect(th.keys).toBe(2);
    expect(th.evicted).toBe(2);
    // Once the least recently matched key's window is over, a new key takes its place ('b': 'a' matched at 1) and is tracked;
    // 'a' stays tracked (its window, from 0, restarts at 3602).
    expect([th.pass('d', 3600), th.pass('d', 3601), th.pass('a', 3602), th.pass('a', 3603)]).toEqual([true, false, true, false]);
    expect(th.evicted).toBe(2);
  });
  it('an origin part-way to its count keeps it through any number of decoy keys (rt20 N5: threshold and both)', () => {
    for (const type of ['both', 'threshold'] as const) {
      const th = new RuleThrottle({ track: 'origin', type, count: 5, windowSec: 3600 }, 1000);
      const attacker = (t: number): boolean => th.pass('8613800000001', t);
      const out = [1, 2, 3, 4].map(attacker);
      for (let i = 0; i < 100_000; i++) th.pass(`86139${i}`, 10 + i / 100);
      out.push(...[1100, 1101, 1102, 1103].map(attacker));
      expect(out, type).toEqual([false, false, false, false, true, false, false, false]);
    }
  });
});

const RULE = {
  id: 'sri-test',
  rev: 1,
  title: 'SRI',
  level: 'high',
  scope: { protocol: 'map', operations: ['sendRoutingInfo'] },
  detection: { sel: { 'component.type': 'invoke' }, condition: 'sel' },
};

describe('threshold in rule files and profiles', () => {
  it('a rule file may carry a threshold; its window is checked like every duration', () => {
    const r = compileRule(ruleSchema.parse({ ...RULE, threshold: { track: 'subscriber', type: 'limit', count: 3, window: '1h' } }), emptyProfile());
    expect(r.threshold).toEqual({ track: 'subscriber', type: 'limit', count: 3, windowSec: 3600 });
    expect(ruleSchema.safeParse({ ...RULE, threshold: { track: 'imsi', type: 'limit', count: 3, window: '1h' } }).success).toBe(false);
    expect(ruleSchema.safeParse({ ...RULE, threshold: { track: 'rule', type: 'limit', count: 0, window: '1h' } }).success).toBe(false);
    expect(() => compileRule(ruleSchema.parse({ ...RULE, threshold: { track: 'rule', type: 'limit', count: 1, window: 'soon' } }), emptyProfile())).toThrow(
      /threshold\.window: not a positive duration/,
    );
  });
  it('a profile overrides by rule id; a bad window is a profile error', () => {
    const p = loadProfile({
      thresholds: { rules: { 'location-origin-mismatch': { track: 'origin', type: 'both', count: 5, window: '10m' }, 'cat1-from-outside': null } },
    });
    expect(p.thresholds.rules?.['cat1-from-outside']).toBeNull();
    expect(() => loadProfile({ thresholds: { rules: { x: { track: 'origin', type: 'both', count: 5, window: 'later' } } } })).toThrow(
      expect.objectContaining({ code: ErrorCode.BAD_PROFILE }),
    );
  });
  it('the shipped rules have no threshold: a replay alerts on every match', () => {
    expect(loadDefaultRules().filter((r) => (r as { threshold?: unknown }).threshold !== undefined)).toEqual([]);
  });
});

const CAPTURE = join(REPO_ROOT, 'pcaps', 'ss7-location-tracking.pcap');
const PROFILE_FILE = join(REPO_ROOT, 'pcaps', 'ss7-location-tracking.profile.yaml');

function scanWith(profile: Profile): { alerts: ScanAlert[]; scanner: Scanner } {
  const alerts: ScanAlert[] = [];
  const scanner = new Scanner({ profile, onAlert: (a) => alerts.push(a) });
  scanner.beginSource(CAPTURE);
  scanner.push(readFileSync(CAPTURE));
  scanner.end();
  return { alerts, scanner };
}

describe('Detector with thresholds (pcaps/ss7-location-tracking)', () => {
  const base = loadProfile(PROFILE_FILE);
  const plain = scanWith(base);
  const count = (as: ScanAlert[], rule: string): number => as.filter((a) => a.rule === rule).length;

  it('default pack, no thresholds: every match alerts and no threshold stats appear', () => {
    expect(count(plain.alerts, 'location-origin-mismatch')).toBeGreaterThan(1);
    expect(plain.scanner.detectorInstance!.stats.thresholds).toBeUndefined();
  });

  it('a profile limit on one rule suppresses its extra matches, counts them, leaves the other rules alone', () => {
    const lom = count(plain.alerts, 'location-origin-mismatch');
    const p: Profile = {
      ...base,
      thresholds: { ...base.thresholds, rules: { 'location-origin-mismatch': { track: 'rule', type: 'limit', count: 1, window: '7d' } } },
    };
    const t = scanWith(p);
    expect(count(t.alerts, 'location-origin-mismatch')).toBe(1);
    const st = t.scanner.detectorInstance!.stats;
    expect(st.thresholds).toEqual({ suppressed: { 'location-origin-mismatch': lom - 1 }, evicted: 0 });
    expect(st.byRule['location-origin-mismatch']).toBe(1);
    const others = (as: ScanAlert[]): string[] => as.filter((a) => a.rule !== 'location-origin-mismatch').map((a) => `${a.frame}/${a.rule}`);
    expect(others(t.alerts)).toEqual(others(plain.alerts));
    // A suppressed match is still a detection: the state did not learn from it either.
    expect(st.learned).toBe(plain.scanner.detectorInstance!.stats.learned);
  });

  it('a profile naming a rule that is not loaded is an error', () => {
    const p: Profile = { ...base, thresholds: { ...base.thresholds, rules: { 'no-such-rule': null } } };
    expect(() => scanWith(p)).toThrow(expect.objectContaining({ code: ErrorCode.BAD_PROFILE }));
  });
});
