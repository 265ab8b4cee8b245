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

/**
 * {@link fnvStep} over the octets [off, end) of `view`: big-endian 32-bit words while four remain,
 * then octet by octet. A content fingerprint for telling two copies of the same bytes from two
 * different ones (equal bytes give equal values; any one word or octet that differs changes it,
 * since each step is a bijection of the state). Start from {@link HASH_SEED}: an attacker who
 * cannot know the start value cannot solve for a colliding decoy.
 *
 * Four words per turn of the first loop: the same steps in the same order, so the same values.
 * measured (callgrind, routine 150 k, decode records; bench/results-notes.md "cheapfp"): the
 * whole-chunk SCTP fingerprint (~35 words a chunk) cost 979 instructions a message more than the
 * former 16-octet one with a word a turn (~28 instructions a word: the loop's index, bounds and
 * stack checks around each read), 425 with four.
 */
export function foldBytes(h: number, view: DataView, off: number, end: number): number {
  let i = off;
  for (; i + 16 <= end; i += 16) {
    h = fnvStep(h, view.getInt32(i));
    h = fnvStep(h, view.getInt32(i + 4));
    h = fnvStep(h, view.getInt32(i + 8));
    h = fnvStep(h, view.getInt32(i + 12));
  }
  for (; i + 4 <= end; i += 4) h = fnvStep(h, view.getInt32(i));
  for (; i < end; i++) h = fnvStep(h, view.getUint8(i));
  return h | 0;
}
