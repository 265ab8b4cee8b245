import { describe, expect, it } from 'vitest';
import { decodeIpv4, IP_ANOMALY, newIpPacket, type IpPacket } from '../../src/transport/ipv4.js';
import { ipv4 } from '../../src/encode/ip.js';

function view(b: Uint8Array, pad = 3): { v: DataView; off: number; end: number } {
  const buf = new Uint8Array(b.length + pad);
  buf.set(b, pad);
  return { v: new DataView(buf.buffer), off: pad, end: pad + b.length };
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

describe('decodeIpv4 (RFC 791 §3.1)', () => {
  it('decodes a hand-written header: 45 00 0018 1234 0000 40 84 .... 0a000001 0a000002 + 4 bytes', () => {
    const bytes = Buffer.from('450000181234000040840000' + '0a000001' + '0a000002' + 'deadbeef', 'hex');
    const { v, off, end } = view(bytes);
    const p = newIpPacket();
    expect(accepted(decodeIpv4(v, off, end, p), p)).toBe(true);
    expect(p).toMatchObject({ version: 4, proto: 132, addrLen: 4, fragment: false, fragId: 0x1234, truncated: false });
    expect(p.addrOffset).toBe(off + 12);
    expect([p.offset - off, p.end - off]).toEqual([20, 24]);
  });

  it('honours IHL (options) and excludes bytes past Total Length (Ethernet padding)', () => {
    const pkt = ipv4({ src: '1.2.3.4', dst: '5.6.7.8', proto: 6, payload: Uint8Array.of(1, 2, 3), options: Uint8Array.of(1, 1, 1, 0) });
    const padded = new Uint8Array(pkt.length + 10);
    padded.set(pkt);
    const { v, off, end } = view(padded);
    const p = newIpPacket();
    expect(accepted(decodeIpv4(v, off, end, p), p)).toBe(true);
    expect([p.offset - off, p.end - off]).toEqual([24, 27]);
  });

  it('reads MF, fragment offset (8-byte units) and identification', () => {
    const pkt = ipv4({ src: '1.2.3.4', dst: '5.6.7.8', proto: 132, payload: new Uint8Array(16), id: 77, mf: true, fragOffset: 1480 });
    const { v, off, end } = view(pkt);
    const p = newIpPacket();
    expect(accepted(decodeIpv4(v, off, end, p), p)).toBe(true);
    expect(p).toMatchObject({ fragment: true, moreFragments: true, fragOffset: 1480, fragId: 77 });
  });

  it('flags a Total Length beyond the captured bytes and clamps', () => {
    const pkt = ipv4({ src: '1.2.3.4', dst: '5.6.7.8', proto: 6, payload: new Uint8Array(40) });
    const { v, off } = view(pkt);
    const p = newIpPacket();
    expect(accepted(decodeIpv4(v, off, off + 30, p), p)).toBe(true);
    expect(p.truncated).toBe(true);
    expect(p.end).toBe(off + 30);
  });

  it.each([
    ['version 5', { version: 5 }, IP_ANOMALY.BAD_VERSION],
    ['IHL 4', { ihl: 4 }, IP_ANOMALY.BAD_HEADER_LENGTH],
    ['Total Length < header', { totalLength: 19 }, IP_ANOMALY.BAD_TOTAL_LENGTH],
    ['IHL beyond the bytes', { ihl: 15 }, IP_ANOMALY.TRUNCATED],
  ])('rejects %s', (_n, over, code) => {
    const pkt = ipv4({ src: '1.2.3.4', dst: '5.6.7.8', proto: 6, payload: new Uint8Array(8), ...over });
    const { v, off, end } = view(pkt);
    expect(rejected(decodeIpv4, v, off, end)).toBe(code);
  });

  it('rejects fewer than 20 bytes', () => {
    const { v, off } = view(new Uint8Array(19).fill(0x45));
    expect(rejected(decodeIpv4, v, off, off + 19)).toBe(IP_ANOMALY.TRUNCATED);
  });
});
