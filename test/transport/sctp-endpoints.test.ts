import { beforeEach, describe, expect, it } from 'vitest';
import { Counters } from '../../src/core/stats.js';
import { ipv4Addr, ipv6Addr } from '../../src/encode/ip.js';
import { MAX_INIT_ADDRESSES, MAX_PENDING_INITS, PKT_HB, PKT_HB_ACK, PKT_SACK, SctpEndpoints } from '../../src/transport/sctp-endpoints.js';
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

const EMPTY_ACK = initChunk([], 0xacac);
let peer = 0;

/** `chunk` sent as INIT by `src` port `port`, answered by an INIT ACK (Initiate Tag 0xacac) naming no address from a peer of its own, port `port + 1`. */
function learn(e: SctpEndpoints, chunk: DataView, src: string, port: number): void {
  e.init(chunk, 0, chunk.byteLength, src, ipv4Addr(src), port, port + 1);
  const p = `192.0.2.${++peer & 255}`;
  e.initAck(EMPTY_ACK, 0, EMPTY_ACK.byteLength, p, ipv4Addr(p), port + 1, src, port, chunk.getUint32(4));
}

const pkt = new DataView(new ArrayBuffer(32));
/**
 * A packet from `src` to `dst` (IPv4 or IPv6) with Verification Tag `vtag`, resolved by canonicalKey:
 * its key's addresses as "src → dst", or false (the pair is its own key).
 */
function key(e: SctpEndpoints, src: string, dst: string, vtag: number, sp = 3868, dp = 3869, tsn = 1): string | false {
  const v6 = src.includes(':');
  const len = v6 ? 16 : 4;
  const enc = v6 ? ipv6Addr : ipv4Addr;
  new Uint8Array(pkt.buffer).set([...enc(src), ...enc(dst)]);
  if (!e.canonicalKey(pkt, 0, len, len, sp, dp, vtag, tsn)) return false;
  const k = new Uint8Array(e.keyView.buffer);
  return `${text(k.subarray(0, e.keyLen))} → ${text(k.subarray(16, 16 + e.keyLen))}`;
}
const text = (b: Uint8Array) => (b.length === 4 ? b.join('.') : `v6:${Buffer.from(b).toString('hex')}`);

/** A HEARTBEAT with tag `to` from port `sp` to `dp`, answered by its HEARTBEAT ACK with tag `back` (RFC 9260 §8.3): an acknowledgement. */
function heartbeat(e: SctpEndpoints, to: number, back: number, sp: number, dp: number, info = 99, echo = info): void {
  e.packetEnd(to, sp, dp, false, PKT_HB, 0, info, 0);
  e.packetEnd(back, dp, sp, false, PKT_HB_ACK, 0, 0, echo);
}
/** A packet with tag `vtag` from `sp` to `dp` that is no evidence (COOKIE ECHO, COOKIE ACK, …): used only. */
const seen = (e: SctpEndpoints, vtag: number, sp: number, dp: number) => e.packetEnd(vtag, sp, dp, false, 0, 0, 0, 0);
/** A SACK with tag `vtag` from `sp` to `dp`, Cumulative TSN Ack `cum`. */
const sack = (e: SctpEndpoints, vtag: number, sp: number, dp: number, cum: number) => e.packetEnd(vtag, sp, dp, false, PKT_SACK, cum, 0, 0);

const flow = (src: string, dst: string, srcPort = 3868, dstPort = 3869): Flow => ({ id: 1, transport: 'sctp', src, dst, srcPort, dstPort });

