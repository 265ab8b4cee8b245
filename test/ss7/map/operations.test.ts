/**
 * Argument decoders of the remaining MAP operations (TS 29.002 §17.6/§17.7 and GSM 09.02 phase 1):
 * every IMSI and E.164 number they carry plus their typed fields. Vectors from
 * src/encode/map.ts; the "libmich" vectors are component parameters of
 * ../shared/corpus/public/gen_libmich_map_messages.pcapng (frame in the name).
 */
import { describe, expect, it } from 'vitest';
import { fromHex as hex } from '../../../src/encode/bytes.js';
import { mapArg } from '../../../src/encode/map.js';
import { all, run } from './run.js';

const IMSI = '234101234567890';
const MSISDN = '447700900123';
const CELL = { mcc: '234', mnc: '10', lac: 0x1234, ci: 0x5678 };

describe('call handling and CCBS (§17.6.3)', () => {
  it('resumeCallHandling (6): imsi, msisdn, forwardedToNumber, O-CSI and D-CSI gsmSCFs, criteria numbers', () => {
    const r = all(
      6,
      'arg',
      mapArg.resumeCallHandling({
        imsi: IMSI,
        msisdn: MSISDN,
        forwardedToNumber: '491799999901',
        camel: { o: '491700000001', d: { dialled: '4912345', scf: '491700000002' }, oCriteria: ['4980012'] },
      }),
      3,
    );
    expect(r.args).toEqual({
      callReferenceNumber: '0102',
      forwardedToNumber: '491799999901',
      imsi: IMSI,
      gsmScfAddresses: ['491700000001', '491700000002'],
      msisdn: MSISDN,
      camelDialledNumbers: ['4912345'],
      camelDestinationNumbers: ['4980012'],
    });
    expect(r.subscriber).toEqual({ imsi: IMSI, msisdn: MSISDN });
  });

  it('releaseResources (20): the MSRN', () => {
    expect(all(20, 'arg', mapArg.releaseResources({ msrn: '491729999999' }), 3).args).toEqual({ roamingNumber: '491729999999' });
    expect(run(20, 'arg', hex('3000')).anomalies.map((a) => a.code)).toEqual(['map.bad-argument']);
  });

  it('setReportingState (73), statusReport (74), ist-Alert (87), ist-Command (88): imsi [0], lmsi [1]', () => {
    expect(all(73, 'arg', mapArg.imsiLmsi({ imsi: IMSI, lmsi: '0a0b0c0d' }), 3).args).toEqual({ imsi: IMSI, lmsi: '0a0b0c0d' });
    for (const op of [74, 87, 88]) expect(all(op, 'arg', mapArg.imsiLmsi({ imsi: IMSI }), 3).args, String(op)).toEqual({ imsi: IMSI });
  });

  it('remoteUserFree (75): imsi, CCBS b-subscriberNumber, translatedB-Number', () => {
    const r = all(75, 'arg', mapArg.remoteUserFree({ imsi: IMSI, bSubscriberNumber: '491788888801', translatedBNumber: '491788888802' }), 3);
    expect(r.args).toEqual({ imsi: IMSI, bSubscriberNumber: '491788888801', translatedBNumber: '491788888802' });
    expect(r.e164s).toEqual(['491788888801', '491788888802']);
  });
});

