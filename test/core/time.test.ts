/** isoTimestamp: the per-second memo never changes a result (core/time.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIsoTimestamp, isoTimestamp } from '../../src/core/time.js';

/** The formula without the memo. */
function reference(tsSec: number, tsNsec: number, digits: number): string {
  const sec = Number.isFinite(tsSec) ? Math.max(-8.64e12, Math.min(8.64e12, tsSec)) : 0;
  const iso = new Date(sec * 1000).toISOString();
  const base = iso.slice(0, iso.indexOf('.'));
  if (digits <= 0) return base + 'Z';
  return base + '.' + String(tsNsec).padStart(9, '0').slice(0, Math.min(9, digits)) + 'Z';
}

describe('isoTimestamp', () => {
  it('a six-digit year keeps its seconds (rt15 H3: +011476-08-15T05:20 lost them)', () => {
    expect(isoTimestamp(300_000_000_001, 1000, 6)).toBe('+011476-08-15T05:20:01.000001Z');
    expect(isoTimestamp(-1_099_511_627_776, 0, 0)).toBe('-032873-11-12T23:23:44Z');
  });

  it('equals the unmemoised formula for interleaved seconds (colliding memo slots included)', () => {
    const sec = fc.oneof(
      fc.integer({ min: 1_700_000_000, max: 1_700_000_200 }),
      fc.integer({ min: -1e10, max: 1e10 }),
      fc.constantFrom(0, 64, 128, -1, 2 ** 31, 2 ** 32 + 64, 9e12, -9e12, NaN, Infinity, 1.5),
    );
    // Mostly in range; also what a corrupt capture could give (negative, fractional, too large).
    const nsec = fc.oneof(fc.integer({ min: 0, max: 999_999_999 }), fc.constantFrom(0, 999, 1000, 999_999, 1_000_000, 999_999_999, -1, 1e9, 1.5, 2 ** 31, NaN));
    fc.assert(
      fc.property(fc.array(fc.tuple(sec, nsec, fc.constantFrom(-1, 0, 1, 2, 3, 4, 6, 7, 9, 10)), { minLength: 1, maxLength: 50 }), (xs) => {
        for (const [s, ns, d] of xs) expect(isoTimestamp(s, ns, d)).toBe(reference(s, ns, d));
      }),
      { numRuns: 300 },
    );
  });

  it('formats every second of years 1970–9999 as Date does (day, month, leap-year and century edges)', () => {
    const day = 86_400;
    const edges = [0, day - 1, day, 951_782_400, 951_868_799, 951_868_800, 4_107_542_400, 4_107_542_399, 4_102_444_800, 253_402_300_799];
    for (const s of edges) for (const d of [-1, 0, 1]) if (s + d >= 0) expect(isoTimestamp(s + d, 0, 0)).toBe(reference(s + d, 0, 0));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799 }), fc.integer({ min: 0, max: 999_999_999 }), (s, ns) => {
        expect(isoTimestamp(s, ns, 6)).toBe(reference(s, ns, 6));
        expect(isoTimestamp(s + 1, ns, 9)).toBe(reference(s + 1, ns, 9));
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('isIsoTimestamp', () => {
  const sec = fc.oneof(
    fc.integer({ min: 0, max: 253_402_300_799 }),
    fc.integer({ min: 1_700_000_000, max: 1_700_000_100 }),
    fc.constantFrom(-1, 253_402_300_800, 1.5, Number.NaN),
  );
  const ns = fc.oneof(fc.integer({ min: 0, max: 999_999_999 }), fc.constantFrom(0, 999_999_999, 1e9, 12_345_678_901, -5, 0.5));
  const digits = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constantFrom(-1, 6.5, Number.NaN));
  it('is isoTimestamp(…) === text for the text itself, other times and edited texts', () => {
    fc.assert(
      fc.property(sec, ns, digits, sec, ns, digits, fc.nat(40), fc.integer({ min: 0, max: 127 }), (s, n, p, s2, n2, p2, at, ch) => {
        const text = isoTimestamp(s, n, p);
        expect(isIsoTimestamp(text, s, n, p)).toBe(true);
        expect(isIsoTimestamp(text, s2, n2, p2)).toBe(isoTimestamp(s2, n2, p2) === text);
        const i = at % (text.length + 1);
        const edited = text.slice(0, i) + String.fromCharCode(ch) + text.slice(i + 1);
        expect(isIsoTimestamp(edited, s, n, p)).toBe(edited === text);
        expect(isIsoTimestamp(text + '0', s, n, p)).toBe(false);
        expect(isIsoTimestamp(text.slice(0, -1), s, n, p)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('compares the fraction digits with the nanoseconds (neighbours differ)', () => {
    const t = isoTimestamp(1_700_000_000, 123_456_789, 6); // …20.123456Z
    expect(isIsoTimestamp(t, 1_700_000_000, 123_456_000, 6)).toBe(true);
    expect(isIsoTimestamp(t, 1_700_000_000, 123_457_000, 6)).toBe(false);
    expect(isIsoTimestamp(t, 1_700_000_000, 123_455_999, 6)).toBe(false);
    expect(isIsoTimestamp(t, 1_700_000_001, 123_456_789, 6)).toBe(false);
    expect(isIsoTimestamp(t, 1_700_000_000, 123_456_789, 9)).toBe(false);
  });
});
