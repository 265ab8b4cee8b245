import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, ErrorCode } from '../../src/core/errors.js';
import { LinkType } from '../../src/capture/types.js';
import { type PcapngSection, writePcapng } from '../../src/encode/pcap.js';
import { collect, fromHex } from './collect.js';

const data = (n: number, seed = 1): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 17 + seed) & 0xff);
const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('pcapng (draft-ietf-opsawg-pcapng)', () => {
  it('decodes a hand-written big-endian SHB + IDB (if_tsresol 9) + EPB', () => {
    const file = fromHex(`
      0a0d0d0a 0000001c 1a2b3c4d 0001 0000 ffffffff ffffffff 0000001c
      00000001 00000020 0001 0000 00000000 0009 0001 09000000 00000000 00000020
      00000006 00000028 00000000 17979cfe 3d85cd15 00000005 00000005 0102030405000000 00000028`);
    // §4.1 SHB (28 bytes), §4.2 IDB LinkType 1 SnapLen 0 if_tsresol=9, §4.3 EPB interface 0,
    // timestamp 1700000000123456789 ns, 5 bytes padded to 8.
    const r = collect(file);
    expect(r.error).toBeUndefined();
    expect(r.format).toBe('pcapng');
    expect(r.frames).toEqual([
      {
        frameNo: 1,
        tsSec: 1700000000,
        tsNsec: 123456789,
        tsPrecision: 9,
        linkType: 1,
        interfaceId: 0,
        capLen: 5,
        origLen: 5,
        fileOffset: 60,
        hex: '0102030405',
      },
    ]);
  });

  it('decodes a hand-written little-endian file with the default µs resolution', () => {
    // §4.2 IDB without options (10^-6), LinkType 113, SnapLen 65535; EPB ts 1700000000000005 µs,
    // CapLen 3 of OrigLen 8.
    const file = fromHex(`
      0a0d0d0a 1c000000 4d3c2b1a 0100 0000 ffffffff ffffffff 1c000000
      01000000 14000000 7100 0000 ffff0000 14000000
      06000000 24000000 00000000 240a0600 05401e18 03000000 08000000 aabbcc00 24000000`);
    const r = collect(file);
    expect(r.frames).toEqual([
      {
        frameNo: 1,
        tsSec: 1700000000,
        tsNsec: 5000,
        tsPrecision: 6,
        linkType: LinkType.LINUX_SLL,
        interfaceId: 0,
        capLen: 3,
        origLen: 8,
        fileOffset: 48,
        hex: 'aabbcc',
      },
    ]);
    expect(r.counters['capture.truncated-record']).toBe(1);
  });

  it('several sections with different byte orders and interfaces; frame numbers run across them', () => {
    const file = writePcapng([
      {
        littleEndian: true,
        interfaces: [{ linkType: LinkType.ETHERNET }, { linkType: LinkType.LINUX_SLL, tsresol: 3 }],
        blocks: [
          { type: 'epb', interfaceId: 1, ts: 1_700_000_000_123n, data: data(20) },
          { type: 'epb', interfaceId: 0, ts: 1_700_000_000_000_001n, data: data(21) },
        ],
      },
      {
        littleEndian: false,
        interfaces: [{ linkType: LinkType.RAW, tsresol: 9, tsoffset: 1000 }],
        blocks: [
          { type: 'epb', interfaceId: 0, ts: 5_000_000_007n, data: data(22) },
          { type: 'epb', interfaceId: 1, ts: 0n, data: data(3) }, // interface 1 is gone: new section
        ],
      },
    ]);
    const r = collect(file);
    expect(r.error).toBeUndefined();
    expect(r.frames.map((f) => [f.frameNo, f.linkType, f.interfaceId, f.tsSec, f.tsNsec, f.tsPrecision, f.capLen])).toEqual([
      [1, LinkType.LINUX_SLL, 1, 1_700_000_000, 123_000_000, 3, 20],
      [2, LinkType.ETHERNET, 0, 1_700_000_000, 1000, 6, 21],
      [3, LinkType.RAW, 0, 1005, 7, 9, 22],
    ]);
    expect(r.anomalies.map((a) => [a.code, a.frame])).toEqual([['capture.pcapng.no-interface', 4]]);
  });

  it.each([
    // [if_tsresol octet, raw timestamp, tsSec, tsNsec, precision]
    [0x80 | 20, (5n << 20n) + (1n << 19n), 5, 500_000_000, 7], // 2^-20 s units: half a second
    [0x80 | 32, (7n << 32n) + (1n << 30n), 7, 250_000_000, 9],
    [0x80 | 0, 42n, 42, 0, 0],
    [0, 42n, 42, 0, 0],
    [12, 17_000_000_123_456_789_012n, 17_000_000, 123_456_789, 9], // 10^-12: BigInt path
    [0x80 | 40, (3n << 40n) + (1n << 39n), 3, 500_000_000, 9], // 2^-40: BigInt path
  ] as const)('if_tsresol 0x%s: raw %s → %s s %s ns', (tsresol, ts, sec, nsec, precision) => {
    const r = collect(writePcapng([{ interfaces: [{ linkType: 1, tsresol }], blocks: [{ type: 'epb', interfaceId: 0, ts, data: data(1) }] }]));
    expect(r.frames[0]).toMatchObject({ tsSec: sec, tsNsec: nsec, tsPrecision: precision });
  });

  it('if_tsoffset may be negative', () => {
    const r = collect(
      writePcapng([{ interfaces: [{ linkType: 1, tsoffset: -100 }], blocks: [{ type: 'epb', interfaceId: 0, ts: 1_000_000_500n, data: data(1) }] }]),
    );
    expect(r.frames[0]).toMatchObject({ tsSec: 900, tsNsec: 500_000 });
  });

  it.each([
    [300_000_000_000, 253_402_300_799],
    [-(2 ** 40), 0],
  ])('if_tsoffset %s s: the time is clamped to %s (years 1970-9999, the saved state’s range) and reported (rt15 H3)', (tsoffset, sec) => {
    const r = collect(writePcapng([{ interfaces: [{ linkType: 1, tsoffset }], blocks: [{ type: 'epb', interfaceId: 0, ts: 1_000_000_500n, data: data(1) }] }]));
    expect(r.frames[0]).toMatchObject({ tsSec: sec, tsNsec: 500_000 });
    expect(r.anomalies.map((a) => a.code)).toEqual(['capture.bad-timestamp']);
  });

  it('property: integer timestamp split equals the BigInt reference for any resolution', () => {
    const resol = fc.oneof(
      fc.integer({ min: 0, max: 15 }),
      fc.integer({ min: 0, max: 48 }).map((n) => 0x80 | n),
    );
    fc.assert(
      fc.property(resol, fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.boolean(), (tsresol, raw, le) => {
        const exp = BigInt(tsresol & 0x7f);
        const units = tsresol & 0x80 ? 1n << exp : 10n ** exp;
        const ts = raw % (units << 52n); // keep seconds < 2^52 so they are exact Numbers
        const r = collect(
          writePcapng([{ littleEndian: le, interfaces: [{ linkType: 1, tsresol }], blocks: [{ type: 'epb', interfaceId: 0, ts, data: data(2) }] }]),
        );
        expect(r.frames[0]?.tsSec).toBe(Math.min(Number(ts / units), 253_402_300_799)); // clamped past 9999 (rt15 H3)
        expect(r.frames[0]?.tsNsec).toBe(Number(((ts % units) * 1_000_000_000n) / units));
      }),
      { numRuns: 300 },
    );
  });

  it('Simple Packet Block: CapLen = min(OrigLen, IDB 0 SnapLen, block room) (§4.4)', () => {
    const r = collect(
      writePcapng([
        {
          interfaces: [{ linkType: LinkType.ETHERNET, snaplen: 8 }],
          blocks: [
            { type: 'spb', data: data(10), origLen: 10 }, // SnapLen 8 cuts it
            { type: 'spb', data: data(5), origLen: 5 }, // 5 bytes + 3 padding: OrigLen bounds it
          ],
        },
      ]),
    );
    expect(r.frames.map((f) => [f.capLen, f.origLen, f.hex, f.tsSec, f.interfaceId])).toEqual([
      [8, 10, hexOf(data(10).subarray(0, 8)), 0, 0],
      [5, 5, hexOf(data(5)), 0, 0],
    ]);
  });

  it('obsolete Packet Block (type 2, Appendix A) is read like an EPB', () => {
    const r = collect(
      writePcapng([{ interfaces: [{ linkType: 0 }, { linkType: LinkType.MTP2 }], blocks: [{ type: 'pb', interfaceId: 1, ts: 2_000_003n, data: data(9) }] }]),
    );
    expect(r.frames).toEqual([
      {
        frameNo: 1,
        tsSec: 2,
        tsNsec: 3000,
        tsPrecision: 6,
        linkType: LinkType.MTP2,
        interfaceId: 1,
        capLen: 9,
        origLen: 9,
        fileOffset: 28 + 20 + 20,
        hex: hexOf(data(9)),
      },
    ]);
  });

  it('skips and counts unknown and spec-defined non-packet blocks', () => {
    const r = collect(
      writePcapng([
        {
          interfaces: [{ linkType: 1 }],
          blocks: [
            { type: 'raw', blockType: 0x7777, body: data(6) },
            { type: 'raw', blockType: 0x00000bad, body: data(8) }, // custom block (§4.8)
            { type: 'raw', blockType: 5, body: new Uint8Array(12) }, // ISB
            { type: 'epb', interfaceId: 0, ts: 0n, data: data(4) },
          ],
        },
      ]),
    );
    expect(r.frames).toHaveLength(1);
    expect(r.counters['capture.pcapng.unknown-block']).toBe(1);
    expect(r.counters['capture.pcapng.ignored-block']).toBe(2);
    expect(r.anomalies).toEqual([]);
  });

  it('EPB whose CapLen overruns the block is skipped with an anomaly; reading continues', () => {
    const r = collect(
      writePcapng([
        {
          interfaces: [{ linkType: 1, snaplen: 100 }],
          blocks: [
            { type: 'epb', interfaceId: 0, ts: 0n, data: data(8), capLen: 400 },
            { type: 'epb', interfaceId: 0, ts: 0n, data: data(8), origLen: 4 },
          ],
        },
      ]),
    );
    expect(r.frames.map((f) => f.frameNo)).toEqual([1]);
    expect(r.anomalies.map((a) => a.code)).toEqual(['capture.pcapng.bad-block', 'capture.caplen-exceeds-origlen']);
  });
});

