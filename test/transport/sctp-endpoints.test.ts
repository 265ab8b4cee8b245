import { describe, expect, it } from 'vitest';
import { ipv4Addr, ipv6Addr } from '../../src/encode/ip.js';
import { MAX_INIT_ADDRESSES, SctpEndpoints } from '../../src/transport/sctp-endpoints.js';
import type { Flow } from '../../src/transport/types.js';

/** An INIT chunk (RFC 9260 §3.3.2): header, fixed fields, then the given parameters (type, value). */
function initChunk(params: [number, Uint8Array][]): DataView {
  const parts = params.map(([type, v]) => {
    const p = new Uint8Array((4 + v.length + 3) & ~3);
    new DataView(p.buffer).setUint16(0, type);
    new DataView(p.buffer).setUint16(2, 4 + v.length);
    p.set(v, 4);
    return p;
  });
  const out = new Uint8Array(20 + parts.reduce((n, p) => n + p.length, 0));
  const d = new DataView(out.buffer);
  d.setUint8(0, 1);
  d.setUint16(2, out.length);
  let o = 20;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return d;
}

const flow = (src: string, dst: string, srcPort = 3868, dstPort = 3869): Flow => ({ id: 1, transport: 'sctp', src, dst, srcPort, dstPort });

describe('SctpEndpoints (RFC 9260 §5.1.2: INIT / INIT ACK address parameters)', () => {
  it('maps IPv4 and IPv6 address parameters, with the source port, to the endpoint of the packet source', () => {
    const e = new SctpEndpoints(64);
    const chunk = initChunk([
      [5, ipv4Addr('10.0.1.1')],
      [9, new Uint8Array(4)], // Cookie Preservative: skipped
      [6, ipv6Addr('2001:db8::1')],
    ]);
    e.learn(chunk, 0, chunk.byteLength, '10.0.0.1', ipv4Addr('10.0.0.1'), 3868);
    expect(e.size).toBe(3);
    expect(e.canonical(flow('2001:db8::1', '10.0.0.9'))).toMatchObject({ src: '10.0.0.1', dst: '10.0.0.9' });
    expect(e.canonical(flow('10.0.0.9', '10.0.1.1', 3869, 3868))).toMatchObject({ src: '10.0.0.9', dst: '10.0.0.1' });
    // Another port is another transport address; a flow with nothing learned is itself.
    const f = flow('10.0.1.1', '10.0.0.9', 2905, 2905);
    expect(e.canonical(f)).toBe(f);
    expect(e.canonical({ ...f, transport: 'tcp', srcPort: 3868 })).toMatchObject({ src: '10.0.1.1' });
  });

  it('stops at a parameter whose length is wrong; takes at most MAX_INIT_ADDRESSES from one chunk', () => {
    const e = new SctpEndpoints(1000);
    const bad = initChunk([[5, ipv4Addr('10.0.1.1')]]);
    bad.setUint16(22, 3); // parameter length < 4
    e.learn(bad, 0, bad.byteLength, '10.0.0.1', ipv4Addr('10.0.0.1'), 3868);
    expect(e.size).toBe(1);
    const many = initChunk(Array.from({ length: 40 }, (_, i) => [5, ipv4Addr(`10.1.0.${i}`)] as [number, Uint8Array]));
    e.learn(many, 0, many.byteLength, '10.0.0.2', ipv4Addr('10.0.0.2'), 3868);
    expect(e.size).toBe(1 + 1 + MAX_INIT_ADDRESSES);
  });

  it('holds at most maxAddresses, the least recently learned forgotten first; a canonical flow follows what is learned', () => {
    const e = new SctpEndpoints(4);
    const f = flow('10.0.1.1', '10.0.0.9');
    const a = initChunk([[5, ipv4Addr('10.0.1.1')]]);
    e.learn(a, 0, a.byteLength, '10.0.0.1', ipv4Addr('10.0.0.1'), 3868);
    expect(e.canonical(f).src).toBe('10.0.0.1');
    for (let i = 0; i < 3; i++) {
      const b = initChunk([[5, ipv4Addr(`10.2.0.${i}`)]]);
      e.learn(b, 0, b.byteLength, `10.3.0.${i}`, ipv4Addr(`10.3.0.${i}`), 3868);
    }
    expect(e.size).toBe(4);
    expect(e.canonical(f)).toBe(f);
  });

  it("canonicalKey: a learned pair written with the endpoints' first addresses; false for a pair of neither (rt9 MH3)", () => {
    const e = new SctpEndpoints(64);
    const pkt = new DataView(new ArrayBuffer(8));
    const at = (src: string, dst: string, sp = 3868, dp = 3869): string | false => {
      new Uint8Array(pkt.buffer).set([...ipv4Addr(src), ...ipv4Addr(dst)]);
      if (!e.canonicalKey(pkt, 0, 4, 4, sp, dp)) return false;
      const k = new Uint8Array(e.keyView.buffer);
      return `${e.keyLen} ${k.subarray(0, 4).join('.')} ${k.subarray(16, 20).join('.')}`;
    };
    expect(at('10.0.1.1', '10.0.1.2')).toBe(false); // nothing learned
    const x = initChunk([[5, ipv4Addr('10.0.1.1')]]);
    e.learn(x, 0, x.byteLength, '10.0.0.1', ipv4Addr('10.0.0.1'), 3868);
    const y = initChunk([[5, ipv4Addr('10.0.1.2')]]);
    e.learn(y, 0, y.byteLength, '10.0.0.2', ipv4Addr('10.0.0.2'), 3869);
    expect(at('10.0.1.1', '10.0.1.2')).toBe('4 10.0.0.1 10.0.0.2');
    expect(at('10.0.0.1', '10.0.1.2')).toBe('4 10.0.0.1 10.0.0.2');
    expect(at('10.9.9.1', '10.0.1.2')).toBe('4 10.9.9.1 10.0.0.2'); // a foreign source stays itself
    expect(at('10.9.9.1', '10.9.9.2')).toBe(false);
    expect(at('10.0.1.1', '10.0.1.2', 2905, 2905)).toBe(false); // other ports: other transport addresses
  });
});
