import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeGsm7 } from '../../../src/ss7/map/args/ussd.js';
import { hasMapDecoder, MAP_DECODERS, mapDecoder } from '../../../src/ss7/map/decode.js';
import { fromHex as hex } from '../../../src/encode/bytes.js';
import { mapArg, mapRes } from '../../../src/encode/map.js';
import { all, run } from './run.js';

const IMSI = '234101234567890';
const MSISDN = '447700900123';

const CGI = { mcc: '234', mnc: '10', lac: 0x1234, ci: 0x5678 };

describe('MAP argument and result decoders (TS 29.002 §17.7)', () => {
  it('updateLocation (2) arg and result', () => {
    const r = all(2, 'arg', mapArg.updateLocation({ imsi: IMSI, mscNumber: '491720000001', vlrNumber: '491720000002', lmsi: '01020304' }));
    expect(r.args).toEqual({ imsi: IMSI, mscNumber: '491720000001', vlrNumber: '491720000002', lmsi: '01020304' });
    expect(r.subscriber).toEqual({ imsi: IMSI });
    expect(r.e164s).toEqual(['491720000001', '491720000002']);
    expect(all(2, 'res', mapRes.hlrNumber({ hlrNumber: '441234567890' })).args).toEqual({ hlrNumber: '441234567890' });
  });

  it('cancelLocation (3): v1/v2 Identity, imsi-WithLMSI, v3 [3] SEQUENCE', () => {
    expect(all(3, 'arg', mapArg.cancelLocation({ imsi: IMSI }), 2).args).toEqual({ imsi: IMSI });
    expect(all(3, 'arg', mapArg.cancelLocation({ imsi: IMSI, lmsi: '0a0b0c0d' }), 2).imsis).toEqual([IMSI]);
    expect(all(3, 'arg', mapArg.cancelLocation({ imsi: IMSI, v3: true, cancellationType: 1 }), 3).args).toEqual({ imsi: IMSI, cancellationType: 1 });
  });

  it('provideRoamingNumber (4) arg, v3 and v2 results', () => {
    const r = all(4, 'arg', mapArg.provideRoamingNumber({ imsi: IMSI, mscNumber: '491720000001', msisdn: MSISDN, gmscAddress: '441234567890' }));
    expect(r.args).toEqual({ imsi: IMSI, mscNumber: '491720000001', msisdn: MSISDN, gmscAddress: '441234567890' });
    expect(r.subscriber).toEqual({ imsi: IMSI, msisdn: MSISDN });
    expect(all(4, 'res', mapRes.provideRoamingNumber({ roamingNumber: '491729999999', vmscAddress: '491720000001' })).args).toEqual({
      roamingNumber: '491729999999',
      vmscAddress: '491720000001',
    });
    expect(all(4, 'res', mapRes.provideRoamingNumber({ roamingNumber: '491729999999', v2: true }), 2).args).toEqual({ roamingNumber: '491729999999' });
  });

  it('insertSubscriberData (7) with and without IMSI; deleteSubscriberData (8)', () => {
    expect(all(7, 'arg', mapArg.insertSubscriberData({ imsi: IMSI, msisdn: MSISDN, category: 10 })).args).toEqual({ imsi: IMSI, msisdn: MSISDN, category: 10 });
    const noImsi = all(7, 'arg', mapArg.insertSubscriberData({ msisdn: MSISDN }));
    expect(noImsi.subscriber).toEqual({ msisdn: MSISDN });
    expect(noImsi.imsis).toEqual([]);
    expect(all(8, 'arg', mapArg.deleteSubscriberData({ imsi: IMSI })).args).toEqual({ imsi: IMSI });
  });

  it('sendRoutingInfo (22) arg; v3 result with location, v2 result', () => {
    expect(all(22, 'arg', mapArg.sendRoutingInfo({ msisdn: MSISDN, gmscAddress: '491720000000' })).args).toEqual({
      msisdn: MSISDN,
      gmscAddress: '491720000000',
      interrogationType: 'basicCall',
    });
    const v3 = all(
      22,
      'res',
      mapRes.sendRoutingInfo({
        imsi: IMSI,
        roamingNumber: '491729999999',
        vmscAddress: '491720000001',
        location: { age: 5, vlrNumber: '491720000002', cgi: CGI },
      }),
      3,
    );
    expect(v3.args).toEqual({
      imsi: IMSI,
      roamingNumber: '491729999999',
      vmscAddress: '491720000001',
      subscriberState: 'assumedIdle',
      vlrNumber: '491720000002',
      locationInfo: { ageOfLocation: 5, vlrNumber: '491720000002', cgi: '234-10-4660-22136' },
    });
    expect(all(22, 'res', mapRes.sendRoutingInfo({ imsi: IMSI, roamingNumber: '491729999999', v2: true }), 2).args).toEqual({
      imsi: IMSI,
      roamingNumber: '491729999999',
    });
  });

  it('updateGprsLocation (23), sendRoutingInfoForGprs (24)', () => {
    expect(all(23, 'arg', mapArg.updateGprsLocation({ imsi: IMSI, sgsnNumber: '491720000005', sgsnAddress: [10, 1, 2, 3] })).args).toEqual({
      imsi: IMSI,
      sgsnNumber: '491720000005',
      sgsnAddress: '10.1.2.3',
    });
    expect(all(23, 'res', mapRes.hlrNumber({ hlrNumber: '441234567890' })).args).toEqual({ hlrNumber: '441234567890' });
    expect(all(24, 'arg', mapArg.sendRoutingInfoForGprs({ imsi: IMSI, ggsnNumber: '491720000006' })).args).toEqual({ imsi: IMSI, ggsnNumber: '491720000006' });
    expect(all(24, 'res', mapRes.sendRoutingInfoForGprs({ sgsnAddress: [192, 0, 2, 1] })).args).toEqual({ sgsnAddress: '192.0.2.1' });
  });

  it('mt-forwardSM (44) and mo-forwardSM / forwardSM (46): DA/OA choices', () => {
    const mt = all(44, 'arg', mapArg.forwardSM({ da: { imsi: IMSI }, oa: { sca: '447700900000' } }));
    expect(mt.args).toMatchObject({ imsi: IMSI, serviceCentreAddress: '447700900000' });
    const lmsi = all(44, 'arg', mapArg.forwardSM({ da: { lmsi: '01020304' }, oa: { sca: '447700900000' } }));
    expect(lmsi.args).toMatchObject({ lmsi: '01020304' });
    const mo = all(46, 'arg', mapArg.forwardSM({ da: { sca: '447700900000' }, oa: { msisdn: MSISDN }, moImsi: IMSI }), 3);
    expect(mo.args).toMatchObject({ serviceCentreAddress: '447700900000', msisdn: MSISDN, imsi: IMSI });
    expect(mo.e164s).toEqual(['447700900000', MSISDN]);
  });

  it('sendRoutingInfoForSM (45) arg and result', () => {
    expect(all(45, 'arg', mapArg.sendRoutingInfoForSM({ msisdn: MSISDN, sca: '447700900000', pri: true })).args).toEqual({
      msisdn: MSISDN,
      smRpPri: true,
      serviceCentreAddress: '447700900000',
    });
    expect(all(45, 'res', mapRes.sendRoutingInfoForSM({ imsi: IMSI, networkNodeNumber: '491720000001', lmsi: '0a0b0c0d' })).args).toEqual({
      imsi: IMSI,
      networkNodeNumber: '491720000001',
      lmsi: '0a0b0c0d',
    });
  });

  it('sendAuthenticationInfo (56) v3 and v2 (bare IMSI); sendIMSI (58)', () => {
    expect(all(56, 'arg', mapArg.sendAuthenticationInfo({ imsi: IMSI, vectors: 3 }), 3).args).toEqual({ imsi: IMSI, numberOfRequestedVectors: 3 });
    expect(all(56, 'arg', mapArg.sendAuthenticationInfo({ imsi: IMSI, v2: true }), 2).args).toEqual({ imsi: IMSI });
    expect(all(58, 'arg', mapArg.sendIMSI({ msisdn: MSISDN })).subscriber).toEqual({ msisdn: MSISDN });
    expect(all(58, 'res', mapRes.sendIMSI({ imsi: IMSI })).subscriber).toEqual({ imsi: IMSI });
  });

  it('USSD (59/60): GSM 7-bit string (TS 23.038 §6.1.2.3) and msisdn', () => {
    // "*100#" packed in 7-bit: 2a 58 4c 36 02 (hand-packed)
    const packed = hex('aa180c3602');
    expect(decodeGsm7(packed, 0, packed.length)).toBe('*100#');
    const r = all(59, 'arg', mapArg.ussd({ packed, msisdn: MSISDN }), 2);
    expect(r.args).toEqual({ ussdDcs: 0x0f, ussdString: '*100#', msisdn: MSISDN });
    expect(all(60, 'res', mapRes.ussd({ packed })).args).toEqual({ ussdDcs: 0x0f, ussdString: '*100#' });
    expect(all(60, 'arg', mapArg.ussd({ packed, dcs: 0x44 })).args).toEqual({ ussdDcs: 0x44, ussdStringHex: 'aa180c3602' });
  });

  it('purgeMS (67) v3 and v2', () => {
    expect(all(67, 'arg', mapArg.purgeMS({ imsi: IMSI, vlrNumber: '491720000002', sgsnNumber: '491720000005' }), 3).args).toEqual({
      imsi: IMSI,
      vlrNumber: '491720000002',
      sgsnNumber: '491720000005',
    });
    expect(all(67, 'arg', mapArg.purgeMS({ imsi: IMSI, vlrNumber: '491720000002', v2: true }), 2).args).toEqual({ imsi: IMSI, vlrNumber: '491720000002' });
  });

  it('provideSubscriberInfo (70) and anyTimeInterrogation (71): requestedInfo, location results, mnpInfoRes', () => {
    expect(all(70, 'arg', mapArg.provideSubscriberInfo({ imsi: IMSI })).args).toEqual({
      imsi: IMSI,
      requestedInfo: ['locationInformation', 'subscriberState'],
    });
    const psi = all(
      70,
      'res',
      mapRes.subscriberInfo({ location: { age: 0, vlrNumber: '491720000002', mscNumber: '491720000001', cgi: CGI, geo: hex('1020304050607080') } }),
    );
    // 10 = TS 23.032 §7.3.2 point with uncertainty circle; lat 0x203040·90/2^23, lon 0x506070·360/2^24, K 0
    expect(psi.args!.locationInfo).toEqual({
      ageOfLocation: 0,
      geographicalInformation: '1020304050607080',
      shape: 'ellipsoidPointWithUncertaintyCircle',
      latitude: 22.632523,
      longitude: 113.029747,
      uncertaintyMeters: 0,
      vlrNumber: '491720000002',
      cgi: '234-10-4660-22136',
      mscNumber: '491720000001',
    });
    expect(psi.args).toMatchObject({ vlrNumber: '491720000002', mscNumber: '491720000001' });
    const sai = all(
      71,
      'res',
      mapRes.subscriberInfo({ location: { cgi: { mcc: '310', mnc: '410', lac: 1, ci: 2 }, sai: true }, mnp: { imsi: IMSI, msisdn: MSISDN } }),
    );
    expect(sai.args!.locationInfo).toEqual({ sai: '310-410-1-2' });
    expect(sai.imsis).toEqual([IMSI]);
    expect(sai.subscriber).toEqual({ imsi: IMSI, msisdn: MSISDN });
    const lai = all(70, 'res', mapRes.subscriberInfo({ location: { lai: { mcc: '234', mnc: '10', lac: 7 } } }));
    expect(lai.args!.locationInfo).toEqual({ lai: '234-10-7' });
    const ati = all(71, 'arg', mapArg.anyTimeInterrogation({ msisdn: MSISDN, gsmScfAddress: '491720000000' }));
    expect(ati.args).toEqual({ msisdn: MSISDN, requestedInfo: ['locationInformation', 'subscriberState'], gsmScfAddress: '491720000000' });
    expect(ati.e164s).toEqual([MSISDN, '491720000000']);
    expect(all(71, 'arg', mapArg.anyTimeInterrogation({ imsi: IMSI, gsmScfAddress: '4917' })).subscriber).toEqual({ imsi: IMSI });
  });

  it('provideSubscriberLocation (83), sendRoutingInfoForLCS (85), subscriberLocationReport (86)', () => {
    const psl = all(83, 'arg', mapArg.provideSubscriberLocation({ mlcNumber: '491720000009', msisdn: MSISDN, imsi: IMSI, clientAddress: '491720000008' }));
    expect(psl.args).toEqual({
      locationEstimateType: 'currentLocation',
      mlcNumber: '491720000009',
      lcsClientType: 0,
      lcsClientExternalAddress: '491720000008',
      imsi: IMSI,
      msisdn: MSISDN,
    });
    const pslRes = all(83, 'res', mapRes.provideSubscriberLocation({ estimate: hex('100a0b0c0d0e0f'), age: 2, cgi: CGI }));
    expect(pslRes.args).toEqual({ locationInfo: { locationEstimate: '100a0b0c0d0e0f', ageOfLocation: 2, cgi: '234-10-4660-22136' } });
    expect(all(85, 'arg', mapArg.sendRoutingInfoForLCS({ mlcNumber: '491720000009', msisdn: MSISDN })).args).toEqual({
      mlcNumber: '491720000009',
      msisdn: MSISDN,
    });
    expect(all(85, 'res', mapRes.sendRoutingInfoForLCS({ imsi: IMSI, networkNodeNumber: '491720000001' })).args).toEqual({
      imsi: IMSI,
      networkNodeNumber: '491720000001',
    });
    const slr = all(
      86,
      'arg',
      mapArg.subscriberLocationReport({ event: 2, networkNodeNumber: '491720000001', msisdn: MSISDN, imsi: IMSI, estimate: hex('10'), cgi: CGI }),
    );
    expect(slr.args).toEqual({
      lcsEvent: 'mo-lr',
      lcsClientType: 0,
      networkNodeNumber: '491720000001',
      msisdn: MSISDN,
      imsi: IMSI,
      locationInfo: { locationEstimate: '10', cgi: '234-10-4660-22136' },
    });
  });

  it('opcode 46 name depends on the AC version; undecoded operations give no args', () => {
    expect(run(46, 'arg', hex('3000'), 2).args).toEqual({});
    const r = run(18, 'arg', hex('3000')); // getPassword: no typed decoder
    expect(r.args).toBeUndefined();
    expect(r.anomalies).toEqual([]);
  });

  it('registerSS: ss-Code and forwardedToNumber; the SS-ForBS-Code operations: ss-Code (TS 29.002 §17.7.4)', () => {
    // ss-Code 21 (cfu), basicService teleservice [3] 11, forwardedToNumber [4] 91 683108009099f9 (+86 13800009999)
    const r = run(10, 'arg', hex('3010' + '040121' + '830111' + '840891683108009099f9'));
    expect(r.args).toEqual({ ssCode: 0x21, forwardedToNumber: '8613800009999' });
    expect(r.e164s).toEqual(['8613800009999']);
    expect(r.imsis).toEqual([]);
    for (const op of [11, 12, 13, 14]) expect(run(op, 'arg', hex('3003' + '040192')).args, `opcode ${op}`).toEqual({ ssCode: 0x92 });
    // A two-octet SS-Code is malformed: its first octet, and the anomaly.
    const bad = run(12, 'arg', hex('3004' + '04022100'));
    expect(bad.args).toEqual({ ssCode: 0x21 });
    expect(bad.anomalies.map((a) => a.detail)).toEqual(['activateSS arg: SS-Code of 2 octets']);
  });

  it('only numbering plan E.164 numbers are e164 (TS 29.002 §17.7.8)', () => {
    // msisdn [0] 91 4321 (international, E.164); serviceCentreAddress [2] 96 2143 (land mobile plan)
    const r = run(45, 'arg', hex('300a' + '8003914321' + '8203962143'));
    expect(r.args).toEqual({ msisdn: '3412', serviceCentreAddress: '1234' });
    expect(r.e164s).toEqual(['3412']);
  });

  it('malformed and truncated parameters never throw; anomalies instead', () => {
    const param = mapArg.provideSubscriberLocation({ mlcNumber: '491720000009', msisdn: MSISDN, imsi: IMSI, clientAddress: '491720000008' });
    for (let n = 0; n < param.length; n++) {
      const r = run(83, 'arg', param.subarray(0, n));
      expect(r.anomalies.length, `length ${n}`).toBeGreaterThan(0);
    }
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(MAP_DECODERS).map(Number)),
        fc.constantFrom('arg' as const, 'res' as const),
        fc.uint8Array({ maxLength: 60 }),
        (op, kind, b) => {
          const r = run(op, kind, b);
          // Typed anomalies only: the stable MAP codes (an absent parameter is legal for many results).
          for (const a of r.anomalies) expect(a.code).toMatch(/^map\.bad-(argument|imsi|address)$/);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('the decoder arrays by opcode give MAP_DECODERS[opcode]?.[kind] for every opcode, in and out of range', () => {
    let found = 0;
    for (let op = -300; op <= 300; op++)
      for (const kind of ['arg', 'res'] as const) {
        const want = MAP_DECODERS[op]?.[kind];
        expect(mapDecoder(op, kind), `${op} ${kind}`).toBe(want);
        expect(hasMapDecoder(op, kind)).toBe(want !== undefined);
        if (want !== undefined) found++;
      }
    expect(found).toBe(Object.values(MAP_DECODERS).reduce((n, d) => n + (d.arg ? 1 : 0) + (d.res ? 1 : 0), 0));
    for (const op of [2 ** 31, 1e9, -1e9, 0.5, NaN]) expect(mapDecoder(op, 'arg')).toBeUndefined();
  });

  it('bad IMSI length is an anomaly but still reported', () => {
    const r = run(56, 'arg', hex('0409' + '111111111111111111'), 2);
    expect(r.anomalies.map((a) => a.code)).toEqual(['map.bad-imsi']);
    expect(r.imsis).toHaveLength(1);
  });
});
