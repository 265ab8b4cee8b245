/**
 * Fuzz seeds built from the encoders (src/encode): valid messages of every layer the
 * decoders handle, and whole captures that route them through every transport path (SCTP
 * bundling and fragments, IPv4/IPv6 fragments, TCP streams, MTP2, M2PA, M2UA, SUA, XUDT
 * segments, pcap and pcapng). The mutators start from these, so mutations reach deep layers
 * instead of dying at the first magic number.
 *
 * Everything is synthetic: no public-corpus bytes are embedded here.
 */
import { concat } from '../../src/encode/bytes.js';
import { avp, avp3, buildDiameter, group, msisdnAvp } from '../../src/encode/diameter.js';
import { ipv4, ipv4Fragments, ipv6 } from '../../src/encode/ip.js';
import { mapArg } from '../../src/encode/map.js';
import { ethernet, mtp2, type PcapFrame, writePcap, writePcapng } from '../../src/encode/pcap.js';
import { dataFragments, type SctpChunk, sctpPacket } from '../../src/encode/sctp.js';
import { encodeMtp3Msu } from '../../src/encode/mtp.js';
import { encodeSccp, encodeSccpSegments, type SccpAddressSpec } from '../../src/encode/sccp.js';
import { encodeM2paUserData, encodeM2uaData, encodeM3uaData, encodeSuaCldt } from '../../src/encode/sigtran.js';
import { tcAbort, tcBegin, tcContinue, tcEnd } from '../../src/encode/tcap.js';
import { tcpSegment } from '../../src/encode/tcp.js';

export const LINKTYPE_ETHERNET = 1;
const LINKTYPE_MTP2 = 140;
const ETH_IPV4 = 0x0800;
const ETH_IPV6 = 0x86dd;
const PPID = { m2ua: 2, m3ua: 3, sua: 4, m2pa: 5, diameter: 46 } as const;

export const HLR: SccpAddressSpec = { ri: 'gt', gti: 4, ssn: 6, gt: '12025550001', tt: 0, np: 1, es: 2, nai: 4 };
export const ATTACKER: SccpAddressSpec = { ri: 'gt', gti: 4, ssn: 7, gt: '2347010000001', tt: 0, np: 1, es: 1, nai: 4 };
const UL_ACN = '0.4.0.0.1.0.1.3';
const PSI_ACN = '0.4.0.0.1.0.28.3';
const SRI_ACN = '0.4.0.0.1.0.5.3';

/** TCAP messages carrying MAP operations (Begin / Continue / End / Abort). */
export function tcapSeeds(): Uint8Array[] {
  const imsi = '310410123456789';
  return [
    tcBegin({
      otid: '01020304',
      dialogue: { pdu: 'aarq', acn: UL_ACN },
      components: [{ type: 'invoke', invokeId: 1, opcode: 2, param: mapArg.updateLocation({ imsi, mscNumber: '2347010000001', vlrNumber: '2347010000002' }) }],
    }),
    tcBegin({
      otid: 'a1b2c3d4',
      dialogue: { pdu: 'aarq', acn: PSI_ACN },
      components: [{ type: 'invoke', invokeId: 3, opcode: 70, param: mapArg.provideSubscriberInfo({ imsi }) }],
    }),
    tcBegin({
      otid: '00000042',
      dialogue: { pdu: 'aarq', acn: SRI_ACN },
      components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: mapArg.sendRoutingInfo({ msisdn: '12025550123', gmscAddress: '2347010000001' }) }],
    }),
    tcContinue({
      otid: '11223344',
      dtid: '01020304',
      dialogue: { pdu: 'aare', acn: UL_ACN },
      components: [{ type: 'invoke', invokeId: 2, opcode: 7, param: mapArg.insertSubscriberData({ msisdn: '12025550123' }) }],
    }),
    tcEnd({
      dtid: '01020304',
      components: [
        { type: 'returnResultLast', invokeId: 1 },
        { type: 'returnError', invokeId: 2, errorCode: 27 },
      ],
    }),
    tcAbort({ dtid: '01020304', pAbortCause: 1 }),
    tcBegin({
      otid: '0000abcd',
      components: [
        { type: 'invoke', invokeId: 1, opcode: 71, param: mapArg.anyTimeInterrogation({ imsi, gsmScfAddress: '2347010000009' }) },
        { type: 'invoke', invokeId: 2, opcode: 83, param: mapArg.provideSubscriberLocation({ mlcNumber: '2347010000003', imsi }) },
        { type: 'reject', invokeId: null, problem: [0, 1] },
      ],
    }),
  ];
}

