/**
 * Red-team rt8 EV1: every reassembly table was one global table that evicted its oldest entry when
 * full, so cheap never-completed starts sent anywhere the tap sees (other hosts, another calling GT,
 * another association or flow: no receiver has to accept them), put between the two halves of an
 * attack message, evicted its first half and the message was never decoded. The tables are now
 * fair (core/bounded-table.ts "Fairness"): over a cap, the holder charged the most loses its oldest
 * entry. The four shapes of the red team's repros (/tmp/rt8 f5, s5, s11, t4), at the default
 * limits: each lost the message before; and one flooding holder stays bounded and counted.
 */
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/api/decoder.js';
import { DEFAULT_LIMITS } from '../../src/core/limits.js';
import { avp, buildDiameter, msisdnAvp } from '../../src/encode/diameter.js';
import { ipv4, ipv4Fragments } from '../../src/encode/ip.js';
import { mapArg } from '../../src/encode/map.js';
import { ethernet, writePcap } from '../../src/encode/pcap.js';
import { encodeSccp, encodeSccpSegments } from '../../src/encode/sccp.js';
import { dataFragments, type SctpChunk, sctpPacket } from '../../src/encode/sctp.js';
import { encodeM3uaData } from '../../src/encode/sigtran.js';
import { tcBegin } from '../../src/encode/tcap.js';
import { tcpSegment } from '../../src/encode/tcp.js';

interface Frame {
  tsSec: number;
  tsNsec: number;
  data: Uint8Array;
}

const T = 1_741_420_800;
const frame = (ip: Uint8Array, t = T): Frame => ({ tsSec: t, tsNsec: 0, data: ethernet(0x0800, ip) });
const sctpIp = (src: string, dst: string, vtag: number, chunks: SctpChunk[]): Uint8Array =>
  ipv4({ src, dst, proto: 132, payload: sctpPacket({ srcPort: 2905, dstPort: 2905, vtag, checksum: true, chunks }) });

const ATI = tcBegin({
  otid: '0a0b0c0d',
  dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.29.3' },
  components: [{ type: 'invoke', invokeId: 1, opcode: 71, param: mapArg.anyTimeInterrogation({ msisdn: '12025550123', gsmScfAddress: '8613800000001' }) }],
});
const CALLING = { gt: '8613800000001', ssn: 147 };
const CALLED = { gt: '12025550123', ssn: 6 };
const m3ua = (sccp: Uint8Array): Uint8Array => encodeM3uaData({ opc: 100, dpc: 200, sls: 1 }, sccp);
const ATI_M3UA = m3ua(encodeSccp({ type: 'udt', data: ATI, calling: CALLING, called: CALLED }));

/** Decodes the frames: the events naming the attack's target number, the counters, the tables' peak sizes. */
function decode(frames: Frame[], limits = {}) {
  let hits = 0;
  const d = new Decoder({ limits, onEvent: (ev) => void (JSON.stringify(ev).includes('12025550') && hits++) });
  d.push(writePcap([], { linkType: 1 }));
  for (const f of frames) d.push(writePcap([f], { linkType: 1 }).subarray(24));
  const tables = d.tables;
  d.end();
  return { hits, stats: d.stats, tables };
}

