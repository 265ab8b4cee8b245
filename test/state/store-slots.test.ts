/**
 * The subscriber store's slot arrays (state/subscribers.ts: records, identity keys — digit keys in
 * Float64Arrays, text keys beside them —, MSISDN ownership, reused slots) against a plain model: an
 * array of records in LRU order, looked up by linear scan. Random touches (digit and text IMSIs
 * and MSISDNs, a small count cap so slots are evicted and handed out again, capture time moving
 * back and forth across the TTL and the 60 s re-order window), finds and location moves; after
 * every step the store lists the same records in the same order with the same identities and
 * times, finds exactly what the model finds, and counts the same creations and evictions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SubscriberStore, type Location } from '../../src/state/subscribers.js';

/** IMSIs with their own MSISDN: digit keys, and texts that stay strings (letters, 16+ digits). */
const SUBS: readonly [string, string][] = [
  ['001010000000001', '4915112345678'],
  ['262011234567890', '491511234567890'],
  ['imsi-text', '49151123456789012'],
  ['1234567890123456', 'msisdn-text'],
  ['7', '8'],
];
const TTL = 100;
const REORDER_SEC = 60;

interface M {
  imsi: string;
  msisdn?: string;
  updated: number;
  country?: string;
}

type Op =
  | { op: 'touch'; sub: number; withMsisdn: boolean; dt: number }
  | { op: 'find'; sub: number; byMsisdn: boolean; dt: number }
  | { op: 'move'; sub: number; dt: number };

const dt = fc.integer({ min: -5, max: 70 });
const sub = fc.nat({ max: SUBS.length - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('touch' as const), sub, withMsisdn: fc.boolean(), dt }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('find' as const), sub, byMsisdn: fc.boolean(), dt }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('move' as const), sub, dt }) },
);

const loc = (country: string, tsSec: number): Location => ({ info: { country, source: 'e164' }, kind: 'vlr', address: '1', tsSec, tsNsec: 0, frame: 1 });

describe('SubscriberStore slots (model test against a plain record list)', () => {
  it('keeps the records, their order, identities and locations of the model under touch/find/evict with slot reuse', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(opArb, { maxLength: 120 }), (max, ops) => {
        const store = new SubscriberStore({ subscribers: max, subscriberTtlSec: TTL });
        const list: M[] = [];
        const counters = { created: 0, evictedLru: 0, evictedTtl: 0, evictedClaimOnly: 0, evictedLocated: 0, claimsDropped: 0, relinked: 0, movedCountry: 0 };
        /** The model's time stamp (age) of each record: updatedSec, as the store's entry stamp. */
        let now = 0;
        const stale = (m: M): boolean => now - m.updated > TTL;
        const evict = (m: M, why: 'age' | 'limit'): void => {
          list.splice(list.indexOf(m), 1);
          if (why === 'age') counters.evictedTtl++;
          else {
            counters.evictedLru++;
            if (m.country !== undefined) counters.evictedLocated++; // a located record (no claims here: none claim-only)
          }
        };
        const enforce = (): void => {
          while (list.length > 0) {
            const m = list[0]!;
            if (stale(m)) evict(m, 'age');
            else if (list.length > max) evict(m, 'limit');
            else return;
          }
        };
        const lookup = (imsi: string | undefined, msisdn: string | undefined): M | undefined => {
          let m = imsi === undefined ? undefined : list.find((x) => x.imsi === imsi);
          if (m === undefined && msisdn !== undefined) m = list.find((x) => x.msisdn === msisdn);
          if (m !== undefined && stale(m)) {
            evict(m, 'age');
            return undefined;
          }
          return m;
        };
        for (const o of ops) {
          now = Math.max(0, now + o.dt);
          store.tick(now);
          // The store's clock never goes back (tick): the model reads the same clock.
          now = store.nowSec;
          const [imsi, msisdn] = SUBS[o.sub]!;
          if (o.op === 'touch') {
            const m0 = o.withMsisdn ? msisdn : undefined;
            const rec = store.touch(imsi, m0)!;
            let m = lookup(imsi, m0);
            let sweep = true;
            if (m === undefined) {
              m = { imsi, updated: now };
              if (m0 !== undefined) m.msisdn = m0;
              list.push(m);
              counters.created++;
            } else if (now - m.updated < REORDER_SEC && (m0 === undefined || m.msisdn === m0)) {
              m.updated = now; // kept in place, and no sweep (the store returns at once)
              sweep = false;
            } else {
              if (m0 !== undefined) m.msisdn = m0;
              m.updated = now;
              list.splice(list.indexOf(m), 1);
              list.push(m);
            }
            if (sweep) enforce();
            expect(rec.imsi).toBe(imsi);
          } else if (o.op === 'find') {
            const found = o.byMsisdn ? store.find(undefined, msisdn) : store.find(imsi, undefined);
            const m = o.byMsisdn ? lookup(undefined, msisdn) : lookup(imsi, undefined);
            expect(found?.imsi).toBe(m?.imsi);
          } else {
            const rec = store.find(imsi, undefined);
            const m = lookup(imsi, undefined);
            expect(rec?.imsi).toBe(m?.imsi);
            if (rec !== undefined && m !== undefined) {
              store.moveTo(rec, loc(`C${now}`, now));
              m.country = `C${now}`;
            }
          }
          const got = [...store.records()].map((r) => [r.imsi, r.msisdn, r.updatedSec, store.visited(r)?.info.country]);
          expect(got).toEqual(list.map((m) => [m.imsi, m.msisdn, m.updated, m.country]));
          expect(store.size).toBe(list.length);
          expect(store.counters).toEqual(counters);
        }
      }),
      { numRuns: 300 },
    );
  });
});
