/**
 * transport/sctp-sides.ts: both directions of an association are shown by a reply chunk (SACK,
 * HEARTBEAT ACK, INIT ACK) on the exact reverse of a DATA direction, in either order (RFC 9260 §6.4);
 * the same direction, another port, or DATA both ways show nothing (review 16-A #1, #5). Bounded.
 */
import { describe, expect, it } from 'vitest';
import { MAX_DIRECTIONS, MAX_PAIRS, SctpSides } from '../../src/transport/sctp-sides.js';

/** A view holding the IPv4 addresses a (offset 0) and b (offset 4). */
function pair(a: number, b: number): DataView {
  const v = new DataView(new ArrayBuffer(8));
  v.setUint32(0, a);
  v.setUint32(4, b);
  return v;
}
const A = 0x0a090001;
const B = 0x0a000002;
const AB = pair(A, B);

describe('SctpSides', () => {
  it('DATA A→B, then a reply B→A: shown', () => {
    const s = new SctpSides(7);
    s.data(AB, 0, 4, 4, 2906, 2905);
    expect(s.shown).toBe(false);
    s.reply(AB, 4, 0, 4, 2905, 2906);
    expect(s.shown).toBe(true);
  });

  it('a reply (INIT ACK) before the DATA it precedes: shown at the DATA', () => {
    const s = new SctpSides(7);
    s.reply(AB, 4, 0, 4, 2905, 2906);
    expect(s.shown).toBe(false);
    s.data(AB, 0, 4, 4, 2906, 2905);
    expect(s.shown).toBe(true);
  });

  it('a reply the DATA’s own way, another port pair, or DATA both ways: not shown', () => {
    const s = new SctpSides(7);
    s.data(AB, 0, 4, 4, 2906, 2905);
    s.reply(AB, 0, 4, 4, 2906, 2905);
    s.reply(AB, 4, 0, 4, 2905, 2907);
    expect(s.shown).toBe(false);
    const both = new SctpSides(7);
    both.data(AB, 0, 4, 4, 2906, 2905);
    both.data(AB, 4, 0, 4, 2905, 2906);
    expect(both.shown).toBe(false);
  });

  it(`keeps at most ${MAX_DIRECTIONS} DATA directions: a reply to a later one shows nothing`, () => {
    const s = new SctpSides(7);
    for (let p = 0; p < MAX_DIRECTIONS; p++) s.data(pair(A + 1 + (p >>> 16), B), 0, 4, 4, p & 0xffff, 2905);
    s.data(AB, 0, 4, 4, 2906, 2905);
    s.reply(AB, 4, 0, 4, 2905, 2906);
    expect(s.shown).toBe(false);
    s.reply(pair(A + 1, B), 4, 0, 4, 2905, 5);
    expect(s.shown).toBe(true);
  });
});

/**
 * Red-team round 18 L6: the proof holds for the two hosts it was seen between. One DATA and its SACK between two other
 * hosts merged into a one-way capture made its honest answers the requester's (wswiki_camel2.pcap: 2 refused).
 */
describe('SctpSides per host pair (red-team round 18 L6)', () => {
  it('a DATA and its reply between A and B show A–B (either order), not another pair', () => {
    const s = new SctpSides(7);
    s.data(AB, 0, 4, 4, 2906, 2905);
    s.reply(AB, 4, 0, 4, 2905, 2906);
    expect(s.pairShown('10.9.0.1', '10.0.0.2')).toBe(true);
    expect(s.pairShown('10.0.0.2', '10.9.0.1')).toBe(true);
    expect(s.pairShown('1.1.1.1', '2.2.2.2')).toBe(false);
    expect(s.pairShown('10.9.0.1', '2.2.2.2')).toBe(false);
  });

  it('after one pair is shown, another association’s DATA and reply still show its own pair', () => {
    const s = new SctpSides(7);
    s.data(AB, 0, 4, 4, 2906, 2905);
    s.reply(AB, 4, 0, 4, 2905, 2906);
    const cd = pair(0x01010101, 0x02020202);
    s.data(cd, 0, 4, 4, 2905, 2905);
    expect(s.pairShown('1.1.1.1', '2.2.2.2')).toBe(false);
    s.reply(cd, 4, 0, 4, 2905, 2905);
    expect(s.pairShown('1.1.1.1', '2.2.2.2')).toBe(true);
  });

  it(`past ${MAX_PAIRS} pairs every pair is taken as shown (the capture-wide proof)`, () => {
    const s = new SctpSides(7);
    for (let i = 0; i <= MAX_PAIRS; i++) {
      const v = pair(0x0b000000 + i, B);
      s.data(v, 0, 4, 4, 2905, 2905);
      s.reply(v, 4, 0, 4, 2905, 2905);
    }
    expect(s.pairShown('1.1.1.1', '2.2.2.2')).toBe(true);
  });
});
