/**
 * Issue 15 detector semantics, message by message: the presence model (velocity from the last
 * confirmation; flagged claims recorded, not trusted, policy configurable), campaign semantics
 * of multi-origin-targeting, the realm and harvesting predicates, and honest home inference.
 */
import { describe, expect, it } from 'vitest';
import { HomeInference, profileFromInference } from '../../src/detect/infer-home.js';
import { diameterEvent, mapInvoke, mapResult, mapUl } from '../support/events.js';
import { CN_GT, GB_VLR, HOME_GMSC, HOME_HLR, IMSI, MSISDN, NTT_VLR, RU_GT, NG_GT, T0, detector, profile, registerInJapan, ruleIds } from './fixture.js';

const DAY = 86400;

describe('presence model', () => {
  it('impossible travel is measured from the last confirmation (re-registration), not the arrival', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    // Two days later a periodic re-registration at the same VLR, then the UK 10 minutes later.
    det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, hlrGt: HOME_HLR, ts: T0 + 2 * DAY }));
    det.event(mapUl({ imsi: IMSI, vlr: GB_VLR, hlrGt: HOME_HLR, ts: T0 + 2 * DAY + 600 }));
    expect(ruleIds(alerts)).toEqual(['impossible-travel']);
    expect(alerts[0]!.explanation).toMatch(/last confirmed there by UL/);
  });

  it('an SRI result naming the visited VLR confirms presence too', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(mapResult({ op: 22, callingGt: HOME_HLR, imsi: IMSI, msisdn: MSISDN, args: { imsi: IMSI, vmscAddress: NTT_VLR }, ts: T0 + 3 * DAY }));
    det.event(mapUl({ imsi: IMSI, vlr: GB_VLR, hlrGt: HOME_HLR, ts: T0 + 3 * DAY + 900 }));
    expect(ruleIds(alerts)).toEqual(['impossible-travel']);
  });

  it('without a confirmation since the arrival two days ago, the same move is a plausible flight', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(mapUl({ imsi: IMSI, vlr: GB_VLR, hlrGt: HOME_HLR, ts: T0 + 2 * DAY + 600 }));
    expect(alerts).toEqual([]);
  });

  it('a flagged claim is recorded, not trusted (default policy); `trust` moves the subscriber', () => {
    for (const policy of ['record', 'trust'] as const) {
      const { det, alerts } = detector(profile({ thresholds: { flagged_claims: policy } }));
      registerInJapan(det);
      det.event(mapUl({ imsi: IMSI, vlr: GB_VLR, hlrGt: HOME_HLR, ts: T0 + 600 }));
      // Trusted, it is learned as an unflagged UL: a registration the HLR then accepts (ISD to the UK VLR).
      if (policy === 'trust') det.event(mapInvoke({ op: 7, callingGt: HOME_HLR, calledGt: GB_VLR, imsi: IMSI, args: { msisdn: MSISDN }, ts: T0 + 600 }));
      // The real VLR in Japan re-registers 10 minutes later.
      det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, hlrGt: HOME_HLR, ts: T0 + 1200 }));
      const rec = det.snapshotState().subscribers.find((r) => r.imsi === IMSI)!;
      if (policy === 'record') {
        expect(ruleIds(alerts)).toEqual(['impossible-travel']);
        expect(rec.visited?.address).toBe(NTT_VLR);
        expect(rec.claims?.map((c) => [c.address, c.rule])).toEqual([[GB_VLR, 'impossible-travel']]);
      } else {
        // Trusted, the UK claim makes the way back to Japan impossible as well.
        expect(ruleIds(alerts)).toEqual(['impossible-travel', 'impossible-travel']);
        expect(rec.claims).toBeUndefined();
      }
    }
  });
});

