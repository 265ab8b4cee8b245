import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FifoMap } from '../../src/core/fifo-map.js';

describe('FifoMap', () => {
  it('gives the least recently set entry; delete and set again move it', () => {
    const m = new FifoMap<string, number>();
    expect(m.oldest()).toBeUndefined();
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    expect(m.oldest()).toBe('a');
    m.delete('a');
    expect(m.oldest()).toBe('b');
    m.set('b', 4);
    expect([m.oldest(), [...m.keys()], m.get('b'), m.size]).toEqual(['c', ['c', 'b'], 4, 2]);
  });

  it('answers as an insertion-ordered Map (delete + set moves a key last) under any operations, its queue bounded', () => {
    const op = fc.oneof(
      fc.record({ k: fc.constant('set' as const), key: fc.integer({ min: 0, max: 20 }), v: fc.integer() }),
      fc.record({ k: fc.constant('del' as const), key: fc.integer({ min: 0, max: 20 }) }),
      fc.record({ k: fc.constant('evict' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const m = new FifoMap<number, number>();
        const ref = new Map<number, number>();
        for (const o of ops) {
          if (o.k === 'set') {
            m.set(o.key, o.v);
            ref.delete(o.key);
            ref.set(o.key, o.v);
          } else if (o.k === 'del') expect(m.delete(o.key)).toBe(ref.delete(o.key));
          else {
            const k = m.oldest();
            expect(k).toBe(ref.keys().next().value);
            if (k !== undefined) {
              m.delete(k);
              ref.delete(k);
            }
          }
          expect(m.size).toBe(ref.size);
          expect(m.queued).toBeLessThanOrEqual(2 * m.size + 32);
        }
        expect([...m.keys()]).toEqual([...ref.keys()]);
        for (const [k, v] of ref) expect(m.get(k)).toBe(v);
      }),
    );
  });

  it('a full table evicting its oldest for every insertion keeps its queue within twice its entries', () => {
    const m = new FifoMap<string, number>();
    for (let i = 0; i < 1000; i++) m.set(`k${i}`, i);
    let most = 0;
    for (let i = 0; i < 100_000; i++) {
      m.delete(m.oldest()!);
      m.set(`n${i}`, i);
      most = Math.max(most, m.queued);
    }
    expect([m.size, m.oldest(), most <= 2 * 1000 + 32]).toEqual([1000, 'n99000', true]);
  });
});
