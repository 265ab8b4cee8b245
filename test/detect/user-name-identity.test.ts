/**
 * A Diameter User-Name is the subscriber's IMSI only when it has an IMSI's shape (TS 23.003 §2.2:
 * at most 15 digits; TS 29.272 §7.2.3: the ULR User-Name is the IMSI; diameter/decoder.ts
 * imsiFromUserName). Any other text is no identity: not the alert's subscriber.imsi, not a key of
 * the subscriber store (red-team review F11).
 */
import { describe, expect, it } from 'vitest';
import { decodeDiameterEvents } from '../../src/api/layers.js';
import { avp, buildDiameter, msisdnAvp } from '../../src/encode/diameter.js';
import { MSISDN, T0, detector } from './fixture.js';

function plr(userName: string, hbh: number): Uint8Array {
  return buildDiameter({
    cmd: 8388620,
    app: 16777255,
    request: true,
    hbh,
    e2e: hbh,
    avps: [
      avp(263, `gmlc;${hbh}`),
      avp(264, 'gmlc.epc.mnc001.mcc460.3gppnetwork.org'),
      avp(296, 'epc.mnc001.mcc460.3gppnetwork.org'),
      avp(283, 'epc.mnc410.mcc310.3gppnetwork.org'),
      avp(1, userName),
      msisdnAvp(MSISDN),
    ],
  });
}

describe('Diameter User-Name as identity', () => {
  it('a User-Name that is no IMSI is not the alert subscriber and not kept by the store', () => {
    const { det, alerts } = detector();
    const junk = 'x'.repeat(5000);
    for (const [i, u] of [junk, `${junk}1`, '31041'].entries()) {
      for (const ev of decodeDiameterEvents(plr(u, i + 1), { tsSec: T0 + i })) det.event(ev);
    }
    expect(alerts.map((a) => a.subscriber)).toEqual([{ msisdn: MSISDN }, { msisdn: MSISDN }, { msisdn: MSISDN }]);
    expect(det.stats.subscribers).toBe(0);
  });

  it('leading IMSI digits whatever follows, at most 15, as a lenient HSS reads them (red-team U1)', () => {
    for (const u of [
      '310410123456789X',
      '310410123456789;',
      '310410123456789\u0000',
      '3104101234567890123',
      '310410123456789 ',
      '310410123456789@attacker.example',
    ]) {
      const { det, alerts } = detector();
      for (const ev of decodeDiameterEvents(plr(u, 1), { tsSec: T0 })) det.event(ev);
      expect(alerts.map((a) => a.subscriber)).toEqual([{ imsi: '310410123456789', msisdn: MSISDN }]);
    }
  });

  it('an IMSI User-Name still is', () => {
    const { det, alerts } = detector();
    for (const ev of decodeDiameterEvents(plr('310410123456789', 1), { tsSec: T0 })) det.event(ev);
    expect(alerts.map((a) => a.subscriber)).toEqual([{ imsi: '310410123456789', msisdn: MSISDN }]);
  });
});
