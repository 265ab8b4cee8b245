/**
 * SlotTable (core/slot-table.ts), BoundedTable's count and age caps over slot numbers (the
 * subscriber store's entries): random operation sequences against a naive reference (an array in
 * recency order, scanned linearly, as test/core/bounded-table.test.ts specifies BoundedTable);
 * after every step both hold the same entries in the same order with the same stamps, the same
 * eviction log (reason and the user's value read in the callback), and a slot in use is never
 * handed out again.
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
  log: [number, EvictReason][] = [];
  constructor(
    readonly maxEntries: number,
    readonly maxAgeSec: number,
  ) {}
  remove(e: RefEntry): void {
    this.list.splice(this.list.indexOf(e), 1);
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
      else if (this.list.length > this.maxEntries) this.evict(e, 'limit');
      else return;
    }
  }
}

type Op =
  | { op: 'add'; dt: number; back: number; enforce: boolean }
  | { op: 'touch' | 'restamp' | 'delete' | 'evict' | 'staleEvict'; pick: number; dt: number }
  | { op: 'enforce'; dt: number };

const dt = fc.integer({ min: -2, max: 6 }); // capture time mostly advances, sometimes steps back
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('add' as const), dt, back: fc.integer({ min: 0, max: 15 }), enforce: fc.boolean() }) },
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constantFrom('touch' as const, 'restamp' as const, 'delete' as const, 'evict' as const, 'staleEvict' as const),
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
                  ref.remove(r);
                  ref.list.push(r);
                } else if (o.op === 'restamp') {
                  t.restamp(s, now);
                  r.stamp = now;
                } else if (o.op === 'delete') {
                  t.delete(s);
                  ref.remove(r);
                  t.delete(s); // twice: a no-op
                } else if (o.op === 'evict') {
                  t.evict(s, 'limit');
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
            expect(log).toEqual(ref.log);
            if (o.op === 'enforce' || (o.op === 'add' && o.enforce)) expect(t.size).toBeLessThanOrEqual(maxEntries);
          });
        },
      ),
      { numRuns: 400 },
    );
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
