/**
 * The bounded table's accounting, tested once for its seven users: random operation sequences
 * run against the table and against a naive reference (an array in recency order, scanned
 * linearly), and after every step both hold the same entries in the same order, with the same
 * stamps, costs, size, charged bytes and the same eviction log.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { BoundedTable, type BoundedEntry, type EvictReason, weightClass } from '../../src/core/bounded-table.js';
import { buildOnce } from '../cli/run-cli.js';
import { REPO_ROOT } from '../support/corpus.js';

interface RefEntry {
  key: number | undefined;
  value: number;
  stamp: number;
  cost: number;
  /** Its holder (fair tables), undefined: none. */
  holder: string | undefined;
  /** Insertion number: a holder's entries are evicted in insertion order (a touch does not count). */
  seq: number;
}

/** The weight class, the slow way: the bytes below 8, then 8 classes per power of two. */
function refClass(b: number): number {
  if (b < 8) return b;
  let e = 3;
  while (2 ** (e + 1) <= b) e++;
  return 8 + (e - 3) * 8 + (Math.floor(b / 2 ** (e - 3)) % 8);
}

/** The specification, written the slow obvious way. */
class Reference {
  list: RefEntry[] = [];
  log: [number, EvictReason][] = [];
  /** Per holder with entries: its weight class and when it entered that class. */
  classes = new Map<string, { cls: number; seq: number }>();
  seq = 0;
  constructor(
    readonly maxEntries: number,
    readonly maxBytes: number,
    readonly maxAgeSec: number,
  ) {}
  bytes(): number {
    return this.list.reduce((n, e) => n + e.cost, 0);
  }
  find(value: number): RefEntry | undefined {
    return this.list.find((e) => e.value === value);
  }
  remove(e: RefEntry): void {
    this.list.splice(this.list.indexOf(e), 1);
    this.reclass(e.holder);
  }
  /** A holder whose bytes changed goes to the end of its new class; one without entries leaves. */
  reclass(h: string | undefined): void {
    if (h === undefined) return;
    const mine = this.list.filter((e) => e.holder === h);
    if (mine.length === 0) {
      this.classes.delete(h);
      return;
    }
    const cls = refClass(mine.reduce((n, e) => n + e.cost, 0));
    if (this.classes.get(h)?.cls !== cls) this.classes.set(h, { cls, seq: ++this.seq });
  }
  /** Over a cap: the oldest entry, or the heaviest class's first holder's first-inserted entry. */
  victim(): RefEntry {
    let best: [string, { cls: number; seq: number }] | undefined;
    for (const c of this.classes) if (best === undefined || c[1].cls > best[1].cls || (c[1].cls === best[1].cls && c[1].seq < best[1].seq)) best = c;
    if (best === undefined) return this.list[0]!;
    const mine = this.list.filter((e) => e.holder === best[0]);
    // One entry is no flood unless over 1/64 of the byte cap: then the oldest (review of the merge).
    if (mine.length === 1 && mine[0]!.cost <= this.maxBytes / 64) return this.list[0]!;
    return mine.reduce((a, b) => (b.seq < a.seq ? b : a));
  }
  evict(e: RefEntry, why: EvictReason): void {
    this.remove(e);
    this.log.push([e.value, why]);
  }
  stale(e: RefEntry, now: number): boolean {
    return now - e.stamp > this.maxAgeSec;
  }
  enforce(now: number): void {
    while (this.list.length > 0) {
      const e = this.list[0]!;
      if (this.stale(e, now)) this.evict(e, 'age');
      else if (this.list.length > this.maxEntries) this.evict(this.victim(), 'limit');
      else if (this.bytes() > this.maxBytes) this.evict(this.victim(), 'bytes');
      else return;
    }
  }
  expire(now: number): void {
    while (this.list.length > 0 && this.stale(this.list[0]!, now)) this.evict(this.list[0]!, 'age');
  }
  insert(key: number | undefined, value: number, now: number, cost: number, holder: string | undefined): void {
    if (key !== undefined) {
      const old = this.list.find((e) => e.key === key);
      if (old !== undefined) {
        this.remove(old);
        holder = old.holder; // an entry updated in place keeps its holder
      }
    }
    this.list.push({ key, value, stamp: now, cost, holder, seq: ++this.seq });
    this.reclass(holder);
    this.enforce(now);
  }
  charge(e: RefEntry, delta: number): void {
    e.cost += delta;
    this.reclass(e.holder);
  }
  touch(e: RefEntry, now: number): void {
    e.stamp = now;
    this.list.splice(this.list.indexOf(e), 1);
    this.list.push(e);
  }
}

