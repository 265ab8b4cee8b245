import { beforeEach, describe, expect, it } from 'vitest';
import { Counters } from '../../src/core/stats.js';
import { ipv4Addr, ipv6Addr } from '../../src/encode/ip.js';
import { MAX_INIT_ADDRESSES, MAX_PENDING_INITS, SctpEndpoints } from '../../src/transport/sctp-endpoints.js';
import type { Flow } from '../../src/transport/types.js';

/** An INIT chunk (RFC 9260 §3.3.2; type 1, Initiate Tag `tag`): header, fixed fields, then the given parameters (type, value). */
function initChunk(params: [number, Uint8Array][], tag = 7): DataView {
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
  d.setUint32(4, tag);
  let o = 20;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return d;
}

const EMPTY_ACK = initChunk([]);
let peer = 0;

/** `chunk` sent as INIT by `src` port `port`, answered by an INIT ACK naming no address from a peer of its own, port `port + 1`. */
function learn(e: SctpEndpoints, chunk: DataView, src: string, port: number): void {
  e.init(chunk, 0, chunk.byteLength, src, ipv4Addr(src), port, port + 1);
  const p = `192.0.2.${++peer & 255}`;
  e.initAck(EMPTY_ACK, 0, EMPTY_ACK.byteLength, p, ipv4Addr(p), port + 1, src, port, chunk.getUint32(4));
}

const flow = (src: string, dst: string, srcPort = 3868, dstPort = 3869): Flow => ({ id: 1, transport: 'sctp', src, dst, srcPort, dstPort });

