/**
 * Review 13-C #6: the TSN index's buckets. mixStep's multiplies carry bits upward only, so without a
 * finaliser TSNs of one owner differing in their high bits only (j × 2^24) shared one chain whatever
 * the per-process seed: every add and remove walked it.
 */
import { describe, expect, it } from 'vitest';
import { type TsnEntry, TsnIndex, type TsnOwner } from '../../src/transport/sctp-tsn-index.js';

const own: TsnOwner = { path: 1, tag: 0x12345678, ports: 2905 * 65536 + 2905, su: 2 };

/** The longest chain met by the entries of TSNs j × `step` (j < n) of one owner. */
function longestChain(n: number, step: number): number {
  const ix = new TsnIndex(() => {});
  const es: TsnEntry[] = [];
  for (let j = 0; j < n; j++) {
    const e: TsnEntry = { seq: (j * step) | 0, own, ix: -1, next: null };
    ix.add(e);
    es.push(e);
  }
  expect(ix.size).toBe(n);
  let longest = 0;
  for (const e of es) {
    let k = 0;
    for (let p = ix.chain(own, e.seq); p !== null; p = p.next) k++;
    longest = Math.max(longest, k);
  }
  return longest;
}

describe('TsnIndex buckets (review 13-C #6)', () => {
  it.each([
    [256, 2 ** 24],
    [128, 2 ** 25],
    [255, 2 ** 23],
  ])('%i TSNs %i apart spread over the buckets', (n, step) => {
    expect(longestChain(n, step)).toBeLessThanOrEqual(12);
  });

  it('control: consecutive TSNs', () => {
    expect(longestChain(256, 1)).toBeLessThanOrEqual(12);
  });
});
