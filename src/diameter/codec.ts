/**
 * Full-tree codec: `decodeDiameterMessage` builds every AVP (values typed by the dictionary, unknown AVPs
 * and unknown enum values kept raw) and never throws; `encodeDiameter` writes a message back.
 * Round trip is byte-exact for any input: the decoder keeps what a canonical encoding would not
 * reproduce (non-zero or short padding, a wrong Message Length, undecodable tail octets).
 *
 * For the hot path use `decodeDiameter(view, offset, end, out)` (fields.ts), which builds no tree.
 */
import { anomaly, failureCode, type Anomaly } from '../core/anomaly.js';
import { DEFAULT_LIMITS } from '../core/limits.js';
import { AvpFlag, DiameterAvp, avpErrorDetail, newAvpHeader, readAvpHeader } from './avp.js';
import { lookupAvp } from './dictionary/index.js';
import { DIAMETER_VERSION, HEADER_LENGTH, readHeader, writeHeader, type DiameterHeader } from './header.js';
import { DIAMETER_ANOMALY, type DiameterMessage } from './types.js';
import { FIXED_SIZE } from './values.js';

export interface DiameterMessageOptions {
  /** Deepest AVP level decoded (top-level AVPs are level 1; default Limits.avpDepth = 16). */
  maxDepth?: number;
  /** Frame number recorded in anomalies. */
  frame?: number;
}

interface WalkState {
  view: DataView;
  bytes: Uint8Array;
  app: number;
  maxDepth: number;
  frame: number | undefined;
  anomalies: Anomaly[];
  /** The message's first octet: anomaly details give offsets from it, not from the caller's buffer. */
  start: number;
}

/**
 * Scratch AVP header, overwritten by every read before use: no state survives a call (decoding
 * is synchronous). `walk` copies what it needs out of it before recursing into a grouped AVP.
 */
const scratch = newAvpHeader();

