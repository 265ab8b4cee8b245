/**
 * SCCP connectionless encoder (ITU-T Q.713; ANSI T1.112 addresses), written from the
 * specifications (clauses cited per function); every optional field the decoder reads can be set.
 *
 *   encodeSccp           Q.713 §4.10-§4.21 UDT/UDTS/XUDT/XUDTS/LUDT/LUDTS
 *   encodeSccpSegments   XUDT/LUDT split into N segments with the §3.17 segmentation parameter
 *   encodeSccpAddress    Q.713 §3.4 (ITU) / T1.112 §3.4 (ANSI) party address, GTI 0-4
 *   encodeBcd            Q.713 §3.4.2.3.1 BCD digits (also used by SUA, RFC 3868 §3.10.2.3)
 */
import type { SccpType } from '../events/types.js';
import { SCCP_TYPE } from '../ss7/sccp.js';
import { concat } from './bytes.js';

export type SccpVariant = 'itu' | 'ansi';

// ---------------------------------------------------------------------------------------------
// SCCP addresses (Q.713 §3.4, T1.112 §3.4)

/**
 * BCD digits, first digit in the low nibble (Q.713 §3.4.2.3.1). An odd count is padded with
 * `filler` in the last high nibble (Q.713: 0000; some equipment uses 0xF).
 * Digit characters: 0-9, and a-f for the raw nibble values 10-15 (to build malformed cases).
 */
export function encodeBcd(digits: string, filler = 0): Uint8Array {
  const out = new Uint8Array((digits.length + 1) >> 1);
  for (let i = 0; i < digits.length; i++) {
    const n = parseInt(digits[i]!, 16);
    out[i >> 1]! |= (i & 1) === 0 ? n : n << 4;
  }
  if (digits.length & 1) out[out.length - 1]! |= filler << 4;
  return out;
}

/**
 * Fields of a party address to encode. `gti` defaults to 4 when `gt` is set (ITU) or 2 (ANSI),
 * else 0. ITU GTI 1: nai + odd/even; GTI 2: tt; GTI 3: tt, np, es; GTI 4: tt, np, es, nai.
 * ANSI GTI 1: tt, np, es; GTI 2: tt. `es` defaults to 1 (odd) / 2 (even) from the digit count.
 * `nationalBit` sets bit 8 of the address indicator (ITU reserved for national use; ANSI
 * national indicator).
 */
export interface SccpAddressSpec {
  ri?: 'gt' | 'ssn';
  gti?: number;
  pc?: number;
  ssn?: number;
  gt?: string;
  tt?: number;
  np?: number;
  es?: number;
  nai?: number;
  nationalBit?: boolean;
  /** Filler nibble for odd digit counts (default 0). */
  filler?: number;
}

/** A called/calling party address (Q.713 §3.4; ANSI T1.112 §3.4): address indicator, PC, SSN, GT. */
export function encodeSccpAddress(a: SccpAddressSpec, variant: SccpVariant = 'itu'): Uint8Array {
  const ansi = variant === 'ansi';
  const gti = a.gti ?? (a.gt !== undefined ? (ansi ? 2 : 4) : 0);
  let ai = (gti & 0x0f) << 2;
  if (a.pc !== undefined) ai |= ansi ? 0x02 : 0x01;
  if (a.ssn !== undefined) ai |= ansi ? 0x01 : 0x02;
  if ((a.ri ?? (gti === 0 ? 'ssn' : 'gt')) === 'ssn') ai |= 0x40;
  if (a.nationalBit === true) ai |= 0x80;
  const parts: Uint8Array[] = [Uint8Array.of(ai)];
  const pcBytes = (pc: number): Uint8Array =>
    ansi ? Uint8Array.of(pc & 0xff, (pc >> 8) & 0xff, (pc >> 16) & 0xff) : Uint8Array.of(pc & 0xff, (pc >> 8) & 0x3f);
  if (ansi) {
    if (a.ssn !== undefined) parts.push(Uint8Array.of(a.ssn));
    if (a.pc !== undefined) parts.push(pcBytes(a.pc));
  } else {
    if (a.pc !== undefined) parts.push(pcBytes(a.pc));
    if (a.ssn !== undefined) parts.push(Uint8Array.of(a.ssn));
  }
  if (gti !== 0) {
    const digits = a.gt ?? '';
    const odd = (digits.length & 1) === 1;
    const es = a.es ?? (odd ? 1 : 2);
    const npes = (((a.np ?? 1) & 0x0f) << 4) | (es & 0x0f);
    if (ansi) {
      parts.push(Uint8Array.of(a.tt ?? 0));
      if (gti === 1) parts.push(Uint8Array.of(npes));
    } else if (gti === 1) parts.push(Uint8Array.of((odd ? 0x80 : 0) | ((a.nai ?? 4) & 0x7f)));
    else if (gti === 2) parts.push(Uint8Array.of(a.tt ?? 0));
    else if (gti === 3) parts.push(Uint8Array.of(a.tt ?? 0, npes));
    else parts.push(Uint8Array.of(a.tt ?? 0, npes, (a.nai ?? 4) & 0x7f));
    parts.push(encodeBcd(digits, a.filler ?? 0));
  }
  return concat(...parts);
}

