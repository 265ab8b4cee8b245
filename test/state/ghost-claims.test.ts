/**
 * Claims leave the store with their record (review 10-B F7). The dialogue index gives the oldest
 * claim filed under a dialogue id: a claim of a record the store had evicted or replaced, left
 * there, took the answer or refusal meant for a live claim filed after it under the same id.
 */
import { describe, expect, it } from 'vitest';
import type { NetworkInfo } from '../../src/attribution/types.js';
import { type Location, SubscriberStore } from '../../src/state/subscribers.js';

const T = 1_700_000_000;
const GB: NetworkInfo = { source: 'e164', country: 'GB' };
const JP: NetworkInfo = { source: 'e164', country: 'JP' };
const TID = 8 * 4294967296 + 0x0a000001; // otid 0a000001 (the code learn.ts keeps)
const LINK = '8613010000001';
const at = (info: NetworkInfo, address: string, tsSec: number, frame: number): Location => ({
  info,
  kind: 'vlr',
  address,
  tsSec,
  tsNsec: 0,
  frame,
  confirmed: undefined,
});

function store(subscribers: number): SubscriberStore {
  const st = new SubscriberStore({ subscribers, subscriberTtlSec: 86_400 });
  st.registrationAnswers = true;
  st.tick(T);
  return st;
}

describe('claims of records that left the store (review 10-B F7)', () => {
  it("an evicted record's acceptance does not take the refusal of a live one of the same dialogue", () => {
    const st = store(2);
    const a = st.touch('310410000000001', undefined)!;
    st.claimRegistration(a, at(GB, '447700900001', T, 1), true, TID, LINK);
    st.confirmRegistration(a);
    st.touch('310410000000002', undefined);
    st.touch('310410000000003', undefined); // a leaves the store (2 records)
    const b = st.touch('310410000000004', undefined)!;
    st.moveTo(b, at(JP, '81901200001', T, 2));
    st.claimRegistration(b, at(GB, '447700900001', T, 3), false, TID, LINK);
    st.confirmRegistration(b); // a forged acceptance of b's UL, same otid and link
    expect(st.visited(b)?.address).toBe('447700900001');
    expect(st.refuseDialogue(TID, LINK)).toBe(true); // the HLR's refusal of b's UL
    expect(st.visited(b)?.address).toBe('81901200001');
  });

  it("a replaced tel: record's pending claim leaves the dialogue index", () => {
    const st = store(100);
    const M = '12025550100';
    const y = '310410123456789';
    st.touch(y, undefined);
    const t = st.touch(undefined, M)!;
    st.claimRegistration(t, at(GB, '447700900001', T, 1), true, TID, LINK);
    st.touch(y, M); // M is now y's
    st.touch(y, '12025550177'); // y takes another number: M unlinked
    const t2 = st.touch(undefined, M)!; // tel:M again, replaced in place
    expect(t2).not.toBe(t);
    expect(st.pendingOfDialogue(TID, LINK)).toBeUndefined();
    st.claimRegistration(t2, at(GB, '447700900002', T, 2), true, TID, LINK);
    expect(st.pendingOfDialogue(TID, LINK)).toBe(t2);
  });
});
