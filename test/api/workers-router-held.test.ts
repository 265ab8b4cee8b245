/**
 * `scan --workers`: a link the router holds on a Begin another thread decides (api/workers-shard.ts,
 * workers-kept-out.ts hold). An answer teaches its MSISDN ↔ IMSI link unless its Begin was kept out by
 * a rule, which only the Begin's thread knows; the router neither waits for it at the answer nor makes a
 * link it may not make. It asks (and so may wait) only when a message's shard depends on the outcome,
 * and every router decides at the same message, so all threads route alike.
 */
import { describe, expect, it } from 'vitest';
import { hashIdentity, type HeldLink, ShardRouter, type ShardKey, type Teaches } from '../../src/api/workers-shard.js';
import { imsiKeyOf, msisdnKeyOf, telKey } from '../../src/core/identity-key.js';

const shardOfImsi = (imsi: string): number => hashIdentity(imsiKeyOf(imsi)) % 2;
const shardOfNumber = (msisdn: string): number => hashIdentity(telKey(msisdnKeyOf(msisdn))) % 2;

/** A number, and two IMSIs: one on the number's own shard, one on the other. */
function pick(): { msisdn: string; same: string; other: string; third: string } {
  const msisdn = '12025550100';
  const own = shardOfNumber(msisdn);
  const imsis = Array.from({ length: 40 }, (_, i) => `3104100000${String(i).padStart(5, '0')}`);
  const same = imsis.find((i) => shardOfImsi(i) === own)!;
  const [other, third] = imsis.filter((i) => shardOfImsi(i) !== own);
  return { msisdn, same, other: other!, third: third! };
}

/** An outcome told later: `kept` decides it; `asked` counts the reads (each one a possible wait). */
class Outcome implements HeldLink {
  asked = 0;
  constructor(private readonly kept: boolean) {}
  linked(): boolean {
    this.asked++;
    return !this.kept;
  }
}

let frame = 0;
const msg = (imsi: string | undefined, msisdn: string | undefined): ShardKey => ({ imsi, msisdn, frame: ++frame });

/** Routes `m`, which teaches `teaches` (an Outcome: its link is held on it). */
const route = (r: ShardRouter, m: ShardKey, teaches: Teaches = true): number => r.shardOf(m, undefined, () => teaches);

describe('ShardRouter: links held on another thread’s outcome', () => {
  it('an MSISDN-only message whose shard is the same either way: routed without asking', () => {
    const { msisdn, same } = pick();
    for (const kept of [false, true]) {
      const r = new ShardRouter(2);
      const o = new Outcome(kept);
      route(r, msg(same, msisdn), o);
      expect(route(r, msg(undefined, msisdn))).toBe(shardOfNumber(msisdn));
      expect(o.asked).toBe(0);
    }
  });

  it('an MSISDN-only message whose shard depends on it: the outcome is asked once; kept out, the number’s own shard, else the IMSI’s', () => {
    const { msisdn, other } = pick();
    for (const kept of [false, true]) {
      const r = new ShardRouter(2);
      const o = new Outcome(kept);
      route(r, msg(other, msisdn), o);
      expect(o.asked).toBe(0);
      for (let i = 0; i < 3; i++) expect(route(r, msg(undefined, msisdn))).toBe(kept ? shardOfNumber(msisdn) : shardOfImsi(other));
      expect(o.asked).toBe(1);
    }
  });

  it('a number routed before: the same, decided once', () => {
    const { msisdn, other } = pick();
    for (const kept of [false, true]) {
      const r = new ShardRouter(2);
      expect(route(r, msg(undefined, msisdn))).toBe(shardOfNumber(msisdn));
      const o = new Outcome(kept);
      route(r, msg(other, msisdn), o);
      expect(route(r, msg(undefined, msisdn))).toBe(kept ? shardOfNumber(msisdn) : shardOfImsi(other));
      expect(o.asked).toBe(1);
      // Decided once: not asked again.
      route(r, msg(undefined, msisdn));
      expect(o.asked).toBe(1);
    }
  });

  it('a later answer that teaches the same link: made without asking', () => {
    const { msisdn, other } = pick();
    const r = new ShardRouter(2);
    route(r, msg(undefined, msisdn));
    const o = new Outcome(true);
    route(r, msg(other, msisdn), o);
    route(r, msg(other, msisdn), true);
    expect(route(r, msg(undefined, msisdn))).toBe(shardOfImsi(other));
    expect(o.asked).toBe(0);
  });

  it('a later answer that does not teach: changes nothing, the held link still decides', () => {
    const { msisdn, other, third } = pick();
    for (const kept of [false, true]) {
      const r = new ShardRouter(2);
      route(r, msg(undefined, msisdn));
      const o = new Outcome(kept);
      route(r, msg(other, msisdn), o);
      route(r, msg(third, msisdn), false);
      expect(o.asked).toBe(0);
      expect(route(r, msg(undefined, msisdn))).toBe(kept ? shardOfNumber(msisdn) : shardOfImsi(other));
    }
  });

  it('a later answer linking another IMSI: the held link is decided first, then the new one made', () => {
    const { msisdn, other, same } = pick();
    for (const kept of [false, true]) {
      const r = new ShardRouter(2);
      route(r, msg(undefined, msisdn));
      const o = new Outcome(kept);
      route(r, msg(other, msisdn), o);
      route(r, msg(same, msisdn), true);
      expect(o.asked).toBe(1);
      expect(route(r, msg(undefined, msisdn))).toBe(shardOfImsi(same));
    }
  });

  it('a thread told the outcome at the answer and one holding it route every message alike', () => {
    const { msisdn, other, same } = pick();
    for (const kept of [false, true]) {
      const told = new ShardRouter(2);
      const holding = new ShardRouter(2);
      const o = new Outcome(kept);
      const list: [ShardKey, Teaches, Teaches][] = [
        [msg(other, msisdn), !kept, o],
        [msg(same, undefined), true, true],
        [msg(other, msisdn), false, false],
        [msg(undefined, msisdn), true, true],
        [msg(same, msisdn), true, true],
        [msg(undefined, msisdn), true, true],
      ];
      expect(list.map(([m, t]) => route(told, m, t))).toEqual(list.map(([m, , t]) => route(holding, m, t)));
    }
  });
  it('review 18-A F6: answers naming the same number and IMSI on undecided outcomes hold at most 16; past it the link is decided, alike in every thread', () => {
    const { msisdn, other } = pick();
    for (const kept of [false, true]) {
      const r = new ShardRouter(2);
      const outcomes = Array.from({ length: 200 }, () => new Outcome(kept));
      for (const o of outcomes) route(r, msg(other, msisdn), o);
      const held = (r as unknown as { held: Map<unknown, { on: unknown[] }> }).held;
      for (const h of held.values()) expect(h.on.length).toBeLessThanOrEqual(16);
      // Decided at the 17th answer (each time its 16 filled): the first outcomes were asked, the last 8 are still held.
      expect(outcomes[0]!.asked).toBeGreaterThan(0);
      expect(outcomes.slice(-8).every((o) => o.asked === 0)).toBe(true);
      expect(route(r, msg(undefined, msisdn))).toBe(kept ? shardOfNumber(msisdn) : shardOfImsi(other));
    }
  });
});
