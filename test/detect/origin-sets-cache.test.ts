/**
 * origin_not_in's answer is computed once per event for each distinct set list and shared by the
 * rules that list the same sets (detect/predicates.ts, MatchContext `originSets*`): what a second
 * rule sees must equal what it would compute itself, and nothing carries over to another event.
 */
import { describe, expect, it, vi } from 'vitest';
import { compileRule, type CompiledRule } from '../../src/detect/compiler.js';
import type { MatchContext } from '../../src/detect/context.js';
import { parseRule } from '../../src/detect/rule-loader.js';
import { mapInvoke } from '../support/events.js';
import { CN_GT, IMSI, MSISDN, NTT_GMSC, RULES, T0, detector, profile, registerInJapan, ruleIds } from './fixture.js';

const rule = (id: string): CompiledRule => compileRule(RULES.find((r) => r.id === id)!, profile());
const custom = (sets: string): CompiledRule =>
  compileRule(
    parseRule(`id: t\nrev: 1\ntitle: t\nlevel: low\nscope: {protocol: map}\ndetection:\n  o: {origin_not_in: ${sets}}\n  condition: o\n`, 't.yaml'),
    profile(),
  );

/** A detector whose context holds an SRI invoke from `gt` for the subscriber registered in Japan, caches cleared. */
function contextFor(gt: string, registered = true): MatchContext {
  const { det } = detector();
  if (registered) registerInJapan(det);
  det.event(mapInvoke({ op: 22, callingGt: gt, msisdn: MSISDN, ...(registered ? { imsi: IMSI } : {}), ts: T0 + 60 }));
  const ctx = (det as unknown as { ctx: MatchContext }).ctx;
  ctx.reset(ctx.rec);
  return ctx;
}

const run = (r: CompiledRule, ctx: MatchContext) => {
  ctx.beginRule();
  const hit = r.test(ctx);
  return { hit, low: ctx.lowConfidence, reasons: [...ctx.reasons] };
};

describe('origin_not_in shared per event by set list', () => {
  const lom = rule('location-origin-mismatch');
  const mot = rule('multi-origin-targeting');

  it('the second rule with the same list reuses the answer: the subscriber is read once', () => {
    const ctx = contextFor(CN_GT);
    const visited = vi.spyOn(ctx, 'visitedInfo');
    const home = vi.spyOn(ctx, 'subscriberHome');
    const a = run(lom, ctx);
    const b = run(mot, ctx);
    expect(a.hit).toBe(true);
    expect(b).toEqual(a);
    expect(a.reasons).toEqual([{ kind: 'origin', sets: ['visited', 'home', 'subscriber_home', 'partners'], visitedUnknown: false, unattributed: false }]);
    expect(visited).toHaveBeenCalledTimes(1);
    expect(home).toHaveBeenCalledTimes(1);
  });

  it('a reused answer without the visited network sets lowConfidence again', () => {
    const ctx = contextFor(CN_GT, false);
    const a = run(lom, ctx);
    const b = run(mot, ctx);
    expect(a).toEqual({
      hit: true,
      low: true,
      reasons: [{ kind: 'origin', sets: ['visited', 'home', 'subscriber_home', 'partners'], visitedUnknown: true, unattributed: false }],
    });
    expect(b).toEqual(a);
  });

  it('another list is not answered from the cache', () => {
    const ctx = contextFor(NTT_GMSC); // the visited network: not outside [visited, …], outside [home]
    const homeOnly = custom('[home]');
    expect(run(lom, ctx).hit).toBe(false);
    expect(run(homeOnly, ctx).hit).toBe(true);
    expect(run(mot, ctx).hit).toBe(false);
    expect(run(custom('[home, visited]'), ctx).hit).toBe(false);
    expect(run(homeOnly, ctx).hit).toBe(true);
  });

  it('a rule reuses its reason object only while the reason is the same, and it cannot be changed', () => {
    // detect/predicates.ts originNotIn keeps the reason it pushed last (measured: bench/results-notes.md, "flood11").
    const known = run(lom, contextFor(CN_GT)).reasons[0]!;
    const unknown = run(lom, contextFor(CN_GT, false)).reasons[0]!;
    const again = run(lom, contextFor(CN_GT)).reasons[0]!;
    expect(known).toMatchObject({ kind: 'origin', visitedUnknown: false });
    expect(unknown).toMatchObject({ kind: 'origin', visitedUnknown: true });
    expect(again).toEqual(known);
    expect(run(lom, contextFor(CN_GT)).reasons[0]).toBe(again);
    for (const r of [known, unknown, again]) {
      expect(Object.isFrozen(r)).toBe(true);
      expect(() => Object.assign(r, { visitedUnknown: !(r as { visitedUnknown: boolean }).visitedUnknown })).toThrow(TypeError);
    }
  });

  it('beginRule empties the reasons in place (the array is reused)', () => {
    const ctx = contextFor(CN_GT);
    const reasons = ctx.reasons;
    expect(run(lom, ctx).reasons).toHaveLength(1);
    ctx.beginRule();
    expect(ctx.reasons).toBe(reasons);
    expect(reasons).toHaveLength(0);
  });

  it('each event answers for itself (reset clears the answer)', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(mapInvoke({ op: 22, callingGt: NTT_GMSC, imsi: IMSI, msisdn: MSISDN, ts: T0 + 60 }));
    expect(ruleIds(alerts)).not.toContain('location-origin-mismatch');
    det.event(mapInvoke({ op: 22, callingGt: CN_GT, imsi: IMSI, msisdn: MSISDN, ts: T0 + 120 }));
    expect(ruleIds(alerts)).toContain('location-origin-mismatch');
    const n = alerts.length;
    det.event(mapInvoke({ op: 22, callingGt: NTT_GMSC, imsi: IMSI, msisdn: MSISDN, ts: T0 + 180 }));
    expect(alerts.length).toBe(n);
  });
});
