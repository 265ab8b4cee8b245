/**
 * Store-slot hints (detect/context.ts `resolvedSlot` → the correlator; detect/engine.ts
 * `alertSubscriberSlot` → the report collector): the subscriber store's slot number of the
 * message's subscriber indexes the correlator's and the collector's own subscriber rows, checked
 * against their own key. A store slot is handed out again after its record leaves (count cap,
 * TTL) and a message's correlation key need not be the key of the record the store found (an
 * IMSI the store does not know with an MSISDN it does), so the hints must never change a result.
 * Generated location traffic over a small pool of subscribers, with store caps of 2 and 3 (slots
 * re-used all the time) and a large one, is scanned twice, with the hints and with every hint −1:
 * alerts, state, counters and the collector's report must be identical.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/detect/alert.js';
import { MatchContext } from '../../src/detect/context.js';
import { Detector } from '../../src/detect/engine.js';
import type { SignallingEvent } from '../../src/events/types.js';
import { ReportCollector } from '../../src/report/collector.js';
import { mapInvoke, mapUl } from '../support/events.js';
import { CN_GT, GB_VLR, HOME_HLR, KDDI_VLR, NG_GT, NTT_GMSC, NTT_VLR, RU_GT, RULES, T0, profile } from './fixture.js';

const IMSIS = ['310410123456789', '310410123456780', '310410000000001', '440100000000001'];
const MSISDNS = ['12025550100', '12025550101', '12025550102', '8190120000'];
const NODES = [NTT_VLR, KDDI_VLR, GB_VLR, '8190120777'];
const SENDERS = [CN_GT, RU_GT, NG_GT, NTT_GMSC, GB_VLR, '8613010000777'];

type Kind = 'ul' | 'isd' | 'sri' | 'psi' | 'cancel';
const step = fc.record({
  kind: fc.constantFrom<Kind>('ul', 'ul', 'isd', 'isd', 'sri', 'sri', 'sri', 'sri', 'psi', 'psi', 'cancel'),
  imsi: fc.nat(IMSIS.length - 1),
  msisdn: fc.nat(MSISDNS.length - 1),
  node: fc.nat(NODES.length - 1),
  sender: fc.nat(SENDERS.length - 1),
  gap: fc.integer({ min: 0, max: 600 }),
});
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** The event of one step (MAP operation codes, TS 29.002 §17.5: UL 2, ISD 7, SRI 22, PSI 70, CancelLocation 3). */
function eventOf(s: Step, frame: number, ts: number): SignallingEvent {
  const imsi = IMSIS[s.imsi]!;
  const msisdn = MSISDNS[s.msisdn]!;
  const callingGt = SENDERS[s.sender]!;
  switch (s.kind) {
    case 'ul':
      return mapUl({ imsi, vlr: NODES[s.node]!, hlrGt: HOME_HLR, ts, frame });
    case 'isd':
      return mapInvoke({ op: 7, callingGt: HOME_HLR, calledGt: NODES[s.node]!, imsi, args: { msisdn }, ts, frame });
    case 'sri':
      return mapInvoke({ op: 22, callingGt, msisdn, ts, frame });
    case 'psi':
      return mapInvoke({ op: 70, callingGt, imsi, ts, frame });
    case 'cancel':
      return mapInvoke({ op: 3, callingGt: HOME_HLR, calledGt: NODES[s.node]!, imsi, ts, frame });
  }
}

/** Alerts, state, counters and the collector's report of one scan; `hints: false`: every hint −1. */
function scan(steps: Step[], subscribers: number, hints: boolean) {
  const alerts: Alert[] = [];
  const collector = new ReportCollector(10);
  let hinted = 0;
  const det: Detector = new Detector({
    rules: RULES,
    profile: profile(),
    limits: { subscribers, correlationEventsPerSubscriber: 4 },
    onAlert: (a) => {
      alerts.push(a);
      const h = det.alertSubscriberSlot;
      if (h >= 0) hinted++;
      collector.alert(a, h);
    },
  });
  const resolved = MatchContext.prototype.resolvedSlot;
  if (!hints) MatchContext.prototype.resolvedSlot = () => -1;
  try {
    let t = T0;
    steps.forEach((s, i) => {
      t += s.gap;
      det.event(eventOf(s, i + 1, t));
      expect(det.alertSubscriberSlot).toBe(-1); // a hint only while onAlert runs
    });
  } finally {
    MatchContext.prototype.resolvedSlot = resolved;
  }
  det.end();
  const report = collector.finish({ sources: [], profile: { name: 'x' }, decodeStats: {} });
  return { alerts: JSON.stringify(alerts), state: JSON.stringify(det.snapshotState()), stats: det.stats, report: JSON.stringify(report), hinted };
}

describe('store-slot hints', () => {
  it('change no alert, state, counter or report line, with the store and the correlator re-using their slots', () => {
    const seen = { hinted: 0, storeReused: 0, correlatorReused: 0, campaigns: 0, sequences: 0 };
    fc.assert(
      fc.property(fc.array(step, { minLength: 20, maxLength: 120 }), fc.constantFrom(2, 3, 10_000), (steps, subscribers) => {
        const a = scan(steps, subscribers, true);
        const b = scan(steps, subscribers, false);
        expect(b.hinted).toBe(0);
        expect({ alerts: a.alerts, state: a.state, stats: a.stats, report: a.report }).toEqual({
          alerts: b.alerts,
          state: b.state,
          stats: b.stats,
          report: b.report,
        });
        if (a.hinted > 0) seen.hinted++;
        if (a.hinted > 0 && a.stats.state.evictedLru > 0) seen.storeReused++;
        if (a.stats.correlation.evictedSubscribers + a.stats.correlation.expiredSubscribers > 0) seen.correlatorReused++;
        if ((a.stats.byRule['multi-origin-targeting'] ?? 0) > 0) seen.campaigns++;
        if ((a.stats.byRule['cat3-bypass-sequence'] ?? 0) > 0) seen.sequences++;
      }),
      // A fixed seed: the coverage counts below are then exact (this seed: hinted 112, store re-used 43,
      // correlator 79, campaigns 68, sequences 75); with a random one the store count fell to 30 once in CI.
      { numRuns: 120, seed: 20261206 },
    );
    // The runs did exercise what the hints shortcut: hinted alerts, slots re-used in both tables,
    // and both correlation rules firing.
    expect(seen.hinted).toBeGreaterThan(80);
    expect(seen.storeReused).toBeGreaterThan(30);
    expect(seen.correlatorReused).toBeGreaterThan(40);
    expect(seen.campaigns).toBeGreaterThan(30);
    expect(seen.sequences).toBeGreaterThan(40);
  });
});

describe('alertSubscriberSlot', () => {
  it('is −1 again after an onAlert that throws', () => {
    let slot = -2;
    const det: Detector = new Detector({
      rules: RULES,
      profile: profile(),
      onAlert: () => {
        slot = det.alertSubscriberSlot;
        throw new Error('consumer failed');
      },
    });
    const ul: Step = { kind: 'ul', imsi: 0, msisdn: 0, node: 0, sender: 0, gap: 0 };
    const psi: Step = { kind: 'psi', imsi: 0, msisdn: 0, node: 0, sender: 0, gap: 0 };
    det.event(eventOf(ul, 1, T0));
    expect(() => det.event(eventOf(psi, 2, T0 + 1))).toThrow('consumer failed');
    expect(slot).toBeGreaterThanOrEqual(0);
    expect(det.alertSubscriberSlot).toBe(-1);
  });
});
