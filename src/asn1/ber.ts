/**
 * BER TLV walker (ITU-T X.690 §8.1). MAP and TCAP are BER, not DER: indefinite lengths
 * (§8.1.3.6), non-minimal long-form lengths (§8.1.3.5 allows them in BER), and high tag numbers
 * (§8.1.2.4) all occur in real traffic.
 *
 * Shape: `readTlv(view, offset, end, out)` fills a caller-owned {@link Tlv} and returns true, or
 * returns false and sets `out.error` when the bytes at `offset` are not a well-formed TLV inside
 * `[offset, end)`. No allocation, no exceptions on the hot path.
 *
 * For an indefinite-length constructed value, `valueEnd` is found by walking the contents to the
 * matching end-of-contents octets (§8.1.5) with a depth limit, so callers can treat definite and
 * indefinite forms alike: the contents are `[valueStart, valueEnd)` and the next TLV starts at
 * `end` (after the EOC when indefinite).
 */
import type { AnomalyCode } from '../core/anomaly-codes.js';

export { hexOf } from '../core/bytes.js';

export const TagClass = { UNIVERSAL: 0, APPLICATION: 1, CONTEXT: 2, PRIVATE: 3 } as const;

export const BER_ANOMALY = {
  TRUNCATED: 'ber.truncated',
  BAD_LENGTH: 'ber.bad-length',
  DEPTH: 'ber.depth-limit',
  NO_EOC: 'ber.missing-eoc',
  BAD_TAG: 'ber.bad-tag',
  INDEFINITE_PRIMITIVE: 'ber.indefinite-primitive',
} as const satisfies Record<string, AnomalyCode>;

export interface Tlv {
  /** Tag class, bits 8-7 of the identifier octet (§8.1.2.2). */
  cls: number;
  constructed: boolean;
  /** Tag number (low-tag form or high-tag form, §8.1.2.4). */
  tag: number;
  /** Offset of the identifier octet. */
  start: number;
  /** Offset of the first content octet. */
  valueStart: number;
  /** Offset after the last content octet (before the EOC when indefinite). */
  valueEnd: number;
  /** Offset after the whole TLV (including EOC when indefinite). */
  end: number;
  indefinite: boolean;
  /** Set when readTlv returns false: one of BER_ANOMALY. */
  error: AnomalyCode | '';
}

export function newTlv(): Tlv {
  return { cls: 0, constructed: false, tag: 0, start: 0, valueStart: 0, valueEnd: 0, end: 0, indefinite: false, error: '' };
}

/** Default nesting limit; see Limits.berDepth. */
export const DEFAULT_BER_DEPTH = 32;

/** Largest tag number accepted: 2^28 keeps the arithmetic in small integers. */
const MAX_TAG = 0x0fffffff;

/**
 * Reads the TLV at `offset`. Returns false (and sets out.error) when it does not fit in
 * `[offset, end)` or is malformed. `maxDepth` bounds the scan of nested indefinite lengths.
 */
export function readTlv(view: DataView, offset: number, end: number, out: Tlv, maxDepth: number = DEFAULT_BER_DEPTH): boolean {
  // Fast path, small enough for TurboFan to inline at every call site: a low tag number and a
  // short-form length that fits (X.690 §8.1.2.2, §8.1.3.4), what almost every TCAP/MAP TLV is.
  // It sets exactly what readTlvAt sets for such a TLV; anything else goes to readTlvAt.
  // Measured (bench/results-notes.md, "decflat"): decodeTcap alone 221 → 195 ns per routine
  // message; the whole decode-only push loop −3.7 % CPU once warm.
  if (end - offset >= 2) {
    const id = view.getUint8(offset);
    const l0 = view.getUint8(offset + 1);
    const valueEnd = offset + 2 + l0;
    if ((id & 0x1f) !== 0x1f && l0 < 0x80 && valueEnd <= end) {
      out.start = offset;
      out.error = '';
      out.cls = id >> 6;
      out.constructed = (id & 0x20) !== 0;
      out.tag = id & 0x1f;
      out.indefinite = false;
      out.valueStart = offset + 2;
      out.valueEnd = valueEnd;
      out.end = valueEnd;
      return true;
    }
  }
  // `=== true`: readTlvAt is not inlined, so TurboFan typed the merged result as anything and
  // tested it with a full ToBoolean (map loads, number and bigint checks) after every inlined call.
  return readTlvAt(view, offset, end, out, maxDepth) === true;
}

