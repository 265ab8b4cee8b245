// Per-message costs behind the `scan --workers` scaling ceiling (bench/cases/workers.mjs,
// 'workers/partition ceiling'): what a partitioned design (decode split by association, detection
// split by subscriber) would add to one thread's work, measured on the same capture.
//
//   walk   the main thread's share: record framing (CaptureReader) + a cheap header walk
//          (link → IPv4/IPv6 → FNV-1a of the unordered address pair) + copying each record
//          into its worker's batch
//   facts  encoding, then decoding, every rule-addressable field (src/events/fields.ts: the whole
//          catalogue, since a rule may use any of them) of every event into / out of one binary
//          buffer through the catalogue's getters (facts-direct.mjs does it structurally, the
//          cheaper bound): what a decode thread must hand a detection thread per message, before
//          alert evidence and ring synchronisation. Interning strings (an id per string after its
//          first crossing) measured no cheaper: the Map lookup hashes the fresh string anyway.
//   balance  largest worker's share of the messages when associations are hashed to N workers
import { openSync, readSync, closeSync } from 'node:fs';
import { CaptureReader } from '../../dist/capture/reader.js';
import { decodeLink, newLinkResult } from '../../dist/capture/link/index.js';
import { decodeIpv4, newIpPacket } from '../../dist/transport/ipv4.js';
import { decodeIpv6 } from '../../dist/transport/ipv6.js';
import { field, fieldPaths } from '../../dist/events/fields.js';

const CHUNK = 1 << 20;

/** Calls `push(chunk)` for every chunk of `file` (one reused buffer, as openCapture does). */
export function readChunks(file, push) {
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(CHUNK);
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n <= 0) break;
      push(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}

function fnv(view, off, len, h) {
  for (let i = 0; i < len; i++) h = Math.imul(h ^ view.getUint8(off + i), 0x01000193);
  return h;
}

/**
 * The header walk: worker index of one frame record, or -1 (not IP: worker 0 in a real design).
 * The key is the unordered IP address pair (the two addresses' FNV-1a hashes xor-ed): IP
 * fragments then follow their association without fragment state (a fragment after the first has
 * no ports), and both directions meet. Associations between the same two hosts share a worker.
 */
export function makeWalker(workers) {
  const link = newLinkResult();
  const ip = newIpPacket();
  return (rec) => {
    const view = rec.view;
    decodeLink(rec.linkType, view, rec.offset, rec.offset + rec.capLen, link);
    if (link.net !== 'ipv4' && link.net !== 'ipv6') return -1;
    const bad = link.net === 'ipv4' ? decodeIpv4(view, link.offset, link.end, ip) : decodeIpv6(view, link.offset, link.end, ip);
    if (bad !== null) return -1;
    const a = fnv(view, ip.addrOffset, ip.addrLen, 0x811c9dc5);
    const b = fnv(view, ip.addrOffset + ip.addrLen, ip.addrLen, 0x811c9dc5);
    return ((a ^ b) >>> 0) % workers;
  };
}

/** CPU seconds of framing + header walk + batch copy over `file`, and the messages-free frame count. */
export function measureWalk(file, workers) {
  const walk = makeWalker(workers);
  const batches = Array.from({ length: workers }, () => ({ buf: new Uint8Array(1 << 20), pos: 0 }));
  const perWorker = new Array(workers).fill(0);
  let frames = 0;
  const reader = new CaptureReader({
    onFrame: (rec) => {
      frames++;
      const w = Math.max(0, walk(rec));
      perWorker[w]++;
      const b = batches[w];
      const len = rec.capLen + 24; // record bytes + frame number, timestamps, lengths, link type
      if (b.pos + len > b.buf.length) b.pos = 0; // a real design transfers the full batch here
      b.buf.set(rec.bytes.subarray(rec.offset, rec.offset + rec.capLen), b.pos + 24);
      b.pos += len;
    },
  });
  const c0 = process.cpuUsage();
  readChunks(file, (c) => reader.push(c));
  reader.end();
  const c = process.cpuUsage(c0);
  return { cpuSec: (c.user + c.system) / 1e6, frames, perWorker };
}

const PATHS = fieldPaths();
const GETTERS = PATHS.map((p) => field(p).get);
const TYPES = PATHS.map((p) => field(p).type);

function writeString(v, s, p) {
  v.setUint16(p, s.length);
  p += 2;
  for (let i = 0; i < s.length; i++) v.setUint8(p + i, s.charCodeAt(i) & 0xff);
  return p + s.length;
}

function readString(v, p, len) {
  let s = '';
  for (let i = 0; i < len; i++) s += String.fromCharCode(v.getUint8(p + i));
  return s;
}

/** Encodes every catalogue field `ev` carries at `p` of `v`; returns the end offset. */
export function encodeFacts(ev, v, p) {
  for (let i = 0; i < GETTERS.length; i++) {
    const x = GETTERS[i](ev);
    if (x === undefined) continue;
    v.setUint8(p++, i);
    switch (TYPES[i]) {
      case 'number':
        v.setFloat64(p, x);
        p += 8;
        break;
      case 'boolean':
        v.setUint8(p++, x ? 1 : 0);
        break;
      case 'string':
        p = writeString(v, x, p);
        break;
      case 'string[]':
        v.setUint16(p, x.length);
        p += 2;
        for (const s of x) p = writeString(v, s, p);
        break;
      default:
        v.setUint16(p, x.length);
        p += 2;
        for (const n of x) {
          v.setFloat64(p, n);
          p += 8;
        }
    }
  }
  v.setUint8(p++, 255);
  return p;
}

/** Decodes what {@link encodeFacts} wrote into `out` (indexed by catalogue position); returns the end offset. */
export function decodeFacts(v, p, out) {
  out.fill(undefined);
  for (;;) {
    const i = v.getUint8(p++);
    if (i === 255) return p;
    switch (TYPES[i]) {
      case 'number':
        out[i] = v.getFloat64(p);
        p += 8;
        break;
      case 'boolean':
        out[i] = v.getUint8(p++) === 1;
        break;
      case 'string': {
        const n = v.getUint16(p);
        out[i] = readString(v, p + 2, n);
        p += 2 + n;
        break;
      }
      case 'string[]': {
        const k = v.getUint16(p);
        p += 2;
        const a = [];
        for (let j = 0; j < k; j++) {
          const n = v.getUint16(p);
          a.push(readString(v, p + 2, n));
          p += 2 + n;
        }
        out[i] = a;
        break;
      }
      default: {
        const k = v.getUint16(p);
        p += 2;
        const a = [];
        for (let j = 0; j < k; j++, p += 8) a.push(v.getFloat64(p));
        out[i] = a;
      }
    }
  }
}

export const FACT_FIELDS = PATHS.length;