describe('pcapng: interfaces per section are bounded (limits.pcapngInterfaces)', () => {
  const idbs = (n: number, linkType: number = LinkType.ETHERNET) => Array.from({ length: n }, () => ({ linkType }));

  it('IDBs past the limit keep their interface IDs (§4.2) but are not kept: packets on them are skipped, the first excess IDB reported once per section', () => {
    const r = collect(
      writePcapng([
        {
          interfaces: [...idbs(2), ...idbs(3, LinkType.RAW)],
          blocks: [
            { type: 'epb', interfaceId: 1, ts: 0n, data: data(4) },
            { type: 'epb', interfaceId: 2, ts: 0n, data: data(4) }, // described by the 3rd IDB: past the limit
            { type: 'epb', interfaceId: 4, ts: 0n, data: data(4) },
            { type: 'epb', interfaceId: 5, ts: 0n, data: data(4) }, // no IDB at all
            { type: 'epb', interfaceId: 0, ts: 0n, data: data(4) },
          ],
        },
        { interfaces: idbs(3, LinkType.RAW), blocks: [{ type: 'epb', interfaceId: 1, ts: 0n, data: data(4) }] },
      ]),
      [],
      { pcapngInterfaces: 2 },
    );
    expect(r.error).toBeUndefined();
    expect(r.frames.map((f) => [f.frameNo, f.interfaceId, f.linkType])).toEqual([
      [1, 1, LinkType.ETHERNET],
      [2, 0, LinkType.ETHERNET],
      [3, 1, LinkType.RAW],
    ]);
    expect(r.anomalies.map((a) => [a.code, a.frame])).toEqual([
      ['capture.pcapng.interface-limit', 1],
      ['capture.pcapng.interface-limit', 2],
      ['capture.pcapng.interface-limit', 2],
      ['capture.pcapng.no-interface', 2],
      ['capture.pcapng.interface-limit', 3],
    ]);
    expect(r.anomalies[0]?.detail).toMatch(/^IDB at byte 68: the section already describes limits\.pcapngInterfaces \(2\)/);
    expect(r.counters['capture.pcapng.interfaces-dropped']).toBe(3 + 1);
  });

  it('default limit: 4,097 IDBs keep 4,096 interfaces', () => {
    const r = collect(
      writePcapng([
        {
          interfaces: idbs(4_097),
          blocks: [
            { type: 'epb', interfaceId: 4_095, ts: 0n, data: data(4) },
            { type: 'epb', interfaceId: 4_096, ts: 0n, data: data(4) },
          ],
        },
      ]),
    );
    expect(r.frames.map((f) => f.interfaceId)).toEqual([4_095]);
    expect(r.anomalies.map((a) => [a.code, a.frame])).toEqual([
      ['capture.pcapng.interface-limit', 1],
      ['capture.pcapng.interface-limit', 2],
    ]);
    expect(r.counters['capture.pcapng.interfaces-dropped']).toBe(1);
  });
});

