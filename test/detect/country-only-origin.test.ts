/**
 * Red-team rt19 M4, M6, M7, M8: a GT placed by its E.164 country alone is not a partner or the
 * visited network just because the country matches, nor home for the operations only the home
 * sends (detect/networks.ts, detect/predicates.ts countryOnlyVisited, HOME_OWN_OPS), and a calling GT of another numbering plan than E.164 is not read as E.164
 * (detect/context.ts resolveOrigin, Q.713 §3.4.2.3.3).
 */
import { describe, expect, it } from 'vitest';
import { diameterEvent, diameterUlr, mapInvoke, mapResult, mapUl } from '../support/events.js';
import { HOME_GMSC, HOME_HLR, IMSI, ISD_IN_UL, MSISDN, T0, detector, profile } from './fixture.js';

const ATI = 71;
const SRI = 22;
const CHICAGO = '13125550000'; // +1 312: the home's country (US), outside home gt_prefixes 1202555
const TOKYO = '81355500000'; // +81 3: Japan, no registry or profile range
const KOREA = '82105550000';
const JP_VLR = '819012000001';
const SE_VLR = '46701234567';
const CHINA_E212 = '460001380000001'; // MCC 460 MNC 00 (China Mobile) + MSIN: reads as +46 (Sweden) if taken for E.164
const PLMN_ONLY = 'origin GT placed only by its country';

const sri = (gt: string, ts: number, np?: number) =>
  mapInvoke({ op: SRI, callingGt: gt, calledGt: HOME_HLR, msisdn: MSISDN, ts, ...(np === undefined ? {} : { callingNp: np }) });
const levels = (alerts: readonly { rule: string; level: string }[]) => alerts.map((a) => [a.rule, a.level]);

/** The home subscriber attaches at `vlr`: UL, then the HLR's ISD in the UL dialogue (TS 29.002 §8.8.1, §19.1.1). */
function register(det: ReturnType<typeof detector>['det'], vlr: string): void {
  det.event(mapUl({ imsi: IMSI, vlr, hlrGt: HOME_HLR, ts: T0 }));
  det.event(mapInvoke({ op: 7, callingGt: HOME_HLR, calledGt: vlr, imsi: IMSI, args: { msisdn: MSISDN }, ts: T0, tcap: ISD_IN_UL }));
}

