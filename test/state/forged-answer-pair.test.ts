/**
 * Review 11-B #1 and #7: answers an attacker can make look solicited.
 *
 * - #1: the attacker sends the ATI Begin as well (a spoofed home gsmSCF GT toward the home HLR) and
 *   its End (dtid = its own otid) naming the attacker's VLR. Learned before: the End came from the
 *   Begin's addressee or any GT of its country. Now (a) a message whose home calling GT a foreign
 *   carrier's international point code handed over (rt11 R9) teaches nothing, (b) no answer in a
 *   dialogue whose Begin a rule flagged does, and (c) a PSI / ATI / PSL result sent by another GT
 *   of the addressee's country is learned only from a node of home or of the known visited network.
 * - #7: a ULA refusing the ULR (5001) linked the request's IMSI with the request's MSISDN AVP.
 *
 * Captures built with the repo's encoders; home US 310410 / 1202555 (pcaps/ profiles), the attacker
 * the Bahamas (+1 242, MCC 364); the R9 profile adds China Carrier with international PC 4242.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/api/scan.js';
import type { ScanAlert } from '../../src/api/scan-options.js';
import { Scanner } from '../../src/api/scanner.js';
import { ShardRouter } from '../../src/api/workers-shard.js';
import { loadProfile } from '../../src/detect/profile.js';
import type { DiameterAvp } from '../../src/diameter/avp.js';
import * as E from '../../src/encode/index.js';
import { REPO_ROOT } from '../support/corpus.js';
import { type Party, ss7Frame } from '../support/ss7-frames.js';
import { RULES } from '../detect/fixture.js';

const SS7_PROFILE = join(REPO_ROOT, 'pcaps', 'ss7-location-tracking.profile.yaml');
const DIAM_PROFILE = join(REPO_ROOT, 'pcaps', 'diameter-location-tracking.profile.yaml');
const R9_PROFILE = join(mkdtempSync(join(tmpdir(), 'sigwatch-forged-')), 'r9.profile.yaml');
writeFileSync(
  R9_PROFILE,
  [
    'home: {name: Sigwatch Mobile, country: US, gt_prefixes: ["1202555"], imsi_prefixes: ["310410"], msisdn_prefixes: ["1202555"]}',
    'networks:',
    '  - {name: Example China Carrier, country: CN, plmn: "46000", role: mno, gt_prefixes: ["8613800"], point_codes: [4242], source: test, date: "2025-03-01"}',
    '',
  ].join('\n'),
);
const HLR = '12025550001';
const SCF = '12025550500';
const HOME_MSC = '12025550077';
const BS = '124235700051';
const BS_VLR = '124235700099';
const IMSI = '310410100000099';
const MSISDN = '12025550099';
const T = 1_741_420_800;

/** A frame from `calling` to `called`; with `opc`, over that international point code's label (NI 0). */
const ss7 = (tcap: Uint8Array, calling: Party, called: Party, opc?: number) => ss7Frame(tcap, calling, called, opc === undefined ? undefined : { opc, ni: 0 });

const hlr: Party = { gt: HLR, ssn: 6 };
const scf: Party = { gt: SCF, ssn: 147 };
const ATI_AC = '0.4.0.0.1.0.29.3';
const srism = ss7(
  E.tcBegin({
    otid: 'dead0002',
    dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.20.3' },
    components: [{ type: 'invoke', invokeId: 1, opcode: 45, param: E.mapArg.sendRoutingInfoForSM({ msisdn: MSISDN, sca: BS }) }],
  }),
  { gt: BS, ssn: 8 },
  hlr,
);
const srismEnd = ss7(
  E.tcEnd({
    dtid: 'dead0002',
    dialogue: { pdu: 'aare', acn: '0.4.0.0.1.0.20.3' },
    components: [{ type: 'returnResultLast', invokeId: 1, opcode: 45, param: E.mapRes.sendRoutingInfoForSM({ imsi: IMSI, networkNodeNumber: HOME_MSC }) }],
  }),
  hlr,
  { gt: BS, ssn: 8 },
);
const sri = ss7(
  E.tcBegin({
    otid: '0c000002',
    dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.5.3' },
    components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: E.mapArg.sendRoutingInfo({ msisdn: MSISDN, gmscAddress: BS }) }],
  }),
  { gt: BS, ssn: 8 },
  hlr,
);
const psl = ss7(
  E.tcBegin({
    otid: '0c000003',
    dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.38.3' },
    components: [{ type: 'invoke', invokeId: 1, opcode: 83, param: E.mapArg.provideSubscriberLocation({ mlcNumber: BS, imsi: IMSI, msisdn: MSISDN }) }],
  }),
  { gt: BS, ssn: 145 },
  { gt: HOME_MSC, ssn: 8 },
);
/** The ATI Begin (by IMSI) from `from` to `to`, MTP OPC `opc`. */
const atiBegin = (from: Party, to: Party, opc?: number) =>
  ss7(
    E.tcBegin({
      otid: '77000001',
      dialogue: { pdu: 'aarq', acn: ATI_AC },
      components: [{ type: 'invoke', invokeId: 1, opcode: 71, param: E.mapArg.anyTimeInterrogation({ imsi: IMSI, gsmScfAddress: from.gt }) }],
    }),
    from,
    to,
    opc,
  );
