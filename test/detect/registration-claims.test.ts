/**
 * Register-then-track (red-team round 8, ST3): an UpdateLocation / ULR from another network is a
 * claim until the HLR/HSS accepts it (TS 29.002 §8.1.2: UL result with hlr-Number, ISD to that
 * VLR; TS 29.272 §7.2.4: ULA 2001) and nothing once refused (returnError; ULA Experimental-Result
 * 5004): location requests from a claimed-only network stay outside the visited network.
 */
import { describe, expect, it } from 'vitest';
import { diameterEvent, diameterUlr, mapInvoke, mapResult, mapUl } from '../support/events.js';
import type { Ss7Event } from '../../src/events/types.js';
import { CN_GT, GB_VLR, HOME_HLR, IMSI, ISD_IN_UL, MSISDN, NTT_VLR, T0, detector, profile, registerInJapan, ruleIds } from './fixture.js';

/** Four hours on: Japan → China is a plausible flight (no impossible-travel). */
const LATER = T0 + 4 * 3600;
/** Two days on: a flight to the UK (or from the UK to China, Diameter below). */
const ROAM = T0 + 2 * 86400;
const sri = (callingGt: string, ts: number) => mapInvoke({ op: 22, callingGt, calledGt: MSISDN, msisdn: MSISDN, args: { msisdn: MSISDN }, ts });
/** The HLR's returnError to the UL (roamingNotAllowed, MAP error code 8). */
const ulError = (to: string, ts: number, answers = true): Ss7Event => {
  const ev = mapInvoke({ op: 2, type: 'returnError', callingGt: HOME_HLR, calledGt: to, imsi: IMSI, ts, answers });
  ev.component!.errorCode = 8;
  return ev;
};
/** registerInJapan's network as a partner: its UL is no registration-from-non-partner (rules.test.ts). */
const NTT_PARTNER = { name: 'NTT Docomo', gt_prefixes: ['8190120'] };
const visitedOf = (det: ReturnType<typeof detector>['det']) => det.snapshotState().subscribers.find((r) => r.imsi === IMSI)?.visited;

/** The addresses of the subscriber's saved history (the state snapshot's record of IMSI). */
function historyOf(det: ReturnType<typeof detector>['det']): (string | undefined)[] | undefined {
  return det
    .snapshotState()
    .subscribers.find((r) => r.imsi === IMSI)
    ?.history.map((l) => l.address);
}

