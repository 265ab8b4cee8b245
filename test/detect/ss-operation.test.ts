/**
 * ss-operation-from-outside (red team rt7 R4): supplementary-service management and USSD requests
 * for a home subscriber from a network that is neither its visited network nor home — at rule
 * level, and through the decoder, where the subscriber is only in the dialogue's MAP-OPEN
 * destination reference (TS 29.002 §7.3.1 Table 7.3/2).
 */
import { describe, expect, it } from 'vitest';
import type { ScanAlert } from '../../src/api/scan-options.js';
import { Decoder } from '../../src/api/decoder.js';
import { Scanner } from '../../src/api/scanner.js';
import { field } from '../../src/events/fields.js';
import * as E from '../../src/encode/index.js';
import { mapInvoke } from '../support/events.js';
import { CN_GT, GB_VLR, HOME_HLR, IMSI, MSISDN, NTT_VLR, T0, detector, profile, registerInJapan, ruleIds } from './fixture.js';

const REGISTER_SS = 10;
const ACTIVATE_SS = 12;
const PUSSR = 59;

describe('ss-operation-from-outside', () => {
  const ss = (op: number, callingGt: string, ts: number, imsi = IMSI) => mapInvoke({ op, callingGt, calledGt: HOME_HLR, imsi, ts });

  it('flags RegisterSS, ActivateSS and a USSD request for a home subscriber registered in Japan from other networks', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    det.event(ss(REGISTER_SS, CN_GT, T0 + 60));
    det.event(ss(ACTIVATE_SS, GB_VLR, T0 + 70)); // a declared network the subscriber is not in
    det.event(ss(PUSSR, CN_GT, T0 + 80));
    expect(ruleIds(alerts).filter((r) => r === 'ss-operation-from-outside')).toHaveLength(3);
    const a = alerts.find((x) => x.rule === 'ss-operation-from-outside')!;
    expect(a.level).toBe('high');
    expect(a.origin).toMatchObject({ gt: CN_GT, country: 'CN' });
    expect(a.visited).toMatchObject({ country: 'JP', network: 'NTT Docomo' });
  });

  it('without a known visited network, a declared partner VLR is no alert; another network is one level lower (review of the merge)', () => {
    const withPartner = profile({ partners: [{ name: 'Partner Japan', country: 'JP', plmn: '44010', gt_prefixes: ['8190120'] }] });
    const { det, alerts } = detector(withPartner);
    det.event(ss(PUSSR, NTT_VLR, T0));
    det.event(ss(REGISTER_SS, NTT_VLR, T0 + 10));
    expect(ruleIds(alerts)).toEqual([]);
    det.event(ss(REGISTER_SS, CN_GT, T0 + 20));
    expect(alerts.filter((a) => a.rule === 'ss-operation-from-outside').map((a) => a.level)).toEqual(['medium']);
  });

  it('stays silent for SS operations from the visited VLR, from a home node and for an inbound roamer', () => {
    const { det, alerts } = detector();
    registerInJapan(det);
    for (const op of [REGISTER_SS, 11, ACTIVATE_SS, 13, 14, 17, PUSSR]) {
      det.event(ss(op, NTT_VLR, T0 + 60));
      det.event(ss(op, '12025550077', T0 + 70));
      det.event(ss(op, CN_GT, T0 + 80, '460001234567890'));
    }
    expect(ruleIds(alerts)).not.toContain('ss-operation-from-outside');
  });

  it('a declared partner that is not the known visited network: ss-operation-from-partner, medium (rt9 SS1)', () => {
    // NTT Docomo (the visited network registerInJapan sets up) is a partner too: its UL is no registration-from-non-partner.
    const withPartner = profile({
      partners: [
        { name: 'NTT Docomo', country: 'JP', plmn: '44010', gt_prefixes: ['8190120'] },
        { name: 'Partner UK', country: 'GB', plmn: '23415', gt_prefixes: ['4477850'] },
      ],
    });
    const { det, alerts } = detector(withPartner);
    registerInJapan(det);
    det.event(ss(REGISTER_SS, '447785000001', T0 + 60));
    expect(alerts.map((a) => [a.rule, a.level])).toEqual([['ss-operation-from-partner', 'medium']]);
    expect(alerts[0]!.origin).toMatchObject({ gt: '447785000001', country: 'GB' });
    alerts.length = 0;
    det.event(ss(REGISTER_SS, NTT_VLR, T0 + 70));
    det.event(ss(REGISTER_SS, CN_GT, T0 + 80));
    expect(alerts.map((a) => a.rule)).toEqual(['ss-operation-from-outside']);
  });

  it('a declared partner with the visited network unknown: no alert from either rule', () => {
    const withPartner = profile({ partners: [{ name: 'Partner UK', country: 'GB', plmn: '23415', gt_prefixes: ['4477850'] }] });
    const { det, alerts } = detector(withPartner);
    det.event(ss(REGISTER_SS, '447785000001', T0));
    expect(alerts).toEqual([]);
  });

  it('visited network unknown: decided on home only, one level lower', () => {
    const { det, alerts } = detector();
    det.event(ss(REGISTER_SS, CN_GT, T0));
    expect(ruleIds(alerts)).toContain('ss-operation-from-outside');
    const a = alerts.find((x) => x.rule === 'ss-operation-from-outside')!;
    expect(a.level).toBe('medium');
    expect(a.assumptions).toEqual([expect.stringContaining('visited network unknown')]);
  });
});

