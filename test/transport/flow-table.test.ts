import { describe, expect, it } from 'vitest';
import { ipText } from '../../src/core/bytes.js';
import { FlowTable, type EvictReason, type FlowEntry } from '../../src/transport/flow-table.js';

describe('FlowTable', () => {
  const addrs = new DataView(Uint8Array.of(10, 0, 0, 1, 10, 0, 0, 2, 10, 0, 0, 3).buffer);

  function table(cap: number, idle: number): { t: FlowTable<{ n: number }>; evicted: [string, EvictReason][] } {
    const evicted: [string, EvictReason][] = [];
    const t = new FlowTable<{ n: number }>(
      'tcp',
      cap,
      idle,
      { next: 1 },
      () => ({ n: 0 }),
      (e, why) => evicted.push([`${e.flow.src}>${e.flow.dst}:${e.flow.srcPort}`, why]),
      Infinity,
      0x811c9dc5, // the FNV-1a basis instead of the per-process random seed: the collision test builds colliding keys
    );
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
    t.lookup(addrs, 0, 4, 4, 3, 3, 0, 12.5, true); // a lookup does not expire (the owner does, once per packet)
    expect(t.size).toBe(2);
    t.expire(12.5); // port 1 idle since 2 → expired
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

  /** The table's key hash before its final mix (a bijection: keys colliding here collide in the table), to build colliding keys. */
  function keyHash(view: DataView, src: number, dst: number, len: number, sp: number, dp: number, tag: number): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < len; i += 4) h = Math.imul(h ^ view.getUint32(src + i), 0x01000193);
    for (let i = 0; i < len; i += 4) h = Math.imul(h ^ view.getUint32(dst + i), 0x01000193);
    h = Math.imul(h ^ sp, 0x01000193);
    h = Math.imul(h ^ dp, 0x01000193);
    return Math.imul(h ^ tag, 0x01000193) >>> 0;
  }

  it('flows whose 32-bit key hashes collide stay distinct (through lookup, delete and growth)', () => {
    // Two source ports whose partial hashes (after the source port) share the upper 16 bits;
    // destination ports then cancel the low 16: (h1 ^ dp1) === (h2 ^ dp2) gives the same hash.
    const partial = (sp: number): number => {
      let h = 0x811c9dc5;
      for (let k = 0; k < 8; k += 4) h = Math.imul(h ^ addrs.getUint32(k), 0x01000193);
      return Math.imul(h ^ sp, 0x01000193) >>> 0;
    };
    const byHigh = new Map<number, number>();
    let pair: [number, number, number, number] | undefined;
    for (let sp = 0; pair === undefined && sp < 65536; sp++) {
      const h = partial(sp);
      const other = byHigh.get(h >>> 16);
      if (other !== undefined) pair = [other, 0, sp, ((partial(other) ^ h) & 0xffff) >>> 0];
      else byHigh.set(h >>> 16, sp);
    }
    expect(pair).toBeDefined();
    const [sp1, dp1, sp2, dp2] = pair!;
    const i = sp1 | (dp1 << 16);
    const j = sp2 | (dp2 << 16);
    expect(keyHash(addrs, 0, 4, 4, i & 0xffff, i >>> 16, 0)).toBe(keyHash(addrs, 0, 4, 4, j & 0xffff, j >>> 16, 0));
    const { t } = table(1000, 100);
    const a = t.lookup(addrs, 0, 4, 4, i & 0xffff, i >>> 16, 0, 0, true)!;
    expect(t.lookup(addrs, 0, 4, 4, j & 0xffff, j >>> 16, 0, 0, false)).toBeUndefined();
    const b = t.lookup(addrs, 0, 4, 4, j & 0xffff, j >>> 16, 0, 0, true)!;
    expect(b).not.toBe(a);
    expect(b.hash).toBe(a.hash); // a real collision inside the table, not just in this test's copy
    // Enough other flows to grow the bucket array several times with the pair inside.
    const more = Array.from({ length: 300 }, (_, k) => t.lookup(addrs, 4, 8, 4, k, k, 0, 0, true)!);
    expect(t.lookup(addrs, 0, 4, 4, i & 0xffff, i >>> 16, 0, 1, false)).toBe(a);
    expect(t.lookup(addrs, 0, 4, 4, j & 0xffff, j >>> 16, 0, 1, false)).toBe(b);
    t.delete(a);
    expect(t.lookup(addrs, 0, 4, 4, i & 0xffff, i >>> 16, 0, 1, false)).toBeUndefined();
    expect(t.lookup(addrs, 0, 4, 4, j & 0xffff, j >>> 16, 0, 1, false)).toBe(b);
    for (let k = 0; k < more.length; k++) expect(t.lookup(addrs, 4, 8, 4, k, k, 0, 1, false)).toBe(more[k]);
    expect(t.size).toBe(301);
  });

  it('IPv6 flows that differ in one word of one address are distinct, and keep their address text', () => {
    // The entry keeps each address as four number fields: each of the 8 words must be compared.
    const base = Uint8Array.from({ length: 32 }, (_, i) => (i * 29 + 3) & 0xff);
    const keys: Uint8Array[] = [base];
    for (let w = 0; w < 8; w++) {
      const k = base.slice();
      k[4 * w + 2]! ^= 0x40;
      keys.push(k);
    }
    const view = new DataView(new Uint8Array(keys.length * 32).buffer);
    keys.forEach((k, i) => {
      new Uint8Array(view.buffer).set(k, 32 * i);
    });
    const { t } = table(100, 100);
    const made = keys.map((_, i) => t.lookup(view, 32 * i, 32 * i + 16, 16, 7, 9, 1, 0, true)!);
    expect(new Set(made).size).toBe(keys.length);
    // Each variant right after the base: they share the recent-entry slot (same ports, tag and last
    // words but for the variants of words 3 and 7), so only the word compare tells them apart.
    for (let i = 1; i < keys.length; i++) {
      expect(t.lookup(view, 0, 16, 16, 7, 9, 1, 1, true)).toBe(made[0]);
      expect(t.lookup(view, 32 * i, 32 * i + 16, 16, 7, 9, 1, 1, true)).toBe(made[i]);
    }
    keys.forEach((_, i) => {
      expect(t.lookup(view, 32 * i, 32 * i + 16, 16, 7, 9, 1, 1, false)).toBe(made[i]);
    });
    keys.forEach((k, i) => {
      expect(made[i]!.flow.src).toBe(ipText(k, 0, 16));
      expect(made[i]!.flow.dst).toBe(ipText(k, 16, 16));
    });
    expect(made[0]!.flow.src).toBe('320:3d5a:7794:b1ce:eb08:2542:5f7c:99b6');
  });

  it('flows whose hashes collide and that differ only in their addresses stay distinct (IPv4 and IPv6 word compare)', () => {
    // FNV steps are bijections: after the source words differ, a destination word chosen to
    // cancel the difference makes the two keys' hashes equal (before the final mix, a bijection).
    for (const len of [4, 16]) {
      const P = 0x01000193;
      const buf = new Uint8Array(4 * len);
      const view = new DataView(buf.buffer);
      for (let i = 0; i < buf.length; i++) buf[i] = (i * 37 + len) & 0xff;
      // Flow A: src at 0, dst at len; flow B: src at 2len, dst at 3len; B's source differs from A's in its last word.
      buf.copyWithin(2 * len, 0, 2 * len);
      view.setUint32(3 * len - 4, view.getUint32(len - 4) ^ 0x5a5a0001);
      let ha = 0x811c9dc5;
      let hb = 0x811c9dc5;
      for (let i = 0; i < len; i += 4) {
        ha = Math.imul(ha ^ view.getUint32(i), P);
        hb = Math.imul(hb ^ view.getUint32(2 * len + i), P);
      }
      for (let i = 0; i < len - 4; i += 4) {
        ha = Math.imul(ha ^ view.getUint32(len + i), P);
        hb = Math.imul(hb ^ view.getUint32(3 * len + i), P);
      }
      view.setUint32(4 * len - 4, (view.getUint32(2 * len - 4) ^ ha ^ hb) >>> 0);
      expect(keyHash(view, 2 * len, 3 * len, len, 5, 6, 0)).toBe(keyHash(view, 0, len, len, 5, 6, 0));
      const { t } = table(100, 100);
      const a = t.lookup(view, 0, len, len, 5, 6, 0, 0, true)!;
      expect(t.lookup(view, 2 * len, 3 * len, len, 5, 6, 0, 0, false)).toBeUndefined();
      const b = t.lookup(view, 2 * len, 3 * len, len, 5, 6, 0, 0, true)!;
      expect(b).not.toBe(a);
      expect(b.hash).toBe(a.hash);
      expect(t.lookup(view, 0, len, len, 5, 6, 0, 1, false)).toBe(a);
      expect(t.lookup(view, 2 * len, 3 * len, len, 5, 6, 0, 1, false)).toBe(b);
      // Same source, the other's destination (and the reverse): no match.
      expect(t.lookup(view, 0, 3 * len, len, 5, 6, 0, 1, false)).toBeUndefined();
      expect(t.lookup(view, 2 * len, len, len, 5, 6, 0, 1, false)).toBeUndefined();
      expect(b.flow.src).not.toBe(a.flow.src);
    }
  });

  it('every live flow is found after many inserts, deletes and evictions (shared bucket chains)', () => {
    const { t } = table(200, 1e9);
    const live = new Map<number, ReturnType<typeof t.lookup>>();
    let seed = 7;
    for (let step = 0; step < 5000; step++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const port = seed % 400;
      const e = t.lookup(addrs, 0, 4, 4, port, 1, 0, step, false);
      expect(e).toBe(live.get(port));
      if (e !== undefined && seed % 3 === 0) {
        t.delete(e);
        live.delete(port);
      } else if (e === undefined) {
        live.set(port, t.lookup(addrs, 0, 4, 4, port, 1, 0, step, true));
        // At capacity the least recently used went: forget what the table no longer holds.
        for (const [p, x] of live) if (t.lookup(addrs, 0, 4, 4, p, 1, 0, step, false) !== x) live.delete(p);
      }
    }
    expect(t.size).toBe(live.size);
  });

  it('keys differing only in high bits (SCTP vtags (i+1) << 14, top octets of the source address) spread over the buckets', () => {
    /** Longest bucket chain: every lookup of a crafted flow walks at most this many entries. */
    const longest = (t: FlowTable<{ n: number }>): number => {
      let most = 0;
      for (const head of (t as unknown as { buckets: ({ bucketNext: unknown } | null)[] }).buckets) {
        let n = 0;
        for (let e = head; e !== null; e = e.bucketNext as typeof e) n++;
        most = Math.max(most, n);
      }
      return most;
    };
    const N = 20_000;
    for (const seed of [0x811c9dc5, 0x12345678, 0x0badf00d]) {
      const make = () =>
        new FlowTable<{ n: number }>(
          'sctp',
          100_000,
          1e9,
          { next: 1 },
          () => ({ n: 0 }),
          () => {},
          Infinity,
          seed,
        );
      const tags = make();
      for (let i = 0; i < N; i++) tags.lookup(addrs, 0, 4, 4, 2905, 2905, ((i + 1) << 14) >>> 0, 0, true);
      const v = new DataView(new ArrayBuffer(8));
      v.setUint32(4, 0x0a000001);
      const srcs = make();
      for (let i = 0; i < N; i++) {
        v.setUint32(0, (((i & 0xff) << 24) | (((i >> 8) & 0xff) << 16) | 5) >>> 0);
        srcs.lookup(v, 0, 4, 4, 5000, 3868, 0, 0, true);
      }
      expect([tags.size, srcs.size]).toEqual([N, N]);
      // 20 k keys over 32 k buckets: a uniform hash gives chains of ~7 at most; before the final mix, one chain of 20 000.
      expect(longest(tags)).toBeLessThanOrEqual(12);
      expect(longest(srcs)).toBeLessThanOrEqual(12);
    }
  });

  it('the recent-entry cache returns what the full lookup would, with the same recency and evictions (model)', () => {
    // Addresses: IPv4 at 0, 4, 8; IPv6 at 12, 28, 44, the last two differing from the first in
    // one octet of the first and of the last word. Every key shares ports and tag with others, so
    // cache slots are shared by flows that differ only in their addresses.
    const bytes = new Uint8Array(60);
    bytes.set([10, 0, 0, 1, 10, 0, 0, 2, 10, 0, 0, 3]);
    const v6 = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    bytes.set(v6, 12);
    bytes.set(v6, 28);
    bytes[28 + 15] = 2;
    bytes.set(v6, 44);
    bytes[44 + 9] = 7;
    const view = new DataView(bytes.buffer);
    const keys: [number, number, 4 | 16, number, number, number][] = [];
    for (const [src, dst, len] of [
      [0, 4, 4],
      [4, 0, 4],
      [0, 8, 4],
      [12, 28, 16],
      [28, 12, 16],
      [12, 44, 16],
      [44, 28, 16],
    ] as const)
      for (const [sp, dp] of [
        [2905, 2905],
        [1, 2],
      ] as const)
        for (const tag of [0, 0x7fffffff, -1]) keys.push([src, dst, len, sp, dp, tag]);
    // 70 more tags, source ports, destination ports of one flow: more than the cache has slots,
    // so keys that differ in that field alone share one.
    for (let i = 1; i <= 70; i++) {
      keys.push([0, 4, 4, 2905, 2905, Math.imul(i, 0x01000193)]);
      keys.push([0, 4, 4, 5000 + i, 2905, 0]);
      keys.push([0, 4, 4, 2905, 5000 + i, 0]);
    }
    let rnd = 7;
    const next = (n: number) => {
      rnd = Math.imul(rnd ^ (rnd >>> 15), 0x2c1b3c6d) + 0x6d2b79f5;
      return ((rnd >>> 0) % n) | 0;
    };
    const evicted: string[] = [];
    const t = new FlowTable<{ n: number }>(
      'sctp',
      12,
      Infinity,
      { next: 1 },
      () => ({ n: 0 }),
      (e) => evicted.push(`${e.flow.id}`),
    );
    const model = new Map<number, FlowEntry<{ n: number }>>(); // key index → entry, oldest first
    const modelEvicted: string[] = [];
    for (let step = 0; step < 20_000; step++) {
      const k = next(keys.length);
      const [src, dst, len, sp, dp, tag] = keys[k]!;
      const op = next(10);
      if (op === 0) {
        const e = model.get(k);
        if (e !== undefined) {
          t.delete(e);
          model.delete(k);
        }
        continue;
      }
      const create = op > 2;
      const got = t.lookup(view, src, dst, len, sp, dp, tag, step, create);
      const want = model.get(k);
      if (want !== undefined) {
        expect(got).toBe(want);
        model.delete(k);
        model.set(k, want); // most recent
      } else if (create) {
        expect(got).toBeDefined();
        expect([...model.values()]).not.toContain(got);
        if (model.size >= 12) {
          const [oldK, old] = model.entries().next().value!;
          model.delete(oldK);
          modelEvicted.push(`${old.flow.id}`);
        }
        model.set(k, got!);
      } else expect(got).toBeUndefined();
      if (evicted.length !== modelEvicted.length || evicted.at(-1) !== modelEvicted.at(-1)) expect(evicted).toEqual(modelEvicted);
    }
    expect(evicted).toEqual(modelEvicted);
    expect(modelEvicted.length).toBeGreaterThan(1000);
    expect([...t.entries()]).toEqual([...model.values()]);
  });
});
