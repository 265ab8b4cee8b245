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
});
