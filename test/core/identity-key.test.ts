/**
 * Identity keys (core/identity-key.ts) and their index (core/key-index.ts): the subscriber tables
 * key identities by these instead of their text, so the mapping must be one-to-one and invertible
 * on every text (hostile ones included: letters, 16+ digits, leading zeros, `tel:` forms, the
 * empty string), the prefix test must agree with `startsWith` on the text, and the index must
 * behave as a Map.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { imsiKeyOf, imsiText, keyStartsWithAny, msisdnKeyOf, msisdnText, telKey } from '../../src/core/identity-key.js';
import { KeyIndex, keyHash } from '../../src/core/key-index.js';

/** Texts biased towards the forms that become numbers, and the ones next to them. */
const digitText = fc.stringMatching(/^[0-9]{0,17}$/);
const text = fc.oneof(
  { weight: 4, arbitrary: digitText },
  { weight: 2, arbitrary: digitText.map((d) => 'tel:' + d) },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9a-c*#]{0,16}$/) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom('', 'tel:', 'tel', 'TEL:123', 'tel:+123', '0', '00', '000000000000000', '9999999999999999', '1e5', ' 12') },
);

describe('identity keys', () => {
  it('are one-to-one with the text and give it back (IMSI side and MSISDN side)', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(imsiText(imsiKeyOf(a))).toBe(a);
        expect(msisdnText(msisdnKeyOf(a))).toBe(a);
        expect(imsiKeyOf(a) === imsiKeyOf(b)).toBe(a === b);
        expect(msisdnKeyOf(a) === msisdnKeyOf(b)).toBe(a === b);
      }),
      { numRuns: 3000 },
    );
  });

  it('numbers exactly for 1-15 decimal digits (and `tel:` + those on the IMSI side)', () => {
    fc.assert(
      fc.property(text, (s) => {
        const dec = /^[0-9]{1,15}$/.test(s);
        expect(typeof msisdnKeyOf(s) === 'number').toBe(dec);
        expect(typeof imsiKeyOf(s) === 'number').toBe(dec || (s.startsWith('tel:') && /^[0-9]{1,15}$/.test(s.slice(4))));
      }),
      { numRuns: 2000 },
    );
    expect(imsiKeyOf('001')).toBe(1001);
    expect(imsiKeyOf('tel:001')).toBe(-1001);
    expect(imsiKeyOf('1234567890123456')).toBe('1234567890123456');
  });

  it("telKey(MSISDN key) is the IMSI-side key of `tel:` + the MSISDN (the store's MSISDN-only key)", () => {
    fc.assert(
      fc.property(text, (m) => {
        expect(telKey(msisdnKeyOf(m))).toBe(imsiKeyOf('tel:' + m));
      }),
      { numRuns: 2000 },
    );
  });

  it('keyStartsWithAny agrees with startsWith on the text', () => {
    const prefix = fc.oneof(fc.stringMatching(/^[0-9]{0,16}$/), fc.constantFrom('', 'tel:', 'tel:1', 'a', '31041x'));
    fc.assert(
      fc.property(text, fc.array(prefix, { maxLength: 4 }), (s, ps) => {
        const want = ps.some((p) => s.startsWith(p));
        expect(keyStartsWithAny(imsiKeyOf(s), ps)).toBe(want);
        expect(keyStartsWithAny(msisdnKeyOf(s), ps)).toBe(want);
      }),
      { numRuns: 5000 },
    );
    // Prefixes of a 15-digit key at every length, and one past it.
    const imsi = '310410123456789';
    for (let m = 0; m <= 16; m++) expect(keyStartsWithAny(imsiKeyOf(imsi), [imsi.slice(0, m)])).toBe(true);
    expect(keyStartsWithAny(imsiKeyOf(imsi), [imsi + '0'])).toBe(false);
    expect(keyStartsWithAny(imsiKeyOf('999999999999999'), ['9999999999999990'])).toBe(false);
    expect(keyStartsWithAny(imsiKeyOf('100000000000000'), ['09'])).toBe(false);
  });
});

describe('KeyIndex', () => {
  it('behaves as a Map under any sequence of sets, gets and deletes (growth and deletion shifts included)', () => {
    // A small key space (many collisions in the probe runs) and a large one (growth).
    const key = fc.oneof(
      fc.integer({ min: 0, max: 40 }).map((i) => imsiKeyOf(String(i))),
      text.map(imsiKeyOf),
    );
    const op = fc.tuple(fc.constantFrom('set', 'set', 'get', 'delete'), key, fc.nat());
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
        const idx = new KeyIndex<number>();
        const ref = new Map<number | string, number>();
        for (const [o, k, v] of ops) {
          if (o === 'set') {
            idx.set(k, v);
            ref.set(k, v);
          } else if (o === 'delete') expect(idx.delete(k)).toBe(ref.delete(k));
          expect(idx.get(k)).toBe(ref.get(k));
          expect(idx.size).toBe(ref.size);
        }
        for (const [k, v] of ref) expect(idx.get(k)).toBe(v);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps every key through growth and deletes all of them', () => {
    const idx = new KeyIndex<number>();
    const keys = Array.from({ length: 5000 }, (_, i) => imsiKeyOf(String(310410000000000 + i * 7919)));
    for (const [i, k] of keys.entries()) idx.set(k, i);
    for (const [i, k] of keys.entries()) expect(idx.get(k)).toBe(i);
    keys.forEach((k, i) => {
      if (i % 2 === 0) expect(idx.delete(k)).toBe(true);
    });
    for (const [i, k] of keys.entries()) expect(idx.get(k)).toBe(i % 2 === 0 ? undefined : i);
    expect(idx.size).toBe(2500);
  });

  it('spreads keys crafted to share one slot under a fixed multiplicative hash (hash flooding)', () => {
    // 15-digit IMSIs whose keys hi·2^32 + lo satisfy lo ^ imul(hi, 0x85ebca6b) = X: under the first,
    // unseeded hash of this index every one of them had the same home slot at every table size
    // (red-team review, issue 19). The seeded, avalanched hash must scatter them like random keys.
    const X = 0x12345678;
    const keys: number[] = [];
    for (let hi = Math.ceil(1e15 / 2 ** 32); keys.length < 4096; hi++) {
      const k = hi * 2 ** 32 + ((X ^ Math.imul(hi, 0x85ebca6b)) >>> 0);
      if (k >= 1e15 && k < 2e15) keys.push(imsiKeyOf(String(k).slice(1)) as number);
    }
    const unseeded = new Set(keys.map((k) => Math.imul((k | 0) ^ Math.imul((k / 2 ** 32) | 0, 0x85ebca6b), 0x9e3779b1) >>> 20));
    expect(unseeded.size).toBe(1);
    // 4096 keys into 4096 slots: random keys fill about 1 - 1/e of them (2589).
    const homes = new Set(keys.map((k) => keyHash(k) >>> 20));
    expect(homes.size).toBeGreaterThan(2300);
  });
});

describe('identity keys of values that are not strings (a JavaScript caller bypassing the types)', () => {
  it('key a value by its String() text, so distinct values stay distinct', () => {
    const asString = (v: unknown) => v as string;
    expect(imsiKeyOf(asString(262011234567890))).toBe(imsiKeyOf('262011234567890'));
    expect(imsiKeyOf(asString(12))).not.toBe(imsiKeyOf(asString(13)));
    expect(msisdnKeyOf(asString(4915112345678))).toBe(msisdnKeyOf('4915112345678'));
    expect(msisdnKeyOf(asString(null))).toBe('null');
  });
});
