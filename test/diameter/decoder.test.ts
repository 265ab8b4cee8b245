import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../src/core/anomaly.js';
import { FrameIndexer } from '../../src/core/frame-index.js';
import type { Limits } from '../../src/core/limits.js';
import { Counters } from '../../src/core/stats.js';
import { DiameterDecoder, imsiFromUserName } from '../../src/diameter/decoder.js';
import { encodePlmn } from '../../src/diameter/plmn.js';
import { DIAMETER_ANOMALY } from '../../src/diameter/types.js';
import type { DiameterEvent } from '../../src/events/types.js';
import type { Flow } from '../../src/transport/types.js';
import { payloadOf } from '../support/ss7.js';
import { avp, avp3, buildDiameter, group, msisdnAvp } from '../../src/encode/diameter.js';

const MME: Flow = { id: 1, transport: 'sctp', src: '10.0.0.1', dst: '10.0.0.2', srcPort: 3868, dstPort: 3868 };
const HSS: Flow = { id: 2, transport: 'sctp', src: '10.0.0.2', dst: '10.0.0.1', srcPort: 3868, dstPort: 3868 };
const OTHER: Flow = { id: 3, transport: 'sctp', src: '10.9.9.9', dst: '10.0.0.1', srcPort: 3868, dstPort: 3868 };

function harness(limits?: Partial<Limits>) {
  const events: DiameterEvent[] = [];
  const anomalies: Anomaly[] = [];
  const counters = new Counters();
  const dec = new DiameterDecoder({
    onEvent: (e) => events.push(e),
    onAnomaly: (a) => anomalies.push(a),
    indexer: new FrameIndexer(),
    counters,
    ...(limits ? { limits } : {}),
  });
  const feed = (bytes: Uint8Array, frameNo: number, flow: Flow, tsSec = 1000 + frameNo): void =>
    dec.payload(payloadOf('diameter', bytes, { pad: 4, frameNo, tsSec, tsNsec: 500, flow }));
  return { events, anomalies, counters, dec, feed };
}

const ulr = (hbh: number, imsi = '001010123456789') =>
  buildDiameter({
    cmd: 316,
    app: 16777251,
    request: true,
    hbh,
    e2e: hbh + 1,
    avps: [
      avp(263, `s;${hbh}`),
      avp(264, 'mme.epc.mnc099.mcc208.3gppnetwork.org'),
      avp(296, 'epc.mnc099.mcc208.3gppnetwork.org'),
      avp(1, imsi),
      avp3(1405, 0x22),
      avp3(1407, encodePlmn('001', '01')),
    ],
  });
const ula = (hbh: number) =>
  buildDiameter({
    cmd: 316,
    app: 16777251,
    hbh,
    e2e: hbh + 1,
    avps: [avp(263, `s;${hbh}`), avp(268, 2001), group(1400, [msisdnAvp('33612345678')], { vendor: 10415 })],
  });