describe('SctpEndpoints (RFC 9260 §5.1.2: INIT / INIT ACK address parameters)', () => {
  beforeEach(() => {
    peer = 0;
  });

  it('maps IPv4 and IPv6 address parameters, with the source port, to the endpoint of the packet source', () => {
    const e = new SctpEndpoints(64);
    const chunk = initChunk([
      [5, ipv4Addr('10.0.1.1')],
      [9, new Uint8Array(4)], // Cookie Preservative: skipped
      [6, ipv6Addr('2001:db8::1')],
    ]);
    learn(e, chunk, '10.0.0.1', 3868);
    expect(e.size).toBe(3 + 1); // and the INIT ACK's source
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
    learn(e, bad, '10.0.0.1', 3868);
    expect(e.size).toBe(1 + 1);
    const many = initChunk(Array.from({ length: 40 }, (_, i) => [5, ipv4Addr(`10.1.0.${i}`)] as [number, Uint8Array]));
    learn(e, many, '10.0.0.2', 3868);
    expect(e.size).toBe(2 + 1 + MAX_INIT_ADDRESSES + 1);
  });

  it('holds at most maxAddresses: the least recently bound forgotten first, unless its endpoint keyed a packet since', () => {
    const reported: string[] = [];
    const e = new SctpEndpoints(6, undefined, (code, detail) => reported.push(`${code}: ${detail}`));
    const f = flow('10.0.1.1', '10.0.0.9');
    const g = flow('10.0.2.5', '10.0.0.9');
    learn(e, initChunk([[5, ipv4Addr('10.0.1.1')]]), '10.0.0.1', 3868); // 3 bound: 10.0.0.1, 10.0.1.1, the peer
    learn(e, initChunk([[5, ipv4Addr('10.0.2.5')]]), '10.0.0.5', 3868); // 6 bound
    expect([e.canonical(f).src, e.size]).toEqual(['10.0.0.1', 6]); // f's endpoint used
    learn(e, initChunk([[5, ipv4Addr('10.0.3.1')]]), '10.0.0.7', 3868);
    // The first peer and the idle second endpoint went; the used one was bound anew.
    expect([e.canonical(f).src, e.canonical(g), e.size]).toEqual(['10.0.0.1', g, 6]);
    expect(reported).toEqual([
      'sctp.endpoint-evicted: address 192.0.2.1|3869 of endpoint 192.0.2.1 forgotten (6 bound)',
      'sctp.endpoint-evicted: address 10.0.0.5|3868 of endpoint 10.0.0.5 forgotten (6 bound)',
      'sctp.endpoint-evicted: address 10.0.2.5|3868 of endpoint 10.0.0.5 forgotten (6 bound)',
    ]);
    // Idle since (no use): forgotten once the table has turned over.
    for (let i = 0; i < 3; i++) learn(e, initChunk([[5, ipv4Addr(`10.0.4.${i}`)]]), `10.0.0.${20 + i}`, 3868);
    expect(e.canonical(f)).toBe(f);
  });

  it('an INIT binds nothing until an INIT ACK with its Initiate Tag as Verification Tag answers it, from its destination port to its source (RFC 9260 §5.1, §8.5)', () => {
    const counters = new Counters();
    const e = new SctpEndpoints(64, counters);
    const c = initChunk([[5, ipv4Addr('10.0.1.1')]], 0xabcd);
    e.init(c, 0, c.byteLength, '10.0.0.1', ipv4Addr('10.0.0.1'), 3868, 3869);
    expect([e.size, e.pendingSize]).toEqual([0, 1]);
    const ack = (vtag: number, dst: string, srcPort: number, dstPort: number) =>
      e.initAck(EMPTY_ACK, 0, EMPTY_ACK.byteLength, '10.0.0.2', ipv4Addr('10.0.0.2'), srcPort, dst, dstPort, vtag);
    ack(0xabce, '10.0.0.1', 3869, 3868); // another tag
    ack(0xabcd, '10.0.0.3', 3869, 3868); // to another address
    ack(0xabcd, '10.0.0.1', 3870, 3868); // from another port
    // Unmatched, each waits for an INIT of its own (1 INIT + 3 INIT ACKs).
    expect([e.size, e.pendingSize, counters.get('sctp.init-acks-before-init')]).toEqual([0, 4, 3]);
    ack(0xabcd, '10.0.0.1', 3869, 3868);
    expect([e.size, e.pendingSize]).toEqual([3, 3]);
    expect(e.canonical(flow('10.0.1.1', '10.0.0.2')).src).toBe('10.0.0.1');
  });

  it('Verification Tag 0 answers too (generated captures): the newest INIT of those ports', () => {
    const e = new SctpEndpoints(64);
    const c = initChunk([[5, ipv4Addr('10.0.1.1')]], 0xabcd);
    const z = initChunk([[5, ipv4Addr('10.0.3.3')]], 0x1234);
    e.init(c, 0, c.byteLength, '10.0.0.3', ipv4Addr('10.0.0.3'), 3868, 3869);
    e.init(z, 0, z.byteLength, '10.0.0.3', ipv4Addr('10.0.0.3'), 3868, 3869);
    expect(e.pendingSize).toBe(2);
    e.initAck(EMPTY_ACK, 0, EMPTY_ACK.byteLength, '10.0.0.2', ipv4Addr('10.0.0.2'), 3869, '10.0.0.3', 3868, 0);
    expect(e.canonical(flow('10.0.3.3', '10.0.0.2')).src).toBe('10.0.0.3');
    expect(e.canonical(flow('10.0.1.1', '10.0.0.2'))).toMatchObject({ src: '10.0.1.1' }); // the older INIT's: still waiting
    expect(e.pendingSize).toBe(1);
  });

  it('INITs one port sends at once to two peers on one port wait side by side, each bound by its own answer (review 10-A)', () => {
    const e = new SctpEndpoints(64);
    const one = initChunk([[5, ipv4Addr('10.0.1.1')]], 0x1111);
    const two = initChunk([[5, ipv4Addr('10.0.1.1')]], 0x2222);
    e.init(one, 0, one.byteLength, '10.0.0.1', ipv4Addr('10.0.0.1'), 2905, 2905);
    e.init(two, 0, two.byteLength, '10.0.0.1', ipv4Addr('10.0.0.1'), 2905, 2905);
    const peerAck = initChunk([[5, ipv4Addr('10.9.9.9')]], 0x3333);
    e.initAck(peerAck, 0, peerAck.byteLength, '10.0.0.9', ipv4Addr('10.0.0.9'), 2905, '10.0.0.1', 2905, 0x1111);
    expect([e.size, e.pendingSize]).toEqual([4, 1]);
    expect(e.canonical(flow('10.0.1.1', '10.9.9.9', 2905, 2905))).toMatchObject({ src: '10.0.0.1', dst: '10.0.0.9' });
    e.initAck(EMPTY_ACK, 0, EMPTY_ACK.byteLength, '10.0.0.8', ipv4Addr('10.0.0.8'), 2905, '10.0.0.1', 2905, 0x2222);
    expect(e.pendingSize).toBe(0);
  });

  it('an INIT ACK captured before its INIT (two taps merged) binds when the INIT comes, with the right tag only', () => {
    const e = new SctpEndpoints(64);
    const ack = initChunk([[5, ipv4Addr('10.0.2.2')]], 0x5555);
    const c = initChunk([[5, ipv4Addr('10.0.1.1')]], 0xabcd);
    e.initAck(ack, 0, ack.byteLength, '10.0.0.2', ipv4Addr('10.0.0.2'), 3869, '10.0.0.1', 3868, 0xabce);
    e.init(c, 0, c.byteLength, '10.0.0.1', ipv4Addr('10.0.0.1'), 3868, 3869);
    expect([e.size, e.pendingSize]).toEqual([0, 2]); // another tag: not its answer, both wait
    e.initAck(ack, 0, ack.byteLength, '10.0.0.2', ipv4Addr('10.0.0.2'), 3869, '10.0.0.1', 3868, 0xabcd);
    expect([e.size, e.pendingSize]).toEqual([4, 1]);
    const e2 = new SctpEndpoints(64);
    e2.initAck(ack, 0, ack.byteLength, '10.0.0.2', ipv4Addr('10.0.0.2'), 3869, '10.0.0.1', 3868, 0xabcd);
    e2.init(c, 0, c.byteLength, '10.0.0.1', ipv4Addr('10.0.0.1'), 3868, 3869);
    expect([e2.size, e2.pendingSize]).toEqual([4, 0]);
    expect(e2.canonical(flow('10.0.1.1', '10.0.2.2', 3868, 3869))).toMatchObject({ src: '10.0.0.1', dst: '10.0.0.2' });
  });

  it('at most MAX_PENDING_INITS wait, the oldest forgotten first, and they never evict a bound address', () => {
    const reported: string[] = [];
    const e = new SctpEndpoints(4, undefined, (code, detail) => reported.push(`${code}: ${detail}`));
    learn(e, initChunk([[5, ipv4Addr('10.0.1.1')]]), '10.0.0.1', 3868);
    const first = initChunk([], 1);
    e.init(first, 0, first.byteLength, '10.5.0.0', ipv4Addr('10.5.0.0'), 1, 2);
    for (let i = 1; i <= MAX_PENDING_INITS; i++) {
      const c = initChunk([[5, ipv4Addr(`10.6.${i >> 8}.${i & 255}`)]], i + 1);
      e.init(c, 0, c.byteLength, '10.5.0.0', ipv4Addr('10.5.0.0'), 1 + i, 2);
    }
    expect([e.pendingSize, reported, e.size]).toEqual([
      MAX_PENDING_INITS,
      [`sctp.init-unanswered-evicted: INIT from 10.5.0.0 forgotten unmatched (${MAX_PENDING_INITS} waiting)`],
      3,
    ]);
    expect(e.canonical(flow('10.0.1.1', '10.0.0.9')).src).toBe('10.0.0.1');
    e.initAck(EMPTY_ACK, 0, EMPTY_ACK.byteLength, '10.0.0.2', ipv4Addr('10.0.0.2'), 2, '10.5.0.0', 1, 1); // the first: forgotten
    expect([e.size, e.pendingSize]).toEqual([3, MAX_PENDING_INITS + 1]);
  });

  it('a bound address keeps its endpoint: a later handshake naming it adds only its unbound addresses (RFC 9260 §5.2.4.1)', () => {
    const e = new SctpEndpoints(64);
    learn(e, initChunk([[5, ipv4Addr('10.0.1.1')]]), '10.0.0.1', 3868);
    // Another source claims 10.0.1.1 (a forged handshake): it stays 10.0.0.1's; 10.0.7.7 is the claimer's.
    learn(
      e,
      initChunk(
        [
          [5, ipv4Addr('10.0.1.1')],
          [5, ipv4Addr('10.0.7.7')],
        ],
        9,
      ),
      '10.9.9.9',
      3868,
    );
    expect(e.canonical(flow('10.0.1.1', '10.0.0.9')).src).toBe('10.0.0.1');
    expect(e.canonical(flow('10.0.7.7', '10.0.0.9')).src).toBe('10.9.9.9');
    // The endpoint's own new handshake (a new association of it): a new address joins it.
    learn(
      e,
      initChunk(
        [
          [5, ipv4Addr('10.0.1.1')],
          [5, ipv4Addr('10.0.8.8')],
        ],
        10,
      ),
      '10.0.0.1',
      3868,
    );
    expect(e.canonical(flow('10.0.8.8', '10.0.0.9')).src).toBe('10.0.0.1');
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
    learn(e, x, '10.0.0.1', 3868);
    const y = initChunk([[5, ipv4Addr('10.0.1.2')]]);
    learn(e, y, '10.0.0.2', 3869);
    expect(at('10.0.1.1', '10.0.1.2')).toBe('4 10.0.0.1 10.0.0.2');
    expect(at('10.0.0.1', '10.0.1.2')).toBe('4 10.0.0.1 10.0.0.2');
    expect(at('10.9.9.1', '10.0.1.2')).toBe('4 10.9.9.1 10.0.0.2'); // a foreign source stays itself
    expect(at('10.9.9.1', '10.9.9.2')).toBe(false);
    expect(at('10.0.1.1', '10.0.1.2', 2905, 2905)).toBe(false); // other ports: other transport addresses
  });
});
