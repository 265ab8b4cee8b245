import { describe, expect, it } from 'vitest';
import { FlowTable, type EvictReason } from '../../src/transport/flow-table.js';

describe('FlowTable', () => {
  const addrs = new DataView(Uint8Array.of(10, 0, 0, 1, 10, 0, 0, 2, 10, 0, 0, 3).buffer);

  function table(cap: number, idle: number): { t: FlowTable<{ n: number }>; evicted: [string, EvictReason][] } {
    const evicted: [string, EvictReason][] = [];
    const t = new FlowTable<{ n: number }>('tcp', cap, idle, { next: 1 }, () => ({ n: 0 }), (e, why) => evicted.push([`${e.flow.src}>${e.flow.dst}:${e.flow.srcPort}`, why]));
    return { t, evicted };
  }

  it('finds the same entry by (addresses, ports, tag); direction, ports and tag make different flows', () => {
    const { t } = table(10, 100);
    const a = t.lookup(addrs, 0, 4, 4, 1, 2, 0, 0, true)!;
    expect(t.lookup(addrs, 0, 4, 4, 1, 2, 0, 1, true)).toBe(a);
    expect(a.flow).toMatchObject({ id: 1, transport: 'tcp', src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1, dstPort: 2 });
    const others = [
      t.lookup(addrs, 4, 0, 4, 2, 1, 0, 1, true),
      t.lookup(addrs, 0, 8, 4, 1, 2, 0, 1, true),
      t.lookup(addrs, 0, 4, 4, 1, 3, 0, 1, true),
      t.lookup(addrs, 0, 4, 4, 1, 2, 7, 1, true),
    ];
    expect(new Set([a, ...others]).size).toBe(5);
    expect(t.lookup(addrs, 8, 0, 4, 9, 9, 0, 1, false)).toBeUndefined();
    expect(t.size).toBe(5);
  });

  it('evicts the least recently used entry at capacity and idle entries by capture time', () => {
    const { t, evicted } = table(2, 10);
    t.lookup(addrs, 0, 4, 4, 1, 1, 0, 0, true);
    t.lookup(addrs, 0, 4, 4, 2, 2, 0, 1, true);
    t.lookup(addrs, 0, 4, 4, 1, 1, 0, 2, true); // touch port 1: port 2 becomes the oldest
    t.lookup(addrs, 0, 4, 4, 3, 3, 0, 3, true);
    expect(evicted).toEqual([['10.0.0.1>10.0.0.2:2', 'limit']]);
    t.lookup(addrs, 0, 4, 4, 3, 3, 0, 12.5, true); // port 1 idle since 2 → expired
    expect(evicted.at(-1)).toEqual(['10.0.0.1>10.0.0.2:1', 'age']);
    expect(t.size).toBe(1);
  });

  it('delete removes entries from lookup and from the LRU order', () => {
    const { t } = table(100, 100);
    const es = Array.from({ length: 50 }, (_, i) => t.lookup(addrs, 0, 4, 4, i, 0, 0, 0, true)!);
    for (const e of es.filter((_, i) => i % 2 === 0)) t.delete(e);
    expect(t.size).toBe(25);
    expect([...t.entries()].map((e) => e.flow.srcPort)).toEqual(es.filter((_, i) => i % 2 === 1).map((e) => e.flow.srcPort));
    expect(t.lookup(addrs, 0, 4, 4, 1, 0, 0, 0, false)).toBe(es[1]);
    expect(t.lookup(addrs, 0, 4, 4, 2, 0, 0, 0, false)).toBeUndefined();
  });
});
