import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { HistoryPool, HISTORY } from '../../src/state/history-pool.js';
import { RefTable } from '../../src/core/ref-table.js';
import type { Location, LocationKind } from '../../src/state/subscribers.js';
import type { NetworkInfo } from '../../src/attribution/types.js';

/**
 * Model test: today's plain-object semantics (subscribers.ts moveTo / confirm / clearVisited,
 * learn.ts `loc`, seed.ts and snapshot.ts `toLocation` literals) against the slot pool, under
 * random sequences over several subscribers with evictions (release) and reuse of blocks. Equality
 * is on the JSON text (key order included) after the snapshot's `unconfirmed` step.
 */
interface Model {
  history: Location[];
  visited?: Location;
}

const INFOS: NetworkInfo[] = [{ country: 'DE', network: 'A', source: 'registry' }, { country: 'FR', source: 'e164' }, { source: 'unknown' }];
const KINDS: LocationKind[] = ['vlr', 'msc', 'sgsn', 'mme'];

type Op =
  | { op: 'learn'; sub: number; info: number; kind: number; address: string | undefined; ts: number; frame: number }
  | { op: 'seed'; sub: number; info: number; ts: number }
  | { op: 'restore'; sub: number; n: number; visited: boolean; confirmed: boolean; ts: number }
  | { op: 'confirm'; sub: number; ts: number; nsec: number; by: string }
  | { op: 'purge'; sub: number }
  | { op: 'evict'; sub: number };

const sub = fc.integer({ min: 0, max: 3 });
const ts = fc.integer({ min: 0, max: 50 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('learn' as const),
    sub,
    info: fc.integer({ min: 0, max: 2 }),
    kind: fc.integer({ min: 0, max: 3 }),
    address: fc.option(fc.constantFrom('491700', '33600', 'mme.epc'), { nil: undefined }),
    ts,
    frame: fc.nat(1000),
  }),
  fc.record({ op: fc.constant('seed' as const), sub, info: fc.integer({ min: 0, max: 2 }), ts }),
  fc.record({ op: fc.constant('restore' as const), sub, n: fc.integer({ min: 0, max: HISTORY }), visited: fc.boolean(), confirmed: fc.boolean(), ts }),
  fc.record({
    op: fc.constant('confirm' as const),
    sub,
    ts: fc.integer({ min: 0, max: 4 }),
    nsec: fc.integer({ min: 0, max: 2 }),
    by: fc.constantFrom('UL', 'ISD', 'SRI'),
  }),
  fc.record({ op: fc.constant('purge' as const), sub }),
  fc.record({ op: fc.constant('evict' as const), sub }),
);

/** learn.ts `loc`. */
function learned(info: NetworkInfo, kind: LocationKind, address: string | undefined, tsSec: number, frame: number): Location {
  if (address === undefined) return { info, kind, tsSec, tsNsec: 0, frame, confirmed: undefined };
  return { info, kind, tsSec, tsNsec: 0, frame, address, confirmed: undefined };
}

/** snapshot.ts `toLocation` of a saved location. */
function restored(info: NetworkInfo, tsSec: number, confirmed: boolean): Location {
  const l: Location = { info, kind: 'vlr', tsSec, tsNsec: 3, frame: 7 };
  l.address = '491700';
  if (confirmed) l.confirmed = { tsSec: tsSec + 1, tsNsec: 0, frame: 9, by: 'UL' };
  return l;
}

/** subscribers.ts `confirm`. */
function confirmModel(loc: Location, tsSec: number, tsNsec: number, frame: number, by: string): void {
  const cur = loc.confirmed;
  if (cur === undefined) {
    loc.confirmed = { tsSec, tsNsec, frame, by };
    return;
  }
  if (cur.tsSec > tsSec || (cur.tsSec === tsSec && cur.tsNsec >= tsNsec)) return;
  cur.tsSec = tsSec;
  cur.tsNsec = tsNsec;
  cur.frame = frame;
  cur.by = by;
}

/** The snapshot's text of a location (snapshot.ts `unconfirmed` then JSON). */
function text(l: Location | undefined): string | undefined {
  if (l === undefined) return undefined;
  const c = structuredClone(l);
  if (c.confirmed === undefined) delete c.confirmed;
  return JSON.stringify(c);
}

