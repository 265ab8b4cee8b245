/**
 * SCTP packet decode (RFC 9260 §3): common header and a walk over every chunk, handing DATA
 * (type 0, RFC 9260 §3.3.1) and I-DATA (type 64, RFC 8260 §2.1) chunks to a visitor; control
 * chunks are only counted. No allocation: the visitor gets one reused {@link SctpDataChunk}.
 *
 * The CRC32c checksum is not verified (captures taken with checksum offload carry zeros); only
 * {@link sctpChecksumOk} computes it, to rank versions of one message (ss7/sccp-segments.ts).
 */
import type { AnomalyCode } from '../core/anomaly-codes.js';

/** CRC32c table (Castagnoli, reflected polynomial 0x82F63B78; RFC 9260 Appendix A), one entry per octet value. */
const CRC32C = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  return c;
});

/**
 * True when the SCTP packet at [off, end) of `view` carries the right CRC32c (RFC 9260 §6.8,
 * Appendix A: over the packet with the checksum field as zero, stored little-endian). A receiver
 * discards a packet whose checksum is wrong.
 */
export function sctpChecksumOk(view: DataView, off: number, end: number): boolean {
  if (end - off < 12) return false;
  let crc = -1;
  for (let p = off; p < end; p++) {
    const b = p - off >= 8 && p - off < 12 ? 0 : view.getUint8(p);
    crc = CRC32C[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  }
  return ~crc >>> 0 === view.getUint32(off + 8, true);
}

export const SCTP_ANOMALY = {
  TRUNCATED: 'sctp.truncated',
  BAD_CHUNK_LENGTH: 'sctp.bad-chunk-length',
  EMPTY_DATA: 'sctp.empty-data',
  TSN_REUSE: 'sctp.tsn-reuse',
  REASSEMBLY_EVICTED: 'sctp.reassembly-evicted',
  REASSEMBLY_LIMIT: 'sctp.reassembly-limit',
  REASSEMBLY_CONFLICT: 'sctp.reassembly-conflict',
  REASSEMBLY_INCOMPLETE: 'sctp.reassembly-incomplete',
  UNKNOWN_PPID: 'sctp.unknown-ppid',
  PPID_MISMATCH: 'sctp.ppid-mismatch',
  DIAMETER_FRAMING: 'sctp.diameter-framing',
  ASSOCIATION_EVICTED: 'sctp.association-evicted',
  INIT_UNANSWERED_EVICTED: 'sctp.init-unanswered-evicted',
  ENDPOINT_EVICTED: 'sctp.endpoint-evicted',
  INIT_BUNDLED: 'sctp.init-bundled',
  CROSS_PATH_INDEX_FULL: 'sctp.cross-path-index-full',
  CROSS_PATH_COPY_DIFFERS: 'sctp.cross-path-copy-differs',
} as const satisfies Record<string, AnomalyCode>;

/** Chunk types (RFC 9260 §3.2, RFC 8260 §2.1). */
export const SctpChunkType = {
  DATA: 0,
  I_DATA: 64,
} as const;

/** DATA / I-DATA chunk flags (RFC 9260 §3.3.1, RFC 8260 §2.1): I, U, B, E. */
export const SctpDataFlag = {
  END: 0x01,
  BEGIN: 0x02,
  UNORDERED: 0x04,
  IMMEDIATE: 0x08,
} as const;

// decodeSctp's per-chunk constants as this module's own: TurboFan loads an export from its
// module cell at every use; an own `const` is embedded (bench/results-notes.md, "decode9").
const DATA_CHUNK = SctpChunkType.DATA;
const I_DATA_CHUNK = SctpChunkType.I_DATA;
const BEGIN_FLAG = SctpDataFlag.BEGIN;

export interface SctpCommonHeader {
  srcPort: number;
  dstPort: number;
  vtag: number;
  checksum: number;
}

/** One DATA or I-DATA chunk; user data is [offset, end) of the packet's view. Reused. */
export interface SctpDataChunk {
  /** True for I-DATA (RFC 8260). */
  iData: boolean;
  flags: number;
  tsn: number;
  stream: number;
  /** DATA: Stream Sequence Number. */
  ssn: number;
  /** I-DATA: Message Identifier. */
  mid: number;
  /** I-DATA: Fragment Sequence Number (0 on the B fragment, which carries the PPID instead). */
  fsn: number;
  /** PPID (DATA; I-DATA B fragment). 0 when not carried (I-DATA non-first fragment). */
  ppid: number;
  offset: number;
  end: number;
}

export function newSctpHeader(): SctpCommonHeader {
  return { srcPort: 0, dstPort: 0, vtag: 0, checksum: 0 };
}

export function newSctpDataChunk(): SctpDataChunk {
  return { iData: false, flags: 0, tsn: 0, stream: 0, ssn: 0, mid: 0, fsn: 0, ppid: 0, offset: 0, end: 0 };
}

export interface SctpVisitor {
  data(c: SctpDataChunk): void;
  /** A control chunk: its type, and the chunk (header included) at [off, end) of the packet's view. */
  control(type: number, off: number, end: number): void;
  anomaly(code: AnomalyCode, detail: string): void;
}

/** Decode the common header only (RFC 9260 §3.1). Returns false when fewer than 12 bytes. */
export function decodeSctpHeader(view: DataView, offset: number, end: number, out: SctpCommonHeader): boolean {
  if (end - offset < 12) return false;
  readSctpHeader(view, offset, out);
  return true;
}

/** RFC 9260 §3.1 common header fields at `offset` (12 octets present). */
function readSctpHeader(view: DataView, offset: number, out: SctpCommonHeader): void {
  out.srcPort = view.getUint16(offset);
  out.dstPort = view.getUint16(offset + 2);
  out.vtag = view.getUint32(offset + 4);
  out.checksum = view.getUint32(offset + 8);
}

/**
 * Walk the chunks of the SCTP packet at [offset, end) (common header already decoded into
 * `hdr` by this call). Returns false when the common header is truncated.
 */
export function decodeSctp(view: DataView, offset: number, end: number, hdr: SctpCommonHeader, chunk: SctpDataChunk, v: SctpVisitor): boolean {
  if (end - offset < 12) {
    v.anomaly(SCTP_ANOMALY.TRUNCATED, `common header needs 12 bytes, ${end - offset} present`);
    return false;
  }
  // The reads without decodeSctpHeader's boolean: TurboFan called that one (~80 instructions per
  // packet with the untyped test of its result; callgrind, bench/results-notes.md "transport").
  readSctpHeader(view, offset, hdr);
  let off = offset + 12;
  while (end - off >= 4) {
    const type = view.getUint8(off);
    const flags = view.getUint8(off + 1);
    const len = view.getUint16(off + 2); // RFC 9260 §3.2: includes the 4-byte header, excludes padding
    if (len < 4) {
      v.anomaly(SCTP_ANOMALY.BAD_CHUNK_LENGTH, `chunk type ${type} length ${len} < 4`);
      return true;
    }
    if (off + len > end) {
      v.anomaly(SCTP_ANOMALY.TRUNCATED, `chunk type ${type} length ${len} exceeds the ${end - off} bytes left`);
      return true;
    }
    if (type === DATA_CHUNK) {
      if (len <= 16)
        v.anomaly(SCTP_ANOMALY.EMPTY_DATA, `DATA chunk length ${len}`); // RFC 9260 §3.3.1: no user data
      else {
        chunk.iData = false;
        chunk.flags = flags;
        chunk.tsn = view.getUint32(off + 4);
        chunk.stream = view.getUint16(off + 8);
        chunk.ssn = view.getUint16(off + 10);
        chunk.mid = 0;
        chunk.fsn = 0;
        chunk.ppid = view.getUint32(off + 12);
        chunk.offset = off + 16;
        chunk.end = off + len;
        v.data(chunk);
      }
    } else if (type === I_DATA_CHUNK) {
      if (len <= 20)
        v.anomaly(SCTP_ANOMALY.EMPTY_DATA, `I-DATA chunk length ${len}`); // RFC 8260 §2.1
      else {
        const begin = (flags & BEGIN_FLAG) !== 0;
        const ppidOrFsn = view.getUint32(off + 16);
        chunk.iData = true;
        chunk.flags = flags;
        chunk.tsn = view.getUint32(off + 4);
        chunk.stream = view.getUint16(off + 8);
        chunk.ssn = 0;
        chunk.mid = view.getUint32(off + 12);
        chunk.fsn = begin ? 0 : ppidOrFsn;
        chunk.ppid = begin ? ppidOrFsn : 0;
        chunk.offset = off + 20;
        chunk.end = off + len;
        v.data(chunk);
      }
    } else v.control(type, off, off + len);
    off += (len + 3) & ~3;
  }
  return true;
}
