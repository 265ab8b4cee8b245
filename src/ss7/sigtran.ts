/**
 * The common message header of the SIGTRAN adaptation layers, identical in RFC 4666 §3.1 (M3UA),
 * RFC 3331 §3.1 (M2UA), RFC 3868 §3.1 (SUA) and RFC 4165 §2.1 (M2PA): version (1 octet, = 1),
 * spare, message class, message type, message length (4 octets, the header included).
 */
import type { AnomalyCode } from '../core/anomaly-codes.js';

/** The fields every adaptation-layer result object carries. */
export interface SigtranFields {
  cls: number;
  type: number;
  length: number;
  problem: AnomalyCode | '';
  detail: string;
}

/** The layer's anomaly codes for the three header problems. */
export interface SigtranHeaderCodes {
  truncated: AnomalyCode;
  badVersion: AnomalyCode;
  badLength: AnomalyCode;
}

/**
 * Reads the common header at `offset` into `out` and returns the end of the message, or -1 with
 * `out.problem`/`out.detail` set. `minLength` is the layer's smallest message (8, or 16 for M2PA
 * with its own header). A length beyond the available octets fails, unless `clampOverlong`: then
 * the message is taken to end at `end` and `out.detail` says so (the caller reports a warning).
 */
export function readSigtranHeader(
  view: DataView,
  offset: number,
  end: number,
  out: SigtranFields,
  codes: SigtranHeaderCodes,
  minLength: number,
  clampOverlong = false,
): number {
  const avail = end - offset;
  if (avail < minLength) return fail(out, codes.truncated, `${avail} octets, headers need ${minLength}`);
  const version = view.getUint8(offset);
  out.cls = view.getUint8(offset + 2);
  out.type = view.getUint8(offset + 3);
  out.length = view.getUint32(offset + 4);
  if (version !== 1) return fail(out, codes.badVersion, `version ${version}, expected 1 (common header, e.g. RFC 4666 §3.1.1)`);
  if (out.length < minLength) return fail(out, codes.badLength, `message length ${out.length} < ${minLength}`);
  if (out.length <= avail) return offset + out.length;
  if (!clampOverlong) return fail(out, codes.badLength, `message length ${out.length}, ${avail} octets available`);
  out.detail = `message length ${out.length}, ${avail} octets available`;
  return end;
}

function fail(out: SigtranFields, code: AnomalyCode, detail: string): -1 {
  out.problem = code;
  out.detail = detail;
  return -1;
}