type Op =
  | { op: 'set'; key: number; cost: number; dt: number; holder: number | null }
  | { op: 'add'; cost: number; dt: number; own: boolean }
  | { op: 'touch' | 'restamp' | 'delete' | 'evict'; pick: number; dt: number }
  | { op: 'charge'; pick: number; delta: number; dt: number }
  | { op: 'expire' | 'evictOldest'; dt: number }
  | { op: 'rekey'; pick: number; key: number; dt: number };

const dt = fc.integer({ min: -2, max: 6 }); // capture time mostly advances, sometimes steps back
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('set' as const),
      key: fc.integer({ min: 0, max: 12 }),
      cost: fc.integer({ min: 0, max: 40 }),
      dt,
      holder: fc.option(fc.integer({ min: 0, max: 3 })),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('add' as const), cost: fc.integer({ min: 0, max: 40 }), dt, own: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom('touch' as const, 'restamp' as const, 'delete' as const, 'evict' as const), pick: fc.nat(), dt }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('charge' as const), pick: fc.nat(), delta: fc.integer({ min: -10, max: 50 }), dt }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('expire' as const, 'evictOldest' as const), dt }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('rekey' as const), pick: fc.nat(), key: fc.integer({ min: 0, max: 12 }), dt }) },
);

describe('BoundedTable (model test against a naive reference)', () => {
  it('holds the same entries, order, stamps, costs and evictions as the reference after every operation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.oneof(fc.constant(Infinity), fc.integer({ min: 0, max: 150 })),
        fc.oneof(fc.constant(Infinity), fc.integer({ min: 0, max: 20 })),
        fc.array(opArb, { maxLength: 120 }),
        fc.boolean(),
        (maxEntries, maxBytes, maxAgeSec, ops, fair) => {
          const log: [number, EvictReason][] = [];
          const t = new BoundedTable<number, number>({ maxEntries, maxBytes, maxAgeSec, onEvict: (e, why) => log.push([e.value, why]) });
          const ref = new Reference(maxEntries, maxBytes, maxAgeSec);
          /** Live table entries by value (values are unique: the step number). */
          const live = new Map<number, BoundedEntry<number, number>>();
          let now = 0;
          ops.forEach((o, value) => {
            now += o.dt;
            const pick = (n: number): [BoundedEntry<number, number>, RefEntry] | undefined => {
              if (ref.list.length === 0) return undefined;
              const r = ref.list[n % ref.list.length]!;
              return [live.get(r.value)!, r];
            };
            switch (o.op) {
              case 'set': {
                // A key already held: its entry is updated in place (same object), in the order of a delete + insert.
                const held = ref.list.find((r) => r.key === o.key);
                const holder = fair && o.holder !== null ? o.holder : undefined;
                const e = t.set(o.key, value, now, o.cost, now, holder);
                if (held !== undefined) {
                  expect(e).toBe(live.get(held.value));
                  live.delete(held.value);
                }
                live.set(value, e);
                ref.insert(o.key, value, now, o.cost, holder === undefined ? undefined : `h${holder}`);
                break;
              }
              case 'add':
                live.set(value, t.add(value, now, o.cost, fair && o.own));
                ref.insert(undefined, value, now, o.cost, fair && o.own ? `own${value}` : undefined);
                break;
              case 'expire':
                t.expire(now);
                ref.expire(now);
                break;
              case 'evictOldest': {
                const first = ref.list[0];
                expect(t.evictOldest('limit')).toBe(first !== undefined);
                if (first !== undefined) ref.evict(first, 'limit');
                break;
              }
              default: {
                const p = pick(o.pick);
                if (p === undefined) break;
                const [e, r] = p;
                if (o.op === 'touch') {
                  t.touch(e, now);
                  ref.touch(r, now);
                } else if (o.op === 'restamp') {
                  t.restamp(e, now);
                  r.stamp = now;
                } else if (o.op === 'delete') {
                  t.delete(e);
                  ref.remove(r);
                  t.delete(e); // twice: a no-op
                } else if (o.op === 'evict') {
                  t.evict(e, 'bytes');
                  ref.evict(r, 'bytes');
                } else if (o.op === 'charge') {
                  const delta = Math.max(o.delta, -r.cost); // never below zero, as the users do
                  t.charge(e, delta);
                  t.enforce(now);
                  ref.charge(r, delta);
                  ref.enforce(now);
                } else if (o.op === 'rekey') {
                  const other = ref.list.find((x) => x.key === o.key);
                  if (other !== undefined && other !== r) break; // users rekey only to a free key
                  t.rekey(e, o.key);
                  r.key = o.key;
                }
              }
            }
            const entries = [...t.entries()];
            expect(entries.map((e) => [e.key, e.value, e.stamp, e.cost])).toEqual(ref.list.map((r) => [r.key, r.value, r.stamp, r.cost]));
            expect(t.size).toBe(ref.list.length);
            expect(t.bytes).toBe(ref.bytes());
            expect(log).toEqual(ref.log);
            expect(entries.every((e) => e.live)).toBe(true);
            for (const r of ref.list) if (r.key !== undefined) expect(t.get(r.key)?.value).toBe(r.value);
            for (let k = 0; k <= 12; k++) if (!ref.list.some((r) => r.key === k)) expect(t.get(k)).toBeUndefined();
            for (const [v, e] of live) if (!ref.list.some((r) => r.value === v)) expect(e.live).toBe(false);
            expect(t.oldest?.value).toBe(ref.list[0]?.value);
            expect(t.newest?.value).toBe(ref.list.at(-1)?.value);
            for (const r of ref.list) expect(t.isStale(live.get(r.value)!, now)).toBe(ref.stale(r, now));
            for (let h = 0; h < 4; h++) {
              const mine = ref.list.filter((r) => r.holder === `h${h}`);
              expect(t.holding(h)).toEqual({ count: mine.length, bytes: mine.reduce((n, r) => n + r.cost, 0) });
            }
            expect(t.holderCount).toBe(new Set(ref.list.flatMap((r) => (r.holder?.startsWith('h') ? [r.holder] : []))).size);
            // Counts and bytes never exceed the caps after an insert or a charge.
            if (o.op === 'set' || o.op === 'add' || o.op === 'charge') {
              expect(t.size).toBeLessThanOrEqual(maxEntries);
              expect(t.bytes).toBeLessThanOrEqual(maxBytes);
            }
          });
          t.clear();
          expect([t.size, t.bytes, t.oldest, [...t.entries()].length]).toEqual([0, 0, null, 0]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a stale entry is evicted by age before the count and byte caps are considered', () => {
    const log: string[] = [];
    const t = new BoundedTable<string, string>({ maxEntries: 2, maxBytes: 100, maxAgeSec: 10, onEvict: (e, why) => log.push(`${e.value}:${why}`) });
    t.set('a', 'a', 0, 60);
    t.set('b', 'b', 5, 30);
    t.set('c', 'c', 11, 0); // a is stale (11 - 0 > 10): age, not limit
    expect(log).toEqual(['a:age']);
    t.charge(t.get('c')!, 90); // 120 bytes > 100: b goes first
    t.enforce(12);
    expect(log).toEqual(['a:age', 'b:bytes']);
    expect([...t.entries()].map((e) => e.value)).toEqual(['c']);
  });
});

describe('BoundedEntry.stamp keeps fractional capture seconds in place', () => {
  beforeAll(buildOnce, 180_000);

  // The transport stamps its flow and reassembly entries with `tsSec + tsNsec / 1e9`. A stamp field
  // defined as undefined first (a parameter property under class-field semantics) got V8's tagged
  // representation: every touch then stored a fresh heap number into a long-lived entry (an
  // allocation and a write-barrier slow-path call; bench/results-notes.md, "decwb"). V8 reports a
  // field's representation changes with --trace-generalization: the stamp must never go tagged.
  // (--no-sparkplug: the trace hits a V8 check on baseline frames of an `-e` script.)
  it('no tagged generalization of the stamp field under fractional stamps', () => {
    const mod = pathToFileURL(join(REPO_ROOT, 'dist', 'core', 'bounded-table.js')).href;
    const script = `
      const { BoundedTable } = await import(${JSON.stringify(mod)});
      const t = new BoundedTable({ maxEntries: 64, maxAgeSec: 30 });
      const es = [];
      for (let i = 0; i < 200; i++) es.push(t.add({ i }, 1_700_000_000 + i / 7));
      for (let k = 0; k < 5; k++) for (const e of es) if (e.live) t.touch(e, 1_700_000_100 + k / 3);
      t.expire(1_700_000_200.5);
      console.log('done', t.size);`;
    const r = spawnSync(process.execPath, ['--trace-generalization', '--no-sparkplug', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      maxBuffer: 256 * 2 ** 20,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect([r.error?.message, r.status]).toEqual([undefined, 0]);
    // V8's trace and the script's own output share stdout, buffered apart: match anywhere.
    const out = r.stdout + r.stderr;
    expect(out).toContain('done 0');
    const reps = [...out.matchAll(/\[generalizing\]stamp:\S*->([a-z])\{/g)].map((m) => m[1]);
    expect(reps).toContain('d'); // the trace is on: Smi → double
    expect(reps.filter((x) => x === 't' || x === 'h')).toEqual([]);
  });
});

describe('fair BoundedTable (holders)', () => {
  it('weightClass: the bytes below 8, then 8 classes per power of two, never decreasing', () => {
    let prev = -1;
    for (const b of [0, 1, 7, 8, 9, 15, 16, 17, 255, 256, 287, 288, 511, 512, 1 << 20, 2 ** 31 - 1]) {
      const c = weightClass(b);
      expect(c).toBeGreaterThanOrEqual(prev);
      prev = c;
    }
    expect([weightClass(8), weightClass(9), weightClass(15), weightClass(16), weightClass(18)]).toEqual([8, 9, 15, 16, 17]);
    expect(weightClass(2 ** 40)).toBe(weightClass(2 ** 31 - 1));
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 31 - 2 }), (b) => weightClass(b) <= weightClass(b + 1)));
  });

  it('a flood from one holder evicts its own oldest entries, not the oldest entry of another (rt8 EV1)', () => {
    const log: string[] = [];
    const t = new BoundedTable<string, string>({ maxEntries: 100, maxBytes: 10_000, onEvict: (e, why) => log.push(`${e.value}:${why}`) });
    const victim = t.set('victim', 'victim', 0, 300, 0, 'A');
    for (let i = 0; i < 1000; i++) t.set(`j${i}`, `j${i}`, 1, 264, 1, 'B');
    expect(victim.live).toBe(true);
    expect(log).toHaveLength(1000 + 1 - 37); // 36 × 264 + 300 ≤ 10 000: B keeps 36
    expect(log[0]).toBe('j0:bytes');
    expect(t.holding('B')).toEqual({ count: 36, bytes: 36 * 264 });
    expect(t.bytes).toBeLessThanOrEqual(10_000);
    // Once the flood stops, the victim's holder may grow back past it: then it is the one that loses.
    for (let i = 0; i < 40; i++) t.set(`a${i}`, `a${i}`, 2, 264, 2, 'A');
    expect(victim.live).toBe(false);
  });

  it('a flood spread over one holder per junk entry meets the oldest-first order, not the heaviest message (review of the merge)', () => {
    const log: string[] = [];
    const t = new BoundedTable<string, string>({ maxEntries: 4, maxBytes: 64_000, onEvict: (e) => log.push(e.value) });
    for (let i = 0; i < 3; i++) t.set(`j${i}`, `j${i}`, 0, 100, 0, `junk${i}`);
    const real = t.set('real', 'real', 1, 600, 1, 'receiver');
    t.set('j3', 'j3', 2, 100, 2, 'junk3');
    expect([real.live, log]).toEqual([true, ['j0']]);
    // One entry over 1/64 of the byte cap (a TCP flow's buffer) is still the heaviest holder's.
    t.set('big', 'big', 3, 2_000, 3, 'flow');
    expect(log).toEqual(['j0', 'big']);
  });
});
