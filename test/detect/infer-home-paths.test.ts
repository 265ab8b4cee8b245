/**
 * The no-profile home vote counts a registration as answered when the answer comes back along its
 * request's path as the capture shows it (detect/infer-home.ts sentBack): on an MTP link (no
 * addresses) by the reversed MTP3 routing label, over SCTP by the association whatever path of a
 * multi-homed one it takes (red-team rt14 G5 / G5b: no answer counted there, and 15 unanswered SAI +
 * UL pairs for Chinese IMSIs beat 10 answered US registrations; an ATI from China then raised nothing).
 * An attacker answering its own forged registrations from its own side still answers nothing.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/api/scan.js';
import type { ScanAlert } from '../../src/api/scan-options.js';
import * as E from '../../src/encode/index.js';

type Link = 'm3ua' | 'multihomed' | 'mtp3' | 'mtp2' | 'mtp2-phdr';

const T = 1_741_420_800;
const HLR = '12025550001';
const UK_VLR = '447785000001';
const CN_VLR = '8613800000010';
const CN_HLR = '8613800000020';
/** The IPX side (VLRs, attacker) and the home side: first addresses, the second ones of a multi-homed association, point codes. */
const [A, B, A2, B2] = ['10.9.0.1', '10.0.0.2', '10.9.0.11', '10.0.0.12'];
const [TAG_A, TAG_B] = [0x0a0a0a0a, 0x0b0b0b0b];
const [OPC_IPX, OPC_HOME] = [300, 200];
const LINK_TYPE: Record<Link, number> = { m3ua: 1, multihomed: 1, mtp3: 141, mtp2: 140, 'mtp2-phdr': 139 };

/** Who sends an SS7 message: the IPX side to the home, the home back, or the attacker "answering" from its own side. */
type From = 'ipx' | 'home' | 'self';

/**
 * 10 US subscribers roaming in the UK (SAI + UL to the home HLR, each answered by it) and 15 Chinese
 * IMSIs with SAI + UL from a Chinese VLR GT to a Chinese HLR GT, unanswered unless `selfAnswers`
 * (each then "answered" from the attacker's own side: its point code, its own second address), then an
 * ATI from China for a home MSISDN; on `link`. Multi-homed: INIT from A naming A2, INIT ACK from B
 * naming B2; requests on A → B, the home's answers on B2 → A2 (RFC 9260 §6.4).
 */
