import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveLimits, type Limits } from '../../src/core/limits.js';
import type { BytePool } from '../../src/core/byte-pool.js';
import { Counters } from '../../src/core/stats.js';
import { IpDefragmenter } from '../../src/transport/ip-defrag.js';
import { decodeIpv4, IP_ANOMALY, newIpPacket } from '../../src/transport/ipv4.js';
import { decodeIpv6, walkIpv6Extensions } from '../../src/transport/ipv6.js';
import { ipv4, ipv4Fragments, ipv6Fragments } from '../../src/encode/ip.js';

function setup(limits: Partial<Limits> = {}): { d: IpDefragmenter; codes: string[]; counters: Counters } {
  const codes: string[] = [];
  const counters = new Counters();
  // Like PacketDecoder's reporter: every reported code is also counted.
  const d = new IpDefragmenter(
    resolveLimits(limits),
    (code) => {
      codes.push(code);
      counters.inc(code);
    },
    counters,
  );
  return { d, codes, counters };
}

/** Push one raw IP packet; returns the reassembled bytes (if any) and the packet's protocol. */
function push(d: IpDefragmenter, pkt: Uint8Array, now = 0): { out: Uint8Array | null; proto: number } {
  const v = new DataView(pkt.buffer, pkt.byteOffset, pkt.byteLength);
  const p = newIpPacket();
  expect((pkt[0]! >> 4 === 4 ? decodeIpv4 : decodeIpv6)(v, 0, pkt.length, p)).toBe(pkt.length);
  expect(p.fragment).toBe(true);
  return { out: d.push(v, p, now), proto: p.proto };
}

/** The datagrams made from the alternates of the one just completed (their bytes). */
const alternates = (d: IpDefragmenter): Uint8Array[] => d.takeAlternates().map((a) => a.bytes);

const payload = Uint8Array.from({ length: 100 }, (_, i) => i);
const v4 = { src: '10.0.0.1', dst: '10.0.0.2', proto: 132, id: 4242, payload };

