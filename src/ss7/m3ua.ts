/**
 * M3UA (RFC 4666). §3.1 common header: version (1) = 1, reserved, message class, message type,
 * message length (4, including the header). §3.2 parameters: tag (2), length (2, including the
 * 4-octet tag/length header, excluding padding), value padded to a multiple of 4.
 * §3.3.1 DATA (class 1 type 1) carries the Protocol Data parameter 0x0210 (§3.3.1): OPC (4),
 * DPC (4), SI, NI, MP, SLS (1 each), then the user protocol data (SCCP for SI 3).
 */

import type { AnomalyCode } from '../core/anomaly-codes.js';
import { readSigtranHeader as sigtranHeader } from './sigtran.js';

const M3UA_HEADER_LEN = 8;

/** RFC 4666 §3.1.2 message classes. */
export const M3UA_CLASS = {
  mgmt: 0,
  transfer: 1,
  ssnm: 2,
  aspsm: 3,
  asptm: 4,
  rkm: 9,
} as const;

const CLASS_NAME: Readonly<Record<number, string>> = {
  0: 'mgmt',
  1: 'transfer',
  2: 'ssnm',
  3: 'aspsm',
  4: 'asptm',
  9: 'rkm',
};

/** Counter-friendly class name ('mgmt', 'transfer', ...; 'unknown' for reserved values). */
export function m3uaClassName(cls: number): string {
  return CLASS_NAME[cls] ?? 'unknown';
}

/** RFC 4666 §3.3.1 transfer message type DATA. */
const M3UA_TYPE_DATA = 1;

/** RFC 4666 §3.2 parameter tags used here. */
export const M3UA_TAG = {
  routingContext: 0x0006,
  correlationId: 0x0013,
  networkAppearance: 0x0200,
  protocolData: 0x0210,
} as const;

export const M3UA_ANOMALY = {
  truncated: 'm3ua.truncated',
  badVersion: 'm3ua.bad-version',
  badLength: 'm3ua.bad-length',
  badParameter: 'm3ua.bad-parameter',
  noProtocolData: 'm3ua.no-protocol-data',
  repeatedParameter: 'm3ua.repeated-parameter',
} as const satisfies Record<string, AnomalyCode>;

// What decodeM3ua uses per message, as this module's own constants: TurboFan loads an export or
// an import from its module cell (hole and map checks) at every use; an own `const` is embedded
// (bench/results-notes.md, "decode9").
const TAG = M3UA_TAG;
const ANOMALY = M3UA_ANOMALY;
const CLASS = M3UA_CLASS;
const readHeader = sigtranHeader;

/** Caller-owned, reused result of {@link decodeM3ua}. */
export interface M3uaMessage {
  cls: number;
  type: number;
  /** Message length from the header. */
  length: number;
  /** True for a DATA message with a Protocol Data parameter (the MTP fields below are set). */
  hasData: boolean;
  /** Routing Context (first value) when present, -1 otherwise. */
  routingContext: number;
  opc: number;
  dpc: number;
  si: number;
  ni: number;
  mp: number;
  sls: number;
  /** User protocol data `[dataOffset, dataEnd)`. */
  dataOffset: number;
  dataEnd: number;
  /** Anomaly code when decodeM3ua returned -1; '' otherwise. */
  problem: AnomalyCode | '';
  detail: string;
  /**
   * Non-fatal anomaly code ('' when none): a header length beyond the available octets is
   * reported here and the message decoded up to the end of the payload (some generators count
   * the length wrongly; the parameters still fit).
   */
  warning: AnomalyCode | '';
  /**
   * Tag of the first DATA parameter that appeared again, -1 when none. §3.3.1 lists each DATA
   * parameter once; the first copy is decoded (a second Protocol Data could hide the routed
   * message behind a decoy), the caller reports `m3ua.repeated-parameter`.
   */
  repeatedTag: number;
}

export function createM3uaMessage(): M3uaMessage {
  return {
    cls: 0,
    type: 0,
    length: 0,
    hasData: false,
    routingContext: -1,
    opc: 0,
    dpc: 0,
    si: 0,
    ni: 0,
    mp: 0,
    sls: 0,
    dataOffset: 0,
    dataEnd: 0,
    problem: '',
    detail: '',
    warning: '',
    repeatedTag: -1,
  };
}

/**
 * Decodes the M3UA message at `[offset, end)`. Returns the end of the message, or -1 (with
 * `out.problem`) when the header or a DATA message's parameters are malformed. Only DATA
 * parameters are walked.
 */
export function decodeM3ua(view: DataView, offset: number, end: number, out: M3uaMessage): number {
  out.problem = '';
  out.detail = '';
  out.warning = '';
  out.hasData = false;
  out.routingContext = -1;
  out.repeatedTag = -1;
  const msgEnd = readHeader(view, offset, end, out, ANOMALY, M3UA_HEADER_LEN, true);
  if (msgEnd < 0) return -1;
  if (offset + out.length > end) out.warning = ANOMALY.badLength;
  if (out.cls !== CLASS.transfer || out.type !== M3UA_TYPE_DATA) return msgEnd;

  let p = offset + M3UA_HEADER_LEN;
  let seen = 0; // bits of the §3.3.1 parameters met so far
  while (p + 4 <= msgEnd) {
    const tag = view.getUint16(p);
    const len = view.getUint16(p + 2);
    if (len < 4 || p + len > msgEnd) return fail(out, ANOMALY.badParameter, `parameter 0x${tag.toString(16)} length ${len} at ${p - offset}`);
    const bit = dataParamBit(tag);
    if ((seen & bit) !== 0) {
      if (out.repeatedTag < 0) out.repeatedTag = tag;
    } else if (tag === TAG.protocolData) {
      // §3.3.1: OPC, DPC (4 each), SI, NI, MP, SLS.
      if (len < 16) return fail(out, ANOMALY.badParameter, `protocol data length ${len} < 16`);
      out.opc = view.getUint32(p + 4);
      out.dpc = view.getUint32(p + 8);
      out.si = view.getUint8(p + 12);
      out.ni = view.getUint8(p + 13);
      out.mp = view.getUint8(p + 14);
      out.sls = view.getUint8(p + 15);
      out.dataOffset = p + 16;
      out.dataEnd = p + len;
      out.hasData = true;
    } else if (tag === TAG.routingContext && len >= 8) {
      out.routingContext = view.getUint32(p + 4);
    }
    seen |= bit;
    p += (len + 3) & ~3;
  }
  // `!== true` / `=== true`: a boolean field, parameter or call result tested as `!x` is a full ToBoolean
  // in TurboFan (V8 tracks no boolean field type); a compare with true is one instruction (bench/results-notes.md, "dechot").
  if (out.hasData !== true) return fail(out, ANOMALY.noProtocolData, 'DATA without Protocol Data parameter 0x0210');
  return msgEnd;
}

/** One bit per parameter of the DATA message (§3.3.1), 0 for any other tag. */
function dataParamBit(tag: number): number {
  switch (tag) {
    case TAG.protocolData:
      return 1;
    case TAG.routingContext:
      return 2;
    case TAG.networkAppearance:
      return 4;
    case TAG.correlationId:
      return 8;
    default:
      return 0;
  }
}

function fail(out: M3uaMessage, code: AnomalyCode, detail: string): -1 {
  out.problem = code;
  out.detail = detail;
  return -1;
}
