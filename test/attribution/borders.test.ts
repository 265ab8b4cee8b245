/** Land borders for impossible-travel (red-team round 10 T1): generated from Natural Earth 1:50m by tools/borders-pack.mjs. */
import { describe, expect, it } from 'vitest';
import { shareLandBorder } from '../../src/attribution/borders.js';

describe('shareLandBorder', () => {
  it('knows the land borders whose capitals are far apart, in either order', () => {
    for (const [a, b] of [
      ['US', 'MX'],
      ['CA', 'US'],
      ['RU', 'KZ'],
      ['BR', 'AR'],
      ['CN', 'RU'],
      ['IN', 'NP'],
      ['ES', 'PT'], // Lisbon lies off the 1:50m coastline: placed by the nearest shape
      ['DK', 'DE'], // Copenhagen is on Zealand: Jutland borders Germany
      ['GB', 'IE'], // through Northern Ireland
      ['BR', 'GF'], // French Guiana borders by its own code ...
    ]) {
      expect(shareLandBorder(a!, b!), `${a}-${b}`).toBe(true);
      expect(shareLandBorder(b!, a!), `${b}-${a}`).toBe(true);
    }
  });

  it('does not join countries across the sea, nor France to Brazil through French Guiana', () => {
    for (const [a, b] of [
      ['FR', 'BR'],
      ['US', 'GB'],
      ['JP', 'KR'],
      ['GB', 'FR'],
      ['US', 'CU'],
      ['AU', 'NZ'],
      ['US', 'US'],
    ]) {
      expect(shareLandBorder(a!, b!), `${a}-${b}`).toBe(false);
    }
  });
});
