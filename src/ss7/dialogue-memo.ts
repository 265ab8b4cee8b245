/**
 * Clean dialogue-portion decodes by their octets (tcap.ts decodeDialoguePortion). A link's dialogue
 * portions are few distinct byte strings: an AARQ or AARE per application context, the same octets
 * in every dialogue (the routine bench capture: nearly every TCAP message carries one, 8 contexts).
 * Decoding one (EXTERNAL, direct reference, dialogue PDU, its fields, the ACN's OID: 7-9 TLVs) was
 * ~1,100 instructions a message; a hit here hashes and compares all of its words (~500 when decode12
 * measured it hashing four of them: callgrind, routine capture window, bench/results-notes.md "decode12").
 *
 * Two-way set associative, fixed memory: SLOTS rows of an Int32Array (header word: octet count, the
 * unidirectional flag and the decoder's BER depth limit; then the octets four to a word, little-endian) and the decode's result per
 * slot (PDU kind, ACN text, its MAP index, AARE result): 8.7 kB and 128 ACN texts. Only portions
 * of 8 to MAX_OCTETS octets whose decode added no anomaly and found no MAP-OPEN destination
 * reference (an offset into the message) are stored. A hit is confirmed by comparing every octet and the header, and the hash is
 * seeded per process (core/hash.ts), so crafted portions can only cost misses (a miss is the
 * decode as before plus the hash).
 *
 * In front of the hashed lookup, a direct-mapped table of 1,024 slot numbers keyed by a cheap
 * sample of the portion (its header word, first four octets, octets 26–29 and last four): a hit there is confirmed
 * by the same compare of every octet, so the full hash (two multiplies and a DataView read per
 * word) is paid only when the sample's slot names another portion. measured (callgrind, routine
 * capture, bench/results-notes.md "hot13"): the hashed lookup was ~790 instructions per 40-octet
 * portion, nearly every TCAP message of the routine mix. A sample shared by portions differing
 * elsewhere (crafted or not) costs one failed compare before the hashed lookup, never a wrong hit.
 */
import { fmix32 as fmix32_, HASH_SEED as HASH_SEED_, mixStep as mixStep_ } from '../core/hash.js';
import type { TcapMessage } from './tcap-message.js';

// Imports called per message, as this module's own constants (bench/results-notes.md, "decode9").
const fmix32 = fmix32_;
const mixStep = mixStep_;
const HASH_SEED = HASH_SEED_;

const SLOTS = 128;
/** The EXTERNAL of an AARQ with a MAP ACN is 30 octets, of an AARE 42; user information (MAP-OPEN) makes it longer. */
const MAX_OCTETS = 64;
const WORDS = MAX_OCTETS >> 2;
/** Depth limits above this are one key (the header word keeps 14 bits for it; a dialogue portion nests ~6 deep). */
const MAX_KEY_DEPTH = 0x3fff;
const WIDTH = 1 + WORDS;

const ROWS = new Int32Array(SLOTS * WIDTH);
const KIND: TcapMessage['dialogue'][] = new Array<TcapMessage['dialogue']>(SLOTS).fill(undefined);
const ACN: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
const ACN_INDEX = new Int32Array(SLOTS);
/** The AARE result, or -1 for none (an INTEGER decoded by readInt: a result above 2^31 is not stored). */
const RESULT = new Int32Array(SLOTS);
/** Per pair of slots (two ways), the way hit or stored last (0, 1). */
const LAST = new Uint8Array(SLOTS >> 1);
/** Slot pair of the last lookup miss; -1 when that portion is not storable (too short or long). */
let missSlot = -1;
let missHeader = 0;
/** MurmurHash3's fmix32 multiplier (core/hash.ts MIX_MUL), for {@link preIndex}. */
const MIX_MUL = 0x85ebca6b;
/** The front table (2 kB): by {@link preIndex}, the slot last hit or stored for that sample (-1: none). */
const PRE_BITS = 10;
const PRE = new Int16Array(1 << PRE_BITS).fill(-1);
/** The front-table index of the last lookup that went on to the hashed lookup. */
let missPre = 0;
/** Lookups that went on to the hashed lookup (the front table did not answer): for tests. */
export const dialogueMemoStats = { hashed: 0 };

/**
 * The front-table index of a portion of `n` ≥ 8 octets at `start` with header word `header`: its
 * first four octets, octets 26–29 (where a MAP ACN's application-context and version arcs sit in
 * an AARQ or AARE: the routine capture's 16 portions differ only at octet 28) and its last four,
 * seeded. Not a security boundary: every hit is confirmed octet by octet.
 */
function preIndex(view: DataView, start: number, n: number, header: number): number {
  const acn = n >= 30 ? view.getInt32(start + 26, true) : 0;
  // Each word folded in after the state's high bits were moved down, and the index taken from the
  // top bits: a multiply carries a difference only upward.
  let h = Math.imul(header ^ HASH_SEED ^ view.getInt32(start, true), 0x01000193);
  h = Math.imul(h ^ (h >>> 16) ^ acn, MIX_MUL);
  h = Math.imul(h ^ (h >>> 16) ^ view.getInt32(start + n - 4, true), 0x01000193);
  return h >>> (32 - PRE_BITS);
}