/** Its End naming `vlr`, from `from` to `to`. */
const atiEnd = (vlr: string, from: Party, to: Party, opc?: number) =>
  ss7(
    E.tcEnd({
      dtid: '77000001',
      dialogue: { pdu: 'aare', acn: ATI_AC },
      components: [
        { type: 'returnResultLast', invokeId: 1, opcode: 71, param: E.mapRes.subscriberInfo({ location: { vlrNumber: vlr, mscNumber: vlr, age: 0 } }) },
      ],
    }),
    from,
    to,
    opc,
  );

const frames = (list: Uint8Array[]) => list.map((data, i) => ({ tsSec: T + i, tsNsec: 0, data }));

async function alerts(list: Uint8Array[], profile = SS7_PROFILE): Promise<string[]> {
  const out: ScanAlert[] = [];
  for await (const a of scan(E.writePcap(frames(list), { linkType: 1 }), { profile })) out.push(a);
  return out.map((a) => `${a.rule}:${a.level}@${a.frame}`);
}

/** The SRI (frame n) and PSL (n + 1) after the forged pair alert as in the control (the subscriber stayed at home). */
const tracked = (n: number) => [`location-origin-mismatch:high@${n}`, `location-origin-mismatch:high@${n + 1}`];

describe('review 11-B #1 (c): a PSI / ATI / PSL result by another GT of the addressee country', () => {
  it('control: the home HLR names the home MSC; the SRI and PSL from the Bahamas alert high', async () => {
    expect(await alerts([srism, srismEnd, sri, psl])).toEqual(tracked(3));
  });

  it('a forged End from a Chicago GT (not a home node) to an ATI Begin addressed to the home HLR moves nobody', async () => {
    const a = await alerts([srism, srismEnd, atiBegin(scf, hlr), atiEnd(BS_VLR, { gt: '13125550001', ssn: 6 }, scf), sri, psl]);
    expect(a).toEqual(tracked(5));
  });

  it('the ATI routed on the MSISDN and answered from the home HLR GT (another GT, a home node) is learned', async () => {
    // The HLR answers from its own GT (Q.714 §2.4); here it names the Bahamas VLR, so the Bahamas SRI and PSL are the visited network's.
    const a = await alerts([srism, srismEnd, atiBegin(scf, { gt: MSISDN, ssn: 6 }), atiEnd(BS_VLR, hlr, scf), sri, psl]);
    expect(a.filter((x) => x.startsWith('location-origin-mismatch'))).toEqual([]);
  });
});

