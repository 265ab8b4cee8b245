/**
 * ss7/flow-directions.ts CaptureSides' requester nodes (review 20 #1): the calling GTs whose vector requests were
 * answered back along their link, for records' `linkTwoWay` on their UpdateLocations. Bounded: 65,536 nodes, past
 * which every node is taken as answered (its ULs wait), as the host pairs past MAX_PAIRS are all taken as shown.
 */
import { describe, expect, it } from 'vitest';
import { CaptureSides } from '../../src/ss7/flow-directions.js';

describe('CaptureSides requester nodes', () => {
  it('a node is answered once noted; another is not', () => {
    const sides = new CaptureSides();
    expect(sides.answeredNode('819012000001')).toBe(false);
    sides.nodeAnswered('819012000001');
    expect(sides.answeredNode('819012000001')).toBe(true);
    expect(sides.answeredNode('819012000002')).toBe(false);
  });

  it('past 65,536 nodes every node is taken as answered (the table is emptied, not grown)', () => {
    const sides = new CaptureSides();
    for (let i = 0; i < 65_536; i++) sides.nodeAnswered(`4915${String(i).padStart(8, '0')}`);
    expect(sides.answeredNode('819012000002')).toBe(false);
    sides.nodeAnswered('819012000003');
    expect(sides.answeredNode('819012000002')).toBe(true);
  });
});
