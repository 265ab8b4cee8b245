/**
 * Red-team round 21 P3, P5: a request wearing the visited node's or the home's identity (calling GT, Origin-Host /
 * Origin-Realm: the sender's to write) confirms or ends the subscriber's presence only once its addressee's answer,
 * matched to it, is on the capture (state/pending-presence.ts). One bare forged IDR, AIR, SAI or standalone ISD made
 * an honest move hours later impossible travel; one bare PUR, PurgeMS or CLR cleared the visited network, and every
 * later origin was judged one level lower.
 */
import { describe, expect, it } from 'vitest';
import type { DiameterEvent } from '../../src/events/types.js';
import { diameterEvent, diameterUlr, mapInvoke, mapResult, mapUl } from '../support/events.js';
import { GB_VLR, HOME_HLR, IMSI, NTT_VLR, T0, detector, profile, registerInJapan, ruleIds } from './fixture.js';

const DAY = 86400;
/** Two days after the arrival: the evidence, then a registration elsewhere 10 minutes later. */
const AT = T0 + 2 * DAY;
const S6A = 16777251;
const HOME = 'epc.mnc410.mcc310.3gppnetwork.org';
const UK = 'epc.mnc015.mcc234.3gppnetwork.org';
const CN = 'epc.mnc000.mcc460.3gppnetwork.org';
const UK_MME = `mme1.${UK}`;

/** An S6a answer to the request `req` (matched: `diameter.requestFrame`), from `originHost`, with Result-Code `code`. */
function answer(req: DiameterEvent, originHost: string, code: number, ts: number): DiameterEvent {
  const ev = diameterEvent({ app: S6A, cmd: req.diameter.cmd, request: false, originHost, originRealm: originHost.slice(originHost.indexOf('.') + 1), ts });
  ev.diameter.resultCode = code;
  ev.diameter.requestFrame = req.frame;
  return ev;
}

describe('MAP presence evidence needs its answer (rt21 P3)', () => {
  for (const answered of [false, true]) {
    it(`SAI from the visited VLR ${answered ? 'answered by the HLR: confirms' : 'unanswered: confirms nothing'}`, () => {
      const { det, alerts } = detector();
      registerInJapan(det);
      det.event(
        mapInvoke({ op: 56, callingGt: NTT_VLR, calledGt: HOME_HLR, imsi: IMSI, args: { imsi: IMSI }, ts: AT, tcap: { type: 'begin', otid: 'a1a2a3a4' } }),
      );
      // The HLR's SAI result in the TC-END of that dialogue, to the VLR (TS 29.002 §8.5.2).
      if (answered) det.event(mapResult({ op: 56, callingGt: HOME_HLR, calledGt: NTT_VLR, imsi: IMSI, ts: AT, tcap: { type: 'end', dtid: 'a1a2a3a4' } }));
      det.event(mapUl({ imsi: IMSI, vlr: GB_VLR, hlrGt: HOME_HLR, ts: AT + 600 }));
      expect(ruleIds(alerts)).toEqual(answered ? ['impossible-travel'] : []);
      if (answered) expect(alerts[0]!.explanation).toMatch(/last confirmed there by SAI/);
    });

    it(`standalone ISD from the home HLR's GT ${answered ? 'answered by the VLR: confirms' : 'unanswered: confirms nothing'}`, () => {
      const { det, alerts } = detector();
      registerInJapan(det);
      det.event(
        mapInvoke({ op: 7, callingGt: HOME_HLR, calledGt: NTT_VLR, imsi: IMSI, args: { imsi: IMSI }, ts: AT, tcap: { type: 'begin', otid: 'b1b2b3b4' } }),
      );
      // The VLR's ISD result in the TC-END, to the HLR (TS 29.002 §8.8.1).
      if (answered) det.event(mapResult({ op: 7, callingGt: NTT_VLR, calledGt: HOME_HLR, imsi: IMSI, ts: AT, tcap: { type: 'end', dtid: 'b1b2b3b4' } }));
      det.event(mapUl({ imsi: IMSI, vlr: GB_VLR, hlrGt: HOME_HLR, ts: AT + 600 }));
      expect(ruleIds(alerts)).toEqual(answered ? ['impossible-travel'] : []);
    });
  }

  it("a result of another dialogue, or sent to another GT than the request's, confirms nothing", () => {
    for (const [dtid, to] of [
      ['c1c2c3c4', NTT_VLR],
      ['a1a2a3a4', '81901200077'],
    ] as const) {
      const { det, alerts } = detector();
      registerInJapan(det);
      det.event(
        mapInvoke({ op: 56, callingGt: NTT_VLR, calledGt: HOME_HLR, imsi: IMSI, args: { imsi: IMSI }, ts: AT, tcap: { type: 'begin', otid: 'a1a2a3a4' } }),
      );
      det.event(mapResult({ op: 56, callingGt: HOME_HLR, calledGt: to, imsi: IMSI, ts: AT, tcap: { type: 'end', dtid } }));
      det.event(mapUl({ imsi: IMSI, vlr: GB_VLR, hlrGt: HOME_HLR, ts: AT + 600 }));
      expect(ruleIds(alerts)).toEqual([]);
    }
  });
});