/**
 * The general reader behind {@link readTlv} (every tag and length form); exported so tests can
 * hold the short-form fast path to it.
 */
export function readTlvAt(view: DataView, offset: number, end: number, out: Tlv, depthLeft: number): boolean {
  out.start = offset;
  out.error = '';
  if (offset >= end) return fail(out, BER_ANOMALY.TRUNCATED);
  let p = offset;
  const id = view.getUint8(p++);
  out.cls = id >> 6;
  out.constructed = (id & 0x20) !== 0;
  let tag = id & 0x1f;
  if (tag === 0x1f) {
    // High-tag-number form, §8.1.2.4.2: base-128, bit 8 = more.
    tag = 0;
    let first = true;
    for (;;) {
      if (p >= end) return fail(out, BER_ANOMALY.TRUNCATED);
      const b = view.getUint8(p++);
      if (first && b === 0x80) return fail(out, BER_ANOMALY.BAD_TAG); // §8.1.2.4.2 c): bits 7-1 of first subsequent octet not all zero
      first = false;
      tag = tag * 128 + (b & 0x7f);
      if (tag > MAX_TAG) return fail(out, BER_ANOMALY.BAD_TAG);
      if ((b & 0x80) === 0) break;
    }
  }
  out.tag = tag;
  if (p >= end) return fail(out, BER_ANOMALY.TRUNCATED);
  const l0 = view.getUint8(p++);
  if (l0 < 0x80) {
    // Short form, §8.1.3.4.
    out.indefinite = false;
    out.valueStart = p;
    out.valueEnd = p + l0;
  } else if (l0 === 0x80) {
    // Indefinite form, §8.1.3.6: constructed only.
    if (!out.constructed) return fail(out, BER_ANOMALY.INDEFINITE_PRIMITIVE);
    if (depthLeft <= 0) return fail(out, BER_ANOMALY.DEPTH);
    out.indefinite = true;
    out.valueStart = p;
    const eoc = findEoc(view, p, end, depthLeft - 1);
    if (eoc < 0) return fail(out, eoc === -2 ? BER_ANOMALY.DEPTH : BER_ANOMALY.NO_EOC);
    out.valueEnd = eoc;
    out.end = eoc + 2;
    return true;
  } else {
    // Long form, §8.1.3.5; 0xFF is reserved. Leading zero octets (non-minimal) are legal BER.
    const n = l0 & 0x7f;
    if (n === 0x7f) return fail(out, BER_ANOMALY.BAD_LENGTH);
    if (p + n > end) return fail(out, BER_ANOMALY.TRUNCATED);
    let len = 0;
    for (let i = 0; i < n; i++) {
      len = len * 256 + view.getUint8(p++);
      if (len > end) return fail(out, BER_ANOMALY.BAD_LENGTH); // cannot fit; also keeps len small
    }
    out.indefinite = false;
    out.valueStart = p;
    out.valueEnd = p + len;
  }
  if (out.valueEnd > end) return fail(out, BER_ANOMALY.BAD_LENGTH);
  out.end = out.valueEnd;
  return true;
}

/** Scratch TLV for the EOC scan, one per depth level (no allocation after warm-up). */
const scratch: Tlv[] = [];

/**
 * Offset of the end-of-contents octets closing an indefinite value whose contents start at `p`;
 * -1 when none is found before `end`, -2 when the depth limit is hit.
 */
