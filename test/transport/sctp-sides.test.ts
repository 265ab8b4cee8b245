/**
 * transport/sctp-sides.ts: both directions of an association are shown by a reply chunk (SACK,
 * HEARTBEAT ACK, INIT ACK) on the exact reverse of a DATA direction, in either order (RFC 9260 §6.4);
 * the same direction, another port, or DATA both ways show nothing (review 16-A #1, #5). Bounded.
 */
import { describe, expect, it } from 'vitest';
import { MAX_DIRECTIONS, SctpSides } from '../../src/transport/sctp-sides.js';

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
