import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../src/core/anomaly.js';
import { Counters } from '../../src/core/stats.js';
import { BoundedTable } from '../../src/core/bounded-table.js';
import { DiameterTransactions, type EarlyAnswer } from '../../src/diameter/transactions.js';
import type { Flow } from '../../src/transport/types.js';

/** The table's rules written plainly (insertion-ordered list): what the typed-array slots must reproduce. */
class Model {
  list: { pair: string; hbh: number; e2e: number; frame: number; cmd: number; imsi: string | undefined; ts: number }[] = [];
  n: Record<string, number> = { expired: 0, evicted: 0, duplicate: 0, unmatched: 0 };
  constructor(
    readonly max: number,
    readonly age: number,
  ) {}
  expire(now: number): void {
    while (this.list.length > 0 && now - this.list[0]!.ts > this.age) {
      this.list.shift();
      this.n.expired!++;
    }
  }
  find(pair: string, hbh: number, e2e: number): number {
    return this.list.findIndex((e) => e.pair === pair && e.hbh === hbh && e.e2e === e2e);
  }
  request(pair: string, hbh: number, e2e: number, frame: number, cmd: number, imsi: string | undefined, ts: number): void {
    this.expire(ts);
    const i = this.find(pair, hbh, e2e);
    if (i >= 0) {
      this.list.splice(i, 1);
      this.n.duplicate!++;
    }
    this.list.push({ pair, hbh, e2e, frame, cmd, imsi, ts });
    while (this.list.length > 0) {
      if (ts - this.list[0]!.ts > this.age) this.n.expired!++;
      else if (this.list.length > this.max) this.n.evicted!++;
      else break;
      this.list.shift();
    }
  }
  answer(pair: string, hbh: number, e2e: number, ts: number) {
    this.expire(ts);
    const i = this.find(pair, hbh, e2e);
    if (i < 0) {
      this.n.unmatched!++;
      return undefined;
    }
    return this.list.splice(i, 1)[0];
  }
}

const flow = (i: number): Flow => ({ transport: 'sctp', src: `10.0.0.${i}`, srcPort: 3868, dst: '10.9.9.9', dstPort: 3868 }) as Flow;
/** Three peer pairs; the fourth flow has the endpoints of the first in the other direction, as a distinct Flow object: the same peer pair. */
const FLOWS = [flow(1), flow(2), flow(3), { transport: 'sctp', src: '10.9.9.9', srcPort: 3868, dst: '10.0.0.1', dstPort: 3868 } as Flow];

/** The directed keys (RFC 6733 §6.2): a request's direction; an answer's is the reverse of its request's. */
const reqKey = (f: Flow): string => `${f.src}|${f.srcPort}|${f.dst}|${f.dstPort}`;
const ansKey = (f: Flow): string => `${f.dst}|${f.dstPort}|${f.src}|${f.srcPort}`;
const back = (f: Flow): Flow => ({ ...f, src: f.dst, srcPort: f.dstPort, dst: f.src, dstPort: f.srcPort });

/** A seeded generator: rnd(n) in 0..n-1. */
function lcg(seed: number): (n: number) => number {
  return (n) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
}