/** The portion `[start, end)` (header word `header`, whole words up to `whole`) is in slot `s`: every word and octet equal. */
function sameAt(view: DataView, bytes: Uint8Array, start: number, whole: number, end: number, header: number, s: number): boolean {
  let row = s * WIDTH;
  const rows = ROWS;
  if (rows[row] !== header) return false;
  let i = start;
  while (i < whole && rows[++row] === word(view, i)) i += 4;
  return i === whole && (i === end || rows[row + 1] === tailWord(bytes, i, end - i));
}

/** Slot `s`'s decode into `out`; `s` becomes its pair's way hit last. */
function hit(s: number, out: TcapMessage): true {
  out.dialogue = KIND[s];
  out.acn = ACN[s];
  out.acnIndex = ACN_INDEX[s]!;
  const r = RESULT[s]!;
  out.dialogueResult = r < 0 ? undefined : r;
  LAST[s >> 1] = s & 1;
  return true;
}

/** The octets `[i, i + 4)` as a little-endian word (`view` and `bytes` are the same octets). */
function word(view: DataView, i: number): number {
  return view.getInt32(i, true);
}

/** The last `n` (1-3) octets `[i, i + n)` as the low octets of a word. */
function tailWord(bytes: Uint8Array, i: number, n: number): number {
  let x = 0;
  for (let k = 0; k < n; k++) x |= bytes[i + k]! << (k * 8);
  return x;
}

/**
 * Looks the portion `[start, end)` up (`uni`: the message is unidirectional, which makes an
 * [APPLICATION 0] PDU an AUDT): on a hit sets `out.dialogue`, `out.acn`, `out.acnIndex` and
 * `out.dialogueResult` as the decode did and returns true; on a miss returns false (decode, then
 * {@link storeDialogue} if clean). `out`'s dialogue fields must be at their reset values.
 */
export function lookupDialogue(view: DataView, bytes: Uint8Array, start: number, end: number, uni: boolean, maxDepth: number, out: TcapMessage): boolean {
  const n = end - start;
  missSlot = -1;
  if (n < 8 || n > MAX_OCTETS) return false;
  // The decoder's BER depth limit is part of the key: a portion clean under one limit may exceed a
  // lower one (review 12-A #6: a hit bypassed a shallow decoder's `tcap.bad-dialogue-portion`).
  const header = (Math.min(maxDepth, MAX_KEY_DEPTH) << 17) | 0x10000 | (uni ? 0x100 : 0) | n;
  const whole = end - (n & 3);
  const p = preIndex(view, start, n, header);
  const ps = PRE[p]!;
  if (ps >= 0 && sameAt(view, bytes, start, whole, end, header, ps)) return hit(ps, out);
  dialogueMemoStats.hashed++;
  // The hash covers every octet (at most 16 words; a hit is confirmed by all of them below): octets
  // left out of it let portions differing only there share a slot pair whatever the seed, and three
  // of them take turns evicting each other (review 12-A #7: a routine AARQ missed 999 times in 1000).
  // mixStep, not a plain FNV step: two bit-31 flips in two words cancel in FNV under every seed (core/hash.ts).
  let h = mixStep(HASH_SEED, header);
  for (let i = start; i < whole; i += 4) h = mixStep(h, word(view, i));
  if (whole < end) h = mixStep(h, tailWord(bytes, whole, end - whole));
  h = fmix32(h);
  // Two ways: the hashed slot and its neighbour (16 distinct portions in 64 direct-mapped slots
  // collided often enough to miss 4-13 % of the routine capture's messages, by the seed).
  const s0 = h & (SLOTS - 2);
  for (let s = s0; s <= s0 + 1; s++) {
    if (s === ps || !sameAt(view, bytes, start, whole, end, header, s)) continue;
    PRE[p] = s;
    return hit(s, out);
  }
  missSlot = s0;
  missHeader = header;
  missPre = p;
  return false;
}

/**
 * Stores the clean decode (its result in `out`) of the portion `[start, end)` the last
 * {@link lookupDialogue} missed.
 */
export function storeDialogue(view: DataView, bytes: Uint8Array, start: number, end: number, out: TcapMessage): void {
  const s0 = missSlot;
  if (s0 < 0) return;
  missSlot = -1;
  const r = out.dialogueResult;
  if (r !== undefined && (r < 0 || r > 0x7fffffff || !Number.isInteger(r))) return;
  // The way not hit last (an empty way first).
  const s = ROWS[s0 * WIDTH] === 0 ? s0 : ROWS[(s0 + 1) * WIDTH] === 0 ? s0 + 1 : s0 + 1 - LAST[s0 >> 1]!;
  LAST[s0 >> 1] = s - s0;
  let row = s * WIDTH;
  ROWS[row] = missHeader;
  let i = start;
  for (; i + 4 <= end; i += 4) ROWS[++row] = word(view, i);
  if (i < end) ROWS[++row] = tailWord(bytes, i, end - i);
  PRE[missPre] = s;
  KIND[s] = out.dialogue;
  ACN[s] = out.acn;
  ACN_INDEX[s] = out.acnIndex;
  RESULT[s] = r === undefined ? -1 : r;
}
