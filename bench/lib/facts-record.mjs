// Binary facts written from the decoder's reused record (the fast tier, src/events/record.ts)
// instead of from an event, and read back into one reused MessageRecord: what a partitioned
// `scan --workers` would ship per message if the decode threads ran in record mode (no event
// built) and the detection thread read records. Compared with facts-direct.mjs (event in, event
// out) it removes the event graph on both sides; strings are latin1 with a 1-byte length, and the
// reader interns them (a 4,096-slot table keyed by a hash of the bytes, checked byte for byte:
// identities and node addresses repeat, so most reads allocate nothing), or, cheaper, interned by
// the writer (IdWriter/IdReader: a 3-byte id after a string's first crossing). Measurement only
// (bench/cases/workers.mjs 'workers/partition ceiling'): alert evidence (the event) is not carried.
import { MessageRecord } from '../../dist/events/record.js';
import { addr, COMP, COMP_ID, PROTO, PROTO_ID, readArgs, SCCP, SCCP_ID, SRC, SRC_ID, TCAP, TCAP_ID, writeArgs } from './facts-direct.mjs';

/** Writes what rules, the subscriber state and the correlations read of record `r`. */
export function writeRecordFacts(w, r) {
  w.u8(PROTO_ID.get(r.protocol));
  w.u32(r.frame);
  w.u32(r.index);
  w.u32(r.tsSec);
  w.u32(r.tsNsec);
  w.str(r.imsi);
  w.str(r.msisdn);
  w.u8(r.imsiSource === undefined ? 255 : SRC_ID.get(r.imsiSource));
  if (r.protocol === 'diameter') {
    w.u32(r.cmd);
    w.u32(r.app);
    w.u8(r.request ? 1 : 0);
    w.str(r.cmdAbbrev);
    w.str(r.originHost);
    w.str(r.originRealm);
    w.str(r.destHost);
    w.str(r.destRealm);
    w.str(r.userName);
    w.str(r.visitedPlmnHex);
    w.num(r.resultCode);
    w.num(r.expResultCode);
    w.strs(r.routeRecord);
  } else {
    const m = r.mtp;
    if (m === undefined) w.u8(0);
    else {
      w.u8(1);
      w.u32(m.opc);
      w.u32(m.dpc);
      w.u8(m.si);
      w.u8(m.ni);
    }
    w.u8(SCCP_ID.get(r.sccp.type));
    addr(w, r.sccp.calling);
    addr(w, r.sccp.called);
    w.u8(TCAP_ID.get(r.tcapType));
    w.str(r.acn);
    w.num(r.acVersion);
    // Transaction ids: unique per dialogue (no interning helps); no shipped rule reads them.
    w.str(w.lean ? undefined : r.otid);
    w.str(w.lean ? undefined : r.dtid);
    if (!r.hasComponent) w.u8(255);
    else {
      w.u8(COMP_ID.get(r.componentType));
      w.num(r.opcode);
      w.str(r.op);
      w.num(r.invokeId);
      w.num(r.errorCode);
    }
  }
  writeArgs(w, r.args);
}

/**
 * Writer over a Uint8Array with a DataView (inlined by the JIT) and strings copied with
 * charCodeAt: Buffer's writeUInt32LE/latin1Write are native calls, ~50 ns each, ~15 per message.
 * Same encoding as facts-direct.mjs's FactWriter (so its writeArgs works on it).
 */
export class FastWriter {
  constructor(bytes) {
    this.lean = false;
    this.reset(bytes);
  }
  /** Writes into `bytes` from `p` on (a new batch buffer; string ids stay). */
  reset(bytes, p = 0) {
    this.b = bytes;
    this.v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.p = p;
  }
  u8(x) {
    this.b[this.p++] = x;
  }
  u32(x) {
    this.v.setUint32(this.p, x >>> 0, true);
    this.p += 4;
  }
  f64(x) {
    this.v.setFloat64(this.p, x, true);
    this.p += 8;
  }
  str(s) {
    if (s === undefined) {
      this.b[this.p++] = 0;
      return;
    }
    const n = Math.min(s.length, 253);
    const b = this.b;
    let p = this.p;
    b[p++] = n + 1;
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    this.p = p;
  }
  num(x) {
    if (x === undefined) this.b[this.p++] = 0;
    else {
      this.b[this.p++] = 1;
      this.f64(x);
    }
  }
  strs(list) {
    this.b[this.p++] = list.length;
    for (const s of list) this.str(s);
  }
}

