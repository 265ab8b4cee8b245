import { describe, expect, it } from 'vitest';
import { headerProto, ipTransport, sctpPayloadProto } from '../../src/transport/dispatch.js';

describe('ipTransport (IP protocol table)', () => {
  it('knows TCP, UDP, GRE, IP in IP (4, 41) and SCTP and nothing else', () => {
    const known = Array.from({ length: 256 }, (_, p) => [p, ipTransport(p)] as const).filter(([, t]) => t !== undefined);
    expect(known).toEqual([
      [4, 'ipip'],
      [6, 'tcp'],
      [17, 'udp'],
      [41, 'ipip'],
      [47, 'gre'],
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

describe('headerProto (the layer a user message header proves against the named one)', () => {
  const at = (bytes: number[], named: Parameters<typeof headerProto>[3] = null, pad = 3) => {
    const b = new Uint8Array(pad + bytes.length);
    b.set(bytes, pad);
    return headerProto(new DataView(b.buffer), pad, b.length, named);
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

  it('needs version 1, reserved 0 and a message length within the user message, and a layer other than the named one', () => {
    const ok = sigtran(1);
    expect(at(ok)).toBe('m3ua');
    expect(at(ok, 'sua')).toBe('m3ua');
    expect(at(ok, 'm3ua')).toBeNull();
    expect(at([2, ...ok.slice(1)])).toBeNull();
    expect(at([1, 1, ...ok.slice(2)])).toBeNull();
    // Octets after the header's length: still that layer's (its decoder reports them; red-team S6).
    expect(at([...ok, 0, 0, 0, 0], 'diameter')).toBe('m3ua');
    expect(at([...ok.slice(0, 7), 17, ...ok.slice(8)])).toBeNull(); // a length past the message
    expect(at(ok.slice(0, 7))).toBeNull();
  });

  it('whole Diameter messages named as a SIGTRAN layer without its header are Diameter; a named Diameter that reads whole is never overruled', () => {
    const dia = (len: number, flags = 0x80, cmd = 316) => [
      1,
      (len >>> 16) & 0xff,
      (len >>> 8) & 0xff,
      len & 0xff,
      flags,
      (cmd >>> 16) & 0xff,
      (cmd >>> 8) & 0xff,
      cmd & 0xff,
      ...new Array<number>(len - 8).fill(0),
    ];
    // Red-team S7: a PLR under PPID 3 (or 2, 4, 5) was decoded as that layer and lost.
    expect(at(dia(20), 'm3ua')).toBe('diameter');
    expect(at([...dia(20), ...dia(40, 0x80, 8388620)], 'sua')).toBe('diameter');
    expect(at([...dia(20), 0, 0], 'm3ua')).toBeNull(); // not whole: stays as named
    expect(at(dia(300), null)).toBeNull(); // nothing named: a Diameter header alone proves nothing
    // An AIA (cmd 318) with no flag set in 318 octets is also an M3UA DATA header of length 318.
    expect(at(dia(318, 0, 318), null)).toBe('m3ua');
    expect(at(dia(318, 0, 318), 'diameter')).toBeNull();
    expect(at([...dia(318, 0, 318).slice(0, 8), ...new Array<number>(310).fill(0)], 'diameter')).toBeNull();
    // M3UA DATA under Diameter's PPID: its first word reads as Diameter length 257, past the message.
    expect(at(sigtran(1, 200), 'diameter')).toBe('m3ua');
    // ... and padded M3UA whose length field is not the message's proves nothing (stays as named).
    const padded = [...sigtran(1, 136), ...new Array<number>(121).fill(0)];
    expect(at(padded, 'm3ua')).toBeNull();
    expect(at(padded, 'diameter')).toBeNull();
  });
});
