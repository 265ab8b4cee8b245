/**
 * TsnWindow against the window as it was before it bounded its probes (`reach`, bench/results-notes.md
 * "decflat"): the model below probes all PROBES slots on every check, as the table did; the table must
 * give the same answer for every check of any sequence — in-order TSNs (the routine case, where it now
 * reads one slot), TSNs crafted to share a home slot (an attacker: long probe runs, evictions of the
 * oldest), retransmissions and reuses, window sizes across the table's growth steps.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TsnWindow } from '../../src/transport/sctp-reassembly.js';

const PROBES = 8;

function tableSize(entries: number): number {
  let size = 16;
  while (size < entries * 2) size *= 2;
  return size;
}

/** The pre-`reach` TsnWindow, verbatim in behaviour: every check walks up to PROBES slots. */
class ModelWindow {
  private tsns: Int32Array;
  private fps: Int32Array;
  private seqs: Int32Array;
  private mask: number;
  private cap: number;
  private inserted = 0;

  constructor(private readonly max: number) {
    this.cap = Math.max(1, Math.min(max, 64));
    const size = tableSize(this.cap);
    this.tsns = new Int32Array(size);
    this.fps = new Int32Array(size);
    this.seqs = new Int32Array(size);
    this.mask = size - 1;
  }

  check(tsn: number, fp: number): 0 | 1 | 2 {
    const max = this.max;
    if (max <= 0) return 0;
    if (this.inserted >= this.cap && this.cap < max) this.grow();
    const t = tsn | 0;
    const now = this.inserted;
    let free = -1;
    let oldest = -1;
    let oldestAge = -1;
    for (let i = 0, h = (t ^ (t >>> 16)) & this.mask; i < PROBES; i++, h = (h + 1) & this.mask) {
      const q = this.seqs[h]!;
      if (q === 0) {
        if (free < 0) free = h;
        break;
      }
      const age = (now - q) | 0;
      if (age >= max) {
        if (free < 0) free = h;
        continue;
      }
      if (this.tsns[h] === t) {
        if (this.fps[h] === fp) return 1;
        this.fps[h] = fp;
        return 2;
      }
      if (age > oldestAge) {
        oldestAge = age;
        oldest = h;
      }
    }
    const slot = free >= 0 ? free : oldest;
    this.inserted = (now + 1) | 0 || 1;
    this.tsns[slot] = t;
    this.fps[slot] = fp;
    this.seqs[slot] = this.inserted;
    return 0;
  }

  private grow(): void {
    const { tsns, fps, seqs } = this;
    const now = this.inserted;
    this.cap = Math.min(this.max, this.cap * 2);
    const size = tableSize(this.cap);
    this.tsns = new Int32Array(size);
    this.fps = new Int32Array(size);
    this.seqs = new Int32Array(size);
    this.mask = size - 1;
    for (let i = 0; i < seqs.length; i++) {
      const q = seqs[i]!;
      if (q === 0 || ((now - q) | 0) >= this.max) continue;
      const t = tsns[i]!;
      for (let j = 0, h = (t ^ (t >>> 16)) & this.mask; j < PROBES; j++, h = (h + 1) & this.mask) {
        if (this.seqs[h] !== 0) continue;
        this.tsns[h] = t;
        this.fps[h] = fps[i]!;
        this.seqs[h] = q;
        break;
      }
    }
  }
}

/** One step: a TSN and a content fingerprint (few distinct values, so retransmissions and reuses occur). */
type Step = [tsn: number, fp: number];

/**
 * TSN sources: in order from a random start (wrapping at 2^32), small random ranges (repeats), values
 * sharing home slots in every table size up to 2048 (multiples of 2048 plus a few offsets: runs of
 * collisions, evictions of the oldest), and any 32-bit value.
 */
const tsnStep = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2 })),
  fc.tuple(
    fc.integer({ min: 0, max: 30 }).chain((k) => fc.constantFrom(k * 2048, k * 2048 + 1, 0xffff0000 + k * 2048)),
    fc.integer({ min: 0, max: 2 }),
  ),
  fc.tuple(fc.nat(0xffffffff), fc.integer({ min: 0, max: 2 })),
);

function inOrder(start: number, n: number, every: number): Step[] {
  const out: Step[] = [];
  for (let i = 0; i < n; i++) {
    const t = (start + i) >>> 0;
    out.push([t, t & 7]);
    if (every > 0 && i % every === 0 && i > 0) out.push([(t - 1) >>> 0, (t - 1) & 7]); // a retransmission now and then
  }
  return out;
}

