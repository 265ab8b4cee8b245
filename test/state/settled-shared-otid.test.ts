// review 10-B (repro kept as the regression test): settledByTid keeps ONE record per (tid, link) (DialogueIndex.set). An attacker reusing its otid for a
// second, throw-away subscriber's UL (also "accepted" by a forged End) makes the HLR's real returnError of the
// victim's dialogue (no operation, no subscriber: the forged End closed the TCAP dialogue) revert the throw-away
// subscriber instead; the victim's forged acceptance stands.
import { describe, expect, it } from 'vitest';
import { mapInvoke, mapResult, mapUl } from '../support/events.js';
import { CN_GT, HOME_HLR, IMSI, MSISDN, NTT_VLR, T0, detector, registerInJapan, ruleIds } from '../detect/fixture.js';

const LATER = T0 + 4 * 3600;
const DUMMY = '310410999999999';
const ul = (imsi: string, ts: number) => Object.assign(mapUl({ imsi, vlr: CN_GT, hlrGt: HOME_HLR, ts }), { tcap: { type: 'begin', otid: '0a000001' } });
const forgedEnd = (imsi: string, ts: number) =>
  Object.assign(mapResult({ op: 2, callingGt: HOME_HLR, calledGt: CN_GT, imsi, args: { hlrNumber: HOME_HLR }, ts }), {
    tcap: { type: 'end', dtid: '0a000001' },
  });
const realError = (ts: number) => {
  const ev = mapInvoke({ op: 2, type: 'returnError', callingGt: HOME_HLR, calledGt: CN_GT, ts, tcap: { type: 'end', dtid: '0a000001' } });
  ev.component!.errorCode = 8;
  delete ev.component!.opcode;
  ev.subscriber = {};
  ev.imsis = [];
  return ev;
};
const sri = (ts: number) => mapInvoke({ op: 22, callingGt: CN_GT, calledGt: MSISDN, msisdn: MSISDN, args: { msisdn: MSISDN }, ts });

describe('review10-b: settled claims sharing a dialogue id', () => {
  it("the HLR's refusal of the victim's UL takes the victim's forged acceptance back", () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(ul(IMSI, LATER));
    det.event(forgedEnd(IMSI, LATER));
    det.event(ul(DUMMY, LATER)); // same otid, same calling GT
    det.event(forgedEnd(DUMMY, LATER));
    det.event(realError(LATER + 1)); // the HLR refuses the victim's UL (roamingNotAllowed)
    det.event(realError(LATER + 1)); // and the dummy's
    det.event(sri(LATER + 60));
    const v = det.snapshotState().subscribers.find((r) => r.imsi === IMSI)?.visited?.address;
    console.log(JSON.stringify({ visited: v, alerts: ruleIds(alerts) }));
    expect(v).toBe(NTT_VLR);
  });
});