describe('DiameterTransactions (typed-array slots)', () => {
  it('matches the plain model over random requests, answers, duplicates, evictions and clock jumps (past slot growth)', () => {
    const rnd = lcg(12345);
    const counters = new Counters();
    const anomalies: Anomaly[] = [];
    const max = 1200;
    const t = new DiameterTransactions(max, 50, counters, (a) => anomalies.push(a));
    const m = new Model(max, 50);
    let ts = 1000;
    for (let frame = 1; frame <= 40_000; frame++) {
      ts += rnd(50) === 0 ? -rnd(10) : rnd(3) === 0 ? 0.01 : 0; // mostly steady, sometimes backwards
      if (rnd(3000) === 0) ts += 60; // everything older expires
      const f = FLOWS[rnd(4)]!;
      const hbh = rnd(3000);
      const e2e = rnd(2) * 0xffffffff; // includes the top of the 32-bit range
      if (rnd(5) < 4) {
        const imsi = rnd(2) === 0 ? undefined : `00101${frame}`;
        const cmd = 316 + rnd(2);
        t.request(f, hbh, e2e, frame, cmd, 16777251, imsi, imsi === undefined ? undefined : `49${frame}`, ts);
        m.request(reqKey(f), hbh, e2e, frame, cmd, imsi, ts);
      } else {
        const got = t.answer(f, hbh, e2e, ts);
        const want = m.answer(ansKey(f), hbh, e2e, ts);
        expect(got === undefined).toBe(want === undefined);
        if (got !== undefined && want !== undefined) {
          expect(got.frame).toBe(want.frame);
          expect(got.imsi).toBe(want.imsi);
          expect(got.msisdn).toBe(want.imsi === undefined ? undefined : `49${want.frame}`);
          expect(got.tsSec).toBe(want.ts);
          expect(got.cmd).toBe(want.cmd);
          expect(got.app).toBe(16777251);
        }
      }
      expect(t.size).toBe(m.list.length);
    }
    const v = counters.values;
    expect(v['diameter.transactions.expired'] ?? 0).toBe(m.n.expired);
    expect(v['diameter.transactions.evicted'] ?? 0).toBe(m.n.evicted);
    expect(v['diameter.transactions.duplicate'] ?? 0).toBe(m.n.duplicate);
    expect(v['diameter.transactions.unmatched'] ?? 0).toBe(m.n.unmatched);
    expect(anomalies.length).toBe(m.n.evicted);
    // The run exercised what it claims to.
    expect(m.n.evicted).toBeGreaterThan(0);
    expect(m.n.expired).toBeGreaterThan(0);
    expect(m.n.duplicate).toBeGreaterThan(0);
  });

  it("an answer matches a request only travelling back to its sender (RFC 6733 §6.2; rt9 R1: a forged answer from the request's sender)", () => {
    const counters = new Counters();
    const t = new DiameterTransactions(100, 300, counters);
    t.request(flow(1), 501, 501, 1, 316, 16777251, '310410100000032', undefined, 1);
    expect(t.answer(flow(1), 501, 501, 1)).toBeUndefined(); // same direction as the request: no answer to it
    expect(counters.values['diameter.transactions.unmatched']).toBe(1);
    expect(t.answer(back(flow(1)), 501, 501, 2)?.imsi).toBe('310410100000032');
    // Reordered: an answer held is joined only by a request in the reverse direction.
    const r = new DiameterTransactions(100, 300, undefined, undefined, 5);
    r.holdAnswer(flow(2), 7, 7, { frame: 3, cmd: 316, app: 16777251, imsi: undefined, msisdn: '4917', tsSec: 1 });
    expect(r.joinEarly(flow(2), 7, 7, 316, 1)).toBeUndefined();
    expect(r.joinEarly(back(flow(2)), 7, 7, 316, 1)?.msisdn).toBe('4917');
  });

  it('keeps one request with a limit of 0 and reports the eviction with the new request frame', () => {
    const anomalies: Anomaly[] = [];
    const t = new DiameterTransactions(0, 300, new Counters(), (a) => anomalies.push(a));
    t.request(flow(1), 1, 1, 10, 316, 4, undefined, undefined, 1);
    t.request(flow(1), 2, 2, 11, 316, 4, undefined, undefined, 1);
    expect(t.size).toBe(1);
    expect(anomalies.map((a) => a.frame)).toEqual([11]);
    expect(t.answer(back(flow(1)), 1, 1, 1)).toBeUndefined();
    expect(t.answer(back(flow(1)), 2, 2, 1)?.frame).toBe(11);
  });
  it('keeps early answers (reordering) as the string-keyed bounded table did: joins, replacements, waits settled by age, cap and end of input', () => {
    const rnd = lcg(7);
    const counters = new Counters();
    const max = 250;
    const wait = 4;
    const t = new DiameterTransactions(max, 3600, counters, undefined, wait);
    // The reference: the implementation before the slots, a BoundedTable keyed by `pair|hbh|e2e`.
    let settled = 0;
    let reordered = 0;
    const why: Record<string, number> = {};
    const ref = new BoundedTable<string, EarlyAnswer>({
      maxEntries: max,
      maxAgeSec: wait,
      onEvict: (_e, r) => {
        settled++;
        why[r] = (why[r] ?? 0) + 1;
      },
    });
    let ts = 1000;
    for (let frame = 1; frame <= 30_000; frame++) {
      ts += rnd(40) === 0 ? -rnd(5) : rnd(4) === 0 ? 0.05 : 0;
      if (rnd(4000) === 0) ts += 30; // every wait expires
      const f = FLOWS[rnd(4)]!;
      const hbh = rnd(200);
      const e2e = rnd(2) * 0xfffffff0;
      const cmd = 316 + rnd(2);
      if (rnd(2) === 0) {
        const imsi = rnd(2) === 0 ? undefined : `00101${frame}`;
        const a: EarlyAnswer = { frame, cmd, app: 16777251 + rnd(2), imsi, msisdn: imsi === undefined ? `49${frame}` : undefined, tsSec: ts };
        t.holdAnswer(f, hbh, e2e, { ...a });
        ref.set(`${ansKey(f)}|${hbh}|${e2e}`, a, ts);
      } else {
        const got = t.joinEarly(f, hbh, e2e, cmd, ts);
        let want: EarlyAnswer | undefined;
        if (ref.size !== 0) {
          ref.expire(ts);
          const e = ref.get(`${reqKey(f)}|${hbh}|${e2e}`);
          if (e !== undefined && e.value.cmd === cmd) {
            ref.delete(e);
            reordered++;
            want = e.value;
          }
        }
        expect(got === undefined ? undefined : { ...got }).toEqual(want);
      }
      expect(t.earlySize).toBe(ref.size);
      if (rnd(9000) === 0) {
        t.endOfInput();
        while (ref.evictOldest('age'));
        expect(t.earlySize).toBe(0);
      }
    }
    t.endOfInput();
    while (ref.evictOldest('age'));
    const v = counters.values;
    expect(v['diameter.transactions.reordered'] ?? 0).toBe(reordered);
    expect(v['diameter.transactions.reorder-expired'] ?? 0).toBe(settled);
    // The run exercised joins, replacements and both kinds of settling (age, cap).
    expect(reordered).toBeGreaterThan(500);
    expect(why.age).toBeGreaterThan(500);
    expect(why.limit).toBeGreaterThan(500);
  });
});

