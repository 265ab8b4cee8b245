/**
 * SCCP called/calling party address (ITU-T Q.713 §3.4; ANSI T1.112 §3.4 layout).
 *
 * ITU address indicator (Q.713 §3.4.1): bit 1 point code indicator, bit 2 SSN indicator,
 * bits 3-6 global title indicator, bit 7 routing indicator (0 = route on GT, 1 = on DPC+SSN),
 * bit 8 reserved for national use. Fields follow in the order PC (2 octets, 14 bits LE), SSN, GT.
 *
 * ANSI T1.112 §3.4.1: bit 1 SSN indicator, bit 2 point code indicator, bits 3-6 GTI, bit 7
 * routing indicator, bit 8 national/international. Fields follow in the order SSN, PC (3 octets
 * member/cluster/network = 24-bit LE integer), GT.
 */
import { codesText } from '../core/char-codes.js';
import type { AnomalyCode } from '../core/anomaly-codes.js';
import { OctetIntern } from '../asn1/octet-intern.js';
import { fmix32 as fmix32_, fnvStep as fnvStep_, HASH_SEED as HASH_SEED_ } from '../core/hash.js';
import type { SccpAddressView } from '../events/record.js';
import type { SccpAddressInfo } from '../events/types.js';

// Imports called or read per message, as this module's own constants: TurboFan loads an import
// from its module cell (hole and target checks) at every use; an own `const` is embedded
// (bench/results-notes.md, "decode9").
const fmix32 = fmix32_;
const fnvStep = fnvStep_;
const HASH_SEED = HASH_SEED_;

export type SccpVariant = 'itu' | 'ansi';

/** Anomaly codes of the address decoder (pushed to the caller's `problems` list). */
export const SCCP_ADDRESS_ANOMALY = {
  /** Address parameter shorter than its indicator says. */
  truncated: 'sccp.address-truncated',
  /** A GT digit nibble that Q.713 §3.4.2.3.1 marks spare (0xA, 0xD, 0xE). */
  badDigit: 'sccp.gt-bad-digit',
  /** GTI value spare in the variant (ITU 5-15, ANSI 3-15): the GT is not decoded. */
  unknownGti: 'sccp.gti-unknown',
  /** Encoding scheme neither BCD nor unknown (Q.713 §3.4.2.3.3 ES 3 national specific, 4-14 spare, 15 reserved): the digits are read as BCD all the same. */
  notBcd: 'sccp.gt-not-bcd',
} as const satisfies Record<string, AnomalyCode>;

/** Q.713 §3.4.2.3.1 address signals: 0-9, 0xB code 11, 0xC code 12; 0xF = ST (end). */
const DIGIT = '0123456789abcde';
const DIGIT_CODE: readonly number[] = Array.from(DIGIT, (c) => c.charCodeAt(0));
/** Scratch for decodeGtDigits: a GT address parameter holds at most 255 octets (Q.713 §3.4.1). */
const GT_CODES: number[] = new Array<number>(510).fill(0);

/**
 * Decodes BCD digits `[start, end)`, low nibble first (Q.713 §3.4.2.3.1). `count` is the number
 * of digits when known (odd/even indicator), otherwise -1: all nibbles, an 0xF filler ends it.
 */
export function decodeGtDigits(bytes: Uint8Array, start: number, end: number, count: number, problems?: string[]): string {
  let s = GT_INTERN.get(bytes, start, end, count);
  if (s === undefined) {
    s = decodeGtDigitsFresh(bytes, start, end, count);
    GT_INTERN.set(s, gtBad ? 1 : 0);
    if (gtBad) problems?.push(SCCP_ADDRESS_ANOMALY.badDigit);
  } else if (GT_INTERN.flags !== 0) problems?.push(SCCP_ADDRESS_ANOMALY.badDigit);
  return s;
}

