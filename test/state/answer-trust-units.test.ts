/**
 * Review 11-B #1 and #7 at the unit level (events into the Detector, the flagged-dialogue table):
 * a PSI / ATI / PSL result answering its Begin only by the sender's country is learned only from a
 * home node or the visited network's; no answer in a flagged Begin's dialogue is learned; a ULA /
 * IDA links only on success and only with the MSISDN the answer itself carries.
 */
import { describe, expect, it } from 'vitest';
import { FLAG_TTL_SEC, FlaggedDialogues } from '../../src/state/flagged-dialogues.js';
import { MAX_PER_TID } from '../../src/state/dialogue-index.js';
import { diameterEvent, mapInvoke, mapResult, mapUl } from '../support/events.js';
import { CN_GT, detector, HOME_HLR, IMSI, MSISDN, NTT_VLR, T0, WATCHED_PC } from '../detect/fixture.js';

const BS_VLR = '124235700099';

/** The subscriber's visited VLR per the detector's state. */
function visitedOf(det: ReturnType<typeof detector>['det'], imsi = IMSI): string | undefined {
  return det.snapshotState().subscribers.find((r) => r.imsi === imsi)?.visited?.address;
}

describe('FlaggedDialogues', () => {
  it('files (tid, subject) pairs, tells subjects of one tid apart, forgets the oldest beyond its cap', () => {
    const f = new FlaggedDialogues(2);
    f.add(7, 100, 0);
    f.add(7, 200, 0);
    expect([f.has(7, 100, 0), f.has(7, 200, 0), f.has(7, 300, 0), f.has(8, 100, 0)]).toEqual([true, true, false, false]);
    f.add(9, 100, 1); // the cap: (7, 100) goes, within its time: counted
    expect([f.has(7, 100, 1), f.has(7, 200, 1), f.has(9, 100, 1), f.size, f.evicted]).toEqual([false, true, true, 2, 1]);
  });

  it('a tid keeps its other subjects when one of them is forgotten, first filed or last', () => {
    const f = new FlaggedDialogues(3);
    f.add(7, 100, 0);
    f.add(7, 200, 0);
    f.add(8, 1, 0);
    f.add(7, 300, 0); // the cap: (7, 100) goes, the oldest of tid 7's chain
    expect([f.has(7, 100, 0), f.has(7, 200, 0), f.has(7, 300, 0), f.has(8, 1, 0)]).toEqual([false, true, true, true]);
    f.add(9, 1, 0); // (7, 200) goes, now between 300 and the end
    f.add(7, 400, 0); // (8, 1) goes: tid 8 empty
    expect([f.has(7, 200, 0), f.has(7, 300, 0), f.has(7, 400, 0), f.has(8, 1, 0), f.has(9, 1, 0), f.size]).toEqual([false, true, true, false, true, 3]);
  });

  it('a flag lasts FLAG_TTL_SEC of capture time; one dropped after it is not counted (review 12-C #3)', () => {
    const f = new FlaggedDialogues(1);
    f.add(7, 100, 1000);
    expect([f.has(7, 100, 1000 + FLAG_TTL_SEC), f.has(7, 100, 1001 + FLAG_TTL_SEC)]).toEqual([true, false]);
    f.add(8, 100, 1001 + FLAG_TTL_SEC);
    expect([f.has(8, 100, 1002 + FLAG_TTL_SEC), f.evicted]).toEqual([true, 0]);
  });

  it('files at most MAX_PER_TID subjects under one tid (a forged flood of one otid)', () => {
    const f = new FlaggedDialogues(1000);
    for (let s = 0; s < MAX_PER_TID + 5; s++) f.add('t', s, 0);
    expect(f.size).toBe(MAX_PER_TID);
    expect(f.has('t', MAX_PER_TID, 0)).toBe(false);
  });
});

describe('(c) a PSI / ATI / PSL result by another GT of the addressee country', () => {
  const ati = (from: string, byCountry: boolean, ts: number) => {
    const ev = mapResult({ op: 71, callingGt: from, calledGt: '12025550500', imsi: IMSI, args: { locationInfo: { vlrNumber: BS_VLR } }, ts });
    if (byCountry) ev.component!.answerByCountry = true;
    return ev;
  };

  it('from a US GT that is no home node: not learned; from the home HLR GT: learned', () => {
    const { det } = detector();
    det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, ts: T0 }));
    det.event(ati('13125550001', true, T0 + 60));
    expect(visitedOf(det)).toBe(NTT_VLR);
    det.event(ati(HOME_HLR, true, T0 + 120));
    expect(visitedOf(det)).toBe(BS_VLR);
  });

  it('from the addressee itself (not by country): learned whatever its network', () => {
    const { det } = detector();
    det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, ts: T0 }));
    det.event(ati('13125550001', false, T0 + 60));
    expect(visitedOf(det)).toBe(BS_VLR);
  });
});

