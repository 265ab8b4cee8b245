/**
 * SctpAssocs (typed-array slots, bench/results-notes.md "assocslots") against the table it replaced:
 * a FlowTable of TsnWindows with the `reuseReported` flag, as packet-decoder.ts had it (`new
 * FlowTable<TsnWindow>('sctp', sctpAssociations, Infinity, ids, () => new TsnWindow(sctpTsnWindow),
 * onEvict)`). For any sequence of lookups and TSN checks both must give the same flow ids and
 * texts, the same check answers, the same first `sctp.tsn-reuse` report per direction and the same
 * evictions in the same order — across the slot arrays' growth (64 → 128 → …), IPv4 and IPv6
 * keys differing in single words, ports or tag, colliding TSNs and window sizes around the TSNs
 * kept in the slot. The key is the address pair given (rt9 MH3; paths of one association share
 * a key only when the caller gives their endpoints' first addresses, and names the packet's pair
 * with via(): last test).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowTable } from '../../src/transport/flow-table.js';
import { SctpAssocs } from '../../src/transport/sctp-assocs.js';
import { TsnWindow } from '../../src/transport/sctp-reassembly.js';
import type { Flow } from '../../src/transport/types.js';

const SEED = 0x811c9dc5;

interface Key {
  v6: boolean;
  src: number[];
  dst: number[];
  sp: number;
  dp: number;
  tag: number;
}

/** The old table: FlowTable entries holding a TsnWindow and the reuse flag. */
class Model {
  private readonly t: FlowTable<{ win: TsnWindow; reuse: boolean }>;
  constructor(capacity: number, max: number, evicted: string[]) {
    this.t = new FlowTable<{ win: TsnWindow; reuse: boolean }>(
      'sctp',
      capacity,
      Infinity,
      { next: 1 },
      () => ({ win: new TsnWindow(max), reuse: false }),
      (e, why) => evicted.push(`${why} ${flowText(e.flow)}`),
      Infinity,
      SEED,
    );
  }
  lookup(view: DataView, k: Key) {
    return this.t.lookup(view, 0, 16, k.v6 ? 16 : 4, k.sp, k.dp, k.tag, 0, true)!;
  }
  get size(): number {
    return this.t.size;
  }
}

function flowText(f: Flow): string {
  return `${f.id} ${f.transport} ${f.src}:${f.srcPort} -> ${f.dst}:${f.dstPort}`;
}

function write(view: DataView, k: Key): void {
  for (let i = 0; i < 4; i++) {
    view.setInt32(4 * i, k.src[i]!);
    view.setInt32(16 + 4 * i, k.dst[i]!);
  }
}

const word = fc.constantFrom(0, 1, 2, 0x0a000001, -1, 0x7fffffff, 0x20010db8);
const key: fc.Arbitrary<Key> = fc.record({
  v6: fc.boolean(),
  src: fc.array(word, { minLength: 4, maxLength: 4 }),
  dst: fc.array(word, { minLength: 4, maxLength: 4 }),
  sp: fc.constantFrom(0, 1, 2905, 65535),
  dp: fc.constantFrom(0, 2905, 65535),
  tag: fc.constantFrom(0, 1, -1, 0x12345678),
});
/** TSNs sharing home slots (k × 2048) and near each other; fingerprints from a few values. */
const check = fc.record({
  tsn: fc.oneof(
    fc.integer({ min: -3, max: 12 }),
    fc.integer({ min: 0, max: 9 }).map((k) => k * 2048),
  ),
  fp: fc.integer({ min: 0, max: 2 }),
});
const step = fc.record({ key: fc.nat(), checks: fc.array(check, { maxLength: 4 }), flow: fc.boolean() });

