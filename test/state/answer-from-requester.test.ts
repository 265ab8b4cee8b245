/**
 * Red-team round 15 H2: in the attacker's own UpdateLocation dialogue (its home SIM at a China VLR),
 * an ISD "from" the home HLR's GT naming a victim's MSISDN, sent out of the UL's own MTP point code,
 * relinked the victim's MSISDN to the attacker's IMSI: the victim's later SRI from China was silent.
 * An answer whose OPC (same NI) is its Begin's leaves the requester's own signalling point
 * (ss7/tcap-dialogues.ts fromRequester): reported `tcap.answer-from-requester`, nothing learned.
 * Captures built with the repo's encoders.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/api/scan.js';
import type { ScanAlert } from '../../src/api/scan-options.js';
import * as E from '../../src/encode/index.js';
import { tempProfile, US_HOME_UK_PARTNER } from '../support/profile-file.js';

const PROFILE = tempProfile(US_HOME_UK_PARTNER);
const HLR = '12025550001';
const UL_AC = '0.4.0.0.1.0.1.3';
const VICTIM = { imsi: '310410100000123', msisdn: '12025550123' };
const T = 1_743_235_200;
const VLR_PC = 100;

/** How the forged in-dialogue answers travel: their MTP label (M3UA; none over SUA) and IP direction (`same`: the UL's own). */
interface Path {
  sua?: boolean;
  opc: number;
  dpc: number;
  same: boolean;
}

/**
 * A TCAP message over M3UA (SCCP UDT, label opc → dpc) or SUA (CLDT, no label) over SCTP; `up`: the
 * requesters' IP direction (10.9.0.1 → 10.0.0.2), else back.
 */
function frame(tcap: Uint8Array, calling: string, cssn: number, called: string, dssn: number, opc: number, dpc: number, up: boolean, sua = false): Uint8Array {
  const payload = sua
    ? E.encodeSuaCldt({ source: { ri: 'gt', gt: calling, ssn: cssn }, dest: { ri: 'gt', gt: called, ssn: dssn }, data: tcap })
    : E.encodeM3uaData({ opc, dpc, sls: 1 }, E.encodeSccp({ type: 'udt', data: tcap, calling: { gt: calling, ssn: cssn }, called: { gt: called, ssn: dssn } }));
  const sctp = E.sctpPacket({
    srcPort: 2905,
    dstPort: 2905,
    vtag: 1,
    checksum: true,
    chunks: [{ type: 'data', tsn: 1, stream: 1, ssn: 0, ppid: sua ? 4 : 3, payload }],
  });
  return E.ethernet(0x0800, E.ipv4({ src: up ? '10.9.0.1' : '10.0.0.2', dst: up ? '10.0.0.2' : '10.9.0.1', proto: 132, payload: sctp }));
}

/** UL of `imsi` from `vlr`; when `msisdn`, the HLR's ISD (along `hlr`) and its result; then the UL result along `hlr`. */
function registration(imsi: string, vlr: string, otid: string, msisdn: string | undefined, hlr: Path): Uint8Array[] {
  const sua = hlr.sua === true;
  const out = [
    frame(
      E.tcBegin({
        otid: otid + '22',
        dialogue: { pdu: 'aarq', acn: UL_AC },
        components: [{ type: 'invoke', invokeId: 1, opcode: 2, param: E.mapArg.updateLocation({ imsi, mscNumber: vlr, vlrNumber: vlr }) }],
      }),
      vlr,
      7,
      HLR,
      6,
      VLR_PC,
      200,
      true,
      sua,
    ),
  ];
  if (msisdn !== undefined) {
    const isd = { type: 'invoke' as const, invokeId: 1, opcode: 7, param: E.mapArg.insertSubscriberData({ msisdn }) };
    const cont = E.tcContinue({ otid: otid + '27', dtid: otid + '22', dialogue: { pdu: 'aare', acn: UL_AC }, components: [isd] });
    out.push(frame(cont, HLR, 6, vlr, 7, hlr.opc, hlr.dpc, hlr.same, sua));
    out.push(
      frame(
        E.tcContinue({ otid: otid + '22', dtid: otid + '27', components: [{ type: 'returnResultLast', invokeId: 1 }] }),
        vlr,
        7,
        HLR,
        6,
        VLR_PC,
        200,
        true,
        sua,
      ),
    );
  }
  const res = { type: 'returnResultLast' as const, invokeId: 1, opcode: 2, param: E.mapRes.hlrNumber({ hlrNumber: HLR }) };
  out.push(frame(E.tcEnd({ dtid: otid + '22', components: [res] }), HLR, 6, vlr, 7, hlr.opc, hlr.dpc, hlr.same, sua));
  return out;
}