describe('IpDefragmenter (RFC 791 §3.2, RFC 8200 §4.5)', () => {
  it('reassembles IPv4 fragments in every arrival order', () => {
    const frags = ipv4Fragments(v4, 32); // 32+32+32+4
    expect(frags).toHaveLength(4);
    fc.assert(
      fc.property(fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }), (order) => {
        const { d } = setup();
        const results = order.map((i) => push(d, frags[i]!).out);
        expect(results.slice(0, 3).every((r) => r === null)).toBe(true);
        expect(Array.from(results[3]!)).toEqual(Array.from(payload));
        expect(d.pending).toBe(0);
        expect(d.bufferedBytes).toBe(0);
      }),
    );
  });

  it('keys by identification: two interleaved datagrams', () => {
    const { d } = setup();
    const a = ipv4Fragments(v4, 56);
    const b = ipv4Fragments({ ...v4, id: 4243, payload: payload.map((x) => 255 - x) }, 56);
    expect(push(d, a[0]!).out).toBeNull();
    expect(push(d, b[1]!).out).toBeNull();
    expect(Array.from(push(d, a[1]!).out!)).toEqual(Array.from(payload));
    expect(Array.from(push(d, b[0]!).out!)).toEqual(Array.from(payload.map((x) => 255 - x)));
  });

  it('ignores an exact duplicate fragment', () => {
    const { d, counters } = setup();
    const f = ipv4Fragments(v4, 64);
    push(d, f[0]!);
    push(d, f[0]!);
    expect(Array.from(push(d, f[1]!).out!)).toEqual(Array.from(payload));
    expect(counters.get('ip.fragment-duplicates')).toBe(1);
  });

  it('IPv4 overlap: bytes that arrived first are kept, the overlap reported', () => {
    const { d, codes } = setup();
    const first = ipv4({ ...v4, payload: payload.subarray(0, 48), mf: true, fragOffset: 0 });
    const evil = ipv4({ ...v4, payload: new Uint8Array(48).fill(0xff), mf: true, fragOffset: 24 }); // 24..72 overlaps 24..48
    const last = ipv4({ ...v4, payload: payload.subarray(72), fragOffset: 72 });
    push(d, first);
    push(d, evil);
    const out = push(d, last).out!;
    expect(codes).toEqual([IP_ANOMALY.FRAG_OVERLAP]);
    expect(Array.from(out.subarray(0, 48))).toEqual(Array.from(payload.subarray(0, 48)));
    expect(Array.from(out.subarray(48, 72))).toEqual(new Array(24).fill(0xff));
    expect(Array.from(out.subarray(72))).toEqual(Array.from(payload.subarray(72)));
  });

  it('IPv4 overlap with other bytes: the other version is decoded too (alternate datagram)', () => {
    const { d } = setup();
    push(d, ipv4({ ...v4, payload: payload.subarray(0, 48), mf: true, fragOffset: 0 }));
    push(d, ipv4({ ...v4, payload: new Uint8Array(48).fill(0xff), mf: true, fragOffset: 24 }));
    push(d, ipv4({ ...v4, payload: payload.subarray(72), fragOffset: 72 }));
    const [alt, ...rest] = alternates(d);
    expect(Array.from(alt!.subarray(0, 24))).toEqual(Array.from(payload.subarray(0, 24)));
    expect(Array.from(alt!.subarray(24, 72))).toEqual(new Array(48).fill(0xff));
    expect(rest).toEqual([]);
  });

  // Insertion/evasion (red-team F3c): a decoy fragment the receiver drops (bad header checksum) with
  // the real one's offset and length but other bytes must not make the real one a "duplicate".
  const decoyOf = (f: Uint8Array): Uint8Array => {
    const x = f.slice();
    x[30]! ^= 0x55; // a data octet
    x[10]! ^= 0xff; // RFC 791 §3.1 header checksum wrong (not checked: offloaded captures)
    return x;
  };

  it('a decoy with the offset and length of a fragment but other bytes: both datagrams decoded, reported', () => {
    const { d, codes, counters } = setup();
    const f = ipv4Fragments(v4, 32);
    push(d, decoyOf(f[1]!));
    push(d, f[0]!);
    push(d, f[1]!); // the real one: not a duplicate
    push(d, f[2]!);
    const out = push(d, f[3]!).out!;
    const alt = alternates(d)[0]!;
    expect(Array.from(alt)).toEqual(Array.from(payload));
    expect(out[32 + 10]).toBe(payload[32 + 10]! ^ 0x55);
    expect(codes).toEqual([IP_ANOMALY.FRAG_OVERLAP]);
    expect(counters.get('ip.fragment-duplicates')).toBe(0);
  });

  // Red-team rt7 F1: the alternates were first-come, 4 per datagram: 5 decoys before the real fragment hid it.
  describe('which differing copies are kept past 4 alternates', () => {
    const f = ipv4Fragments(v4, 32);
    /** Fragment 1 with data octet 30 set to `k` (bytes differ from the real one for k ≠ its value). */
    const copyOf = (k: number, o: { badSum?: boolean; ttl?: number } = {}): Uint8Array => {
      const x = ipv4({ ...v4, payload: payload.subarray(32, 64), mf: true, fragOffset: 32, ttl: o.ttl ?? 64 });
      x[30] = k;
      const sum = new DataView(x.buffer).getUint16(10);
      new DataView(x.buffer).setUint16(10, 0);
      let s = 0;
      for (let p = 0; p < 20; p += 2) s += (x[p]! << 8) | x[p + 1]!;
      while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
      new DataView(x.buffer).setUint16(10, o.badSum ? sum ^ 0xffff : ~s & 0xffff);
      return x;
    };
    const versions = (d: IpDefragmenter, out: Uint8Array): number[] => {
      const all = [out[42]!];
      for (const a of alternates(d)) all.push(a[42]!);
      return all;
    };
    const real = payload[42]!;

    it.each([5, 100])('%i decoys with a wrong header checksum before and after the real fragment: it is decoded', (n) => {
      const { d, counters } = setup();
      push(d, f[0]!);
      for (let k = 0; k < n; k++) push(d, copyOf(100 + k, { badSum: true }));
      push(d, f[1]!);
      for (let k = 0; k < n; k++) push(d, copyOf(200 - k, { badSum: true }));
      push(d, f[2]!);
      const all = versions(d, push(d, f[3]!).out!);
      expect(all[0]).toBe(100); // the first copy's bytes
      expect(all).toContain(real);
      expect(all.length).toBe(5); // bounded: the first version + 4 alternates
      expect(counters.get('ip.fragment-overlaps')).toBe(2 * n); // every copy but the first
      expect(d.bufferedBytes).toBe(0);
    });

    it('decoys with a correct checksum and a smaller TTL (they expire before the receiver): the real one is decoded', () => {
      const { d } = setup();
      for (let k = 0; k < 10; k++) push(d, copyOf(100 + k, { ttl: 2 }));
      push(d, f[1]!);
      for (let k = 0; k < 10; k++) push(d, copyOf(150 + k, { ttl: 2 }));
      for (const g of [f[0]!, f[2]!]) push(d, g);
      expect(versions(d, push(d, f[3]!).out!)).toContain(real);
    });

    it('copies alike in checksum and TTL: the first of them and the newest are kept (first- and last-wins receivers)', () => {
      const { d, counters } = setup();
      push(d, copyOf(1, { badSum: true }));
      for (let k = 0; k < 10; k++) push(d, copyOf(100 + k));
      push(d, copyOf(100)); // an equal copy of a kept alternate
      push(d, copyOf(2, { badSum: true })); // ranks below every kept one: not kept
      for (const g of [f[0]!, f[2]!]) push(d, g);
      const all = versions(d, push(d, f[3]!).out!);
      expect(all).toEqual([1, 100, 107, 108, 109]);
      expect(counters.get('ip.fragment-duplicates')).toBe(1);
      expect(counters.get('ip.alternates-dropped')).toBe(1);
    });
  });

  it('a real last fragment after a decoy (wrong header checksum) completed the datagram: rebuilt with it, and a new datagram started', () => {
    const { d, codes } = setup();
    const f = ipv4Fragments(v4, 64);
    push(d, decoyOf(f[1]!));
    const first = push(d, f[0]!).out!;
    expect(first[64 + 10]).toBe(payload[64 + 10]! ^ 0x55);
    const late = push(d, f[1]!);
    expect(Array.from(late.out!)).toEqual(Array.from(payload));
    expect(late.proto).toBe(132);
    expect(codes).toEqual([IP_ANOMALY.FRAG_OVERLAP]);
    expect(d.pending).toBe(1);
    expect(push(d, f[1]!).out).toBeNull(); // an equal copy: no rebuild
  });

  it('a first fragment after its datagram completed is a new datagram (a reused Identification): the completed one is forgotten', () => {
    const { d, codes } = setup();
    const f = ipv4Fragments(v4, 64);
    const g = ipv4Fragments({ ...v4, payload: payload.map((b) => b ^ 0x0f) }, 64);
    push(d, decoyOf(f[1]!));
    push(d, f[0]!);
    expect(push(d, g[0]!).out).toBeNull();
    expect(Array.from(push(d, g[1]!).out!)).toEqual(Array.from(payload.map((b) => b ^ 0x0f)));
    expect(codes).toEqual([]);
  });

  it('reassembles IPv6 fragments out of order, then the fragmentable extension headers are walked', () => {
    const frags = ipv6Fragments(
      { src: '2001:db8::1', dst: '2001:db8::2', proto: 132, payload, id: 7, unfragmentable: [{ type: 'hop-by-hop' }], fragmentable: [{ type: 'destination' }] },
      40,
    );
    expect(frags).toHaveLength(3);
    const { d } = setup();
    expect(push(d, frags[2]!).out).toBeNull();
    expect(push(d, frags[0]!).out).toBeNull();
    const r = push(d, frags[1]!);
    const whole = r.out!;
    expect(r.proto).toBe(60); // Next Header of the offset-0 fragment: Destination Options
    const p = newIpPacket();
    expect(walkIpv6Extensions(new DataView(whole.buffer), 0, whole.length, 60, p, false)).toBe(whole.length);
    expect(p.proto).toBe(132);
    expect(Array.from(whole.subarray(p.offset))).toEqual(Array.from(payload));
  });

  // Red-team rt7 F3: a receiver discards an IPv6 datagram with overlapping fragments (RFC 5722 §4),
  // but an overlapping decoy it never got (hop limit 1) made the tap discard the real datagram.
  it('IPv6 overlap with other bytes: first bytes kept, the other version decoded too, reported', () => {
    const frags = ipv6Fragments({ src: '::1', dst: '::2', proto: 6, payload, id: 9 }, 48);
    const overlapping = ipv6Fragments({ src: '::1', dst: '::2', proto: 6, payload: new Uint8Array(64).fill(0xee), id: 9 }, 64)[0]!;
    // The 64-byte piece claims MF=0 at offset 0: rewrite as offset 8, MF=1 to overlap fragments 0 and 1.
    const dv = new DataView(overlapping.buffer);
    dv.setUint16(40 + 2, 8 | 1);
    const { d, codes } = setup();
    push(d, frags[0]!);
    expect(push(d, overlapping).out).toBeNull();
    expect(codes).toEqual([IP_ANOMALY.FRAG_OVERLAP]);
    expect(d.pending).toBe(1);
    push(d, frags[1]!); // its first 24 bytes overlap the decoy's hole piece: a second alternate
    const out = push(d, frags[2]!).out!;
    const decoyed = payload.slice();
    decoyed.fill(0xee, 48, 72); // the decoy filled the hole [48, 72) first
    expect(Array.from(out)).toEqual(Array.from(decoyed));
    const [alt, receiver, ...rest] = alternates(d);
    expect(Array.from(alt!)).toEqual(Array.from(payload.slice().fill(0xee, 8, 72)));
    expect(Array.from(receiver!)).toEqual(Array.from(payload)); // the receiver's version
    expect(rest).toEqual([]);
  });

  it('evicts a never-completed datagram after ipFragAgeSec (capture time) with an anomaly', () => {
    const { d, codes, counters } = setup({ ipFragAgeSec: 30 });
    const f = ipv4Fragments(v4, 64);
    push(d, f[0]!, 100);
    const other = ipv4Fragments({ ...v4, id: 1 }, 64);
    expect(push(d, other[0]!, 129).out).toBeNull();
    expect(codes).toEqual([]);
    push(d, other[1]!, 131); // completes id 1; the first datagram is 31 s old: evicted first
    expect(codes).toEqual([IP_ANOMALY.FRAG_EVICTED]);
    expect(counters.get('ip.fragment-evicted')).toBe(1);
    expect(push(d, f[1]!, 132).out).toBeNull(); // its first half is gone
  });

  it('evicts the oldest datagram when ipFragDatagrams is reached', () => {
    const { d, codes } = setup({ ipFragDatagrams: 2 });
    for (let id = 1; id <= 3; id++) push(d, ipv4Fragments({ ...v4, id }, 64)[0]!);
    expect(d.pending).toBe(2);
    expect(codes).toEqual([IP_ANOMALY.FRAG_EVICTED]);
    expect(push(d, ipv4Fragments({ ...v4, id: 1 }, 64)[1]!).out).toBeNull();
    expect(push(d, ipv4Fragments({ ...v4, id: 3 }, 64)[1]!).out).not.toBeNull();
  });

  it('keeps buffered bytes within ipFragBytes', () => {
    // Each 64-byte fragment is charged 64 + 256 (per-fragment overhead): one fits, two do not.
    const { d, codes } = setup({ ipFragBytes: 400 });
    push(d, ipv4Fragments({ ...v4, id: 1 }, 64)[0]!);
    push(d, ipv4Fragments({ ...v4, id: 2 }, 64)[0]!);
    expect(d.bufferedBytes).toBeLessThanOrEqual(400);
    expect(codes).toEqual([IP_ANOMALY.FRAG_EVICTED]);
  });

  it('rejects a fragment reaching past 65535 bytes and reports incomplete datagrams at flush', () => {
    const { d, codes } = setup();
    push(d, ipv4({ ...v4, payload: new Uint8Array(16), mf: true, fragOffset: 65528 }));
    expect(codes).toEqual([IP_ANOMALY.FRAG_TOO_LONG]);
    push(d, ipv4Fragments(v4, 64)[0]!);
    d.flush();
    expect(codes).toEqual([IP_ANOMALY.FRAG_TOO_LONG, IP_ANOMALY.FRAG_INCOMPLETE]);
    expect(d.pending).toBe(0);
  });

  it('property: bounded state under random fragments', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.integer({ min: 0, max: 5 }),
            off: fc.integer({ min: 0, max: 20 }),
            len: fc.integer({ min: 1, max: 6 }),
            mf: fc.boolean(),
            t: fc.integer({ min: 0, max: 100 }),
          }),
          { maxLength: 60 },
        ),
        (xs) => {
          const { d } = setup({ ipFragDatagrams: 3, ipFragBytes: 200 });
          let now = 0;
          for (const x of xs) {
            now += x.t / 10;
            const pkt = ipv4({ ...v4, id: x.id, payload: new Uint8Array(x.len * 8).fill(x.id), mf: x.mf || x.off === 0, fragOffset: x.off * 8 });
            push(d, pkt, now);
            expect(d.pending).toBeLessThanOrEqual(3);
            expect(d.bufferedBytes).toBeLessThanOrEqual(200);
            expect(d.bufferedBytes).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });
});