/**
 * Reader for {@link FastWriter}'s bytes whose strings come from an intern table (same bytes, same
 * string: no allocation for identities and addresses seen before).
 */
export class InterningReader {
  constructor(bytes) {
    this.reset(bytes);
    this.keys = new Array(4096).fill(undefined);
    this.hits = 0;
    this.misses = 0;
  }
  /** Reads `bytes` from the start (the next batch of the same stream; interned strings stay). */
  reset(bytes) {
    this.b = bytes;
    this.v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.p = 0;
  }
  u8() {
    return this.b[this.p++];
  }
  u32() {
    const x = this.v.getUint32(this.p, true);
    this.p += 4;
    return x;
  }
  f64() {
    const x = this.v.getFloat64(this.p, true);
    this.p += 8;
    return x;
  }
  num() {
    return this.b[this.p++] === 0 ? undefined : this.f64();
  }
  strs() {
    const n = this.b[this.p++];
    const out = [];
    for (let i = 0; i < n; i++) out.push(this.str());
    return out;
  }
  str() {
    const b = this.b;
    const n = b[this.p++];
    if (n === 0) return undefined;
    const start = this.p;
    const end = start + n - 1;
    this.p = end;
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ b[i], 0x01000193);
    const slot = (h >>> 0) & 4095;
    const k = this.keys[slot];
    if (k !== undefined && k.length === end - start) {
      let i = 0;
      while (i < k.length && k.charCodeAt(i) === b[start + i]) i++;
      if (i === k.length) {
        this.hits++;
        return k;
      }
    }
    this.misses++;
    const s = String.fromCharCode.apply(null, b.subarray(start, end));
    this.keys[slot] = s;
    return s;
  }
}

const readAddr = (r) => ({ ri: 'gt', gti: 4, gt: r.str(), ssn: r.num(), pc: r.num(), tt: r.num() });

/** Refills `rec` (a MessageRecord) from the facts at the reader's position. */
export function readRecordFacts(r, rec = new MessageRecord()) {
  const protocol = PROTO[r.u8()];
  rec.protocol = protocol;
  rec.frame = r.u32();
  rec.index = r.u32();
  rec.tsSec = r.u32();
  rec.tsNsec = r.u32();
  rec.imsi = r.str();
  rec.msisdn = r.str();
  const src = r.u8();
  rec.imsiSource = src === 255 ? undefined : SRC[src];
  if (protocol === 'diameter') {
    rec.cmd = r.u32();
    rec.app = r.u32();
    rec.request = r.u8() === 1;
    rec.cmdAbbrev = r.str();
    rec.originHost = r.str();
    rec.originRealm = r.str();
    rec.destHost = r.str();
    rec.destRealm = r.str();
    rec.userName = r.str();
    rec.visitedPlmnHex = r.str();
    rec.resultCode = r.num();
    rec.expResultCode = r.num();
    rec.routeRecord = r.strs();
  } else {
    rec.mtp = r.u8() === 0 ? undefined : { opc: r.u32(), dpc: r.u32(), si: r.u8(), ni: r.u8() };
    const type = SCCP[r.u8()];
    rec.sccp = { type, typeCode: 0, calling: readAddr(r), called: readAddr(r) };
    rec.tcapType = TCAP[r.u8()];
    rec.acn = r.str();
    rec.acVersion = r.num();
    rec.otid = r.str();
    rec.dtid = r.str();
    const ct = r.u8();
    rec.hasComponent = ct !== 255;
    if (rec.hasComponent) {
      rec.componentType = COMP[ct];
      rec.opcode = r.num();
      rec.op = r.str();
      rec.invokeId = r.num();
      rec.errorCode = r.num();
    } else rec.opcode = rec.op = rec.invokeId = rec.errorCode = undefined;
  }
  rec.args = readArgs(r);
  return rec;
}