/**
 * Interned GT digit strings (asn1/octet-intern.ts): a link carries few distinct GTs (the bench
 * capture: 15), two per message. Bound: GT_SLOTS entries of at most GT_INTERN_OCTETS octets (15
 * E.164 digits need 8); longer GTs are decoded each time.
 */
const GT_SLOTS = 1024;
const GT_INTERN_OCTETS = 12;
const GT_INTERN = new OctetIntern(GT_SLOTS, GT_INTERN_OCTETS);
/** Set by decodeGtDigitsFresh: the digits had a spare nibble. */
let gtBad = false;

function decodeGtDigitsFresh(bytes: Uint8Array, start: number, end: number, count: number): string {
  const max = Math.min(count >= 0 ? Math.min(count, (end - start) * 2) : (end - start) * 2, GT_CODES.length);
  let k = 0;
  let bad = false;
  for (let i = 0; i < max; i++) {
    const b = bytes[start + (i >> 1)]!;
    const n = (i & 1) === 0 ? b & 0x0f : b >> 4;
    if (n === 0x0f) break; // ST / filler
    if (n === 0x0a || n === 0x0d || n === 0x0e) bad = true;
    GT_CODES[k++] = DIGIT_CODE[n]!;
  }
  gtBad = bad;
  // One flat string from the char codes: measured ~2x faster than `s += digit` per nibble (a
  // chain of small strings, flattened again when the GT is hashed as a Map key downstream).
  return codesText(GT_CODES, k);
}

/**
 * A decoded address as a reused flat record (the fast tier, events/record.ts): every key of
 * {@link SccpAddressInfo} always present (undefined when absent), so it reads like one
 * (events/record.ts SccpAddressView) and keeps one shape. {@link sccpAddressInfo} builds the fresh object events carry.
 */
export interface SccpAddressFields {
  ri: 'gt' | 'ssn';
  gti: number;
  pc: number | undefined;
  ssn: number | undefined;
  tt: number | undefined;
  np: number | undefined;
  es: number | undefined;
  nai: number | undefined;
  gt: string | undefined;
  /** The ANSI layout (SSN before PC): fixes the key order of {@link sccpAddressInfo}. */
  ansi: boolean;
}

export function newSccpAddressFields(): SccpAddressFields {
  return { ri: 'gt', gti: 0, pc: undefined, ssn: undefined, tt: undefined, np: undefined, es: undefined, nai: undefined, gt: undefined, ansi: false };
}

/**
 * The address as a fresh object with the keys present in the order the decoder meets them: ri,
 * gti, then pc, ssn (ITU; ANSI: ssn, pc), tt, np, es, nai, gt. The usual international address
 * (ITU GTI 4 with SSN, Q.713 §3.4.2.3.4) is one literal with its final shape: adding the keys one
 * by one reallocates the out-of-object property store as it grows (measured, sampling heap
 * profiler, 1 M bench prefix: 274 → 166 B per message).
 */
export function sccpAddressInfo(f: SccpAddressFields): SccpAddressInfo {
  const { ri, gti, pc, ssn, tt, np, es, nai, gt } = f;
  if (!f.ansi && gti === 4 && ssn !== undefined && tt !== undefined && np !== undefined && es !== undefined && nai !== undefined && gt !== undefined) {
    return pc !== undefined ? { ri, gti, pc, ssn, tt, np, es, nai, gt } : { ri, gti, ssn, tt, np, es, nai, gt };
  }
  const out: SccpAddressInfo = { ri, gti };
  if (f.ansi) {
    if (ssn !== undefined) out.ssn = ssn;
    if (pc !== undefined) out.pc = pc;
  } else {
    if (pc !== undefined) out.pc = pc;
    if (ssn !== undefined) out.ssn = ssn;
  }
  if (tt !== undefined) out.tt = tt;
  if (np !== undefined) out.np = np;
  if (es !== undefined) out.es = es;
  if (nai !== undefined) out.nai = nai;
  if (gt !== undefined) out.gt = gt;
  return out;
}

