/**
 * Red-team rt8 C3: a GT of the visited network's country outside the GT prefixes the profile
 * declares for that network (another operator of the country) is not the visited network, nor a
 * declared partner of that country: location requests from it alert one level lower, saying why.
 */
import { describe, expect, it } from 'vitest';
import { mapInvoke } from '../support/events.js';
import { HOME_GMSC, HOME_HLR, MSISDN, NTT_GMSC, T0, detector, profile, registerInJapan } from './fixture.js';

const SRI = 22;
const JP_FIXED = '81312345678'; // +81 3: Tokyo fixed line, no declared range
const CN = '8613912345678';
const sri = (gt: string, ts: number) => mapInvoke({ op: SRI, callingGt: gt, calledGt: HOME_HLR, msisdn: MSISDN, ts });
const OUTSIDE = 'origin in the same country as JP NTT Docomo, outside the GT prefixes the profile declares for it';

describe('same country as the visited network, outside its declared GT ranges (rt8 C3)', () => {
  it('an SRI from a Japanese number outside NTT Docomo’s declared prefix: location-origin-mismatch, one level lower, with the reason', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(sri(JP_FIXED, T0 + 600));
    expect(alerts.map((a) => [a.rule, a.level])).toEqual([['location-origin-mismatch', 'medium']]);
    expect(alerts[0]!.assumptions).toEqual([expect.stringContaining(OUTSIDE)]);
    expect(alerts[0]!.visited).toMatchObject({ network: 'NTT Docomo' });
  });

  it('the visited network’s own GT, home and a Chinese GT read as before', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(sri(NTT_GMSC, T0 + 600));
    det.event(sri(HOME_GMSC, T0 + 660));
    expect(alerts).toEqual([]);
    det.event(sri(CN, T0 + 720));
    expect(alerts.map((a) => [a.rule, a.level, a.assumptions])).toEqual([['location-origin-mismatch', 'high', undefined]]);
  });

  it('a declared partner of that country does not cover numbers outside its ranges either', () => {
    const p = profile({ partners: [{ name: 'Partner Japan', country: 'JP', plmn: '44010', gt_prefixes: ['8190120'] }] });
    const { det, alerts } = detector(p);
    det.event(sri(JP_FIXED, T0)); // visited network unknown: decided on home and partners
    expect(alerts.map((a) => [a.rule, a.level])).toEqual([['location-origin-mismatch', 'medium']]);
    expect(alerts[0]!.assumptions).toEqual([
      expect.stringContaining('visited network unknown'),
      expect.stringContaining('origin in the same country as JP Partner Japan, outside the GT prefixes'),
    ]);
    const again = detector(p);
    again.det.event(sri('819012000077', T0)); // inside the partner's prefix
    expect(again.alerts).toEqual([]);
  });
});
