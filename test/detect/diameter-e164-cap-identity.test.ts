/**
 * Red-team round 18 L1 (rt17 J1 past its fix through the E.164 cap): a PLR from China naming a decoy first
 * (Subscription-Id END_USER_E164 or User-Identity{MSISDN}), then 63 GMLC-Number AVPs (64 E.164 numbers: the
 * per-message list is full), then its own `[ MSISDN ]` (TS 29.172 §7.3.1) naming the home victim: the MSISDN AVP
 * was read only under the cap, so no `diameter.identity-conflict` and no alert on the victim. An MSISDN AVP is now
 * read whatever the cap (diameter/fields.ts msisdnOf), as Subscription-Id and Public-Identity are.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeDiameterEvents } from '../../src/api/layers.js';
import { Scanner } from '../../src/api/scanner.js';
import { encodeTbcd } from '../../src/asn1/tbcd.js';
import type { DiameterAvp } from '../../src/diameter/avp.js';
import { E164_PER_MESSAGE } from '../../src/diameter/fields.js';
import { loadProfile } from '../../src/detect/profile.js';
import * as E from '../../src/encode/index.js';
import { OTHER_IDENTITIES } from '../../src/events/types.js';
import { REPO_ROOT } from '../support/corpus.js';
import { diameterTcpFrame } from '../support/diameter-tcp.js';
import { RULES } from './fixture.js';

const PROFILE = join(REPO_ROOT, 'pcaps', 'diameter-location-tracking.profile.yaml');
const CN = 'epc.mnc000.mcc460.3gppnetwork.org';
const HOME = 'epc.mnc410.mcc310.3gppnetwork.org';
const VICTIM = '12025550123';
const DECOY = '8613912345678';

/** `n` GMLC-Number AVPs (1474, TS 29.173 §6.4.7: E.164, listed only), distinct numbers. */
const gmlcNumbers = (n: number): DiameterAvp[] =>
  Array.from({ length: n }, (_, i) => E.avp(1474, encodeTbcd(`86139000${String(10_000 + i)}`), { vendor: 10415 }));
const subId = (m: string) => E.group(443, [E.avp(450, 0), E.avp(444, m)]);
const uid = (m: string) => E.group(700, [E.msisdnAvp(m)], { vendor: 10415 });

/** A PLR (SLg, app 16777255, cmd 8388620) from a Chinese GMLC: `ids` then the SLg-Location-Type. */
const plr = (ids: DiameterAvp[]) =>
  E.buildDiameter({
    cmd: 8388620,
    app: 16777255,
    request: true,
    proxyable: true,
    hbh: 33,
    e2e: 33,
    avps: [
      E.avp(263, `gmlc1.${CN};1;33`),
      E.avp(277, 1),
      E.avp(264, `gmlc1.${CN}`),
      E.avp(296, CN),
      E.avp(293, `hss1.${HOME}`),
      E.avp(283, HOME),
      ...ids,
      E.avp(2500, 0, { vendor: 10415 }),
    ],
  });

function scan(msg: Uint8Array): { victim: number; conflict: number; limit: number } {
  const alerts: string[] = [];
  const s = new Scanner({ profile: loadProfile(PROFILE), rules: RULES, onAlert: (a) => alerts.push(a.subscriber.msisdn ?? '') });
  s.push(E.writePcap([{ tsSec: 1_743_235_200, tsNsec: 0, data: diameterTcpFrame(msg) }], { linkType: 1 }));
  s.endSource();
  s.end();
  return {
    victim: alerts.filter((m) => m === VICTIM).length,
    conflict: s.decodeStats['anomaly.diameter.identity-conflict'] ?? 0,
    limit: s.decodeStats['anomaly.diameter.e164-limit'] ?? 0,
  };
}

describe('red-team round 18 L1: a subscriber MSISDN AVP past the E.164 cap is still judged', () => {
  it('control: 62 fillers (the cap not reached): identity-conflict, the victim judged', () => {
    expect(scan(plr([subId(DECOY), ...gmlcNumbers(62), E.msisdnAvp(VICTIM)]))).toEqual({ victim: 1, conflict: 1, limit: 0 });
  });

  it('Subscription-Id decoy, 63 fillers, then the PLR\u2019s MSISDN: identity-conflict, the victim judged', () => {
    expect(scan(plr([subId(DECOY), ...gmlcNumbers(63), E.msisdnAvp(VICTIM)]))).toEqual({ victim: 1, conflict: 1, limit: 1 });
  });

  it('User-Identity{MSISDN} decoy, 63 fillers, then the PLR\u2019s MSISDN: identity-conflict, the victim judged', () => {
    expect(scan(plr([uid(DECOY), ...gmlcNumbers(63), E.msisdnAvp(VICTIM)]))).toEqual({ victim: 1, conflict: 1, limit: 1 });
  });

  it('past the cap the judged number is named in args.msisdns (the anonymiser learns it); the lists stay bounded', () => {
    const [ev] = decodeDiameterEvents(plr([subId(DECOY), ...gmlcNumbers(63), E.msisdnAvp(VICTIM)]));
    expect(ev!.subscriber.msisdn).toBe(DECOY);
    expect(ev!.e164).toHaveLength(E164_PER_MESSAGE);
    expect(ev!.e164).not.toContain(VICTIM);
    expect(ev!.args?.msisdns).toContain(VICTIM);
  });

  it('20,000 distinct MSISDN AVPs past the cap: at most OTHER_IDENTITIES others judged and listed, one limit anomaly', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => E.msisdnAvp(`1202${String(i).padStart(7, '0')}`));
    const [ev] = decodeDiameterEvents(plr([subId(DECOY), ...gmlcNumbers(63), ...many]));
    expect(ev!.e164).toHaveLength(E164_PER_MESSAGE);
    expect(ev!.args?.msisdns).toEqual([DECOY, '12020000000', '12020000001', '12020000002', '12020000003'].slice(0, 1 + OTHER_IDENTITIES));
    expect(ev!.anomalies.filter((a) => a.code === 'diameter.e164-limit')).toHaveLength(1);
    expect(ev!.anomalies.filter((a) => a.code === 'diameter.identity-conflict')).toHaveLength(1);
  });
});
