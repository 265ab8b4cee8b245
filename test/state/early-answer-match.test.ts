/**
 * Red-team round 20 N7, N7b, N9: an answer captured before its request (reordering, issue 15) is taken as that
 * request's only when the decoder joined it to that very request, as a late answer is matched: Diameter, the ULA the
 * transaction table joined (same Hop-by-Hop and End-to-End ids on the reverse of the ULR's connection, RFC 6733 §6.2);
 * MAP, the orphan dialogue the UL Begin joined (sent by the UL's addressee, not from the UL's own side: Q.774 §3.2.2,
 * ss7/tcap-dialogues.ts setOpener). Before, any ULA naming the subscriber (any flow, made-up ids) or an ISD Continue
 * with the UL's otid sent the UL's own way settled the next registration: the attacker accepted its own (N7, N7b:
 * its later tracking silent) or refused the victim's honest one (N9). And a pending ULR claim is settled only by a ULA
 * of its transaction (N9 between the ULR and its ULA). Captures built with the repo's encoders.
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
  '  realms: ["epc.mnc410.mcc310.3gppnetwork.org"]',
  'partners:',
  '  - name: Partner Japan',
  '    plmn: "44010"',
  '    gt_prefixes: ["8190120"]',
  '    realms: ["epc.mnc010.mcc440.3gppnetwork.org"]',
]);
const HOME = 'epc.mnc410.mcc310.3gppnetwork.org';
const CN = 'epc.mnc000.mcc460.3gppnetwork.org';
const KR = 'epc.mnc008.mcc450.3gppnetwork.org';
const JP = 'epc.mnc010.mcc440.3gppnetwork.org';
const HLR = { gt: '12025550001', ssn: 6 };
const VLR = { gt: '819012000001', ssn: 7 };
const ATTACKER = { gt: '8613800000001', ssn: 7 };
const UL_AC = '0.4.0.0.1.0.1.3';
const T0 = 1_700_000_000;

let tsn = 1;
/** A TCAP message over M3UA/SCTP; `up`: 10.0.0.2 → 10.9.0.1 (the HLR's side sending), else back (the requesters'). */
function ss7(tcap: Uint8Array, calling: { gt: string; ssn: number }, called: { gt: string; ssn: number }, up: boolean, opc = 100, dpc = 200): Uint8Array {
  const m3ua = E.encodeM3uaData({ opc, dpc, sls: 1 }, E.encodeSccp({ type: 'udt', data: tcap, calling, called }));
  const sctp = E.sctpPacket({
    srcPort: 2905,
    dstPort: 2905,
    vtag: 1,
    checksum: true,
    chunks: [{ type: 'data', tsn: tsn++, stream: 1, ssn: 0, ppid: 3, payload: m3ua }],
  });
  return E.ethernet(0x0800, E.ipv4({ src: up ? '10.0.0.2' : '10.9.0.1', dst: up ? '10.9.0.1' : '10.0.0.2', proto: 132, payload: sctp }));
}

const seqs = new Map<string, number>();
/** Diameter over TCP from `src`:`srcPort` to `dst`:`dstPort` (a running sequence number per source address). */
function diam(bytes: Uint8Array, src: string, dst: string, srcPort = 40000, dstPort = 3868): Uint8Array {
  const seq = seqs.get(src) ?? 1000;
  seqs.set(src, seq + bytes.length);
  const seg = E.tcpSegment({ srcPort, dstPort, seq, ack: 1, flags: E.TCP_FLAGS.ACK | E.TCP_FLAGS.PSH, payload: bytes });
  return E.ethernet(0x0800, E.ipv4({ src, dst, proto: 6, payload: seg }));
}