describe('review 11-B #1 (a), (b): the Begin is spoofed or flagged', () => {
  it('(a) the pair from China Carrier\u2019s international point code with home GTs: the End teaches nothing', async () => {
    const a = await alerts([srism, srismEnd, atiBegin(scf, hlr, 4242), atiEnd(BS_VLR, hlr, scf, 4242), sri, psl], R9_PROFILE);
    expect(a.filter((x) => x.endsWith('@5') || x.endsWith('@6'))).toEqual(tracked(5));
  });

  it('(a) a spoofed End alone (its Begin from the home gsmSCF through the home label) teaches nothing', async () => {
    const a = await alerts([srism, srismEnd, atiBegin(scf, hlr), atiEnd(BS_VLR, hlr, scf, 4242), sri, psl], R9_PROFILE);
    expect(a.filter((x) => x.endsWith('@5') || x.endsWith('@6'))).toEqual(tracked(5));
  });

  it('(b) the Begin from China Carrier alerts; its End from the home HLR GT through the home label teaches nothing', async () => {
    const a = await alerts(
      [srism, srismEnd, atiBegin({ gt: '8613800000001', ssn: 147 }, hlr), atiEnd(BS_VLR, hlr, { gt: '8613800000001', ssn: 147 }), sri, psl],
      R9_PROFILE,
    );
    expect(a).toContain('cat1-from-outside:high@3');
    expect(a.filter((x) => x.endsWith('@5') || x.endsWith('@6'))).toEqual(tracked(5));
  });

  it('(b) --workers 1-4 decide alike', () => {
    const cn: Party = { gt: '8613800000001', ssn: 147 };
    const pcap = E.writePcap(frames([srism, srismEnd, atiBegin(cn, hlr), atiEnd(BS_VLR, hlr, cn), sri, psl]), { linkType: 1 });
    const profile = loadProfile(R9_PROFILE);
    const run = (count: number) => {
      const out: string[] = [];
      const router = new ShardRouter(count);
      for (let shard = 0; shard < count; shard++) {
        const s: Scanner = new Scanner({
          profile,
          rules: RULES,
          onAlert: (a) => out.push(`${a.rule}@${a.frame}`),
          ...(count > 1 ? { detectFilter: (r) => router.shardOf(r, s.notation) === shard } : {}),
        });
        s.push(pcap);
        s.endSource();
      }
      return out.sort();
    };
    const one = run(1);
    expect(one).toContain('location-origin-mismatch@6');
    for (const n of [2, 3, 4]) expect([n, run(n)]).toEqual([n, one]);
  });
});

describe('review 11-B #7: a refused ULR links nothing; the link takes the answer\u2019s MSISDN', () => {
  const HOME = 'epc.mnc410.mcc310.3gppnetwork.org';
  const JP = 'epc.mnc010.mcc440.3gppnetwork.org';
  const BSR = 'epc.mnc390.mcc364.3gppnetwork.org';
  const BS_IMSI = '364390000000001';
  let dtsn = 0;
  const frame = (up: boolean, payload: Uint8Array, t: number, sport: number) => {
    const sctp = E.sctpPacket({
      srcPort: up ? sport : 3868,
      dstPort: up ? 3868 : sport,
      vtag: up ? 0x2222 : 0x1111,
      checksum: true,
      chunks: [{ type: 'data', tsn: ++dtsn, stream: 1, ssn: 0, ppid: 46, payload }],
    });
    const mme = `10.1.0.${sport - 3000}`;
    return {
      tsSec: t,
      tsNsec: 0,
      data: E.ethernet(0x0800, E.ipv4({ src: up ? mme : '10.2.0.1', dst: up ? '10.2.0.1' : mme, proto: 132, id: dtsn, payload: sctp })),
    };
  };
  const plmn = (mcc: string, mnc: string) => Uint8Array.of((+mcc[1]! << 4) | +mcc[0]!, (0xf << 4) | +mcc[2]!, (+mnc[1]! << 4) | +mnc[0]!);
  const ulr = (realm: string, imsi: string, mcc: string, mnc: string, id: number, extra: DiameterAvp[] = []) =>
    E.buildDiameter({
      cmd: 316,
      app: 16777251,
      request: true,
      proxyable: true,
      hbh: id,
      e2e: id,
      avps: [
        E.avp(263, `mme1.${realm};${id}`),
        E.avp(264, `mme1.${realm}`),
        E.avp(296, realm),
        E.avp(283, HOME),
        E.avp(1, imsi),
        E.avp(1407, plmn(mcc, mnc), { vendor: 10415 }),
        ...extra,
      ],
    });
  const ula = (id: number, rc: number, extra: DiameterAvp[] = []) =>
    E.buildDiameter({
      cmd: 316,
      app: 16777251,
      request: false,
      proxyable: true,
      hbh: id,
      e2e: id,
      avps: [E.avp(263, `s;${id}`), E.avp(268, rc), E.avp(264, `hss.${HOME}`), E.avp(296, HOME), ...extra],
    });
  const plr = E.buildDiameter({
    cmd: 8388620,
    app: 16777255,
    request: true,
    proxyable: true,
    hbh: 3,
    e2e: 3,
    avps: [
      E.avp(263, `gmlc.${BSR};3`),
      E.avp(277, 1),
      E.avp(264, `gmlc.${BSR}`),
      E.avp(296, BSR),
      E.avp(283, HOME),
      E.msisdnAvp(MSISDN),
      E.avp(2500, 0, { vendor: 10415 }),
    ],
  });
  const base = [
    frame(true, ulr(JP, IMSI, '440', '10', 1), T, 3001),
    frame(false, ula(1, 2001, [E.group(1400, [E.msisdnAvp(MSISDN)], { vendor: 10415 })]), T, 3001),
  ];
  const run = async (attack: ReturnType<typeof frame>[]) => {
    const out: ScanAlert[] = [];
    for await (const a of scan(E.writePcap([...base, ...attack, frame(true, plr, T + 120, 3003)], { linkType: 1 }), { profile: DIAM_PROFILE })) out.push(a);
    return out.filter((a) => a.rule === 'location-origin-mismatch').map((a) => `${a.level}:${a.subscriber?.imsi}`);
  };

  it('control: the PLR from the Bahamas is judged against the Japanese registration (high)', async () => {
    expect(await run([])).toEqual([`high:${IMSI}`]);
  });

  it('the attacker\u2019s ULR (its IMSI, an MSISDN AVP = the victim) refused 5001: the PLR is still the victim\u2019s, high', async () => {
    const attack = [frame(true, ulr(BSR, BS_IMSI, '364', '39', 2, [E.msisdnAvp(MSISDN)]), T + 60, 3002), frame(false, ula(2, 5001), T + 60, 3002)];
    expect(await run(attack)).toEqual([`high:${IMSI}`]);
  });

  it('accepted (2001) but the MSISDN is only the request\u2019s: no link either', async () => {
    const attack = [frame(true, ulr(BSR, BS_IMSI, '364', '39', 2, [E.msisdnAvp(MSISDN)]), T + 60, 3002), frame(false, ula(2, 2001), T + 60, 3002)];
    expect((await run(attack)).map((x) => x.split(':')[1])).toEqual([IMSI]);
  });
});

