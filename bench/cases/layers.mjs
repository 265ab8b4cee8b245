// Per-layer cases on messages from the synthetic world (bench/lib/fixtures.mjs): each layer alone,
// fed the output of the layer below prebuilt, so the numbers add up to the pipeline's cost.
import { readTlv, newTlv } from '../../dist/asn1/ber.js';
import { Counters } from '../../dist/core/stats.js';
import { FrameIndexer } from '../../dist/core/frame-index.js';
import { PacketDecoder } from '../../dist/transport/packet-decoder.js';
import { Ss7Transport } from '../../dist/ss7/ss7-transport.js';
import { TcapDecoder } from '../../dist/ss7/tcap-decoder.js';
import { decodeMapArgument } from '../../dist/ss7/map/decode.js';
import { decodeTcap, newTcapMessage } from '../../dist/ss7/tcap.js';
import { setRecordBytes } from '../../dist/core/bytes.js';
import { CaptureReader } from '../../dist/capture/reader.js';
import { buildPool, ulBegin, writeSynthetic } from '../lib/fixtures.mjs';
import { loop } from '../lib/measure.mjs';

let poolCache;
const pool = () => (poolCache ??= buildPool(4000));
const flow = { id: 1, transport: 'sctp', src: '10.0.0.1', dst: '10.0.0.2', srcPort: 2905, dstPort: 2905 };

/** Frames of the pool as FrameRecords over one buffer (TSNs patched per use so SCTP sees new data). */
function records() {
  const { frames } = pool();
  const total = frames.reduce((n, f) => n + f.bytes.length, 0);
  const buf = new Uint8Array(total);
  const view = new DataView(buf.buffer);
  let off = 0;
  const recs = frames.map((f, i) => {
    buf.set(f.bytes, off);
    const r = {
      frameNo: i + 1,
      tsSec: 1_700_000_000,
      tsNsec: 0,
      tsPrecision: 6,
      linkType: 1,
      interfaceId: 0,
      bytes: buf,
      view,
      offset: off,
      capLen: f.bytes.length,
      origLen: f.bytes.length,
      fileOffset: 0,
      tsnAt: f.tsnAt.map((a) => off + a),
      assoc: f.assoc,
    };
    off += f.bytes.length;
    return r;
  });
  return { recs, view, total };
}

/** M3UA payloads (SS7 messages) of the pool, captured from a PacketDecoder run. */
function payloads(proto) {
  const { recs } = records();
  const out = [];
  const pd = new PacketDecoder({
    onPayload: (p) => {
      if (p.proto === proto) {
        const bytes = p.bytes.slice(p.offset, p.end);
        out.push({ ...p, bytes, view: new DataView(bytes.buffer), offset: 0, end: bytes.length, flow });
      }
    },
  });
  for (const r of recs) pd.frame(r);
  return out;
}

/** SCCP units (TCAP at an offset in M3UA bytes) captured from an Ss7Transport run. */
function units() {
  const out = [];
  const ss7 = new Ss7Transport({
    // Kept units need their own label and SCCP record: the transport's `mtp`/`sccp` and the
    // `mtpInfo`/`sccpInfo` closures read its reused records (the last unit's after the run).
    onUnit: (u) => {
      const sccp = structuredClone(u.sccp);
      const mtp = u.mtpInfo();
      const info = u.sccpInfo();
      out.push({ ...u, sccp, mtp: mtp && { mp: -1, ...mtp }, mtpInfo: () => mtp && { ...mtp }, sccpInfo: () => info, anomalies: [] });
    },
    mtp3Variant: 'itu',
  });
  for (const p of payloads('m3ua')) ss7.payload(p);
  return out;
}

