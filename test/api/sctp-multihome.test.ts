/**
 * A multi-homed Diameter/SCTP association (red-team rt8 MH1): the request on one path, its answer
 * on the other. RFC 6733 §3 matches them per peer connection (the association); RFC 9260 §5.1.2
 * makes the INIT / INIT ACK address parameters (§3.3.2.1) and the packet's source address one
 * endpoint's transport addresses, so the answer on the other pair of them is the association's.
 */
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/api/decoder.js';
import { ipv4 } from '../../src/encode/ip.js';
import { ethernet, writePcap } from '../../src/encode/pcap.js';
import { initChunk, sctpPacket, type SctpChunk } from '../../src/encode/sctp.js';
import type { DiameterEvent } from '../../src/events/types.js';
import { X1, X2, Y1, Y2, pla, plr } from '../support/multihome-plr.js';

function frame(src: string, dst: string, vtag: number, chunks: SctpChunk[], t: number) {
  const [sp, dp] = src.startsWith('10.0.0.1') || src === X2 ? [3868, 3869] : [3869, 3868];
  const sctp = sctpPacket({ srcPort: sp, dstPort: dp, vtag, checksum: true, chunks });
  return { tsSec: 1_742_631_800 + t, tsNsec: 0, data: ethernet(0x0800, ipv4({ src, dst, proto: 132, id: t, payload: sctp })) };
}
const data = (tsn: number, payload: Uint8Array): SctpChunk => ({ type: 'data', tsn, stream: 1, ssn: 0, ppid: 46, payload });

function answer(frames: ReturnType<typeof frame>[]): DiameterEvent {
  const events: DiameterEvent[] = [];
  const d = new Decoder({ onEvent: (ev) => events.push(ev as DiameterEvent) });
  d.push(writePcap(frames, { linkType: 1 }));
  d.end();
  expect(events.map((e) => e.diameter.request)).toEqual([true, false]);
  return events[1]!;
}

const handshake = (xAddrs: string[], yAddrs: string[]) => [
  frame(X1, Y1, 0, [initChunk(1, 0x1111, xAddrs)], 0),
  frame(Y1, X1, 0x1111, [initChunk(2, 0x2222, yAddrs)], 1),
];

/** `n` forged INITs (review A-M1): random-looking sources and tags, 16 address parameters each, never answered. */
function junkInits(n: number, t: number) {
  return Array.from({ length: n }, (_, i) => {
    const src = `172.16.${i >> 8}.${i & 255}`;
    const addrs = Array.from({ length: 16 }, (_, j) => `172.${17 + j}.${i >> 8}.${i & 255}`);
    const sctp = sctpPacket({ srcPort: 40000 + i, dstPort: 3869, vtag: 0, checksum: true, chunks: [initChunk(1, 0x9000 + i, addrs)] });
    return { tsSec: 1_742_631_800 + t, tsNsec: i, data: ethernet(0x0800, ipv4({ src, dst: Y1, proto: 132, id: i, payload: sctp })) };
  });
}

describe('Diameter over a multi-homed SCTP association (rt8 MH1)', () => {
  it('an answer on the other path is matched to its request when INIT / INIT ACK named both paths', () => {
    const ev = answer([...handshake([X2], [Y2]), frame(X1, Y1, 0x2222, [data(1, plr)], 2), frame(Y2, X2, 0x1111, [data(1, pla)], 3)]);
    expect([ev.diameter.requestFrame, ev.subscriber, ev.imsiSource]).toEqual([3, { imsi: '310410100000032', msisdn: '12025550032' }, 'dialogue']);
  });

  it('the source address of the INIT counts with its parameters (request on the second path, answer on the first)', () => {
    const ev = answer([...handshake([X2], [Y2]), frame(X2, Y2, 0x2222, [data(1, plr)], 2), frame(Y1, X1, 0x1111, [data(1, pla)], 3)]);
    expect(ev.diameter.requestFrame).toBe(3);
  });

  it('not across paths the INIT did not name, nor without one in the capture', () => {
    const other = answer([...handshake([], []), frame(X1, Y1, 0x2222, [data(1, plr)], 2), frame(Y2, X2, 0x1111, [data(1, pla)], 3)]);
    expect([other.diameter.requestFrame, other.subscriber]).toEqual([undefined, {}]);
    const none = answer([frame(X1, Y1, 0x2222, [data(1, plr)], 2), frame(Y2, X2, 0x1111, [data(1, pla)], 3)]);
    expect(none.diameter.requestFrame).toBeUndefined();
  });

  it('500 unanswered INITs (16 addresses each) before or after the handshake do not lose the join (review A-M1)', () => {
    const path = [frame(X1, Y1, 0x2222, [data(1, plr)], 3), frame(Y2, X2, 0x1111, [data(1, pla)], 4)];
    expect(answer([...handshake([X2], [Y2]), ...junkInits(500, 2), ...path]).diameter.requestFrame).toBe(503);
    expect(answer([...junkInits(500, 0), ...handshake([X2], [Y2]), ...path]).diameter.requestFrame).toBe(503);
  });

  it("a later INIT naming the association's addresses does not re-bind them, answered or not (review A-M1)", () => {
    // A forger at 10.9.9.9 claims Y2 (and X2) as its own, with and without a forged INIT ACK.
    const forged = [
      frame('10.9.9.9', X1, 0, [initChunk(1, 0x5555, [Y2, X2])], 2),
      frame(X1, '10.9.9.9', 0x5555, [initChunk(2, 0x6666, [])], 2),
      frame('10.9.9.8', X1, 0, [initChunk(1, 0x7777, [Y2])], 2),
    ];
    const ev = answer([...handshake([X2], [Y2]), ...forged, frame(X1, Y1, 0x2222, [data(1, plr)], 3), frame(Y2, X2, 0x1111, [data(1, pla)], 4)]);
    expect(ev.diameter.requestFrame).toBe(6);
  });

  it('an INIT never answered binds nothing; an INIT ACK answering no INIT neither', () => {
    // Each answer is on a path the one chunk alone would have joined (X2 by the INIT, Y2 by the INIT ACK).
    const req = frame(X1, Y1, 0x2222, [data(1, plr)], 2);
    const path = [req, frame(Y2, X2, 0x1111, [data(1, pla)], 3)];
    const [ini, ack] = handshake([X2], [Y2]);
    expect(answer([ini!, req, frame(Y1, X2, 0x1111, [data(1, pla)], 3)]).diameter.requestFrame).toBeUndefined();
    expect(answer([ack!, req, frame(Y2, X1, 0x1111, [data(1, pla)], 3)]).diameter.requestFrame).toBeUndefined();
    // The INIT ACK captured first (two taps merged): the handshake still binds.
    expect(answer([ack!, ini!, ...path]).diameter.requestFrame).toBe(3);
    // Answered with another tag than the INIT's Initiate Tag (RFC 9260 §8.5): not its answer.
    const wrongTag = frame(Y1, X1, 0x1112, [initChunk(2, 0x2222, [Y2])], 1);
    expect(answer([ini!, wrongTag, ...path]).diameter.requestFrame).toBeUndefined();
  });
});

