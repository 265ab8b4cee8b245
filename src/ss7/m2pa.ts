/**
 * M2PA (RFC 4165). §2.1 common header: version (1) = 1, spare, message class (11 = M2PA),
 * message type (1 User Data, 2 Link Status), message length (4, including the header).
 * §2.2 M2PA header: unused (1) + BSN (3), unused (1) + FSN (3).
 * §2.3.1 User Data: a priority octet (bits 7-6 priority in ANSI, spare otherwise: the MTP2 LI
 * octet without the length), then the MTP3 message (SIO + SIF). User Data without a data field
 * is an acknowledgement only.
 */

import type { AnomalyCode } from '../core/anomaly-codes.js';
import { readSigtranHeader } from './sigtran.js';

const M2PA_HEADER_LEN = 16;
const M2PA_CLASS = 11;
export const M2PA_TYPE = { userData: 1, linkStatus: 2 } as const;

export const M2PA_ANOMALY = {
  truncated: 'm2pa.truncated',
  badVersion: 'm2pa.bad-version',
  badLength: 'm2pa.bad-length',
  badClass: 'm2pa.bad-class',
} as const satisfies Record<string, AnomalyCode>;

/** Caller-owned, reused result of {@link decodeM2pa}. */
export interface M2paMessage {
  /** Message class (11 for M2PA). */
  cls: number;
  type: number;
  length: number;
  bsn: number;
  fsn: number;
  /** True when a User Data message carries an MSU `[dataOffset, dataEnd)`. */
  hasData: boolean;
  /** Priority octet of User Data; -1 when absent. */
  priority: number;
  dataOffset: number;
  dataEnd: number;
  problem: AnomalyCode | '';
  detail: string;
}

export function createM2paMessage(): M2paMessage {
  return { cls: 0, type: 0, length: 0, bsn: 0, fsn: 0, hasData: false, priority: -1, dataOffset: 0, dataEnd: 0, problem: '', detail: '' };
}

/** Decodes the M2PA message `[offset, end)`. Returns its end, or -1 with `out.problem` when malformed. */
export function decodeM2pa(view: DataView, offset: number, end: number, out: M2paMessage): number {
  out.problem = '';
  out.detail = '';
  out.hasData = false;
  out.priority = -1;
  // The common header plus the M2PA header (BSN, FSN): 16 octets at least.
  const msgEnd = readSigtranHeader(view, offset, end, out, M2PA_ANOMALY, M2PA_HEADER_LEN);
  if (msgEnd < 0) return -1;
  if (out.cls !== M2PA_CLASS) return fail(out, M2PA_ANOMALY.badClass, `message class ${out.cls}, expected 11 (RFC 4165 §2.1.1)`);
  out.bsn = view.getUint32(offset + 8) & 0xffffff;
  out.fsn = view.getUint32(offset + 12) & 0xffffff;
  if (out.type === M2PA_TYPE.userData && msgEnd > offset + M2PA_HEADER_LEN + 1) {
    out.priority = view.getUint8(offset + M2PA_HEADER_LEN);
    out.dataOffset = offset + M2PA_HEADER_LEN + 1;
    out.dataEnd = msgEnd;
    out.hasData = true;
  }
  return msgEnd;
}

function fail(out: M2paMessage, code: AnomalyCode, detail: string): -1 {
  out.problem = code;
  out.detail = detail;
  return -1;
}