const SCRATCH = newSccpAddressFields();

/**
 * Decodes one address parameter's contents `[offset, end)` (the octets after its length
 * indicator). Returns a fresh object, or undefined when the address is truncated (the code is
 * pushed to `problems`). Non-fatal problems (bad digits, unknown GTI) are pushed as well.
 */
export function decodeSccpAddress(
  view: DataView,
  bytes: Uint8Array,
  offset: number,
  end: number,
  variant: SccpVariant,
  problems?: string[],
): SccpAddressInfo | undefined {
  return decodeFields(view, bytes, offset, end, variant, SCRATCH, problems) ? sccpAddressInfo(SCRATCH) : undefined;
}

/**
 * Clean decodes by the address octets: a link carries few distinct addresses (the bench capture:
 * a few dozen), two per message, and decoding one (indicator, PC/SSN, GT header, the GT digits'
 * intern lookup) was ~525 instructions (bench/results-notes.md, "decflat", "decwb"). Direct-mapped:
 * ADDR_MEMO_SLOTS entries, a new address overwrites its slot; addresses of at most
 * ADDR_MEMO_OCTETS octets (an E.164 GT with SSN and GTI 4: 11) whose decode pushed no problem.
 * A hit is confirmed by comparing all the octets, the length and the variant; the hash is seeded
 * per process (core/hash.ts), so crafted addresses can only cost misses. Bound: the key words
 * (4 Int32 per slot) and ADDR_MEMO_SLOTS records of {@link SccpAddressFields}.
 */
const ADDR_MEMO_SLOTS = 256;
const ADDR_MEMO_OCTETS = 12;
const ADDR_MEMO_KEYS = new Int32Array(ADDR_MEMO_SLOTS * 4);
const ADDR_MEMO: SccpAddressFields[] = Array.from({ length: ADDR_MEMO_SLOTS }, newSccpAddressFields);

/** The low `n` octets (0-4) of a little-endian word. */
function lowOctets(w: number, n: number): number {
  return n >= 4 ? w : n <= 0 ? 0 : w & ((1 << (n * 8)) - 1);
}

/** Octet `i` of `bytes` as the `k`-th octet of a little-endian word, 0 at or past `end`. */
function octetAt(bytes: Uint8Array, i: number, end: number, k: number): number {
  return i < end ? bytes[i]! << (k * 8) : 0;
}

/**
 * {@link decodeSccpAddress} into a reused flat record: false when the address is truncated (the
 * code is pushed to `problems`; `out` is then not meaningful). A clean address met recently is
 * copied from the memo (see {@link ADDR_MEMO_SLOTS}) instead of decoded again. `bytes` must be
 * the octets of `view` (same buffer, offset and length: core/bytes.ts recordBytes), as the SCCP
 * decoder's are; without a `problems` list the memo is not used.
 */
export function decodeSccpAddressFields(
  view: DataView,
  bytes: Uint8Array,
  offset: number,
  end: number,
  variant: SccpVariant,
  out: SccpAddressFields,
  problems?: string[],
): boolean {
  if (problems === undefined) return decodeFields(view, bytes, offset, end, variant, out, problems);
  const r = decodeSccpAddressRef(view, bytes, offset, end, variant, out, undefined, problems);
  if (r === undefined) return false;
  if (r !== out) copyAddressFields(r, out);
  return true;
}

/**
 * {@link decodeSccpAddressFields} without the copy: the memo's own record on a hit, else `own`
 * filled by the decode (undefined when the address is truncated). The record returned is shared:
 * read-only, and valid only until the next call. A clean miss is memoised unless its slot holds
 * `keep` (the message's other address, still read by the caller). measured: the copy of the ten
 * fields (a write barrier each) was ~70 of the ~240 instructions of a hit, two hits a message
 * (bench/results-notes.md, "xport16"). One function for the lookup and the miss (no helper calls:
 * TurboFan left them out of line, ~90 instructions more per miss on all-distinct addresses).
 */
