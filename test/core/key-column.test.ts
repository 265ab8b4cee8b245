/**
 * KeyColumn (core/key-column.ts), identity keys in a Float64Array with text keys beside it: random
 * writes of digit keys, text keys and undefined over a few slots (growing) against a plain array;
 * every slot reads back what the array holds, and a text replaced by a number (or cleared) is not
 * kept.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyColumn } from '../../src/core/key-column.js';
import { imsiKeyOf, type IdentityKey } from '../../src/core/identity-key.js';

const keyArb: fc.Arbitrary<IdentityKey | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.stringMatching(/^[0-9]{1,15}$/).map(imsiKeyOf),
  fc.stringMatching(/^[0-9]{1,15}$/).map((d) => imsiKeyOf('tel:' + d)),
  fc.constantFrom('imsi-text', '1234567890123456', 'tel:x', ''),
);

describe('KeyColumn (model test against a plain array)', () => {
  it('reads back every slot as a plain array of keys holds it, through growth', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 40 }), keyArb), { maxLength: 200 }), (writes) => {
        const col = new KeyColumn();
        const ref: (IdentityKey | undefined)[] = [];
        for (const [s, k] of writes) {
          if (s >= col.length) col.grow(Math.max(4, col.length * 2, s + 1));
          col.set(s, k);
          ref[s] = k;
          for (let i = 0; i < col.length; i++) expect(col.get(i)).toBe(ref[i]);
        }
        const texts = ref.filter((k) => typeof k === 'string').length;
        expect((col as unknown as { texts: Map<number, string> }).texts.size).toBe(texts);
      }),
      { numRuns: 300 },
    );
  });
});
