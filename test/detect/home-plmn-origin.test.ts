/**
 * Red-team rt20 N2, N1, N1b: a calling GT matched to a network only at the level of its country is not that
 * network. N2: an inbound roamer's own home network (`subscriber_home`, a PLMN from its IMSI) is not every GT
 * of its country (detect/networks.ts subscriberHomeMissed). N1/N1b: a GT placed by its PLMN (E.212, numbering
 * plan 6) is not a visited network or partner known only by its country (networks.ts plmnAgainstCountry).
 * Either way: another network of that country, one level lower, the assumption stated.
 */
import { describe, expect, it } from 'vitest';
import { mapInvoke, mapResult, mapUl } from '../support/events.js';
import { HOME_HLR, IMSI, ISD_IN_UL, MSISDN, T0, detector, profile } from './fixture.js';

const PSL = 83;
const PSI = 70;
const ISD = 7;
const CL = 3;
const SRI = 22;
const levels = (alerts: readonly { rule: string; level: string }[]) => alerts.map((a) => [a.rule, a.level]);

// N2: a Docomo (44010) subscriber roaming at a home VLR; its HLR in Docomo's number block.
const HOME_VLR = '12025550777';
const DOCOMO_HLR = '819012000009';
const ROAMER_IMSI = '440100000066001';
const ROAMER_MSISDN = '819011112222';
const TOKYO = '81355500000'; // +81 3: Japan, no registry or profile range
const KOREA = '8225550000';

/** The inbound roamer attaches at the home VLR: UL to its HLR, the HLR's ISD in the UL dialogue, the UL result. */
function inboundRoamer(det: ReturnType<typeof detector>['det']): void {
  det.event(mapUl({ imsi: ROAMER_IMSI, vlr: HOME_VLR, hlrGt: DOCOMO_HLR, ts: T0 }));
  det.event(mapInvoke({ op: ISD, callingGt: DOCOMO_HLR, calledGt: HOME_VLR, imsi: ROAMER_IMSI, args: { msisdn: ROAMER_MSISDN }, ts: T0, tcap: ISD_IN_UL }));
  det.event(mapResult({ op: 2, callingGt: DOCOMO_HLR, calledGt: HOME_VLR, args: { hlrNumber: DOCOMO_HLR }, ts: T0, tcap: { type: 'end', dtid: '01020304' } }));
}

/** PSL, PSI, ISD and CancelLocation for the roamer from `gt` to the home VLR (each a TC-BEGIN). */
function attack(det: ReturnType<typeof detector>['det'], gt: string): void {
  for (const [i, op] of [PSL, PSI, ISD, CL].entries())
    det.event(mapInvoke({ op, callingGt: gt, calledGt: HOME_VLR, imsi: ROAMER_IMSI, msisdn: ROAMER_MSISDN, ts: T0 + 600 + i }));
}

describe('N2: an inbound roamer’s home network is its PLMN, not its country', () => {
  // Docomo declared with its GT range (the fixture's registry network), or not at all (home only).
  const declared = profile();
  const homeOnly = profile({ networks: [] });

  for (const [name, p] of [
    ['Docomo declared with gt_prefixes 8190120', declared],
    ['no range declared for Docomo', homeOnly],
  ] as const) {
    it(`${name}: PSL, PSI, ISD and CL from a Tokyo GT alert one level lower, as from a Korean GT`, () => {
      const { det, alerts } = detector(p);
      inboundRoamer(det);
      attack(det, TOKYO);
      expect(levels(alerts)).toEqual([
        ['location-origin-mismatch', 'medium'],
        ['cat2-not-home', 'medium'],
        ['cat2-not-home', 'medium'],
        ['cat2-not-home', 'medium'],
      ]);
      for (const a of alerts) expect(a.assumptions?.join(' ')).toMatch(/44010|NTT Docomo/);
      const k = detector(p);
      inboundRoamer(k.det);
      attack(k.det, KOREA);
      expect(levels(k.alerts)).toEqual([
        ['location-origin-mismatch', 'high'],
        ['cat2-not-home', 'high'],
        ['cat2-not-home', 'high'],
        ['cat2-not-home', 'high'],
      ]);
    });
  }

  it('inside the declared range (the roamer’s HLR) nothing alerts; the honest attach raises nothing either way', () => {
    const { det, alerts } = detector(declared);
    inboundRoamer(det);
    attack(det, '819012000050');
    expect(alerts).toEqual([]);
    const h = detector(homeOnly);
    inboundRoamer(h.det); // the ISD in the UL dialogue comes from the node the UL was addressed to
    expect(h.alerts).toEqual([]);
  });

  it('a home known only by its country (an MSISDN, no IMSI) keeps the country match', () => {
    const { det, alerts } = detector(homeOnly);
    det.event(mapInvoke({ op: SRI, callingGt: TOKYO, calledGt: HOME_HLR, msisdn: ROAMER_MSISDN, ts: T0 }));
    expect(alerts).toEqual([]);
  });
});

