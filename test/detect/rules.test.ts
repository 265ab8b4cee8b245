/** The shipped rule pack: each rule's positive case fires exactly that rule; legitimate counterparts fire nothing. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadProfile } from '../../src/detect/profile.js';
import { diameterEvent, diameterUlr, mapInvoke, mapUl } from '../support/events.js';
import {
  CN_GT,
  GB_VLR,
  HOME_GMSC,
  HOME_HLR,
  IMSI,
  KDDI_VLR,
  MSISDN,
  NG_GT,
  NTT_GMSC,
  NTT_VLR,
  RU_GT,
  T0,
  WATCHED_PC,
  detector,
  hlrAccepts,
  profile,
  registerInJapan,
  ruleIds,
} from './fixture.js';

const S6A = 16777251;
const FOREIGN_REALM = 'epc.mnc001.mcc460.3gppnetwork.org';
const HOME_REALM = 'epc.mnc410.mcc310.3gppnetwork.org';
const NTT_REALM = 'epc.mnc010.mcc440.3gppnetwork.org';

describe('location-origin-mismatch', () => {
  it('flags an SRI from a third country and explains what the state knew', () => {
    const { det, alerts } = detector();
    const ulFrame = registerInJapan(det);
    det.event(mapInvoke({ op: 22, callingGt: CN_GT, msisdn: MSISDN, ts: T0 + 60 }));
    expect(ruleIds(alerts)).toEqual(['location-origin-mismatch']);
    const a = alerts[0]!;
    expect(a.level).toBe('high');
    expect(a.origin).toMatchObject({ gt: CN_GT, country: 'CN' });
    expect(a.visited).toEqual({ country: 'JP', network: 'NTT Docomo', since: '2023-11-14T22:13:20Z', frame: ulFrame });
    expect(a.subscriber).toEqual({ imsi: IMSI, msisdn: MSISDN });
    expect(a.explanation).toBe(
      `SRI for +${MSISDN} from CN (GT ${CN_GT}) while the subscriber is registered in JP NTT Docomo (VLR ${NTT_VLR}, since 2023-11-14T22:13:20Z, frame ${ulFrame})`,
    );
    expect(a.ts).toBe('2023-11-14T22:14:20.000000Z');
    expect(a.evidence).toMatchObject({ frame: a.frame, protocol: 'map', component: { opcode: 22 } });
    expect(a.assumptions).toBeUndefined();
  });

  it('stays silent for SRI from the visited network, SRI/PSL from home and SRI-for-SM from a foreign SMSC', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(mapInvoke({ op: 22, callingGt: NTT_GMSC, msisdn: MSISDN, ts: T0 + 10 }));
    det.event(mapInvoke({ op: 22, callingGt: HOME_GMSC, msisdn: MSISDN, ts: T0 + 20 }));
    det.event(mapInvoke({ op: 83, callingGt: '12025550077', msisdn: MSISDN, ts: T0 + 30 }));
    det.event(mapInvoke({ op: 45, callingGt: CN_GT, msisdn: MSISDN, args: { serviceCentreAddress: CN_GT }, ts: T0 + 40 }));
    expect(alerts).toEqual([]);
  });

  it('alerts one level lower, with the assumption stated, when the visited network is unknown', () => {
    const { det, alerts } = detector();
    det.event(mapInvoke({ op: 83, callingGt: CN_GT, msisdn: '12025550199', ts: T0 }));
    expect(ruleIds(alerts)).toEqual(['location-origin-mismatch']);
    expect(alerts[0]!.level).toBe('medium');
    expect(alerts[0]!.visited).toBeUndefined();
    expect(alerts[0]!.assumptions).toEqual([expect.stringContaining('visited network unknown')]);
    expect(alerts[0]!.explanation).toContain('visited network is unknown');
  });

  it('leaves an IDR asking for the location to cat2-not-home (one alert): from a foreign realm, from the visited partner, never from the home HSS', () => {
    // Red-team round 10 B2: an IDR is HSS → MME (TS 29.272 §5.2.2.1.1) whatever its IDR-Flags
    // (§7.3.103: 8 EPS Location Information Request, 16 Current Location Request).
    const { det, alerts } = detector();
    registerInJapan(det);
    const idr = (realm: string, flags: number) =>
      diameterEvent({ app: S6A, cmd: 319, originRealm: realm, originHost: `hss.${realm}`, userName: IMSI, args: { idrFlags: flags }, ts: T0 + 5 });
    det.event(idr(HOME_REALM, 16));
    expect(alerts).toEqual([]);
    det.event(idr(FOREIGN_REALM, 16));
    expect(alerts.map((a) => [a.rule, a.level])).toEqual([['cat2-not-home', 'high']]);
    expect(alerts[0]!.origin).toMatchObject({ realm: FOREIGN_REALM, country: 'CN' });
    // The visited network is NTT Docomo (a declared partner here): still not the subscriber's home.
    for (const flags of [8, 16, 24]) det.event(idr(NTT_REALM, flags));
    expect(alerts.map((a) => [a.rule, a.level])).toEqual([['cat2-not-home', 'high'], ...Array(3).fill(['cat2-not-home', 'high'])]);
    const partner = profile({ partners: [{ name: 'NTT Docomo', country: 'JP', plmn: '44010', realms: [NTT_REALM] }] });
    const p = detector(partner);
    p.det.event(idr(NTT_REALM, 24));
    expect(ruleIds(p.alerts)).toEqual(['cat2-not-home']);
  });

  it('flags SLg PLR from a foreign GMLC realm', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(diameterEvent({ app: 16777255, cmd: 8388620, originRealm: FOREIGN_REALM, userName: IMSI, ts: T0 + 5 }));
    expect(ruleIds(alerts)).toEqual(['location-origin-mismatch']);
  });
});

describe('ul-origin-spoof', () => {
  it('flags a UL whose calling GT is in another network than its VLR number', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, callingGt: CN_GT, ts: T0 + 60 }));
    expect(ruleIds(alerts)).toEqual(['ul-origin-spoof']);
    expect(alerts[0]!.explanation).toContain(`names vlrNumber ${NTT_VLR} in JP NTT Docomo`);
  });

  it('flags a ULR whose Origin-Realm is not its Visited-PLMN-Id; consistent UL/ULR pass', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, ts: T0 + 30 }));
    det.event(diameterUlr({ imsi: IMSI, originRealm: NTT_REALM, visitedPlmn: '44010', ts: T0 + 40 }));
    expect(alerts).toEqual([]);
    det.event(diameterUlr({ imsi: IMSI, originRealm: FOREIGN_REALM, visitedPlmn: '44010', ts: T0 + 50 }));
    expect(ruleIds(alerts)).toEqual(['ul-origin-spoof']);
  });
});

describe('impossible-travel', () => {
  it('flags Tokyo → London ten minutes later, and the flagged UL does not move the subscriber', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(mapUl({ imsi: IMSI, vlr: GB_VLR, ts: T0 + 600 }));
    expect(ruleIds(alerts)).toEqual(['impossible-travel']);
    expect(alerts[0]!.explanation).toMatch(/from JP NTT Docomo .* to GB Vodafone UK: \d+ km in 10 min/);
    // Still registered in Japan: an SRI from the British GMSC is not from the visited network.
    alerts.length = 0;
    det.event(mapInvoke({ op: 22, callingGt: '447700900099', msisdn: MSISDN, ts: T0 + 700 }));
    expect(ruleIds(alerts)).toEqual(['location-origin-mismatch']);
    expect(alerts[0]!.visited?.country).toBe('JP');
    expect(det.stats.notLearned).toBe(2);
  });

  it('lets a land border be crossed in minutes: home → Mexico → home 15 min apart, not Mexico → London (red-team round 10 T1)', () => {
    const MX_VLR = '5255100001';
    const withMexico = profile({
      networks: [
        { name: 'Telcel', country: 'MX', plmn: '334020', gt_prefixes: ['5255100'] },
        { name: 'Vodafone UK', country: 'GB', plmn: '23415', gt_prefixes: ['4477009'] },
      ],
    });
    const { det, alerts } = detector(withMexico);
    det.event(mapUl({ imsi: IMSI, vlr: '12025550077', hlrGt: HOME_HLR, ts: T0 }));
    det.event(mapUl({ imsi: IMSI, vlr: MX_VLR, hlrGt: HOME_HLR, ts: T0 + 900 }));
    det.event(mapUl({ imsi: IMSI, vlr: '12025550077', hlrGt: HOME_HLR, ts: T0 + 1800 }));
    det.event(mapUl({ imsi: IMSI, vlr: MX_VLR, hlrGt: HOME_HLR, ts: T0 + 2700 }));
    expect(alerts).toEqual([]);
    // Washington and Mexico City are 3,000 km apart; Mexico City and London share no border.
    det.event(mapUl({ imsi: IMSI, vlr: GB_VLR, hlrGt: HOME_HLR, ts: T0 + 3600 }));
    expect(ruleIds(alerts)).toEqual(['impossible-travel']);
    expect(alerts[0]!.explanation).toMatch(/from MX Telcel .* to GB Vodafone UK/);
  });

  it('lets Tokyo → London 16 h later through and moves the subscriber', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(mapUl({ imsi: IMSI, vlr: GB_VLR, ts: T0 + 16 * 3600 }));
    hlrAccepts(det, GB_VLR, T0 + 16 * 3600);
    det.event(mapInvoke({ op: 22, callingGt: '447700900099', msisdn: MSISDN, ts: T0 + 16 * 3600 + 60 }));
    expect(alerts).toEqual([]);
    expect(det.snapshotState().subscribers[0]!.visited?.info.country).toBe('GB');
  });
});

describe('cat1-from-outside', () => {
  const partner = profile({ partners: [{ name: 'NTT Docomo', country: 'JP', plmn: '44010', realms: [NTT_REALM] }] });
  /** Each event alone, in a fresh detector for `partner` (after the subscriber registered in Japan when `registered`): one high cat1-from-outside. */
  const eachHighAlone = (cases: readonly (readonly [string, ReturnType<typeof diameterEvent>])[], registered = false) => {
    for (const [name, ev] of cases) {
      const { det, alerts } = detector(partner);
      if (registered) registerInJapan(det);
      det.event(ev);
      expect(
        alerts.map((a) => [a.rule, a.level]),
        name,
      ).toEqual([['cat1-from-outside', 'high']]);
    }
  };

  it('flags ATI from abroad, not from a home gsmSCF', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(mapInvoke({ op: 71, callingGt: '12025550050', msisdn: MSISDN, ts: T0 + 5 }));
    expect(alerts).toEqual([]);
    det.event(mapInvoke({ op: 71, callingGt: CN_GT, msisdn: MSISDN, ts: T0 + 6 }));
    expect(ruleIds(alerts)).toEqual(['cat1-from-outside']);
    expect(alerts[0]!.explanation).toContain('outside the home network (US Example Mobile)');
  });

  it('flags the Diameter analogues of ATI / SRI-for-LCS from outside home, partners included: Sh UDR/SNR for LocationInformation, SLh RIR', () => {
    // Red-team round 10 B3: Sh (AS ↔ HSS, TS 29.328 §4) and SLh (GMLC ↔ HSS, TS 29.173 §4) are no roaming interfaces.
    const sh = (cmd: number, realm: string, dataReference: number[]) =>
      diameterEvent({ app: 16777217, cmd, originRealm: realm, originHost: `as.${realm}`, userName: IMSI, msisdn: MSISDN, args: { dataReference }, ts: T0 + 5 });
    const rir = (realm: string) => diameterEvent({ app: 16777291, cmd: 8388622, originRealm: realm, originHost: `gmlc.${realm}`, msisdn: MSISDN, ts: T0 + 5 });
    eachHighAlone(
      [
        ['UDR', sh(306, NTT_REALM, [14])],
        ['SNR', sh(308, NTT_REALM, [0, 14])],
        ['RIR', rir(NTT_REALM)],
      ],
      true,
    );
    // The home application server / GMLC: routine; a UDR for another Data-Reference is not in scope.
    const { det, alerts } = detector(partner);
    registerInJapan(det);
    det.event(sh(306, HOME_REALM, [14]));
    det.event(sh(308, HOME_REALM, [14]));
    det.event(rir(HOME_REALM));
    det.event(sh(306, NTT_REALM, [0]));
    expect(alerts).toEqual([]);
  });

  it('cat1-from-outside: the Sh selection is named for what it covers and lists exactly the Data-Reference values its description names', () => {
    // Named `sh_location` when it held LocationInformation alone (rt10 B3); presence, routing and identity joined it (rt11 R4).
    const rule = parse(readFileSync(new URL('../../rules/cat1-from-outside.yaml', import.meta.url), 'utf8')) as {
      description: string;
      detection: Record<string, unknown>;
    };
    const sel = rule.detection['sh_tracking_data'] as Record<string, number[]> | undefined;
    expect(Object.keys(rule.detection).filter((k) => /location/.test(k))).toEqual([]);
    expect(rule.detection['condition']).toBe('outside and (not sh_read or sh_tracking_data)');
    const d = rule.description.replace(/\s+/g, ' ');
    const named = d.slice(d.indexOf('§6.3.4):'), d.indexOf('; SLh')).matchAll(/\b[A-Z][A-Za-z-]+ (\d{1,2})\b/g);
    expect([...sel!['args.dataReference']!].sort((a, b) => a - b)).toEqual([...named].map((m) => Number(m[1])).sort((a, b) => a - b));
  });

  it('flags Sh reads of location, presence, routing and identity data from outside home, not service data (red-team rt11 R4)', () => {
    // TS 29.328 §7.6 / TS 29.329 §6.3.4: 31 ReferenceLocationInformation, 30 CSRN, 32 IMSI, 15 UserState, 26 TADSinformation, ...
    const udr = (realm: string, dr: number) =>
      diameterEvent({ app: 16777217, cmd: 306, originRealm: realm, originHost: `as.${realm}`, msisdn: MSISDN, args: { dataReference: [dr] }, ts: T0 + 5 });
    eachHighAlone(
      [10, 11, 12, 15, 17, 24, 25, 26, 30, 31, 32, 33, 34].flatMap((dr) =>
        [FOREIGN_REALM, NTT_REALM].map((realm) => [`DR ${dr} from ${realm}`, udr(realm, dr)] as const),
      ),
    );
    // Repository data, iFC, charging information and the home AS's reads: no alert.
    const { det, alerts } = detector(partner);
    for (const dr of [0, 13, 16]) det.event(udr(NTT_REALM, dr));
    for (const dr of [14, 30, 31, 32]) det.event(udr(HOME_REALM, dr));
    expect(alerts).toEqual([]);
  });

  it('flags S6t Configuration-Information and S6m Subscriber-Information requests from outside home, partners included (red-team rt11 R12)', () => {
    // TS 29.336: S6t joins the home SCEF, S6m the home MTC-IWF to the HSS (TS 23.682 §4.2).
    const cir = (realm: string) =>
      diameterEvent({ app: 16777345, cmd: 8388718, originRealm: realm, originHost: `scef.${realm}`, userName: IMSI, args: { monitoringType: 2 }, ts: T0 + 5 });
    const sir = (realm: string) => diameterEvent({ app: 16777310, cmd: 8388641, originRealm: realm, originHost: `iwf.${realm}`, msisdn: MSISDN, ts: T0 + 5 });
    eachHighAlone([
      ['CIR CN', cir(FOREIGN_REALM)],
      ['CIR partner', cir(NTT_REALM)],
      ['SIR CN', sir(FOREIGN_REALM)],
      ['SIR partner', sir(NTT_REALM)],
    ]);
    const { det, alerts } = detector(partner);
    det.event(cir(HOME_REALM));
    det.event(sir(HOME_REALM));
    expect(alerts).toEqual([]);
  });

  it('flags T6a CIR, S6t NIR, Cx UAR/SAR/LIR/MAR, SWx and Wx MAR/SAR and Zh MAR from outside home, partners included (red-team rt12 F9, review 13-B #3)', () => {
    // T6a: home SCEF ↔ home MME (TS 23.682 §4.2); Cx: I-/S-CSCF ↔ HSS (TS 23.228 §4.3); SWx: 3GPP AAA server ↔ HSS; Zh: BSF ↔ HSS.
    const req = (app: number, cmd: number, realm: string) =>
      diameterEvent({ app, cmd, originRealm: realm, originHost: `node.${realm}`, userName: IMSI, msisdn: MSISDN, ts: T0 + 5 });
    const commands = [
      ['T6a CIR', 16777346, 8388718],
      ['S6t NIR', 16777345, 8388726],
      ['Cx UAR', 16777216, 300],
      ['Cx SAR', 16777216, 301],
      ['Cx LIR', 16777216, 302],
      ['Cx MAR', 16777216, 303],
      ['SWx SAR', 16777265, 301],
      ['SWx MAR', 16777265, 303],
      ['Wx SAR', 16777219, 301],
      ['Wx MAR', 16777219, 303],
      ['Zh MAR', 16777221, 303],
    ] as const;
    eachHighAlone(commands.flatMap(([name, app, cmd]) => [FOREIGN_REALM, NTT_REALM].map((realm) => [`${name} ${realm}`, req(app, cmd, realm)] as const)));
    const { det, alerts } = detector(partner);
    for (const [, app, cmd] of commands) det.event(req(app, cmd, HOME_REALM));
    // Cx Registration-Termination and Push-Profile are the HSS's (TS 29.229 §6.1.9, §6.1.11): not in scope.
    det.event(req(16777216, 304, FOREIGN_REALM));
    expect(alerts).toEqual([]);
  });
});

