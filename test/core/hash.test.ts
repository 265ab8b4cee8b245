import { describe, expect, it } from 'vitest';
import { signatureId } from '../../src/report/eve.js';
import { hashKey } from '../../src/api/workers-shard.js';
import { chunkFingerprint } from '../../src/transport/sctp-reassembly.js';
import type { SctpDataChunk } from '../../src/transport/sctp.js';
import { fmix32, fnvStep, FNV_OFFSET, foldBytes, HASH_SEED, mixStep } from '../../src/core/hash.js';

/** Largest bucket when `keys` (pairs of 32-bit wire values) are hashed as the tables do into 4,096 buckets. */
function largestBucket(keys: Array<[number, number]>, seed: number): number {
  const buckets = new Uint32Array(4096);
  let max = 0;
  for (const [a, b] of keys) {
    const i = fmix32(fnvStep(fnvStep(seed, a), b)) & 4095;
    max = Math.max(max, ++buckets[i]!);
  }
  return max;
}

/** Fixed seeds (the tables use a random one per process: HASH_SEED), so the bound below is deterministic. */
const SEEDS = [0x811c9dc5, 0x12345678, 0xdeadbeef | 0];

const N = 20_000;
const family = (f: (i: number) => [number, number]) => Array.from({ length: N }, (_, i) => f(i));

describe('core/hash: crafted wire values spread over the buckets', () => {
  // 20,000 keys in 4,096 buckets: ~5 per bucket (the worst of 300 random seeds per family: 17-45); without
  // the final mix each family lands in one bucket (20,000).
  it.each([
    ['high bits only (SCTP vtag (i+1) << 14)', family((i) => [((i + 1) << 14) >>> 0, 0])],
    ['top octet and high bits of the second value', family((i) => [(i & 0xff) << 24, ((i >> 8) << 20) >>> 0])],
    ['stride 4,096', family((i) => [i * 4096, 7])],
    ['low bits equal, one word varying', family((i) => [0x1234, i << 12])],
  ])('%s', (_name, keys) => {
    for (const seed of SEEDS) expect(largestBucket(keys, seed)).toBeLessThanOrEqual(64);
  });

  it('fmix32 is a bijection on a sample (equal hashes only for equal inputs)', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++) seen.add(fmix32((i << 13) >>> 0));
    expect(seen.size).toBe(100_000);
  });
});

describe('unseeded FNV-1a users keep their values (written with fnvStep)', () => {
  it('EVE signature ids, the --workers shard hash and the SCTP chunk fingerprint', () => {
    // Values of the inline FNV-1a loops these replaced (main a31eb90): EVE signature_id is read by SIEM rules.
    expect(['location-origin-mismatch', 'sri-sm-from-outside', 'x', ''].map(signatureId)).toEqual([1092862, 1967777, 1446940, 1138427]);
    expect(['001010123456789', '4917', '', 'ÿ\u1234'].map(hashKey)).toEqual([3008975212, 3488585998, 2166136261, 2587127822]);
    const bytes = new Uint8Array(64).map((_, i) => (i * 37 + 11) & 255);
    const view = new DataView(bytes.buffer);
    const c = { stream: 3, ssn: 7, mid: 9, iData: false, ppid: 46, fsn: 0, flags: 3, offset: 4, end: 60 } as SctpDataChunk;
    const c2 = { ...c, iData: true, flags: 0xff, stream: 65535, ppid: 0xffffffff } as SctpDataChunk;
    // The fingerprint's values are internal (the TSN window compares them within one run): the
    // decflat branch changed them on purpose (the first 16 octets folded in as 32-bit words, not
    // octet by octet; bench/results-notes.md), fixtransport again (all the user data, red-team F3);
    // scan11 again (mixStep instead of fnvStep, two lanes of little-endian words: no two-bit decoy
    // collides under every seed, below); pinned again so an accidental change still shows.
    expect([chunkFingerprint(view, c, FNV_OFFSET), chunkFingerprint(view, c2, FNV_OFFSET)]).toEqual([563806750, -473799925]); // round 19: lanes joined through fmix32
  });

  it('the SCTP chunk fingerprint is seeded: a decoy solved for one start value does not collide under another', () => {
    const real = new Uint8Array(64).map((_, i) => (i * 37 + 11) & 255);
    const c = { stream: 3, ssn: 7, mid: 9, iData: false, ppid: 46, fsn: 0, flags: 3, offset: 0, end: 64 } as SctpDataChunk;
    // Word 2 changed, word 4 (the next one of its lane: foldBytes folds even and odd words in two
    // lanes) solved so the lane's states meet again under the start value FNV_OFFSET.
    const solve = (seed: number): Uint8Array => {
      const decoy = real.slice();
      const rv = new DataView(real.buffer);
      const dv = new DataView(decoy.buffer);
      dv.setInt32(8, rv.getInt32(8, true) ^ 0x5a5a5a5a, true);
      let ha = seed;
      for (const f of [c.stream, c.ssn, c.ppid, c.fsn, c.flags & 7, c.end - c.offset]) ha = mixStep(ha, f);
      ha = mixStep(ha, rv.getInt32(0, true));
      const hb = mixStep(ha, dv.getInt32(8, true));
      ha = mixStep(ha, rv.getInt32(8, true));
      // mixStep(h, v) is a bijection of h ^ v: equal when h ^ v is.
      dv.setInt32(16, ha ^ hb ^ rv.getInt32(16, true), true);
      return decoy;
    };
    const fp = (b: Uint8Array, seed: number): number => chunkFingerprint(new DataView(b.buffer), c, seed);
    const decoy = solve(FNV_OFFSET);
    expect(fp(decoy, FNV_OFFSET)).toBe(fp(real, FNV_OFFSET)); // the attack, with the start value known
    for (const seed of [0x12345678, 0xdeadbeef | 0, 0x0badf00d]) expect(fp(decoy, seed)).not.toBe(fp(real, seed));
    // The default is the per-process seed, not FNV_OFFSET.
    expect(chunkFingerprint(new DataView(real.buffer), c)).toBe(fp(real, HASH_SEED));
  });
});

