/**
 * A no-profile home-vote capture (review 14-B #1's shapes), over M3UA/SCTP/IP or an MTP3 link:
 * `home` US subscribers (310410) authenticating from a UK VLR with the US HLR, `registering` of
 * them also updating their location; an attacker's Chinese IMSIs (46000): `bare` SAI Begins,
 * `pairs` unanswered SAI + UL, `forged` UL Begins each with a UL result sent back (IP: from the
 * home side's address; MTP: the label swapped, same link); optionally Chinese inbound roamers at US
 * VLRs and made-up home IMSIs from the Chinese VLR (see the fields); then an ATI from a Chinese
 * gsmSCF GT for the home number +12025550123.
 */
import * as E from '../../src/encode/index.js';

export interface VoteShape {
  link: 'ip' | 'mtp3';
  /** `one`: no home answer captured; `two`: every home request answered; `regonly`: only the ULs. */
  dir: 'one' | 'two' | 'regonly';
  home: number;
  registering: number;
  bare: number;
  pairs: number;
  forged: number;
  /** Honest answers' OPC (MTP: a mated STP's point code), default the HLR's (200). */
  answerOpc?: number;
  /** Honest answers' SCCP calling GT, default the HLR's GT the requests were sent to. */
  answerGt?: string;
  /**
   * Chinese inbound roamers (46000): SAI + UL from a US VLR to the Chinese HLR, unanswered (their
   * answers take another route: review 15-B #8's honest asymmetric capture).
   */
  inbound?: number;
  /** Made-up home IMSIs (310410): SAI + UL from the Chinese VLR to the US HLR, unanswered (an attacker diluting the home's registrations). */
  dilute?: number;
}

const HLR = '12025550001';
const UK_VLR = '447785000001';
const CN_VLR = '8613800000010';
const CN_HLR = '8613800000020';
const A = '10.9.0.1';
const B = '10.0.0.2';
interface Net {
  opc: number;
  dpc: number;
  src: string;
  dst: string;
}

export function voteCapture(s: VoteShape): Uint8Array {
  const frames: { tsSec: number; tsNsec: number; data: Uint8Array }[] = [];
  let tsn = 1;
  let tid = 0x0f000000;
  const frame = (sccp: Uint8Array, n: Net): Uint8Array => {
    if (s.link === 'mtp3') return E.encodeMtp3Msu({ opc: n.opc, dpc: n.dpc, sls: 1, si: 3, ni: 0 }, 'itu', sccp);
    const m3 = E.encodeM3uaData({ opc: n.opc, dpc: n.dpc, sls: 1, ni: 0 }, sccp);
    const sctp = E.sctpPacket({
      srcPort: 2905,
      dstPort: 2905,
      vtag: 1,
      checksum: true,
      chunks: [{ type: 'data', tsn: tsn++, stream: 1, ssn: 0, ppid: 3, payload: m3 }],
    });
    return E.ethernet(0x0800, E.ipv4({ src: n.src, dst: n.dst, proto: 132, payload: sctp }));
  };
  const msg = (tcap: Uint8Array, calling: string, called: string, cssn: number, dssn: number, n: Net): void => {
    const sccp = E.encodeSccp({ type: 'udt', data: tcap, calling: { gt: calling, ssn: cssn }, called: { gt: called, ssn: dssn } });
    frames.push({ tsSec: 1_741_420_800 + Math.floor(frames.length / 4), tsNsec: 0, data: frame(sccp, n) });
  };
  const req: Net = { opc: 300, dpc: 200, src: A, dst: B };
  const back: Net = { opc: s.answerOpc ?? 200, dpc: 300, src: B, dst: A };
  const forgedBack: Net = { opc: 200, dpc: 300, src: B, dst: A };
  const op = (kind: 'sai' | 'ul', imsi: string, vlr: string, hlr: string, answer: Net | undefined): void => {
    const otid = (tid++).toString(16).padStart(8, '0');
    const [code, acn, arg, res] =
      kind === 'sai'
        ? [56, '0.4.0.0.1.0.14.3', E.mapArg.sendAuthenticationInfo({ imsi }), undefined]
        : [2, '0.4.0.0.1.0.1.3', E.mapArg.updateLocation({ imsi, mscNumber: vlr, vlrNumber: vlr }), E.mapRes.hlrNumber({ hlrNumber: hlr })];
    const components = [{ type: 'invoke' as const, invokeId: 1, opcode: code, param: arg }];
    msg(E.tcBegin({ otid, dialogue: { pdu: 'aarq', acn }, components }), vlr, hlr, 7, 6, req);
    if (answer === undefined) return;
    const result = [{ type: 'returnResultLast' as const, invokeId: 1, opcode: code, ...(res === undefined ? {} : { param: res }) }];
    const from = answer === back && s.answerGt !== undefined ? s.answerGt : hlr;
    msg(E.tcEnd({ dtid: otid, dialogue: { pdu: 'aare', acn }, components: result }), from, vlr, 6, 7, answer);
  };
  for (let i = 0; i < s.home; i++) {
    const imsi = `31041010${1_000_000 + i}`;
    op('sai', imsi, UK_VLR, HLR, s.dir === 'two' ? back : undefined);
    if (i < s.registering) op('ul', imsi, UK_VLR, HLR, s.dir === 'one' ? undefined : back);
  }
  for (let i = 0; i < (s.dilute ?? 0); i++) {
    const imsi = `31041020${1_000_000 + i}`;
    op('sai', imsi, CN_VLR, HLR, undefined);
    op('ul', imsi, CN_VLR, HLR, undefined);
  }
  let j = 0;
  const cn = (): string => `46000${2_000_000_000 + j++}`;
  for (let i = 0; i < (s.inbound ?? 0); i++) {
    const imsi = cn();
    const vlr = `120255510${10 + (i % 3)}`;
    op('sai', imsi, vlr, CN_HLR, undefined);
    op('ul', imsi, vlr, CN_HLR, undefined);
  }
  for (let i = 0; i < s.bare; i++) op('sai', cn(), CN_VLR, CN_HLR, undefined);
  for (let i = 0; i < s.pairs; i++) {
    const imsi = cn();
    op('sai', imsi, CN_VLR, CN_HLR, undefined);
    op('ul', imsi, CN_VLR, CN_HLR, undefined);
  }
  for (let i = 0; i < s.forged; i++) op('ul', cn(), CN_VLR, CN_HLR, forgedBack);
  const ati = E.mapArg.anyTimeInterrogation({ msisdn: '12025550123', gsmScfAddress: '8613800000001' });
  const components = [{ type: 'invoke' as const, invokeId: 1, opcode: 71, param: ati }];
  msg(E.tcBegin({ otid: 'aa000001', dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.29.3' }, components }), '8613800000001', HLR, 147, 6, req);
  return E.writePcap(frames, { linkType: s.link === 'mtp3' ? 141 : 1 });
}