describe('origin attributed by the first Route-Record (red-team rt11 R10)', () => {
  const BS_DEA = 'dea1.epc.mnc390.mcc364.3gppnetwork.org';
  const rir = (realm: string, routeRecord: string[]) =>
    diameterEvent({ app: 16777291, cmd: 8388622, originRealm: realm, originHost: `gmlc1.${realm}`, msisdn: MSISDN, routeRecord, ts: T0 + 5 });

  it("a home or partner Origin-Realm whose first relay is another operator's agent is that operator", () => {
    const partner = profile({ partners: [{ name: 'NTT Docomo', country: 'JP', plmn: '44010', realms: [NTT_REALM] }] });
    for (const realm of [HOME_REALM, NTT_REALM]) {
      const { det, alerts } = detector(partner);
      // The sending peer (the first Route-Record, RFC 6733 §6.1.8) is the Bahamas DEA; the agents after it (nearest the tap) are home's.
      det.event(rir(realm, [BS_DEA, `dea1.${HOME_REALM}`]));
      expect(
        alerts.map((a) => [a.rule, a.level, a.origin?.country]),
        realm,
      ).toEqual([['cat1-from-outside', 'high', 'BS']]);
      expect(alerts[0]!.explanation).toContain(`Route-Record ${BS_DEA}: a peer an agent received the request from`);
      expect(alerts[0]!.explanation).toContain(`the request claims realm ${realm}`);
    }
  });

  it("every Route-Record is read: entries the sender writes before the foreign agent's hide nothing (review 11-A)", () => {
    for (const forged of [[`dea1.${HOME_REALM}`], ['x'], [`dea1.${HOME_REALM}`, 'dra.ipx-hub.example']]) {
      const { det, alerts } = detector();
      det.event(rir(HOME_REALM, [...forged, BS_DEA, `dea1.${HOME_REALM}`]));
      expect(alerts.map((a) => [a.rule, a.origin?.country])).toEqual([['cat1-from-outside', 'BS']]);
    }
  });

  it('home traffic through its own DEAs, partner traffic through its own or a declared IPX or hub, stay theirs', () => {
    const IPX = 'dra1.epc.mnc999.mcc310.3gppnetwork.org';
    const p = profile({
      partners: [{ name: 'NTT Docomo', country: 'JP', plmn: '44010', realms: [NTT_REALM] }],
      networks: [
        { name: 'Example IPX', country: 'US', plmn: '310999', role: 'ipx', realms: ['epc.mnc999.mcc310.3gppnetwork.org'] },
        // A hub that names its agents outside any 3GPP realm: declared with that domain (review 12-B #3).
        { name: 'Example Hub', country: 'GB', role: 'hub', realms: ['ipx-hub.example'] },
      ],
    });
    const { det, alerts } = detector(p);
    det.event(rir(HOME_REALM, [`dea1.${HOME_REALM}`, `dea2.${HOME_REALM}`, IPX]));
    // SLg PLR from the partner's GMLC, first relayed by the declared IPX, then by the partner's own DEA.
    const plr = (relay: string, ts: number) =>
      diameterEvent({
        app: 16777255,
        cmd: 8388620,
        originRealm: NTT_REALM,
        originHost: `gmlc.${NTT_REALM}`,
        userName: IMSI,
        msisdn: MSISDN,
        routeRecord: [relay],
        ts,
      });
    det.event(plr(IPX, T0 + 6));
    det.event(plr(`dea.${NTT_REALM}`, T0 + 7));
    det.event(plr('dra.ipx-hub.example', T0 + 7));
    // A peer of the claimed network's country: the partner's second PLMN (KDDI's realm here), the home's own other PLMN (review 11-C).
    det.event(plr('mme1.epc.mnc050.mcc440.3gppnetwork.org', T0 + 8));
    det.event(rir(HOME_REALM, ['hss1.epc.mnc260.mcc310.3gppnetwork.org', `dea1.${HOME_REALM}`]));
    expect(alerts).toEqual([]);
  });
});