describe('S6a presence evidence needs its answer (rt21 P3)', () => {
  function registeredInUk() {
    const d = detector(profile({ partners: [{ name: 'Partner UK', plmn: '23415' }] }));
    d.det.event(diameterUlr({ imsi: IMSI, originRealm: UK, visitedPlmn: '23415', ts: T0 }));
    const ula = diameterEvent({ app: S6A, cmd: 316, request: false, originRealm: HOME, userName: IMSI, ts: T0 });
    ula.diameter.resultCode = 2001;
    d.det.event(ula);
    return d;
  }
  /** The forged IDR: Origin-Host / Origin-Realm the home HSS's, Destination-Realm the visited network's. */
  const idr = () => {
    const ev = diameterEvent({ app: S6A, cmd: 319, originHost: `hss1.${HOME}`, originRealm: HOME, userName: IMSI, args: { idrFlags: 1 }, ts: AT });
    ev.diameter.destRealm = UK;
    return ev;
  };
  const air = () => diameterEvent({ app: S6A, cmd: 318, originHost: UK_MME, originRealm: UK, userName: IMSI, ts: AT });

  for (const [name, request, answerer] of [
    ['IDR', idr, UK_MME],
    ['AIR', air, `hss1.${HOME}`],
  ] as const) {
    for (const code of [undefined, 5001, 2001]) {
      it(`${name} ${code === undefined ? 'unanswered' : `answered ${code}`}: ${code === 2001 ? 'confirms' : 'confirms nothing'}`, () => {
        const { det, alerts } = registeredInUk();
        const req = request();
        det.event(req);
        if (code !== undefined) det.event(answer(req, answerer, code, AT));
        // The honest move to China 10 minutes later (its ULR answered 2001).
        det.event(diameterUlr({ imsi: IMSI, originRealm: CN, visitedPlmn: '46000', ts: AT + 600 }));
        expect(ruleIds(alerts).includes('impossible-travel')).toBe(code === 2001);
      });
    }
  }
});

describe('purge and cancel need their answer (rt21 P5)', () => {
  const plr = (ts: number) => diameterEvent({ app: 16777255, cmd: 8388620, originHost: `gmlc.${CN}`, originRealm: CN, userName: IMSI, ts });
  for (const answered of [false, true]) {
    it(`CLR to the visited MME ${answered ? 'answered by its CLA: clears (PLR from China medium)' : 'unanswered: keeps the visited network (PLR high)'}`, () => {
      const d = detector(profile({ partners: [{ name: 'Partner UK', plmn: '23415' }] }));
      d.det.event(diameterUlr({ imsi: IMSI, originRealm: UK, visitedPlmn: '23415', ts: T0 }));
      const clr = diameterEvent({ app: S6A, cmd: 317, originHost: `hss1.${HOME}`, originRealm: HOME, userName: IMSI, ts: T0 + 3600 });
      clr.diameter.destHost = UK_MME;
      d.det.event(clr);
      if (answered) d.det.event(answer(clr, UK_MME, 2001, T0 + 3600));
      d.det.event(plr(T0 + 3660));
      // (The CLR itself raises cat3-bypass-sequence: no UL seen before it.)
      const mismatch = d.alerts.filter((a) => a.rule === 'location-origin-mismatch').map((a) => a.level);
      expect(mismatch).toEqual([answered ? 'medium' : 'high']);
    });

    it(`CancelLocation to the visited VLR ${answered ? 'answered by it: clears' : 'unanswered: keeps the visited network'}`, () => {
      const { det } = detector();
      registerInJapan(det);
      det.event(
        mapInvoke({
          op: 3,
          callingGt: HOME_HLR,
          calledGt: NTT_VLR,
          imsi: IMSI,
          args: { imsi: IMSI },
          ts: T0 + 3600,
          tcap: { type: 'begin', otid: 'd1d2d3d4' },
        }),
      );
      if (answered) det.event(mapResult({ op: 3, callingGt: NTT_VLR, calledGt: HOME_HLR, imsi: IMSI, ts: T0 + 3600, tcap: { type: 'end', dtid: 'd1d2d3d4' } }));
      const rec = det.snapshotState().subscribers.find((r) => r.imsi === IMSI)!;
      expect(rec.visited?.address).toBe(answered ? undefined : NTT_VLR);
    });
  }

  it('an answer later than PRESENCE_ANSWER_SEC after its request does not act', () => {
    const { det } = detector();
    registerInJapan(det);
    det.event(
      mapInvoke({ op: 3, callingGt: HOME_HLR, calledGt: NTT_VLR, imsi: IMSI, args: { imsi: IMSI }, ts: T0 + 3600, tcap: { type: 'begin', otid: 'd1d2d3d4' } }),
    );
    det.event(mapResult({ op: 3, callingGt: NTT_VLR, calledGt: HOME_HLR, imsi: IMSI, ts: T0 + 3661, tcap: { type: 'end', dtid: 'd1d2d3d4' } }));
    expect(det.snapshotState().subscribers.find((r) => r.imsi === IMSI)!.visited?.address).toBe(NTT_VLR);
  });
});
