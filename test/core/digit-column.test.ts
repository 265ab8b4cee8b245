/** core/digit-column.ts: optional digit strings kept as numbers, any other text beside them. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DigitColumn } from '../../src/core/digit-column.js';

describe('DigitColumn', () => {
  it('gives back exactly what was stored: leading zeros, 15 digits, and texts that are not 1-15 decimal digits', () => {
    const c = new DigitColumn();
    c.grow(16);
    const values = ['001010000000001', '0', '999999999999999', '4477', '0000', '1234567890123456', '', '12a4', 'f', '*#1', undefined];
    for (const [i, v] of values.entries()) c.set(i, v);
    for (const [i, v] of values.entries()) expect(c.get(i)).toBe(v);
    expect(c.sideTexts).toBe(5); // 16 digits, '', '12a4', 'f', '*#1'
    c.set(5, undefined);
    c.set(6, '12');
    expect(c.sideTexts).toBe(3);
    expect([c.get(5), c.get(6)]).toEqual([undefined, '12']);
  });

  it('matches a plain array over random writes (digits of any length, TBCD filler, clears); the side texts stay bounded by the rows', () => {
    const text = fc.oneof(fc.stringMatching(/^[0-9]{1,18}$/), fc.stringMatching(/^[0-9a-f*#]{0,16}$/), fc.constant(undefined));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), text), { maxLength: 80 }), (writes) => {
        const c = new DigitColumn();
        c.grow(4);
        c.grow(8); // growth keeps the rows
        const model: (string | undefined)[] = new Array(8).fill(undefined);
        for (const [row, v] of writes) {
          c.set(row, v);
          model[row] = v;
        }
        for (const [i, v] of model.entries()) expect(c.get(i)).toBe(v);
        expect(c.sideTexts).toBeLessThanOrEqual(8);
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
