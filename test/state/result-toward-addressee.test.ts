/**
 * Red-team round 20 N8: the requester's second access (another SCTP association from another host into the same SG)
 * sent a TC-END "from" the home HLR's GT answering its own SendRoutingInfoForSM, naming an MSC of its country: the
 * result moved the roamer there and the attacker's SRI and PSL were then "from the visited network" (0 alerts). An
 * answer goes back toward the requester (Q.774 §3.2.2: to the Begin's calling address), so one travelling toward the
 * host the Begin was sent to, from another host, is not the addressee's (ss7/tcap-dialogues.ts fromRequester,
 * towardAddressee): reported `tcap.answer-from-requester`, nothing learned. Captures built with the repo's encoders.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/api/scan.js';
import type { ScanAlert } from '../../src/api/scan-options.js';
import * as E from '../../src/encode/index.js';
import { tempProfile } from '../support/profile-file.js';

const PROFILE = tempProfile([
  'home:',
  '  name: Home',
  '  country: US',
  '  gt_prefixes: ["1202555"]',
  '  imsi_prefixes: ["310410"]',
  '  msisdn_prefixes: ["1202555"]',
  'partners:',
  '  - name: Partner Japan',
  '    plmn: "44010"',
  '    gt_prefixes: ["8190120"]',
]);
const HLR = { gt: '12025550001', ssn: 6 };
const VLR = { gt: '819012000001', ssn: 7 };
const A = { gt: '8613800000001', ssn: 8 };
const IMSI = '310410000046001';
const MSISDN = '12025550146';
const UL_AC = '0.4.0.0.1.0.1.3';
const SM_AC = '0.4.0.0.1.0.20.3';

let tsn = 1;
/** M3UA over SCTP from `src`:`sport` to `dst`:2905 with label `opc` → `dpc`. */
function frame(tcap: Uint8Array, calling: object, called: object, src: string, dst: string, opc: number, dpc: number, sport = 2905): Uint8Array {
  const m3ua = E.encodeM3uaData({ opc, dpc, sls: 1 }, E.encodeSccp({ type: 'udt', data: tcap, calling, called }));
  const chunk = { type: 'data' as const, tsn: tsn++, stream: 1, ssn: 0, ppid: 3, payload: m3ua };
  const sctp = E.sctpPacket({ srcPort: sport, dstPort: 2905, vtag: 1, checksum: true, chunks: [chunk] });
  return E.ethernet(0x0800, E.ipv4({ src, dst, proto: 132, payload: sctp }));
}
/** The requesters' side 10.9.0.1 → the home SG 10.0.0.2, label 100 → 200. */
const out = (t: Uint8Array, calling: object, called: object): Uint8Array => frame(t, calling, called, '10.9.0.1', '10.0.0.2', 100, 200);
/** The home SG back, label 200 → 100. */
const back = (t: Uint8Array, calling: object, called: object): Uint8Array => frame(t, calling, called, '10.0.0.2', '10.9.0.1', 200, 100);

async function run(answer: ((t: Uint8Array) => Uint8Array) | undefined): Promise<{ rules: string[]; anomalies: string[] }> {
  const ul = E.mapArg.updateLocation({ imsi: IMSI, mscNumber: VLR.gt, vlrNumber: VLR.gt });
  const isd = { type: 'invoke' as const, invokeId: 2, opcode: 7, param: E.mapArg.insertSubscriberData({ msisdn: MSISDN }) };
  const result = E.mapRes.sendRoutingInfoForSM({ imsi: IMSI, networkNodeNumber: '8613800000099' });
  const end = E.tcEnd({
    dtid: 'a6000099',
    dialogue: { pdu: 'aare', acn: SM_AC },
    components: [{ type: 'returnResultLast', invokeId: 1, opcode: 45, param: result }],
  });
  const srism = E.mapArg.sendRoutingInfoForSM({ msisdn: MSISDN, sca: A.gt });
  const sri = E.mapArg.sendRoutingInfo({ msisdn: MSISDN, gmscAddress: A.gt });
  const psl = E.mapArg.provideSubscriberLocation({ mlcNumber: A.gt, msisdn: MSISDN, imsi: IMSI });
  const list: [number, Uint8Array][] = [
    [
      0,
      out(
        E.tcBegin({ otid: 'a6000001', dialogue: { pdu: 'aarq', acn: UL_AC }, components: [{ type: 'invoke', invokeId: 1, opcode: 2, param: ul }] }),
        VLR,
        HLR,
      ),
    ],
    [1, back(E.tcContinue({ otid: 'a6000002', dtid: 'a6000001', dialogue: { pdu: 'aare', acn: UL_AC }, components: [isd] }), HLR, VLR)],
    [2, out(E.tcContinue({ otid: 'a6000001', dtid: 'a6000002', components: [{ type: 'returnResultLast', invokeId: 2 }] }), VLR, HLR)],
    [
      3,
      back(
        E.tcEnd({ dtid: 'a6000001', components: [{ type: 'returnResultLast', invokeId: 1, opcode: 2, param: E.mapRes.hlrNumber({ hlrNumber: HLR.gt }) }] }),
        HLR,
        VLR,
      ),
    ],
    // 4 h later: the attacker's SRI-for-SM to a home GT no STP translates (its real answer never comes).
    [
      14400,
      out(E.tcBegin({ otid: 'a6000099', dialogue: { pdu: 'aarq', acn: SM_AC }, components: [{ type: 'invoke', invokeId: 1, opcode: 45, param: srism }] }), A, {
        gt: '12025559999',
        ssn: 6,
      }),
    ],
    ...(answer === undefined ? [] : [[14401, answer(end)] as [number, Uint8Array]]),
    [
      14460,
      out(
        E.tcBegin({
          otid: 'a6000100',
          dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.5.3' },
          components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: sri }],
        }),
        A,
        HLR,
      ),
    ],
    [
      14461,
      out(
        E.tcBegin({
          otid: 'a6000101',
          dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.38.3' },
          components: [{ type: 'invoke', invokeId: 1, opcode: 83, param: psl }],
        }),
        { gt: A.gt, ssn: 145 },
        VLR,
      ),
    ],
  ];
  const frames = list.map(([t, data]) => ({ tsSec: 1_700_000_000 + t, tsNsec: 0, data }));
  const rules: string[] = [];
  const anomalies: string[] = [];
  const opts = { profile: PROFILE, onAnomaly: (a: { code: string }) => anomalies.push(a.code) };
  for await (const a of scan(E.writePcap(frames, { linkType: 1 }), opts) as AsyncIterable<ScanAlert>) rules.push(a.rule);
  return { rules, anomalies };
}

const mismatches = (r: string[]): number => r.filter((x) => x === 'location-origin-mismatch').length;

describe('rt20 N8: a location result sent toward the Begin’s addressee from another host is not its answer', () => {
  it('control: no result, the SRI and PSL from China are judged', async () => {
    expect(mismatches((await run(undefined)).rules)).toBe(2);
  });

  it('the forged End from the attacker’s second association (10.5.0.1, its own point code) into the same SG moves nobody', async () => {
    const { rules, anomalies } = await run((t) => frame(t, HLR, A, '10.5.0.1', '10.0.0.2', 300, 200, 2906));
    expect(mismatches(rules)).toBe(2);
    expect(anomalies).toContain('tcap.answer-from-requester');
  });

  it('the same End back from the SG toward the requester is the answer: it moves the subscriber, no anomaly', async () => {
    const { rules, anomalies } = await run((t) => back(t, HLR, A));
    expect(mismatches(rules)).toBe(0);
    expect(anomalies).not.toContain('tcap.answer-from-requester');
  });
});
