/**
 * Capture format detection from the first 4 bytes (never from a file name).
 *
 * - Classic pcap (draft-ietf-opsawg-pcap §4): magic 0xA1B2C3D4 (µs timestamps) or 0xA1B23C4D
 *   (ns timestamps), written in the writer's byte order, so either byte sequence may appear.
 * - pcapng (draft-ietf-opsawg-pcapng §4.1): a file starts with a Section Header Block whose block
 *   type 0x0A0D0D0A is a palindrome, so it reads the same in both byte orders.
 * - gzip (RFC 1952 §2.3.1): ID1 ID2 = 1f 8b. Only {@link openCapture} unwraps it; the reader
 *   reports it as not a capture.
 */

export type SniffedFormat = 'pcap' | 'pcapng' | 'gzip' | 'unknown';

/** Bytes needed by {@link sniffFormat}. */
export const SNIFF_BYTES = 4;

export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
export const PCAPNG_SHB_TYPE = 0x0a0d0d0a;

/** `bytes[offset..offset+4)` must exist; shorter input is the caller's 'not enough yet'. */
export function sniffFormat(bytes: Uint8Array, offset = 0): SniffedFormat {
  const b0 = bytes[offset]!;
  const b1 = bytes[offset + 1]!;
  if (b0 === 0x1f && b1 === 0x8b) return 'gzip';
  const be = ((b0 << 24) | (b1 << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
  if (be === PCAPNG_SHB_TYPE) return 'pcapng';
  const le = ((bytes[offset + 3]! << 24) | (bytes[offset + 2]! << 16) | (b1 << 8) | b0) >>> 0;
  if (be === PCAP_MAGIC_US || be === PCAP_MAGIC_NS || le === PCAP_MAGIC_US || le === PCAP_MAGIC_NS) return 'pcap';
  return 'unknown';
}