describe('DiameterDecoder', () => {
  it('ULR event: header, names, subscriber from User-Name, args', () => {
    const h = harness();
    h.feed(ulr(0xabc), 7, MME);
    const ev = h.events[0]!;
    expect(ev).toMatchObject({ protocol: 'diameter', frame: 7, index: 0, tsSec: 1007, tsNsec: 500, tsPrecision: 6, flowId: 1 });
    expect(ev.diameter).toMatchObject({
      cmd: 316,
      cmdName: 'Update-Location',
      cmdAbbrev: 'ULR',
      app: 16777251,
      appName: '3GPP S6a/S6d',
      request: true,
      proxyable: true,
      error: false,
      retransmit: false,
      hbh: '00000abc',
      e2e: '00000abd',
      userName: '001010123456789',
      visitedPlmn: '00f110',
      originRealm: 'epc.mnc099.mcc208.3gppnetwork.org',
      routeRecord: [],
    });
    expect(ev.diameter.avps[0]).toEqual([0, 263]);
    expect(ev.subscriber).toEqual({ imsi: '001010123456789' });
    expect(ev.imsiSource).toBe('message');
    expect(ev.args).toEqual({ visitedPlmn: '00101', ulrFlags: 0x22 });
    expect(ev.anomalies).toEqual([]);
    expect(h.counters.get('diameter.messages')).toBe(1);
  });

  it('ULA matched on the reverse flow: requestFrame, IMSI via the dialogue, MSISDN from Subscription-Data', () => {
    const h = harness();
    h.feed(ulr(5), 10, MME);
    h.feed(ula(5), 12, HSS);
    const a = h.events[1]!;
    expect(a.diameter.cmdAbbrev).toBe('ULA');
    expect(a.diameter.requestFrame).toBe(10);
    expect(a.subscriber).toEqual({ imsi: '001010123456789', msisdn: '33612345678' });
    expect(a.imsiSource).toBe('dialogue');
    expect(a.e164).toEqual(['33612345678']);
    expect(a.args).toEqual({ msisdn: '33612345678' });
    expect(h.dec.pendingRequests).toBe(0);
  });

  it('the matched request frame is a number before, at and after a match (one field representation: no deopt of payload at the first match)', () => {
    const h = harness();
    const frameField = () => (h.dec as unknown as { requestFrame: unknown }).requestFrame;
    expect(typeof frameField()).toBe('number');
    h.feed(ulr(5), 10, MME);
    expect(typeof frameField()).toBe('number');
    h.feed(ula(5), 12, HSS);
    expect(frameField()).toBe(10);
    h.feed(ulr(6), 13, MME);
    expect(typeof frameField()).toBe('number');
    expect(h.events.map((e) => e.diameter.requestFrame)).toEqual([undefined, 10, undefined]);
  });

  it('answer from another peer, or with other ids, is not matched', () => {
    const h = harness();
    h.feed(ulr(5), 1, MME);
    h.feed(ula(5), 2, OTHER);
    h.feed(ula(6), 3, HSS);
    expect(h.events[1]!.diameter.requestFrame).toBeUndefined();
    expect(h.events[2]!.subscriber).toEqual({ msisdn: '33612345678' });
    expect(h.counters.get('diameter.transactions.unmatched')).toBe(2);
  });

  it('SLg PLA: args.locationInfo in the MAP PSL result form', () => {
    const { events, feed } = harness();
    feed(
      buildDiameter({
        cmd: 8388620,
        app: 16777255,
        hbh: 9,
        avps: [avp(263, 's;9'), avp3(1242, Uint8Array.from([0x10, 0x4a, 0xaa, 0xaa, 0x09, 0x87, 0x65, 0x14])), avp3(2514, 3)],
      }),
      1,
      HSS,
    );
    expect(events[0]!.args!.locationInfo).toEqual({
      locationEstimate: '104aaaaa09876514',
      shape: 'ellipsoidPointWithUncertaintyCircle',
      latitude: 52.499993,
      longitude: 13.399994,
      uncertaintyMeters: 57.274999,
      ageOfLocation: 3,
    });
  });

  it('reordering: an answer captured before its request is joined when the request comes within limits.reorderWaitSec', () => {
    const h = harness({ reorderWaitSec: 2 });
    h.feed(ula(7), 1, HSS, 1000);
    h.feed(ulr(7), 2, MME, 1000);
    // The ULA stays as emitted; the ULR carries the MSISDN its answer made known.
    expect(h.events[0]!.subscriber).toEqual({ msisdn: '33612345678' });
    expect(h.events[1]!.subscriber).toEqual({ imsi: '001010123456789', msisdn: '33612345678' });
    expect(h.counters.get('diameter.transactions.reordered')).toBe(1);
    expect(h.dec.pendingRequests).toBe(0);
    // Too late: the wait expired (counted), the request waits for an answer of its own.
    h.feed(ula(8), 3, HSS, 1000);
    h.feed(ulr(8), 4, MME, 1005);
    expect(h.events[3]!.subscriber).toEqual({ imsi: '001010123456789' });
    expect(h.counters.get('diameter.transactions.reorder-expired')).toBe(1);
    expect(h.dec.pendingRequests).toBe(1);
  });

  it('answers still waiting for their request when the input ends are counted as reorder-expired', () => {
    const h = harness({ reorderWaitSec: 5 });
    h.feed(ula(7), 1, HSS, 1000);
    h.feed(ula(8), 2, HSS, 1000);
    expect(h.dec.earlyAnswers).toBe(2);
    expect(h.counters.get('diameter.transactions.reorder-expired')).toBe(0);
    h.dec.end();
    expect(h.counters.get('diameter.transactions.reorder-expired')).toBe(2);
    expect(h.dec.earlyAnswers).toBe(0);
    h.dec.end(); // idempotent
    expect(h.counters.get('diameter.transactions.reorder-expired')).toBe(2);
  });

  it('two messages in one frame get index 0 and 1', () => {
    const h = harness();
    h.feed(ulr(1), 4, MME);
    h.feed(ulr(2), 4, MME);
    expect(h.events.map((e) => [e.frame, e.index])).toEqual([
      [4, 0],
      [4, 1],
    ]);
  });

  it('bounded table: the oldest request is evicted, counted and reported', () => {
    const h = harness({ diameterTransactions: 2 });
    h.feed(ulr(1), 1, MME);
    h.feed(ulr(2), 2, MME);
    h.feed(ulr(3), 3, MME);
    expect(h.dec.pendingRequests).toBe(2);
    expect(h.counters.get('diameter.transactions.evicted')).toBe(1);
    expect(h.anomalies.map((a) => [a.code, a.frame])).toEqual([[DIAMETER_ANOMALY.TRANSACTIONS_FULL, 3]]);
    h.feed(ula(1), 4, HSS);
    h.feed(ula(3), 5, HSS);
    expect(h.events[3]!.diameter.requestFrame).toBeUndefined();
    expect(h.events[4]!.diameter.requestFrame).toBe(3);
  });

  it('requests expire by capture time', () => {
    const h = harness({ diameterTransactionAgeSec: 10 });
    h.feed(ulr(1), 1, MME, 100);
    h.feed(ulr(2), 2, MME, 105);
    h.feed(ula(1), 3, HSS, 112);
    expect(h.events[2]!.diameter.requestFrame).toBeUndefined();
    expect(h.counters.get('diameter.transactions.expired')).toBe(1);
    h.feed(ula(2), 4, HSS, 114);
    expect(h.events[3]!.diameter.requestFrame).toBe(2);
  });

  it('malformed: short payload → no event, anomaly with frame; bad AVP → event carries the anomaly', () => {
    const h = harness();
    h.feed(new Uint8Array(12), 9, MME);
    expect(h.events).toEqual([]);
    expect(h.anomalies).toEqual([expect.objectContaining({ code: DIAMETER_ANOMALY.TRUNCATED, frame: 9, layer: 'diameter' })]);
    expect(h.counters.get('diameter.dropped')).toBe(1);
    const b = ulr(1);
    new DataView(b.buffer).setUint32(24, 0x40000004); // first AVP length 4
    h.feed(b, 11, MME);
    expect(h.events[0]!.anomalies).toEqual([expect.objectContaining({ code: DIAMETER_ANOMALY.AVP_BAD_LENGTH, frame: 11 })]);
    expect(h.anomalies).toHaveLength(2);
  });

  it('IMSI from User-Name: its leading 6–15 digits (plain, or the IMSI-derived NAI of TS 23.003 §13.3)', () => {
    expect(imsiFromUserName('001010000123511')).toBe('001010000123511');
    expect(imsiFromUserName('001010000123511@ims.mnc001.mcc001.3gppnetwork.org')).toBe('001010000123511');
    expect(imsiFromUserName('user001@3gpp.com')).toBeUndefined();
    // 16 digits after a 0 / 1: the 15 after it (an EAP type digit; see the EAP tests); after 2–9: the first 15 (an appended digit, red-team U1).
    expect(imsiFromUserName('1234567890123456')).toBe('234567890123456');
    expect(imsiFromUserName('3104101000000991')).toBe('310410100000099');
    expect(imsiFromUserName('12345')).toBeUndefined();
  });

  it('IMSI from an EAP permanent-identity NAI: the identity-type digit 0 / 1 / 6 before the IMSI is not part of it (TS 23.003 §19.3.2, rt12 F9)', () => {
    const realm = '@nai.epc.mnc410.mcc310.3gppnetwork.org';
    for (const t of ['0', '1', '6']) expect(imsiFromUserName(`${t}310410100000099${realm}`)).toBe('310410100000099');
    // Not an EAP identity type (2-5 are pseudonyms and re-authentication ids, RFC 4187 §4.1.1.7), or no NAI: the first 15 digits, as before.
    expect(imsiFromUserName(`2310410100000099${realm}`)).toBe('231041010000009');
    expect(imsiFromUserName('0310410100000099')).toBe('310410100000099');
    expect(imsiFromUserName(`03104101000000991${realm}`)).toBe('310410100000099');
    // A seventeenth digit does not hide the subscriber again (final read 13-B).
    expect(imsiFromUserName('03104101000000999@evil.example')).toBe('310410100000099');
  });

  it('EAP NAI edges: the type digit before 14 or 15 digits in an nai.epc / wlan realm naming their PLMN, and a 0 / 1 before 15 whatever the realm (review 12-B #7, 13-B #2)', () => {
    // A 14-digit IMSI (TS 23.003 §2.2) of a 2-digit MNC, written mnc015 in the realm (§19.2), and of a 3-digit one.
    expect(imsiFromUserName('023415123456789@nai.epc.mnc015.mcc234.3gppnetwork.org')).toBe('23415123456789');
    // 13 digits after the type digit: not the EAP form, read as it stands.
    expect(imsiFromUserName('12341512345678@wlan.mnc015.mcc234.3gppnetwork.org')).toBe('12341512345678');
    expect(imsiFromUserName('6310410100000099@wlan.mnc410.mcc310.3gppnetwork.org')).toBe('310410100000099');
    expect(imsiFromUserName('0310410100000099@NAI.EPC.MNC410.MCC310.3GPPNETWORK.ORG')).toBe('310410100000099');
    expect(imsiFromUserName('0234015123456789@nai.epc.mnc015.mcc234.3gppnetwork.org')).toBe('234015123456789');
    // 16 digits after a 0 / 1, whatever the realm: the 15 after it (review 13-B #2: a foreign realm hid the subscriber behind
    // `0` and 14 of its digits; no IMSI is 16 digits long, and none of a live network starts with 0 or 1).
    expect(imsiFromUserName('1234567890123456@corp.example')).toBe('234567890123456');
    expect(imsiFromUserName('0310410100000099@evil.example')).toBe('310410100000099');
    expect(imsiFromUserName('0310410100000099@nai.epc.mnc260.mcc310.3gppnetwork.org')).toBe('310410100000099');
    expect(imsiFromUserName('0310410100000099@ims.mnc410.mcc310.3gppnetwork.org')).toBe('310410100000099');
    // `6` (EAP-AKA') starts live MCCs: only an EAP realm naming the IMSI's PLMN drops it.
    expect(imsiFromUserName('6310410100000099@evil.example')).toBe('631041010000009');
    expect(imsiFromUserName('6135790246811357@nai.epc.mnc410.mcc310.3gppnetwork.org')).toBe('613579024681135');
    expect(imsiFromUserName('023415123456789@corp.example')).toBe('023415123456789');
    // A plain 15-digit IMSI in its own EAP realm is not mistaken for a type digit and 14 digits.
    expect(imsiFromUserName('001011234567890@nai.epc.mnc001.mcc001.3gppnetwork.org')).toBe('001011234567890');
    expect(imsiFromUserName('310410100000099@nai.epc.mnc410.mcc310.3gppnetwork.org')).toBe('310410100000099');
  });
});