function same(max: number, steps: readonly Step[]): void {
  const w = new TsnWindow(max);
  const m = new ModelWindow(max);
  steps.forEach(([t, fp], i) => {
    expect(w.check(t, fp), `step ${i}: tsn ${t} fp ${fp}`).toBe(m.check(t, fp));
  });
}

describe('TsnWindow bounded probing equals the full walk', () => {
  it('in-order TSNs with retransmissions, across growth and the window edge', () => {
    for (const max of [1, 2, 7, 64, 100, 1024]) for (const start of [0, 5, 0xfffffff0, 0x7ffffff8]) same(max, inOrder(start, 3 * max + 50, 13));
  });

  it('any mix of in-order runs, colliding and random TSNs (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 3, 8, 16, 50, 64, 65, 200, 1024),
        fc.array(
          fc.oneof(
            tsnStep.map((s) => [s]),
            fc.tuple(fc.nat(0xffffffff), fc.integer({ min: 1, max: 80 })).map(([s, n]) => inOrder(s, n, 7)),
          ),
          {
            maxLength: 60,
          },
        ),
        (max, parts) => same(max, parts.flat() as Step[]),
      ),
      { numRuns: 400 },
    );
  });

  it('a home slot flooded by colliding TSNs still finds an entry stored far from home', () => {
    // 8 TSNs with one home slot fill its probe run; the 8th sits 7 slots away. In-order TSNs then
    // arrive (reach is 7 from now on) and the far entry must still be found as a retransmission.
    const steps: Step[] = [];
    for (let k = 0; k < 8; k++) steps.push([k * 2048, 1]);
    steps.push([7 * 2048, 1], [7 * 2048, 2]);
    for (let t = 100; t < 140; t++) steps.push([t, 0]);
    steps.push([7 * 2048, 2]);
    same(1024, steps);
    const w = new TsnWindow(1024);
    for (let k = 0; k < 8; k++) w.check(k * 2048, 1);
    for (let t = 100; t < 140; t++) w.check(t, 0);
    expect(w.check(7 * 2048, 1)).toBe(1);
  });

  it('an entry that evicted the oldest far from its home is found after the slots before it expired', () => {
    // Slots 0-7 hold TSNs 7, 6, …, 0 (inserted in that order, each at home); TSN 32 (home 0 in the
    // 32-slot table) finds all 8 live and evicts the oldest, TSN 7 at slot 7: 7 slots from home.
    // 15 more TSNs expire slots 0-6 but not TSN 32, whose retransmission must still be recognised.
    const steps: Step[] = [];
    for (let t = 7; t >= 0; t--) steps.push([t, 0]);
    steps.push([32, 5]);
    for (let t = 8; t < 23; t++) steps.push([t, 0]);
    steps.push([32, 5]);
    same(16, steps);
    const w = new TsnWindow(16);
    for (const [t, fp] of steps.slice(0, -1)) w.check(t, fp);
    expect(w.check(32, 5)).toBe(1);
  });

  it('a displaced entry keeps being found after the table grew', () => {
    // TSNs 0 and 2048 share home slot 0 at every table size up to 2048 slots: 2048 sits next to it,
    // through each growth (64 → 1024 entries). Once 0 expired, 2048 (still in the window) must be found.
    const steps: Step[] = [
      [0, 1],
      [2048, 1],
    ];
    for (let t = 1000; t < 2023; t++) steps.push([t, 0]);
    steps.push([2048, 1]);
    same(1024, steps);
    const w = new TsnWindow(1024);
    for (const [t, fp] of steps.slice(0, -1)) w.check(t, fp);
    expect(w.check(2048, 1)).toBe(1);
  });

  it('the first TSNs, kept before the table is made, answer as the table and become its state (fast-check)', () => {
    // TsnWindow keeps its first 7 TSNs in fields (no table); the 8th makes the table from them.
    // Sequences around that edge, with windows smaller than it (entries expire in the list),
    // TSNs sharing a home slot, retransmissions and reuses, then more steps on the made table.
    const small = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 1 })),
      fc.tuple(
        fc.integer({ min: 0, max: 9 }).map((k) => k * 2048),
        fc.integer({ min: 0, max: 1 }),
      ),
      tsnStep,
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(small, { maxLength: 24 }), (max, steps) => same(max, steps as Step[])),
      { numRuns: 2000 },
    );
    for (const max of [1, 2, 3, 6, 7, 8, 9, 1024]) {
      // 7 TSNs with one home slot, a retransmission of each, an 8th and 9th on the same home.
      const steps: Step[] = [];
      for (let k = 0; k < 9; k++) steps.push([k * 2048, k & 1]);
      for (let k = 0; k < 9; k++) steps.push([k * 2048, k & 1], [k * 2048, 5]);
      same(max, steps);
    }
  });
});
