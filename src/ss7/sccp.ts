/**
 * SCCP connectionless messages (ITU-T Q.713 §4; ANSI T1.112 §4 has the same layouts):
 * UDT 0x09 (§4.10), UDTS 0x0a (§4.11), XUDT 0x11 (§4.18), XUDTS 0x12 (§4.19),
 * LUDT 0x13 (§4.20) and LUDTS 0x14 (§4.21).
 *
 * Mandatory variable parameters are reached through pointers (Q.713 §2.3): a pointer's value is
 * the number of octets from the pointer itself to the parameter's length indicator. LUDT/LUDTS use
 * 2-octet pointers (LE) and the long data parameter has a 2-octet length indicator (§3.16).
 * Other message types (connection-oriented, management) are reported as not handled.
 */
import type { AnomalyCode } from '../core/anomaly-codes.js';
import { NO_BYTES, recordBytes as recordBytes_, type BytesRecord } from '../core/bytes.js';
import type { SccpAddressInfo, SccpType } from '../events/types.js';
import {
  decodeSccpAddressFields as decodeSccpAddressFields_,
  decodeSccpAddressRef as decodeSccpAddressRef_,
  newSccpAddressFields,
  sccpAddressInfo,
  type SccpAddressFields,
  type SccpVariant,
} from './sccp-address.js';

// Imports called or read per message, as this module's own constants: TurboFan loads an import
// from its module cell (hole and target checks) at every use; an own `const` is embedded
// (bench/results-notes.md, "decode9").
const recordBytes = recordBytes_;
const decodeSccpAddressFields = decodeSccpAddressFields_;
const decodeSccpAddressRef = decodeSccpAddressRef_;

// decodeSccp's per-message constants as this module's own: an exported `const` (SCCP_TYPE) is
// read from its module cell with a hole check and a map check at every use, ~8 instructions each,
// 8 uses a message; an own `const` is embedded (bench/results-notes.md, "decode9", "xport16").
const UDT = 0x09;
const UDTS = 0x0a;
const XUDT = 0x11;
const XUDTS = 0x12;
const LUDT = 0x13;
const LUDTS = 0x14;
/** Q.713 §2.1 Table 1 message type codes of the connectionless messages. */
export const SCCP_TYPE = {
  udt: UDT,
  udts: UDTS,
  xudt: XUDT,
  xudts: XUDTS,
  ludt: LUDT,
  ludts: LUDTS,
} as const;

const TYPE_BY_CODE: Readonly<Record<number, SccpType>> = {
  0x09: 'udt',
  0x0a: 'udts',
  0x11: 'xudt',
  0x12: 'xudts',
  0x13: 'ludt',
  0x14: 'ludts',
};

export function sccpTypeName(code: number): SccpType | undefined {
  return TYPE_BY_CODE[code];
}

const ANOMALY = {
  truncated: 'sccp.truncated',
  badPointer: 'sccp.bad-pointer',
  badAddress: 'sccp.bad-address',
  badOptional: 'sccp.bad-optional',
} as const satisfies Record<string, AnomalyCode>;

/** Q.713 §3.18 optional parameter names used here. */
const SCCP_PARAM = {
  endOfOptional: 0x00,
  segmentation: 0x10,
} as const;

export const SCCP_ANOMALY = ANOMALY;

/**
 * Caller-owned, reused result of {@link decodeSccp}. `called`/`calling` are fresh per call (with
 * `addressObjects`, the default); `calledFields`/`callingFields` are the same addresses as reused
 * flat records, filled on every call.
 */
export interface SccpMessage extends BytesRecord {
  /** Address format read by decodeSccp (set at creation; may be changed between calls). */
  variant: SccpVariant;
  typeCode: number;
  type: SccpType | undefined;
  /** Protocol class (bits 1-4 of the protocol class octet, §3.6); -1 for UDTS/XUDTS/LUDTS. */
  protocolClass: number;
  /** Return on error option (bits 5-8 of the protocol class octet); -1 when absent. */
  returnOption: number;
  /** Return cause (§3.12) of UDTS/XUDTS/LUDTS; -1 otherwise. */
  returnCause: number;
  /** Hop counter (§3.18) of XUDT/XUDTS/LUDT/LUDTS; -1 otherwise. */
  hopCounter: number;
  called: SccpAddressInfo | undefined;
  calling: SccpAddressInfo | undefined;
  /**
   * Build `called`/`calling` objects (default true). The pipeline (ss7-transport.ts, the fast tier)
   * reads the `*Fields` records and builds the objects only when an event is built.
   */
  addressObjects: boolean;
  calledFields: SccpAddressFields;
  callingFields: SccpAddressFields;
  /**
   * Share the address records (default false): `calledFields`/`callingFields` are then set on each
   * call to records decodeSccp shares between messages (the address memo's: sccp-address.ts
   * decodeSccpAddressRef), not filled by copy: read-only, valid until the next call. The pipeline
   * (ss7-transport.ts) reads them so.
   */
  sharedFields: boolean;
  /** The records decoded into when {@link sharedFields} finds an address not memoised. */
  readonly calledOwn: SccpAddressFields;
  readonly callingOwn: SccpAddressFields;
  /** User data `[dataOffset, dataEnd)`. */
  dataOffset: number;
  dataEnd: number;
  /** Segmentation parameter present (§3.17). */
  segmented: boolean;
  /** F bit: first segment. */
  segFirst: boolean;
  /** C bit: class 1 (in-sequence) selected. */
  segInSequence: boolean;
  /** Remaining segments (0-15). */
  segRemaining: number;
  /** Segmentation local reference (3 octets, big-endian as transmitted). */
  segLocalRef: number;
  /** Fatal anomaly code when decodeSccp returned -1 on a malformed message; '' otherwise. */
  problem: AnomalyCode | '';
  detail: string;
  /** Non-fatal anomaly codes (bad GT digits, unknown GTI ...), cleared on each call. */
  warnings: AnomalyCode[];
}

