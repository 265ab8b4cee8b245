/** Engine mechanics: candidate-only evaluation, custom rules, out-of-scope rules, end(). */
import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/engine.js';
import { parseRule } from '../../src/detect/rule-loader.js';
import { SigwatchError } from '../../src/core/errors.js';
import type { Alert } from '../../src/detect/alert.js';
import { createAttributor } from '../../src/attribution/attributor.js';
import type { Attributor, NetworkInfo } from '../../src/attribution/types.js';
import { diameterEvent, mapInvoke, mapUl } from '../support/events.js';
import { CN_GT, HOME_GMSC, IMSI, MSISDN, RULES, T0, detector, profile, registerInJapan, ruleIds } from './fixture.js';

describe('rule index', () => {
  it('evaluates only the rules scoped to the event (protocol, direction, opcode)', () => {
    const { det } = detector();
    // SRI invoke: location-origin-mismatch, multi-origin-targeting, watched-carrier, cat3-bypass-sequence.
    det.event(mapInvoke({ op: 22, callingGt: HOME_GMSC, msisdn: MSISDN, ts: T0 }));
    expect(det.stats.candidates).toBe(4);
    // SendAuthenticationInfo (56): auth-vector-harvesting only; an SRI result is not an invoke.
    det.event(mapInvoke({ op: 56, callingGt: CN_GT, ts: T0 }));
    expect(det.stats.candidates).toBe(5);
    det.event(mapInvoke({ op: 22, type: 'returnResultLast', callingGt: CN_GT, ts: T0 }));
    // ULA (answer): registration-refused only; an SLh RIR is in four (cat1-from-outside, multi-origin, watched-carrier, diameter-realm-not-plmn).
    det.event(diameterEvent({ app: 16777251, cmd: 316, request: false, originRealm: 'x', ts: T0 }));
    expect(det.stats.candidates).toBe(6);
    det.event(diameterEvent({ app: 16777291, cmd: 8388622, originRealm: 'epc.mnc410.mcc310.3gppnetwork.org', ts: T0 }));
    expect(det.stats.candidates).toBe(10);
    expect(det.stats.events).toBe(5);
  });

  it('auth-vector-harvesting covers the other operations that hand out vectors: phase 1 SendParameters (9), SendIdentification (55) (red-team R1)', () => {
    for (const op of [56, 9, 55]) {
      const { det, alerts } = detector();
      det.event(mapInvoke({ op, callingGt: CN_GT, imsi: IMSI, ts: T0 }));
      expect(ruleIds(alerts)).toEqual(['auth-vector-harvesting']);
    }
  });

  it('S6a Purge-UE is a purge; Sh Profile-Update (also PUR) is a category 1 write, not a purge; Sh SNR for location is a category 1 location request (red-team R2, R3; round 10 B3)', () => {
    const CN_REALM = 'epc.mnc000.mcc460.3gppnetwork.org';
    const cases: [number, number, Record<string, unknown> | undefined, string[]][] = [
      [16777251, 321, undefined, ['purge-ms-from-outside']],
      [16777217, 307, undefined, ['cat1-from-outside']],
      [16777217, 308, { dataReference: [14] }, ['cat1-from-outside']],
    ];
    for (const [app, cmd, args, want] of cases) {
      const { det, alerts } = detector();
      det.event(diameterEvent({ app, cmd, originRealm: CN_REALM, userName: IMSI, msisdn: MSISDN, ts: T0, ...(args === undefined ? {} : { args }) }));
      expect(
        ruleIds(alerts).filter((r) => r !== 'diameter-realm-not-plmn' && r !== 'watched-carrier' && r !== 'multi-origin-targeting'),
        `${app}/${cmd}`,
      ).toEqual(want);
    }
    // The home network's own application server updating the profile: routine.
    const { det, alerts } = detector();
    det.event(diameterEvent({ app: 16777217, cmd: 307, originRealm: 'epc.mnc410.mcc310.3gppnetwork.org', userName: IMSI, msisdn: MSISDN, ts: T0 }));
    expect(alerts).toEqual([]);
  });

  it('does not bucket a Diameter command under another application', () => {
    const { det } = detector();
    det.event(diameterEvent({ app: 4, cmd: 316, originRealm: 'x', ts: T0 })); // cmd 316 of a non-S6a app
    expect(det.stats.candidates).toBe(0);
  });
});

