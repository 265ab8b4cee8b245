/**
 * RefTable (core/ref-table.ts), the reference-counted ids behind the slot tables' reference
 * columns (history pool, flagged claims, correlator): random acquire / release sequences against
 * a plain model (the list of references held, each with the value it was acquired for). After
 * every step each held id reads back its value (the same object for objects), equal values share
 * one id, distinct live values have distinct ids, the table holds exactly the distinct values
 * still referenced (its documented limit), and a value whose last reference went is forgotten.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RefTable } from '../../src/core/ref-table.js';

type Value = { net: number } | string | number | undefined;
/** A few objects (by identity: two with equal contents), strings and numbers, and undefined. */
const OBJECTS = [{ net: 1 }, { net: 2 }, { net: 1 }];
const VALUES: Value[] = [...OBJECTS, 'hlr', 'vlr', 'UpdateLocation', 0, 5, 491234, undefined];

type Op = { op: 'acquire'; v: number } | { op: 'release'; pick: number };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('acquire' as const), v: fc.nat({ max: VALUES.length - 1 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('release' as const), pick: fc.nat() }) },
);

describe('RefTable (model test against the list of held references)', () => {
  it('reads back every held value, shares ids between equal values and forgets a value with its last reference', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), (ops) => {
        const t = new RefTable<Exclude<Value, undefined>>();
        const held: { id: number; v: Value }[] = [];
        const gone = new Set<number>();
        for (const o of ops) {
          if (o.op === 'acquire') {
            const v = VALUES[o.v];
            const id = t.acquire(v);
            held.push({ id, v });
            gone.delete(id);
          } else {
            if (held.length === 0) continue;
            const [r] = held.splice(o.pick % held.length, 1);
            t.release(r!.id);
            if (!held.some((h) => h.id === r!.id)) gone.add(r!.id);
          }
          const live = new Map<Value, number>();
          for (const h of held) {
            expect(t.get(h.id)).toBe(h.v);
            expect(h.id === 0).toBe(h.v === undefined);
            if (h.v === undefined) continue;
            const seen = live.get(h.v);
            if (seen === undefined) live.set(h.v, h.id);
            else expect(h.id).toBe(seen);
          }
          expect(new Set(live.values()).size).toBe(live.size);
          expect(t.size).toBe(live.size);
          for (const id of gone) expect(t.get(id)).toBeUndefined();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps an id stable across a release and re-acquire of a value still referenced elsewhere', () => {
    const t = new RefTable<object>();
    const a = { net: 1 };
    const id = t.acquire(a);
    expect(t.acquire(a)).toBe(id);
    t.release(id);
    expect(t.get(id)).toBe(a);
    t.release(id);
    expect(t.get(id)).toBeUndefined();
    expect(t.size).toBe(0);
    const b = { net: 2 };
    const id2 = t.acquire(b);
    expect(t.get(id2)).toBe(b);
    expect(t.acquire(a)).not.toBe(id2);
  });
});