describe('mobility, fault recovery, handover (§17.6.1)', () => {
  it('authenticationFailureReport (15): the IMSI is the first OCTET STRING (rand is another); causes named', () => {
    const r = all(
      15,
      'arg',
      mapArg.authenticationFailureReport({ imsi: IMSI, vlrNumber: '491720000002', sgsnNumber: '491720000005', failureCause: 1, accessType: 5 }),
      3,
    );
    expect(r.args).toEqual({
      imsi: IMSI,
      failureCause: 'wrongNetworkSignature',
      reAttempt: true,
      accessType: 'gprsAttach',
      vlrNumber: '491720000002',
      sgsnNumber: '491720000005',
    });
    expect(r.imsis).toEqual([IMSI]);
  });

  it('libmich frame 16: authenticationFailureReport', () => {
    const r = all(15, 'arg', hex('302e040811111111111111f10a01000101000a01020410000000000000000000000000000000008007111111111111f1'), 2);
    expect(r.args).toEqual({
      imsi: '111111111111111',
      failureCause: 'wrongUserResponse',
      reAttempt: false,
      accessType: 'locationUpdating',
      vlrNumber: '11111111111',
    });
  });

  it('cancelVcsgLocation (36) and updateVcsgLocation (53)', () => {
    expect(all(36, 'arg', mapArg.cancelVcsgLocation({ imsi: IMSI }), 3).args).toEqual({ imsi: IMSI });
    expect(all(36, 'arg', mapArg.cancelVcsgLocation({ imsi: IMSI, lmsi: '01020304' }), 3).subscriber).toEqual({ imsi: IMSI });
    const u = all(53, 'arg', mapArg.updateVcsgLocation({ imsi: IMSI, msisdn: MSISDN, vlrNumber: '491720000002', sgsnNumber: '491720000005' }), 3);
    expect(u.args).toEqual({ imsi: IMSI, msisdn: MSISDN, vlrNumber: '491720000002', sgsnNumber: '491720000005' });
  });

  it('restoreData (57): imsi, lmsi (second OCTET STRING), restorationIndicator', () => {
    expect(all(57, 'arg', mapArg.restoreData({ imsi: IMSI, lmsi: '01020304', restorationIndicator: true }), 3).args).toEqual({
      imsi: IMSI,
      lmsi: '01020304',
      restorationIndicator: true,
    });
  });

  it('prepareHandover (68) v3 and v2; prepareSubsequentHandover (69) v3 and v2: target cell and MSC', () => {
    expect(all(68, 'arg', mapArg.prepareHandover({ imsi: IMSI, cell: CELL }), 3).args).toEqual({ targetCellId: '234-10-4660-22136', imsi: IMSI });
    expect(all(68, 'arg', mapArg.prepareHandover({ cell: CELL, v2: true }), 2).args).toEqual({ targetCellId: '234-10-4660-22136' });
    const expected = { targetCellId: '234-10-4660-22136', targetMscNumber: '491720000009' };
    expect(all(69, 'arg', mapArg.prepareSubsequentHandover({ cell: CELL, targetMscNumber: '491720000009' }), 3).args).toEqual(expected);
    expect(all(69, 'arg', mapArg.prepareSubsequentHandover({ cell: CELL, targetMscNumber: '491720000009', v2: true }), 2).args).toEqual(expected);
  });
});

describe('GPRS, group calls, tracing', () => {
  it('failureReport (25) and noteMsPresentForGprs (26)', () => {
    expect(all(25, 'arg', mapArg.failureReport({ imsi: IMSI, ggsnNumber: '491720000006', ggsnAddress: [10, 0, 0, 6] }), 3).args).toEqual({
      imsi: IMSI,
      ggsnNumber: '491720000006',
      ggsnAddress: '10.0.0.6',
    });
    expect(all(26, 'arg', mapArg.noteMsPresentForGprs({ imsi: IMSI, sgsnAddress: [10, 0, 0, 5] }), 3).args).toEqual({ imsi: IMSI, sgsnAddress: '10.0.0.5' });
  });

  it('sendGroupCallEndSignal (40) and forwardGroupCallSignalling (42): the talker IMSI', () => {
    for (const op of [40, 42]) expect(all(op, 'arg', mapArg.groupCall({ imsi: IMSI }), 3).subscriber, String(op)).toEqual({ imsi: IMSI });
  });

  it('activateTraceMode (50) and deactivateTraceMode (51)', () => {
    const a = all(50, 'arg', mapArg.activateTraceMode({ imsi: IMSI, traceReference: '0102', traceType: 5, omcId: '491730000001' }), 3);
    expect(a.args).toEqual({ imsi: IMSI, traceReference: '0102', traceType: 5, omcId: '491730000001' });
    expect(a.e164s).toEqual(['491730000001']);
    expect(all(51, 'arg', mapArg.deactivateTraceMode({ imsi: IMSI, traceReference: '0102' }), 3).args).toEqual({ imsi: IMSI, traceReference: '0102' });
  });
});