describe("M4: a GT of the home country outside the home gt_prefixes is not home for the home network's own operations", () => {
  const HOME_ONLY = 'only the home network sends this operation';
  const GERMAN = '4915200000001';
  const PSL = 83;
  const ops = (gt: string, ts: number) => [
    mapInvoke({ op: ATI, callingGt: gt, calledGt: HOME_HLR, msisdn: MSISDN, ts }),
    mapInvoke({ op: 70, callingGt: gt, calledGt: JP_VLR, imsi: IMSI, ts: ts + 1 }), // ProvideSubscriberInfo
    mapInvoke({ op: PSL, callingGt: gt, calledGt: JP_VLR, msisdn: MSISDN, ts: ts + 2 }),
    mapInvoke({ op: 7, callingGt: gt, calledGt: JP_VLR, imsi: IMSI, args: { msisdn: MSISDN }, ts: ts + 3 }), // InsertSubscriberData
    mapInvoke({ op: 3, callingGt: gt, calledGt: JP_VLR, imsi: IMSI, ts: ts + 4 }), // CancelLocation
  ];

  it('ATI, PSI, PSL, ISD and CancelLocation from a Chicago GT raise what a German GT raises, one level lower, saying why', () => {
    const de = detector();
    for (const e of ops(GERMAN, T0)) de.det.event(e);
    const us = detector();
    for (const e of ops(CHICAGO, T0)) us.det.event(e);
    const lower = { high: 'medium', medium: 'low' } as Record<string, string>;
    expect(levels(de.alerts).map(([r]) => r)).toEqual(['cat1-from-outside', 'cat2-not-home', 'location-origin-mismatch', 'cat2-not-home', 'cat2-not-home']);
    expect(levels(us.alerts)).toEqual(levels(de.alerts).map(([r, l]) => [r, r === 'location-origin-mismatch' ? l : lower[l!]]));
    for (const a of us.alerts) expect(a.assumptions).toContainEqual(expect.stringContaining(HOME_ONLY));
    expect(us.alerts.map((a) => a.origin)).toEqual(us.alerts.map(() => ({ gt: CHICAGO, country: 'US' })));
  });

  it('the same from an E.212 GT (NP 6) of the home PLMN: one level lower, saying why (review 20 #6; base: nothing)', () => {
    const de = detector();
    for (const e of ops(GERMAN, T0)) de.det.event(e);
    const e212 = detector();
    const HOME_E212 = '310410123456789'; // MCC 310 MNC 410 (the home's IMSI range) + MSIN, as a GT
    for (const e of ops(HOME_E212, T0)) {
      e.sccp.calling.np = 6;
      e212.det.event(e);
    }
    const lower = { high: 'medium', medium: 'low' } as Record<string, string>;
    expect(levels(e212.alerts)).toEqual(levels(de.alerts).map(([r, l]) => [r, r === 'location-origin-mismatch' ? l : lower[l!]]));
    for (const a of e212.alerts) expect(a.assumptions).toContainEqual(expect.stringContaining('a home node sends this operation from its E.164 GT'));
    // Its SRI (any domestic GMSC's operation) stays quiet, and a home without gt_prefixes keeps the PLMN match.
    const q = detector();
    const s = sri(HOME_E212, T0, 6);
    q.det.event(s);
    expect(q.alerts).toEqual([]);
    const n = detector(profile({ home: { name: 'Example Mobile', imsi_prefixes: ['310410'], msisdn_prefixes: ['1202555'] } }));
    const ati = ops(HOME_E212, T0)[0]!;
    ati.sccp.calling.np = 6;
    n.det.event(ati);
    expect(n.alerts).toEqual([]);
  });

  it("SRI and SRI-for-SM from another domestic operator's GMSC / SMSC stay quiet (review 19 #6b), as the home's own ATI and SRI do", () => {
    const { det, alerts } = detector();
    det.event(sri(CHICAGO, T0));
    det.event(mapInvoke({ op: 45, callingGt: CHICAGO, calledGt: HOME_HLR, msisdn: MSISDN, ts: T0 + 1 }));
    det.event(mapInvoke({ op: ATI, callingGt: HOME_GMSC, calledGt: HOME_HLR, msisdn: MSISDN, ts: T0 + 2 }));
    det.event(sri(HOME_GMSC, T0 + 3));
    expect(alerts).toEqual([]);
  });

  it('a home that declares no gt_prefixes keeps the country match', () => {
    const { det, alerts } = detector(profile({ home: { name: 'Example Mobile', imsi_prefixes: ['310410'], msisdn_prefixes: ['1202555'] } }));
    det.event(mapInvoke({ op: ATI, callingGt: CHICAGO, calledGt: HOME_HLR, msisdn: MSISDN, ts: T0 }));
    expect(alerts).toEqual([]);
  });
});

describe('M6: a partner declared by plmn + realms only (no gt_prefixes) is not every GT of its country', () => {
  const p = profile({ networks: [], partners: [{ name: 'Partner Japan LTE', plmn: '44010', realms: ['epc.mnc010.mcc440.3gppnetwork.org'] }] });

  it('an SRI from a Tokyo GT alerts as from a Korean one, one level lower, saying it was placed by country only', () => {
    const { det, alerts } = detector(p);
    det.event(sri(TOKYO, T0));
    expect(levels(alerts)).toEqual([['location-origin-mismatch', 'medium']]);
    expect(alerts[0]!.assumptions).toEqual([expect.stringContaining('visited network unknown'), expect.stringContaining(PLMN_ONLY)]);
    const k = detector(p);
    k.det.event(sri(KOREA, T0));
    expect(levels(k.alerts)).toEqual([['location-origin-mismatch', 'medium']]);
  });
});

describe('M7: the visited network learned from a VLR number matches its number block, not its country', () => {
  const p = profile({ networks: [] });

  it('an SRI from a Tokyo GT for a roamer at a Japanese VLR alerts one level lower', () => {
    const { det, alerts } = detector(p);
    register(det, JP_VLR);
    det.event(sri(TOKYO, T0 + 600));
    expect(levels(alerts)).toEqual([['location-origin-mismatch', 'medium']]);
    expect(alerts[0]!.assumptions).toEqual([expect.stringContaining(PLMN_ONLY)]);
  });

  it('a GT sharing the VLR number up to the country code and two digits more is the visited network', () => {
    const { det, alerts } = detector(p);
    register(det, JP_VLR);
    det.event(sri('819055500001', T0 + 600));
    expect(alerts).toEqual([]);
  });
});

