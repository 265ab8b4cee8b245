/**
 * JSON form of events (ARCHITECTURE.md §4, `sigwatch decode --jsonl`). Keys whose value is
 * undefined are omitted; key order is stable so golden files diff cleanly. Optional keys are
 * assigned when present rather than deleted afterwards: `delete` turned each object into a
 * dictionary-mode object, slow to build and to stringify (the `clean` pass was 6 % of an alert
 * flood's CPU profile, issue 19).
 */
import { isoTimestamp } from '../core/time.js';
import type { SccpAddressInfo, SignallingEvent } from './types.js';

export type JsonEvent = Record<string, unknown>;

/**
 * The Diameter block as an event's JSON holds it: a copy (`{...d}`), or with `shared` the block
 * itself when the copy would be written the same: an ordinary object. A caller's `null` or class
 * instance (a prototype `toJSON`) is copied either way, so the alert writer, alertJson and the
 * lazy `evidence` agree (red-team review: `"diameter":null` against `{}`).
 */
export function jsonDiameter(d: unknown, shared: boolean): unknown {
  return shared && d !== null && typeof d === 'object' && Object.getPrototypeOf(d) === Object.prototype ? d : { ...(d as object) };
}

/**
 * @param shared  hand out the event's own Diameter block instead of a copy (the alert serializer
 *   stringifies the result at once and drops it; callers who keep or change the object want the copy)
 */
export function toJsonEvent(ev: SignallingEvent, shared = false): JsonEvent {
  const out: JsonEvent = {
    frame: ev.frame,
    index: ev.index,
    ts: isoTimestamp(ev.tsSec, ev.tsNsec, ev.tsPrecision),
    protocol: ev.protocol,
  };
  const f = ev.flow;
  if (f !== undefined && f.src !== '') out.flow = { transport: f.transport, src: f.src, dst: f.dst, srcPort: f.srcPort, dstPort: f.dstPort };
  if (ev.protocol === 'diameter') {
    out.diameter = jsonDiameter(ev.diameter, shared);
  } else {
    if (ev.mtp) out.mtp = { opc: ev.mtp.opc, dpc: ev.mtp.dpc, si: ev.mtp.si, ni: ev.mtp.ni };
    out.sccp = {
      type: ev.sccp.type,
      calling: address(ev.sccp.calling),
      called: address(ev.sccp.called),
    };
    const t = ev.tcap;
    const tcap: JsonEvent = { type: t.type };
    if (t.otid !== undefined) tcap.otid = t.otid;
    if (t.dtid !== undefined) tcap.dtid = t.dtid;
    if (t.acn !== undefined) tcap.acn = t.acn;
    if (t.acVersion !== undefined) tcap.acVersion = t.acVersion;
    out.tcap = tcap;
    if (ev.component) {
      const c = ev.component;
      const comp: JsonEvent = { type: c.type };
      if (c.invokeId !== undefined) comp.invokeId = c.invokeId;
      if (c.linkedId !== undefined) comp.linkedId = c.linkedId;
      if (c.opcode !== undefined) comp.opcode = c.opcode;
      if (c.op !== undefined) comp.op = c.op;
      if (c.errorCode !== undefined) comp.errorCode = c.errorCode;
      if (c.error !== undefined) comp.error = c.error;
      if (c.problem !== undefined) comp.problem = c.problem;
      out.component = comp;
    }
  }
  const subscriber: JsonEvent = {};
  if (ev.subscriber.imsi !== undefined) subscriber.imsi = ev.subscriber.imsi;
  if (ev.subscriber.msisdn !== undefined) subscriber.msisdn = ev.subscriber.msisdn;
  out.subscriber = subscriber;
  if (ev.imsiSource !== undefined) out.imsiSource = ev.imsiSource;
  if (ev.args !== undefined) out.args = ev.args;
  out.e164 = ev.e164;
  if (ev.protocol !== 'diameter') out.imsis = ev.imsis;
  out.anomalies = ev.anomalies.map((a) => ({ code: a.code, layer: a.layer, detail: a.detail }));
  return out;
}

function address(a: SccpAddressInfo): JsonEvent {
  const o: JsonEvent = {};
  if (a.gt !== undefined) o.gt = a.gt;
  if (a.ssn !== undefined) o.ssn = a.ssn;
  if (a.pc !== undefined) o.pc = a.pc;
  if (a.nai !== undefined) o.nai = a.nai;
  if (a.np !== undefined) o.np = a.np;
  if (a.tt !== undefined) o.tt = a.tt;
  if (a.ri !== undefined) o.ri = a.ri;
  if (a.ip !== undefined) o.ip = a.ip;
  if (a.hostname !== undefined) o.hostname = a.hostname;
  return o;
}
