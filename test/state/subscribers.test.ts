import { describe, expect, it } from 'vitest';
import { SubscriberStore, type Location, type SubscriberRecord } from '../../src/state/subscribers.js';

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
    expect(s.counters).toEqual({
      created: 3,
      evictedLru: 1,
      evictedTtl: 0,
      evictedClaimOnly: 0,
      evictedLocated: 0,
      claimsDropped: 0,
      relinked: 0,
      movedCountry: 0,
    });
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
    expect(s.visited(s.find('310410123456789', undefined)!)?.info.country).toBe('JP');
    expect(s.find(undefined, '12025550100')?.imsi).toBe('310410123456789');
  });

  it('keeps a bounded history of trusted locations', () => {
    const s = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 1000 });
    const r = s.touch('001', undefined)!;
    for (const [i, c] of ['JP', 'KR', 'CN', 'GB', 'FR', 'DE'].entries()) s.moveTo(r, loc(c, i));
    expect(s.history(r).map((l) => l.info.country)).toEqual(['CN', 'GB', 'FR', 'DE']);
    expect(s.visited(r)?.info.country).toBe('DE');
    expect(r.history).toEqual([]); // the record holds a placeholder while the store holds it
  });
  it('holds locations in its pool while it holds the record, and forgets them when it evicts it (no objects made for it)', () => {
    const s = new SubscriberStore({ subscribers: 1, subscriberTtlSec: 1000 });
    const r = s.touch('001', undefined)!;
    for (const [i, c] of ['JP', 'KR'].entries()) s.moveTo(r, loc(c, i));
    s.confirmVisited(r, 5, 0, 7, 'UL');
    expect(() => s.confirm(r.visited!, 6, 0, 8, 'UL')).toThrow(/confirmVisited/);
    const empty = s.touch('002', undefined)!; // evicts 001 (count limit 1)
    s.touch('003', undefined); // evicts 002, which never had a location
    expect(s.find('001', undefined)).toBeUndefined();
    // The evicted record keeps its identity, not its locations: one shared frozen array, no location object.
    expect(r.imsi).toBe('001');
    expect(r.history).toEqual([]);
    expect(Object.isFrozen(r.history)).toBe(true);
    expect(r.history).toBe(empty.history);
    expect(r.visited).toBeUndefined();
    expect(s.visited(r)).toBeUndefined(); // a record no store holds is read as it is
    expect(s.history(r)).toEqual([]);
    expect(s.lastTrusted(r)).toBeUndefined();
  });

  it("keeps a caller's nanoseconds as given and refuses a location kind it does not know, before taking a slot", () => {
    const s = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 1000 });
    const r = s.touch('001', undefined)!;
    s.moveTo(r, { ...loc('JP', 1), tsNsec: 3e9 + 0.5 });
    s.confirmVisited(r, 1, 3e9 + 0.75, 2, 'UL');
    expect(s.visited(r)).toMatchObject({ tsNsec: 3e9 + 0.5, confirmed: { tsNsec: 3e9 + 0.75 } });
    s.recordClaim(r, { ...loc('CN', 3), tsNsec: 3e9 + 0.25, rule: 'r' });
    expect(s.claims(r)?.[0]?.tsNsec).toBe(3e9 + 0.25);
    expect(() => s.moveTo(r, { ...loc('KR', 2), kind: 'hlr' as never })).toThrow(/location kind "hlr"/);
    expect(s.history(r).map((l) => l.info.country)).toEqual(['JP']);
  });

  it('put() of a record already older than the TTL evicts it with its MSISDN link (its slot reused by the next subscriber owns nothing)', () => {
    const s = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 3600 });
    s.tick(10_000);
    s.put({ imsi: '310410000000001', msisdn: '12025550100', history: [], updatedSec: 10_000 - 7200 });
    expect(s.counters.evictedTtl).toBe(1);
    s.touch('310410999999999', undefined); // takes the freed slot
    expect(s.find(undefined, '12025550100')).toBeUndefined();
    expect(s.size).toBe(1);
  });

  it("put() keeps a restored record's visited location apart from its newest history entry", () => {
    const s = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 1000 });
    const h = loc('JP', 1);
    s.put({ imsi: '001', history: [h], visited: { ...h }, updatedSec: 1 });
    const r = s.find('001', undefined)!;
    s.confirmVisited(r, 9, 0, 9, 'UL');
    expect(s.visited(r)?.confirmed?.frame).toBe(9);
    expect(s.history(r)[0]!.confirmed).toBeUndefined();
    s.clearVisited(r);
    expect(s.visited(r)).toBeUndefined();
    expect(s.lastTrusted(r)?.info.country).toBe('JP');
  });

  it('records() lists records oldest update first; a move (≥ 60 s later) goes to the end', () => {
    const s = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 10_000 });
    s.tick(0);
    for (const imsi of ['001', '002', '003']) s.touch(imsi, undefined);
    s.tick(30);
    s.touch('001', undefined); // within 60 s: stays first
    expect([...s.records()].map((r) => r.imsi)).toEqual(['001', '002', '003']);
    s.tick(100);
    s.touch('002', undefined);
    s.touch('001', undefined);
    expect([...s.records()].map((r) => r.imsi)).toEqual(['003', '002', '001']);
    s.tick(200);
    s.touch('004', undefined);
    s.touch('003', undefined);
    expect([...s.records()].map((r) => r.imsi)).toEqual(['002', '001', '004', '003']);
  });

  it('a recycled MSISDN follows its new IMSI until the old record moves again (it re-links its own number)', () => {
    const s = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 10_000 });
    s.touch('001', '111');
    s.touch('002', '222');
    s.tick(100);
    s.touch('002', '111'); // number 111 recycled to IMSI 002
    expect(s.find(undefined, '111')?.imsi).toBe('002');
    expect(s.find(undefined, '222')).toBeUndefined();
    expect(s.find('001', undefined)?.msisdn).toBe('111');
    s.tick(200);
    s.touch('002', undefined); // a move of 002 keeps 111
    expect(s.find(undefined, '111')?.imsi).toBe('002');
    s.touch('001', undefined); // a move of 001 re-links the number it still carries
    expect(s.find(undefined, '111')?.imsi).toBe('001');
    s.tick(300);
    s.touch('002', '333'); // 002 changes number: 111 stays with 001, which holds the link
    expect(s.find(undefined, '111')?.imsi).toBe('001');
    expect(s.find(undefined, '333')?.imsi).toBe('002');
    expect(s.size).toBe(2);
  });

  it('an MSISDN-only record that lost its number is replaced in place by a new one for it', () => {
    const s = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 10_000 });
    s.touch(undefined, '111'); // keyed tel:111
    s.touch('005', undefined);
    s.touch('009', '999');
    s.tick(100);
    s.touch('009', '111'); // 009 takes 111
    s.tick(200);
    s.touch('009', '999'); // and gives it back up: nobody holds 111
    s.touch(undefined, '111'); // a new tel:111 record takes the old one's key and place
    expect([...s.records()].map((r) => r.imsi ?? `tel:${r.msisdn}`)).toEqual(['tel:111', '005', '009']);
    expect(s.size).toBe(3);
    expect(s.find(undefined, '111')?.imsi).toBeUndefined();
    s.tick(300);
    s.touch('005', undefined);
    expect([...s.records()].map((r) => r.imsi ?? `tel:${r.msisdn}`)).toEqual(['tel:111', '009', '005']);
  });

  it('evicts from the oldest end after re-keying and restores (put) in order', () => {
    const s = new SubscriberStore({ subscribers: 3, subscriberTtlSec: 10_000 });
    s.touch(undefined, '111');
    s.touch('002', undefined);
    s.tick(100);
    s.touch('001', '111'); // tel:111 learns its IMSI and moves to the end
    s.put({ imsi: '003', history: [], updatedSec: 100 });
    expect([...s.records()].map((r) => r.imsi)).toEqual(['002', '001', '003']);
    s.put({ imsi: '004', history: [], updatedSec: 100 });
    expect(s.counters.evictedLru).toBe(1);
    expect([...s.records()].map((r) => r.imsi)).toEqual(['001', '003', '004']);
    expect(s.find(undefined, '111')?.imsi).toBe('001');
  });
});