/** Ids a string table may hold (u16 reference): past it, strings cross as text. */
const MAX_IDS = 65535;

/**
 * Strings interned by the writer: the first crossing of a string is its text (and gives it the
 * next id on both sides, in stream order), later ones a 3-byte reference (255, u16 id). The
 * writer's Map lookup reuses the hash V8 caches on a string, and the decoder hands out the same
 * string objects for repeated digits (asn1/tbcd.ts intern table), so a repeat costs no hashing of
 * bytes on either side and no allocation on the reader's.
 */
export class IdWriter extends FastWriter {
  /** `lean`: leave out what no shipped rule reads and no interning helps (TCAP transaction ids). */
  constructor(bytes, lean = false) {
    super(bytes);
    this.ids = new Map();
    this.lean = lean;
  }
  str(s) {
    if (s === undefined) {
      this.b[this.p++] = 0;
      return;
    }
    const id = this.ids.get(s);
    if (id !== undefined) {
      const b = this.b;
      b[this.p] = 255;
      b[this.p + 1] = id & 0xff;
      b[this.p + 2] = id >>> 8;
      this.p += 3;
      return;
    }
    if (s.length <= 253 && this.ids.size < MAX_IDS) this.ids.set(s, this.ids.size);
    super.str(s.length > 253 ? s.slice(0, 253) : s);
  }
}

/** Reader of {@link IdWriter}'s bytes (same stream order: the same ids). */
export class IdReader extends InterningReader {
  constructor(bytes) {
    super(bytes);
    this.table = [];
  }
  str() {
    const b = this.b;
    const n = b[this.p++];
    if (n === 0) return undefined;
    if (n === 255) {
      const id = b[this.p] | (b[this.p + 1] << 8);
      this.p += 2;
      this.hits++;
      return this.table[id];
    }
    const start = this.p;
    this.p += n - 1;
    this.misses++;
    const s = String.fromCharCode.apply(null, b.subarray(start, this.p));
    if (this.table.length < MAX_IDS) this.table.push(s);
    return s;
  }
}

/**
 * The event of a rebuilt record, for alerts in the prototype (partition-proto.mjs): the fields the
 * record carries, in the event's shape; built only when a rule fires. Not the decoder's event
 * (no e164 list, no anomalies, no transaction ids in the lean variant): alerts are compared by
 * (frame, index, rule) only.
 */
export const STUB_EVENTS = {
  event(r) {
    const ev = {
      protocol: r.protocol,
      frame: r.frame,
      index: r.index,
      tsSec: r.tsSec,
      tsNsec: r.tsNsec,
      tsPrecision: 6,
      subscriber: { imsi: r.imsi, msisdn: r.msisdn },
      imsiSource: r.imsiSource,
      e164: [],
      anomalies: [],
      args: r.args,
    };
    if (r.protocol === 'diameter') {
      ev.diameter = {
        cmd: r.cmd,
        app: r.app,
        request: r.request,
        cmdAbbrev: r.cmdAbbrev,
        originHost: r.originHost,
        originRealm: r.originRealm,
        destHost: r.destHost,
        destRealm: r.destRealm,
        userName: r.userName,
        visitedPlmn: r.visitedPlmnHex,
        resultCode: r.resultCode,
        expResultCode: r.expResultCode,
        routeRecord: [...r.routeRecord],
      };
    } else {
      ev.mtp = r.mtp;
      ev.sccp = r.sccp;
      ev.tcap = { type: r.tcapType, acn: r.acn, acVersion: r.acVersion, otid: r.otid, dtid: r.dtid };
      if (r.hasComponent) ev.component = { type: r.componentType, opcode: r.opcode, op: r.op, invokeId: r.invokeId, errorCode: r.errorCode };
    }
    return ev;
  },
};