/** MAP parameters by opcode (for decodeMapArgument). */
export function mapSeeds(): Array<{ opcode: number; kind: 'arg' | 'res'; bytes: Uint8Array }> {
  const imsi = '310410123456789';
  return [
    { opcode: 2, kind: 'arg', bytes: mapArg.updateLocation({ imsi, mscNumber: '2347010000001', vlrNumber: '2347010000002', lmsi: '01020304' }) },
    { opcode: 4, kind: 'arg', bytes: mapArg.provideRoamingNumber({ imsi, mscNumber: '2347010000001', msisdn: '12025550123' }) },
    { opcode: 7, kind: 'arg', bytes: mapArg.insertSubscriberData({ imsi, msisdn: '12025550123', category: 10 }) },
    { opcode: 22, kind: 'arg', bytes: mapArg.sendRoutingInfo({ msisdn: '12025550123', gmscAddress: '2347010000001' }) },
    { opcode: 23, kind: 'arg', bytes: mapArg.updateGprsLocation({ imsi, sgsnNumber: '2347010000005', sgsnAddress: [10, 1, 2, 3] }) },
    { opcode: 45, kind: 'arg', bytes: mapArg.sendRoutingInfoForSM({ msisdn: '12025550123', sca: '2347010000007' }) },
    { opcode: 56, kind: 'arg', bytes: mapArg.sendAuthenticationInfo({ imsi }) },
    { opcode: 67, kind: 'arg', bytes: mapArg.purgeMS({ imsi, vlrNumber: '2347010000002' }) },
    { opcode: 70, kind: 'arg', bytes: mapArg.provideSubscriberInfo({ imsi }) },
    { opcode: 71, kind: 'arg', bytes: mapArg.anyTimeInterrogation({ msisdn: '12025550123', gsmScfAddress: '2347010000009' }) },
    { opcode: 83, kind: 'arg', bytes: mapArg.provideSubscriberLocation({ mlcNumber: '2347010000003', msisdn: '12025550123', clientAddress: '2347010000004' }) },
    { opcode: 85, kind: 'arg', bytes: mapArg.sendRoutingInfoForLCS({ mlcNumber: '2347010000003', imsi }) },
    {
      opcode: 86,
      kind: 'arg',
      bytes: mapArg.subscriberLocationReport({ event: 1, networkNodeNumber: '2347010000001', imsi, cgi: { mcc: '310', mnc: '410', lac: 1, ci: 2 } }),
    },
  ];
}

/** SCCP UDT carrying `tcap` from ATTACKER to HLR. */
export function udt(tcap: Uint8Array): Uint8Array {
  return encodeSccp({ type: 'udt', protocolClass: 1, called: HLR, calling: ATTACKER, data: tcap });
}

export function m3uaOf(sccp: Uint8Array): Uint8Array {
  return encodeM3uaData({ opc: 100, dpc: 200, routingContext: 1 }, sccp);
}