describe('home origin through an unattributable sending peer (red-team rt12 F1)', () => {
  const rir = (routeRecord: string[], originHost = `gmlc1.${HOME_REALM}`) =>
    diameterEvent({ app: 16777291, cmd: 8388622, originRealm: HOME_REALM, originHost, msisdn: MSISDN, routeRecord, ts: T0 + 5 });

  it('a home realm relayed from a non-3GPP FQDN, an IP literal or a bare ccTLD is from outside, unattributed', () => {
    for (const rr of [['dea1.bahamas-telecom.example'], ['192.0.2.7'], ['dea1.bs'], [`dea.${HOME_REALM}`, 'dea1.bahamas.example']]) {
      const { det, alerts } = detector();
      det.event(rir(rr));
      expect(
        alerts.map((a) => [a.rule, a.level, a.origin?.country]),
        rr.join(','),
      ).toEqual([['cat1-from-outside', 'high', undefined]]);
      expect(alerts[0]!.explanation).toContain(`Route-Record ${rr.at(-1)}: a peer an agent received the request from`);
      expect(alerts[0]!.explanation).toContain('not from a peer named in no network the profile or the registry knows');
    }
  });

  it('once the profile declares its relays, a partner realm relayed from an undeclared non-3GPP FQDN, IP literal or bare ccTLD is from outside too (review 12-B #3)', () => {
    const partner = profile({
      partners: [{ name: 'NTT Docomo', country: 'JP', plmn: '44010', realms: [NTT_REALM] }],
      networks: [{ name: 'Example IPX', country: 'GB', role: 'ipx', realms: ['ipx.example'] }],
    });
    // SLg PLR for a home subscriber claiming the partner's GMLC (rt12 F1 with the partner's realm instead of home's).
    const plr = (routeRecord: string[]) =>
      diameterEvent({
        app: 16777255,
        cmd: 8388620,
        originRealm: NTT_REALM,
        originHost: `gmlc1.${NTT_REALM}`,
        userName: IMSI,
        msisdn: MSISDN,
        routeRecord,
        ts: T0 + 5,
      });
    for (const rr of [['dea1.bahamas-telecom.example'], ['192.0.2.7'], ['dea1.bs'], [`dea.${NTT_REALM}`, 'dea1.bahamas.example']]) {
      const { det, alerts } = detector(partner);
      det.event(plr(rr));
      expect(
        alerts.map((a) => [a.rule, a.origin?.country]),
        rr.join(','),
      ).toEqual([['location-origin-mismatch', undefined]]);
      expect(alerts[0]!.explanation).toContain(`Route-Record ${rr.at(-1)}: a peer an agent received the request from`);
    }
    // The partner's own names (its Origin-Host, a host in its realm) and the declared IPX's stay the partner's.
    const { det, alerts } = detector(partner);
    det.event(plr([`gmlc1.${NTT_REALM}`]));
    det.event(plr([`dea2.${NTT_REALM}`]));
    det.event(plr(['dra1.ipx.example']));
    expect(alerts).toEqual([]);
    // A profile that declares no relay: a partner's request through an IPX named in the carrier's own domain
    // is the partner's (review 13-B #1: an undeclared IPX made every honest partner request a high alert).
    const plain = detector(profile({ partners: [{ name: 'NTT Docomo', country: 'JP', plmn: '44010', realms: [NTT_REALM] }] }));
    for (const rr of [['dra01.fra.ipx-carrier.net'], ['dea01.docomo.ne.jp'], ['192.0.2.7']]) plain.det.event(plr(rr));
    expect(plain.alerts).toEqual([]);
  });

  it("an attributed foreign peer is named before an unattributable one; the claimed network's own names stay home", () => {
    const { det, alerts } = detector();
    det.event(rir(['x', 'dea1.epc.mnc390.mcc364.3gppnetwork.org']));
    expect(alerts.map((a) => a.origin?.country)).toEqual(['BS']);
    const home = detector(
      profile({
        home: {
          name: 'Example Mobile',
          gt_prefixes: ['1202555'],
          imsi_prefixes: ['310410'],
          msisdn_prefixes: ['1202555'],
          realms: [HOME_REALM, 'operator.example'],
        },
      }),
    );
    // The Origin-Host itself (non-3GPP name), a host inside the Origin-Realm, a host inside a declared home realm.
    home.det.event(rir(['gmlc1.operator.example'], 'gmlc1.operator.example'));
    home.det.event(rir([`dea7.${HOME_REALM}`]));
    home.det.event(rir(['dra1.operator.example']));
    expect(home.alerts).toEqual([]);
  });
});

