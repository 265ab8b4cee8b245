/**
 * One subscriber, one number (red-team round 6, finding 12; detect/msisdn-notation.ts): the
 * MSISDN as international digits, as a national significant number (nature of address 010), or
 * with the international prefix 00 / 011 under nature of address "unknown" is one subscriber to
 * the state, the correlation and the worker sharding.
 */
import { describe, expect, it } from 'vitest';
import type { ScanAlert } from '../../src/api/scan-options.js';
import { Scanner } from '../../src/api/scanner.js';
import { ShardRouter } from '../../src/api/workers-shard.js';
import { digitsKey } from '../../src/core/digit-key.js';
import { MsisdnNotation } from '../../src/detect/msisdn-notation.js';
import * as E from '../../src/encode/index.js';
import { MessageRecord } from '../../src/events/record.js';
import { mapInvoke } from '../support/events.js';
import { T0, detector, profile, ruleIds } from './fixture.js';

/** AddressString first octets (TS 29.002 §17.7.8): extension 1, nature of address, numbering plan E.164. */
const INTL = 0x91;
const NATIONAL = 0xa1;
const UNKNOWN = 0x81;
const SRI = 22;

const us = new MsisdnNotation('1', ['1202555']);

describe('MsisdnNotation', () => {
  it('reads each notation of +1 202 555 0123 as the international digits', () => {
    expect(us.text('12025550123', INTL)).toBe('12025550123');
    expect(us.text('2025550123', NATIONAL)).toBe('12025550123');
    expect(us.text('0012025550123', UNKNOWN)).toBe('12025550123');
    expect(us.text('01112025550123', UNKNOWN)).toBe('12025550123');
    expect(us.text('0012025550123', -1)).toBe('12025550123');
    expect(us.key(digitsKey('2025550123'), NATIONAL)).toBe(digitsKey('12025550123'));
    expect(us.key(digitsKey('01112025550123'), UNKNOWN)).toBe(digitsKey('12025550123'));
    expect(us.key(digitsKey('12025550123'), -1)).toBe(digitsKey('12025550123'));
  });

  it('reads home national digits under nature of address "unknown", and national digits with numbering plan unknown (red-team rt8 N1)', () => {
    expect(us.text('2025550123', UNKNOWN)).toBe('12025550123');
    expect(us.key(digitsKey('2025550123'), UNKNOWN)).toBe(digitsKey('12025550123'));
    expect(us.text('2025550123', 0xa0)).toBe('12025550123'); // national, numbering plan unknown
    // Not the home's: kept as sent (another country's national number, a leading 0, a subscriber number).
    expect(us.text('3055550123', UNKNOWN)).toBe('3055550123');
    expect(us.text('02025550123', UNKNOWN)).toBe('02025550123');
    expect(us.text('5550123', 0xc1)).toBe('5550123');
    // Digits already a home number in international form stay (review: Italy 39 / 39393, Kazakhstan 7 / 77 got the code twice).
    expect(new MsisdnNotation('39', ['39393']).text('393931234567', UNKNOWN)).toBe('393931234567');
    expect(new MsisdnNotation('7', ['77']).text('77011234567', UNKNOWN)).toBe('77011234567');
    expect(us.text('12025550123', UNKNOWN)).toBe('12025550123');
  });

  it('keeps what is not unambiguous as sent', () => {
    // National digits outside the home ranges: national to their sender, whoever that is.
    expect(us.text('3055550123', NATIONAL)).toBe('3055550123');
    // National with another numbering plan than E.164 or unknown, or without a home.
    expect(us.text('2025550123', 0xa8)).toBe('2025550123');
    expect(new MsisdnNotation(undefined, []).text('2025550123', NATIONAL)).toBe('2025550123');
    // 011 is the NANP international prefix only: elsewhere it stays.
    expect(new MsisdnNotation('44', ['447700']).text('01112025550123', UNKNOWN)).toBe('01112025550123');
    // Digits marked international are never rewritten; 00 followed by no country code stays.
    expect(us.text('0012025550123', INTL)).toBe('0012025550123');
    expect(us.text('000123', UNKNOWN)).toBe('000123');
    expect(us.text('00', UNKNOWN)).toBe('00');
  });
});

