/**
 * What learning a location result reads of the store (state/learn.ts learnResult, flaggedTid), det19
 * (issue 19, the Scanner on routine traffic: SRI and SRI-for-SM results are a quarter of its messages).
 * The state learned is the same; these pin the reads that were dropped:
 *
 * - an answer whose dialogue holds no flag, once other dialogues hold some, looks its subscriber up
 *   (the lookup's TTL eviction must not depend on the flags) but reads no linked identity key;
 * - the same-node check reads the visited address alone (a held address is a visited location).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SubscriberStore } from '../../src/state/subscribers.js';
import { mapInvoke, mapResult, mapUl } from '../support/events.js';
import { CN_GT, detector, HOME_HLR, IMSI, MSISDN, NTT_VLR, T0 } from '../detect/fixture.js';

const HOME_GMSC = '12025550002';

/** SRI-for-SM answered by the home HLR: the End names the IMSI, the MSISDN (its Begin's) and the serving node. */
const sriSmEnd = (node: string, ts: number) =>
  mapResult({ op: 45, callingGt: HOME_HLR, calledGt: HOME_GMSC, imsi: IMSI, msisdn: MSISDN, args: { networkNodeNumber: node }, ts });

const visitedOf = (det: ReturnType<typeof detector>['det']) => det.snapshotState().subscribers.find((r) => r.imsi === IMSI)?.visited;

afterEach(() => vi.restoreAllMocks());

describe('learning a location result', () => {
  it('an answer in a dialogue without a flag reads no linked key while other dialogues hold flags', () => {
    const { det, alerts } = detector();
    det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, ts: T0 }));
    det.event(sriSmEnd(NTT_VLR, T0 + 10)); // links the MSISDN to the IMSI
    // A flagged Begin on another transaction: the flag table is no longer empty.
    det.event(
      mapInvoke({
        op: 71,
        callingGt: CN_GT,
        calledGt: HOME_HLR,
        imsi: IMSI,
        args: { imsi: IMSI, gsmScfAddress: CN_GT },
        ts: T0 + 20,
        tcap: { type: 'begin', otid: '0a0b0c0e' },
      }),
    );
    expect(alerts.map((a) => a.rule)).toContain('cat1-from-outside');
    const linked = vi.spyOn(SubscriberStore.prototype, 'imsiKeyAtSlot');
    const lookups = vi.spyOn(SubscriberStore.prototype, 'findSlot');
    det.event(sriSmEnd('81901200077', T0 + 30));
    expect(linked).not.toHaveBeenCalled();
    // Still looked up by the MSISDN alone, as the flag check does when a flag is held.
    expect(lookups.mock.calls.some(([i, m]) => i === undefined && m !== undefined)).toBe(true);
    expect(visitedOf(det)?.address).toBe('81901200077');
  });

  it('the same node: confirmed from the visited address alone (its kind not read)', () => {
    const { det } = detector();
    det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, ts: T0 }));
    det.event(sriSmEnd(NTT_VLR, T0 + 10));
    const since = visitedOf(det)?.tsSec;
    const kind = vi.spyOn(SubscriberStore.prototype, 'visitedKind');
    det.event(sriSmEnd(NTT_VLR, T0 + 20));
    expect(kind).not.toHaveBeenCalled();
    const v = visitedOf(det);
    expect([v?.address, v?.tsSec, v?.confirmed?.tsSec]).toEqual([NTT_VLR, since, T0 + 20]);
  });
});
