/**
 * state/prior-links.ts: the IMSIs a number left, kept for the link TTL and bounded so that an
 * attacker who links many IMSIs of its own cannot cheaply push the victim's out (link16).
 */
import { describe, expect, it } from 'vitest';
import type { NetworkInfo } from '../../src/attribution/types.js';
import { ErrorCode } from '../../src/core/errors.js';
import { MAX_PRIOR_LINKS, type PriorLink, type PriorPlace, withPrior } from '../../src/state/prior-links.js';
import { restoreState, snapshotState, snapshotText } from '../../src/state/snapshot.js';
import { SubscriberStore } from '../../src/state/subscribers.js';

const GB: NetworkInfo = { source: 'imsi', country: 'GB', plmn: '23415' };
const CN: NetworkInfo = { source: 'imsi', country: 'CN', plmn: '46000' };
const net = (plmn: string): NetworkInfo => ({ source: 'imsi', country: plmn, plmn });
const TTL = 7 * 86_400;

/** Links the number to each IMSI of `chain` in turn (the first holds it first), at one second apart. */
function chain(imsis: readonly string[], places: Record<string, PriorPlace>): PriorLink[] | undefined {
  let list: PriorLink[] | undefined;
  for (let i = 1; i < imsis.length; i++) list = withPrior(list, imsis[i - 1]!, imsis[i], 1000 + i, TTL, (x) => places[x] ?? 'gone');
  return list;
}

describe('withPrior', () => {
  it('keeps the IMSIs the number left, oldest departure first, never its holder', () => {
    const list = chain(['V', 'X1', 'X2'], { V: GB, X1: CN, X2: CN });
    expect(list).toEqual([
      { imsi: 'V', untilSec: 1001 },
      { imsi: 'X1', untilSec: 1002 },
    ]);
    // The number back on V: V leaves the list, X2 joins it.
    expect(withPrior(list, 'X2', 'V', 1003, TTL, () => GB)?.map((p) => p.imsi)).toEqual(['X1', 'X2']);
  });

  it('drops entries past the link TTL', () => {
    const list = withPrior(undefined, 'V', 'X', 0, TTL, () => GB);
    expect(withPrior(list, 'X', 'Y', TTL + 1, TTL, () => GB)).toEqual([{ imsi: 'X', untilSec: TTL + 1 }]);
  });

  it('an attacker linking many IMSIs located in one network does not push the victim\u2019s out', () => {
    const imsis = ['V', ...Array.from({ length: 20 }, (_, i) => `X${i}`)];
    const places: Record<string, PriorPlace> = { V: GB };
    for (const x of imsis.slice(1)) places[x] = CN;
    const list = chain(imsis, places)!;
    expect(list.length).toBeLessThanOrEqual(MAX_PRIOR_LINKS);
    expect(list[0]!.imsi).toBe('V');
  });

  it('nor IMSIs never located or no longer held, nor the victim\u2019s going first (the attacker\u2019s link was first)', () => {
    const imsis = ['X0', 'V', ...Array.from({ length: 12 }, (_, i) => `X${i + 1}`)];
    const places: Record<string, PriorPlace> = { V: GB, X0: CN };
    for (const [i, x] of imsis.slice(2).entries()) places[x] = i % 2 === 0 ? 'unlocated' : 'gone';
    expect(chain(imsis, places)!.map((p) => p.imsi)).toContain('V');
    // Located in one network each, the victim's goes only once MAX_PRIOR_LINKS other networks hold the rest.
    const spread = ['V', 'A', 'B', 'C', 'D', 'E'];
    const placesSpread: Record<string, PriorPlace> = { V: GB, A: net('A'), B: net('B'), C: net('C'), D: net('D') };
    expect(chain(spread.slice(0, 5), placesSpread)!.map((p) => p.imsi)).toEqual(['V', 'A', 'B', 'C']);
    expect(chain(spread, placesSpread)!.map((p) => p.imsi)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('of two located in one network the newer goes: an attacker SIM in the victim’s network does not push the victim’s out (review 16-A #4)', () => {
    const places: Record<string, PriorPlace> = { V: GB, A: GB, B: net('B'), C: net('C'), D: net('D') };
    expect(chain(['V', 'A', 'B', 'C', 'D', 'E'], places)!.map((p) => p.imsi)).toEqual(['V', 'B', 'C', 'D']);
  });
});

describe('the state file holds a number\u2019s earlier IMSIs', () => {
  const limits = { subscribers: 100, subscriberTtlSec: TTL };
  /** The number on V (located in GB), then on X (located in CN). */
  function moved(): SubscriberStore {
    const store = new SubscriberStore(limits);
    store.tick(1000);
    store.moveTo(store.touch('310410100000123', '12025550123')!, { info: GB, kind: 'vlr', address: '447785000011', tsSec: 1000, tsNsec: 0, frame: 1 });
    store.tick(1060);
    store.moveTo(store.touch('310410100000077', undefined)!, { info: CN, kind: 'vlr', address: '8613900000011', tsSec: 1060, tsNsec: 0, frame: 2 });
    store.touch('310410100000077', '12025550123');
    return store;
  }

  it('round-trips them (version 3), as text or object; a store without them stays version 1', () => {
    const snap = snapshotState(moved());
    expect(snap.version).toBe(3);
    expect(snap.subscribers.find((r) => r.imsi === '310410100000077')?.priorImsis).toEqual([{ imsi: '310410100000123', untilSec: 1060 }]);
    const again = new SubscriberStore(limits);
    restoreState(again, [...snapshotText(moved())].join(''), 'state.json');
    expect(snapshotState(again)).toEqual(snap);
    expect(again.find('310410100000077', undefined)?.priorImsis).toEqual([{ imsi: '310410100000123', untilSec: 1060 }]);
    const plain = new SubscriberStore(limits);
    plain.touch('310410100000123', '12025550123');
    expect(snapshotState(plain).version).toBe(1);
  });

  it('refuses them in a version 1 or 2 file with the path, and leaves out an earlier IMSI that is no E.212 text', () => {
    const snap = snapshotState(moved());
    const at = snap.subscribers.findIndex((r) => r.priorImsis !== undefined);
    for (const version of [1, 2]) {
      expect(() => restoreState(new SubscriberStore(limits), JSON.stringify({ ...snap, version }), 'old.json')).toThrow(
        expect.objectContaining({ code: ErrorCode.BAD_IMPORT, path: `subscribers.${at}.priorImsis`, message: expect.stringContaining('need version 3') }),
      );
    }
    const bad = structuredClone(snap);
    bad.subscribers[at]!.priorImsis = [{ imsi: '3104101000001234', untilSec: 1060 }];
    const store = new SubscriberStore(limits);
    expect(restoreState(store, JSON.stringify(bad), 'bad.json')).toBe(1);
    expect(store.find('310410100000077', undefined)?.priorImsis).toBeUndefined();
  });
});
