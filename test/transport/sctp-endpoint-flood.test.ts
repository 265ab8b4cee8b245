/**
 * Review 12-A #2 (repro /tmp/review12-a/forged-established-flood.mjs, light-record variants): a
 * blind attacker forges whole handshakes with its own tags (INIT, INIT ACK, COOKIE ECHO, COOKIE
 * ACK, all spoofed) to fill the association records and push out a real, idle association, whose
 * answer on its alternate path then matches nothing. A record is established only on evidence of a
 * working association (sctp-endpoints.ts): a bare packet each way (the INIT ACK's own counted as
 * one) no longer is, and a real association that carried DATA both ways outlasts forged records
 * established by HEARTBEAT / HEARTBEAT ACK only.
 */
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/api/decoder.js';
import type { Anomaly } from '../../src/core/anomaly.js';
import { ipv4 } from '../../src/encode/ip.js';
import { ethernet, writePcap } from '../../src/encode/pcap.js';
import { initChunk, sctpPacket, type SctpChunk } from '../../src/encode/sctp.js';
import type { DiameterEvent } from '../../src/events/types.js';
import { X1, X2, Y1, Y2, pla, plr } from '../support/multihome-plr.js';

let t = 0;
function sq(src: string, dst: string, sp: number, dp: number, vtag: number, chunks: SctpChunk[]) {
  const sctp = sctpPacket({ srcPort: sp, dstPort: dp, vtag, checksum: true, chunks });
  t++;
  return { tsSec: 1_742_631_800 + t, tsNsec: 0, data: ethernet(0x0800, ipv4({ src, dst, proto: 132, id: t & 0xffff, payload: sctp })) };
}
const data = (tsn: number, payload: Uint8Array): SctpChunk => ({ type: 'data', tsn, stream: 1, ssn: 0, ppid: 46, payload });
const hb: SctpChunk = { type: 'heartbeat', info: Uint8Array.of(1, 2, 3, 4) };
const hbAck: SctpChunk = { type: 'raw', chunkType: 5, value: Uint8Array.of(0, 1, 0, 8, 1, 2, 3, 4) };
const cookieEcho: SctpChunk = { type: 'raw', chunkType: 10, value: new Uint8Array(8) };
const cookieAck: SctpChunk = { type: 'raw', chunkType: 11, value: new Uint8Array(0) };
const filler = new Uint8Array(24);

/** The real association (X: X1, X2 port 3868; Y: Y1, Y2 port 3869), after its handshake idle with heartbeats only, or after DATA both ways. */
const real = (busy: boolean) => [
  sq(X1, Y1, 3868, 3869, 0, [initChunk(1, 0x1111, [X2])]),
  sq(Y1, X1, 3869, 3868, 0x1111, [initChunk(2, 0x2222, [Y2])]),
  sq(X1, Y1, 3868, 3869, 0x2222, [cookieEcho]),
  sq(Y1, X1, 3869, 3868, 0x1111, [cookieAck]),
  ...(busy
    ? [sq(X1, Y1, 3868, 3869, 0x2222, [data(1, filler)]), sq(Y1, X1, 3869, 3868, 0x1111, [{ type: 'sack', cumTsn: 1 }, data(1, filler)])]
    : [sq(X1, Y1, 3868, 3869, 0x2222, [hb]), sq(Y1, X1, 3869, 3868, 0x1111, [hbAck])]),
];

/** `k` forged handshakes of 4 addresses a side (a light record: no more than a real multi-homed node names), with `extra` chunks each way. */
function flood(k: number, extra: 'none' | 'echo' | 'cookie' | 'heartbeat') {
  const out = [];
  for (let i = 0; i < k; i++) {
    const [a, b, ti, ta] = [`192.168.${i >> 8}.${i & 255}`, `192.169.${i >> 8}.${i & 255}`, 0x10000 + i, 0x20000 + i];
    const addrs = (side: number) => [1, 2, 3].map((n) => `17${n}.${16 + side}.${i >> 8}.${i & 255}`);
    out.push(sq(a, b, 5000, 5001, 0, [initChunk(1, ti, addrs(0))]), sq(b, a, 5001, 5000, ti, [initChunk(2, ta, addrs(1))]));
    if (extra === 'echo') out.push(sq(a, b, 5000, 5001, ta, [cookieEcho]));
    if (extra === 'cookie') out.push(sq(a, b, 5000, 5001, ta, [cookieEcho]), sq(b, a, 5001, 5000, ti, [cookieAck]));
    if (extra === 'heartbeat') out.push(sq(a, b, 5000, 5001, ta, [cookieEcho, hb]), sq(b, a, 5001, 5000, ti, [cookieAck, hbAck]));
  }
  return out;
}