describe('cat2-not-home', () => {
  it('flags PSI for a home subscriber from outside home, not from the home HLR', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(mapInvoke({ op: 70, callingGt: HOME_HLR, imsi: IMSI, ts: T0 + 5 }));
    expect(alerts).toEqual([]);
    det.event(mapInvoke({ op: 70, callingGt: CN_GT, imsi: IMSI, ts: T0 + 6 }));
    expect(ruleIds(alerts)).toEqual(['cat2-not-home']);
  });

  it('for inbound roamers accepts ISD from their own HLR only', () => {
    const { det, alerts } = detector();
    const roamer = '440101234567890';
    det.event(mapInvoke({ op: 7, callingGt: '81901200010', imsi: roamer, args: { msisdn: '819012345678' }, ts: T0 }));
    expect(alerts).toEqual([]);
    det.event(mapInvoke({ op: 7, callingGt: '81905550010', imsi: roamer, ts: T0 + 1 }));
    expect(ruleIds(alerts)).toEqual(['cat2-not-home']);
    expect(alerts[0]!.explanation).toContain("subscriber's home network (JP NTT Docomo)");
  });

  it('covers network-initiated USSD, ActivateTraceMode and IST-Command from outside the home: HLR → VLR/MSC operations (red-team round 10 B5)', () => {
    // TS 29.002 §11.9/§11.10: unstructuredSS-Request (60) / -Notify (61) come from the HLR or home gsmSCF.
    for (const [op, id] of [
      [60, { msisdn: MSISDN }],
      [61, { msisdn: MSISDN }],
      [50, { imsi: IMSI }],
      [88, { imsi: IMSI }],
    ] as const) {
      const { det, alerts } = detector();
      registerInJapan(det);
      det.event(mapInvoke({ op, callingGt: HOME_HLR, calledGt: NTT_VLR, ...id, ts: T0 + 5 }));
      expect(alerts, `op ${op} from home`).toEqual([]);
      det.event(mapInvoke({ op, callingGt: CN_GT, calledGt: NTT_VLR, ...id, ts: T0 + 6 }));
      expect(
        alerts.map((a) => [a.rule, a.level]),
        `op ${op}`,
      ).toEqual([['cat2-not-home', 'high']]);
    }
    // Reset (37) names no subscriber and comes from inbound roamers' HLRs abroad: not in scope.
    const { det, alerts } = detector();
    det.event(mapInvoke({ op: 37, callingGt: CN_GT, calledGt: NTT_VLR, args: { hlrNumber: CN_GT }, ts: T0 }));
    expect(alerts).toEqual([]);
  });

  it('covers Diameter IDR without location flags (FS.19)', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(diameterEvent({ app: S6A, cmd: 319, originRealm: FOREIGN_REALM, userName: IMSI, args: { idrFlags: 1 }, ts: T0 + 5 }));
    expect(ruleIds(alerts)).toEqual(['cat2-not-home']);
  });
});