describe('MAP registration claims', () => {
  it('control: an SRI from China while registered in Japan is location-origin-mismatch', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(sri(CN_GT, LATER + 60));
    expect(ruleIds(alerts)).toEqual(['location-origin-mismatch']);
  });

  it('an unanswered UL from China does not move the subscriber within the answer wait: the SRI from China still alerts (visited JP)', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(mapUl({ imsi: IMSI, vlr: CN_GT, hlrGt: HOME_HLR, ts: LATER }));
    expect(alerts).toEqual([]);
    det.event(sri(CN_GT, LATER + 20));
    expect(ruleIds(alerts)).toEqual(['location-origin-mismatch']);
    expect(alerts[0]!.explanation).toMatch(/registered in JP/);
    expect(visitedOf(det)?.address).toBe(NTT_VLR);
  });

  it('a UL the HLR refuses (returnError) is dropped: SRI and SAI from China alert', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(mapUl({ imsi: IMSI, vlr: CN_GT, hlrGt: HOME_HLR, ts: LATER }));
    det.event(ulError(CN_GT, LATER + 1));
    det.event(sri(CN_GT, LATER + 60));
    det.event(mapInvoke({ op: 56, callingGt: CN_GT, imsi: IMSI, args: { imsi: IMSI }, ts: LATER + 70 }));
    expect(ruleIds(alerts)).toEqual(['registration-refused', 'location-origin-mismatch', 'auth-vector-harvesting']);
    expect(visitedOf(det)?.address).toBe(NTT_VLR);
  });

  it('registration-refused only on the HLR’s error in the UL’s dialogue (rt21 P4: one the TCAP layer did not match to the UL)', () => {
    for (const answers of [true, false]) {
      const { det, alerts } = detector();
      registerInJapan(det);
      det.event(mapUl({ imsi: IMSI, vlr: CN_GT, hlrGt: HOME_HLR, ts: LATER }));
      det.event(ulError(CN_GT, LATER + 1, answers));
      expect(ruleIds(alerts)).toEqual(answers ? ['registration-refused'] : []);
    }
  });

  it('a UL the HLR accepts (UL result to that VLR) moves the subscriber', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(mapUl({ imsi: IMSI, vlr: CN_GT, hlrGt: HOME_HLR, ts: LATER }));
    det.event(mapResult({ op: 2, callingGt: HOME_HLR, calledGt: CN_GT, imsi: IMSI, args: { hlrNumber: HOME_HLR }, ts: LATER + 1 }));
    expect(visitedOf(det)?.address).toBe(CN_GT);
    det.event(sri(CN_GT, LATER + 60));
    expect(alerts).toEqual([]);
  });

  it('normal roaming: UL from a partner, ISD to it, UL result, then the partner’s SRI and SAI raise nothing', () => {
    const { det, alerts } = detector(profile({ partners: [NTT_PARTNER, { name: 'Partner UK', gt_prefixes: ['4477009'] }] }));
    registerInJapan(det);
    det.event(mapUl({ imsi: IMSI, vlr: GB_VLR, hlrGt: HOME_HLR, ts: ROAM }));
    expect(visitedOf(det)?.address).toBe(NTT_VLR);
    det.event(mapInvoke({ op: 7, callingGt: HOME_HLR, calledGt: GB_VLR, imsi: IMSI, args: { msisdn: MSISDN }, ts: ROAM, tcap: ISD_IN_UL }));
    expect(visitedOf(det)?.address).toBe(GB_VLR);
    det.event(mapResult({ op: 2, callingGt: HOME_HLR, calledGt: GB_VLR, imsi: IMSI, args: { hlrNumber: HOME_HLR }, ts: ROAM + 1 }));
    expect(visitedOf(det)?.confirmed?.by).toBe('UL result');
    det.event(sri(GB_VLR, ROAM + 60));
    det.event(mapInvoke({ op: 56, callingGt: GB_VLR, imsi: IMSI, args: { imsi: IMSI }, ts: ROAM + 70 }));
    expect(alerts).toEqual([]);
  });

  it('no answer seen yet (one-direction tap): a UL is trusted at once; a later refusal takes it back', () => {
    const { det, alerts } = detector();
    // Requests only: nothing could confirm the Japanese registration, so it is trusted as sent.
    det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, hlrGt: HOME_HLR, ts: T0 }));
    expect(visitedOf(det)?.address).toBe(NTT_VLR);
    det.event(mapUl({ imsi: IMSI, vlr: CN_GT, hlrGt: HOME_HLR, ts: LATER }));
    expect(visitedOf(det)?.address).toBe(CN_GT);
    det.event(ulError(CN_GT, LATER + 1));
    expect(visitedOf(det)?.address).toBe(NTT_VLR);
    expect(historyOf(det)).toEqual([NTT_VLR]);
    det.event(sri(CN_GT, LATER + 60));
    // The refusal is flagged (registration-refused) and still learned from (engine: a refusal only takes a claim back).
    expect(ruleIds(alerts)).toEqual(['registration-refused', 'location-origin-mismatch']);
  });
});

const S6A = 16777251;
const ULR = 316;
const UK = 'epc.mnc015.mcc234.3gppnetwork.org';
const CN = 'epc.mnc000.mcc460.3gppnetwork.org';
/**
 * The HSS's ULA; `matched`: the transaction table matched it to its ULR (event `diameter.requestFrame`, as the decoder
 * sets it for the answer on the ULR's connection, back), which registration-refused needs (red-team round 21 P4).
 */
const ula = (code: { resultCode?: number; expResultCode?: number }, ts: number, imsi = IMSI, matched = true) => {
  const ev = diameterEvent({ app: S6A, cmd: ULR, request: false, originRealm: 'epc.mnc410.mcc310.3gppnetwork.org', userName: imsi, ts });
  Object.assign(ev.diameter, code);
  if (matched) ev.diameter.requestFrame = 1;
  return ev;
};
const plr = (ts: number) => diameterEvent({ app: 16777255, cmd: 8388620, originHost: `gmlc.${CN}`, originRealm: CN, userName: IMSI, ts });

