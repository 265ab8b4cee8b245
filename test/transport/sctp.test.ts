import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSctp, newSctpDataChunk, newSctpHeader, SCTP_ANOMALY, sctpChecksumOk, type SctpVisitor } from '../../src/transport/sctp.js';
import { crc32c, DATA_FLAGS, sctpPacket } from '../../src/encode/sctp.js';

interface Seen {
  data: { iData: boolean; flags: number; tsn: number; stream: number; ssn: number; mid: number; fsn: number; ppid: number; bytes: string }[];
  control: number[];
  anomalies: string[];
}

function walk(pkt: Uint8Array, end = pkt.length): Seen & { hdr: ReturnType<typeof newSctpHeader>; ok: boolean } {
  const buf = new Uint8Array(pkt.length + 9);
  buf.set(pkt, 9);
  const v = new DataView(buf.buffer);
  const seen: Seen = { data: [], control: [], anomalies: [] };
  const visitor: SctpVisitor = {
    data: (c) =>
      seen.data.push({
        iData: c.iData,
        flags: c.flags,
        tsn: c.tsn,
        stream: c.stream,
        ssn: c.ssn,
        mid: c.mid,
        fsn: c.fsn,
        ppid: c.ppid,
        bytes: Buffer.from(buf.subarray(c.offset, c.end)).toString('hex'),
      }),
    control: (t) => seen.control.push(t),
    anomaly: (code) => seen.anomalies.push(code),
  };
  const hdr = newSctpHeader();
  const ok = decodeSctp(v, 9, 9 + end, hdr, newSctpDataChunk(), visitor);
  return { ...seen, hdr, ok };
}

describe('decodeSctp (RFC 9260 §3)', () => {
  it('decodes a hand-written packet: SACK + DATA (B|E, 3 bytes, padded) from the RFC layout', () => {
    const hexPkt =
      '0b5a0b59' +
      '00000001' +
      '00000000' + // ports 2906 -> 2905, vtag 1, checksum 0
      '03000010' +
      '00000063' +
      '00010000' +
      '00000000' + // SACK (§3.3.4): cum TSN 99, a_rwnd 65536
      '00030013' +
      '00000064' +
      '00020007' +
      '00000003' +
      'aabbcc00'; // DATA len 19: TSN 100, SID 2, SSN 7, PPID 3
    const r = walk(Buffer.from(hexPkt, 'hex'));
    expect(r.hdr).toMatchObject({ srcPort: 2906, dstPort: 2905, vtag: 1 });
    expect(r.control).toEqual([3]);
    expect(r.data).toEqual([{ iData: false, flags: 3, tsn: 100, stream: 2, ssn: 7, mid: 0, fsn: 0, ppid: 3, bytes: 'aabbcc' }]);
    expect(r.anomalies).toEqual([]);
  });

  it('walks every bundled chunk: DATA, HEARTBEAT, DATA, I-DATA, unknown control', () => {
    const pkt = sctpPacket({
      srcPort: 1,
      dstPort: 2,
      vtag: 3,
      chunks: [
        { type: 'data', tsn: 10, stream: 0, ssn: 0, ppid: 3, payload: Uint8Array.of(1) },
        { type: 'heartbeat' },
        { type: 'data', tsn: 11, stream: 1, ssn: 5, ppid: 46, flags: DATA_FLAGS.B | DATA_FLAGS.U, payload: Uint8Array.of(2, 3, 4, 5, 6) },
        { type: 'idata', tsn: 12, stream: 4, mid: 99, fsn: 3, flags: DATA_FLAGS.E, payload: Uint8Array.of(7, 8) },
        { type: 'idata', tsn: 13, stream: 4, mid: 100, ppid: 5, flags: DATA_FLAGS.B, payload: Uint8Array.of(9) },
        { type: 'raw', chunkType: 0xc0, value: Uint8Array.of(0, 0, 0) },
      ],
    });
    const r = walk(pkt);
    expect(r.data.map((d) => [d.iData, d.tsn, d.stream, d.ssn, d.mid, d.fsn, d.ppid, d.flags, d.bytes])).toEqual([
      [false, 10, 0, 0, 0, 0, 3, 3, '01'],
      [false, 11, 1, 5, 0, 0, 46, 6, '0203040506'],
      [true, 12, 4, 0, 99, 3, 0, 1, '0708'], // RFC 8260 §2.1: not B → the field is the FSN
      [true, 13, 4, 0, 100, 0, 5, 2, '09'], // B → the field is the PPID, FSN 0
    ]);
    expect(r.control).toEqual([4, 0xc0]);
  });

  it('stops at a chunk length < 4 and at a chunk running past the packet', () => {
    const bad = sctpPacket({
      srcPort: 1,
      dstPort: 2,
      vtag: 0,
      chunks: [{ type: 'raw', chunkType: 3, value: new Uint8Array(4), length: 2 }, { type: 'heartbeat' }],
    });
    expect(walk(bad).anomalies).toEqual([SCTP_ANOMALY.BAD_CHUNK_LENGTH]);
    const pkt = sctpPacket({ srcPort: 1, dstPort: 2, vtag: 0, chunks: [{ type: 'data', tsn: 1, stream: 0, ssn: 0, ppid: 3, payload: new Uint8Array(20) }] });
    const r = walk(pkt, pkt.length - 4);
    expect(r.anomalies).toEqual([SCTP_ANOMALY.TRUNCATED]);
    expect(r.data).toEqual([]);
  });

  it('reports a DATA chunk without user data and a short common header', () => {
    const empty = sctpPacket({ srcPort: 1, dstPort: 2, vtag: 0, chunks: [{ type: 'raw', chunkType: 0, flags: 3, value: new Uint8Array(12) }] });
    expect(walk(empty).anomalies).toEqual([SCTP_ANOMALY.EMPTY_DATA]);
    const r = walk(new Uint8Array(11));
    expect(r.ok).toBe(false);
    expect(r.anomalies).toEqual([SCTP_ANOMALY.TRUNCATED]);
  });

  it('fixture CRC32c matches the RFC 3720 §B.4 check value (32 bytes of zeros → 0x8a9136aa)', () => {
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
  });
});

describe('sctpChecksumOk (RFC 9260 Appendix A)', () => {
  it('agrees with the fixture encoder for any payload, and any changed octet makes it wrong', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.nat(), (payload, at) => {
        const p = sctpPacket({ srcPort: 1, dstPort: 2, vtag: 3, checksum: true, chunks: [{ type: 'data', tsn: 9, stream: 0, ssn: 0, ppid: 3, payload }] });
        const v = new DataView(p.buffer);
        expect(sctpChecksumOk(v, 0, p.length)).toBe(true);
        const i = at % p.length;
        p[i]! ^= 0x10;
        expect(sctpChecksumOk(v, 0, p.length)).toBe(false);
      }),
    );
  });
});
