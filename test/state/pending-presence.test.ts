/** The presence requests waiting for their answer (state/pending-presence.ts; red-team round 21 P3, P5): bounded, matched by transaction. */
import { describe, expect, it } from 'vitest';
import { PENDING_PRESENCE, PRESENCE_ANSWER_SEC, PendingPresence, type PresenceRequest } from '../../src/state/pending-presence.js';

const req = (frame: number, o: Partial<PresenceRequest> = {}): PresenceRequest => ({
  link: '81901200001',
  op: 56,
  diameter: false,
  imsi: 310410123456789,
  address: '81901200001',
  clear: false,
  by: 'SAI',
  tsSec: 100,
  tsNsec: 0,
  frame,
  ...o,
});

describe('PendingPresence', () => {
  it('holds at most PENDING_PRESENCE requests, the oldest dropped first (counted)', () => {
    const p = new PendingPresence();
    for (let i = 0; i <= PENDING_PRESENCE; i++) p.add(i, req(i));
    expect(p.size).toBe(PENDING_PRESENCE);
    expect(p.evicted).toBe(1);
    expect(p.take(0, '81901200001', 56, false, 100)).toBeUndefined();
    expect(p.take(1, '81901200001', 56, false, 100)?.frame).toBe(1);
    expect(p.size).toBe(PENDING_PRESENCE - 1);
  });

  it('an answer takes its request only with the same link, operation and protocol, within the wait, once', () => {
    const p = new PendingPresence();
    p.add(7, req(1));
    expect(p.take(7, '81901200002', 56, false, 100)).toBeUndefined();
    expect(p.take(7, '81901200001', 7, false, 100)).toBeUndefined();
    expect(p.take(7, '81901200001', 56, true, 100)).toBeUndefined();
    expect(p.take(7, '81901200001', 56, false, 100 + PRESENCE_ANSWER_SEC)?.frame).toBe(1);
    expect(p.take(7, '81901200001', 56, false, 100)).toBeUndefined();
    p.add(8, req(2));
    expect(p.take(8, '81901200001', 56, false, 101 + PRESENCE_ANSWER_SEC)).toBeUndefined();
    expect(p.size).toBe(0);
  });
});
