/**
 * SlotTable (core/slot-table.ts), BoundedTable's count and age caps over slot numbers (the
 * subscriber store's entries): random operation sequences against a naive reference (an array in
 * recency order, scanned linearly, as test/core/bounded-table.test.ts specifies BoundedTable);
 * after every step both hold the same entries in the same order with the same stamps, the same
 * eviction log (reason and the user's value read in the callback), and a slot in use is never
 * handed out again. Expendable slots (rt19 M5): the count cap evicts the oldest marked first.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EvictReason } from '../../src/core/bounded-table.js';
import { NIL, SlotTable } from '../../src/core/slot-table.js';

interface RefEntry {
  value: number;
  stamp: number;
}

class Reference {
  list: RefEntry[] = [];
  /** Expendable entries in the order they were marked. */
  spare: RefEntry[] = [];
  log: [number, EvictReason][] = [];
  constructor(
    readonly maxEntries: number,
    readonly maxAgeSec: number,
  ) {}
  remove(e: RefEntry): void {
    this.list.splice(this.list.indexOf(e), 1);
    if (this.spare.includes(e)) this.spare.splice(this.spare.indexOf(e), 1);
  }
  mark(e: RefEntry, on: boolean): void {
    const i = this.spare.indexOf(e);
    if (on && i < 0) this.spare.push(e);
    else if (!on && i >= 0) this.spare.splice(i, 1);
  }
  evict(e: RefEntry, why: EvictReason): void {
    this.remove(e);
    this.log.push([e.value, why]);
  }
  stale(e: RefEntry, now: number): boolean {
    return now - e.stamp > this.maxAgeSec;
  }
  enforce(now: number): void {
    while (this.list.length > 0) {
      const e = this.list[0]!;
      if (this.stale(e, now)) this.evict(e, 'age');
      else if (this.list.length > this.maxEntries) this.evict(this.spare[0] ?? e, 'limit');
      else return;
    }
  }
}

type Op =
  | { op: 'add'; dt: number; back: number; enforce: boolean }
  | { op: 'touch' | 'restamp' | 'delete' | 'evict' | 'staleEvict' | 'spare' | 'unspare'; pick: number; dt: number }
  | { op: 'enforce'; dt: number };

const dt = fc.integer({ min: -2, max: 6 }); // capture time mostly advances, sometimes steps back
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('add' as const), dt, back: fc.integer({ min: 0, max: 15 }), enforce: fc.boolean() }) },
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constantFrom(
        'touch' as const,
        'restamp' as const,
        'delete' as const,
        'evict' as const,
        'staleEvict' as const,
        'spare' as const,
        'spare' as const,
        'unspare' as const,
      ),
      pick: fc.nat(),
      dt,
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('enforce' as const), dt }) },
);

describe('SlotTable (model test against a naive reference)', () => {
  it('holds the same slots, order, stamps and evictions as the reference after every operation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.oneof(fc.constant(Infinity), fc.integer({ min: 0, max: 20 })),
        fc.integer({ min: 1, max: 4 }),
        fc.array(opArb, { maxLength: 150 }),
        (maxEntries, maxAgeSec, initial, ops) => {
          const log: [number, EvictReason][] = [];
          /** The user's slot array: the value each slot holds (read by the eviction callback). */
          const values: number[] = [];
          const t = new SlotTable(maxEntries, maxAgeSec, (s, why) => log.push([values[s]!, why]), initial);
          const ref = new Reference(maxEntries, maxAgeSec);
          /** Slot of each live value. */
          const slots = new Map<number, number>();
          let now = 0;
          ops.forEach((o, value) => {
            now += o.dt;
            switch (o.op) {
              case 'add': {
                // A restored record keeps its own (older) stamp; the caller enforces after it.
                const stamp = now - o.back;
                const s = t.add(stamp);
                expect([...slots.values()]).not.toContain(s);
                expect(s).toBeLessThan(t.capacity);
                values[s] = value;
                slots.set(value, s);
                ref.list.push({ value, stamp });
                if (o.enforce) {
                  t.enforce(now);
                  ref.enforce(now);
                }
                break;
              }
              case 'enforce':
                t.enforce(now);
                ref.enforce(now);
                break;
              default: {
                if (ref.list.length === 0) break;
                const r = ref.list[o.pick % ref.list.length]!;
                const s = slots.get(r.value)!;
                if (o.op === 'touch') {
                  t.touch(s, now);
                  r.stamp = now;
                  ref.list.splice(ref.list.indexOf(r), 1); // moved: stays expendable if it was
                  ref.list.push(r);
                } else if (o.op === 'spare' || o.op === 'unspare') {
                  t.setExpendable(s, o.op === 'spare');
                  ref.mark(r, o.op === 'spare');
                } else if (o.op === 'restamp') {
                  t.restamp(s, now);
                  r.stamp = now;
                } else if (o.op === 'delete') {
                  t.delete(s);
                  ref.remove(r);
                  t.delete(s); // twice: a no-op
                } else if (o.op === 'evict') {
                  const spare = ref.spare.includes(r);
                  t.evict(s, 'limit');
                  expect(t.evictedExpendable).toBe(spare);
                  ref.evict(r, 'limit');
                  t.evict(s, 'limit'); // twice: a no-op
                } else {
                  // The store's lookup: a stale slot is evicted by age when found.
                  expect(t.isStale(s, now)).toBe(ref.stale(r, now));
                  if (ref.stale(r, now)) {
                    t.evict(s, 'age');
                    ref.evict(r, 'age');
                  }
                }
              }
            }
            for (const [v] of slots) if (!ref.list.some((r) => r.value === v)) slots.delete(v);
            const order: [number, number][] = [];
            for (let s = t.oldest; s !== NIL; s = t.next(s)) {
              order.push([values[s]!, t.stamp(s)]);
              expect(t.isLive(s)).toBe(true);
              if (order.length > 1000) throw new Error('cycle');
            }
            expect(order).toEqual(ref.list.map((r) => [r.value, r.stamp]));
            expect(t.size).toBe(ref.list.length);
            expect(t.expendable).toBe(ref.spare.length);
            for (const r of ref.list) expect(t.isExpendable(slots.get(r.value)!)).toBe(ref.spare.includes(r));
            expect(log).toEqual(ref.log);
            if (o.op === 'enforce' || (o.op === 'add' && o.enforce)) expect(t.size).toBeLessThanOrEqual(maxEntries);
          });
        },
      ),
      { numRuns: 400 },
    );
  });

  it('evicts the oldest expendable slot first at the count cap, in the order they were marked (rt19 M5)', () => {
    const gone: number[] = [];
    const t = new SlotTable(3, Infinity, (s) => gone.push(s), 2);
    const [a, b, c] = [t.add(0), t.add(1), t.add(2)];
    t.setExpendable(c, true);
    t.setExpendable(b, true);
    t.setExpendable(b, true); // twice: one mark
    t.add(3);
    t.enforce(3);
    expect(gone).toEqual([c]); // not the oldest (a), the first marked
    expect(t.evictedExpendable).toBe(true);
    t.setExpendable(b, false);
    t.add(4);
    t.enforce(4);
    expect(gone).toEqual([c, a]); // none left expendable: the oldest
    expect(t.evictedExpendable).toBe(false);
    expect(t.expendable).toBe(0);
  });

  it('reuses a freed slot before growing', () => {
    const t = new SlotTable(10, Infinity, () => undefined, 2);
    const a = t.add(0);
    t.add(0);
    t.delete(a);
    expect(t.add(0)).toBe(a);
    expect(t.capacity).toBe(2);
  });
});
