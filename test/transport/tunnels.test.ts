/**
 * Tunnels opened to the signalling inside (red-team rt7 E1): MPLS label stacks (RFC 3032), GRE
 * (RFC 2784, RFC 2890), ERSPAN types I–III (draft-foschiano-erspan-03), VXLAN (RFC 7348), each
 * as a mirror or a core link writes it; nesting bounded; every frame accounted for.
 */
import { describe, expect, it } from 'vitest';
import { decodeLink, LINK_TRUNCATED, newLinkResult } from '../../src/capture/link/index.js';
import { ipv4, ipv6 } from '../../src/encode/ip.js';
import { ethernet } from '../../src/encode/pcap.js';
import { sctpPacket } from '../../src/encode/sctp.js';
import { decodeGeneve, decodeGre, decodeIpv4InIp, decodeIpv6InIp, decodeVxlan, TUNNEL_UNSUPPORTED, udpTunnel } from '../../src/transport/tunnels.js';
import { concat, frame, hex, recorder } from './fixtures.js';

const u8 = (...a: number[]): Uint8Array => Uint8Array.from(a);
const m3uaMsg = u8(1, 0, 1, 1, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0); // RFC 4666 §3.1 header shape
const INNER_SRC = '10.9.9.9';
const INNER_DST = '10.0.0.2';
const inner = ipv4({
  src: INNER_SRC,
  dst: INNER_DST,
  proto: 132,
  payload: sctpPacket({ srcPort: 2905, dstPort: 2905, vtag: 7, chunks: [{ type: 'data', tsn: 1, stream: 1, ssn: 0, ppid: 3, payload: m3uaMsg }] }),
});
const innerEth = ethernet(0x0800, inner);
/** A label stack entry (RFC 3032 §2.1): label, bottom-of-stack bit, TTL 64. */
const label = (n: number, bottom: boolean): Uint8Array => u8(n >>> 12, (n >>> 4) & 0xff, ((n & 0xf) << 4) | (bottom ? 1 : 0), 64);
const outerIp = (proto: number, payload: Uint8Array): Uint8Array => ipv4({ src: '192.0.2.1', dst: '192.0.2.2', proto, payload });
/** GRE header (RFC 2784 §2.1, RFC 2890 §2): flags word, protocol type, optional fields as given. */
const gre = (flags: number, type: number, ...optional: Uint8Array[]): Uint8Array => concat(u8(flags >>> 8, flags & 0xff, type >>> 8, type & 0xff), ...optional);
const word = (n: number): Uint8Array => u8(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
const udp = (dstPort: number, payload: Uint8Array): Uint8Array => {
  const l = 8 + payload.length;
  return concat(u8(0x30, 0x39, dstPort >>> 8, dstPort & 0xff, l >>> 8, l & 0xff, 0, 0), payload);
};
const vxlan = (flags: number, frameBytes: Uint8Array): Uint8Array => udp(4789, concat(u8(flags, 0, 0, 0, 0, 0, 1, 0), frameBytes));
/** Geneve (RFC 8926 §3.4): version, option length in words, protocol type, VNI, then the options. */
const geneve = (version: number, type: number, options: Uint8Array, payload: Uint8Array): Uint8Array =>
  udp(6081, concat(u8((version << 6) | (options.length / 4), 0, type >>> 8, type & 0xff, 0, 0, 1, 0), options, payload));

/** Each frame's payloads through a PacketDecoder: what it emitted, its counters, its anomaly codes. */
function run(...frames: Uint8Array[]) {
  const r = recorder();
  for (const [i, f] of frames.entries()) r.dec.frame(frame(f, i + 1, 1));
  return { ...r, codes: r.anomalies.map((a) => a.code) };
}

describe('MPLS label stacks (RFC 3032) on an Ethernet link', () => {
  const link = (bytes: Uint8Array) => {
    const out = newLinkResult();
    decodeLink(1, new DataView(bytes.buffer), 0, bytes.length, out);
    return out;
  };

  it('finds IPv4 and IPv6 below one or two labels by the first nibble (RFC 3032 §3.2)', () => {
    const one = ethernet(0x8847, concat(label(16, true), inner));
    expect(link(one)).toMatchObject({ net: 'ipv4', offset: 18 });
    const two = ethernet(0x8848, concat(label(16, false), label(17, true), inner));
    expect(link(two)).toMatchObject({ net: 'ipv4', offset: 22 });
    const v6 = ipv6({ src: '2001:db8::1', dst: '2001:db8::2', proto: 132, payload: new Uint8Array(12) });
    expect(link(ethernet(0x8847, concat(label(3, true), v6)))).toMatchObject({ net: 'ipv6', offset: 18 });
    expect(link(ethernet(0x8100, concat(label(3, true), inner), [[0x8100, 5]]))).toMatchObject({ net: 'other' });
  });

  it('opens an Ethernet pseudowire without a control word (RFC 4448 §4.6), whatever its MAC starts with (rt9 T1)', () => {
    for (const mac of [0x00, 0x45, 0x60]) {
      const frameBytes = innerEth.slice();
      frameBytes[0] = mac;
      expect(link(ethernet(0x8847, concat(label(16, true), frameBytes)))).toMatchObject({ net: 'ipv4', offset: 14 + 4 + 14 });
    }
  });

  it('opens one Ethernet pseudowire behind a control word (RFC 4385 §3, RFC 4448), not a second', () => {
    const pw = ethernet(0x8847, concat(label(16, true), word(0), innerEth));
    expect(link(pw)).toMatchObject({ net: 'ipv4', offset: 14 + 4 + 4 + 14 });
    const pwInPw = ethernet(0x8847, concat(label(16, true), word(0), ethernet(0x8847, concat(label(17, true), word(0), innerEth))));
    expect(link(pwInPw)).toMatchObject({ net: 'other', proto: 0x8847 });
  });

  it('reports a label stack without its bottom entry or payload as cut short', () => {
    expect(link(ethernet(0x8847, concat(label(16, false), label(17, false))))).toMatchObject({ net: 'other', proto: LINK_TRUNCATED });
    expect(link(ethernet(0x8847, label(16, true)))).toMatchObject({ net: 'other', proto: LINK_TRUNCATED });
    expect(link(ethernet(0x8847, concat(label(16, true), u8(0x50, 0))))).toMatchObject({ net: 'other', proto: 0x8847 });
  });
});

describe('GRE, ERSPAN and VXLAN headers', () => {
  const at = (decode: typeof decodeGre, bytes: Uint8Array) => {
    const out = newLinkResult();
    decode(new DataView(bytes.buffer), 0, bytes.length, out);
    return out;
  };

  it('skips the optional GRE fields the C, K and S bits announce (RFC 2784 §2.1, RFC 2890 §2)', () => {
    expect(at(decodeGre, gre(0, 0x0800, inner))).toMatchObject({ net: 'ipv4', offset: 4 });
    expect(at(decodeGre, gre(0x8000, 0x0800, word(0), inner))).toMatchObject({ net: 'ipv4', offset: 8 });
    expect(at(decodeGre, gre(0xb000, 0x0800, word(0), word(7), word(1), inner))).toMatchObject({ net: 'ipv4', offset: 16 });
    expect(at(decodeGre, gre(0, 0x6558, innerEth))).toMatchObject({ net: 'ipv4', offset: 18 });
    expect(at(decodeGre, gre(0, 0x8847, label(16, true), inner))).toMatchObject({ net: 'ipv4', offset: 8 });
  });

  it('reads past the RFC 1701 bits that announce no field (s, Recur) and the ignored bits 6-12 (rt9 T1: Linux does)', () => {
    expect(at(decodeGre, gre(0x0800, 0x0800, inner))).toMatchObject({ net: 'ipv4', offset: 4 });
    expect(at(decodeGre, gre(0x0500, 0x0800, inner))).toMatchObject({ net: 'ipv4', offset: 4 });
    expect(at(decodeGre, gre(0x00f8, 0x0800, inner))).toMatchObject({ net: 'ipv4', offset: 4 });
  });

  it('does not decode RFC 1701 routing, PPTP version 1 or a header cut short', () => {
    expect(at(decodeGre, gre(0x4000, 0x0800, inner))).toMatchObject({ net: 'other', proto: TUNNEL_UNSUPPORTED });
    expect(at(decodeGre, gre(0x0001, 0x880b, inner))).toMatchObject({ net: 'other', proto: TUNNEL_UNSUPPORTED });
    expect(at(decodeGre, gre(0x3000, 0x0800, word(7)))).toMatchObject({ net: 'other', proto: LINK_TRUNCATED });
    expect(at(decodeGre, u8(0, 0, 8))).toMatchObject({ net: 'other', proto: LINK_TRUNCATED });
  });

  it('reads ERSPAN type I (no header), II (8 octets, version 1) and III (12, version 2, + 8 with O)', () => {
    const typeI = gre(0, 0x88be, innerEth);
    expect(at(decodeGre, typeI)).toMatchObject({ net: 'ipv4', offset: 4 + 14 });
    const typeII = gre(0x1000, 0x88be, word(1), u8(0x10, 0, 0, 1, 0, 0, 0, 0), innerEth);
    expect(at(decodeGre, typeII)).toMatchObject({ net: 'ipv4', offset: 8 + 8 + 14 });
    const typeIII = (o: number, ...sub: Uint8Array[]) => gre(0x1000, 0x22eb, word(1), u8(0x20, 0, 0, 1), word(0), u8(0, 0, 0, o), ...sub, innerEth);
    expect(at(decodeGre, typeIII(0))).toMatchObject({ net: 'ipv4', offset: 8 + 12 + 14 });
    expect(at(decodeGre, typeIII(1, word(0), word(0)))).toMatchObject({ net: 'ipv4', offset: 8 + 20 + 14 });
    const wrongVersion = gre(0x1000, 0x88be, word(1), u8(0x20, 0, 0, 1, 0, 0, 0, 0), innerEth);
    expect(at(decodeGre, wrongVersion)).toMatchObject({ net: 'other', proto: TUNNEL_UNSUPPORTED });
  });

  it('reads VXLAN only with the I flag (RFC 7348 §5), within the UDP length', () => {
    expect(at(decodeVxlan, vxlan(0x08, innerEth))).toMatchObject({ net: 'ipv4', offset: 8 + 8 + 14, end: 8 + 8 + innerEth.length });
    expect(at(decodeVxlan, vxlan(0x00, innerEth))).toMatchObject({ net: 'other', proto: TUNNEL_UNSUPPORTED });
    expect(at(decodeVxlan, concat(vxlan(0x08, innerEth), new Uint8Array(6)))).toMatchObject({ end: 8 + 8 + innerEth.length });
    expect(at(decodeVxlan, udp(4789, u8(8, 0, 0)))).toMatchObject({ net: 'other', proto: LINK_TRUNCATED });
  });

  it("opens VXLAN on Linux's older default port 8472 too, Geneve on 6081, no other UDP port", () => {
    const on = (port: number) => {
      const d = udp(port, concat(u8(0x08, 0, 0, 0, 0, 0, 1, 0), innerEth));
      return udpTunnel(new DataView(d.buffer), 0, d.length);
    };
    expect([on(4789), on(8472), on(6081), on(5060)]).toEqual([decodeVxlan, decodeVxlan, decodeGeneve, undefined]);
  });
});

describe('IP in IP and Geneve (rt9 T1)', () => {
  const at = (decode: typeof decodeGre, bytes: Uint8Array) => {
    const out = newLinkResult();
    decode(new DataView(bytes.buffer), 0, bytes.length, out);
    return out;
  };

  it('reads the inner packet of IP protocol 4/41 of the version the protocol names (RFC 2003 §3, RFC 4213 §3.5)', () => {
    expect(at(decodeIpv4InIp, inner)).toMatchObject({ net: 'ipv4', offset: 0, end: inner.length });
    const v6 = ipv6({ src: '2001:db8::1', dst: '2001:db8::2', proto: 132, payload: new Uint8Array(12) });
    expect(at(decodeIpv6InIp, v6)).toMatchObject({ net: 'ipv6', offset: 0 });
    // The other version inside (review of the merge: receivers drop it), another nibble, nothing.
    expect(at(decodeIpv4InIp, v6)).toMatchObject({ net: 'other', proto: TUNNEL_UNSUPPORTED });
    expect(at(decodeIpv6InIp, inner)).toMatchObject({ net: 'other', proto: TUNNEL_UNSUPPORTED });
    expect(at(decodeIpv4InIp, u8(0x50, 0))).toMatchObject({ net: 'other', proto: TUNNEL_UNSUPPORTED });
    expect(at(decodeIpv4InIp, u8())).toMatchObject({ net: 'other', proto: LINK_TRUNCATED });
  });

  it('reads Geneve version 0 past its options: an Ethernet frame (0x6558) or an EtherType (RFC 8926 §3.4)', () => {
    expect(at(decodeGeneve, geneve(0, 0x6558, new Uint8Array(0), innerEth))).toMatchObject({ net: 'ipv4', offset: 8 + 8 + 14 });
    expect(at(decodeGeneve, geneve(0, 0x0800, new Uint8Array(8), inner))).toMatchObject({ net: 'ipv4', offset: 8 + 8 + 8 });
    expect(at(decodeGeneve, geneve(1, 0x0800, new Uint8Array(0), inner))).toMatchObject({ net: 'other', proto: TUNNEL_UNSUPPORTED });
    expect(at(decodeGeneve, geneve(0, 0x0800, new Uint8Array(64), u8()).subarray(0, 40))).toMatchObject({ net: 'other', proto: LINK_TRUNCATED });
  });
});

describe('PacketDecoder: signalling inside tunnels', () => {
  const encapsulations: Record<string, Uint8Array> = {
    'MPLS, two labels': ethernet(0x8847, concat(label(16, false), label(17, true), inner)),
    'IPv4 in GRE': ethernet(0x0800, outerIp(47, gre(0, 0x0800, inner))),
    'ERSPAN type II': ethernet(0x0800, outerIp(47, gre(0x1000, 0x88be, word(1), u8(0x10, 0, 0, 1, 0, 0, 0, 0), innerEth))),
    VXLAN: ethernet(0x0800, outerIp(17, vxlan(0x08, innerEth))),
    'IPv4 in IPv4 (rt9 T1)': ethernet(0x0800, outerIp(4, inner)),
    'IPv4 in IPv6, next header 4 (rt9 T1)': ethernet(0x86dd, ipv6({ src: '2001:db8::1', dst: '2001:db8::2', proto: 4, payload: inner })),
    'Geneve (rt9 T1)': ethernet(0x0800, outerIp(17, geneve(0, 0x6558, new Uint8Array(4), innerEth))),
    'GRE with strict source route and recursion bits (rt9 T1)': ethernet(0x0800, outerIp(47, gre(0x0d00, 0x0800, inner))),
    'MPLS in VXLAN in GRE': ethernet(0x0800, outerIp(47, gre(0, 0x0800, outerIp(17, vxlan(0x08, ethernet(0x8847, concat(label(9, true), inner))))))),
  };

  for (const [name, bytes] of Object.entries(encapsulations)) {
    it(`${name}: the inner M3UA message, on the inner packet's flow`, () => {
      const { out, codes } = run(bytes);
      expect(out.map((p) => [p.proto, p.hex])).toEqual([['m3ua', hex(m3uaMsg)]]);
      expect(out[0]!.flow).toMatchObject({ transport: 'sctp', src: INNER_SRC, dst: INNER_DST });
      expect(codes).toEqual([]);
    });
  }

  it('opens tunnels 4 deep, reports the fifth, and keeps decoding', () => {
    let nested = inner;
    for (let i = 0; i < 5; i++) nested = outerIp(47, gre(0, 0x0800, nested));
    const { out, codes, counters } = run(ethernet(0x0800, nested), ethernet(0x0800, outerIp(47, gre(0, 0x0800, inner))));
    expect(codes).toEqual(['link.tunnel-depth']);
    expect(out.map((p) => p.frameNo)).toEqual([2]);
    expect(counters.get('link.tunnelled')).toBe(6);
    expect(counters.get('link.tunnel-not-ip')).toBe(1);
  });

  it('counts a tunnel holding no IP packet, and reports a bad one', () => {
    const arp = ethernet(0x0806, new Uint8Array(28));
    const { out, codes, counters } = run(
      ethernet(0x0800, outerIp(17, vxlan(0x08, arp))),
      ethernet(0x0800, outerIp(47, gre(0x0001, 0x880b, inner))),
      ethernet(0x0800, outerIp(47, u8(0x30, 0, 8, 0))),
      ethernet(0x0800, outerIp(17, udp(5060, inner))),
    );
    expect(out).toEqual([]);
    expect(codes).toEqual(['link.tunnel-unsupported', 'link.tunnel-truncated']);
    expect([counters.get('link.tunnelled'), counters.get('link.tunnel-not-ip'), counters.get('ip.udp-ignored')]).toEqual([3, 3, 1]);
  });

  it("a fragmented datagram inside a reassembled one keeps the outer datagram's other version (review of the merge)", () => {
    const sctpOf = (b: number) =>
      sctpPacket({
        srcPort: 2905,
        dstPort: 2905,
        vtag: 7,
        chunks: [{ type: 'data', tsn: 1, stream: 1, ssn: 0, ppid: 3, payload: u8(1, 0, 1, 1, 0, 0, 0, 16, b, b, b, b, b, b, b, b) }],
      });
    const innerPayload = sctpOf(0xaa);
    const frag = (fragOffset: number, mf: boolean, payload: Uint8Array) => ipv4({ src: INNER_SRC, dst: INNER_DST, proto: 132, id: 2, mf, fragOffset, payload });
    const outer = (o: { id?: number; mf?: boolean; fragOffset?: number }, payload: Uint8Array) =>
      ethernet(0x0800, ipv4({ src: '192.0.2.1', dst: '192.0.2.2', proto: 47, ...o, payload }));
    // The inner datagram's first fragment in a plain GRE packet; its last inside an outer datagram
    // of two fragments whose last comes twice with other bytes (two versions of the outer datagram).
    const outerPayload = concat(gre(0, 0x0800), frag(24, false, innerPayload.subarray(24)));
    const other = outerPayload.slice(16);
    other[other.length - 1]! ^= 0xff;
    const { codes, counters } = run(
      outer({}, concat(gre(0, 0x0800), frag(0, true, innerPayload.subarray(0, 24)))),
      outer({ id: 1, fragOffset: 16 }, other),
      outer({ id: 1, fragOffset: 16 }, outerPayload.subarray(16)),
      outer({ id: 1, mf: true }, outerPayload.subarray(0, 16)),
    );
    // Both versions of the outer datagram are opened as tunnels (3 in all). Before, the inner
    // datagram's completion took the outer one's other version from the shared queue and decoded
    // its GRE octets as SCTP under the inner packet's protocol (sctp.truncated).
    expect(counters.get('link.tunnelled')).toBe(3);
    expect(codes).not.toContain('sctp.truncated');
  });
});