describe('Diameter registration claims', () => {
  function registeredInUk() {
    const d = detector(profile({ partners: [{ name: 'Partner UK', plmn: '23415' }] }));
    d.det.event(diameterUlr({ imsi: IMSI, originRealm: UK, visitedPlmn: '23415', ts: T0 }));
    d.det.event(ula({ resultCode: 2001 }, T0));
    return d;
  }

  it('control: a PLR from China while registered in the UK alerts', () => {
    const { det, alerts } = registeredInUk();
    det.event(plr(LATER + 60));
    expect(ruleIds(alerts)).toEqual(['location-origin-mismatch']);
  });

  for (const [name, answer] of [
    ['unanswered', undefined],
    ['refused (Experimental-Result 5004)', { expResultCode: 5004 }],
    ['refused (Result-Code 5001)', { resultCode: 5001 }],
  ] as const) {
    it(`a ULR from China ${name}: the PLR from China still alerts`, () => {
      const { det, alerts } = registeredInUk();
      det.event(diameterUlr({ imsi: IMSI, originRealm: CN, visitedPlmn: '46000', ts: ROAM }));
      if (answer !== undefined) det.event(ula(answer, ROAM + 1));
      // Unanswered: within the answer wait (CLAIM_WAIT_SEC), after which a link without answers trusts it.
      det.event(plr(ROAM + (answer === undefined ? 20 : 60)));
      // The ULR from China (no partner): registration-from-non-partner (low, learn: true) on the request.
      expect(ruleIds(alerts)).toEqual(
        answer === undefined
          ? ['registration-from-non-partner', 'location-origin-mismatch']
          : ['registration-from-non-partner', 'registration-refused', 'location-origin-mismatch'],
      );
      expect(visitedOf(det)?.info.plmn).toBe('23415');
    });
  }

  it('an IDR naming the claiming MME (anyone can send one: red-team round 9, R1) accepts nothing; the ULA 5004 refuses', () => {
    const { det, alerts } = registeredInUk();
    det.event(diameterUlr({ imsi: IMSI, originRealm: CN, visitedPlmn: '46000', ts: ROAM }));
    const idr = diameterEvent({
      app: S6A,
      cmd: 319,
      originHost: 'hss.epc.mnc410.mcc310.3gppnetwork.org',
      originRealm: 'epc.mnc410.mcc310.3gppnetwork.org',
      userName: IMSI,
      ts: ROAM,
    });
    idr.diameter.destHost = `mme1.${CN}`;
    idr.diameter.destRealm = CN;
    det.event(idr);
    expect(visitedOf(det)?.info.plmn).toBe('23415');
    det.event(ula({ expResultCode: 5004 }, ROAM + 1));
    det.event(plr(ROAM + 60));
    expect(ruleIds(alerts)).toEqual(['registration-from-non-partner', 'registration-refused', 'location-origin-mismatch']);
  });

  it('registration-refused only on a refusal matched to its request (rt21 P4: a forged ULA 5004 from anywhere, made-up ids)', () => {
    for (const matched of [true, false]) {
      const { det, alerts } = registeredInUk();
      det.event(ula({ expResultCode: 5004 }, ROAM, IMSI, matched));
      expect(ruleIds(alerts)).toEqual(matched ? ['registration-refused'] : []);
    }
  });

  it('a PUR clears the visited network only from the MME the subscriber is at (TS 29.272 §5.2.1.3; review 9, M4), once the PUA answers it (rt21 P5)', () => {
    for (const [host, answered, level] of [
      [`mme2.${UK}`, true, 'high'],
      [`mme1.${UK}`, false, 'high'],
      [`mme1.${UK}`, true, 'medium'],
    ] as const) {
      const { det, alerts } = registeredInUk();
      const pur = diameterEvent({ app: S6A, cmd: 321, originHost: host, originRealm: UK, userName: IMSI, ts: LATER });
      det.event(pur);
      if (answered) {
        // The HSS's PUA 2001 matched to the PUR (TS 29.272 §7.2.14; RFC 6733 §6.2).
        const pua = diameterEvent({ app: S6A, cmd: 321, request: false, originHost: 'hss1.epc.mnc410.mcc310.3gppnetwork.org', ts: LATER + 1 });
        pua.diameter.resultCode = 2001;
        pua.diameter.requestFrame = pur.frame;
        det.event(pua);
      }
      det.event(plr(LATER + 60));
      expect(alerts.map((a) => [a.rule, a.level])).toEqual([['location-origin-mismatch', level]]);
    }
  });

  it('a ULA 2001 then a ULA 5004 for the same ULR: the refusal takes the move back', () => {
    const { det, alerts } = registeredInUk();
    det.event(diameterUlr({ imsi: IMSI, originRealm: CN, visitedPlmn: '46000', ts: ROAM }));
    det.event(ula({ resultCode: 2001 }, ROAM));
    expect(visitedOf(det)?.info.plmn).toBe('46000');
    det.event(ula({ expResultCode: 5004 }, ROAM + 1));
    expect(visitedOf(det)?.info.plmn).toBe('23415');
    det.event(plr(ROAM + 60));
    expect(ruleIds(alerts)).toEqual(['registration-from-non-partner', 'registration-refused', 'location-origin-mismatch']);
  });

  it('a ULR from China accepted (ULA 2001): the subscriber is there', () => {
    const { det, alerts } = registeredInUk();
    det.event(diameterUlr({ imsi: IMSI, originRealm: CN, visitedPlmn: '46000', ts: ROAM }));
    det.event(ula({ resultCode: 2001 }, ROAM + 1));
    det.event(plr(ROAM + 60));
    expect(ruleIds(alerts)).toEqual(['registration-from-non-partner']);
    expect(visitedOf(det)?.info.plmn).toBe('46000');
  });
});

