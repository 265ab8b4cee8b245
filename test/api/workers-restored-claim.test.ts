// review 10-B F1 (repro kept as the regression test): --workers N --state-in: a restored pending claim exists in EVERY thread's store; the UL result of
// its dialogue in the next file has no subscriber (TCAP table never saw the UL) so it is sharded by frame and
// only that thread confirms it (learn.ts answered -> claimOfDialogue). The owner thread keeps it pending.
import { describe, expect, it } from 'vitest';
import { ShardRouter, hashKey } from '../../src/api/workers-shard.js';
import { Detector } from '../../src/detect/engine.js';
import type { SignallingEvent } from '../../src/events/types.js';
import { mapInvoke, mapResult, mapUl } from '../support/events.js';
import { IMSI, MSISDN, RULES, T0, profile, registerInJapan } from '../detect/fixture.js';

const ROAM = T0 + 2 * 86400;
const GB_VLR = '447700900001';
const HOME_HLR = '12025550001';

function sharded(state: string, events: SignallingEvent[], count: number) {
  const router = new ShardRouter(count);
  const alerts: string[][] = Array.from({ length: count }, () => []);
  const dets = Array.from({ length: count }, (_, k) => new Detector({ rules: RULES, profile: profile(), onAlert: (a) => alerts[k]!.push(a.rule) }));
  for (const d of dets) d.restoreState(state, 'state.json');
  for (const ev of events) {
    const owner = router.shardOf({ frame: ev.frame, ...ev.subscriber });
    dets.forEach((d, k) => {
      if (k === owner) d.event(ev);
      else d.observe(ev);
    });
  }
  return alerts.flat().sort();
}

describe('review10-b: restored claim accepted by a subscriber-less answer, --workers', () => {
  it('alerts identical to one worker', () => {
    const a = new Detector({ rules: RULES, profile: profile(), onAlert: () => {} });
    registerInJapan(a);
    a.event(mapUl({ imsi: IMSI, vlr: GB_VLR, hlrGt: HOME_HLR, ts: ROAM }));
    const state = [...a.snapshotText()].join('');
    const owner2 = hashKey(IMSI) % 2;
    let frame = 100;
    while (frame % 2 === owner2) frame++;
    const events = () => {
      const res = mapResult({ op: 2, callingGt: HOME_HLR, calledGt: GB_VLR, args: { hlrNumber: HOME_HLR }, ts: ROAM + 1, frame });
      (res as { subscriber: object }).subscriber = {};
      const sri = mapInvoke({ op: 22, callingGt: GB_VLR, calledGt: MSISDN, msisdn: MSISDN, args: { msisdn: MSISDN }, ts: ROAM + 10, frame: frame + 2 });
      return [res, sri];
    };
    const one = sharded(state, events(), 1);
    const two = sharded(state, events(), 2);
    expect({ one, two }).toEqual({ one, two: one });
  });
});
