/**
 * Review 11-B #1 and #7 at the unit level (events into the Detector, the flagged-dialogue table):
 * a PSI / ATI / PSL result answering its Begin only by the sender's country is learned only from a
 * home node or the visited network's; no answer in a flagged Begin's dialogue is learned; a ULA /
 * IDA links only on success and only with the MSISDN the answer itself carries.
 */
import { describe, expect, it } from 'vitest';
import { FLAG_TTL_SEC, FlaggedDialogues, flagTtlSec } from '../../src/state/flagged-dialogues.js';
import { MAX_PER_TID } from '../../src/state/dialogue-index.js';
import { diameterEvent, mapInvoke, mapResult, mapUl } from '../support/events.js';
import { Detector } from '../../src/detect/engine.js';
import { CN_GT, detector, HOME_HLR, IMSI, MSISDN, NTT_VLR, profile, RULES, T0, WATCHED_PC } from '../detect/fixture.js';

const BS_VLR = '124235700099';
/** A flag's lifetime with the default limits (dialogueAgeSec 300): 2 × FLAG_TTL_SEC. */
const TTL = flagTtlSec();

/** The subscriber's visited VLR per the detector's state. */
function visitedOf(det: ReturnType<typeof detector>['det'], imsi = IMSI): string | undefined {
  return det.snapshotState().subscribers.find((r) => r.imsi === imsi)?.visited?.address;
}

