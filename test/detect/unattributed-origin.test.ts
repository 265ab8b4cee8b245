/**
 * An origin that is present (a calling GT, an Origin-Realm) but attributed to no country or network
 * is outside: not home, not a partner, not the visited network (detect/predicates.ts
 * origin_not_in). A national-format GT is read in the home country's numbering; a message with no
 * origin at all is counted, not alerted (README "Rules").
 */
import { describe, expect, it } from 'vitest';
import { ReportCollector } from '../../src/report/collector.js';
import { formatSummary } from '../../src/report/summary-text.js';
import { diameterEvent, mapInvoke } from '../support/events.js';
import { CN_GT, HOME_GMSC, IMSI, MSISDN, T0, WATCHED_PC, detector, profile, registerInJapan, ruleIds } from './fixture.js';

const ATI = 71;
const SRI = 22;
const SLG = 16777255;
const PLR = 8388620;

describe('unattributed origins are outside', () => {
  for (const gt of ['2801234567', '9991234567', '4251234567', '0861380000000']) {
    it(`ATI for a home subscriber from GT ${gt} (no E.164 country): cat1-from-outside, saying so`, () => {
      const { det, alerts } = detector();
      det.event(mapInvoke({ op: ATI, callingGt: gt, msisdn: MSISDN, ts: T0 }));
      expect(ruleIds(alerts)).toEqual(['cat1-from-outside']);
      const a = alerts[0]!;
      expect(a.origin).toEqual({ gt });
      expect(a.explanation).toContain('could not be attributed to any country or network');
    });
  }

  it('SRI from an unassigned code while the subscriber is registered in Japan: location-origin-mismatch', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(mapInvoke({ op: SRI, callingGt: '2801234567', msisdn: MSISDN, ts: T0 + 60 }));
    expect(ruleIds(alerts)).toEqual(['location-origin-mismatch']);
    expect(alerts[0]!.level).toBe('high');
  });

  it('PLR from a 3GPP realm of an unassigned MCC: location-origin-mismatch', () => {
    const { det, alerts } = detector();
    det.event(diameterEvent({ app: SLG, cmd: PLR, originRealm: 'epc.mnc999.mcc999.3gppnetwork.org', userName: IMSI, ts: T0 }));
    expect(ruleIds(alerts)).toEqual(['location-origin-mismatch']);
    expect(alerts[0]!.origin.country).toBeUndefined();
  });

  it('a Diameter request addressed to its own unattributed realm stays inside that network, only for an inferred home', () => {
    const inferredHome = profile({
      home: { name: 'inferred', gt_prefixes: ['1202555'], imsi_prefixes: ['310410'], msisdn_prefixes: ['1202555'], realms: [], inferred: true },
    });
    const plr = (o: { destRealm: string; destHost?: string }) =>
      diameterEvent({ app: SLG, cmd: PLR, originRealm: 'localdomain', userName: IMSI, ts: T0, ...o });
    const inferred = detector(inferredHome);
    inferred.det.event(plr({ destRealm: 'LocalDomain' }));
    inferred.det.event(plr({ destRealm: 'localdomain', destHost: 'hss.localdomain' }));
    expect(inferred.alerts).toEqual([]);
    // Addressed to a named host elsewhere, or with the home declared in a profile: a forged
    // Destination-Realm = Origin-Realm hides nothing (review of fixdetect).
    inferred.det.event(plr({ destRealm: 'localdomain', destHost: 'mme1.epc.mnc410.mcc310.3gppnetwork.org' }));
    expect(ruleIds(inferred.alerts)).toContain('location-origin-mismatch');
    // A forged parent realm (3gppnetwork.org, or `org`) around a real PLMN host, or a host that
    // only ends with the realm's letters: not inside (review: every AIR and PLR hidden).
    for (const [realm, host] of [
      ['3gppnetwork.org', 'hss.epc.mnc410.mcc310.3gppnetwork.org'],
      ['org', 'hss.epc.mnc410.mcc310.3gppnetwork.org'],
      ['domain', 'hss.localdomain'],
    ]) {
      const forged = detector(inferredHome);
      forged.det.event(diameterEvent({ app: SLG, cmd: PLR, originRealm: realm!, destRealm: realm!, destHost: host!, userName: IMSI, ts: T0 }));
      expect(ruleIds(forged.alerts), `${realm} / ${host}`).toContain('location-origin-mismatch');
    }
    const declared = detector();
    declared.det.event(plr({ destRealm: 'localdomain' }));
    expect(ruleIds(declared.alerts)).toEqual(['location-origin-mismatch']);
    declared.det.event(
      diameterEvent({ app: SLG, cmd: PLR, originRealm: 'localdomain', destRealm: 'epc.mnc410.mcc310.3gppnetwork.org', userName: IMSI, ts: T0 }),
    );
    expect(ruleIds(declared.alerts)).toEqual(['location-origin-mismatch', 'diameter-realm-not-plmn', 'location-origin-mismatch']);
  });

  it('a national-format GT that names no declared prefix in the home numbering is attributed as it stands', () => {
    const { det, alerts } = detector();
    // 8613010000001 marked national would read +1 861…, a US number: the sender chooses national digits.
    det.event(mapInvoke({ op: ATI, callingGt: '8613010000001', callingNai: 3, msisdn: MSISDN, ts: T0 }));
    expect(ruleIds(alerts)).toEqual(['cat1-from-outside']);
    expect(alerts[0]!.origin).toMatchObject({ gt: '8613010000001', country: 'CN' });
  });

  it('a national-format GT (NAI 3) is read with the home country code: a home GT, no alert', () => {
    const { det, alerts } = detector();
    // 2025550001 read internationally would be +20 (Egypt); national in the US home it is +1 202 555 0001.
    det.event(mapInvoke({ op: ATI, callingGt: '2025550001', callingNai: 3, msisdn: MSISDN, ts: T0 }));
    expect(alerts).toEqual([]);
    det.event(mapInvoke({ op: ATI, callingGt: '2025550001', msisdn: MSISDN, ts: T0 }));
    expect(ruleIds(alerts)).toEqual(['cat1-from-outside']);
  });

  it('routed on a GT that cannot be read (spare GTI, no digits): an unattributed origin, outside (red team rt7 S1)', () => {
    for (const gti of [4, 5, 15]) {
      const { det, alerts } = detector();
      const ev = mapInvoke({ op: ATI, msisdn: MSISDN, ts: T0 });
      ev.sccp.calling = { ri: 'gt', gti, ssn: 7 };
      det.event(ev);
      expect(ruleIds(alerts)).toEqual(['cat1-from-outside']);
      expect(alerts[0]!.origin).toEqual({});
      expect(alerts[0]!.explanation).toContain('an unreadable GT');
      // Named by the MTP OPC it came from, which does not attribute it.
      const withPc = detector();
      const ev2 = mapInvoke({ op: ATI, msisdn: MSISDN, ts: T0 });
      ev2.sccp.calling = { ri: 'gt', gti, ssn: 7 };
      ev2.mtp = { opc: 1001, dpc: 2002, si: 3, ni: 2, sls: 0 };
      withPc.det.event(ev2);
      expect(ruleIds(withPc.alerts)).toEqual(['cat1-from-outside']);
      expect(withPc.alerts[0]!.origin).toEqual({ pc: 1001 });
    }
  });

  it('no origin at all (no GT, no PC; no Origin-Realm/Host): no alert, counted and shown in the summary', () => {
    const { det, alerts } = detector();
    const ev = mapInvoke({ op: ATI, msisdn: MSISDN, ts: T0 });
    ev.sccp.calling = { ri: 'ssn', gti: 0, ssn: 7 };
    det.event(ev);
    det.event(diameterEvent({ app: SLG, cmd: PLR, originRealm: '', originHost: '', userName: IMSI, ts: T0 }));
    expect(alerts).toEqual([]);
    const stats = det.stats;
    expect(stats.noOrigin).toBe(2);
    const data = new ReportCollector().finish({ sources: [], profile: { name: 'x' }, decodeStats: {}, detector: stats });
    const text = formatSummary(data);
    expect(text).toContain('\nDetector\n  location requests with no origin to check (no calling GT or registered PC; no Origin-Realm/Host): 2\n');
  });
});

