/**
 * The public entry point sigwatch/encode (src/encode/index.ts): the layer builders compose by
 * nesting, and their output feeds the per-layer decoders a vendor without a pcap would use
 * (decodeM3uaEvents, decodeSccpEvents, decodeTcapEvents, decodeDiameterEvents).
 */
import { describe, expect, it } from 'vitest';
import { decodeDiameterEvents, decodeM3uaEvents, decodeSccpEvents, decodeTcapEvents } from '../../src/api/layers.js';
import * as enc from '../../src/encode/index.js';

const IMSI = '440101234567890';
const tcap = enc.tcBegin({
  otid: '0a0b0c0d',
  dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.1.3' }, // networkLocUpContext-v3
  components: [
    { type: 'invoke', invokeId: 1, opcode: 2, param: enc.mapArg.updateLocation({ imsi: IMSI, mscNumber: '8613900000001', vlrNumber: '8613900000002' }) },
  ],
});
const sccp = enc.encodeSccp({ type: 'udt', data: tcap, calling: { gt: '8613900000002', ssn: 7 }, called: { gt: '81901234567', ssn: 6 } });

const summary = (evs: readonly { protocol: string; component?: { op?: string }; subscriber?: { imsi?: string } }[]) =>
  evs.map((e) => [e.protocol, e.component?.op, e.subscriber?.imsi]);

describe('sigwatch/encode', () => {
  it('exports every layer builder, and the BER primitives under the ber namespace', () => {
    const exported = new Map(Object.entries(enc));
    for (const name of [
      'writePcap',
      'writePcapng',
      'ethernet',
      'ipv4',
      'ipv6',
      'sctpPacket',
      'tcpSegment',
      'encodeM3uaData',
      'encodeSuaCldt',
      'encodeMtp3Msu',
      'encodeSccp',
      'tcBegin',
      'buildDiameter',
    ]) {
      expect(typeof exported.get(name), name).toBe('function');
    }
    expect(Object.keys(enc.mapArg)).toContain('updateLocation');
    expect(enc.toHex(enc.ber.seq(enc.ber.int(1), enc.ber.nul()))).toBe('3005020101' + '0500');
  });

  it('each nesting level decodes with its own per-layer decoder to the same UpdateLocation', () => {
    const want = [['map', 'updateLocation', IMSI]];
    expect(summary(decodeTcapEvents(tcap))).toEqual(want);
    expect(summary(decodeSccpEvents(sccp))).toEqual(want);
    expect(summary(decodeM3uaEvents(enc.encodeM3uaData({ opc: 1, dpc: 2 }, sccp)))).toEqual(want);
  });

  it('a Diameter ULR built with the dictionary decodes with its user name and visited PLMN', () => {
    const ulr = enc.buildDiameter({
      cmd: 316,
      app: 16777251,
      request: true,
      avps: [
        enc.avp(263, 'mme1;1'),
        enc.avp(264, 'mme1.example.org'),
        enc.avp(296, 'example.org'),
        enc.avp(1, IMSI),
        enc.avp3(1407, Uint8Array.of(0x44, 0xf0, 0x10)),
      ],
    });
    const [ev] = decodeDiameterEvents(ulr);
    // diameter.visitedPlmn is the octets in hex (as tshark prints them); args.visitedPlmn the MCC+MNC.
    expect([ev?.diameter.cmd, ev?.diameter.userName, ev?.diameter.visitedPlmn, ev?.args?.visitedPlmn, ev?.anomalies]).toEqual([
      316,
      IMSI,
      '44f010',
      '44001',
      [],
    ]);
  });
});