/** The request on the primary path, its answer on the alternate one: the answer's event and the evictions reported. */
function answer(frames: ReturnType<typeof sq>[]): { ev: DiameterEvent; evicted: Anomaly[] } {
  const events: DiameterEvent[] = [];
  const anomalies: Anomaly[] = [];
  // 16 associations: records of ≤ 64 addresses, 8 forged handshakes of 8 fill them.
  const d = new Decoder({ onEvent: (e) => events.push(e as DiameterEvent), onAnomaly: (a) => anomalies.push(a), limits: { sctpAssociations: 16 } });
  const all = [...frames, sq(X1, Y1, 3868, 3869, 0x2222, [data(2, plr)]), sq(Y2, X2, 3869, 3868, 0x1111, [data(2, pla)])];
  d.push(writePcap(all, { linkType: 1 }));
  d.end();
  expect(events.map((e) => e.diameter.request)).toEqual([true, false]);
  return { ev: events[1]!, evicted: anomalies.filter((a) => a.code === 'sctp.endpoint-evicted') };
}

describe('forged handshakes do not flush a real idle association (review 12-A #2)', () => {
  it.each(['echo', 'cookie'] as const)(
    '40 forged handshakes + %s (3 and 4 packets each, light records): the real association, heartbeats only, stays',
    (extra) => {
      const { ev, evicted } = answer([...real(false), ...flood(40, extra)]);
      expect(evicted.length).toBeGreaterThan(20); // the forged ones replace each other
      expect(evicted.some((a) => a.detail.includes(`${X1}|3868`))).toBe(false);
      expect(ev.diameter.requestFrame).toBeDefined();
    },
  );

  it('forged handshakes established by HEARTBEAT / HEARTBEAT ACK go before a real association that carried DATA both ways', () => {
    const { ev, evicted } = answer([...real(true), ...flood(40, 'heartbeat')]);
    expect(evicted.some((a) => a.detail.includes(`${X1}|3868`))).toBe(false);
    expect(ev.diameter.requestFrame).toBeDefined();
  });

  it('control: with no flood the answer is matched; the same flood after a real association that carried nothing since its handshake replaces it (not established)', () => {
    expect(answer(real(false)).ev.diameter.requestFrame).toBe(7);
    const bare = real(false).slice(0, 4);
    expect(answer([...bare, ...flood(40, 'heartbeat')]).evicted.some((a) => a.detail.includes(`${X1}|3868`))).toBe(true);
  });
});

/**
 * Review 13-C #2: forged "DATA both ways" records cheaper than the 4 packets documented, by bundling
 * what RFC 9260 §6.10 says is never bundled: INIT ACK + DATA (3 packets), or INIT + INIT ACK + DATA
 * in one packet X → X answering its own handshake (2 packets). Such a packet binds nothing.
 */
function bundledFlood(k: number, packets: 2 | 3) {
  const out = [];
  for (let i = 0; i < k; i++) {
    const [a, b, ti, ta] = [`192.168.${i >> 8}.${i & 255}`, `192.169.${i >> 8}.${i & 255}`, 0x10000 + i, 0x20000 + i];
    const addrs = (side: number) => [1, 2, 3].map((n) => `17${n}.${16 + side}.${i >> 8}.${i & 255}`);
    if (packets === 3)
      out.push(
        sq(a, b, 5000, 5001, 0, [initChunk(1, ti, addrs(0))]),
        sq(b, a, 5001, 5000, ti, [initChunk(2, ta, addrs(1)), data(1, filler)]),
        sq(a, b, 5000, 5001, ta, [data(1, filler)]),
      );
    else
      out.push(
        sq(a, a, 5000, 5000, ti, [initChunk(1, ti, addrs(0)), initChunk(2, ta, addrs(1)), data(1, filler)]),
        sq(a, a, 5000, 5000, ta, [data(1, filler)]),
      );
  }
  return out;
}

