/**
 * Registration claims found by their UL's dialogue (state/dialogue-index.ts): a TC-ABORT or an SCCP
 * return names only the dialogue (Q.774 §3.2.2.4, Q.714 §4.2), and an attacker can send many.
 */
import { describe, expect, it } from 'vitest';
import { DialogueIndex, MAX_PER_TID } from '../../src/state/dialogue-index.js';
import { SubscriberStore, type Location, type SubscriberRecord } from '../../src/state/subscribers.js';

const T = 1_000;
const at = (address: string, tsSec: number, frame: number): Location => ({
  info: { country: 'CN', source: 'e164' },
  kind: 'vlr',
  address,
  tsSec,
  tsNsec: 0,
  frame,
});
const GT = ['8613800000001', '8613800000002'];

/** A store that waits for answers (one was seen), `n` subscribers registered at `home-<i>`. */
function store(n: number): { s: SubscriberStore; recs: SubscriberRecord[] } {
  const s = new SubscriberStore({ subscribers: 10_000, subscriberTtlSec: 86_400 });
  s.tick(T);
  const recs: SubscriberRecord[] = [];
  for (let i = 0; i < n; i++) {
    const rec = s.touch(`46000${String(i).padStart(10, '0')}`, undefined)!;
    s.moveTo(rec, at(`home-${i}`, T, 1));
    recs.push(rec);
  }
  s.registrationAnswers = true;
  return { s, recs };
}

describe('refusals by dialogue (the pending claims indexed by otid and link)', () => {
  it('4,096 pending claims and aborts of other dialogues: each abort refuses nothing; the aborts of their own dialogues refuse exactly their claims', () => {
    const { s, recs } = store(4096);
    for (const [i, rec] of recs.entries()) s.claimRegistration(rec, at(GT[i % 2]!, T + 1, 10 + i), false, 0x1000_0000 + i, GT[i % 2]);
    for (let j = 0; j < 10_000; j++) expect(s.refuseDialogue(0x2000_0000 + j, GT[j % 2]!)).toBe(false);
    // Same otid, the other link: not its dialogue.
    expect(s.refuseDialogue(0x1000_0000, GT[1]!)).toBe(false);
    expect(s.refuseDialogue(0x1000_0000, GT[0]!)).toBe(true);
    expect(s.pendingRegistration(recs[0]!)).toBeUndefined();
    expect(s.pendingRegistration(recs[1]!)?.tid).toBe(0x1000_0001);
    for (let i = 1; i < 4096; i++) expect(s.refuseDialogue(0x1000_0000 + i, GT[i % 2]!)).toBe(true);
    expect(recs.every((rec) => s.pendingRegistration(rec) === undefined)).toBe(true);
    expect(recs.every((rec, i) => s.visited(rec)?.address === `home-${i}`)).toBe(true);
    expect(s.refuseDialogue(0x1000_0005, GT[1]!)).toBe(false);
  });

  it('two claims in one dialogue (a reused otid): an abort refuses the older first, as the claim order did', () => {
    const { s, recs } = store(3);
    s.claimRegistration(recs[0]!, at(GT[0]!, T + 1, 10), false, 7, GT[0]);
    s.claimRegistration(recs[1]!, at(GT[0]!, T + 1, 11), false, 7, GT[0]);
    s.claimRegistration(recs[2]!, at(GT[0]!, T + 1, 12), false, '0a0b', GT[0]);
    // A new claim of the first record moves it behind the second.
    s.claimRegistration(recs[0]!, at(GT[0]!, T + 2, 13), false, 7, GT[0]);
    expect(s.refuseDialogue(7, GT[0]!)).toBe(true);
    expect(s.pendingRegistration(recs[1]!)).toBeUndefined();
    expect(s.pendingRegistration(recs[0]!)?.loc.frame).toBe(13);
    expect(s.refuseDialogue(7, GT[0]!)).toBe(true);
    expect(s.pendingRegistration(recs[0]!)).toBeUndefined();
    expect(s.refuseDialogue('0a0b', GT[0]!)).toBe(true);
    expect(s.refuseDialogue(7, GT[0]!)).toBe(false);
  });

  it('a claim that leaves without a refusal (accepted, expired, evicted) is no longer found by its dialogue', () => {
    const { s, recs } = store(3);
    s.claimRegistration(recs[0]!, at(GT[0]!, T + 1, 10), false, 1, GT[0]);
    s.claimRegistration(recs[1]!, at(GT[0]!, T + 1, 11), false, 2, GT[0]);
    s.confirmRegistration(recs[0]!);
    s.tick(T + 40); // claim 2 unanswered past the wait, the old location silent since: trusted (expireClaims)
    expect(s.refuseDialogue(2, GT[0]!)).toBe(false);
    expect(s.visited(recs[1]!)?.address).toBe(GT[0]);
    s.claimRegistration(recs[2]!, at(GT[1]!, T + 41, 12), false, 3, GT[1]);
    s.put({ imsi: recs[2]!.imsi!, history: [], updatedSec: T + 41 }); // replaced: its claim goes
    expect(s.refuseDialogue(3, GT[1]!)).toBe(false);
  });
});

