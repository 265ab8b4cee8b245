/**
 * Test-only capture frames: a TCAP message in SCCP UDT over M3UA / SCTP / IPv4 / Ethernet, from a
 * calling GT + SSN to a called one (the encoders are src/encode). MTP label OPC 100 → DPC 200 by
 * default (no network indicator: national); `opc` with `ni` (and `dpc`) for another sender's label. The IP
 * direction follows the GTs' order, so an answer travels back on the association.
 */
import * as E from '../../src/encode/index.js';

export interface Party {
  gt: string;
  ssn: number;
}

let tsn = 1;

export function ss7Frame(
  tcap: Uint8Array,
  calling: Party,
  called: Party,
  label: { opc: number; ni: number; dpc?: number } | undefined = undefined,
): Uint8Array {
  const sccp = E.encodeSccp({ type: 'udt', data: tcap, calling: { gt: calling.gt, ssn: calling.ssn }, called: { gt: called.gt, ssn: called.ssn } });
  const m3ua = E.encodeM3uaData(label === undefined ? { opc: 100, dpc: 200, sls: 1 } : { opc: label.opc, dpc: label.dpc ?? 200, sls: 1, ni: label.ni }, sccp);
  const sctp = E.sctpPacket({
    srcPort: 2905,
    dstPort: 2905,
    vtag: 1,
    checksum: true,
    chunks: [{ type: 'data', tsn: tsn++, stream: 1, ssn: 0, ppid: 3, payload: m3ua }],
  });
  // One association between two hosts, each GT pair's two directions on its two directions (answers
  // travel back: tcap-dialogues.ts fromRequester reads the association's direction).
  const up = calling.gt < called.gt;
  return E.ethernet(0x0800, E.ipv4({ src: up ? '10.0.0.2' : '10.9.0.1', dst: up ? '10.9.0.1' : '10.0.0.2', proto: 132, payload: sctp }));
}