describe('unconfirmed registrations do not flush the state (red-team round 8, ST2)', () => {
  it('thousands of unanswered ULs for other subscribers leave the registered victim in place', () => {
    const { det, alerts } = detector(profile(), { limits: { subscribers: 4200 } });
    registerInJapan(det);
    // 5,000 ULs for other home IMSIs from one Chinese VLR, never answered: more than the table holds.
    for (let i = 0; i < 5000; i++) det.event(mapUl({ imsi: `310410${String(200000000 + i).padStart(9, '0')}`, vlr: CN_GT, hlrGt: HOME_HLR, ts: T0 + 60 }));
    expect(alerts).toEqual([]);
    det.event(sri(CN_GT, T0 + 120));
    expect(ruleIds(alerts)).toEqual(['location-origin-mismatch']);
    expect(alerts[0]!.level).toBe('high');
    expect(alerts[0]!.explanation).toMatch(/registered in JP/);
  });
});

describe('answers captured before their request (reordering, core/limits.ts reorderWaitSec)', () => {
  const registered = () => {
    const d = detector(profile({ partners: [{ name: 'Partner UK', plmn: '23415' }] }));
    d.det.event(diameterUlr({ imsi: IMSI, originRealm: UK, visitedPlmn: '23415', ts: T0 }));
    d.det.event(ula({ resultCode: 2001 }, T0));
    return d;
  };

  it('a ULA 2001 just before its ULR accepts it', () => {
    const { det, alerts } = registered();
    det.event(ula({ resultCode: 2001 }, ROAM));
    det.event(diameterUlr({ imsi: IMSI, originRealm: CN, visitedPlmn: '46000', ts: ROAM }));
    det.event(plr(ROAM + 60));
    expect(ruleIds(alerts)).toEqual(['registration-from-non-partner']);
    expect(visitedOf(det)?.info.plmn).toBe('46000');
  });

  it('a refusal just before its ULR refuses it; an acceptance older than the wait is not taken', () => {
    for (const [answer, ts] of [
      [{ expResultCode: 5004 }, ROAM],
      [{ resultCode: 2001 }, ROAM - 60],
    ] as const) {
      const { det, alerts } = registered();
      // Captured before its ULR, no table matched it yet (no requestFrame): registration-refused is not raised on it (rt21 P4).
      det.event(ula(answer, ts, IMSI, false));
      det.event(diameterUlr({ imsi: IMSI, originRealm: CN, visitedPlmn: '46000', ts: ROAM }));
      det.event(plr(ROAM + 20));
      expect(ruleIds(alerts)).toEqual(['registration-from-non-partner', 'location-origin-mismatch']);
      expect(visitedOf(det)?.info.plmn).toBe('23415');
    }
  });

  it('MAP: the ISD to the new VLR captured before its UL accepts it', () => {
    const { det, alerts } = detector(profile({ partners: [NTT_PARTNER, { name: 'Partner UK', gt_prefixes: ['4477009'] }] }));
    registerInJapan(det);
    // The orphan dialogue the decoder's UL Begin joined (event `tcap.orphan`, rt20 N7b: only that one's answer counts).
    det.event(mapInvoke({ op: 7, callingGt: HOME_HLR, calledGt: GB_VLR, imsi: IMSI, args: { msisdn: MSISDN }, ts: ROAM, tcap: { ...ISD_IN_UL, orphan: 3 } }));
    const ul = mapUl({ imsi: IMSI, vlr: GB_VLR, hlrGt: HOME_HLR, ts: ROAM });
    ul.tcap = { ...ul.tcap, orphan: 3 };
    det.event(ul);
    expect(visitedOf(det)?.address).toBe(GB_VLR);
    det.event(sri(CN_GT, ROAM + 60));
    expect(alerts[0]!.explanation).toMatch(/registered in GB/);
  });
});

