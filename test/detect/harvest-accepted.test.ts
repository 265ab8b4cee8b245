/**
 * auth-vector-harvesting: only a registration the home network ACCEPTED excuses the SAI / AIR before
 * it, and only an accepted one moves the registration index (red-team round 19, M2 and M3;
 * detect/origin-subscribers.ts PendingRegistrations). A harvester with a partner GT followed each
 * SendAuthenticationInfo with an UpdateLocation the HLR aborted, refused or never answered (0 alerts
 * instead of 3); forged ULs for an honest partner VLR's roamers made that VLR's routine SAIs look
 * like harvesting. As the presence model (state/learn.ts), a scan that has shown no registration
 * answer (a one-direction tap) trusts a UL at once.
 */
import { describe, expect, it } from 'vitest';
import type { DiameterEvent, SignallingEvent, Ss7Event } from '../../src/events/types.js';
import { diameterEvent, mapInvoke, mapResult, mapUl } from '../support/events.js';
import { T0, detector, profile } from './fixture.js';

const JP_REALM = 'epc.mnc010.mcc440.3gppnetwork.org';
const HSS_REALM = 'epc.mnc410.mcc310.3gppnetwork.org';
const S6A = 16777251;
const PARTNER_VLR = '819012000001';
const HLR = '12025550001';
const partnerJapan = () => profile({ partners: [{ name: 'Partner Japan', country: 'JP', plmn: '44010', gt_prefixes: ['8190120'], realms: [JP_REALM] }] });
const imsi = (i: number) => `3104101000${String(i).padStart(5, '0')}`;
const tid = (i: number) => (0x2000 + i).toString(16).padStart(8, '0');

const sai = (i: number, gt = PARTNER_VLR, ts = T0 + 10 * i) => mapInvoke({ op: 56, callingGt: gt, calledGt: HLR, imsi: imsi(i), ts });
/** UpdateLocation Begin from `gt` (vlr = msc = gt), otid {@link tid}(i). */
function ul(i: number, gt = PARTNER_VLR, ts = T0 + 10 * i + 1): Ss7Event {
  const ev = mapUl({ imsi: imsi(i), vlr: gt, hlrGt: HLR, ts });
  ev.tcap = { type: 'begin', otid: tid(i) };
  return ev;
}
/** The HLR's answer in UL i's dialogue, sent to `gt`: its result (accepted), a TC-ABORT or a returnError (refused). */
function ulAnswer(i: number, how: 'result' | 'abort' | 'error', gt = PARTNER_VLR, ts = T0 + 10 * i + 2): Ss7Event {
  if (how === 'result')
    return mapResult({ op: 2, callingGt: HLR, calledGt: gt, imsi: imsi(i), ts, tcap: { type: 'end', dtid: tid(i) }, args: { hlrNumber: HLR } });
  const ev = mapInvoke({ op: 2, type: 'returnError', callingGt: HLR, calledGt: gt, ts, tcap: { type: how === 'abort' ? 'abort' : 'end', dtid: tid(i) } });
  if (how === 'abort') delete ev.component;
  else ev.component!.errorCode = 1;
  return ev;
}

function harvest(events: SignallingEvent[]): { alerts: number; origins: string[] } {
  const { det, alerts } = detector(partnerJapan());
  for (const e of events) det.event(e);
  const h = alerts.filter((a) => a.rule === 'auth-vector-harvesting');
  return { alerts: h.length, origins: h.map((a) => a.origin.gt ?? '') };
}