describe('a calling party routed on point code and SSN (Q.713 §3.4.1, Q.714 §2.2.2: the reply goes to the point code)', () => {
  const HOME_PC = 1001;
  const withHomePc = () =>
    profile({
      networks: [
        { name: 'Example Mobile', country: 'US', plmn: '310410', gt_prefixes: ['1202555'], point_codes: [HOME_PC] },
        { name: 'Example Transit Carrier', country: 'HK', role: 'transit', point_codes: [WATCHED_PC] },
      ],
    });
  const ati = (gt: string, pc: number | undefined, mtp?: { opc: number; ni: number }) => {
    const ev = mapInvoke({ op: ATI, callingGt: gt, msisdn: MSISDN, ts: T0 });
    ev.sccp.calling.ri = 'ssn';
    if (pc !== undefined) ev.sccp.calling.pc = pc;
    if (mtp !== undefined) ev.mtp = { opc: mtp.opc, dpc: 1, si: 3, ni: mtp.ni };
    return ev;
  };

  it('a point code the registry places outside home and partners is the origin, whatever home GT the address carries (red-team rt8 S10)', () => {
    const { det, alerts } = detector();
    det.event(ati(HOME_GMSC, WATCHED_PC));
    expect(ruleIds(alerts)).toEqual(['cat1-from-outside', 'watched-carrier']);
    expect(alerts[0]!.origin).toMatchObject({ pc: WATCHED_PC, network: 'Example Transit Carrier' });
    const international = detector();
    international.det.event(ati(HOME_GMSC, WATCHED_PC, { opc: 77, ni: 0 }));
    expect(ruleIds(international.alerts)).toEqual(['cat1-from-outside', 'watched-carrier']);
  });

  it('never a home point code over a foreign GT, never the MTP OPC, never a national point code (review of the first version)', () => {
    const cn = (ev: ReturnType<typeof ati>) => {
      const { det, alerts } = detector(withHomePc());
      det.event(ev);
      return ruleIds(alerts);
    };
    // The home's own point code in the address, a Chinese GT: the GT is still the origin.
    expect(cn(ati(CN_GT, HOME_PC))).toContain('cat1-from-outside');
    // No point code in the address, the home's as the MTP OPC (the last hop): the GT decides.
    expect(cn(ati(CN_GT, undefined, { opc: HOME_PC, ni: 0 }))).toContain('cat1-from-outside');
    // A national point code that happens to equal the carrier's international one: the home GT decides.
    const { det, alerts } = detector();
    det.event(ati(HOME_GMSC, WATCHED_PC, { opc: 77, ni: 2 }));
    expect(ruleIds(alerts)).toEqual([]);
  });

  it('a home calling GT handed over by a foreign international point code (MTP OPC): that carrier is the origin (rt11 R9)', () => {
    const gtRouted = (gt: string, mtp: { opc: number; ni: number }) => {
      const ev = mapInvoke({ op: ATI, callingGt: gt, msisdn: MSISDN, ts: T0 });
      ev.mtp = { opc: mtp.opc, dpc: 1, si: 3, ni: mtp.ni };
      return ev;
    };
    const { det, alerts } = detector(withHomePc());
    det.event(gtRouted(HOME_GMSC, { opc: WATCHED_PC, ni: 0 }));
    expect(ruleIds(alerts)).toEqual(['cat1-from-outside', 'watched-carrier']);
    expect(alerts[0]!.origin).toMatchObject({ gt: HOME_GMSC, pc: WATCHED_PC, network: 'Example Transit Carrier' });
    expect(alerts[0]!.explanation).toContain(`(home GT ${HOME_GMSC} handed over by PC ${WATCHED_PC})`);
    const quiet = (ev: ReturnType<typeof gtRouted>) => {
      const d = detector(withHomePc());
      d.det.event(ev);
      return d.alerts.filter((a) => a.rule !== 'watched-carrier');
    };
    // National network indicator, the home's own point code, a point code the registry does not know: the GT decides.
    expect(quiet(gtRouted(HOME_GMSC, { opc: WATCHED_PC, ni: 2 }))).toEqual([]);
    expect(quiet(gtRouted(HOME_GMSC, { opc: HOME_PC, ni: 0 }))).toEqual([]);
    expect(quiet(gtRouted(HOME_GMSC, { opc: 4321, ni: 0 }))).toEqual([]);
    // Another network's GT through the carrier is transit: the GT is the origin, not the carrier.
    const cn = detector(withHomePc());
    cn.det.event(gtRouted(CN_GT, { opc: WATCHED_PC, ni: 0 }));
    expect(cn.alerts[0]!.origin.pc).toBeUndefined();
  });

  it('a point code the registry does not know leaves the GT to decide (the home GMSC: no alert)', () => {
    const { det, alerts } = detector();
    det.event(ati(HOME_GMSC, 4321));
    expect(ruleIds(alerts)).toEqual([]);
  });
});