describe('IpDefragmenter: fragments per datagram (rt7 C1)', () => {
  const big = Uint8Array.from({ length: 8 * 300 }, (_, i) => i & 0xff);
  const at = (k: number, id = 7): Uint8Array => ipv4({ ...v4, id, payload: big.subarray(8 * k, 8 * k + 8), mf: true, fragOffset: 8 * k });

  it('a datagram of more than ipFragsPerDatagram fragments is dropped and reported; the bytes held stay bounded', () => {
    const { d, codes, counters } = setup({ ipFragsPerDatagram: 256 });
    for (let k = 0; k < 256; k++) push(d, at(k));
    // 2,048 bytes in slabs of 64, 128, …, 2,048 octets (192 B each for its ArrayBuffer), 64 B a piece.
    const slabs = [64, 128, 256, 512, 1024, 2048].reduce((n, c) => n + c + 192, 0);
    expect([codes, d.pending, d.bufferedBytes]).toEqual([[], 1, slabs + 256 * 64]);
    push(d, at(256)); // the 257th
    expect(codes).toEqual([IP_ANOMALY.FRAG_EVICTED]);
    expect([counters.get('ip.fragment-limit'), d.pending, d.bufferedBytes]).toEqual([1, 0, 0]);
    push(d, at(0, 8)); // other datagrams are unaffected
    expect(d.pending).toBe(1);
  });

  // Red-team rt8 F4: 256 dropped what receivers reassemble; a piece each in its own buffer (264 B
  // charged) kept the largest datagram in 8-octet fragments from fitting in ipFragBytes (2 MiB).
  it('the largest IPv4 datagram in 8-octet fragments (8,190), in reverse order, reassembles within the default limits', () => {
    const { d, codes } = setup();
    const data = Uint8Array.from({ length: 65_515 }, (_, i) => (i * 7) & 0xff);
    const frags = ipv4Fragments({ ...v4, id: 9, payload: data }, 8);
    expect(frags).toHaveLength(8190);
    let out: Uint8Array | null = null;
    let most = 0;
    for (const f of frags.reverse()) {
      out = push(d, f).out;
      most = Math.max(most, d.bufferedBytes);
    }
    expect(codes).toEqual([]);
    expect(out).toEqual(data);
    expect(most).toBeLessThan(resolveLimits({}).ipFragBytes / 3);
    expect([d.pending, d.bufferedBytes]).toEqual([0, 0]);
  });

  it('an IPv6 fragmentable part of 65,535 octets in 8,192 fragments, every other one first, reassembles', () => {
    const { d, codes } = setup();
    const data = Uint8Array.from({ length: 65_535 - 8 }, (_, i) => (i * 13) & 0xff);
    const frags = ipv6Fragments(
      { src: '::1', dst: '::2', proto: 6, payload: data, id: 10, fragmentable: [{ type: 'destination', options: new Uint8Array(6) }] },
      8,
    );
    expect(frags).toHaveLength(8192);
    const order = [...frags.filter((_, k) => k % 2 === 1), ...frags.filter((_, k) => k % 2 === 0)];
    let out: Uint8Array | null = null;
    for (const f of order) out = push(d, f).out;
    expect(codes).toEqual([]);
    expect(out?.subarray(8)).toEqual(data);
  });

  it('the pieces that fill holes between overlapped fragments count too', () => {
    const { d, codes } = setup({ ipFragsPerDatagram: 4 });
    for (const k of [0, 2, 4]) push(d, at(k));
    push(d, ipv4({ ...v4, id: 7, payload: big.subarray(0, 24), mf: true, fragOffset: 0 })); // fills 8..16: 4 pieces
    expect(codes).toEqual([IP_ANOMALY.FRAG_OVERLAP]);
    expect(d.pending).toBe(1);
    push(d, ipv4({ ...v4, id: 7, payload: big.subarray(16, 56), mf: true, fragOffset: 16 })); // 24..32 and 40..56: 6
    expect(codes).toEqual([IP_ANOMALY.FRAG_OVERLAP, IP_ANOMALY.FRAG_OVERLAP, IP_ANOMALY.FRAG_EVICTED]);
    expect([d.pending, d.bufferedBytes]).toEqual([0, 0]);
    // Every buffer went back to the pool: the 4 kept pieces share the datagram's slab (one 64-byte
    // class); the fragment that was one too many copied nothing (its holes are counted first).
    expect((d as unknown as { pool: BytePool }).pool.held).toBe(64);
  });

  it('a zero-length fragment (MF set, no data) does not make two datagrams share a buffer (review of the merge)', () => {
    const { d } = setup();
    const frag = (src: string, id: number, fragOffset: number, mf: boolean, data: Uint8Array) => ipv4({ ...v4, src, id, payload: data, mf, fragOffset });
    push(d, frag('10.0.0.7', 7, 8, true, new Uint8Array(0)));
    push(d, frag('10.0.0.7', 7, 0, true, new Uint8Array(8).fill(0xaa)));
    expect(push(d, frag('10.0.0.7', 7, 8, false, new Uint8Array(8).fill(0xbb))).out).toEqual(Uint8Array.from([...Array(8).fill(0xaa), ...Array(8).fill(0xbb)]));
    push(d, frag('10.0.0.8', 9, 0, true, new Uint8Array(8).fill(0x11)));
    push(d, frag('10.0.0.9', 9, 0, true, new Uint8Array(8).fill(0x22)));
    const b = push(d, frag('10.0.0.8', 9, 8, false, new Uint8Array(8).fill(0x12))).out;
    expect(b).toEqual(Uint8Array.from([...Array(8).fill(0x11), ...Array(8).fill(0x12)]));
  });

  it('property: any IPv4 fragments, overlapping or not, in any order: the bytes that arrived first win', () => {
    const fragArb = fc.record({ off: fc.integer({ min: 0, max: 30 }), len: fc.integer({ min: 1, max: 6 }), fill: fc.integer({ min: 0, max: 255 }) });
    fc.assert(
      fc.property(fc.array(fragArb, { minLength: 1, maxLength: 40 }), fc.integer({ min: 2, max: 36 }), (xs, total8) => {
        const { d } = setup();
        const total = total8 * 8;
        const model = new Int16Array(total).fill(-1);
        let out: Uint8Array | null = null;
        // Then what is still missing (a whole datagram at offset 0 is no fragment: two pieces).
        const inside = xs.filter((x) => x.off + x.len <= total8 && x.len < total8);
        const frags = [...inside, { off: 0, len: total8 - 1, fill: 9 }, { off: total8 - 1, len: 1, fill: 7 }];
        for (const x of frags) {
          if (out !== null) break;
          const from = 8 * x.off;
          const to = from + 8 * x.len;
          out = push(d, ipv4({ ...v4, id: 1, payload: new Uint8Array(to - from).fill(x.fill), mf: to < total, fragOffset: from })).out;
          for (let p = from; p < to; p++) if (model[p] === -1) model[p] = x.fill;
        }
        expect(out).not.toBeNull();
        expect(Array.from(out!)).toEqual(Array.from(model));
      }),
      { numRuns: 300 },
    );
  });
});