describe('through the decoder: the subscriber only in the MAP-OPEN destination reference', () => {
  const SS_ACN = '0.4.0.0.1.0.18.2';
  const USSD_ACN = '0.4.0.0.1.0.19.2';
  const HOME_VLR = '12025550077';
  const FTN = '8613800009999';

  /** registerSS (CFU to +86 ...) and a USSD request from `gt` for the home subscriber, whose IMSI is only in map-open. */
  function capture(gt: string, destinationReference = E.isdnBytes(IMSI, 1, 6)): Uint8Array {
    const open = { destinationReference, originationReference: E.isdnBytes(gt) };
    const { ber } = E;
    const messages = [
      E.tcBegin({
        otid: '0a0b0c31',
        dialogue: { pdu: 'aarq', acn: SS_ACN, mapOpen: open },
        components: [{ type: 'invoke', invokeId: 1, opcode: REGISTER_SS, param: ber.seq(ber.octets(Uint8Array.of(0x21)), ber.ctx(4, E.isdnBytes(FTN))) }],
      }),
      E.tcBegin({
        otid: '0a0b0c32',
        dialogue: { pdu: 'aarq', acn: USSD_ACN, mapOpen: open },
        components: [{ type: 'invoke', invokeId: 1, opcode: PUSSR, param: E.mapArg.ussd({ packed: E.fromHex('aa180c3602') }) }],
      }),
    ];
    const frames = messages.map((tcap, i) => {
      const sccp = E.encodeSccp({ type: 'udt', data: tcap, calling: { gt, ssn: 7 }, called: { gt: HOME_HLR, ssn: 6 } });
      const m3ua = E.encodeM3uaData({ opc: 100, dpc: 200, sls: 1 }, sccp);
      const sctp = E.sctpPacket({
        srcPort: 2905,
        dstPort: 2905,
        vtag: 1,
        checksum: true,
        chunks: [{ type: 'data', tsn: i + 1, stream: 1, ssn: i, ppid: 3, payload: m3ua }],
      });
      return { tsSec: T0 + 60 * i, tsNsec: 0, data: E.ethernet(0x0800, E.ipv4({ src: '10.0.0.1', dst: '10.0.0.2', proto: 132, payload: sctp })) };
    });
    return E.writePcap(frames, { linkType: 1 });
  }

  function scan(b: Uint8Array): ScanAlert[] {
    const alerts: ScanAlert[] = [];
    const scanner = new Scanner({ profile: profile(), onAlert: (a) => alerts.push(a) });
    scanner.push(b);
    scanner.end();
    return alerts;
  }

  it('flags registerSS (call forwarding set-up, forwardedToNumber in the evidence) and the USSD request from China', () => {
    const alerts = scan(capture(CN_GT));
    expect(alerts.map((a) => [a.rule, a.level, (a.evidence as { component?: { op?: string } }).component?.op])).toEqual([
      ['ss-operation-from-outside', 'medium', 'registerSS'],
      ['ss-operation-from-outside', 'medium', 'processUnstructuredSS-Request'],
    ]);
    expect(alerts[0]!.subscriber).toEqual({ imsi: IMSI });
    expect(alerts[0]!.evidence).toMatchObject({ imsiSource: 'dialogue', args: { ssCode: 0x21, forwardedToNumber: FTN }, e164: [FTN] });
  });

  it('rules can match args.ssCode and args.forwardedToNumber (field catalogue), also on deferred records', () => {
    const seen: unknown[] = [];
    const dec = new Decoder({ onRecord: (r) => void seen.push([field('args.ssCode')!.read(r), field('args.forwardedToNumber')!.read(r)]) });
    dec.push(capture(CN_GT));
    dec.end();
    expect(seen).toEqual([
      [0x21, FTN],
      [undefined, undefined],
    ]);
  });

  it('no alert for the same operations from a home VLR', () => {
    expect(scan(capture(HOME_VLR))).toEqual([]);
  });

  it('an IMSI under another numbering plan than E.212 is still the IMSI of registerSS (review F5); the USSD request ignores it', () => {
    for (const np of [1, 0]) {
      const alerts = scan(capture(CN_GT, E.isdnBytes(IMSI, 1, np)));
      expect(
        alerts.map((a) => [a.rule, a.subscriber]),
        `NP ${np}`,
      ).toEqual([['ss-operation-from-outside', { imsi: IMSI }]]);
    }
  });

  it('a national or unknown-nature MSISDN in the destination reference is read in the home numbering (review F4)', () => {
    const national = MSISDN.slice(1); // 202555…: the home's national significant number
    for (const nai of [2, 0]) {
      const alerts = scan(capture(CN_GT, E.isdnBytes(national, nai, 1)));
      expect(
        alerts.map((a) => [a.rule, a.evidence.subscriber]),
        `NAI ${nai}`,
      ).toEqual([['ss-operation-from-outside', { msisdn: national }]]);
    }
  });
});