export function decodeSccpAddressRef(
  view: DataView,
  bytes: Uint8Array,
  offset: number,
  end: number,
  variant: SccpVariant,
  own: SccpAddressFields,
  keep: SccpAddressFields | undefined,
  problems: string[],
): SccpAddressFields | undefined {
  const n = end - offset;
  if (n <= 0 || n > ADDR_MEMO_OCTETS) return decodeFields(view, bytes, offset, end, variant, own, problems) ? own : undefined;
  let w0: number;
  let w1: number;
  let w2: number;
  // `bytes.length`: `view.byteLength` is a builtin call here (~35 instructions, measured).
  if (offset + 12 <= bytes.length) {
    w0 = lowOctets(view.getInt32(offset, true), n);
    w1 = lowOctets(view.getInt32(offset + 4, true), n - 4);
    w2 = lowOctets(view.getInt32(offset + 8, true), n - 8);
  } else {
    // Near the end of the buffer: octet by octet (a word read would run past it).
    w0 = octetAt(bytes, offset, end, 0) | octetAt(bytes, offset + 1, end, 1) | octetAt(bytes, offset + 2, end, 2) | octetAt(bytes, offset + 3, end, 3);
    w1 = octetAt(bytes, offset + 4, end, 0) | octetAt(bytes, offset + 5, end, 1) | octetAt(bytes, offset + 6, end, 2) | octetAt(bytes, offset + 7, end, 3);
    w2 = octetAt(bytes, offset + 8, end, 0) | octetAt(bytes, offset + 9, end, 1) | octetAt(bytes, offset + 10, end, 2) | octetAt(bytes, offset + 11, end, 3);
  }
  const head = 0x10000 | (variant === 'ansi' ? 0x100 : 0) | n;
  const h = fmix32(fnvStep(fnvStep(fnvStep(fnvStep(HASH_SEED, head), w0), w1), w2));
  const s = h & (ADDR_MEMO_SLOTS - 1);
  const k = s * 4;
  const keys = ADDR_MEMO_KEYS;
  const memo = ADDR_MEMO[s]!;
  if (keys[k] === head && keys[k + 1] === w0 && keys[k + 2] === w1 && keys[k + 3] === w2) return memo;
  const before = problems.length;
  if (!decodeFields(view, bytes, offset, end, variant, own, problems)) return undefined;
  if (problems.length === before && memo !== keep) {
    copyAddressFields(own, memo);
    keys[k] = head;
    keys[k + 1] = w0;
    keys[k + 2] = w1;
    keys[k + 3] = w2;
  }
  return own;
}

/** Every field of `from` into `to` (the memo's records and the caller's). */
function copyAddressFields(from: SccpAddressFields, to: SccpAddressFields): void {
  to.ri = from.ri;
  to.gti = from.gti;
  to.ansi = from.ansi;
  to.pc = from.pc;
  to.ssn = from.ssn;
  to.tt = from.tt;
  to.np = from.np;
  to.es = from.es;
  to.nai = from.nai;
  to.gt = from.gt;
}