export function diameterSeeds(): Uint8Array[] {
  const imsi = '310410123456789';
  const common = [avp(263, 'mme.example;1;2'), avp(264, 'mme.epc.mnc001.mcc001.3gppnetwork.org'), avp(296, 'epc.mnc001.mcc001.3gppnetwork.org')];
  return [
    buildDiameter({
      cmd: 316,
      app: 16777251,
      request: true,
      hbh: 0x1111,
      e2e: 0x2222,
      avps: [...common, avp(283, 'epc.mnc410.mcc310.3gppnetwork.org'), avp(1, imsi), avp3(1407, Uint8Array.of(0x00, 0xf1, 0x10)), avp3(1405, 34)],
    }),
    buildDiameter({
      cmd: 316,
      app: 16777251,
      hbh: 0x1111,
      e2e: 0x2222,
      avps: [...common, avp(268, 2001), group(1400, [msisdnAvp('12025550123'), group(1401, [avp(1, 'x')], { vendor: 10415 })], { vendor: 10415 })],
    }),
    buildDiameter({ cmd: 319, app: 16777251, request: true, hbh: 7, e2e: 8, avps: [...common, avp(1, imsi), avp3(1490, 1)] }),
    buildDiameter({ cmd: 280, app: 0, request: true, hbh: 9, e2e: 10, avps: common }),
  ];
}

function ipv4Frame(proto: number, payload: Uint8Array, src = '10.0.0.1', dst = '10.0.0.2'): Uint8Array {
  return ethernet(ETH_IPV4, ipv4({ src, dst, proto, payload, id: 1 }));
}

function sctpFrame(chunks: SctpChunk[], port = 2905, vtag = 0x01020304): Uint8Array {
  return ipv4Frame(132, sctpPacket({ srcPort: port, dstPort: port, vtag, chunks }));
}

function data(tsn: number, ppid: number, payload: Uint8Array, stream = 1): SctpChunk {
  return { type: 'data', tsn, stream, ssn: tsn & 0xffff, ppid, payload };
}

function frames(datas: Uint8Array[], t0 = 1_700_000_000): PcapFrame[] {
  return datas.map((d, i) => ({ tsSec: t0 + i, tsNsec: 1000 * i, data: d }));
}