describe('auth-vector-harvesting: only an accepted registration excuses (rt19 M2)', () => {
  const N = 12; // node threshold 10: the 10th, 11th and 12th subscribers alert

  it('control: 12 SAIs from one partner GT alert 3 times; each followed by an accepted UL: none', () => {
    expect(harvest(Array.from({ length: N }, (_, i) => sai(i))).alerts).toBe(3);
    expect(harvest(Array.from({ length: N }, (_, i) => [sai(i), ul(i), ulAnswer(i, 'result')]).flat()).alerts).toBe(0);
  });

  it('each SAI followed by a UL the HLR aborts or refuses: still harvesting (the first answer is the scan’s first: trusted)', () => {
    expect(harvest(Array.from({ length: N }, (_, i) => [sai(i), ul(i), ulAnswer(i, 'abort')]).flat()).alerts).toBe(2);
    expect(harvest(Array.from({ length: N }, (_, i) => [sai(i), ul(i), ulAnswer(i, 'error')]).flat()).alerts).toBe(2);
  });

  it('once the scan has shown registration answers, an unanswered UL excuses nothing', () => {
    // One honest roamer's accepted UL first (another subscriber), then SAI + UL without answers.
    const first = [ul(100, PARTNER_VLR, T0 - 100), ulAnswer(100, 'result', PARTNER_VLR, T0 - 99)];
    expect(harvest([...first, ...Array.from({ length: N }, (_, i) => [sai(i), ul(i)]).flat()]).alerts).toBe(3);
    // A one-direction tap (no answer anywhere): trusted at once, as the presence model does.
    expect(harvest(Array.from({ length: N }, (_, i) => [sai(i), ul(i)]).flat()).alerts).toBe(0);
  });

  it('Diameter: AIR then a ULR the HSS refuses (5004) is harvesting; a ULA 2001 excuses it', () => {
    const air = (i: number) => diameterEvent({ app: S6A, cmd: 318, originRealm: JP_REALM, originHost: `mme1.${JP_REALM}`, userName: imsi(i), ts: T0 + 10 * i });
    const ulr = (i: number): DiameterEvent => {
      const ev = diameterEvent({
        app: S6A,
        cmd: 316,
        originRealm: JP_REALM,
        originHost: `mme1.${JP_REALM}`,
        userName: imsi(i),
        args: { visitedPlmn: '44010' },
        ts: T0 + 10 * i + 1,
      });
      ev.diameter.e2e = (0x100 + i).toString(16).padStart(8, '0');
      return ev;
    };
    const ula = (i: number, code: number): DiameterEvent => {
      const ev = diameterEvent({ app: S6A, cmd: 316, request: false, originRealm: HSS_REALM, originHost: `hss1.${HSS_REALM}`, ts: T0 + 10 * i + 2 });
      ev.diameter.e2e = (0x100 + i).toString(16).padStart(8, '0');
      ev.diameter.requestFrame = 1;
      if (code >= 3000) ev.diameter.expResultCode = code;
      else ev.diameter.resultCode = code;
      return ev;
    };
    expect(harvest(Array.from({ length: N }, (_, i) => [air(i), ulr(i), ula(i, 2001)]).flat()).alerts).toBe(0);
    expect(harvest(Array.from({ length: N }, (_, i) => [air(i), ulr(i), ula(i, 5004)]).flat()).alerts).toBe(2);
  });
});

describe('auth-vector-harvesting: the registration index follows accepted registrations only (rt19 M3)', () => {
  const N = 12;
  // 12 roamers attached at the honest partner VLR (accepted), then forged ULs for each from a Chinese GT.
  const attached = Array.from({ length: N }, (_, i) => [ul(i, PARTNER_VLR, T0 + i), ulAnswer(i, 'result', PARTNER_VLR, T0 + i + 0.5)]).flat();
  const CN = '8613010000001';
  const forged = (how: 'abort' | 'none') =>
    Array.from({ length: N }, (_, i) => [ul(50 + i, CN, T0 + 100 + i), ...(how === 'abort' ? [ulAnswer(50 + i, 'abort', CN, T0 + 100.5 + i)] : [])]).flat();
  // The forged ULs name the roamers' IMSIs: rewrite them.
  const forgedFor = (how: 'abort' | 'none') =>
    forged(how).map((e, k) => {
      if (e.tcap?.type !== 'begin') return e;
      const i = how === 'abort' ? k / 2 : k;
      const ev = ul(50 + i, CN, T0 + 100 + i);
      ev.subscriber.imsi = imsi(i);
      ev.imsis = [imsi(i)];
      ev.args = { ...ev.args, imsi: imsi(i) };
      return ev;
    });
  const routine = Array.from({ length: N }, (_, i) => sai(i, PARTNER_VLR, T0 + 200 + i));

  it('control: the partner VLR authenticating its own visitors raises nothing', () => {
    expect(harvest([...attached, ...routine]).alerts).toBe(0);
  });

  it('forged ULs the HLR aborts or never answers do not make the honest VLR a harvester', () => {
    expect(harvest([...attached, ...forgedFor('abort'), ...routine])).toEqual({ alerts: 0, origins: [] });
    expect(harvest([...attached, ...forgedFor('none'), ...routine])).toEqual({ alerts: 0, origins: [] });
  });
});