describe('short message service (§17.6.5)', () => {
  it('mt-ForwardSM-VGCS (21): group call reference, originator', () => {
    const sc = all(21, 'arg', mapArg.mtForwardSmVgcs({ asciCallReference: '12345678', oa: { sca: '447700900000' } }), 3);
    expect(sc.args).toEqual({ asciCallReference: '12345678', serviceCentreAddress: '447700900000', smRpUiLength: 3 });
    const ms = all(21, 'arg', mapArg.mtForwardSmVgcs({ asciCallReference: '1234', oa: { msisdn: MSISDN } }), 3);
    expect(ms.args).toMatchObject({ originatorMsisdn: MSISDN });
    expect(ms.subscriber).toEqual({});
  });

  it('reportSM-DeliveryStatus (47): msisdn, service centre, outcome, diagnostic, imsi [9]', () => {
    const r = all(47, 'arg', mapArg.reportSmDeliveryStatus({ msisdn: MSISDN, sca: '447700900000', outcome: 1, imsi: IMSI }), 3);
    expect(r.args).toEqual({
      msisdn: MSISDN,
      serviceCentreAddress: '447700900000',
      smDeliveryOutcome: 'absentSubscriber',
      absentSubscriberDiagnosticSm: 0,
      imsi: IMSI,
    });
    expect(r.subscriber).toEqual({ msisdn: MSISDN, imsi: IMSI });
  });

  it('noteSubscriberPresent (48, phase 1): the bare IMSI; anything else is an anomaly', () => {
    expect(all(48, 'arg', mapArg.noteSubscriberPresent({ imsi: IMSI }), 1).args).toEqual({ imsi: IMSI });
    expect(run(48, 'arg', hex('3000'), 1).anomalies.map((a) => a.code)).toEqual(['map.bad-argument']);
  });

  it('alertServiceCentreWithoutResult (49) and alertServiceCentre (64): msisdn, SC, imsi, new serving nodes', () => {
    expect(all(49, 'arg', mapArg.alertServiceCentre({ msisdn: MSISDN, sca: '447700900000' }), 1).args).toEqual({
      msisdn: MSISDN,
      serviceCentreAddress: '447700900000',
    });
    const r = all(
      64,
      'arg',
      mapArg.alertServiceCentre({ msisdn: MSISDN, sca: '447700900000', imsi: IMSI, newSgsn: '491720000005', newMme: '491720000007', newMsc: '491720000001' }),
      3,
    );
    expect(r.args).toEqual({
      msisdn: MSISDN,
      serviceCentreAddress: '447700900000',
      imsi: IMSI,
      sgsnNumber: '491720000005',
      mmeNumber: '491720000007',
      mscNumber: '491720000001',
    });
  });

  it('informServiceCentre (63): storedMSISDN and MW-Status; readyForSM (66): imsi and alert reason', () => {
    expect(all(63, 'arg', mapArg.informServiceCentre({ storedMsisdn: MSISDN }), 3).args).toEqual({ msisdn: MSISDN, mwStatus: '0440' });
    expect(all(66, 'arg', mapArg.readyForSM({ imsi: IMSI, alertReason: 1 }), 3).args).toEqual({ imsi: IMSI, alertReason: 'memoryAvailable' });
  });
});

