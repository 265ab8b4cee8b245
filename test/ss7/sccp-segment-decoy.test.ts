/**
 * Red-team rt7 S4: an SCCP message in two XUDT segments (SCTP TSN 1, 2); a decoy DATA chunk at TSN 2
 * with a wrong CRC32c (RFC 9260 §6.8: the receiver discards it) carries a first segment of the same
 * local reference. It restarted the reassembly and the real TSN 2 completed the decoy's message: the
 * request was lost. The real segment cannot follow the decoy (one chunk per TSN), so it completes
 * the interrupted message (sccp-segments.ts).
 */
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/api/decoder.js';
import { ipv4 } from '../../src/encode/ip.js';
import { mapArg } from '../../src/encode/map.js';
import { ethernet, writePcap } from '../../src/encode/pcap.js';
import { encodeSccp, encodeSccpSegments } from '../../src/encode/sccp.js';
import { sctpPacket } from '../../src/encode/sctp.js';
import { encodeM3uaData } from '../../src/encode/sigtran.js';
import { tcBegin } from '../../src/encode/tcap.js';
import { gt } from '../hostile/captures.js';

const calling = gt('8613800000001', 8);
const called = gt('12025550001', 6);
const request = tcBegin({
  otid: '00000001',
  dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.5.3' },
  components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: mapArg.sendRoutingInfo({ msisdn: '12025550123', gmscAddress: '8613800000001' }) }],
});
const segs = encodeSccpSegments({ type: 'xudt', data: request, calling, called }, 2, 0x123);
const decoySeg = (k: number): Uint8Array =>
  encodeSccp({
    type: 'xudt',
    data: new Uint8Array(20).fill(k),
    calling,
    called,
    segmentation: { first: true, inSequence: true, remaining: 1, localRef: 0x123 },
  });

function frameOf(tsn: number, sccp: Uint8Array, badCrc = false, checksum = true) {
  let s = sctpPacket({
    checksum,
    srcPort: 2905,
    dstPort: 2905,
    vtag: 7,
    chunks: [{ type: 'data', tsn, stream: 1, ssn: tsn, ppid: 3, payload: encodeM3uaData({ opc: 4601, dpc: 1001, sls: 1 }, sccp) }],
  });
  if (badCrc) {
    s = s.slice();
    s[8]! ^= 0xff;
  }
  return { tsSec: 1_741_420_800, tsNsec: 0, data: ethernet(0x0800, ipv4({ src: '10.9.9.9', dst: '10.0.0.2', proto: 132, payload: s })) };
}

function decode(frames: ReturnType<typeof frameOf>[]) {
  const events: string[] = [];
  const d = new Decoder({ onEvent: (ev) => events.push(JSON.stringify(ev)) });
  d.push(writePcap(frames, { linkType: 1 }));
  d.end();
  return { requests: events.filter((e) => e.includes('12025550123')).length, stats: d.stats };
}

describe('XUDT segment decoy at a reused TSN (rt7 S4)', () => {
  it('without decoys: one request', () => {
    expect(decode([frameOf(1, segs[0]!), frameOf(2, segs[1]!)]).requests).toBe(1);
  });

  it.each([1, 100])('%i decoy first segments at the TSN of the last segment: the request is decoded', (n) => {
    const decoys = Array.from({ length: n }, (_, k) => frameOf(2, decoySeg(k), true));
    const { requests, stats } = decode([frameOf(1, segs[0]!), ...decoys, frameOf(2, segs[1]!)]);
    expect(requests).toBe(1);
    expect(stats['sccp.segment.restart']).toBe(n);
    expect(stats['sctp.tsn-reuse']).toBe(1);
  });

  it('3 decoys at the TSNs after the last segment (checksums offloaded: all zero): the request is decoded', () => {
    const decoys = [3, 4, 5].map((t) => frameOf(t, decoySeg(t), false, false));
    const real = [frameOf(1, segs[0]!, false, false), frameOf(2, segs[1]!, false, false)];
    expect(decode([real[0]!, ...decoys, real[1]!]).requests).toBe(1);
  });

  // With checksums: the versions begun with a wrong CRC32c go first and are continued last.
  it('100 decoys with a wrong CRC32c at the TSNs after the last segment: the request is decoded', () => {
    const decoys = Array.from({ length: 100 }, (_, k) => frameOf(3 + k, decoySeg(k), true));
    expect(decode([frameOf(1, segs[0]!), ...decoys, frameOf(2, segs[1]!)]).requests).toBe(1);
  });

  it('a decoy with a wrong CRC32c at a TSN between the segments: the request is decoded', () => {
    expect(decode([frameOf(1, segs[0]!), frameOf(2, decoySeg(0), true), frameOf(3, segs[1]!)]).requests).toBe(1);
  });
});
