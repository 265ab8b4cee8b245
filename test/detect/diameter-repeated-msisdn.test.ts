/**
 * Red-team round 16 I3a (rt15 H7's Diameter half past its fix): a PLR (SLg, TS 29.172 §7.3.1: `[ MSISDN ]`
 * at most once) from China with two MSISDN AVPs, a Chinese number first and the home victim's second,
 * raised nothing (the first MSISDN was the subscriber, the second was silent): a stack keeping the
 * last AVP of a code locates the victim. A repeated top-level MSISDN / User-Identity is now
 * `diameter.avp-repeated` and the other number is judged too (detect/engine.ts judgeRepeated), never learned.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Scanner } from '../../src/api/scanner.js';
import type { DiameterAvp } from '../../src/diameter/avp.js';
import { loadProfile } from '../../src/detect/profile.js';
import * as E from '../../src/encode/index.js';
import { REPO_ROOT } from '../support/corpus.js';
import { diameterTcpFrame } from '../support/diameter-tcp.js';
import { RULES } from './fixture.js';

const PROFILE = join(REPO_ROOT, 'pcaps', 'diameter-location-tracking.profile.yaml');
const CN = 'epc.mnc000.mcc460.3gppnetwork.org';
const HOME = 'epc.mnc410.mcc310.3gppnetwork.org';
const VICTIM = '12025550123';
const FOREIGN = '8613912345678';

const header = (host: string): DiameterAvp[] => [
  E.avp(263, `${host};1;33`),
  E.avp(277, 1),
  E.avp(264, host),
  E.avp(296, CN),
  E.avp(293, `mme1.${HOME}`),
  E.avp(283, HOME),
];

/** A PLR (SLg, app 16777255, cmd 8388620) from a Chinese GMLC naming the subscriber by `msisdns`. */
const plr = (msisdns: string[]) =>
  E.buildDiameter({
    cmd: 8388620,
    app: 16777255,
    request: true,
    proxyable: true,
    hbh: 33,
    e2e: 33,
    avps: [...header(`gmlc1.${CN}`), ...msisdns.map((m) => E.msisdnAvp(m)), E.avp(2500, 0, { vendor: 10415 })],
  });

/** An Sh UDR (app 16777217, cmd 306) from a Chinese AS with one User-Identity group per number. */
const udr = (msisdns: string[]) =>
  E.buildDiameter({
    cmd: 306,
    app: 16777217,
    request: true,
    proxyable: true,
    hbh: 34,
    e2e: 34,
    avps: [...header(`as1.${CN}`), ...msisdns.map((m) => E.group(700, [E.msisdnAvp(m)], { vendor: 10415 })), E.avp(703, 14, { vendor: 10415 })],
  });

function run(msg: Uint8Array): { alerts: string[]; repeated: number } {
  const alerts: string[] = [];
  const s = new Scanner({ profile: loadProfile(PROFILE), rules: RULES, onAlert: (a) => alerts.push(`${a.rule}:${a.level}:${a.subscriber.msisdn}`) });
  s.push(E.writePcap([{ tsSec: 1_743_235_200, tsNsec: 0, data: diameterTcpFrame(msg) }], { linkType: 1 }));
  s.endSource();
  s.end();
  return { alerts, repeated: s.decodeStats['anomaly.diameter.avp-repeated'] ?? 0 };
}

describe('red-team round 16 I3a: a repeated subscriber identity AVP is reported and both numbers judged', () => {
  it('control: the PLR naming the victim alone alerts on the victim, no anomaly', () => {
    const out = run(plr([VICTIM]));
    expect(out.alerts.some((a) => a.endsWith(`:${VICTIM}`))).toBe(true);
    expect(out.repeated).toBe(0);
  });

  it('the PLR with a Chinese MSISDN ahead of the victim\u2019s: diameter.avp-repeated, and the victim\u2019s number is judged', () => {
    const alone = run(plr([VICTIM])).alerts;
    const out = run(plr([FOREIGN, VICTIM]));
    expect(out.repeated).toBe(1);
    expect(out.alerts.filter((a) => a.endsWith(`:${VICTIM}`))).toEqual(alone);
  });

  it('the same MSISDN twice is reported, judged once', () => {
    const out = run(plr([VICTIM, VICTIM]));
    expect(out.repeated).toBe(1);
    expect(out.alerts).toEqual(run(plr([VICTIM])).alerts);
  });

  it('an Sh UDR with two User-Identity groups (a Chinese number first): reported, and the rule that fired on the first fires on the victim too', () => {
    expect(run(udr([VICTIM])).repeated).toBe(0);
    const out = run(udr([FOREIGN, VICTIM]));
    expect(out.repeated).toBe(1);
    // judgeRepeated runs every stateless rule again on the second number, whether it fired on the first or not (review 16-A #3).
    expect(out.alerts).toEqual([`cat1-from-outside:high:${FOREIGN}`, `cat1-from-outside:high:${VICTIM}`]);
  });
});

