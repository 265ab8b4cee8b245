/**
 * Round trips encode → our decoder, at a non-zero offset of a larger buffer with garbage around
 * it, for the codecs whose own test files have no such property: IPv4 (RFC 791 §3.1), IPv6 with
 * extension headers (RFC 8200 §3-§4), SCTP DATA/I-DATA bundles (RFC 9260 §3.3.1, RFC 8260 §2.1),
 * TCP (RFC 9293 §3.1), classic pcap (draft-ietf-opsawg-pcap §4-5) and MAP arguments with random
 * digit strings (TS 29.002 §17.7.8, TBCD). The SS7, TCAP, BER and Diameter round trips live beside
 * their decoders (test/ss7, test/asn1, test/diameter).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipText } from '../../src/core/bytes.js';
import { toHex } from '../../src/encode/bytes.js';
import { ipv4, ipv6, ipv6Addr, type Ipv6Extension } from '../../src/encode/ip.js';
import { writePcap } from '../../src/encode/pcap.js';
import { DATA_FLAGS, sctpPacket, type SctpChunk } from '../../src/encode/sctp.js';
import { mapArg, mapRes } from '../../src/encode/map.js';
import { tcpSegment } from '../../src/encode/tcp.js';
import { decodeIpv4, newIpPacket } from '../../src/transport/ipv4.js';
import { decodeIpv6 } from '../../src/transport/ipv6.js';
import { decodeSctp, newSctpDataChunk, newSctpHeader } from '../../src/transport/sctp.js';
import { decodeTcp, newTcpHeader } from '../../src/transport/tcp-stream.js';
import { collect } from '../capture/collect.js';
import { all } from '../ss7/map/run.js';

/** `bytes` at offset `pad` of a buffer filled with 0xee, two garbage bytes after it. */
function at(bytes: Uint8Array, pad: number): { buf: Uint8Array; view: DataView; start: number; end: number } {
  const buf = new Uint8Array(pad + bytes.length + 2).fill(0xee);
  buf.set(bytes, pad);
  return { buf, view: new DataView(buf.buffer), start: pad, end: pad + bytes.length };
}

const pad = fc.integer({ min: 1, max: 9 });
const payload = fc.uint8Array({ minLength: 1, maxLength: 64 });
const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const v6 = fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 }).map((g) => g.map((x) => x.toString(16)).join(':'));

