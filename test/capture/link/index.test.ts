import { describe, expect, it } from 'vitest';
import { decodeLink, isSupportedLinkType, LINK_TRUNCATED } from '../../../src/capture/link/index.js';
import { crc16Hdlc } from '../../../src/capture/link/mtp2.js';
import { newLinkResult, type LinkResult } from '../../../src/capture/link/types.js';
import { LinkType } from '../../../src/capture/types.js';
import { ethernet, mtp2, mtp2Phdr, nullLoopback, pppWithDir, sll, sll2 } from '../../../src/encode/pcap.js';
import { fromHex } from '../collect.js';

const IP4 = fromHex('45000014 00000000 40000000 0a000001 0a000002'); // RFC 791 §3.1 header, no options
const IP6 = fromHex('60000000 0000 3b 40' + '00'.repeat(32)); // RFC 8200 §3, next header 59
const PAD = 7; // decode at a non-zero offset: offsets must be relative to the view

function decode(linkType: number, frame: Uint8Array): LinkResult & { payload: string } {
  const buf = new Uint8Array(PAD + frame.length + 3); // bytes after `end` must be ignored
  buf.fill(0xcc);
  buf.set(frame, PAD);
  const out = newLinkResult();
  decodeLink(linkType, new DataView(buf.buffer), PAD, PAD + frame.length, out);
  return { ...out, payload: Buffer.from(buf.subarray(out.offset, out.end)).toString('hex') };
}
const h = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('Ethernet (LINKTYPE 1)', () => {
  it('hand-written IPv4 frame: dst, src, EtherType 0x0800 at offset 12', () => {
    const f = fromHex('ffffffffffff 020000000001 0800' + h(IP4));
    expect(decode(LinkType.ETHERNET, f)).toMatchObject({ net: 'ipv4', proto: 0x0800, offset: PAD + 14, payload: h(IP4) });
  });

  it.each([
    ['802.1Q', [[0x8100, 10]]],
    [
      '802.1ad + 802.1Q',
      [
        [0x88a8, 100],
        [0x8100, 10],
      ],
    ],
    [
      '0x9100 QinQ + 802.1Q',
      [
        [0x9100, 5],
        [0x8100, 6],
      ],
    ],
    [
      'three tags',
      [
        [0x88a8, 1],
        [0x8100, 2],
        [0x8100, 3],
      ],
    ],
  ] as const)('%s tags before IPv6', (_n, tags) => {
    const r = decode(LinkType.ETHERNET, ethernet(0x86dd, IP6, tags));
    expect(r).toMatchObject({ net: 'ipv6', proto: 0x86dd, offset: PAD + 14 + 4 * tags.length, payload: h(IP6) });
  });

  it('other EtherTypes and 802.3 lengths are reported as other', () => {
    expect(decode(LinkType.ETHERNET, ethernet(0x0806, new Uint8Array(28)))).toMatchObject({ net: 'other', proto: 0x0806 });
    expect(decode(LinkType.ETHERNET, ethernet(46, new Uint8Array(46)))).toMatchObject({ net: 'other', proto: 0 });
  });

  it('truncated header or VLAN tag', () => {
    expect(decode(LinkType.ETHERNET, new Uint8Array(13))).toMatchObject({ net: 'other', proto: LINK_TRUNCATED });
    expect(decode(LinkType.ETHERNET, ethernet(0x8100, fromHex('0001')))).toMatchObject({ net: 'other', proto: LINK_TRUNCATED });
  });
});