describe('custom rules', () => {
  it('run through the same index and alert contract, with their own explanation', () => {
    const alerts: Alert[] = [];
    let calls = 0;
    const det = new Detector({
      rules: RULES,
      profile: profile(),
      onAlert: (a) => alerts.push(a),
      customRules: [
        {
          id: 'sri-at-night',
          rev: 1,
          title: 'SRI at night',
          level: 'low',
          tags: ['custom'],
          scope: { protocol: 'map', operations: ['sendRoutingInfo'] },
          match: (ev) => {
            calls++;
            return ev.tsSec === T0 + 1 ? { explanation: 'night-time SRI' } : false;
          },
        },
      ],
    });
    registerInJapan(det);
    expect(calls).toBe(0); // UL/ISD are not in its scope
    det.event(mapInvoke({ op: 22, callingGt: HOME_GMSC, msisdn: MSISDN, ts: T0 + 1 }));
    expect(calls).toBe(1);
    expect(alerts).toMatchObject([{ rule: 'sri-at-night', level: 'low', explanation: 'night-time SRI', subscriber: { msisdn: MSISDN } }]);
  });

  it('reject an invalid scope with the path', () => {
    const bad = () =>
      new Detector({
        rules: [],
        onAlert: () => undefined,
        customRules: [{ id: 'x', rev: 1, title: 'x', level: 'low', scope: { protocol: 'map', operations: ['noSuchOp'] }, match: () => true }],
      });
    expect(bad).toThrow(SigwatchError);
    expect(bad).toThrow(/scope\.operations\.0: unknown MAP operation "noSuchOp"/);
  });

  it.each([
    ['level outside LEVELS (reached the HTML raw)', { level: '<img src=x onerror=alert(1)>' }, 'level', /level: Invalid option: expected one of "info"\|"low"/],
    ['id not kebab-case', { id: 'Bad Id' }, 'id', /id: rule id must be kebab-case/],
    ['rev not a positive integer', { rev: 0 }, 'rev', /rev: /],
    ['empty title', { title: '' }, 'title', /title: /],
    ['tags not strings', { tags: ['ok', 7] }, 'tags.1', /tags\.1: /],
    ['match not a function', { match: 'yes' }, 'match', /match: expected a function/],
    ['unknown key', { levl: 'low' }, 'levl', /unknown key "levl"/],
  ])('reject a custom rule with %s: ERR_BAD_RULE naming the path', (_what, patch, path, message) => {
    const rule = { id: 'x', rev: 1, title: 'x', level: 'low', scope: { protocol: 'map' }, match: () => true, ...patch };
    let err: unknown;
    try {
      new Detector({ rules: [], onAlert: () => undefined, customRules: [rule as never] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SigwatchError);
    expect(err).toMatchObject({ code: 'ERR_BAD_RULE', path });
    expect((err as Error).message).toMatch(message);
  });
});

describe('detector lifecycle', () => {
  it('refuses events after end()', () => {
    const { det } = detector();
    det.end();
    expect(() => det.event(mapInvoke({ op: 22, ts: T0 }))).toThrow(/after end/);
  });

  it('rejects duplicate rule ids', () => {
    const r = parseRule('id: a\nrev: 1\ntitle: t\nlevel: low\nscope: {protocol: map}\ndetection:\n  s: {component.opcode: 22}\n  condition: s\n');
    expect(() => new Detector({ rules: [r, r], onAlert: () => undefined })).toThrow(/duplicate rule id "a"/);
  });
});

describe('state limits raise anomalies', () => {
  it('reports evictions of the auth-vector-harvesting state (registration index full), from event() and observe()', () => {
    const anomalies: import('../../src/core/anomaly.js').Anomaly[] = [];
    const det = new Detector({ rules: RULES, profile: profile(), limits: { subscribers: 2 }, onAlert: () => {}, onAnomaly: (a) => anomalies.push(a) });
    for (let i = 0; i < 2; i++) det.event(mapUl({ imsi: `31041010000000${i}`, vlr: '819012000011', ts: T0 + i, frame: i + 1 }));
    det.event(mapUl({ imsi: '310410100000009', vlr: '819012000011', ts: T0 + 5, frame: 7 }));
    const harvest = () => anomalies.filter((a) => a.code === 'detect.harvest-evicted').map((a) => [a.layer, a.frame, a.detail]);
    expect(harvest()).toEqual([['detect', 7, 'auth-vector-harvesting state full (limits.subscribers = 2): 1 registration(s) evicted']]);
    expect(det.stats.harvest.registrationsEvicted).toBe(1);
    // A worker thread's detector observes the other threads' events: their evictions are reported too.
    det.observe(mapUl({ imsi: '310410100000008', vlr: '819012000011', ts: T0 + 6, frame: 8 }));
    expect(harvest()).toHaveLength(2);
    expect(harvest()[1]![1]).toBe(8);
  });

  it('reports an LRU eviction of the subscriber table once per eviction, with the frame', () => {
    const anomalies: import('../../src/core/anomaly.js').Anomaly[] = [];
    const det = new Detector({ rules: RULES, profile: profile(), limits: { subscribers: 2 }, onAlert: () => {}, onAnomaly: (a) => anomalies.push(a) });
    for (let i = 0; i < 2; i++) det.event(mapUl({ imsi: `31041010000000${i}`, vlr: '819012000011', ts: T0 + i, frame: i + 1 }));
    expect(anomalies).toEqual([]);
    det.event(mapUl({ imsi: '310410100000009', vlr: '819012000011', ts: T0 + 5, frame: 7 }));
    // (The registration index of auth-vector-harvesting is bounded by limits.subscribers too.)
    // The evicted subscriber was located (its UL trusted at once: no registration answer on the capture): said apart (rt19 M5).
    expect(anomalies.map((a) => [a.code, a.layer, a.frame])).toEqual([
      ['detect.harvest-evicted', 'detect', 7],
      ['state.subscriber-evicted', 'state', 7],
      ['state.located-subscriber-evicted', 'state', 7],
    ]);
    expect(anomalies[1]!.detail).toContain('limits.subscribers = 2');
    expect(det.stats.state.evictedLru).toBe(1);
  });
});

/** `base` with its `gt` lookup replaced, as a caller's own attributor could wrap it. */
function withGt(base: Attributor, gt: (d: string) => NetworkInfo): Attributor {
  return new Proxy(base, {
    get(t, k) {
      if (k === 'gt') return gt;
      const v = (t as unknown as Record<string | symbol, unknown>)[k];
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
}

/**
 * The explanations of two SRIs from China for a subscriber registered in Japan, with `between` run
 * between them (the network renamed).
 */
function explanationsAround(attributor: Attributor, between: () => void): string[] {
  const alerts: Alert[] = [];
  const det = new Detector({ rules: RULES, profile: profile(), attributor, onAlert: (a) => alerts.push(a) });
  registerInJapan(det);
  det.event(mapInvoke({ op: 22, callingGt: CN_GT, msisdn: MSISDN, ts: T0 + 10 }));
  between();
  det.event(mapInvoke({ op: 22, callingGt: CN_GT, msisdn: MSISDN, ts: T0 + 20 }));
  return alerts.filter((a) => a.rule === 'location-origin-mismatch').map((a) => a.explanation);
}

describe('explanations and the networks they name', () => {
  it('a network the attributor hands out unfrozen is described as it is at each alert (place texts are kept only for frozen ones)', () => {
    const base = createAttributor({ networks: [...profile().networks] });
    // The same unfrozen object for the same GT, as a caller's caching attributor could return it.
    const kept = new Map<string, NetworkInfo>();
    const gt = (d: string): NetworkInfo => {
      let i = kept.get(d);
      if (i === undefined) kept.set(d, (i = { ...base.gt(d) }));
      return i;
    };
    const texts = explanationsAround(withGt(base, gt), () => {
      kept.get(CN_GT)!.network = 'Renamed Net';
    });
    expect(texts[0]).toContain('from CN (GT');
    expect(texts[1]).toContain('from CN Renamed Net (GT');
  });

  it('a frozen network whose name is a getter is described as it is at each alert (red-team review)', () => {
    const base = createAttributor({ networks: [...profile().networks] });
    let label = 'Net v1';
    const kept = new Map<string, NetworkInfo>();
    const gt = (d: string): NetworkInfo => {
      let i = kept.get(d);
      if (i === undefined) {
        i = Object.freeze(Object.defineProperty({ ...base.gt(d) }, 'network', { get: () => label, enumerable: true }));
        kept.set(d, i);
      }
      return i;
    };
    const texts = explanationsAround(withGt(base, gt), () => {
      label = 'Net v2'; // e.g. the caller's registry was reloaded
    });
    expect(texts[0]).toContain('from CN Net v1 (GT');
    expect(texts[1]).toContain('from CN Net v2 (GT');
  });
});
