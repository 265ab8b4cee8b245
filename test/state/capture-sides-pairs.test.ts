/**
 * Red-team round 18 L6 (ss7/flow-directions.ts, transport/sctp-sides.ts): the proof that a capture writes the two
 * directions apart holds for the two hosts it was seen between. One DATA and its SACK between two other hosts, merged
 * into a one-way capture (every message, answers too, written requester → HLR, as wswiki_camel2.pcap), made the
 * one-way part's honest answers `tcap.answer-from-requester`. The same pair of frames between the dialogue's own hosts
 * still proves both sides (review 16-A #1: the peer's SACK of a new association).
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/api/scan.js';
import type { ScanAlert } from '../../src/api/scan-options.js';
import * as E from '../../src/encode/index.js';

const HLR = '12025550001';
const VLR = '447785000011';
const UL_AC = '0.4.0.0.1.0.1.3';

/** An IPv4 SCTP packet `src:2905 → dst:2905` carrying `chunks`. */
function sctp(src: string, dst: string, vtag: number, chunks: Parameters<typeof E.sctpPacket>[0]['chunks']): Uint8Array {
  const packet = E.sctpPacket({ srcPort: 2905, dstPort: 2905, vtag, checksum: true, chunks });
  return E.ethernet(0x0800, E.ipv4({ src, dst, proto: 132, payload: packet }));
}

let tsn = 1;
/** A TCAP message over M3UA (opc → dpc) in one DATA chunk, always from 10.9.0.1 to 10.0.0.2 (a one-way capture). */
function oneWay(tcap: Uint8Array, calling: string, cssn: number, called: string, dssn: number, opc: number, dpc: number): Uint8Array {
  const sccp = E.encodeSccp({ type: 'udt', data: tcap, calling: { gt: calling, ssn: cssn }, called: { gt: called, ssn: dssn } });
  const payload = E.encodeM3uaData({ opc, dpc, sls: 1 }, sccp);
  return sctp('10.9.0.1', '10.0.0.2', 1, [{ type: 'data', tsn: tsn++, stream: 1, ssn: 0, ppid: 3, payload }]);
}

/** An UpdateLocation dialogue: UL Begin, the HLR's ISD and UL result, all written the Begin's way. */
function dialogue(): Uint8Array[] {
  const ul = E.tcBegin({
    otid: '0a000122',
    dialogue: { pdu: 'aarq', acn: UL_AC },
    components: [{ type: 'invoke', invokeId: 1, opcode: 2, param: E.mapArg.updateLocation({ imsi: '310410100000123', mscNumber: VLR, vlrNumber: VLR }) }],
  });
  const isd = E.tcContinue({
    otid: '0a000127',
    dtid: '0a000122',
    dialogue: { pdu: 'aare', acn: UL_AC },
    components: [{ type: 'invoke', invokeId: 1, opcode: 7, param: E.mapArg.insertSubscriberData({ msisdn: '12025550123' }) }],
  });
  const end = E.tcEnd({
    dtid: '0a000122',
    components: [{ type: 'returnResultLast', invokeId: 1, opcode: 2, param: E.mapRes.hlrNumber({ hlrNumber: HLR }) }],
  });
  return [oneWay(ul, VLR, 7, HLR, 6, 100, 200), oneWay(isd, HLR, 6, VLR, 7, 200, 100), oneWay(end, HLR, 6, VLR, 7, 200, 100)];
}

/** One DATA `a → b` (junk payload) and the SACK back on its exact reverse (RFC 9260 §3.3.4). */
function dataAndSack(a: string, b: string): Uint8Array[] {
  return [
    sctp(a, b, 0x1234, [{ type: 'data', tsn: 7, stream: 0, ssn: 0, ppid: 99, payload: new Uint8Array([1, 2, 3, 4]) }]),
    sctp(b, a, 0x4321, [{ type: 'sack', cumTsn: 7 }]),
  ];
}

async function fromRequester(frames: Uint8Array[]): Promise<number> {
  const pcap = E.writePcap(
    frames.map((data, i) => ({ tsSec: 1_743_235_200 + i, tsNsec: 0, data })),
    { linkType: 1 },
  );
  let n = 0;
  const opts = { onAnomaly: (a: { code: string }) => void (n += +(a.code === 'tcap.answer-from-requester')) };
  for await (const _ of scan(pcap, opts) as AsyncIterable<ScanAlert>);
  return n;
}

describe('red-team round 18 L6: the two-way proof per pair of hosts', () => {
  it('control: the one-way capture alone refuses no answer', async () => {
    expect(await fromRequester(dialogue())).toBe(0);
  });

  it('a DATA and its SACK between two other hosts merged in: the one-way part’s answers are still no forgery', async () => {
    expect(await fromRequester([...dataAndSack('10.66.0.1', '10.66.0.2'), ...dialogue()])).toBe(0);
  });

  it('the same frames between the dialogue’s own two hosts prove both sides: its answers the Begin’s way are refused', async () => {
    expect(await fromRequester([...dataAndSack('10.0.0.2', '10.9.0.1'), ...dialogue()])).toBeGreaterThan(0);
  });
});
