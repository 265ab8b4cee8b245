/**
 * rt14 G2's limits (detect/context.ts undeclaredHomeRoute) and the SUA routing indicator read as
 * sent (final read 14-A #5):
 * - an SUA hostname is where the reply goes only under routing indicator 3; beside SSN + PC (2) or
 *   SSN + IP (4) a stray name placed nowhere makes nothing "outside";
 * - with `home.point_codes` declared, an international point code neither home's nor the registry's,
 *   routing the reply of (SCCP calling SSN + PC) or handing over (MTP OPC) a home-country GT, is
 *   the origin: outside (without the field: the GT decides, as before);
 * - with `home.sua_addresses` declared, an SUA address routed on another IP address (RI 4) beside a
 *   home-country GT is the origin: outside.
 */
import { describe, expect, it } from 'vitest';
import type { ScanAlert } from '../../src/api/scan-options.js';
import { Scanner } from '../../src/api/scanner.js';
import { SigwatchError } from '../../src/core/errors.js';
import type { Profile } from '../../src/detect/profile.js';
import * as E from '../../src/encode/index.js';
import type { SuaAddressSpec } from '../../src/encode/sigtran.js';
import { HOME_HLR, IMSI, MSISDN, T0, profile } from './fixture.js';

const HOME_SCF = '12025550010';
const HOME_VLR = '12025550002';
const HOME = { name: 'Example Mobile', gt_prefixes: ['1202555'], imsi_prefixes: ['310410'], msisdn_prefixes: ['1202555'], realms: [] };
const declared = (extra: Record<string, unknown>) => profile({ home: { ...HOME, ...extra } });

/** `back`: the association's other direction (an answer: ss7/tcap-dialogues.ts fromRequester reads it). */
function frame(payload: Uint8Array, ppid: number, back = false): { tsSec: number; tsNsec: number; data: Uint8Array } {
  const sctp = E.sctpPacket({ srcPort: 2905, dstPort: 2905, vtag: 1, checksum: true, chunks: [{ type: 'data', tsn: 1, stream: 1, ssn: 0, ppid, payload }] });
  const [src, dst] = back ? ['10.0.0.2', '10.9.0.1'] : ['10.9.0.1', '10.0.0.2'];
  return { tsSec: T0, tsNsec: 0, data: E.ethernet(0x0800, E.ipv4({ src, dst, proto: 132, payload: sctp })) };
}

const ati = E.tcBegin({
  otid: '0a0b0c03',
  dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.29.3' },
  components: [{ type: 'invoke', invokeId: 1, opcode: 71, param: E.mapArg.anyTimeInterrogation({ msisdn: MSISDN, gsmScfAddress: HOME_SCF }) }],
});
const sua = (source: SuaAddressSpec): Uint8Array =>
  E.writePcap([frame(E.encodeSuaCldt({ source, dest: { ri: 'gt', gt: HOME_HLR, ssn: 6 }, data: ati }), 4)], { linkType: 1 });

/** An M3UA ISD "from" the home HLR's GT (calling address routed on `ri`, with point code `pc`) to the home VLR, OPC `opc`, international NI. */
function isd(opc: number, ri: 'gt' | 'ssn', pc?: number): Uint8Array {
  const tcap = E.tcBegin({
    otid: '0a0b0c04',
    components: [{ type: 'invoke', invokeId: 1, opcode: 7, param: E.mapArg.insertSubscriberData({ imsi: IMSI, msisdn: MSISDN }) }],
  });
  const calling = { ri, gt: HOME_HLR, ssn: 6, ...(pc === undefined ? {} : { pc }) };
  const sccp = E.encodeSccp({ type: 'udt', data: tcap, calling, called: { gt: HOME_VLR, ssn: 7 } });
  return E.writePcap([frame(E.encodeM3uaData({ opc, dpc: 200, sls: 1, ni: 0 }, sccp), 3)], { linkType: 1 });
}

function scan(b: Uint8Array, p: Profile = profile({ home: HOME })): ScanAlert[] {
  const alerts: ScanAlert[] = [];
  const s = new Scanner({ profile: p, onAlert: (a) => alerts.push(a) });
  s.push(b);
  s.end();
  return alerts;
}
const rules = (alerts: ScanAlert[]) => alerts.map((a) => `${a.rule}:${a.level}`);

describe('SUA: a hostname is the reply route only under routing indicator 3 (final read 14-A #5)', () => {
  it('a home GT and point code (RI 2) or IP address (RI 4) beside a stray hostname placed nowhere: no alert', () => {
    expect(scan(sua({ ri: 'ssn', gt: HOME_SCF, pc: 1000, ssn: 147, hostname: 'scf1.corp.example' }))).toEqual([]);
    expect(scan(sua({ ri: 'ip', gt: HOME_SCF, ip: '10.0.0.9', ssn: 147, hostname: 'scf1.corp.example' }))).toEqual([]);
  });

  it('under RI 3 the same name beside the home GT is still the origin, outside (rt14 G2)', () => {
    const a = scan(sua({ ri: 'hostname', gt: HOME_SCF, ssn: 147, hostname: 'scf1.corp.example' }));
    expect(rules(a)).toEqual(['cat1-from-outside:high']);
    expect(a[0]!.origin).toEqual({ host: 'scf1.corp.example' });
  });
});

