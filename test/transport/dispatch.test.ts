import { describe, expect, it } from 'vitest';
import { ipTransport, sctpPayloadProto } from '../../src/transport/dispatch.js';

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
