import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalText, digitCount, digitsKey, keyDigits } from '../../src/core/digit-key.js';

/** Integers near the edges of the 8-digit split and of the digit counts. */
const edgy = fc.oneof(
  fc.integer({ min: 0, max: 17 }).chain((k) => fc.integer({ min: -3, max: 3 }).map((d) => Math.max(0, 10 ** k + d))),
  fc.integer({ min: 1, max: 90_071_992 }).chain((m) => fc.integer({ min: -2, max: 2 }).map((d) => Math.max(0, m * 1e8 + d))),
  fc.constant(Number.MAX_SAFE_INTEGER),
);

describe('decimalText / keyDigits (core/digit-key.ts)', () => {
  it('decimalText is String(n) for every safe non-negative integer, and for any other number', () => {
    fc.assert(
      fc.property(fc.oneof(fc.maxSafeNat(), fc.nat(), edgy), (n) => {
        expect(decimalText(n)).toBe(String(n));
      }),
      { numRuns: 20_000 },
    );
    for (const n of [-1, -0, 0.5, 1e21, Number.MAX_SAFE_INTEGER + 1, NaN, Infinity, -Infinity]) expect(decimalText(n)).toBe(String(n));
  });

  it('keyDigits gives back the digits of every 1-15 digit text, leading zeros kept', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,15}$/), (d) => {
        expect(keyDigits(digitsKey(d)!)).toBe(d);
      }),
      { numRuns: 20_000 },
    );
    for (const d of ['0', '00', '000000000000000', '999999999999999', '100000000', '99999999', '000000001', '123456789012345'])
      expect(keyDigits(digitsKey(d)!)).toBe(d);
  });
});

describe('digitCount (core/digit-key.ts)', () => {
  it('is the length of String(n) for every safe non-negative integer, around every power of ten', () => {
    fc.assert(
      fc.property(fc.oneof(fc.maxSafeNat(), fc.nat(), edgy.filter(Number.isSafeInteger)), (n) => {
        expect(digitCount(n)).toBe(String(n).length);
      }),
      { numRuns: 20_000 },
    );
  });
});