// ---------------------------------------------------------------------------------------------
// SCCP messages (Q.713 §4)

/** Segmentation parameter (Q.713 §3.17). */
export interface SegmentationSpec {
  first: boolean;
  inSequence?: boolean;
  remaining: number;
  localRef: number;
}

export interface SccpSpec {
  type: Exclude<SccpType, 'cldt' | 'cldr'>;
  /** Protocol class 0-1 (UDT/XUDT/LUDT; default 0). */
  protocolClass?: number;
  /** Return option bits 5-8 (default 0). */
  returnOption?: number;
  /** Return cause (UDTS/XUDTS/LUDTS; default 1 = no translation for this specific address). */
  returnCause?: number;
  /** Hop counter (XUDT/XUDTS/LUDT/LUDTS; default 15). */
  hopCounter?: number;
  called: SccpAddressSpec;
  calling: SccpAddressSpec;
  data: Uint8Array;
  segmentation?: SegmentationSpec;
  /** Importance (§3.19, name 0x12) optional parameter value. */
  importance?: number;
  /** Extra raw optional parameters [name, value] (XUDT/LUDT family only). */
  optional?: ReadonlyArray<readonly [number, Uint8Array]>;
  /** Omit the end-of-optional-parameters octet (malformed-but-tolerated case). */
  noEndOfOptional?: boolean;
}

/**
 * Encodes an SCCP connectionless message. Pointers point at length indicators (Q.713 §2.3);
 * LUDT/LUDTS use 2-octet pointers and a 2-octet long data length (§4.20, §3.16).
 */
export function encodeSccp(m: SccpSpec, variant: SccpVariant = 'itu'): Uint8Array {
  const code = SCCP_TYPE[m.type]; // the decoder's table (Q.713 §2.1 Table 1)
  const service = m.type === 'udts' || m.type === 'xudts' || m.type === 'ludts';
  const hasHop = m.type !== 'udt' && m.type !== 'udts';
  const long = m.type === 'ludt' || m.type === 'ludts';
  const ptrSize = long ? 2 : 1;
  const nPtr = hasHop ? 4 : 3;
  const called = encodeSccpAddress(m.called, variant);
  const calling = encodeSccpAddress(m.calling, variant);
  const vars: Uint8Array[] = [
    concat(Uint8Array.of(called.length), called),
    concat(Uint8Array.of(calling.length), calling),
    long ? concat(Uint8Array.of(m.data.length & 0xff, m.data.length >> 8), m.data) : concat(Uint8Array.of(m.data.length), m.data),
  ];
  const opts: Uint8Array[] = [];
  if (hasHop) {
    if (m.segmentation !== undefined) {
      const s = m.segmentation;
      const o1 = (s.first ? 0x80 : 0) | (s.inSequence === true ? 0x40 : 0) | (s.remaining & 0x0f);
      opts.push(Uint8Array.of(0x10, 4, o1, (s.localRef >> 16) & 0xff, (s.localRef >> 8) & 0xff, s.localRef & 0xff));
    }
    if (m.importance !== undefined) opts.push(Uint8Array.of(0x12, 1, m.importance));
    for (const [name, value] of m.optional ?? []) opts.push(concat(Uint8Array.of(name, value.length), value));
    if (opts.length > 0 && m.noEndOfOptional !== true) opts.push(Uint8Array.of(0));
  }
  const fixed: number[] = [code, service ? (m.returnCause ?? 1) : ((m.returnOption ?? 0) << 4) | (m.protocolClass ?? 0)];
  if (hasHop) fixed.push(m.hopCounter ?? 15);
  // Pointer i sits at (ptrStart + i*ptrSize); value = distance to its parameter.
  const ptrs = new Uint8Array(nPtr * ptrSize);
  let at = nPtr * ptrSize; // distance from the first pointer to the first variable parameter
  const targets = [...vars, ...(opts.length > 0 ? [concat(...opts)] : [])];
  for (let i = 0; i < nPtr; i++) {
    const t = targets[i];
    const v = t === undefined ? 0 : at - i * ptrSize;
    if (ptrSize === 1) ptrs[i] = v;
    else {
      ptrs[i * 2] = v & 0xff;
      ptrs[i * 2 + 1] = v >> 8;
    }
    if (t !== undefined) at += t.length;
  }
  return concat(Uint8Array.from(fixed), ptrs, ...targets);
}

/**
 * Splits `m.data` into `n` XUDT (or LUDT) segments (Q.714 §4.1.1.2; Q.713 §3.17): the first has
 * F = 1 and remaining n-1, the following F = 0 and remaining counting down to 0.
 */
export function encodeSccpSegments(m: Omit<SccpSpec, 'segmentation'>, n: number, localRef: number, variant: SccpVariant = 'itu'): Uint8Array[] {
  const out: Uint8Array[] = [];
  const size = Math.ceil(m.data.length / n);
  for (let i = 0; i < n; i++) {
    out.push(
      encodeSccp(
        {
          ...m,
          data: m.data.subarray(i * size, Math.min(m.data.length, (i + 1) * size)),
          segmentation: { first: i === 0, inSequence: true, remaining: n - 1 - i, localRef },
        },
        variant,
      ),
    );
  }
  return out;
}
