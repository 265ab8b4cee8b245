/**
 * Nested subscriber data (TS 29.002 §17.7.1): CAMEL CSIs, call forwarding, LCS data inside
 * insertSubscriberData (7), noteSubscriberDataModified (5), anyTimeModification (65), reset (37).
 * Vectors from src/encode/map.ts.
 */
import { describe, expect, it } from 'vitest';
import { ctx, ctxc, seq } from '../../../../src/encode/ber.js';
import { fromHex as hex } from '../../../../src/encode/bytes.js';
import { imsiBytes, isdnBytes, mapArg } from '../../../../src/encode/map.js';
import { all, run } from '../run.js';

const IMSI = '234101234567890';
const MSISDN = '447700900123';

describe('insertSubscriberData (7): nested subscriber data', () => {
  it('VlrCamelSubscriptionInfo: every CSI kind gives its gsmSCF-Address', () => {
    const r = all(
      7,
      'arg',
      mapArg.insertSubscriberData({
        imsi: IMSI,
        vlrCamel: {
          o: '491700000001',
          ss: '491700000002',
          m: '491700000003',
          moSms: '491700000004',
          vt: '491700000005',
          d: { dialled: '4912345', scf: '491700000006' },
          mtSms: '491700000007',
          oCriteria: ['4980012', '4980013'],
        },
      }),
    );
    // tag order on the wire: o [0], ss [2], oCriteria [4], m [5], mo-sms [6], vt [7], d [9], mt-sms [10]
    expect(r.args).toEqual({
      imsi: IMSI,
      gsmScfAddresses: ['491700000001', '491700000002', '491700000003', '491700000004', '491700000005', '491700000006', '491700000007'],
      camelDestinationNumbers: ['4980012', '4980013'],
      camelDialledNumbers: ['4912345'],
    });
    expect(r.e164s).toEqual([
      '491700000001',
      '491700000002',
      '4980012',
      '4980013',
      '491700000003',
      '491700000004',
      '491700000005',
      '4912345',
      '491700000006',
      '491700000007',
    ]);
  });

  it('SGSN-CAMEL-SubscriptionInfo: gprs-CSI, mo-sms-CSI, mt-sms-CSI, mg-csi', () => {
    const r = all(
      7,
      'arg',
      mapArg.insertSubscriberData({ imsi: IMSI, sgsnCamel: { gprs: '491700000011', moSms: '491700000012', mtSms: '491700000013', mg: '491700000014' } }),
    );
    expect(r.args!['gsmScfAddresses']).toEqual(['491700000011', '491700000012', '491700000013', '491700000014']);
  });

  it('call forwarding, LCS (GMLC list, external clients), EPS stn-sr, sgsn-Number, additionalMSISDN', () => {
    // Each number once: encoded under the builder's option name, expected back under the decoder's field name.
    const ISD_EXTRA = {
      forwarded: ['491799999901', '491799999902'],
      gmlc: ['491760000001', '491760000002'],
      lcsClients: ['491760000009'],
      stnSr: '491750000001',
      sgsn: '491720000005',
      additionalMsisdn: '447700900999',
    };
    const r = all(
      7,
      'arg',
      mapArg.insertSubscriberData({
        imsi: IMSI,
        msisdn: MSISDN,
        forwardedTo: ISD_EXTRA.forwarded,
        gmlcList: ISD_EXTRA.gmlc,
        lcsClients: ISD_EXTRA.lcsClients,
        stnSr: ISD_EXTRA.stnSr,
        sgsnNumber: ISD_EXTRA.sgsn,
        additionalMsisdn: ISD_EXTRA.additionalMsisdn,
      }),
    );
    expect(r.args).toEqual({
      imsi: IMSI,
      msisdn: MSISDN,
      forwardedToNumbers: ISD_EXTRA.forwarded,
      gmlcList: ISD_EXTRA.gmlc,
      lcsClientAddresses: ISD_EXTRA.lcsClients,
      stnSr: ISD_EXTRA.stnSr,
      sgsnNumber: ISD_EXTRA.sgsn,
      additionalMsisdn: ISD_EXTRA.additionalMsisdn,
    });
    expect(r.subscriber).toEqual({ imsi: IMSI, msisdn: MSISDN });
    expect(r.e164s).toHaveLength(9);
    expect(all(7, 'arg', mapArg.insertSubscriberData({ forwardedTo: ['491799999903'], longForwardedTo: true })).args).toEqual({
      forwardedToNumbers: ['491799999903'],
    });
  });

  it('a gsmSCF-Address whose numbering plan is not E.164 is typed but not in e164[]', () => {
    // O-CSI [0] { list { TDP data { 0a0102, 020107, [0] 96 2143 (land mobile plan) } } }
    const param = hex('3013' + 'ad11' + 'a00f' + '300d' + '300b' + '0a0102' + '020107' + '8003962143');
    const r = run(7, 'arg', param);
    expect(r.anomalies).toEqual([]);
    expect(r.args).toEqual({ gsmScfAddresses: ['1234'] });
    expect(r.e164s).toEqual([]);
  });

  it('libmich frame 8: IMSI then vlrCamelSubscriptionInfo o-CSI with the gsmSCF-Address', () => {
    const param = hex('3027800811111111111111f1ad1ba019301430120a01020201028007111111111111f1810100800102');
    const r = all(7, 'arg', param, 2);
    expect(r.imsis).toEqual(['111111111111111']);
    expect(r.e164s).toEqual(['11111111111']);
    expect(r.args).toEqual({ imsi: '111111111111111', gsmScfAddresses: ['11111111111'] });
  });

  it('a truncated CSI records map.bad-argument and keeps what came before', () => {
    // vlrCamelSubscriptionInfo [13] holds an O-CSI [0] claiming 5 octets of which 1 is there
    const r = run(7, 'arg', seq(ctx(0, imsiBytes(IMSI)), ctxc(13, hex('a00530'))));
    expect(r.args!.imsi).toBe(IMSI);
    expect(r.anomalies.map((a) => a.code)).toContain('map.bad-argument');
  });
});

