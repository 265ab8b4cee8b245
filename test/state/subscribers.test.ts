import { describe, expect, it } from 'vitest';
import { SubscriberStore, type Location } from '../../src/state/subscribers.js';

const loc = (country: string, tsSec: number): Location => ({ info: { country, source: 'e164' }, kind: 'vlr', address: '1', tsSec, tsNsec: 0, frame: 1 });

describe('SubscriberStore', () => {
  it('evicts the least recently updated record beyond the count limit and counts it', () => {
    const s = new SubscriberStore({ subscribers: 2, subscriberTtlSec: 1000 });
    s.tick(10);
    s.touch('001', undefined);
    s.touch('002', undefined);
    s.touch('001', undefined); // within 60 s: keeps its LRU position
    s.tick(100);
    s.touch('001', undefined); // a minute later: 001 is now the youngest
    s.touch('003', undefined);
    expect(s.size).toBe(2);
    expect(s.counters).toEqual({ created: 3, evictedLru: 1, evictedTtl: 0 });
    expect(s.find('002', undefined)).toBeUndefined();
    expect(s.find('001', undefined)).toBeDefined();
  });

  it('expires records by capture-time TTL, lazily on find and by sweeping on update', () => {
    const s = new SubscriberStore({ subscribers: 100, subscriberTtlSec: 60 });
    s.tick(0);
    s.touch('001', '111');
    s.touch('002', undefined);
    s.tick(30);
    s.touch('002', undefined);
    s.tick(61);
    expect(s.find(undefined, '111')).toBeUndefined(); // expired on lookup, MSISDN link gone too
    expect(s.counters.evictedTtl).toBe(1);
    s.tick(200);
    s.touch('003', undefined); // sweep drops 002
    expect(s.size).toBe(1);
    expect(s.counters.evictedTtl).toBe(2);
  });

  it('links MSISDN and IMSI, re-keys an MSISDN-only record when the IMSI appears', () => {
    const s = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 1000 });
    const r = s.touch(undefined, '12025550100')!;
    s.moveTo(r, loc('JP', 0));
    expect(s.find(undefined, '12025550100')?.imsi).toBeUndefined();
    s.touch('310410123456789', '12025550100');
    expect(s.size).toBe(1);
    expect(s.find('310410123456789', undefined)?.visited?.info.country).toBe('JP');
    expect(s.find(undefined, '12025550100')?.imsi).toBe('310410123456789');
  });

  it('keeps a bounded history of trusted locations', () => {
    const s = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 1000 });
    const r = s.touch('001', undefined)!;
    for (const [i, c] of ['JP', 'KR', 'CN', 'GB', 'FR', 'DE'].entries()) s.moveTo(r, loc(c, i));
    expect(r.history.map((l) => l.info.country)).toEqual(['CN', 'GB', 'FR', 'DE']);
    expect(r.visited?.info.country).toBe('DE');
  });
});
