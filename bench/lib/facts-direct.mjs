// A hand-written binary codec of what detection reads from an event (the field catalogue's
// content, src/events/fields.ts, read structurally instead of through its ~100 getters) into and
// out of one Buffer: the best case of the "binary facts" a partitioned `scan --workers` design
// would hand a detection thread per message (bench/cases/workers.mjs). Strings are ASCII/latin1
// (digits, realms, hosts) with a 1-byte length; unknown `args` keys are skipped. Measurement only.
import { field, fieldPaths } from '../../dist/events/fields.js';

export const PROTO = ['map', 'tcap', 'diameter'];
export const SCCP = ['udt', 'xudt', 'ludt', 'udts', 'xudts', 'ludts', 'cldt', 'cldr'];
export const TCAP = ['begin', 'continue', 'end', 'abort', 'unidirectional'];
export const COMP = ['invoke', 'returnResultLast', 'returnResult', 'returnError', 'reject'];
export const SRC = ['message', 'dialogue', 'state'];
// The argument and location keys rules may address, derived from the field catalogue
// (src/events/fields.ts: `args.<key>` and `args.locationInfo.<key>` paths), so this codec carries
// whatever the catalogue adds. `locationInfo` itself is the nested record's key.
const ARG_PATHS = fieldPaths().filter((p) => p.startsWith('args.'));
const LOC_KEYS = ARG_PATHS.filter((p) => p.startsWith('args.locationInfo.')).map((p) => p.slice('args.locationInfo.'.length));
const ARG_KEYS = [...new Set(ARG_PATHS.map((p) => p.slice('args.'.length).split('.')[0]))];
if (ARG_KEYS.length > 64) throw new Error('facts-direct: more than 64 argument keys (6-bit id)');
const LOC_NUMBER = new Set(LOC_KEYS.filter((k) => field(`args.locationInfo.${k}`).type === 'number'));
const ARG_ID = new Map(ARG_KEYS.map((k, i) => [k, i]));
const LOC_ID = new Map(LOC_KEYS.map((k, i) => [k, i]));
const index = (list) => new Map(list.map((x, i) => [x, i]));
export const PROTO_ID = index(PROTO);
export const SCCP_ID = index(SCCP);
export const TCAP_ID = index(TCAP);
export const COMP_ID = index(COMP);
export const SRC_ID = index(SRC);

