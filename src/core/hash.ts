/**
 * Hashes of wire values for the tables that index them (flow table, TCAP dialogue index, Diameter
 * transactions). Every such value is attacker-chosen, so each hash starts from a per-process random
 * seed and ends with a full avalanche: with a fixed or unmixed hash an attacker picks keys that
 * share one bucket or probe run and every lookup walks it (quadratic work; measured 40 k crafted
 * SCTP packets 12.4 s vs 1.0 s before the flow table had both). Only slot order depends on the
 * seed, never a result.
 */

/** FNV-1a offset basis (Fowler–Noll–Vo, 32-bit): the start of an unseeded hash (memo slots, content fingerprints). */
export const FNV_OFFSET = 0x811c9dc5;

/** {@link FNV_OFFSET} xor a per-process random value: the start of every hash of wire values that indexes a table. */
export const HASH_SEED = (FNV_OFFSET ^ Math.floor(Math.random() * 0x100000000)) | 0;

/** One FNV-1a step: folds `v` (any 32-bit value) into `h`. */
export function fnvStep(h: number, v: number): number {
  return Math.imul(h ^ v, 0x01000193);
}

/**
 * MurmurHash3's 32-bit finalizer (a bijection, so equal hashes stay equal keys' only): every input
 * bit reaches the low bits a bucket index uses. FNV's multiply only carries bits upward, so without
 * it keys differing in high bits alone (SCTP vtags (i+1) << 14, an address's top octets) shared one
 * bucket whatever the seed.
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** MurmurHash3's second multiplier (its fmix32 constant): the second multiply of {@link mixStep}. */
const MIX_MUL = 0x85ebca6b;

/**
 * One step of a content fingerprint: folds `v` (any 32-bit value) into `h` as {@link fnvStep}, then
 * moves the product's high bits down and multiplies again. A bijection of `h` for a given `v` and of
 * `v` for a given `h`, like fnvStep, but without its seed-independent differential: `h ^ v` times an
 * odd number keeps a flip of bit 31 as exactly a flip of bit 31, so with fnvStep alone flipping the
 * top bit of any two folded values gave the same result under every seed (a decoy SCTP chunk or TCP
 * segment equal to the real one but for two bits, e.g. a TBCD digit 1 read as 9 twice, counted as
 * its retransmission whatever HASH_SEED was). Here that flip reaches bit 16 before the second
 * multiply, whose carries depend on the (seeded) state. Not a MAC: it only removes the
 * differences that hold for every seed.
 */
export function mixStep(h: number, v: number): number {
  h = Math.imul(h ^ v, 0x01000193);
  return Math.imul(h ^ (h >>> 15), MIX_MUL);
}

/**
 * {@link mixStep} over the octets [off, end) of `view`: little-endian 32-bit words while four remain
 * (two lanes, even and odd words, 16 octets a turn), then octet by octet into the first lane; the
 * lanes joined by one more multiply. A content fingerprint for telling two copies of the same bytes
 * from two different ones (equal bytes give equal values; any one word or octet that differs
 * changes it: each step is a bijection of its lane's state and the final join a bijection of each
 * lane for the other fixed). Start from {@link HASH_SEED}: an attacker who cannot know the start
 * value cannot solve for a colliding decoy, and mixStep leaves no difference that collides under
 * every start value (test/core/hash.test.ts).
 *
 * Two lanes: each word's two multiplies wait on the previous word of its lane only, so the lanes'
 * chains overlap (the one-lane fnvStep chain was the loop's bound). measured: bench/results-notes.md, "scan11".
 */
export function foldBytes(h: number, view: DataView, off: number, end: number): number {
  // `| 0`: the lanes stay int32 loop variables (a tagged start value made TurboFan keep them tagged,
  // with a number check per turn).
  h |= 0;
  let g = h ^ 0x5bd1e995;
  let i = off;
  // Eight words a turn (the view's checks and the loop's are paid per turn), then one turn of four.
  for (; i + 32 <= end; i += 32) {
    h = mixStep(h, view.getInt32(i, true));
    g = mixStep(g, view.getInt32(i + 4, true));
    h = mixStep(h, view.getInt32(i + 8, true));
    g = mixStep(g, view.getInt32(i + 12, true));
    h = mixStep(h, view.getInt32(i + 16, true));
    g = mixStep(g, view.getInt32(i + 20, true));
    h = mixStep(h, view.getInt32(i + 24, true));
    g = mixStep(g, view.getInt32(i + 28, true));
  }
  if (i + 16 <= end) {
    h = mixStep(h, view.getInt32(i, true));
    g = mixStep(g, view.getInt32(i + 4, true));
    h = mixStep(h, view.getInt32(i + 8, true));
    g = mixStep(g, view.getInt32(i + 12, true));
    i += 16;
  }
  for (; i + 4 <= end; i += 4) h = mixStep(h, view.getInt32(i, true));
  for (; i < end; i++) h = mixStep(h, view.getUint8(i));
  // fmix32 before the join: the last word of each lane with bit 31 flipped leaves its lane only one of
  // two additive differences (2^31 ± 2^16·MIX_MUL), and the join's XOR cancelled the pair for ~1 start
  // value in 600 (1,671 of 1,000,000 random seeds; the CI of round 19 met one). Measured after: 0.
  return mixStep(fmix32(h), g) | 0;
}