describe('flagged claims do not relink identities (QA of issues 15 × 16)', () => {
  // A flagged UpdateLocation / ULR whose event carries another MSISDN (an MSISDN AVP the attacker
  // added to its ULR, or its own InsertSubscriberData Continue captured before its UL Begin and
  // joined by the reordering) must not rebind the victim's record: recording the claim used to
  // touch the store with the message's MSISDN, so the victim's real number lost its record (later
  // SRIs for it: "visited network unknown", one level lower) and the attacker's number gained it.
  it('the victim keeps its MSISDN and visited network after a flagged UL naming another number', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    const ul = mapUl({ imsi: IMSI, vlr: GB_VLR, hlrGt: HOME_HLR, ts: T0 + 600 });
    ul.subscriber.msisdn = '447700900123';
    det.event(ul);
    expect(ruleIds(alerts)).toEqual(['impossible-travel']);
    const rec = det.snapshotState().subscribers.find((r) => r.imsi === IMSI)!;
    expect(rec.msisdn).toBe(MSISDN);
    expect(rec.claims?.map((c) => c.address)).toEqual([GB_VLR]);
    det.event(mapInvoke({ op: 22, callingGt: RU_GT, calledGt: MSISDN, msisdn: MSISDN, args: { msisdn: MSISDN }, ts: T0 + 900 }));
    expect(alerts.at(-1)!.rule).toBe('location-origin-mismatch');
    expect(alerts.at(-1)!.explanation).toMatch(/while the subscriber is registered in JP/);
  });
});

describe('campaign semantics (multi-origin-targeting)', () => {
  it('the visited network never completes a campaign; the alert lists every origin', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(mapInvoke({ op: 22, callingGt: CN_GT, msisdn: MSISDN, ts: T0 + 60 }));
    det.event(mapInvoke({ op: 22, callingGt: RU_GT, msisdn: MSISDN, ts: T0 + 120 }));
    // The visited network's (NTT, a registry network) routine SRI: no alert at all.
    det.event(mapInvoke({ op: 22, callingGt: '81901200099', msisdn: MSISDN, ts: T0 + 180 }));
    expect(ruleIds(alerts)).toEqual(['location-origin-mismatch', 'location-origin-mismatch']);
    det.event(mapInvoke({ op: 22, callingGt: NG_GT, msisdn: MSISDN, ts: T0 + 240 }));
    expect(ruleIds(alerts).slice(2)).toEqual(['location-origin-mismatch', 'multi-origin-targeting']);
    const multi = alerts[3]!;
    expect(multi.explanation).toMatch(/CN .*GT 8613010000001, frame \d+\); RU .*GT 79161234567, frame \d+\); NG .*GT 2348031234567, frame \d+\)/);
  });
});

describe('FS.19 realm check and harvesting', () => {
  it('diameter-realm-not-plmn: home subscriber, free-form realm; not for PLMN realms, declared realms or foreign subscribers', () => {
    const { det, alerts } = detector(profile({ partners: [{ name: 'Hub', realms: ['ipx.example'] }] }));
    det.event(diameterEvent({ app: 16777251, cmd: 316, originRealm: 'attacker.com', userName: IMSI, ts: T0 }));
    det.event(diameterEvent({ app: 16777251, cmd: 318, originRealm: 'epc.mnc010.mcc440.3gppnetwork.org', userName: IMSI, ts: T0 }));
    det.event(diameterEvent({ app: 16777251, cmd: 318, originRealm: 'ipx.example', userName: IMSI, ts: T0 }));
    det.event(diameterEvent({ app: 16777251, cmd: 316, originRealm: 'attacker.com', userName: '234101234567890', ts: T0 }));
    // (The AIR from the Japanese realm, with no visited network known, is auth-vector-harvesting's.)
    // The ULR from attacker.com is also a registration from a network that is no partner.
    expect(alerts.map((a) => `${a.frame - alerts[0]!.frame} ${a.rule}`)).toEqual([
      '0 diameter-realm-not-plmn',
      '0 registration-from-non-partner',
      '1 auth-vector-harvesting',
    ]);
    expect(alerts[2]!.level).toBe('medium');
    expect(alerts[0]!.explanation).toMatch(/Origin-Realm attacker.com is neither a 3GPP PLMN realm/);
  });

  it('auth-vector-harvesting: SAI from outside the visited network; one partner GT asking for many subscribers', () => {
    const { det, alerts } = detector(
      profile({
        partners: [
          { name: 'NTT Docomo', gt_prefixes: ['8190120'] },
          { name: 'Partner UK', gt_prefixes: ['4477009'] },
        ],
        thresholds: { auth_harvest: { subscribers: 3, window: '1h' } },
      }),
    );
    registerInJapan(det);
    det.event(mapInvoke({ op: 56, callingGt: NTT_VLR, imsi: IMSI, ts: T0 + 60 }));
    expect(alerts).toEqual([]);
    det.event(mapInvoke({ op: 56, callingGt: CN_GT, imsi: IMSI, ts: T0 + 120 }));
    expect(ruleIds(alerts)).toEqual(['auth-vector-harvesting']);
    // A partner GT: three distinct subscribers within the hour complete the pattern.
    for (let i = 1; i <= 3; i++) det.event(mapInvoke({ op: 56, callingGt: GB_VLR, imsi: `31041000000000${i}`, ts: T0 + 200 + i }));
    expect(ruleIds(alerts)).toEqual(['auth-vector-harvesting', 'auth-vector-harvesting']);
    expect(alerts[1]!.explanation).toMatch(/3rd distinct subscriber whose authentication vectors GT 447700900001 asked for/);
  });
});