describe('home.sua_addresses: an SUA reply routed on another IP address beside a home GT is outside (rt14 G2 limit)', () => {
  const p = declared({ sua_addresses: ['10.0.0.9', '2001:DB8:0::0:1'] });

  it("another address: cat1 high, the address the origin; home's own addresses (IPv6 in any notation): none", () => {
    const a = scan(sua({ ri: 'ip', gt: HOME_SCF, ssn: 147, ip: '192.0.2.66' }), p);
    expect(rules(a)).toEqual(['cat1-from-outside:high']);
    expect(a[0]!.origin).toEqual({ host: '192.0.2.66' });
    expect(scan(sua({ ri: 'ip', gt: HOME_SCF, ssn: 147, ip: '10.0.0.9' }), p)).toEqual([]);
    expect(scan(sua({ ri: 'ip', gt: HOME_SCF, ssn: 147, ip: '2001:db8::1' }), p)).toEqual([]);
  });

  it('undeclared: the GT decides, as before (review 12-C #4)', () => {
    expect(scan(sua({ ri: 'ip', gt: HOME_SCF, ssn: 147, ip: '192.0.2.66' }))).toEqual([]);
  });
});

describe('home.point_codes: an international point code neither home nor the registry lists, beside a home GT, is outside (rt14 G2 limit, N3)', () => {
  const p = declared({ point_codes: [1000] });

  it('handed over by OPC 9999 (the MTP last hop): cat2-not-home high from PC 9999; by home OPC 1000: none', () => {
    const a = scan(isd(9999, 'gt'), p);
    expect(rules(a)).toEqual(['cat2-not-home:high']);
    expect(a[0]!.origin).toMatchObject({ gt: HOME_HLR, pc: 9999 });
    expect(scan(isd(1000, 'gt'), p)).toEqual([]);
  });

  it('the reply routed on SSN + PC 9999 (SCCP calling address, RI 1), the OPC home: outside; on PC 1000: none', () => {
    expect(rules(scan(isd(1000, 'ssn', 9999), p))).toEqual(['cat2-not-home:high']);
    expect(scan(isd(1000, 'ssn', 1000), p)).toEqual([]);
    expect(rules(scan(sua({ ri: 'ssn', gt: HOME_SCF, pc: 9999, ssn: 147 }), p))).toEqual(['cat1-from-outside:high']);
  });

  it('undeclared: the GT decides, as before', () => {
    expect(scan(isd(9999, 'gt'))).toEqual([]);
    expect(scan(isd(1000, 'ssn', 9999))).toEqual([]);
  });
});

describe('profile: the optional home fields are validated', () => {
  for (const bad of [
    { point_codes: [-1] },
    { point_codes: ['x'] },
    { point_codes: [] },
    { point_codes: [0x1000000] },
    { sua_addresses: ['10.0.0.256'] },
    { sua_addresses: ['host.example'] },
    { sua_addresses: [] },
  ]) {
    it(`rejects ${JSON.stringify(bad)}`, () => {
      expect(() => declared(bad)).toThrow(SigwatchError);
    });
  }
  it('accepts a profile without them (the fixed contract) and keeps them off the home', () => {
    expect(profile({ home: HOME }).home.pointCodes).toBeUndefined();
    expect(declared({ point_codes: [1000], sua_addresses: ['2001:DB8::1'] }).home).toMatchObject({ pointCodes: [1000], suaAddresses: ['2001:db8::1'] });
  });
});

describe('declared home point codes: a result handed over by another point code teaches nothing (final read 15-A #2)', () => {
  const CN_VLR = '8613900000011';
  /** An M3UA frame (international NI) from `calling` to `called`, OPC `opc` → DPC `dpc`. */
  const m3ua = (tcap: Uint8Array, calling: string, called: string, opc: number, dpc: number, i: number) => {
    const hlrSide = calling === HOME_HLR;
    const sccp = E.encodeSccp({
      type: 'udt',
      data: tcap,
      calling: { ri: 'gt', gt: calling, ssn: hlrSide ? 6 : 147 },
      called: { ri: 'gt', gt: called, ssn: hlrSide ? 147 : 6 },
    });
    const f = frame(E.encodeM3uaData({ opc, dpc, sls: 1, ni: 0 }, sccp), 3, hlrSide);
    return { ...f, tsSec: T0 + i };
  };
  /** The home gsmSCF's ATI to the home HLR (OPC 1000), then its result "from the HLR" naming a China VLR, through `endOpc`. */
  const run = (endOpc: number) => {
    const begin = E.tcBegin({
      otid: '0a0b0c03',
      dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.29.3' },
      components: [{ type: 'invoke', invokeId: 1, opcode: 71, param: E.mapArg.anyTimeInterrogation({ msisdn: MSISDN, gsmScfAddress: HOME_SCF }) }],
    });
    const end = E.tcEnd({
      dtid: '0a0b0c03',
      components: [
        { type: 'returnResultLast', invokeId: 1, opcode: 71, param: E.mapRes.subscriberInfo({ location: { vlrNumber: CN_VLR, mscNumber: CN_VLR, age: 0 } }) },
      ],
    });
    const pcap = E.writePcap([m3ua(begin, HOME_SCF, HOME_HLR, 1000, 200, 1), m3ua(end, HOME_HLR, HOME_SCF, endOpc, 1000, 2)], { linkType: 1 });
    const s = new Scanner({ profile: declared({ point_codes: [1000, 200] }), onAlert: () => {} });
    s.push(pcap);
    s.end();
    return JSON.stringify(s.detectorInstance!.snapshotState()).includes(CN_VLR);
  };

  it('through home\u2019s own point code the HLR\u2019s result places the subscriber; through OPC 9999 it does not', () => {
    expect(run(200)).toBe(true);
    expect(run(9999)).toBe(false);
  });
});
