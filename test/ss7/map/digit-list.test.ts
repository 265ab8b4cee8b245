/**
 * The reader's IMSI / E.164 lists (src/ss7/map/args/reader.ts DigitList): raw entries are octet
 * ranges of the bytes they were read from, so their strings must be made from those bytes before
 * the reader reads from another buffer (a constructed value's joined copy: ArgReader.join settles).
 */
import { describe, expect, it } from 'vitest';
import { encodeTbcd } from '../../../src/asn1/tbcd.js';
import { concat } from '../../../src/encode/bytes.js';
import { DigitList } from '../../../src/ss7/map/args/reader.js';

describe('DigitList', () => {
  const numbers = Array.from({ length: 64 }, (_, i) => `4917200${String(i).padStart(5, '0')}`);
  const message = concat(...numbers.map((n) => encodeTbcd(n)));
  const width = encodeTbcd(numbers[0]!).length;
  const joined = encodeTbcd('8613800000001');

  it('settled from the message, a 65th entry from another buffer keeps the first 64 right', () => {
    const list = new DigitList();
    list.reset(false);
    for (let i = 0; i < numbers.length; i++) list.add(message, i * width, (i + 1) * width, undefined);
    list.settle(message);
    expect(list.add(joined, 0, joined.length, undefined)).toBe(true); // past the cap: reported, not listed
    expect(list.take(joined)).toEqual(numbers);
  });

  it('raw entries are decoded from the bytes given at take (deferred: nothing made before)', () => {
    const list = new DigitList();
    list.reset(false);
    list.add(message, 0, width, undefined);
    expect(list.take(message)).toEqual([numbers[0]]);
  });
});
