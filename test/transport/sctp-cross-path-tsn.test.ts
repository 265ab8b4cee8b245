// Review 13-C #1: cross-path completion with TSNs at or above 2^31 (and across the wrap at 2^32):
// buffered fragments kept the uint32 TSN, the walk the int32 one, and sameKey never matched.
import { describe, expect, it } from 'vitest';
import { ipv4 } from '../../src/encode/ip.js';
import { dataFragments, sctpPacket } from '../../src/encode/sctp.js';
import { frame, hex, recorder } from './fixtures.js';

type Chunk = Parameters<typeof sctpPacket>[0]['chunks'][number];
const pkt = (src: string, dst: string, chunk: Chunk) =>
  ipv4({ src, dst, proto: 132, payload: sctpPacket({ srcPort: 2905, dstPort: 2905, vtag: 0x1234, chunks: [chunk] }) });
const msg = Uint8Array.from({ length: 60 }, (_, i) => i);

describe('review 13-C #1: cross-path completion at any TSN', () => {
  it.each([100, 0x7fffffff, 0x90000000, 0xffffffff])('first TSN %i: reassembled across two paths', (tsn) => {
    const f = dataFragments(msg, 32, { tsn, stream: 1, ssn: 0, ppid: 3 });
    const r = recorder();
    r.dec.frame(frame(pkt('10.9.0.1', '10.0.0.2', f[0]!), 1));
    r.dec.frame(frame(pkt('10.9.0.5', '10.0.0.2', f[1]!), 2));
    r.dec.end();
    expect(r.out.filter((p) => p.hex === hex(msg)).map((p) => p.frameNo)).toEqual([2]);
  });
});
