/**
 * The dialogue table's recent keys (ss7/tcap-recent-keys.ts; tcap-dialogues.ts, "Recent keys"): the
 * keys registered last stay out of the hash index, so a Begin and its End never touch it, and the
 * table answers as when every key was indexed at once — exactly (node, tid) and by the tid alone
 * (the last registration of a tid, corroborated: Q.714 §2.4 address forms) — across the moves from
 * the ring to the index, including the one that empties the ring once the index holds DIRECT_AT
 * entries. The random model comparison (tcap-dialogue-slots.test.ts) runs both ways as well.
 */
import { describe, expect, it } from 'vitest';
import { Counters } from '../../src/core/stats.js';
import { DIRECT_AT, DialogueTable } from '../../src/ss7/tcap-dialogues.js';
import { RECENT } from '../../src/ss7/tcap-recent-keys.js';

const LIMITS = { dialogues: 10_000, dialogueAgeSec: 300 };
const NOW = 1000;
/** Distinct 4-octet transaction ids. */
const tid = (i: number): string => (0x0a000000 + i).toString(16).padStart(8, '0');
/** A GT node, and a PC+SSN form (another address form of the node with the same stamp: corroborated). */
const GT_A = '441234500001';
const GT_B = '331234500001';
const PC_FORM = 'p1201/6';

/** `n` Begin/End pairs from another node, one at a time: `n` later keys, each closed at once. */
function pairs(t: DialogueTable, n: number, from: number): void {
  for (let i = 0; i < n; i++) t.close(t.open('120255500001', tid(from + i), NOW));
}

describe('DialogueTable recent keys', () => {
  it('a Begin and its End, one dialogue at a time, never reach the hash index', () => {
    const t = new DialogueTable(LIMITS);
    for (let i = 0; i < 1000; i++) {
      const d = t.open('120255500001', tid(i), NOW + i);
      expect(t.longestProbeRun).toBe(0);
      expect(t.find('120255500001', tid(i), NOW + i)).toBe(d);
      t.close(d);
    }
    // Every key indexed at once (the table before recent keys): the open dialogue's keys are in the index.
    const u = new DialogueTable(LIMITS, undefined, undefined, false);
    u.open('120255500001', tid(0), NOW);
    expect(u.longestProbeRun).toBeGreaterThan(0);
  });

  it('a dialogue that outlives RECENT later keys is found in the index, exactly and by its tid alone', () => {
    const t = new DialogueTable(LIMITS);
    const long = t.open(GT_A, tid(999), NOW, 5);
    pairs(t, RECENT - 1, 0);
    expect(t.longestProbeRun).toBe(0); // still among the recent keys
    pairs(t, 1, 100);
    expect(t.longestProbeRun).toBeGreaterThan(0);
    expect(t.find(GT_A, tid(999), NOW)).toBe(long);
    expect(t.find(PC_FORM, tid(999), NOW, 5)).toBe(long);
    t.close(long);
    expect(t.longestProbeRun).toBe(0);
    expect(t.find(GT_A, tid(999), NOW)).toBeUndefined();
  });

  it("by the tid alone, the last registration: a later one among the recent keys hides the index's, and its close hides both", () => {
    const counters = new Counters();
    const t = new DialogueTable(LIMITS, counters);
    const a = t.open(GT_A, tid(7), NOW, 5);
    pairs(t, RECENT, 0); // `a` moved to the index
    const b = t.open(GT_B, tid(7), NOW, 6);
    expect(b).not.toBe(a);
    expect(t.find(PC_FORM, tid(7), NOW, 6)).toBe(b);
    // The tid alone names `b`, whose stamp is not 5: refused, not `a`.
    expect(t.find(PC_FORM, tid(7), NOW, 5)).toBeUndefined();
    expect(counters.get('tcap.dialogues.uncorroborated')).toBe(1);
    t.close(b);
    // The last registration closed: the tid alone names nobody, among the recent keys and once b's entry left them.
    expect(t.find(PC_FORM, tid(7), NOW, 5)).toBeUndefined();
    pairs(t, RECENT, 100);
    expect(t.find(PC_FORM, tid(7), NOW, 5)).toBeUndefined();
    expect(t.find(PC_FORM, tid(7), NOW, 6)).toBeUndefined();
    // Its exact key is still `a`'s.
    expect(t.find(GT_A, tid(7), NOW)).toBe(a);
    expect(counters.get('tcap.dialogues.uncorroborated')).toBe(1);
  });

  it('once the index holds DIRECT_AT entries the recent keys move there oldest first: the last registration keeps the tid alone', () => {
    const t = new DialogueTable(LIMITS);
    // Open fillers (each a key and a tid-only entry once in the index) until two more moves reach DIRECT_AT entries.
    const fillers = DIRECT_AT / 2 - 2 + RECENT;
    for (let i = 0; i < fillers; i++) t.open('120255500001', tid(i), NOW);
    const a = t.open(GT_A, tid(500), NOW, 5);
    const b = t.open(GT_B, tid(500), NOW, 6); // the index now holds DIRECT_AT entries; a and b are the newest recent keys
    const c = t.open(GT_A, tid(501), NOW, 5); // empties the ring into the index, then is indexed itself
    expect(t.find(PC_FORM, tid(500), NOW, 6)).toBe(b);
    expect(t.find(PC_FORM, tid(500), NOW, 5)).toBeUndefined();
    expect(t.find(GT_A, tid(500), NOW)).toBe(a);
    expect(t.find(GT_B, tid(500), NOW)).toBe(b);
    expect(t.find(PC_FORM, tid(501), NOW, 5)).toBe(c);
    for (let i = 0; i < fillers; i++) expect(t.find('120255500001', tid(i), NOW)).toBeDefined();
  });
});
