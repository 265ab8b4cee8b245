/**
 * The store's flags in two rings (state/flagged-dialogues.ts DialogueFlags): spoofed Begins, filed
 * alike in every `scan --workers` thread, apart from the Begins a rule flagged, which only the
 * detecting thread files. In one ring, a thread's own flagged Begins pushed out its copy of a spoofed
 * Begin's flag (not its own: uncounted) while the owning thread kept its flag, and an End naming
 * another IMSI, detected in that thread, was learned there (final read 13-A #4). A saturated tid's
 * fail-closed hold outlives a ring wrap that empties its chain (final read 13-A #6).
 */
import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/engine.js';
import { loadProfile } from '../../src/detect/profile.js';
import type { Ss7Event } from '../../src/events/types.js';
import { MAX_PER_TID } from '../../src/state/dialogue-index.js';
import { FlaggedDialogues, flagTtlSec } from '../../src/state/flagged-dialogues.js';
import { FLAGGED_DIALOGUES } from '../../src/state/subscribers.js';
import { RULES } from '../detect/fixture.js';
import { mapInvoke, mapResult } from '../support/events.js';
import { BS_VLR, HLR, MSISDN, OTHER, R9_PROFILE, SMSC, T } from '../support/r9-srism.js';

const TTL = flagTtlSec();

/** The spoofed SRI-SM Begin: the home SMSC GT handed over by China Carrier's international point code 4242 (rt11 R9). */
function spoofedBegin(): Ss7Event {
  const ev = mapInvoke({ op: 45, callingGt: SMSC.gt!, calledGt: HLR.gt!, msisdn: MSISDN, opc: 4242, tcap: { type: 'begin', otid: '77000009' }, ts: T });
  ev.mtp!.ni = 0;
  return ev;
}

/** Its forged End from the home HLR GT naming another IMSI (another thread's) at the attacker's VLR. */
const forgedEnd = (ts: number) =>
  mapResult({
    op: 45,
    callingGt: HLR.gt!,
    calledGt: SMSC.gt!,
    imsi: OTHER,
    msisdn: MSISDN,
    args: { networkNodeNumber: BS_VLR },
    tcap: { type: 'end', dtid: '77000009' },
    ts,
  });

describe('a thread keeps its copy of a spoofed Begin’s flag whatever it files of its own (final read 13-A #4)', () => {
  it('a ring full of its own rule-flagged Begins: the End naming another IMSI is still kept out, nothing lost', () => {
    const anomalies: string[] = [];
    // The thread OTHER is sharded to: it observes the spoofed Begin (another thread detects on its MSISDN).
    const det = new Detector({ profile: loadProfile(R9_PROFILE), rules: RULES, onAlert: () => {}, onAnomaly: (a) => void anomalies.push(a.code) });
    det.observe(spoofedBegin());
    for (let i = 0; i < FLAGGED_DIALOGUES; i++) {
      const ati = mapInvoke({ op: 71, callingGt: '8613800000001', calledGt: HLR.gt!, imsi: `31041020${String(i).padStart(7, '0')}`, ts: T + 1 });
      ati.tcap = { type: 'begin', otid: (0x10000000 + i).toString(16) };
      det.event(ati);
    }
    expect(det.stats.notLearned).toBe(FLAGGED_DIALOGUES);
    det.event(forgedEnd(T + 2));
    expect(det.snapshotState().subscribers.find((r) => r.imsi === OTHER)?.visited).toBeUndefined();
    expect(anomalies.filter((c) => c.startsWith('state.flagged'))).toEqual([]);
  });
});

describe('a saturated tid stays flagged until its own expiry (final read 13-A #6)', () => {
  it('a ring wrap that empties its chain keeps the hold', () => {
    const f = new FlaggedDialogues(MAX_PER_TID);
    for (let s = 0; s <= MAX_PER_TID; s++) f.add('t', 'gt1', 100 + s, 0); // the 17th overflows the tid
    for (let s = 0; s < MAX_PER_TID; s++) f.add(`u${s}`, 'gt1', 1, 1); // every slot of 't' reused
    expect([f.has('t', 'gt2', 555, TTL), f.has('t', 'gt2', 555, TTL + 1), f.overflowed, f.evicted]).toEqual([true, false, 1, MAX_PER_TID]);
  });

  it('at most cap / MAX_PER_TID holds: beyond it the oldest goes, counted when within its time', () => {
    const f = new FlaggedDialogues(MAX_PER_TID);
    for (let s = 0; s <= MAX_PER_TID; s++) f.add('t', 'gt1', 100 + s, 0);
    for (let s = 0; s <= MAX_PER_TID; s++) f.add('v', 'gt1', 100 + s, 1); // a second hold: 't''s goes
    expect([f.has('t', 'gt2', 555, 2), f.has('v', 'gt2', 555, 2), f.overflowed]).toEqual([false, true, 2]);
    expect(f.evicted).toBe(MAX_PER_TID + 1);
  });
});

describe('mayHold: one lookup of the tid before the subjects (learn.ts flaggedTid)', () => {
  it('is false exactly when has() is false for every subject and link: nothing filed, another tid, a saturated hold past its time', () => {
    const f = new FlaggedDialogues(64);
    expect(f.mayHold(7, T)).toBe(false);
    f.add(7, '4912345', 310410000000001, T);
    expect(f.mayHold(7, T)).toBe(true);
    expect(f.has(7, '4912345', 310410000000001, T)).toBe(true);
    expect(f.mayHold(8, T)).toBe(false);
    expect(f.has(8, '4912345', 310410000000001, T)).toBe(false);
    // Saturated: MAX_PER_TID + 1 subjects on one tid hold it for every subject until the ttl after the newest.
    for (let i = 0; i <= MAX_PER_TID; i++) f.add(9, '', 1000 + i, T);
    expect(f.has(9, 'x', 1, T + 1)).toBe(true);
    expect(f.mayHold(9, T + 1)).toBe(true);
  });

  it('a ring wrap that empties a saturated tid’s chain: held within its time, not after', () => {
    const f = new FlaggedDialogues(MAX_PER_TID + 2, 100);
    for (let i = 0; i <= MAX_PER_TID; i++) f.add(5, '', 1000 + i, T);
    // The wrap: other tids take every slot, the chain of 5 is gone, its hold stays.
    for (let i = 0; i < MAX_PER_TID + 2; i++) f.add(100 + i, '', 1, T + 1);
    expect(f.has(5, '', 42, T + 2)).toBe(true);
    expect(f.mayHold(5, T + 2)).toBe(true);
    expect(f.has(5, '', 42, T + 200)).toBe(false);
    expect(f.mayHold(5, T + 200)).toBe(false);
  });
});
