import { describe, expect, it } from 'vitest';
import { DecodeError, ErrorCode } from '../../src/core/errors.js';
import { LinkType } from '../../src/capture/types.js';
import { writePcap } from '../../src/encode/pcap.js';
import { CaptureReader } from '../../src/capture/reader.js';
import { collect, fromHex } from './collect.js';

const data = (n: number, seed = 1): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

describe('classic pcap (draft-ietf-opsawg-pcap §4–5)', () => {
  it('decodes a hand-written little-endian µs file', () => {
    // §4 header: magic a1b2c3d4 (LE), 2.4, reserved 0 0, SnapLen 65535, LinkType 1.
    // §5 record: ts 1700000000 (0x6553f100) . 123456 µs (0x0001e240), CapLen 4, OrigLen 60.
    const file = fromHex(`
      d4c3b2a1 0200 0400 00000000 00000000 ffff0000 01000000
      00f15365 40e20100 04000000 3c000000 deadbeef`);
    const r = collect(file);
    expect(r.error).toBeUndefined();
    expect(r.format).toBe('pcap');
    expect(r.frames).toEqual([
      {
        frameNo: 1,
        tsSec: 1700000000,
        tsNsec: 123456000,
        tsPrecision: 6,
        linkType: 1,
        interfaceId: 0,
        capLen: 4,
        origLen: 60,
        fileOffset: 24,
        hex: 'deadbeef',
      },
    ]);
    expect(r.counters['capture.truncated-record']).toBe(1); // CapLen < OrigLen: snaplen cut
    expect(r.anomalies).toEqual([]);
  });

  it('decodes a hand-written big-endian ns file (magic a1b23c4d)', () => {
    const file = fromHex(`
      a1b23c4d 0002 0004 00000000 00000000 00040000 00000071
      6553f100 3b9ac9ff 00000002 00000002 0102`);
    const r = collect(file);
    expect(r.frames).toEqual([
      {
        frameNo: 1,
        tsSec: 1700000000,
        tsNsec: 999_999_999,
        tsPrecision: 9,
        linkType: LinkType.LINUX_SLL,
        interfaceId: 0,
        capLen: 2,
        origLen: 2,
        fileOffset: 24,
        hex: '0102',
      },
    ]);
  });

  it.each([
    { littleEndian: true, nanos: false },
    { littleEndian: false, nanos: false },
    { littleEndian: true, nanos: true },
    { littleEndian: false, nanos: true },
  ])('round-trips writer output (%o)', (o) => {
    const frames = [
      { tsSec: 1, tsNsec: 2000, data: data(60) },
      { tsSec: 4_294_967_295, tsNsec: 999_999_000, data: data(1, 7) },
      { tsSec: 3, tsNsec: 0, data: new Uint8Array(0) },
    ];
    const r = collect(writePcap(frames, { linkType: LinkType.ETHERNET, ...o }));
    expect(r.error).toBeUndefined();
    expect(r.frames.map((f) => [f.frameNo, f.tsSec, f.tsNsec, f.tsPrecision, f.capLen, f.hex])).toEqual([
      [1, 1, 2000, o.nanos ? 9 : 6, 60, Buffer.from(data(60)).toString('hex')],
      [2, 4_294_967_295, 999_999_000, o.nanos ? 9 : 6, 1, Buffer.from(data(1, 7)).toString('hex')],
      [3, 3, 0, o.nanos ? 9 : 6, 0, ''],
    ]);
  });

  it('takes the link type from the low 16 bits of the LinkType field (§4: FCS bits above)', () => {
    // 0x14000001: P bit set, FCS length 1 (16-bit units), link type 1.
    const r = collect(writePcap([{ tsSec: 0, tsNsec: 0, data: data(14) }], { linkType: 0x14000001 }));
    expect(r.frames[0]?.linkType).toBe(1);
  });

  it('reports CapLen > OrigLen and CapLen > SnapLen as anomalies but delivers the record', () => {
    const file = writePcap(
      [
        { tsSec: 0, tsNsec: 0, data: data(10), origLen: 8 },
        { tsSec: 0, tsNsec: 0, data: data(100) },
      ],
      { linkType: 1, snaplen: 64 },
    );
    const r = collect(file);
    expect(r.error).toBeUndefined();
    expect(r.frames.map((f) => f.capLen)).toEqual([10, 100]);
    expect(r.anomalies.map((a) => [a.code, a.frame])).toEqual([
      ['capture.caplen-exceeds-origlen', 1],
      ['capture.caplen-exceeds-snaplen', 2],
    ]);
    expect(r.counters['capture.caplen-exceeds-snaplen']).toBe(1);
  });

  it('carries an out-of-range sub-second field into seconds, with an anomaly', () => {
    const r = collect(writePcap([{ tsSec: 10, tsNsec: 2_500_000_000, data: data(1) }], { linkType: 1, nanos: true }));
    expect(r.frames[0]).toMatchObject({ tsSec: 12, tsNsec: 500_000_000 });
    expect(r.anomalies[0]?.code).toBe('capture.bad-timestamp');
  });

  it('reports a major version other than 2', () => {
    const r = collect(writePcap([{ tsSec: 0, tsNsec: 0, data: data(1) }], { linkType: 1, major: 1 }));
    expect(r.frames).toHaveLength(1);
    expect(r.anomalies[0]?.code).toBe('capture.pcap.version');
  });
});

