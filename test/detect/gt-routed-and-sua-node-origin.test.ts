/**
 * Captures through the Scanner (red team rt12, SS7 findings):
 * - F4: a MAP v1 Begin (no dialogue portion) without a called SSN is MAP only when its argument
 *   reads as the MAP one; an ISD / DSD / activateTraceMode that named its subscriber is MAP
 *   whatever fault follows (a deep extension container, legal BER), so it alerts.
 * - F7: an ACN outside the MAP arc with called SSN 0 (GT routing) is treated as at a MAP SSN.
 * - F6: an SUA source routed on the hostname or on SSN + IP address (RFC 3868 §3.10.2) is the
 *   origin: a hostname attributed as a Diameter host is, an IP address by nothing (outside).
 */
import { describe, expect, it } from 'vitest';
import type { ScanAlert } from '../../src/api/scan-options.js';
import { Decoder } from '../../src/api/decoder.js';
import { Scanner } from '../../src/api/scanner.js';
import { field } from '../../src/events/fields.js';
import * as E from '../../src/encode/index.js';
import type { SuaAddressSpec } from '../../src/encode/sigtran.js';
import { CN_GT, HOME_HLR, IMSI, MSISDN, T0, profile } from './fixture.js';

const HOME_VLR = '12025550002';

function sctpFrame(payload: Uint8Array, ppid: number, i: number): { tsSec: number; tsNsec: number; data: Uint8Array } {
  const sctp = E.sctpPacket({
    srcPort: 2905,
    dstPort: 2905,
    vtag: 1,
    checksum: true,
    chunks: [{ type: 'data', tsn: i + 1, stream: 1, ssn: i, ppid, payload }],
  });
  return { tsSec: T0 + i, tsNsec: 0, data: E.ethernet(0x0800, E.ipv4({ src: '10.9.0.1', dst: '10.0.0.2', proto: 132, payload: sctp })) };
}

/** M3UA UDTs from `calling` (SSN 146) to `called` with called SSN `dssn`. */
function m3uaCapture(tcaps: Uint8Array[], called: string, dssn: number, calling = CN_GT): Uint8Array {
  const frames = tcaps.map((tcap, i) => {
    const sccp = E.encodeSccp({ type: 'udt', data: tcap, calling: { gt: calling, ssn: 146 }, called: { gt: called, ssn: dssn } });
    return sctpFrame(E.encodeM3uaData({ opc: 100, dpc: 200, sls: 1 }, sccp), 3, i);
  });
  return E.writePcap(frames, { linkType: 1 });
}

function scan(b: Uint8Array, p = profile()): { alerts: ScanAlert[]; anomalies: string[]; noOrigin: number } {
  const alerts: ScanAlert[] = [];
  const anomalies: string[] = [];
  const scanner = new Scanner({ profile: p, onAlert: (a) => alerts.push(a), onAnomaly: (a) => anomalies.push(a.code) });
  scanner.push(b);
  scanner.end();
  return { alerts, anomalies, noOrigin: scanner.detectorInstance?.stats.noOrigin ?? 0 };
}

const rules = (alerts: ScanAlert[]) => alerts.map((a) => `${a.rule}:${a.level}`);

describe('rt12 F4: a MAP v1 Begin without a called SSN whose argument named the subscriber, then a deep extension', () => {
  let nested = [0x04, 0x01, 0x00];
  for (let i = 0; i < 40; i++) nested = [0x30, 0x80, ...nested, 0x00, 0x00];
  const withDeepExtension = (p: Uint8Array, extTag: number): Uint8Array => {
    const ext = [extTag, 0x80, 0xa0, 0x80, 0x30, 0x80, 0x06, 0x03, 0x2a, 0x03, 0x04, ...nested, 0, 0, 0, 0, 0, 0];
    const body = [...p.subarray(2), ...ext];
    return Uint8Array.from([0x30, 0x82, body.length >> 8, body.length & 0xff, ...body]);
  };
  const begin = (opcode: number, param: Uint8Array) => E.tcBegin({ otid: '0a0b0c01', components: [{ type: 'invoke', invokeId: 1, opcode, param }] });

  for (const [name, opcode, param] of [
    ['insertSubscriberData', 7, withDeepExtension(E.mapArg.insertSubscriberData({ imsi: IMSI, msisdn: MSISDN }), 0xae)],
    ['deleteSubscriberData', 8, withDeepExtension(E.mapArg.deleteSubscriberData({ imsi: IMSI }), 0xa6)],
    ['activateTraceMode', 50, withDeepExtension(E.mapArg.activateTraceMode({ imsi: IMSI, traceReference: '0102', traceType: 1 }), 0xa4)],
  ] as const) {
    it(`${name} from China to the home VLR's GT: cat2-not-home, and the extension's fault reported`, () => {
      const { alerts, anomalies } = scan(m3uaCapture([begin(opcode, param)], HOME_VLR, 0));
      expect(rules(alerts)).toContain('cat2-not-home:high');
      expect(alerts[0]!.subscriber).toMatchObject({ imsi: IMSI });
      expect(anomalies).toEqual(['map.bad-argument']);
    });
  }
});