// N1 / N1b: an E.212 GT of another Japanese PLMN (44020) against a network known only as "Japan".
const JP_VLR = '819012000001';
const SOFTBANK_E212 = '440201380000001';
const DOCOMO_E212 = '440100000000001';
const sri = (gt: string, ts: number) => mapInvoke({ op: SRI, callingGt: gt, calledGt: HOME_HLR, msisdn: MSISDN, ts, callingNp: 6 });

describe('N1: an E.212 GT is not a visited network known only by its country (a VLR number)', () => {
  const p = profile({ networks: [] });
  const attached = () => {
    const d = detector(p);
    d.det.event(mapUl({ imsi: IMSI, vlr: JP_VLR, hlrGt: HOME_HLR, ts: T0 }));
    d.det.event(mapInvoke({ op: ISD, callingGt: HOME_HLR, calledGt: JP_VLR, imsi: IMSI, args: { msisdn: MSISDN }, ts: T0, tcap: ISD_IN_UL }));
    return d;
  };

  it('an SRI from PLMN 44020 for a roamer at a Japanese VLR alerts one level lower, saying why', () => {
    const { det, alerts } = attached();
    det.event(sri(SOFTBANK_E212, T0 + 600));
    expect(levels(alerts)).toEqual([['location-origin-mismatch', 'medium']]);
    expect(alerts[0]!.assumptions).toEqual([expect.stringContaining('E.212 GT of PLMN 44020')]);
  });

  it('the visited VLR placed by a registry network with a PLMN: PLMN against PLMN decides, as before', () => {
    const { det, alerts } = detector(profile());
    det.event(mapUl({ imsi: IMSI, vlr: '81901200001', hlrGt: HOME_HLR, ts: T0 }));
    det.event(mapInvoke({ op: ISD, callingGt: HOME_HLR, calledGt: '81901200001', imsi: IMSI, args: { msisdn: MSISDN }, ts: T0, tcap: ISD_IN_UL }));
    det.event(sri(DOCOMO_E212, T0 + 600));
    expect(alerts).toEqual([]);
    det.event(sri(SOFTBANK_E212, T0 + 601));
    expect(levels(alerts)).toEqual([['location-origin-mismatch', 'high']]);
  });
});

describe('N1b: an E.212 GT is not a partner declared by gt_prefixes only', () => {
  it('an SRI from PLMN 44020 alerts as from outside, one level lower; a partner with a plmn compares PLMNs', () => {
    const byGt = profile({ networks: [], partners: [{ name: 'Partner Japan', gt_prefixes: ['8190120'] }] });
    const { det, alerts } = detector(byGt);
    det.event(sri(SOFTBANK_E212, T0));
    expect(levels(alerts)).toEqual([['location-origin-mismatch', 'medium']]);
    expect(alerts[0]!.assumptions).toContainEqual(expect.stringContaining('E.212 GT of PLMN 44020'));
    const byPlmn = profile({ networks: [], partners: [{ name: 'Partner Japan', plmn: '44010', gt_prefixes: ['8190120'] }] });
    const d = detector(byPlmn);
    d.det.event(sri(DOCOMO_E212, T0));
    expect(d.alerts).toEqual([]);
    d.det.event(sri(SOFTBANK_E212, T0 + 1));
    expect(levels(d.alerts)).toEqual([['location-origin-mismatch', 'medium']]); // visited unknown, as before
  });
});
