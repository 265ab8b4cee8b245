/** The paths table of SCTP multi-homing (transport/sctp-paths.ts): bounded, its count what it holds. */
import { describe, expect, it } from 'vitest';
import { SctpPaths } from '../../src/transport/sctp-paths.js';

describe('SctpPaths', () => {
  const hold = () => 0;

  it('a new port pair of the oldest tag, with the table full: the tag is dropped and filed again, the count stays the entries held', () => {
    const p = new SctpPaths(2);
    p.note(1, 2, 7, 10, hold); // tag 7, ports 1→2
    p.note(3, 4, 8, 11, hold); // tag 8: full
    for (let k = 0; k < 50; k++) {
      // Tag 7 (then 8, then 7 …) is the oldest: evicted by its own new port pair.
      p.note(100 + k, 2, k % 2 === 0 ? 7 : 8, 20 + k, hold);
      expect(p.size).toBeLessThanOrEqual(2);
    }
    // The last entries noted are found again: their second path is listed.
    expect(p.note(149, 2, 8, 99, hold)).toEqual([69, 99]);
    expect(p.size).toBe(2);
  });
});