function voteCapture(link: Link, selfAnswers = false): Uint8Array {
  const frames: E.PcapFrame[] = [];
  let tsnA = 1000;
  let tsnB = 5000;
  const sctp = (src: string, dst: string, vtag: number, chunks: E.SctpChunk[]) =>
    E.ethernet(0x0800, E.ipv4({ src, dst, proto: 132, payload: E.sctpPacket({ srcPort: 2905, dstPort: 2905, vtag, checksum: true, chunks }) }));
  if (link === 'multihomed') {
    frames.push({ tsSec: T, tsNsec: 0, data: sctp(A, B, 0, [E.initChunk(1, TAG_A, [A2])]) });
    frames.push({ tsSec: T, tsNsec: 1, data: sctp(B, A, TAG_A, [E.initChunk(2, TAG_B, [B2])]) });
  }
  const frame = (tcap: Uint8Array, calling: string, called: string, from: From) => {
    const sccp = E.encodeSccp({
      type: 'udt',
      data: tcap,
      calling: { gt: calling, ssn: from === 'ipx' ? 7 : 6 },
      called: { gt: called, ssn: from === 'ipx' ? 6 : 7 },
    });
    const label = from === 'home' ? { opc: OPC_HOME, dpc: OPC_IPX, sls: 1, ni: 0 } : { opc: OPC_IPX, dpc: OPC_HOME, sls: 1, ni: 0 };
    const msu = () => E.encodeMtp3Msu({ ...label, si: 3 }, 'itu', sccp);
    const data = (tsn: number) => ({ type: 'data' as const, tsn, stream: 1, ssn: 0, ppid: 3, payload: E.encodeM3uaData(label, sccp) });
    let bytes: Uint8Array;
    if (link === 'mtp3') bytes = msu();
    else if (link === 'mtp2') bytes = E.mtp2(msu());
    else if (link === 'mtp2-phdr') bytes = E.mtp2Phdr(E.mtp2(msu()), { sent: from === 'home' });
    else if (from === 'ipx') bytes = sctp(A, B, link === 'multihomed' ? TAG_B : 1, [data(tsnA++)]);
    else if (link === 'multihomed') bytes = from === 'home' ? sctp(B2, A2, TAG_A, [data(tsnB++)]) : sctp(A2, B, TAG_B, [data(tsnA++)]);
    else bytes = from === 'home' ? sctp(B, A, 1, [data(tsnB++)]) : sctp(A, B, 1, [data(tsnA++)]);
    frames.push({ tsSec: T + 1 + Math.floor(frames.length / 4), tsNsec: 0, data: bytes });
  };
  let tid = 0x0f000000;
  const pair = (imsi: string, vlr: string, hlr: string, answer: From | undefined) => {
    const steps = [
      [56, '0.4.0.0.1.0.14.3', E.mapArg.sendAuthenticationInfo({ imsi }), E.mapRes.sendAuthenticationInfo({ triplets: 1 })],
      [2, '0.4.0.0.1.0.1.3', E.mapArg.updateLocation({ imsi, mscNumber: vlr, vlrNumber: vlr }), E.mapRes.hlrNumber({ hlrNumber: hlr })],
    ] as const;
    for (const [op, acn, arg, res] of steps) {
      const otid = (tid++).toString(16).padStart(8, '0');
      frame(E.tcBegin({ otid, dialogue: { pdu: 'aarq', acn }, components: [{ type: 'invoke', invokeId: 1, opcode: op, param: arg }] }), vlr, hlr, 'ipx');
      if (answer === undefined) continue;
      const end = E.tcEnd({ dtid: otid, dialogue: { pdu: 'aare', acn }, components: [{ type: 'returnResultLast', invokeId: 1, opcode: op, param: res }] });
      frame(end, hlr, vlr, answer);
    }
  };
  for (let i = 0; i < 10; i++) pair(`31041010${1_000_000 + i}`, UK_VLR, HLR, 'home');
  for (let i = 0; i < 15; i++) pair(`46000${2_000_000_000 + i}`, CN_VLR, CN_HLR, selfAnswers ? 'self' : undefined);
  const ati = E.mapArg.anyTimeInterrogation({ msisdn: '12025550123', gsmScfAddress: '8613800000001' });
  const begin = E.tcBegin({
    otid: 'aa000001',
    dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.29.3' },
    components: [{ type: 'invoke', invokeId: 1, opcode: 71, param: ati }],
  });
  frame(begin, '8613800000001', HLR, 'ipx');
  return E.writePcap(frames, { linkType: LINK_TYPE[link] });
}

async function alertsOf(b: Uint8Array): Promise<ScanAlert[]> {
  const out: ScanAlert[] = [];
  for await (const a of scan(b)) out.push(a);
  return out;
}

const inferred = (alerts: ScanAlert[]) => alerts[0]?.assumptions?.find((x) => x.startsWith('home network inferred'));

describe('no-profile home vote: answers counted along the path the capture shows (rt14 G5, G5b)', () => {
  for (const link of ['m3ua', 'multihomed', 'mtp3', 'mtp2', 'mtp2-phdr'] as const) {
    it(`${link}: 10 answered US registrations outweigh 15 unanswered Chinese SAI + UL pairs; the ATI from China is reported`, async () => {
      const alerts = await alertsOf(voteCapture(link));
      expect(inferred(alerts)).toMatch(/^home network inferred from the traffic \(310410 \(inferred\): AMBIGUOUS PLMN 310410 \(US\);/);
      expect(alerts.filter((a) => a.rule === 'cat1-from-outside').map((a) => a.level)).toEqual(['high']);
    });
  }

  for (const link of ['multihomed', 'mtp3', 'mtp2'] as const) {
    it(`${link}: the attacker "answering" its own registrations from its own side (address, point code) answers nothing`, async () => {
      const alerts = await alertsOf(voteCapture(link, true));
      expect(inferred(alerts)).toMatch(/^home network inferred from the traffic \(310410 \(inferred\): (AMBIGUOUS )?PLMN 310410 \(US\);/);
      expect(alerts.filter((a) => a.rule === 'cat1-from-outside')).toHaveLength(1);
    });
  }
});
