/** Per-layer entry points: M3UA, SCCP, TCAP and Diameter bytes straight to events. */
import { describe, expect, it } from 'vitest';
import { LayerDecoder, decodeDiameterEvents, decodeM3uaEvents, decodeSccpEvents, decodeTcapEvents } from '../../src/api/layers.js';
import { concat } from '../../src/encode/bytes.js';
import { encodeSccp } from '../../src/encode/sccp.js';
import { encodeM3uaData } from '../../src/encode/sigtran.js';
import { tcBegin, tcEnd } from '../../src/encode/tcap.js';
import { avp, buildDiameter } from '../../src/encode/diameter.js';

// MAP SendRoutingInfo (opcode 22) invoke, argument { msisdn [0] ISDN-AddressString } (TS 29.002 §17.6.3):
// 0x91 = international E.164, digits 447712345678 in TBCD.
const SRI_ARG = Uint8Array.of(0x30, 0x09, 0x80, 0x07, 0x91, 0x44, 0x77, 0x21, 0x43, 0x65, 0x87);
const SRI_ACN = '0.4.0.0.1.0.5.3';
const begin = tcBegin({ otid: '0a0b0c0d', dialogue: { pdu: 'aarq', acn: SRI_ACN }, components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: SRI_ARG }] });
const sccp = encodeSccp({
  type: 'udt',
  called: { ri: 'gt', gti: 4, gt: '12025550001', ssn: 6, tt: 0, np: 1, es: 1, nai: 4 },
  calling: { ri: 'gt', gti: 4, gt: '8613800001', ssn: 8, tt: 0, np: 1, es: 2, nai: 4 },
  data: begin,
});

describe('per-layer entry points', () => {
  it('decodeTcapEvents: one event per component, MAP operation and subscriber decoded', () => {
    const [ev, ...rest] = decodeTcapEvents(begin, { frame: 7, tsSec: 1_700_000_000 });
    expect(rest).toHaveLength(0);
    expect(ev?.protocol).toBe('map');
    expect(ev?.frame).toBe(7);
    expect(ev?.component?.op).toBe('sendRoutingInfo');
    expect(ev?.subscriber.msisdn).toBe('447712345678');
    expect(ev?.tcap.acn).toBe(SRI_ACN);
  });

  it('decodeSccpEvents: addresses from the SCCP message, no synthetic MTP3 part', () => {
    const [ev] = decodeSccpEvents(sccp);
    expect(ev?.sccp.calling.gt).toBe('8613800001');
    expect(ev?.sccp.called.ssn).toBe(6);
    expect(ev?.mtp).toBeUndefined();
    expect(ev?.component?.opcode).toBe(22);
  });

  it('decodeM3uaEvents: MTP3 routing label from the protocol data', () => {
    const [ev] = decodeM3uaEvents(encodeM3uaData({ opc: 1234, dpc: 5678 }, sccp));
    expect(ev?.mtp).toMatchObject({ opc: 1234, dpc: 5678, si: 3 });
    expect(ev?.sccp.calling.gt).toBe('8613800001');
  });

  it('LayerDecoder keeps dialogues: the End gets the Begin operation', () => {
    const d = new LayerDecoder();
    expect(d.tcap(begin)).toHaveLength(1);
    const [res] = d.tcap(tcEnd({ dtid: '0a0b0c0d', components: [{ type: 'returnResultLast', invokeId: 1 }] }));
    expect(res?.component?.type).toBe('returnResultLast');
    expect(res?.component?.op).toBe('sendRoutingInfo');
  });

  it('LayerDecoder: meta.frame must be a positive integer, as the one-shot functions check (review 18-B F2: −1 means "no request frame")', () => {
    const d = new LayerDecoder();
    for (const frame of [-1, 0, 1.5, Number.NaN]) expect(() => d.tcap(begin, { frame })).toThrow(/meta\.frame must be a positive integer/);
    expect(d.tcap(begin, { frame: 7 })[0]?.frame).toBe(7);
  });

  it('LayerDecoder.end(): an End still waiting for its Begin is counted as reorder-expired', () => {
    const d = new LayerDecoder();
    d.tcap(tcEnd({ dtid: '01020304', components: [{ type: 'returnResultLast', invokeId: 1 }] }));
    expect(d.counters.get('tcap.dialogues.reorder-expired')).toBe(0);
    d.end();
    expect(d.counters.get('tcap.dialogues.reorder-expired')).toBe(1);
  });

  it('decodeDiameterEvents: a ULR with its routing AVPs; garbage gives no event and a counter', () => {
    const ulr = buildDiameter({
      cmd: 316,
      app: 16777251,
      request: true,
      avps: [avp(263, 'sess;1'), avp(264, 'mme.epc.mnc010.mcc440.3gppnetwork.org'), avp(296, 'epc.mnc010.mcc440.3gppnetwork.org'), avp(1, '310410123456789')],
    });
    const [ev] = decodeDiameterEvents(ulr);
    expect(ev?.diameter.cmd).toBe(316);
    expect(ev?.diameter.request).toBe(true);
    expect(ev?.diameter.originRealm).toBe('epc.mnc010.mcc440.3gppnetwork.org');
    expect(ev?.subscriber.imsi).toBe('310410123456789');
    const d = new LayerDecoder();
    expect(d.diameter(concat(Uint8Array.of(9, 9, 9, 9)))).toEqual([]);
    expect(d.counters.get('diameter.dropped')).toBe(1);
  });
});