describe('acceptances only from the UL dialogue; the refusal wins (red-team round 9, R1)', () => {
  /** The attacker's UL: its own dialogue (otid 0a000001), from the Chinese VLR. */
  const attackUl = (ts: number): Ss7Event => {
    const ev = mapUl({ imsi: IMSI, vlr: CN_GT, hlrGt: HOME_HLR, ts });
    ev.tcap = { type: 'begin', otid: '0a000001' };
    return ev;
  };
  const refusal = (ts: number, opcode = true): Ss7Event => {
    const ev = ulError(CN_GT, ts);
    ev.tcap = { type: 'end', dtid: '0a000001' };
    // The dialogue closed by an earlier (forged) End: the table no longer names the operation or the subscriber.
    if (!opcode) {
      delete ev.component!.opcode;
      ev.subscriber = {};
      ev.imsis = [];
    }
    return ev;
  };
  const spoofedIsd = (tcap: Ss7Event['tcap'], ts: number) =>
    mapInvoke({ op: 7, callingGt: HOME_HLR, calledGt: CN_GT, imsi: IMSI, args: { msisdn: MSISDN }, ts, tcap });

  it('a standalone ISD Begin with the HLR GT spoofed, before or after the UL, accepts nothing; the refusal keeps JP', () => {
    for (const before of [true, false]) {
      const { det, alerts } = detector();
      registerInJapan(det);
      if (before) det.event(spoofedIsd({ type: 'begin', otid: '0b000001' }, LATER - 1));
      det.event(attackUl(LATER));
      if (!before) det.event(spoofedIsd({ type: 'begin', otid: '0b000001' }, LATER));
      expect(visitedOf(det)?.address).toBe(NTT_VLR);
      det.event(refusal(LATER + 1));
      det.event(sri(CN_GT, LATER + 60));
      expect(ruleIds(alerts)).toEqual(['registration-refused', 'location-origin-mismatch']);
    }
  });

  it('an ISD of another dialogue accepts nothing', () => {
    const { det } = detector();
    registerInJapan(det);
    det.event(attackUl(LATER));
    det.event(spoofedIsd({ type: 'continue', otid: '0b000001', dtid: '0c000001' }, LATER));
    expect(visitedOf(det)?.address).toBe(NTT_VLR);
  });

  it('an error of a UL dialogue the TCAP table does not hold (no operation, no subscriber) refuses the pending claim', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(attackUl(LATER));
    det.event(refusal(LATER + 1, false));
    det.event(sri(CN_GT, LATER + 60));
    expect(ruleIds(alerts)).toEqual(['location-origin-mismatch']);
    expect(visitedOf(det)?.address).toBe(NTT_VLR);
  });

  it('a forged UL result ending the dialogue, then the real returnError of the same dialogue: the refusal takes the move back', () => {
    for (const opcode of [true, false]) {
      const { det, alerts } = detector();
      registerInJapan(det);
      det.event(attackUl(LATER));
      const forged = mapResult({ op: 2, callingGt: HOME_HLR, calledGt: CN_GT, imsi: IMSI, args: { hlrNumber: HOME_HLR }, ts: LATER });
      forged.tcap = { type: 'end', dtid: '0a000001' };
      det.event(forged);
      expect(visitedOf(det)?.address).toBe(CN_GT);
      det.event(refusal(LATER + 1, opcode));
      expect(visitedOf(det)?.address).toBe(NTT_VLR);
      expect(historyOf(det)).toEqual([NTT_VLR]);
      det.event(sri(CN_GT, LATER + 60));
      // registration-refused needs the refusal's operation (a closed dialogue's error has none).
      expect(ruleIds(alerts)).toEqual(opcode ? ['registration-refused', 'location-origin-mismatch'] : ['location-origin-mismatch']);
    }
  });
});

