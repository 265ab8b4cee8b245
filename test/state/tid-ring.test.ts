/**
 * state/tid-ring.ts: slots chained per transaction id, newest first, the oldest given up when the
 * ring is full. Its head index holds tid codes (ss7/tcap-dialogue-index.ts hexTidCode: n × 2^32 +
 * value, never a small integer) in a core/key-index.ts table and text tids (no code) beside them:
 * both kinds, chains across a wrap and many distinct codes (the table grows) give what a Map gave.
 */
import { describe, expect, it } from 'vitest';
import { hexTidCode } from '../../src/ss7/tcap-dialogue-index.js';
import type { TidKey } from '../../src/state/dialogue-index.js';
import { TidRing } from '../../src/state/tid-ring.js';

/** The chain of `tid`, newest first. */
function chain(r: TidRing, tid: TidKey): number[] {
  const out: number[] = [];
  for (let s = r.first(tid); s >= 0; s = r.after(s)) out.push(s);
  return out;
}

/** A reference: per tid its slots newest first, the ring's oldest slot reused when full. */
class Model {
  readonly chains = new Map<TidKey, number[]>();
  readonly tids: TidKey[] = [];
  private next = 0;
  constructor(readonly cap: number) {}
  file(tid: TidKey): number {
    let slot: number;
    if (this.tids.length < this.cap) {
      slot = this.tids.length;
      this.tids.push(tid);
    } else {
      slot = this.next;
      const old = this.tids[slot]!;
      const c = this.chains.get(old)!.filter((s) => s !== slot);
      if (c.length === 0) this.chains.delete(old);
      else this.chains.set(old, c);
      this.tids[slot] = tid;
      this.next = (slot + 1) % this.cap;
    }
    this.chains.set(tid, [slot, ...(this.chains.get(tid) ?? [])]);
    return slot;
  }
}

describe('TidRing', () => {
  it('chains the slots of a tid code newest first and unlinks the oldest at a wrap', () => {
    const r = new TidRing(3);
    const a = hexTidCode('77000009');
    const b = hexTidCode('0a');
    expect(r.file(a, 'x')).toBe(0);
    expect(r.file(b, 'y')).toBe(1);
    expect(r.file(a, 'z')).toBe(2);
    expect(chain(r, a)).toEqual([2, 0]);
    expect(chain(r, b)).toEqual([1]);
    expect(r.victim).toBe(0);
    // Full: slot 0 (a's oldest) is given up and leaves a's chain.
    expect(r.file(b, 'w')).toBe(0);
    expect(chain(r, a)).toEqual([2]);
    expect(chain(r, b)).toEqual([0, 1]);
    expect(r.links[0]).toBe('w');
    expect(r.first(hexTidCode('77000008'))).toBe(-1);
  });

  it('keeps text tids (no code) apart from codes', () => {
    const r = new TidRing(4);
    const code = hexTidCode('01020304');
    r.file('0102030405060708090a', 'l');
    r.file(code, 'l');
    expect(chain(r, '0102030405060708090a')).toEqual([0]);
    expect(chain(r, code)).toEqual([1]);
    expect(r.first('01020304')).toBe(-1);
  });

  it('matches a reference over many distinct codes, repeats and wraps', () => {
    const cap = 5000;
    const r = new TidRing(cap);
    const m = new Model(cap);
    let x = 12345;
    const rand = (n: number): number => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x % n;
    };
    const tids: TidKey[] = Array.from({ length: 9000 }, (_, i) =>
      i % 97 === 0 ? `t${i}` : hexTidCode(((i * 2654435761) >>> 0).toString(16).padStart(8, '0')),
    );
    let differ = 0;
    for (let i = 0; i < 40_000; i++) {
      const tid = tids[rand(tids.length)]!;
      if (r.file(tid, '') !== m.file(tid)) differ++;
    }
    expect(differ).toBe(0);
    expect(tids.filter((tid) => chain(r, tid).join() !== (m.chains.get(tid) ?? []).join())).toEqual([]);
  });
});
