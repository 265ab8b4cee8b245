/**
 * One captured frame, as handed out by the pcap/pcapng readers.
 *
 * Contract (hot path): `bytes` and `view` cover the same memory and share offsets: byte `i` of
 * the frame is `bytes[offset + i]` and `view.getUint8(offset + i)`. They usually reference the
 * input chunk itself (no copy); a record that straddles two chunks is copied once into a
 * reader-owned buffer. The record object and its buffers are reused: valid only until the
 * callback returns. Copy what you keep.
 */
export interface FrameRecord {
  /** 1-based frame number across the whole input (all pcapng sections and interfaces). */
  frameNo: number;
  /** Integer seconds since the epoch. */
  tsSec: number;
  /** Nanoseconds within the second, 0..999_999_999. */
  tsNsec: number;
  /** Digits of sub-second precision the capture carries (6 for µs pcap, 9 for ns, per if_tsresol). */
  tsPrecision: number;
  /** LINKTYPE_* value of the interface this frame came from. */
  linkType: number;
  /** pcapng interface id (0 for classic pcap). */
  interfaceId: number;
  bytes: Uint8Array;
  view: DataView;
  /** Start of the captured bytes in `bytes`/`view`. */
  offset: number;
  /** Captured length (bytes available from `offset`). */
  capLen: number;
  /** Original length on the wire (> capLen when the capture was snaplen-truncated). */
  origLen: number;
  /** Byte offset of this record's header in the input stream (for error messages). */
  fileOffset: number;
}

/** LINKTYPE values from the tcpdump.org link-layer header registry. */
export const LinkType = {
  NULL: 0,
  ETHERNET: 1,
  /**
   * DLT_RAW's platform values written as the file's link type by older libpcaps (12 on most, 14 on
   * OpenBSD; tcpdump.org link-layer registry: "LINKTYPE_RAW ... DLT_RAW 12 or 14"), read as RAW.
   */
  RAW_DLT12: 12,
  RAW_DLT14: 14,
  RAW: 101,
  LINUX_SLL: 113,
  MTP2_WITH_PHDR: 139,
  MTP2: 140,
  MTP3: 141,
  PPP_WITH_DIR: 204,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;