describe('Linux cooked captures', () => {
  it('SLL (113): protocol at offset 14, payload at 16', () => {
    const f = fromHex('0000 0001 0006 020000000001 0000 0800' + h(IP4));
    expect(decode(LinkType.LINUX_SLL, f)).toMatchObject({ net: 'ipv4', offset: PAD + 16, payload: h(IP4) });
    expect(decode(LinkType.LINUX_SLL, sll(0x86dd, IP6))).toMatchObject({ net: 'ipv6', payload: h(IP6) });
    expect(decode(LinkType.LINUX_SLL, sll(0x8100, fromHex('000a 0800' + h(IP4))))).toMatchObject({ net: 'ipv4', payload: h(IP4) });
    expect(decode(LinkType.LINUX_SLL, new Uint8Array(15))).toMatchObject({ net: 'other', proto: LINK_TRUNCATED });
  });

  it('SLL2 (276): protocol at offset 0, header 20 bytes', () => {
    const f = fromHex('86dd 0000 00000003 0001 00 06 0200000000010000' + h(IP6));
    expect(decode(LinkType.LINUX_SLL2, f)).toMatchObject({ net: 'ipv6', offset: PAD + 20, payload: h(IP6) });
    expect(decode(LinkType.LINUX_SLL2, sll2(0x0800, IP4))).toMatchObject({ net: 'ipv4', payload: h(IP4) });
    expect(decode(LinkType.LINUX_SLL2, new Uint8Array(19))).toMatchObject({ net: 'other', proto: LINK_TRUNCATED });
  });
});

describe('raw IP (12, 14, 101, 228, 229)', () => {
  it('101 picks by version nibble', () => {
    expect(decode(LinkType.RAW, IP4)).toMatchObject({ net: 'ipv4', offset: PAD, payload: h(IP4) });
    expect(decode(LinkType.RAW, IP6)).toMatchObject({ net: 'ipv6', offset: PAD });
    expect(decode(LinkType.RAW, fromHex('50'))).toMatchObject({ net: 'other', proto: 5 });
    expect(decode(LinkType.RAW, new Uint8Array(0))).toMatchObject({ net: 'other', proto: LINK_TRUNCATED });
  });
  it("12 and 14 (DLT_RAW's platform values, written by older libpcaps) read as 101 (red-team E1b)", () => {
    for (const lt of [12, 14]) {
      expect(decode(lt, IP4)).toMatchObject({ net: 'ipv4', offset: PAD, payload: h(IP4) });
      expect(decode(lt, IP6)).toMatchObject({ net: 'ipv6', offset: PAD });
    }
  });
  it('228 is IPv4 and 229 IPv6 by definition', () => {
    expect(decode(LinkType.IPV4, IP4)).toMatchObject({ net: 'ipv4', offset: PAD });
    expect(decode(LinkType.IPV6, IP6)).toMatchObject({ net: 'ipv6', offset: PAD });
  });
});

describe('BSD null/loopback (0)', () => {
  it.each([
    [2, true, 'ipv4'],
    [2, false, 'ipv4'],
    [24, true, 'ipv6'],
    [28, false, 'ipv6'],
    [30, true, 'ipv6'],
    [7, true, 'other'],
  ] as const)('AF %i (little-endian %s) → %s', (af, le, net) => {
    const r = decode(LinkType.NULL, nullLoopback(af, IP4, le));
    expect(r).toMatchObject({ net, proto: af, offset: PAD + 4 });
  });
  it('hand-written: 02000000 (AF_INET, little-endian host)', () => {
    expect(decode(LinkType.NULL, fromHex('02000000' + h(IP4)))).toMatchObject({ net: 'ipv4', payload: h(IP4) });
  });
});

describe('PPP with direction (204)', () => {
  it('hand-written: direction, ff 03, protocol 0021', () => {
    expect(decode(LinkType.PPP_WITH_DIR, fromHex('01 ff03 0021' + h(IP4)))).toMatchObject({ net: 'ipv4', offset: PAD + 5, payload: h(IP4) });
  });
  it('without address/control and with a compressed protocol field', () => {
    expect(decode(LinkType.PPP_WITH_DIR, pppWithDir(0x0057, IP6, { addressControl: false }))).toMatchObject({ net: 'ipv6', offset: PAD + 3 });
    expect(decode(LinkType.PPP_WITH_DIR, pppWithDir(0x21, IP4, { compressed: true }))).toMatchObject({ net: 'ipv4', offset: PAD + 4 });
    expect(decode(LinkType.PPP_WITH_DIR, pppWithDir(0xc021, new Uint8Array(4)))).toMatchObject({ net: 'other', proto: 0xc021 });
    expect(decode(LinkType.PPP_WITH_DIR, fromHex('00ff03'))).toMatchObject({ net: 'other', proto: LINK_TRUNCATED });
  });
});