// Review 10-A #4 / 11-A #4: address squatting. A listening server answers every INIT (RFC 9260
// §5.1.3, stateless cookie), so anyone can have a handshake answered that names the real
// association's addresses (X2, Y2) as its own. Normal SIGTRAN/Diameter carries DATA on the primary
// path and only HEARTBEAT / HEARTBEAT ACK on the alternate one (§8.3). A record binds its addresses
// only for packets with its own tags (§8.5), so none of this moves the real answer on Y2 → X2.
describe('SCTP address squatting (review 10-A #4, 11-A #4)', () => {
  const F = '10.9.9.9';
  const hb = (): SctpChunk => ({ type: 'raw', chunkType: 4, value: Uint8Array.of(0, 1, 0, 8, 1, 2, 3, 4) });
  const sq = (src: string, dst: string, sp: number, dp: number, vtag: number, chunks: SctpChunk[], t: number) => {
    const sctp = sctpPacket({ srcPort: sp, dstPort: dp, vtag, checksum: true, chunks });
    return { tsSec: 1_742_631_800 + t, tsNsec: 0, data: ethernet(0x0800, ipv4({ src, dst, proto: 132, id: t, payload: sctp })) };
  };
  // F's INIT to the server Y1 names X2; the server answers naming Y2.
  const squat = [sq(F, Y1, 3868, 3869, 0, [initChunk(1, 0x5555, [X2])], 0), sq(Y1, F, 3869, 3868, 0x5555, [initChunk(2, 0x6666, [Y2])], 0)];
  // and confirms it with packets of its own association from the squatted addresses, both ways.
  const squatOwn = [sq(X2, Y2, 3868, 3869, 0x6666, [data(1, new Uint8Array(4))], 0), sq(Y2, X2, 3869, 3868, 0x5555, [hb()], 0)];
  // A forger claims Y2 with a handshake forged in both directions (10-A #4 b).
  const forged = [sq(F, X1, 3869, 3868, 0, [initChunk(1, 0x5555, [Y2])], 0), sq(X1, F, 3868, 3869, 0x5555, [initChunk(2, 0x6666, [])], 0)];
  const heartbeats = [frame(X2, Y2, 0x2222, [hb()], 2), frame(Y2, X2, 0x1111, [hb()], 2)];
  const req = frame(X1, Y1, 0x2222, [data(1, plr)], 3);
  const ans = frame(Y2, X2, 0x1111, [data(1, pla)], 4);
  it.each([
    ['squatter after the real handshake, heartbeats only on the alternate path', () => [...handshake([X2], [Y2]), ...heartbeats, ...squat, req, ans]],
    ['squatter after, with packets of its own from the squatted addresses', () => [...handshake([X2], [Y2]), ...squat, ...squatOwn, req, ans]],
    ['squatter before the real handshake', () => [...squat, ...handshake([X2], [Y2]), req, ans]],
    ['squatter before, with packets of its own from the squatted addresses', () => [...squat, ...squatOwn, ...handshake([X2], [Y2]), req, ans]],
    ['a handshake forged both ways before the real one', () => [...forged, ...handshake([X2], [Y2]), req, ans]],
  ])('%s: the answer on the alternate path is matched to its request', (_, frames) => {
    const f = frames();
    const ev = answer(f);
    expect([ev.diameter.requestFrame, ev.subscriber.imsi]).toEqual([f.indexOf(req) + 1, '310410100000032']);
  });

  it('600 handshakes answered for spoofed sources (16 addresses each) after the real one do not flush it (review 10-A #4 a)', () => {
    const flood = Array.from({ length: 600 }, (_, i) => {
      const src = `172.16.${i >> 8}.${i & 255}`;
      const addrs = Array.from({ length: 16 }, (_, j) => `172.${17 + j}.${i >> 8}.${i & 255}`);
      return [
        sq(src, Y1, 40000 + i, 3869, 0, [initChunk(1, 0x9000 + i, addrs)], 2),
        sq(Y1, src, 3869, 40000 + i, 0x9000 + i, [initChunk(2, 0x7000 + i, [Y2])], 2), // the server's genuine answer
      ];
    }).flat();
    const f = [...handshake([X2], [Y2]), ...flood, req, ans];
    expect(answer(f).diameter.requestFrame).toBe(f.indexOf(req) + 1);
  });
});