describe('noteSubscriberDataModified (5), anyTimeModification (65), reset (37)', () => {
  it('noteSubscriberDataModified: identities, forwarding info for CSE, CAMEL-SubscriptionInfo', () => {
    const r = all(
      5,
      'arg',
      mapArg.noteSubscriberDataModified({
        imsi: IMSI,
        msisdn: MSISDN,
        forwardedTo: ['491799999901'],
        camel: { o: '491700000001', t: '491700000002', gprs: '491700000003', mg: '491700000004', oCriteria: ['4980012'] },
        all: true,
      }),
      3,
    );
    expect(r.args).toEqual({
      imsi: IMSI,
      msisdn: MSISDN,
      forwardedToNumbers: ['491799999901'],
      // CAMEL-SubscriptionInfo tag order: o [0], criteria [1], t [3], gprs [9], mg [17]
      gsmScfAddresses: ['491700000001', '491700000002', '491700000003', '491700000004'],
      camelDestinationNumbers: ['4980012'],
      allInformationSent: true,
    });
    expect(r.subscriber).toEqual({ imsi: IMSI, msisdn: MSISDN });
  });

  it('anyTimeModification: subscriber, gsmSCF, forwarded-to number of a CF modification, what is modified', () => {
    const r = all(65, 'arg', mapArg.anyTimeModification({ msisdn: MSISDN, gsmScfAddress: '491700000001', forwardedToNumber: '491799999901' }), 3);
    expect(r.args).toEqual({
      msisdn: MSISDN,
      gsmScfAddress: '491700000001',
      forwardedToNumbers: ['491799999901'],
      modificationRequests: ['cf-Info', 'odb-data'],
    });
    expect(r.e164s).toEqual([MSISDN, '491700000001', '491799999901']);
  });

  it('reset: hlr-Number, HLR-List ids (IMSI-typed), subscriptionData [2]; v1 networkResource; css-Number', () => {
    const r = all(
      37,
      'arg',
      mapArg.reset({ hlrNumber: '491710000001', hlrIds: ['26201', '2620155'], subscriptionData: { msisdn: MSISDN, vlrCamel: { o: '491700000001' } } }),
      3,
    );
    expect(r.args).toEqual({ hlrNumber: '491710000001', hlrList: ['26201', '2620155'], msisdn: MSISDN, gsmScfAddresses: ['491700000001'] });
    expect(r.imsis).toEqual(['26201', '2620155']);
    expect(r.subscriber).toEqual({ msisdn: MSISDN });
    expect(all(37, 'arg', mapArg.reset({ networkResource: 2, hlrNumber: '491710000001' }), 1).args).toEqual({ hlrNumber: '491710000001' });
    expect(all(37, 'arg', mapArg.reset({ cssNumber: '491710000002' }), 3).args).toEqual({ cssNumber: '491710000002' });
  });

  it('reset: a css-Number whose numbering plan is not E.164 is typed but not in e164[]', () => {
    const address = isdnBytes('1234', 1, 6); // land mobile numbering plan
    const r = run(37, 'arg', Uint8Array.of(0x30, address.length + 2, 0x81, address.length, ...address));
    expect(r.args).toEqual({ cssNumber: '1234' });
    expect(r.e164s).toEqual([]);
  });
});