export default [
  {
    name: 'capture/read (CaptureReader.push, 1 MiB chunks in memory)',
    setup() {
      const chunks = [];
      const r = writeSynthetic({ messages: 400_000, pool: pool(), write: (c) => chunks.push(c.slice()) });
      return { chunks, r };
    },
    run({ chunks, r }) {
      let frames = 0;
      // One callback for every reader: a new closure per reader makes `deliver` deopt on each
      // new call target (measured: ~500 ns/frame instead of ~30 ns).
      const onFrame = () => void frames++;
      const res = loop(
        () => {
          const rd = new CaptureReader({ onFrame });
          for (const c of chunks) rd.push(c);
          rd.end();
        },
        { warm: 2, batch: 1, minSec: Math.max(2, Number(process.env.BENCH_MIN_SEC ?? 0)) },
      );
      return { n: res.ops * r.frames, unit: 'frames', bytes: res.ops * r.bytes, seconds: res.seconds, cpuSeconds: res.cpuSeconds };
    },
  },
  {
    name: 'layer/link+ip+sctp (PacketDecoder.frame → payloads)',
    setup: records,
    run({ recs, view }) {
      let payloadsOut = 0;
      const pd = new PacketDecoder({ onPayload: () => void payloadsOut++ });
      const tsn = new Map();
      let bytes = 0;
      const res = loop((i) => {
        const r = recs[i % recs.length];
        let t = tsn.get(r.assoc) ?? 1;
        for (const a of r.tsnAt) view.setUint32(a, t++);
        tsn.set(r.assoc, t);
        bytes += r.capLen;
        pd.frame(r);
      });
      return { n: payloadsOut, unit: 'messages', bytes, seconds: res.seconds, cpuSeconds: res.cpuSeconds, extra: { frames: res.ops } };
    },
  },
  {
    name: 'layer/m3ua+sccp (Ss7Transport.payload → SCCP units)',
    setup: () => payloads('m3ua'),
    run(ps) {
      let n = 0;
      let bytes = 0;
      const ss7 = new Ss7Transport({ onUnit: () => void n++, mtp3Variant: 'itu' });
      const res = loop((i) => {
        const p = ps[i % ps.length];
        bytes += p.end;
        ss7.payload(p);
      });
      return { n, unit: 'messages', bytes, seconds: res.seconds, cpuSeconds: res.cpuSeconds };
    },
  },
  {
    name: 'layer/tcap+map (TcapDecoder.unit → events)',
    setup: units,
    run(us) {
      let n = 0;
      let bytes = 0;
      const dec = new TcapDecoder({ onEvent: () => void n++, indexer: new FrameIndexer(), counters: new Counters() });
      const res = loop((i) => {
        const u = us[i % us.length];
        u.frameNo = i + 1;
        bytes += u.end - u.offset;
        dec.unit(u);
      });
      return { n, unit: 'events', bytes, seconds: res.seconds, cpuSeconds: res.cpuSeconds };
    },
  },
  {
    name: 'layer/tcap-parse (decodeTcap into a reused message, no MAP, no events)',
    setup: units,
    run(us) {
      const m = newTcapMessage(32);
      let bytes = 0;
      const res = loop((i) => {
        const u = us[i % us.length];
        bytes += u.end - u.offset;
        setRecordBytes(m, u.view, u.bytes); // what TcapDecoder does per unit
        decodeTcap(u.view, u.offset, u.end, m);
      });
      return { n: res.ops, unit: 'messages', bytes, seconds: res.seconds, cpuSeconds: res.cpuSeconds };
    },
  },
  {
    name: 'layer/ber-walk (readTlv over every TLV of a TCAP message)',
    setup: units,
    run(us) {
      const tlvs = Array.from({ length: 33 }, newTlv);
      let count = 0;
      let bytes = 0;
      const walk = (view, off, end, d) => {
        const t = tlvs[d];
        while (off < end && readTlv(view, off, end, t)) {
          count++;
          const next = t.end;
          if (t.constructed && d < 32) walk(view, t.valueStart, t.valueEnd, d + 1);
          if (next <= off) break;
          off = next;
        }
      };
      const res = loop((i) => {
        const u = us[i % us.length];
        bytes += u.end - u.offset;
        walk(u.view, u.offset, u.end, 0);
      });
      return {
        n: res.ops,
        unit: 'messages',
        bytes,
        seconds: res.seconds,
        cpuSeconds: res.cpuSeconds,
        extra: { tlvsPerMessage: +(count / res.ops).toFixed(1) },
      };
    },
  },
  {
    name: 'layer/map-args (decodeMapArgument UpdateLocationArg)',
    setup() {
      const b = ulBegin(7);
      const m = newTcapMessage(32);
      const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
      decodeTcap(view, 0, b.length, m);
      const c = m.components[0];
      return { b, view, start: c.paramStart, end: c.paramEnd };
    },
    run({ b, view, start, end }) {
      let sink = 0;
      const res = loop(() => {
        sink += decodeMapArgument(2, 'arg', view, b, start, end, 3, 32).imsis.length;
      });
      return { n: res.ops, unit: 'arguments', bytes: res.ops * (end - start), seconds: res.seconds, cpuSeconds: res.cpuSeconds, extra: { sink } };
    },
  },
];
