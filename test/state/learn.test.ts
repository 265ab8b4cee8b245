/** What the state learns from results, links and purges (besides UL, covered by the rule tests). */
import type { IdentityKey } from '../../src/core/identity-key.js';
import { describe, expect, it } from 'vitest';
import { createAttributor } from '../../src/attribution/attributor.js';
import { learn as learnRecord, type LearnContext } from '../../src/state/learn.js';
import { MessageRecord } from '../../src/events/record.js';
import type { SignallingEvent } from '../../src/events/types.js';

/** learn() reads the fast tier's record: filled here from the test's event. */
const learn = (s: SubscriberStore, ev: SignallingEvent, ctx: LearnContext): void => learnRecord(s, new MessageRecord().fromEvent(ev), ctx);
import { SubscriberStore } from '../../src/state/subscribers.js';
import { diameterEvent, diameterUlr, mapInvoke, mapResult, mapUl } from '../support/events.js';

const attributor = createAttributor();
const ctx = {
  attributor,
  homeOf: (imsi: string | undefined) => (imsi === undefined ? undefined : attributor.imsi(imsi)),
  msisdnKey: (k: IdentityKey | undefined) => k,
};
const IMSI = '310410123456789';
/** The store's locations of a subscriber (the record holds placeholders while the store holds it). */
const visitedOf = (s: SubscriberStore, imsi: string) => {
  const r = s.find(imsi, undefined);
  return r === undefined ? undefined : s.visited(r);
};
const historyOf = (s: SubscriberStore, imsi: string) => {
  const r = s.find(imsi, undefined);
  return r === undefined ? undefined : s.history(r);
};

const HOME_HLR_GT = '12025550001';

/** An S6a PUA (TS 29.272 §7.2.14) with Result-Code `code`, matched to the PUR of frame `requestFrame`. */
function pua(requestFrame: number, code: number, ts: number) {
  const ev = diameterEvent({ app: 16777251, cmd: 321, request: false, originHost: 'hss1.epc.mnc410.mcc310.3gppnetwork.org', ts });
  ev.diameter.resultCode = code;
  ev.diameter.requestFrame = requestFrame;
  return ev;
}

function store() {
  return new SubscriberStore({ subscribers: 100, subscriberTtlSec: 86400 });
}

describe('learn', () => {
  it('SRI result: vmsc address moves the subscriber and links MSISDN ↔ IMSI', () => {
    const s = store();
    // From the home HLR's GT: an SRI result is learned only from home (red-team round 11 R1; without a GT, only by a home point code).
    learn(s, mapResult({ op: 22, callingGt: HOME_HLR_GT, imsi: IMSI, msisdn: '12025550100', args: { imsi: IMSI, vmscAddress: '819012000010' }, ts: 100 }), ctx);
    const r = s.find(undefined, '12025550100');
    expect(r).toMatchObject({ imsi: IMSI, home: { plmn: '310410' } });
    expect(s.visited(r!)).toMatchObject({ address: '819012000010', kind: 'msc', info: { country: 'JP' } });
  });

  it("a caller's PSI result with a non-text vlrNumber in locationInfo: the next node, no TypeError", () => {
    const s = store();
    const args = { locationInfo: { vlrNumber: 447700900001, mscNumber: '8613010000001' } } as never;
    expect(() => learn(s, mapResult({ op: 70, imsi: IMSI, args, ts: 1 }), ctx)).not.toThrow();
    expect(visitedOf(s, IMSI)?.info.country).toBe('CN');
  });

  it('PSI result location info and SRI-for-SM network node number', () => {
    const s = store();
    learn(s, mapResult({ op: 70, imsi: IMSI, args: { locationInfo: { vlrNumber: '447700900001' } }, ts: 1 }), ctx);
    expect(visitedOf(s, IMSI)?.info.country).toBe('GB');
    learn(s, mapResult({ op: 45, callingGt: HOME_HLR_GT, imsi: IMSI, args: { imsi: IMSI, networkNodeNumber: '8613010000001' }, ts: 2 }), ctx);
    expect(visitedOf(s, IMSI)?.info.country).toBe('CN');
    expect(historyOf(s, IMSI)).toHaveLength(2);
  });

  it('ULR: Visited-PLMN-Id; PUR from that MME clears the visited network but keeps the history', () => {
    const s = store();
    learn(s, diameterUlr({ imsi: IMSI, originRealm: 'epc.mnc010.mcc440.3gppnetwork.org', visitedPlmn: '44010', ts: 5 }), ctx);
    expect(visitedOf(s, IMSI)).toMatchObject({ kind: 'mme', info: { plmn: '44010' } });
    const pur = diameterEvent({ app: 16777251, cmd: 321, originHost: 'mme1.epc.mnc010.mcc440.3gppnetwork.org', userName: IMSI, ts: 6 });
    learn(s, pur, ctx);
    // The PUR alone is the sender's word (red-team round 21 P5): the HSS's PUA matched to it clears.
    expect(visitedOf(s, IMSI)).toBeDefined();
    learn(s, pua(pur.frame, 2001, 6), ctx);
    expect(visitedOf(s, IMSI)).toBeUndefined();
    expect(historyOf(s, IMSI)).toHaveLength(1);
  });

  it('CancelLocation clears only when it cancels the node the state holds; UL result records the HLR', () => {
    const s = store();
    learn(s, mapUl({ imsi: IMSI, vlr: '81901200001', ts: 1 }), ctx);
    learn(s, mapInvoke({ op: 3, calledGt: '81901200999', imsi: IMSI, args: { imsi: IMSI }, ts: 2 }), ctx);
    expect(visitedOf(s, IMSI)).toBeDefined();
    learn(s, mapResult({ op: 2, imsi: IMSI, args: { hlrNumber: '12025550009' }, ts: 3 }), ctx);
    expect(s.find(IMSI, undefined)?.hlr).toBe('12025550009');
    learn(s, mapInvoke({ op: 3, calledGt: '81901200001', imsi: IMSI, args: { imsi: IMSI }, ts: 4 }), ctx);
    // The CancelLocation alone is the sender's word (red-team round 21 P5): the VLR's result answering it clears.
    expect(visitedOf(s, IMSI)).toBeDefined();
    learn(s, mapResult({ op: 3, callingGt: '81901200001', imsi: IMSI, ts: 5 }), ctx);
    expect(visitedOf(s, IMSI)).toBeUndefined();
  });
});
