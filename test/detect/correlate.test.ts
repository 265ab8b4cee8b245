import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Correlator, MARK, OBSERVED, ORIGIN_ID } from '../../src/detect/correlate.js';

const info = (country: string) => ({ country, source: 'e164' as const });

describe('Correlator', () => {
  it('keeps at most N observations per subscriber and counts the dropped ones', () => {
    const c = new Correlator({ subscribers: 10, correlationEventsPerSubscriber: 3 }, 3600);
    for (let i = 0; i < 5; i++) c.add('s', { rule: 0, kind: OBSERVED, t: i, frame: i + 1, info: info('C' + i), idKind: ORIGIN_ID.NONE, id: undefined });
    expect(c.recent('s', 0, OBSERVED, 10, 3600).map((o) => o.frame)).toEqual([3, 4, 5]);
    expect(c.counters.droppedObservations).toBe(2);
  });

  it('filters by rule, kind and window', () => {
    const c = new Correlator({ subscribers: 10, correlationEventsPerSubscriber: 8 }, 3600);
    c.add('s', { rule: 0, kind: MARK, t: 0, frame: 1, info: info('JP'), idKind: ORIGIN_ID.NONE, id: undefined });
    c.add('s', { rule: 1, kind: MARK, t: 50, frame: 2, info: info('JP'), idKind: ORIGIN_ID.NONE, id: undefined });
    c.add('s', { rule: 0, kind: OBSERVED, t: 60, frame: 3, info: info('JP'), idKind: ORIGIN_ID.NONE, id: undefined });
    expect(c.recent('s', 0, MARK, 100, 200).map((o) => o.frame)).toEqual([1]);
    expect(c.recent('s', 0, MARK, 300, 200)).toEqual([]);
  });

  it('bounds subscribers (LRU) and drops those idle beyond the longest window', () => {
    const c = new Correlator({ subscribers: 2, correlationEventsPerSubscriber: 4 }, 100);
    c.add('a', { rule: 0, kind: OBSERVED, t: 0, frame: 1, info: info('JP'), idKind: ORIGIN_ID.NONE, id: undefined });
    c.add('b', { rule: 0, kind: OBSERVED, t: 1, frame: 2, info: info('JP'), idKind: ORIGIN_ID.NONE, id: undefined });
    c.add('c', { rule: 0, kind: OBSERVED, t: 2, frame: 3, info: info('JP'), idKind: ORIGIN_ID.NONE, id: undefined });
    expect(c.size).toBe(2);
    expect(c.counters.evictedSubscribers).toBe(1);
    c.add('d', { rule: 0, kind: OBSERVED, t: 500, frame: 4, info: info('JP'), idKind: ORIGIN_ID.NONE, id: undefined });
    expect(c.size).toBe(1);
    expect(c.counters.expiredSubscribers).toBe(2);
  });

  it('a re-observed subscriber is the newest (LRU), and freed slots do not carry observations over', () => {
    const c = new Correlator({ subscribers: 2, correlationEventsPerSubscriber: 2 }, 1000);
    const add = (sub: string, t: number, frame: number) =>
      c.add(sub, { rule: 0, kind: OBSERVED, t, frame, info: info('JP'), idKind: ORIGIN_ID.GT, id: `49${frame}` });
    add('a', 0, 1);
    add('b', 1, 2);
    add('a', 2, 3); // a is now newer than b
    add('c', 3, 4); // evicts b, the least recently observed
    expect(c.recent('b', 0, OBSERVED, 10, 100)).toEqual([]);
    expect(c.recent('a', 0, OBSERVED, 10, 100).map((o) => [o.frame, o.id])).toEqual([
      [1, '491'],
      [3, '493'],
    ]);
    for (let i = 0; i < 300; i++) add(`s${i}`, 4 + i, 100 + i); // slots reused many times over
    expect(c.size).toBe(2);
    expect(c.recent('s299', 0, OBSERVED, 400, 1000).map((o) => o.frame)).toEqual([399]);
    add('s299', 305, 500);
    add('s299', 306, 501);
    expect(c.recent('s299', 0, OBSERVED, 400, 1000).map((o) => o.frame)).toEqual([500, 501]);
    expect(c.counters.evictedSubscribers).toBe(301); // b, then one per new subscriber
  });

  it('marks are found while held, whatever other observations come and go around them (the per-subscriber mark count)', () => {
    const c = new Correlator({ subscribers: 2, correlationEventsPerSubscriber: 3 }, 1e9);
    const add = (sub: string, kind: typeof OBSERVED | typeof MARK, t: number) =>
      c.add(sub, { rule: 0, kind, t, frame: t, info: info('JP'), idKind: ORIGIN_ID.NONE, id: undefined });
    const marks = (sub: string) => c.recent(sub, 0, MARK, 1000, 1e9).map((o) => o.frame);
    add('a', OBSERVED, 1);
    add('a', MARK, 2);
    expect(marks('a')).toEqual([2]);
    add('a', OBSERVED, 3);
    add('a', OBSERVED, 4); // drops the observation at 1, not the mark
    expect(marks('a')).toEqual([2]);
    add('a', OBSERVED, 5); // drops the mark
    expect(marks('a')).toEqual([]);
    add('a', MARK, 6);
    add('a', MARK, 7);
    expect(marks('a')).toEqual([6, 7]);
    add('a', OBSERVED, 8); // drops the observation at 5
    add('a', OBSERVED, 9); // drops the mark at 6
    expect(marks('a')).toEqual([7]);
    // Evicted with its marks; the slot reused by another subscriber that has none, then one.
    add('b', OBSERVED, 10);
    add('c', OBSERVED, 11);
    expect(marks('a')).toEqual([]);
    add('d', OBSERVED, 12);
    expect(marks('d')).toEqual([]);
    add('d', MARK, 13);
    expect(marks('d')).toEqual([13]);
  });

  it('the slot walk (within / nextWithin and the slot readers) lists what a plain model of the window holds', () => {
    const step = fc.record({
      sub: fc.constantFrom('a', 'b', 'c'),
      rule: fc.nat(2),
      kind: fc.constantFrom(OBSERVED, MARK),
      dt: fc.integer({ min: 0, max: 50 }),
      country: fc.constantFrom('JP', 'FR', 'CN'),
    });
    const query = fc.record({
      sub: fc.constantFrom('a', 'b', 'c', 'z'),
      rule: fc.nat(2),
      kind: fc.constantFrom(OBSERVED, MARK),
      window: fc.integer({ min: 0, max: 400 }),
      ahead: fc.integer({ min: -20, max: 100 }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), fc.array(query, { minLength: 1, maxLength: 8 }), (steps, queries) => {
        const perSub = 4;
        const c = new Correlator({ subscribers: 10, correlationEventsPerSubscriber: perSub }, 1e9);
        const model = new Map<string, { rule: number; kind: number; t: number; frame: number; country: string }[]>();
        let t = 0;
        steps.forEach((x, i) => {
          t += x.dt;
          c.add(x.sub, { rule: x.rule, kind: x.kind, t, frame: i + 1, info: info(x.country), idKind: ORIGIN_ID.NONE, id: undefined });
          const list = model.get(x.sub) ?? [];
          list.push({ rule: x.rule, kind: x.kind, t, frame: i + 1, country: x.country });
          model.set(x.sub, list.slice(-perSub)); // the oldest dropped past the per-subscriber bound
        });
        for (const q of queries) {
          const now = t + q.ahead;
          const want = (model.get(q.sub) ?? []).filter((o) => o.rule === q.rule && o.kind === q.kind && now - o.t <= q.window && o.t <= now);
          const got: [number, number, string | undefined][] = [];
          for (let o = c.within(q.sub, q.rule, q.kind, now, q.window); o >= 0; o = c.nextWithin(o, q.rule, q.kind, now, q.window))
            got.push([c.frameAt(o), c.timeAt(o), c.infoAt(o).country]);
          expect(got).toEqual(want.map((o) => [o.frame, o.t, o.country]));
          expect(c.recent(q.sub, q.rule, q.kind, now, q.window).map((o) => o.frame)).toEqual(want.map((o) => o.frame));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('Correlator store-slot hints (detect/context.ts resolvedSlot)', () => {
  it('a hint never names another subscriber: hinted lookups list what unhinted ones list, whatever slot the hint gives', () => {
    // Digit keys (hints apply to them) and a text key; hints drawn freely, so one hint names
    // several subscribers in turn, as a store slot does after its record was evicted and the slot
    // re-used; two subscriber slots here, so the correlator's own slots are re-used as well.
    const KEYS = [310410123456789, 310410123456780, 12025550100, -12025550100, 'tel:12#3'];
    const op = fc.record({
      key: fc.nat(KEYS.length - 1),
      hint: fc.integer({ min: -1, max: 5 }),
      rule: fc.nat(1),
      kind: fc.constantFrom(OBSERVED, MARK),
      dt: fc.integer({ min: 0, max: 120 }),
      query: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 80 }), (ops) => {
        const limits = { subscribers: 2, correlationEventsPerSubscriber: 3 };
        const hinted = new Correlator(limits, 300);
        const plain = new Correlator(limits, 300);
        let t = 0;
        ops.forEach((x, i) => {
          t += x.dt;
          const sub = KEYS[x.key]!;
          if (x.query) {
            expect(hinted.hasMarks(sub, x.hint)).toBe(plain.hasMarks(sub));
            const list = (c: Correlator, h: number) => {
              const out: number[] = [];
              for (let o = c.within(sub, x.rule, x.kind, t, 200, h); o >= 0; o = c.nextWithin(o, x.rule, x.kind, t, 200)) out.push(c.frameAt(o));
              return out;
            };
            expect(list(hinted, x.hint)).toEqual(list(plain, -1));
            return;
          }
          const o = { rule: x.rule, kind: x.kind, t, frame: i + 1, info: info('JP'), idKind: ORIGIN_ID.NONE, id: undefined };
          hinted.add(sub, o, x.hint);
          plain.add(sub, o);
        });
        for (const sub of KEYS)
          for (let h = -1; h <= 5; h++) expect(hinted.recent(sub, 0, OBSERVED, t, 1e9, h)).toEqual(plain.recent(sub, 0, OBSERVED, t, 1e9));
        expect(hinted.size).toBe(plain.size);
        expect(hinted.counters).toEqual(plain.counters);
      }),
      { numRuns: 400 },
    );
  });
});

describe('Correlator against a model with eviction and expiry', () => {
  it('lists the observations and marks a plain model holds, subscribers evicted (count) and expired (horizon) included', () => {
    const op = fc.record({ sub: fc.nat(3), kind: fc.constantFrom(OBSERVED, MARK), rule: fc.nat(1), dt: fc.integer({ min: 0, max: 70 }) });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops) => {
        const [maxSubs, perSub, horizon] = [2, 3, 100];
        const c = new Correlator({ subscribers: maxSubs, correlationEventsPerSubscriber: perSub }, horizon);
        // Insertion order is the observation order (a re-observed subscriber moves to the end).
        const model = new Map<number, { rule: number; kind: number; t: number; frame: number }[]>();
        let t = 0;
        ops.forEach((x, i) => {
          t += x.dt;
          const sub = 310410000000000 + x.sub;
          c.add(sub, { rule: x.rule, kind: x.kind, t, frame: i + 1, info: info('JP'), idKind: ORIGIN_ID.NONE, id: undefined });
          const list = [...(model.get(sub) ?? []), { rule: x.rule, kind: x.kind, t, frame: i + 1 }].slice(-perSub);
          model.delete(sub);
          model.set(sub, list);
          for (const [k, l] of model) {
            if (t - l[l.length - 1]!.t > horizon || model.size > maxSubs) model.delete(k);
            else break;
          }
          for (let s = 0; s < 4; s++) {
            const key = 310410000000000 + s;
            const held = model.get(key) ?? [];
            expect(c.hasMarks(key)).toBe(held.some((o) => o.kind === MARK));
            for (const kind of [OBSERVED, MARK] as const)
              for (const rule of [0, 1])
                expect(c.recent(key, rule, kind, t, 1e9).map((o) => o.frame)).toEqual(
                  held.filter((o) => o.kind === kind && o.rule === rule).map((o) => o.frame),
                );
          }
        });
        expect(c.size).toBe(model.size);
      }),
      { numRuns: 300 },
    );
  });
});