function run(ops: Op[]): void {
  const pool = new HistoryPool();
  const models = new Map<number, Model>();
  const blocks = new Map<number, number>();
  const block = (s: number): number => {
    let b = blocks.get(s);
    if (b === undefined) {
      b = pool.alloc();
      blocks.set(s, b);
      models.set(s, { history: [] });
    }
    return b;
  };
  for (const o of ops) {
    if (o.op === 'evict') {
      const b = blocks.get(o.sub);
      if (b !== undefined) pool.release(b);
      blocks.delete(o.sub);
      models.delete(o.sub);
      continue;
    }
    const b = block(o.sub);
    const m = models.get(o.sub)!;
    switch (o.op) {
      case 'learn': {
        const l = learned(INFOS[o.info]!, KINDS[o.kind]!, o.address, o.ts, o.frame);
        m.visited = l;
        m.history = [...m.history, l].slice(-HISTORY);
        pool.push(b, l);
        break;
      }
      case 'seed': {
        // seed.ts: one object in `visited` and `history`, address before tsSec (a fresh record).
        const l: Location = { info: INFOS[o.info]!, kind: 'vlr', address: '491700', tsSec: o.ts, tsNsec: 0, frame: 0 };
        pool.release(b);
        const nb = pool.alloc();
        blocks.set(o.sub, nb);
        models.set(o.sub, { history: [l], visited: l });
        pool.push(nb, l, true);
        break;
      }
      case 'restore': {
        // snapshot.ts toRecord: history and visited are separate objects.
        pool.release(b);
        const nb = pool.alloc();
        blocks.set(o.sub, nb);
        const history = Array.from({ length: o.n }, (_, i) => restored(INFOS[i % 3]!, o.ts + i, o.confirmed && i % 2 === 0));
        const nm: Model = { history };
        for (const l of history) pool.push(nb, l);
        if (o.visited) {
          nm.visited = restored(INFOS[2]!, o.ts + 9, o.confirmed);
          pool.setDetachedVisited(nb, nm.visited);
        } else pool.clearVisited(nb);
        models.set(o.sub, nm);
        break;
      }
      case 'confirm':
        // learn.ts confirms only the visited location (when its address matches).
        if (m.visited !== undefined) confirmModel(m.visited, o.ts, o.nsec, o.ts * 10, o.by);
        pool.confirmVisited(b, o.ts, o.nsec, o.ts * 10, o.by);
        break;
      case 'purge':
        delete m.visited;
        pool.clearVisited(b);
        break;
    }
  }
  for (const [s, m] of models) {
    const b = blocks.get(s)!;
    expect(pool.size(b)).toBe(m.history.length);
    expect(pool.history(b).map(text)).toEqual(m.history.map(text));
    expect(text(pool.visited(b))).toEqual(text(m.visited));
    expect(pool.hasVisited(b)).toBe(m.visited !== undefined);
    expect(pool.visitedAddress(b)).toBe(m.visited?.address);
    expect(pool.visitedKind(b)).toBe(m.visited?.kind);
    // The visited slot's network, the same object.
    expect(pool.visitedInfo(b)).toBe(m.visited?.info);
  }
  // One slot per held location (a restored record's own visited one included), none leaked.
  let slots = 0;
  for (const m of models.values()) slots += m.history.length + (m.visited !== undefined && m.visited !== m.history.at(-1) ? 1 : 0);
  expect(pool.slotsInUse).toBe(slots);
  // The reference tables (core/ref-table.ts) hold a value only while a slot refers to it.
  expect(pool.heldValues).toBeLessThanOrEqual(INFOS.length + 3 + 3);
  for (const b of blocks.values()) pool.release(b);
  expect(pool.heldValues).toBe(0);
  expect(pool.slotsInUse).toBe(0);
}

describe('HistoryPool (model test against plain Location objects)', () => {
  it('reads back what the object model holds, key order included, under random learn/confirm/purge/restore/evict', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 20, maxLength: 200, size: 'max' }), (ops) => run(ops)),
      { numRuns: 400 },
    );
  });

  it('keeps the newest HISTORY entries and the visited one is the newest (learned) or its own object (restored)', () => {
    const pool = new HistoryPool();
    const b = pool.alloc();
    for (let t = 1; t <= 6; t++) pool.push(b, learned(INFOS[0]!, 'vlr', String(t), t, t));
    expect(pool.history(b).map((l) => l.tsSec)).toEqual([3, 4, 5, 6]);
    pool.confirmVisited(b, 9, 0, 90, 'UL');
    expect(pool.history(b)[3]!.confirmed).toEqual({ tsSec: 9, tsNsec: 0, frame: 90, by: 'UL' });
    pool.setDetachedVisited(b, restored(INFOS[1]!, 20, false));
    pool.confirmVisited(b, 30, 0, 300, 'ISD');
    expect(pool.visited(b)!.confirmed!.by).toBe('ISD');
    expect(pool.history(b)[3]!.confirmed!.by).toBe('UL'); // the history entry is another object
  });

  it('grows past its initial blocks and reuses released ones', () => {
    const pool = new HistoryPool();
    const bs = Array.from({ length: 300 }, () => pool.alloc());
    for (const [i, b] of bs.entries()) pool.push(b, learned(INFOS[0]!, 'msc', String(i), i, i));
    expect(bs.map((b) => pool.visitedAddress(b))).toEqual(bs.map((_, i) => String(i)));
    pool.release(bs[5]!);
    const again = pool.alloc();
    expect(again).toBe(bs[5]);
    expect(pool.size(again)).toBe(0);
    expect(pool.visited(again)).toBeUndefined();
  });

  it('a confirmation by the same message as the last keeps its `by` id: no reference-table work (store12)', () => {
    const pool = new HistoryPool();
    const b = pool.alloc();
    pool.push(b, learned(INFOS[0]!, 'vlr', '1', 1, 1));
    pool.confirmVisited(b, 2, 0, 20, 'SRI-SM result');
    const acquire = vi.spyOn(RefTable.prototype, 'acquire');
    const release = vi.spyOn(RefTable.prototype, 'release');
    try {
      pool.confirmVisited(b, 3, 0, 30, 'SRI-SM result');
      pool.confirmVisited(b, 4, 0, 40, 'SRI-SM result');
      expect(acquire).not.toHaveBeenCalled();
      expect(release).not.toHaveBeenCalled();
      expect(pool.visited(b)!.confirmed).toEqual({ tsSec: 4, tsNsec: 0, frame: 40, by: 'SRI-SM result' });
      pool.confirmVisited(b, 5, 0, 50, 'UL');
      expect(acquire).toHaveBeenCalledTimes(1);
      expect(pool.visited(b)!.confirmed!.by).toBe('UL');
    } finally {
      acquire.mockRestore();
      release.mockRestore();
    }
    pool.release(b);
    expect(pool.heldValues).toBe(0);
  });
});
