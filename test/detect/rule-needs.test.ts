/** Rules whose condition needs a profile watch list are no candidates without one (condition.ts `Need`). */
import { describe, expect, it } from 'vitest';
import { compileRule } from '../../src/detect/compiler.js';
import { parseRule } from '../../src/detect/rule-loader.js';
import { mapInvoke } from '../support/events.js';
import { HOME_GMSC, IMSI, MSISDN, T0, WATCHED_PC, detector, profile, registerInJapan } from './fixture.js';

const HEAD = 'id: t\nrev: 1\ntitle: t\nlevel: low\nscope: {protocol: map}\ndetection:\n';
const needs = (detection: string): string | undefined => compileRule(parseRule(`${HEAD}  ${detection}`, 'test.yaml'), profile()).needs;

describe('what a condition needs', () => {
  it.each([
    ['w: {watched_carrier: true}\n  condition: w', 'watch'],
    ['w: {watched_carrier: true, protocol: map}\n  condition: w', 'watch'],
    ['w: {watched_carrier: true}\n  m: {protocol: map}\n  condition: w and m', 'watch'],
    ['w: {watched_carrier: true}\n  m: {protocol: map}\n  condition: m and (w or w)', 'watch'],
    ['w1: {watched_carrier: true}\n  w2: {watched_carrier: true, protocol: map}\n  condition: 1 of w*', 'watch'],
    ['w: [{watched_carrier: true}, {watched_carrier: true, protocol: map}]\n  condition: w', 'watch'],
    ['w: {watched_carrier: true}\n  m: {protocol: map}\n  condition: w or m', undefined],
    ['w: {watched_carrier: true}\n  condition: not w', undefined],
    ['w: [{watched_carrier: true}, {protocol: map}]\n  condition: w', undefined],
    ['w1: {watched_carrier: true}\n  m: {protocol: map}\n  condition: 1 of them', undefined],
    ['m: {protocol: map}\n  condition: m', undefined],
    // A part that may touch the subscriber store (a lookup expires a stale record) runs before the
    // watch check: skipping the rule would skip that effect, so no need (red-team review of scandet).
    ['v: {visited_known: true}\n  w: {watched_carrier: true}\n  condition: v and w', undefined],
    ['w: {visited_known: true, watched_carrier: true}\n  condition: w', undefined],
    ['w: {watched_carrier: true, visited_known: true}\n  condition: w', 'watch'],
    ['w: {watched_carrier: true}\n  v: {visited_known: true}\n  condition: w and v', 'watch'],
    ['m: {protocol: map}\n  w: {watched_carrier: true}\n  condition: m and w', 'watch'],
    ['m: {protocol: map}\n  n: {protocol: diameter}\n  w: {watched_carrier: true}\n  condition: (m or n) and not n and w', 'watch'],
    ['m: [{protocol: map}, {protocol: diameter}]\n  w: {watched_carrier: true}\n  condition: m and w', 'watch'],
    ['m: [{protocol: map}, {home_subscriber: true}]\n  w: {watched_carrier: true}\n  condition: m and w', undefined],
    ['v: {visited_known: true}\n  w: {watched_carrier: true}\n  condition: not v and w', undefined],
  ])('%s → %s', (detection, want) => expect(needs(detection)).toBe(want));
});

describe('watched-carrier without a watch list', () => {
  const sri = () => mapInvoke({ op: 22, callingGt: HOME_GMSC, msisdn: MSISDN, ts: T0 });

  it('is not a candidate: an SRI invoke evaluates three rules instead of four', () => {
    const { det } = detector(profile({ watch: { carriers: [] } }));
    det.event(sri());
    expect(det.stats.candidates).toBe(3);
    const watching = detector().det;
    watching.event(sri());
    expect(watching.stats.candidates).toBe(4);
  });

  it('alerts as before: the watched point code is reported only with the watch list', () => {
    const fromWatched = () => mapInvoke({ op: 22, callingGt: '', opc: WATCHED_PC, imsi: IMSI, msisdn: MSISDN, ts: T0 + 60 });
    const without = detector(profile({ watch: { carriers: [] } }));
    registerInJapan(without.det);
    without.det.event(fromWatched());
    const withList = detector();
    registerInJapan(withList.det);
    withList.det.event(fromWatched());
    expect(withList.alerts.map((a) => a.rule)).toContain('watched-carrier');
    expect(without.alerts.map((a) => a.rule)).not.toContain('watched-carrier');
    expect(without.det.stats.byRule['watched-carrier']).toBe(0);
  });
});
