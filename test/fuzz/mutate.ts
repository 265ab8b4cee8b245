/**
 * Seeded byte mutators (AFL-style havoc, simplified): bit flips, interesting values at any
 * width (lengths 0 / max / 16 MiB / off-by-one, BER 0x80 indefinite and 0x84 long forms),
 * truncation, range deletion, range duplication (grows nesting and repeated structures), random
 * insertion and splicing with another seed. Deterministic for a given seed so any finding replays.
 */

/** mulberry32: tiny, fast, good enough for fuzzing; state is one 32-bit integer. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)]!;
  }
}

const INTERESTING8 = [0x00, 0x01, 0x02, 0x04, 0x10, 0x1f, 0x20, 0x30, 0x3f, 0x40, 0x7f, 0x80, 0x81, 0x82, 0x84, 0x85, 0xa0, 0xbf, 0xc0, 0xe0, 0xfe, 0xff];
const INTERESTING16 = [0x0000, 0x0001, 0x0004, 0x0008, 0x0010, 0x0014, 0x00ff, 0x0100, 0x7fff, 0x8000, 0xfffc, 0xffff];
const INTERESTING32 = [0, 1, 4, 20, 0x7fffffff, 0x80000000, 0xffffffff, 0x01ffffff, 0x01fffffc, 0x01000014, 0x00ffffff, 0x0000ffff];

type Mutator = (b: Uint8Array, r: Rng, other: Uint8Array, from: number) => Uint8Array;

function pos(b: Uint8Array, r: Rng, from: number): number {
  // Bias past the capture file header (`from`) so most mutations hit packet data.
  if (b.length <= from || r.int(8) === 0) return r.int(Math.max(1, b.length));
  return from + r.int(b.length - from);
}

const MUTATORS: ReadonlyArray<readonly [string, Mutator]> = [
  [
    'bitflip',
    (b, r, _o, f) => {
      const c = b.slice();
      if (c.length > 0) c[pos(c, r, f)]! ^= 1 << r.int(8);
      return c;
    },
  ],
  [
    'byte',
    (b, r, _o, f) => {
      const c = b.slice();
      if (c.length > 0) c[pos(c, r, f)] = r.pick(INTERESTING8);
      return c;
    },
  ],
  [
    'random-byte',
    (b, r, _o, f) => {
      const c = b.slice();
      if (c.length > 0) c[pos(c, r, f)] = r.int(256);
      return c;
    },
  ],
  [
    'u16',
    (b, r, _o, f) => {
      const c = b.slice();
      if (c.length < 2) return c;
      const p = Math.min(pos(c, r, f), c.length - 2);
      const v = r.int(4) === 0 ? (new DataView(c.buffer).getUint16(p) + r.int(9) - 4) & 0xffff : r.pick(INTERESTING16);
      new DataView(c.buffer).setUint16(p, v);
      return c;
    },
  ],
  [
    'u32',
    (b, r, _o, f) => {
      const c = b.slice();
      if (c.length < 4) return c;
      const p = Math.min(pos(c, r, f), c.length - 4);
      const v = r.int(4) === 0 ? (new DataView(c.buffer).getUint32(p) + r.int(9) - 4) >>> 0 : r.pick(INTERESTING32);
      new DataView(c.buffer).setUint32(p, v);
      return c;
    },
  ],
  ['truncate', (b, r, _o, f) => b.slice(0, pos(b, r, f))],
  [
    'delete',
    (b, r, _o, f) => {
      if (b.length < 2) return b.slice();
      const p = pos(b, r, f);
      const n = 1 + r.int(Math.min(32, b.length - p));
      const c = new Uint8Array(b.length - n);
      c.set(b.subarray(0, p));
      c.set(b.subarray(p + n), p);
      return c;
    },
  ],
  [
    'duplicate',
    (b, r, _o, f) => {
      if (b.length === 0) return b.slice();
      const p = pos(b, r, f);
      const n = 1 + r.int(Math.min(64, b.length - p));
      const times = 1 + r.int(r.int(4) === 0 ? 64 : 3);
      const c = new Uint8Array(b.length + n * times);
      c.set(b.subarray(0, p + n));
      for (let i = 1; i <= times; i++) c.set(b.subarray(p, p + n), p + n * i);
      c.set(b.subarray(p + n), p + n * (times + 1));
      return c;
    },
  ],
  [
    'insert',
    (b, r, _o, f) => {
      const p = pos(b, r, f);
      const n = 1 + r.int(16);
      const c = new Uint8Array(b.length + n);
      c.set(b.subarray(0, p));
      for (let i = 0; i < n; i++) c[p + i] = r.int(4) === 0 ? r.pick(INTERESTING8) : r.int(256);
      c.set(b.subarray(p), p + n);
      return c;
    },
  ],
  [
    'splice',
    (b, r, o, f) => {
      if (o.length === 0) return b.slice();
      const p = pos(b, r, f);
      const q = r.int(o.length);
      const n = 1 + r.int(Math.min(256, o.length - q));
      const c = new Uint8Array(b.length + n);
      c.set(b.subarray(0, p));
      c.set(o.subarray(q, q + n), p);
      c.set(b.subarray(p), p + n);
      return c;
    },
  ],
];

/** One to `stack` stacked mutations of `b` (`from`: bytes of file header to mostly spare). */
export function mutate(b: Uint8Array, r: Rng, other: Uint8Array, from = 0, stack = 4): Uint8Array {
  let c = b;
  const n = 1 + r.int(stack);
  for (let i = 0; i < n; i++) c = r.pick(MUTATORS)[1](c, r, other, from);
  return c;
}