// rt14 G1: S7a (16777308) became a definer of IDR/DSR/RSR in round 13 and no rule named it: an IDR
// asking for the location from China under S7a's id raised nothing. The CSS is the serving network's
// (TS 29.272 §5A): from home or the visited network the subscriber is registered in, nothing.
describe('S7a IDR / DSR / RSR (CSS → MME, TS 29.272 §5A)', () => {
  const S7A = 16777308;
  const cmd = (c: number, realm: string, flags?: number, imsi = IMSI, ts = T0 + 5) =>
    diameterEvent({
      app: S7A,
      cmd: c,
      originRealm: realm,
      originHost: `css.${realm}`,
      userName: imsi,
      args: flags === undefined ? {} : { idrFlags: flags },
      ts,
    });

  it('from outside home and the visited network: cat2-not-home high, with the visited network known or not', () => {
    for (const c of [319, 320, 322]) {
      const { det, alerts } = detector();
      registerInJapan(det);
      det.event(cmd(c, FOREIGN_REALM, c === 319 ? 24 : undefined));
      expect(
        alerts.map((a) => [a.rule, a.level]),
        `cmd ${c}`,
      ).toEqual([['cat2-not-home', 'high']]);
      expect(alerts[0]!.origin).toMatchObject({ realm: FOREIGN_REALM, country: 'CN' });
    }
    const { det, alerts } = detector();
    det.event(cmd(319, FOREIGN_REALM, 24, '310410100000099'));
    expect(alerts.map((a) => [a.rule, a.level])).toEqual([['cat2-not-home', 'high']]);
  });

  it("honest: from the visited network's CSS (JP, where the subscriber is registered) or home's, nothing", () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    for (const c of [319, 320, 322]) {
      det.event(cmd(c, NTT_REALM));
      det.event(cmd(c, HOME_REALM));
    }
    // an inbound roamer (JP) on a home MME: home's CSS
    det.event(cmd(319, HOME_REALM, undefined, '440101234567890'));
    expect(alerts).toEqual([]);
  });

  it('the location flags count for multi-origin-targeting under S7a as under S6a', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    for (const [i, realm] of [FOREIGN_REALM, 'epc.mnc001.mcc250.3gppnetwork.org', 'epc.mnc020.mcc621.3gppnetwork.org'].entries())
      det.event(cmd(319, realm, 24, IMSI, T0 + 60 * (i + 1)));
    expect(alerts.filter((a) => a.rule === 'multi-origin-targeting')).toHaveLength(1);
  });
});