/** Decodes the message in `bytes[offset, end)` (default: the whole array) into a new AVP tree. */
export function decodeDiameterMessage(bytes: Uint8Array, offset = 0, end = bytes.length, opts: DiameterMessageOptions = {}): DiameterMessage {
  const anomalies: Anomaly[] = [];
  const frame = opts.frame;
  const len = end - offset;
  if (len < HEADER_LENGTH) {
    anomalies.push(anomaly(DIAMETER_ANOMALY.TRUNCATED, 'diameter', `${len} octets, the header needs ${HEADER_LENGTH}`, frame));
    return { version: 0, flags: 0, cmd: 0, app: 0, hbh: 0, e2e: 0, avps: [], raw: bytes.slice(offset, end), anomalies };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h: DiameterHeader = { version: 0, length: 0, flags: 0, cmd: 0, app: 0, hbh: 0, e2e: 0 };
  readHeader(view, offset, h);
  if (h.version !== DIAMETER_VERSION) {
    anomalies.push(anomaly(DIAMETER_ANOMALY.BAD_VERSION, 'diameter', `version ${h.version}, expected 1`, frame));
  }
  if (h.length !== len || (h.length & 3) !== 0) {
    anomalies.push(anomaly(DIAMETER_ANOMALY.LENGTH_MISMATCH, 'diameter', `Message Length ${h.length}, payload ${len} octets`, frame));
  }
  const avpEnd = h.length < len ? offset + Math.max(h.length, HEADER_LENGTH) : end;
  const st: WalkState = { view, bytes, app: h.app, maxDepth: opts.maxDepth ?? DEFAULT_LIMITS.avpDepth, frame, anomalies, start: offset };
  const avps: DiameterAvp[] = [];
  const stop = walk(st, offset + HEADER_LENGTH, avpEnd, 1, avps);
  const msg: DiameterMessage = { version: h.version, flags: h.flags, cmd: h.cmd, app: h.app, hbh: h.hbh, e2e: h.e2e, avps, anomalies };
  if (stop < end) msg.trailing = bytes.slice(stop, end);
  if (encodingLength(msg) !== h.length) msg.declaredLength = h.length;
  return msg;
}

/** Walks the AVPs of one level `[p, end)` into `out`; returns where it stopped (end when clean). */
function walk(st: WalkState, p: number, end: number, depth: number, out: DiameterAvp[]): number {
  const { view, bytes } = st;
  while (p < end) {
    const h = scratch;
    if (!readAvpHeader(view, p, end, h)) {
      st.anomalies.push(anomaly(failureCode(h.error), 'diameter', avpErrorDetail(h, p - st.start, end - st.start), st.frame));
      return p;
    }
    const { code, vendor, valueStart, valueEnd, next, shortPadding } = h;
    const def = lookupAvp(vendor, code, st.app);
    const node = new DiameterAvp(code, vendor, h.flags, bytes.slice(valueStart, valueEnd), def);
    const valueLen = valueEnd - valueStart;
    if (next - valueEnd !== ((4 - (valueLen & 3)) & 3) || !allZero(bytes, valueEnd, next)) {
      node.padding = bytes.slice(valueEnd, next);
    }
    if (shortPadding) {
      st.anomalies.push(anomaly(DIAMETER_ANOMALY.AVP_PADDING, 'diameter', `AVP code ${code} at offset ${p - st.start}: padding runs past the end`, st.frame));
    }
    const type = def?.type;
    if (type === 'Grouped') {
      if (depth >= st.maxDepth) {
        node.malformed = true;
        st.anomalies.push(
          anomaly(DIAMETER_ANOMALY.AVP_DEPTH, 'diameter', `AVP code ${code} at offset ${p - st.start}: grouped nesting beyond ${st.maxDepth}`, st.frame),
        );
      } else {
        const children: DiameterAvp[] = [];
        node.avps = children;
        if (walk(st, valueStart, valueEnd, depth + 1, children) < valueEnd) node.malformed = true;
      }
    } else if (type !== undefined) {
      const size = FIXED_SIZE[type];
      if (size !== undefined && size !== valueLen) {
        st.anomalies.push(
          anomaly(DIAMETER_ANOMALY.AVP_BAD_VALUE, 'diameter', `${def!.name} (${code}) has ${valueLen} octets, ${type} needs ${size}`, st.frame),
        );
      }
    }
    out.push(node);
    p = next;
  }
  return p;
}

function allZero(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}

function valueLength(a: DiameterAvp): number {
  if (a.avps === undefined || a.malformed) return a.raw.length;
  let n = 0;
  for (const c of a.avps) n += avpLength(c);
  return n;
}

function headerLength(a: DiameterAvp): number {
  return (a.flags & AvpFlag.VENDOR) !== 0 ? 12 : 8;
}

/** Octets of one AVP including its padding. */
export function avpLength(a: DiameterAvp): number {
  const v = valueLength(a);
  return headerLength(a) + v + (a.padding !== undefined ? a.padding.length : (4 - (v & 3)) & 3);
}

/** Octets `encodeDiameter(msg)` produces. */
export function encodingLength(msg: DiameterMessage): number {
  if (msg.raw !== undefined) return msg.raw.length;
  let n = HEADER_LENGTH;
  for (const a of msg.avps) n += avpLength(a);
  if (msg.trailing !== undefined) n += msg.trailing.length;
  return n;
}

export function encodeDiameter(msg: DiameterMessage): Uint8Array {
  const out = new Uint8Array(encodingLength(msg));
  encodeDiameterInto(msg, out, 0);
  return out;
}

/** Writes the message into `buf` at `offset`; returns the offset after it. */
export function encodeDiameterInto(msg: DiameterMessage, buf: Uint8Array, offset: number): number {
  if (msg.raw !== undefined) {
    buf.set(msg.raw, offset);
    return offset + msg.raw.length;
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const length = encodingLength(msg);
  writeHeader(view, offset, {
    version: msg.version,
    length: msg.declaredLength ?? length,
    flags: msg.flags,
    cmd: msg.cmd,
    app: msg.app,
    hbh: msg.hbh,
    e2e: msg.e2e,
  });
  let p = offset + HEADER_LENGTH;
  for (const a of msg.avps) p = writeAvp(view, buf, p, a);
  if (msg.trailing !== undefined) {
    buf.set(msg.trailing, p);
    p += msg.trailing.length;
  }
  return p;
}

function writeAvp(view: DataView, buf: Uint8Array, p: number, a: DiameterAvp): number {
  const hl = headerLength(a);
  const vl = valueLength(a);
  view.setUint32(p, a.code >>> 0);
  view.setUint32(p + 4, (((a.flags & 0xff) << 24) | ((hl + vl) & 0xffffff)) >>> 0);
  if (hl === 12) view.setUint32(p + 8, a.vendor >>> 0);
  let q = p + hl;
  if (a.avps === undefined || a.malformed) {
    buf.set(a.raw, q);
    q += a.raw.length;
  } else {
    for (const c of a.avps) q = writeAvp(view, buf, q, c);
  }
  if (a.padding !== undefined) {
    buf.set(a.padding, q);
    return q + a.padding.length;
  }
  const pad = (4 - (vl & 3)) & 3;
  buf.fill(0, q, q + pad);
  return q + pad;
}