describe('home inference', () => {
  const ul = (imsi: string, hlr: string, ts = T0) => mapUl({ imsi, vlr: NTT_VLR, hlrGt: hlr, ts });

  it('a GT whose country disagrees with the IMSI MCC is rejected; too little traffic → IMSI PLMN alone, said so', () => {
    const inf = new HomeInference();
    inf.observe(mapInvoke({ op: 3, callingGt: '491720000000', calledGt: '441234567890', imsi: '234101234567890', ts: T0 }));
    inf.observe(mapInvoke({ op: 8, callingGt: '491720000000', calledGt: '441234567890', imsi: '234101234567890', ts: T0 }));
    const h = inf.result()!;
    expect(h).toMatchObject({ imsiPrefixes: ['23410'], gtPrefixes: [], msisdnPrefixes: [], realms: [], country: 'GB', imsiOnly: true });
    expect(h.summary).toMatch(/^PLMN 23410 \(GB\); HLR GT prefixes: none; .*too little traffic: IMSI PLMN alone/);
    const { det, alerts } = detector(profileFromInference(h));
    det.event(mapInvoke({ op: 3, callingGt: '491720000000', calledGt: '441234567890', imsi: '234101234567890', ts: T0 }));
    expect(ruleIds(alerts)).toEqual(['cat2-not-home']);
    expect(alerts[0]!.assumptions?.[0]).toContain('PLMN 23410 (GB)');
  });

  it('with enough traffic: GT prefix of the HLRs in the PLMN country, MSISDN prefix CC+NDC, rejected candidates listed', () => {
    const inf = new HomeInference();
    for (let i = 0; i < 12; i++) {
      inf.observe(ul(`3104101000000${String(i).padStart(2, '0')}`, HOME_HLR, T0 + i));
      inf.observe(
        mapInvoke({
          op: 7,
          callingGt: HOME_HLR,
          calledGt: NTT_VLR,
          imsi: `3104101000000${String(i).padStart(2, '0')}`,
          msisdn: `1202555${String(i).padStart(4, '0')}`,
          ts: T0 + i,
        }),
      );
    }
    inf.observe(mapInvoke({ op: 3, callingGt: '12423570001', calledGt: NTT_VLR, imsi: '310410100000001', ts: T0 + 20 }));
    const h = inf.result()!;
    expect(h.imsiOnly).toBe(false);
    expect(h.imsiPrefixes).toEqual(['310410']);
    // One HLR GT: its calling code + 3 digits (about the NDC), not the GT itself.
    expect(h.gtPrefixes).toEqual(['1202']);
    // NANP: country code + 3-digit area code, never just '1' (Barbados, Bahamas ... share it).
    expect(h.msisdnPrefixes).toEqual(['1202']);
    expect(h.evidence.join('\n')).toMatch(/rejected HLR GT candidates .*12423570001 \(BS\)/);
    expect(HOME_GMSC.startsWith(h.gtPrefixes[0]!)).toBe(true);
  });
});

describe('diameter-realm-not-plmn inside one network', () => {
  it('a request addressed to its own free-form realm (lab core) is not an interconnect message', () => {
    const { det, alerts } = detector();
    det.event(diameterEvent({ app: 16777251, cmd: 316, originRealm: 'localdomain', destRealm: 'localdomain', userName: IMSI, ts: T0 }));
    det.event(diameterEvent({ app: 16777251, cmd: 316, originRealm: 'localdomain', destRealm: 'epc.mnc410.mcc310.3gppnetwork.org', userName: IMSI, ts: T0 }));
    expect(ruleIds(alerts)).toEqual(['diameter-realm-not-plmn']);
  });
});