describe('multi-origin-targeting', () => {
  it('fires once on the third distinct origin within 24 h', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    for (const [i, gt] of [CN_GT, RU_GT, NG_GT, CN_GT].entries()) {
      det.event(mapInvoke({ op: 22, callingGt: gt, msisdn: MSISDN, ts: T0 + 3600 * (i + 1) }));
    }
    const multi = alerts.filter((a) => a.rule === 'multi-origin-targeting');
    expect(multi).toHaveLength(1);
    expect(multi[0]!.origin.gt).toBe(NG_GT);
    expect(multi[0]!.explanation).toContain('3rd distinct origin');
    expect(alerts.filter((a) => a.rule === 'location-origin-mismatch')).toHaveLength(4);
  });

  it('lists every counted origin with its own frame when the per-subscriber cap drops the oldest on the add', () => {
    // correlationEventsPerSubscriber 2: the third origin's add drops the first observation and
    // re-uses its slot, so the labels must be read before it (engine.ts distinct).
    for (const cap of [2, 64]) {
      const { det, alerts } = detector(profile(), { limits: { correlationEventsPerSubscriber: cap } });
      registerInJapan(det);
      const frames: number[] = [];
      for (const [i, gt] of [CN_GT, RU_GT, NG_GT].entries()) {
        const ev = mapInvoke({ op: 22, callingGt: gt, msisdn: MSISDN, ts: T0 + 3600 * (i + 1) });
        frames.push(ev.frame);
        det.event(ev);
      }
      const multi = alerts.filter((a) => a.rule === 'multi-origin-targeting');
      expect(multi).toHaveLength(1);
      // The explanation ends with the origin list (detect/alert.ts, reason `distinct`).
      const list = multi[0]!.explanation.slice(multi[0]!.explanation.indexOf('visited network): ') + 'visited network): '.length).split('; ');
      expect(list.map((l) => l.replace(/^.* \(/, '('))).toEqual([CN_GT, RU_GT, NG_GT].map((gt, i) => `(GT ${gt}, frame ${frames[i]})`));
    }
  });

  it('leaves out of count and list an origin that has since become the visited network', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    const frames: number[] = [];
    const sri = (gt: string, h: number): void => {
      const ev = mapInvoke({ op: 22, callingGt: gt, msisdn: MSISDN, ts: T0 + 3600 * h });
      frames.push(ev.frame);
      det.event(ev);
    };
    sri('447700900099', 1);
    sri(CN_GT, 2);
    det.event(mapUl({ imsi: IMSI, vlr: GB_VLR, ts: T0 + 16 * 3600 })); // the subscriber moves to GB
    hlrAccepts(det, GB_VLR, T0 + 16 * 3600);
    sri(RU_GT, 17); // GB no longer counts: 2 origins
    expect(alerts.filter((a) => a.rule === 'multi-origin-targeting')).toEqual([]);
    sri(NG_GT, 18);
    const multi = alerts.filter((a) => a.rule === 'multi-origin-targeting');
    expect(multi).toHaveLength(1);
    const e = multi[0]!.explanation;
    expect(e).toContain('3rd distinct origin');
    const list = e.slice(e.indexOf('visited network): ') + 'visited network): '.length).split('; ');
    expect(list.map((l) => l.replace(/^.* \(/, '('))).toEqual([CN_GT, RU_GT, NG_GT].map((gt, i) => `(GT ${gt}, frame ${frames[i + 1]})`));
  });

  it('does not fire when the origins are spread over more than the window', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    for (const [i, gt] of [CN_GT, RU_GT, NG_GT].entries()) {
      det.event(mapInvoke({ op: 22, callingGt: gt, msisdn: MSISDN, ts: T0 + 13 * 3600 * i }));
    }
    expect(alerts.filter((a) => a.rule === 'multi-origin-targeting')).toEqual([]);
  });
});

