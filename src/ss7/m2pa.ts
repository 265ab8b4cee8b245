/**
 * M2PA (RFC 4165). §2.1 common header: version (1) = 1, spare, message class (11 = M2PA),
 * message type (1 User Data, 2 Link Status), message length (4, including the header).
 * §2.2 M2PA header: unused (1) + BSN (3), unused (1) + FSN (3).
 * §2.3.1 User Data: a priority octet (bits 7-6 priority in ANSI, spare otherwise: the MTP2 LI
 * octet without the length), then the MTP3 message (SIO + SIF). User Data without a data field
 * is an acknowledgement only.
 */

export const M2PA_HEADER_LEN = 16;
export const M2PA_CLASS = 11;
export const M2PA_TYPE = { userData: 1, linkStatus: 2 } as const;

export const M2PA_ANOMALY = {
  truncated: 'm2pa.truncated',
  badVersion: 'm2pa.bad-version',
  badLength: 'm2pa.bad-length',
  badClass: 'm2pa.bad-class',
} as const;

/** Caller-owned, reused result of {@link decodeM2pa}. */
export interface M2paMessage {
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
  problem: string;
  detail: string;
}

export function createM2paMessage(): M2paMessage {
  return { type: 0, length: 0, bsn: 0, fsn: 0, hasData: false, priority: -1, dataOffset: 0, dataEnd: 0, problem: '', detail: '' };
}

/** Decodes the M2PA message `[offset, end)`. False with `out.problem` when malformed. */
export function decodeM2pa(view: DataView, offset: number, end: number, out: M2paMessage): boolean {
  out.problem = '';
  out.detail = '';
  out.hasData = false;
  out.priority = -1;
  if (end - offset < M2PA_HEADER_LEN) return fail(out, M2PA_ANOMALY.truncated, `${end - offset} octets, headers need 16`);
  const version = view.getUint8(offset);
  const cls = view.getUint8(offset + 2);
  out.type = view.getUint8(offset + 3);
  out.length = view.getUint32(offset + 4);
  if (version !== 1) return fail(out, M2PA_ANOMALY.badVersion, `version ${version}, expected 1 (RFC 4165 §2.1.1)`);
  if (cls !== M2PA_CLASS) return fail(out, M2PA_ANOMALY.badClass, `message class ${cls}, expected 11 (RFC 4165 §2.1.1)`);
  if (out.length < M2PA_HEADER_LEN || out.length > end - offset) {
    return fail(out, M2PA_ANOMALY.badLength, `message length ${out.length}, ${end - offset} octets available`);
  }
  out.bsn = view.getUint32(offset + 8) & 0xffffff;
  out.fsn = view.getUint32(offset + 12) & 0xffffff;
  const msgEnd = offset + out.length;
  if (out.type === M2PA_TYPE.userData && msgEnd > offset + M2PA_HEADER_LEN + 1) {
    out.priority = view.getUint8(offset + M2PA_HEADER_LEN);
    out.dataOffset = offset + M2PA_HEADER_LEN + 1;
    out.dataEnd = msgEnd;
    out.hasData = true;
  }
  return true;
}

function fail(out: M2paMessage, code: string, detail: string): false {
  out.problem = code;
  out.detail = detail;
  return false;
}
