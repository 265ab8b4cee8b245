import type { Anomaly } from '../core/anomaly.js';
import type { SccpView } from '../events/record.js';
import type { MtpInfo, SccpInfo } from '../events/types.js';
import type { Flow } from '../transport/types.js';

/**
 * One SCCP connectionless message (UDT/XUDT/LUDT/UDTS/XUDTS, or SUA CLDT), reassembled when
 * segmented, handed from the lower SS7 layers (ss7-transport.ts) to the TCAP decoder.
 *
 * Contract: the unit object and its `bytes`/`view` are reused and valid only during the callback.
 * `anomalies` is the message's own list the receiver may keep (or the shared frozen empty
 * NO_ANOMALIES); `mtp` and `sccp` are reused too (`mtpInfo()` and `sccpInfo()` give fresh copies).
 * A fresh label and list per unit stored into the reused unit and record cost V8's write-barrier
 * slow path per message (bench/results-notes.md, "decwb").
 * The user data (normally a TCAP message) is `[offset, end)`.
 */
export interface SccpUnit {
  frameNo: number;
  tsSec: number;
  tsNsec: number;
  tsPrecision: number;
  flow: Flow;
  /**
   * MTP3 routing label (M3UA protocol data, M2PA/M2UA/MTP2 MSU), to read while the unit's callback
   * runs (the transport's reused record); undefined for SUA. {@link mtpInfo} builds the fresh
   * object events carry.
   */
  mtp: MtpView | undefined;
  /**
   * The routing label as a fresh MtpInfo (`mp` only when the link carries one); undefined for SUA.
   * Optional for units built outside the transport: the TCAP decoder then copies `mtp`
   * ({@link mtpInfoOf}).
   */
  mtpInfo?(): MtpInfo | undefined;
  /**
   * The SCCP part, to read while the unit's callback runs (the transport's reused record for
   * SCCP; a fresh SccpInfo for SUA). {@link sccpInfo} builds the fresh object events carry.
   */
  sccp: SccpView;
  sccpInfo(): SccpInfo;
  bytes: Uint8Array;
  view: DataView;
  offset: number;
  end: number;
  /**
   * Anomalies from the layers below TCAP for this message: a list of its own, or the shared frozen
   * core/anomaly.ts NO_ANOMALIES when there are none (copy it to keep it, as events do).
   */
  anomalies: Anomaly[];
}

/**
 * The routing label as the transport's reused record: every field always present (`mp` −1 when
 * the link carries no message priority), so it keeps one shape; assignable to MtpInfo.
 */
export interface MtpView {
  opc: number;
  dpc: number;
  si: number;
  ni: number;
  sls: number;
  mp: number;
}

/**
 * A fresh MtpInfo from a label (the transport's MtpView, per event, or a caller's MtpInfo): a copy
 * without `mp` when it is not a priority (MtpView's −1 is none). Object literals of one key order
 * for a label with `sls` (always the transport's), so events keep one or two shapes.
 */
export function mtpInfoOf(v: MtpInfo | undefined): MtpInfo | undefined {
  if (v === undefined) return undefined;
  const { opc, dpc, si, ni, sls, mp } = v;
  const priority = mp !== undefined && mp >= 0;
  if (sls === undefined) return priority ? { opc, dpc, si, ni, mp } : { opc, dpc, si, ni };
  return priority ? { opc, dpc, si, ni, sls, mp } : { opc, dpc, si, ni, sls };
}

export type SccpUnitHandler = (u: SccpUnit) => void;

/** MTP3 routing label variant (ITU 14-bit, ANSI 24-bit, Japan TTC 16-bit point codes). */
export type Mtp3Variant = 'itu' | 'ansi' | 'japan';