/** The roamer's registration at the Japanese partner VLR: UL, the HLR's ISD, its result, the UL result. */
function attach(imsi: string, msisdn: string, otid: number): Uint8Array[] {
  const id = otid.toString(16).padStart(8, '0');
  const hd = (otid + 1).toString(16).padStart(8, '0');
  const ul = E.mapArg.updateLocation({ imsi, mscNumber: VLR.gt, vlrNumber: VLR.gt });
  return [
    ss7(E.tcBegin({ otid: id, dialogue: { pdu: 'aarq', acn: UL_AC }, components: [{ type: 'invoke', invokeId: 1, opcode: 2, param: ul }] }), VLR, HLR, false),
    ss7(
      E.tcContinue({
        otid: hd,
        dtid: id,
        dialogue: { pdu: 'aare', acn: UL_AC },
        components: [{ type: 'invoke', invokeId: 2, opcode: 7, param: E.mapArg.insertSubscriberData({ msisdn }) }],
      }),
      HLR,
      VLR,
      true,
    ),
    ss7(E.tcContinue({ otid: id, dtid: hd, components: [{ type: 'returnResultLast', invokeId: 2 }] }), VLR, HLR, false),
    ss7(
      E.tcEnd({ dtid: id, components: [{ type: 'returnResultLast', invokeId: 1, opcode: 2, param: E.mapRes.hlrNumber({ hlrNumber: HLR.gt }) }] }),
      HLR,
      VLR,
      true,
    ),
  ];
}

/** A ULR from `realm`'s MME (Visited-PLMN-Id `plmn`), ids `id`. */
function ulr(imsi: string, realm: string, plmn: Uint8Array, id: number): Uint8Array {
  const mme = `mme1.${realm}`;
  return E.buildDiameter({
    cmd: 316,
    app: 16777251,
    request: true,
    proxyable: true,
    hbh: id,
    e2e: id,
    avps: [
      E.avp(263, `${mme};1;${id}`),
      E.avp(277, 1),
      E.avp(264, mme),
      E.avp(296, realm),
      E.avp(283, HOME),
      E.avp(1, imsi),
      E.avp(1032, 1004, { vendor: 10415 }),
      E.avp(1405, 0, { vendor: 10415 }),
      E.avp(1407, plmn, { vendor: 10415 }),
    ],
  });
}

/** A ULA from the home HSS, ids `id`: Result-Code 2001, else Experimental-Result `exp`; naming `imsi` when given. */
function ula(id: number, imsi?: string, exp?: number): Uint8Array {
  const result = exp === undefined ? [E.avp(268, 2001)] : [E.group(297, [E.avp(266, 10415), E.avp(298, exp)])];
  return E.buildDiameter({
    cmd: 316,
    app: 16777251,
    request: false,
    proxyable: true,
    hbh: id,
    e2e: id,
    avps: [E.avp(263, `x;1;${id}`), E.avp(277, 1), E.avp(264, `hss1.${HOME}`), E.avp(296, HOME), ...result, ...(imsi === undefined ? [] : [E.avp(1, imsi)])],
  });
}

/** A PLR (SLg) for `imsi` from a GMLC of `realm`. */
function plr(imsi: string, realm: string, id: number): Uint8Array {
  const host = `gmlc1.${realm}`;
  return E.buildDiameter({
    cmd: 8388620,
    app: 16777255,
    request: true,
    proxyable: true,
    hbh: id,
    e2e: id,
    avps: [
      E.avp(263, `${host};1;${id}`),
      E.avp(277, 1),
      E.avp(264, host),
      E.avp(296, realm),
      E.avp(293, `hss1.${HOME}`),
      E.avp(283, HOME),
      E.avp(1, imsi),
      E.avp(2500, 0, { vendor: 10415 }),
    ],
  });
}