describe('an aborted or returned UL is refused; an early answer must be of the UL dialogue (review 9, H1 / H2)', () => {
  const attackUl = (ts: number): Ss7Event => {
    const ev = mapUl({ imsi: IMSI, vlr: CN_GT, hlrGt: HOME_HLR, ts });
    ev.tcap = { type: 'begin', otid: '0a000001' };
    return ev;
  };

  it('a TC-ABORT of the UL dialogue (P-Abort, U-Abort) is a refusal: the claim is not trusted after the answer wait', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(attackUl(LATER));
    // Q.774 §3.2.2.4: the abort goes to the UL's sender, dtid = its otid; it carries no component.
    const abort = ulError(CN_GT, LATER + 1);
    abort.tcap = { type: 'abort', dtid: '0a000001' };
    delete abort.component;
    det.event(abort);
    det.event(sri(CN_GT, LATER + 60));
    expect(ruleIds(alerts)).toEqual(['location-origin-mismatch']);
    expect(visitedOf(det)?.address).toBe(NTT_VLR);
  });

  it('a UL returned by SCCP (UDTS, Q.714 §4.2) is a refusal, not a new UL', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(attackUl(LATER));
    const back = attackUl(LATER + 1);
    back.sccp = { ...back.sccp, type: 'udts', calling: back.sccp.called, called: back.sccp.calling };
    det.event(back);
    det.event(sri(CN_GT, LATER + 60));
    // The returned UL (calling = the HLR GT, vlr-Number Chinese) is itself flagged; it is still learned as a refusal.
    expect(ruleIds(alerts)).toEqual(['ul-origin-spoof', 'location-origin-mismatch']);
    expect(visitedOf(det)?.address).toBe(NTT_VLR);
  });

  it('an ISD before the UL accepts it only from its dialogue, and the refusal of that dialogue still takes it back', () => {
    for (const dtid of ['0c000009', '0a000001']) {
      const { det, alerts } = detector();
      registerInJapan(det);
      // Forged: the HLR GT spoofed, in a TC-CONTINUE just before the attacker's own UL.
      det.event(
        mapInvoke({
          op: 7,
          callingGt: HOME_HLR,
          calledGt: CN_GT,
          imsi: IMSI,
          args: { msisdn: MSISDN },
          ts: LATER,
          tcap: { type: 'continue', otid: '0b000002', dtid, orphan: 5 },
        }),
      );
      // Joined by the decoder (event `tcap.orphan`: rt20 N7b); the other dtid's orphan is another dialogue's.
      const ul = attackUl(LATER);
      ul.tcap = { ...ul.tcap, ...(dtid === '0a000001' ? { orphan: 5 } : {}) };
      det.event(ul);
      expect(visitedOf(det)?.address).toBe(dtid === '0a000001' ? CN_GT : NTT_VLR);
      const refusal = ulError(CN_GT, LATER + 1);
      refusal.tcap = { type: 'end', dtid: '0a000001' };
      det.event(refusal);
      det.event(sri(CN_GT, LATER + 60));
      expect(ruleIds(alerts)).toEqual(['registration-refused', 'location-origin-mismatch']);
      expect(visitedOf(det)?.address).toBe(NTT_VLR);
    }
  });
});

