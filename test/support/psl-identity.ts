/**
 * Red-team round 17 J4's capture: the home HLR's SRI-for-SM result links IMSI ↔ VICTIM and places the subscriber at
 * an MSC in the Bahamas; 60 s later a PSL from a Chinese GMLC names that IMSI and, beside it, the number its sender
 * picked (TS 29.002 §13A.1.1: `imsi [2]`, `msisdn [3]`). Used by test/detect/psl-identity-mismatch.test.ts (the alert)
 * and test/cli/anonymize-identity-mismatch.test.ts (its outputs under --anonymize).
 */
import { join } from 'node:path';
import * as E from '../../src/encode/index.js';
import { REPO_ROOT } from './corpus.js';

export const SS7P = join(REPO_ROOT, 'pcaps', 'ss7-location-tracking.profile.yaml');
export const IMSI = '310410100000123';
export const VICTIM = '12025550123';
export const HOME_DECOY = '12025550999';
export const CN_DECOY = '8613912345678';
const HLR = '12025550001';
const SMSC = '12025550300';
const BS_MSC = '124235700099';
const CN_GMLC = '8613900000060';
const T = 1_743_235_200;

function ss7(tcap: Uint8Array, calling: string, cssn: number, called: string, dssn: number, src: string, dst: string): Uint8Array {
  const sccp = E.encodeSccp({ type: 'udt', data: tcap, calling: { gt: calling, ssn: cssn }, called: { gt: called, ssn: dssn } });
  const m3ua = E.encodeM3uaData({ opc: 100, dpc: 200, sls: 1 }, sccp);
  const sctp = E.sctpPacket({
    srcPort: 2905,
    dstPort: 2905,
    vtag: 1,
    checksum: true,
    chunks: [{ type: 'data', tsn: 1, stream: 1, ssn: 0, ppid: 3, payload: m3ua }],
  });
  return E.ethernet(0x0800, E.ipv4({ src, dst, proto: 132, payload: sctp }));
}

/**
 * The SRI-for-SM dialogue (Begin, End) that links the IMSI to VICTIM when `link`, then, with `psl`, the PSL naming
 * `psl` (without `link`: a scan whose link comes from `--state-in`).
 */
export function pslCapture(psl: { imsi?: string; msisdn?: string } | undefined, link = true): Uint8Array {
  const ac = '0.4.0.0.1.0.20.3';
  const begin = E.tcBegin({
    otid: 'a1000001',
    dialogue: { pdu: 'aarq', acn: ac },
    components: [{ type: 'invoke', invokeId: 1, opcode: 45, param: E.mapArg.sendRoutingInfoForSM({ msisdn: VICTIM, sca: SMSC }) }],
  });
  const end = E.tcEnd({
    dtid: 'a1000001',
    dialogue: { pdu: 'aare', acn: ac },
    components: [{ type: 'returnResultLast', invokeId: 1, opcode: 45, param: E.mapRes.sendRoutingInfoForSM({ imsi: IMSI, networkNodeNumber: BS_MSC }) }],
  });
  const frames = link
    ? [
        { tsSec: T, tsNsec: 0, data: ss7(begin, SMSC, 8, VICTIM, 6, '10.9.0.1', '10.0.0.2') },
        { tsSec: T, tsNsec: 0, data: ss7(end, HLR, 6, SMSC, 8, '10.0.0.2', '10.9.0.1') },
      ]
    : [];
  if (psl !== undefined) {
    const req = E.tcBegin({
      otid: '0c000001',
      dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.38.3' },
      components: [{ type: 'invoke', invokeId: 1, opcode: 83, param: E.mapArg.provideSubscriberLocation({ mlcNumber: CN_GMLC, ...psl }) }],
    });
    frames.push({ tsSec: T + 60, tsNsec: 0, data: ss7(req, CN_GMLC, 145, BS_MSC, 8, '10.7.0.1', '10.0.0.2') });
  }
  return E.writePcap(frames, { linkType: 1 });
}