describe('sigwatch/encode round trips at non-zero offsets', () => {
  it('IPv4: addresses, protocol, fragment fields and payload come back', () => {
    fc.assert(
      fc.property(
        v4,
        v4,
        fc.nat(255),
        payload,
        fc.nat(0xffff),
        fc.boolean(),
        fc.nat(100),
        fc.nat(10),
        pad,
        (src, dst, proto, data, id, mf, fo, optWords, p) => {
          const options = new Uint8Array(optWords * 4).fill(1); // NOPs (RFC 791 §3.1)
          const pkt = ipv4({ src, dst, proto, payload: data, id, mf, fragOffset: fo * 8, options });
          const { buf, view, start, end } = at(pkt, p);
          const out = newIpPacket();
          expect(decodeIpv4(view, start, end, out)).toBe(end);
          expect(ipText(buf, out.addrOffset, 4)).toBe(src);
          expect(ipText(buf, out.addrOffset + 4, 4)).toBe(dst);
          expect([out.proto, out.fragId, out.moreFragments, out.fragOffset, out.fragment]).toEqual([proto, id, mf, fo * 8, mf || fo > 0]);
          expect(toHex(buf.subarray(out.offset, out.end))).toBe(toHex(data));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('IPv6: extension headers are walked to the upper-layer protocol and payload', () => {
    const ext: fc.Arbitrary<Ipv6Extension> = fc.oneof(
      fc.uint8Array({ maxLength: 13 }).map((options): Ipv6Extension => ({ type: 'hop-by-hop', options })),
      fc.constant<Ipv6Extension>({ type: 'destination' }),
      fc.constant<Ipv6Extension>({ type: 'routing' }),
    );
    fc.assert(
      fc.property(v6, v6, fc.constantFrom(6, 17, 132), payload, fc.array(ext, { maxLength: 3 }), pad, (src, dst, proto, data, exts, p) => {
        const { buf, view, start, end } = at(ipv6({ src, dst, proto, payload: data, extensions: exts }), p);
        const out = newIpPacket();
        expect(decodeIpv6(view, start, end, out)).toBe(end);
        expect(out.addrOffset).toBe(start + 8);
        expect(toHex(buf.subarray(out.addrOffset, out.addrOffset + 32))).toBe(toHex(ipv6Addr(src)) + toHex(ipv6Addr(dst)));
        expect([out.version, out.proto, out.fragment]).toEqual([6, proto, false]);
        expect(toHex(buf.subarray(out.offset, out.end))).toBe(toHex(data));
      }),
      { numRuns: 200 },
    );
  });

  it('SCTP: every bundled DATA and I-DATA chunk comes back with its fields and user data', () => {
    const chunk: fc.Arbitrary<SctpChunk> = fc.oneof(
      fc.record({ type: fc.constant('data' as const), tsn: fc.nat(), stream: fc.nat(0xffff), ssn: fc.nat(0xffff), ppid: fc.nat(), payload }),
      fc.record({ type: fc.constant('idata' as const), tsn: fc.nat(), stream: fc.nat(0xffff), mid: fc.nat(), ppid: fc.nat(), payload }),
    );
    fc.assert(
      fc.property(fc.nat(0xffff), fc.nat(0xffff), fc.nat(), fc.array(chunk, { minLength: 1, maxLength: 4 }), pad, (sp, dp, vtag, chunks, p) => {
        const { buf, view, start, end } = at(sctpPacket({ srcPort: sp, dstPort: dp, vtag, chunks }), p);
        const hdr = newSctpHeader();
        const seen: unknown[] = [];
        const anomalies: string[] = [];
        decodeSctp(view, start, end, hdr, newSctpDataChunk(), {
          data: (c) => seen.push([c.iData, c.flags, c.tsn, c.stream, c.iData ? c.mid : c.ssn, c.ppid, toHex(buf.subarray(c.offset, c.end))]),
          control: () => anomalies.push('control'),
          anomaly: (code) => anomalies.push(code),
        });
        expect(anomalies).toEqual([]);
        expect([hdr.srcPort, hdr.dstPort, hdr.vtag]).toEqual([sp, dp, vtag]);
        const B_E = DATA_FLAGS.B | DATA_FLAGS.E;
        expect(seen).toEqual(
          chunks.map((c) =>
            c.type === 'data'
              ? [false, B_E, c.tsn, c.stream, c.ssn, c.ppid, toHex(c.payload)]
              : c.type === 'idata'
                ? [true, B_E, c.tsn, c.stream, c.mid, c.ppid, toHex(c.payload)]
                : null,
          ),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('TCP: ports, sequence numbers, flags and the data after options come back', () => {
    fc.assert(
      fc.property(
        fc.nat(0xffff),
        fc.nat(0xffff),
        fc.nat(),
        fc.nat(),
        fc.nat(0x3f),
        fc.nat(10),
        fc.uint8Array({ maxLength: 64 }),
        pad,
        (sp, dp, seq, ack, flags, optWords, data, p) => {
          const { buf, view, start, end } = at(
            tcpSegment({ srcPort: sp, dstPort: dp, seq, ack, flags, options: new Uint8Array(optWords * 4).fill(1), payload: data }),
            p,
          );
          const out = newTcpHeader();
          expect(decodeTcp(view, start, end, out)).toBe(end);
          expect([out.srcPort, out.dstPort, out.seq, out.ack, out.flags, out.offset]).toEqual([sp, dp, seq, ack, flags, start + 20 + optWords * 4]);
          expect(toHex(buf.subarray(out.offset, out.end))).toBe(toHex(data));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('pcap: every frame comes back with its timestamp, lengths and bytes, either byte order and precision, at any chunking', () => {
    const frame = fc.record({ tsSec: fc.nat(), tsNsec: fc.nat(999_999_999), data: fc.uint8Array({ maxLength: 80 }) });
    fc.assert(
      fc.property(fc.array(frame, { minLength: 1, maxLength: 5 }), fc.boolean(), fc.boolean(), fc.nat(60), (frames, littleEndian, nanos, cut) => {
        const file = writePcap(frames, { linkType: 1, littleEndian, nanos });
        const r = collect(file, [Math.min(cut, file.length)]);
        expect(r.error).toBeUndefined();
        expect(r.anomalies).toEqual([]);
        expect(r.frames.map((f) => [f.tsSec, f.tsNsec, f.tsPrecision, f.linkType, f.capLen, f.hex])).toEqual(
          frames.map((f) => [f.tsSec, nanos ? f.tsNsec : Math.floor(f.tsNsec / 1000) * 1000, nanos ? 9 : 6, 1, f.data.length, toHex(f.data)]),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('MAP: random IMSI and E.164 digit strings come back from arguments and results, in every BER length style', () => {
    const digits = (min: number, max: number): fc.Arbitrary<string> => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
    fc.assert(
      fc.property(digits(6, 15), digits(3, 15), digits(3, 15), digits(3, 15), (imsi, msc, vlr, msisdn) => {
        // `all` decodes at a non-zero offset, then the indefinite and long-form re-encodings, and requires agreement.
        const ul = all(2, 'arg', mapArg.updateLocation({ imsi, mscNumber: msc, vlrNumber: vlr }));
        expect([ul.args, ul.subscriber]).toEqual([{ imsi, mscNumber: msc, vlrNumber: vlr }, { imsi }]);
        expect(all(2, 'res', mapRes.hlrNumber({ hlrNumber: msisdn })).args).toEqual({ hlrNumber: msisdn });
        const sri = all(22, 'arg', mapArg.sendRoutingInfo({ msisdn, gmscAddress: msc }));
        expect([sri.args, sri.subscriber]).toEqual([{ msisdn, gmscAddress: msc, interrogationType: 'basicCall' }, { msisdn }]);
      }),
      { numRuns: 200 },
    );
  });
});