describe('SctpAssocs equals the FlowTable + TsnWindow it replaced', () => {
  it('same flows, check answers, reuse reports and evictions for any sequence', () => {
    fc.assert(
      fc.property(
        fc.array(key, { minLength: 1, maxLength: 150 }),
        fc.array(step, { maxLength: 400 }),
        fc.integer({ min: 1, max: 140 }),
        fc.constantFrom(0, 1, 2, 3, 8, 1024),
        (keys, steps, capacity, max) => {
          const oldEvicted: string[] = [];
          const newEvicted: string[] = [];
          const model = new Model(capacity, max, oldEvicted);
          const t = new SctpAssocs(capacity, max, { next: 1 }, (f) => newEvicted.push(`limit ${flowText(f)}`), SEED);
          const view = new DataView(new ArrayBuffer(32));
          for (const st of steps) {
            const k = keys[st.key % keys.length]!;
            write(view, k);
            const e = model.lookup(view, k);
            const s = t.lookup(view, 0, 16, k.v6 ? 16 : 4, k.sp, k.dp, k.tag);
            expect(newEvicted).toEqual(oldEvicted);
            expect(t.id(s)).toBe(e.flow.id);
            for (const c of st.checks) {
              const a = e.state.win.check(c.tsn, c.fp);
              expect(t.check(s, c.tsn, c.fp)).toBe(a);
              if (a === 2) {
                const first = !e.state.reuse;
                e.state.reuse = true;
                expect(t.firstReuse(s)).toBe(first);
              }
            }
            if (st.flow) {
              const f = t.flow(s);
              expect(flowText(f)).toBe(flowText(e.flow));
              expect(t.flow(s)).toBe(f); // one object per direction
            }
            expect(t.size).toBe(model.size);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("SctpAssocs keeps each direction's state", () => {
  it('500 directions with 1 or 3 TSNs each, looked up again in another order after the slots grew: every TSN still a retransmission, reuse reported once, flows kept', () => {
    const t = new SctpAssocs(1000, 1024, { next: 1 }, () => {
      throw new Error('nothing is evicted below capacity');
    });
    const view = new DataView(new ArrayBuffer(32));
    const at = (i: number): number => {
      view.setInt32(0, 0x0a000000 + i);
      view.setInt32(16, 0x0a640000 + (i % 7));
      return t.lookup(view, 0, 16, 4, 2905, 2905, i * 7919);
    };
    // Odd directions carry 3 TSNs (a TsnWindow), even ones 1 (kept in the slot).
    const tsns = (i: number): number => (i % 2 === 1 ? 3 : 1);
    const flows: Flow[] = [];
    for (let i = 0; i < 500; i++) {
      const s = at(i);
      for (let k = 0; k < tsns(i); k++) expect(t.check(s, i + k * 1000, i)).toBe(0);
      expect(t.check(s, i, i + 1)).toBe(2);
      expect(t.firstReuse(s)).toBe(true);
      flows.push(t.flow(s));
    }
    expect(t.size).toBe(500);
    for (let i = 499; i >= 0; i--) {
      const s = at(i);
      expect(t.id(s)).toBe(i + 1);
      expect(t.flow(s)).toBe(flows[i]);
      expect(t.check(s, i, i + 1)).toBe(1);
      for (let k = 1; k < tsns(i); k++) expect(t.check(s, i + k * 1000, i)).toBe(1);
      expect(t.check(s, i + 5000, i)).toBe(0);
      expect(t.firstReuse(s)).toBe(false);
    }
    expect(t.size).toBe(500);
  });

  it('at capacity the least recently used direction goes first, then its slot holds the new one', () => {
    const evicted: string[] = [];
    const t = new SctpAssocs(3, 8, { next: 1 }, (f) => evicted.push(`${f.id} ${f.src}`));
    const view = new DataView(new ArrayBuffer(32));
    const at = (i: number): number => {
      view.setInt32(0, 0x01020300 + i);
      view.setInt32(16, 0x05060708);
      return t.lookup(view, 0, 16, 4, 1, 2, 0);
    };
    const a = at(1);
    t.check(a, 10, 1);
    at(2);
    at(3);
    expect(at(1)).toBe(a); // 1 is now the most recently used: 2 goes first
    at(4);
    expect(evicted).toEqual(['2 1.2.3.2']);
    expect(t.check(at(1), 10, 1)).toBe(1);
    expect(evicted).toEqual(['2 1.2.3.2']);
    const s5 = at(5);
    expect(evicted).toEqual(['2 1.2.3.2', '3 1.2.3.3']);
    expect(t.id(s5)).toBe(5);
    expect(t.check(s5, 10, 1)).toBe(0); // a new direction: nothing of the evicted one's TSNs
    expect(t.size).toBe(3);
  });

  it('tag 0: IPv6 directions differing in one address word (sharing the recent-entry slot) are distinct, with their own texts', () => {
    const t = new SctpAssocs(100, 8, { next: 1 }, () => {}, SEED);
    const view = new DataView(new ArrayBuffer(32));
    const base = [0x20010db8, 0, 0, 1, 0x20010db8, 0, 0, 2];
    const at = (w: number[]): number => {
      for (let i = 0; i < 8; i++) view.setInt32(4 * i, w[i]!);
      return t.lookup(view, 0, 16, 16, 2905, 2905, 0);
    };
    const b = at(base);
    t.check(b, 1, 1);
    for (const i of [0, 1, 2, 4, 5, 6]) {
      const w = base.slice();
      w[i] = 0x11;
      const s = at(w);
      expect(t.id(s)).not.toBe(t.id(b));
      expect(t.check(s, 1, 1)).toBe(0);
      expect(i < 4 ? t.flow(s).src : t.flow(s).dst).not.toBe(i < 4 ? '2001:db8::1' : '2001:db8::2');
      expect(t.check(at(base), 1, 1)).toBe(1);
    }
    expect(t.flow(b).src).toBe('2001:db8::1');
    expect(t.flow(b).dst).toBe('2001:db8::2');
  });

  it("the key's pair names the association (rt9 MH3): another address pair is another direction; via() gives the packet's own pair (RFC 9260 §6.4)", () => {
    const t = new SctpAssocs(100, 8, { next: 1 }, () => {}, SEED);
    const view = new DataView(new ArrayBuffer(64));
    view.setInt32(32, 0x0a000101); // a second path's pair, at 32 and 48
    view.setInt32(48, 0x0a000102);
    const at = (src: number, dst: number, tag: number): number => {
      view.setInt32(0, src);
      view.setInt32(16, dst);
      return t.lookup(view, 0, 16, 4, 2905, 2905, tag);
    };
    const p1 = at(0x0a000001, 0x0a000002, 7);
    const f1 = t.flow(p1);
    expect(t.check(p1, 1, 1)).toBe(0);
    const other = at(0x0a000101, 0x0a000102, 7);
    expect(other).not.toBe(p1); // same ports and tag, other addresses: not the association
    expect(t.check(other, 1, 1)).toBe(0);
    const p2 = at(0x0a000001, 0x0a000002, 7);
    t.via(view, 32, 48, 4); // keyed by the endpoints' first addresses, travelled on the second path
    expect(p2).toBe(p1);
    expect(t.check(p2, 1, 1)).toBe(1); // the retransmission on the alternate path
    const f2 = t.flow(p2);
    expect([f2.id, f2.src, f2.dst]).toEqual([f1.id, '10.0.1.1', '10.0.1.2']);
    expect(t.flow(at(0x0a000001, 0x0a000002, 7))).toBe(f1);
    t.via(view, 0, 16, 4); // via the key's own pair: the direction's flow
    expect(t.flow(p1)).toBe(f1);
    expect(t.size).toBe(2);
  });
});
