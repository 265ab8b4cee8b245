/**
 * The held location results (state/held-results.ts): a result captured before its Begin waits for
 * the Begin that joins its orphan dialogue — same invoke id, operation and transaction, within
 * limits.reorderWaitSec — and the table is bounded (HELD), each drop counted and reported.
 */
import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../src/core/anomaly.js';
import { Detector } from '../../src/detect/engine.js';
import { HELD, HeldResults, type HeldResult } from '../../src/state/held-results.js';
import { mapInvoke, mapResult } from '../support/events.js';
import { HOME_HLR, profile, RULES, T0 } from '../detect/fixture.js';

const result = (tsSec: number, tid = 0x0a000001): HeldResult => ({
  tid,
  opcode: 45,
  node: '124235700099',
  kind: 'msc',
  imsi: 310410100000099,
  msisdn: undefined,
  gt: HOME_HLR,
  pc: undefined,
  tsSec,
  tsNsec: 0,
  frame: 1,
});

describe('HeldResults', () => {
  it("gives a result to its Begin's invoke only: same invoke id, operation and transaction, within the wait", () => {
    const t = new HeldResults(5);
    t.hold(7, 1, result(T0), T0);
    expect(t.take(7, 1, 22, 0x0a000001, T0)).toBeUndefined(); // another operation (and taken out)
    t.hold(7, 1, result(T0), T0);
    expect(t.take(7, 1, 45, 0x0a000002, T0)).toBeUndefined(); // another transaction
    t.hold(7, 1, result(T0), T0);
    expect(t.take(8, 1, 45, 0x0a000001, T0)).toBeUndefined(); // another orphan
    expect(t.take(7, 2, 45, 0x0a000001, T0)).toBeUndefined(); // another invoke
    expect(t.expired).toBe(0);
    expect(t.take(7, 1, 45, 0x0a000001, T0 + 6)).toBeUndefined(); // past the wait
    expect(t.expired).toBe(1); // counted when taken, whether or not another result is held later
    t.hold(7, 1, result(T0), T0);
    expect(t.take(7, 1, 45, 0x0a000001, T0 + 5)?.node).toBe('124235700099');
    expect(t.size).toBe(0);
  });

  it(`holds at most ${HELD}: the oldest dropped and counted; waits that pass are counted when the table is next used`, () => {
    const t = new HeldResults(5);
    for (let i = 0; i <= HELD; i++) t.hold(i, 1, result(T0), T0);
    expect(t.size).toBe(HELD);
    expect(t.evicted).toBe(1);
    expect(t.take(0, 1, 45, 0x0a000001, T0)).toBeUndefined();
    expect(t.take(HELD, 1, 45, 0x0a000001, T0)).toBeDefined();
    t.hold(HELD + 1, 1, result(T0 + 6), T0 + 6);
    expect(t.expired).toBe(HELD - 1);
    expect(t.size).toBe(1);
  });
});

describe('the detector reports a full held-results table', () => {
  it('state.held-result-evicted once per drop batch, in the stats too', () => {
    const anomalies: Anomaly[] = [];
    const det = new Detector({ rules: RULES, profile: profile(), onAlert: () => undefined, onAnomaly: (a) => anomalies.push(a) });
    for (let i = 0; i <= HELD + 2; i++) {
      const ev = mapResult({
        op: 45,
        callingGt: HOME_HLR,
        calledGt: '12025550300',
        imsi: '310410100000099',
        args: { networkNodeNumber: '124235700099' },
        ts: T0,
        answers: false,
      });
      ev.tcap = { type: 'end', dtid: '0a000001', orphan: i };
      det.event(ev);
    }
    // A Begin that joined nothing held (its orphan dropped): nothing learned, nothing reported.
    const begin = mapInvoke({ op: 45, callingGt: '12025550300', calledGt: HOME_HLR, msisdn: '12025550099', ts: T0 });
    begin.tcap = { type: 'begin', otid: '0a000001', orphan: 0 };
    det.event(begin);
    const held = anomalies.filter((a) => a.code === 'state.held-result-evicted');
    expect(held.length).toBe(3);
    expect(held[0]!.detail).toContain(`(${HELD})`);
    expect(det.stats.heldResults).toEqual({ evicted: 3, expired: 0 });
    expect(det.stats.subscribers).toBe(0);
  });
});