describe('settled claims by dialogue', () => {
  it('a later acceptance in the same dialogue stays refusable after the earlier one is dropped (the index no longer loses it)', () => {
    const { s, recs } = store(2);
    s.claimRegistration(recs[0]!, at(GT[0]!, T + 1, 10), false, 9, GT[0]);
    s.confirmRegistration(recs[0]!);
    s.claimRegistration(recs[1]!, at(GT[0]!, T + 2, 11), false, 9, GT[0]);
    s.confirmRegistration(recs[1]!);
    // The first record is accepted again in another dialogue: its settled claim is replaced.
    s.claimRegistration(recs[0]!, at(GT[1]!, T + 3, 12), false, 10, GT[1]);
    s.confirmRegistration(recs[0]!);
    expect(s.visited(recs[1]!)?.address).toBe(GT[0]);
    expect(s.refuseDialogue(9, GT[0]!)).toBe(true);
    expect(s.visited(recs[1]!)?.address).toBe('home-1');
    expect(s.visited(recs[0]!)?.address).toBe(GT[1]);
  });

  it('an acceptance is refusable for the answer wait (30 s), then no longer', () => {
    const { s, recs } = store(2);
    s.claimRegistration(recs[0]!, at(GT[0]!, T + 1, 10), false, 1, GT[0]);
    s.confirmRegistration(recs[0]!);
    s.claimRegistration(recs[1]!, at(GT[0]!, T + 1, 11), false, 2, GT[0]);
    s.confirmRegistration(recs[1]!);
    s.tick(T + 30);
    expect(s.refuseDialogue(1, GT[0]!)).toBe(true);
    expect(s.visited(recs[0]!)?.address).toBe('home-0');
    s.tick(T + 31);
    expect(s.refuseDialogue(2, GT[0]!)).toBe(false);
    expect(s.refuseSettled(recs[1]!, 2, GT[0])).toBe(false);
    expect(s.visited(recs[1]!)?.address).toBe(GT[0]);
  });
});

describe('DialogueIndex', () => {
  it('tells dialogues of one id apart by link; delete takes out only the value given', () => {
    const ix = new DialogueIndex<string>();
    ix.add(1, 'a', 'x');
    ix.add(1, 'b', 'y');
    ix.add(1, 'a', 'z');
    expect([ix.get(1, 'a'), ix.get(1, 'b'), ix.get(1, 'c'), ix.get('1', 'a'), ix.size]).toEqual(['x', 'y', undefined, undefined, 3]);
    ix.delete(1, 'a', 'y');
    ix.delete(1, 'a', 'x');
    expect([ix.get(1, 'a'), ix.size]).toEqual(['z', 2]);
    ix.delete(1, 'a', 'z');
    ix.delete(1, 'b', 'y');
    expect([ix.get(1, 'a'), ix.get(1, 'b'), ix.size]).toEqual([undefined, undefined, 0]);
  });

  it('files at most MAX_PER_TID values under one id, keeping the oldest (review 10-B F2: a forged chain of 4,096)', () => {
    const ix = new DialogueIndex<number>();
    for (let i = 0; i < 5000; i++) expect(ix.add(7, i % 2 === 0 ? 'a' : 'b', i)).toBe(i < MAX_PER_TID);
    expect([ix.size, ix.get(7, 'a'), ix.get(7, 'b')]).toEqual([MAX_PER_TID, 0, 1]);
    ix.delete(7, 'a', 0);
    expect([ix.add(7, 'a', 9999), ix.get(7, 'a'), ix.size]).toEqual([true, 2, MAX_PER_TID]);
  });
});