describe('MTP2 (140), MTP2 with pseudo-header (139), MTP3 (141) — Q.703 §2.2', () => {
  const msu = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i === 0 ? 0x83 : i)); // SIO 0x83: SCCP, national

  it('CRC matches the ISO/IEC 13239 check value (CRC-16/X.25 of "123456789" = 0x906E)', () => {
    const s = new TextEncoder().encode('123456789');
    expect(crc16Hdlc(new DataView(s.buffer), 0, s.length) ^ 0xffff).toBe(0x906e);
  });

  it('FISU (LI 0) and LSSU (LI 1, 2) are link control: other', () => {
    expect(decode(LinkType.MTP2, fromHex('ff 81 00'))).toMatchObject({ net: 'other', proto: 0 });
    expect(decode(LinkType.MTP2, fromHex('ff 81 01 01'))).toMatchObject({ net: 'other', proto: 1 });
    expect(decode(LinkType.MTP2, fromHex('ff 81 c2 0100'))).toMatchObject({ net: 'other', proto: 2 }); // spare bits ignored
    expect(decode(LinkType.MTP2, fromHex('ff 81'))).toMatchObject({ net: 'other', proto: LINK_TRUNCATED });
  });

  it('MSU with LI < 63: the MSU is LI octets; a trailing FCS is excluded', () => {
    const m = msu(20);
    expect(decode(LinkType.MTP2, mtp2(m))).toMatchObject({ net: 'mtp3', offset: PAD + 3, payload: h(m) });
    expect(decode(LinkType.MTP2, mtp2(m, { fcs: true }))).toMatchObject({ net: 'mtp3', offset: PAD + 3, payload: h(m) });
    // Shorter than LI (snaplen-cut): what is there is passed on.
    expect(decode(LinkType.MTP2, mtp2(m, { li: 30 }))).toMatchObject({ net: 'mtp3', payload: h(m) });
  });

  it('MSU with LI 63: FCS stripped only when it checks', () => {
    const m = msu(100);
    expect(decode(LinkType.MTP2, mtp2(m, { fcs: true }))).toMatchObject({ net: 'mtp3', payload: h(m) });
    expect(decode(LinkType.MTP2, mtp2(m))).toMatchObject({ net: 'mtp3', payload: h(m) });
    const bad = mtp2(m, { fcs: true });
    bad[bad.length - 1]! ^= 0x01;
    expect(decode(LinkType.MTP2, bad).payload).toBe(h(bad.subarray(3)));
  });

  it('pseudo-header: basic format after 4 octets; Annex A extended header (LI 9 bits) when flagged', () => {
    const m = msu(12);
    expect(decode(LinkType.MTP2_WITH_PHDR, mtp2Phdr(mtp2(m, { fcs: true }), { sent: true, link: 3 }))).toMatchObject({
      net: 'mtp3',
      offset: PAD + 7,
      payload: h(m),
    });
    // Annex A.2: BSN/BIB (2), FSN/FIB (2), LI 9 bits + spare (2) — LI 300 = 0x12c.
    const big = msu(300);
    const su = fromHex('ff0f ff8f 2c01' + h(big) + 'abcd');
    expect(decode(LinkType.MTP2_WITH_PHDR, mtp2Phdr(su, { annexA: true }))).toMatchObject({ net: 'mtp3', offset: PAD + 10, payload: h(big) });
    expect(decode(LinkType.MTP2_WITH_PHDR, fromHex('0001'))).toMatchObject({ net: 'other', proto: LINK_TRUNCATED });
  });

  it('MTP3 (141) is the MSU itself', () => {
    const m = msu(9);
    expect(decode(LinkType.MTP3, m)).toMatchObject({ net: 'mtp3', offset: PAD, payload: h(m) });
  });
});

it('unknown link types: other, proto = link type', () => {
  expect(decode(147, fromHex('0102'))).toMatchObject({ net: 'other', proto: 147, offset: PAD + 2, end: PAD + 2 });
  expect(decode(70000, fromHex('0102'))).toMatchObject({ net: 'other', proto: 70000 });
  expect(isSupportedLinkType(147)).toBe(false);
  expect(Object.values(LinkType).every(isSupportedLinkType)).toBe(true);
});
