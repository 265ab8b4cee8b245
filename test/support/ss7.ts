/**
 * Fixture ENCODERS for the SS7 layers below TCAP, written from the specifications (clauses cited
 * per function). Used by the unit tests and by the scenario generator, so they are general:
 * every optional field of the formats the decoders read can be set.
 *
 * Layers, bottom-up:
 *   encodeMtp2Frame      Q.703 §2.2 signal unit (BSN/BIB, FSN/FIB, LI) around an MSU
 *   encodeMtp3Msu        Q.704 §14.2 SIO + §2.2 routing label (ITU / ANSI / Japan) + SIF
 *   encodeM3uaData       RFC 4666 §3.3.1 DATA (Protocol Data 0x0210) + encodeM3uaNotify (MGMT)
 *   encodeM2paUserData   RFC 4165 §2.3.1 User Data + encodeM2paLinkStatus (§2.3.2)
 *   encodeM2uaData       RFC 3331 §3.3.1.1 DATA (Protocol Data 1, or 2 with TTC priority)
 *   encodeSuaCldt        RFC 3868 §3.3.1.1 CLDT (+ CLDR with a cause)
 *   encodeSccp           Q.713 §4.10-§4.21 UDT/UDTS/XUDT/XUDTS/LUDT/LUDTS
 *   encodeSccpSegments   XUDT/LUDT split into N segments with the §3.17 segmentation parameter
 *   encodeSccpAddress    Q.713 §3.4 (ITU) / T1.112 §3.4 (ANSI) party address, GTI 0-4
 *   payloadOf            a transport Payload around encoded bytes at a non-zero offset
 */
import { concat, fromHex } from './bytes.js';
export { concat, fromHex as hex };
import type { SccpAddressInfo, SccpType } from '../../src/events/types.js';
import type { Flow, Payload, PayloadProto } from '../../src/transport/types.js';
import type { Mtp3Variant } from '../../src/ss7/types.js';

export type SccpVariant = 'itu' | 'ansi';



