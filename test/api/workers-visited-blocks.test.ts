/**
 * rt19 M7, S6a form, under `scan --workers` (detect/visited-blocks.ts): the number block that the home HLR's
 * ProvideRoamingNumber for one subscriber teaches must be known to the thread that detects on another subscriber
 * (fed in Detector.observeRecord as in record; learned at the MSC's answer). The LTE roamer's SRI from a Tokyo GT in that block stays quiet with
 * 1 and 2 threads; without the observe feed, a thread other than the PRN's flagged it (IMSIs …002 and …004 below).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as E from '../../src/encode/index.js';
import { ss7Frame } from '../support/ss7-frames.js';
import { buildOnce, runCli } from '../cli/run-cli.js';
import { tempProfile } from '../support/profile-file.js';

beforeAll(() => buildOnce(), 120_000);

const PROFILE = tempProfile([
  'home: {name: Example Mobile, country: US, gt_prefixes: ["1202555"], imsi_prefixes: ["310410"], msisdn_prefixes: ["1202555"], realms: ["epc.mnc410.mcc310.3gppnetwork.org"]}',
]);
const HLR = { gt: '12025550001', ssn: 6 };
const JP = 'epc.mnc010.mcc440.3gppnetwork.org';
const HOME = 'epc.mnc410.mcc310.3gppnetwork.org';
const IMSI = '310410000066001';
const MSISDN = '12025550166';
const MME = `mme1.${JP}`;

function tcp(bytes: Uint8Array, src: string, dst: string, sport: number, dport: number, seq: number): Uint8Array {
  const seg = E.tcpSegment({ srcPort: sport, dstPort: dport, seq, ack: 1, flags: E.TCP_FLAGS.ACK | E.TCP_FLAGS.PSH, payload: bytes });
  return E.ethernet(0x0800, E.ipv4({ src, dst, proto: 6, payload: seg }));
}

/** S6a ULR from NTT Docomo's MME (Visited-PLMN-Id 44010) and the HSS's ULA 2001 naming the MSISDN; a PRN for `other`, answered; an SRI from Tokyo. */
function capture(other: string): string {
  const ulr = E.buildDiameter({
    cmd: 316,
    app: 16777251,
    request: true,
    hbh: 9,
    e2e: 9,
    avps: [
      E.avp(263, `${MME};1;9`),
      E.avp(277, 1),
      E.avp(264, MME),
      E.avp(296, JP),
      E.avp(283, HOME),
      E.avp(1, IMSI),
      E.avp(1032, 1004, { vendor: 10415 }),
      E.avp(1405, 0, { vendor: 10415 }),
      E.avp(1407, Uint8Array.of(0x44, 0xf0, 0x01), { vendor: 10415 }),
    ],
  });
  const ula = E.buildDiameter({
    cmd: 316,
    app: 16777251,
    request: false,
    hbh: 9,
    e2e: 9,
    avps: [
      E.avp(263, `${MME};1;9`),
      E.avp(277, 1),
      E.avp(264, `hss1.${HOME}`),
      E.avp(296, HOME),
      E.avp(268, 2001),
      E.group(1400, [E.msisdnAvp(MSISDN)], { vendor: 10415 }),
    ],
  });
  const begin = (otid: string, acn: string, opcode: number, param: Uint8Array) =>
    E.tcBegin({ otid, dialogue: { pdu: 'aarq', acn }, components: [{ type: 'invoke', invokeId: 1, opcode, param }] });
  const frames = [
    tcp(ulr, '10.1.0.1', '10.2.0.1', 40000, 3868, 1000),
    tcp(ula, '10.2.0.1', '10.1.0.1', 3868, 40000, 1000),
    // The home HLR asks MSC 81355500099 for `other`'s roaming number (TS 29.002 §10.2): block +81 35.
    ss7Frame(begin('00009100', '0.4.0.0.1.0.3.3', 4, E.mapArg.provideRoamingNumber({ imsi: other, mscNumber: '81355500099' })), HLR, {
      gt: '81355500099',
      ssn: 7,
    }),
    // The MSC answers it (TC-END back the association's reverse way): only an answered home-own operation teaches (review 20 #3, #4).
    ss7Frame(E.tcEnd({ dtid: '00009100', components: [{ type: 'returnResultLast', invokeId: 1 }] }), { gt: '81355500099', ssn: 7 }, HLR),
    ss7Frame(
      begin('00009101', '0.4.0.0.1.0.5.3', 22, E.mapArg.sendRoutingInfo({ msisdn: MSISDN, gmscAddress: '81355500000' })),
      { gt: '81355500000', ssn: 8 },
      HLR,
    ),
  ];
  const path = join(mkdtempSync(join(tmpdir(), 'sigwatch-blocks-')), 'm7w.pcap');
  writeFileSync(
    path,
    E.writePcap(
      frames.map((data, i) => ({ tsSec: 1_700_000_000 + i, tsNsec: 0, data })),
      { linkType: 1 },
    ),
  );
  return path;
}

describe('rt19 M7 S6a form: number blocks learned alike in every --workers thread', () => {
  for (const other of ['310410000000002', '310410000000004']) {
    it(`the PRN for ${other} teaches the block in every thread: the Tokyo SRI is quiet with 1 and 2 workers`, () => {
      const path = capture(other);
      const one = runCli(['scan', '--jsonl', '--workers', '1', '--profile', PROFILE, path]);
      const two = runCli(['scan', '--jsonl', '--workers', '2', '--profile', PROFILE, path]);
      expect(one.stdout).toBe('');
      expect(two.stdout).toBe(one.stdout);
    });
  }
});