describe('M7, S6a form: a visited network learned from a PLMN (no node number) is not every GT of its country', () => {
  const p = profile({ networks: [] });
  const JP_REALM = 'epc.mnc010.mcc440.3gppnetwork.org';
  const S6A = 'learned without a node number (S6a)';
  /** The home subscriber attaches over S6a at NTT Docomo (44010), the HSS's ULA 2001: a PLMN-level visited network. */
  const attachLte = (det: ReturnType<typeof detector>['det']) => {
    det.event(diameterUlr({ imsi: IMSI, originRealm: JP_REALM, visitedPlmn: '44010', ts: T0 }));
    const ula = diameterEvent({ app: 16777251, cmd: 316, request: false, originRealm: 'epc.mnc410.mcc310.3gppnetwork.org', userName: IMSI, ts: T0 });
    Object.assign(ula.diameter, { resultCode: 2001 });
    det.event(ula);
  };
  /** A ProvideSubscriberLocation for the subscriber by its IMSI (TS 29.002 §13A.2), a location request as the SRI is. */
  const psl = (gt: string, ts: number) => mapInvoke({ op: 83, callingGt: gt, calledGt: '81901200011', imsi: IMSI, ts });

  it('a PSL from a Tokyo GT alerts one level lower, saying why (base: nothing); a Korean GT alerts high', () => {
    const { det, alerts } = detector(p);
    attachLte(det);
    det.event(psl(TOKYO, T0 + 600));
    expect(levels(alerts)).toEqual([['location-origin-mismatch', 'medium']]);
    expect(alerts[0]!.assumptions).toEqual([expect.stringContaining(S6A)]);
    const k = detector(p);
    attachLte(k.det);
    k.det.event(psl(KOREA, T0 + 600));
    expect(levels(k.alerts)).toEqual([['location-origin-mismatch', 'high']]);
  });

  /**
   * The serving node's answer to a home-own invoke (a TC-END result to `homeGt`), sent back on the exact reverse of the
   * Begin's association (`sentBack`, as the decoder sets it) or not.
   */
  const answer = (op: number, from: string, homeGt: string, ts: number, back = true, imsi?: string) => {
    const ev = mapResult({ op, callingGt: from, calledGt: homeGt, ts, ...(imsi === undefined ? {} : { imsi }) });
    if (back) ev.component!.sentBack = true;
    return ev;
  };

  it("a GT in a number block the home's own operations address, answered back (its HLR's PRN to a Japanese MSC, the MSC's result), is the visited network", () => {
    const { det, alerts } = detector(p);
    attachLte(det);
    // The home HLR asks MSC 81355500099 for another subscriber's roaming number (TS 29.002 §10.2): block +81 35.
    det.event(mapInvoke({ op: 4, callingGt: HOME_HLR, calledGt: '81355500099', imsi: '310410123450001', ts: T0 + 300 }));
    // The invoke alone teaches nothing (review 20 #3, #4: anyone can send it with the home HLR's GT).
    det.event(psl(TOKYO, T0 + 400));
    expect(levels(alerts)).toEqual([['location-origin-mismatch', 'medium']]);
    // The MSC's result, back the association's reverse way: the block is known.
    det.event(answer(4, '81355500099', HOME_HLR, T0 + 500));
    det.event(psl(TOKYO, T0 + 600));
    expect(alerts).toHaveLength(1);
    // Another block of the country still alerts; a result not sent back the reverse way, or to a GT outside the home
    // prefixes, teaches no block.
    det.event(psl('819055500001', T0 + 601));
    det.event(answer(4, '81905550099', HOME_HLR, T0 + 602, false));
    det.event(answer(4, '81905550099', CHICAGO, T0 + 603));
    det.event(psl('819055500001', T0 + 604));
    expect(levels(alerts).filter(([r]) => r === 'location-origin-mismatch')).toEqual([
      ['location-origin-mismatch', 'medium'],
      ['location-origin-mismatch', 'medium'],
      ['location-origin-mismatch', 'medium'],
    ]);
  });

  it("the home HLR's InsertSubscriberData sent back in a UpdateLocation dialogue teaches its VLR's block; a result of another operation does not", () => {
    const { det, alerts } = detector(p);
    attachLte(det);
    det.event(answer(22, '81355500099', HOME_HLR, T0 + 300)); // an SRI result: not one of the home's own operations
    det.event(psl(TOKYO, T0 + 400));
    const isd = mapInvoke({ op: 7, callingGt: HOME_HLR, calledGt: '81355500099', imsi: '310410123450001', ts: T0 + 500, tcap: ISD_IN_UL });
    isd.component!.sentBack = true;
    det.event(isd);
    det.event(psl(TOKYO, T0 + 600));
    expect(levels(alerts)).toEqual([['location-origin-mismatch', 'medium']]);
  });

  it('an answer in the dialogue of a spoofed home-own Begin (handed over by a point code home does not declare) teaches no block (review 20 #3)', () => {
    const home = { name: 'Example Mobile', gt_prefixes: ['1202555'], imsi_prefixes: ['310410'], msisdn_prefixes: ['1202555'], point_codes: [1000] };
    const q = profile({ networks: [], home: { ...home, realms: ['epc.mnc410.mcc310.3gppnetwork.org'] } });
    const { det, alerts } = detector(q);
    attachLte(det);
    // "The home HLR" cancels a made-up subscriber at the attacker's own Tokyo GT, through OPC 4000: spoofed.
    const cl = (opc: number) => {
      const ev = mapInvoke({ op: 3, callingGt: HOME_HLR, calledGt: '81355500001', imsi: '310410000099999', ts: T0 + 300 });
      ev.mtp = { opc, dpc: 1, si: 3, ni: 0 }; // international network (Q.704 §14.2)
      return ev;
    };
    det.event(cl(4000));
    det.event(answer(3, '81355500001', HOME_HLR, T0 + 301, true, '310410000099999'));
    det.event(psl(TOKYO, T0 + 600));
    expect(levels(alerts)).toEqual([
      ['cat2-not-home', 'high'],
      ['location-origin-mismatch', 'medium'],
    ]);
    // The same from home's own point code, answered, teaches the block, as the PRN above does.
    const h = detector(q);
    attachLte(h.det);
    h.det.event(cl(1000));
    h.det.event(answer(3, '81355500001', HOME_HLR, T0 + 301, true, '310410000099999'));
    h.det.event(psl(TOKYO, T0 + 600));
    expect(h.alerts).toEqual([]);
  });

  it('a home that declares no gt_prefixes learns no blocks and keeps the country match', () => {
    const { det, alerts } = detector(profile({ networks: [], home: { name: 'Example Mobile', imsi_prefixes: ['310410'], msisdn_prefixes: ['1202555'] } }));
    attachLte(det);
    det.event(psl(TOKYO, T0 + 600));
    expect(alerts).toEqual([]);
  });
});

