/**
 * ss7/tcap-dialogue-index.ts KeyIndex (rows of a Float64Array read as int32 words as well) against
 * a Map: random sets, gets and deletes of (node id, tid code) keys through growth and shrinking,
 * with keys sharing a hash (crafted collisions: long probe runs, backward-shift deletion across
 * the table's wrap-around) and codes that differ only above 2^32 or only in their low word.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeHash, KeyIndex, keyHash, NONE, TID_ONLY } from '../../src/ss7/tcap-dialogue-index.js';

type Op = { kind: 'set' | 'get' | 'del'; node: number; code: number; slot: number; collide: boolean };

/** `collide`: every such key gets the same hash (a probe run an attacker could build without the seed). */
function hashOf(op: Op): number {
  return op.collide ? 0x7fffffc1 : keyHash(op.node, codeHash(op.code));
}

function check(ops: Op[]): void {
  const ix = new KeyIndex();
  const model = new Map<string, { node: number; code: number; slot: number; h: number }>();
  for (const op of ops) {
    const k = `${op.node}|${op.code}|${op.collide}`;
    const h = hashOf(op);
    if (op.kind === 'set') {
      ix.set(op.node, op.code, h, op.slot);
      model.set(k, { node: op.node, code: op.code, slot: op.slot, h });
    } else if (op.kind === 'del') {
      ix.delete(op.node, op.code, h, op.slot);
      if (model.get(k)?.slot === op.slot) model.delete(k);
    }
    expect(ix.get(op.node, op.code, h)).toBe(model.get(k)?.slot ?? NONE);
    expect(ix.size).toBe(model.size);
  }
  for (const e of model.values()) expect(ix.get(e.node, e.code, e.h)).toBe(e.slot);
}

const CODES = [1 * 2 ** 32 + 0x0a, 2 * 2 ** 32 + 0x0a, 8 * 2 ** 32 + 0xffffffff, 4 * 2 ** 32, 2 ** 36 + 3, 3 * 2 ** 32 + 0x80000000];

const op = fc.record({
  kind: fc.constantFrom<'set' | 'get' | 'del'>('set', 'set', 'get', 'del'),
  node: fc.constantFrom(TID_ONLY, 0, 1, 2, 7, 0x7fffffff),
  code: fc.oneof(
    fc.constantFrom(...CODES),
    fc.integer({ min: 0, max: 0xffffffff }).map((v) => 8 * 2 ** 32 + v),
  ),
  slot: fc.integer({ min: 0, max: 5 }),
  collide: fc.boolean(),
});

describe('KeyIndex against a Map', () => {
  it('random sets, gets and deletes, collisions included', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => check(ops)),
      { numRuns: 300 },
    );
  });

  it('grows past its first rows and shrinks back, every key found at each step', () => {
    const ops: Op[] = [];
    for (let i = 0; i < 3000; i++) ops.push({ kind: 'set', node: i % 13, code: 8 * 2 ** 32 + i * 7919, slot: i, collide: i % 5 === 0 });
    for (let i = 0; i < 3000; i++) ops.push({ kind: 'del', node: i % 13, code: 8 * 2 ** 32 + i * 7919, slot: i, collide: i % 5 === 0 });
    check(ops);
  });

  it('600 keys on one hash: each found, deleted from the middle of the run, the rest still found', () => {
    const ops: Op[] = [];
    for (let i = 0; i < 600; i++) ops.push({ kind: 'set', node: i, code: CODES[i % CODES.length]!, slot: i, collide: true });
    for (let i = 0; i < 600; i += 3) ops.push({ kind: 'del', node: i, code: CODES[i % CODES.length]!, slot: i, collide: true });
    check(ops);
  });
});
