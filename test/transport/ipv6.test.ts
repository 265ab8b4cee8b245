import { describe, expect, it } from 'vitest';
import { decodeIpv6, walkIpv6Extensions } from '../../src/transport/ipv6.js';
import { IP_ANOMALY, newIpPacket, type IpPacket } from '../../src/transport/ipv4.js';
import { ipv6 } from '../../src/encode/ip.js';

function at(b: Uint8Array): { v: DataView; off: number; end: number } {
  const buf = new Uint8Array(b.length + 5);
  buf.set(b, 5);
  return { v: new DataView(buf.buffer), off: 5, end: 5 + b.length };
}

/** The one codec shape (issue 19): -1 with the reason in `out.problem`, else the packet's end. */
function rejected(decode: (v: DataView, o: number, e: number, p: IpPacket) => number, v: DataView, off: number, end: number): string {
  const p = newIpPacket();
  expect(decode(v, off, end, p)).toBe(-1);
  return p.problem;
}

/** True when `n` is the end offset of the packet (after the header, clamped to the bytes). */
function accepted(n: number, p: IpPacket): boolean {
  return n === p.end && p.problem === '';
}

describe('decodeIpv6 (RFC 8200 §3-§4)', () => {
  it('decodes a hand-written header with no extension: 6 00 00000 0004 84 40 ::1 -> ::2', () => {
    const bytes = Buffer.from('60000000' + '0004' + '84' + '40' + '0'.repeat(30) + '01' + '0'.repeat(30) + '02' + 'cafebabe', 'hex');
    const { v, off, end } = at(bytes);
    const p = newIpPacket();
    expect(accepted(decodeIpv6(v, off, end, p), p)).toBe(true);
    expect(p).toMatchObject({ version: 6, proto: 132, addrLen: 16, fragment: false });
    expect([p.addrOffset - off, p.offset - off, p.end - off]).toEqual([8, 40, 44]);
  });

  it('walks hop-by-hop, routing, destination options and AH (RFC 4302 §2.2 length) to the upper layer', () => {
    const payload = Uint8Array.of(9, 9, 9, 9);
    const pkt = ipv6({
      src: '2001:db8::1',
      dst: '2001:db8::2',
      proto: 6,
      payload,
      extensions: [
        { type: 'hop-by-hop', options: Uint8Array.of(5, 2, 0, 0) },
        { type: 'routing', data: new Uint8Array(20) },
        { type: 'destination' },
        { type: 'ah', icv: new Uint8Array(16) },
      ],
    });
    const { v, off, end } = at(pkt);
    const p = newIpPacket();
    expect(accepted(decodeIpv6(v, off, end, p), p)).toBe(true);
    expect(p.proto).toBe(6);
    expect(p.end - p.offset).toBe(4);
    expect(p.offset - off).toBe(40 + 8 + 24 + 8 + 28);
  });

  it('stops at a Fragment header with the fragment fields', () => {
    const pkt = ipv6({
      src: '::1',
      dst: '::2',
      proto: 132,
      payload: new Uint8Array(24),
      extensions: [{ type: 'destination' }, { type: 'fragment', offset: 1232, more: true, id: 0xdeadbeef }],
    });
    const { v, off, end } = at(pkt);
    const p = newIpPacket();
    expect(accepted(decodeIpv6(v, off, end, p), p)).toBe(true);
    expect(p).toMatchObject({ fragment: true, fragOffset: 1232, moreFragments: true, fragId: 0xdeadbeef, proto: 132 });
    expect(p.end - p.offset).toBe(24);
  });

  it('processes an atomic fragment (offset 0, M 0; RFC 6946) as a whole packet', () => {
    const pkt = ipv6({
      src: '::1',
      dst: '::2',
      proto: 6,
      payload: new Uint8Array(20),
      extensions: [{ type: 'fragment', offset: 0, more: false, id: 1 }, { type: 'destination' }],
    });
    const { v, off, end } = at(pkt);
    const p = newIpPacket();
    expect(accepted(decodeIpv6(v, off, end, p), p)).toBe(true);
    expect(p).toMatchObject({ fragment: false, proto: 6 });
    expect(p.end - p.offset).toBe(20);
  });

  it('skips each of several atomic Fragment headers, before or after a real one; a second real one is nested (red-team rt8 V6)', () => {
    const walk = (extensions: NonNullable<Parameters<typeof ipv6>[0]['extensions']>) => {
      const { v, off, end } = at(ipv6({ src: '::1', dst: '::2', proto: 132, payload: new Uint8Array(16), extensions }));
      const p = newIpPacket();
      return accepted(decodeIpv6(v, off, end, p), p) ? { fragment: p.fragment, proto: p.proto, len: p.end - p.offset } : p.problem;
    };
    const atomic = { type: 'fragment' as const, offset: 0, more: false, id: 1 };
    const first = { type: 'fragment' as const, offset: 0, more: true, id: 2 };
    expect(walk([atomic, atomic])).toEqual({ fragment: false, proto: 132, len: 16 });
    expect(walk([atomic, { type: 'destination' }, atomic])).toEqual({ fragment: false, proto: 132, len: 16 });
    expect(walk([atomic, first])).toEqual({ fragment: true, proto: 132, len: 16 });
    // A Fragment header inside a reassembled packet: atomic skipped, a real one rejected.
    const inner = (ext: typeof atomic) => {
      const b = ipv6({ src: '::1', dst: '::2', proto: 132, payload: new Uint8Array(16), extensions: [ext] }).subarray(40);
      const p = newIpPacket();
      return walkIpv6Extensions(new DataView(b.buffer, b.byteOffset, b.byteLength), 0, b.length, 44, p, false) < 0 ? p.problem : p.proto;
    };
    expect([inner(atomic), inner(first)]).toEqual([132, 'ip.bad-extension-header']);
  });

  it('rejects a Jumbo Payload (Payload Length 0 with hop-by-hop, RFC 2675)', () => {
    const pkt = ipv6({ src: '::1', dst: '::2', proto: 6, payload: new Uint8Array(8), extensions: [{ type: 'hop-by-hop' }], payloadLength: 0 });
    const { v, off, end } = at(pkt);
    expect(rejected(decodeIpv6, v, off, end)).toBe(IP_ANOMALY.JUMBOGRAM);
  });

  it('reports an extension header running past the packet', () => {
    const pkt = ipv6({
      src: '::1',
      dst: '::2',
      proto: 6,
      payload: new Uint8Array(0),
      extensions: [{ type: 'raw', code: 60, bytes: Uint8Array.of(6, 3, 0, 0, 0, 0, 0, 0) }],
    });
    const { v, off, end } = at(pkt);
    expect(rejected(decodeIpv6, v, off, end)).toBe(IP_ANOMALY.TRUNCATED);
  });

  it('rejects extension chains longer than 16 headers', () => {
    const exts = Array.from({ length: 20 }, () => ({ type: 'destination' as const }));
    const pkt = ipv6({ src: '::1', dst: '::2', proto: 6, payload: new Uint8Array(4), extensions: exts });
    const { v, off, end } = at(pkt);
    expect(rejected(decodeIpv6, v, off, end)).toBe(IP_ANOMALY.BAD_EXTENSION);
  });

  it('rejects version 4 in an IPv6 slot', () => {
    const pkt = ipv6({ src: '::1', dst: '::2', proto: 6, payload: new Uint8Array(4) });
    pkt[0] = 0x45;
    const { v, off, end } = at(pkt);
    expect(rejected(decodeIpv6, v, off, end)).toBe(IP_ANOMALY.BAD_VERSION);
  });
});
