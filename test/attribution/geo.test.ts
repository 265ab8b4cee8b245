import { describe, expect, it } from 'vitest';
import { callingCodeRegions } from '../../src/attribution/e164.js';
import { countryDistanceKm, countryPoint, distanceKm } from '../../src/attribution/geo.js';

describe('geo', () => {
  // Published great-circle distances between the capitals (city centres), ±2 %.
  const cases: [string, string, number][] = [
    ['GB', 'FR', 344],
    ['US', 'GB', 5900],
    ['CN', 'HK', 1965],
    ['RU', 'KZ', 2260],
    ['JP', 'KR', 1160],
    ['AU', 'NZ', 2330],
  ];
  it.each(cases)('%s–%s ≈ %i km', (a, b, km) => {
    const d = countryDistanceKm(a, b) ?? NaN;
    expect(Math.abs(d - km) / km).toBeLessThan(0.02);
  });
  it('haversine basics', () => {
    expect(distanceKm([0, 0], [0, 0])).toBe(0);
    expect(distanceKm([0, 0], [0, 180])).toBeCloseTo(Math.PI * 6371.0088, 3);
    expect(distanceKm([10, 20], [30, 40])).toBeCloseTo(distanceKm([30, 40], [10, 20]), 9);
  });
  it('has a reference point for every geographic region of the E.164 metadata', () => {
    const missing = Object.values(callingCodeRegions())
      .flat()
      .filter((r) => r !== '001' && countryPoint(r) === undefined);
    expect(missing).toEqual([]);
  });
  it('unknown countries give undefined', () => expect(countryDistanceKm('GB', 'ZZ')).toBeUndefined());
});