describe('M8: the calling GT numbering plan (Q.713 §3.4.2.3.3)', () => {
  const p = profile({ networks: [] });

  it('an E.212 GT (NP 6) is placed by its MCC + MNC: China Mobile, not Sweden, beside a roamer in Sweden', () => {
    const { det, alerts } = detector(p);
    register(det, SE_VLR);
    det.event(sri(CHINA_E212, T0 + 600, 6));
    expect(levels(alerts)).toEqual([['location-origin-mismatch', 'high']]);
    expect(alerts[0]!.origin).toMatchObject({ gt: CHINA_E212, country: 'CN', network: '46000' });
    expect(alerts[0]!.explanation).toContain('numbering plan 6, E.212');
  });

  it('an X.121 GT (NP 3) is not read as E.164: unattributed, outside, the plan named', () => {
    const { det, alerts } = detector(p);
    register(det, SE_VLR);
    det.event(sri('46701234567', T0 + 600, 3));
    expect(levels(alerts)).toEqual([['location-origin-mismatch', 'high']]);
    expect(alerts[0]!.origin).toEqual({ gt: '46701234567' });
    expect(alerts[0]!.explanation).toContain('numbering plan 3, X.121');
  });

  it('E.164 (NP 1) and E.214 (NP 7) digits read as E.164, as before', () => {
    const { det, alerts } = detector(p);
    register(det, SE_VLR);
    det.event(sri(SE_VLR, T0 + 600, 1));
    det.event(sri('46701234567890', T0 + 601, 7));
    expect(alerts).toEqual([]);
  });
});
