/**
 * KeyColumn (core/key-column.ts), identity keys in a Float64Array with text keys beside it: random
 * writes of digit keys, text keys and undefined over a few slots (growing) against a plain array;
 * every slot reads back what the array holds, and a text replaced by a number (or cleared) is not
 * kept; is / held answer as get, and the subscriber store touches a record without reading a key out.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { KeyColumn } from '../../src/core/key-column.js';
import { imsiKeyOf, msisdnKeyOf, type IdentityKey } from '../../src/core/identity-key.js';
import { SubscriberStore } from '../../src/state/subscribers.js';

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
          // is / held: get's answer, compared in place (det19: no heap number per digit key read).
          expect(col.held(s)).toBe(k !== undefined);
          for (const probe of [k, undefined, ref[(s + 1) % col.length], ...writes.slice(0, 3).map((w) => w[1])]) expect(col.is(s, probe)).toBe(k === probe);
        }
        const texts = ref.filter((k) => typeof k === 'string').length;
        expect((col as unknown as { texts: Map<number, string> }).texts.size).toBe(texts);
      }),
      { numRuns: 300 },
    );
  });
});

describe('SubscriberStore.touchKey reads its keys in place', () => {
  it('touching a record it holds reads no key out of the columns (KeyColumn.get boxes a digit key)', () => {
    const store = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 3600 });
    const imsi = imsiKeyOf('310410123456789');
    const msisdn = msisdnKeyOf('12025550100');
    store.tick(1000);
    const rec = store.touchKey(imsi, msisdn);
    const reads = vi.spyOn(KeyColumn.prototype, 'get');
    try {
      store.tick(1001);
      expect(store.touchKey(imsi, msisdn)).toBe(rec); // recently touched: the re-order fast path
      store.tick(2000);
      expect(store.touchKey(imsi, msisdn)).toBe(rec); // moved to the young end
      expect(store.touchKey(imsi, undefined)).toBe(rec);
      expect(reads).not.toHaveBeenCalled();
    } finally {
      reads.mockRestore();
    }
    expect([rec?.imsi, rec?.msisdn]).toEqual(['310410123456789', '12025550100']);
  });
});
