/**
 * Adversarial transaction ids against the TCAP dialogue table (tcap-dialogues.ts): a victim's
 * dialogue must stay findable — with its identities — and lookups must stay short whatever an
 * attacker sends under the table's limit: the victim's tid reused by thousands of other nodes,
 * thousands of tids from the victim's own node, and orphan Ends sprayed at the victim's key from
 * another country before its Begin (reordering across associations). "Short" is counted, not
 * timed: the key index's longest probe run, which bounds every lookup's walk.
 */
import { describe, expect, it } from 'vitest';
import { Counters } from '../../src/core/stats.js';
import { DialogueTable, nodeStamp } from '../../src/ss7/tcap-dialogues.js';

const VLR = '12025550001';
const HLR = '12025559999';
const TID = 'aabbccdd';
const IMSI_KEY = 1e15 + 310150123456789;
const VLR_STAMP = nodeStamp(101, 7);
const HLR_STAMP = nodeStamp(202, 6);
const hex8 = (i: number): string => (i >>> 0).toString(16).padStart(8, '0');

function victim(t: DialogueTable, now: number): number {
  const d = t.open(VLR, TID, now, VLR_STAMP, HLR, HLR_STAMP);
  t.setImsi(d, IMSI_KEY);
  t.rememberInvoke(d, TID, 1, 2);
  return d;
}

/** The HLR's End for the victim's dialogue: found under (VLR, TID), accepted, its IMSI and invoke there. */
function answered(t: DialogueTable, d: number, now: number): void {
  const e = t.find(VLR, TID, now, VLR_STAMP);
  expect(e).toBe(d);
  expect(t.ending(e!, HLR, TID, HLR_STAMP)).toBe(true);
  expect(t.imsi(e!)).toBe(IMSI_KEY);
  expect(t.invokedOpcode(e!, TID, 1, true)).toBe(2);
}

describe('hostile transaction ids against the dialogue table', () => {
  it("the victim's tid opened by 30,000 other nodes: the victim's dialogue is still found, the probe runs stay short", () => {
    const counters = new Counters();
    const t = new DialogueTable({ dialogues: 100_000, dialogueAgeSec: 300 }, counters);
    const d = victim(t, 1000);
    for (let i = 0; i < 30_000; i++) t.open(`4420712${String(i).padStart(5, '0')}`, TID, 1000, nodeStamp(300 + (i % 50), 8));
    expect(t.size).toBe(30_001);
    // Each key is hashed with its node (seeded, mixed: core/hash.ts): 30,000 keys sharing the tid
    // spread over the index. Linear probing at load ≤ 1/2 gives runs of tens of rows; a hash of the
    // tid alone would put all 30,000 in one run.
    expect(t.longestProbeRun).toBeLessThan(256);
    answered(t, d, 1001);
    expect(counters.get('tcap.dialogues.uncorroborated')).toBe(0);
  });

  it("30,000 tids from the victim's own node: still found, runs short", () => {
    const t = new DialogueTable({ dialogues: 100_000, dialogueAgeSec: 300 });
    const d = victim(t, 1000);
    for (let i = 0; i < 30_000; i++) t.open(VLR, hex8(i * 2654435761), 1000, VLR_STAMP);
    expect(t.longestProbeRun).toBeLessThan(256);
    answered(t, d, 1001);
  });

  it('orphan Ends sprayed at the victim key from another country before its Begin: refused, the victim opens its own dialogue', () => {
    const counters = new Counters();
    const t = new DialogueTable({ dialogues: 100_000, dialogueAgeSec: 300, reorderWaitSec: 5 }, counters);
    // The spray: Ends to (VLR, TID) and to 20,000 other tids of the VLR, from a Chinese GT, each
    // carrying an IMSI of its own (the attacker's bait for the victim's dialogue).
    for (let i = 0; i < 20_000; i++) {
      const o = t.openOrphan('8613800000000', undefined, nodeStamp(999, 6), VLR, i === 0 ? TID : hex8(i), VLR_STAMP, 1000, true);
      t.setImsi(o, 1e15 + 460001234567890);
    }
    expect(t.pendingOrphans).toBe(20_000);
    const d = victim(t, 1000);
    // The Begin was addressed to the HLR, not the orphan's sender: no join, counted and reported.
    expect(counters.get('tcap.dialogues.reordered')).toBe(0);
    expect(counters.get('tcap.dialogues.uncorroborated')).toBe(1);
    expect(t.awaitingBegin(d)).toBe(false);
    expect(t.longestProbeRun).toBeLessThan(256);
    answered(t, d, 1001);
    // The other orphans expire with their wait and close (their End was seen).
    t.find(VLR, TID, 1010, VLR_STAMP);
    expect(t.pendingOrphans).toBe(0);
    expect(counters.get('tcap.dialogues.reorder-expired')).toBe(19_999);
  });
});
