/**
 * Review 13-A #3: the ported-out rule (Networks.homeOf: a home MSISDN with an IMSI of another network
 * of the home's country belongs to that network) let a forged SRI-SM result choose its own judge. An
 * SRI-SM from China's SMSC (via China Carrier's international point code 4242) for a home MSISDN the
 * store has not seen, answered by a TC-END "from" a GT of Other US Carrier (declared) over the same
 * point code, naming that network's IMSI and a Bahamas MSC, made Other US the subscriber's home: the
 * End was "from home" and learned, and the SRI from the Bahamas raised nothing. A national network's
 * GT handed over by a foreign carrier's international point code is now spoofed as a home GT is
 * (rt11 R9), so the End teaches nothing. Captures built with the repo's encoders.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/api/scan.js';
import type { ScanAlert } from '../../src/api/scan-options.js';
import * as E from '../../src/encode/index.js';
import { type Party, ss7Frame } from '../support/ss7-frames.js';

const PROFILE = join(mkdtempSync(join(tmpdir(), 'sigwatch-ported-')), 'p3.profile.yaml');
writeFileSync(
  PROFILE,
  [
    'home: {name: Sigwatch Mobile, country: US, gt_prefixes: ["1202555"], imsi_prefixes: ["310410"], msisdn_prefixes: ["1202555"]}',
    'partners:',
    '  - {name: Partner Japan, country: JP, plmn: "44010", gt_prefixes: ["8190120"]}',
    'networks:',
    '  - {name: Example China Carrier, country: CN, plmn: "46000", role: mno, gt_prefixes: ["8613800"], point_codes: [4242], source: test, date: "2025-03-01"}',
    '  - {name: Other US Carrier, country: US, plmn: "310260", role: mno, gt_prefixes: ["1206555"], source: test, date: "2026-12-07"}',
    '',
  ].join('\n'),
);
const HLR = '12025550001';
const CN_SMSC = '8613800000077';
const BS = '124235700051';
const BS_VLR = '124235700099';
const MSISDN = '12025550099';
const OTHER_US_HLR = '12065551000';
const JP_HLR = '819012000001';
const SRISM_AC = '0.4.0.0.1.0.20.3';
const T = 1_741_420_800;
const CN_PC = 4242;

const hop = (tcap: Uint8Array, calling: Party, called: Party, opc?: number) => ss7Frame(tcap, calling, called, opc === undefined ? undefined : { opc, ni: 0 });

/** A one-invoke Begin (`otid`, application context `acn`) from `calling` to the home HLR. */
const begin = (otid: string, acn: string, opcode: number, param: Uint8Array, calling: Party, opc?: number) =>
  hop(E.tcBegin({ otid, dialogue: { pdu: 'aarq', acn }, components: [{ type: 'invoke', invokeId: 1, opcode, param }] }), calling, { gt: HLR, ssn: 6 }, opc);
/** China's SMSC asks the home HLR for the victim's routing info (interworking, not flagged). */
const srism = begin('77000009', SRISM_AC, 45, E.mapArg.sendRoutingInfoForSM({ msisdn: MSISDN, sca: CN_SMSC }), { gt: CN_SMSC, ssn: 8 }, CN_PC);
/** The End "from" `from` over China's point code, naming `imsi` at the Bahamas MSC. */
const end = (from: string, imsi: string) =>
  hop(
    E.tcEnd({
      dtid: '77000009',
      dialogue: { pdu: 'aare', acn: SRISM_AC },
      components: [{ type: 'returnResultLast', invokeId: 1, opcode: 45, param: E.mapRes.sendRoutingInfoForSM({ imsi, networkNodeNumber: BS_VLR }) }],
    }),
    { gt: from, ssn: 6 },
    { gt: CN_SMSC, ssn: 8 },
    CN_PC,
  );
/** The Bahamas asks where the victim is (an SRI from outside). */
const sri = begin('0c000002', '0.4.0.0.1.0.5.3', 22, E.mapArg.sendRoutingInfo({ msisdn: MSISDN, gmscAddress: BS }), { gt: BS, ssn: 8 });

async function alerts(list: Uint8Array[]): Promise<string[]> {
  const frames = list.map((data, i) => ({ tsSec: T + i, tsNsec: 0, data }));
  const out: ScanAlert[] = [];
  for await (const a of scan(E.writePcap(frames, { linkType: 1 }), { profile: PROFILE })) out.push(a);
  return out.filter((a) => a.rule !== 'watched-carrier').map((a) => `${a.rule}:${a.level}@${a.frame}`);
}

describe('review 13-A #3: a national network GT handed over by a foreign carrier point code answers for no home number', () => {
  it('the End from Other US Carrier GT via China naming its IMSI plants nothing: the SRI from the Bahamas alerts', async () => {
    expect(await alerts([srism, end(OTHER_US_HLR, '310260000000099'), sri])).toEqual(['location-origin-mismatch:medium@3']);
  });

  it('an alert on such a message names the carrier and the national GT it handed over', async () => {
    const out: ScanAlert[] = [];
    const atiArg = E.mapArg.anyTimeInterrogation({ msisdn: MSISDN, gsmScfAddress: OTHER_US_HLR });
    const ati = begin('0d000003', '0.4.0.0.1.0.29.3', 71, atiArg, { gt: OTHER_US_HLR, ssn: 147 }, CN_PC);
    for await (const a of scan(E.writePcap([{ tsSec: T, tsNsec: 0, data: ati }], { linkType: 1 }), { profile: PROFILE })) out.push(a);
    const cat1 = out.find((a) => a.rule === 'cat1-from-outside');
    expect(cat1?.origin).toMatchObject({ gt: OTHER_US_HLR, pc: CN_PC, network: 'Example China Carrier' });
    expect(cat1?.explanation).toContain(`(national GT ${OTHER_US_HLR} handed over by PC ${CN_PC})`);
  });

  it('control: the same End from the home HLR GT via China (rt11 R9) or naming a home IMSI plants nothing either', async () => {
    expect(await alerts([srism, end(HLR, '310260000000099'), sri])).toEqual(['location-origin-mismatch:medium@3']);
    expect(await alerts([srism, end(OTHER_US_HLR, '310410100000099'), sri])).toEqual(['location-origin-mismatch:medium@3']);
  });

  it('a partner GT via China is not spoofed (transit carriers relay other countries), and its IMSI with a home MSISDN keeps the home (R2)', async () => {
    expect(await alerts([srism, end(JP_HLR, '440100000000099'), sri])).toEqual(['location-origin-mismatch:medium@3']);
  });
});