describe('rt12 F7: an SRI under an ACN outside the MAP arc, called SSN 0 (GT routing)', () => {
  const sri = (acn: string) =>
    E.tcBegin({
      otid: '0a0b0c02',
      dialogue: { pdu: 'aarq', acn },
      components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: E.mapArg.sendRoutingInfo({ msisdn: MSISDN, gmscAddress: CN_GT }) }],
    });

  it('decoded as MAP by opcode and flagged once, as at SSN 6; a CAMEL AC is ordinary GT-routed traffic, not reported', () => {
    for (const acn of ['1.2.3.4', '0.4.0.0.1.1.5.3']) {
      const { alerts, anomalies } = scan(m3uaCapture([sri(acn)], MSISDN, 0));
      expect(rules(alerts), acn).toContain('location-origin-mismatch:medium');
      expect(anomalies, acn).toEqual(['tcap.unknown-map-ac']);
    }
    const cap = scan(m3uaCapture([sri('0.4.0.0.1.21.3.50')], MSISDN, 0));
    expect(cap.alerts.filter((a) => a.rule !== 'watched-carrier')).toEqual([]);
    expect(cap.anomalies).toEqual([]);
  });
});

describe('rt12 F6: an SUA ATI whose source routes on SSN + IP address or on the hostname (RFC 3868 §3.10.2)', () => {
  const ati = E.tcBegin({
    otid: '0a0b0c03',
    dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.29.3' },
    components: [{ type: 'invoke', invokeId: 1, opcode: 71, param: E.mapArg.anyTimeInterrogation({ msisdn: MSISDN, gsmScfAddress: CN_GT }) }],
  });
  const sua = (source: SuaAddressSpec): Uint8Array =>
    E.writePcap([sctpFrame(E.encodeSuaCldt({ source, dest: { ri: 'gt', gt: HOME_HLR, ssn: 6 }, data: ati }), 4, 0)], { linkType: 1 });

  it('an IP address: in the event, but no origin (nothing attributes IP addresses: a home node routed on SSN + IP is no attacker, review 12-C #4)', () => {
    for (const ip of ['192.0.2.1', '2001:db8::7']) {
      const { alerts, noOrigin } = scan(sua({ ri: 'ip', ssn: 147, ip }));
      expect(alerts, ip).toEqual([]);
      expect(noOrigin, ip).toBe(1);
    }
    const seen: unknown[] = [];
    const dec = new Decoder({ onEvent: (e) => void seen.push(e.protocol === 'map' ? e.sccp.calling : undefined) });
    dec.push(sua({ ri: 'ip', ssn: 147, ip: '192.0.2.1' }));
    dec.end();
    expect(seen).toEqual([{ ssn: 147, ri: 'ssn', gti: 0, ip: '192.0.2.1', suaRi: 4 }]);
  });

  it('a malformed hostname beside the GT the source routes on: reported, and the message still read (review 12-C #1)', () => {
    const { alerts, anomalies } = scan(sua({ ri: 'gt', gt: CN_GT, ssn: 147, hostname: 'bad host' }));
    expect(rules(alerts)).toContain('cat1-from-outside:high');
    expect(anomalies).toEqual(['sua.bad-address']);
  });

  it('routed on a malformed hostname (RI 3) or a short IP address (RI 4) beside a GT: reported, the GT decides (rt13 F3)', () => {
    // The Source Address routes only the reply; the request was delivered on its destination GT.
    for (const hostname of ['bad host', '', 'a'.repeat(300)]) {
      const { alerts, anomalies } = scan(sua({ ri: 'hostname', gt: CN_GT, ssn: 147, hostname }));
      expect(rules(alerts), hostname).toEqual(['cat1-from-outside:high']);
      expect(anomalies, hostname).toEqual(['sua.bad-address']);
    }
    // RI 4, IPv4 sub-parameter cut to 3 octets (length 7; the padding keeps the walk aligned).
    const cldt = E.encodeSuaCldt({ source: { ri: 'ip', gt: CN_GT, ssn: 147, ip: '192.0.2.1' }, dest: { ri: 'gt', gt: HOME_HLR, ssn: 6 }, data: ati });
    const at = cldt.findIndex((_, i) => cldt[i] === 0x80 && cldt[i + 1] === 0x04 && cldt[i + 3] === 0x08);
    cldt[at + 3] = 0x07;
    const short = scan(E.writePcap([sctpFrame(cldt, 4, 0)], { linkType: 1 }));
    expect(rules(short.alerts)).toEqual(['cat1-from-outside:high']);
    expect(short.anomalies).toEqual(['sua.bad-address']);
    // Without a GT or point code the address names no node: no origin, still no drop.
    const none = scan(sua({ ri: 'hostname', ssn: 147, hostname: 'bad host' }));
    expect([none.alerts, none.anomalies, none.noOrigin]).toEqual([[], ['sua.bad-address'], 1]);
  });

  it('a hostname: attributed by its realm (a home node: no alert; an unattributed name: outside)', () => {
    const cn = scan(sua({ ri: 'hostname', ssn: 147, hostname: 'gsmscf.epc.mnc000.mcc460.3gppnetwork.org' }));
    expect(rules(cn.alerts)).toEqual(['cat1-from-outside:high']);
    expect(cn.alerts[0]!.origin).toMatchObject({ host: 'gsmscf.epc.mnc000.mcc460.3gppnetwork.org', country: 'CN' });
    const other = scan(sua({ ri: 'hostname', ssn: 147, hostname: 'GSMSCF.Bahamas.example' }));
    expect(rules(other.alerts)).toEqual(['cat1-from-outside:high']);
    expect(other.alerts[0]!.origin).toEqual({ host: 'gsmscf.bahamas.example' });
    expect((other.alerts[0]!.evidence as { sccp: { calling: unknown } }).sccp.calling).toEqual({ ssn: 147, ri: 'ssn', hostname: 'gsmscf.bahamas.example' });
    expect(scan(sua({ ri: 'hostname', ssn: 147, hostname: 'gsmscf.epc.mnc410.mcc310.3gppnetwork.org' })).alerts).toEqual([]);
  });

  it('rules can match sccp.calling.ip and sccp.calling.hostname (field catalogue), also on deferred records', () => {
    const seen: unknown[] = [];
    for (const source of [
      { ri: 'ip', ssn: 147, ip: '192.0.2.1' },
      { ri: 'hostname', ssn: 147, hostname: 'gsmscf.bahamas.example' },
    ] as const) {
      const dec = new Decoder({ onRecord: (r) => void seen.push([field('sccp.calling.ip')!.read(r), field('sccp.calling.hostname')!.read(r)]) });
      dec.push(sua(source));
      dec.end();
    }
    expect(seen).toEqual([
      ['192.0.2.1', undefined],
      [undefined, 'gsmscf.bahamas.example'],
    ]);
  });

  it('a GT beside them: a home GT with a foreign hostname is the hostname; with an IP address the GT decides', () => {
    const spoofed = scan(sua({ ri: 'hostname', gt: HOME_HLR, ssn: 147, hostname: 'gsmscf.epc.mnc000.mcc460.3gppnetwork.org' }));
    expect(rules(spoofed.alerts)).toEqual(['cat1-from-outside:high']);
    expect(spoofed.alerts[0]!.origin).toMatchObject({ host: 'gsmscf.epc.mnc000.mcc460.3gppnetwork.org', country: 'CN' });
    expect(scan(sua({ ri: 'ip', gt: HOME_HLR, ssn: 147, ip: '192.0.2.1' })).alerts).toEqual([]);
    expect(rules(scan(sua({ ri: 'ip', gt: CN_GT, ssn: 147, ip: '192.0.2.1' })).alerts)).toEqual(['cat1-from-outside:high']);
  });

  // rt14 G2: the attacker's own hostname (placed nowhere) beside a spoofed home GT was silent, the
  // answer (the subscriber's location) routed to that host; the same host without the GT was high.
  it('a home or home-country GT beside a hostname placed nowhere: the hostname, unattributed, outside; a home realm name stays home', () => {
    for (const gt of [HOME_HLR, '12125550100']) {
      const spoofed = scan(sua({ ri: 'hostname', gt, ssn: 147, hostname: 'gsmscf.attacker.example' }));
      expect(rules(spoofed.alerts), gt).toEqual(['cat1-from-outside:high']);
      expect(spoofed.alerts[0]!.origin, gt).toEqual({ host: 'gsmscf.attacker.example' });
      expect(spoofed.alerts[0]!.explanation).toContain('could not be attributed');
    }
    // Honest: home's SUA node under a realm the profile declares for home, or a 3GPP home name.
    const home = {
      name: 'Example Mobile',
      gt_prefixes: ['1202555'],
      imsi_prefixes: ['310410'],
      msisdn_prefixes: ['1202555'],
      realms: ['epc.mnc410.mcc310.3gppnetwork.org', 'example-mobile.example'],
    };
    expect(scan(sua({ ri: 'hostname', gt: HOME_HLR, ssn: 147, hostname: 'scf1.example-mobile.example' }), profile({ home })).alerts).toEqual([]);
    expect(scan(sua({ ri: 'hostname', gt: HOME_HLR, ssn: 147, hostname: 'gsmscf.epc.mnc410.mcc310.3gppnetwork.org' })).alerts).toEqual([]);
    // A foreign GT beside the unplaced host: the GT decides, as before (the host adds nothing to it).
    expect(rules(scan(sua({ ri: 'hostname', gt: CN_GT, ssn: 147, hostname: 'gsmscf.attacker.example' })).alerts)).toEqual(['cat1-from-outside:high']);
    // RI 4 (an IP address) beside a home GT stays home (review 12-C #4; README: IP addresses name no network).
    expect(scan(sua({ ri: 'ip', gt: HOME_HLR, ssn: 147, ip: '192.0.2.66' })).alerts).toEqual([]);
  });
});
