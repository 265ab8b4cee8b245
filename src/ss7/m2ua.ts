/**
 * M2UA (RFC 3331). §3.1 common header as M3UA: version (1) = 1, spare, message class, message
 * type, message length (4, including the header); §3.1.5 variable-length parameters tag (2),
 * length (2, including tag and length), value padded to 4.
 * §3.3.1.1 DATA (class 6 MAUP, type 1): Interface Identifier (integer 0x0001 or text 0x0003),
 * then Protocol Data 1 (0x0300: the MTP3 MSU, SIO first) or, in TTC (Japan) networks, Protocol
 * Data 2 (0x0301: a priority octet, then the MSU); Correlation Id 0x0013 optional.
 */

import type { AnomalyCode } from '../core/anomaly-codes.js';
import { readSigtranHeader } from './sigtran.js';

const M2UA_HEADER_LEN = 8;

/** RFC 3331 §3.1.3 message classes. */
const M2UA_CLASS = {
  mgmt: 0,
  aspsm: 3,
  asptm: 4,
  maup: 6,
  iim: 10,
} as const;

const CLASS_NAME: Readonly<Record<number, string>> = { 0: 'mgmt', 3: 'aspsm', 4: 'asptm', 6: 'maup', 10: 'iim' };

export function m2uaClassName(cls: number): string {
  return CLASS_NAME[cls] ?? 'unknown';
}

/** RFC 3331 §3.1.4 MAUP message type DATA. */
const M2UA_TYPE_DATA = 1;

export const M2UA_TAG = {
  interfaceIdInteger: 0x0001,
  interfaceIdText: 0x0003,
  correlationId: 0x0013,
  protocolData1: 0x0300,
  protocolData2: 0x0301,
} as const;

export const M2UA_ANOMALY = {
  truncated: 'm2ua.truncated',
  badVersion: 'm2ua.bad-version',
  badLength: 'm2ua.bad-length',
  badParameter: 'm2ua.bad-parameter',
  noProtocolData: 'm2ua.no-protocol-data',
  repeatedParameter: 'm2ua.repeated-parameter',
} as const satisfies Record<string, AnomalyCode>;

/** Caller-owned, reused result of {@link decodeM2ua}. */
export interface M2uaMessage {
  cls: number;
  type: number;
  length: number;
  /** Integer interface identifier; -1 when absent or text. */
  interfaceId: number;
  /** True for DATA with Protocol Data 1/2: the MSU is `[dataOffset, dataEnd)`. */
  hasData: boolean;
  /** Protocol Data 2 priority octet; -1 for Protocol Data 1. */
  priority: number;
  dataOffset: number;
  dataEnd: number;
  problem: AnomalyCode | '';
  detail: string;
  /**
   * Tag of the first DATA parameter that appeared again, -1 when none: §3.3.1.1 lists one
   * Interface Identifier (integer or text), one Protocol Data (1 or 2) and one Correlation Id.
   * The first copy is decoded; the caller reports `m2ua.repeated-parameter`.
   */
  repeatedTag: number;
}

export function createM2uaMessage(): M2uaMessage {
  return { cls: 0, type: 0, length: 0, interfaceId: -1, hasData: false, priority: -1, dataOffset: 0, dataEnd: 0, problem: '', detail: '', repeatedTag: -1 };
}

/**
 * Decodes the M2UA message `[offset, end)`; only DATA parameters are walked. Returns the end of
 * the message, or -1 with `out.problem` when malformed.
 */
export function decodeM2ua(view: DataView, offset: number, end: number, out: M2uaMessage): number {
  out.problem = '';
  out.detail = '';
  out.hasData = false;
  out.priority = -1;
  out.interfaceId = -1;
  out.repeatedTag = -1;
  const msgEnd = readSigtranHeader(view, offset, end, out, M2UA_ANOMALY, M2UA_HEADER_LEN);
  if (msgEnd < 0) return -1;
  if (out.cls !== M2UA_CLASS.maup || out.type !== M2UA_TYPE_DATA) return msgEnd;
  let p = offset + M2UA_HEADER_LEN;
  let seen = 0; // bits of the §3.3.1.1 parameters met so far
  while (p + 4 <= msgEnd) {
    const tag = view.getUint16(p);
    const len = view.getUint16(p + 2);
    if (len < 4 || p + len > msgEnd) return fail(out, M2UA_ANOMALY.badParameter, `parameter 0x${tag.toString(16)} length ${len} at ${p - offset}`);
    const bit = dataParamBit(tag);
    if ((seen & bit) !== 0) {
      if (out.repeatedTag < 0) out.repeatedTag = tag;
    } else if (tag === M2UA_TAG.interfaceIdInteger && len >= 8) out.interfaceId = view.getUint32(p + 4);
    else if (tag === M2UA_TAG.protocolData1) {
      out.dataOffset = p + 4;
      out.dataEnd = p + len;
      out.hasData = true;
    } else if (tag === M2UA_TAG.protocolData2) {
      if (len < 5) return fail(out, M2UA_ANOMALY.badParameter, 'Protocol Data 2 without its priority octet');
      out.priority = view.getUint8(p + 4);
      out.dataOffset = p + 5;
      out.dataEnd = p + len;
      out.hasData = true;
    }
    seen |= bit;
    p += (len + 3) & ~3;
  }
  if (!out.hasData) return fail(out, M2UA_ANOMALY.noProtocolData, 'DATA without Protocol Data 1/2 parameter');
  return msgEnd;
}

/** One bit per DATA parameter (§3.3.1.1; the two forms of a parameter share it), 0 for other tags. */
function dataParamBit(tag: number): number {
  switch (tag) {
    case M2UA_TAG.interfaceIdInteger:
    case M2UA_TAG.interfaceIdText:
      return 1;
    case M2UA_TAG.protocolData1:
    case M2UA_TAG.protocolData2:
      return 2;
    case M2UA_TAG.correlationId:
      return 4;
    default:
      return 0;
  }
}

function fail(out: M2uaMessage, code: AnomalyCode, detail: string): -1 {
  out.problem = code;
  out.detail = detail;
  return -1;
}