/** The HLR's honest answers: from its point code 200 back to the VLR's, on the association's other direction. */
const HONEST: Path = { opc: 200, dpc: VLR_PC, same: false };

/** `forged`: the attacker's registration's answers' path (none: the victim's registration alone); `honest`: the victim's. */
async function run(forged: Path | undefined, honestPath: Path = HONEST): Promise<{ rules: string[]; anomalies: string[] }> {
  const honest = { ...honestPath, sua: forged?.sua === true };
  const attack =
    forged === undefined
      ? []
      : [
          ...registration('310410100000077', '8613900000011', '0a0002', undefined, honest),
          ...registration('310410100000077', '8613900000011', '0a0003', VICTIM.msisdn, forged),
        ];
  const list = [
    ...registration(VICTIM.imsi, '447785000011', '0a0001', VICTIM.msisdn, honest),
    ...attack,
    frame(
      E.tcBegin({
        otid: '0c000001',
        dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.5.3' },
        components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: E.mapArg.sendRoutingInfo({ msisdn: VICTIM.msisdn, gmscAddress: '8613900000050' }) }],
      }),
      '8613900000050',
      8,
      HLR,
      6,
      300,
      200,
      true,
      forged?.sua === true,
    ),
  ];
  const frames = list.map((data, i) => ({ tsSec: T + i * 10, tsNsec: 0, data }));
  const rules: string[] = [];
  const anomalies: string[] = [];
  const opts = { profile: PROFILE, onAnomaly: (a: { code: string }) => anomalies.push(a.code) };
  for await (const a of scan(E.writePcap(frames, { linkType: 1 }), opts) as AsyncIterable<ScanAlert>)
    rules.push(`${a.rule}:${a.subscriber.msisdn ?? a.subscriber.imsi}`);
  return { rules, anomalies };
}

describe('rt15 H2: an in-dialogue answer out of the Begin’s own point code is not the addressee’s', () => {
  it('the forged ISD from the UL’s OPC relinks nothing: the victim’s SRI from China keeps location-origin-mismatch', async () => {
    const { rules, anomalies } = await run({ opc: VLR_PC, dpc: VLR_PC, same: false });
    expect(rules).toContain(`location-origin-mismatch:${VICTIM.msisdn}`);
    expect(anomalies.filter((c) => c === 'tcap.answer-from-requester')).toHaveLength(2); // the ISD and the UL result
  });

  it('the same ISD from the HLR’s own point code is its answer: no anomaly', async () => {
    const { anomalies } = await run(HONEST);
    expect(anomalies).not.toContain('tcap.answer-from-requester');
  });
});

describe('rt15 H2 over IP: an in-dialogue answer on its Begin’s own association direction is not the addressee’s', () => {
  it('the HLR’s label, sent the UL’s way on the association: nothing relinked', async () => {
    const { rules, anomalies } = await run({ ...HONEST, same: true });
    expect(rules).toContain(`location-origin-mismatch:${VICTIM.msisdn}`);
    expect(anomalies.filter((c) => c === 'tcap.answer-from-requester')).toHaveLength(2);
  });

  it('the same-label copy (the UL’s own label, OPC and DPC) sent the UL’s way: nothing relinked', async () => {
    const { rules, anomalies } = await run({ opc: VLR_PC, dpc: 200, same: true });
    expect(rules).toContain(`location-origin-mismatch:${VICTIM.msisdn}`);
    expect(anomalies.filter((c) => c === 'tcap.answer-from-requester')).toHaveLength(2);
  });

  it('SUA (no MTP label): the ISD sent the UL’s way relinks nothing; sent back, it is the HLR’s answer', async () => {
    const forged = await run({ ...HONEST, sua: true, same: true });
    expect(forged.rules).toContain(`location-origin-mismatch:${VICTIM.msisdn}`);
    expect(forged.anomalies.filter((c) => c === 'tcap.answer-from-requester')).toHaveLength(2);
    const honest = await run({ ...HONEST, sua: true });
    expect(honest.anomalies).not.toContain('tcap.answer-from-requester');
  });
});

describe('a capture that writes both sides one way (flow-directions.ts): answers still teach', () => {
  it('every frame 10.9.0.1 → 10.0.0.2: the HLR’s ISD links the victim’s number, so the SRI from China is judged; no answer-from-requester', async () => {
    const oneWay = await run(undefined, { ...HONEST, same: true });
    expect(oneWay.anomalies).not.toContain('tcap.answer-from-requester');
    expect(oneWay.rules).toContain(`location-origin-mismatch:${VICTIM.msisdn}`);
  });
});