describe('claims without an answer (red-team round 9, FP1)', () => {
  const BR_VLR = '5511999000001';
  const sai = (ts: number) => mapInvoke({ op: 56, callingGt: BR_VLR, imsi: IMSI, args: { imsi: IMSI }, ts });

  it('a UL whose answers are not captured (its VLR never answered on the capture) is trusted after the answer wait', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(mapUl({ imsi: IMSI, vlr: BR_VLR, hlrGt: HOME_HLR, ts: ROAM }));
    expect(visitedOf(det)?.address).toBe(NTT_VLR);
    det.event(sai(ROAM + 1800));
    det.event(sai(ROAM + 7200));
    expect(alerts).toEqual([]);
    expect(visitedOf(det)?.address).toBe(BR_VLR);
  });

  it('load-sharing per dialogue: a UL from a VLR whose answers the capture showed before, its own answer not captured, is trusted (review 9-B M1)', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    // An earlier registration of another subscriber at that VLR, answered on the capture; this
    // subscriber's UL dialogue was answered over the other STP (SLS load-sharing, Q.704 §4.2.1).
    const other = '310410123456000';
    det.event(mapUl({ imsi: other, vlr: BR_VLR, hlrGt: HOME_HLR, ts: ROAM - 600 }));
    det.event(mapResult({ op: 2, callingGt: HOME_HLR, calledGt: BR_VLR, imsi: other, args: { hlrNumber: HOME_HLR }, ts: ROAM - 600 }));
    det.event(mapUl({ imsi: IMSI, vlr: BR_VLR, hlrGt: HOME_HLR, ts: ROAM }));
    det.event(sai(ROAM + 1800));
    expect(alerts).toEqual([]);
    expect(visitedOf(det)?.address).toBe(BR_VLR);
  });

  it("an attacker's unanswered UL while the real network keeps serving the subscriber (SAI, a UL again from the visited VLR) is dropped: the SRI from China alerts", () => {
    for (const working of ['SAI', 'UL'] as const) {
      const { det, alerts } = detector();
      registerInJapan(det);
      det.event(mapUl({ imsi: IMSI, vlr: CN_GT, hlrGt: HOME_HLR, ts: LATER }));
      if (working === 'SAI') det.event(mapInvoke({ op: 56, callingGt: NTT_VLR, imsi: IMSI, args: { imsi: IMSI }, ts: LATER + 10 }));
      else det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, hlrGt: HOME_HLR, ts: LATER + 10 }));
      det.event(sri(CN_GT, LATER + 60));
      det.event(sri(CN_GT, LATER + 3600));
      expect(ruleIds(alerts)).toEqual(['location-origin-mismatch', 'location-origin-mismatch']);
      expect(alerts[1]!.explanation).toMatch(/registered in JP/);
      expect(visitedOf(det)?.address).toBe(NTT_VLR);
    }
  });

  it('evidence for the visited location from before the claim does not drop it', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(mapInvoke({ op: 56, callingGt: NTT_VLR, imsi: IMSI, args: { imsi: IMSI }, ts: ROAM - 86400 }));
    det.event(mapUl({ imsi: IMSI, vlr: BR_VLR, hlrGt: HOME_HLR, ts: ROAM }));
    det.event(sai(ROAM + 1800));
    expect(alerts).toEqual([]);
    expect(visitedOf(det)?.address).toBe(BR_VLR);
  });
});

