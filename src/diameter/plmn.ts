/**
 * PLMN identity octets, 3GPP TS 24.008 §10.5.1.3 (used by Visited-PLMN-Id, TS 29.272 §7.3.9):
 *
 *   octet 1: MCC digit 2 (bits 8-5) | MCC digit 1 (bits 4-1)
 *   octet 2: MNC digit 3 (bits 8-5) | MCC digit 3 (bits 4-1)   MNC digit 3 = 0xF for a 2-digit MNC
 *   octet 3: MNC digit 2 (bits 8-5) | MNC digit 1 (bits 4-1)
 */
import { ErrorCode, SigwatchError } from '../core/errors.js';

export interface Plmn {
  /** 3 digits. */
  mcc: string;
  /** 2 or 3 digits. */
  mnc: string;
}

function digit(n: number): string | undefined {
  return n <= 9 ? String.fromCharCode(48 + n) : undefined;
}

/** Decodes the 3 octets at `offset`; undefined when a digit nibble is not 0-9 (or missing). */
export function decodePlmn(bytes: Uint8Array, offset: number, end: number = bytes.length): Plmn | undefined {
  if (end - offset < 3) return undefined;
  const o1 = bytes[offset]!;
  const o2 = bytes[offset + 1]!;
  const o3 = bytes[offset + 2]!;
  const m1 = digit(o1 & 0x0f);
  const m2 = digit(o1 >> 4);
  const m3 = digit(o2 & 0x0f);
  const n1 = digit(o3 & 0x0f);
  const n2 = digit(o3 >> 4);
  const n3nib = o2 >> 4;
  const n3 = n3nib === 0x0f ? '' : digit(n3nib);
  if (m1 === undefined || m2 === undefined || m3 === undefined || n1 === undefined || n2 === undefined || n3 === undefined) {
    return undefined;
  }
  return { mcc: m1 + m2 + m3, mnc: n1 + n2 + n3 };
}

/** MCC+MNC digits ('310410', '00101'), or undefined. */
export function plmnDigits(bytes: Uint8Array, offset: number, end: number = bytes.length): string | undefined {
  const p = decodePlmn(bytes, offset, end);
  return p === undefined ? undefined : p.mcc + p.mnc;
}

export function encodePlmn(mcc: string, mnc: string): Uint8Array {
  if (!/^\d{3}$/.test(mcc) || !/^\d{2,3}$/.test(mnc)) {
    throw new SigwatchError(ErrorCode.BAD_OPTION, `not a PLMN: MCC ${mcc} MNC ${mnc}`);
  }
  const d = (s: string, i: number): number => s.charCodeAt(i) - 48;
  const n3 = mnc.length === 3 ? d(mnc, 2) : 0x0f;
  return Uint8Array.from([(d(mcc, 1) << 4) | d(mcc, 0), (n3 << 4) | d(mcc, 2), (d(mnc, 1) << 4) | d(mnc, 0)]);
}

/** Same network: MCC equal and MNC equal as numbers ('01' = '001', as realms pad MNCs to 3 digits). */
export function samePlmn(a: Plmn, b: Plmn): boolean {
  return a.mcc === b.mcc && a.mnc.padStart(3, '0') === b.mnc.padStart(3, '0');
}