describe('IpDefragmenter buffers (issue 19: ArrayBuffers of dropped fragments)', () => {
  it("reuses a completed or evicted datagram's fragment buffers, and still reassembles right", () => {
    // 300 datagrams of 7 × 8,000 B without their last fragment, 2 fitting ipFragBytes (rt7 M1 in small), then complete ones.
    const { d, codes } = setup({ ipFragBytes: 2 * 7 * (8000 + 256) });
    const seen = new Set<ArrayBufferLike>();
    const table = (d as unknown as { table: { entries(): Iterable<{ value: { frags: { buf: Uint8Array }[] } }> } }).table;
    for (let n = 0; n < 300; n++) {
      const data = new Uint8Array(60_000).fill(n);
      for (const f of ipv4Fragments({ ...v4, id: n, payload: data }, 8000).slice(0, -1)) expect(push(d, f).out).toBeNull();
      for (const e of table.entries()) for (const f of e.value.frags) seen.add(f.buf.buffer);
    }
    expect(codes.filter((c) => c === IP_ANOMALY.FRAG_EVICTED)).toHaveLength(298);
    // Each fragment its own new buffer: 2,100; reused: the 2 held datagrams' and the one being evicted.
    expect(seen.size).toBeLessThanOrEqual(4 * 7);
    for (let n = 0; n < 3; n++) {
      const data = Uint8Array.from({ length: 60_000 }, (_, i) => (i * 3 + n) & 0xff);
      const outs = ipv4Fragments({ ...v4, id: 1000 + n, payload: data }, 8000).map((f) => push(d, f).out);
      expect(outs.at(-1)).toEqual(data);
    }
  });

  it('small pieces share slabs; a slab goes back to the pool once and is reused by one datagram at a time', () => {
    const { d } = setup();
    const table = (d as unknown as { table: { entries(): Iterable<{ value: { frags: { buf: Uint8Array }[] } }> } }).table;
    for (let round = 0; round < 20; round++) {
      // Three datagrams of 8-octet fragments interleaved; the held ones never share a buffer.
      const frags = [0, 1, 2].map((k) => ipv4Fragments({ ...v4, id: 3 * round + k, payload: new Uint8Array(400).fill(3 * round + k) }, 8));
      const outs: (Uint8Array | null)[] = [];
      for (let i = 0; i < 50; i++) {
        for (let k = 0; k < 3; k++) outs[k] = push(d, frags[k]![i]!).out;
        if (i === 30) {
          const owners = new Map<ArrayBufferLike, number>();
          for (const [k, e] of [...table.entries()].entries())
            for (const f of e.value.frags) {
              expect(owners.get(f.buf.buffer) ?? k).toBe(k);
              owners.set(f.buf.buffer, k);
            }
          expect(owners.size).toBeLessThan(3 * 31);
        }
      }
      for (let k = 0; k < 3; k++) expect(outs[k]).toEqual(new Uint8Array(400).fill(3 * round + k));
    }
  });
});