describe('INIT / INIT ACK bundled with other chunks bind nothing (review 13-C #2, RFC 9260 §6.10)', () => {
  it.each([3, 2] as const)('40 forged "DATA both ways" records of %i packets each do not flush a real association that carried DATA both ways', (packets) => {
    const { ev, evicted } = answer([...real(true), ...bundledFlood(40, packets)]);
    expect(evicted.some((a) => a.detail.includes(`${X1}|3868`))).toBe(false);
    expect(ev.diameter.requestFrame).toBeDefined();
  });

  it('each bundling packet is reported (anomaly sctp.init-bundled, with its frame)', () => {
    const anomalies: Anomaly[] = [];
    const d = new Decoder({ onEvent: () => {}, onAnomaly: (a) => anomalies.push(a) });
    d.push(writePcap([...real(true), ...bundledFlood(2, 3), ...bundledFlood(2, 2)], { linkType: 1 }));
    d.end();
    const bundled = anomalies.filter((a) => a.code === 'sctp.init-bundled');
    // real(true) is 6 frames; the 3-packet records bundle in their 2nd, the 2-packet ones (INIT +
    // INIT ACK + DATA) in their 1st, reported once.
    expect(bundled.map((a) => [a.frame, a.layer])).toEqual([
      [8, 'sctp'],
      [11, 'sctp'],
      [13, 'sctp'],
      [15, 'sctp'],
    ]);
    expect(bundled.map((a) => a.detail.split(' bundled')[0])).toEqual(['INIT ACK', 'INIT ACK', 'INIT', 'INIT']);
  });

  it('the same 40 records sent unbundled (4 packets each) take the table: the bundled ones above are refused, not too few', () => {
    const unbundled = bundledFlood(40, 3).flatMap((f, i) => (i % 3 === 1 ? [] : [f]));
    const more = [];
    for (let i = 0; i < 40; i++) {
      const [a, b, ti, ta] = [`192.168.${i >> 8}.${i & 255}`, `192.169.${i >> 8}.${i & 255}`, 0x10000 + i, 0x20000 + i];
      const addrs = [1, 2, 3].map((n) => `17${n}.17.${i >> 8}.${i & 255}`);
      more.push(unbundled[2 * i]!, sq(b, a, 5001, 5000, ti, [initChunk(2, ta, addrs)]), unbundled[2 * i + 1]!, sq(b, a, 5001, 5000, ti, [data(1, filler)]));
    }
    expect(answer([...real(true), ...more]).evicted.some((a) => a.detail.includes(`${X1}|3868`))).toBe(true);
  });
});

describe('a second handshake between the same endpoints (review 13-C #5)', () => {
  // Records are listed under the INIT tag's low 30 bits (TAG_KEY): a second association whose INIT
  // tag differs from the first's only in its top 2 bits (same INIT ACK tag) was taken for the first.
  const hs = (ti: number, ta: number) => [sq(X1, Y1, 3868, 3869, 0, [initChunk(1, ti, [X2])]), sq(Y1, X1, 3869, 3868, ti, [initChunk(2, ta, [Y2])])];
  it.each([
    ['differing in the top 2 bits', 0x40000005],
    ['unrelated (control)', 0x06],
  ])('INIT tag %s: the second association answers on its alternate path, matched', (_, i2) => {
    const events: DiameterEvent[] = [];
    const d = new Decoder({ onEvent: (e) => events.push(e as DiameterEvent) });
    const all = [...hs(0x05, 0x2222), ...hs(i2, 0x2222), sq(X1, Y1, 3868, 3869, 0x2222, [data(1, plr)]), sq(Y2, X2, 3869, 3868, i2, [data(1, pla)])];
    d.push(writePcap(all, { linkType: 1 }));
    d.end();
    expect(events.map((e) => [e.diameter.request, e.diameter.requestFrame])).toEqual([
      [true, undefined],
      [false, 5],
    ]);
  });
});