describe('fair reassembly tables (rt8 EV1): junk from another holder does not evict the message in progress', () => {
  it('IPv4: ATI in 2 fragments, 4,096 junk first fragments to another host between them (f5)', () => {
    const sctp = sctpPacket({
      srcPort: 2905,
      dstPort: 2905,
      vtag: 0x77,
      checksum: true,
      chunks: [{ type: 'data', tsn: 1, stream: 1, ssn: 0, ppid: 3, payload: ATI_M3UA }],
    });
    const frags = ipv4Fragments({ src: '10.9.9.9', dst: '10.0.0.2', proto: 132, payload: sctp, id: 4245 }, 96);
    const junk = Array.from({ length: DEFAULT_LIMITS.ipFragDatagrams }, (_, i) =>
      frame(ipv4({ src: `10.0.${i >> 8}.${i & 255}`, dst: '10.0.0.3', proto: 132, id: i, mf: true, fragOffset: 0, payload: new Uint8Array(8) })),
    );
    const r = decode([frame(frags[0]!), ...junk, ...frags.slice(1).map((f) => frame(f))]);
    expect(r.hits).toBe(1);
    expect(r.stats['ip.fragment-evicted']).toBe(1); // the junk receiver's oldest: still counted
    expect(r.stats['ip.reassembled']).toBe(1);
  });

  it('SCCP: ATI in 2 XUDT segments, 4,096 junk first segments from another calling GT between them (s5)', () => {
    const segs = encodeSccpSegments({ type: 'xudt', data: ATI, calling: CALLING, called: CALLED }, 2, 0x1234);
    let tsn = 1;
    const data = (sccp: Uint8Array): SctpChunk => ({ type: 'data', tsn: tsn++, stream: 1, ssn: 0, ppid: 3, payload: m3ua(sccp) });
    const junkSeg = (ref: number): Uint8Array =>
      encodeSccpSegments({ type: 'xudt', data: new Uint8Array(40), calling: { gt: '8613800000002', ssn: 147 }, called: CALLED }, 2, ref)[0]!;
    const frames = [frame(sctpIp('10.0.0.1', '10.0.0.2', 0x1234, [data(segs[0]!)]))];
    const n = DEFAULT_LIMITS.sccpSegments;
    for (let i = 0; i < n; i += 10)
      frames.push(
        frame(
          sctpIp(
            '10.0.0.1',
            '10.0.0.2',
            0x1234,
            Array.from({ length: Math.min(10, n - i) }, (_, j) => data(junkSeg(0x100000 + i + j))),
          ),
        ),
      );
    frames.push(frame(sctpIp('10.0.0.1', '10.0.0.2', 0x1234, [data(segs[1]!)])));
    const r = decode(frames);
    expect(r.hits).toBe(1);
    expect(r.stats['sccp.segment.evicted']).toBe(1);
    expect(r.stats['sccp.reassembled']).toBe(1);
  });

  it('SCTP: ATI in 2 DATA fragments, 17,000 junk B fragments of another association between them (s11)', () => {
    const [b, e] = dataFragments(ATI_M3UA, Math.ceil(ATI_M3UA.length / 2), { tsn: 100, stream: 1, ssn: 0, ppid: 3 });
    const frames = [frame(sctpIp('10.0.0.1', '10.0.0.2', 0x1234, [b!]))];
    let tsn = 1;
    for (let i = 0; i < 17_000; i += 100)
      frames.push(
        frame(
          sctpIp(
            '10.7.0.1',
            '10.7.0.2',
            0x66,
            Array.from({ length: 100 }, (_, j) => ({ type: 'data', tsn: tsn++, stream: i + j, ssn: 0, ppid: 3, flags: 2, payload: new Uint8Array(4) })),
          ),
        ),
      );
    frames.push(frame(sctpIp('10.0.0.1', '10.0.0.2', 0x1234, [e!])));
    const r = decode(frames);
    expect(r.hits).toBe(1);
    expect(r.stats['sctp.reassembly-evicted']).toBeGreaterThan(0); // the junk association's own contexts
    expect(r.tables.sctpBytes).toBeLessThanOrEqual(DEFAULT_LIMITS.sctpReasmBytes);
  });

  it('TCP: PLR in 2 segments, 3 junk flows of 9,000 out-of-order bytes between them (t4)', () => {
    const host = 'gmlc.epc.mnc000.mcc460.3gppnetwork.org';
    const plr = buildDiameter({
      cmd: 8388620,
      app: 16777255,
      request: true,
      proxyable: true,
      hbh: 1,
      e2e: 1,
      avps: [
        avp(263, `${host};1;1`),
        avp(264, host),
        avp(296, 'epc.mnc000.mcc460.3gppnetwork.org'),
        avp(283, 'epc.mnc410.mcc310.3gppnetwork.org'),
        avp(1, '310410100000032'),
        msisdnAvp('12025550032'),
      ],
    });
    const seg = (src: string, dst: string, sport: number, seq: number, payload: Uint8Array, t: number): Frame =>
      frame(ipv4({ src, dst, proto: 6, payload: tcpSegment({ srcPort: sport, dstPort: 3868, seq, ack: 1, payload, checksumIpv4: { src, dst } }) }), T + t);
    const frames = [seg('10.9.9.9', '10.0.0.2', 40000, 1000, plr.subarray(0, 60), 0)];
    for (let j = 0; j < 3; j++) {
      const src = `10.66.0.${j}`;
      frames.push(seg(src, '10.0.0.3', 50000 + j, 1, Uint8Array.of(1), 1));
      for (let k = 0; k < 9000; k++) frames.push(seg(src, '10.0.0.3', 50000 + j, 3 + 2 * k, Uint8Array.of(k & 255), 1));
    }
    frames.push(seg('10.9.9.9', '10.0.0.2', 40000, 1060, plr.subarray(60), 2));
    const r = decode(frames);
    expect(r.hits).toBe(1);
    expect(r.stats['tcp.flows-evicted']).toBe(1); // the junk flow holding the most
  });

  it('one flooding receiver stays within the caps, every eviction counted, and loses only its own datagrams', () => {
    const limits = { ipFragDatagrams: 64, ipFragBytes: 64 * 1024 };
    const own = [1, 2, 3].map((k) =>
      ipv4Fragments({ src: `10.9.9.${k}`, dst: '10.0.0.2', proto: 132, id: k, payload: sctpIp('10.0.0.1', '10.0.0.2', k, []).subarray(20) }, 8),
    );
    const junk = Array.from({ length: 10_000 }, (_, i) =>
      frame(ipv4({ src: `10.1.${i >> 8}.${i & 255}`, dst: '10.0.0.3', proto: 132, id: i, mf: true, fragOffset: 0, payload: new Uint8Array(64) })),
    );
    let peak = 0;
    let peakBytes = 0;
    const d = new Decoder({ limits, onEvent: () => undefined });
    d.push(writePcap([], { linkType: 1 }));
    for (const f of [...own.map((o) => frame(o[0]!)), ...junk, ...own.flatMap((o) => o.slice(1).map((x) => frame(x)))]) {
      d.push(writePcap([f], { linkType: 1 }).subarray(24));
      peak = Math.max(peak, d.tables.ipFragDatagrams);
      peakBytes = Math.max(peakBytes, d.tables.ipFragBytes);
    }
    d.end();
    expect(peak).toBeLessThanOrEqual(64);
    expect(peakBytes).toBeLessThanOrEqual(64 * 1024);
    expect(d.stats['ip.fragment-evicted']).toBe(10_000 - 61); // all but the 61 junk datagrams left at the end
    expect(d.stats['ip.reassembled']).toBe(3); // the other receiver's three datagrams
  });
});