describe('DiameterDecoder retransmissions', () => {
  it('a retransmitted request (T flag, RFC 6733 §3) replaces the first copy; the answer matches the latest', () => {
    const h = harness();
    h.feed(ulr(9), 1, MME);
    const again = ulr(9);
    again[4] = again[4]! | 0x10;
    h.feed(again, 2, MME);
    expect(h.events[1]!.diameter.retransmit).toBe(true);
    expect(h.counters.get('diameter.transactions.duplicate')).toBe(1);
    h.feed(ula(9), 3, HSS);
    expect(h.events[2]!.diameter.requestFrame).toBe(2);
    expect(h.dec.pendingRequests).toBe(0);
  });
});

describe('command code under header Application-Id 0 / relay (red-team rt11 R11)', () => {
  const idr = (app: number) =>
    buildDiameter({
      cmd: 319,
      app,
      request: true,
      hbh: 0x51,
      e2e: 0x52,
      avps: [avp(263, 's;51'), avp(264, 'hss1.epc.mnc000.mcc460.3gppnetwork.org'), avp(296, 'epc.mnc000.mcc460.3gppnetwork.org'), avp(1, '310410100000099')],
    });

  it('an S6a command under app 0 or 0xffffffff is read as S6a, with diameter.command-app-mismatch', () => {
    for (const [app, text] of [
      [0, '0 (base)'],
      [0xffffffff, '0xffffffff (relay)'],
    ] as const) {
      const { events, anomalies, feed } = harness();
      feed(idr(app), 1, HSS);
      const e = events[0]!;
      expect([e.diameter.app, e.diameter.appName, e.diameter.cmdAbbrev]).toEqual([16777251, '3GPP S6a/S6d', 'IDR']);
      expect(anomalies.map((a) => [a.code, a.detail])).toEqual([
        [DIAMETER_ANOMALY.COMMAND_APP_MISMATCH, `command 319 of 3GPP S6a/S6d under header Application-Id ${text}: read as 3GPP S6a/S6d (RFC 6733 §2.4, §3)`],
      ]);
      expect(e.anomalies.map((a) => a.code)).toEqual([DIAMETER_ANOMALY.COMMAND_APP_MISMATCH]);
    }
  });

  it('an S6a IDR under an application that does not define 319 (Sh, S13, SLg, Gx, Credit-Control) is read as S6a, with the anomaly (rt12 F2)', () => {
    for (const [app, name] of [
      [16777217, '3GPP Sh'],
      [16777252, "3GPP S13/S13'"],
      [16777255, '3GPP SLg'],
      [16777238, '3GPP Gx'],
      [4, 'Diameter Credit Control'],
    ] as const) {
      const { events, anomalies, feed } = harness();
      feed(idr(app), 1, HSS);
      expect([events[0]!.diameter.app, events[0]!.diameter.cmdAbbrev], name).toEqual([16777251, 'IDR']);
      expect(anomalies.map((a) => a.detail)).toEqual([
        `command 319 of 3GPP S6a/S6d under header Application-Id ${app} (${name}): read as 3GPP S6a/S6d (RFC 6733 §2.4, §3)`,
      ]);
    }
  });

  it('a code several applications define stays under the header application that defines it (Cx MAR under SWx / Zh, CIR under T6a)', () => {
    const { events, anomalies, feed } = harness();
    feed(buildDiameter({ cmd: 303, app: 16777265, request: true, avps: [avp(264, 'aaa.example'), avp(296, 'example')] }), 1, MME);
    feed(buildDiameter({ cmd: 303, app: 16777221, request: true, avps: [avp(264, 'bsf.example'), avp(296, 'example')] }), 2, MME);
    feed(buildDiameter({ cmd: 8388718, app: 16777346, request: true, avps: [avp(264, 'scef.example'), avp(296, 'example')] }), 3, MME);
    expect(events.map((e) => [e.diameter.app, e.diameter.cmdAbbrev])).toEqual([
      [16777265, 'MAR'],
      [16777221, 'MAR'],
      [16777346, 'CIR'],
    ]);
    expect(anomalies).toEqual([]);
  });

  it('a code several applications define, under a known application that defines none of them: read as the first definer (review 12-B #4)', () => {
    const { events, anomalies, feed } = harness();
    feed(buildDiameter({ cmd: 303, app: 16777251, request: true, avps: [avp(264, 'x.example'), avp(296, 'example')] }), 1, MME);
    feed(buildDiameter({ cmd: 8388718, app: 16777217, request: true, avps: [avp(264, 'x.example'), avp(296, 'example')] }), 2, MME);
    expect(events.map((e) => [e.diameter.app, e.diameter.cmdAbbrev])).toEqual([
      [16777216, 'MAR'],
      [16777345, 'CIR'],
    ]);
    expect(anomalies.map((a) => a.code)).toEqual([DIAMETER_ANOMALY.COMMAND_APP_MISMATCH, DIAMETER_ANOMALY.COMMAND_APP_MISMATCH]);
  });

  it('S7a (TS 29.272 §5A) reuses S6a IDR / DSR / RSR and S6n shares S6m SIR: left under the header, no anomaly (review 12-B #6)', () => {
    const { events, anomalies, feed } = harness();
    feed(idr(16777308), 1, HSS);
    feed(buildDiameter({ cmd: 320, app: 16777308, request: true, avps: [avp(264, 'css.example'), avp(296, 'example')] }), 2, HSS);
    feed(buildDiameter({ cmd: 322, app: 16777308, request: true, avps: [avp(264, 'css.example'), avp(296, 'example')] }), 3, HSS);
    feed(buildDiameter({ cmd: 8388641, app: 16777310, request: true, avps: [avp(264, 'mtc-aaa.example'), avp(296, 'example')] }), 4, MME);
    // Legacy Wx (TS 29.234) reuses Cx's MAR / SAR / RTR / PPR (review 13-B #3: read as Cx with the anomaly).
    for (const [i, cmd] of [303, 301, 304, 305].entries())
      feed(buildDiameter({ cmd, app: 16777219, request: true, avps: [avp(264, 'aaa.example'), avp(296, 'example')] }), 5 + i, MME);
    expect(events.map((e) => [e.diameter.app, e.diameter.appName, e.diameter.cmdAbbrev])).toEqual([
      [16777308, '3GPP S7a/S7d', 'IDR'],
      [16777308, '3GPP S7a/S7d', 'DSR'],
      [16777308, '3GPP S7a/S7d', 'RSR'],
      [16777310, '3GPP S6m/S6n', 'SIR'],
      [16777219, '3GPP Wx', 'MAR'],
      [16777219, '3GPP Wx', 'SAR'],
      [16777219, '3GPP Wx', 'RTR'],
      [16777219, '3GPP Wx', 'PPR'],
    ]);
    expect(anomalies).toEqual([]);
  });

  it('under an application this dictionary does not know: read as the first definer, with the anomaly (review 12-B #4)', () => {
    const { events, anomalies, feed } = harness();
    feed(idr(16777999), 1, HSS);
    feed(buildDiameter({ cmd: 303, app: 16777999, request: true, avps: [avp(264, 'x.example'), avp(296, 'example')] }), 2, MME);
    feed(buildDiameter({ cmd: 8388718, app: 16777999, request: true, avps: [avp(264, 'x.example'), avp(296, 'example')] }), 3, MME);
    expect(events.map((e) => [e.diameter.app, e.diameter.cmdAbbrev])).toEqual([
      [16777251, 'IDR'],
      [16777216, 'MAR'],
      [16777345, 'CIR'],
    ]);
    expect(anomalies.map((a) => a.detail)).toEqual([
      'command 319 of 3GPP S6a/S6d under header Application-Id 16777999 (unknown application): read as 3GPP S6a/S6d (RFC 6733 §2.4, §3)',
      'command 303 of 3GPP Cx under header Application-Id 16777999 (unknown application): read as 3GPP Cx (RFC 6733 §2.4, §3)',
      'command 8388718 of 3GPP S6t under header Application-Id 16777999 (unknown application): read as 3GPP S6t (RFC 6733 §2.4, §3)',
    ]);
  });

  it('base commands under app 0, and S6a under its own app, are left as they are', () => {
    const { events, anomalies, feed } = harness();
    feed(buildDiameter({ cmd: 280, app: 0, request: true, avps: [avp(264, 'a.example'), avp(296, 'example')] }), 1, MME);
    feed(idr(16777251), 2, HSS);
    feed(buildDiameter({ cmd: 999_999, app: 0, request: true, avps: [avp(264, 'a.example')] }), 3, MME);
    expect(events.map((e) => e.diameter.app)).toEqual([0, 16777251, 0]);
    expect(anomalies).toEqual([]);
  });
});
