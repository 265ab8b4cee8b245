/**
 * A number ported out of the home's range (TS 23.066 §3.1: the number range holder network only
 * routes to it; the subscription network, whose IMSI the subscriber holds, serves it) belongs to
 * the recipient network's subscriber: its own HLR's CancelLocation is no Category 2 message from
 * outside its home (review 11-B #4). Numbers port only inside a portability domain (a country),
 * so a foreign-country IMSI paired with a home MSISDN keeps the profile home (red-team round 11 R2).
 */
import { describe, expect, it } from 'vitest';
import { createAttributor } from '../../src/attribution/attributor.js';
import { Networks, profileEntries } from '../../src/detect/networks.js';
import { mapInvoke, mapResult, mapUl } from '../support/events.js';
import { CN_GT, detector, profile, ruleIds, T0 } from './fixture.js';

const OTHER_US = { name: 'Other US Carrier', country: 'US', plmn: '310260', role: 'mno', gt_prefixes: ['1206555'] };
const HOME_VLR = '12025550200';
const THLR = '12065551000';
const PORTED_IMSI = '310260000000001';
const PORTED_MSISDN = '12025550999';

function ported() {
  const base = profile();
  return profile({ networks: [...base.networks.map((n) => ({ name: n.name, country: n.country, plmn: n.plmn, gt_prefixes: n.gtPrefixes })), OTHER_US] });
}

/** The ported-out subscriber registers at a home VLR with its own HLR, which sends its MSISDN in the UL dialogue; then a CancelLocation from `clFrom`. */
function cancelAfterRegistration(clFrom: string): string[] {
  const { det, alerts } = detector(ported());
  const begin = { type: 'begin', otid: 'b0000001' } as const;
  det.event({ ...mapUl({ imsi: PORTED_IMSI, vlr: HOME_VLR, hlrGt: THLR, ts: T0 }), tcap: begin });
  det.event(
    mapInvoke({
      op: 7,
      callingGt: THLR,
      calledGt: HOME_VLR,
      args: { msisdn: PORTED_MSISDN },
      ts: T0,
      tcap: { type: 'continue', otid: 'c0000001', dtid: 'b0000001' },
    }),
  );
  det.event(mapResult({ op: 2, callingGt: THLR, calledGt: HOME_VLR, args: { hlrNumber: THLR }, ts: T0, tcap: { type: 'end', dtid: 'b0000001' } }));
  det.event(mapInvoke({ op: 3, callingGt: clFrom, calledGt: HOME_VLR, imsi: PORTED_IMSI, ts: T0 + 60, tcap: { type: 'begin', otid: 'c0000002' } }));
  return ruleIds(alerts);
}

describe('ported-out numbers (review 11-B #4)', () => {
  it("the ported-out subscriber's own HLR cancelling its registration raises nothing", () => {
    expect(cancelAfterRegistration(THLR)).not.toContain('cat2-not-home');
  });

  it('the same CancelLocation from China still alerts', () => {
    expect(cancelAfterRegistration(CN_GT)).toContain('cat2-not-home');
  });

  it('homeOf: a same-country IMSI with a home MSISDN is the recipient network; a foreign-country one stays home (R2)', () => {
    const p = ported();
    const n = new Networks(p, createAttributor({ networks: profileEntries(p, createAttributor()) }), true);
    expect(n.homeOf(PORTED_IMSI, PORTED_MSISDN)?.plmn).toBe('310260');
    expect(n.homeOf('440100000000001', PORTED_MSISDN)?.network).toBe('Example Mobile');
    expect(n.homeOf(undefined, PORTED_MSISDN)?.network).toBe('Example Mobile');
  });
});
