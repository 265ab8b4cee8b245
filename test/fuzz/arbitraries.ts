/**
 * fast-check generators for the property tests: a valid seed from the fixture encoders, then a
 * list of structured mutations (truncation, bit flips, interesting values at 1/2/4-byte width,
 * BER indefinite / long-form lengths, range duplication), so shrinking gives a readable
 * counterexample (seed index + the few mutations that matter).
 */
import fc from 'fast-check';

type Mutation =
  | { k: 'truncate'; at: number }
  | { k: 'flip'; at: number; bit: number }
  | { k: 'set'; at: number; v: number }
  | { k: 'u16'; at: number; v: number }
  | { k: 'u32'; at: number; v: number }
  | { k: 'dup'; at: number; n: number; times: number }
  | { k: 'delete'; at: number; n: number };

const at = fc.nat({ max: 0xffff });
const BYTE_VALUES = [0x00, 0x01, 0x1f, 0x30, 0x3f, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xa0, 0xbf, 0xff];

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ k: fc.constant('truncate' as const), at }),
  fc.record({ k: fc.constant('flip' as const), at, bit: fc.nat({ max: 7 }) }),
  fc.record({ k: fc.constant('set' as const), at, v: fc.oneof(fc.constantFrom(...BYTE_VALUES), fc.nat({ max: 255 })) }),
  fc.record({ k: fc.constant('u16' as const), at, v: fc.oneof(fc.constantFrom(0, 4, 0x7fff, 0x8000, 0xffff), fc.nat({ max: 0xffff })) }),
  fc.record({ k: fc.constant('u32' as const), at, v: fc.oneof(fc.constantFrom(0, 0xffffffff, 0x01ffffff, 0x00ffffff, 0x80000000), fc.nat()) }),
  fc.record({ k: fc.constant('dup' as const), at, n: fc.integer({ min: 1, max: 64 }), times: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ k: fc.constant('delete' as const), at, n: fc.integer({ min: 1, max: 32 }) }),
);

function applyMutation(b: Uint8Array, m: Mutation): Uint8Array {
  if (b.length === 0) return b;
  const p = m.at % b.length;
  switch (m.k) {
    case 'truncate':
      return b.slice(0, p);
    case 'flip': {
      const c = b.slice();
      c[p]! ^= 1 << m.bit;
      return c;
    }
    case 'set': {
      const c = b.slice();
      c[p] = m.v;
      return c;
    }
    case 'u16': {
      const c = b.slice();
      if (c.length >= 2) new DataView(c.buffer).setUint16(Math.min(p, c.length - 2), m.v);
      return c;
    }
    case 'u32': {
      const c = b.slice();
      if (c.length >= 4) new DataView(c.buffer).setUint32(Math.min(p, c.length - 4), m.v >>> 0);
      return c;
    }
    case 'dup': {
      const n = Math.min(m.n, b.length - p);
      const c = new Uint8Array(b.length + n * m.times);
      c.set(b.subarray(0, p + n));
      for (let i = 1; i <= m.times; i++) c.set(b.subarray(p, p + n), p + n * i);
      c.set(b.subarray(p + n), p + n * (m.times + 1));
      return c;
    }
    case 'delete': {
      const n = Math.min(m.n, b.length - p);
      const c = new Uint8Array(b.length - n);
      c.set(b.subarray(0, p));
      c.set(b.subarray(p + n), p);
      return c;
    }
  }
}

/** A seed (by index, so shrinking reports which) with 0-6 mutations applied. */
export function mutatedArb(seeds: readonly Uint8Array[], maxMutations = 6): fc.Arbitrary<Uint8Array> {
  return fc.tuple(fc.nat({ max: seeds.length - 1 }), fc.array(mutationArb, { maxLength: maxMutations })).map(([i, ms]) => ms.reduce(applyMutation, seeds[i]!));
}

/** BER nesting bomb: `depth` constructed headers, definite or indefinite, optionally closed. */
export const berBombArb: fc.Arbitrary<Uint8Array> = fc
  .record({
    depth: fc.integer({ min: 1, max: 5000 }),
    indefinite: fc.boolean(),
    closed: fc.boolean(),
    tag: fc.constantFrom(0x30, 0xa0, 0xa1, 0x62, 0x6c, 0xbf),
  })
  .map(({ depth, indefinite, closed, tag }) => {
    const hi = tag === 0xbf; // high-tag form: 0xbf 0x81 0x00 = [CONTEXT 128] constructed
    const head = hi ? 3 : 1;
    if (indefinite) {
      const out = new Uint8Array(depth * (head + 1) + (closed ? depth * 2 : 0));
      for (let i = 0; i < depth; i++) {
        const o = i * (head + 1);
        out[o] = tag;
        if (hi) {
          out[o + 1] = 0x81;
          out[o + 2] = 0x00;
        }
        out[o + head] = 0x80;
      }
      return out; // EOCs are the zero-filled tail when closed
    }
    // Definite: lengths in 3-byte long form (0x82 hi lo) so depth is not limited by 127.
    const per = head + 3;
    const out = new Uint8Array(depth * per);
    for (let i = 0; i < depth; i++) {
      const o = i * per;
      const len = (depth - i - 1) * per;
      out[o] = tag;
      if (hi) {
        out[o + 1] = 0x81;
        out[o + 2] = 0x00;
      }
      out[o + head] = 0x82;
      out[o + head + 1] = (len >> 8) & 0xff;
      out[o + head + 2] = len & 0xff;
    }
    return out;
  });