/** The address decode itself (see {@link decodeSccpAddressFields}). */
function decodeFields(
  view: DataView,
  bytes: Uint8Array,
  offset: number,
  end: number,
  variant: SccpVariant,
  out: SccpAddressFields,
  problems?: string[],
): boolean {
  if (offset >= end) {
    problems?.push(SCCP_ADDRESS_ANOMALY.truncated);
    return false;
  }
  const ai = bytes[offset]!;
  let p = offset + 1;
  const ansi = variant === 'ansi';
  const hasPc = ansi ? (ai & 0x02) !== 0 : (ai & 0x01) !== 0;
  const hasSsn = ansi ? (ai & 0x01) !== 0 : (ai & 0x02) !== 0;
  const gti = (ai >> 2) & 0x0f;
  out.ri = (ai & 0x40) !== 0 ? 'ssn' : 'gt';
  out.gti = gti;
  out.ansi = ansi;
  out.pc = out.ssn = out.tt = out.np = out.es = out.nai = undefined;
  out.gt = undefined;
  if (ansi) {
    // T1.112 §3.4.2: SSN precedes the point code.
    if (hasSsn) {
      if (p + 1 > end) return truncated(problems);
      out.ssn = bytes[p++]!;
    }
    if (hasPc) {
      if (p + 3 > end) return truncated(problems);
      out.pc = bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16);
      p += 3;
    }
  } else {
    if (hasPc) {
      if (p + 2 > end) return truncated(problems);
      out.pc = view.getUint16(p, true) & 0x3fff;
      p += 2;
    }
    if (hasSsn) {
      if (p + 1 > end) return truncated(problems);
      out.ssn = bytes[p++]!;
    }
  }
  if (gti === 0) return true;
  // Global title header (Q.713 §3.4.2.3; T1.112 §3.4.2.3).
  let count = -1;
  let es = -1;
  if (ansi) {
    if (gti !== 1 && gti !== 2) {
      problems?.push(SCCP_ADDRESS_ANOMALY.unknownGti);
      return true;
    }
    if (p + 1 > end) return truncated(problems);
    out.tt = bytes[p++]!;
    if (gti === 1) {
      if (p + 1 > end) return truncated(problems);
      const npes = bytes[p++]!;
      out.np = npes >> 4;
      es = npes & 0x0f;
      out.es = es;
    }
  } else {
    switch (gti) {
      case 1: {
        // §3.4.2.3.1: bit 8 odd/even, bits 1-7 nature of address.
        if (p + 1 > end) return truncated(problems);
        const b = bytes[p++]!;
        out.nai = b & 0x7f;
        es = (b & 0x80) !== 0 ? 1 : 2;
        break;
      }
      case 2:
        // §3.4.2.3.2: translation type only; digit count unknown.
        if (p + 1 > end) return truncated(problems);
        out.tt = bytes[p++]!;
        break;
      case 3:
      case 4: {
        // §3.4.2.3.3/§3.4.2.3.4: TT, NP (bits 5-8) + ES (bits 1-4), [NAI (bits 1-7)].
        if (p + 2 > end) return truncated(problems);
        out.tt = bytes[p]!;
        const npes = bytes[p + 1]!;
        out.np = npes >> 4;
        es = npes & 0x0f;
        out.es = es;
        p += 2;
        if (gti === 4) {
          if (p + 1 > end) return truncated(problems);
          out.nai = bytes[p++]! & 0x7f;
        }
        break;
      }
      default:
        problems?.push(SCCP_ADDRESS_ANOMALY.unknownGti);
        return true;
    }
  }
  // Encoding scheme (Q.713 §3.4.2.3.3; T1.112 §3.4.2.3): 1 BCD odd, 2 BCD even, 0 unknown
  // (decoded as BCD, filler-terminated). 3-15 (national specific, spare) are read as 0 with the
  // anomaly: left undecoded, a GT-routed message had no origin to check (red team rt7 S1: an ATI
  // with ES 3 raised nothing), and the receiving STP routes on the same octets.
  if (es === 1) count = (end - p) * 2 - 1;
  else if (es === 2) count = (end - p) * 2;
  else if (es > 2) problems?.push(SCCP_ADDRESS_ANOMALY.notBcd);
  out.gt = decodeGtDigits(bytes, p, end, count, problems);
  return true;
}

function truncated(problems: string[] | undefined): false {
  problems?.push(SCCP_ADDRESS_ANOMALY.truncated);
  return false;
}

/** A stable text key of an address (for segment reassembly tables). */
export function sccpAddressKey(a: SccpAddressView): string {
  return `${a.pc ?? ''}/${a.ssn ?? ''}/${a.gt ?? ''}`;
}