describe('watched-carrier', () => {
  it('reports a legitimate SRI that transits a watched carrier (info) and counts the exposure', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(mapInvoke({ op: 22, callingGt: NTT_GMSC, msisdn: MSISDN, ts: T0 + 5 }));
    expect(alerts).toEqual([]);
    det.event(mapInvoke({ op: 22, callingGt: NTT_GMSC, opc: WATCHED_PC, msisdn: MSISDN, ts: T0 + 6 }));
    expect(ruleIds(alerts)).toEqual(['watched-carrier']);
    expect(alerts[0]!.level).toBe('info');
    expect(det.exposure()).toEqual({ 'Example Transit Carrier': { messages: 1, byMessage: { SRI: 1 }, byVia: { 'MTP OPC': 1 } } });
  });

  it('does not stop the state from learning a UL that transits the carrier', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(mapInvoke({ op: 2, callingGt: GB_VLR, opc: WATCHED_PC, imsi: IMSI, args: { imsi: IMSI, vlrNumber: GB_VLR }, ts: T0 + 20 * 3600 }));
    hlrAccepts(det, GB_VLR, T0 + 20 * 3600);
    expect(ruleIds(alerts)).toEqual(['watched-carrier']);
    expect(det.snapshotState().subscribers[0]!.visited?.info.country).toBe('GB');
  });
});

describe('cat3-bypass-sequence', () => {
  it('flags a CancelLocation followed by a UL from another network within the window', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(mapInvoke({ op: 3, callingGt: HOME_HLR, calledGt: '81901200050', imsi: IMSI, args: { imsi: IMSI }, ts: T0 + 60 }));
    expect(alerts).toEqual([]);
    det.event(mapUl({ imsi: IMSI, vlr: KDDI_VLR, ts: T0 + 120 }));
    expect(ruleIds(alerts)).toEqual(['cat3-bypass-sequence']);
    expect(alerts[0]!.level).toBe('medium');
  });

  it('stays silent when the UL after the cancellation comes from the same network, or after the window', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(mapInvoke({ op: 3, callingGt: HOME_HLR, calledGt: '81901200050', imsi: IMSI, args: { imsi: IMSI }, ts: T0 + 60 }));
    det.event(mapUl({ imsi: IMSI, vlr: '81901200002', ts: T0 + 120 }));
    det.event(mapInvoke({ op: 3, callingGt: HOME_HLR, calledGt: '81901200050', imsi: IMSI, args: { imsi: IMSI }, ts: T0 + 200 }));
    det.event(mapUl({ imsi: IMSI, vlr: KDDI_VLR, ts: T0 + 200 + 7200 }));
    expect(alerts).toEqual([]);
  });
});

