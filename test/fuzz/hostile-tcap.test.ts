/**
 * Hostile TCAP traffic: a flood of distinct transaction ids (Begin without End) and a dialogue
 * that keeps acquiring new transaction ids. The dialogue table must stay within `dialogues`
 * entries (live heap bounded), evictions must be counted, and the legitimate attack (a PSI for a
 * home subscriber) interleaved with the flood must still be decoded and detected.
 */
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/api/decoder.js';
import { beginFlood, continueKeyFlood, pcapHeader } from './hostile.js';
import { hostileRun } from './hostile-run.js';
import { liveHeap, MiB } from './memory.js';

const N = 200_000;

describe('hostile: TCAP transaction ids', () => {
  it(`${N} Begins with distinct transaction ids and no End: table capped, evictions counted, PSI still decoded`, () => {
    const limits = { dialogues: 5000 };
    const r = hostileRun(beginFlood(N), { limits, every: 10, detect: false });
    expect(r.peak.dialogues).toBeLessThanOrEqual(5000);
    expect(r.stats['tcap.dialogues.evicted']).toBeGreaterThanOrEqual(N - 5000);
    expect(r.events).toBe(N + r.psiSent);
    expect(r.psiEvents).toBe(r.psiSent);
    // Unbounded, 200 k dialogues (Maps, key strings) would hold well over 100 MiB.
    expect(r.heap.peakGrowth).toBeLessThan(32 * MiB);
  });

  it('20 k Begins fed to the detector as well: the interleaved PSI attacks are still alerted on', () => {
    const r = hostileRun(beginFlood(20_000), { limits: { dialogues: 1000, subscribers: 1000 }, every: 1, detect: true });
    expect(r.psiSent).toBeGreaterThan(0);
    expect(r.psiEvents).toBe(r.psiSent);
    expect(r.psiAlerts).toBeGreaterThanOrEqual(r.psiSent);
  });

  // Regression: DialogueTable.register() added a key to byKey/byTid and to the dialogue's `keys`
  // for every new OrigTransactionID a Continue brought for a known DestTransactionID. The table
  // counted dialogues, not keys, so one dialogue grew without bound (100 k Continues held 30 MB).
  // Now at most MAX_KEYS_PER_DIALOGUE keys, the rest counted and reported. Since the corroboration
  // check (tcap-dialogues.ts), a Continue whose OTID is neither of the dialogue's two known ids is
  // refused before it can register a key or an invoke: the first Continue answers the Begin, the
  // other n - 1 are counted and reported as uncorroborated.
  it('a Continue flood giving one dialogue new transaction ids keeps the table bounded', () => {
    const n = 100_000;
    const d = new Decoder({ onEvent: () => undefined, limits: { dialogues: 100 } });
    const before = liveHeap();
    d.push(pcapHeader());
    for (const b of continueKeyFlood(n)) d.push(b);
    const growth = liveHeap() - before;
    expect(d.tables.dialogues).toBeLessThanOrEqual(100);
    // 100 dialogues' worth of state is far below 4 MiB; 100 k keys are not.
    expect(growth).toBeLessThan(4 * MiB);
    expect(d.stats['tcap.dialogues.uncorroborated']).toBe(n - 1);
    expect(d.stats['anomaly.tcap.dialogue-uncorroborated']).toBe(n - 1);
    expect(d.stats['tcap.dialogues.key-limit'] ?? 0).toBe(0);
    expect(d.stats['tcap.dialogues.invoke-limit'] ?? 0).toBe(0);
    d.end();
  });
});
