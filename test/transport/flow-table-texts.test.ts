/**
 * FlowTable's address comparison and its address-text cache (red-team review of assocmem):
 * addresses are compared word by word and by length, and texts come from a 256-slot cache by
 * address words, so flows and texts must stay apart where only some words or the length differ.
 */
import { describe, expect, it } from 'vitest';
import { FlowTable } from '../../src/transport/flow-table.js';

function table(): FlowTable<{ n: number }> {
  return new FlowTable<{ n: number }>(
    'sctp',
    100,
    100,
    { next: 1 },
    () => ({ n: 0 }),
    () => {},
    Infinity,
    0x811c9dc5,
  );
}

/** Two IPv6 addresses at 0 and 16, destinations 10.0.0.1 / 10.0.0.2 as IPv4-mapped words at 32 and 48. */
function pair(w0a: number, w3a: number, w0b: number, w3b: number): DataView {
  const d = new DataView(new ArrayBuffer(64));
  d.setUint32(0, w0a);
  d.setUint32(12, w3a);
  d.setUint32(16, w0b);
  d.setUint32(28, w3b);
  d.setUint32(32, 0x0a000001);
  d.setUint32(48, 0x0a000002);
  return d;
}

describe('FlowTable: addresses compared by every word and by length', () => {
  it('an IPv4 flow and an IPv6 flow whose first and last words are the IPv4 addresses stay apart, in either order', () => {
    const v4 = new DataView(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8).buffer);
    const b6 = new Uint8Array(32);
    b6.set([1, 2, 3, 4], 0);
    b6.set([1, 2, 3, 4], 12);
    b6.set([5, 6, 7, 8], 16);
    b6.set([5, 6, 7, 8], 28);
    const v6 = new DataView(b6.buffer);
    for (const v4First of [true, false]) {
      const t = table();
      const first = v4First ? t.lookup(v4, 0, 4, 4, 1, 2, 0, 0, true)! : t.lookup(v6, 0, 16, 16, 1, 2, 0, 0, true)!;
      const second = v4First ? t.lookup(v6, 0, 16, 16, 1, 2, 0, 0, true)! : t.lookup(v4, 0, 4, 4, 1, 2, 0, 0, true)!;
      expect(second).not.toBe(first);
      const [a, b] = v4First ? [first, second] : [second, first];
      expect(a.flow.src).toBe('1.2.3.4');
      expect(b.flow.src).toBe('102:304::102:304');
    }
  });
});

describe('FlowTable: address texts', () => {
  it.each([
    ['2001:db8::1', '2001:db9::', pair(0x20010db8, 1, 0x20010db9, 0)],
    ['2001:db8::1', '2001:e83::1', pair(0x20010db8, 1, 0x20010e83, 1)],
    ['2001:db8::1', '2001:db8::168', pair(0x20010db8, 1, 0x20010db8, 0x168)],
  ])('%s and %s keep their own texts (addresses sharing a cache slot or most words)', (x, y, d) => {
    const t = table();
    expect(t.lookup(d, 0, 32, 16, 1, 2, 0, 0, true)!.flow.src).toBe(x);
    expect(t.lookup(d, 16, 48, 16, 1, 2, 0, 0, true)!.flow.src).toBe(y);
    expect(t.lookup(d, 0, 32, 16, 3, 4, 0, 0, true)!.flow.src).toBe(x);
  });

  it('spreads IPv4 addresses over the cache (a node shared by many associations is made once)', () => {
    const t = table();
    const d = new DataView(new ArrayBuffer(8));
    for (let i = 0; i < 200; i++) {
      d.setUint32(0, 0x0a000001 + (i % 7));
      d.setUint32(4, 0x0a000101 + ((i * 3) % 7));
      t.lookup(d, 0, 4, 4, 1000 + i, 2905, 0, 0, true);
    }
    const texts = (t as unknown as { texts: { texts: (string | undefined)[] } }).texts.texts.filter((s) => s !== undefined);
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts.length).toBeGreaterThanOrEqual(12);
  });
});