describe('gsmSCF interfaces (§17.6.3, §17.6.4)', () => {
  it('anyTimeSubscriptionInterrogation (62): subscriber, requested items, gsmSCF-Address [2]', () => {
    const r = all(62, 'arg', mapArg.anyTimeSubscriptionInterrogation({ msisdn: MSISDN, gsmScfAddress: '491700000001' }), 3);
    expect(r.args).toEqual({ msisdn: MSISDN, requestedSubscriptionInfo: ['odb', 'camel-SubscriptionInfo', 'msisdn-BS-List'], gsmScfAddress: '491700000001' });
    expect(all(62, 'arg', mapArg.anyTimeSubscriptionInterrogation({ imsi: IMSI, gsmScfAddress: '4917' }), 3).subscriber).toEqual({ imsi: IMSI });
  });

  it('ss-InvocationNotification (72): identities, SS event, event specification numbers, B number', () => {
    const r = all(
      72,
      'arg',
      mapArg.ssInvocationNotification({
        imsi: IMSI,
        msisdn: MSISDN,
        ssEvent: 0x31,
        eventSpecification: ['491788888801', '491788888802'],
        bSubscriberNumber: '491788888803',
      }),
      3,
    );
    expect(r.args).toEqual({
      imsi: IMSI,
      msisdn: MSISDN,
      ssEvent: '31',
      ssEventSpecification: ['491788888801', '491788888802'],
      bSubscriberNumber: '491788888803',
    });
  });

  it('noteMM-Event (89): event, identities, location (CS wins, SGSN number kept)', () => {
    const r = all(
      89,
      'arg',
      mapArg.noteMmEvent({
        imsi: IMSI,
        msisdn: MSISDN,
        eventMet: 0x01,
        location: { age: 3, vlrNumber: '491720000002', cgi: CELL },
        sgsnNumber: '491720000005',
      }),
      3,
    );
    expect(r.args).toEqual({
      serviceKey: 3,
      eventMet: 'locationUpdateToOtherVLR',
      imsi: IMSI,
      msisdn: MSISDN,
      locationInfo: { ageOfLocation: 3, vlrNumber: '491720000002', cgi: '234-10-4660-22136', sgsnNumber: '491720000005' },
      vlrNumber: '491720000002',
      sgsnNumber: '491720000005',
    });
    const gprs = all(89, 'arg', mapArg.noteMmEvent({ imsi: IMSI, msisdn: MSISDN, eventMet: 0x7f, sgsnNumber: '491720000005' }), 3);
    expect(gprs.args).toMatchObject({ eventMet: '7f', locationInfo: { sgsnNumber: '491720000005' }, sgsnNumber: '491720000005' });
  });
});

describe('GSM 09.02 phase 1', () => {
  it('sendParameters (9): subscriber IMSI and requested parameters', () => {
    expect(all(9, 'arg', mapArg.sendParameters({ imsi: IMSI, requests: [0, 1, 2, 4] }), 1).args).toEqual({
      imsi: IMSI,
      requestParameters: ['requestIMSI', 'requestAuthenticationSet', 'requestSubscriberData', 'requestKi'],
    });
  });

  it('beginSubscriberActivity (54): imsi and originating entity by position', () => {
    expect(all(54, 'arg', mapArg.beginSubscriberActivity({ imsi: IMSI, originatingEntityNumber: '491720000001' }), 1).args).toEqual({
      imsi: IMSI,
      originatingEntityNumber: '491720000001',
    });
  });

  it('libmich frame 55: an [APPLICATION 2] IMSI is not taken for an IMSI (anomaly), the number still is', () => {
    const libmich = hex('3013420811111111111111f10407111111111111f1'); // imsi as [APPLICATION 2]
    const r = run(54, 'arg', libmich, 1);
    expect(r.imsis).toEqual([]);
    expect(r.e164s).toEqual(['11111111111']);
    expect(r.anomalies.map((a) => a.detail)).toEqual(['beginSubscriberActivity arg: element 0 is [APPLICATION 2], expected OCTET STRING']);
  });
});
