/**
 * The subscriber store at its count cap (limits.subscribers), red-team rt19 M5: records created
 * only by registrations the capture never shows answered are evicted first, so a flood of silent
 * partner ULs for made-up IMSIs cannot push out a subscriber the HLR's answers located; the
 * eviction of a located subscriber is an anomaly of its own (`state.located-subscriber-evicted`).
 */
import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../src/core/anomaly.js';
import type { Alert } from '../../src/detect/alert.js';
import { Detector } from '../../src/detect/engine.js';
import { mapUl } from '../support/events.js';
import { CN_GT, HOME_HLR, IMSI, NTT_VLR, RULES, T0, profile, registerInJapan, ruleIds } from './fixture.js';

const PARTNER_VLR = '81901200002';

function run(subscribers: number): { det: Detector; alerts: Alert[]; anomalies: Anomaly[] } {
  const alerts: Alert[] = [];
  const anomalies: Anomaly[] = [];
  const p = profile({ partners: [{ name: 'Partner Japan', country: 'JP', plmn: '44010', gt_prefixes: ['8190120'] }] });
  const det = new Detector({ rules: RULES, profile: p, limits: { subscribers }, onAlert: (a) => alerts.push(a), onAnomaly: (a) => anomalies.push(a) });
  return { det, alerts, anomalies };
}

describe('subscriber store at its count cap (red-team rt19 M5)', () => {
  it('silent partner ULs for made-up IMSIs do not evict the subscriber the HLR located: its hijack still raises impossible-travel', () => {
    const { det, alerts, anomalies } = run(20);
    registerInJapan(det); // UL + the HLR's ISD in its dialogue: located by the HLR's answer
    // 60 ULs from a partner VLR, 5 s apart, none answered on the capture: each trusted after its 30 s wait.
    for (let i = 0; i < 60; i++) {
      det.event(mapUl({ imsi: `3104102${String(i).padStart(8, '0')}`, vlr: PARTNER_VLR, hlrGt: HOME_HLR, ts: T0 + 600 + 5 * i, frame: 10 + i }));
    }
    expect(alerts).toEqual([]);
    det.event(mapUl({ imsi: IMSI, vlr: CN_GT, hlrGt: HOME_HLR, ts: T0 + 960, frame: 100 }));
    expect(ruleIds(alerts)).toContain('impossible-travel');
    const st = det.stats.state;
    expect(st.evictedLru).toBeGreaterThan(30);
    expect(st.evictedClaimOnly).toBe(st.evictedLru);
    expect(st.evictedLocated).toBe(0);
    const evicted = anomalies.filter((a) => a.code === 'state.subscriber-evicted');
    expect(evicted.length).toBe(st.evictedLru);
    expect(evicted[0]!.detail).toBe(
      'subscriber table full (limits.subscribers = 20): 1 evicted, 1 of them located only by unanswered registrations (evicted first)',
    );
    expect(anomalies.some((a) => a.code === 'state.located-subscriber-evicted')).toBe(false);
  });

  it('a located subscriber evicted (no claim-only record left) raises state.located-subscriber-evicted with the frame', () => {
    const { det, anomalies } = run(1);
    registerInJapan(det);
    det.event(mapUl({ imsi: '310410200000001', vlr: NTT_VLR, hlrGt: HOME_HLR, ts: T0 + 5, frame: 7 }));
    const located = anomalies.filter((a) => a.code === 'state.located-subscriber-evicted');
    expect(located.map((a) => [a.layer, a.frame, a.detail])).toEqual([
      [
        'state',
        7,
        'subscriber table full (limits.subscribers = 1): 1 subscriber(s) with a trusted location evicted ' +
          '(no record located only by unanswered registrations was left to evict): their locations are forgotten',
      ],
    ]);
    expect(det.stats.state).toMatchObject({ evictedLru: 1, evictedLocated: 1, evictedClaimOnly: 0 });
    // An unlocated record evicted next: no second located anomaly.
    det.event(mapUl({ imsi: '310410200000002', vlr: NTT_VLR, hlrGt: HOME_HLR, ts: T0 + 6, frame: 8 }));
    expect(anomalies.filter((a) => a.code === 'state.located-subscriber-evicted')).toHaveLength(1);
    expect(det.stats.state.evictedLru).toBe(2);
  });
});
