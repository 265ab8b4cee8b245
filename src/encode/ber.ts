/**
 * BER encoder (X.690 §8.1): any tag class and number (high-tag form
 * §8.1.2.4 for tags ≥ 31), definite short/long lengths, non-minimal long-form lengths (legal in
 * BER, §8.1.3.5), and indefinite lengths for constructed values (§8.1.3.6).
 *
 * Builders return complete TLVs as Uint8Array; `restyle` re-encodes a definite-length encoding
 * with another length style everywhere, so one encoding serves every length form.
 */
import { encodeOid } from '../asn1/oid.js';
import { concat } from './bytes.js';

/** Tag classes (X.690 §8.1.2.2, bits 8-7 of the identifier octet). */
export const UNIVERSAL = 0;
export const APPLICATION = 1;
export const CONTEXT = 2;
export const PRIVATE = 3;

export interface LengthStyle {
  /** Indefinite length (constructed values only; primitives stay definite). */
  indefinite?: boolean;
  /** Long form with this many length octets, even for short lengths (non-minimal). */
  longForm?: number;
}

function identifier(cls: number, constructed: boolean, tag: number): number[] {
  const first = (cls << 6) | (constructed ? 0x20 : 0);
  if (tag < 31) return [first | tag];
  const sub: number[] = [tag & 0x7f];
  for (let r = Math.floor(tag / 128); r > 0; r = Math.floor(r / 128)) sub.unshift((r & 0x7f) | 0x80);
  return [first | 0x1f, ...sub];
}

function lengthOctets(n: number, style: LengthStyle): number[] {
  if (style.longForm === undefined && n < 128) return [n];
  const digits: number[] = [];
  for (let r = n; r > 0; r = Math.floor(r / 256)) digits.unshift(r & 0xff);
  const want = Math.max(style.longForm ?? 0, digits.length, 1);
  while (digits.length < want) digits.unshift(0);
  return [0x80 | digits.length, ...digits];
}

/** One TLV with the given length style. */
export function tlv(cls: number, constructed: boolean, tag: number, content: Uint8Array, style: LengthStyle = {}): Uint8Array {
  const id = identifier(cls, constructed, tag);
  if (style.indefinite && constructed) return concat(Uint8Array.from([...id, 0x80]), content, Uint8Array.of(0, 0));
  return concat(Uint8Array.from([...id, ...lengthOctets(content.length, style)]), content);
}

/** Minimal two's-complement INTEGER contents (X.690 §8.3.2). */
export function intContent(n: number): Uint8Array {
  const out: number[] = [];
  let v = n;
  for (;;) {
    out.unshift(v & 0xff);
    const rest = Math.floor(v / 256);
    if ((rest === 0 && (v & 0x80) === 0) || (rest === -1 && (v & 0x80) !== 0)) break;
    v = rest;
  }
  return Uint8Array.from(out);
}

/** UNIVERSAL primitives (X.690 §8.2-§8.19): INTEGER, ENUMERATED, BOOLEAN, NULL, OCTET STRING, OBJECT IDENTIFIER; SEQUENCE. */
export const int = (n: number): Uint8Array => tlv(UNIVERSAL, false, 2, intContent(n));
export const enumerated = (n: number): Uint8Array => tlv(UNIVERSAL, false, 10, intContent(n));
export const bool = (b: boolean): Uint8Array => tlv(UNIVERSAL, false, 1, Uint8Array.of(b ? 0xff : 0));
export const nul = (): Uint8Array => tlv(UNIVERSAL, false, 5, new Uint8Array(0));
export const octets = (content: Uint8Array): Uint8Array => tlv(UNIVERSAL, false, 4, content);
export const oid = (dotted: string): Uint8Array => tlv(UNIVERSAL, false, 6, encodeOid(dotted));
export const seq = (...children: Uint8Array[]): Uint8Array => tlv(UNIVERSAL, true, 16, concat(...children));
/** [tag] IMPLICIT primitive. */
export const ctx = (tag: number, content: Uint8Array): Uint8Array => tlv(CONTEXT, false, tag, content);
/** [tag] constructed (IMPLICIT SEQUENCE or explicit tag around one TLV). */
export const ctxc = (tag: number, ...children: Uint8Array[]): Uint8Array => tlv(CONTEXT, true, tag, concat(...children));
/** [APPLICATION tag] constructed / primitive. */
export const app = (tag: number, ...children: Uint8Array[]): Uint8Array => tlv(APPLICATION, true, tag, concat(...children));
export const appPrim = (tag: number, content: Uint8Array): Uint8Array => tlv(APPLICATION, false, tag, content);

interface Parsed {
  cls: number;
  constructed: boolean;
  tag: number;
  content: Uint8Array;
}

/** Parses a definite-length TLV sequence (input built by this module; throws on anything else). */
function parseAll(b: Uint8Array): Parsed[] {
  const out: Parsed[] = [];
  let p = 0;
  while (p < b.length) {
    const id = b[p++]!;
    let tag = id & 0x1f;
    if (tag === 0x1f) {
      tag = 0;
      let x: number;
      do {
        x = b[p++]!;
        tag = tag * 128 + (x & 0x7f);
      } while (x & 0x80);
    }
    let len = b[p++]!;
    if (len === 0x80) throw new RangeError('restyle needs definite input');
    if (len > 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + b[p++]!;
    }
    out.push({ cls: id >> 6, constructed: (id & 0x20) !== 0, tag, content: b.subarray(p, p + len) });
    p += len;
  }
  return out;
}

/**
 * Re-encodes a definite-length BER encoding with `style(depth)` for every TLV. Constructed
 * values are re-encoded recursively, except those whose contents do not parse as TLVs
 * (`opaque`), e.g. a constructed wrapper around binary data.
 */
export function restyle(b: Uint8Array, style: (depth: number) => LengthStyle, depth = 0): Uint8Array {
  return concat(
    ...parseAll(b).map((t) => {
      const content = t.constructed ? restyle(t.content, style, depth + 1) : t.content;
      return tlv(t.cls, t.constructed, t.tag, content, style(depth));
    }),
  );
}

/** Every constructed value indefinite. */
export const INDEFINITE = (): LengthStyle => ({ indefinite: true });
/** Every length in long form with 3 octets (non-minimal). */
export const LONG3 = (): LengthStyle => ({ longForm: 3 });
