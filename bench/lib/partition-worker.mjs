// Decode thread of the partitioned prototype (bench/lib/partition-proto.mjs): receives batches of
// raw frame records (transferred ArrayBuffers), decodes them with its own Decoder (the pipeline
// state of the associations routed to it) and answers each batch with the binary facts of the
// events it produced (bench/lib/facts-direct.mjs), transferred back. With workerData.facts
// 'record': decodes in record mode (no event built) and writes record facts (facts-record.mjs,
// writer-interned strings, lean), the string ids running across batches.
import { parentPort, workerData } from 'node:worker_threads';
import { Decoder } from '../../dist/api/decoder.js';
import { FactWriter, writeFacts } from './facts-direct.mjs';
import { IdWriter, writeRecordFacts } from './facts-record.mjs';

const port = parentPort;
const byRecord = workerData?.facts === 'record';
let out = byRecord ? new IdWriter(new Uint8Array(1 << 20), true) : new FactWriter(Buffer.allocUnsafe(1 << 20));
let events = 0;
let fed = false;
const ensure = () => {
  if (out.p + 65536 <= out.b.length) return;
  if (byRecord) {
    const b = new Uint8Array(out.b.length * 2);
    b.set(out.b.subarray(0, out.p));
    out.reset(b, out.p);
    return;
  }
  const b = Buffer.allocUnsafe(out.b.length * 2);
  out.b.copy(b, 0, 0, out.p);
  out.b = b;
};
const decoder = new Decoder(
  byRecord
    ? {
        onRecord: (r) => {
          ensure();
          writeRecordFacts(out, r);
          events++;
        },
      }
    : {
        onEvent: (ev) => {
          ensure();
          writeFacts(out, ev);
          events++;
        },
      },
);
const rec = {
  frameNo: 0,
  tsSec: 0,
  tsNsec: 0,
  tsPrecision: 6,
  linkType: 0,
  interfaceId: 0,
  bytes: null,
  view: null,
  offset: 0,
  capLen: 0,
  origLen: 0,
  fileOffset: 0,
};

function flush(seq) {
  const buf = out.b.buffer.slice(out.b.byteOffset, out.b.byteOffset + out.p);
  port.postMessage({ seq, facts: buf, events }, [buf]);
  if (byRecord) out.reset(new Uint8Array(out.b.length));
  else out = new FactWriter(Buffer.allocUnsafe(out.b.length));
  events = 0;
}

port.on('message', (m) => {
  if (m.type === 'end') {
    // Records went in through Decoder.frame(): end() flushes every stage (transport, TCAP,
    // Diameter). A thread no record was routed to has nothing to flush (and end() on a decoder
    // fed nothing reports an empty capture).
    if (fed) decoder.end();
    flush(m.seq);
    return;
  }
  const bytes = new Uint8Array(m.buf);
  const view = new DataView(m.buf);
  rec.bytes = bytes;
  rec.view = view;
  let p = 0;
  while (p < m.len) {
    // Record header (little-endian): frameNo u32, tsSec u32, tsNsec u32, capLen u32, origLen u32, linkType u16, tsPrecision u8, pad u8.
    rec.frameNo = view.getUint32(p, true);
    rec.tsSec = view.getUint32(p + 4, true);
    rec.tsNsec = view.getUint32(p + 8, true);
    rec.capLen = view.getUint32(p + 12, true);
    rec.origLen = view.getUint32(p + 16, true);
    rec.linkType = view.getUint16(p + 20, true);
    rec.tsPrecision = view.getUint8(p + 22);
    rec.offset = p + 24;
    decoder.frame(rec);
    fed = true;
    p += 24 + rec.capLen;
  }
  flush(m.seq);
});