describe('FlaggedDialogues', () => {
  it('files (tid, subject) pairs, tells subjects of one tid apart, forgets the oldest beyond its cap', () => {
    const f = new FlaggedDialogues(2);
    f.add(7, '', 100, 0);
    f.add(7, '', 200, 0);
    expect([f.has(7, '', 100, 0), f.has(7, '', 200, 0), f.has(7, '', 300, 0), f.has(8, '', 100, 0)]).toEqual([true, true, false, false]);
    f.add(9, '', 100, 1); // the cap: (7, 100) goes, within its time: counted
    expect([f.has(7, '', 100, 1), f.has(7, '', 200, 1), f.has(9, '', 100, 1), f.size, f.evicted]).toEqual([false, true, true, 2, 1]);
  });

  it('a tid keeps its other subjects when one of them is forgotten, first filed or last', () => {
    const f = new FlaggedDialogues(3);
    f.add(7, '', 100, 0);
    f.add(7, '', 200, 0);
    f.add(8, '', 1, 0);
    f.add(7, '', 300, 0); // the cap: (7, 100) goes, the oldest of tid 7's chain
    expect([f.has(7, '', 100, 0), f.has(7, '', 200, 0), f.has(7, '', 300, 0), f.has(8, '', 1, 0)]).toEqual([false, true, true, true]);
    f.add(9, '', 1, 0); // (7, 200) goes, now between 300 and the end
    f.add(7, '', 400, 0); // (8, 1) goes: tid 8 empty
    expect([f.has(7, '', 200, 0), f.has(7, '', 300, 0), f.has(7, '', 400, 0), f.has(8, '', 1, 0), f.has(9, '', 1, 0), f.size]).toEqual([
      false,
      true,
      true,
      false,
      true,
      3,
    ]);
  });

  it('a flag lasts flagTtlSec() of capture time; one dropped after it is not counted (review 12-C #3)', () => {
    const f = new FlaggedDialogues(1);
    f.add(7, '', 100, 1000);
    expect([f.has(7, '', 100, 1000 + TTL), f.has(7, '', 100, 1001 + TTL)]).toEqual([true, false]);
    f.add(8, '', 100, 1001 + TTL);
    expect([f.has(8, '', 100, 1002 + TTL), f.evicted]).toEqual([true, 0]);
  });

  it('the lifetime outlives the TCAP dialogue table: twice the longest of FLAG_TTL_SEC and limits.dialogueAgeSec (review 13-A #1)', () => {
    expect([flagTtlSec(), flagTtlSec(300), flagTtlSec(900)]).toEqual([2 * FLAG_TTL_SEC, 2 * FLAG_TTL_SEC, 1800]);
    const f = new FlaggedDialogues(10, flagTtlSec(900));
    f.add(7, '', 100, 0);
    expect([f.has(7, '', 100, 1800), f.has(7, '', 100, 1801)]).toEqual([true, false]);
  });

  it('a full tid fails closed: every subject and link flagged until the newest filed is TTL old, nothing counted as lost (rt13 F1, review 13-A #2)', () => {
    const f = new FlaggedDialogues(1000);
    f.add('t', 'gt1', 1, 0); // the attacker's own, then 16 fillers after it
    for (let s = 0; s < MAX_PER_TID; s++) f.add('t', 'gt1', 100 + s, 1);
    expect(f.size).toBe(MAX_PER_TID);
    expect([f.has('t', 'gt1', 1, 30), f.has('t', 'gt2', 555, 1 + TTL), f.has('t', 'gt1', 1, 2 + TTL), f.has('u', 'gt1', 1, 30)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect([f.evicted, f.overflowed]).toEqual([0, 1]);
    // A message on the tid holds it while it lasts; fillers in the Begin's own second alike.
    f.refresh('t', 'gtX', TTL);
    expect(f.has('t', 'gt1', 1, 2 + TTL)).toBe(true);
    const g = new FlaggedDialogues(1000);
    g.add('t', 'gt1', 1, 5);
    for (let s = 0; s < MAX_PER_TID; s++) g.add('t', 'gt1', 100 + s, 5);
    expect(g.has('t', 'gt1', 1, 6)).toBe(true);
  });

  it('an expired flag of the tid is reused, not counted (rt13 F1: 16 expired fillers still shut the tid)', () => {
    const f = new FlaggedDialogues(1000);
    for (let s = 0; s < MAX_PER_TID; s++) f.add('t', 'gt1', s, 0);
    f.add('t', 'gt1', 999, 1 + TTL);
    f.add('t', 'gt2', 998, 1 + TTL); // not full now: the next expired one is reused too
    expect([f.has('t', 'gt1', 999, 2 + TTL), f.has('t', 'gt2', 998, 2 + TTL), f.has('t', 'gt2', 5, 2 + TTL), f.size, f.evicted]).toEqual([
      true,
      true,
      false,
      MAX_PER_TID,
      0,
    ]);
  });

  it("a flag dropped for room counts only in the thread that owns it (observeRecord's copies: `own` false; review 13-A #2)", () => {
    const f = new FlaggedDialogues(2);
    f.add(1, '', 100, 0, false);
    f.add(2, '', 200, 0);
    f.add(3, '', 300, 0); // drops (1, 100): another thread's
    f.add(4, '', 400, 0); // drops (2, 200): this thread's
    expect([f.has(1, '', 100, 0), f.has(2, '', 200, 0), f.evicted]).toEqual([false, false, 1]);
  });

  it('keyed by tid and link (the GT answers go to); an answer or a flag without a GT matches any link', () => {
    const f = new FlaggedDialogues(10);
    f.add(7, 'gt1', 100, 0);
    f.add(7, '', 200, 0);
    expect([f.has(7, 'gt1', 100, 0), f.has(7, 'gt2', 100, 0), f.has(7, '', 100, 0), f.has(7, 'gt2', 200, 0)]).toEqual([true, false, true, true]);
  });

  it('refresh: a Continue of the dialogue keeps its flag alive; an expired one stays expired (rt13 F2)', () => {
    const f = new FlaggedDialogues(10);
    f.add(7, 'gt1', 100, 0);
    f.add(8, 'gt1', 100, 0);
    f.refresh(7, 'gt2', TTL - 10); // another link: not this dialogue
    expect(f.has(7, 'gt1', 100, TTL + 30)).toBe(false);
    f.add(7, 'gt1', 100, 0);
    f.refresh(7, 'gt1', TTL - 10);
    f.refresh(8, '', TTL + 10);
    expect([f.has(7, 'gt1', 100, TTL + 30), f.has(8, 'gt1', 100, TTL + 30)]).toEqual([true, false]);
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

  it('(b) red-team round 17 K2b: one message 30 days ahead before the flagged Begin does not expire its flag as it is filed', () => {
    const { det, alerts } = detector();
    det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, ts: T0 }));
    det.event(
      mapInvoke({ op: 45, callingGt: '12025550200', calledGt: HOME_HLR, msisdn: '12025550777', args: { msisdn: '12025550777' }, ts: T0 + 30 * 86_400 }),
    );
    det.event(atiBegin(CN_GT, T0 + 60));
    expect(alerts.map((a) => a.rule)).toContain('cat1-from-outside');
    det.event(atiEnd(T0 + 61));
    // Before: the store's clock stayed 30 days ahead, where the flag filed at T0 + 60 had long expired: the End was learned.
    expect(visitedOf(det)).toBe(NTT_VLR);
  });

  it('(b) the same End after an unflagged Begin (from home) is learned', () => {
    const { det } = detector();
    det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, ts: T0 }));
    det.event(atiBegin('12025550500', T0 + 60));
    det.event(atiEnd(T0 + 61));
    expect(visitedOf(det)).toBe(BS_VLR);
  });

  it('(b) 16 flagged filler Begins on the same otid, for other subscribers, before or after it, recent or expired, do not unflag it (rt13 F1, review 13-A #2)', () => {
    const filler = (i: number, ts: number) => {
      const msisdn = `120255510${String(i).padStart(2, '0')}`;
      return mapInvoke({ op: 71, callingGt: CN_GT, calledGt: HOME_HLR, msisdn, args: { msisdn, gsmScfAddress: CN_GT }, ts });
    };
    for (const fillAt of [T0 + 1, T0 - TTL - 100, T0 + 60, T0 + 61]) {
      const anomalies: string[] = [];
      const det = new Detector({ rules: RULES, profile: profile(), onAlert: () => {}, onAnomaly: (a) => void anomalies.push(a.code) });
      det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, ts: T0 }));
      const before = fillAt < T0 + 60;
      if (before) for (let i = 0; i < MAX_PER_TID; i++) det.event(filler(i, fillAt));
      det.event(atiBegin(CN_GT, T0 + 60));
      if (!before) for (let i = 0; i < MAX_PER_TID; i++) det.event(filler(i, fillAt));
      det.event(atiEnd(T0 + 62));
      expect(visitedOf(det), String(fillAt)).toBe(NTT_VLR);
      // A full tid is held whole: no flag was given up, nothing to report.
      expect(
        anomalies.filter((a) => a === 'state.flagged-dialogue-evicted'),
        String(fillAt),
      ).toEqual([]);
    }
  });

  it('(b) a Continue of a flagged dialogue keeps it flagged, an empty MAP one or a TCAP-only one (MAP v1) (rt13 F2, review 13-A #1)', () => {
    type Keep = 'none' | 'map' | 'tcap' | 'abort';
    const late = (keep: Keep, limits?: Record<string, number>) => {
      const { det } = detector(profile(), limits === undefined ? {} : { limits });
      det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, ts: T0 }));
      det.event(atiBegin(CN_GT, T0 + 30));
      if (keep !== 'none') {
        for (const at of [T0 + 30 + TTL - 100, T0 + 30 + 2 * TTL - 200]) {
          const tcap = keep === 'abort' ? { type: 'abort' as const, dtid: '01020304' } : { type: 'continue' as const, otid: '0a0b0c0d', dtid: '01020304' };
          const ev = mapInvoke({ op: 71, callingGt: HOME_HLR, calledGt: CN_GT, tcap, ts: at });
          delete ev.component;
          if (keep === 'tcap') ev.protocol = 'tcap';
          det.event(ev);
        }
      }
      det.event(atiEnd(T0 + 30 + 2 * TTL - 100));
      return visitedOf(det);
    };
    expect([late('map'), late('tcap')]).toEqual([NTT_VLR, NTT_VLR]);
    // Without them the flag lasts TTL from the Begin: an End that late is learned. An Abort keeps
    // nothing: accepted, it closes the dialogue; refused, it no longer keeps the decoder's dialogue
    // open (tcap-decoder test 'refused aborts'), so the End after it is an orphan there.
    expect([late('none'), late('abort')]).toEqual([BS_VLR, BS_VLR]);
  });

  it('(b) an End 630 s after a flagged Begin, through the Event API, is not learned; nor past a longer limits.dialogueAgeSec (review 13-A #1, #6)', () => {
    const at = (delay: number, limits?: Record<string, number>) => {
      const { det } = detector(profile(), limits === undefined ? {} : { limits });
      det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, ts: T0 }));
      det.event(atiBegin(CN_GT, T0 + 30));
      det.event(atiEnd(T0 + 30 + delay));
      return visitedOf(det);
    };
    expect([at(FLAG_TTL_SEC + 30), at(TTL + 1)]).toEqual([NTT_VLR, BS_VLR]);
    expect([at(TTL + 1, { dialogueAgeSec: 1000 }), at(2000, { dialogueAgeSec: 1000 }), at(2001, { dialogueAgeSec: 1000 })]).toEqual([NTT_VLR, NTT_VLR, BS_VLR]);
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