describe('(a), (b) the dialogue of a Begin kept out of the state', () => {
  const atiBegin = (from: string, ts: number) =>
    mapInvoke({ op: 71, callingGt: from, calledGt: HOME_HLR, imsi: IMSI, args: { imsi: IMSI, gsmScfAddress: from }, ts });
  const atiEnd = (ts: number) => mapResult({ op: 71, callingGt: HOME_HLR, calledGt: CN_GT, imsi: IMSI, args: { locationInfo: { vlrNumber: BS_VLR } }, ts });

  it('(b) a Begin a rule flagged (ATI from China): its End naming another VLR is not learned', () => {
    const { det, alerts } = detector();
    det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, ts: T0 }));
    det.event(atiBegin(CN_GT, T0 + 60));
    expect(alerts.map((a) => a.rule)).toContain('cat1-from-outside');
    det.event(atiEnd(T0 + 61));
    expect(visitedOf(det)).toBe(NTT_VLR);
  });

  it('(b) a flagged Begin known by its MSISDN alone: its End naming an IMSI the store had not linked is not learned (review 12-C #2)', () => {
    const { det, alerts } = detector();
    det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, ts: T0 }));
    det.event(mapInvoke({ op: 71, callingGt: CN_GT, calledGt: HOME_HLR, msisdn: MSISDN, args: { msisdn: MSISDN, gsmScfAddress: CN_GT }, ts: T0 + 60 }));
    expect(alerts.map((a) => a.rule)).toContain('cat1-from-outside');
    // The End carries the Begin's MSISDN (the dialogue gives it) and the IMSI.
    det.event(
      mapResult({ op: 71, callingGt: HOME_HLR, calledGt: CN_GT, imsi: IMSI, msisdn: MSISDN, args: { locationInfo: { vlrNumber: BS_VLR } }, ts: T0 + 61 }),
    );
    expect(visitedOf(det)).toBe(NTT_VLR);
  });

  it('(b) the same End after an unflagged Begin (from home) is learned', () => {
    const { det } = detector();
    det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, ts: T0 }));
    det.event(atiBegin('12025550500', T0 + 60));
    det.event(atiEnd(T0 + 61));
    expect(visitedOf(det)).toBe(BS_VLR);
  });

  it('(a) that End handed over by a registry international point code outside home (rt11 R9): not learned', () => {
    const { det } = detector();
    det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, ts: T0 }));
    det.event(atiBegin('12025550500', T0 + 60));
    const end = atiEnd(T0 + 61);
    end.mtp = { opc: WATCHED_PC, dpc: 1, si: 3, ni: 0 };
    det.event(end);
    expect(visitedOf(det)).toBe(NTT_VLR);
  });
});

describe('#7 a ULA links only on success, with its own MSISDN', () => {
  const BS_IMSI = '364390000000001';
  const ula = (rc: number, ownMsisdn: boolean) => {
    const ev = diameterEvent({
      app: 16777251,
      cmd: 316,
      request: false,
      originRealm: 'epc.mnc410.mcc310.3gppnetwork.org',
      userName: BS_IMSI,
      msisdn: MSISDN,
      ts: T0,
    });
    ev.diameter.requestFrame = ev.frame - 1;
    ev.diameter.resultCode = rc;
    if (ownMsisdn) ev.args = { msisdn: MSISDN };
    return ev;
  };
  const linked = (ev: ReturnType<typeof ula>) => {
    const { det } = detector();
    det.event(ev);
    return det.snapshotState().subscribers.some((r) => r.imsi === BS_IMSI && r.msisdn === MSISDN);
  };

  it('2001 with Subscription-Data MSISDN links; 5001, or an MSISDN only from the request, does not', () => {
    expect([linked(ula(2001, true)), linked(ula(5001, true)), linked(ula(2001, false))]).toEqual([true, false, false]);
  });
});