describe('pcapng: bad input', () => {
  const section = (extra: PcapngSection['blocks']): Uint8Array =>
    writePcapng([{ interfaces: [{ linkType: 1 }], blocks: [{ type: 'epb', interfaceId: 0, ts: 1n, data: data(8) }, ...extra] }]);
  // SHB 28 + IDB 20 + EPB 40
  const secondBlockAt = 28 + 20 + 40;

  it('Block Total Length not a multiple of 4: BAD_LENGTH with byte offset and frame', () => {
    const r = collect(section([{ type: 'raw', blockType: 0x55, body: data(8), totalLength: 22 }]), [50]);
    expect(r.frames).toHaveLength(1);
    expect(r.error).toBeInstanceOf(DecodeError);
    expect(r.error).toMatchObject({ code: ErrorCode.BAD_LENGTH, byteOffset: secondBlockAt + 4, frame: 2 });
  });

  it('Block Total Length < 12: BAD_LENGTH', () => {
    const r = collect(section([{ type: 'raw', blockType: 0x55, body: data(8), totalLength: 8 }]));
    expect(r.error).toMatchObject({ code: ErrorCode.BAD_LENGTH, byteOffset: secondBlockAt + 4, frame: 2 });
  });

  it('trailing Block Total Length mismatch: BAD_LENGTH at the trailing field', () => {
    const r = collect(section([{ type: 'raw', blockType: 0x55, body: data(8), trailingLength: 24 }]));
    expect(r.frames).toHaveLength(1);
    expect(r.error).toMatchObject({ code: ErrorCode.BAD_LENGTH, byteOffset: secondBlockAt + 20 - 4, frame: 2 });
  });

  it('a block longer than limits.maxFrameBytes is passed over unread: an EPB keeps its frame number, another block counts as ignored', () => {
    const big = writePcapng([
      {
        interfaces: [{ linkType: 1 }],
        blocks: [
          { type: 'epb', interfaceId: 0, ts: 1n, data: data(8) },
          { type: 'epb', interfaceId: 0, ts: 2n, data: data(6000) },
          { type: 'raw', blockType: 0x0bad, body: data(7000) },
          { type: 'epb', interfaceId: 0, ts: 3n, data: data(12) },
        ],
      },
    ]);
    for (const cuts of [[], [secondBlockAt + 6], [secondBlockAt + 12, secondBlockAt + 2000, secondBlockAt + 6040]]) {
      const r = collect(big, cuts, { maxFrameBytes: 4096 });
      expect(r.error, String(cuts)).toBeUndefined();
      expect(r.frames.map((f) => [f.frameNo, f.capLen])).toEqual([
        [1, 8],
        [3, 12],
      ]);
      expect(r.anomalies.map((a) => [a.code, a.frame])).toEqual([['capture.oversize-record', 2]]);
      expect(r.counters['capture.pcapng.ignored-block']).toBe(1);
    }
  });

  // Review of the merge: a block passed over unread had its trailing length unchecked, so a corrupt
  // length skipped whatever followed silently; now BAD_LENGTH as for a block read whole, cut anywhere.
  it('a block longer than limits.maxFrameBytes still has its trailing Block Total Length checked (§3.1)', () => {
    const raw = section([
      { type: 'raw', blockType: 0x0bad, body: data(7000), trailingLength: 7016 },
      { type: 'epb', interfaceId: 0, ts: 3n, data: data(12) },
    ]);
    const epb = section([{ type: 'epb', interfaceId: 0, ts: 2n, data: data(6000) }]);
    const epbEnd = secondBlockAt + 28 + 6000 + 4;
    new DataView(epb.buffer, epb.byteOffset).setUint32(epbEnd - 4, 6036, true);
    for (const [file, end, code] of [
      [raw, secondBlockAt + 12 + 7000, []],
      [epb, epbEnd, ['capture.oversize-record']],
    ] as const) {
      for (const cuts of [[], [secondBlockAt + 6], [secondBlockAt + 12, secondBlockAt + 2000], [end - 6], [end - 4], [end - 2], [end - 5, end - 1]]) {
        const r = collect(file, cuts, { maxFrameBytes: 4096 });
        expect(r.frames, String(cuts)).toHaveLength(1);
        expect(r.error, String(cuts)).toMatchObject({ code: ErrorCode.BAD_LENGTH, byteOffset: end - 4, frame: 2 });
        expect(r.anomalies.map((a) => a.code)).toEqual(code);
      }
    }
  });

  it('a Section Header or Interface Description Block longer than limits.maxFrameBytes: BAD_LENGTH', () => {
    const r = collect(section([]), [], { maxFrameBytes: 8 });
    expect(r.error).toMatchObject({ code: ErrorCode.BAD_LENGTH, byteOffset: 4 });
    // SHB body 16 octets fits; the IDB with its if_tsresol option (body 8 + 12) does not.
    const idb = collect(writePcapng([{ interfaces: [{ linkType: 1, tsresol: 6 }], blocks: [] }]), [], { maxFrameBytes: 16 });
    expect(idb.error).toMatchObject({ code: ErrorCode.BAD_LENGTH, byteOffset: 28 + 4 });
  });

  it('block longer than limits.maxRecordBytes: BAD_LENGTH before buffering it', () => {
    const r = collect(section([{ type: 'raw', blockType: 0x55, body: data(8), totalLength: 0xfffffff0 }]));
    expect(r.error).toMatchObject({ code: ErrorCode.BAD_LENGTH, byteOffset: secondBlockAt + 4, frame: 2 });
    const small = collect(section([]), [], { maxRecordBytes: 20 });
    expect(small.error).toMatchObject({ code: ErrorCode.BAD_LENGTH, byteOffset: 28 + 20 + 4, frame: 1 });
  });

  it('unknown major version: UNKNOWN_FORMAT', () => {
    const r = collect(writePcapng([{ major: 2, interfaces: [], blocks: [] }]));
    expect(r.error).toMatchObject({ code: ErrorCode.UNKNOWN_FORMAT, byteOffset: 12 });
  });

  it('bad Byte-Order Magic: MALFORMED', () => {
    const f = writePcapng([{ interfaces: [], blocks: [] }]);
    f[8] = 0x99;
    expect(collect(f).error).toMatchObject({ code: ErrorCode.MALFORMED, byteOffset: 8 });
  });

  it('file cut inside a block: earlier frames, capture.truncated-file', () => {
    const full = section([{ type: 'epb', interfaceId: 0, ts: 2n, data: data(30) }]);
    const r = collect(full.subarray(0, full.length - 5), [61]);
    expect(r.error).toBeUndefined();
    expect(r.frames).toHaveLength(1);
    expect(r.anomalies[0]).toMatchObject({ code: 'capture.truncated-file', frame: 2 });
    expect(r.anomalies[0]?.detail).toContain(`starting at byte ${secondBlockAt}`);
  });
});
