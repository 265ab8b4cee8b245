import type { Anomaly } from '../core/anomaly.js';
import type { SccpView } from '../events/record.js';
import type { MtpInfo, SccpInfo } from '../events/types.js';
import type { Flow } from '../transport/types.js';

/**
 * One SCCP connectionless message (UDT/XUDT/LUDT/UDTS/XUDTS, or SUA CLDT), reassembled when
 * segmented, handed from the lower SS7 layers (ss7-transport.ts) to the TCAP decoder.
 *
 * Contract: the unit object and its `bytes`/`view` are reused and valid only during the callback.
 * `mtp` and `anomalies` are fresh objects the receiver may keep (they go into events); `sccp` is
 * reused too (`sccpInfo()` gives a fresh copy).
 * The user data (normally a TCAP message) is `[offset, end)`.
 */
export interface SccpUnit {
  frameNo: number;
  tsSec: number;
  tsNsec: number;
  tsPrecision: number;
  flow: Flow;
  /** MTP3 routing label (M3UA protocol data, M2PA/M2UA/MTP2 MSU); undefined for SUA. */
  mtp: MtpInfo | undefined;
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
  /** Anomalies from the layers below TCAP for this message. */
  anomalies: Anomaly[];
}

export type SccpUnitHandler = (u: SccpUnit) => void;

/** MTP3 routing label variant (ITU 14-bit, ANSI 24-bit, Japan TTC 16-bit point codes). */
export type Mtp3Variant = 'itu' | 'ansi' | 'japan';
