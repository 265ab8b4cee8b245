/** gzip members with the optional header fields of RFC 1952 §2.3.1, for the gunzip tests. */
import { crc32 } from 'node:zlib';
import { concat } from '../../src/encode/bytes.js';

/**
 * `gz` (one member from gzipSync) rewritten with FEXTRA (3 octets), FNAME, FCOMMENT and FHCRC set;
 * `crcXor` spoils the header CRC16 (0: the right one).
 */
export function gzipWithHeaderFields(gz: Uint8Array, name: string, comment: string, crcXor = 0): Uint8Array {
  const head = concat(
    Uint8Array.of(0x1f, 0x8b, 8, 0x02 | 0x04 | 0x08 | 0x10),
    gz.subarray(4, 10),
    Uint8Array.of(3, 0, 1, 2, 3),
    new TextEncoder().encode(`${name}\0${comment}\0`),
  );
  const crc16 = (crc32(head) & 0xffff) ^ crcXor;
  return concat(head, Uint8Array.of(crc16 & 0xff, crc16 >> 8), gz.subarray(10));
}