describe('SctpEndpoints (RFC 9260 §5.1.2: INIT / INIT ACK address parameters)', () => {
  beforeEach(() => {
    peer = 0;
  });

  it("maps IPv4 and IPv6 address parameters, with the source port, to the endpoint of the packet source, for packets of that association's tags", () => {
    const e = new SctpEndpoints(64);
    const chunk = initChunk([
      [5, ipv4Addr('10.0.1.1')],
      [9, new Uint8Array(4)], // Cookie Preservative: skipped
      [6, ipv6Addr('2001:db8::1')],
    ]);
    learn(e, chunk, '10.0.0.1', 3868);
    expect(e.size).toBe(3 + 1); // and the INIT ACK's source
    // To the responder: the INIT ACK's tag; to the initiator: the INIT's (RFC 9260 §8.5).
    expect(key(e, '10.0.1.1', '192.0.2.1', 0xacac)).toBe('10.0.0.1 → 192.0.2.1');
    expect(key(e, '192.0.2.1', '10.0.1.1', 7, 3869, 3868)).toBe('192.0.2.1 → 10.0.0.1');
    // The Flow of the packet just resolved (Diameter asks while decoding it); another flow is itself.
    expect(e.canonical(flow('192.0.2.1', '10.0.1.1', 3869, 3868))).toMatchObject({ src: '192.0.2.1', dst: '10.0.0.1' });
    const other = flow('10.0.1.1', '192.0.2.1');
    expect(e.canonical(other)).toBe(other);
    // Another tag, another port, the tag of the other direction: not this association's packet.
    expect(key(e, '10.0.1.1', '192.0.2.1', 0xacad)).toBe(false);
    expect(key(e, '10.0.1.1', '192.0.2.1', 0xacac, 2905, 3869)).toBe(false);
    expect(key(e, '10.0.1.1', '192.0.2.1', 7)).toBe(false);
  });

  it('stops at a parameter whose length is wrong; takes at most MAX_INIT_ADDRESSES from one chunk', () => {
    const e = new SctpEndpoints(1000);
    const bad = initChunk([[5, ipv4Addr('10.0.1.1')]]);
    bad.setUint16(22, 3); // parameter length < 4
    learn(e, bad, '10.0.0.1', 3868);
    expect(e.size).toBe(1 + 1);
    const many = initChunk(
      Array.from({ length: 40 }, (_, i) => [5, ipv4Addr(`10.1.0.${i}`)] as [number, Uint8Array]),
      8,
    );
    learn(e, many, '10.0.0.2', 3868);
    expect(e.size).toBe(2 + 1 + MAX_INIT_ADDRESSES + 1);
  });

  it('holds at most maxAddresses: the newest association not established goes first, then the least recently made established one unless used since', () => {
    const reported: string[] = [];
    const e = new SctpEndpoints(9, undefined, (code, detail) => reported.push(`${code}: ${detail}`));
    learn(e, initChunk([[5, ipv4Addr('10.0.1.1')]], 1), '10.0.0.1', 3868); // 3 held
    learn(e, initChunk([[5, ipv4Addr('10.0.2.5')]], 2), '10.0.0.5', 3868); // 6
    // The first is established: DATA to the responder, acknowledged by a SACK (RFC 9260 §6.2).
    expect(key(e, '10.0.1.1', '192.0.2.1', 0xacac)).toBe('10.0.0.1 → 192.0.2.1'); // both records have tag 0xacac: the one that named the pair
    sack(e, 1, 3869, 3868, 1);
    expect(e.associations).toEqual({ records: 2, established: 1 });
    learn(e, initChunk([[5, ipv4Addr('10.0.3.1')]], 3), '10.0.0.7', 3868); // 9
    learn(e, initChunk([[5, ipv4Addr('10.0.4.1')]], 4), '10.0.0.8', 3868); // the newest not established (tag 3) goes
    expect(reported).toEqual(['sctp.endpoint-evicted: association of 10.0.0.7|3868 and 192.0.2.3|3869 forgotten (9 addresses held)']);
    expect(key(e, '10.0.2.5', '192.0.2.2', 0xacac)).toBe('10.0.0.5 → 192.0.2.2'); // the older one stays
    expect(key(e, '10.0.1.1', '192.0.2.1', 0xacac)).toBe('10.0.0.1 → 192.0.2.1');
    // None left but the established one, unused since made newest? Used: it is kept, made the newest.
    const est = new SctpEndpoints(3, undefined, () => {});
    learn(est, initChunk([[5, ipv4Addr('10.0.1.1')]], 1), '10.0.0.1', 3868);
    heartbeat(est, 0xacac, 1, 3868, 3869); // established, and used
    learn(est, initChunk([[5, ipv4Addr('10.0.2.1')]], 2), '10.0.0.2', 3868);
    expect(est.associations).toEqual({ records: 1, established: 0 }); // the used one was made newest, then went as the table turned over
  });

  it('review 12-A #2: established records naming many addresses (forged handshakes) go before a real few-address one, even one not used since', () => {
    const reported: string[] = [];
    const e = new SctpEndpoints(64, undefined, (_code, detail) => reported.push(detail));
    learn(e, initChunk([[5, ipv4Addr('10.0.1.1')]], 1), '10.0.0.1', 3868); // 3 held
    heartbeat(e, 0xacac, 1, 3868, 3869); // established, not used again
    const many = (k: number): [number, Uint8Array][] => Array.from({ length: MAX_INIT_ADDRESSES }, (_, i) => [5, ipv4Addr(`172.16.${k}.${i + 1}`)]);
    for (let k = 0; k < 10; k++) {
      const init = initChunk(many(k), 0x100 + k);
      const ack = initChunk(many(100 + k), 0x200 + k);
      const [x, y] = [`192.168.0.${k}`, `192.169.0.${k}`];
      e.init(init, 0, init.byteLength, x, ipv4Addr(x), 5000, 5001);
      e.initAck(ack, 0, ack.byteLength, y, ipv4Addr(y), 5001, x, 5000, 0x100 + k);
      heartbeat(e, 0x200 + k, 0x100 + k, 5000, 5001); // forged both ways: established
    }
    expect(reported.length).toBeGreaterThan(0);
    expect(reported.some((d) => d.includes('10.0.0.1|3868'))).toBe(false);
    expect(key(e, '10.0.1.1', '192.0.2.1', 0xacac)).toBe('10.0.0.1 → 192.0.2.1');
  });

  it('review 12-A #2: established only on evidence: DATA both ways, a SACK of DATA seen the other way, a HEARTBEAT ACK echoing a HEARTBEAT seen the other way', () => {
    const made = () => {
      const e = new SctpEndpoints(64);
      learn(e, initChunk([[5, ipv4Addr('10.0.1.1')]], 1), '10.0.0.1', 3868);
      return e;
    };
    const est = (e: SctpEndpoints) => e.associations.established;
    // A packet each way that acknowledges nothing (COOKIE ECHO, COOKIE ACK): not established.
    const bare = made();
    seen(bare, 0xacac, 3868, 3869);
    seen(bare, 1, 3869, 3868);
    expect(est(bare)).toBe(0);
    // A SACK of a TSN the other way never carried, a SACK without DATA seen, a HEARTBEAT ACK echoing other information, or one going the same way: not either.
    const wrong = made();
    sack(wrong, 1, 3869, 3868, 5);
    expect(key(wrong, '10.0.1.1', '192.0.2.1', 0xacac, 3868, 3869, 100)).toBe('10.0.0.1 → 192.0.2.1');
    sack(wrong, 1, 3869, 3868, 99);
    sack(wrong, 0xacac, 3868, 3869, 100); // a SACK to the responder acknowledges the responder's DATA, not its own
    heartbeat(wrong, 0xacac, 1, 3868, 3869, 7, 8);
    wrong.packetEnd(0xacac, 3868, 3869, false, PKT_HB, 0, 9, 0);
    wrong.packetEnd(0xacac, 3868, 3869, false, PKT_HB_ACK, 0, 0, 9);
    expect(est(wrong)).toBe(0);
    // Each kind of evidence: a SACK of the DATA (or of a TSN up to 65,536 past it), a matched HEARTBEAT ACK, DATA both ways.
    const acked = made();
    expect(key(acked, '10.0.1.1', '192.0.2.1', 0xacac, 3868, 3869, 100)).toBe('10.0.0.1 → 192.0.2.1');
    sack(acked, 1, 3869, 3868, 103);
    expect(est(acked)).toBe(1);
    const hb = made();
    heartbeat(hb, 1, 0xacac, 3869, 3868);
    expect(est(hb)).toBe(1);
    const both = made();
    key(both, '10.0.1.1', '192.0.2.1', 0xacac);
    expect(est(both)).toBe(0);
    key(both, '192.0.2.1', '10.0.1.1', 1, 3869, 3868);
    expect(est(both)).toBe(1);
  });

  it('review 12-A #2: of the established records, those established by an acknowledgement only go before one that carried DATA both ways, older and not used since', () => {
    const reported: string[] = [];
    const e = new SctpEndpoints(12, undefined, (_code, detail) => reported.push(detail.split(' and ')[0]!));
    learn(e, initChunk([[5, ipv4Addr('10.0.1.1')]], 1), '10.0.0.1', 3868); // 3 held: DATA both ways
    key(e, '10.0.1.1', '192.0.2.1', 0xacac);
    key(e, '192.0.2.1', '10.0.0.1', 1, 3869, 3868);
    learn(e, initChunk([[5, ipv4Addr('10.0.2.1')]], 2), '10.0.0.2', 3868); // 6: a heartbeat acknowledged
    heartbeat(e, 2, 0xacac, 3869, 3868);
    learn(e, initChunk([[5, ipv4Addr('10.0.3.1')]], 3), '10.0.0.3', 3868); // 9: the same, made later
    heartbeat(e, 3, 0xacac, 3869, 3868);
    expect(e.associations).toEqual({ records: 3, established: 3 });
    for (const [tag, src] of [
      [4, '10.0.0.4'],
      [5, '10.0.0.5'],
      [6, '10.0.0.6'],
    ] as const) {
      learn(e, initChunk([[5, ipv4Addr(`10.0.${tag}.1`)]], tag), src, 3868);
      heartbeat(e, tag, 0xacac, 3869, 3868);
    }
    // 4 records of 3 held: the acknowledged ones went oldest first (each used once since made: second
    // chance); the one that carried DATA both ways, the oldest of all, stays.
    expect(reported).toEqual(['association of 10.0.0.2|3868', 'association of 10.0.0.3|3868']);
    expect(key(e, '10.0.1.1', '192.0.2.1', 0xacac)).toBe('10.0.0.1 → 192.0.2.1');
  });

  it("a flood of handshakes whose tags never travel both ways replaces its own records, not an earlier association's (review 10-A #4), in linear work (review 11-A #1)", () => {
    const e = new SctpEndpoints(64, undefined, () => {});
    learn(e, initChunk([[5, ipv4Addr('10.0.1.1')]], 1), '10.0.0.1', 3868); // the real one, no packet yet
    const addrs = Array.from({ length: 16 }, (_, i) => [5, ipv4Addr(`10.2.0.${i}`)] as [number, Uint8Array]);
    for (let i = 0; i < 5000; i++) learn(e, initChunk(addrs, 0x1000 + i), '10.1.1.1', 3868);
    expect(key(e, '10.0.1.1', '192.0.2.1', 0xacac)).toBe('10.0.0.1 → 192.0.2.1');
    expect(e.size).toBeLessThanOrEqual(64);
    expect(e.tentativeItems).toBeLessThanOrEqual(2 * e.associations.records + 32);
    // Records of one tag (every INIT ACK here has 0xacac): at most 4, the earlier association kept.
    const oneTag = new SctpEndpoints(100_000);
    peer = 0;
    learn(oneTag, initChunk([[5, ipv4Addr('10.0.1.1')]], 1), '10.0.0.1', 3868);
    for (let i = 0; i < 50; i++) learn(oneTag, initChunk(addrs, 0x1000 + i), '10.1.1.1', 3868);
    expect(oneTag.associations.records).toBe(4);
    expect(key(oneTag, '10.0.1.1', '192.0.2.1', 0xacac)).toBe('10.0.0.1 → 192.0.2.1');
    // The same handshake again (an INIT retried and answered again, no DATA): one record.
    const same = new SctpEndpoints(64);
    for (let i = 0; i < 5000; i++) {
      peer = 0;
      learn(same, initChunk(addrs, 0x77), '10.1.1.1', 3868);
    }
    expect([same.associations.records, same.tentativeItems, same.size]).toEqual([1, 1, 18]);
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
    expect(key(e, '10.0.1.1', '10.0.0.2', 0xacac)).toBe('10.0.0.1 → 10.0.0.2');
  });

  it("Verification Tag 0 answers too (generated captures): the newest INIT of those ports, from that INIT's destination", () => {
    const e = new SctpEndpoints(64);
    const c = initChunk([[5, ipv4Addr('10.0.1.1')]], 0xabcd);
    const z = initChunk([[5, ipv4Addr('10.0.3.3')]], 0x1234);
    e.init(c, 0, c.byteLength, '10.0.0.3', ipv4Addr('10.0.0.3'), 3868, 3869, '10.0.0.2');
    e.init(z, 0, z.byteLength, '10.0.0.3', ipv4Addr('10.0.0.3'), 3868, 3869, '10.0.0.2');
    expect(e.pendingSize).toBe(2);
    e.initAck(EMPTY_ACK, 0, EMPTY_ACK.byteLength, '10.0.0.2', ipv4Addr('10.0.0.2'), 3869, '10.0.0.3', 3868, 0);
    expect(key(e, '10.0.3.3', '10.0.0.2', 0xacac)).toBe('10.0.0.3 → 10.0.0.2');
    expect(key(e, '10.0.1.1', '10.0.0.2', 0xacac)).toBe('10.0.1.1 → 10.0.0.2'); // the older INIT's: still waiting
    expect(e.pendingSize).toBe(2); // the answered one too: its well-tagged answer would replace the record
  });

  it('review 12-A #1: a Verification Tag 0 INIT ACK planted before the INIT, or raced after it from another address, binds nothing; a spoofed one from the right address is replaced by the real answer', () => {
    const reported: string[] = [];
    const e = new SctpEndpoints(64, undefined, (code) => reported.push(code));
    const c = initChunk([[5, ipv4Addr('10.0.1.1')]], 0x1111);
    const real = initChunk([[5, ipv4Addr('10.0.1.2')]], 0x2222);
    const forged = initChunk([[5, ipv4Addr('10.0.0.2')]], 0x6666);
    const init = () => e.init(c, 0, c.byteLength, '10.0.0.1', ipv4Addr('10.0.0.1'), 3868, 3869, '10.0.0.2');
    const ack = (chunk: DataView, src: string, vtag: number) => e.initAck(chunk, 0, chunk.byteLength, src, ipv4Addr(src), 3869, '10.0.0.1', 3868, vtag);
    ack(forged, '10.9.9.9', 0); // planted
    ack(forged, '10.0.0.2', 0); // planted, from the server's address
    init();
    expect([e.associations.records, e.pendingSize]).toEqual([0, 1]);
    ack(forged, '10.9.9.9', 0); // raced, from elsewhere
    expect(e.associations.records).toBe(0);
    ack(forged, '10.0.0.2', 0); // raced, spoofing the INIT's destination: bound for now
    expect(key(e, '10.0.0.1', '10.0.0.2', 0x6666)).toBe('10.0.0.1 → 10.0.0.2');
    ack(real, '10.0.0.2', 0x1111); // the real answer
    expect([e.associations.records, e.pendingSize]).toEqual([1, 0]);
    expect(key(e, '10.0.0.1', '10.0.0.2', 0x6666)).toBe(false);
    expect(key(e, '10.0.1.2', '10.0.1.1', 0x1111, 3869, 3868)).toBe('10.0.0.2 → 10.0.0.1');
    expect(reported).toEqual([]);
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
    expect(key(e, '10.0.1.1', '10.9.9.9', 0x3333, 2905, 2905)).toBe('10.0.0.1 → 10.0.0.9');
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
    expect(key(e2, '10.0.1.1', '10.0.2.2', 0x5555)).toBe('10.0.0.1 → 10.0.0.2');
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
    expect(key(e, '10.0.1.1', '192.0.2.1', 0xacac)).toBe('10.0.0.1 → 192.0.2.1');
    e.initAck(EMPTY_ACK, 0, EMPTY_ACK.byteLength, '10.0.0.2', ipv4Addr('10.0.0.2'), 2, '10.5.0.0', 1, 1); // the first: forgotten
    expect([e.size, e.pendingSize]).toEqual([3, MAX_PENDING_INITS + 1]);
  });

  // Review 10-A #4 / 11-A #4: a squatter has a handshake answered (a listener answers every INIT,
  // RFC 9260 §5.1.3) naming the real association's addresses, before or after the real one, and
  // sends packets of its own association from them: the real association's packets (its own tags)
  // are keyed as before.
  it.each([
    ['after', false],
    ['before', false],
    ['before, with its own packets both ways from the squatted addresses', true],
  ])("a squatter's answered handshake %s the real one changes nothing for the real association's packets", (when, own) => {
    const e = new SctpEndpoints(64);
    const shake = (src: string, tag: number, addrs: string[], ackTag: number, ackAddrs: string[]) => {
      const c = initChunk(
        addrs.map((a) => [5, ipv4Addr(a)] as [number, Uint8Array]),
        tag,
      );
      const k = initChunk(
        ackAddrs.map((a) => [5, ipv4Addr(a)] as [number, Uint8Array]),
        ackTag,
      );
      e.init(c, 0, c.byteLength, src, ipv4Addr(src), 3868, 3869);
      e.initAck(k, 0, k.byteLength, '10.0.0.2', ipv4Addr('10.0.0.2'), 3869, src, 3868, tag);
    };
    const real = () => shake('10.0.0.1', 0x1111, ['10.0.1.1'], 0x2222, ['10.0.1.2']);
    const squat = () => shake('10.9.9.9', 0x5555, ['10.0.1.1'], 0x6666, ['10.0.1.2']);
    if (when === 'after') {
      real();
      squat();
    } else {
      squat();
      if (own) {
        expect(key(e, '10.0.1.1', '10.0.1.2', 0x6666)).toBe('10.9.9.9 → 10.0.0.2');
        expect(key(e, '10.0.1.2', '10.0.1.1', 0x5555, 3869, 3868)).toBe('10.0.0.2 → 10.9.9.9');
      }
      real();
    }
    expect(key(e, '10.0.1.1', '10.0.1.2', 0x2222)).toBe('10.0.0.1 → 10.0.0.2');
    expect(key(e, '10.0.1.2', '10.0.1.1', 0x1111, 3869, 3868)).toBe('10.0.0.2 → 10.0.0.1');
    expect(e.canonical(flow('10.0.1.2', '10.0.1.1', 3869, 3868))).toMatchObject({ src: '10.0.0.2', dst: '10.0.0.1' });
  });

  it("canonicalKey: a path of the association written with its endpoints' first addresses; an address it did not name stays itself; false for a pair of neither (rt9 MH3)", () => {
    const e = new SctpEndpoints(64);
    expect(key(e, '10.0.1.1', '10.0.1.2', 0x2222)).toBe(false); // nothing learned
    const c = initChunk([[5, ipv4Addr('10.0.1.1')]], 0x1111);
    const k = initChunk([[5, ipv4Addr('10.0.1.2')]], 0x2222);
    e.init(c, 0, c.byteLength, '10.0.0.1', ipv4Addr('10.0.0.1'), 3868, 3869);
    e.initAck(k, 0, k.byteLength, '10.0.0.2', ipv4Addr('10.0.0.2'), 3869, '10.0.0.1', 3868, 0x1111);
    expect(key(e, '10.0.1.1', '10.0.1.2', 0x2222)).toBe('10.0.0.1 → 10.0.0.2');
    expect(key(e, '10.0.0.1', '10.0.1.2', 0x2222)).toBe('10.0.0.1 → 10.0.0.2');
    expect(key(e, '10.0.1.2', '10.0.1.1', 0x1111, 3869, 3868)).toBe('10.0.0.2 → 10.0.0.1');
    expect(key(e, '10.9.9.1', '10.0.1.2', 0x2222)).toBe('10.9.9.1 → 10.0.0.2'); // a foreign source stays itself
    expect(key(e, '10.9.9.1', '10.9.9.2', 0x2222)).toBe(false);
    expect(key(e, '10.0.1.1', '10.0.1.2', 0x2222, 2905, 2905)).toBe(false); // other ports: other transport addresses
  });
});