/**
 * Red-team round 17 J1/J2: the decoy in another place that names the subscriber (Subscription-Id END_USER_E164,
 * User-Identity's MSISDN or Public-Identity tel: number, a top-level MSISDN before a User-Identity), the victim
 * after it: one rule (diameter/fields.ts identityConflict) reports `diameter.identity-conflict` and judges both.
 */
describe('red-team round 17 J1/J2: two subscriber numbers from any identity places are reported and both judged', () => {
  const subId = (m: string) => E.group(443, [E.avp(450, 0), E.avp(444, m)]);
  const uid = (children: DiameterAvp[]) => E.group(700, children, { vendor: 10415 });
  const pub = (m: string) => E.avp(601, `tel:+${m}`, { vendor: 10415 });
  const msg = (cmd: number, app: number, host: string, ids: DiameterAvp[], tail: DiameterAvp) =>
    E.buildDiameter({ cmd, app, request: true, proxyable: true, hbh: 35, e2e: 35, avps: [...header(`${host}.${CN}`), ...ids, tail] });
  const plrWith = (ids: DiameterAvp[]) => msg(8388620, 16777255, 'gmlc1', ids, E.avp(2500, 0, { vendor: 10415 }));
  const udrWith = (ids: DiameterAvp[]) => msg(306, 16777217, 'as1', ids, E.avp(703, 14, { vendor: 10415 }));
  const conflicts = (m: Uint8Array) => {
    const alerts: string[] = [];
    const s = new Scanner({ profile: loadProfile(PROFILE), rules: RULES, onAlert: (a) => alerts.push(`${a.rule}:${a.level}:${a.subscriber.msisdn}`) });
    s.push(E.writePcap([{ tsSec: 1_743_235_200, tsNsec: 0, data: diameterTcpFrame(m) }], { linkType: 1 }));
    s.endSource();
    s.end();
    return { victim: alerts.filter((a) => a.endsWith(`:${VICTIM}`)).length, conflict: s.decodeStats['anomaly.diameter.identity-conflict'] ?? 0 };
  };

  for (const [name, ids] of [
    ['PLR: Subscription-Id E.164 decoy, then MSISDN victim', plrWith([subId(FOREIGN), E.msisdnAvp(VICTIM)])],
    ['PLR: User-Identity{MSISDN decoy}, then MSISDN victim', plrWith([uid([E.msisdnAvp(FOREIGN)]), E.msisdnAvp(VICTIM)])],
    ['PLR: User-Identity{Public-Identity tel:+decoy}, then MSISDN victim', plrWith([uid([pub(FOREIGN)]), E.msisdnAvp(VICTIM)])],
    ['UDR: User-Identity{MSISDN decoy, MSISDN victim}', udrWith([uid([E.msisdnAvp(FOREIGN), E.msisdnAvp(VICTIM)])])],
    ['UDR: User-Identity{Public-Identity tel:+decoy, MSISDN victim}', udrWith([uid([pub(FOREIGN), E.msisdnAvp(VICTIM)])])],
    ['UDR: MSISDN decoy, then User-Identity{MSISDN victim}', udrWith([E.msisdnAvp(FOREIGN), uid([E.msisdnAvp(VICTIM)])])],
  ] as const) {
    it(`${name}: identity-conflict, the victim judged`, () => {
      expect(conflicts(ids)).toEqual({ victim: 1, conflict: 1 });
    });
  }

  it('one number in two places (MSISDN and Public-Identity tel: of the same digits) is no conflict', () => {
    expect(conflicts(udrWith([uid([pub(VICTIM), E.msisdnAvp(VICTIM)])]))).toEqual({ victim: 1, conflict: 0 });
  });
});

/**
 * Review 17-A #3: `diameter.identity-conflict` judged at most OTHER_IDENTITIES (4) other numbers, so five decoys ahead of
 * the PLR's own `[ MSISDN ]` (TS 29.172 §7.3.1) left the victim judged by nothing. The command's own identity AVP and the
 * last number are judged whatever the cap, and the anomaly says how many were not. Two IMSIs in one message (User-Name
 * and Subscription-Id END_USER_IMSI, or a second User-Name) are the same conflict: both judged.
 */