export function createSccpMessage(variant: SccpVariant = 'itu'): SccpMessage {
  return {
    view: undefined,
    bytes: NO_BYTES,
    variant,
    typeCode: 0,
    type: undefined,
    protocolClass: -1,
    returnOption: -1,
    returnCause: -1,
    hopCounter: -1,
    called: undefined,
    calling: undefined,
    addressObjects: true,
    calledFields: newSccpAddressFields(),
    callingFields: newSccpAddressFields(),
    sharedFields: false,
    calledOwn: newSccpAddressFields(),
    callingOwn: newSccpAddressFields(),
    dataOffset: 0,
    dataEnd: 0,
    segmented: false,
    segFirst: false,
    segInSequence: false,
    segRemaining: 0,
    segLocalRef: 0,
    problem: '',
    detail: '',
    warnings: [],
  };
}

/**
 * Decodes the SCCP message `[offset, end)` (addresses in `out.variant`'s format). Returns `end`
 * for a connectionless data message (fields in `out`; SCCP has no length field, the message is the
 * whole span). Returns -1 with `out.problem === ''` for a message type this decoder does not
 * handle (`out.typeCode` says which), and -1 with `out.problem` set when malformed.
 */
export function decodeSccp(view: DataView, offset: number, end: number, out: SccpMessage): number {
  const bytes = recordBytes(out, view);
  const variant = out.variant;
  out.problem = '';
  out.detail = '';
  if (out.warnings.length !== 0) out.warnings.length = 0; // the length setter is a builtin call even on an empty array (profile: "set length")
  out.called = undefined;
  out.calling = undefined;
  out.protocolClass = -1;
  out.returnOption = -1;
  out.returnCause = -1;
  out.hopCounter = -1;
  out.segmented = false;
  out.segFirst = false;
  out.segInSequence = false;
  out.segRemaining = 0;
  out.segLocalRef = 0;
  if (offset >= end) return fail(out, ANOMALY.truncated, 'empty SCCP message');
  const code = bytes[offset]!;
  out.typeCode = code;
  // Fixed part (Q.713 §4.10-§4.21): class or return cause, then the hop counter for X/L types.
  // One switch for the type's name and layout (was a keyed load of TYPE_BY_CODE and six compares).
  let type: SccpType | undefined;
  let service = false;
  let hasHop = true;
  let long = false;
  switch (code) {
    case UDT:
      type = 'udt';
      hasHop = false;
      break;
    case XUDT:
      type = 'xudt';
      break;
    case UDTS:
      type = 'udts';
      service = true;
      hasHop = false;
      break;
    case XUDTS:
      type = 'xudts';
      service = true;
      break;
    case LUDT:
      type = 'ludt';
      long = true;
      break;
    case LUDTS:
      type = 'ludts';
      service = true;
      long = true;
      break;
    default:
      out.type = undefined;
      return -1;
  }
  if (out.type !== type) out.type = type; // pointer fields written when changed: ss7/tcap-decoder.ts unit()
  const nPtr = hasHop ? 4 : 3;
  const ptrSize = long ? 2 : 1;
  let p = offset + 1;
  const fixedEnd = p + 1 + (hasHop ? 1 : 0) + nPtr * ptrSize;
  if (fixedEnd > end) return fail(out, ANOMALY.truncated, `${type} fixed part needs ${fixedEnd - offset} octets, has ${end - offset}`);
  const b1 = bytes[p++]!;
  if (service) out.returnCause = b1;
  else {
    out.protocolClass = b1 & 0x0f;
    out.returnOption = b1 >> 4;
  }
  if (hasHop) out.hopCounter = bytes[p++]!;

  // Pointers: called, calling, data, [optional part].
  const calledAt = pointer(view, bytes, p, ptrSize);
  const callingAt = pointer(view, bytes, p + ptrSize, ptrSize);
  const dataAt = pointer(view, bytes, p + 2 * ptrSize, ptrSize);
  const optAt = hasHop ? pointer(view, bytes, p + 3 * ptrSize, ptrSize) : -1;
  if (calledAt <= p || callingAt <= p || dataAt <= p) return fail(out, ANOMALY.badPointer, `${type} mandatory pointer is zero`);

  const calledEnd = varEnd(bytes, calledAt, end, 1);
  const callingEnd = varEnd(bytes, callingAt, end, 1);
  const dataEnd = varEnd(bytes, dataAt, end, long ? 2 : 1);
  if (calledEnd < 0) return fail(out, ANOMALY.badPointer, `${type} called party address at ${calledAt - offset} runs past the end`);
  if (callingEnd < 0) return fail(out, ANOMALY.badPointer, `${type} calling party address at ${callingAt - offset} runs past the end`);
  if (dataEnd < 0) return fail(out, ANOMALY.badPointer, `${type} data at ${dataAt - offset} runs past the end`);

  let called: SccpAddressFields | undefined;
  let calling: SccpAddressFields | undefined;
  // `!== true` / `=== true`: a boolean field, parameter or call result tested as `!x` is a full ToBoolean
  // in TurboFan (V8 tracks no boolean field type); a compare with true is one instruction (bench/results-notes.md, "dechot").
  if (out.sharedFields === true) {
    called = decodeSccpAddressRef(view, bytes, calledAt + 1, calledEnd, variant, out.calledOwn, undefined, out.warnings);
    if (called === undefined) return fail(out, ANOMALY.badAddress, `${type} called party address truncated`);
    if (out.calledFields !== called) out.calledFields = called;
    // `called` is kept: a miss of the calling address does not overwrite the memo's record of it.
    calling = decodeSccpAddressRef(view, bytes, callingAt + 1, callingEnd, variant, out.callingOwn, called, out.warnings);
    if (calling === undefined) return fail(out, ANOMALY.badAddress, `${type} calling party address truncated`);
    if (out.callingFields !== calling) out.callingFields = calling;
  } else {
    called = out.calledFields;
    if (decodeSccpAddressFields(view, bytes, calledAt + 1, calledEnd, variant, called, out.warnings) !== true) {
      return fail(out, ANOMALY.badAddress, `${type} called party address truncated`);
    }
    calling = out.callingFields;
    if (decodeSccpAddressFields(view, bytes, callingAt + 1, callingEnd, variant, calling, out.warnings) !== true) {
      return fail(out, ANOMALY.badAddress, `${type} calling party address truncated`);
    }
  }
  if (out.addressObjects) {
    out.called = sccpAddressInfo(called);
    out.calling = sccpAddressInfo(calling);
  }
  out.dataOffset = dataAt + (long ? 2 : 1);
  out.dataEnd = dataEnd;

  if (optAt > p + 3 * ptrSize) {
    if (!decodeOptional(bytes, optAt, end, out)) {
      out.warnings.push(ANOMALY.badOptional);
    }
  }
  return end;
}

