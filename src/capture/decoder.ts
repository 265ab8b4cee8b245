import type { AnomalyCode } from '../core/anomaly-codes.js';
import type { Limits } from '../core/limits.js';
import type { FrameRecord } from './types.js';

/**
 * Capture-layer anomaly codes (malformed input that does not stop reading). Each is reported to
 * the reader's anomaly sink and counted in `Counters` under the same name.
 */
export const CAPTURE_ANOMALY = {
  /** The input ended inside a header, record or block (draft-ietf-opsawg-pcap §5, pcapng §3.1). */
  TRUNCATED_FILE: 'capture.truncated-file',
  /** Captured length > original length (pcap §5: CapLen "must not be greater than" OrigLen). */
  CAPLEN_EXCEEDS_ORIGLEN: 'capture.caplen-exceeds-origlen',
  /** Captured length > the file's/interface's SnapLen (pcap §4, pcapng §4.2). */
  CAPLEN_EXCEEDS_SNAPLEN: 'capture.caplen-exceeds-snaplen',
  /** Sub-second field ≥ 10^6 (µs) or 10^9 (ns) in a classic pcap record header (pcap §5). */
  BAD_TIMESTAMP: 'capture.bad-timestamp',
  /** A frame time more than `limits.subscriberTtlSec` after or before the previous frame's (pcap and pcapng alike; transport/packet-decoder.ts). */
  TIME_JUMP: 'capture.time-jump',
  /** Classic pcap major version other than 2 (pcap §4). */
  PCAP_VERSION: 'capture.pcap.version',
  /** A pcapng block whose own fields do not fit its Block Total Length; the block is skipped. */
  PCAPNG_BAD_BLOCK: 'capture.pcapng.bad-block',
  /** A pcapng option overruns its block (pcapng §3.5); the remaining options are ignored. */
  PCAPNG_BAD_OPTION: 'capture.pcapng.bad-option',
  /** EPB/PB Interface ID, or SPB without IDB 0, not described by an IDB of the section (§4.3). */
  PCAPNG_NO_INTERFACE: 'capture.pcapng.no-interface',
  /** A section has more IDBs than limits.pcapngInterfaces; packets on the rest are skipped. */
  PCAPNG_INTERFACE_LIMIT: 'capture.pcapng.interface-limit',
  /** A packet record or block longer than limits.maxFrameBytes, skipped unread (not buffered). */
  OVERSIZE_RECORD: 'capture.oversize-record',
} as const satisfies Record<string, AnomalyCode>;

/** Counters (not anomalies): conditions that are normal in captures but worth a number. */
export const CAPTURE_COUNTER = {
  /**
   * Frame records read: delivered, or longer than limits.maxFrameBytes and skipped unread (also
   * counted as `capture.oversize-record`). Equal to the last frame number, to readCapture's
   * `frames` and to the summary's frame count (review of the merge: the counter left skipped ones out).
   */
  FRAMES: 'capture.frames',
  /** Snaplen-truncated record: CapLen < OrigLen (pcap §5, pcapng §4.3). Delivered as is. */
  TRUNCATED_RECORD: 'capture.truncated-record',
  /** pcapng block type the spec defines but the reader has no use for (NRB, ISB, DSB, custom...). */
  IGNORED_BLOCK: 'capture.pcapng.ignored-block',
  /** pcapng block type the reader does not know; skipped by its length (pcapng §3.1). */
  UNKNOWN_BLOCK: 'capture.pcapng.unknown-block',
  /** IDBs past limits.pcapngInterfaces in their section, not kept. */
  INTERFACES_DROPPED: 'capture.pcapng.interfaces-dropped',
} as const;

/** What a format decoder needs from the reader: the reused record, delivery and reporting. */
export interface ReaderContext {
  readonly rec: FrameRecord;
  readonly limits: Limits;
  /** Frames delivered so far; the record being decoded is `frames + 1`. */
  readonly frames: number;
  /** Assigns `rec.frameNo` and hands the record to the consumer. */
  deliver(): void;
  /**
   * The unit being decoded is passed over unread: the `n` input bytes after those `step` returns
   * are skipped as they arrive, never buffered. A packet record (`frame`) still takes its frame
   * number, so later frames keep the numbers other tools give them. `trailer` ≥ 0: the last 4 of
   * the `n` bytes are a uint32 (little-endian when `le`) that must equal it (a pcapng block's
   * trailing Block Total Length, §3.1), else the input is corrupt (BAD_LENGTH) as for a block read whole.
   */
  skip(n: number, frame: boolean, trailer?: number, le?: boolean): void;
  /** Anomaly for the record being decoded (frame `frames + 1`) or the input as a whole. */
  report(code: AnomalyCode, detail: string, frame?: number): void;
  count(name: string): void;
}

/**
 * A format's incremental decoder. `step` decodes one unit (file header, record or block) that
 * starts at `off`: it returns the bytes consumed, or 0 with `needed` set to how many bytes from
 * `off` it must see to make progress. It never reads past `end`. `rec.view` is already `view` and
 * `rec.bytes` its octets (the reader sets both once per buffer); the decoder fills the rest.
 */
export interface FormatDecoder {
  needed: number;
  step(view: DataView, off: number, end: number, fileOffset: number): number;
}
