import { describe, expect, it } from 'vitest';
import { headerProto, ipTransport, sctpPayloadProto } from '../../src/transport/dispatch.js';

describe('ipTransport (IP protocol table)', () => {
  it('knows TCP, UDP and SCTP and nothing else', () => {
    const known = Array.from({ length: 256 }, (_, p) => [p, ipTransport(p)] as const).filter(([, t]) => t !== undefined);
    expect(known).toEqual([
      [6, 'tcp'],
      [17, 'udp'],
      [132, 'sctp'],
    ]);
  });
});

describe('sctpPayloadProto (PPID registry, well-known ports)', () => {
  it.each([
    [3, 1, 2, 'm3ua'],
    [5, 1, 2, 'm2pa'],
    [2, 1, 2, 'm2ua'],
    [4, 1, 2, 'sua'],
    [46, 1, 2, 'diameter'],
    [47, 1, 2, 'diameter'],
    [3, 3868, 3868, 'm3ua'], // PPID wins over the port
    [0, 2905, 40000, 'm3ua'],
    [0, 40000, 3565, 'm2pa'],
    [0, 2904, 1, 'm2ua'],
    [0, 1, 14001, 'sua'],
    [0, 1, 3868, 'diameter'],
    [99, 3868, 1, 'diameter'], // unknown PPID falls back to ports
    [7, 2944, 2944, null], // H.248 (PPID 7) is not decoded
    [0, 1, 2, null],
    [0xffffffff, 1, 2905, 'm3ua'], // PPIDs beyond the dense table fall back to ports
  ])('PPID %i, ports %i → %i: %s', (ppid, sp, dp, want) => {
    expect(sctpPayloadProto(ppid, sp, dp, [3868])).toBe(want);
  });

  it('uses the configured Diameter port list', () => {
    expect(sctpPayloadProto(0, 3870, 5000, [3868, 3870])).toBe('diameter');
    expect(sctpPayloadProto(0, 3870, 5000, [3868])).toBeNull();
  });
});

describe('headerProto (the layer a user message header proves)', () => {
  const at = (bytes: number[], pad = 3) => {
    const b = new Uint8Array(pad + bytes.length);
    b.set(bytes, pad);
    return headerProto(new DataView(b.buffer), pad, b.length);
  };
  const sigtran = (cls: number, len = 16) => [
    1,
    0,
    cls,
    1,
    len >>> 24,
    (len >>> 16) & 0xff,
    (len >>> 8) & 0xff,
    len & 0xff,
    ...new Array<number>(len - 8).fill(0),
  ];
  it.each([
    [1, 'm3ua'],
    [6, 'm2ua'],
    [7, 'sua'],
    [8, 'sua'],
    [11, 'm2pa'],
    [0, null],
    [2, null],
    [3, null],
    [4, null],
    [9, null],
    [10, null],
    [5, null],
    [12, null],
    [255, null],
  ])('SIGTRAN data class %i: %s', (cls, want) => {
    expect(at(sigtran(cls))).toBe(want);
  });

  it('needs version 1, reserved 0 and the message length', () => {
    const ok = sigtran(1);
    expect(at(ok)).toBe('m3ua');
    expect(at([2, ...ok.slice(1)])).toBeNull();
    expect(at([1, 1, ...ok.slice(2)])).toBeNull();
    expect(at([...ok, 0])).toBeNull(); // one octet more than the header says
    expect(at(ok.slice(0, 7))).toBeNull();
  });

  it('proves Diameter by its 24-bit length over the whole message (RFC 6733 §3), not when it is also a SIGTRAN header', () => {
    const dia = (len: number) => [1, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff, 0x80, 0, 1, 0x3c, ...new Array<number>(len - 8).fill(0)];
    expect(at(dia(20))).toBe('diameter');
    expect(at(dia(300))).toBe('diameter');
    expect(at(dia(16))).toBeNull(); // shorter than a Diameter header
    expect(at([...dia(20), 0])).toBeNull(); // two messages or trailing bytes: not proven
    // 257 octets whose first word reads both as Diameter (length 257) and as M3UA DATA of length 257.
    const both = [1, 0, 1, 1, 0, 0, 1, 1, ...new Array<number>(249).fill(0)];
    expect(at(both)).toBeNull();
  });
});
