/**
 * DialogueTable indexed by (node id, tid) (tcap-dialogues.ts): lookups by (node, tid), the
 * tid-only fallback, close, the key index against a model, and the bounds on interned nodes and
 * odd transaction ids. The slots against a model of every rule: tcap-dialogue-slots.test.ts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tbcdDigitKey } from '../../src/asn1/tbcd.js';
import { Counters } from '../../src/core/stats.js';
import { addressKey, DialogueTable, MAX_INVOKES_PER_DIALOGUE, nodeStamp } from '../../src/ss7/tcap-dialogues.js';

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
  it("a Begin reusing an open dialogue's key, whose close sweeps the node interner, keys its new dialogue by a live node id", () => {
    // open() looks the node up once for both its exact key and the new dialogue, but not across the
    // close of the old one: that close may free the node's id (tcap-dialogue-index.ts sweep).
    const t = new DialogueTable({ dialogues: 5000, dialogueAgeSec: 300 });
    t.open('N', '0a', 0, nodeStamp(1, 6));
    for (let i = 0; i < 1024; i++) t.close(t.open(`B${i}`, '0b', 0)); // 1,024 unreferenced ids: one more sweeps
    const d = t.open('N', '0a', 1, nodeStamp(1, 6)); // closes the old (N, 0a): N's id is swept
    for (let i = 0; i < 1100; i++) t.open(`M${i}`, '0c', 1, nodeStamp(2, 7)); // the freed ids go to other nodes
    expect(t.find('N', '0a', 2, nodeStamp(1, 6))).toBe(d);
  });

  it('finds by (node, tid), falls back to the tid alone, forgets on close', () => {
    const t = new DialogueTable(limits);
    const d1 = t.open('111', '0a', 0);
    const d2 = t.open('222', '0a', 0); // same tid, other node
    expect(t.find('111', '0a', 1)).toBe(d1);
    expect(t.find('222', '0a', 1)).toBe(d2);
    expect(t.find('p1/6', '0a', 1)).toBe(d2); // fallback: the last dialogue registered under '0a', another address form
    expect(t.find('p1/6', '0a', 1, nodeStamp(1, 6))).toBeUndefined(); // ... not at another point code/SSN
    t.register(d1, '333', '0b');
    expect(t.find('333', '0b', 1)).toBe(d1);
    t.close(d1);
    expect(t.find('111', '0a', 2)).toBeUndefined(); // (111, 0a) gone: another GT is another node, not d2
    expect(t.find('p1/6', '0a', 2)).toBe(d2);
    expect(t.find('333', '0b', 2)).toBeUndefined();
    t.close(d2);
    expect(t.find('222', '0a', 2)).toBeUndefined();
    expect(t.size).toBe(0);
  });

  it('re-opening the same (node, tid) closes the old dialogue: the new one starts empty (its slot may be the old one)', () => {
    const t = new DialogueTable(limits);
    const other = t.open('111', '0b', 0);
    const d1 = t.open('111', '0a', 0);
    t.setImsi(d1, '001010000000001');
    t.setMsisdn(d1, '447700000001');
    t.setAcn(d1, '0.4.0.0.1.0.1.3');
    t.rememberInvoke(d1, '0a', 1, 2);
    t.register(d1, '222', '0c');
    const d2 = t.open('111', '0a', 0);
    expect(t.find('111', '0a', 0)).toBe(d2);
    expect(t.size).toBe(2);
    expect([t.imsi(d2), t.msisdn(d2), t.acn(d2), t.invokeCount(d2), t.keyCount(d2)]).toEqual([undefined, undefined, undefined, 0, 1]);
    expect(t.invokedOpcode(d2, '0a', 1, false)).toBeUndefined();
    expect(t.find('222', '0c', 0)).toBeUndefined(); // d1's other key left with it
    expect(t.find('111', '0b', 0)).toBe(other);
  });

  it('a closed dialogue is not live; its slot serves the next dialogue', () => {
    const t = new DialogueTable(limits);
    const d = t.open('111', '0a', 0);
    expect(t.live(d)).toBe(true);
    t.close(d);
    expect(t.live(d)).toBe(false);
    t.close(d); // no-op
    expect(t.size).toBe(0);
    expect(t.open('111', '0b', 0)).toBe(d);
  });

  it('transaction ids: hex text of 1-8 digits as numbers (0a ≠ a), anything else by its text', () => {
    const t = new DialogueTable(limits);
    const ids = ['0a', 'a', '00', '0', 'ffffffff', '00000000', '', '0102030405', 'zz', 'A1', '0A'];
    const ds = ids.map((tid) => t.open('111', tid, 0));
    expect(new Set(ds).size).toBe(ids.length);
    for (const [i, tid] of ids.entries()) expect(t.find('111', tid, 0)).toBe(ds[i]);
    expect(t.find('111', '000a', 0)).toBeUndefined();
    expect(t.find('111', '0102030406', 0)).toBeUndefined();
  });

  it('odd transaction ids opening and closing: the interned ids stay bounded', () => {
    const t = new DialogueTable(limits);
    for (let i = 0; i < 50_000; i++) {
      const d = t.open('111', `x${i}`, i / 1000);
      t.rememberInvoke(d, `y${i}`, 1, 2);
      t.close(d);
    }
    expect(t.size).toBe(0);
    const odd = (t as unknown as { oddTids: { size: number } }).oddTids.size;
    expect(odd).toBeLessThanOrEqual(1025);
  });

  it('behaves as a map (node, tid) → dialogue through growth, shrinking and deletions (key index)', () => {
    const op = fc.record({ close: fc.boolean(), node: fc.integer({ min: 0, max: 30 }), tid: fc.integer({ min: 0, max: 40 }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), (ops) => {
        const t = new DialogueTable({ dialogues: 10_000, dialogueAgeSec: 300 });
        const model = new Map<string, number>();
        for (const o of ops) {
          const node = `9${o.node}`; // GT form: a lookup by tid alone from another GT is never corroborated
          const tid = o.tid.toString(16);
          const k = `${node}|${tid}`;
          if (o.close) {
            const d = model.get(k);
            if (d !== undefined) t.close(d);
            model.delete(k);
          } else model.set(k, t.open(node, tid, 0));
        }
        expect(t.size).toBe(model.size);
        for (let n = 0; n <= 30; n++) for (let i = 0; i <= 40; i++) expect(t.find(`9${n}`, i.toString(16), 0)).toBe(model.get(`9${n}|${i.toString(16)}`));
      }),
      { numRuns: 100, seed: 7 },
    );
  });

  it('many nodes opening and closing: the node index stays bounded', () => {
    const t = new DialogueTable(limits);
    for (let i = 0; i < 50_000; i++) t.close(t.open(`n${i}`, 'aa', i / 1000));
    expect(t.size).toBe(0);
    const nodes = (t as unknown as { nodes: { size: number } }).nodes.size;
    expect(nodes).toBeLessThanOrEqual(1025);
  });
});

describe('outstanding invokes (the first in the slot, the others in a list)', () => {
  it('behaves as a map (tid, invokeId) → opcode with a bound, whatever the order of remember/forget', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('remember' as const),
        tid: fc.constantFrom('0a', '0b'),
        id: fc.integer({ min: -2, max: 3 }),
        opcode: fc.integer({ min: 0, max: 99 }),
      }),
      fc.record({ kind: fc.constant('lookup' as const), tid: fc.constantFrom('0a', '0b'), id: fc.integer({ min: -2, max: 3 }), forget: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const t = new DialogueTable(limits);
        const d = t.open('111', '0a', 0);
        const model = new Map<string, number>();
        for (const o of ops) {
          const k = `${o.tid}:${o.id}`;
          if (o.kind === 'remember') {
            expect(t.rememberInvoke(d, o.tid, o.id, o.opcode)).toBe(true);
            model.set(k, o.opcode);
          } else {
            expect(t.invokedOpcode(d, o.tid, o.id, o.forget)).toBe(model.get(k));
            if (o.forget) model.delete(k);
          }
        }
        expect(t.invokeCount(d)).toBe(model.size);
        for (const [k, op] of model) {
          const [tid, id] = k.split(':');
          expect(t.invokedOpcode(d, tid!, Number(id), false)).toBe(op);
        }
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  it('the bound refuses the next invoke, even a replacement; invokes are per dialogue', () => {
    const t = new DialogueTable(limits);
    const a = t.open('111', '01', 0);
    const b = t.open('111', '02', 0);
    t.rememberInvoke(a, '01', 1, 22);
    expect(t.invokeCount(b)).toBe(0);
    expect(t.invokedOpcode(b, '01', 1, false)).toBeUndefined();
    expect(t.invokedOpcode(a, '01', 1, true)).toBe(22);
    expect(t.invokeCount(a)).toBe(0);
    for (let i = 0; i < MAX_INVOKES_PER_DIALOGUE; i++) expect(t.rememberInvoke(a, '01', i, 2)).toBe(true);
    expect(t.rememberInvoke(a, '01', MAX_INVOKES_PER_DIALOGUE, 2)).toBe(false);
    expect(t.rememberInvoke(a, '01', 5, 3)).toBe(false); // full: not even a replacement
    expect(t.invokedOpcode(a, '01', MAX_INVOKES_PER_DIALOGUE - 1, false)).toBe(2);
  });
});

describe('orphan waits (reordering)', () => {
  it('a Continue re-opening an orphan in a full wait FIFO (the orphan at its head) neither settles nor queues it twice', () => {
    const counters = new Counters();
    const t = new DialogueTable({ dialogues: 2, dialogueAgeSec: 300, reorderWaitSec: 5 }, counters);
    // HLR's Continue (otid b1 → dtid a1) captured before the VLR's Begin, then another one.
    const d = t.openOrphan('H', 'b1', 0, 'V', 'a1', 0, 100, false);
    t.openOrphan('H', 'b2', 0, 'V', 'a2', 0, 100, false);
    expect(t.pendingOrphans).toBe(2); // full: the FIFO is bounded by limits.dialogues; d is its head
    // The same sender (H, b1) again, naming a tid not seen yet: its own key finds d.
    const again = t.openOrphan('H', 'b1', 0, 'V2', 'a3', 0, 100, false);
    expect(again).toBe(d);
    expect(t.live(d)).toBe(true);
    expect(t.awaitingBegin(d)).toBe(true);
    expect(t.pendingOrphans).toBe(2);
    expect(counters.get('tcap.dialogues.reorder-expired')).toBe(0);
    expect(counters.get('tcap.dialogues.reordered')).toBe(0); // no Begin joined yet
    // The Begin still joins d, once.
    expect(t.open('V', 'a1', 100, 0, 'H')).toBe(d); // addressed to the orphan's sender
    expect(counters.get('tcap.dialogues.reordered')).toBe(1);
    expect(t.awaitingBegin(d)).toBe(false);
  });
});

describe('DialogueTable identities kept as TBCD octets', () => {
  // setImsiOctets / setMsisdnOctets keep 1-8 octets as two words and make the key when read: the
  // value read must be what the key made at once gives (tbcdDigitKey: the digit key of 1-15
  // decimal digits, else decodeTbcd's text), whatever the octets.
  const hostile: number[][] = [
    [0x21, 0x43, 0x65, 0x87, 0x09, 0x21, 0x43, 0xf5], // 15 digits and the filler (an IMSI)
    [0x21, 0x43, 0x65, 0x87, 0x09, 0x21, 0x43, 0x65], // 16 digits: no key, the text
    [0xf1], // filler first: the empty text
    [0x1f, 0x22], // filler in the high nibble: one digit, the octet after it ignored
    [0x21, 0xf3, 0x45], // filler mid-way
    [0x00], // '00'
    [0x0a, 0xb0], // '0*0' … nibbles A-E: the text
    [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // all filler, 8 octets
    [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80], // sign bits of both words set
    [0x21, 0x43, 0x65, 0x87, 0x09], // 5 octets: the second word one octet
    [0x21, 0x43, 0x65, 0x87], // 4 octets: the second word empty
    [0x21, 0x43, 0x65, 0x87, 0x09, 0x21, 0x43, 0x65, 0x87], // 9 octets: made into a key at once
    [], // 0 octets: the empty text at once
  ];

  function check(t: DialogueTable, d: number, octets: Uint8Array, start: number, end: number): void {
    const want = tbcdDigitKey(octets, start, end);
    t.setImsiOctets(d, octets, start, end);
    t.setMsisdnOctets(d, octets, start, end);
    octets.fill(0x99); // the table keeps its own copy of the octets
    expect(t.hasImsi(d)).toBe(true);
    expect(t.imsi(d)).toBe(want);
    expect(t.imsi(d)).toBe(want); // read twice: the key made by the first read
    expect(t.msisdn(d)).toBe(want);
  }

  it('reads back what the key made from the octets gives, for hostile octet strings', () => {
    const t = new DialogueTable(limits);
    const d = t.open('N', '0a', 0);
    expect(t.hasImsi(d)).toBe(false);
    for (const o of hostile) for (const pad of [0, 3]) check(t, d, Uint8Array.from([...Array(pad).fill(0x77), ...o, 0x12]), pad, pad + o.length);
  });

  it('reads back any 0-12 octets at any offset, across slots, replaced and closed', () => {
    const t = new DialogueTable(limits);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), fc.nat({ max: 5 }), fc.uint8Array({ maxLength: 12 }), (o, pad, other) => {
        const a = t.open('A', '0a', 0);
        const b = t.open('B', '0b', 0);
        t.setImsiOctets(b, Uint8Array.from(other), 0, other.length);
        check(t, a, Uint8Array.from([...Array(pad).fill(0xf0), ...o, 0x34]), pad, pad + o.length);
        expect(t.imsi(b)).toBe(tbcdDigitKey(Uint8Array.from(other), 0, other.length));
        t.close(a);
        expect(t.hasImsi(t.open('A', '0c', 0))).toBe(false); // a closed slot's octets are not the next dialogue's
        t.close(b);
      }),
    );
  });
});

describe('stamps far ahead of the capture (review 18-A F4)', () => {
  const T = 1_700_000_000;
  const MONTH = 30 * 86_400;

  it('one unanswered Begin 30 days ahead: the dialogues behind it still expire by age (it ages from the present)', () => {
    const counters = new Counters();
    const t = new DialogueTable(limits, counters);
    t.open('12025550001', '01', T);
    t.open('12025550001', '02', T + MONTH); // the far Begin expires the first (its own time: as before)
    expect(counters.get('tcap.dialogues.expired')).toBe(1);
    t.open('12025550001', '03', T + 1); // back: a time an hour behind the last one pulls nothing back
    expect(counters.get('tcap.dialogues.stamp-ahead')).toBe(0);
    t.open('12025550001', '04', T + 2); // the next: the far Begin (the oldest) ages from T + 2
    expect(counters.get('tcap.dialogues.stamp-ahead')).toBe(1);
    // Before: the far dialogue stayed the oldest and never stale, so 03 and 04 never expired by age.
    t.find('12025550001', '05', T + 400);
    expect(counters.get('tcap.dialogues.expired')).toBe(4);
    expect(t.size).toBe(0);
  });

  it('a frame far in the past pulls nothing back: honest dialogues keep their age', () => {
    const counters = new Counters();
    const t = new DialogueTable(limits, counters);
    const d = t.open('12025550001', '01', T);
    t.find('12025550001', '09', T - MONTH);
    t.find('12025550001', '09', T - MONTH); // the same time asked again: still an outlier
    expect(counters.get('tcap.dialogues.stamp-ahead')).toBe(0);
    expect(t.find('12025550001', '01', T + 200)).toBe(d);
  });

  it("an orphan's wait 30 days ahead: the waits behind it still settle", () => {
    const counters = new Counters();
    const t = new DialogueTable({ ...limits, reorderWaitSec: 5 }, counters);
    t.openOrphan('12025550002', undefined, 0, '12025550001', 'f0', 0, T + MONTH, true);
    t.openOrphan('12025550002', undefined, 0, '12025550001', 'a1', 0, T, true);
    t.find('12025550001', 'b1', T + 100);
    expect(counters.get('tcap.dialogues.reorder-expired')).toBe(1); // before: 0, the far wait at the FIFO's head held it
    expect(t.pendingOrphans).toBe(1);
    t.find('12025550001', 'b1', T + 200);
    expect(counters.get('tcap.dialogues.reorder-expired')).toBe(2);
    expect(t.pendingOrphans).toBe(0);
  });
});
