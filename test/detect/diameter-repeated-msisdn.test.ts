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
import { RULES } from './fixture.js';

const PROFILE = join(REPO_ROOT, 'pcaps', 'diameter-location-tracking.profile.yaml');
const CN = 'epc.mnc000.mcc460.3gppnetwork.org';
const HOME = 'epc.mnc410.mcc310.3gppnetwork.org';
const VICTIM = '12025550123';
const FOREIGN = '8613912345678';

function tcp(bytes: Uint8Array): Uint8Array {
  const seg = E.tcpSegment({ srcPort: 40000, dstPort: 3868, seq: 1, payload: bytes, checksumIpv4: { src: '10.9.0.1', dst: '10.0.0.2' } });
  return E.ethernet(0x0800, E.ipv4({ src: '10.9.0.1', dst: '10.0.0.2', proto: 6, payload: seg }));
}

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
  s.push(E.writePcap([{ tsSec: 1_743_235_200, tsNsec: 0, data: tcp(msg) }], { linkType: 1 }));
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
    s.push(E.writePcap([{ tsSec: 1_743_235_200, tsNsec: 0, data: tcp(m) }], { linkType: 1 }));
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