/** Absolute position a pointer designates, or 0 when the pointer is 0 (absent). */
function pointer(view: DataView, bytes: Uint8Array, at: number, size: number): number {
  const v = size === 1 ? bytes[at]! : view.getUint16(at, true);
  return v === 0 ? 0 : at + v;
}

/** End of the variable parameter whose length indicator (`lenSize` octets) starts at `at`; -1 if past `end`. */
function varEnd(bytes: Uint8Array, at: number, end: number, lenSize: number): number {
  if (at + lenSize > end) return -1;
  const len = lenSize === 1 ? bytes[at]! : bytes[at]! | (bytes[at + 1]! << 8);
  const e = at + lenSize + len;
  return e > end ? -1 : e;
}

/** Walks the optional part (§2.3: name, length, value; 0x00 ends it). False when malformed. */
function decodeOptional(bytes: Uint8Array, at: number, end: number, out: SccpMessage): boolean {
  let p = at;
  while (p < end) {
    const name = bytes[p]!;
    if (name === SCCP_PARAM.endOfOptional) return true;
    if (p + 2 > end) return false;
    const len = bytes[p + 1]!;
    const v = p + 2;
    if (v + len > end) return false;
    if (name === SCCP_PARAM.segmentation) {
      // §3.17: octet 1 bit 8 F, bit 7 C, bits 1-4 remaining segments; octets 2-4 local reference.
      if (len < 4) return false;
      const o1 = bytes[v]!;
      out.segmented = true;
      out.segFirst = (o1 & 0x80) !== 0;
      out.segInSequence = (o1 & 0x40) !== 0;
      out.segRemaining = o1 & 0x0f;
      out.segLocalRef = (bytes[v + 1]! << 16) | (bytes[v + 2]! << 8) | bytes[v + 3]!;
    }
    p = v + len;
  }
  // Reaching the end without the end-of-optional-parameters octet is tolerated.
  return true;
}

function fail(out: SccpMessage, code: AnomalyCode, detail: string): -1 {
  out.problem = code;
  out.detail = detail;
  return -1;
}
