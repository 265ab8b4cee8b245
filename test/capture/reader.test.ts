import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, ErrorCode } from '../../src/core/errors.js';
import { CaptureReader } from '../../src/capture/reader.js';
import { writePcap, writePcapng } from '../../src/encode/pcap.js';
import { collect } from './collect.js';

const frames = Array.from({ length: 6 }, (_, i) => ({ tsSec: i, tsNsec: i, data: new Uint8Array(20 + i).fill(i) }));
const pcap = writePcap(frames, { linkType: 1, snaplen: 64 });
const pcapng = writePcapng([
  {
    interfaces: [{ linkType: 1, snaplen: 64, tsresol: 9 }],
    blocks: frames.map((f, i) => ({ type: 'epb' as const, interfaceId: 0, ts: BigInt(i), data: f.data })),
  },
]);

describe('CaptureReader', () => {
  it('hands out records as views of the pushed chunk; only a straddling record is copied', () => {
    const seen: [boolean, number][] = [];
    let chunk = pcap;
    const reader = new CaptureReader({ onFrame: (r) => seen.push([r.bytes === chunk, r.frameNo]) });
    const cut = 24 + 36 + 5; // inside record 2
    chunk = pcap.subarray(0, cut);
    reader.push(chunk);
    chunk = pcap.subarray(cut);
    reader.push(chunk);
    reader.end();
    expect(seen).toEqual([
      [true, 1],
      [false, 2], // assembled in the reader's buffer
      [true, 3],
      [true, 4],
      [true, 5],
      [true, 6],
    ]);
    expect(reader.frames).toBe(6);
    expect(reader.format).toBe('pcap');
  });

  it('push after end() is refused', () => {
    const reader = new CaptureReader({ onFrame: () => {} });
    reader.push(pcap);
    reader.end();
    expect(() => reader.push(pcap)).toThrow(DecodeError);
  });

  it('a failed reader rethrows its error on push and end', () => {
    const reader = new CaptureReader({ onFrame: () => {} });
    expect(() => reader.push(new Uint8Array(8))).toThrow(DecodeError);
    expect(() => reader.push(pcap)).toThrow(expect.objectContaining({ code: ErrorCode.UNKNOWN_FORMAT }));
    expect(() => reader.end()).toThrow(expect.objectContaining({ code: ErrorCode.UNKNOWN_FORMAT }));
  });

  it.each([
    ['pcap', pcap],
    ['pcapng', pcapng],
  ])('fuzz (%s with corrupted bytes): terminates, throws only DecodeError, frames numbered 1..n', (_n, file) => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: file.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.nat({ max: file.length }),
        fc.array(fc.nat({ max: file.length }), { maxLength: 4 }),
        (edits, cutAt, splits) => {
          const f = file.slice(0, Math.max(4, cutAt));
          for (const [at, v] of edits) if (at < f.length) f[at] = v;
          const r = collect(
            f,
            [...new Set(splits.filter((s) => s > 0 && s < f.length))].sort((a, b) => a - b),
            { maxRecordBytes: 4096 },
          );
          if (r.error !== undefined) expect(r.error).toBeInstanceOf(DecodeError);
          expect(r.frames.map((x) => x.frameNo)).toEqual(r.frames.map((_, i) => i + 1));
          for (const x of r.frames) {
            expect(x.tsNsec).toBeGreaterThanOrEqual(0);
            expect(x.tsNsec).toBeLessThan(1e9);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
