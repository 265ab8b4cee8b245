/**
 * DialogueTable indexed node → tid → dialogue (tcap-dialogues.ts): lookups by (node, tid), the
 * tid-only fallback, close, and the bound on kept empty per-node maps.
 */
import { describe, expect, it } from 'vitest';
import { addressKey, DialogueTable } from '../../src/ss7/tcap-dialogues.js';

const limits = { dialogues: 1000, dialogueAgeSec: 300 };

describe('addressKey', () => {
  it('GT digits as they are; PC/SSN text cached (same string object), never equal to a GT key', () => {
    expect(addressKey({ ri: 'gt', gti: 4, gt: '12025550001', ssn: 6 })).toBe('12025550001');
    const a = addressKey({ ri: 'ssn', gti: 0, pc: 1001, ssn: 6 });
    expect(a).toBe('p1001/6');
    expect(addressKey({ ri: 'ssn', gti: 0, pc: 1001, ssn: 6 })).toBe(a);
    expect(addressKey({ ri: 'ssn', gti: 0, pc: 1001 })).toBe('p1001/');
    expect(addressKey({ ri: 'ssn', gti: 0, ssn: 6 })).toBe('p/6');
    expect(addressKey({ ri: 'gt', gti: 4, gt: '', pc: 0, ssn: 0 })).toBe('p0/0');
    expect(addressKey({ ri: 'ssn', gti: 0 })).toBe('p/');
  });
});

describe('DialogueTable', () => {
  it('finds by (node, tid), falls back to the tid alone, forgets on close', () => {
    const t = new DialogueTable(limits);
    const d1 = t.open('111', '0a', 0);
    const d2 = t.open('222', '0a', 0); // same tid, other node
    expect(t.find('111', '0a', 1)).toBe(d1);
    expect(t.find('222', '0a', 1)).toBe(d2);
    expect(t.find('p1/6', '0a', 1)).toBe(d2); // fallback: the last dialogue registered under '0a'
    t.register(d1, '333', '0b');
    expect(t.find('333', '0b', 1)).toBe(d1);
    t.close(d1);
    expect(t.find('111', '0a', 2)).toBe(d2); // (111, 0a) gone: tid fallback finds d2
    expect(t.find('333', '0b', 2)).toBeUndefined();
    t.close(d2);
    expect(t.find('222', '0a', 2)).toBeUndefined();
    expect(t.size).toBe(0);
  });

  it('re-opening the same (node, tid) closes the old dialogue', () => {
    const t = new DialogueTable(limits);
    const d1 = t.open('111', '0a', 0);
    const d2 = t.open('111', '0a', 0);
    expect(d1.live).toBe(false);
    expect(t.find('111', '0a', 0)).toBe(d2);
    expect(t.size).toBe(1);
  });

  it('many nodes opening and closing: the node index stays bounded', () => {
    const t = new DialogueTable(limits);
    for (let i = 0; i < 50_000; i++) t.close(t.open(`n${i}`, 'aa', i / 1000));
    expect(t.size).toBe(0);
    const nodes = (t as unknown as { byNode: Map<string, unknown> }).byNode.size;
    expect(nodes).toBeLessThanOrEqual(1025);
  });
});
