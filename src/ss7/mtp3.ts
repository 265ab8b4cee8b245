/**
 * MTP3 message signal unit: service information octet + signalling information field.
 *
 * SIO (ITU-T Q.704 §14.2): bits 1-4 (DCBA) service indicator; subservice field bits 5-8: bits
 * 7-8 (DC) network indicator, bits 5-6 (BA) spare in ITU and the message priority in ANSI
 * T1.111 §14.2.
 * Routing label (Q.704 §2.2), little-endian on the wire:
 *   ITU   32 bits: DPC 14, OPC 14, SLS 4.
 *   ANSI  T1.111 §2.2 56 bits: DPC 24 (member, cluster, network), OPC 24, SLS 8 (5-bit
 *         variants leave the upper bits zero; they are reported as received).
 *   Japan TTC JT-Q.704 §2.2 40 bits: DPC 16, OPC 16, SLS 4, 4 spare.
 * Point codes are reported as integers (the 24-bit ANSI value is network<<16|cluster<<8|member).
 */
import type { AnomalyCode } from '../core/anomaly-codes.js';
import type { Mtp3Variant } from './types.js';

export const MTP3_ANOMALY = {
  truncated: 'mtp3.truncated',
} as const satisfies Record<string, AnomalyCode>;

/** Q.704 §14.2.1 service indicators used here. */
export const MTP3_SI = {
  snm: 0,
  sccp: 3,
  tup: 4,
  isup: 5,
} as const;

/** Routing label length in octets by variant. */
export function mtp3LabelLength(variant: Mtp3Variant): number {
  return variant === 'ansi' ? 7 : variant === 'japan' ? 5 : 4;
}

/** Caller-owned, reused result of {@link decodeMtp3}. */
export interface Mtp3Message {
  /** Routing label variant read by decodeMtp3 (set at creation; may be changed between calls). */
  variant: Mtp3Variant;
  si: number;
  ni: number;
  /** ANSI message priority (SIO bits 5-6); -1 for ITU and Japan. */
  mp: number;
  opc: number;
  dpc: number;
  sls: number;
  /** Signalling information after the routing label `[dataOffset, dataEnd)`. */
  dataOffset: number;
  dataEnd: number;
  problem: AnomalyCode | '';
  detail: string;
}

export function createMtp3Message(variant: Mtp3Variant = 'itu'): Mtp3Message {
  return { variant, si: 0, ni: 0, mp: -1, opc: 0, dpc: 0, sls: 0, dataOffset: 0, dataEnd: 0, problem: '', detail: '' };
}

/**
 * Decodes the MSU `[offset, end)` (SIO first) with the routing label of `out.variant`. Returns
 * `end` (the MSU is the whole span), or -1 with `out.problem` when truncated.
 */
export function decodeMtp3(view: DataView, offset: number, end: number, out: Mtp3Message): number {
  const variant = out.variant;
  const need = 1 + mtp3LabelLength(variant);
  if (end - offset < need) {
    out.problem = MTP3_ANOMALY.truncated;
    out.detail = `MSU of ${end - offset} octets, SIO + ${variant} label need ${need}`;
    return -1;
  }
  out.problem = '';
  out.detail = '';
  const sio = view.getUint8(offset);
  out.si = sio & 0x0f;
  out.ni = sio >> 6;
  const l = offset + 1;
  if (variant === 'itu') {
    const label = view.getUint32(l, true);
    out.dpc = label & 0x3fff;
    out.opc = (label >>> 14) & 0x3fff;
    out.sls = label >>> 28;
    out.mp = -1;
  } else if (variant === 'ansi') {
    out.dpc = view.getUint16(l, true) | (view.getUint8(l + 2) << 16);
    out.opc = view.getUint16(l + 3, true) | (view.getUint8(l + 5) << 16);
    out.sls = view.getUint8(l + 6);
    out.mp = (sio >> 4) & 0x03;
  } else {
    out.dpc = view.getUint16(l, true);
    out.opc = view.getUint16(l + 2, true);
    out.sls = view.getUint8(l + 4) & 0x0f;
    out.mp = -1;
  }
  out.dataOffset = offset + need;
  out.dataEnd = end;
  return end;
}