/** Writer over one Buffer (reset by the caller). */
export class FactWriter {
  constructor(buf) {
    this.b = buf;
    this.p = 0;
  }
  u8(x) {
    this.b[this.p++] = x;
  }
  u32(x) {
    this.b.writeUInt32LE(x >>> 0, this.p);
    this.p += 4;
  }
  f64(x) {
    this.b.writeDoubleLE(x, this.p);
    this.p += 8;
  }
  /** 0 = absent; else length + 1 (≤ 254 chars), then the latin1 bytes. */
  str(s) {
    if (s === undefined) {
      this.b[this.p++] = 0;
      return;
    }
    const n = Math.min(s.length, 254);
    this.b[this.p++] = n + 1;
    this.p += this.b.latin1Write(s, this.p, n);
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

/** An SCCP address as facts (the record's and the event's address have the same members). */
export function addr(w, a) {
  w.str(a.gt);
  w.num(a.ssn);
  w.num(a.pc);
  w.num(a.tt);
}

export function writeFacts(w, ev) {
  w.u8(PROTO_ID.get(ev.protocol));
  w.u32(ev.frame);
  w.u32(ev.index);
  w.u32(ev.tsSec);
  w.u32(ev.tsNsec);
  w.str(ev.subscriber.imsi);
  w.str(ev.subscriber.msisdn);
  w.u8(ev.imsiSource === undefined ? 255 : SRC_ID.get(ev.imsiSource));
  w.strs(ev.e164);
  w.u8(ev.anomalies.length);
  for (const a of ev.anomalies) w.str(a.code);
  if (ev.protocol === 'diameter') {
    const d = ev.diameter;
    w.u32(d.cmd);
    w.u32(d.app);
    w.u8((d.request ? 1 : 0) | (d.proxyable ? 2 : 0) | (d.error ? 4 : 0));
    w.str(d.cmdAbbrev);
    w.str(d.originHost);
    w.str(d.originRealm);
    w.str(d.destHost);
    w.str(d.destRealm);
    w.str(d.userName);
    w.str(d.visitedPlmn);
    w.num(d.resultCode);
    w.num(d.expResultCode);
    w.strs(d.routeRecord);
  } else {
    const m = ev.mtp;
    if (m === undefined) w.u8(0);
    else {
      w.u8(1);
      w.u32(m.opc);
      w.u32(m.dpc);
      w.u8(m.si);
      w.u8(m.ni);
    }
    w.u8(SCCP_ID.get(ev.sccp.type));
    addr(w, ev.sccp.calling);
    addr(w, ev.sccp.called);
    const t = ev.tcap;
    w.u8(TCAP_ID.get(t.type));
    w.str(t.acn);
    w.num(t.acVersion);
    w.str(t.otid);
    w.str(t.dtid);
    const c = ev.component;
    if (c === undefined) w.u8(255);
    else {
      w.u8(COMP_ID.get(c.type));
      w.num(c.opcode);
      w.str(c.op);
      w.num(c.invokeId);
      w.num(c.errorCode);
    }
  }
  writeArgs(w, ev.args);
}

/** The operation arguments (`args`): catalogue keys only, 255 = none. */
export function writeArgs(w, a) {
  if (a === undefined) {
    w.u8(255);
    return;
  }
  const at = w.p++;
  let n = 0;
  for (const k in a) {
    const id = ARG_ID.get(k);
    if (id === undefined) continue;
    const v = a[k];
    if (k === 'locationInfo') {
      w.u8(id);
      const lt = w.p++;
      let ln = 0;
      for (const lk in v) {
        const lid = LOC_ID.get(lk);
        const lv = v[lk];
        if (lid === undefined || lv === undefined) continue;
        w.u8(lid);
        if (typeof lv === 'number') w.num(lv);
        else w.str(lv);
        ln++;
      }
      w.b[lt] = ln;
    } else if (typeof v === 'number') {
      w.u8(id | 0x80);
      w.f64(v);
    } else if (Array.isArray(v)) {
      // requestedInfo (string[]), dataReference (number[])
      w.u8(id | 0x40);
      w.u8(v.length);
      for (const x of v) {
        if (typeof x === 'number') w.num(x);
        else w.str(String(x));
      }
    } else if (typeof v === 'string') {
      w.u8(id);
      w.str(v);
    } else continue;
    n++;
  }
  w.b[at] = n;
}

/** Reader over one Buffer. */
export class FactReader {
  constructor(buf) {
    this.b = buf;
    this.p = 0;
  }
  u8() {
    return this.b[this.p++];
  }
  u32() {
    const x = this.b.readUInt32LE(this.p);
    this.p += 4;
    return x;
  }
  f64() {
    const x = this.b.readDoubleLE(this.p);
    this.p += 8;
    return x;
  }
  str() {
    const n = this.b[this.p++];
    if (n === 0) return undefined;
    const s = this.b.latin1Slice(this.p, this.p + n - 1);
    this.p += n - 1;
    return s;
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
}

const readAddr = (r) => ({ gt: r.str(), ssn: r.num(), pc: r.num(), tt: r.num() });

/** Rebuilds the event shape detection reads (absent optional fields as undefined). */
export function readFacts(r) {
  const protocol = PROTO[r.u8()];
  const ev = { protocol, frame: r.u32(), index: r.u32(), tsSec: r.u32(), tsNsec: r.u32(), tsPrecision: 6 };
  ev.subscriber = { imsi: r.str(), msisdn: r.str() };
  const src = r.u8();
  ev.imsiSource = src === 255 ? undefined : SRC[src];
  ev.e164 = r.strs();
  const na = r.u8();
  ev.anomalies = [];
  for (let i = 0; i < na; i++) ev.anomalies.push({ code: r.str() });
  if (protocol === 'diameter') {
    const cmd = r.u32();
    const app = r.u32();
    const f = r.u8();
    ev.diameter = {
      cmd,
      app,
      request: (f & 1) !== 0,
      proxyable: (f & 2) !== 0,
      error: (f & 4) !== 0,
      cmdAbbrev: r.str(),
      originHost: r.str(),
      originRealm: r.str(),
      destHost: r.str(),
      destRealm: r.str(),
      userName: r.str(),
      visitedPlmn: r.str(),
      resultCode: r.num(),
      expResultCode: r.num(),
      routeRecord: r.strs(),
    };
  } else {
    ev.mtp = r.u8() === 0 ? undefined : { opc: r.u32(), dpc: r.u32(), si: r.u8(), ni: r.u8() };
    ev.sccp = { type: SCCP[r.u8()], calling: readAddr(r), called: readAddr(r) };
    ev.tcap = { type: TCAP[r.u8()], acn: r.str(), acVersion: r.num(), otid: r.str(), dtid: r.str() };
    const ct = r.u8();
    ev.component = ct === 255 ? undefined : { type: COMP[ct], opcode: r.num(), op: r.str(), invokeId: r.num(), errorCode: r.num() };
  }
  ev.args = readArgs(r);
  return ev;
}

/** The `args` written by {@link writeArgs} (undefined for none). */
export function readArgs(r) {
  const n = r.u8();
  if (n === 255) return undefined;
  const args = {};
  for (let i = 0; i < n; i++) {
    const id = r.u8();
    const key = ARG_KEYS[id & 0x3f];
    if (key === 'locationInfo') {
      const loc = {};
      const ln = r.u8();
      for (let j = 0; j < ln; j++) {
        const lk = LOC_KEYS[r.u8()];
        loc[lk] = LOC_NUMBER.has(lk) ? r.num() : r.str();
      }
      args.locationInfo = loc;
    } else if (id & 0x40) {
      const k = r.u8();
      const list = [];
      for (let j = 0; j < k; j++) list.push(key === 'dataReference' ? r.num() : r.str());
      args[key] = list;
    } else args[key] = id & 0x80 ? r.f64() : r.str();
  }
  return args;
}
