/**
 * MTP3 message signal unit encoder (ITU-T Q.704, ANSI T1.111, TTC JT-Q.704). The MTP2 signal unit
 * around it (Q.703 §2.2, optional FCS) is `mtp2` among the link framers in pcap.ts.
 */
import type { Mtp3Variant } from '../ss7/types.js';
import { concat } from './bytes.js';

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
