import { describe, expect, it, vi } from 'vitest';
import { concat } from '../../src/encode/bytes.js';
import { gzipWithHeaderFields } from '../support/gzip.js';

/** Work done through node:zlib by the reader: CRC-32 calls, inflate streams and synchronous inflates. */
const calls = vi.hoisted(() => ({ crc32: 0, streams: 0, syncs: 0 }));
vi.mock('node:zlib', async (importOriginal) => {
  const z = await importOriginal<typeof import('node:zlib')>();
  /** `f`, counting its calls in calls[name]. */
  const counted = <A extends unknown[], R>(name: keyof typeof calls, f: (...a: A) => R) => {
    return (...a: A): R => {
      calls[name]++;
      return f(...a);
    };
  };
  return {
    ...z,
    crc32: counted('crc32', z.crc32),
    createInflateRaw: counted('streams', z.createInflateRaw),
    inflateRawSync: counted('syncs', z.inflateRawSync),
  };
});
const { crc32, gzipSync } = await import('node:zlib');
const { gunzipMembers } = await import('../../src/capture/gunzip.js');

/** `bytes` in chunks of `size` (the last one shorter). */
async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

/** True when `bytes` gunzip to `want` (compared as a whole: element-wise toEqual is slow here). */
async function gunzipsTo(bytes: Uint8Array, size: number, want: Uint8Array): Promise<boolean> {
  calls.crc32 = calls.streams = calls.syncs = 0;
  const out: Uint8Array[] = [];
  for await (const c of gunzipMembers(chunks(bytes, size))) out.push(c.slice());
  return Buffer.from(concat(...out)).equals(want);
}

const data = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 31) ^ (i >> 7));
/** An empty member (RFC 1952): header, an empty final fixed-Huffman block (RFC 1951 §3.2.6), CRC-32 0, ISIZE 0. */
const EMPTY = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0);

describe('gunzipMembers: work per member and per header byte (rt7 G1)', () => {
  it('10,000 empty members after a real one: no inflate stream for them, one synchronous inflate each', async () => {
    const small = data.subarray(0, 5000);
    const file = concat(gzipSync(small), ...Array.from({ length: 10_000 }, () => EMPTY), gzipSync(small));
    expect(await gunzipsTo(file, 65536, concat(small, small))).toBe(true);
    // Members straddling chunk ends go through a stream (≤ 1 per chunk); before, every member did.
    expect(calls.streams).toBeLessThanOrEqual(Math.ceil(file.length / 65536));
    expect(calls.syncs).toBeLessThanOrEqual(10_002);
  });

  it('a 1 MiB FNAME and FCOMMENT: CRC-32 over a chunk at a time, checked by FHCRC', async () => {
    const name = new Uint8Array(1 << 20).fill(0x41);
    const head = concat(Uint8Array.of(0x1f, 0x8b, 8, 0x02 | 0x08 | 0x10, 0, 0, 0, 0, 0, 3), name, Uint8Array.of(0), name, Uint8Array.of(0));
    const crc16 = crc32(head) & 0xffff;
    const gz = gzipSync(data);
    const file = concat(head, Uint8Array.of(crc16 & 0xff, crc16 >> 8), gz.subarray(10));
    expect(await gunzipsTo(file, 65536, data)).toBe(true);
    // One call per chunk of the header (2 MiB / 64 KiB), + the header's first bytes and the data's
    // output buffers; before, one per header byte (2 M).
    expect(calls.crc32).toBeLessThan(200);
  });
});

describe('gunzipMembers: synchronous and streamed members give the same bytes', () => {
  // 70,000 bytes: more than a member inflated synchronously.
  const members = [data.subarray(0, 1), new Uint8Array(0), data.subarray(0, 70_000), data.subarray(5, 900)];
  const file = concat(...members.map((m) => gzipSync(m)), EMPTY);
  const want = concat(...members);

  it.each([5, 64, 4096, 65536, file.length])('in chunks of %i bytes', async (size) => {
    expect(await gunzipsTo(file, size, want)).toBe(true);
  });

  it('header fields (FEXTRA, FNAME, FCOMMENT, FHCRC) across chunks of every small size', async () => {
    const gz = gzipSync(data.subarray(0, 500));
    const file2 = concat(gzipWithHeaderFields(gz, 'n.pcap', 'c'), EMPTY, gz);
    for (let size = 1; size <= 16; size++) expect(await gunzipsTo(file2, size, concat(data.subarray(0, 500), data.subarray(0, 500)))).toBe(true);
  });
});