function sri(msisdn: string, otid: string): Uint8Array {
  const arg = E.mapArg.sendRoutingInfo({ msisdn, gmscAddress: ATTACKER.gt });
  const begin = E.tcBegin({ otid, dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.5.3' }, components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: arg }] });
  return ss7(begin, { gt: ATTACKER.gt, ssn: 8 }, HLR, false);
}

async function rules(list: [number, Uint8Array][]): Promise<string[]> {
  return (await ruleLevels(list)).map((x) => x.slice(0, x.indexOf(':')));
}

const mismatches = (r: string[]): number => r.filter((x) => x === 'location-origin-mismatch').length;

/** The alerts of a capture as `rule:level`. */
async function ruleLevels(list: [number, Uint8Array][]): Promise<string[]> {
  const frames = list.map(([t, data]) => ({ tsSec: T0 + Math.floor(t), tsNsec: Math.round((t % 1) * 1e9), data }));
  const out: string[] = [];
  for await (const a of scan(E.writePcap(frames, { linkType: 1 }), { profile: PROFILE }) as AsyncIterable<ScanAlert>) out.push(`${a.rule}:${a.level}`);
  return out;
}

describe('rt20 N7: an early ULA is the ULR’s only when the transaction table joined it', () => {
  const IMSI = '310410000044001';
  const MSISDN = '12025550144';
  const T = 4 * 3600;
  /** Roamer in Japan; 4 h later a ULR from China (`early`: an answer 1 s before it), the Japanese VLR's SAI, then PLR + SRI from China. */
  function capture(early: Uint8Array | undefined): [number, Uint8Array][] {
    const sai = E.tcBegin({
      otid: '0000a4f0',
      dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.14.3' },
      components: [{ type: 'invoke', invokeId: 1, opcode: 56, param: E.mapArg.sendAuthenticationInfo({ imsi: IMSI }) }],
    });
    return [
      ...attach(IMSI, MSISDN, 0xa400).map((d, i): [number, Uint8Array] => [i, d]),
      ...(early === undefined ? [] : [[T, early] as [number, Uint8Array]]),
      [T + 1, diam(ulr(IMSI, CN, Uint8Array.of(0x64, 0xf0, 0x00), 0x5151), '10.7.0.1', '10.2.0.1')],
      [T + 10, ss7(sai, VLR, HLR, false)],
      [T + 60, diam(plr(IMSI, CN, 0x61), '10.7.0.1', '10.2.0.1')],
      [T + 61, sri(MSISDN, '0000a4f1')],
    ];
  }

  it('control: the unanswered ULR is dropped by the Japanese VLR’s SAI, the PLR and SRI from China are judged', async () => {
    expect(mismatches(await rules(capture(undefined)))).toBe(2);
  });

  it('a forged ULA 2001 naming the IMSI, on a connection of the attacker’s with made-up ids, accepts nothing', async () => {
    const forged = diam(ula(0x7777, IMSI), '10.7.0.2', '10.7.0.3', 3868, 41000);
    expect(mismatches(await rules(capture(forged)))).toBe(2);
  });

  it('the HSS’s own ULA (the ULR’s ids, the reverse of its connection) captured first still accepts it at once', async () => {
    const honest = diam(ula(0x5151, IMSI), '10.2.0.1', '10.7.0.1', 3868, 40000);
    // Registered in China (46000, over S6a): the PLR from China's realm is the visited network; the SRI from a Chinese
    // GT that only its country places is so one level lower (rt19 M7, S6a form: no node number to compare), not high.
    expect((await ruleLevels(capture(honest))).filter((x) => x.startsWith('location-origin-mismatch'))).toEqual(['location-origin-mismatch:medium']);
  });
});

describe('rt20 N7b: an early ISD Continue is the UL’s only when the UL Begin joined its orphan dialogue', () => {
  const IMSI = '310410000045001';
  const MSISDN = '12025550145';
  const T = 4 * 3600;
  const OTID = 'c0ffee01';
  const isd = E.tcContinue({
    otid: 'dead0001',
    dtid: OTID,
    dialogue: { pdu: 'aare', acn: UL_AC },
    components: [{ type: 'invoke', invokeId: 2, opcode: 7, param: E.mapArg.insertSubscriberData({ msisdn: MSISDN }) }],
  });
  function capture(early: Uint8Array | undefined): [number, Uint8Array][] {
    const ul = E.tcBegin({
      otid: OTID,
      dialogue: { pdu: 'aarq', acn: UL_AC },
      components: [{ type: 'invoke', invokeId: 1, opcode: 2, param: E.mapArg.updateLocation({ imsi: IMSI, mscNumber: ATTACKER.gt, vlrNumber: ATTACKER.gt }) }],
    });
    const sai = E.tcBegin({
      otid: '0000a5f0',
      dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.14.3' },
      components: [{ type: 'invoke', invokeId: 1, opcode: 56, param: E.mapArg.sendAuthenticationInfo({ imsi: IMSI }) }],
    });
    const psl = E.tcBegin({
      otid: '0000a5f2',
      dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.38.3' },
      components: [
        { type: 'invoke', invokeId: 1, opcode: 83, param: E.mapArg.provideSubscriberLocation({ mlcNumber: ATTACKER.gt, msisdn: MSISDN, imsi: IMSI }) },
      ],
    });
    return [
      ...attach(IMSI, MSISDN, 0xa500).map((d, i): [number, Uint8Array] => [i, d]),
      ...(early === undefined ? [] : [[T, early] as [number, Uint8Array]]),
      [T + 1, ss7(ul, ATTACKER, HLR, false)],
      [T + 10, ss7(sai, VLR, HLR, false)],
      [T + 60, sri(MSISDN, '0000a5f1')],
      [T + 61, ss7(psl, { gt: ATTACKER.gt, ssn: 145 }, VLR, false)],
    ];
  }

  it('control: the unanswered UL is dropped, the SRI and PSL from China are judged', async () => {
    expect(mismatches(await rules(capture(undefined)))).toBe(2);
  });

  it('a forged ISD "from" the HLR with the UL’s otid, sent the UL’s own way before it, accepts nothing', async () => {
    expect(mismatches(await rules(capture(ss7(isd, HLR, ATTACKER, false))))).toBe(2);
  });

  it('the HLR’s ISD captured first, on the association’s other direction from its point code, still accepts it', async () => {
    expect(mismatches(await rules(capture(ss7(isd, HLR, ATTACKER, true, 200, 100))))).toBe(0);
  });
});

describe('rt20 N9: a ULA refusal counts only as the ULA of the ULR’s transaction', () => {
  const IMSI = '310410000047001';
  const H = 5 * 3600;
  const refusal = diam(ula(0x9999, IMSI, 5004), '10.7.0.2', '10.7.0.3', 3868, 41000);
  /** Accepted in Japan; 5 h later an honest ULR from Korea (at +10 s) and the HSS's ULA 2001 (+11 s); `forged` at `at`; the Korean GMLC's PLR. */
  function capture(at: number | undefined): [number, Uint8Array][] {
    const list: [number, Uint8Array][] = [
      [0, diam(ulr(IMSI, JP, Uint8Array.of(0x44, 0xf0, 0x01), 9), '10.1.0.1', '10.2.0.1')],
      [0.2, diam(ula(9), '10.2.0.1', '10.1.0.1', 3868, 40000)],
      [H + 10, diam(ulr(IMSI, KR, Uint8Array.of(0x54, 0xf0, 0x80), 0x4141), '10.3.0.1', '10.2.0.1')],
      [H + 11, diam(ula(0x4141), '10.2.0.1', '10.3.0.1', 3868, 40000)],
      [H + 600, diam(plr(IMSI, KR, 0x71), '10.3.0.9', '10.2.0.1')],
    ];
    if (at !== undefined) list.push([H + at, refusal]);
    return list.sort((a, b) => a[0] - b[0]);
  }

  it('control: the honest move to Korea is accepted, its GMLC’s PLR is from the visited network', async () => {
    expect(mismatches(await rules(capture(undefined)))).toBe(0);
  });

  it('a forged 5004 naming the IMSI 1 s before the honest ULR does not keep the subscriber in Japan', async () => {
    expect(mismatches(await rules(capture(9)))).toBe(0);
  });

  it('the same forged 5004 between the ULR and the HSS’s 2001 does not refuse the pending claim', async () => {
    expect(mismatches(await rules(capture(10.5)))).toBe(0);
  });
});