describe('purge-ms-from-outside', () => {
  const purge = (callingGt: string, ts: number, imsi = IMSI) =>
    mapInvoke({ op: 67, callingGt, calledGt: HOME_HLR, imsi, args: { imsi, vlrNumber: callingGt }, ts });

  it('flags a PurgeMS for a home subscriber registered in Japan from another network, and it does not purge the state', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(purge(GB_VLR, T0 + 60)); // a partner network the subscriber is not in
    det.event(purge(CN_GT, T0 + 70));
    expect(ruleIds(alerts)).toEqual(['purge-ms-from-outside', 'purge-ms-from-outside']);
    expect(alerts[1]!.level).toBe('high');
    expect(alerts[1]!.origin).toMatchObject({ gt: CN_GT, country: 'CN' });
    expect(alerts[1]!.visited).toMatchObject({ country: 'JP', network: 'NTT Docomo' });
    // The flagged purges did not clear the visited network: an SRI from NTT is still routine.
    det.event(mapInvoke({ op: 22, callingGt: NTT_GMSC, msisdn: MSISDN, ts: T0 + 80 }));
    expect(alerts).toHaveLength(2);
  });

  it('stays silent for a PurgeMS from the visited VLR, from a home VLR and for an inbound roamer', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(purge(NTT_VLR, T0 + 60));
    det.event(purge('12025550077', T0 + 70));
    det.event(purge(CN_GT, T0 + 80, '460001234567890')); // not a home subscriber
    expect(alerts).toEqual([]);
  });

  it('visited network unknown: decided on home only, one level lower', () => {
    const { det, alerts } = detector();
    det.event(purge(CN_GT, T0));
    expect(ruleIds(alerts)).toEqual(['purge-ms-from-outside']);
    expect(alerts[0]!.level).toBe('medium');
    expect(alerts[0]!.assumptions).toEqual([expect.stringContaining('visited network unknown')]);
  });
});

describe('without a profile', () => {
  it('works, and with an inferred home every alert lists that assumption', () => {
    const bare = detector(undefined);
    registerInJapan(bare.det);
    bare.det.event(mapInvoke({ op: 22, callingGt: CN_GT, msisdn: MSISDN, ts: T0 + 60 }));
    // Visited network known (JP) and subscriber home from the IMSI (US): CN is neither.
    expect(ruleIds(bare.alerts)).toEqual(['location-origin-mismatch']);
    expect(bare.alerts[0]!.assumptions).toBeUndefined();

    const p = loadProfile({ home: { name: 'inferred', gt_prefixes: ['1202555'], inferred: true } });
    const withHome = detector(p);
    registerInJapan(withHome.det);
    withHome.det.event(mapInvoke({ op: 71, callingGt: CN_GT, msisdn: MSISDN, ts: T0 + 60 }));
    expect(ruleIds(withHome.alerts)).toEqual(['cat1-from-outside']);
    expect(withHome.alerts[0]!.assumptions).toEqual([expect.stringMatching(/^home network inferred from the traffic \(inferred: 1202555\)/)]);
  });
});

describe('registration-from-non-partner', () => {
  // Red-team round 10 B4: a consistent UL (GT and VLR of one network) from a non-partner, with no previous location.
  const BS_VLR = '12423570005';
  const withPartners = () => profile({ partners: [{ name: 'NTT Docomo', country: 'JP', plmn: '44010', gt_prefixes: ['8190120'], realms: [NTT_REALM] }] });

  it('flags a home subscriber registering from a network that is neither home nor a declared partner, once: the accepted network becomes the visited one', () => {
    const { det, alerts } = detector(withPartners());
    det.event(mapUl({ imsi: IMSI, vlr: BS_VLR, hlrGt: HOME_HLR, ts: T0 }));
    expect(alerts.map((a) => [a.rule, a.level])).toEqual([['registration-from-non-partner', 'low']]);
    expect(alerts[0]!.explanation).toBe(`UL for IMSI ${IMSI} from BS (GT ${BS_VLR}) which is neither home (US Example Mobile) nor a declared partner`);
    // learn: true — the HLR's acceptance makes the Bahamas the visited network, as for any registration.
    hlrAccepts(det, BS_VLR, T0);
    det.event(mapUl({ imsi: IMSI, vlr: BS_VLR, hlrGt: HOME_HLR, ts: T0 + 3600 }));
    det.event(mapInvoke({ op: 22, callingGt: BS_VLR, msisdn: MSISDN, ts: T0 + 3700 }));
    expect(ruleIds(alerts)).toEqual(['registration-from-non-partner']);
    expect(det.snapshotState().subscribers[0]!.visited?.info.country).toBe('BS');
  });

  it('flags a ULR from a non-partner realm whose Visited-PLMN-Id agrees with it', () => {
    const { det, alerts } = detector(withPartners());
    det.event(diameterUlr({ imsi: IMSI, originRealm: FOREIGN_REALM, visitedPlmn: '46001', ts: T0 }));
    expect(ruleIds(alerts)).toEqual(['registration-from-non-partner']);
  });

  it('stays silent for home and partner registrations, and without declared partners', () => {
    const p = detector(withPartners());
    p.det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, hlrGt: HOME_HLR, ts: T0 }));
    p.det.event(mapUl({ imsi: IMSI, vlr: '12025550077', hlrGt: HOME_HLR, ts: T0 + 86_400 }));
    p.det.event(diameterUlr({ imsi: IMSI, originRealm: NTT_REALM, visitedPlmn: '44010', ts: T0 + 2 * 86_400 }));
    expect(p.alerts).toEqual([]);
    const none = detector();
    none.det.event(mapUl({ imsi: IMSI, vlr: BS_VLR, hlrGt: HOME_HLR, ts: T0 }));
    none.det.event(diameterUlr({ imsi: IMSI, originRealm: FOREIGN_REALM, visitedPlmn: '46001', ts: T0 + 86_400 }));
    expect(none.alerts).toEqual([]);
  });
});