export function toHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function u16be(v: number): Uint8Array {
  return Uint8Array.of((v >> 8) & 0xff, v & 0xff);
}
function u32be(v: number): Uint8Array {
  return Uint8Array.of((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
}

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

/** What the decoder should return for `a` (for round-trip assertions). */
export function expectedAddress(a: SccpAddressSpec, variant: SccpVariant = 'itu'): SccpAddressInfo {
  const ansi = variant === 'ansi';
  const gti = a.gti ?? (a.gt !== undefined ? (ansi ? 2 : 4) : 0);
  const out: SccpAddressInfo = { ri: a.ri ?? (gti === 0 ? 'ssn' : 'gt'), gti };
  if (a.pc !== undefined) out.pc = a.pc;
  if (a.ssn !== undefined) out.ssn = a.ssn;
  if (gti === 0) return out;
  const digits = a.gt ?? '';
  const es = a.es ?? ((digits.length & 1) === 1 ? 1 : 2);
  if (ansi) {
    out.tt = a.tt ?? 0;
    if (gti === 1) {
      out.np = a.np ?? 1;
      out.es = es;
    }
  } else {
    if (gti === 1 || gti === 4) out.nai = a.nai ?? 4;
    if (gti >= 2) out.tt = a.tt ?? 0;
    if (gti >= 3) {
      out.np = a.np ?? 1;
      out.es = es;
    }
  }
  out.gt = digits;
  return out;
}

// ---------------------------------------------------------------------------------------------
// SCCP messages (Q.713 §4)

export const SCCP_CODE: Readonly<Record<Exclude<SccpType, 'cldt' | 'cldr'>, number>> = {
  udt: 0x09,
  udts: 0x0a,
  xudt: 0x11,
  xudts: 0x12,
  ludt: 0x13,
  ludts: 0x14,
};

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
  const code = SCCP_CODE[m.type];
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

// ---------------------------------------------------------------------------------------------
// MTP3 / MTP2

export interface Mtp3LabelSpec {
  /** Service indicator (3 SCCP, 5 ISUP ...; Q.704 §14.2.1). */
  si: number;
  /** Network indicator 0-3 (default 2 = national). */
  ni?: number;
  /** SIO bits 5-6: ANSI message priority / ITU spare (default 0). */
  mp?: number;
  opc: number;
  dpc: number;
  sls: number;
}

/** MSU: SIO + routing label (Q.704 §2.2; T1.111 §2.2; JT-Q.704 §2.2) + SIF. */
export function encodeMtp3Msu(l: Mtp3LabelSpec, variant: Mtp3Variant, sif: Uint8Array): Uint8Array {
  const sio = (((l.ni ?? 2) & 3) << 6) | (((l.mp ?? 0) & 3) << 4) | (l.si & 0x0f);
  let label: Uint8Array;
  if (variant === 'itu') {
    const v = ((l.dpc & 0x3fff) | ((l.opc & 0x3fff) << 14) | ((l.sls & 0x0f) << 28)) >>> 0;
    label = Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24);
  } else if (variant === 'ansi') {
    label = Uint8Array.of(l.dpc & 0xff, (l.dpc >> 8) & 0xff, (l.dpc >> 16) & 0xff, l.opc & 0xff, (l.opc >> 8) & 0xff, (l.opc >> 16) & 0xff, l.sls & 0xff);
  } else {
    label = Uint8Array.of(l.dpc & 0xff, (l.dpc >> 8) & 0xff, l.opc & 0xff, (l.opc >> 8) & 0xff, l.sls & 0x0f);
  }
  return concat(Uint8Array.of(sio), label, sif);
}

/**
 * MTP2 signal unit without flags and FCS (Q.703 §2.2, as in DLT_MTP2 captures without FCS):
 * BSN (7) + BIB, FSN (7) + FIB, LI (6 bits, 63 when the SIF is longer) + 2 spare, then the MSU.
 */
export function encodeMtp2Frame(msu: Uint8Array, o: { bsn?: number; bib?: boolean; fsn?: number; fib?: boolean } = {}): Uint8Array {
  const li = Math.min(msu.length, 63);
  return concat(
    Uint8Array.of(((o.bib === true ? 1 : 0) << 7) | ((o.bsn ?? 0) & 0x7f), ((o.fib === true ? 1 : 0) << 7) | ((o.fsn ?? 0) & 0x7f), li),
    msu,
  );
}

// ---------------------------------------------------------------------------------------------
// SIGTRAN common framing (RFC 4666 §3.1-3.2; RFC 3331 §3.1; RFC 3868 §3.1; RFC 4165 §2.1)

/** A TLV parameter: tag, length = 4 + value length, value padded to 4 with zeros. */
export function sigtranParam(tag: number, value: Uint8Array): Uint8Array {
  const pad = (4 - (value.length % 4)) % 4;
  return concat(u16be(tag), u16be(4 + value.length), value, new Uint8Array(pad));
}

/** Version 1 common header + parameters (M3UA/M2UA/SUA layout). */
export function sigtranMessage(cls: number, type: number, params: readonly Uint8Array[]): Uint8Array {
  const body = concat(...params);
  return concat(Uint8Array.of(1, 0, cls, type), u32be(8 + body.length), body);
}

export interface M3uaDataSpec {
  opc: number;
  dpc: number;
  /** Service indicator (default 3 SCCP). */
  si?: number;
  ni?: number;
  mp?: number;
  sls?: number;
  routingContext?: number;
  networkAppearance?: number;
  correlationId?: number;
}

/** RFC 4666 §3.3.1 DATA: [NA 0x0200] [RC 0x0006] Protocol Data 0x0210 [Correlation Id 0x0013]. */
export function encodeM3uaData(d: M3uaDataSpec, userData: Uint8Array): Uint8Array {
  const params: Uint8Array[] = [];
  if (d.networkAppearance !== undefined) params.push(sigtranParam(0x0200, u32be(d.networkAppearance)));
  if (d.routingContext !== undefined) params.push(sigtranParam(0x0006, u32be(d.routingContext)));
  params.push(sigtranParam(0x0210, concat(u32be(d.opc), u32be(d.dpc), Uint8Array.of(d.si ?? 3, d.ni ?? 2, d.mp ?? 0, d.sls ?? 0), userData)));
  if (d.correlationId !== undefined) params.push(sigtranParam(0x0013, u32be(d.correlationId)));
  return sigtranMessage(1, 1, params);
}

/** RFC 4666 §3.8.2 Notify (MGMT class 0 type 1) with a Status parameter 0x000d. */
export function encodeM3uaNotify(statusType = 1, statusInfo = 3): Uint8Array {
  return sigtranMessage(0, 1, [sigtranParam(0x000d, concat(u16be(statusType), u16be(statusInfo)))]);
}

/** RFC 4165 §2.3.1 User Data: common header, BSN, FSN, priority octet, MSU (empty = ack only). */
export function encodeM2paUserData(msu: Uint8Array, o: { bsn?: number; fsn?: number; priority?: number } = {}): Uint8Array {
  const data = msu.length > 0 ? concat(Uint8Array.of(o.priority ?? 0), msu) : msu;
  return concat(Uint8Array.of(1, 0, 11, 1), u32be(16 + data.length), u32be((o.bsn ?? 0) & 0xffffff), u32be((o.fsn ?? 0) & 0xffffff), data);
}

/** RFC 4165 §2.3.2 Link Status (state 1 Alignment ... 9 Processor Outage Ended). */
export function encodeM2paLinkStatus(state: number, o: { bsn?: number; fsn?: number } = {}): Uint8Array {
  return concat(Uint8Array.of(1, 0, 11, 2), u32be(20), u32be(o.bsn ?? 0), u32be(o.fsn ?? 0), u32be(state));
}

/**
 * RFC 3331 §3.3.1.1 DATA: Interface Identifier (integer 0x0001), then Protocol Data 1 (0x0300)
 * or, with `ttcPriority`, Protocol Data 2 (0x0301) = priority octet + MSU.
 */
export function encodeM2uaData(msu: Uint8Array, o: { interfaceId?: number; ttcPriority?: number; correlationId?: number } = {}): Uint8Array {
  const params = [sigtranParam(0x0001, u32be(o.interfaceId ?? 0))];
  params.push(o.ttcPriority === undefined ? sigtranParam(0x0300, msu) : sigtranParam(0x0301, concat(Uint8Array.of(o.ttcPriority), msu)));
  if (o.correlationId !== undefined) params.push(sigtranParam(0x0013, u32be(o.correlationId)));
  return sigtranMessage(6, 1, params);
}

/** SUA address (RFC 3868 §3.10.2): RI 1 = GT, 2 = SSN+PC; sub-parameters GT, PC, SSN. */
export interface SuaAddressSpec {
  ri: 'gt' | 'ssn';
  pc?: number;
  ssn?: number;
  gt?: string;
  gti?: number;
  tt?: number;
  np?: number;
  nai?: number;
}

export function encodeSuaAddress(a: SuaAddressSpec): Uint8Array {
  const subs: Uint8Array[] = [];
  let ai = 0;
  if (a.gt !== undefined) {
    ai |= 0x04;
    subs.push(
      sigtranParam(
        0x8001,
        concat(Uint8Array.of(0, 0, 0, a.gti ?? 4, a.gt.length, a.tt ?? 0, a.np ?? 1, a.nai ?? 4), encodeBcd(a.gt)),
      ),
    );
  }
  if (a.pc !== undefined) {
    ai |= 0x02;
    subs.push(sigtranParam(0x8002, u32be(a.pc)));
  }
  if (a.ssn !== undefined) {
    ai |= 0x01;
    subs.push(sigtranParam(0x8003, Uint8Array.of(0, 0, 0, a.ssn)));
  }
  return concat(u16be(a.ri === 'gt' ? 1 : 2), u16be(ai), ...subs);
}

export interface SuaCldtSpec {
  protocolClass?: number;
  returnOption?: boolean;
  source: SuaAddressSpec;
  dest: SuaAddressSpec;
  data: Uint8Array;
  routingContext?: number;
  sequenceControl?: number;
  hopCount?: number;
  segmentation?: SegmentationSpec;
  /** Makes a CLDR (type 2) with this SCCP Cause (cause type 1 = return cause). */
  cause?: number;
}

/** RFC 3868 §3.3.1.1 CLDT / §3.3.1.2 CLDR in the parameter order the RFC lists. */
export function encodeSuaCldt(m: SuaCldtSpec): Uint8Array {
  const params: Uint8Array[] = [];
  if (m.routingContext !== undefined) params.push(sigtranParam(0x0006, u32be(m.routingContext)));
  if (m.cause !== undefined) params.push(sigtranParam(0x0106, Uint8Array.of(0, 0, 1, m.cause)));
  else params.push(sigtranParam(0x0115, Uint8Array.of(0, 0, 0, (m.returnOption === true ? 0x80 : 0) | ((m.protocolClass ?? 0) & 3))));
  params.push(sigtranParam(0x0102, encodeSuaAddress(m.source)));
  params.push(sigtranParam(0x0103, encodeSuaAddress(m.dest)));
  if (m.cause === undefined) params.push(sigtranParam(0x0116, u32be(m.sequenceControl ?? 0)));
  if (m.hopCount !== undefined) params.push(sigtranParam(0x0101, Uint8Array.of(0, 0, 0, m.hopCount)));
  if (m.segmentation !== undefined) {
    const s = m.segmentation;
    params.push(sigtranParam(0x0117, Uint8Array.of((s.first ? 0x80 : 0) | (s.remaining & 0x0f), (s.localRef >> 16) & 0xff, (s.localRef >> 8) & 0xff, s.localRef & 0xff)));
  }
  params.push(sigtranParam(0x010b, m.data));
  return sigtranMessage(7, m.cause === undefined ? 1 : 2, params);
}

// ---------------------------------------------------------------------------------------------
// Payload

export const TEST_FLOW: Flow = { id: 7, transport: 'sctp', src: '10.0.0.1', dst: '10.0.0.2', srcPort: 2905, dstPort: 2905 };

/**
 * A Payload for `bytes` placed at offset `pad` of a larger buffer with garbage around it (so a
 * decoder that ignores offset/end fails).
 */
export function payloadOf(proto: PayloadProto, bytes: Uint8Array, o: { pad?: number; frameNo?: number; tsSec?: number; flow?: Flow } = {}): Payload {
  const pad = o.pad ?? 5;
  const buf = new Uint8Array(pad + bytes.length + 3).fill(0xee);
  buf.set(bytes, pad);
  return {
    proto,
    bytes: buf,
    view: new DataView(buf.buffer, buf.byteOffset, buf.byteLength),
    offset: pad,
    end: pad + bytes.length,
    frameNo: o.frameNo ?? 1,
    tsSec: o.tsSec ?? 1_700_000_000,
    tsNsec: 0,
    tsPrecision: 6,
    flow: o.flow ?? TEST_FLOW,
    stream: 1,
    ppid: 3,
  };
}

/** Places `bytes` at offset `pad` of a garbage-filled buffer; returns [bytes, view, start, end]. */
export function embed(bytes: Uint8Array, pad = 3): { bytes: Uint8Array; view: DataView; start: number; end: number } {
  const buf = new Uint8Array(pad + bytes.length + 2).fill(0xee);
  buf.set(bytes, pad);
  return { bytes: buf, view: new DataView(buf.buffer), start: pad, end: pad + bytes.length };
}