describe('foldBytes', () => {
  it('is one mixStep per little-endian word in two lanes (even, odd words), then per octet, at every offset and length (its loop is unrolled)', () => {
    const bytes = new Uint8Array(96).map((_, i) => (i * 151 + 7) & 255);
    const view = new DataView(bytes.buffer);
    const reference = (h: number, off: number, end: number): number => {
      const lanes = [h, h ^ 0x5bd1e995];
      let i = off;
      const word = (at: number): number => bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
      for (; end - i >= 16; i += 16) for (let w = 0; w < 4; w++) lanes[w & 1] = mixStep(lanes[w & 1]!, word(i + 4 * w));
      for (; end - i >= 4; i += 4) lanes[0] = mixStep(lanes[0]!, word(i));
      for (; i < end; i++) lanes[0] = mixStep(lanes[0]!, bytes[i]!);
      return mixStep(fmix32(lanes[0]!), lanes[1]!) | 0;
    };
    for (let off = 0; off < 4; off++) {
      for (let end = off; end <= 96; end++) expect(foldBytes(FNV_OFFSET, view, off, end)).toBe(reference(FNV_OFFSET, off, end));
    }
  });

  it('no decoy differing in the top bits of two words or fields collides whatever the seed (FNV-1a kept a flip of bit 31 as a flip of bit 31)', () => {
    // With fnvStep, (h ^ v ^ 2^31) × odd = ((h ^ v) × odd) ^ 2^31 for every h: flipping bit 31 of any
    // two folded values (two words; the PPID and the FSN) gave the same fingerprint under every seed,
    // e.g. a decoy chunk whose TBCD digits 1 read 9 in two places counted as the real chunk's copy.
    const real = new Uint8Array(96).map((_, i) => (i * 37 + 11) & 255);
    const c = { stream: 3, ssn: 7, mid: 9, iData: true, ppid: 3, fsn: 1, flags: 3, offset: 0, end: 96 } as SctpDataChunk;
    const seeds = [FNV_OFFSET, 0x12345678, 0xdeadbeef | 0, 0x0badf00d, HASH_SEED];
    const fp = (b: Uint8Array, chunk: SctpDataChunk, seed: number): number => chunkFingerprint(new DataView(b.buffer), chunk, seed);
    for (const [x, y] of [
      [0, 4],
      [3, 7],
      [8, 16],
      [4, 44],
      [0, 88],
      [91, 95],
      [40, 92],
    ] as const) {
      const decoy = real.slice();
      decoy[x]! ^= 0x80;
      decoy[y]! ^= 0x80;
      for (const seed of seeds) expect(fp(decoy, c, seed), `octets ${x}, ${y}`).not.toBe(fp(real, c, seed));
      const v = new DataView(real.buffer);
      const dv = new DataView(decoy.buffer);
      for (const seed of seeds) expect(foldBytes(seed, dv, 0, 96)).not.toBe(foldBytes(seed, v, 0, 96));
    }
    // The last word of each lane, bit 31 flipped in both: it collided for ~1 seed in 600 before fmix32
    // joined the lanes (round 19 CI); 2,000 seeds make a collision near-certain without it (p < 4 %).
    const lastWords = real.slice();
    lastWords[91]! ^= 0x80;
    lastWords[95]! ^= 0x80;
    for (let k = 0; k < 2000; k++) {
      const seed = Math.imul(k + 1, 0x9e3779b1);
      expect(foldBytes(seed, new DataView(lastWords.buffer), 0, 96), `seed ${seed}`).not.toBe(foldBytes(seed, new DataView(real.buffer), 0, 96));
    }
    const flipped = { ...c, ppid: (c.ppid ^ 0x80000000) >>> 0, fsn: (c.fsn ^ 0x80000000) >>> 0 } as SctpDataChunk;
    for (const seed of seeds) expect(fp(real, flipped, seed)).not.toBe(fp(real, c, seed));
  });
});