describe('one subscriber across notations', () => {
  const origins = ['8613800000001', '12423570051', '5511999990001', '2348030000001'];
  const forms: [string, number][] = [
    ['12025550123', INTL],
    ['2025550123', NATIONAL],
    ['0012025550123', UNKNOWN],
    ['01112025550123', UNKNOWN],
  ];

  it('multi-origin-targeting counts the four origins of SRIs that write the number four ways', () => {
    const { det, alerts } = detector();
    const r = new MessageRecord();
    forms.forEach(([msisdn, octet], i) => {
      r.fromEvent(mapInvoke({ op: SRI, callingGt: origins[i]!, calledGt: '12025550001', msisdn, ts: T0 + 60 * i }));
      r.msisdnOctet = octet;
      det.record(r);
    });
    expect(ruleIds(alerts).filter((id) => id === 'multi-origin-targeting')).toHaveLength(2);
  });

  it('scan --workers shards the four notations to one worker', () => {
    const router = new ShardRouter(7);
    const shards = forms.map(([msisdn, msisdnOctet], i) => router.shardOf({ msisdn, msisdnOctet, frame: i + 1 }, us));
    expect(new Set(shards).size).toBe(1);
  });
});

describe('through the decoder (the AddressString octet from the bytes)', () => {
  /** c37 of red-team round 6: four SRIs for +1 202 555 0123 from four networks, one notation each. */
  function capture(): Uint8Array {
    const { ber } = E;
    const origins = ['8613800000001', '12423570051', '5511999990001', '2348030000001'];
    const forms = [E.isdnBytes('12025550123', 1, 1), E.isdnBytes('2025550123', 2, 1), E.isdnBytes('0012025550123', 0, 1), E.isdnBytes('01112025550123', 0, 1)];
    const frames = origins.map((gt, i) => {
      const tcap = E.tcBegin({
        otid: `0b00000${i}`,
        dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.5.3' },
        components: [
          { type: 'invoke', invokeId: 1, opcode: SRI, param: ber.seq(ber.ctx(0, forms[i]!), ber.ctx(1, new Uint8Array([0])), ber.ctx(6, E.isdnBytes(gt))) },
        ],
      });
      const sccp = E.encodeSccp({ type: 'udt', data: tcap, calling: { gt, ssn: 8 }, called: { gt: '12025550001', ssn: 6 } });
      const m3ua = E.encodeM3uaData({ opc: 100, dpc: 200, sls: 1 }, sccp);
      const sctp = E.sctpPacket({
        srcPort: 2905,
        dstPort: 2905,
        vtag: 1,
        checksum: true,
        chunks: [{ type: 'data', tsn: i + 1, stream: 1, ssn: 0, ppid: 3, payload: m3ua }],
      });
      return { tsSec: T0 + 60 * i, tsNsec: 0, data: E.ethernet(0x0800, E.ipv4({ src: '10.0.0.1', dst: '10.0.0.2', proto: 132, payload: sctp })) };
    });
    return E.writePcap(frames, { linkType: 1 });
  }

  it('multi-origin-targeting fires as with one notation (profile)', () => {
    const alerts: ScanAlert[] = [];
    const scanner = new Scanner({ profile: profile(), onAlert: (a) => alerts.push(a) });
    scanner.push(capture());
    scanner.end();
    expect(alerts.filter((a) => a.rule === 'multi-origin-targeting')).toHaveLength(2);
  });

  it('every alert names the subscriber by the international number; the evidence keeps the digits as sent (rt10 O1)', () => {
    const alerts: ScanAlert[] = [];
    const scanner = new Scanner({ profile: profile(), onAlert: (a) => alerts.push(a) });
    scanner.push(capture());
    scanner.end();
    expect(alerts.length).toBeGreaterThan(4);
    expect(new Set(alerts.map((a) => a.subscriber.msisdn))).toEqual(new Set(['12025550123']));
    expect(alerts.every((a) => a.explanation.includes('+12025550123'))).toBe(true);
    const sent = alerts.filter((a) => a.rule === 'location-origin-mismatch').map((a) => (a.evidence as { subscriber: { msisdn?: string } }).subscriber.msisdn);
    expect(sent).toEqual(['12025550123', '2025550123', '0012025550123', '01112025550123']);
  });
});
