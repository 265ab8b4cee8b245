/** Shared helpers of the transport tests: Diameter messages (RFC 6733 §3, §4.1) and frame records. */
import { concat, toHex as hex } from '../../src/encode/bytes.js';
export { concat, hex };
import type { FrameRecord } from '../../src/capture/types.js';
import { PacketDecoder, type Payload, type PacketDecoderOptions } from '../../src/transport/index.js';
import type { Anomaly } from '../../src/core/anomaly.js';
import { Counters } from '../../src/core/stats.js';

/**
 * A Diameter message: 20-byte header (version 1, length, flags R/P, command, application, hop-by-hop,
 * end-to-end) and one Origin-Host AVP (code 264, M flag) whose value is `host` (padded to 4).
 */
export function diameter(o: { cmd?: number; app?: number; request?: boolean; hbh: number; host?: string }): Uint8Array {
  const host = new TextEncoder().encode(o.host ?? `peer-${o.hbh}.example.org`);
  const avpLen = 8 + host.length;
  const len = 20 + ((avpLen + 3) & ~3);
  const b = new Uint8Array(len);
  const v = new DataView(b.buffer);
  v.setUint32(0, (1 << 24) | len);
  v.setUint32(4, ((o.request ?? true) ? 0xc0 << 24 : 0x40 << 24) | (o.cmd ?? 316));
  v.setUint32(8, o.app ?? 16777251);
  v.setUint32(12, o.hbh);
  v.setUint32(16, o.hbh ^ 0x5a5a5a5a);
  v.setUint32(20, 264);
  v.setUint32(24, (0x40 << 24) | avpLen);
  b.set(host, 28);
  return b;
}

/** A frame record over `bytes` placed at a non-zero offset of a larger buffer (offsets must be honoured). */
export function frame(bytes: Uint8Array, frameNo: number, linkType = 101, tsSec = 1_700_000_000, tsNsec = 0): FrameRecord {
  const pad = 7;
  const buf = new Uint8Array(bytes.length + pad + 3).fill(0xee);
  buf.set(bytes, pad);
  return {
    frameNo,
    tsSec,
    tsNsec,
    tsPrecision: 6,
    linkType,
    interfaceId: 0,
    bytes: buf,
    view: new DataView(buf.buffer),
    offset: pad,
    capLen: bytes.length,
    origLen: bytes.length,
    fileOffset: 0,
  };
}

export interface Emitted {
  proto: Payload['proto'];
  frameNo: number;
  hex: string;
  flowId: number;
  flow: Payload['flow'];
  stream: number;
  ppid: number;
}

/** A PacketDecoder that records (copies of) its payloads and anomalies. */
export function recorder(opts: Partial<PacketDecoderOptions> = {}): {
  dec: PacketDecoder;
  out: Emitted[];
  anomalies: Anomaly[];
  counters: Counters;
} {
  const out: Emitted[] = [];
  const anomalies: Anomaly[] = [];
  const counters = opts.counters ?? new Counters();
  const dec = new PacketDecoder({
    ...opts,
    counters,
    onAnomaly: (a) => anomalies.push(a),
    onPayload: (p) =>
      out.push({
        proto: p.proto,
        frameNo: p.frameNo,
        hex: hex(p.bytes.subarray(p.offset, p.end)),
        flowId: p.flow.id,
        flow: p.flow,
        stream: p.stream,
        ppid: p.ppid,
      }),
  });
  return { dec, out, anomalies, counters };
}
