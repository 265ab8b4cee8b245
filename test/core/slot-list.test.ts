/**
 * SlotList (core/slot-list.ts), the recency order of the slot tables (correlator subscribers,
 * harvesting registrations, Diameter pending requests and early answers): random operation
 * sequences against a naive reference (an array of slots oldest → newest); after every step both
 * hold the same slots in the same order, a slot handed out is never one in use, freed slots are
 * reused before the arrays grow, and the arrays never outgrow the bound.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NIL, SlotList } from '../../src/core/slot-list.js';

type Op = { op: 'add' } | { op: 'touch' | 'free'; pick: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ op: 'add' as const }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('touch' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('free' as const), pick: fc.nat() }) },
);

function walk(l: SlotList): number[] {
  const out: number[] = [];
  for (let s = l.oldest; s !== NIL; s = l.next(s)) {
    out.push(s);
    if (out.length > 10_000) throw new Error('cycle');
  }
  return out;
}

describe('SlotList (model test against a naive reference)', () => {
  it('keeps the slots in use in push/touch order, hands out only free slots and reuses them first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 40 }), fc.array(opArb, { maxLength: 300 }), (initial, max, ops) => {
        const l = new SlotList(initial, max);
        const ref: number[] = [];
        let freed = 0; // slots freed and not reused yet
        let peak = 0;
        for (const o of ops) {
          if (o.op === 'add') {
            if (ref.length === max) continue; // the users never hold more than the bound
            const s = l.alloc();
            expect(ref).not.toContain(s);
            expect(s).toBeGreaterThanOrEqual(0);
            expect(s).toBeLessThan(l.capacity);
            if (freed > 0) freed--;
            l.push(s);
            ref.push(s);
          } else if (ref.length > 0) {
            const s = ref[o.pick % ref.length]!;
            ref.splice(ref.indexOf(s), 1);
            if (o.op === 'touch') {
              l.touch(s);
              ref.push(s);
            } else {
              l.free(s);
              freed++;
            }
          }
          peak = Math.max(peak, ref.length);
          expect(walk(l)).toEqual(ref);
          expect(l.size).toBe(ref.length);
          expect(l.oldest).toBe(ref[0] ?? NIL);
          expect(l.newest).toBe(ref.at(-1) ?? NIL);
          // Growth only when nothing freed is left: the arrays follow the peak, doubling, capped.
          expect(l.capacity).toBeLessThanOrEqual(Math.min(max, Math.max(initial, 2 * peak)));
          expect(ref.length + freed).toBeLessThanOrEqual(l.capacity || 0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reuses the most recently freed slot', () => {
    const l = new SlotList(4);
    const a = l.alloc();
    l.push(a);
    const b = l.alloc();
    l.push(b);
    l.free(a);
    expect(l.alloc()).toBe(a);
    expect([l.oldest, l.newest, l.size]).toEqual([b, b, 1]);
  });
});

describe('SlotList bound', () => {
  it('throws when asked for a slot past max instead of handing out one its arrays do not hold', () => {
    const l = new SlotList(2, 3);
    for (let i = 0; i < 3; i++) l.push(l.alloc());
    expect(() => l.alloc()).toThrow(RangeError);
    l.free(l.oldest);
    expect(l.alloc()).toBeLessThan(3);
  });
});