describe('classic pcap: bad input', () => {
  const good = [
    { tsSec: 1, tsNsec: 0, data: data(40) },
    { tsSec: 2, tsNsec: 0, data: data(50) },
  ];

  it('a file cut inside a record: earlier frames, then capture.truncated-file with the offset', () => {
    const full = writePcap(good, { linkType: 1 });
    for (const cut of [full.length - 1, 24 + 56 + 10, 24 + 56 + 16, 24 + 56 + 3]) {
      const r = collect(full.subarray(0, cut), [7]);
      expect(r.error).toBeUndefined();
      expect(r.frames.map((f) => f.frameNo)).toEqual([1]);
      expect(r.anomalies).toHaveLength(1);
      expect(r.anomalies[0]).toMatchObject({ code: 'capture.truncated-file', frame: 2 });
      expect(r.anomalies[0]?.detail).toContain(`starting at byte ${24 + 56}`);
      expect(r.counters['capture.truncated-file']).toBe(1);
    }
  });

  it('a file cut inside the file header is truncated, not unknown', () => {
    const r = collect(writePcap([], { linkType: 1 }).subarray(0, 10));
    expect(r.error).toBeUndefined();
    expect(r.anomalies[0]?.code).toBe('capture.truncated-file');
  });

  it('garbage after the header: BAD_LENGTH at the record offset, earlier frames delivered', () => {
    const ok = writePcap(good, { linkType: 1, snaplen: 65535 });
    const garbage = new Uint8Array(64).fill(0xa7); // CapLen 0xa7a7a7a7
    const file = new Uint8Array(ok.length + garbage.length);
    file.set(ok);
    file.set(garbage, ok.length);
    const r = collect(file, [3, 90]);
    expect(r.frames).toHaveLength(2);
    expect(r.error).toBeInstanceOf(DecodeError);
    expect(r.error).toMatchObject({ code: ErrorCode.BAD_LENGTH, byteOffset: ok.length, frame: 3 });
  });

  it('CapLen far above SnapLen: BAD_LENGTH (corrupt header), not a 2 MB allocation', () => {
    const file = writePcap([...good, { tsSec: 3, tsNsec: 0, data: data(4), capLen: 2_000_000 }], { linkType: 1, snaplen: 65535 });
    const r = collect(file);
    expect(r.frames).toHaveLength(2);
    expect(r.error).toMatchObject({ code: ErrorCode.BAD_LENGTH, byteOffset: 24 + 56 + 66, frame: 3 });
  });

  it('CapLen > 256 MiB (limits.maxRecordBytes) with SnapLen 0: BAD_LENGTH', () => {
    const file = writePcap([good[0]!, { tsSec: 3, tsNsec: 0, data: data(4), capLen: 256 * 1024 * 1024 + 1 }], { linkType: 1, snaplen: 0 });
    const r = collect(file);
    expect(r.frames).toHaveLength(1);
    expect(r.error).toMatchObject({ code: ErrorCode.BAD_LENGTH, byteOffset: 24 + 56, frame: 2 });
    expect(String((r.error as Error).message)).toContain('maxRecordBytes');
  });

  it('a record longer than limits.maxFrameBytes is passed over unread, its frame number kept (red-team rt7 P1)', () => {
    const file = writePcap([good[0]!, { tsSec: 3, tsNsec: 0, data: data(5000) }, good[1]!], { linkType: 1, snaplen: 0 });
    // Split everywhere around the big record: the header alone, inside the data, at its end.
    for (const cuts of [[], [24 + 56 + 8], [24 + 56 + 16, 24 + 56 + 3000], [24 + 56 + 16 + 5000], [24 + 56 + 20, 24 + 56 + 16 + 5000 + 3]]) {
      const r = collect(file, cuts, { maxFrameBytes: 4096 });
      expect(r.error, String(cuts)).toBeUndefined();
      expect(r.frames.map((f) => [f.frameNo, f.capLen])).toEqual([
        [1, 40],
        [3, 50],
      ]);
      expect(r.anomalies.map((a) => [a.code, a.frame])).toEqual([['capture.oversize-record', 2]]);
      expect(r.counters['capture.frames']).toBe(3); // every record read, the skipped one too
    }
  });

  it('a skipped record is never buffered: 300 KB pushed 1 KB at a time keeps the assembly buffer at its initial size', () => {
    const file = writePcap([{ tsSec: 3, tsNsec: 0, data: data(300_000) }, good[0]!], { linkType: 1, snaplen: 0 });
    const frames: number[] = [];
    const reader = new CaptureReader({ onFrame: (r) => frames.push(r.frameNo) });
    for (let i = 0; i < file.length; i += 1000) reader.push(file.subarray(i, i + 1000));
    reader.end();
    expect(frames).toEqual([2]);
    expect((reader as unknown as { pend: Uint8Array }).pend.length).toBeLessThanOrEqual(64 * 1024);
  });

  it('input ending inside a skipped record: capture.truncated-file', () => {
    const file = writePcap([good[0]!, { tsSec: 3, tsNsec: 0, data: data(5000) }], { linkType: 1, snaplen: 0 });
    const r = collect(file.subarray(0, file.length - 10), [], { maxFrameBytes: 4096 });
    expect(r.frames).toHaveLength(1);
    expect(r.anomalies.map((a) => [a.code, a.frame])).toEqual([
      ['capture.oversize-record', 2],
      ['capture.truncated-file', 2],
    ]);
  });

  it('honours a lower limits.maxRecordBytes', () => {
    const r = collect(writePcap(good, { linkType: 1, snaplen: 0 }), [], { maxRecordBytes: 45 });
    expect(r.frames).toHaveLength(1); // 40 bytes fit, the 50-byte record does not
    expect(r.error).toMatchObject({ code: ErrorCode.BAD_LENGTH, byteOffset: 24 + 56, frame: 2 });
  });

  it.each([
    ['text', new TextEncoder().encode('hello, world')],
    ['empty', new Uint8Array(0)],
    ['3 bytes', new Uint8Array([0xd4, 0xc3, 0xb2])],
    ['gzip', new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0])],
  ])('not a capture (%s): UNKNOWN_FORMAT at byte 0', (_n, bytes) => {
    const r = collect(bytes);
    expect(r.error).toBeInstanceOf(DecodeError);
    expect(r.error).toMatchObject({ code: ErrorCode.UNKNOWN_FORMAT, byteOffset: 0 });
    expect(r.frames).toEqual([]);
  });

  it('rethrows the same error on later calls', () => {
    const r = collect(new TextEncoder().encode('garbage!'));
    expect(r.error).toBeInstanceOf(DecodeError);
  });
});