/** Whole captures covering every route through the pipeline. */
export function captureSeeds(): Array<{ name: string; bytes: Uint8Array }> {
  const tc = tcapSeeds();
  const m3 = tc.map((t) => m3uaOf(udt(t)));
  const dia = diameterSeeds();
  const out: Array<{ name: string; bytes: Uint8Array }> = [];
  const eth = (name: string, list: Uint8Array[]): void => void out.push({ name, bytes: writePcap(frames(list), { linkType: LINKTYPE_ETHERNET }) });

  eth('m3ua-sctp', [
    sctpFrame([data(1, PPID.m3ua, m3[0]!), data(2, PPID.m3ua, m3[1]!)]),
    sctpFrame([data(3, PPID.m3ua, m3[3]!)]),
    sctpFrame([data(4, PPID.m3ua, m3[4]!)]),
  ]);
  // SCTP user message split into DATA fragments across packets.
  const big = m3uaOf(udt(tc[6]!));
  eth(
    'sctp-fragments',
    dataFragments(big, 40, { tsn: 10, stream: 2, ssn: 1, ppid: PPID.m3ua }).map((c) => sctpFrame([c])),
  );
  // IPv4 fragments of an SCTP packet.
  const sctpBig = sctpPacket({ srcPort: 2905, dstPort: 2905, vtag: 9, chunks: [data(20, PPID.m3ua, m3[2]!)] });
  eth(
    'ip-fragments',
    ipv4Fragments({ src: '10.0.0.3', dst: '10.0.0.4', proto: 132, payload: sctpBig, id: 77 }, 64).map((f) => ethernet(ETH_IPV4, f)),
  );
  // IPv6 + SCTP.
  eth('ipv6-sctp', [
    ethernet(
      ETH_IPV6,
      ipv6({
        src: '2001:db8::1',
        dst: '2001:db8::2',
        proto: 132,
        payload: sctpPacket({ srcPort: 2905, dstPort: 2905, vtag: 5, chunks: [data(1, PPID.m3ua, m3[5]!)] }),
      }),
    ),
  ]);
  // Diameter over TCP, one message split across segments, plus SCTP Diameter.
  const d0 = dia[0]!;
  const d1 = dia[1]!;
  eth('diameter-tcp', [
    ipv4Frame(6, tcpSegment({ srcPort: 40000, dstPort: 3868, seq: 1000, flags: 0x02 })),
    ipv4Frame(6, tcpSegment({ srcPort: 40000, dstPort: 3868, seq: 1001, payload: d0.subarray(0, 30) })),
    ipv4Frame(6, tcpSegment({ srcPort: 40000, dstPort: 3868, seq: 1001 + 30, payload: d0.subarray(30) })),
    ipv4Frame(6, tcpSegment({ srcPort: 3868, dstPort: 40000, seq: 5000, payload: d1 }), '10.0.0.2', '10.0.0.1'),
  ]);
  eth('diameter-sctp', [sctpFrame([data(1, PPID.diameter, dia[2]!), data(2, PPID.diameter, dia[3]!)], 3868)]);
  // SUA, M2PA, M2UA.
  eth('sua', [
    sctpFrame(
      [data(1, PPID.sua, encodeSuaCldt({ source: { ri: 'gt', ssn: 7, gt: '2347010000001' }, dest: { ri: 'gt', ssn: 6, gt: '12025550001' }, data: tc[0]! }))],
      14001,
    ),
  ]);
  const msu = encodeMtp3Msu({ si: 3, opc: 1, dpc: 2, sls: 0 }, 'itu', udt(tc[1]!));
  eth('m2pa-m2ua', [sctpFrame([data(1, PPID.m2pa, encodeM2paUserData(msu))], 3565), sctpFrame([data(1, PPID.m2ua, encodeM2uaData(msu))], 2904, 7)]);
  // XUDT segments over M3UA.
  const segs = encodeSccpSegments({ type: 'xudt', called: HLR, calling: ATTACKER, data: tc[6]! }, 3, 0x123456);
  eth(
    'xudt-segments',
    segs.map((s, i) => sctpFrame([data(100 + i, PPID.m3ua, m3uaOf(s))])),
  );
  // Tunnels a mirror or core link adds (transport/tunnels.ts): MPLS (RFC 3032), IPv4 in GRE
  // (RFC 2784), ERSPAN type II (GRE 0x88BE with S + 8-octet header), VXLAN (UDP 4789, RFC 7348).
  const innerIp = ipv4({
    src: '10.0.1.1',
    dst: '10.0.1.2',
    proto: 132,
    id: 3,
    payload: sctpPacket({ srcPort: 2905, dstPort: 2905, vtag: 3, chunks: [data(1, PPID.m3ua, m3[1]!)] }),
  });
  const innerEth = ethernet(ETH_IPV4, innerIp);
  const vx = Uint8Array.of(0x08, 0, 0, 0, 0, 0, 1, 0);
  const udpLen = 8 + vx.length + innerEth.length;
  eth('tunnels', [
    ethernet(0x8847, concat(Uint8Array.of(0, 1, 1, 64), innerIp)),
    ipv4Frame(47, concat(Uint8Array.of(0, 0, 8, 0), innerIp)),
    ipv4Frame(47, concat(Uint8Array.of(0x10, 0, 0x88, 0xbe, 0, 0, 0, 1, 0x10, 0, 0, 1, 0, 0, 0, 0), innerEth)),
    ipv4Frame(17, concat(Uint8Array.of(0x30, 0x39, 0x12, 0xb5, udpLen >> 8, udpLen & 0xff, 0, 0), vx, innerEth)),
  ]);
  // MTP2 link with bare MSUs.
  out.push({
    name: 'mtp2',
    bytes: writePcap(frames([mtp2(msu), mtp2(encodeMtp3Msu({ si: 3, opc: 2, dpc: 1, sls: 1 }, 'itu', udt(tc[3]!)))]), { linkType: LINKTYPE_MTP2 }),
  });
  // pcapng with the M3UA frames.
  out.push({
    name: 'pcapng-m3ua',
    bytes: writePcapng([
      {
        interfaces: [{ linkType: LINKTYPE_ETHERNET }],
        blocks: [sctpFrame([data(1, PPID.m3ua, m3[0]!)]), sctpFrame([data(2, PPID.m3ua, m3[4]!)])].map((d, i) => ({
          type: 'epb' as const,
          interfaceId: 0,
          ts: BigInt(1_700_000_000_000_000 + i),
          data: d,
        })),
      },
    ]),
  });
  return out;
}