function findEoc(view: DataView, p: number, end: number, depthLeft: number): number {
  let t = scratch[depthLeft];
  if (t === undefined) {
    t = newTlv();
    scratch[depthLeft] = t;
  }
  while (p + 2 <= end) {
    if (view.getUint8(p) === 0 && view.getUint8(p + 1) === 0) return p;
    if (!readTlvAt(view, p, end, t, depthLeft)) return t.error === BER_ANOMALY.DEPTH ? -2 : -1;
    p = t.end;
  }
  return -1;
}

function fail(out: Tlv, code: AnomalyCode): false {
  out.error = code;
  return false;
}

/** Unsigned big-endian integer of a primitive value (up to 6 octets exact). */
export function readUint(view: DataView, start: number, end: number): number {
  let v = 0;
  for (let i = start; i < end; i++) v = v * 256 + view.getUint8(i);
  return v;
}

/** Two's-complement signed integer (X.690 §8.3), up to 6 octets exact. */
export function readInt(view: DataView, start: number, end: number): number {
  if (start >= end) return 0;
  let v = view.getInt8(start);
  for (let i = start + 1; i < end; i++) v = v * 256 + view.getUint8(i);
  return v;
}

/**
 * Joins the contents of constructed OCTET STRINGs (X.690 §8.7.3: a BER sender may encode an
 * OCTET STRING, also an implicitly tagged one, as a constructed value whose contents are
 * segments, each an OCTET STRING (UNIVERSAL 4) of the primitive or again of the constructed
 * form, definite or indefinite length; §8.7.3.2). The primitive form needs no copy: its contents
 * are `[valueStart, valueEnd)` of the message itself, so callers use this only when
 * `t.constructed`. One joiner is reused; every {@link join} since {@link clear} appends to
 * `buf`, so the ranges it returned stay valid until the next clear (a grown `buf` is a new array:
 * read a range from the `buf` current right after its join).
 */
export class OctetJoiner {
  buf = new Uint8Array(64);
  /** Octets of `buf` in use. */
  len = 0;
  /** Set when {@link join} returns false: what is wrong. */
  error = '';
  /** Scratch TLV per nesting level. */
  private readonly tlvs: Tlv[] = [];

  clear(): void {
    this.len = 0;
  }

  /**
   * Appends the joined contents of constructed `t` to `buf` (they start at the `len` before the
   * call); false (and `error`) when a segment is not an OCTET STRING or malformed, or the
   * segments nest deeper than `maxDepth`.
   */
  join(view: DataView, bytes: Uint8Array, t: Tlv, maxDepth: number): boolean {
    const start = this.len;
    this.error = '';
    if (this.add(view, bytes, t.valueStart, t.valueEnd, maxDepth)) return true;
    this.len = start;
    return false;
  }

  private add(view: DataView, bytes: Uint8Array, p: number, end: number, depthLeft: number): boolean {
    if (depthLeft <= 0) return this.fail(BER_ANOMALY.DEPTH);
    let s = this.tlvs[depthLeft];
    if (s === undefined) {
      s = newTlv();
      this.tlvs[depthLeft] = s;
    }
    for (; p < end; p = s.end) {
      if (!readTlv(view, p, end, s, depthLeft)) return this.fail(s.error);
      if (s.cls !== TagClass.UNIVERSAL || s.tag !== 4) return this.fail('segment is not an OCTET STRING');
      if (s.constructed) {
        if (!this.add(view, bytes, s.valueStart, s.valueEnd, depthLeft - 1)) return false;
      } else this.append(bytes, s.valueStart, s.valueEnd);
    }
    return true;
  }

  private append(bytes: Uint8Array, start: number, end: number): void {
    const need = this.len + end - start;
    if (need > this.buf.length) {
      const grown = new Uint8Array(Math.max(need, 2 * this.buf.length));
      grown.set(this.buf.subarray(0, this.len));
      this.buf = grown;
    }
    this.buf.set(bytes.subarray(start, end), this.len);
    this.len = need;
  }

  private fail(error: string): false {
    this.error = error;
    return false;
  }
}
