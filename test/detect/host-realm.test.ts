/**
 * Origin-Host and Origin-Realm checked against each other (red-team round 6, finding 16;
 * detect/context.ts hostOrigin): RFC 6733 §6.3 makes Origin-Host the originator's FQDN and §6.4
 * Origin-Realm its realm, so a host outside its realm is noted in the alert, and when the realm
 * is home or a partner while the host is not, the origin is the host's.
 */
import { describe, expect, it } from 'vitest';
import { diameterEvent } from '../support/events.js';
import { IMSI, T0, detector, ruleIds } from './fixture.js';

const SLG = 16777255;
const PLR = 8388620;
const HOME = 'epc.mnc410.mcc310.3gppnetwork.org';
const CN = 'epc.mnc000.mcc460.3gppnetwork.org';
const plr = (originHost: string, originRealm: string) => diameterEvent({ app: SLG, cmd: PLR, originHost, originRealm, userName: IMSI, ts: T0 });

describe('Origin-Host outside its Origin-Realm', () => {
  it('a Chinese GMLC writing the home realm: attributed by the host, and said so', () => {
    const { det, alerts } = detector();
    det.event(plr(`gmlc.${CN}`, HOME));
    expect(ruleIds(alerts)).toEqual(['location-origin-mismatch']);
    expect(alerts[0]!.origin).toMatchObject({ host: `gmlc.${CN}`, realm: HOME, country: 'CN' });
    expect(alerts[0]!.explanation).toContain(`host gmlc.${CN}, outside its Origin-Realm ${HOME}`);
  });

  it('a foreign realm with a home host: attributed by the realm (outside) as before, the mismatch noted', () => {
    const { det, alerts } = detector();
    det.event(plr(`gmlc.${HOME}`, CN));
    expect(ruleIds(alerts)).toEqual(['location-origin-mismatch']);
    expect(alerts[0]!.origin.country).toBe('CN');
    expect(alerts[0]!.explanation).toContain(`its Origin-Host gmlc.${HOME} is outside that realm`);
  });

  it("an operator's own host name outside the 3GPP realm (not attributable) under the home realm: the realm decides", () => {
    const { det, alerts } = detector();
    det.event(plr('hss1.operator.example', HOME));
    expect(alerts).toEqual([]);
  });

  it('a host in its realm (any case, a trailing dot), or without a domain, changes nothing', () => {
    const { det, alerts } = detector();
    det.event(plr(`GMLC.${HOME.toUpperCase()}.`, HOME));
    det.event(plr('gmlc', HOME));
    det.event(plr(HOME, HOME));
    expect(alerts).toEqual([]);
  });
});