describe('Diameter claims without an answer (review 9-B M1, FP1c)', () => {
  const registeredInUk = () => {
    const d = detector(profile({ partners: [{ name: 'Partner UK', plmn: '23415' }] }));
    d.det.event(diameterUlr({ imsi: IMSI, originRealm: UK, visitedPlmn: '23415', ts: T0 }));
    d.det.event(ula({ resultCode: 2001 }, T0));
    return d;
  };

  it('a ULR whose ULA was not matched (another association), from an MME answered before, is trusted: no alert', () => {
    const { det, alerts } = registeredInUk();
    const other = '310410123456000';
    det.event(diameterUlr({ imsi: other, originRealm: CN, visitedPlmn: '46000', ts: ROAM - 600 }));
    det.event(ula({ resultCode: 2001 }, ROAM - 600, other));
    det.event(diameterUlr({ imsi: IMSI, originRealm: CN, visitedPlmn: '46000', ts: ROAM }));
    det.event(plr(ROAM + 60));
    // Only the two ULRs from China (no partner) as registrations: the PLR from the visited network raises nothing.
    expect(ruleIds(alerts)).toEqual(['registration-from-non-partner', 'registration-from-non-partner']);
    expect(visitedOf(det)?.info.plmn).toBe('46000');
  });

  it("an attacker's unanswered ULR while the visited MME keeps authenticating (AIR) is dropped: the PLR alerts", () => {
    const { det, alerts } = registeredInUk();
    det.event(diameterUlr({ imsi: IMSI, originRealm: CN, visitedPlmn: '46000', ts: ROAM }));
    det.event(diameterEvent({ app: S6A, cmd: 318, originHost: `mme1.${UK}`, originRealm: UK, userName: IMSI, ts: ROAM + 10 }));
    det.event(plr(ROAM + 60));
    expect(ruleIds(alerts)).toEqual(['registration-from-non-partner', 'location-origin-mismatch']);
    expect(visitedOf(det)?.info.plmn).toBe('23415');
  });
});

describe('PurgeMS (red-team round 9, P1)', () => {
  it('clears the visited network only when its vlr-Number is the visited VLR (TS 29.002 §8.1.6), once the HLR answers it (rt21 P5)', () => {
    for (const [vlr, answered, level] of [
      ['12025550099', true, 'high'],
      [NTT_VLR, false, 'high'],
      [NTT_VLR, true, 'medium'],
    ] as const) {
      const { det, alerts } = detector();
      registerInJapan(det);
      det.event(mapInvoke({ op: 67, callingGt: '12025550077', calledGt: HOME_HLR, imsi: IMSI, args: { imsi: IMSI, vlrNumber: vlr }, ts: LATER }));
      // The HLR's PurgeMS result in the TC-END of the PurgeMS dialogue, to its calling GT (TS 29.002 §8.1.6).
      if (answered) det.event(mapResult({ op: 67, callingGt: HOME_HLR, calledGt: '12025550077', imsi: IMSI, ts: LATER + 1 }));
      det.event(sri(CN_GT, LATER + 60));
      expect(alerts.map((a) => [a.rule, a.level])).toEqual([['location-origin-mismatch', level]]);
    }
  });
});

describe('a lone message far ahead does not stop claims aging (review 18-A F2, red-team round 17 K2)', () => {
  // An unanswered UL from the UK two days after the Japanese registration, then one message 30 minutes later:
  // the claim's wait is over, and nothing refuted it, so it is trusted (the presence model's rule).
  for (const outlier of ['none', 'first', 'between'] as const) {
    it(`${outlier === 'none' ? 'control' : outlier === 'first' ? 'the first message 30 days ahead' : 'one message 30 days ahead after the registration'}: the unanswered UL is trusted after its wait`, () => {
      const { det } = detector();
      if (outlier === 'first') det.event(sri(NTT_VLR, T0 + 30 * 86_400));
      registerInJapan(det);
      if (outlier === 'between') det.event(sri(NTT_VLR, T0 + 30 * 86_400));
      det.event(mapUl({ imsi: IMSI, vlr: GB_VLR, hlrGt: HOME_HLR, ts: ROAM }));
      expect(visitedOf(det)?.address).toBe(NTT_VLR);
      det.event(sri(GB_VLR, ROAM + 1800));
      // Before: the store's claim clock stayed 30 days ahead, never past the claim's wait: the UL was never judged.
      expect(visitedOf(det)?.address).toBe(GB_VLR);
    });
  }
});