describe('a new real association whose handshake completed outlasts forged handshakes (review 13-C #4)', () => {
  // The real association's request rides its COOKIE ECHO, its answer the COOKIE ACK on the alternate
  // path; a forged handshake lands between the two. It was the newest record not established (first
  // to go) until DATA went both ways: that one handshake evicted it and the answer matched nothing.
  const hs = [sq(X1, Y1, 3868, 3869, 0, [initChunk(1, 0x1111, [X2])]), sq(Y1, X1, 3869, 3868, 0x1111, [initChunk(2, 0x2222, [Y2])])];
  const echoReq = sq(X1, Y1, 3868, 3869, 0x2222, [cookieEcho, data(1, plr)]);
  const ackAns = sq(Y2, X2, 3869, 3868, 0x1111, [cookieAck, data(1, pla)]);
  function run(fill: ReturnType<typeof sq>[], between: ReturnType<typeof sq>[]) {
    const events: DiameterEvent[] = [];
    const anomalies: Anomaly[] = [];
    const d = new Decoder({ onEvent: (e) => events.push(e as DiameterEvent), onAnomaly: (a) => anomalies.push(a), limits: { sctpAssociations: 16 } });
    d.push(writePcap([...fill, ...hs, echoReq, ...between, ackAns], { linkType: 1 }));
    d.end();
    return { events, evicted: anomalies.filter((a) => a.code === 'sctp.endpoint-evicted' && a.detail.includes(`${X1}|3868`)) };
  }
  // flood(k) names the same addresses for the same i: the later handshakes use others (i + 100).
  const later = (n: number, extra: 'none' | 'echo') => flood(100 + n, extra).slice(extra === 'none' ? 200 : 300);

  it.each(['none', 'echo'] as const)('table full of forged handshakes (%s), then one more after the COOKIE ECHO: the answer is matched', (extra) => {
    const { events, evicted } = run(flood(8, extra), later(1, extra));
    expect(evicted).toEqual([]);
    expect(events.map((e) => [e.diameter.request, e.diameter.requestFrame])).toEqual([
      [true, undefined],
      [false, (extra === 'none' ? 16 : 24) + 3],
    ]);
  });

  it('control: a handshake whose COOKIE ECHO did not come yet still goes first (the forged handshake evicts it)', () => {
    const events: DiameterEvent[] = [];
    const anomalies: Anomaly[] = [];
    const d = new Decoder({ onEvent: (e) => events.push(e as DiameterEvent), onAnomaly: (a) => anomalies.push(a), limits: { sctpAssociations: 16 } });
    d.push(writePcap([...flood(8, 'none'), ...hs, ...later(1, 'none'), echoReq, ackAns], { linkType: 1 }));
    d.end();
    expect(anomalies.some((a) => a.code === 'sctp.endpoint-evicted' && a.detail.includes(`${X1}|3868`))).toBe(true);
  });

  it.each([
    [true, false],
    [false, true],
  ])(
    'completed forged handshakes (3 packets each) go least recently completed first; the real one with a packet since the last turn (%s) outlasts 14 of them (evicted: %s)',
    (used, gone) => {
      // flood(k) names the same addresses for the same i: each batch its own (i + 100, i + 200).
      const batch2 = flood(207, 'echo').slice(600);
      const hb1 = sq(X1, Y1, 3868, 3869, 0x2222, [hb]);
      const { events, evicted } = run(flood(8, 'echo'), [...later(7, 'echo'), ...(used ? [hb1] : []), ...batch2]);
      expect(evicted.length > 0).toBe(gone);
      expect(events[1]!.diameter.requestFrame === undefined).toBe(gone);
    },
  );
});

describe("forged handshakes on a real association's tag key (review 14-C #1)", () => {
  // Four forged handshakes whose INIT tag is the real one's fill its tag key (MAX_PER_TAG): a fifth
  // record forgets one of the key in evictOne's order, not the oldest (the real, busy association).
  const realBusy = [
    sq(X1, Y1, 3868, 3869, 0, [initChunk(1, 0x1111, [X2])]),
    sq(Y1, X1, 3869, 3868, 0x1111, [initChunk(2, 0x2222, [Y2])]),
    sq(X1, Y1, 3868, 3869, 0x2222, [cookieEcho, data(1, plr)]),
    sq(Y1, X1, 3869, 3868, 0x1111, [cookieAck, data(1, pla)]),
  ];
  const forged = (k: number, completed: boolean) => {
    const [a, b, ta] = [`192.168.0.${k}`, `192.169.0.${k}`, 0x3000 + k];
    const f = [sq(a, b, 6000 + k, 6001, 0, [initChunk(1, 0x1111, [])]), sq(b, a, 6001, 6000 + k, 0x1111, [initChunk(2, ta, [])])];
    if (completed) f.push(sq(a, b, 6000 + k, 6001, ta, [cookieEcho]));
    return f;
  };
  it.each([false, true])('4 forged handshakes (completed: %s): the real association keeps its alternate path', (completed) => {
    const events: DiameterEvent[] = [];
    const anomalies: Anomaly[] = [];
    const d = new Decoder({ onEvent: (e) => events.push(e as DiameterEvent), onAnomaly: (a) => anomalies.push(a) });
    const later = [sq(X1, Y1, 3868, 3869, 0x2222, [data(2, plr)]), sq(Y2, X2, 3869, 3868, 0x1111, [data(2, pla)])];
    d.push(writePcap([...realBusy, ...[1, 2, 3, 4].flatMap((k) => forged(k, completed)), ...later], { linkType: 1 }));
    d.end();
    expect(anomalies.some((a) => a.code === 'sctp.endpoint-evicted' && a.detail.includes(`${X1}|3868`))).toBe(false);
    expect(events.at(-1)!.diameter.request).toBe(false);
    expect(events.at(-1)!.diameter.requestFrame).toBeDefined();
  });
});