describe('SubscriberStore: records located only by unanswered registrations (red-team rt19 M5)', () => {
  const at = (tsSec: number, address = 'vlr-jp'): Location => ({
    info: { country: 'JP', source: 'e164' },
    kind: 'vlr',
    address,
    tsSec,
    tsNsec: 0,
    frame: tsSec,
  });

  /** The victim located by the HLR's answer (UL claimed, then accepted), at time 0, in a store of `cap` records. */
  function withVictim(cap: number): { s: SubscriberStore; victim: SubscriberRecord } {
    const s = new SubscriberStore({ subscribers: cap, subscriberTtlSec: 1_000_000 });
    s.tick(1);
    s.registrationAnswers = true; // the capture shows the HLR's side
    const victim = s.touch('310410000088001', undefined)!;
    s.claimRegistration(victim, at(1), true, 1, 'vlr-jp');
    s.confirmRegistration(victim);
    return { s, victim };
  }

  /** `n` ULs for made-up IMSIs from one partner VLR, 10 s apart, never answered: each is trusted after its wait (30 s). */
  function silentClaims(s: SubscriberStore, n: number, from = 100): void {
    for (let i = 0; i < n; i++) {
      const t = from + 10 * i;
      s.tick(t);
      const r = s.touch(`3104102${String(i).padStart(8, '0')}`, undefined)!;
      s.claimRegistration(r, at(t, 'vlr-partner'), true, 1000 + i, 'vlr-partner');
    }
    s.tick(from + 10 * n + 31);
  }

  it('evicts them first: silent partner ULs for made-up IMSIs do not evict the subscriber the HLR located', () => {
    const { s, victim } = withVictim(8);
    silentClaims(s, 40);
    expect(s.find('310410000088001', undefined)).toBe(victim);
    expect(s.visited(victim)?.address).toBe('vlr-jp');
    expect(s.size).toBe(8);
    expect(s.counters.evictedLru).toBe(33);
    expect(s.counters.evictedClaimOnly).toBe(33);
    expect(s.counters.evictedLocated).toBe(0);
    // The claims still waiting are ordinary records: only the trusted-by-timeout ones went.
    expect(s.find('310410200000039', undefined)).toBeDefined();
    expect(s.find('310410200000000', undefined)).toBeUndefined();
  });

  it('a record the HLR then answers for, or a location result names, is an ordinary record again', () => {
    const { s, victim } = withVictim(3);
    silentClaims(s, 2); // 310410200000000, ...01: claim-only
    const a = s.find('310410200000000', undefined)!;
    const b = s.find('310410200000001', undefined)!;
    s.claimRegistration(a, at(200, 'vlr-partner-2'), false, 7, 'vlr-partner-2');
    s.confirmRegistration(a); // the HLR accepted a's next registration
    s.moveTo(b, at(201, 'vlr-partner-3')); // a location result (learn.ts) for b
    s.tick(202);
    s.touch('310410300000000', undefined);
    // No claim-only record left: the least recently updated, the victim, goes (counted as located).
    expect(s.find('310410000088001', undefined)).toBeUndefined();
    expect(s.counters).toMatchObject({ evictedLru: 1, evictedClaimOnly: 0, evictedLocated: 1 });
    expect(victim.history).toEqual([]);
  });

  it('a record created by a refused registration is claim-only; an unlocated record evicted is not counted as located', () => {
    const { s } = withVictim(3);
    s.tick(10);
    const r = s.touch('310410400000000', undefined)!;
    s.claimRegistration(r, at(10, 'vlr-x'), true, 9, 'vlr-x');
    s.refuseRegistration(r);
    s.touch('310410400000001', undefined); // unlocated, ordinary
    s.touch('310410400000002', undefined);
    expect(s.find('310410400000000', undefined)).toBeUndefined();
    expect(s.counters).toMatchObject({ evictedLru: 1, evictedClaimOnly: 1, evictedLocated: 0 });
    s.tick(100);
    s.touch('310410000088001', undefined); // the victim is the newest now
    s.touch('310410400000003', undefined);
    expect(s.find('310410400000001', undefined)).toBeUndefined();
    expect(s.counters).toMatchObject({ evictedLru: 2, evictedClaimOnly: 1, evictedLocated: 0 });
  });
});
