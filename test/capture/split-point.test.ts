/** Streaming: any chunking of the input gives the same frames, anomalies and errors. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LinkType } from '../../src/capture/types.js';
import { concat } from '../../src/encode/bytes.js';
import { writePcap, writePcapng } from '../../src/encode/pcap.js';
import { collect as collectRaw, every } from './collect.js';

/** Errors compared by their public fields (the stack differs with the call path). */
function collect(file: Uint8Array, cuts: readonly number[] = []): object {
  const r = collectRaw(file, cuts);
  const e = r.error as { code?: string; byteOffset?: number; frame?: number; message?: string } | undefined;
  return { ...r, error: e === undefined ? undefined : { code: e.code, byteOffset: e.byteOffset, frame: e.frame, message: e.message } };
}

const data = (n: number, seed: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 13 + seed) & 0xff);

const pcap = writePcap(
  Array.from({ length: 12 }, (_, i) => ({ tsSec: 1000 + i, tsNsec: i * 1000, data: data((i * 37) % 150, i), origLen: 200 })),
  { linkType: LinkType.ETHERNET, littleEndian: false },
);

const pcapng = writePcapng([
  {
    interfaces: [{ linkType: LinkType.ETHERNET }, { linkType: LinkType.MTP2, tsresol: 0x80 | 20 }],
    blocks: [
      { type: 'epb', interfaceId: 0, ts: 1_000_000n, data: data(61, 1) },
      { type: 'raw', blockType: 0x1234, body: data(16, 2) },
      { type: 'epb', interfaceId: 1, ts: 1n << 40n, data: data(7, 3) },
      { type: 'spb', data: data(33, 4) },
      { type: 'pb', interfaceId: 0, ts: 5n, data: data(2, 5) },
    ],
  },
  {
    littleEndian: false,
    interfaces: [{ linkType: LinkType.LINUX_SLL, tsresol: 9, snaplen: 64 }],
    blocks: [
      { type: 'epb', interfaceId: 0, ts: 1_700_000_000_000_000_001n, data: data(100, 6) }, // > snaplen: anomaly
      { type: 'epb', interfaceId: 0, ts: 2n, data: data(0, 7) },
    ],
  },
]);

// A file whose tail is cut, and one whose tail is garbage: the outcome must not depend on chunking either.
const truncated = pcapng.subarray(0, pcapng.length - 9);
const garbage = concat(pcap, new Uint8Array(40).fill(0xf3));

describe.each([
  ['pcap', pcap, 12],
  ['pcapng (2 sections)', pcapng, 6],
  ['pcapng cut short', truncated, 5],
  ['pcap + garbage', garbage, 12],
])('%s', (_name, file, nFrames) => {
  const whole = collect(file);
  const ref = collectRaw(file);

  it('reference read', () => {
    expect(ref.frames.map((f) => f.frameNo)).toEqual(Array.from({ length: nFrames }, (_, i) => i + 1));
  });

  it.each([1, 7, 64])('chunks of %i bytes', (n) => {
    expect(collect(file, every(n, file.length))).toEqual(whole);
  });

  it('every single split point', () => {
    for (let i = 1; i < file.length; i++) expect(collect(file, [i])).toEqual(whole);
  });

  it('random split points (fast-check)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: file.length - 1 }), { maxLength: 30 }), (cuts) => {
        expect(
          collect(
            file,
            cuts.sort((a, b) => a - b),
          ),
        ).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });
});