describe('requests and held answers stamped far ahead (review 18-A F4)', () => {
  const T = 1_700_000_000;
  const MONTH = 30 * 86_400;

  it('one unanswered request 30 days ahead: the requests behind it still expire by age (it ages from the present)', () => {
    const counters = new Counters();
    const t = new DiameterTransactions(100, 300, counters);
    t.request(flow(1), 1, 1, 1, 316, 16777251, undefined, undefined, T + MONTH);
    t.request(flow(1), 2, 2, 2, 316, 16777251, undefined, undefined, T); // back: a time an hour behind the last pulls nothing back
    t.request(flow(1), 3, 3, 3, 316, 16777251, undefined, undefined, T + 1);
    expect(counters.values['diameter.transactions.stamp-ahead']).toBe(1);
    // Before: the far request stayed the oldest and never stale, so 2 and 3 never expired by age.
    t.request(flow(1), 4, 4, 4, 316, 16777251, undefined, undefined, T + 400);
    expect(counters.values['diameter.transactions.expired']).toBe(3);
    expect(t.size).toBe(1);
  });

  it('a request far in the past pulls nothing back', () => {
    const counters = new Counters();
    const t = new DiameterTransactions(100, 300, counters);
    t.request(flow(1), 1, 1, 1, 316, 16777251, '310410100000032', undefined, T);
    t.request(flow(1), 2, 2, 2, 316, 16777251, undefined, undefined, T - MONTH);
    expect(counters.values['diameter.transactions.stamp-ahead']).toBeUndefined();
    expect(t.answer(back(flow(1)), 1, 1, T + 200)?.imsi).toBe('310410100000032');
  });

  it('an answer held 30 days ahead: the answers held behind it still settle', () => {
    const counters = new Counters();
    const t = new DiameterTransactions(100, 300, counters, undefined, 5);
    const held = (tsSec: number): EarlyAnswer => ({ frame: 1, cmd: 316, app: 16777251, imsi: undefined, msisdn: undefined, tsSec });
    t.answer(flow(2), 7, 7, T + MONTH);
    t.holdAnswer(flow(2), 7, 7, held(T + MONTH));
    t.answer(flow(2), 8, 8, T);
    t.holdAnswer(flow(2), 8, 8, held(T));
    t.answer(flow(2), 9, 9, T + 100);
    expect(counters.values['diameter.transactions.reorder-expired']).toBe(1); // before: 0
    expect(t.earlySize).toBe(1);
  });
});
