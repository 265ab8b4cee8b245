/**
 * SctpAssocs groups (review 13-C #7, 15-C #1 (a)): an address pair that shares its ports and tag with
 * another held, neither bound through a handshake, is grouped (Payload.copyGroup), and a path can
 * tell whether one made before it carried a chunk (TsnWindow.peek): the witness api/cross-path-copies.ts
 * reads. A bound direction is never grouped.
 */
import { describe, expect, it } from 'vitest';
import { SctpAssocs } from '../../src/transport/sctp-assocs.js';

const SEED = 0x811c9dc5;

function table(capacity = 100) {
  const t = new SctpAssocs(capacity, 8, { next: 1 }, () => {}, SEED);
  const view = new DataView(new ArrayBuffer(32));
  let frame = 0;
  /**
   * The direction from 10.x.x.x address `src` to 10.0.0.2 in a DATA packet of a new frame at capture
   * second `sec`, made (and grouped, as packet-decoder.ts does) when new.
   */
  const at = (src: number, tag = 7, ports = 2905, sec = 0): number => {
    view.setInt32(0, src);
    view.setInt32(16, 0x0a000002);
    const s = t.lookup(view, 0, 16, 4, ports, 2905, tag);
    if (t.made && tag !== 0) t.group(s);
    t.touch(s, ++frame, sec);
    return s;
  };
  return { t, at };
}

describe('SctpAssocs groups the unbound paths of one ports and tag', () => {
  it('a second path groups both, with one key; a single path, another tag or other ports has none', () => {
    const { t, at } = table();
    const a = at(1);
    expect(t.groupKey(a)).toBe(0);
    const b = at(2);
    expect(t.groupKey(a)).not.toBe(0);
    expect(t.groupKey(b)).toBe(t.groupKey(a));
    expect(t.groupKey(at(3, 8))).toBe(0);
    expect(t.groupKey(at(4, 7, 2906))).toBe(0);
  });

  it('a direction looked up through its handshake (bound) is never grouped, either way', () => {
    const { t, at } = table();
    const a = at(1);
    t.bind(a);
    const b = at(2);
    expect([t.groupKey(a), t.groupKey(b)]).toEqual([0, 0]);
    const c = at(3);
    t.bind(c); // grouped with b when made, bound after: its key is 0 from then on
    expect(t.groupKey(c)).toBe(0);
  });

  it('carried: the TSN and fingerprint in a path made before (first TSN with its frame, window, two paths back); not a new path, not another fingerprint', () => {
    const { t, at } = table();
    const a = at(1); // frame 1
    t.check(a, 10, 111);
    const b = at(2);
    expect(t.carried(b, 10, 111, 0)).toBe(1); // a's first TSN: the frame that carried it
    expect(t.carried(b, 10, 112, 0)).toBe(-1);
    expect(t.carried(a, 10, 111, 0)).toBe(-1); // a was made first: no path before it
    at(1); // frame 3
    t.check(a, 11, 222);
    at(2); // frame 4
    t.check(b, 20, 333);
    const c = at(3);
    // 11 is in a's window, not its first TSN: carried, its frame not known; b's first TSN 20 was in frame 4.
    expect([t.carried(c, 11, 222, 0), t.carried(c, 20, 333, 0), t.carried(c, 21, 333, 0)]).toEqual([0, 4, -1]);
  });

  it('review 16-B #4: a copy carried more than 600 s before (RFC 9260 RTO.Max × Association.Max.Retrans) is no witness', () => {
    const { t, at } = table();
    const a = at(1, 7, 2905, 0);
    t.check(a, 10, 111);
    at(1, 7, 2905, 100);
    t.check(a, 11, 222); // a's last packet at 100 s
    const b = at(2, 7, 2905, 7200);
    expect([t.carried(b, 10, 111, 600), t.carried(b, 10, 111, 601)]).toEqual([1, -1]);
    expect([t.carried(b, 11, 222, 700), t.carried(b, 11, 222, 701)]).toEqual([0, -1]);
  });

  it('an evicted path is not looked in once its slot holds another direction', () => {
    const { t, at } = table(2);
    const a = at(1);
    t.check(a, 10, 111);
    const b = at(2);
    expect(t.carried(b, 10, 111, 0)).toBe(1);
    at(3, 99); // evicts a; its slot now holds tag 99
    expect(t.carried(b, 10, 111, 0)).toBe(-1);
  });

  it('the group index survives the slot arrays growing (64 → 128 → 256)', () => {
    const { t, at } = table(1000);
    for (let i = 0; i < 200; i++) at(0x0b000000 + i, 0x100 + i);
    const a = at(1);
    t.check(a, 10, 1);
    for (let i = 0; i < 200; i++) at(0x0c000000 + i, 0x100 + i);
    const b = at(2);
    expect(t.groupKey(b)).not.toBe(0);
    expect(t.carried(b, 10, 1, 0)).toBe(201);
    expect(t.groupKey(at(0x0c000000 + 5, 0x105))).not.toBe(0);
  });
});