describe('review 17-A #3: past the cap, the own identity AVP and the last number are judged; two IMSIs conflict too', () => {
  const VICTIM_IMSI = '310410100000123';
  const CN_IMSI = '460001234567890';
  const decoys = (n: number) => Array.from({ length: n }, (_, i) => `86139123456${String(70 + i)}`);
  const subE164 = (m: string) => E.group(443, [E.avp(450, 0), E.avp(444, m)]);
  const subImsi = (i: string) => E.group(443, [E.avp(450, 1), E.avp(444, i)]);
  const uid = (m: string) => E.group(700, [E.msisdnAvp(m)], { vendor: 10415 });
  const build = (cmd: number, app: number, host: string, ids: DiameterAvp[], tail: DiameterAvp) =>
    E.buildDiameter({ cmd, app, request: true, proxyable: true, hbh: 36, e2e: 36, avps: [...header(`${host}.${CN}`), ...ids, tail] });
  const plrWith = (ids: DiameterAvp[]) => build(8388620, 16777255, 'gmlc1', ids, E.avp(2500, 0, { vendor: 10415 }));
  const udrWith = (ids: DiameterAvp[]) => build(306, 16777217, 'as1', ids, E.avp(703, 14, { vendor: 10415 }));
  const judge = (m: Uint8Array) => {
    const alerts: string[] = [];
    const details: string[] = [];
    const s = new Scanner({
      profile: loadProfile(PROFILE),
      rules: RULES,
      onAlert: (a) => alerts.push(`${a.rule}:${a.subscriber.imsi ?? ''}:${a.subscriber.msisdn ?? ''}`),
      onAnomaly: (a) => {
        if (a.code === 'diameter.identity-conflict') details.push(a.detail);
      },
    });
    s.push(E.writePcap([{ tsSec: 1_743_235_200, tsNsec: 0, data: diameterTcpFrame(m) }], { linkType: 1 }));
    s.endSource();
    s.end();
    return { alerts, details };
  };
  const on = (alerts: string[], id: string) => alerts.filter((a) => a.includes(`:${id}`)).length;

  it('control: four decoys, then the PLR\u2019s MSISDN: the victim judged, nothing said of numbers left out', () => {
    const out = judge(plrWith([...decoys(4).map(subE164), E.msisdnAvp(VICTIM)]));
    expect(on(out.alerts, VICTIM)).toBe(1);
    expect(out.details).toHaveLength(1);
    expect(out.details[0]).not.toContain('not judged');
  });

  it('six decoys in Subscription-Id, then the PLR\u2019s own MSISDN AVP: the victim judged, the anomaly counts those left out', () => {
    const out = judge(plrWith([...decoys(6).map(subE164), E.msisdnAvp(VICTIM)]));
    expect(on(out.alerts, VICTIM)).toBe(1);
    expect(out.details).toHaveLength(1);
    // Of the six decoys after the first (the message's own): four judged, the last number is the victim.
    expect(out.details[0]).toContain('1 more not judged');
  });

  it('the PLR\u2019s own MSISDN AVP first, then six decoy numbers: the victim (the message\u2019s own) and the last decoy judged', () => {
    const ds = Array.from({ length: 7 }, (_, i) => `120255509${String(10 + i)}`); // home numbers: each alerts when judged
    const out = judge(plrWith([E.msisdnAvp(VICTIM), ...ds.map(subE164)]));
    expect(on(out.alerts, VICTIM)).toBe(1);
    expect(on(out.alerts, ds[6]!)).toBe(1);
    expect(out.details[0]).toContain('2 more not judged');
  });

  it('seventy MSISDN AVPs (past the 64 E.164 numbers a message lists), the victim\u2019s last: decoded at the end and judged', () => {
    const many = Array.from({ length: 69 }, (_, i) => `8613912${String(3000 + i)}`);
    const out = judge(plrWith([...many.map((d) => E.msisdnAvp(d)), E.msisdnAvp(VICTIM)]));
    expect(on(out.alerts, VICTIM)).toBe(1);
  });

  it('UDR: six decoy MSISDN AVPs at the top, then the User-Identity naming the victim: the victim judged', () => {
    const out = judge(udrWith([...decoys(6).map((d) => E.msisdnAvp(d)), uid(VICTIM)]));
    expect(on(out.alerts, VICTIM)).toBe(1);
  });

  it('a PLR whose User-Name is a Chinese IMSI and whose Subscription-Id names the victim\u2019s IMSI: a conflict, the victim\u2019s IMSI judged', () => {
    const alone = judge(plrWith([E.avp(1, VICTIM_IMSI)]));
    expect(on(alone.alerts, VICTIM_IMSI)).toBeGreaterThan(0);
    const out = judge(plrWith([E.avp(1, CN_IMSI), subImsi(VICTIM_IMSI)]));
    expect(out.details).toEqual([`two subscriber IMSIs in one message (${CN_IMSI}, then ${VICTIM_IMSI}): each is judged`]);
    expect(on(out.alerts, VICTIM_IMSI)).toBe(on(alone.alerts, VICTIM_IMSI));
  });

  it('two User-Names, a Chinese IMSI first: the victim\u2019s IMSI judged; the same IMSI in both places is no conflict', () => {
    const out = judge(plrWith([E.avp(1, CN_IMSI), E.avp(1, VICTIM_IMSI)]));
    expect(on(out.alerts, VICTIM_IMSI)).toBeGreaterThan(0);
    expect(out.details).toHaveLength(1);
    expect(judge(plrWith([E.avp(1, VICTIM_IMSI), subImsi(VICTIM_IMSI)])).details).toEqual([]);
  });
});
