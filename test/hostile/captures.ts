/**
 * Red-team captures of issue 16, built with the fixture encoders (test/support): MAP over
 * M3UA/SCTP with chosen SCCP addresses (E.214 MGTs included), Diameter over SCTP with chosen
 * AVPs, and the pcap around them. Everything is synthetic.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { avp, avp3, buildDiameter, group } from '../../src/encode/diameter.js';
import { ipv4 } from '../../src/encode/ip.js';
import { mapArg } from '../../src/encode/map.js';
import { ethernet, writePcap, type PcapFrame } from '../../src/encode/pcap.js';
import { sctpPacket } from '../../src/encode/sctp.js';
import { encodeSccp, type SccpAddressSpec } from '../../src/encode/sccp.js';
import { encodeM3uaData } from '../../src/encode/sigtran.js';
import { tcBegin } from '../../src/encode/tcap.js';
import { encodePlmn } from '../../src/diameter/plmn.js';
import type { DiameterAvp } from '../../src/diameter/avp.js';

const T0 = 1_700_000_000;
let tsn = 1;

function sctp(ppid: number, payload: Uint8Array, port: number): Uint8Array {
  const t = tsn++;
  return ethernet(
    0x0800,
    ipv4({
      src: '10.0.0.1',
      dst: '10.0.0.2',
      proto: 132,
      id: t & 0xffff,
      payload: sctpPacket({ srcPort: port, dstPort: port, vtag: 7, chunks: [{ type: 'data', tsn: t, stream: 1, ssn: t & 0xffff, ppid, payload }] }),
    }),
  );
}

/** E.164 GT address (NP 1, NAI international). */
export const gt = (digits: string, ssn = 7): SccpAddressSpec => ({ ri: 'gt', gti: 4, ssn, gt: digits, tt: 0, np: 1, nai: 4 });
/** E.214 Mobile Global Title (NP 7, Q.713 §3.4.2.3.3; TS 23.003 §6.2 / E.214: CC + NDC + MSIN). */
export const mgt = (digits: string, ssn = 6): SccpAddressSpec => ({ ri: 'gt', gti: 4, ssn, gt: digits, tt: 0, np: 7, nai: 4 });

/** One MAP invoke in a TCAP Begin over M3UA/SCTP. */
export function mapFrame(o: { opcode: number; acn: string; param: Uint8Array; calling: SccpAddressSpec; called: SccpAddressSpec; otid?: number }): Uint8Array {
  const tc = tcBegin({
    otid: (o.otid ?? tsn).toString(16).padStart(8, '0'),
    dialogue: { pdu: 'aarq', acn: o.acn },
    components: [{ type: 'invoke', invokeId: 1, opcode: o.opcode, param: o.param }],
  });
  const sccp = encodeSccp({ type: 'udt', protocolClass: 1, called: o.called, calling: o.calling, data: tc });
  return sctp(3, encodeM3uaData({ opc: 100, dpc: 200, routingContext: 1 }, sccp), 2905);
}

/** UpdateLocation routed on the E.214 MGT derived from the IMSI (TS 23.003 §6.2: CC + NDC replace MCC + MNC). */
export function ulOnMgt(imsi: string, mgtDigits: string, vlr: string): Uint8Array {
  return mapFrame({
    opcode: 2,
    acn: '0.4.0.0.1.0.1.3',
    param: mapArg.updateLocation({ imsi, mscNumber: vlr, vlrNumber: vlr }),
    calling: gt(vlr),
    called: mgt(mgtDigits),
  });
}

/** SendRoutingInfo for `msisdn`, routed on the MSISDN (called GT = MSISDN). */
export function sri(msisdn: string, gmsc: string): Uint8Array {
  return mapFrame({
    opcode: 22,
    acn: '0.4.0.0.1.0.5.3',
    param: mapArg.sendRoutingInfo({ msisdn, gmscAddress: gmsc }),
    calling: gt(gmsc, 8),
    called: gt(msisdn, 6),
  });
}

/** One Diameter message over SCTP (PPID 46, port 3868). */
export function diameterFrame(cmd: number, app: number, avps: DiameterAvp[], request = true): Uint8Array {
  const t = tsn;
  return sctp(46, buildDiameter({ cmd, app, request, hbh: t, e2e: t, avps }), 3868);
}

/** S6a ULR (TS 29.272 §7.2.3) with the given identity AVPs. */
export function ulr(o: {
  sessionId: string;
  originHost: string;
  originRealm: string;
  userName: string;
  visited?: [string, string];
  extra?: DiameterAvp[];
}): Uint8Array {
  const [mcc, mnc] = o.visited ?? ['208', '01'];
  return diameterFrame(316, 16777251, [
    avp(263, o.sessionId),
    avp(264, o.originHost),
    avp(296, o.originRealm),
    avp(283, 'epc.mnc410.mcc310.3gppnetwork.org'),
    avp(1, o.userName),
    avp3(1032, 1004),
    avp3(1405, 34),
    avp3(1407, encodePlmn(mcc, mnc)),
    ...(o.extra ?? []),
  ]);
}

/**
 * An S6a IDR (TS 29.272 §7.2.9) from the home HSS for `imsi` (the PDU alone): Subscription-Data
 * (1400, vendor 3GPP) holding `subscriptionData`, then `more` AVPs.
 */
export function idrPdu(subscriptionData: DiameterAvp[], more: DiameterAvp[] = [], imsi = '310410123456789'): Uint8Array {
  return buildDiameter({
    cmd: 319,
    app: 16777251,
    request: true,
    hbh: 1,
    e2e: 2,
    avps: [
      avp(263, 'hss.example;1'),
      avp(264, 'hss.epc.mnc410.mcc310.3gppnetwork.org'),
      avp(296, 'epc.mnc410.mcc310.3gppnetwork.org'),
      avp(1, imsi),
      group(1400, subscriptionData, { vendor: 10415 }),
      ...more,
    ],
  });
}

export function pcap(frames: readonly Uint8Array[], t0 = T0): Uint8Array {
  const list: PcapFrame[] = frames.map((data, i) => ({ tsSec: t0 + i, tsNsec: 0, data }));
  return writePcap(list, { linkType: 1 });
}

const dir = mkdtempSync(join(tmpdir(), 'sigwatch-hostile-'));
let files = 0;
/** Writes bytes to a fresh temporary file and returns its path. */
export function tempFile(bytes: Uint8Array | string, ext = '.pcap'): string {
  const f = join(dir, `f${files++}${ext}`);
  writeFileSync(f, bytes);
  return f;
}
export const TEMP_DIR = dir;