describe('review 11-B #1 × #3: a result captured before its Begin passes the same gates when the Begin joins it', () => {
  /** The forged pair with the End captured first (frames 3, 4), then the SRI (5) and PSL (6). */
  const endFirst = (begin: Uint8Array, end: Uint8Array) => [srism, srismEnd, end, begin, sri, psl];

  it('control: the home HLR answering the ATI addressed to it, End first, is learned (the Bahamas VLR: no mismatch)', async () => {
    const a = await alerts(endFirst(atiBegin(scf, hlr), atiEnd(BS_VLR, hlr, scf)));
    expect(a.filter((x) => x.startsWith('location-origin-mismatch'))).toEqual([]);
  });

  it('(b) the Begin from China Carrier flagged: its End captured before it teaches nothing', async () => {
    const cn: Party = { gt: '8613800000001', ssn: 147 };
    const a = await alerts(endFirst(atiBegin(cn, hlr), atiEnd(BS_VLR, hlr, cn)), R9_PROFILE);
    expect(a).toContain('cat1-from-outside:high@4');
    expect(a.filter((x) => x.endsWith('@5') || x.endsWith('@6'))).toEqual(tracked(5));
  });

  it('(a) the pair from China Carrier\u2019s international point code with home GTs, End first: nothing learned', async () => {
    const a = await alerts(endFirst(atiBegin(scf, hlr, 4242), atiEnd(BS_VLR, hlr, scf, 4242)), R9_PROFILE);
    expect(a.filter((x) => x.endsWith('@5') || x.endsWith('@6'))).toEqual(tracked(5));
  });

  it('(c) a Chicago GT answering, End first, then the Begin addressed to the home HLR: nobody moves', async () => {
    const a = await alerts(endFirst(atiBegin(scf, hlr), atiEnd(BS_VLR, { gt: '13125550001', ssn: 6 }, scf)));
    expect(a).toEqual(tracked(5));
  });

  it('(c) routed on the MSISDN and answered from the home HLR GT, End first: learned as in order', async () => {
    const a = await alerts(endFirst(atiBegin(scf, { gt: MSISDN, ssn: 6 }), atiEnd(BS_VLR, hlr, scf)));
    expect(a.filter((x) => x.startsWith('location-origin-mismatch'))).toEqual([]);
  });
});
