/**
 * A profile's prefixes compiled once (detect/key-prefixes.ts), what `home_subscriber` matches identity
 * keys with: it must answer as `startsWith` on the key's text for every text (hostile ones included:
 * letters, 16+ digits, leading zeros, `tel:` forms, the empty string) and every prefix list, as
 * core/identity-key.ts keyStartsWithAny does (test/core/identity-key.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { imsiKeyOf, msisdnKeyOf } from '../../src/core/identity-key.js';
import { KeyPrefixes } from '../../src/detect/key-prefixes.js';

const digitText = fc.stringMatching(/^[0-9]{0,17}$/);
const text = fc.oneof(
  { weight: 4, arbitrary: digitText },
  { weight: 2, arbitrary: digitText.map((d) => 'tel:' + d) },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9a-c*#]{0,16}$/) },
  { weight: 1, arbitrary: fc.constantFrom('', 'tel:', '0', '00', '000000000000000', '9999999999999999', ' 12') },
);
const prefix = fc.oneof(fc.stringMatching(/^[0-9]{0,16}$/), fc.constantFrom('', 'tel:', 'tel:1', 'a', '31041x'));

describe('KeyPrefixes', () => {
  it('agrees with startsWith on the text, for IMSI-side and MSISDN-side keys', () => {
    fc.assert(
      fc.property(text, fc.array(prefix, { maxLength: 4 }), (s, ps) => {
        const want = ps.some((p) => s.startsWith(p));
        const kp = new KeyPrefixes(ps);
        expect(kp.has(imsiKeyOf(s))).toBe(want);
        expect(kp.has(msisdnKeyOf(s))).toBe(want);
      }),
      { numRuns: 5000 },
    );
  });

  it('every prefix length of a 15-digit key, one past it, and leading zeros', () => {
    const imsi = '310410123456789';
    for (let m = 0; m <= 16; m++) expect(new KeyPrefixes([imsi.slice(0, m)]).has(imsiKeyOf(imsi))).toBe(true);
    expect(new KeyPrefixes([imsi + '0']).has(imsiKeyOf(imsi))).toBe(false);
    expect(new KeyPrefixes(['9999999999999990']).has(imsiKeyOf('999999999999999'))).toBe(false);
    expect(new KeyPrefixes(['09']).has(imsiKeyOf('100000000000000'))).toBe(false);
    expect(new KeyPrefixes(['1202555', '']).has(msisdnKeyOf('4477001'))).toBe(true);
    expect(new KeyPrefixes(['x', '1202555']).has(msisdnKeyOf('12025550001'))).toBe(true);
    expect(new KeyPrefixes([]).has(msisdnKeyOf('12025550001'))).toBe(false);
  });
});
